"""Storage: every read and write of the SQLite store goes through ``Storage``.

Contains no business logic: what to write is decided in ``decide.py`` (and later stages);
this module turns those decisions into SQL. Any method can raise StorageError.

The schema lives in code (``migrations`` below), applied at start-up, one transaction each and
recorded in ``_sqlite_migrations``; every column carries a comment in its CREATE statement,
which SQLite keeps (``sqlite3 db/vigia.db .schema``). All times are UTC ISO-8601 strings.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import urllib.parse
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .decide import ArticlePlan, Known, content_hash
from .errors import StorageError
from .types import Article, EntryData, FeedConfig, FeedState

migrations = Migrations("vigia")


@migrations()
def m001_feeds_articles(db: sqlite_utils.Database) -> None:
    db.execute("""
    CREATE TABLE feeds (
        name TEXT PRIMARY KEY,            -- short name from config/feeds.toml
        outlet TEXT NOT NULL,             -- the outlet as readers know it
        section TEXT NOT NULL DEFAULT '', -- section of the outlet, free text
        config_url TEXT NOT NULL,         -- the address as configured (a change resets url)
        url TEXT NOT NULL,                -- the address polled; a permanent redirect updates it
        active INTEGER NOT NULL DEFAULT 1,-- 0 once removed from feeds.toml (history is kept)
        etag TEXT,                        -- ETag of the last 200, sent as If-None-Match; null if none
        last_modified TEXT,               -- Last-Modified of the last 200, sent as If-Modified-Since
        last_poll TEXT,                   -- last attempt; null if never polled
        last_success TEXT,                -- last 200 or 304; null if never
        last_status INTEGER,              -- HTTP status of the last answer; null if none came
        last_error TEXT,                  -- message of the last failure; null if it never failed
        last_error_at TEXT,               -- when that failure happened
        failures INTEGER NOT NULL DEFAULT 0,   -- consecutive failed polls, 0 after a success
        next_due TEXT,                    -- not polled before this time; null: due now
        items_seen INTEGER NOT NULL DEFAULT 0  -- entries read over all polls
    )""")
    db.execute("""
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,           -- stable article id
        url TEXT NOT NULL UNIQUE,         -- canonical address: tracking parameters and AMP folded away
        guid TEXT,                        -- the feed entry's GUID/id; null if the feed gave none
        outlet TEXT NOT NULL,             -- outlet of the feed that first brought it
        feed TEXT NOT NULL,               -- name of the feed that first brought it
        title TEXT NOT NULL,              -- headline, plain text
        summary TEXT NOT NULL DEFAULT '', -- feed summary, plain text
        body TEXT NOT NULL DEFAULT '',    -- article text, plain: from the feed, or the page when fetch_pages
        author TEXT,                      -- byline; null if none
        published TEXT NOT NULL,          -- publication time; the fetch time when the feed gave none
        published_estimated INTEGER NOT NULL DEFAULT 0, -- 1 when published is the fetch time
        first_seen TEXT NOT NULL,         -- first poll that brought it
        last_seen TEXT NOT NULL,          -- latest poll that brought it
        updated_at TEXT,                  -- last time a poll brought changed text; null if never
        content_hash TEXT NOT NULL,       -- sha1 of title, summary and body as the feed gave them
        extract_pending INTEGER NOT NULL DEFAULT 1, -- 1: new or changed, waiting for extraction
        extracted_at TEXT,                -- last extraction; null if never
        extractor_version TEXT,           -- version of the extractor that made its mentions
        extract_error TEXT                -- message of the last failed extraction; null if none
    )""")
    db.execute("CREATE INDEX articles_guid ON articles(guid)")
    db.execute("CREATE INDEX articles_published ON articles(published)")
    db.execute("CREATE INDEX articles_pending ON articles(extract_pending) WHERE extract_pending = 1")
    db.execute("""
    CREATE TABLE article_sources (
        article_id INTEGER NOT NULL REFERENCES articles(id), -- the article
        feed TEXT NOT NULL,               -- a feed that brought it
        link TEXT NOT NULL,               -- the entry's own canonical link in that feed
        first_seen TEXT NOT NULL,         -- first time this feed brought it
        PRIMARY KEY (article_id, feed)
    )""")
    db.execute("""
    CREATE TABLE polls (
        id INTEGER PRIMARY KEY,
        feed TEXT NOT NULL,               -- feed name
        at TEXT NOT NULL,                 -- when the poll finished
        outcome TEXT NOT NULL,            -- 'ok', 'not_modified' or 'error'
        http_status INTEGER,              -- status of the answer; null when none came
        entries INTEGER NOT NULL DEFAULT 0,   -- entries in the document
        new INTEGER NOT NULL DEFAULT 0,       -- articles stored for the first time
        changed INTEGER NOT NULL DEFAULT 0,   -- articles whose text changed
        error TEXT                        -- failure or parser warning message; null if none
    )""")
    db.execute("CREATE INDEX polls_at ON polls(at)")
    db["articles"].enable_fts(["title", "summary", "body"], create_triggers=True,
                              tokenize="unicode61 remove_diacritics 2")


@migrations()
def m002_mentions(db: sqlite_utils.Database) -> None:
    db.execute("""
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id), -- the article it was read from
        position INTEGER NOT NULL,        -- 0 for the article's headline event, 1, 2… for the others
        kind TEXT NOT NULL,               -- incident, operation, measure or protest
        crime_types TEXT NOT NULL,        -- JSON list of crime type codes
        department TEXT,                  -- official department name; null if not found
        province TEXT,                    -- official INEI province name; null if not found
        district TEXT,                    -- official INEI district name; null if not found
        ubigeo TEXT,                      -- INEI code of the most precise place (padded)
        place_text TEXT,                  -- the place as written
        gangs TEXT NOT NULL,              -- JSON list of canonical gang names
        deaths INTEGER,                   -- people killed; null when not said
        injured INTEGER,                  -- people wounded; null when not said
        victim_sectors TEXT NOT NULL,     -- JSON list of sector codes
        occurred_on TEXT,                 -- YYYY-MM-DD; null if not resolved
        evidence TEXT NOT NULL,           -- the sentence the event rests on
        extra TEXT,                       -- JSON of extractor extras (gang candidates, field evidence)
        extractor_version TEXT NOT NULL,  -- version of the extractor that produced it
        extracted_at TEXT NOT NULL,       -- when
        UNIQUE (article_id, position)
    )""")


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to storage; use UTC-aware datetimes")
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class PollRecord:
    """The outcome of one poll, written in one transaction with its articles."""

    feed: str
    at: datetime
    outcome: str  # ok | not_modified | error
    next_due: datetime
    http_status: int | None = None
    entries: int = 0
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    permanent_url: str | None = None


@dataclass(frozen=True)
class StoreCounts:
    articles: int
    pending: int
    feeds: int
    failing: int
    mentions: int
    size_bytes: int
    last_poll: datetime | None


class Storage:
    """The SQLite store. Open with ``Storage(path)``; close with ``close()``."""

    def __init__(self, path: str | os.PathLike, *, busy_timeout: float = 30.0,
                 file_mode: int = 0o600, migrate: bool = True, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            self._open_readonly(busy_timeout)
            return
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if not self.path.exists():
                    # Created readable by its owner only: the store may hold research notes.
                    fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, file_mode)
                    os.close(fd)
            conn = sqlite3.connect(str(path), timeout=busy_timeout, check_same_thread=False)
            self.db = sqlite_utils.Database(conn)
            self.db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            if str(path) != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
            # WAL with synchronous=NORMAL is durable across process crashes (only a power
            # loss can lose the last commits), and much faster than FULL.
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            # Readers never take the write lock: migrations run only when some are pending.
            if migrate and migrations.pending(self.db):
                with self._write():
                    migrations.apply(self.db)
        except sqlite3.DatabaseError as error:
            raise StorageError(f"cannot open database {path}: {error}") from error
        except OSError as error:
            raise StorageError(f"cannot create database {path}: {error}") from error

    def _open_readonly(self, busy_timeout: float) -> None:
        """A connection that never writes (``mode=ro``), for commands that only read, so they work
        for a group reader beside the daemon: no file or folder is created, no migration, no PRAGMA
        that writes, no change of journal mode. While the daemon runs it keeps the -wal and -shm
        files open with the store's mode, and a reader uses them as they are."""
        path = self.path
        if str(path) == ":memory:":
            raise StorageError("a read-only store needs a database file, not :memory:")
        if not path.is_file():
            raise StorageError(f"no database at {path}; run `vigia run --once` or `vigia import FILE` "
                               "to create it")
        uri = "file:" + urllib.parse.quote(str(path.absolute())) + "?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout, check_same_thread=False)
            self.db = sqlite_utils.Database(conn)
            pending = migrations.pending(self.db)
        except sqlite3.DatabaseError as error:
            with contextlib.suppress(Exception):
                conn.close()
            hint = ""
            if "readonly" in str(error) or "unable to open" in str(error):
                hint = (" (its -wal/-shm files are missing and cannot be created by this user: they "
                        "exist while the daemon runs; start it, or read as the store's owner)")
            raise StorageError(f"cannot read database {path}: {error}{hint}") from error
        if pending:
            self.db.close()
            raise StorageError(f"database {path} is not up to date ({len(pending)} migrations pending); "
                               "start the daemon or run `vigia run --once` as its owner to upgrade it")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Storage":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- transactions -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction. BEGIN IMMEDIATE takes the write lock up front, so a concurrent
        writer waits for busy_timeout instead of failing on a stale read snapshot."""
        conn = self.db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StorageError(f"database {self.path} is busy or read-only: {error}") from error
        try:
            yield self.db
        except sqlite3.DatabaseError as error:
            conn.rollback()
            raise StorageError(f"write to {self.path} failed, nothing was changed: {error}") from error
        except BaseException:
            conn.rollback()
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as error:
                conn.rollback()
                raise StorageError(f"commit to {self.path} failed, nothing was changed: {error}") from error

    def _query(self, sql: str, params: Sequence | dict = ()) -> list[dict]:
        try:
            return list(self.db.query(sql, params))
        except sqlite3.DatabaseError as error:
            raise StorageError(f"read from {self.path} failed: {error}") from error

    # --- feeds --------------------------------------------------------------------------------

    def sync_feeds(self, feeds: Iterable[FeedConfig]) -> None:
        """Make the feeds table follow the configured list, keeping each feed's state."""
        feeds = list(feeds)
        with self._write() as db:
            current = {row["name"]: row for row in db.query("SELECT name, config_url FROM feeds")}
            for feed in feeds:
                row = current.get(feed.name)
                if row is None:
                    db.execute(
                        "INSERT INTO feeds (name, outlet, section, config_url, url) VALUES (?,?,?,?,?)",
                        [feed.name, feed.outlet, feed.section, feed.url, feed.url])
                elif row["config_url"] != feed.url:
                    # A new address in the config: forget the old validators and redirect target.
                    db.execute(
                        "UPDATE feeds SET outlet=?, section=?, config_url=?, url=?, active=1, etag=NULL, "
                        "last_modified=NULL, failures=0, next_due=NULL WHERE name=?",
                        [feed.outlet, feed.section, feed.url, feed.url, feed.name])
                else:
                    db.execute("UPDATE feeds SET outlet=?, section=?, active=1 WHERE name=?",
                               [feed.outlet, feed.section, feed.name])
            names = [feed.name for feed in feeds]
            db.execute(
                f"UPDATE feeds SET active=0 WHERE name NOT IN ({','.join('?' * len(names))})", names)

    def feed_states(self, *, active_only: bool = True) -> list[FeedState]:
        sql = "SELECT * FROM feeds" + (" WHERE active = 1" if active_only else "") + " ORDER BY name"
        return [self._feed_state(row) for row in self._query(sql)]

    def feed_state(self, name: str) -> FeedState | None:
        rows = self._query("SELECT * FROM feeds WHERE name = ?", [name])
        return self._feed_state(rows[0]) if rows else None

    def due_feeds(self, now: datetime) -> list[FeedState]:
        rows = self._query(
            "SELECT * FROM feeds WHERE active = 1 AND (next_due IS NULL OR next_due <= ?) "
            "ORDER BY coalesce(next_due, '') , name", [_iso(now)])
        return [self._feed_state(row) for row in rows]

    @staticmethod
    def _feed_state(row: dict) -> FeedState:
        return FeedState(
            name=row["name"], outlet=row["outlet"], url=row["url"], etag=row["etag"],
            last_modified=row["last_modified"], last_success=_dt(row["last_success"]),
            last_poll=_dt(row["last_poll"]), last_error=row["last_error"],
            last_error_at=_dt(row["last_error_at"]), failures=row["failures"],
            next_due=_dt(row["next_due"]), items_seen=row["items_seen"])

    # --- articles -----------------------------------------------------------------------------

    def known_articles(self, entries: Sequence[EntryData]) -> tuple[dict[str, Known], dict[str, Known]]:
        """The stored articles these entries may be, by canonical URL and by GUID."""
        urls = sorted({e.url for e in entries})
        guids = sorted({e.guid for e in entries if e.guid})
        by_url: dict[str, Known] = {}
        by_guid: dict[str, Known] = {}
        cols = "id, url, guid, outlet, content_hash, published_estimated"
        for chunk in _chunks(urls, 500):
            for row in self._query(f"SELECT {cols} FROM articles WHERE url IN ({','.join('?' * len(chunk))})", chunk):
                by_url[row["url"]] = _known(row)
        for chunk in _chunks(guids, 500):
            for row in self._query(f"SELECT {cols} FROM articles WHERE guid IN ({','.join('?' * len(chunk))})", chunk):
                by_guid.setdefault(row["guid"], _known(row))
        return by_url, by_guid

    def record_poll(self, poll: PollRecord, plan: ArticlePlan | None = None, *,
                    feed: FeedConfig | FeedState | None = None,
                    pages: dict[str, str] | None = None) -> tuple[int, int]:
        """Write a poll's articles and the feed's new state in one transaction.

        A crash before COMMIT leaves neither, so the next poll repeats the work: no article is
        half-written and none is lost. Returns (new, changed) article counts.
        """
        plan = plan or ArticlePlan()
        pages = pages or {}
        now = _iso(poll.at)
        new = changed = 0
        with self._write() as db:
            state = db.execute("SELECT outlet FROM feeds WHERE name = ?", [poll.feed]).fetchone()
            if state is None:
                raise StorageError(f"no such feed: {poll.feed}")
            outlet = state[0]
            ids: dict[str, int] = {}
            for entry in plan.new:
                body = pages.get(entry.url) or entry.body
                cursor = db.execute(
                    "INSERT INTO articles (url, guid, outlet, feed, title, summary, body, author, published, "
                    "published_estimated, first_seen, last_seen, content_hash) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(url) DO NOTHING",
                    [entry.url, entry.guid, outlet, poll.feed, entry.title, entry.summary, body,
                     entry.author, _iso(entry.published), int(entry.published_estimated), now, now,
                     content_hash(entry)])
                if cursor.rowcount:
                    new += 1
                    ids[entry.url] = cursor.lastrowid
                else:  # stored meanwhile by another writer: count it as seen
                    ids[entry.url] = db.execute("SELECT id FROM articles WHERE url=?", [entry.url]).fetchone()[0]
            for article_id, entry in plan.changed:
                body = pages.get(entry.url) or entry.body
                # A feed date replaces an estimated one; an estimated one never replaces a real date.
                db.execute(
                    "UPDATE articles SET title=?, summary=?, body=?, author=coalesce(?, author), "
                    "published = CASE WHEN ? = 0 OR published_estimated = 1 THEN ? ELSE published END, "
                    "published_estimated = published_estimated AND ?, "
                    "last_seen=?, updated_at=?, content_hash=?, extract_pending=1 WHERE id=?",
                    [entry.title, entry.summary, body, entry.author, int(entry.published_estimated),
                     _iso(entry.published), int(entry.published_estimated), now, now,
                     content_hash(entry), article_id])
                changed += 1
            for chunk in _chunks(plan.seen, 500):
                db.execute(f"UPDATE articles SET last_seen=? WHERE id IN ({','.join('?' * len(chunk))})",
                           [now, *chunk])
            db.conn.executemany(
                "INSERT INTO article_sources (article_id, feed, link, first_seen) VALUES (?,?,?,?) "
                "ON CONFLICT DO NOTHING",
                [(article_id if article_id is not None else ids[entry.url], poll.feed, entry.url, now)
                 for article_id, entry in plan.links
                 if article_id is not None or entry.url in ids])
            ok = poll.outcome != "error"
            db.execute(
                "UPDATE feeds SET last_poll=?, last_status=?, next_due=?, items_seen=items_seen+?, "
                "failures = CASE WHEN ? THEN 0 ELSE failures + 1 END, "
                "last_success = CASE WHEN ? THEN ? ELSE last_success END, "
                "last_error = CASE WHEN ? THEN last_error ELSE ? END, "
                "last_error_at = CASE WHEN ? THEN last_error_at ELSE ? END, "
                "etag = CASE WHEN ? = 'ok' THEN ? ELSE etag END, "
                "last_modified = CASE WHEN ? = 'ok' THEN ? ELSE last_modified END, "
                "url = coalesce(?, url) WHERE name=?",
                [now, poll.http_status, _iso(poll.next_due), poll.entries,
                 ok, ok, now, ok, poll.error, ok, now,
                 poll.outcome, poll.etag, poll.outcome, poll.last_modified,
                 poll.permanent_url, poll.feed])
            db.execute(
                "INSERT INTO polls (feed, at, outcome, http_status, entries, new, changed, error) "
                "VALUES (?,?,?,?,?,?,?,?)",
                [poll.feed, now, poll.outcome, poll.http_status, poll.entries, new, changed, poll.error])
        return new, changed

    def article(self, article_id: int) -> Article | None:
        rows = self._query("SELECT * FROM articles WHERE id = ?", [article_id])
        return _article(rows[0]) if rows else None

    def article_by_url(self, url: str) -> Article | None:
        rows = self._query("SELECT * FROM articles WHERE url = ?", [url])
        return _article(rows[0]) if rows else None

    def pending_articles(self, limit: int = 100) -> list[Article]:
        rows = self._query(
            "SELECT * FROM articles WHERE extract_pending = 1 ORDER BY id LIMIT ?", [limit])
        return [_article(row) for row in rows]

    def articles_since(self, since: datetime | None = None, *, after_id: int = 0,
                       limit: int = 500) -> list[Article]:
        """Articles published since ``since`` in id order, a page at a time (for re-extraction)."""
        rows = self._query(
            "SELECT * FROM articles WHERE id > ? AND (? IS NULL OR published >= ?) ORDER BY id LIMIT ?",
            [after_id, _iso(since), _iso(since), limit])
        return [_article(row) for row in rows]

    def search_articles(self, query: str, limit: int = 20) -> list[Article]:
        try:
            rows = list(self.db["articles"].search(query, limit=limit))
        except sqlite3.DatabaseError as error:
            raise StorageError(f"bad search {query!r}: {error}") from error
        return [_article(row) for row in rows]

    # --- mentions (the extraction stage's output) ---------------------------------------------

    def store_mentions(self, results: Iterable[tuple[int, list[dict] | None, str | None]], *,
                       version: str, now: datetime) -> int:
        """Replace the mentions of each article with a fresh extraction, in one transaction.

        ``results`` holds (article id, events, error): events are schema dicts (None on error).
        """
        stamp = _iso(now)
        count = 0
        with self._write() as db:
            for article_id, events, error in results:
                if error is not None:
                    db.execute("UPDATE articles SET extract_pending=0, extract_error=?, extracted_at=?, "
                               "extractor_version=? WHERE id=?", [error, stamp, version, article_id])
                    continue
                db.execute("DELETE FROM mentions WHERE article_id=?", [article_id])
                db.conn.executemany(
                    "INSERT INTO mentions (article_id, position, kind, crime_types, department, province, "
                    "district, ubigeo, place_text, gangs, deaths, injured, victim_sectors, occurred_on, "
                    "evidence, extra, extractor_version, extracted_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [_mention_row(article_id, position, event, version, stamp)
                     for position, event in enumerate(events or [])])
                count += len(events or [])
                db.execute("UPDATE articles SET extract_pending=0, extract_error=NULL, extracted_at=?, "
                           "extractor_version=? WHERE id=?", [stamp, version, article_id])
        return count

    def mentions(self, article_id: int) -> list[dict]:
        rows = self._query("SELECT * FROM mentions WHERE article_id=? ORDER BY position", [article_id])
        for row in rows:
            for key in ("crime_types", "gangs", "victim_sectors"):
                row[key] = json.loads(row[key])
            row["extra"] = json.loads(row["extra"]) if row["extra"] else {}
        return rows

    def import_articles(self, entries: Sequence[tuple[EntryData, str]], *, feed: str, now: datetime) -> tuple[int, int]:
        """Store archived articles ((entry, outlet) pairs) under a pseudo-feed that is never polled.

        An article already stored with the same text is left alone; with a different text it is
        updated and marked for extraction, like a changed feed entry. Returns (new, changed).
        """
        stamp = _iso(now)
        new = changed = 0
        with self._write() as db:
            db.execute("INSERT INTO feeds (name, outlet, section, config_url, url, active) "
                       "VALUES (?, 'archive', 'import', '', '', 0) ON CONFLICT(name) DO NOTHING", [feed])
            for entry, outlet in entries:
                digest = content_hash(entry)
                row = db.execute("SELECT id, content_hash FROM articles WHERE url = ?", [entry.url]).fetchone()
                if row is None:
                    cursor = db.execute(
                        "INSERT INTO articles (url, guid, outlet, feed, title, summary, body, author, published, "
                        "published_estimated, first_seen, last_seen, content_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        [entry.url, entry.guid, outlet, feed, entry.title, entry.summary, entry.body, entry.author,
                         _iso(entry.published), int(entry.published_estimated), stamp, stamp, digest])
                    article_id = cursor.lastrowid
                    new += 1
                elif row[1] != digest:
                    article_id = row[0]
                    db.execute("UPDATE articles SET title=?, summary=?, body=?, published=?, last_seen=?, "
                               "updated_at=?, content_hash=?, extract_pending=1 WHERE id=?",
                               [entry.title, entry.summary, entry.body, _iso(entry.published), stamp, stamp,
                                digest, article_id])
                    changed += 1
                else:
                    continue
                db.execute("INSERT INTO article_sources (article_id, feed, link, first_seen) VALUES (?,?,?,?) "
                           "ON CONFLICT DO NOTHING", [article_id, feed, entry.url, stamp])
        return new, changed

    # --- the event log ------------------------------------------------------------------------

    @contextlib.contextmanager
    def event_log(self) -> Iterator["EventLogWriter"]:
        """One write transaction over the event log (see ``EventLogWriter``)."""
        with self._write() as db:
            yield EventLogWriter(db)

    def refresh_statistics(self, *, growth: float = 0.1) -> bool:
        """Refresh the query planner's statistics when the event log grew by more than ``growth``
        since they were taken (or never were). Returns whether it ran ANALYZE.

        Without them SQLite picks poor plans for the event queries on a large store (stats by
        department over 200,000 events: 1 s instead of 60 ms); ANALYZE there takes about 1 s."""
        try:
            events = self.db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
            try:
                row = self.db.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'events' "
                                      "AND idx = 'events_department_day'").fetchone()
            except sqlite3.OperationalError:  # no statistics yet
                row = None
            known = int(row[0].split()[0]) if row else 0
            if row is not None and events <= known * (1 + growth) + 100:
                return False
            self.db.execute("ANALYZE")
            self.db.conn.commit()
            return True
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise StorageError(f"cannot refresh statistics of {self.path}: {error}") from error
            # Another writer holds the store: the statistics are refreshed next time.
            logging.getLogger(__name__).warning("planner statistics not refreshed: %s", error)
            return False
        except sqlite3.DatabaseError as error:
            raise StorageError(f"cannot refresh statistics of {self.path}: {error}") from error

    def event_log_reader(self) -> "EventLogWriter":
        """The same reads outside a transaction (for queries and reports)."""
        return EventLogWriter(self.db)

    # --- querying the event log ----------------------------------------------------------------

    @staticmethod
    def _event_where(*, since=None, until=None, kind=None, types=(), department=None, province=None,
                     district=None, gang=None, sector=None, min_deaths=None, search=None) -> tuple[str, list]:
        """WHERE clause over ``events e`` for the filters of ``vigia events`` (see queries.py)."""
        clauses, params = ["e.status = 'live'"], []
        if since:
            clauses.append("e.occurred_on >= ?")
            params.append(since)
        if until:
            clauses.append("e.occurred_on <= ?")
            params.append(until)
        if kind:
            clauses.append("e.kind = ?")
            params.append(kind)
        # Checked per event (primary key lookups) while the events are read in date order, so
        # `--type X` with a limit stops early instead of collecting every event of that type.
        for code in types or ():
            clauses.append("EXISTS (SELECT 1 FROM event_types t WHERE t.crime_type = ? AND t.event_id = e.id)")
            params.append(code)
        for column, value in (("department", department), ("province", province), ("district", district)):
            if value:
                clauses.append(f"e.{column} = ?")
                params.append(value)
        if gang:
            clauses.append("e.id IN (SELECT event_id FROM event_gangs WHERE gang = ?)")
            params.append(gang)
        if sector:
            clauses.append("EXISTS (SELECT 1 FROM event_sectors s WHERE s.sector = ? AND s.event_id = e.id)")
            params.append(sector)
        if min_deaths is not None:
            clauses.append("e.deaths >= ?")
            params.append(min_deaths)
        if search:
            clauses.append("e.id IN (SELECT em.event_id FROM articles_fts JOIN event_mentions em "
                           "ON em.article_id = articles_fts.rowid WHERE articles_fts MATCH ?)")
            params.append(search)
        return " AND ".join(clauses), params

    def find_events(self, *, limit: int | None = 100, offset: int = 0, **filters) -> list[dict]:
        """Live events (events_flat rows) matching the filters, latest first."""
        where, params = self._event_where(**filters)
        sql = (f"SELECT e.id AS event_id, {', '.join('e.' + c for c in _FLAT_COLUMNS)} FROM events e "
               f"WHERE {where} ORDER BY e.occurred_on DESC, e.id DESC")
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return self._query(sql, params)

    def event_stats(self, by: str, **filters) -> list[dict]:
        """Counts of events, deaths and injured grouped ``by`` month, week, day, department,
        province, kind, type or gang. Time groups are summed from days (``event_days`` when only
        dates filter, else read in index order), types and gangs from each event's list: no
        per-event join or sort."""
        where, params = self._event_where(**filters)
        if by in ("month", "week", "day") and not any(v for k, v in filters.items() if k not in ("since", "until")):
            # Only dates: the per-day totals the triggers keep (m006) answer it.
            since, until = filters.get("since"), filters.get("until")
            rows = self._query(
                "SELECT nullif(day, '') AS k, events, deaths, injured FROM event_days WHERE events > 0 "
                "AND (? IS NULL OR day >= ?) AND (? IS NULL OR (day <= ? AND day != ''))",
                [since, since, until, until])
            return self._sum_days(rows, by)
        totals = "count(*) AS events, coalesce(sum(e.deaths), 0) AS deaths, coalesce(sum(e.injured), 0) AS injured"
        if by in ("month", "week", "day", "type", "gang"):
            column = {"type": "e.crime_types", "gang": "e.gangs"}.get(by, "e.occurred_on")
            rows = self._query(f"SELECT {column} AS k, {totals} FROM events e WHERE {where} GROUP BY {column}",
                               params)
            if by in ("month", "week", "day"):
                return self._sum_days(rows, by)
            out: dict[str, dict] = {}
            for row in rows:
                keys = [k for k in (row["k"] or "").split(",") if k] or ([""] if by == "type" else [])
                for key in keys:
                    acc = out.setdefault(key, {by: key, "events": 0, "deaths": 0, "injured": 0})
                    for name in ("events", "deaths", "injured"):
                        acc[name] += row[name]
            return sorted(out.values(), key=lambda r: (-r["events"], r[by]))
        groups = {"department": ("coalesce(e.department, '')", "e.department"),
                  "province": ("coalesce(e.department, '') || ' / ' || coalesce(e.province, '')",
                               "e.department, e.province"),
                  "kind": ("e.kind", "e.kind")}
        if by not in groups:
            raise StorageError(f"bad value for by; expected one of month, week, day, type, gang, "
                               f"{', '.join(groups)}, got {by!r}")
        label, group = groups[by]
        return self._query(f"SELECT {label} AS {by}, {totals} FROM events e WHERE {where} "
                           f"GROUP BY {group} ORDER BY 2 DESC, 1", params)

    @staticmethod
    def _sum_days(rows: list[dict], by: str) -> list[dict]:
        out: dict[str, dict] = {}
        for row in rows:
            if row["k"] is None:
                key = ""
            else:
                day = date.fromisoformat(row["k"])
                key = {"month": row["k"][:7], "week": day.strftime("%Y-W%W"), "day": row["k"]}[by]
            acc = out.setdefault(key, {by: key, "events": 0, "deaths": 0, "injured": 0})
            for name in ("events", "deaths", "injured"):
                acc[name] += row[name]
        return sorted(out.values(), key=lambda r: r[by])

    def event_detail(self, event_id: int) -> dict | None:
        """An event (any status) with its sources and history: {"event", "sources", "history"}."""
        rows = self._query("SELECT * FROM events WHERE id = ?", [event_id])
        if not rows:
            return None
        sources = self._query(
            "SELECT em.article_id, em.position, a.url, a.outlet, a.published, a.title, m.evidence, m.deaths, "
            "m.injured, em.at_least, m.crime_types, m.department, m.province, m.district, m.occurred_on, "
            "em.score, em.reason, em.pinned FROM event_mentions em JOIN articles a ON a.id = em.article_id "
            "LEFT JOIN mentions m ON m.id = em.mention_id WHERE em.event_id = ? ORDER BY a.published, em.article_id",
            [event_id])
        history = self._query("SELECT at, action, detail FROM event_history WHERE event_id = ? ORDER BY id",
                              [event_id])
        for row in history:
            row["detail"] = json.loads(row["detail"])
        return {"event": rows[0], "sources": sources, "history": history}

    def gang_activity(self) -> list[dict]:
        """Per gang named in live events: events, deaths, departments, first and last day."""
        return self._query(
            "SELECT g.gang, count(*) AS events, coalesce(sum(e.deaths), 0) AS deaths, "
            "group_concat(DISTINCT e.department) AS departments, min(e.occurred_on) AS first_seen, "
            "max(e.occurred_on) AS last_seen FROM event_gangs g JOIN events e ON e.id = g.event_id "
            "WHERE e.status = 'live' GROUP BY g.gang ORDER BY events DESC, g.gang")

    def gang_candidates(self) -> list[dict]:
        """Names the extractor read as gangs but found in no registry, with how often and where."""
        return self._query(
            "SELECT c.value AS name, count(DISTINCT m.article_id) AS articles, max(a.published) AS last_seen, "
            "group_concat(DISTINCT m.department) AS departments FROM mentions m "
            "JOIN articles a ON a.id = m.article_id, "
            "json_each(coalesce(json_extract(m.extra, '$.extras.gang_candidates'), "
            "json_extract(m.extra, '$.gang_candidates'), '[]')) c "
            f"WHERE m.extra IS NOT NULL AND {_NOT_REJECTED} GROUP BY c.value ORDER BY articles DESC, name")

    def place_names(self, level: str) -> list[str]:
        """Distinct department/province/district names of live events."""
        if level not in ("department", "province", "district"):
            raise StorageError(f"bad value for level: {level!r}")
        return [r["name"] for r in self._query(
            f"SELECT DISTINCT {level} AS name FROM events WHERE {level} IS NOT NULL")]

    def has_place(self, level: str, name: str) -> bool:
        """Whether a live event has exactly this department/province/district name (indexed)."""
        if level not in ("department", "province", "district"):
            raise StorageError(f"bad value for level: {level!r}")
        return bool(self._query(f"SELECT 1 AS x FROM events WHERE {level} = ? LIMIT 1", [name]))

    def has_gang(self, name: str) -> bool:
        return bool(self._query("SELECT 1 AS x FROM event_gangs WHERE gang = ? LIMIT 1", [name]))

    def gang_names(self) -> list[str]:
        return [r["gang"] for r in self._query("SELECT DISTINCT gang FROM event_gangs")]

    # --- the review queue (pipeline/review.py) -------------------------------------------------

    def review_queue(self, threshold: float, limit: int | None = None) -> list[dict]:
        """Live events no person reviewed whose confidence is below ``threshold`` or whose sources
        name gang candidates (names missing from the registry), latest first."""
        sql = (f"SELECT e.id AS event_id, {', '.join('e.' + c for c in _FLAT_COLUMNS)}, "
               f"({_HAS_CANDIDATES}) AS has_candidates FROM events e "
               "WHERE e.status = 'live' AND e.review IS NULL "
               f"AND (e.confidence < ? OR {_HAS_CANDIDATES}) ORDER BY e.occurred_on DESC, e.id DESC")
        params: list = [threshold]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return self._query(sql, params)

    def event_candidates(self, event_ids: Sequence[int]) -> dict[int, list[str]]:
        """The gang candidates the sources of each event name, by event id."""
        out: dict[int, list[str]] = {i: [] for i in event_ids}
        for chunk in _chunks(list(event_ids), 500):
            for row in self._query(
                    "SELECT DISTINCT em.event_id, c.value AS name FROM event_mentions em "
                    "JOIN mentions m ON m.id = em.mention_id, "
                    f"json_each({_CANDIDATES_JSON}) c "
                    f"WHERE m.extra IS NOT NULL AND em.event_id IN ({','.join('?' * len(chunk))}) "
                    "ORDER BY em.event_id, c.value", chunk):
                out[row["event_id"]].append(row["name"])
        return out

    def reviewed_sources(self) -> list[dict]:
        """Every source (article, position) of every article that is a source of a reviewed event,
        with its event's fields and decision and the article's own claims: the review export's
        rows, by article (publication order) and position."""
        return self._query(
            "SELECT a.id AS article_id, a.url, a.published, em.position, e.id AS event_id, e.status, e.review, "
            "e.review_overrides, e.reviewed_at, e.kind, e.crime_types, e.department, e.province, e.district, "
            "e.gangs, e.victim_sectors, e.occurred_on, m.deaths AS claimed_deaths, m.injured AS claimed_injured "
            "FROM event_mentions em JOIN events e ON e.id = em.event_id JOIN articles a ON a.id = em.article_id "
            "LEFT JOIN mentions m ON m.id = em.mention_id "
            "WHERE em.article_id IN (SELECT r.article_id FROM event_mentions r JOIN events re ON re.id = r.event_id "
            "WHERE re.review IS NOT NULL) ORDER BY a.published, a.url, em.position")

    # --- status -------------------------------------------------------------------------------

    def live_events(self) -> int:
        """How many events are live (not merged into another, not emptied)."""
        return self.db.execute("SELECT count(*) FROM events WHERE status = 'live'").fetchone()[0]

    def counts(self) -> StoreCounts:
        row = self._query(
            "SELECT (SELECT count(*) FROM articles) AS articles, "
            "(SELECT count(*) FROM articles WHERE extract_pending = 1) AS pending, "
            "(SELECT count(*) FROM feeds WHERE active = 1) AS feeds, "
            "(SELECT count(*) FROM feeds WHERE active = 1 AND failures > 0) AS failing, "
            "(SELECT count(*) FROM mentions) AS mentions, "
            "(SELECT max(last_poll) FROM feeds) AS last_poll")[0]
        size = 0
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                size += os.path.getsize(str(self.path) + suffix)
        return StoreCounts(articles=row["articles"], pending=row["pending"], feeds=row["feeds"],
                           failing=row["failing"], mentions=row["mentions"], size_bytes=size,
                           last_poll=_dt(row["last_poll"]))

    def integrity_check(self) -> str:
        return self._query("PRAGMA integrity_check")[0]["integrity_check"]

    # --- the daily summary (read-only) ---------------------------------------------------------

    def events_between_days(self, first: str, last: str) -> list[dict]:
        """Live events whose day is in [first, last] (YYYY-MM-DD), for the summary's day and series."""
        return self._query(
            "SELECT id AS event_id, kind, crime_types, department, province, district, ubigeo, place_level, "
            "lat, lon, gangs, deaths, deaths_low, deaths_high, injured, injured_low, injured_high, "
            "victim_sectors, occurred_on, headline, sources, first_reported, created_at, updated_at, confidence, "
            "review FROM events WHERE status = 'live' AND occurred_on BETWEEN ? AND ?", [first, last])

    def event_sources(self, event_ids: Sequence[int]) -> list[dict]:
        rows: list[dict] = []
        for chunk in _chunks(list(event_ids), 500):
            rows += self._query(
                "SELECT em.event_id, a.url, a.outlet, a.published, a.title, em.at_least "
                f"FROM event_mentions em JOIN articles a ON a.id = em.article_id "
                f"WHERE em.event_id IN ({','.join('?' * len(chunk))}) ORDER BY a.published", chunk)
        return rows

    def history_between(self, start: datetime, end: datetime) -> list[dict]:
        """Event history entries in [start, end): what changed in the log in that window."""
        return self._query("SELECT event_id, at, action, detail FROM event_history WHERE at >= ? AND at < ? "
                           "ORDER BY at", [_iso(start), _iso(end)])

    def gangs_first_seen(self, gangs: Sequence[str]) -> dict[str, str]:
        """The first event day of each of these gangs."""
        if not gangs:
            return {}
        rows = self._query(
            "SELECT g.gang, min(e.occurred_on) AS first FROM event_gangs g JOIN events e ON e.id = g.event_id "
            f"WHERE g.gang IN ({','.join('?' * len(gangs))}) AND e.status = 'live' GROUP BY g.gang", list(gangs))
        return {row["gang"]: row["first"] for row in rows}

    def polls_between(self, start: datetime, end: datetime) -> list[dict]:
        return self._query(
            "SELECT feed, count(*) AS polls, sum(outcome = 'error') AS errors, sum(new) AS new, "
            "sum(changed) AS changed FROM polls WHERE at >= ? AND at < ? GROUP BY feed ORDER BY feed",
            [_iso(start), _iso(end)])

    def extraction_between(self, start: datetime, end: datetime) -> dict:
        """Articles published in the window: how many, how many gave events, errors, versions."""
        row = self._query(
            "SELECT count(*) AS articles, "
            "sum(EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id)) AS relevant, "
            "sum(a.extract_error IS NOT NULL) AS errors, "
            "group_concat(DISTINCT a.extractor_version) AS versions "
            "FROM articles a WHERE a.published >= ? AND a.published < ?", [_iso(start), _iso(end)])[0]
        candidates = self._query(
            "SELECT m.extra FROM mentions m JOIN articles a ON a.id = m.article_id "
            f"WHERE a.published >= ? AND a.published < ? AND m.extra LIKE '%gang_candidates%' AND {_NOT_REJECTED}",
            [_iso(start), _iso(end)])
        row["candidates"] = sorted({c for r in candidates for c in
                                    (json.loads(r["extra"]).get("extras", json.loads(r["extra"]))
                                     .get("gang_candidates") or [])})
        return row

    def backup(self, destination: str | os.PathLike, *, file_mode: int = 0o600) -> Path:
        """A consistent copy of the store made with SQLite's online backup, safe while the daemon
        writes (readers and the writer are not blocked for more than a page batch)."""
        target = Path(destination)
        if target.exists():
            raise StorageError(f"backup target {target} exists; choose a new file")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, file_mode))
            with contextlib.closing(sqlite3.connect(target)) as copy:
                self.db.conn.backup(copy, pages=1024)
        except (sqlite3.DatabaseError, OSError) as error:
            target.unlink(missing_ok=True)
            raise StorageError(f"backup to {target} failed: {error}") from error
        return target


