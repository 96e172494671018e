"""The daily summary: what happened on a day (Lima time), what changed in the log, and how well
the pipeline worked.

    Storage (read-only queries) ─► build_summary(day) ─► DailySummary ─► render(text | md | html, es | en)

The daemon calls ``write_due_summaries`` daily at ``summary.hour`` and at start-up, so a day
missed while it was down is written when it comes back (at most CATCH_UP_DAYS back, and never a
day before the store existed: ``store_began``). The summary is worded in Spanish
(``summary.language = "es"``) or English (``"en"``), same structure: every label comes from
``LABELS`` and every code (kind, crime type, victims' sector, log action) from ``WORDS``.
Text from outside (headlines, places, outlets, gang and feed names, feed errors) is HTML-escaped in
HTML and neutralised in Markdown (``chat_text``): no backslash escapes, nothing that a chat or a
Markdown reader would turn into emphasis, code, links or HTML.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from . import charts, clock, outputs
from .review import awaits_review
from .text import strip_accents

log = logging.getLogger(__name__)

SERIOUS = 8          # events listed in full
SERIES_DAYS = 30     # days in the charts
CATCH_UP_DAYS = 7    # missed days written at most
_DAY_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.md$")

# --- wording ---------------------------------------------------------------------------------

LANGUAGES = ("es", "en")

#: Every code the summary shows, as words: code -> (Spanish, English). One table for kinds, crime
#: types, victims' sectors and event-log actions; a code missing here shows with spaces for "_".
WORDS: dict[str, tuple[str, str]] = {
    # kinds of event
    "incident": ("incidente", "incident"),
    "operation": ("operativo policial", "police operation"),
    "measure": ("medida", "measure"),
    "protest": ("protesta", "protest"),
    # crime types
    "homicide": ("homicidio", "homicide"),
    "feminicide": ("feminicidio", "feminicide"),
    "extortion": ("extorsión", "extortion"),
    "robbery": ("robo", "robbery"),
    "kidnapping": ("secuestro", "kidnapping"),
    "drug_trafficking": ("tráfico de drogas", "drug trafficking"),
    "illegal_mining": ("minería ilegal", "illegal mining"),
    "human_trafficking": ("trata de personas", "human trafficking"),
    "armed_attack": ("ataque armado", "armed attack"),
    "sexual_violence": ("violencia sexual", "sexual violence"),
    "other_crime": ("otro delito", "other crime"),
    # victims' sectors
    "transport": ("transporte", "transport"),
    "commerce": ("comercio", "commerce"),
    "mining": ("minería", "mining"),
    "music": ("música", "music"),
    "education": ("educación", "education"),
    "construction": ("construcción", "construction"),
    "health": ("salud", "health"),
    "security_forces": ("fuerzas del orden", "security forces"),
    "public_official": ("funcionarios públicos", "public officials"),
    "other": ("otros", "other"),
    # event-log actions (event_history.action)
    "created": ("creados", "created"),
    "updated": ("actualizados", "updated"),
    "merged": ("fusionados", "merged"),
    "split": ("separados", "split"),
    "accepted": ("aceptados", "accepted"),
    "rejected": ("rechazados", "rejected"),
    "corrected": ("corregidos", "corrected"),
}

#: Every heading and label: key -> (Spanish, English). A pair of pairs is (singular, plural).
LABELS: dict[str, tuple] = {
    "title": ("Vigía: resumen del {day}", "Vigía: summary for {day}"),
    "zone": ("hora de {city}, UTC{offset}", "{city} time, UTC{offset}"),
    "times": ("Todas las horas en {zone}.", "All times in {zone}."),
    "empty": ("No se registraron eventos este día.", "No events were recorded for this day."),
    "event": (("evento", "eventos"), ("event", "events")),
    "death": (("fallecido", "fallecidos"), ("death", "deaths")),
    "injured_n": (("herido", "heridos"), ("injured", "injured")),
    "figures": ("El día en cifras", "The day in figures"),
    "by_kind": ("Por clase de evento", "By kind of event"),
    "by_type": ("Por tipo de delito", "By crime type"),
    "by_department": ("Por departamento", "By department"),
    "no_place": ("Sin lugar identificado", "No place identified"),
    "place_unknown": ("sin lugar identificado", "no place identified"),
    "serious": ("Eventos más graves", "Most serious events"),
    "in_review": (("evento en revisión", "eventos en revisión"), ("event under review", "events under review")),
    "in_review_note": ("fuera de esta lista", "not listed here"),
    "event_no": ("evento {id}", "event {id}"),
    "quote": ("«{text}»", "“{text}”"),
    "deaths": ("Fallecidos", "Deaths"),
    "injured": ("heridos", "injured"),
    "unknown": ("sin dato", "not stated"),
    "claims": ("según las fuentes, de {low} a {high}", "sources say {low} to {high}"),
    "victims": ("víctimas", "victims"),
    "gangs": ("bandas", "gangs"),
    "sources": ("Fuentes", "Sources"),
    "trends": ("Lugares con más eventos", "Places with most events"),
    "trend": ("{change} frente a su promedio de los 7 días anteriores ({average} al día)",
              "{change} against its average of the previous 7 days ({average} a day)"),
    "changes": ("Cambios en el registro de eventos", "Changes in the event log"),
    "none": ("Ninguno.", "None."),
    "new_gangs": ("Bandas vistas por primera vez", "Gangs seen for the first time"),
    "candidates": ("Posibles bandas por revisar", "Gang candidates to review"),
    "nobody": ("ninguna", "none"),
    "health": ("Estado del sistema", "Pipeline health"),
    "fetched": ("Artículos descargados", "Articles fetched"),
    "published": ("publicados este día", "published this day"),
    "relevant": ("relevantes", "relevant"),
    "errors": ("errores de extracción", "extraction errors"),
    "extractor": ("versión del extractor", "extractor version"),
    "poll": (("consulta", "consultas"), ("poll", "polls")),
    "error": (("error", "errores"), ("error", "errors")),
    "new_article": (("artículo nuevo", "artículos nuevos"), ("new article", "new articles")),
    "failing": ("FALLA", "FAILING"),
    "feeds": ("Fuentes consultadas", "Feeds polled"),
    "chart_events": ("Eventos por día, últimos {days} días", "Events a day, last {days} days"),
    "chart_deaths": ("Fallecidos por día", "Deaths a day"),
    "chart_events_alt": ("Eventos por día y tipo de delito", "Events a day by crime type"),
    "map": ("Mapa del día", "Map of the day"),
    "map_alt": ("Mapa del Perú con los eventos del día", "Map of Peru with the day's events"),
    "generated": ("Generado el {day} a las {time} ({zone}) por Vigía.",
                  "Generated on {day} at {time} ({zone}) by Vigía."),
}

_WEEKDAYS = (("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
             ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))
# "setiembre", as Peru writes it
_MONTHS = (("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "setiembre",
            "octubre", "noviembre", "diciembre"),
           ("January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December"))
MINUS = "\u2212"
#: Spanish groups thousands with a no-break space and writes decimals with a comma, as Peru's
#: legal system of units (SLUMP) does: 1 234 and 0,5. English: 1,234 and 0.5.
_GROUP = {"es": "\u00a0", "en": ","}
_DECIMAL = {"es": ",", "en": "."}


class Wording:
    """The summary's words, numbers and dates in one language (``es`` or ``en``) and time zone."""

    def __init__(self, language: str = "es", zone: str = "America/Lima"):
        if language not in LANGUAGES:
            raise ValueError(f"bad value for summary.language; expected one of {', '.join(LANGUAGES)}, "
                             f"got {language!r}")
        self.language = language
        self._i = LANGUAGES.index(language)
        self.tz = ZoneInfo(zone)
        self.zone_name = zone

    def __call__(self, key: str, **values) -> str:
        text = LABELS[key][self._i]
        return text.format(**values) if values else text

    def word(self, code: str) -> str:
        pair = WORDS.get(code)
        return pair[self._i] if pair else str(code).replace("_", " ")

    def words(self, codes) -> str:
        return ", ".join(self.word(c) for c in codes)

    def number(self, n) -> str:
        if n is None:
            return self("unknown")
        sign = MINUS if n < 0 else ""
        return sign + f"{abs(int(n)):,}".replace(",", _GROUP[self.language])

    def decimal(self, x: float, *, signed: bool = False) -> str:
        whole, frac = f"{abs(x):.1f}".split(".")
        rounded = round(x, 1)
        sign = MINUS if rounded < 0 else ("" if not signed else "+" if rounded > 0 else "±")
        return f"{sign}{self.number(int(whole))}{_DECIMAL[self.language]}{frac}"

    def count(self, n: int, key: str) -> str:
        """``1 evento``, ``1 234 eventos``."""
        return f"{self.number(n)} {self.noun(n, key)}"

    def noun(self, n: int, key: str) -> str:
        """``evento`` or ``eventos``, for ``n``."""
        singular, plural = LABELS[key][self._i]
        return singular if n == 1 else plural

    def ranked(self, pairs, *, codes: bool = True) -> list[tuple[str, int]]:
        """(name, count) pairs, codes as words, by count and then alphabetically."""
        named = [(self.word(k) if codes else str(k), n) for k, n in pairs]
        return sorted(named, key=lambda p: (-p[1], _sort_key(p[0])))

    def tally(self, pairs, *, codes: bool = True) -> str:
        """``ataque armado 2, extorsión 2, homicidio 1``: by count, then alphabetically."""
        return ", ".join(f"{name} {self.number(n)}" for name, n in self.ranked(pairs, codes=codes))

    def day(self, d: date) -> str:
        """``lunes 11 de mayo de 2026``; ``Monday 11 May 2026``."""
        weekday, month = _WEEKDAYS[self._i][d.weekday()], _MONTHS[self._i][d.month - 1]
        return f"{weekday} {d.day} de {month} de {d.year}" if self.language == "es" \
            else f"{weekday} {d.day} {month} {d.year}"

    def short_day(self, d: date, *, year: bool = False) -> str:
        """``11 de mayo``; ``11 May``."""
        month = _MONTHS[self._i][d.month - 1]
        text = f"{d.day} de {month}" if self.language == "es" else f"{d.day} {month}"
        if year:
            text += f" de {d.year}" if self.language == "es" else f" {d.year}"
        return text

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def moment(self, moment: datetime | str | None, *, near: date | None = None) -> str:
        """A UTC instant as local day and time: ``11 de mayo, 12:00`` (with the year when it is
        not ``near``'s)."""
        if not moment:
            return ""
        if isinstance(moment, str):
            text = moment
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                return text
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        local = self.local(moment)
        return f"{self.short_day(local.date(), year=near is not None and local.year != near.year)}, " \
               f"{local:%H:%M}"

    def zone(self, d: date) -> str:
        """``hora de Lima, UTC−5``, at that day's offset."""
        offset = datetime.combine(d, time(12), self.tz).utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        sign = MINUS if minutes < 0 else "+"
        hours, rest = divmod(abs(minutes), 60)
        text = "" if minutes == 0 else f"{sign}{hours}" + (f":{rest:02d}" if rest else "")
        city = self.zone_name.rsplit("/", 1)[-1].replace("_", " ")
        return self("zone", city=city, offset=text)


