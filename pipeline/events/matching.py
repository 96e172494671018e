"""Pure decisions of the event log: does a mention report an event already logged, and what an
event shows given its sources. No I/O: records in, records out, ``now`` passed in.

    mention ─► candidates (same kind, ±WINDOW days, compatible place; from the store)
            ─► decide(mention, members) ─► Decision(merge, score, reason)
    members ─► summarize(members) ─► EventFields (place, types, casualty rule, dates)

The score adds *context* (same day, same or nested place, shared crime types) and *identity*
(shared wording, victims' trade, gang, identical toll). Context alone never merges: two different
killings in one district on one day share all of it. Identity must say they are the same people.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime

#: days between two reports' dates beyond which they are never one incident
WINDOW = 3
#: a mention joins an event when its score reaches this …
THRESHOLD = 3.0
#: … and its identity part reaches this (context alone never merges)
MIN_IDENTITY = 0.6

# Crime types that one incident can carry under different readings: an attack that kills is
# homicide and armed_attack; an attack on a company that refused to pay is extortion too.
_RELATED = {
    frozenset({"homicide", "armed_attack"}), frozenset({"feminicide", "homicide"}),
    frozenset({"feminicide", "armed_attack"}), frozenset({"extortion", "armed_attack"}),
    frozenset({"extortion", "homicide"}), frozenset({"robbery", "homicide"}),
    frozenset({"robbery", "armed_attack"}), frozenset({"kidnapping", "extortion"}),
    frozenset({"illegal_mining", "homicide"}), frozenset({"illegal_mining", "armed_attack"}),
    frozenset({"sexual_violence", "feminicide"}), frozenset({"other_crime", "robbery"}),
}


@dataclass(frozen=True)
class Source:
    """One mention (an event as one article told it) with the article facts the log needs."""

    #: article id and the mention's position in it (0: the headline event)
    article_id: int
    position: int
    kind: str
    crime_types: tuple[str, ...] = ()
    department: str | None = None
    province: str | None = None
    district: str | None = None
    ubigeo: str | None = None
    gangs: tuple[str, ...] = ()
    deaths: int | None = None
    injured: int | None = None
    victim_sectors: tuple[str, ...] = ()
    #: YYYY-MM-DD as the extractor resolved it, or None
    occurred_on: str | None = None
    evidence: str = ""
    #: the article: title, publication time (UTC-aware), outlet and link
    title: str = ""
    #: the start of the article's text (names, streets and details the headline leaves out)
    lead: str = ""
    published: datetime | None = None
    outlet: str = ""
    url: str = ""
    #: 1 when the casualty claim is a lower bound ("al menos dos muertos")
    at_least: bool = False

    @property
    def day(self) -> date | None:
        """The day it happened: the resolved date, else the publication day."""
        if self.occurred_on:
            try:
                return date.fromisoformat(self.occurred_on[:10])
            except ValueError:
                pass
        return self.published.date() if self.published else None

    @property
    def place(self) -> tuple[str | None, str | None, str | None]:
        return (_fold(self.department), _fold(self.province), _fold(self.district))


@dataclass(frozen=True)
class Decision:
    merge: bool
    score: float
    reason: str
    #: the member the mention matched best (article id, position), when there was one
    best: tuple[int, int] | None = None


@dataclass(frozen=True)
class EventFields:
    """What an event shows, derived from its sources by ``summarize``."""

    kind: str
    crime_types: tuple[str, ...]
    department: str | None
    province: str | None
    district: str | None
    ubigeo: str | None
    place_level: str | None
    gangs: tuple[str, ...]
    deaths: int | None
    deaths_low: int | None
    deaths_high: int | None
    injured: int | None
    injured_low: int | None
    injured_high: int | None
    victim_sectors: tuple[str, ...]
    occurred_on: str | None
    first_reported: datetime | None
    last_reported: datetime | None
    headline: str | None
    sources: int
    articles: tuple[int, ...] = field(default=())


# --- comparing two reports ---------------------------------------------------------------------

def _fold(text: str | None) -> str | None:
    if not text:
        return None
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def place_relation(a: Source, b: Source) -> str:
    """'same', 'nested' (one inside the other), 'unknown' (either has no place) or 'different'."""
    pa, pb = a.place, b.place
    if not pa[0] or not pb[0]:
        return "unknown"
    for x, y in zip(pa, pb):
        if x and y and x != y:
            return "different"
    return "same" if pa == pb else "nested"


def types_relation(a: Source, b: Source) -> tuple[str, float]:
    """('shared'|'related'|'unknown'|'different', how much they agree 0..1)."""
    ta, tb = set(a.crime_types), set(b.crime_types)
    if not ta or not tb:
        return "unknown", 0.0
    if ta & tb:
        return "shared", len(ta & tb) / len(ta | tb)
    if any(frozenset({x, y}) in _RELATED for x in ta for y in tb):
        return "related", 0.3
    return "different", 0.0


_WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]{4,}")
# Words every crime report uses: sharing them says nothing about being the same incident.
_COMMON = set("""
    para como pero sobre este esta estos estas desde donde cuando entre tras hasta durante segun
    fueron habia tiene tenia hace hacia sido sera seran otro otra otros otras todo toda todos
    cual quien quienes ellos ellas luego ante aunque porque pues tambien solo mismo misma
    dijo indico informo senalo segun afirmo reporto agrego explico
    policia policial policias agentes agente comisaria fiscalia fiscal pnp serenazgo
    delincuentes delincuente sujetos sujeto hombre mujer joven persona personas individuo individuos
    asesinado asesinada asesinan asesino asesinato asesinados muerto muerta murio muere muertos
    balearon baleado baleada balean balacera disparos disparo dispararon bala balas arma armas fuego
    sicarios sicario sicariato ataque atacado atacada atentado heridos herido herida heridas
    victima victimas crimen crimenes hecho hechos caso casos lugar zona distrito provincia region
    calle avenida jiron cuadra altura noche manana tarde madrugada ayer anoche horas hora
    dias semana mes anos lunes martes miercoles jueves viernes sabado domingo
    extorsion extorsionadores robo asaltantes asalto banda organizacion criminal criminales
    nuevo nueva nueve cinco cuatro tres seis siete ocho diez primer primera segunda tras
    lima peru peruano peruana nacional ciudad
