import sqlite3
import stat
from datetime import datetime, timedelta, timezone

import pytest

from pipeline.decide import plan_articles
from pipeline.errors import StorageError
from pipeline.storage import PollRecord, Storage
from pipeline.types import EntryData, FeedConfig

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
FEED = FeedConfig(name="diario", outlet="Diario", url="https://diario.pe/rss")


def entry(url, title="Asaltan bodega en Comas", body="Delincuentes armados asaltaron una bodega."):
    return EntryData(url=url, guid=None, title=title, summary="", body=body, author=None, published=NOW)


@pytest.fixture
def storage(tmp_path):
    with Storage(tmp_path / "v.db") as storage:
        storage.sync_feeds([FEED])
        yield storage


def poll(storage, entries, at=NOW, outcome="ok"):
    by_url, by_guid = storage.known_articles(entries)
    plan = plan_articles(entries, outlet=FEED.outlet, by_url=by_url, by_guid=by_guid)
    record = PollRecord(feed=FEED.name, at=at, outcome=outcome, http_status=200, entries=len(entries),
                        next_due=at + timedelta(minutes=15), etag='"v1"')
    return storage.record_poll(record, plan)


def test_new_file_is_private_and_every_column_is_commented(tmp_path):
    path = tmp_path / "sub" / "v.db"
    Storage(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    schema = sqlite3.connect(path).execute(
        "SELECT sql FROM sqlite_master WHERE name IN ('feeds','articles','mentions')").fetchall()
    for (sql,) in schema:
        for line in sql.splitlines()[1:-1]:
            if line.strip() and not line.strip().startswith(("PRIMARY KEY", "UNIQUE", "id INTEGER PRIMARY KEY,")):
                assert "--" in line, f"column without comment: {line.strip()}"


def test_an_article_is_stored_once_and_only_changed_text_marks_it_again(storage):
    assert poll(storage, [entry("https://diario.pe/a"), entry("https://diario.pe/b")]) == (2, 0)
    assert [a.url for a in storage.pending_articles()] == ["https://diario.pe/a", "https://diario.pe/b"]
    storage.store_mentions([(a.id, [], None) for a in storage.pending_articles()], version="t", now=NOW)

    later = NOW + timedelta(hours=1)
    assert poll(storage, [entry("https://diario.pe/a")], at=later) == (0, 0)
    article = storage.article_by_url("https://diario.pe/a")
    assert article.last_seen == later and article.first_seen == NOW
    assert storage.pending_articles() == []

    assert poll(storage, [entry("https://diario.pe/a", title="Asaltan bodega: dos detenidos")], at=later) == (0, 1)
    assert [a.title for a in storage.pending_articles()] == ["Asaltan bodega: dos detenidos"]
    assert storage.counts().articles == 2


def test_feed_state_survives_reopening(tmp_path, storage):
    poll(storage, [entry("https://diario.pe/a")])
    storage.close()
    with Storage(tmp_path / "v.db") as again:
        state = again.feed_state("diario")
        assert state.etag == '"v1"' and state.items_seen == 1 and state.last_success == NOW
        assert again.due_feeds(NOW) == []
        assert [s.name for s in again.due_feeds(NOW + timedelta(minutes=16))] == ["diario"]


def test_errors_count_up_and_a_success_resets_them(storage):
    for i in range(3):
        storage.record_poll(PollRecord(feed="diario", at=NOW, outcome="error", http_status=500,
                                       error="HTTP 500", next_due=NOW))
    state = storage.feed_state("diario")
    assert state.failures == 3 and state.last_error == "HTTP 500"
    poll(storage, [entry("https://diario.pe/a")])
    state = storage.feed_state("diario")
    assert state.failures == 0 and state.last_error == "HTTP 500", "the last error stays visible"


def test_full_text_search_ignores_accents(storage):
    poll(storage, [entry("https://diario.pe/a", title="Extorsión a mototaxistas en Piura")])
    assert [a.url for a in storage.search_articles("extorsion")] == ["https://diario.pe/a"]


def test_a_failed_write_changes_nothing(storage):
    poll(storage, [entry("https://diario.pe/a")])
    bad = PollRecord(feed="no-such-feed", at=NOW, outcome="ok", next_due=NOW)
    entries = [entry("https://diario.pe/b")]
    plan = plan_articles(entries, outlet="Diario", by_url={}, by_guid={})
    with pytest.raises(StorageError, match="no such feed"):
        storage.record_poll(bad, plan)
    assert storage.counts().articles == 1


def test_a_locked_database_gives_a_clear_error_and_loses_nothing(tmp_path, storage):
    poll(storage, [entry("https://diario.pe/a")])
    blocker = sqlite3.connect(tmp_path / "v.db")
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with Storage(tmp_path / "v.db", busy_timeout=0.2) as other:
            with pytest.raises(StorageError, match="busy|locked"):
                other.sync_feeds([FEED])
    finally:
        blocker.rollback()
        blocker.close()
    assert storage.counts().articles == 1


def test_mentions_are_replaced_on_reextraction(storage):
    poll(storage, [entry("https://diario.pe/a")])
    article = storage.pending_articles()[0]
    event = {"kind": "incident", "crime_types": ["robbery"], "department": "Lima", "province": "Lima",
             "district": "Comas", "ubigeo": "150110", "place_text": "Comas", "gangs": [], "deaths": None,
             "injured": 0, "victim_sectors": ["commerce"], "occurred_on": "2026-03-01",
             "evidence": "Delincuentes armados asaltaron una bodega.", "gang_candidates": ["Los Malditos de Comas"]}
    storage.store_mentions([(article.id, [event, event], None)], version="1", now=NOW)
    storage.store_mentions([(article.id, [event], None)], version="2", now=NOW)
    rows = storage.mentions(article.id)
    assert len(rows) == 1 and rows[0]["extractor_version"] == "2"
    assert rows[0]["crime_types"] == ["robbery"] and rows[0]["extra"] == {"gang_candidates": ["Los Malditos de Comas"]}


def test_backup_is_a_consistent_private_copy(tmp_path, storage):
    poll(storage, [entry("https://diario.pe/a"), entry("https://diario.pe/b")])
    copy = storage.backup(tmp_path / "copias" / "v.db")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with Storage(copy) as restored:
        assert restored.counts().articles == 2 and restored.integrity_check() == "ok"
    with pytest.raises(StorageError, match="exists"):
        storage.backup(copy)
