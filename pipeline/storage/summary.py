"""Reads of the daily summary (``pipeline/summary.py``): events of a span of days, their sources,
the log's history, polls and extraction in a window. Read-only; contains no business logic.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Sequence

from .db import StorageBase, _chunks, _iso, _record, _records
from .events import _NOT_REJECTED
from .records import DayEventRow, EventSourceRow, ExtractionCounts, HistoryRow, PollCounts


class SummaryMixin(StorageBase):
    """Reads for the daily summary (part of ``Storage``)."""

    def events_between_days(self, first: str, last: str) -> list[DayEventRow]:
        """Live events whose day is in [first, last] (YYYY-MM-DD), for the summary's day and series."""
        return _records(DayEventRow, self._query(
            "SELECT id AS event_id, kind, crime_types, department, province, district, ubigeo, place_level, "
            "lat, lon, gangs, deaths, deaths_low, deaths_high, injured, injured_low, injured_high, "
            "victim_sectors, occurred_on, headline, sources, first_reported, created_at, updated_at, confidence, "
            "review FROM events WHERE status = 'live' AND occurred_on BETWEEN ? AND ?", [first, last]))

    def event_sources(self, event_ids: Sequence[int]) -> list[EventSourceRow]:
        rows: list[EventSourceRow] = []
        for chunk in _chunks(list(event_ids), 500):
            rows += _records(EventSourceRow, self._query(
                "SELECT em.event_id, a.url, a.outlet, a.published, a.title, em.at_least "
                f"FROM event_mentions em JOIN articles a ON a.id = em.article_id "
                f"WHERE em.event_id IN ({','.join('?' * len(chunk))}) ORDER BY a.published", chunk))
        return rows

    def history_between(self, start: datetime, end: datetime) -> list[HistoryRow]:
        """Event history entries in [start, end): what changed in the log in that window."""
        return _records(HistoryRow, self._query(
            "SELECT event_id, at, action, detail FROM event_history WHERE at >= ? AND at < ? ORDER BY at",
            [_iso(start), _iso(end)]))

    def gangs_first_seen(self, gangs: Sequence[str]) -> dict[str, str]:
        """The first event day of each of these gangs."""
        if not gangs:
            return {}
        rows = self._query(
            "SELECT g.gang, min(e.occurred_on) AS first FROM event_gangs g JOIN events e ON e.id = g.event_id "
            f"WHERE g.gang IN ({','.join('?' * len(gangs))}) AND e.status = 'live' GROUP BY g.gang", list(gangs))
        return {row["gang"]: row["first"] for row in rows}

    def polls_between(self, start: datetime, end: datetime) -> list[PollCounts]:
        return _records(PollCounts, self._query(
            "SELECT feed, count(*) AS polls, sum(outcome = 'error') AS errors, sum(new) AS new, "
            "sum(changed) AS changed FROM polls WHERE at >= ? AND at < ? GROUP BY feed ORDER BY feed",
            [_iso(start), _iso(end)]))

    def extraction_between(self, start: datetime, end: datetime) -> ExtractionCounts:
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
        return _record(ExtractionCounts, row)
