"""A full disk or a read-only database: a clear error, nothing stored is lost, and the next poll
succeeds once the cause is gone. SQLite's page limit and query_only mode stand in for the disk
(the tests run as root, for whom file permissions do not bite)."""

import pytest

from httpserver import Response
from pipeline.config import FeedsSettings
from pipeline.errors import StorageError
from pipeline.fetch import Fetcher
from pipeline.ingest import poll_feed
from pipeline.storage import Storage
from pipeline.types import FeedConfig

SETTINGS = FeedsSettings(file=None, interval=0, jitter=0)


def feed_body(start: int, count: int) -> bytes:
    items = "".join(
        f"<item><title>Nota {i}: {'robo en mercado ' * 40}</title><link>https://diario.example/nota-{i}</link>"
        f"<description>{'Texto largo de la nota. ' * 200}</description></item>" for i in range(start, start + count))
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>d</title>{items}</channel></rss>'.encode()


@pytest.fixture
def setup(tmp_path, http_server):
    pages = {"start": 0}
    http_server.route("/rss", lambda request: Response(200, feed_body(pages["start"], 20)))
    feed = FeedConfig(name="diario", outlet="Diario", url=http_server.url("/rss"))
    storage = Storage(tmp_path / "v.db")
    storage.sync_feeds([feed])
    with Fetcher(user_agent="t", host_delay=0) as fetcher:
        yield storage, fetcher, feed, pages
    storage.close()


def test_a_full_disk_is_a_clear_error_and_the_next_poll_recovers(setup):
    storage, fetcher, feed, pages = setup
    assert poll_feed(storage, fetcher, feed, settings=SETTINGS).new == 20
    pages_now = storage.db.execute("PRAGMA page_count").fetchone()[0]
    storage.db.execute(f"PRAGMA max_page_count = {pages_now + 2}")
    pages["start"] = 20
    with pytest.raises(StorageError, match="full"):
        poll_feed(storage, fetcher, feed, settings=SETTINGS)
    assert storage.counts().articles == 20
    assert storage.integrity_check() == "ok"

    storage.db.execute("PRAGMA max_page_count = 1073741823")
    assert poll_feed(storage, fetcher, feed, settings=SETTINGS).new == 20
    assert storage.counts().articles == 40


def test_a_read_only_database_is_a_clear_error(setup):
    storage, fetcher, feed, pages = setup
    poll_feed(storage, fetcher, feed, settings=SETTINGS)
    storage.db.execute("PRAGMA query_only = ON")
    pages["start"] = 20
    with pytest.raises(StorageError, match="read-only|readonly"):
        poll_feed(storage, fetcher, feed, settings=SETTINGS)
    storage.db.execute("PRAGMA query_only = OFF")
    assert storage.counts().articles == 20
    assert poll_feed(storage, fetcher, feed, settings=SETTINGS).new == 20