def _sort_key(text: str) -> str:
    return strip_accents(text).encode("ascii", "ignore").decode().lower()


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def wording(language: str = "es", zone: str = "America/Lima") -> Wording:
    return Wording(language, zone)


def is_confident(event: dict, threshold: float | None = None) -> bool:
    """Whether an event (a row of ``Storage.events_between_days``) may be listed among the most
    serious events. Events for which this is False are left out of that list and counted in a line
    "N eventos en revisión" (they still count in every figure; rejected events are in none).

    An event a person accepted or corrected (``vigia review``) is confident; an unreviewed one is
    when its confidence (``pipeline/events/confidence.py``) reaches ``threshold``
    (``review.threshold``). Without a threshold, or without a computed confidence, every event is.
    """
    return event.get("review") != "rejected" and not awaits_review(event, threshold)


# --- data ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    url: str
    outlet: str
    published: str  # ISO instant (UTC), as stored
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
    #: (lowest, highest) toll claimed by the sources when they differ, else None
    deaths_claims: tuple[int, int] | None
    injured: int | None
    injured_claims: tuple[int, int] | None
    headline: str
    sources: list[Source]
    sectors: list[str] = field(default_factory=list)


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
    #: events placed in a department, by department; the others are counted in ``unplaced``
    by_department: list[tuple[str, int]] = field(default_factory=list)
    unplaced: int = 0
    serious: list[EventLine] = field(default_factory=list)
    #: the day's events ``is_confident`` holds back from the most serious (awaiting review)
    in_review: int = 0
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
    return ", ".join(seen)  # "" when no source placed it: shown as "sin lugar identificado"


