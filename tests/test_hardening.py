"""Hardening (issue 11, items 4 and 8): text from outside is never terminal markup, and bad input
gives one clear error line (exit status 1 or 2, no traceback) with the store unchanged."""

import hashlib
import json
import sqlite3
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from rich.console import Console

import pipeline.cli as cli_module
import pipeline.cli_events as cli_events
from pipeline.cli import cli
from pipeline.config import load_settings
from pipeline.errors import ConfigError
from pipeline.events import merge_pending
from pipeline.storage import PollRecord, Storage
from pipeline.types import EntryData, FeedConfig

NOON = datetime(2026, 4, 14, 17, 0, tzinfo=timezone.utc)
HYPERLINK = "[link=https://phish.example/login]ver el video[/link]"
HEADLINE = "Trujillo: atacan a balazos la combi [/] de la ruta 7 [bold]"
EVIDENCE = f"Los vecinos difundieron un video del ataque {HYPERLINK} en redes."
GANG = "Los [/]Injertos del Norte"
FEED_ERROR = "redirect to https://otro.example/[/]rss [link=https://phish.example]aquí[/link] \x1b[31mrojo"
ESCAPE = "\x1b"


def event(**fields):
    return {"kind": "incident", "crime_types": ["armed_attack"], "department": "La Libertad",
            "province": "Trujillo", "district": "Trujillo", "ubigeo": "130101", "place_text": "Trujillo",
            "gangs": [GANG], "deaths": None, "injured": 2, "victim_sectors": ["transport"],
            "occurred_on": "2026-04-13", "evidence": EVIDENCE,
            "extras": {"gang_candidates": ["La [red]Nueva[/] Jauría"], "evidence": {}}, **fields}


@pytest.fixture
def config(tmp_path):
    """A user file whose feed list has one feed with markup in its name and outlet."""
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feed]]\nname = "norte[/]"\noutlet = "Diario [bold]Norte"\n'
                     'url = "https://norte.example/rss"\n', encoding="utf-8")
    path = tmp_path / "user.toml"
    path.write_text(f'[feeds]\nfile = "{feeds}"\n', encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path, config):
    """A store with one event whose headline, evidence, gang and URL carry markup, and a feed
    whose last error does."""
    path = tmp_path / "v.db"
    with Storage(path) as storage:
        storage.sync_feeds([FeedConfig("norte[/]", "Diario [bold]Norte", "https://norte.example/rss")])
        storage.record_poll(PollRecord(feed="norte[/]", at=NOON, outcome="error", http_status=301,
                                       error=FEED_ERROR, next_due=NOON))
        url = "https://norte.example/trujillo/[/]combi?x=[link=https://phish.example]"
        entry = EntryData(url=url, guid=None, title=HEADLINE, summary="", body=EVIDENCE, author=None,
                          published=NOON)
        storage.import_articles([(entry, "norte.example")], feed="import", now=NOON)
        article = storage.article_by_url(url).id
        storage.store_mentions([(article, [event()], None)], version="t", now=NOON)
        merge_pending(storage, now=NOON)
    return path


def dump(path) -> str:
    """Everything the database holds (schema and rows), to compare before and after a command."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def vigia(*args, env=None):
    runner = CliRunner()
    return runner.invoke(cli, [str(a) for a in args], env={"VIGIA_DB": None, "VIGIA_CONFIG": None, **(env or {})})


def fails_in_one_line(result, code=None, *, says=None):
    """A refusal: exit status 1 or 2, no traceback, and one error line (after click's usage
    lines for a usage error)."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in ((1, 2) if code is None else (code,)), result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    assert len(errors) == 1 and lines[-1] == errors[0], result.stderr
    if result.exit_code == 1:
        assert len(lines) == 1, result.stderr
    if says:
        assert says in errors[0], errors[0]
    return errors[0]


@pytest.fixture
def wide(monkeypatch):
    """The commands' rich consoles, wide and as on a terminal (where markup would become styles
    and hyperlinks)."""
    for module in (cli_module, cli_events):
        monkeypatch.setattr(module, "console", Console(width=500, force_terminal=True, color_system="standard"))


