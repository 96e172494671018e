"""The daemon: APScheduler fires three jobs, each a call on the front door; all state lives in
the database.

    every feeds.tick s     poll the feeds that are due     (Vigia.poll_due), then a status line
    every extract.interval extract pending articles, merge (Vigia.extract_pending); the first
                           run right after the first poll round, which runs alone
    daily at summary.hour  write missing daily summaries   (Vigia.write_due_summaries)
    every STATUS_EVERY s   a status line, when no poll round logged one since

The ``Daemon`` keeps only the schedule and what its status lines need; the store, the HTTP
client, the spaCy pipeline and the clock belong to its ``Vigia`` (``pipeline.app``).

A first run explains itself: after each poll round the daemon logs what it polled, how many feeds
are failing and when the next poll is (in ``time.zone``, labelled); when every feed fails it says
once "every feed is failing (N of N): is the network reachable? last error: …".

SIGINT/SIGTERM set a stop flag: running jobs finish their current transaction and return, then
the process exits with status 0. For ``vigia run`` the handlers are installed first thing, before
the heavy imports, the store and the model (``handle_signals_early``, called at the top of the CLI),
so a signal at any moment after the interpreter started gives a clean stop. Every write is a
transaction, so even SIGKILL leaves no half-written row.

This module imports only the standard library at load time (the CLI imports it for every command);
the scheduler, the store and the pipeline are imported when a daemon is built.
"""

from __future__ import annotations

# Only what the signal handling needs is imported here: the CLI imports this module first thing.
import os
import signal
import sys
import threading
from datetime import datetime, timedelta, timezone

from .clock import utcnow

if False:  # for type checkers only (typing itself is not imported at start-up)
    from typing import Callable

    from .app import Vigia
    from .config import Settings
    from .ingest import PollReport
    from .storage import Storage


class _Log:
    """``logging.getLogger(__name__)``, imported when first used."""

    def __getattr__(self, name):
        import logging
        return getattr(logging.getLogger(__name__), name)


log = _Log()

#: The log line that tells the daemon is up: lock held, store open, jobs scheduled, handlers set.
READY = "daemon started"
#: The start of the daemon's status lines (after a poll round, and every STATUS_EVERY seconds).
STATUS = "status:"
#: The start of the hint logged once when every feed is failing.
ALL_FAILING = "every feed is failing"
#: Seconds between two status lines when no poll round logged one.
STATUS_EVERY = 300.0

# --- signals, from the first moment of `vigia run` ---------------------------------------------

#: Set by SIGINT/SIGTERM once ``install_stop_handlers`` ran (``vigia run``).
STOP = threading.Event()
_installed = False

# Global options of ``vigia`` that take a value (see cli.py), to find the command in argv.
_VALUED = {"--config", "--db"}


#: Names of the stop signals received, in order. A handler only records and sets ``STOP``: it
#: never logs, since a signal can arrive while the main thread is inside a logging handler's flush
#: and logging from there fails with a reentrant call on the same stream. The main loop logs them.
RECEIVED: list[str] = []


def _on_stop_signal(signum, frame) -> None:
    RECEIVED.append(signal.Signals(signum).name)
    STOP.set()


def _log_received() -> None:
    if RECEIVED:
        log.info("received %s, stopping after the current step", RECEIVED[-1])
        RECEIVED.clear()


def install_stop_handlers() -> None:
    """SIGINT and SIGTERM set ``STOP`` from now on for the life of the process."""
    global _installed
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _on_stop_signal)
    _installed = True


def command_of(argv: list[str]) -> str | None:
    """The ``vigia`` subcommand named in argv (global options and their values skipped)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif arg == "--":
            continue
        elif arg.startswith("-"):
            continue
        else:
            return arg
    return None


def handle_signals_early(argv: list[str] | None = None) -> None:
    """Called at the top of the CLI, before its imports: for ``vigia run`` (with or without
    --once), SIGINT/SIGTERM only ask for a stop, from the first line of Vigía's code on. Other
    commands keep Python's default handling."""
    if argv is None:
        program = os.path.abspath(sys.argv[0]) if sys.argv and sys.argv[0] else ""
        if not (os.path.basename(program) == "vigia"
                or program == os.path.join(os.path.dirname(os.path.abspath(__file__)), "__main__.py")):
            return  # imported by another program (tests, an embedding application): leave its signals
        argv = sys.argv[1:]
    if command_of(argv) == "run":
        install_stop_handlers()


