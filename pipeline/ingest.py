"""The ingest stage: poll feeds and keep every article.

    due feeds ─► Fetcher.get_feed ─► parse_feed ─► plan_articles ─► [get_page] ─► Storage.record_poll

``poll_feed`` does one feed start to end; ``poll_feeds`` runs several in a small thread pool (each
thread with its own database connection; writes are serialised by SQLite). Expected failures
(``FeedError``) are recorded on the feed, which backs off; the loop goes on. Anything else is
logged with its traceback, recorded as an internal error on the feed, and the loop goes on.
"""

from __future__ import annotations

import logging
import random
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable

from .clock import utcnow
from .config import FeedsSettings, HttpSettings
from .decide import next_poll, plan_articles
from .errors import FeedError, FetchError, StorageError
from .feeds import parse_feed
from .fetch import Fetcher
from .storage import PollRecord, Storage
from .types import FeedConfig

log = logging.getLogger(__name__)

#: at most this many article pages are fetched per poll of a fetch_pages feed
MAX_PAGES_PER_POLL = 20


@dataclass(frozen=True)
class PollReport:
    """What one poll did, for logs and the CLI."""

    feed: str
    outcome: str  # ok | not_modified | error
    http_status: int | None = None
    entries: int = 0
    new: int = 0
    changed: int = 0
    error: str | None = None


def make_fetcher(http: HttpSettings, **overrides) -> Fetcher:
    options: dict[str, Any] = dict(
        user_agent=http.user_agent, connect_timeout=http.connect_timeout,
        read_timeout=http.read_timeout, total_timeout=http.total_timeout,
        max_bytes=http.max_bytes, max_redirects=http.max_redirects,
        host_delay=http.host_delay, respect_robots=http.respect_robots)
    options.update(overrides)
    return Fetcher(**options)


def poll_feed(storage: Storage, fetcher: Fetcher, feed: FeedConfig, *, settings: FeedsSettings,
              now: Callable[[], datetime] = utcnow, rng: random.Random | None = None) -> PollReport:
    """Poll one feed now and store what it brought, with the feed's new state."""
    state = storage.feed_state(feed.name)
    if state is None:
        raise StorageError(f"feed {feed.name!r} is not in the store; sync the feed list first")
    interval = feed.interval or settings.interval
    started = now()
    try:
        result = fetcher.get_feed(state.url, etag=state.etag, last_modified=state.last_modified)
        if result.not_modified:
            poll = PollRecord(feed=feed.name, at=now(), outcome="not_modified", http_status=304,
                              next_due=next_poll(now(), interval=interval, jitter=settings.jitter, rng=rng),
                              permanent_url=result.permanent_url)
            storage.record_poll(poll)
            return PollReport(feed.name, "not_modified", 304)
        parsed = parse_feed(result.content, url=result.url, now=started)
        by_url, by_guid = storage.known_articles(parsed.entries)
        plan = plan_articles(parsed.entries, outlet=feed.outlet, by_url=by_url, by_guid=by_guid)
        pages = fetch_pages(fetcher, feed, plan) if feed.fetch_pages else {}
        poll = PollRecord(
            feed=feed.name, at=now(), outcome="ok", http_status=result.status,
            entries=len(parsed.entries), error=parsed.warning,
            next_due=next_poll(now(), interval=interval, jitter=settings.jitter, rng=rng),
            etag=result.etag, last_modified=result.last_modified, permanent_url=result.permanent_url)
        new, changed = storage.record_poll(poll, plan, pages=pages)
        if parsed.warning:
            log.warning("feed %s: kept %d entries of a partly broken document: %s",
                        feed.name, len(parsed.entries), parsed.warning)
        return PollReport(feed.name, "ok", result.status, len(parsed.entries), new, changed, parsed.warning)
    except FeedError as error:
        failures = state.failures + 1
        poll = PollRecord(
            feed=feed.name, at=now(), outcome="error", http_status=error.status, error=str(error),
            next_due=next_poll(now(), interval=interval, jitter=settings.jitter, failures=failures,
                               retry_after=error.retry_after, max_backoff=settings.max_backoff, rng=rng))
        storage.record_poll(poll)
        log.warning("feed %s failed (%d in a row): %s", feed.name, failures, error)
        return PollReport(feed.name, "error", error.status, error=str(error))