#: a mention's gang candidates (the extractor stores them at the top of ``extra`` or under ``extras``)
_CANDIDATES_JSON = ("coalesce(json_extract(m.extra, '$.extras.gang_candidates'), "
                    "json_extract(m.extra, '$.gang_candidates'), '[]')")
#: the sources of event ``e`` name at least one gang candidate
_HAS_CANDIDATES = ("EXISTS (SELECT 1 FROM event_mentions em JOIN mentions m ON m.id = em.mention_id "
                   f"WHERE em.event_id = e.id AND m.extra IS NOT NULL AND json_array_length({_CANDIDATES_JSON}) > 0)")
#: mention ``m`` is not a source of a rejected event (a person's rejection leaves every count)
_NOT_REJECTED = ("NOT EXISTS (SELECT 1 FROM event_mentions rm JOIN events re ON re.id = rm.event_id "
                 "WHERE rm.mention_id = m.id AND re.status = 'rejected')")


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _known(row: dict) -> Known:
    return Known(id=row["id"], url=row["url"], guid=row["guid"], outlet=row["outlet"],
                 content_hash=row["content_hash"], published_estimated=bool(row["published_estimated"]))


def _article(row: dict) -> Article:
    return Article(
        id=row["id"], url=row["url"], guid=row["guid"], outlet=row["outlet"], feed=row["feed"],
        title=row["title"], summary=row["summary"], body=row["body"], author=row["author"],
        published=_dt(row["published"]), published_estimated=bool(row["published_estimated"]),
        first_seen=_dt(row["first_seen"]), last_seen=_dt(row["last_seen"]))