def _claims(low, high) -> tuple[int, int] | None:
    return (low, high) if low is not None and high is not None and low != high else None


def day_window(day: date, zone: str) -> tuple[datetime, datetime]:
    """The UTC instants where a local day starts and ends."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(0), tz)
    return start.astimezone(timezone.utc), (start + timedelta(days=1)).astimezone(timezone.utc)


def build_summary(storage, day: date, *, zone: str = "America/Lima",
                  now: datetime | None = None, threshold: float | None = None) -> DailySummary:
    """Everything the summary of ``day`` shows, read from the store. ``threshold``: the
    ``review.threshold`` setting; unreviewed events below it are held back from the most serious
    (None: only review decisions count, see ``is_confident``)."""
    now = now or clock.utcnow()
    summary = DailySummary(day=day, zone=zone, generated_at=now)
    first = day - timedelta(days=SERIES_DAYS - 1)
    rows = storage.events_between_days(first.isoformat(), day.isoformat())
    today = [r for r in rows if r["occurred_on"] == day.isoformat()]

    summary.events = len(today)
    summary.deaths = sum(r["deaths"] or 0 for r in today)
    summary.injured = sum(r["injured"] or 0 for r in today)
    summary.by_kind = Counter(r["kind"] for r in today).most_common()
    summary.by_type = Counter(t for r in today for t in _split(r["crime_types"])).most_common()
    summary.by_department = Counter(r["department"] for r in today if r["department"]).most_common()
    summary.unplaced = sum(1 for r in today if not r["department"])

    confident = [r for r in today if (is_confident(r) if threshold is None else is_confident(r, threshold))]
    summary.in_review = len(today) - len(confident)
    # Ties go to the event reported first (not the lower id: ids follow the order feeds arrived in).
    ranked = sorted(confident, key=lambda r: (-(r["deaths"] or 0), -(r["injured"] or 0), -(r["sources"] or 0),
                                          r["first_reported"] or "", r["event_id"]))
    wanted = ranked[:SERIOUS] + [r for r in ranked[SERIOUS:] if r["lat"] is not None]
    sources: dict[int, list[Source]] = {}
    for s in storage.event_sources([r["event_id"] for r in ranked[:SERIOUS]]):
        sources.setdefault(s["event_id"], []).append(
            Source(s["url"], s["outlet"], s["published"] or "", s["title"]))
    lines = [EventLine(event_id=r["event_id"], kind=r["kind"], crime_types=_split(r["crime_types"]),
                       place=_place(r), lat=r["lat"], lon=r["lon"], gangs=_split(r["gangs"]),
                       deaths=r["deaths"], deaths_claims=_claims(r["deaths_low"], r["deaths_high"]),
                       injured=r["injured"], injured_claims=_claims(r["injured_low"], r["injured_high"]),
                       headline=r["headline"] or "", sources=sources.get(r["event_id"], []),
                       sectors=_split(r["victim_sectors"])) for r in wanted]
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
    env.filters["chat"] = chat_text
    env.filters["chat_url"] = chat_url
    env.filters["capital"] = capital
    return env


_LINE_START = re.compile(r"^[#>+=\-]+(?=\s|$)")  # never needed where templates put text; a guard
_LONE = r"(?<![^\W_]){0}|{0}(?![^\W_])"  # the mark unless between two letters or digits


def chat_text(value) -> str:
    """Text from outside (a headline, place, outlet, gang or feed name, feed error) for Markdown that
    is pasted into WhatsApp, Telegram or Slack as well as rendered: no backslash escapes, only what
    would change the layout is neutralised.

    One line (newlines and runs of spaces become one space), so it cannot start a heading, list or
    quote; ``*`` and ``_``/``~`` outside a word are dropped (no bold, italics, strike-through);
    ``` ` ``` becomes ``'`` (no code), ``[ ]`` become ``( )`` (no links or images), ``< >`` become
    ``‹ ›`` (no HTML or autolinks), ``||`` one ``|`` (no spoilers).
    """
    text = " ".join(str(value if value is not None else "").split())
    text = text.replace("*", "").replace("`", "'").replace("[", "(").replace("]", ")")
    text = text.replace("<", "\u2039").replace(">", "\u203a")
    text = re.sub(_LONE.format("_"), "", text)
    text = re.sub(_LONE.format("~"), "", text)
    text = re.sub(r"\|{2,}", "|", text)
    text = _LINE_START.sub("", text)
    return " ".join(text.split())


