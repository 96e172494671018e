"""The feeds table: the configured list and each feed's polling state. Contains no business logic."""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from ..types import FeedConfig, FeedState
from .db import StorageBase, _dt, _iso


class FeedsMixin(StorageBase):
    """Reads and writes of ``feeds`` (part of ``Storage``)."""

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
