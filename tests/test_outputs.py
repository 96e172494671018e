"""Files named on the command line never land on the store or the command's input, and are
written atomically (pipeline/outputs.py), through `vigia` as a person runs it on a real store."""

import json
import os
import sqlite3
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest

from daemon_helpers import ROOT, vigia, write_settings
from pipeline import outputs
from pipeline.extract import extract_file
from pipeline.outputs import OutputError
from pipeline.storage import Storage
from pipeline.types import EntryData, FeedConfig

NOON = datetime(2026, 5, 11, 17, 0, tzinfo=timezone.utc)
URLS = [f"https://norte.example/nota-{n}" for n in range(5)]
ARTICLE = {"url": "https://diario.example/a", "title": "Asesinan a cobrador de combi en Villa El Salvador",
           "text": "Un cobrador de la empresa de transportes fue asesinado a balazos la noche del domingo en "
                   "Villa El Salvador.", "published": "2026-05-12"}


def fill(db: Path) -> None:
    with Storage(db) as storage:
        storage.sync_feeds([FeedConfig("norte", "Norte", "https://norte.example/rss")])
        entries = [(EntryData(url=url, guid=None, title=f"Nota {n}", summary="", body="texto", author=None,
                              published=NOON), "norte.example") for n, url in enumerate(URLS)]
        storage.import_articles(entries, feed="norte", now=NOON)


