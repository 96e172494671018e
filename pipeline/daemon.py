"""The daemon: APScheduler fires three jobs; all state lives in the database.

    every feeds.tick s     poll the feeds that are due     (ingest.poll_due)
    every extract.interval process pending articles        (process.process_pending)
    daily at summary.hour  write missing daily summaries   (summary.write_due_summaries)

SIGINT/SIGTERM set a stop flag: running jobs finish their current transaction and return, then
the process exits. Every write is a transaction, so even SIGKILL leaves no half-written row.
"""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from . import process, summary
from .config import Settings, load_feeds
from .events import merge_pending
from .ingest import PollReport, make_fetcher, poll_due, poll_feeds
from .lock import DaemonLock
from .storage import Storage

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class CycleReport:
    polls: list[PollReport] = field(default_factory=list)
    extracted: int = 0
    summaries: list = field(default_factory=list)


class Daemon:
    def __init__(self, settings: Settings, *, now: Callable[[], datetime] = utcnow):
        self.settings = settings
        self.now = now
        self.feeds = load_feeds(settings.feeds.file)
        self.regions = {feed.name: feed.region for feed in self.feeds}
        self.stop = threading.Event()
        self.fetcher = make_fetcher(settings.http)
        self._nlp = None
        self._nlp_lock = threading.Lock()
        with self.open_storage() as storage:
            storage.sync_feeds(self.feeds)

    def open_storage(self) -> Storage:
        store = self.settings.store
        return Storage(store.path, busy_timeout=store.busy_timeout, file_mode=int(store.file_mode, 8))

    def close(self) -> None:
        self.fetcher.close()

    # --- the jobs -----------------------------------------------------------------------------

    def poll(self, *, only: list[str] | None = None, force: bool = False) -> list[PollReport]:
        feeds = [f for f in self.feeds if only is None or f.name in only]
        if force:
            return poll_feeds(self.open_storage, self.fetcher, feeds, settings=self.settings.feeds,
                              now=self.now, stop=self.stop)
        return poll_due(self.open_storage, self.fetcher, feeds, settings=self.settings.feeds,
                        now=self.now, stop=self.stop)

    def nlp(self):
        with self._nlp_lock:
            if self._nlp is None:
                from .extract import load_pipeline
                self._nlp = load_pipeline()
            return self._nlp

    def process(self) -> int:
        """Extract pending articles, then fold their mentions into the event log."""
        with self.open_storage() as storage:
            done = 0
            if storage.pending_articles(1):
                done = process.process_pending(storage, batch_size=self.settings.extract.batch_size,
                                               nlp=self.nlp(), regions=self.regions, stop=self.stop,
                                               now=self.now)
            # Also picks up mentions stored by a run that stopped before merging them.
            merge_pending(storage, now=self.now())
            return done

    def summaries(self) -> list:
        with self.open_storage() as storage:
            return summary.write_due_summaries(storage, self.settings, self.now())

    def run_once(self) -> CycleReport:
        """One full cycle: poll due feeds, extract pending articles, write due summaries."""
        report = CycleReport()
        report.polls = self.poll()
        report.extracted = self.process()
        report.summaries = self.summaries()
        return report

    # --- forever ------------------------------------------------------------------------------

    def _guarded(self, name: str, job: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            if self.stop.is_set():
                return
            try:
                job()
            except Exception:
                # Logged with its traceback; the schedule goes on and retries at the next run.
                log.exception("job %s failed", name)
        return run

    def run(self) -> None:
        """Run until SIGINT/SIGTERM. The caller holds the daemon lock."""
        zone = self.settings.time.zone
        scheduler = BackgroundScheduler(timezone=zone, job_defaults={"coalesce": True, "max_instances": 1,
                                                                     "misfire_grace_time": None})
        start = datetime.now(timezone.utc)
        scheduler.add_job(self._guarded("poll", self.poll), "interval", seconds=self.settings.feeds.tick,
                          id="poll", next_run_time=start)
        scheduler.add_job(self._guarded("extract", self.process), "interval",
                          seconds=self.settings.extract.interval, id="extract", next_run_time=start)
        scheduler.add_job(self._guarded("summary", self.summaries),
                          CronTrigger(hour=self.settings.summary.hour, timezone=zone), id="summary")
        # A summary missed while the daemon was down is written now.
        scheduler.add_job(self._guarded("summary-catch-up", self.summaries), id="summary-catch-up")

        def on_signal(signum, frame):
            log.info("received %s, stopping after the current step", signal.Signals(signum).name)
            self.stop.set()

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        log.info("daemon started: %d feeds, database %s", len(self.feeds), self.settings.store.path)
        scheduler.start()
        try:
            while not self.stop.wait(0.5):
                pass
        finally:
            scheduler.shutdown(wait=True)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            log.info("daemon stopped")


def run_daemon(settings: Settings, *, once: bool = False) -> CycleReport | None:
    """Take the lock, then run one cycle or forever."""
    with DaemonLock(settings.store.path):
        daemon = Daemon(settings)
        try:
            if once:
                return daemon.run_once()
            daemon.run()
            return None
        finally:
            daemon.close()
