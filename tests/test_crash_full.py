"""The whole daemon (polling, extraction, merging, summaries) killed with SIGKILL at random moments,
twenty times, then run to the end, gives the same store as an uninterrupted run over the same
served feeds (the generated stream; the real items in acceptance runs): no duplicate or lost
article, mention or event, nothing half-merged."""

import random
import signal
import sqlite3
import time

import pytest

from daemon_helpers import pipeline_done, start_daemon, store_snapshot, wait_for, wait_ready, write_settings
from pipeline.normalize import canonical_url
from replay import SOURCES, ReplaySite, items_from

KILLS = 20
PER_OUTLET = 200


def run_to_the_end(tmp_path, source: str, kills: int, rng: random.Random):
    chosen = items_from(source, PER_OUTLET, generated=PER_OUTLET)
    expected = len({canonical_url(r["original_url"]) for rows in chosen.values() for r in rows})
    with ReplaySite(chosen) as site:
        config = write_settings(tmp_path, site.feeds_toml(), extract={"interval": 1, "batch_size": 16})
        db = tmp_path / "vigia.db"
        for _ in range(kills):
            daemon = start_daemon(config)
            time.sleep(rng.uniform(0.5, 4.0))
            daemon.send_signal(signal.SIGKILL)
            daemon.wait(timeout=10)
        daemon = start_daemon(config)
        try:
            # Up before the SIGTERM below: the store may already be complete from the killed runs.
            assert wait_ready(config, daemon), "the daemon did not log that it was up"
            done = wait_for(lambda: site.finished() and pipeline_done(db, expected), timeout=300, interval=0.5)
        finally:
            daemon.send_signal(signal.SIGTERM)
            _, stderr = daemon.communicate(timeout=60)
    assert done, f"the run did not finish: {stderr[-1500:]}"
    assert daemon.returncode == 0, stderr[-1500:]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM events e WHERE status = 'live' AND sources != "
                            "(SELECT count(*) FROM event_mentions em WHERE em.event_id = e.id)").fetchone()[0] == 0
    return store_snapshot(db), expected


@pytest.mark.parametrize("source", SOURCES)
def test_twenty_kills_give_the_store_of_an_uninterrupted_run(tmp_path, source):
    reference, expected = run_to_the_end(tmp_path / "calm", source, 0, random.Random(1))
    killed, _ = run_to_the_end(tmp_path / "killed", source, KILLS, random.Random(20261128))
    assert len(reference["articles"]) == expected
    assert killed["articles"].keys() == reference["articles"].keys()
    assert killed["articles"] == reference["articles"]
    assert killed["mentions"] == reference["mentions"]
    assert len(reference["events"]) > 10
    assert killed["events"] == reference["events"]
