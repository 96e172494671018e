"""The daemon as users run it: `vigia run`, `run --once`, signals, the lock, status and feeds."""

import signal
import sqlite3

import pytest

from daemon_helpers import start_daemon, stored_urls, vigia, wait_for, write_settings
from pipeline.lock import holder
from replay import ReplaySite

ITEMS = {"diario.example": [
    {"title": f"Nota {i}: asaltan bodega en el distrito {i}",
     "description": f"<p>Delincuentes asaltaron una bodega; es la nota n&uacute;mero {i}.</p>",
     "original_url": f"https://diario.example/policiales/nota-{i}/?utm_source=rss",
     "created_at": f"2026-03-01 0{i % 10}:00:00+00:00", "website": "https://diario.example"}
    for i in range(8)]}


@pytest.fixture
def site():
    with ReplaySite(ITEMS, window=5, step=3) as site:
        yield site


def test_run_once_polls_stores_and_exits(tmp_path, site):
    config = write_settings(tmp_path, site.feeds_toml(), feeds={"interval": 900})
    result = vigia(config, "run", "--once")
    assert result.returncode == 0, result.stderr
    assert "5 entries, 5 new" in result.stdout
    urls = stored_urls(tmp_path / "vigia.db")
    assert len(urls) == 5 and all("utm_source" not in u for u in urls)
    # Not due again for 15 minutes: the next --once polls nothing, `fetch` polls now.
    assert "entries" not in vigia(config, "run", "--once").stdout
    assert "5 entries, 3 new" in vigia(config, "fetch").stdout


def test_sigterm_stops_cleanly_and_a_second_daemon_refuses_naming_the_first(tmp_path, site):
    config = write_settings(tmp_path, site.feeds_toml())
    db = tmp_path / "vigia.db"
    daemon = start_daemon(config)
    try:
        assert wait_for(lambda: holder(db) == daemon.pid, timeout=30)
        assert wait_for(lambda: db.exists() and len(stored_urls(db)) == len(ITEMS["diario.example"]), timeout=60)

        second = vigia(config, "run", "--once")
        assert second.returncode == 1
        assert f"another Vigía daemon (pid {daemon.pid})" in second.stderr

        status = vigia(config, "status")
        assert f"daemon: running, pid {daemon.pid}" in status.stdout
        assert "articles: 8" in status.stdout
    finally:
        daemon.send_signal(signal.SIGTERM)
        _, stderr = daemon.communicate(timeout=60)
    assert daemon.returncode == 0
    assert "daemon stopped" in stderr
    assert holder(db) is None
    assert "daemon: not running" in vigia(config, "status").stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_feeds_and_fetch_show_each_feeds_health(tmp_path, site):
    broken = '[[feed]]\nname = "roto"\noutlet = "Roto"\nurl = "{}"\n'.format(site.url("no-such-outlet"))
    config = write_settings(tmp_path, site.feeds_toml() + broken)
    fetched = vigia(config, "fetch")
    assert fetched.returncode == 0, fetched.stderr
    assert "roto: error: HTTP 404" in fetched.stdout
    table = vigia(config, "feeds").stdout
    assert "roto" in table and "404" in table
    only = vigia(config, "fetch", "--feed", "diario.example")
    assert "roto" not in only.stdout and "diario.example" in only.stdout
    wrong = vigia(config, "fetch", "--feed", "nope")
    assert wrong.returncode == 2 and "no feed named nope" in wrong.stderr
    assert "failing feeds (1)" in vigia(config, "status").stdout


def test_a_malformed_config_stops_startup_with_its_key(tmp_path, site):
    config = write_settings(tmp_path, site.feeds_toml(), http={"total_timout": 3})
    result = vigia(config, "run", "--once")
    assert result.returncode == 1
    assert "unknown setting http.total_timout" in result.stderr
    assert not (tmp_path / "vigia.db").exists()