def _mention_row(article_id: int, position: int, event: dict, version: str, stamp: str) -> tuple:
    extra = {k: v for k, v in event.items() if k not in _SCHEMA_FIELDS}
    return (article_id, position, event.get("kind") or "incident",
            json.dumps(event.get("crime_types") or [], ensure_ascii=False),
            event.get("department"), event.get("province"), event.get("district"),
            event.get("ubigeo"), event.get("place_text"),
            json.dumps(event.get("gangs") or [], ensure_ascii=False),
            event.get("deaths"), event.get("injured"),
            json.dumps(event.get("victim_sectors") or [], ensure_ascii=False),
            event.get("occurred_on"), event.get("evidence") or "",
            json.dumps(extra, ensure_ascii=False) if extra else None, version, stamp)


_SCHEMA_FIELDS = {"kind", "crime_types", "department", "province", "district", "ubigeo", "place_text",
                  "gangs", "deaths", "injured", "victim_sectors", "occurred_on", "evidence"}


# --- the event log (issue 4) ------------------------------------------------------------------
# Appended after m002: an event is one real-world incident; its sources are mentions (one per
# article and position) joined through ``event_mentions``. The figures and lists of ``events``
# are a summary of its members, rewritten whenever they change (pipeline/events/).

@migrations()
def m003_events(db: sqlite_utils.Database) -> None:
    db.execute("""
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT, -- stable event id: never reused, kept across merges and re-extraction
        status TEXT NOT NULL DEFAULT 'live',  -- live; merged (into merged_into); empty (no source left)
        merged_into INTEGER,              -- for a merged event, the event that absorbed it
        kind TEXT NOT NULL,               -- incident, operation, measure or protest
        crime_types TEXT NOT NULL DEFAULT '', -- crime type codes, comma-separated (union of the sources)
        department TEXT,                  -- official department name; null if no source placed it
        province TEXT,                    -- official INEI province name; null below province precision
        district TEXT,                    -- official INEI district name; null below district precision
        ubigeo TEXT,                      -- INEI code of the most precise place the sources agree on (padded)
        place_level TEXT,                 -- precision of the place: district, province, department; null if unknown
        lat REAL,                         -- gazetteer latitude of that place (its level's centre); null if unknown
        lon REAL,                         -- gazetteer longitude
        gangs TEXT NOT NULL DEFAULT '',   -- canonical gang names, comma-separated (union of the sources)
        deaths INTEGER,                   -- shown death toll: the latest source that states one (see README)
        deaths_low INTEGER,               -- lowest death toll claimed by a source
        deaths_high INTEGER,              -- highest death toll claimed by a source
        injured INTEGER,                  -- shown injured count, same rule
        injured_low INTEGER,              -- lowest injured count claimed
        injured_high INTEGER,             -- highest injured count claimed
        victim_sectors TEXT NOT NULL DEFAULT '', -- victim sector codes, comma-separated
        occurred_on TEXT,                 -- YYYY-MM-DD: the day most sources give (the earliest on a tie);
                                          -- the first publication day when none resolves it
        first_reported TEXT,              -- publication time (UTC) of the earliest source
        last_reported TEXT,               -- publication time (UTC) of the latest source
        headline TEXT,                    -- title of the earliest source
        sources INTEGER NOT NULL DEFAULT 0, -- number of articles reporting it
        created_at TEXT NOT NULL,         -- when the event was created
        updated_at TEXT NOT NULL          -- last change of its sources or figures
    )""")
    db.execute("CREATE INDEX events_day ON events(status, occurred_on)")
    db.execute("CREATE INDEX events_department_day ON events(department, occurred_on)")
    db.execute("CREATE INDEX events_province_day ON events(province, occurred_on)")
    db.execute("CREATE INDEX events_district_day ON events(district, occurred_on)")
    db.execute("CREATE INDEX events_kind_day ON events(kind, occurred_on)")
    db.execute("""
    CREATE TABLE event_mentions (
        article_id INTEGER NOT NULL REFERENCES articles(id), -- the source article
        position INTEGER NOT NULL,        -- the mention's position in its article (0: headline event)
        event_id INTEGER NOT NULL REFERENCES events(id), -- the event this source belongs to
        mention_id INTEGER UNIQUE,        -- the current mentions row; null while a re-extraction replaced it
        pinned INTEGER NOT NULL DEFAULT 0,-- 1: placed by a person (events split/merge); never moved automatically
        score REAL,                       -- merge score when it joined an existing event; null when it created it
        reason TEXT,                      -- why it is in this event (merge reason, 'new event', 'manual …')
        at_least INTEGER NOT NULL DEFAULT 0, -- 1: its casualty claim is a lower bound ('al menos')
        assigned_at TEXT NOT NULL,        -- when it was put in this event
        PRIMARY KEY (article_id, position)
    )""")
    db.execute("CREATE INDEX event_mentions_event ON event_mentions(event_id)")
    # A re-extraction deletes an article's mentions and inserts new rows: the membership stays
    # (keeping the event id and any manual decision) and waits for its successor.
    db.execute("""
    CREATE TRIGGER mentions_replaced AFTER DELETE ON mentions BEGIN
        UPDATE event_mentions SET mention_id = NULL WHERE mention_id = old.id;
    END""")
    for table, column, comment in (("event_types", "crime_type", "a crime type code"),
                                   ("event_gangs", "gang", "a canonical gang name"),
                                   ("event_sectors", "sector", "a victim sector code")):
        db.execute(f"""
        CREATE TABLE {table} (
            event_id INTEGER NOT NULL REFERENCES events(id), -- a live event
            {column} TEXT NOT NULL,           -- {comment} of that event (one row each)
            PRIMARY KEY ({column}, event_id)
        ) WITHOUT ROWID""")
        db.execute(f"CREATE INDEX {table}_event ON {table}(event_id)")
    db.execute("""
    CREATE TABLE event_history (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES events(id), -- the event
        at TEXT NOT NULL,                 -- when
        action TEXT NOT NULL,             -- created, updated, merged or split
        detail TEXT NOT NULL              -- JSON: sources added or removed, score and reason, figures before/after
    )""")
    db.execute("CREATE INDEX event_history_event ON event_history(event_id, at)")
    db.execute("""
    CREATE VIEW events_flat AS  -- one row per live event, lists as comma-separated text
    SELECT e.id AS event_id, e.kind, e.crime_types, e.department, e.province, e.district, e.ubigeo,
           e.place_level, e.lat, e.lon, e.gangs, e.deaths, e.deaths_low, e.deaths_high,
           e.injured, e.injured_low, e.injured_high, e.victim_sectors, e.occurred_on,
           e.first_reported, e.updated_at, e.headline, e.sources
    FROM events e WHERE e.status = 'live'""")
    db.execute("""
    CREATE VIEW event_sources_flat AS  -- one row per (live event, source article): the casualty ledger
    SELECT em.event_id, em.article_id, a.url, a.outlet, a.published, a.title, m.evidence,
           m.deaths, m.injured, em.at_least, em.position, em.score, em.reason, em.pinned
    FROM event_mentions em
    JOIN events e ON e.id = em.event_id AND e.status = 'live'
    JOIN articles a ON a.id = em.article_id
    JOIN mentions m ON m.id = em.mention_id""")
    db.execute("""
    CREATE VIEW daily_counts AS  -- live events per day, department and crime type ('' when untyped)
    SELECT e.occurred_on AS day, coalesce(e.department, '') AS department,
           coalesce(t.crime_type, '') AS crime_type, count(*) AS events,
           coalesce(sum(e.deaths), 0) AS deaths, coalesce(sum(e.injured), 0) AS injured
    FROM events e LEFT JOIN event_types t ON t.event_id = e.id
    WHERE e.status = 'live' AND e.occurred_on IS NOT NULL
    GROUP BY 1, 2, 3""")