def _visible(text: str) -> str:
    """The output without the styles rich adds (SGR sequences), to look for the literal text."""
    import re
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


# --- item 4: untrusted text is never markup --------------------------------------------------

def test_events_table_prints_markup_in_headlines_as_text(db, config, wide):
    result = vigia("--config", config, "--db", db, "events")
    assert result.exit_code == 0, result.output
    shown = _visible(result.output)
    assert HEADLINE in shown
    assert GANG in shown
    assert "\x1b]8;" not in result.output  # no hidden hyperlink


def test_events_show_prints_markup_in_evidence_and_urls_as_text(db, config, wide):
    event_id = sqlite3.connect(db).execute("SELECT max(id) FROM events").fetchone()[0]
    result = vigia("--config", config, "--db", db, "events", "show", event_id)
    assert result.exit_code == 0, result.output
    shown = _visible(result.output)
    assert HEADLINE in shown and HYPERLINK in shown and "combi?x=[link=https://phish.example]" in shown
    assert "\x1b]8;" not in result.output


def test_feeds_and_status_print_a_feed_error_as_text(db, config, wide):
    before = dump(db)
    result = vigia("--config", config, "--db", db, "feeds")
    assert result.exit_code == 0, result.output
    shown = _visible(result.output)
    assert "redirect to https://otro.example/[/]rss [link=https://phish.example]aquí[/link]" in shown
    assert "norte[/]" in shown and "Diario [bold]Norte" in shown
    assert "\x1b]8;" not in result.output and "\x1b[31mrojo" not in result.output  # the feed's own escape
    result = vigia("--config", config, "--db", db, "status")
    assert result.exit_code == 0, result.output
    assert "https://otro.example/[/]rss" in result.output
    assert ESCAPE not in result.output  # a terminal escape from a feed is not passed through
    assert dump(db) == before


def test_gangs_and_stats_print_names_as_text(db, config, wide):
    result = vigia("--config", config, "--db", db, "gangs")
    assert result.exit_code == 0, result.output
    shown = _visible(result.output)
    assert GANG in shown and "La [red]Nueva[/] Jauría" in shown
    result = vigia("--config", config, "--db", db, "stats", "--by", "gang")
    assert result.exit_code == 0, result.output
    assert GANG in _visible(result.output)


def test_extract_text_drops_terminal_escapes(monkeypatch):
    import pipeline.extract as extraction
    found = [SimpleNamespace(event={"kind": "incident", "gangs": ["Los \x1b]8;;https://phish.example\x07Pulpos"],
                                    "place_text": "[/]Trujillo\x1b[2J"},
                             evidence={"event": "Atacan \x1b[31mcombi[/] [link=https://phish.example]x[/link]"},
                             gang_candidates=["Los [/]Topos\x9b"])]
    monkeypatch.setattr(extraction, "explain", lambda text, **_: found)
    result = vigia("extract", "--text", "una nota")
    assert result.exit_code == 0, result.output
    assert ESCAPE not in result.output and "\x9b" not in result.output and "\x07" not in result.output
    assert "[/]Trujillo" in result.output and "[link=https://phish.example]x[/link]" in result.output
    assert "Los [/]Topos" in result.output


# --- item 8: numbers, dates, files and settings ------------------------------------------------

@pytest.mark.parametrize("args", [
    ["events", "--limit", 2**63],
    ["events", "--limit", 10**30],
    ["events", "--min-deaths", 2**63],
    ["stats", "--min-deaths", 10**30],
    ["events", "show", 2**63],
    ["events", "show", 10**30],
    ["events", "split", 10**30, "--article", 1],
    ["events", "split", 1, "--article", 2**64],
    ["events", "merge", 1, 10**30],
])
def test_integers_too_large_for_sqlite_are_refused(db, args):
    before = dump(db)
    fails_in_one_line(vigia("--db", db, *args), 2)
    assert dump(db) == before


