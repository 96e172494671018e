"""The articles (with ``article_sources`` and ``polls``): a poll's articles and feed state written
in one transaction, archived articles, and reads of stored articles as ``Article`` records.
Contains no business logic: what to write is decided in ``decide.py``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from ..decide import ArticlePlan, Known, content_hash
from ..errors import StorageError
from ..types import Article, EntryData, FeedConfig, FeedState
from .db import StorageBase, _chunks, _iso


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


class ArticlesMixin(StorageBase):
    """Reads and writes of ``articles``, ``article_sources`` and ``polls`` (part of ``Storage``)."""

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
                    assert cursor.lastrowid is not None  # set by every INSERT that stored a row
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
            rows = list(self.db.table("articles").search(query, limit=limit))
        except sqlite3.DatabaseError as error:
            raise StorageError(f"bad search {query!r}: {error}") from error
        return [_article(row) for row in rows]

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


def _known(row: dict) -> Known:
    return Known(id=row["id"], url=row["url"], guid=row["guid"], outlet=row["outlet"],
                 content_hash=row["content_hash"], published_estimated=bool(row["published_estimated"]))


def _article(row: dict) -> Article:
    return Article(
        id=row["id"], url=row["url"], guid=row["guid"], outlet=row["outlet"], feed=row["feed"],
        title=row["title"], summary=row["summary"], body=row["body"], author=row["author"],
        published=datetime.fromisoformat(row["published"]), published_estimated=bool(row["published_estimated"]),
        first_seen=datetime.fromisoformat(row["first_seen"]), last_seen=datetime.fromisoformat(row["last_seen"]))
