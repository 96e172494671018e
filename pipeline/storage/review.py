"""Reads of the review queue and the review export (``pipeline/review.py``). Contains no business
logic."""

from __future__ import annotations

from typing import Sequence

from .db import StorageBase, _chunks, _records
from .events import _FLAT_COLUMNS
from .records import ReviewedSource, ReviewQueueRow

#: a mention's gang candidates (the extractor stores them at the top of ``extra`` or under ``extras``)
_CANDIDATES_JSON = ("coalesce(json_extract(m.extra, '$.extras.gang_candidates'), "
                    "json_extract(m.extra, '$.gang_candidates'), '[]')")
#: the sources of event ``e`` name at least one gang candidate
_HAS_CANDIDATES = ("EXISTS (SELECT 1 FROM event_mentions em JOIN mentions m ON m.id = em.mention_id "
                   f"WHERE em.event_id = e.id AND m.extra IS NOT NULL AND json_array_length({_CANDIDATES_JSON}) > 0)")


class ReviewMixin(StorageBase):
    """Reads for the review queue (part of ``Storage``)."""

    def review_queue(self, threshold: float, limit: int | None = None) -> list[ReviewQueueRow]:
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
        return _records(ReviewQueueRow, self._query(sql, params))

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

    def reviewed_sources(self) -> list[ReviewedSource]:
        """Every source (article, position) of every article that is a source of a reviewed event,
        with its event's fields and decision and the article's own claims: the review export's
        rows, by article (publication order) and position."""
        return _records(ReviewedSource, self._query(
            "SELECT a.id AS article_id, a.url, a.published, em.position, e.id AS event_id, e.status, e.review, "
            "e.review_overrides, e.reviewed_at, e.kind, e.crime_types, e.department, e.province, e.district, "
            "e.gangs, e.victim_sectors, e.occurred_on, m.deaths AS claimed_deaths, m.injured AS claimed_injured "
            "FROM event_mentions em JOIN events e ON e.id = em.event_id JOIN articles a ON a.id = em.article_id "
            "LEFT JOIN mentions m ON m.id = em.mention_id "
            "WHERE em.article_id IN (SELECT r.article_id FROM event_mentions r JOIN events re ON re.id = r.event_id "
            "WHERE re.review IS NOT NULL) ORDER BY a.published, a.url, em.position"))
