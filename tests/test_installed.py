"""The package works installed, not only from the source tree.

Builds the wheel from a copy of the project (offline: --no-build-isolation, with this
environment's setuptools), installs it with --target into a temporary folder and runs it from
another folder with ``python -S``: no site-packages .pth files, so neither the editable finder of
``pip install -e .`` nor the source tree can supply a module or a data file; the dependencies
come from this environment's site-packages, put on PYTHONPATH after the installed copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Sicarios asesinaron a un mototaxista en Comas anoche"
#: what never goes into the copy the wheel is built from (virtualenvs, caches, build output, stores)
SKIP = shutil.ignore_patterns(".venv", ".git", "build", "dist", "db", "__pycache__", "*.egg-info",
                              ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache", "out")
#: the data files that ship, by suffix; models/classifier/model ships whole
DATA_SUFFIXES = {".tsv", ".txt", ".json"}


def _run(args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)


def _expected_data() -> set[str]:
    """Wheel paths of the data files that must ship (training corpus and scripts stay out)."""
    names = {f"pipeline/assets/config/{p.name}" for p in (ROOT / "config").glob("*.toml")}
    for path in (ROOT / "models").rglob("*"):
        rel = path.relative_to(ROOT / "models")
        if not path.is_file() or rel.parts[0] == "corpus" or "__pycache__" in rel.parts:
            continue
        in_model = rel.parts[:2] == ("classifier", "model")
        if in_model or (rel.parts[0] != "classifier" and path.suffix in DATA_SUFFIXES):
            names.add(f"pipeline/assets/models/{rel.as_posix()}")
    return names


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    try:
        import setuptools
    except ImportError:
        setuptools = None
    major = int(setuptools.__version__.split(".")[0]) if setuptools else 0
    if major < 77:
        pytest.fail("building the wheel offline needs setuptools>=77 in this environment: "
                    "pip install -e '.[test]' (or make install)")
    tmp = tmp_path_factory.mktemp("installed")
    source, wheels, target = tmp / "source", tmp / "wheels", tmp / "target"
    shutil.copytree(ROOT, source, ignore=SKIP)
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                  "-w", str(wheels), str(source)], env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = wheels.glob("vigia-*.whl")
    done = _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index",
                 "--target", str(target), str(wheel)], env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp, wheel, target


def _installed_env(target: Path) -> dict:
    site = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIGIA_", "PYTHON"))}
    env["PYTHONPATH"] = os.pathsep.join([str(target), *site])
    return env


def test_wheel_holds_every_module_and_data_file(installed):
    _, wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "pipeline").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert modules - names == set(), "add the subpackage to [tool.setuptools] packages in pyproject.toml"
    templates = {p.relative_to(ROOT).as_posix() for p in (ROOT / "pipeline" / "templates").glob("*.j2")}
    assert templates and templates <= names
    data = _expected_data()
    assert "pipeline/assets/models/classifier/model/config.cfg" in data
    assert "pipeline/assets/config/default.toml" in data
    assert data - names == set(), "a data file does not ship: see [tool.setuptools.package-data]"
    # training-time material stays out
    assert not [n for n in names if n.startswith("pipeline/assets/models/corpus/")]
    assert not [n for n in names if n.startswith("pipeline/assets/") and n.endswith(".py")]


def test_installed_copy_extracts_from_another_folder(installed):
    tmp, _, target = installed
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    env = _installed_env(target)
    probe = _run([sys.executable, "-S", "-c",
                  "import sys, pipeline, pipeline.cli, pipeline.extract.classifier as c, pipeline.config as cfg\n"
                  "from pipeline.extract import relevance, gazetteer\n"
                  "print(pipeline.__file__); print(relevance.MODELS); print(gazetteer.MODEL_DIR)\n"
                  "print(c.MODEL_DIR); print(cfg.DEFAULT_FILE)\n"
                  "print(cfg.load_settings(env={}).feeds.file)\n"
                  "print([str(f) for f in sys.meta_path if 'editable' in str(f).lower()])"],
                 cwd=elsewhere, env=env)
    assert probe.returncode == 0, probe.stderr
    lines = probe.stdout.splitlines()
    inside = target.resolve()
    for line in lines[:6]:
        assert Path(line).resolve().is_relative_to(inside), (line, probe.stdout)
    assert Path(lines[4]).is_file() and Path(lines[5]).is_file()
    assert (Path(lines[3]) / "config.cfg").is_file()
    assert lines[6] == "[]"
    run = _run([sys.executable, "-S", "-m", "pipeline", "extract", "--text", TEXT, "--published", "2026-05-12"],
               cwd=elsewhere, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Comas" in run.stdout and "homicide" in run.stdout, run.stdout
    assert "150110" in run.stdout  # Comas's ubigeo, from the packaged gazetteer
