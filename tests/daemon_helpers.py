"""Helpers to run the real daemon against a loopback site, with settings in tmp_path."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from pipeline.config import load_settings
from pipeline.daemon import READY

ROOT = Path(__file__).resolve().parent.parent


def write_settings(tmp_path: Path, feeds_toml: str, **sections: dict) -> Path:
    """A user config in tmp_path: its own database and feed list, fast polite-free polling."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "feeds.toml").write_text(feeds_toml, encoding="utf-8")
    values = {
        "store": {"path": "vigia.db"},
        "feeds": {"file": "feeds.toml", "interval": 0, "tick": 0.2, "workers": 3, "jitter": 0},
        "http": {"host_delay": 0.0, "total_timeout": 10.0},
        "extract": {"interval": 3600},
        "summary": {"dir": "summaries"},
        # The daemon's log, also on stderr: tests wait for its readiness line there (wait_ready).
        "log": {"file": "vigia.log"},
    }
    for name, table in sections.items():
        values.setdefault(name, {}).update(table)
    lines = []
    for name, table in values.items():
        lines.append(f"[{name}]")
        for key, value in table.items():
            lines.append(f"{key} = {value!r}".replace("'", '"') if isinstance(value, str)
                         else f"{key} = {str(value).lower() if isinstance(value, bool) else value}")
    path = tmp_path / "user.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def settings_for(config: Path):
    return load_settings(config, env={})


def env_for(config: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIA_")}
    env["VIGIA_CONFIG"] = str(config)
    return env


def start_daemon(config: Path, *args: str, stderr=subprocess.PIPE) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", *args], cwd=ROOT,
                            env=env_for(config), stdout=subprocess.PIPE, stderr=stderr, text=True)


def wait_ready(config: Path, daemon: subprocess.Popen, timeout: float = 60) -> bool:
    """Wait until the daemon started by ``start_daemon(config)`` logs that it is up (lock held,
    store open, jobs scheduled, signal handlers set): its line names its pid in the log file of
    ``write_settings``. False when it exits first or the time runs out."""
    log = config.parent / "vigia.log"
    line = f"{READY}: "
    mark = f", pid {daemon.pid}"

    def ready() -> bool:
        if daemon.poll() is not None:
            raise AssertionError(f"the daemon exited with status {daemon.returncode} before it was ready")
        try:
            text = log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return False
        return any(line in row and row.endswith(mark) for row in text.splitlines())

    return wait_for(ready, timeout=timeout, interval=0.05)


def handles_sigterm(pid: int) -> bool:
    """Whether the process has a SIGTERM handler of its own yet (Linux: SigCgt in /proc)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for row in status:
                if row.startswith("SigCgt:"):
                    return bool(int(row.split()[1], 16) & (1 << (signal.SIGTERM - 1)))
    except FileNotFoundError:
        return False
    return False


def vigia(config: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env_for(config),
                          capture_output=True, text=True, timeout=timeout)


def stored_urls(db: Path) -> list[str]:
    """Stored article URLs; none while the daemon has not created its tables yet."""
    try:
        with sqlite3.connect(db) as conn:
            return [row[0] for row in conn.execute("SELECT url FROM articles")]
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return []
        raise


def wait_for(condition, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def pipeline_done(db: Path, expected_articles: int) -> bool:
    """Every article stored, extracted, and every mention folded into an event."""
    if not db.exists():
        return False
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            articles, pending = conn.execute(
                "SELECT count(*), coalesce(sum(extract_pending), 0) FROM articles").fetchone()
            unmerged = conn.execute(
                "SELECT count(*) FROM mentions WHERE id NOT IN "
                "(SELECT mention_id FROM event_mentions WHERE mention_id IS NOT NULL)").fetchone()[0]
    except sqlite3.OperationalError:  # tables not created yet
        return False
    return articles >= expected_articles and pending == 0 and unmerged == 0


def store_snapshot(db: Path) -> dict:
    """What a run produced, independent of row ids: articles, mentions, and events as sets of sources."""
    with sqlite3.connect(db) as conn:
        articles = {row[0]: row[1:] for row in conn.execute(
            "SELECT url, title, summary, body, published, published_estimated FROM articles")}
        mentions = {(row[0], row[1]): row[2:] for row in conn.execute(
            "SELECT a.url, m.position, m.kind, m.crime_types, m.department, m.province, m.district, m.ubigeo, "
            "m.gangs, m.deaths, m.injured, m.victim_sectors, m.occurred_on, m.evidence, m.extractor_version "
            "FROM mentions m JOIN articles a ON a.id = m.article_id")}
        members: dict[int, set] = {}
        for event_id, url, position in conn.execute(
                "SELECT em.event_id, a.url, em.position FROM event_mentions em "
                "JOIN articles a ON a.id = em.article_id JOIN events e ON e.id = em.event_id "
                "WHERE e.status = 'live'"):
            members.setdefault(event_id, set()).add((url, position))
        events = set()
        for row in conn.execute("SELECT id, kind, crime_types, department, province, district, deaths, "
                                "injured, sources FROM events WHERE status = 'live'"):
            events.add((frozenset(members.get(row[0], ())), *row[1:]))
    return {"articles": articles, "mentions": mentions, "events": events}