_SOURCE_COLUMNS = (
    "m.id AS mention_id, m.article_id, m.position, m.kind, m.crime_types, m.department, m.province, "
    "m.district, m.ubigeo, m.gangs, m.deaths, m.injured, m.victim_sectors, m.occurred_on, m.evidence, "
    "m.extra, a.title, a.published, a.outlet, a.url, "
    "substr(CASE WHEN a.body != '' THEN a.body ELSE a.summary END, 1, 600) AS lead")

_FLAT_COLUMNS = ("kind", "crime_types", "department", "province", "district", "ubigeo", "place_level", "lat",
                 "lon", "gangs", "deaths", "deaths_low", "deaths_high", "injured", "injured_low", "injured_high",
                 "victim_sectors", "occurred_on", "first_reported", "updated_at", "headline", "sources",
                 "confidence", "review")

_EVENT_COLUMNS = ("kind", "crime_types", "department", "province", "district", "ubigeo", "place_level",
                  "lat", "lon", "gangs", "deaths", "deaths_low", "deaths_high", "injured", "injured_low",
                  "injured_high", "victim_sectors", "occurred_on", "first_reported", "last_reported",
                  "headline", "sources", "confidence")


class EventLogWriter:
    """The event log's reads and writes, inside the caller's transaction. Contains no business
    logic: which mention joins which event is decided in ``pipeline/events/``."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def _rows(self, sql: str, params: Sequence = ()) -> list[dict]:
        cursor = self.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def unassigned_mentions(self) -> list[dict]:
        """Mentions in no event yet, earliest article first (then by URL, which, unlike row ids,
        is the same in every store of the same articles), with the slot their predecessor left
        (``slot_event``, ``slot_pinned``) when a re-extraction replaced them."""
        return self._rows(
            f"SELECT {_SOURCE_COLUMNS}, s.event_id AS slot_event, s.pinned AS slot_pinned "
            "FROM mentions m JOIN articles a ON a.id = m.article_id "
            "LEFT JOIN event_mentions s ON s.article_id = m.article_id AND s.position = m.position "
            "WHERE NOT EXISTS (SELECT 1 FROM event_mentions em WHERE em.mention_id = m.id) "
            "ORDER BY a.published, a.url, m.position")

    def unpinned_slots(self) -> list[dict]:
        """Every membership no person decided (``remerge`` regroups them)."""
        return self._rows("SELECT * FROM event_mentions WHERE pinned = 0 ORDER BY event_id, article_id, position")

    def lost_slots(self) -> list[dict]:
        """Memberships whose mention a re-extraction removed without successor."""
        return self._rows(
            "SELECT * FROM event_mentions em WHERE em.mention_id IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM mentions m WHERE m.article_id = em.article_id AND m.position = em.position)")

    def candidate_events(self, kind: str, day_from: str, day_to: str, department: str | None) -> list[int]:
        # Rejected events too: a further report of what a person rejected joins it and stays out
        # of every total, instead of starting a new event that asks for review again.
        rows = self.db.execute(
            "SELECT id FROM events WHERE status IN ('live', 'rejected') AND kind = ? AND occurred_on BETWEEN ? AND ? "
            "AND (? IS NULL OR department IS NULL OR department = ?) ORDER BY id",
            [kind, day_from, day_to, department, department]).fetchall()
        return [row[0] for row in rows]

    def members(self, event_ids: Iterable[int]) -> dict[int, list[dict]]:
        """The current sources of each event (mentions with their article), by event id."""
        ids = list(event_ids)
        out: dict[int, list[dict]] = {i: [] for i in ids}
        for chunk in _chunks(ids, 500):
            for row in self._rows(
                    f"SELECT em.event_id, em.pinned, em.at_least, em.score, em.reason, {_SOURCE_COLUMNS} "
                    "FROM event_mentions em JOIN mentions m ON m.id = em.mention_id "
                    "JOIN articles a ON a.id = m.article_id "
                    f"WHERE em.event_id IN ({','.join('?' * len(chunk))}) "
                    "ORDER BY a.published, m.article_id, m.position", chunk):
                out[row["event_id"]].append(row)
        return out

    def slots(self, event_id: int) -> list[dict]:
        return self._rows("SELECT * FROM event_mentions WHERE event_id = ? ORDER BY article_id, position",
                          [event_id])

    def event(self, event_id: int) -> dict | None:
        rows = self._rows("SELECT * FROM events WHERE id = ?", [event_id])
        return rows[0] if rows else None

    def create_event(self, kind: str, now: datetime) -> int:
        return self.db.execute("INSERT INTO events (kind, created_at, updated_at) VALUES (?,?,?)",
                               [kind, _iso(now), _iso(now)]).lastrowid

    def attach(self, *, article_id: int, position: int, mention_id: int | None, event_id: int,
               pinned: bool, score: float | None, reason: str, at_least: bool, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO event_mentions (article_id, position, event_id, mention_id, pinned, score, reason, "
            "at_least, assigned_at) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(article_id, position) DO UPDATE SET "
            "event_id=excluded.event_id, mention_id=excluded.mention_id, pinned=excluded.pinned, "
            "score=excluded.score, reason=excluded.reason, at_least=excluded.at_least, "
            "assigned_at=excluded.assigned_at",
            [article_id, position, event_id, mention_id, int(pinned), score, reason, int(at_least), _iso(now)])

    def detach(self, article_id: int, position: int) -> None:
        self.db.execute("DELETE FROM event_mentions WHERE article_id = ? AND position = ?", [article_id, position])

    def move_slot(self, article_id: int, position: int, event_id: int, *, pinned: bool, reason: str,
                  now: datetime) -> None:
        self.db.execute("UPDATE event_mentions SET event_id=?, pinned=?, reason=?, score=NULL, assigned_at=? "
                        "WHERE article_id=? AND position=?",
                        [event_id, int(pinned), reason, _iso(now), article_id, position])

    def pin(self, event_id: int) -> None:
        self.db.execute("UPDATE event_mentions SET pinned = 1 WHERE event_id = ?", [event_id])

    def write_event(self, event_id: int, fields: dict, *, now: datetime, status: str = "live",
                    merged_into: int | None = None) -> None:
        """Store an event's derived columns and its type, gang and sector rows."""
        values = [fields.get(c) for c in _EVENT_COLUMNS]
        self.db.execute(
            f"UPDATE events SET {', '.join(c + '=?' for c in _EVENT_COLUMNS)}, status=?, merged_into=?, "
            "updated_at=? WHERE id=?", [*values, status, merged_into, _iso(now), event_id])
        for table, column, key in (("event_types", "crime_type", "crime_types"), ("event_gangs", "gang", "gangs"),
                                   ("event_sectors", "sector", "victim_sectors")):
            self.db.execute(f"DELETE FROM {table} WHERE event_id = ?", [event_id])
            if status == "live":
                items = [i for i in (fields.get(key) or "").split(",") if i]
                self.db.conn.executemany(f"INSERT OR IGNORE INTO {table} (event_id, {column}) VALUES (?,?)",
                                         [(event_id, item) for item in items])

    def retire_event(self, event_id: int, *, status: str, merged_into: int | None, now: datetime) -> None:
        self.db.execute("UPDATE events SET status=?, merged_into=?, sources=0, updated_at=? WHERE id=?",
                        [status, merged_into, _iso(now), event_id])
        for table in ("event_types", "event_gangs", "event_sectors"):
            self.db.execute(f"DELETE FROM {table} WHERE event_id = ?", [event_id])

    def set_review(self, event_id: int, review: str | None, overrides: dict | None, now: datetime) -> None:
        """Store a person's decision on an event and the fields they corrected (applied by
        ``merging._refresh`` over what the sources say)."""
        self.db.execute("UPDATE events SET review=?, review_overrides=?, reviewed_at=? WHERE id=?",
                        [review, json.dumps(overrides, ensure_ascii=False) if overrides else None, _iso(now),
                         event_id])

    def record(self, event_id: int, action: str, detail: dict, now: datetime) -> None:
        self.db.execute("INSERT INTO event_history (event_id, at, action, detail) VALUES (?,?,?,?)",
                        [event_id, _iso(now), action, json.dumps(detail, ensure_ascii=False, default=str)])


