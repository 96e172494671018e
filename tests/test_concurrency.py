"""While the daemon ingests and extracts at full speed, readers in other processes (the query
commands and a plain sqlite3 reader) never fail with "database is locked" and never see a
half-written event (the generated stream; the real items in acceptance runs)."""

import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from daemon_helpers import ROOT, env_for, start_daemon, stored_urls, write_settings
from replay import SOURCES, ReplaySite, items_from

READERS = [
    ["events", "--format", "json"],
    ["stats", "--by", "department"],
    ["events", "--search", "asesinato", "--format", "csv"],
    ["gangs"],
    ["status"],
    ["summary", "--date", "2024-03-07", "--format", "html"],
]
SECONDS = 40
DEADLINE = 300  # the longest the readers wait for the daemon's progress


@pytest.mark.parametrize("source", SOURCES)
def test_readers_never_see_a_lock_or_a_half_written_event(tmp_path, source):
    chosen = items_from(source, 400, generated=400)
    failures: list[str] = []
    runs = {"commands": 0, "sql": 0}
    stop = threading.Event()
    with ReplaySite(chosen) as site:
        config = write_settings(tmp_path, site.feeds_toml(), extract={"interval": 1, "batch_size": 16})
        db = tmp_path / "vigia.db"
        daemon = start_daemon(config)

        def commands():
            i = 0
            while not stop.is_set():
                args = READERS[i % len(READERS)]
                i += 1
                done = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env_for(config),
                                      capture_output=True, text=True, timeout=60)
                runs["commands"] += 1
                if done.returncode != 0 or "locked" in done.stderr:
                    failures.append(f"vigia {' '.join(args)}: {done.returncode} {done.stderr[-500:]}")

        def plain_sql():
            while not stop.is_set():
                try:
                    with sqlite3.connect(db, timeout=0.1) as conn:
                        # One read transaction: an event's source count always equals its rows.
                        bad = conn.execute(
                            "SELECT count(*) FROM events e WHERE status = 'live' AND sources != "
                            "(SELECT count(*) FROM event_mentions em WHERE em.event_id = e.id)").fetchone()[0]
                        if bad:
                            failures.append(f"{bad} half-written events seen")
                        conn.execute("SELECT count(*) FROM articles").fetchone()
                    runs["sql"] += 1
                except sqlite3.OperationalError as error:
                    if "no such table" not in str(error):
                        failures.append(f"sqlite3 reader: {error}")
                time.sleep(0.05)

        def progress():
            with sqlite3.connect(db, timeout=5) as conn:
                return conn.execute("SELECT (SELECT count(*) FROM articles), "
                                    "(SELECT count(*) FROM articles WHERE extracted_at IS NOT NULL), "
                                    "(SELECT count(*) FROM event_history)").fetchone()

        try:
            while not (db.exists() and stored_urls(db)):
                time.sleep(0.2)
            before = progress()
            threads = [threading.Thread(target=commands), threading.Thread(target=plain_sql)]
            for thread in threads:
                thread.start()
            # At least SECONDS of reading, and on until the daemon has stored, extracted and merged
            # more than before (it merges when a round of extraction is done, later on a busy
            # machine): waiting for that progress, not for a guessed time.
            start = time.monotonic()
            while time.monotonic() - start < SECONDS or (
                    not all(a > b for a, b in zip(progress(), before)) and time.monotonic() - start < DEADLINE):
                time.sleep(1)
            stop.set()
            for thread in threads:
                thread.join(timeout=90)
            after = progress()
        finally:
            daemon.send_signal(signal.SIGTERM)
            _, stderr = daemon.communicate(timeout=60)
    assert failures == []
    assert runs["commands"] >= 10 and runs["sql"] >= 100
    # The daemon kept storing, extracting and merging while the readers ran.
    assert all(a > b for a, b in zip(after, before)), (before, after)
    assert daemon.returncode == 0 and "locked" not in stderr
