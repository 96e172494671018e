"""SIGTERM at any early moment of `vigia run` is a clean stop: exit status 0, no lock left, the store
intact. The real daemon (a process, a SQLite file), feeds served on 127.0.0.1.

`vigia run` installs its handlers first thing (the top of the CLI, before the heavy imports, the
store and the model). Before that line there is only the Python interpreter starting up (about
45 ms here, most of it the editable install's import hook); a signal in that window ends the process
by the default action, before any Vigía code ran or any file was opened. The "immediately" moment
below is therefore the first moment the process handles SIGTERM itself (read from /proc), and each
timed moment is also at least that.
"""

import signal
import sqlite3
import subprocess
import time

import pytest

from daemon_helpers import handles_sigterm, start_daemon, wait_for, wait_ready, write_settings
from httpserver import Response
from pipeline.lock import holder

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Diario</title><link>http://127.0.0.1/</link>
{items}
</channel></rss>"""
ITEM = """<item><title>Nota {i}: asaltan bodega</title><link>http://diario.example/nota-{i}</link>
<description>Delincuentes asaltaron una bodega en el distrito {i}.</description>
<pubDate>Sun, 01 Mar 2026 0{h}:00:00 +0000</pubDate></item>"""


@pytest.fixture
def config(tmp_path, http_server):
    body = RSS.format(items="\n".join(ITEM.format(i=i, h=i % 10) for i in range(30))).encode()
    url = http_server.route("/rss", Response(200, body, {"Content-Type": "application/rss+xml"}))
    feeds = f'[[feed]]\nname = "diario"\noutlet = "Diario"\nurl = "{url}"\n'
    return write_settings(tmp_path, feeds)


def stop_and_check(config, daemon: subprocess.Popen) -> str:
    daemon.send_signal(signal.SIGTERM)
    _, stderr = daemon.communicate(timeout=60)
    assert daemon.returncode == 0, stderr[-2000:]
    assert "Traceback" not in stderr, stderr[-2000:]
    db = config.parent / "vigia.db"
    assert holder(db) is None
    if db.exists():
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return stderr


def wait_handled(daemon: subprocess.Popen) -> None:
    assert wait_for(lambda: handles_sigterm(daemon.pid) or daemon.poll() is not None, timeout=30, interval=0.001)
    assert daemon.poll() is None, "the daemon exited by itself"


@pytest.mark.parametrize("delay", [None, 0.05, 0.2, 0.5, 1.0])
def test_sigterm_early_stops_cleanly(config, delay):
    daemon = start_daemon(config)
    try:
        if delay is not None:
            time.sleep(delay)
        wait_handled(daemon)
    finally:
        stop_and_check(config, daemon)


def test_sigterm_once_ready_stops_cleanly_and_again_after_a_restart(config):
    db = config.parent / "vigia.db"
    daemon = start_daemon(config)
    try:
        assert wait_ready(config, daemon)
    finally:
        stderr = stop_and_check(config, daemon)
    assert "daemon stopped" in stderr
    # Stopped at once or after the first poll: either way, the next run carries on from there.
    daemon = start_daemon(config)
    try:
        assert wait_ready(config, daemon)
        assert wait_for(lambda: _articles(db) == 30, timeout=60)
    finally:
        stop_and_check(config, daemon)


def test_sigterm_during_run_once_stops_cleanly(config):
    daemon = start_daemon(config, "--once")
    try:
        time.sleep(0.3)
        if daemon.poll() is None:
            wait_handled(daemon)
    finally:
        if daemon.poll() is None:
            stop_and_check(config, daemon)
        else:
            daemon.communicate(timeout=60)
    assert daemon.returncode == 0


def test_sigterm_with_no_reachable_feed(tmp_path):
    feeds = '[[feed]]\nname = "nadie"\noutlet = "Nadie"\nurl = "http://127.0.0.1:9/rss"\n'
    config = write_settings(tmp_path, feeds)
    for delay in (0.0, 0.1):
        daemon = start_daemon(config)
        try:
            time.sleep(delay)
            wait_handled(daemon)
        finally:
            stop_and_check(config, daemon)
    daemon = start_daemon(config)
    try:
        assert wait_ready(config, daemon)
        time.sleep(0.5)  # a poll or two fail (connection refused) and are recorded
    finally:
        stop_and_check(config, daemon)


def _articles(db) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_a_stop_signal_is_recorded_by_the_handler_and_logged_by_the_main_loop(caplog):
    # A signal can land while the main thread is inside a logging handler's flush; a handler that
    # logs then re-enters the same stream ("reentrant call", a traceback on stderr in CI).
    from pipeline import daemon

    caplog.set_level("INFO", logger="pipeline.daemon")
    try:
        daemon._on_stop_signal(signal.SIGTERM, None)
        assert daemon.STOP.is_set()
        assert caplog.records == []
        daemon._log_received()
        assert [r.getMessage() for r in caplog.records] == [
            "received SIGTERM, stopping after the current step"]
        daemon._log_received()  # logged once
        assert len(caplog.records) == 1
    finally:
        daemon.STOP.clear()
        daemon.RECEIVED.clear()
