"""A first run that explains itself (issue 12, item 5), as a new user without network sees it.

Every feed points at a closed port on 127.0.0.1, so every poll fails at once without any network:
the daemon says so in a status line and once in a hint, `run --once` reports the feeds it skipped
as backed off, no summary is written for a day before the store existed, the tables stay readable
at 80 columns and `extract --text` shows each evidence sentence once.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from daemon_helpers import ROOT, env_for, start_daemon, vigia, wait_for, wait_ready, write_settings
from pipeline.config import load_settings
from pipeline.daemon import ALL_FAILING, STATUS
from pipeline.events import merge_pending
from pipeline.storage import Storage
from pipeline.summary import store_began, write_due_summaries
from pipeline.types import EntryData

ZONE = "America/Lima"


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def offline_config(tmp_path: Path, **sections) -> Path:
    port = closed_port()
    feeds = "".join(f'[[feed]]\nname = "{name}"\noutlet = "{outlet}"\nurl = "http://127.0.0.1:{port}/{name}.xml"\n'
                    for name, outlet in (("larepublica-policiales", "La República"),
                                         ("elcomercio-lima", "El Comercio")))
    sections.setdefault("feeds", {}).setdefault("interval", 900)
    return write_settings(tmp_path, feeds, **sections)


def log_lines(config: Path) -> list[str]:
    try:
        return (config.parent / "vigia.log").read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def vigia_at(config: Path, columns: int, *args: str) -> subprocess.CompletedProcess:
    env = env_for(config) | {"COLUMNS": str(columns), "PYTHONIOENCODING": "utf-8"}
    env.pop("LINES", None)
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


# --- the daemon says what is going on ------------------------------------------------------------

def test_the_daemon_logs_its_status_and_once_that_every_feed_is_failing(tmp_path):
    config = offline_config(tmp_path, feeds={"interval": 900, "tick": 0.2})
    daemon = start_daemon(config)
    try:
        assert wait_ready(config, daemon)
        assert wait_for(lambda: any(ALL_FAILING in line for line in log_lines(config)), timeout=30)
        assert wait_for(lambda: any("no summary before" in line for line in log_lines(config)), timeout=30)
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.communicate(timeout=60)
    assert daemon.returncode == 0
    lines = log_lines(config)
    hints = [line for line in lines if ALL_FAILING in line]
    assert len(hints) == 1, hints  # once, not every round
    assert "every feed is failing (2 of 2): is the network reachable? last error: " in hints[0]
    assert "Connection refused" in hints[0]
    status = [line for line in lines if f" {STATUS} " in line]
    assert status, lines
    assert "polled 2 feeds (0 ok, 2 failed)" in status[0] and "2 of 2 failing" in status[0]
    assert re.search(r"next poll \d{4}-\d\d-\d\d \d\d:\d\d America/Lima \(in \d+ min\)", status[0]), status[0]
    # A brand-new store: the summaries of the week before it existed are not written.
    summaries = tmp_path / "summaries"
    assert not summaries.exists() or not list(summaries.iterdir())


def test_run_once_reports_polled_failed_and_backed_off_feeds(tmp_path):
    config = offline_config(tmp_path)
    first = vigia(config, "run", "--once")
    assert first.returncode == 0, first.stderr
    assert "feeds: 2 of 2 polled (0 ok, 2 failed), 0 skipped as backed off" in first.stdout
    assert "every feed is failing (2 of 2): is the network reachable? last error:" in first.stdout
    assert "extracted 0 articles; 0 summaries written" in first.stdout

    second = vigia(config, "run", "--once")
    assert second.returncode == 0, second.stderr
    out = second.stdout
    assert "feeds: 0 of 2 polled (0 ok, 0 failed), 2 skipped as backed off" in out
    for name in ("larepublica-policiales", "elcomercio-lima"):
        assert re.search(rf"  {name}: skipped, backed off after 1 failure in a row; next due "
                         r"\d{4}-\d\d-\d\d \d\d:\d\d America/Lima \(in \d+ min\)", out), out
    assert "every feed is failing (2 of 2)" in out
    assert not (tmp_path / "summaries").exists() or not list((tmp_path / "summaries").iterdir())


# --- no summaries before the store existed -------------------------------------------------------

def test_no_summary_is_written_for_a_day_before_the_store_began(tmp_path):
    config = offline_config(tmp_path)
    settings = load_settings(config, env={})
    with Storage(settings.store.path) as storage:
        began = store_began(storage)
        assert began is not None and abs((datetime.now(timezone.utc) - began).total_seconds()) < 120
        # Three days later, after the summary hour: the store's first day, and the two after it.
        later = began + timedelta(days=3, hours=14)
        written = write_due_summaries(storage, settings, later)
    days = sorted({p.stem for p in written})
    from zoneinfo import ZoneInfo
    first = began.astimezone(ZoneInfo(ZONE)).date()
    assert days and min(days) == first.isoformat(), days
    assert len(days) <= 4 and all(d >= first.isoformat() for d in days)


# --- tables at 80 columns ------------------------------------------------------------------------

_BOX = re.compile(r"[\u2500-\u257f]")


def words(text: str) -> list[str]:
    """The words of a rendering: box drawing and the punctuation around words left out."""
    found = (token.strip(",;:()[]") for token in _BOX.sub(" ", text).split())
    return [token for token in found if token]


def fits(output: str, columns: int) -> bool:
    """No line is longer than the console, and no table was cut at its right edge."""
    lines = output.splitlines()
    return all(len(line) <= columns for line in lines) and all(
        _BOX.match(line.rstrip()[-1]) for line in lines if line and _BOX.match(line[0]))


def split_words(narrow: str, vocabulary: set[str]) -> list[str]:
    """Tokens of the narrow output that are neither whole words of the vocabulary (what was put in
    the table, and the wide output) nor a word cut with "…": the pieces of a word split across
    lines."""
    bad = []
    for token in words(narrow):
        if token in vocabulary or re.fullmatch(r"[\d:\-–(),.]+", token):
            continue
        stem = token.rstrip("…")
        if token.endswith("…") and any(word.startswith(stem) for word in vocabulary):
            continue
        bad.append(token)
    return bad


def test_feeds_table_fits_80_columns_without_splitting_a_word(tmp_path):
    config = offline_config(tmp_path)
    assert vigia(config, "run", "--once").returncode == 0
    narrow = vigia_at(config, 80, "feeds")
    wide = vigia_at(config, 300, "feeds")
    assert narrow.returncode == 0 and wide.returncode == 0, narrow.stderr + wide.stderr
    assert fits(narrow.stdout, 80), narrow.stdout
    vocabulary = set(words(wide.stdout)) | {"fails", "errors"}
    assert split_words(narrow.stdout, vocabulary) == [], narrow.stdout
    for whole in ("larepublica-policiales", "elcomercio-lima", "Connection refused", "times in America/Lima"):
        assert whole in narrow.stdout, narrow.stdout
    assert "times in America/Lima (UTC-05:00)" in wide.stdout


HEADLINES = [
    ("https://norte.example/comas", "Extorsionadores asesinan a chofer de combi en el paradero final de Comas",
     ["homicide", "armed_attack", "extortion"], "Lima", "Lima", "San Juan de Lurigancho", "150132", 2,
     ["Los Injertos del Cono Norte"]),
    ("https://sur.example/trujillo", "Trujillo: detonan explosivo en la fachada de una empresa de transportes",
     ["extortion", "armed_attack"], "La Libertad", "Trujillo", "Trujillo", "130101", None, ["Los Pulpos"]),
    ("https://centro.example/huancayo", "Capturan a presuntos integrantes de organización criminal transnacional",
     ["organized_crime"], "Junín", "Huancayo", "Huancayo", "120101", None, []),
]


def events_store(path: Path) -> None:
    noon = datetime(2026, 5, 11, 17, 0, tzinfo=timezone.utc)
    with Storage(path) as storage:
        results = []
        for url, title, types, department, province, district, ubigeo, deaths, gangs in HEADLINES:
            entry = EntryData(url=url, guid=None, title=title, summary="", body=title, author=None, published=noon)
            storage.import_articles([(entry, url.split("/")[2])], feed="import", now=noon)
            event = {"kind": "incident", "crime_types": types, "department": department, "province": province,
                     "district": district, "ubigeo": ubigeo, "place_text": district, "gangs": gangs,
                     "deaths": deaths, "injured": None, "victim_sectors": ["transport"],
                     "occurred_on": "2026-05-11", "evidence": title,
                     "extras": {"gang_candidates": [], "evidence": {}}}
            results.append((storage.article_by_url(url).id, [event], None))
        storage.store_mentions(results, version="test-1", now=noon)
        merge_pending(storage, now=noon)


def test_events_table_fits_80_columns_without_splitting_a_word(tmp_path):
    config = offline_config(tmp_path)
    events_store(tmp_path / "vigia.db")
    narrow = vigia_at(config, 80, "events")
    wide = vigia_at(config, 300, "events")
    assert narrow.returncode == 0 and wide.returncode == 0, narrow.stderr + wide.stderr
    assert fits(narrow.stdout, 80), narrow.stdout
    vocabulary = set(words(wide.stdout))
    for row in HEADLINES:
        vocabulary |= set(row[1].split())
    assert split_words(narrow.stdout, vocabulary) == [], narrow.stdout
    assert "3 events" in narrow.stdout and "transportes" in narrow.stdout and "Lurigancho" in narrow.stdout
    # the wide table keeps every column
    assert "Los Injertos del Cono Norte" in wide.stdout and "injured" in wide.stdout


# --- evidence once per sentence ------------------------------------------------------------------

SENTENCE = ("Un cobrador de la empresa de transportes fue asesinado a balazos la noche del domingo en "
            "Villa El Salvador.")


def test_extract_text_shows_each_evidence_sentence_once_with_its_fields(tmp_path):
    config = write_settings(tmp_path, "")
    shown = vigia(config, "extract", "--published", "2026-05-12", "--text",
                  SENTENCE + " La Policía investiga si se negó a pagar cupos.")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.count(SENTENCE) == 1, shown.stdout
    lines = shown.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if SENTENCE in line)
    fields = lines[at + 1].strip()
    assert fields.startswith("for: ") and "deaths" in fields and "crime_types" in fields, shown.stdout


@pytest.mark.parametrize("columns", [80])
def test_status_labels_its_times_with_the_zone(tmp_path, columns):
    config = offline_config(tmp_path)
    assert vigia(config, "run", "--once").returncode == 0
    status = vigia_at(config, columns, "status")
    assert status.returncode == 0, status.stderr
    assert re.search(r"last poll: \d{4}-\d\d-\d\d \d\d:\d\d America/Lima", status.stdout), status.stdout


@pytest.mark.parametrize("module", ["pipeline", "pipeline.cli"])
def test_every_command_is_there_however_vigia_is_started(module):
    # The event log's and the review's commands are registered at the bottom of cli.py: run as a
    # module, it must register them before it runs.
    shown = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    for command in ("run", "events", "import", "review", "stats", "summary"):
        assert f"  {command} " in shown.stdout, (command, shown.stdout)
