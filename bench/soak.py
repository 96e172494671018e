"""Soak run: the real daemon (`vigia run`, a subprocess) on a fast schedule against a loopback site
replaying ../shared/data/peru-news-items.csv, whose feeds change every few seconds, for --minutes.

Samples the daemon's RSS and open file descriptors every --sample seconds and prints them with
what was stored. Exits 1 when RSS after warm-up grew by more than --max-growth, or descriptors
grew, or the daemon died.

    .venv/bin/python bench/soak.py --minutes 10
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from daemon_helpers import start_daemon, write_settings  # noqa: E402
from replay import load_items  # noqa: E402


class ChangingSite:
    """One RSS feed per outlet whose window of items moves on every `change_every` seconds, by the
    clock (not by the client), and wraps around with new addresses ("-lap-N"), so new articles keep
    arriving for as long as the run lasts. ETags let unchanged feeds answer 304."""

    def __init__(self, items: dict[str, list[dict]], *, window: int = 20, step: int = 4,
                 change_every: float = 3.0):
        self.items = items
        self.window, self.step, self.change_every = window, step, change_every
        self.start = time.monotonic()
        self.requests = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                slug = self.path.strip("/").removesuffix("/feed.xml")
                site.requests += 1
                if slug not in site.items:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                version = int((time.monotonic() - site.start) / site.change_every)
                etag = f'"{slug}-{version}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = site.render(slug, version)
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        class Quiet(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass

        self.server = Quiet(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def render(self, slug: str, version: int) -> bytes:
        rows = self.items[slug]
        out = ['<?xml version="1.0" encoding="UTF-8"?>', '<rss version="2.0"><channel>',
               f"<title>{escape(slug)}</title><link>https://{escape(slug)}/</link>",
               "<description>soak</description>"]
        first = version * self.step
        for n in range(first + self.window - 1, first - 1, -1):  # newest first
            row = rows[n % len(rows)]
            lap = n // len(rows)
            url = row["original_url"].rstrip("/") + (f"-lap-{lap}/" if lap else "/")
            published = datetime.fromisoformat(row["created_at"]) + timedelta(days=365 * lap)
            out.append(f"<item><title>{escape(row['title'])}</title><link>{escape(url)}</link>"
                       f"<guid>{escape(url)}</guid><description>{escape(row['description'])}</description>"
                       f"<pubDate>{format_datetime(published.astimezone(timezone.utc), usegmt=True)}</pubDate>"
                       "</item>")
        out.append("</channel></rss>")
        return "\n".join(out).encode("utf-8")

    def url(self, slug: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/{slug}/feed.xml"

    def feeds_toml(self) -> str:
        return "\n".join(f'[[feed]]\nname = "{s}"\noutlet = "{s}"\nurl = "{self.url(s)}"\n'
                         for s in self.items)


def counts(db: Path) -> dict[str, int]:
    queries = {
        "articles": "SELECT count(*) FROM articles",
        "pending extraction": "SELECT coalesce(sum(extract_pending), 0) FROM articles",
        "mentions": "SELECT count(*) FROM mentions",
        "events (live)": "SELECT count(*) FROM events WHERE status = 'live'",
        "polls": "SELECT count(*) FROM polls",
        "poll errors": "SELECT count(*) FROM polls WHERE error IS NOT NULL",
        "feeds failing now": "SELECT count(*) FROM feeds WHERE failures > 0",
    }
    out = {}
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
            for name, sql in queries.items():
                try:
                    out[name] = conn.execute(sql).fetchone()[0]
                except sqlite3.OperationalError as error:
                    out[name] = f"n/a ({error})"
    except sqlite3.OperationalError as error:
        out["error"] = str(error)
    return out


def sample(proc: psutil.Process) -> tuple[float, int]:
    """RSS in MB and open descriptors of the daemon (and any children it started)."""
    procs = [proc] + proc.children(recursive=True)
    rss = sum(p.memory_info().rss for p in procs) / 2**20
    fds = sum(p.num_fds() for p in procs)
    return rss, fds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--sample", type=float, default=10, help="seconds between two samples")
    parser.add_argument("--warmup", type=float, default=120,
                        help="seconds before the RSS baseline (model loaded, first extraction done)")
    parser.add_argument("--max-growth", type=float, default=0.30)
    parser.add_argument("--change-every", type=float, default=3.0, help="seconds between feed versions")
    parser.add_argument("--dir", type=Path, help="work directory (default: a temporary one, removed)")
    args = parser.parse_args(argv)

    items = load_items()
    site = ChangingSite(items, change_every=args.change_every)
    site.thread.start()
    tmp = tempfile.TemporaryDirectory(prefix="vigia-soak-") if args.dir is None else None
    work = Path(tmp.name) if tmp else args.dir
    config = write_settings(work, site.feeds_toml(),
                            feeds={"tick": 1, "interval": 2, "jitter": 0, "workers": 3},
                            http={"host_delay": 0.0, "total_timeout": 10.0},
                            extract={"interval": 5},
                            log={"file": "logs/vigia.log", "level": "INFO"})
    db, logdir = work / "vigia.db", work / "logs"
    print(f"soak: {len(items)} outlets, {sum(map(len, items.values()))} items, feeds change every "
          f"{args.change_every:g} s, {args.minutes:g} min, work dir {work}", flush=True)

    daemon = start_daemon(config, stderr=subprocess.DEVNULL)  # the log file has it all
    proc = psutil.Process(daemon.pid)
    started = time.monotonic()
    end = started + args.minutes * 60
    samples: list[tuple[float, float, int]] = []
    died = None
    try:
        while time.monotonic() < end:
            if daemon.poll() is not None:
                died = daemon.returncode
                break
            try:
                rss, fds = sample(proc)
            except psutil.NoSuchProcess:
                died = daemon.poll()
                break
            t = time.monotonic() - started
            samples.append((t, rss, fds))
            print(f"  t={t:6.0f}s rss={rss:7.1f} MB fds={fds:3d} {counts(db)}", flush=True)
            time.sleep(min(args.sample, max(0.0, end - time.monotonic())))
    finally:
        if daemon.poll() is None:
            daemon.send_signal(signal.SIGTERM)
            try:
                daemon.wait(timeout=120)
            except subprocess.TimeoutExpired:
                daemon.kill()
                daemon.wait()
        site.server.shutdown()

    final = counts(db)
    logs = sorted(logdir.glob("vigia.log*")) if logdir.exists() else []
    log_errors = 0
    if logs:
        text = (logdir / "vigia.log").read_text(encoding="utf-8", errors="replace")
        log_errors = text.count(" ERROR ")
    print("\n== soak figures ==")
    if not samples:
        print("no samples: the daemon died at once")
        return 1
    warm = [s for s in samples if s[0] >= args.warmup] or samples[-1:]
    base_rss, base_fds = warm[0][1], warm[0][2]
    print(f"duration            {samples[-1][0]:.0f} s, {len(samples)} samples, {site.requests} requests served")
    print(f"RSS start           {samples[0][1]:.1f} MB (t={samples[0][0]:.0f}s)")
    print(f"RSS after warm-up   {base_rss:.1f} MB (t={warm[0][0]:.0f}s)")
    print(f"RSS end             {samples[-1][1]:.1f} MB")
    print(f"RSS max             {max(s[1] for s in samples):.1f} MB")
    print(f"fds start           {samples[0][2]} (after warm-up {base_fds})")
    print(f"fds end             {samples[-1][2]} (max {max(s[2] for s in samples)})")
    for name, value in final.items():
        print(f"{name:<20}{value}")
    print(f"log ERROR lines     {log_errors}")
    for path in logs:
        print(f"log file            {path.name}: {path.stat().st_size} bytes")
    print(f"daemon exit code    {daemon.returncode}")

    failures = []
    if died is not None:
        failures.append(f"daemon died during the run (exit {died})")
    growth = (samples[-1][1] - base_rss) / base_rss
    print(f"RSS growth after warm-up {growth:+.1%} (limit {args.max_growth:.0%})")
    if growth > args.max_growth:
        failures.append(f"RSS grew {growth:.1%} after warm-up")
    # Descriptors come and go with each poll (sockets, SQLite connections): a leak is a floor that
    # rises, so the fewest open at the end is compared with the most open just after warm-up.
    early, late = max(s[2] for s in warm[:3]), min(s[2] for s in samples[-3:])
    if late > early:
        failures.append(f"descriptors grew: at least {late} open at the end, at most {early} after warm-up")
    if daemon.returncode not in (0, None):
        failures.append(f"daemon stopped with exit {daemon.returncode} on SIGTERM")
    for failure in failures:
        print(f"FAIL: {failure}")
    if tmp:
        tmp.cleanup()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