def fetch_pages(fetcher: Fetcher, feed: FeedConfig, plan) -> dict[str, str]:
    """Article texts for new or changed entries that came with a summary only."""
    pages: dict[str, str] = {}
    wanted = [e for e in plan.new if not e.body] + [e for _, e in plan.changed if not e.body]
    for entry in wanted[:MAX_PAGES_PER_POLL]:
        try:
            text = fetcher.get_page(entry.url)
        except FetchError as error:
            log.info("feed %s: article page %s not fetched: %s", feed.name, entry.url, error)
            continue
        if text:
            pages[entry.url] = text
    return pages


def record_internal_error(storage: Storage, feed: FeedConfig, error: BaseException, *,
                          settings: FeedsSettings, now: Callable[[], datetime] = utcnow) -> None:
    """A bug, not a feed problem: keep it visible on the feed and back off like a failure."""
    state = storage.feed_state(feed.name)
    failures = (state.failures if state else 0) + 1
    storage.record_poll(PollRecord(
        feed=feed.name, at=now(), outcome="error", error=f"internal error: {type(error).__name__}: {error}",
        next_due=next_poll(now(), interval=feed.interval or settings.interval, jitter=settings.jitter,
                           failures=failures, max_backoff=settings.max_backoff)))


def poll_feeds(open_storage: Callable[[], Storage], fetcher: Fetcher, feeds: Iterable[FeedConfig], *,
               settings: FeedsSettings, now: Callable[[], datetime] = utcnow,
               stop: threading.Event | None = None) -> list[PollReport]:
    """Poll these feeds, ``settings.workers`` at a time; returns a report per feed polled.

    ``open_storage`` makes one connection per worker thread. ``stop`` set: no new feed starts.
    """
    feeds = list(feeds)
    local = threading.local()
    connections: list[Storage] = []
    lock = threading.Lock()

    def storage() -> Storage:
        if not hasattr(local, "storage"):
            local.storage = open_storage()
            with lock:
                connections.append(local.storage)
        return local.storage

    def work(feed: FeedConfig) -> PollReport | None:
        if stop is not None and stop.is_set():
            return None
        try:
            return poll_feed(storage(), fetcher, feed, settings=settings, now=now)
        except StorageError:
            raise
        except Exception as error:  # a bug: log it loudly, keep it on the feed, go on
            log.exception("internal error while polling feed %s", feed.name)
            record_internal_error(storage(), feed, error, settings=settings, now=now)
            return PollReport(feed.name, "error", error=f"internal error: {error}")

    reports: list[PollReport] = []
    try:
        with ThreadPoolExecutor(max_workers=max(1, settings.workers), thread_name_prefix="poll") as pool:
            futures = {pool.submit(work, feed): feed for feed in feeds}
            for future in as_completed(futures):
                report = future.result()
                if report is not None:
                    reports.append(report)
    finally:
        for connection in connections:
            connection.close()
    return reports


def poll_due(open_storage: Callable[[], Storage], fetcher: Fetcher, feeds: Iterable[FeedConfig], *,
             settings: FeedsSettings, now: Callable[[], datetime] = utcnow,
             stop: threading.Event | None = None) -> list[PollReport]:
    """Poll the configured feeds whose next poll time has come."""
    by_name = {feed.name: feed for feed in feeds}
    with open_storage() as storage:
        due = [by_name[state.name] for state in storage.due_feeds(now()) if state.name in by_name]
    if not due:
        return []
    return poll_feeds(open_storage, fetcher, due, settings=settings, now=now, stop=stop)