#: characters percent-encoded in a URL shown in Markdown, so it stays one plain link
_URL_MARKS = {c: f"%{ord(c):02X}" for c in " *`[]<>|\"'{}^\\"}


def chat_url(value) -> str:
    """A source's URL as a plain URL (chats and Markdown readers link it themselves); what could
    end it early or turn into markup is percent-encoded. Anything but http(s) is shown as text."""
    url = str(value or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        return chat_text(url)
    url = "".join(_URL_MARKS.get(c, c) for c in url if c >= " ")
    url = re.sub(_LONE.format("_"), "%5F", url)
    return re.sub(_LONE.format("~"), "%7E", url)


class _View:
    """Per-event pieces of text that hold only codes and numbers (safe in every format)."""

    def __init__(self, w: Wording):
        self.w = w

    def what(self, e: EventLine) -> str:
        """``Homicidio, ataque armado``; ``Operativo policial: tráfico de drogas``."""
        types, kind = self.w.words(e.crime_types), self.w.word(e.kind)
        if e.kind == "incident":
            return capital(types or kind)
        return capital(f"{kind}: {types}" if types else kind)

    def toll(self, n: int | None, claims: tuple[int, int] | None) -> str:
        """``2 (según las fuentes, de 1 a 2)``; ``sin dato``."""
        text = self.w.number(n)
        if claims:
            text += f" ({self.w('claims', low=self.w.number(claims[0]), high=self.w.number(claims[1]))})"
        return text

    def changes(self, changes: dict[str, int]) -> str:
        """``Creados: 10, fusionados: 1.``"""
        order = list(WORDS)
        items = sorted(changes.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))
        if not items:
            return self.w("none")
        return capital(", ".join(f"{self.w.word(k)}: {self.w.number(n)}" for k, n in items)) + "."


