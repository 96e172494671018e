"""The front door: one ``Vigia`` owns the settings, the store, the one clock and the lazily loaded
spaCy pipeline, and offers every operation a user has. The daemon and the CLI call only it, as
reader's commands and plugins call only ``Reader`` (``make_reader``).

    with make_vigia() as vigia:                      # config/default.toml, a user file, VIGIA_*
        vigia.poll_due()                             # due feeds ─► articles        (ingest)
        vigia.extract_pending()                      # articles ─► mentions ─► events (process, events)
        vigia.find_events(Filters(department="Lima"), limit=20)   # (queries)
        vigia.summary(date(2026, 3, 3))              # the daily summary's content (summary)

Each method delegates to the module that does the work and passes it this object's store, its
settings and its clock (``now``, ``clock.utcnow`` unless a test gives another), so a test sets
one clock for every stored time. Nothing is opened when the object is made: the store on first
use (read-only, ``mode=ro``, with ``readonly=True``: no file, folder or migration is created),
the HTTP client on the first poll, the spaCy pipeline when an article waits for extraction.

Connections: ``storage`` is this thread's connection, opened when first used and closed by
``close()`` (the daemon's jobs run in several threads, each with its own); ``open_storage()``
is a new connection its caller closes (the poll workers, the CLI's event-log commands).

This module imports only light modules at load time: ``pipeline`` exports ``Vigia``, and
``vigia run`` must install its signal handlers before the heavy imports (see ``daemon``).
"""

from __future__ import annotations

import os
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from . import clock

if TYPE_CHECKING:
    from .config import Settings
    from .events import MergeReport  # noqa: F401
    from .fetch import Fetcher
    from .importer import ImportReport
    from .ingest import PollReport
    from .pending import ExtractReport
    from .queries import Filters
    from .storage import EventDetail, Storage, StoreCounts
    from .summary import DailySummary
    from .types import FeedConfig, FeedState