def local_time(moment: datetime | None, zone: str, *, label: bool = True, never: str = "never",
               short: bool = False) -> str:
    """``moment`` in ``zone`` as ``2026-12-01 05:47 America/Lima`` (``label=False``: without the
    zone, for tables that name it in their caption; ``short``: without the year, ``12-01 05:47``);
    ``never`` when there is none. A naive datetime is UTC, as the store keeps every time."""
    if moment is None:
        return never
    from zoneinfo import ZoneInfo
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    shown = moment.astimezone(ZoneInfo(zone)).strftime("%m-%d %H:%M" if short else "%Y-%m-%d %H:%M")
    return f"{shown} {zone}" if label else shown


def zone_caption(zone: str, now: datetime | None = None) -> str:
    """``times in America/Lima (UTC-05:00)``: the caption of a table whose times are in ``zone``."""
    from zoneinfo import ZoneInfo
    offset = (now or utcnow()).astimezone(ZoneInfo(zone)).strftime("%z")
    return f"times in {zone} (UTC{offset[:3]}:{offset[3:]})"


def in_words(delay: float) -> str:
    """A wait as people say it: ``now``, ``in 40 s``, ``in 12 min``, ``in 3 h 5 min``."""
    seconds = int(round(delay))
    if seconds <= 0:
        return "now"
    if seconds < 60:
        return f"in {seconds} s"
    if seconds < 3600:
        return f"in {seconds // 60} min"
    hours, minutes = divmod(seconds // 60, 60)
    return f"in {hours} h {minutes} min" if minutes else f"in {hours} h"


def next_poll_at(states: list, now: datetime) -> datetime:
    """The earliest next poll among these feed states (a feed never polled is due now)."""
    return min((s.next_due or now for s in states), default=now)


def all_failing_hint(states: list) -> str | None:
    """"every feed is failing (N of N): is the network reachable? last error: …" when every
    active feed's last poll failed; None otherwise (or with no feed)."""
    if not states or any(s.failures == 0 for s in states):
        return None
    latest = max(states, key=lambda s: s.last_error_at or datetime.min.replace(tzinfo=timezone.utc))
    error = latest.last_error or "unknown"
    return (f"{ALL_FAILING} ({len(states)} of {len(states)}): is the network reachable? "
            f"last error: {latest.name}: {error}")


class CycleReport:
    """What ``run --once`` did; ``stopped`` when a stop request ended it early. ``feeds`` holds
    every configured feed's state after the poll step (``skipped`` those not due: backed off
    after failures, or polled recently)."""

    def __init__(self, polls: list[PollReport] | None = None, extracted: int = 0,
                 summaries: list | None = None, stopped: bool = False, feeds: list | None = None,
                 now: datetime | None = None):
        self.polls = polls if polls is not None else []
        self.extracted = extracted
        self.summaries = summaries if summaries is not None else []
        self.stopped = stopped
        self.feeds = feeds if feeds is not None else []
        self.now = now or utcnow()

    @property
    def skipped(self) -> list:
        """Feeds not polled because they were not due, soonest first."""
        polled = {r.feed for r in self.polls}
        return sorted((s for s in self.feeds if s.name not in polled),
                      key=lambda s: (s.next_due or self.now, s.name))

    @property
    def backed_off(self) -> list:
        """Skipped feeds that wait because their last polls failed."""
        return [s for s in self.skipped if s.failures]


class Daemon:
    """The schedule around a ``Vigia``: made from settings (with ``now`` and ``stop`` passed on to
    the Vigia it makes) or around a given ``vigia``, whose clock and stop flag it then uses."""

    def __init__(self, settings: Settings | None = None, *, now: Callable[[], datetime] = utcnow,
                 stop: threading.Event | None = None, vigia: Vigia | None = None):
        if vigia is None:
            if settings is None:
                raise TypeError("Daemon needs settings or a vigia")
            from .app import Vigia
            vigia = Vigia(settings, now=now, stop=stop)
        self.vigia = vigia
        self.settings = vigia.settings
        self.now = vigia.now
        self.stop = vigia.stop
        self._hinted = False          # the all-failing hint was logged and no feed recovered since
        self._status_logged = float("-inf")  # time.monotonic() of the last status line
        self._scheduler = None        # the running scheduler (run): the first poll round starts extraction
        self._extract_started = False
        try:
            self.feeds = vigia.feeds
            self.regions = vigia.regions
            vigia.sync_feeds()
        except BaseException:
            vigia.close()
            raise

    def open_storage(self) -> Storage:
        """A new connection to the store (the caller closes it)."""
        return self.vigia.open_storage()

    def close(self) -> None:
        self.vigia.close()

    # --- the jobs -----------------------------------------------------------------------------

    def poll(self, *, only: list[str] | None = None, force: bool = False) -> list[PollReport]:
        if force:
            return self.vigia.poll_now(only)
        return self.vigia.poll_due(only)

    def feed_states(self) -> list:
        """The configured feeds' states, in the order of the feed list."""
        by_name = {s.name: s for s in self.vigia.feed_states()}
        return [by_name[f.name] for f in self.feeds if f.name in by_name]

    def poll_round(self) -> list[PollReport]:
        """The poll job: poll the due feeds, then say so in a status line (and, once, that every
        feed is failing) when anything was polled."""
        reports = self.poll()
        if reports and not self.stop.is_set():
            self.log_status(reports)
        scheduler = self._scheduler
        if scheduler is not None and not self._extract_started and not self.stop.is_set():
            # The first poll round runs alone: loading the model and extracting the backlog would
            # hold the interpreter while feeds answer, and a feed that moves on by itself could
            # slide past items before they are stored. Extraction starts once it is done.
            self._extract_started = True
            try:
                scheduler.modify_job("extract", next_run_time=utcnow())
            except Exception:  # the scheduler is shutting down (a stop request): nothing to start
                pass
        return reports

    def log_status(self, reports: list[PollReport] | None = None) -> None:
        """One status line: the round's polls (if any), failing feeds, the next poll time; and the
        all-failing hint the first time every feed fails (again after a recovery)."""
        import time
        states = self.feed_states()
        now = self.now()
        zone = self.settings.time.zone
        failing = [s for s in states if s.failures]
        upcoming = next_poll_at(states, now)
        parts = []
        if reports:
            failed = sum(r.outcome == "error" for r in reports)
            parts.append(f"polled {len(reports)} feeds ({len(reports) - failed} ok, {failed} failed)")
        else:
            last = max((s.last_poll for s in states if s.last_poll), default=None)
            parts.append(f"{len(states)} feeds, last poll {local_time(last, zone)}")
        parts.append(f"{len(failing)} of {len(states)} failing")
        parts.append(f"next poll {local_time(upcoming, zone)} ({in_words((upcoming - now).total_seconds())})")
        log.info("%s %s", STATUS, "; ".join(parts))
        self._status_logged = time.monotonic()
        hint = all_failing_hint(states)
        if hint is None:
            self._hinted = False
        elif not self._hinted:
            self._hinted = True
            log.warning("%s (check the connection, a proxy or a firewall; the feeds are retried with "
                        "backoff, the next %s)", hint, in_words((upcoming - now).total_seconds()))

    def periodic_status(self) -> None:
        """The status job: a line every STATUS_EVERY seconds when no poll round logged one."""
        import time
        if time.monotonic() - self._status_logged >= STATUS_EVERY - 1:
            self.log_status()

    def nlp(self):
        return self.vigia.nlp()

    def process(self) -> int:
        """Extract pending articles, then fold their mentions into the event log."""
        return self.vigia.extract_pending().extracted

    def summaries(self) -> list:
        return self.vigia.write_due_summaries()

    def run_once(self) -> CycleReport:
        """One full cycle: poll due feeds, extract pending articles, write due summaries; a stop
        request ends it after the current step."""
        report = CycleReport()
        for step in ("polls", "extracted", "summaries"):
            if self.stop.is_set():
                report.stopped = True
                break
            if step == "polls":
                report.polls = self.poll()
                report.feeds = self.feed_states()
                report.now = self.now()
            elif step == "extracted":
                report.extracted = self.process()
            else:
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
        """Run until SIGINT/SIGTERM (or ``stop`` set). The caller holds the daemon lock."""
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.cron import CronTrigger

        def on_signal(signum, frame):
            RECEIVED.append(signal.Signals(signum).name)  # logged below, never from a handler
            self.stop.set()

        # Before anything else, so a signal from here on is a clean stop.
        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            zone = self.settings.time.zone
            scheduler = BackgroundScheduler(timezone=zone, job_defaults={
                "coalesce": True, "max_instances": 1, "misfire_grace_time": None})
            start = utcnow()  # the scheduler's own time, whatever clock the jobs are given
            scheduler.add_job(self._guarded("poll", self.poll_round), "interval",
                              seconds=self.settings.feeds.tick, id="poll", next_run_time=start)
            scheduler.add_job(self._guarded("status", self.periodic_status), "interval",
                              seconds=min(60.0, STATUS_EVERY), id="status")
            # Extraction's first run comes right after the first poll round (see poll_round).
            self._scheduler, self._extract_started = scheduler, False
            scheduler.add_job(self._guarded("extract", self.process), "interval",
                              seconds=self.settings.extract.interval, id="extract",
                              next_run_time=start + timedelta(seconds=self.settings.extract.interval))
            # First run now: a summary missed while the daemon was down is written at start. (Not
            # a separate one-off job: APScheduler 3 raises JobLookupError in its thread when it
            # removes a finished one-off job while shutdown() has begun, a SIGTERM at start.)
            scheduler.add_job(self._guarded("summary", self.summaries),
                              CronTrigger(hour=self.settings.summary.hour, timezone=zone), id="summary",
                              next_run_time=start)
            if self.stop.is_set():
                _log_received()
                log.info("daemon stopped before it started")
                return
            scheduler.start()
            log.info("%s: %d feeds, database %s, pid %d", READY, len(self.feeds),
                     self.settings.store.path, os.getpid())
            try:
                while not self.stop.wait(0.5):
                    pass
                _log_received()
            finally:
                scheduler.shutdown(wait=True)
                log.info("daemon stopped")
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _keep_store_open(settings: Settings) -> Storage:
    """The daemon's own connection, open for its whole life. It makes the store exist in WAL mode
    and creates its -wal and -shm files now, with the store's permissions (SQLite gives them the
    database file's mode; they are set to it here too, for files left by an older run), and keeps
    them: SQLite deletes them when the last connection closes, and a reader who may not write in
    the folder could not create them (or would create them as its own, which the daemon then cannot
    use). So read-only readers (``Storage(..., readonly=True)``) work beside the daemon."""
    from .storage import Storage
    store = settings.store
    keeper = Storage(store.path, busy_timeout=store.busy_timeout, file_mode=int(store.file_mode, 8))
    try:
        keeper.db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # creates -wal and -shm
        mode = os.stat(store.path).st_mode & 0o777
        for suffix in ("-wal", "-shm"):
            companion = f"{store.path}{suffix}"
            try:
                info = os.stat(companion)
            except FileNotFoundError:
                continue
            if info.st_uid != os.geteuid() and os.geteuid() != 0:
                log.warning("%s belongs to uid %d, not to the daemon: if writes fail, stop the "
                            "readers, delete it and start again", companion, info.st_uid)
            elif info.st_mode & 0o777 != mode:
                os.chmod(companion, mode)
    except BaseException:
        keeper.close()
        raise
    return keeper


def run_daemon(settings: Settings, *, once: bool = False) -> CycleReport | None:
    """Take the lock, then run one cycle or forever. A stop requested before the daemon is up
    (``vigia run`` handles SIGINT/SIGTERM from its first moment) ends it cleanly where it is."""
    from .lock import DaemonLock
    stop = STOP if _installed else threading.Event()
    if stop.is_set():
        log.info("stop requested before start; not starting")
        return CycleReport(stopped=True) if once else None
    with DaemonLock(settings.store.path, file_mode=int(settings.store.file_mode, 8)):
        keeper = _keep_store_open(settings)
        try:
            if stop.is_set():
                log.info("stop requested before start; not starting")
                return CycleReport(stopped=True) if once else None
            from .app import Vigia
            daemon = Daemon(vigia=Vigia(settings, stop=stop))
            try:
                if once:
                    return daemon.run_once()
                daemon.run()
                return None
            finally:
                daemon.close()
        finally:
            keeper.close()