def render(summary: DailySummary, fmt: str = "text", language: str = "es") -> str:
    """The summary as ``text`` (terminal), ``md`` (mail or chat) or ``html`` (self-contained page),
    worded in ``language`` (``es`` or ``en``)."""
    if fmt not in FORMATS:
        raise ValueError(f"bad value for format; expected one of {', '.join(FORMATS)}, got {fmt!r}")
    w = Wording(language, summary.zone)
    context = {"s": summary, "w": w, "v": _View(w), "zone": w.zone(summary.day)}
    if fmt == "html":
        context["chart_events"] = charts.events_chart(summary.series, w=w)
        context["chart_deaths"] = charts.deaths_chart(summary.series, w=w)
        context["map"] = charts.peru_map(summary.located, w=w)
    return _environment().get_template(f"summary.{ 'txt' if fmt == 'text' else fmt }.j2").render(**context)


# --- files -----------------------------------------------------------------------------------

def write_summary(storage, settings, day: date, *, now: datetime | None = None) -> list[Path]:
    """Write ``<summary.dir>/YYYY-MM-DD.md`` and ``.html``; the names come from the date only."""
    summary = build_summary(storage, day, zone=settings.time.zone, now=now, threshold=settings.review.threshold)
    directory = Path(settings.summary.dir)
    directory.mkdir(parents=True, exist_ok=True)
    mode = int(settings.store.file_mode, 8)
    written = []
    for fmt, suffix in (("html", ".html"), ("md", ".md")):  # .md last: it marks the day done
        path = directory / f"{day.isoformat()}{suffix}"
        # atomic (temporary file, fsync, rename) and never onto the store: see pipeline.outputs
        outputs.write_text(path, render(summary, fmt, settings.summary.language), database=settings.store.path,
                           mode=mode)
        written.append(path)
    return written


