"""Helpers to run the real daemon against a loopback site, with settings in tmp_path."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from pipeline.config import load_settings

ROOT = Path(__file__).resolve().parent.parent


def write_settings(tmp_path: Path, feeds_toml: str, **sections: dict) -> Path:
    """A user config in tmp_path: its own database and feed list, fast polite-free polling."""
    (tmp_path / "feeds.toml").write_text(feeds_toml, encoding="utf-8")
    values = {
        "store": {"path": "vigia.db"},
        "feeds": {"file": "feeds.toml", "interval": 0, "tick": 0.2, "workers": 3, "jitter": 0},
        "http": {"host_delay": 0.0, "total_timeout": 10.0},
        "extract": {"interval": 3600},
        "summary": {"dir": "summaries"},
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


def vigia(config: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env_for(config),
                          capture_output=True, text=True, timeout=timeout)


def stored_urls(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT url FROM articles")]


def wait_for(condition, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False
