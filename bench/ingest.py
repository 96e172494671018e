"""Throughput of parse + normalise + store against feedparser's bare parse of the same bytes.

    .venv/bin/python bench/ingest.py [--n 2000] [--seed 2026] [--rounds 5] [--capture-repeats 60]
                                     [--data-dir ../shared/data]

What is timed is the path a poll takes after the fetch, through the daemon's own code: ingest's
``poll_feed`` handed the document's bytes by a stand-in fetcher (no network), so each document goes
through ``parse_feed`` (make_safe, feedparser, ``normalise_entry``), ``Storage.known_articles``,
``plan_articles`` and ``Storage.record_poll`` (the one transaction per poll) into a real SQLite
file in WAL mode (synchronous=NORMAL, as the daemon opens it) in a temporary folder. A fresh store
is created, migrated and given its feeds before each timed round, untimed.

The baseline is ``feedparser.parse(document_bytes)`` with feedparser's defaults, over exactly the
same bytes in the same process. Importing Vigía switches two feedparser module defaults off
(HTML sanitising and relative-URI resolution, since Vigía reduces everything to plain text), so
the bare parse is called with both set back to feedparser's shipped defaults; the same call with
them off (what ``parse_feed`` runs inside) is printed too, for information.

Two corpora:

  peru-news-items.csv  a seeded random sample of N rows of ../shared/data/peru-news-items.csv (or
                       $VIGIA_DATA_DIR, or --data-dir) across all its outlets (the per-outlet
                       counts are printed), grouped by outlet, newest first, 50 items per RSS 2.0
                       document as real feeds carry; each item has title, link (original_url),
                       guid (the same address), description (its HTML, escaped as text) and
                       pubDate (created_at in RFC 822). Each outlet is one feed and its documents
                       are successive polls of it. Every item is new to the store (but the few
                       rows the CSV carries twice, which are linked, not stored again).
  real captures        the three documents in ../shared/data/feeds/*.xml (Arc XP and La
                       República layouts; few items each, long bodies), polled --capture-repeats
                       times per round; the store's articles are removed between repeats, untimed,
                       so that each repeat stores new articles as the first poll did.

ROUNDS alternate the two paths (which one goes first alternates too) and keep the best wall
time of each and, separately, its best CPU time (process time, every thread; steadier than wall
time when the machine is shared). A re-poll of the same documents into
the same store (every item already known, the daemon's usual case) and the share of time in each
step (parse, normalise, plan, store, measured in a separate instrumented pass) are printed for
information.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402

import pipeline.feeds as feeds_module  # noqa: E402
import pipeline.ingest as ingest_module  # noqa: E402
from pipeline.config import FeedsSettings  # noqa: E402
from pipeline.ingest import poll_feed  # noqa: E402
from pipeline.normalize import canonical_url  # noqa: E402
from pipeline.storage import Storage  # noqa: E402
from pipeline.types import FeedConfig, FetchResult  # noqa: E402

SEED = 2026
ITEMS_CSV = "peru-news-items.csv"
PER_DOCUMENT = 50
GOAL = 0.5  # Vigía's parse + normalise + store rate / feedparser's bare parse rate, at least
SETTINGS = FeedsSettings(file=Path("feeds.toml"))
# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def data_dir(path: Path | None) -> Path:
    """--data-dir, $VIGIA_DATA_DIR, or ../shared/data beside the repository."""
    if path:
        return path.parent if path.is_file() else path
    if os.environ.get("VIGIA_DATA_DIR"):
        return Path(os.environ["VIGIA_DATA_DIR"])
    return ROOT.parent / "shared" / "data"


# --- the documents ------------------------------------------------------------------------------

@dataclass
class Document:
    feed: FeedConfig
    content: bytes
    items: int


def text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def rss(title: str, site: str, rows: list[dict]) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0"><channel>',
           f"<title>{text(title)}</title><link>{text(site)}</link>",
           f"<description>{text(title)}</description><language>es</language>"]
    for row in rows:
        published = datetime.fromisoformat(row["created_at"])
        out.append(
            "<item>"
            f"<title>{text(row['title'])}</title>"
            f"<link>{text(row['original_url'])}</link>"
            f"<guid isPermaLink={quoteattr('true')}>{text(row['original_url'])}</guid>"
            f"<description>{text(row['description'])}</description>"
            f"<pubDate>{format_datetime(published.astimezone(timezone.utc), usegmt=True)}</pubDate>"
            "</item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode("utf-8")


def csv_documents(folder: Path, n: int, seed: int) -> list[Document]:
    with open(folder / ITEMS_CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    sample = random.Random(seed).sample(rows, min(n, len(rows)))
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for row in sample:
        by_outlet[urlsplit(row["website"]).hostname.removeprefix("www.")].append(row)
    everywhere = Counter(urlsplit(r["website"]).hostname.removeprefix("www.") for r in rows)
    print(f"  sample of {len(sample)} of {len(rows)} rows (seed {seed}), by outlet (sample / file): "
          + ", ".join(f"{host} {len(by_outlet[host])}/{everywhere[host]}"
                      for host, _ in everywhere.most_common()))
    documents = []
    for host in sorted(by_outlet):
        items = sorted(by_outlet[host], key=lambda r: r["created_at"], reverse=True)  # newest first
        feed = FeedConfig(name=host, outlet=host, url=f"https://{host}/feed")
        for start in range(0, len(items), PER_DOCUMENT):
            chunk = items[start:start + PER_DOCUMENT]
            documents.append(Document(feed, rss(host, f"https://{host}/", chunk), len(chunk)))
    return documents


def capture_documents(folder: Path) -> list[Document]:
    documents = []
    for path in sorted((folder / "feeds").glob("*.xml")):
        content = path.read_bytes()
        items = len(feedparser.parse(content).entries)
        feed = FeedConfig(name=path.stem, outlet=path.stem.split("_")[0], url=f"https://example.org/{path.stem}")
        documents.append(Document(feed, content, items))
    return documents


# --- the two paths ------------------------------------------------------------------------------

class BytesFetcher:
    """Stands in for the fetcher: answers 200 with the document's bytes, no network."""

    def __init__(self):
        self.content = b""

    def get_feed(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        return FetchResult(url=url, status=200, content=self.content)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def bare(documents: list[Document], *, defaults: bool = True) -> tuple[float, float, int]:
    """feedparser.parse over the documents' bytes; (wall, CPU, entries)."""
    options = dict(sanitize_html=True, resolve_relative_uris=True) if defaults else \
        dict(sanitize_html=False, resolve_relative_uris=False)
    entries = 0
    wall, cpu = clock()
    for document in documents:
        entries += len(feedparser.parse(document.content, **options).entries)
    wall2, cpu2 = clock()
    return wall2 - wall, cpu2 - cpu, entries


def fresh_store(folder: Path, documents: list[Document]) -> Storage:
    for suffix in ("", "-wal", "-shm"):
        Path(str(folder / "bench.db") + suffix).unlink(missing_ok=True)
    storage = Storage(folder / "bench.db")
    assert storage.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    storage.sync_feeds({d.feed.name: d.feed for d in documents}.values())
    return storage


def clear_articles(storage: Storage) -> None:
    """Untimed, between repeats: the store as it was before the first poll (feeds kept)."""
    with storage._write() as db:
        db.execute("DELETE FROM article_sources")
        db.execute("DELETE FROM articles")
        db.execute("DELETE FROM polls")


def vigia(storage: Storage, documents: list[Document], repeats: int = 1) -> tuple[float, float, int, int]:
    """poll_feed over the documents, as the daemon's poll runs it after the fetch;
    (wall, CPU, entries, new). With repeats > 1 the articles are cleared between repeats, untimed."""
    fetcher = BytesFetcher()
    wall = cpu = 0.0
    entries = new = 0
    for repeat in range(repeats):
        if repeat:
            clear_articles(storage)
        w, c = clock()
        for document in documents:
            fetcher.content = document.content
            report = poll_feed(storage, fetcher, document.feed, settings=SETTINGS, now=utcnow)
            if report.outcome != "ok":
                raise SystemExit(f"poll of {document.feed.name} failed: {report.error}")
            entries += report.entries
            new += report.new
        w2, c2 = clock()
        wall, cpu = wall + w2 - w, cpu + c2 - c
    return wall, cpu, entries, new


# --- step shares --------------------------------------------------------------------------------

class Steps:
    """Times the real functions of one poll by wrapping them where poll_feed and parse_feed look
    them up; restored afterwards."""

    def __init__(self):
        self.seconds: Counter = Counter()
        self.patched: list[tuple[object, str, object]] = []

    def wrap(self, owner, name: str, step: str) -> None:
        original = getattr(owner, name)
        seconds = self.seconds

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[step] += time.perf_counter() - start

        self.patched.append((owner, name, original))
        setattr(owner, name, timed)

    def __enter__(self) -> "Steps":
        self.wrap(feeds_module, "make_safe", "parse")          # safety pass before feedparser
        self.wrap(feedparser, "parse", "parse")                 # feedparser inside parse_feed
        self.wrap(ingest_module, "parse_feed", "parse_feed")    # whole parse_feed
        self.wrap(Storage, "known_articles", "plan")
        self.wrap(ingest_module, "plan_articles", "plan")
        self.wrap(Storage, "record_poll", "store")
        return self

    def __exit__(self, *exc) -> None:
        for owner, name, original in reversed(self.patched):
            setattr(owner, name, original)


def step_shares(folder: Path, documents: list[Document], repeats: int = 1) -> str:
    storage = fresh_store(folder, documents)
    try:
        with Steps() as steps:
            total = vigia(storage, documents, repeats)[0]
    finally:
        storage.close()
    s = steps.seconds
    shares = {"parse": s["parse"], "normalise": s["parse_feed"] - s["parse"], "plan": s["plan"],
              "store": s["store"]}
    shares["rest of poll_feed"] = total - sum(shares.values())
    return ", ".join(f"{name} {value / total:.0%}" for name, value in shares.items())


# --- report -------------------------------------------------------------------------------------

def line(label: str, wall: float, cpu: float, items: int) -> str:
    return (f"    {label:52} {items / wall:6.0f} items/s  ({wall:6.3f} s wall; "
            f"{items / cpu:6.0f} items/CPU-s, {cpu:6.3f} s CPU)")


def measure(name: str, documents: list[Document], tmp: Path, rounds: int, repeats: int) -> tuple[float, float]:
    items = sum(d.items for d in documents) * repeats
    size = sum(len(d.content) for d in documents)
    distinct = {canonical_url(e.link) for d in documents for e in feedparser.parse(d.content).entries}
    print(f"  {name}: {len(documents)} documents, {sum(d.items for d in documents)} items, "
          f"{size / 1024:.0f} KiB" + (f", x{repeats} per round" if repeats > 1 else "")
          + f"; {len(distinct)} distinct canonical URLs")
    # Warm-up, untimed: imports and caches on both paths.
    bare(documents[:3])
    storage = fresh_store(tmp, documents)
    vigia(storage, documents[:3])
    storage.close()

    best: dict[str, list[float]] = {}

    def keep(key: str, took: tuple[float, float]) -> None:
        """Best wall time and best CPU time of the path, each over the rounds."""
        wall, cpu = took[0], took[1]
        old = best.setdefault(key, [wall, cpu])
        old[0], old[1] = min(old[0], wall), min(old[1], cpu)

    stored = new = 0
    for r in range(rounds):
        order = ("bare", "vigia") if r % 2 == 0 else ("vigia", "bare")
        for path in order:
            if path == "bare":
                for key, defaults in (("bare", True), ("bare_off", False)):
                    runs = [bare(documents, defaults=defaults) for _ in range(repeats)]
                    keep(key, (sum(w for w, _, _ in runs), sum(c for _, c, _ in runs)))
            else:
                storage = fresh_store(tmp, documents)
                try:
                    wall, cpu, _, new = vigia(storage, documents, repeats)
                    keep("vigia", (wall, cpu))
                    if repeats == 1:  # the same documents again: every item already known
                        keep("again", vigia(storage, documents))
                    stored = storage.counts().articles
                finally:
                    storage.close()
    print(line("(a) feedparser.parse(bytes), feedparser's defaults", *best["bare"], items))
    print(line("    the same, sanitize_html/resolve_relative_uris off", *best["bare_off"], items))
    print(line("(b) Vigía: parse + normalise + store (poll_feed)", *best["vigia"], items))
    ratio = best["bare"][0] / best["vigia"][0]
    print(f"        Vigía/feedparser {ratio:.2f}x (goal >= {GOAL}x: {'met' if ratio >= GOAL else 'NOT met'}); "
          f"by CPU time {best['bare'][1] / best['vigia'][1]:.2f}x; against feedparser with both "
          f"options off {best['bare_off'][0] / best['vigia'][0]:.2f}x "
          f"(CPU {best['bare_off'][1] / best['vigia'][1]:.2f}x)")
    print(f"        each pass stored {new // repeats} new articles"
          f" (= the distinct canonical URLs: {'yes' if new // repeats == len(distinct) else 'NO'});"
          f" {stored} in the store after the last")
    if "again" in best:
        print(line("    re-poll of the same documents, all items known", *best["again"], items))
        print(f"        Vigía/feedparser {best['bare'][0] / best['again'][0]:.2f}x "
              f"(CPU {best['bare'][1] / best['again'][1]:.2f}x)")
    print(f"        share of time by step: {step_shares(tmp, documents, repeats)}")
    return ratio, best["bare"][1] / best["vigia"][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="rows of peru-news-items.csv sampled")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--rounds", type=int, default=5,
                        help="time each path this many times (alternating), keep the best")
    parser.add_argument("--capture-repeats", type=int, default=60,
                        help="polls of the three real captures per round (they hold a few items each)")
    parser.add_argument("--data-dir", "--data", dest="data_dir", type=Path, default=None,
                        help="the shared data folder (default $VIGIA_DATA_DIR or ../shared/data)")
    args = parser.parse_args()
    folder = data_dir(args.data_dir)
    if not (folder / ITEMS_CSV).is_file():
        raise SystemExit(f"{folder / ITEMS_CSV} not found: pass --data-dir or set VIGIA_DATA_DIR")

    started = time.perf_counter()
    print(f"feedparser {feedparser.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} at start; data from {folder}")
    documents = csv_documents(folder, args.n, args.seed)
    captures = capture_documents(folder)
    with tempfile.TemporaryDirectory(prefix="vigia-bench-") as tmp:
        print(f"stores: SQLite files in WAL mode in {tmp}; best of {args.rounds} rounds, paths alternating")
        ratios = [measure("peru-news-items.csv sample", documents, Path(tmp), args.rounds, 1)]
        if captures:
            ratios.append(measure("real captures (feeds/*.xml)", captures, Path(tmp), args.rounds,
                                  args.capture_repeats))
        else:
            print(f"  no captures in {folder / 'feeds'}; skipped")
    print()
    print("summary, Vigía's parse + normalise + store rate / feedparser's bare parse rate "
          f"(goal >= {GOAL}x): " + "; ".join(
              f"{label} {wall:.2f}x by wall time, {cpu:.2f}x by CPU time"
              for label, (wall, cpu) in zip(("CSV sample", "real captures"), ratios))
          + f"; load average {os.getloadavg()[0]:.2f} at end; took {time.perf_counter() - started:.0f} s")
    print("        (" + ("goal met" if all(min(r) >= GOAL for r in ratios) else "goal NOT met on every line")
          + " by both measures)")


if __name__ == "__main__":
    main()
