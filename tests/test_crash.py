"""The daemon killed with SIGKILL at random moments during an ingest (the generated stream; the
real items in acceptance runs), restarted, ten times over, then run to the end: no duplicate, no
lost article, integrity intact."""

import random
import signal
import sqlite3
import time

import pytest

from daemon_helpers import settings_for, start_daemon, stored_urls, wait_for, write_settings
from pipeline.normalize import canonical_url
from replay import SOURCES, ReplaySite, items_from

KILLS = 10


@pytest.mark.parametrize("source", SOURCES)
def test_sigkill_ten_times_during_ingest_loses_and_duplicates_nothing(tmp_path, source):
    rng = random.Random(20260301)
    items = items_from(source)
    expected = {canonical_url(row["original_url"]) for rows in items.values() for row in rows}
    with ReplaySite(items) as site:
        config = write_settings(tmp_path, site.feeds_toml())
        db = settings_for(config).store.path
        counts = []
        for _ in range(KILLS):
            daemon = start_daemon(config)
            time.sleep(rng.uniform(0.3, 2.5))
            daemon.send_signal(signal.SIGKILL)
            daemon.wait(timeout=10)
            counts.append(len(stored_urls(db)) if db.exists() else 0)
        assert counts[-1] > 0, "the kills must land during the ingest, not before it"
        assert counts[-1] < len(expected), "the kills must land during the ingest, not after it"

        daemon = start_daemon(config)
        try:
            done = wait_for(lambda: site.finished() and len(stored_urls(db)) >= len(expected), timeout=240)
            time.sleep(1)
        finally:
            daemon.send_signal(signal.SIGTERM)
            _, stderr = daemon.communicate(timeout=60)
        assert done, f"ingest did not finish: {len(stored_urls(db))} of {len(expected)} stored"
        assert daemon.returncode == 0, stderr[-2000:]

    urls = stored_urls(db)
    assert len(urls) == len(set(urls)), "duplicate articles"
    assert set(urls) == expected, f"lost: {len(expected - set(urls))}"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sources = conn.execute("SELECT count(*), count(DISTINCT article_id || feed) FROM article_sources").fetchone()
        assert sources[0] == sources[1]
