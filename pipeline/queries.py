"""Querying the event log: filters checked against the schema's codes and the store's names,
and the output formats of ``vigia events`` (table, json, jsonl, csv, geojson).

    Filters.check(storage) ─► Storage.find_events / event_stats ─► render(rows, format)
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from .errors import QueryError
from .resources import asset
from .text import fold_words
from .types import CRIME_TYPES, KINDS, SECTORS  # noqa: F401  (the schema's codes, re-exported)

FORMATS = ("table", "json", "jsonl", "csv", "geojson")
STATS_BY = ("month", "week", "department", "province", "type", "gang", "kind")
GANGS_FILE = asset("models", "gangs.tsv")
#: the largest integer SQLite stores (a larger --min-deaths or --limit would overflow it)
MAX_INT = 2**63 - 1


def fold(text: str) -> str:
    return fold_words(text)


def parse_day(value: str | None, option: str) -> str | None:
    """A YYYY-MM-DD date, or a QueryError naming the expected format."""
    if value in (None, ""):
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(f"bad value for {option}; expected a date YYYY-MM-DD, got {value!r}") from None


def _code(value: str | None, allowed: tuple[str, ...], option: str) -> str | None:
    if value in (None, ""):
        return None
    key = fold(value).replace(" ", "_").replace("-", "_")
    if key not in allowed:
        raise QueryError(f"bad value for {option}; expected one of {', '.join(allowed)}, got {value!r}")
    return key


def _nearest(value: str, names: list[str]) -> list[str]:
    import difflib
    pool = {fold(n): n for n in names}
    return [pool[k] for k in difflib.get_close_matches(fold(value), list(pool), n=3, cutoff=0.5)]


def _place(value: str | None, level: str, storage) -> str | None:
    """The official spelling of a place name (case and accents ignored), or an error with the
    nearest names."""
    if value in (None, ""):
        return None
    from .gazetteer import Gazetteer, department_names, suggest
    if level == "department":
        known = department_names()
    elif storage.has_place(level, value):
        return value
    else:
        known = storage.place_names(level)
    for name in known:
        if fold(name) == fold(value):
            return name
    if level != "department":
        found = Gazetteer.load().find(value, level=level)
        if found:
            return getattr(found[0], level)
    hints = _nearest(value, known) or suggest(value, level)
    hint = f"; did you mean {' or '.join(hints)}?" if hints else ""
    raise QueryError(f"unknown {level} {value!r}{hint}")


def registry() -> list[dict]:
    """models/gangs.tsv: canonical name, aliases and origin of each registered gang."""
    rows: list[dict] = []
    if not GANGS_FILE.exists():
        return rows
    for line in GANGS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        cols = (line.split("\t") + ["", ""])[:3]
        rows.append({"name": cols[0].strip(), "aliases": [a.strip() for a in cols[1].split(";") if a.strip()],
                     "origin": cols[2].strip()})
    return rows


def _gang(value: str | None, storage) -> str | None:
    if value in (None, ""):
        return None
    names = []
    for entry in registry():
        names.append(entry["name"])
        if any(fold(n) == fold(value) for n in (entry["name"], *entry["aliases"])):
            return entry["name"]
    if storage.has_gang(value):
        return value
    names += storage.gang_names()
    for name in names:
        if fold(name) == fold(value):
            return name
    hints = _nearest(value, names)
    hint = f"; did you mean {' or '.join(hints)}?" if hints else ""
    raise QueryError(f"unknown gang {value!r}{hint} (`vigia gangs` lists them)")


@dataclass(frozen=True)
class Filters:
    """The filters shared by ``vigia events`` and ``vigia stats``."""

    since: str | None = None
    until: str | None = None
    kind: str | None = None
    types: tuple[str, ...] = field(default=())
    department: str | None = None
    province: str | None = None
    district: str | None = None
    gang: str | None = None
    sector: str | None = None
    min_deaths: int | None = None
    search: str | None = None

    def check(self, storage) -> "Filters":
        """The filters with values checked and spelt as stored; QueryError on a bad one."""
        since, until = parse_day(self.since, "--since"), parse_day(self.until, "--until")
        if since and until and since > until:
            raise QueryError(f"--since {since} is after --until {until}")
        if self.min_deaths is not None and not 0 <= self.min_deaths <= MAX_INT:
            raise QueryError(f"bad value for --min-deaths; expected 0 to {MAX_INT}, got {self.min_deaths}")
        search = self.search.strip() if self.search else None
        if search:
            search = " ".join(_words(search))  # every word, accents ignored
        return replace(
            self, since=since, until=until, kind=_code(self.kind, KINDS, "--kind"),
            # An empty --type stays in the filter as '', which no event has.
            types=tuple(_code(t, CRIME_TYPES, "--type") or "" for t in self.types),
            department=_place(self.department, "department", storage),
            province=_place(self.province, "province", storage),
            district=_place(self.district, "district", storage),
            gang=_gang(self.gang, storage), sector=_code(self.sector, SECTORS, "--sector"), search=search or None)

    def as_kwargs(self) -> dict:
        return asdict(self)


def _words(text: str) -> list[str]:
    """Each word quoted for FTS5, so punctuation and operators in a query are plain text: the
    words must all appear (in any order)."""
    return ['"' + w.replace('"', "") + '"' for w in text.split() if w.replace('"', "")]


def find_events(storage, filters: Filters, *, limit: int | None = 100) -> list[dict]:
    if limit is not None and not 0 <= limit <= MAX_INT:
        raise QueryError(f"bad value for --limit; expected 0 to {MAX_INT}, got {limit}")
    return storage.find_events(limit=limit, **filters.check(storage).as_kwargs())


def stats(storage, filters: Filters, by: str) -> list[dict]:
    if by not in STATS_BY:
        raise QueryError(f"bad value for --by; expected one of {', '.join(STATS_BY)}, got {by!r}")
    return storage.event_stats(by, **filters.check(storage).as_kwargs())


def gangs(storage) -> dict:
    """{"registry": [...], "candidates": [...]}: every registered gang with its activity in the
    log (zero when unseen), plus unregistered names seen by the extractor, awaiting review."""
    activity = {row["gang"]: row for row in storage.gang_activity()}
    out = []
    for entry in registry():
        row = activity.pop(entry["name"], None) or {"events": 0, "deaths": 0, "departments": None,
                                                     "first_seen": None, "last_seen": None}
        out.append({"gang": entry["name"], "origin": entry["origin"], **{k: v for k, v in row.items() if k != "gang"}})
    for name, row in activity.items():  # named in events but missing from this registry file
        out.append({"origin": "", **row})
    out.sort(key=lambda r: (-r["events"], r["gang"]))
    return {"registry": out, "candidates": storage.gang_candidates()}


# --- formats ---------------------------------------------------------------------------------

def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def as_record(row: dict) -> dict:
    """An events_flat row for JSON tools: lists as lists."""
    out = dict(row)
    for key in ("crime_types", "gangs", "victim_sectors"):
        if key in out:
            out[key] = _split(out[key])
    return out


def render(rows: list[dict], fmt: str) -> str:
    """Rows (events_flat or stats) as json, jsonl, csv or geojson text."""
    if fmt == "json":
        return json.dumps([as_record(r) for r in rows], ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "".join(json.dumps(as_record(r), ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return buffer.getvalue()
    if fmt == "geojson":
        features = []
        for row in rows:
            record = as_record(row)
            lat, lon = record.pop("lat", None), record.pop("lon", None)
            geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
            features.append({"type": "Feature", "id": record.get("event_id"), "geometry": geometry,
                             "properties": record})
        return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    raise QueryError(f"bad value for --format; expected one of {', '.join(FORMATS)}, got {fmt!r}")


def datasette_metadata(database: str) -> dict:
    """Titles, descriptions and facets for ``vigia browse`` (Datasette metadata)."""
    facets = ["kind", "department", "place_level"]
    return {
        "title": "Vigía: Peru's security crisis, from the news",
        "description": "One event per real-world incident, every source kept. See README, "
                       "'Querying the store'.",
        "databases": {database: {"tables": {
            "events_flat": {
                "description": "One row per live event: place, crime types, gangs, casualties (latest "
                               "report, lowest and highest claims), first report and headline.",
                "facets": facets + ["crime_types", "gangs", "victim_sectors"],
                "sort_desc": "occurred_on", "label_column": "headline"},
            "event_sources_flat": {
                "description": "The casualty ledger: one row per (event, source article) with the "
                               "evidence sentence and the article's own claim.",
                "facets": ["outlet", "at_least"], "sort_desc": "published"},
            "daily_counts": {"description": "Live events, deaths and injured per day, department "
                                            "and crime type.", "facets": ["department", "crime_type"],
                             "sort_desc": "day"},
            "events": {"description": "The event log (ids stable; merged events point to the "
                                      "event that absorbed them).", "facets": ["status", "kind", "department"],
                       "label_column": "headline"},
            "event_history": {"description": "created, updated, merged and split, with reasons and "
                                             "scores (JSON detail).", "facets": ["action"]},
            "event_mentions": {"description": "Which source (article, position) is in which event, "
                                              "why, and whether a person pinned it.",
                               "facets": ["pinned"]},
            "mentions": {"description": "Events as each article told them (the extractor's output)."},
            "articles": {"description": "Every article kept, with its text.", "facets": ["outlet", "feed"],
                         "label_column": "title"},
            "event_types": {"description": "Crime types of each live event."},
            "event_gangs": {"description": "Gangs named in each live event."},
            "event_sectors": {"description": "Victims' sectors of each live event."},
            "feeds": {"description": "Configured feeds and their health."},
            "polls": {"description": "Every poll of a feed.", "facets": ["feed", "outcome"]},
        }}},
    }
