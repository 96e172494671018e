"""The mentions table: the extraction stage's output, one row per event an article reports.
Contains no business logic.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Iterable

from .db import StorageBase, _iso, _records
from .records import MentionRecord


class MentionsMixin(StorageBase):
    """Reads and writes of ``mentions`` (part of ``Storage``)."""

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

    def mentions(self, article_id: int) -> list[MentionRecord]:
        rows = self._query("SELECT * FROM mentions WHERE article_id=? ORDER BY position", [article_id])
        for row in rows:
            for key in ("crime_types", "gangs", "victim_sectors"):
                row[key] = json.loads(row[key])
            row["extra"] = json.loads(row["extra"]) if row["extra"] else {}
        return _records(MentionRecord, rows)


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