def store_began(storage) -> datetime | None:
    """When the store began to record: the earliest of its creation (its first migration), its
    first poll and the first time an article was seen. None for a store that records nothing."""
    from .storage import migrations
    found: list[datetime] = []
    for sql, params in (
            (f"SELECT min(applied_at) FROM [{migrations.migrations_table}] WHERE migration_set = ?",
             (migrations.name,)),
            ("SELECT min(at) FROM polls", ()),
            ("SELECT min(first_seen) FROM articles", ())):
        try:
            value = storage.db.execute(sql, params).fetchone()[0]
            moment = datetime.fromisoformat(value) if value else None
        except (sqlite3.DatabaseError, ValueError, TypeError):
            continue  # a table an older store lacks, a time written by hand: the others tell
        if moment is not None:
            found.append(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc))
    return min(found, default=None)


def due_days(existing: list[str], *, now: datetime, zone: str, hour: int,
             since: datetime | None = None) -> list[date]:
    """Days whose summary should exist but does not: up to yesterday (once ``hour`` has come
    today), at most CATCH_UP_DAYS back, and none before the day (in ``zone``) of ``since``, when
    the store began. A pure decision."""
    local = now.astimezone(ZoneInfo(zone))
    last = local.date() - timedelta(days=1 if local.hour >= hour else 2)
    first = since.astimezone(ZoneInfo(zone)).date() if since is not None else date.min
    have = set(existing)
    return [d for d in (last - timedelta(days=n) for n in range(CATCH_UP_DAYS - 1, -1, -1))
            if d.isoformat() not in have and d >= first]


def write_due_summaries(storage, settings, now: datetime) -> list[Path]:
    """Write the summaries of past days that have none yet, from the day the store began.
    Returns the files written."""
    directory = Path(settings.summary.dir)
    existing = [m.group(1) for p in directory.glob("*.md") if (m := _DAY_FILE.match(p.name))] \
        if directory.exists() else []
    began = store_began(storage) or now
    zone, hour = settings.time.zone, settings.summary.hour
    days = due_days(existing, now=now, zone=zone, hour=hour, since=began)
    skipped = len(due_days(existing, now=now, zone=zone, hour=hour)) - len(days)
    if skipped:
        log.info("no summary before %s, the day the store began (%d earlier days skipped)",
                 began.astimezone(ZoneInfo(zone)).date(), skipped)
    written: list[Path] = []
    for day in days:
        written += write_summary(storage, settings, day, now=now)
        log.info("daily summary of %s written to %s", day, directory)
    return written
