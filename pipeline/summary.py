"""The daily summary: what happened on a day (Lima time), what changed in the log, and how well
the pipeline worked.

    Storage (read-only queries) ─► build_summary(day) ─► DailySummary ─► render(text | md | html)

The daemon calls ``write_due_summaries`` daily at ``summary.hour`` and at start-up, so a day
missed while it was down is written when it comes back. Article text is escaped in every format.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from . import charts, outputs

log = logging.getLogger(__name__)

SERIOUS = 8          # events listed in full
SERIES_DAYS = 30     # days in the charts
CATCH_UP_DAYS = 7    # missed days written at most
_DAY_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.md$")


@dataclass(frozen=True)
class Source:
    url: str
    outlet: str
    published: str
    title: str


@dataclass(frozen=True)
class EventLine:
    event_id: int
    kind: str
    crime_types: list[str]
    place: str
    lat: float | None
    lon: float | None
    gangs: list[str]
    deaths: int | None
    deaths_range: str
    injured: int | None
    headline: str
    sources: list[Source]


@dataclass(frozen=True)
class PlaceTrend:
    department: str
    events: int
    average_before: float  # events a day over the previous seven days

    @property
    def change(self) -> float:
        return self.events - self.average_before


@dataclass(frozen=True)
class FeedHealth:
    feed: str
    polls: int
    errors: int
    new: int
    last_error: str | None
    failing: bool


@dataclass
class DailySummary:
    day: date
    zone: str
    generated_at: datetime
    events: int = 0
    deaths: int = 0
    injured: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_department: list[tuple[str, int]] = field(default_factory=list)
    serious: list[EventLine] = field(default_factory=list)
    #: all the day's events with coordinates, for the map
    located: list[EventLine] = field(default_factory=list)
    changes: dict[str, int] = field(default_factory=dict)
    updated_events: list[int] = field(default_factory=list)
    new_gangs: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    trends: list[PlaceTrend] = field(default_factory=list)
    feeds: list[FeedHealth] = field(default_factory=list)
    articles_fetched: int = 0
    articles_published: int = 0
    articles_relevant: int = 0
    extraction_errors: int = 0
    extractor_versions: list[str] = field(default_factory=list)
    #: (day, {crime type: events}, deaths) for the last SERIES_DAYS days
    series: list[tuple[date, dict[str, int], int]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.events == 0


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def _place(row: dict) -> str:
    parts = [row.get("district"), row.get("province"), row.get("department")]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return ", ".join(seen) or "lugar no determinado"


def _range(low, high) -> str:
    return f"{low}–{high}" if low is not None and high is not None and low != high else ""


def day_window(day: date, zone: str) -> tuple[datetime, datetime]:
    """The UTC instants where a local day starts and ends."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(0), tz)
    return start.astimezone(timezone.utc), (start + timedelta(days=1)).astimezone(timezone.utc)


def build_summary(storage, day: date, *, zone: str = "America/Lima",
                  now: datetime | None = None) -> DailySummary:
    """Everything the summary of ``day`` shows, read from the store."""
    now = now or datetime.now(timezone.utc)
    summary = DailySummary(day=day, zone=zone, generated_at=now)
    first = day - timedelta(days=SERIES_DAYS - 1)
    rows = storage.events_between_days(first.isoformat(), day.isoformat())
    today = [r for r in rows if r["occurred_on"] == day.isoformat()]

    summary.events = len(today)
    summary.deaths = sum(r["deaths"] or 0 for r in today)
    summary.injured = sum(r["injured"] or 0 for r in today)
    summary.by_kind = Counter(r["kind"] for r in today).most_common()
    summary.by_type = Counter(t for r in today for t in _split(r["crime_types"])).most_common()
    summary.by_department = Counter(r["department"] or "sin lugar" for r in today).most_common()

    ranked = sorted(today, key=lambda r: (-(r["deaths"] or 0), -(r["injured"] or 0), -(r["sources"] or 0),
                                          r["event_id"]))
    wanted = ranked[:SERIOUS] + [r for r in ranked[SERIOUS:] if r["lat"] is not None]
    sources: dict[int, list[Source]] = {}
    for s in storage.event_sources([r["event_id"] for r in ranked[:SERIOUS]]):
        sources.setdefault(s["event_id"], []).append(
            Source(s["url"], s["outlet"], (s["published"] or "")[:16].replace("T", " "), s["title"]))
    lines = [EventLine(event_id=r["event_id"], kind=r["kind"], crime_types=_split(r["crime_types"]),
                       place=_place(r), lat=r["lat"], lon=r["lon"], gangs=_split(r["gangs"]),
                       deaths=r["deaths"], deaths_range=_range(r["deaths_low"], r["deaths_high"]),
                       injured=r["injured"], headline=r["headline"] or "",
                       sources=sources.get(r["event_id"], [])) for r in wanted]
    summary.serious = lines[:SERIOUS]
    summary.located = [line for line in lines if line.lat is not None and line.lon is not None]

    start, end = day_window(day, zone)
    history = storage.history_between(start, end)
    summary.changes = dict(Counter(h["action"] for h in history))
    summary.updated_events = sorted({h["event_id"] for h in history if h["action"] == "updated"})[:50]

    gangs_today = sorted({g for r in today for g in _split(r["gangs"])})
    summary.new_gangs = [g for g, first_day in storage.gangs_first_seen(gangs_today).items()
                         if first_day == day.isoformat()]

    week = [(day - timedelta(days=n)).isoformat() for n in range(1, 8)]
    before = Counter(r["department"] for r in rows if r["occurred_on"] in week and r["department"])
    now_counts = Counter(r["department"] for r in today if r["department"])
    summary.trends = sorted((PlaceTrend(dep, n, before[dep] / 7) for dep, n in now_counts.items()),
                            key=lambda t: (-t.events, -t.change, t.department))[:8]

    by_day: dict[str, tuple[Counter, int]] = {}
    for r in rows:
        types, deaths = by_day.setdefault(r["occurred_on"], (Counter(), 0))
        types.update(_split(r["crime_types"]) or ["other_crime"])
        by_day[r["occurred_on"]] = (types, deaths + (r["deaths"] or 0))
    summary.series = [(d, dict(by_day.get(d.isoformat(), (Counter(), 0))[0]),
                       by_day.get(d.isoformat(), (Counter(), 0))[1])
                      for d in (first + timedelta(days=n) for n in range(SERIES_DAYS))]

    failing = {s.name: s for s in storage.feed_states() if s.failures}
    polled = {p["feed"]: p for p in storage.polls_between(start, end)}
    for name in sorted(set(polled) | set(failing)):
        p = polled.get(name, {})
        state = failing.get(name)
        summary.feeds.append(FeedHealth(feed=name, polls=p.get("polls") or 0, errors=p.get("errors") or 0,
                                        new=p.get("new") or 0, last_error=state.last_error if state else None,
                                        failing=state is not None))
    summary.articles_fetched = sum(f.new for f in summary.feeds)
    extraction = storage.extraction_between(start, end)
    summary.articles_published = extraction["articles"] or 0
    summary.articles_relevant = extraction["relevant"] or 0
    summary.extraction_errors = extraction["errors"] or 0
    summary.extractor_versions = sorted(v for v in (extraction["versions"] or "").split(",") if v)
    summary.candidates = extraction["candidates"]
    return summary


