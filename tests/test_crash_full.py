"""The whole daemon (polling, extraction, merging, summaries) killed with SIGKILL at random moments,
twenty times, then run to the end, gives the same store as an uninterrupted run over the same
served feeds (the generated stream; the real items in acceptance runs): no duplicate or lost
article or mention, every mention in exactly one event, nothing half-merged, and the same events.

Events are compared once both stores are regrouped (``remerge``, `vigia events regroup`): how
reports group depends on the order they reach the store (A matches B, B matches C, A and C do not),
and that order depends on when each feed was polled, in a calm run as much as in a killed one.
Regrouped, the events depend only on the mentions."""

import random
import signal
import sqlite3
import time
from datetime import datetime, timezone

import pytest

from daemon_helpers import pipeline_done, start_daemon, store_snapshot, wait_for, wait_ready, write_settings
from pipeline.events import remerge
from pipeline.normalize import canonical_url
from pipeline.storage import Storage
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
        assert conn.execute("SELECT count(*) FROM mentions m WHERE (SELECT count(*) FROM event_mentions em "
                            "JOIN events e ON e.id = em.event_id WHERE em.mention_id = m.id AND e.status = 'live') "
                            "!= 1").fetchone()[0] == 0
    as_merged = store_snapshot(db)
    with Storage(db) as storage:
        remerge(storage, now=datetime.now(timezone.utc))
    regrouped = store_snapshot(db)
    # Regrouping moves sources between events; it adds or loses none.
    assert {s for e in regrouped["events"] for s in e[0]} == {s for e in as_merged["events"] for s in e[0]}
    return regrouped, expected


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