def test_the_largest_sqlite_integer_is_accepted(db):
    assert vigia("--db", db, "events", "--limit", 2**63 - 1, "--format", "json").exit_code == 0
    assert vigia("--db", db, "events", "--min-deaths", 2**63 - 1, "--format", "json").exit_code == 0
    fails_in_one_line(vigia("--db", db, "events", "show", 2**63 - 1), 1, says="no event")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1000-06-15"])
def test_far_summary_dates_are_refused(db, day):
    before = dump(db)
    fails_in_one_line(vigia("--db", db, "summary", "--date", day), 2, says="--date")
    assert dump(db) == before


def test_a_csv_field_over_the_csv_modules_limit_is_read(db, tmp_path):
    import csv
    path = tmp_path / "archivo.csv"
    long_text = "Balacera en la avenida. " * 20_000  # 480 KB, over the module's 128 KiB default
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["url", "title", "text", "published"])
        writer.writerow(["https://norte.example/larga", "Una nota larga", long_text, "2026-04-13"])
        writer.writerow(["ftp://norte.example/otra", "Otra", "Texto", "2026-04-13"])
    before = dump(db)
    # the long field is read; the bad URL on the next line stops the import before anything is stored
    fails_in_one_line(vigia("--db", db, "import", path), 1, says=f"{path}:3")
    assert dump(db) == before


@pytest.mark.parametrize("url", ["javascript://norte.example/%0aalert(1)", "javascript:alert(1)",
                                 "ftp://norte.example/nota", "file:///etc/passwd", "http://[::1"])
def test_import_accepts_only_http_urls(db, tmp_path, url):
    path = tmp_path / "archivo.jsonl"
    good = {"url": "https://norte.example/buena", "title": "Asaltan bodega", "text": "Asaltan una bodega.",
            "published": "2026-04-13"}
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "url": url}) + "\n", encoding="utf-8")
    before = dump(db)
    fails_in_one_line(vigia("--db", db, "import", path), 1, says=f"{path}:2: 'url' must be an absolute http(s)")
    assert dump(db) == before


@pytest.mark.parametrize("content", [b"\xff\xfe{\x00\"\x00u\x00", b'{"url": "https://a.example/", "title": "caf\xe9"}\n',
                                     bytes(range(256))])
def test_a_binary_extract_input_is_one_line_naming_the_file(tmp_path, content):
    source, target = tmp_path / "entrada.jsonl", tmp_path / "salida.jsonl"
    source.write_bytes(content)
    line = fails_in_one_line(vigia("extract", "--input", source, "--output", target), 1, says=str(source))
    assert "not UTF-8" in line
    assert not target.exists()


@pytest.mark.parametrize("text, key", [
    ("[store]\nbusy_timeout = inf\n", "store.busy_timeout"),
    ("[store]\nbusy_timeout = 1e300\n", "store.busy_timeout"),
    ("[store]\nbusy_timeout = 5000000\n", "store.busy_timeout"),
    ("[feeds]\ntick = nan\n", "feeds.tick"),
    ("[feeds]\ntick = 0\n", "feeds.tick"),
    ("[feeds]\ninterval = 99999999999999999\n", "feeds.interval"),
    ("[extract]\nbatch_size = 0\n", "extract.batch_size"),
    ("[extract]\ninterval = 0\n", "extract.interval"),
    ("[http]\nread_timeout = -inf\n", "http.read_timeout"),
    ("[http]\ntotal_timeout = 0\n", "http.total_timeout"),
    ("[http]\nmax_bytes = 0\n", "http.max_bytes"),
    ('[store]\npath = ""\n', "store.path"),
])
def test_settings_that_would_stop_work_are_refused_naming_the_key(tmp_path, db, text, key):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_settings(path, env={})
    before = dump(db)
    fails_in_one_line(vigia("--config", path, "--db", db, "status"), 1, says=key)
    assert dump(db) == before


@pytest.mark.parametrize("name, value, key", [("VIGIA_FEEDS_TICK", "nan", "feeds.tick"),
                                              ("VIGIA_STORE_BUSY_TIMEOUT", "inf", "store.busy_timeout"),
                                              ("VIGIA_EXTRACT_BATCH_SIZE", "0", "extract.batch_size"),
                                              ("VIGIA_DB", "", "store.path")])