@migrations()
def m004_event_stats_indexes(db: sqlite_utils.Database) -> None:
    # Covering indexes: `vigia stats` over every event, or a department's, reads an index in day
    # order and never the table (bench/query.py: 200,000 events).
    db.execute("DROP INDEX events_day")
    db.execute("CREATE INDEX events_day ON events(status, occurred_on, deaths, injured)")
    db.execute("DROP INDEX events_department_day")
    db.execute("CREATE INDEX events_department_day ON events(department, occurred_on, status, deaths, injured)")


@migrations()
def m005_event_stats_lists(db: sqlite_utils.Database) -> None:
    # Stats by type or gang read the lists from the same covering index.
    db.execute("DROP INDEX events_day")
    db.execute("CREATE INDEX events_day ON events(status, occurred_on, deaths, injured, crime_types, gangs)")


@migrations()
def m006_event_days(db: sqlite_utils.Database) -> None:
    # Live events, deaths and injured per day, kept exact by triggers: `vigia stats --by month`
    # over the whole log reads ~2,000 rows instead of every event.
    db.execute("""
    CREATE TABLE event_days (
        day TEXT PRIMARY KEY,             -- occurred_on of live events ('' for events without a day)
        events INTEGER NOT NULL,          -- live events that day
        deaths INTEGER NOT NULL,          -- sum of their shown death tolls
        injured INTEGER NOT NULL          -- sum of their shown injured counts
    ) WITHOUT ROWID""")
    add = ("INSERT INTO event_days (day, events, deaths, injured) "
           "SELECT coalesce(new.occurred_on, ''), 1, coalesce(new.deaths, 0), coalesce(new.injured, 0) "
           "WHERE new.status = 'live' ON CONFLICT(day) DO UPDATE SET events = events + 1, "
           "deaths = deaths + excluded.deaths, injured = injured + excluded.injured;")
    db.execute(f"CREATE TRIGGER events_days_insert AFTER INSERT ON events BEGIN {add} END")
    db.execute(f"""CREATE TRIGGER events_days_update AFTER UPDATE OF status, occurred_on, deaths, injured
        ON events BEGIN
        UPDATE event_days SET events = events - 1, deaths = deaths - coalesce(old.deaths, 0),
            injured = injured - coalesce(old.injured, 0)
            WHERE old.status = 'live' AND day = coalesce(old.occurred_on, '');
        {add}
    END""")
    db.execute("INSERT INTO event_days SELECT coalesce(occurred_on, ''), count(*), coalesce(sum(deaths), 0), "
               "coalesce(sum(injured), 0) FROM events WHERE status = 'live' GROUP BY 1")


