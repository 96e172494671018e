"""The event log: ``EventLogWriter`` (its reads and writes inside the caller's transaction, used
by ``pipeline/events/``) and the reads of ``vigia events``, ``vigia stats`` and ``vigia event``.
Contains no business logic.
"""

from __future__ import annotations

import contextlib
import json
from datetime import date, datetime
from typing import Iterable, Iterator, Sequence

import sqlite_utils

from ..errors import StorageError
from .db import StorageBase, _chunks, _iso, _record, _records
from .records import (
    DetailHistoryEntry,
    DetailSource,
    EventDetail,
    EventRecord,
    EventRow,
    GangActivity,
    GangCandidate,
    MemberRow,
    SlotRecord,
    StatsRow,
    UnassignedMention,
)

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

#: mention ``m`` is not a source of a rejected event (a person's rejection leaves every count)
_NOT_REJECTED = ("NOT EXISTS (SELECT 1 FROM event_mentions rm JOIN events re ON re.id = rm.event_id "
                 "WHERE rm.mention_id = m.id AND re.status = 'rejected')")


class EventLogWriter:
    """The event log's reads and writes, inside the caller's transaction. Contains no business
    logic: which mention joins which event is decided in ``pipeline/events/``."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def _rows(self, sql: str, params: Sequence = ()) -> list[dict]:
        cursor = self.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def unassigned_mentions(self) -> list[UnassignedMention]:
        """Mentions in no event yet, earliest article first (then by URL, which, unlike row ids,
        is the same in every store of the same articles), with the slot their predecessor left
        (``slot_event``, ``slot_pinned``) when a re-extraction replaced them."""
        return _records(UnassignedMention, self._rows(
            f"SELECT {_SOURCE_COLUMNS}, s.event_id AS slot_event, s.pinned AS slot_pinned "
            "FROM mentions m JOIN articles a ON a.id = m.article_id "
            "LEFT JOIN event_mentions s ON s.article_id = m.article_id AND s.position = m.position "
            "WHERE NOT EXISTS (SELECT 1 FROM event_mentions em WHERE em.mention_id = m.id) "
            "ORDER BY a.published, a.url, m.position"))

    def unpinned_slots(self) -> list[SlotRecord]:
        """Every membership no person decided (``remerge`` regroups them)."""
        return _records(SlotRecord, self._rows(
            "SELECT * FROM event_mentions WHERE pinned = 0 ORDER BY event_id, article_id, position"))

    def lost_slots(self) -> list[SlotRecord]:
        """Memberships whose mention a re-extraction removed without successor."""
        return _records(SlotRecord, self._rows(
            "SELECT * FROM event_mentions em WHERE em.mention_id IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM mentions m WHERE m.article_id = em.article_id AND m.position = em.position)"))

    def candidate_events(self, kind: str, day_from: str, day_to: str, department: str | None) -> list[int]:
        # Rejected events too: a further report of what a person rejected joins it and stays out
        # of every total, instead of starting a new event that asks for review again.
        rows = self.db.execute(
            "SELECT id FROM events WHERE status IN ('live', 'rejected') AND kind = ? AND occurred_on BETWEEN ? AND ? "
            "AND (? IS NULL OR department IS NULL OR department = ?) ORDER BY id",
            [kind, day_from, day_to, department, department]).fetchall()
        return [row[0] for row in rows]

    def members(self, event_ids: Iterable[int]) -> dict[int, list[MemberRow]]:
        """The current sources of each event (mentions with their article), by event id."""
        ids = list(event_ids)
        out: dict[int, list[MemberRow]] = {i: [] for i in ids}
        for chunk in _chunks(ids, 500):
            for row in _records(MemberRow, self._rows(
                    f"SELECT em.event_id, em.pinned, em.at_least, em.score, em.reason, {_SOURCE_COLUMNS} "
                    "FROM event_mentions em JOIN mentions m ON m.id = em.mention_id "
                    "JOIN articles a ON a.id = m.article_id "
                    f"WHERE em.event_id IN ({','.join('?' * len(chunk))}) "
                    "ORDER BY a.published, m.article_id, m.position", chunk)):
                out[row["event_id"]].append(row)
        return out

    def slots(self, event_id: int) -> list[SlotRecord]:
        return _records(SlotRecord, self._rows(
            "SELECT * FROM event_mentions WHERE event_id = ? ORDER BY article_id, position", [event_id]))

    def event(self, event_id: int | None) -> EventRecord | None:
        """The ``events`` row of an id (any status), or None: no such event, or no id (a merged
        event's ``merged_into`` is nullable in the schema; ``merging.resolve`` follows it)."""
        rows = _records(EventRecord, self._rows("SELECT * FROM events WHERE id = ?", [event_id]))
        return rows[0] if rows else None

    def create_event(self, kind: str, now: datetime) -> int:
        event_id = self.db.execute("INSERT INTO events (kind, created_at, updated_at) VALUES (?,?,?)",
                                   [kind, _iso(now), _iso(now)]).lastrowid
        assert event_id is not None  # set by every INSERT
        return event_id

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


class EventLogMixin(StorageBase):
    """The event log's transactions and reads (part of ``Storage``)."""

    @contextlib.contextmanager
    def event_log(self) -> Iterator["EventLogWriter"]:
        """One write transaction over the event log (see ``EventLogWriter``)."""
        with self._write() as db:
            yield EventLogWriter(db)

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

    def find_events(self, *, limit: int | None = 100, offset: int = 0, **filters) -> list[EventRow]:
        """Live events (events_flat rows) matching the filters, latest first."""
        where, params = self._event_where(**filters)
        sql = (f"SELECT e.id AS event_id, {', '.join('e.' + c for c in _FLAT_COLUMNS)} FROM events e "
               f"WHERE {where} ORDER BY e.occurred_on DESC, e.id DESC")
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return _records(EventRow, self._query(sql, params))

    def event_stats(self, by: str, **filters) -> list[StatsRow]:
        """Counts of events, deaths and injured grouped ``by`` month, week, day, department,
        province, kind, type or gang: rows ``{by: label, "events": n, "deaths": n, "injured": n}``
        (``StatsRow``). Time groups are summed from days (``event_days`` when only dates filter,
        else read in index order), types and gangs from each event's list: no per-event join or
        sort."""
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
    def _sum_days(rows: list[dict], by: str) -> list[StatsRow]:
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

    def event_detail(self, event_id: int) -> EventDetail | None:
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
        return {"event": _record(EventRecord, rows[0]), "sources": _records(DetailSource, sources),
                "history": _records(DetailHistoryEntry, history)}

    def gang_activity(self) -> list[GangActivity]:
        """Per gang named in live events: events, deaths, departments, first and last day."""
        return _records(GangActivity, self._query(
            "SELECT g.gang, count(*) AS events, coalesce(sum(e.deaths), 0) AS deaths, "
            "group_concat(DISTINCT e.department) AS departments, min(e.occurred_on) AS first_seen, "
            "max(e.occurred_on) AS last_seen FROM event_gangs g JOIN events e ON e.id = g.event_id "
            "WHERE e.status = 'live' GROUP BY g.gang ORDER BY events DESC, g.gang"))

    def gang_candidates(self) -> list[GangCandidate]:
        """Names the extractor read as gangs but found in no registry, with how often and where."""
        return _records(GangCandidate, self._query(
            "SELECT c.value AS name, count(DISTINCT m.article_id) AS articles, max(a.published) AS last_seen, "
            "group_concat(DISTINCT m.department) AS departments FROM mentions m "
            "JOIN articles a ON a.id = m.article_id, "
            "json_each(coalesce(json_extract(m.extra, '$.extras.gang_candidates'), "
            "json_extract(m.extra, '$.gang_candidates'), '[]')) c "
            f"WHERE m.extra IS NOT NULL AND {_NOT_REJECTED} GROUP BY c.value ORDER BY articles DESC, name"))

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