class Vigia:
    """Vigía's state and operations. A context manager; ``close()`` closes what it opened.

    ``now`` is the one clock (UTC-aware). ``readonly`` opens the store with ``mode=ro``, for
    commands that only read. ``stop``, when set (SIGINT/SIGTERM in the daemon), ends polling and
    extraction after the current transaction. ``nlp`` is a spaCy pipeline to use instead of
    loading the packaged one.
    """

    def __init__(self, settings: Settings, *, now: Callable[[], datetime] = clock.utcnow,
                 readonly: bool = False, stop: threading.Event | None = None, nlp=None):
        self.settings = settings
        self.now = now
        self.readonly = readonly
        self.stop = stop if stop is not None else threading.Event()
        self._nlp = nlp
        self._nlp_lock = threading.Lock()
        self._feeds: list[FeedConfig] | None = None
        self._fetcher: Fetcher | None = None
        self._local = threading.local()
        self._opened: list[Storage] = []
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, **options) -> Vigia:
        """A ``Vigia`` over settings already loaded (``config.load_settings``)."""
        return cls(settings, **options)

    def __enter__(self) -> Vigia:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close every connection this object opened and its HTTP client. It may be used again:
        they are opened anew when needed."""
        with self._lock:
            opened, self._opened = self._opened, []
            fetcher, self._fetcher = self._fetcher, None
            self._local = threading.local()
        try:
            for storage in opened:
                storage.close()
        finally:
            if fetcher is not None:
                fetcher.close()

    # --- what it owns ---------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The database file."""
        return Path(self.settings.store.path)

    def open_storage(self) -> Storage:
        """A new connection to the store, which the caller closes (``with vigia.open_storage() as s``)."""
        from .storage import Storage
        store = self.settings.store
        return Storage(store.path, busy_timeout=store.busy_timeout, file_mode=int(store.file_mode, 8),
                       readonly=self.readonly)

    @property
    def storage(self) -> Storage:
        """This thread's connection to the store, opened when first used, closed by ``close()``."""
        storage = getattr(self._local, "storage", None)
        if storage is None:
            storage = self.open_storage()
            self._local.storage = storage
            with self._lock:
                self._opened.append(storage)
        return storage

    @property
    def feeds(self) -> list[FeedConfig]:
        """The configured feeds (``feeds.file``), read when first needed; ConfigError names a bad one."""
        if self._feeds is None:
            from .config import load_feeds
            self._feeds = load_feeds(self.settings.feeds.file)
        return self._feeds

    @property
    def regions(self) -> dict[str, str | None]:
        """Each feed's region hint for extraction, by feed name."""
        return {feed.name: feed.region for feed in self.feeds}

    @property
    def fetcher(self) -> Fetcher:
        """The HTTP client of the polls (``http`` settings), made when first needed."""
        with self._lock:
            if self._fetcher is None:
                from .ingest import make_fetcher
                self._fetcher = make_fetcher(self.settings.http)
            return self._fetcher

    def nlp(self):
        """The spaCy pipeline, loaded once, on first use (several seconds)."""
        with self._nlp_lock:
            if self._nlp is None:
                from .extract import load_pipeline
                self._nlp = load_pipeline()
            return self._nlp

    def today(self) -> date:
        """Today by the clock, in ``time.zone`` (Lima)."""
        from zoneinfo import ZoneInfo
        return self.now().astimezone(ZoneInfo(self.settings.time.zone)).date()

    # --- feeds ----------------------------------------------------------------------------------

    def sync_feeds(self) -> None:
        """Record the configured feed list in the store (new feeds added, removed ones inactive)."""
        feeds = self.feeds  # a bad feed list is named before the store is touched
        self.storage.sync_feeds(feeds)

    def feed_states(self) -> list[FeedState]:
        """Every active feed's state in the store: last success and error, failures, next poll."""
        return self.storage.feed_states()

    def _chosen(self, names: list[str] | None) -> list[FeedConfig]:
        return [f for f in self.feeds if names is None or f.name in names]

    def poll_due(self, names: list[str] | None = None) -> list[PollReport]:
        """Poll the configured feeds (or those named) that are due; each outcome is stored on its feed."""
        from .ingest import poll_due
        return poll_due(self.open_storage, self.fetcher, self._chosen(names), settings=self.settings.feeds,
                        now=self.now, stop=self.stop)

    def poll_now(self, names: list[str] | None = None) -> list[PollReport]:
        """Poll the configured feeds (or those named) now, whether due or not."""
        from .ingest import poll_feeds
        return poll_feeds(self.open_storage, self.fetcher, self._chosen(names), settings=self.settings.feeds,
                          now=self.now, stop=self.stop)

    # --- extraction: always extract, then merge -------------------------------------------------

    def extract_pending(self, *, limit: int | None = None,
                        progress: Callable[[int], None] | None = None) -> ExtractReport:
        """Extract the articles waiting for it and merge their mentions into the event log, a batch
        (``extract.batch_size``) at a time; then merge mentions an earlier run left unmerged. The
        pipeline is loaded only when an article waits."""
        from .pending import extract_pending
        return extract_pending(self.storage, batch_size=self.settings.extract.batch_size, load_nlp=self.nlp,
                               regions=self.regions, stop=self.stop, limit=limit, now=self.now,
                               progress=progress)

    def reextract(self, since: datetime | None = None, *, progress: Callable[[int], None] | None = None) -> int:
        """Extract stored articles again (all, or published since ``since``) with the current
        extractor and merge them; manual splits and merges are kept. Returns articles done."""
        from .pending import reextract
        regions = self.regions  # the feed list is read before the store is opened
        return reextract(self.storage, since=since, batch_size=self.settings.extract.batch_size,
                         load_nlp=self.nlp, regions=regions, progress=progress, stop=self.stop, now=self.now)

    def import_file(self, path: str | os.PathLike,
                    progress: Callable[[str, int, int], None] | None = None) -> ImportReport:
        """Store the articles of a JSONL or CSV file (pseudo-feed "import"), then extract and merge
        what is pending (``extract_pending``). Importing a file twice changes nothing."""
        from .importer import import_file
        return import_file(self.storage, path, now=self.now, load_nlp=self.nlp,
                           batch_size=self.settings.extract.batch_size, progress=progress)

    # --- reading --------------------------------------------------------------------------------

    def find_events(self, filters: Filters | None = None, *, limit: int | None = 100) -> list[dict]:
        """Events, latest first, filtered (``queries.Filters``; QueryError names a bad value)."""
        from . import queries
        return queries.find_events(self.storage, filters or queries.Filters(), limit=limit)

    def event(self, event_id: int) -> EventDetail | None:
        """One event with its sources and history (``{"event", "sources", "history"}``), or None.
        A merged event is returned as it is: its ``merged_into`` names the one that kept it."""
        return self.storage.event_detail(event_id)

    def stats(self, filters: Filters | None = None, by: str = "month") -> list[dict]:
        """Counts of events, deaths and injured by ``by`` (``queries.STATS_BY``)."""
        from . import queries
        return queries.stats(self.storage, filters or queries.Filters(), by)

    def gangs(self) -> dict:
        """The gang registry with its activity, and the candidates awaiting review."""
        from . import queries
        return queries.gangs(self.storage)

    def counts(self) -> StoreCounts:
        """Articles (and those waiting for extraction), feeds, mentions, size, last poll."""
        return self.storage.counts()

    def summary(self, day: date | None = None, *, threshold: float | None = None) -> DailySummary:
        """The daily summary of ``day`` (default: yesterday in ``time.zone``), as of the clock's now.
        ``threshold``: unreviewed events below this confidence are held back from the most serious
        (default ``review.threshold``, as in the summaries the daemon writes; 0 holds none back)."""
        from .summary import build_summary
        day = day if day is not None else self.today() - timedelta(days=1)
        if threshold is None:
            threshold = self.settings.review.threshold
        return build_summary(self.storage, day, zone=self.settings.time.zone, now=self.now(), threshold=threshold)

    def review_queue(self, threshold: float | None = None, limit: int | None = None) -> list[dict]:
        """The events a person should review (``pipeline.review.queue``): unreviewed, with a
        confidence below ``threshold`` (default ``review.threshold``) or gang candidates, latest first."""
        from . import review
        threshold = self.settings.review.threshold if threshold is None else threshold
        return review.queue(self.storage, threshold, limit)

    #: ``review`` in issue 12's list of operations
    review = review_queue

    def review_export(self, output: str | os.PathLike):
        """Write the review decisions as labelled examples (``pipeline.review.export``)."""
        from . import review
        return review.export(self.storage, output, mode=int(self.settings.store.file_mode, 8))

    def review_decision(self, decision: str, event_id: int, **fields) -> int:
        """Accept, reject or correct an event (``pipeline.review``: ``accept``, ``reject``,
        ``correct``), as of the clock's now; ReviewError says in one line what cannot be done."""
        from . import review
        act = {"accept": review.accept, "reject": review.reject, "correct": review.correct}[decision]
        return act(self.storage, event_id, now=self.now(), **fields)

    # --- correcting the event log ---------------------------------------------------------------

    def split_event(self, event_id: int, article_ids: list[int]) -> int:
        """Move the sources from ``article_ids`` out of an event into a new one (pinned)."""
        from .events import split_event
        return split_event(self.storage, event_id, article_ids, now=self.now())

    def merge_events(self, keep_id: int, other_id: int) -> int:
        """Merge event ``other_id`` into ``keep_id`` (pinned); returns the kept id."""
        from .events import merge_events
        return merge_events(self.storage, keep_id, other_id, now=self.now())

    def regroup(self) -> tuple[int, int, int]:
        """Group every source again in publication order (``events.remerge``): (events whose
        sources changed, live events before, live events after)."""
        from .events import remerge
        before = self.storage.live_events()
        report = remerge(self.storage, now=self.now())
        return report.regrouped, before, self.storage.live_events()

    def write_due_summaries(self) -> list[Path]:
        """Write the summary files of past days that have none yet (``summary.dir``)."""
        from .summary import write_due_summaries
        return write_due_summaries(self.storage, self.settings, self.now())

    def backup(self, destination: str | os.PathLike) -> Path:
        """A consistent copy of the store at ``destination`` (a new file), while the daemon writes."""
        from . import outputs
        outputs.check_target(destination, database=self.path)
        mode = int(self.settings.store.file_mode, 8)
        storage = self.storage  # opened (and refused, if it must be) before the scratch file is made
        with outputs.atomic_path(destination, database=self.path) as scratch:
            storage.backup(scratch, file_mode=mode)
        return Path(destination)


def make_vigia(config: str | os.PathLike | None = None, db: str | os.PathLike | None = None, *,
               env: Mapping[str, str] | None = None, **options) -> Vigia:
    """A ``Vigia`` from the settings: packaged defaults, then ``config`` (or ``VIGIA_CONFIG``), then
    ``VIGIA_*`` variables, then ``db`` over the database path. ``options`` go to ``Vigia``."""
    from .config import load_settings
    env = dict(os.environ if env is None else env)
    if db is not None:
        env["VIGIA_DB"] = os.fspath(db)
    return Vigia(load_settings(config, env=env), **options)


__all__ = ["Vigia", "make_vigia"]