# --- rendering -------------------------------------------------------------------------------

FORMATS = ("text", "md", "html")


def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("pipeline", "templates"),
                      autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = markdown_escape
    return env


def markdown_escape(value) -> str:
    """Article text in Markdown: no HTML, links or emphasis can come through."""
    text = str(value if value is not None else "")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", text)


def render(summary: DailySummary, fmt: str = "text") -> str:
    if fmt not in FORMATS:
        raise ValueError(f"bad value for format; expected one of {', '.join(FORMATS)}, got {fmt!r}")
    context = {"s": summary}
    if fmt == "html":
        context["chart_events"] = charts.events_chart(summary.series)
        context["chart_deaths"] = charts.deaths_chart(summary.series)
        context["map"] = charts.peru_map(summary.located)
    return _environment().get_template(f"summary.{ 'txt' if fmt == 'text' else fmt }.j2").render(**context)


# --- files -----------------------------------------------------------------------------------

def write_summary(storage, settings, day: date, *, now: datetime | None = None) -> list[Path]:
    """Write ``<summary.dir>/YYYY-MM-DD.md`` and ``.html``; the names come from the date only."""
    summary = build_summary(storage, day, zone=settings.time.zone, now=now)
    directory = Path(settings.summary.dir)
    directory.mkdir(parents=True, exist_ok=True)
    mode = int(settings.store.file_mode, 8)
    written = []
    for fmt, suffix in (("html", ".html"), ("md", ".md")):  # .md last: it marks the day done
        path = directory / f"{day.isoformat()}{suffix}"
        # atomic (temporary file, fsync, rename) and never onto the store: see pipeline.outputs
        outputs.write_text(path, render(summary, fmt), database=settings.store.path, mode=mode)
        written.append(path)
    return written


def due_days(existing: list[str], *, now: datetime, zone: str, hour: int) -> list[date]:
    """Days whose summary should exist but does not: up to yesterday (once ``hour`` has come
    today), at most CATCH_UP_DAYS back. A pure decision."""
    local = now.astimezone(ZoneInfo(zone))
    last = local.date() - timedelta(days=1 if local.hour >= hour else 2)
    have = set(existing)
    return [d for d in (last - timedelta(days=n) for n in range(CATCH_UP_DAYS - 1, -1, -1))
            if d.isoformat() not in have]


def write_due_summaries(storage, settings, now: datetime) -> list[Path]:
    """Write the summaries of past days that have none yet. Returns the files written."""
    directory = Path(settings.summary.dir)
    existing = [m.group(1) for p in directory.glob("*.md") if (m := _DAY_FILE.match(p.name))] \
        if directory.exists() else []
    written: list[Path] = []
    for day in due_days(existing, now=now, zone=settings.time.zone, hour=settings.summary.hour):
        written += write_summary(storage, settings, day, now=now)
        log.info("daily summary of %s written to %s", day, directory)
    return written
