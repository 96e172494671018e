"""Where Vigía's data files are: the one lookup every module uses.

The project keeps them in two top-level folders beside the code:

    models/   cue, gang and word tables (cues.tsv, gangs.tsv, relevance.txt, foreign_*.txt),
              the gazetteer (gazetteer/) and the trained classifier (classifier/model/)
    config/   the packaged settings (default.toml) and the list of feeds (feeds.toml)

``pip install .`` ships them inside the package, as ``pipeline/assets/models`` and
``pipeline/assets/config``: pyproject.toml maps the two folders there with ``package-dir`` (the
training corpus, the classifier's training config and the build scripts stay out).

:func:`asset` asks ``importlib.resources`` for the ``pipeline`` package's folder and takes
``assets/<folder>`` inside it (a regular install). In a source checkout, the editable install
``make`` does (``pip install -e .``), that folder does not exist and the top-level folder beside
the package is the one: setuptools' editable finder cannot import a data folder mapped from
outside the package (it would need an ``__init__.py``), so ``files("pipeline.assets.models")``
is not asked. ``tests/test_installed.py`` builds the wheel and runs the installed copy.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

PACKAGE = "pipeline"
#: the data folders: top-level in the source tree, ``pipeline/assets/<folder>`` when installed
FOLDERS = ("models", "config")


@cache
def _root(folder: str) -> Path:
    if folder not in FOLDERS:
        raise ValueError(f"unknown data folder {folder!r}; expected one of {', '.join(FOLDERS)}")
    package = resources.files(PACKAGE)
    if not isinstance(package, Path):
        # a zip import: spaCy and the gazetteer read real folders
        raise RuntimeError(f"Vigía's data files need the package installed as files, not {package!r}")
    installed = package / "assets" / folder
    if installed.is_dir():
        return installed
    source = package.parent / folder
    if source.is_dir() and (package.parent / "pyproject.toml").is_file():
        return source
    raise FileNotFoundError(
        f"Vigía's data folder {folder}/ is missing: not in {installed} (an installed package) nor in "
        f"{source} (a source checkout); reinstall the package")


def asset(folder: str, *parts: str) -> Path:
    """The path of a data file or folder: ``asset("models", "cues.tsv")``, ``asset("config")``.

    Always a real path on disk (spaCy loads the classifier from a folder); whether the file
    exists is the caller's business.
    """
    return _root(folder).joinpath(*parts)

