"""A loopback news site that replays feed items as one RSS feed per outlet, ``window`` items at a
time, the rest arriving over successive polls. The items are a seeded stream written by
``generate_items`` (the project's own words: crime reports, some told by several outlets, among
sports, economy and culture news), or, in acceptance runs, the real items of
``peru-news-items.csv`` in the data folder (``load_items``).

A feed moves on to its next version only when a request shows the client stored the current one
(its ETag or Last-Modified comes back), as a site publishing between two polls would look to a
careful client; a client that crashed before storing gets the same version again. Once a feed
has served its last items, a request with the current validators gets 304.

Outlets differ, as real ones do: some send ETag, some Last-Modified, one sends neither (the
client then gets the last version with a 200 each time, and must store nothing twice).
"""

from __future__ import annotations

import csv
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import pytest

from conftest import require_data
from itemgen import generate_items

#: the sources of items the replay tests run on: the generated stream always, the real items in
#: acceptance runs (``make acceptance``)
SOURCES = ["generated", pytest.param("real", marks=pytest.mark.acceptance)]


def load_items(path: Path) -> dict[str, list[dict]]:
    """The items of a CSV in the layout of ``peru-news-items.csv`` (title, description,
    original_url, created_at, website) by outlet host, oldest first."""
    by_outlet: dict[str, list[dict]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            host = urlsplit(row["website"]).hostname.removeprefix("www.")
            by_outlet.setdefault(host, []).append(row)
    for rows in by_outlet.values():
        rows.sort(key=lambda r: r["created_at"])
    return by_outlet


def items_from(source: str, per_outlet: int | None = None, *, generated: int = 300) -> dict[str, list[dict]]:
    """The items of ``source`` ("generated": ``generated`` items an outlet from ``generate_items``;
    "real": ``peru-news-items.csv`` of the data folder), the first ``per_outlet`` of each outlet."""
    if source == "real":
        items = load_items(require_data("peru-news-items.csv"))
    else:
        items = generate_items(generated)
    if per_outlet is not None:
        items = {outlet: rows[:per_outlet] for outlet, rows in items.items()}
    return items


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients that hang up early (timeouts, size caps) are expected here


@dataclass
class ReplayFeed:
    slug: str
    items: list[dict]
    validators: str  # "etag", "last-modified" or "none"
    window: int
    step: int
    version: int = 0
    requests: int = 0
    not_modified: int = 0
    served: set = field(default_factory=set)

    @property
    def last_version(self) -> int:
        extra = max(0, len(self.items) - self.window)
        return -(-extra // self.step)

    def etag(self, version: int) -> str:
        return f'"{self.slug}-v{version}"'

    def modified(self, version: int) -> str:
        base = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=version)
        return format_datetime(base, usegmt=True)

    def confirmed(self, headers) -> bool:
        if self.validators == "etag":
            return headers.get("If-None-Match") == self.etag(self.version)
        if self.validators == "last-modified":
            return headers.get("If-Modified-Since") == self.modified(self.version)
        return False

    def render(self) -> bytes:
        start = self.version * self.step
        items = self.items[start:start + self.window]
        self.served.update(item["original_url"] for item in items)
        out = ['<?xml version="1.0" encoding="UTF-8"?>',
               '<rss version="2.0"><channel>',
               f"<title>{escape(self.slug)}</title><link>https://{escape(self.slug)}/</link>",
               "<description>replayed items</description>"]
        for item in reversed(items):  # newest first, as feeds are
            published = datetime.fromisoformat(item["created_at"])
            out.append(
                "<item>"
                f"<title>{escape(item['title'])}</title>"
                f"<link>{escape(item['original_url'])}</link>"
                f'<guid isPermaLink="true">{escape(item["original_url"])}</guid>'
                f"<description>{escape(item['description'])}</description>"
                f"<pubDate>{format_datetime(published, usegmt=True)}</pubDate>"
                "</item>")
        out.append("</channel></rss>")
        return "\n".join(out).encode("utf-8")


class ReplaySite:
    def __init__(self, items: dict[str, list[dict]] | None = None, *, window: int = 50, step: int = 25):
        items = items if items is not None else generate_items()
        kinds = ("etag", "last-modified", "etag", "none", "last-modified", "etag")
        self.feeds = {
            slug: ReplayFeed(slug, rows, kinds[i % len(kinds)], window,
                             step if kinds[i % len(kinds)] != "none" else max(1, window // 5))
            for i, (slug, rows) in enumerate(sorted(items.items()))}
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                slug = self.path.strip("/").removesuffix("/feed.xml")
                feed = site.feeds.get(slug)
                if feed is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                with site.lock:
                    feed.requests += 1
                    if feed.validators == "none":
                        # No validators: the site moves on by itself, every fourth request. With a
                        # short step every item is in at least four consecutive responses, so only a
                        # client that lost four responses in a row could miss it, as with a real site.
                        if feed.requests > 1 and (feed.requests - 1) % 4 == 0 and feed.version < feed.last_version:
                            feed.version += 1
                    elif feed.confirmed(self.headers):
                        if feed.version >= feed.last_version:
                            feed.not_modified += 1
                            self.send_response(304)
                            self.send_header("Content-Length", "0")
                            self.end_headers()
                            return
                        feed.version += 1
                    body = feed.render()
                    version = feed.version
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                if feed.validators == "etag":
                    self.send_header("ETag", feed.etag(version))
                elif feed.validators == "last-modified":
                    self.send_header("Last-Modified", feed.modified(version))
                self.end_headers()
                self.wfile.write(body)

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, slug: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/{slug}/feed.xml"

    def feeds_toml(self) -> str:
        return "\n".join(
            f'[[feed]]\nname = "{slug}"\noutlet = "{slug}"\nurl = "{self.url(slug)}"\n'
            for slug in self.feeds)

    def finished(self) -> bool:
        with self.lock:
            return all(f.version >= f.last_version for f in self.feeds.values())

    def __enter__(self) -> "ReplaySite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