def test_environment_settings_are_checked_too(name, value, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_settings(env={name: value})


@pytest.mark.parametrize("args", [["events"], ["events", "show", "1"], ["stats"], ["gangs"], ["status"],
                                  ["feeds"], ["summary", "--date", "2026-04-13"], ["backup", "{tmp}/copia.db"],
                                  ["events", "merge", "1", "2"], ["reextract"]])
def test_a_mistyped_db_path_creates_nothing(tmp_path, args):
    missing = tmp_path / "no-such-folder" / "vigia.db"
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    fails_in_one_line(vigia("--db", missing, *args), 1, says=f"no database at {missing}")
    assert not missing.parent.exists()
    assert not (tmp_path / "copia.db").exists()


def test_an_empty_db_option_is_an_error_not_the_default():
    fails_in_one_line(vigia("--db", "", "status"), 2, says="--db")
    fails_in_one_line(vigia("--db", "  ", "events"), 2, says="--db")


@pytest.fixture
def foreign(tmp_path):
    """Another application's SQLite file (with sqlite-utils' migration table of its own set)."""
    path = tmp_path / "notas.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE notas (id INTEGER PRIMARY KEY, texto TEXT);"
                       "INSERT INTO notas (texto) VALUES ('mi nota');"
                       "CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT);"
                       "INSERT INTO _sqlite_migrations VALUES ('notas', 'm001', '2026-01-01');")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("args", [["status"], ["events"], ["stats"], ["gangs"], ["feeds"],
                                  ["summary", "--date", "2026-04-13"], ["import", "{tmp}/a.jsonl"],
                                  ["backup", "{tmp}/copia.db"], ["fetch", "--feed", "nada"]])
def test_another_applications_sqlite_file_is_left_alone(tmp_path, foreign, args):
    (tmp_path / "a.jsonl").write_text(json.dumps({"url": "https://norte.example/a", "title": "Asalto",
                                                  "text": "Asaltan una bodega.", "published": "2026-04-13"}) + "\n",
                                      encoding="utf-8")
    before, size = dump(foreign), foreign.stat().st_size
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    fails_in_one_line(vigia("--db", foreign, *args), 1, says="not a Vigía store")
    assert dump(foreign) == before and foreign.stat().st_size == size
    assert not (tmp_path / "copia.db").exists()


def test_a_file_that_is_not_sqlite_is_refused_unchanged(tmp_path):
    path = tmp_path / "notas.txt"
    path.write_text("esto no es una base de datos\n" * 200, encoding="utf-8")
    before = path.read_bytes()
    fails_in_one_line(vigia("--db", path, "status"), 1, says="not a SQLite database")
    assert path.read_bytes() == before


def test_import_may_create_a_new_store(tmp_path):
    """Only the commands that bring articles in create the store (here up to the bad URL check,
    which comes before anything is stored)."""
    path = tmp_path / "nueva" / "vigia.db"
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"url": "ftp://norte.example/a", "title": "Asalto", "text": "x"}) + "\n",
                      encoding="utf-8")
    fails_in_one_line(vigia("--db", path, "import", source), 1, says=f"{source}:1")
    assert path.exists()  # created (empty), as `vigia run` would


def test_summary_on_the_terminal_drops_escapes_from_headlines(db):
    with sqlite3.connect(db) as conn:
        # accepted: listed among the most serious whatever its confidence (review.threshold)
        conn.execute("UPDATE events SET headline = ?, review = 'accepted' WHERE status = 'live'",
                     ("Atacan combi \x1b[2J\x1b]8;;https://phish.example\x07en Trujillo",))
    result = vigia("--db", db, "summary", "--date", "2026-04-13")
    assert result.exit_code == 0, result.output
    assert "Atacan combi" in result.output and "en Trujillo" in result.output
    assert ESCAPE not in result.output and "\x07" not in result.output
