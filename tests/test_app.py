"""The front door, ``Vigia``: a real SQLite file, the real pipeline, feeds served on 127.0.0.1.

Every operation goes through one object, which passes its one clock on: the times it stores are
the clock's, whoever does the writing (ingest, extraction, the event log)."""

import json
import sqlite3
import sys
import unicodedata
from datetime import date, datetime, timedelta, timezone

import pytest

import pipeline
from daemon_helpers import settings_for, write_settings
from pipeline import Vigia, make_vigia
from pipeline.daemon import Daemon
from pipeline.errors import QueryError, StorageError
from pipeline.extract import load_pipeline
from pipeline.importer import FEED, read_articles
from pipeline.pending import process_pending
from pipeline.queries import Filters
from replay import ReplaySite
from test_import import ARTICLES

NOW = datetime(2026, 3, 5, 9, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(days=2, hours=3)

ITEMS = {"diario.example": [
    {"title": f"Nota {i}: asaltan bodega en el distrito {i}",
     "description": f"<p>Delincuentes asaltaron una bodega; es la nota n&uacute;mero {i}.</p>",
     "original_url": f"https://diario.example/policiales/nota-{i}/?utm_source=rss",
     "created_at": f"2026-03-01 0{i % 10}:00:00+00:00", "website": "https://diario.example"}
    for i in range(6)]}


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture
def settings(tmp_path):
    # A feed list no test polls unless it serves one (an unused port refuses at once).
    feeds = '[[feed]]\nname = "nadie"\noutlet = "nadie.example"\nurl = "http://127.0.0.1:9/rss"\n'
    return settings_for(write_settings(tmp_path / "cfg", feeds, store={"path": "db/vigia.db"}))


def archive(tmp_path, rows=ARTICLES):
    path = tmp_path / "archivo.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def times(db, sql):
    with sqlite3.connect(db) as conn:
        return {datetime.fromisoformat(v) for (v,) in conn.execute(sql) if v is not None}


def unmerged(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM mentions m WHERE NOT EXISTS "
                            "(SELECT 1 FROM event_mentions em WHERE em.mention_id = m.id)").fetchone()[0]


def test_import_then_events_stats_and_summary_agree(settings, tmp_path, nlp):
    with Vigia(settings, now=lambda: NOW, nlp=nlp) as vigia:
        report = vigia.import_file(archive(tmp_path))
        assert (report.read, report.new, report.extracted) == (4, 4, 4)
        events = vigia.find_events(limit=None)
        # Three reports of the Canto Rey killing are one event; the bodega killing is another.
        assert len(events) == 2 == report.events_created
        assert sorted(e["sources"] for e in events) == [1, 3]
        by_department = vigia.stats(by="department")
        assert sum(r["events"] for r in by_department) == len(events)
        assert sum(r["deaths"] for r in by_department) == sum(e["deaths"] or 0 for e in events)
        day = events[0]["occurred_on"]  # 'la noche del lunes': Monday 2 March
        that_day = [e for e in events if e["occurred_on"] == day]
        summary = vigia.summary(date.fromisoformat(day))
        assert summary.events == len(that_day) > 0
        assert summary.deaths == sum(e["deaths"] or 0 for e in that_day) > 0
        assert vigia.summary(date.fromisoformat(day) - timedelta(days=1)).events == 0
        assert summary.generated_at == NOW
        # The default day is yesterday by the clock, in Lima.
        assert vigia.summary().day == date(2026, 3, 4)
        detail = vigia.event(events[0]["event_id"])
        assert len(detail["sources"]) == events[0]["sources"]
        assert vigia.event(10**9) is None
        assert vigia.counts().pending == 0
        # Filters go through the same checks as on the command line.
        assert vigia.find_events(Filters(department="lima"), limit=None) == events
        with pytest.raises(QueryError, match="--by"):
            vigia.stats(by="year")
        # The review queue: the events whose confidence is below the threshold (review.threshold
        # by default), each marked so; none is below 0.
        confidence = {e["event_id"]: e["confidence"] for e in events}
        queue = vigia.review_queue(threshold=0.99)
        assert {r["event_id"] for r in queue} == {i for i, c in confidence.items() if c < 0.99} != set()
        assert all(r["low_confidence"] for r in queue)
        assert vigia.review_queue(threshold=0.0) == []
        assert vigia.review_queue() == vigia.review_queue(threshold=settings.review.threshold)
        # A second import of the same file changes nothing.
        again = vigia.import_file(archive(tmp_path))
        assert (again.new, again.changed, again.extracted, again.events_created) == (0, 0, 0, 0)
        assert vigia.find_events(limit=None) == events


def test_extract_pending_always_merges(settings, tmp_path, nlp):
    db = settings.store.path
    with Vigia(settings, now=lambda: NOW, nlp=nlp) as vigia:
        entries = read_articles(archive(tmp_path), now=NOW)
        vigia.storage.import_articles(entries[:2], feed=FEED, now=NOW)
        # Mentions an earlier run stored without merging (a stop between the two steps) …
        assert process_pending(vigia.storage, nlp=nlp, now=lambda: NOW) == 2
        assert unmerged(db) > 0
        vigia.storage.import_articles(entries[2:], feed=FEED, now=NOW)
        report = vigia.extract_pending()
        # … are merged with the new ones: no mention is left out of the event log.
        assert report.extracted == 2
        assert unmerged(db) == 0
        assert report.events_created == 2 == len(vigia.find_events(limit=None))
        # Nothing pending: nothing extracted, nothing merged.
        assert vigia.extract_pending().extracted == 0


def test_the_clock_given_is_the_one_in_every_stored_time(settings, tmp_path, nlp):
    db = settings.store.path
    with Vigia(settings, now=lambda: NOW, nlp=nlp) as vigia:
        vigia.import_file(archive(tmp_path))
    assert times(db, "SELECT first_seen FROM articles") == {NOW}
    assert times(db, "SELECT extracted_at FROM articles") == {NOW}
    assert times(db, "SELECT extracted_at FROM mentions") == {NOW}
    assert times(db, "SELECT created_at FROM events UNION SELECT updated_at FROM events") == {NOW}
    assert times(db, "SELECT assigned_at FROM event_mentions") == {NOW}
    assert times(db, "SELECT at FROM event_history") == {NOW}
    # Re-extraction two days later stamps the later time.
    with Vigia(settings, now=lambda: LATER, nlp=nlp) as vigia:
        before = vigia.find_events(limit=None)
        assert vigia.reextract() == 4
        assert [e["event_id"] for e in vigia.find_events(limit=None)] == [e["event_id"] for e in before]
    assert times(db, "SELECT extracted_at FROM mentions") == {LATER}
    assert unmerged(db) == 0


def test_polls_and_the_daemon_go_through_one_front_door(tmp_path, nlp):
    with ReplaySite(ITEMS, window=4, step=2) as site:
        settings = settings_for(write_settings(tmp_path, site.feeds_toml(), feeds={"interval": 900}))
        with Vigia(settings, now=lambda: NOW, nlp=nlp) as vigia:
            daemon = Daemon(vigia=vigia)  # syncs the feed list into the store
            assert daemon.now is vigia.now and daemon.stop is vigia.stop
            report = daemon.run_once()
            assert [(r.feed, r.outcome, r.new) for r in report.polls] == [("diario.example", "ok", 4)]
            assert report.now == NOW and report.extracted == 4
            assert times(settings.store.path, "SELECT first_seen FROM articles") == {NOW}
            assert times(settings.store.path, "SELECT last_poll FROM feeds") == {NOW}
            assert unmerged(settings.store.path) == 0
            # Polled at NOW, due again at NOW + 15 min: the clock has not moved, nothing is due.
            assert vigia.poll_due() == []
            assert vigia.feed_states()[0].next_due == NOW + timedelta(seconds=900)
            forced = vigia.poll_now(["diario.example"])
            assert [(r.outcome, r.new) for r in forced] == [("ok", 2)]
            assert vigia.extract_pending().extracted == 2
            assert vigia.counts().articles == 6


def test_readonly_never_creates_or_writes_a_store(settings, tmp_path, nlp):
    path = settings.store.path
    with Vigia(settings, readonly=True) as vigia:
        with pytest.raises(StorageError, match="no database at"):
            vigia.counts()
    assert not path.exists() and not path.parent.exists()
    with Vigia(settings, now=lambda: NOW, nlp=nlp) as vigia:
        vigia.import_file(archive(tmp_path, ARTICLES[:1]))
    with Vigia(settings, readonly=True) as vigia:
        assert vigia.counts().articles == 1
        with pytest.raises(StorageError, match="readonly"):
            vigia.sync_feeds()


def test_make_vigia_reads_settings_and_db_wins(tmp_path):
    config = write_settings(tmp_path, "")
    other = tmp_path / "other" / "store.db"
    with make_vigia(config, env={}) as vigia:
        assert vigia.path == tmp_path / "vigia.db"
    with make_vigia(config, db=other, env={}) as vigia:
        assert vigia.path == other
        assert vigia.counts().articles == 0  # opened (and created) on first use
    assert other.is_file()


def test_backup_is_a_consistent_copy(settings, tmp_path, nlp):
    with Vigia(settings, now=lambda: NOW, nlp=nlp) as vigia:
        vigia.import_file(archive(tmp_path))
        copy = vigia.backup(tmp_path / "copia.db")
        with pytest.raises(Exception, match="database"):
            vigia.backup(settings.store.path)  # never onto the store itself
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 4


def test_importing_pipeline_stays_light():
    # `vigia run` installs its signal handlers before the heavy imports: `import pipeline` and the
    # clock must not pull in the store, spaCy or the scheduler.
    code = ("import sys, pipeline, pipeline.clock, pipeline.text, pipeline.daemon; "
            "print(sorted(m for m in ('spacy', 'sqlite_utils', 'apscheduler', 'pipeline.app') if m in sys.modules))")
    import subprocess

    from daemon_helpers import ROOT
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert pipeline.Vigia is Vigia


def _old_fold(text):  # how components.fold and queries.fold were written before pipeline.text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def test_one_folding_helper_keeps_every_old_behaviour():
    from pipeline.extract import components, gazetteer, places, relevance
    from pipeline.text import fold, fold_words, strip_accents
    sample = "".join(chr(i) for i in range(32, 0x3000) if not 0xD800 <= i <= 0xDFFF) + " Ñandú  ǅ ΐ "
    assert fold(sample) == _old_fold(sample) == components.fold(sample)
    lowered = unicodedata.normalize("NFKD", sample.lower())
    assert relevance.fold(sample) == "".join(c for c in lowered if not unicodedata.combining(c)) \
        == places._fold(sample)
    assert fold_words("  San  Martín\tde Porres ") == "san martin de porres"
    assert strip_accents("Dinastía Alayón") == "Dinastia Alayon"
    assert gazetteer.norm("Villa-María  del Triunfo") == "villa maria del triunfo"


def test_every_error_class_is_in_errors():
    from pipeline import errors, importer, outputs, queries
    from pipeline.events import merging
    from pipeline.extract import api
    assert importer.ImportError_ is errors.ImportError_ and outputs.OutputError is errors.OutputError
    assert errors.QueryError is queries.QueryError and errors.EventError is merging.EventError
    assert errors.ExtractInputError is api.ExtractInputError
    from pipeline import review
    assert errors.ReviewError is review.ReviewError
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.VigiaError)
    with pytest.raises(AttributeError):
        errors.NoSuchError