def rows(db: Path) -> list[str]:
    """The stored URLs, after SQLite has checked the whole file."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return sorted(url for (url,) in conn.execute("SELECT url FROM articles"))
    finally:
        conn.close()


def one_line_error(done) -> str:
    assert done.returncode in (1, 2), (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".part"))]


@pytest.fixture
def store(tmp_path):
    config = write_settings(tmp_path, "")
    db = tmp_path / "vigia.db"
    fill(db)
    (tmp_path / "sub").mkdir()
    return config, db


# --- the store is never an output ------------------------------------------------------------

SPELLINGS = {
    "plain": lambda db: str(db),
    "dot-dot": lambda db: f"{db.parent}/./sub/../{db.name}",
    "relative": lambda db: "./" + os.path.relpath(db.parent, ROOT) + f"/sub/../{db.name}",
    "symlink": lambda db: _link(db.parent / "summary.md", db),
    "symlinked-folder": lambda db: str(_link(db.parent / "alias", db.parent) / db.name),
    "hard-link": lambda db: _hard(db.parent / "copy.md", db),
    "wal": lambda db: f"{db}-wal",
    "wal-relative": lambda db: "./" + os.path.relpath(db.parent, ROOT) + f"/./{db.name}-wal",
    "shm": lambda db: f"{db}-shm",
    "journal": lambda db: f"{db}-journal",
    "lock": lambda db: f"{db}.lock",
}


def _link(link: Path, to: Path) -> Path:
    link.symlink_to(to)
    return link


def _hard(link: Path, to: Path) -> Path:
    os.link(to, link)
    return link


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_summary_refuses_to_write_onto_the_database(store, spelling):
    config, db = store
    # an open store, as when the daemon runs: its -wal and -shm exist and must stay as they are
    with Storage(db):
        companions = {p: p.read_bytes() for p in db.parent.glob("vigia.db*") if p.is_file()}
        before = db.read_bytes()
        target = SPELLINGS[spelling](db)
        done = vigia(config, "summary", "--date", "2026-05-11", "--format", "md", "--output", str(target))
        line = one_line_error(done)
        assert done.returncode == 1 and "refusing to write" in line and "database" in line
        assert db.read_bytes() == before
        assert {p: p.read_bytes() for p in companions} == companions
    assert rows(db) == sorted(URLS)
    assert leftovers(db.parent) == []


def test_summary_output_replaces_a_file_atomically_and_privately(store):
    config, db = store
    target = db.parent / "sub" / "resumen.md"
    target.write_text("old\n", encoding="utf-8")
    done = vigia(config, "summary", "--date", "2026-05-11", "--format", "md", "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") != "old\n" and "2026" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # store.file_mode, as the daily summaries
    assert leftovers(target.parent) == [] and rows(db) == sorted(URLS)


def test_summary_output_through_a_symlink_writes_the_file_it_points_to(store):
    config, db = store
    real = db.parent / "sub" / "real.md"
    real.write_text("old\n", encoding="utf-8")
    link = _link(db.parent / "link.md", real)
    assert vigia(config, "summary", "--date", "2026-05-11", "--output", str(link)).returncode == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") != "old\n"


def test_a_missing_output_folder_is_one_line_naming_it(store):
    config, db = store
    missing = db.parent / "nowhere" / "deeper"
    done = vigia(config, "summary", "--date", "2026-05-11", "--output", str(missing / "s.md"))
    line = one_line_error(done)
    assert f"output folder {missing} does not exist" in line
    assert not (db.parent / "nowhere").exists()

    source = db.parent / "in.jsonl"
    source.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    done = vigia(config, "extract", "--input", str(source), "--output", str(missing / "out.jsonl"))
    assert str(missing) in one_line_error(done)

    done = vigia(config, "backup", str(missing / "copia.db"))
    assert str(missing) in one_line_error(done)
    assert not (db.parent / "nowhere").exists() and rows(db) == sorted(URLS)


# --- extract never overwrites its input ------------------------------------------------------

@pytest.mark.parametrize("spelling", ["same", "dot", "symlink"])
def test_extract_refuses_to_write_onto_its_input(store, spelling):
    config, db = store
    source = db.parent / "f.jsonl"
    source.write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    before = source.read_bytes()
    output = {"same": str(source), "dot": f"{db.parent}/sub/.././f.jsonl",
              "symlink": str(_link(db.parent / "out.jsonl", source))}[spelling]
    done = vigia(config, "extract", "--input", str(source), "--output", output)
    line = one_line_error(done)
    assert done.returncode == 1 and "refusing to write" in line and "input file" in line
    assert source.read_bytes() == before
    assert leftovers(db.parent) == []


def test_extract_refuses_the_configured_database(store):
    config, db = store
    source = db.parent / "f.jsonl"
    source.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    done = vigia(config, "extract", "--input", str(source), "--output", str(db))
    assert "database" in one_line_error(done)
    done = vigia(config, "--db", str(db), "extract", "--input", str(source), "--output", f"{db}-wal")
    assert "write-ahead log" in one_line_error(done)
    assert rows(db) == sorted(URLS)


def test_extract_file_refuses_its_input_in_the_library_too(tmp_path):
    source = tmp_path / "f.jsonl"
    source.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    with pytest.raises(OutputError, match="input file"):
        extract_file(source, tmp_path / "." / "f.jsonl", progress=False, nlp=object())
    assert json.loads(source.read_text(encoding="utf-8")) == ARTICLE


# --- atomic writes ---------------------------------------------------------------------------

def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("the old summary\n", encoding="utf-8")

    def chunks():
        yield "half of the new "
        raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError, match="disk went away"):
        outputs.write_text(target, chunks())
    assert target.read_text(encoding="utf-8") == "the old summary\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]

    with pytest.raises(KeyboardInterrupt):
        with outputs.atomic_file(target) as handle:
            handle.write("x" * 100_000)
            raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "the old summary\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]

    outputs.write_text(target, iter(["new ", "summary\n"]))
    assert target.read_text(encoding="utf-8") == "new summary\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_an_extraction_that_fails_midway_leaves_the_previous_output(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    target.write_text('{"url": "previous run"}\n', encoding="utf-8")

    class Broken:
        def pipe(self, texts, batch_size=32):
            raise RuntimeError("model crashed")
            yield  # a generator, as spaCy's

    with pytest.raises(RuntimeError, match="model crashed"):
        extract_file(source, target, progress=False, nlp=Broken())
    assert target.read_text(encoding="utf-8") == '{"url": "previous run"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_the_mode_of_a_replaced_file_is_kept_unless_given(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("x", encoding="utf-8")
    target.chmod(0o640)
    outputs.write_text(target, "y")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    outputs.write_text(target, "z", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_check_target_refuses_folders_and_names_what_it_protects(tmp_path):
    db = tmp_path / "v.db"
    with pytest.raises(OutputError, match="is a folder"):
        outputs.check_target(tmp_path, database=db)
    with pytest.raises(OutputError, match="rollback journal"):
        outputs.check_target(f"{tmp_path}/x/../v.db-journal", database=db)
    with pytest.raises(OutputError, match="daemon lock"):
        outputs.check_target(tmp_path / "v.db.lock", database=f"{tmp_path}/./v.db")
    (tmp_path / "file").write_text("")
    with pytest.raises(OutputError, match="is not a folder"):
        outputs.check_target(tmp_path / "file" / "out.md")
    assert outputs.check_target(tmp_path / "v.md", database=db) == tmp_path.resolve() / "v.md"


# --- backup ----------------------------------------------------------------------------------

def test_backup_writes_a_new_file_only_and_never_the_store(store):
    config, db = store
    copy = db.parent / "sub" / "copia.db"
    done = vigia(config, "backup", str(copy))
    assert done.returncode == 0, done.stderr
    assert rows(copy) == sorted(URLS) and leftovers(copy.parent) == []
    assert [p.name for p in copy.parent.iterdir()] == ["copia.db"]

    again = vigia(config, "backup", str(copy))
    assert "exists" in one_line_error(again) and rows(copy) == sorted(URLS)
    for target in (f"{db}-wal", f"{db}-journal", f"{db.parent}/sub/../vigia.db"):
        done = vigia(config, "backup", target)
        assert "refusing to write" in one_line_error(done)
    assert not Path(f"{db}-journal").exists() and rows(db) == sorted(URLS)
    assert leftovers(db.parent) == []


def test_a_device_or_a_pipe_is_never_replaced(tmp_path):
    import os

    from pipeline.outputs import OutputError, check_target
    fifo = tmp_path / "tubo"
    os.mkfifo(fifo)
    for special in (fifo, "/dev/null"):
        with pytest.raises(OutputError, match="not a regular file"):
            check_target(special)
    assert fifo.exists() and not fifo.is_file()