""".split())


@lru_cache(maxsize=65536)
def words(text: str) -> frozenset[str]:
    """Content words of a text, accents folded, without the common words of crime reports.
    (Cached: an event's sources are compared with every new report near it.)"""
    out = set()
    for match in _WORD.finditer(text):
        word = _fold(match.group())
        if word not in _COMMON:
            out.add(word)
    return frozenset(out)


def _overlap(wa: set[str], wb: set[str]) -> float:
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / (len(wa) * len(wb)) ** 0.5


def wording(a: Source, b: Source) -> float:
    """0..1: how much two reports share their own words (names, trades, streets, details): the
    better of headline-and-evidence alone and with the article's lead (outlets word headlines
    alike but write different leads, or the other way round)."""
    place = set()
    for s in (a, b):
        for name in (s.department, s.province, s.district):
            place |= words(name or "")
    ha, hb = words(f"{a.title} {a.evidence}") - place, words(f"{b.title} {b.evidence}") - place
    la, lb = words(a.lead) - place, words(b.lead) - place
    return max(_overlap(ha, hb), _overlap(ha | la, hb | lb))


def score_pair(a: Source, b: Source) -> Decision:
    """Whether two reports tell the same incident: (merge?, score, reason)."""
    if a.kind != b.kind:
        return Decision(False, 0.0, f"kinds differ ({a.kind} / {b.kind})")
    da, db = a.day, b.day
    gap = abs((da - db).days) if da and db else None
    if gap is not None and gap > WINDOW:
        return Decision(False, 0.0, f"{gap} days apart")
    place = place_relation(a, b)
    if place == "different":
        return Decision(False, 0.0, "different places")
    types, overlap = types_relation(a, b)
    if types == "different":
        return Decision(False, 0.0, "unrelated crime types")
    shared_gangs = set(a.gangs) & set(b.gangs)
    if a.gangs and b.gangs and not shared_gangs:
        return Decision(False, 0.0, "different gangs")

    reasons = []
    context = {None: 0.3, 0: 1.0, 1: 0.8, 2: 0.4, 3: 0.2}[gap]
    reasons.append("same day" if gap == 0 else f"{gap} day(s) apart" if gap else "undated")
    context += {"same": 1.0, "nested": 0.6, "unknown": 0.0}[place]
    reasons.append(f"{place} place")
    context += overlap
    reasons.append(f"{types} crime types")

    identity = 0.0
    text = wording(a, b)
    identity += 2.5 * text
    reasons.append(f"wording {text:.2f}")
    if shared_gangs:
        identity += 1.0
        reasons.append("gang " + ", ".join(sorted(shared_gangs)))
    sa, sb = set(a.victim_sectors), set(b.victim_sectors)
    if sa and sb:
        if sa & sb:
            identity += 0.4
            reasons.append("victims " + ", ".join(sorted(sa & sb)))
        else:
            identity -= 0.6
            reasons.append("victims' trades differ")
    if a.deaths and a.deaths == b.deaths:
        identity += 0.3
        reasons.append(f"same toll ({a.deaths})")
    if a.article_id == b.article_id:
        # Two events one article tells apart are, by the article's own word, different.
        return Decision(False, 0.0, "told apart by the same article")
    score = round(context + identity, 3)
    merge = score >= THRESHOLD and identity >= MIN_IDENTITY
    return Decision(merge, score, "; ".join(reasons), (b.article_id, b.position))


def decide(mention: Source, members: list[Source]) -> Decision:
    """Whether ``mention`` reports the event whose sources are ``members``: its best match
    among them (single link), refused when any member is told apart by the same article."""
    if any(m.article_id == mention.article_id for m in members):
        return Decision(False, 0.0, "the article already reports this event apart")
    best = Decision(False, 0.0, "no source to compare")
    for member in members:
        decision = score_pair(mention, member)
        if decision.score > best.score or (decision.merge and not best.merge):
            best = decision
    return best


def choose(mention: Source, candidates: dict[int, list[Source]]) -> tuple[int | None, Decision]:
    """The event (id) ``mention`` joins among ``candidates`` (id -> members), or None: the
    merging candidate with the highest score; ties go to the oldest event."""
    chosen, best = None, Decision(False, 0.0, "no candidate event")
    for event_id in sorted(candidates):
        decision = decide(mention, candidates[event_id])
        if decision.merge and (not best.merge or decision.score > best.score):
            chosen, best = event_id, decision
        elif not best.merge and decision.score > best.score:
            best = decision
    return chosen, best


# --- what an event shows -----------------------------------------------------------------------

_AT_LEAST = re.compile(r"\b(al menos|por lo menos|como m[ií]nimo|m[aá]s de)\b", re.IGNORECASE)


def at_least(evidence: str) -> bool:
    """Whether a report gives its toll as a lower bound ('al menos dos muertos')."""
    return bool(_AT_LEAST.search(evidence or ""))


def _published_key(s: Source):
    return (s.published.isoformat() if s.published else "", s.article_id, s.position)


def casualty(members: list[Source], name: str) -> tuple[int | None, int | None, int | None]:
    """(shown, lowest, highest) claim of ``deaths`` or ``injured``.

    The rule: the shown figure is the claim of the most recently published source that states
    one (a later report carries the revision: a wounded victim dies, bodies are found); when
    sources published at the same time disagree, the higher claim. Lowest and highest are shown
    beside it, so disputes stay visible.
    """
    claims = [(s, getattr(s, name)) for s in members if getattr(s, name) is not None]
    if not claims:
        return None, None, None
    values = [v for _, v in claims]
    latest = max(claims, key=lambda c: (_published_key(c[0])[0], c[1]))
    return latest[1], min(values), max(values)


def _place(members: list[Source]) -> tuple[str | None, str | None, str | None, str | None]:
    """The most precise place every placed source agrees with (department, province, district,
    ubigeo). When sources contradict each other (a manual merge), the most reported one."""
    placed = [s for s in members if s.department]
    if not placed:
        return None, None, None, None
    best = None
    for s in sorted(placed, key=lambda s: (-sum(1 for x in s.place if x), _published_key(s))):
        if all(place_relation(s, o) != "different" for o in placed):
            best = s
            break
    if best is None:
        best = Counter((s.department, s.province, s.district, s.ubigeo) for s in placed).most_common(1)[0][0]
        return best
    return best.department, best.province, best.district, best.ubigeo


def level_of(department, province, district) -> str | None:
    return "district" if district else "province" if province else "department" if department else None


def _union(lists) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for items in lists:
        for item in items:
            seen.setdefault(item, None)
    return tuple(seen)


def summarize(members: list[Source]) -> EventFields:
    """What an event with these sources shows (see the casualty rule in ``casualty``)."""
    if not members:
        raise ValueError("an event needs at least one source")
    ordered = sorted(members, key=_published_key)
    kind = Counter(s.kind for s in ordered).most_common(1)[0][0]
    department, province, district, ubigeo = _place(ordered)
    deaths = casualty(ordered, "deaths")
    injured = casualty(ordered, "injured")
    resolved = Counter(s.occurred_on[:10] for s in ordered if s.occurred_on)
    if resolved:
        top = max(resolved.values())
        occurred_on = min(d for d, n in resolved.items() if n == top)
    else:
        days = [s.day for s in ordered if s.day]
        occurred_on = min(days).isoformat() if days else None
    published = [s.published for s in ordered if s.published]
    return EventFields(
        kind=kind, crime_types=_union(s.crime_types for s in ordered),
        department=department, province=province, district=district, ubigeo=ubigeo,
        place_level=level_of(department, province, district),
        gangs=_union(s.gangs for s in ordered),
        deaths=deaths[0], deaths_low=deaths[1], deaths_high=deaths[2],
        injured=injured[0], injured_low=injured[1], injured_high=injured[2],
        victim_sectors=_union(s.victim_sectors for s in ordered), occurred_on=occurred_on,
        first_reported=min(published) if published else None,
        last_reported=max(published) if published else None,
        headline=ordered[0].title or ordered[0].evidence[:120] or None,
        sources=len({s.article_id for s in ordered}),
        articles=tuple(sorted({s.article_id for s in ordered})))