@migrations()
def m007_review(db: sqlite_utils.Database) -> None:
    # Issue 10, item 3: every event carries a confidence, and a person's review decision. A
    # rejected event has status 'rejected', so it leaves every total (which count live events).
    # Comments in /* */: ALTER TABLE appends the text to the CREATE statement.
    db.execute("ALTER TABLE events ADD COLUMN confidence REAL /* 0..1 from its sources (outlets, place, date, "
               "agreement, headline: pipeline/events/confidence.py); recomputed with the event */")
    db.execute("ALTER TABLE events ADD COLUMN review TEXT /* a person's decision (vigia review): null when "
               "unreviewed, accepted, corrected, or rejected (then status is 'rejected': in no total) */")
    db.execute("ALTER TABLE events ADD COLUMN review_overrides TEXT /* JSON of the fields a person corrected "
               "(kind, crime_types, place, deaths, injured, gangs), shown over what the sources say */")
    db.execute("ALTER TABLE events ADD COLUMN reviewed_at TEXT /* when the last review decision was made */")
    db.execute("CREATE INDEX events_review ON events(status, review, confidence)")
    db.execute("DROP VIEW events_flat")
    db.execute("""
    CREATE VIEW events_flat AS  -- one row per live event (rejected ones are not live), lists as comma-separated text
    SELECT e.id AS event_id, e.kind, e.crime_types, e.department, e.province, e.district, e.ubigeo,
           e.place_level, e.lat, e.lon, e.gangs, e.deaths, e.deaths_low, e.deaths_high,
           e.injured, e.injured_low, e.injured_high, e.victim_sectors, e.occurred_on,
           e.first_reported, e.updated_at, e.headline, e.sources, e.confidence, e.review
    FROM events e WHERE e.status = 'live'""")
    # The confidence of the events already logged, from their current sources.
    from .events.confidence import confidence
    from .events.merging import source
    rows = db.execute(
        f"SELECT em.event_id, e.department AS e_department, e.province AS e_province, e.district AS e_district, "
        f"{_SOURCE_COLUMNS} FROM event_mentions em JOIN events e ON e.id = em.event_id AND e.status = 'live' "
        "JOIN mentions m ON m.id = em.mention_id JOIN articles a ON a.id = m.article_id ORDER BY em.event_id")
    names = [d[0] for d in rows.description]
    by_event: dict[int, list[dict]] = {}
    for values in rows.fetchall():
        row = dict(zip(names, values))
        by_event.setdefault(row["event_id"], []).append(row)
    db.conn.executemany("UPDATE events SET confidence = ? WHERE id = ?", [
        (confidence([source(r, located=False) for r in members], _Place(
            members[0]["e_department"], members[0]["e_province"], members[0]["e_district"])), event_id)
        for event_id, members in by_event.items()])


@dataclass(frozen=True)
class _Place:
    """An event's place, as ``confidence`` reads it."""

    department: str | None
    province: str | None
    district: str | None
