"""The review queue: a person accepts, rejects or corrects the events the pipeline is unsure of.

    Storage.review_queue(threshold) ─► queue(...)          low-confidence events, gang candidates
    accept / reject / correct(storage, event_id, ..., now)  one transaction each:
        the decision and corrected fields on the event ─► its sources pinned ─► recomputed
        (merging._refresh lays the corrections over its sources) ─► event_history
    labelled_examples(storage) / export(storage, path)      the decisions as corpus labels

A decision survives ``vigia reextract`` and ``remerge``: the event's sources are pinned (they stay
in it), and the corrections are stored apart (``events.review_overrides``) and applied whenever the
event is recomputed. A rejected event has status 'rejected': it leaves every total (which count
live events) and further reports of it join it. The history records the decision as its action
(``accepted``, ``rejected`` or ``corrected``), with the fields changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from .errors import ReviewError
from .text import fold_words
from .types import CRIME_TYPES, KINDS

if TYPE_CHECKING:
    from .storage import EventRecord

DECISIONS = ("accepted", "rejected", "corrected")
#: the largest integer SQLite stores
MAX_INT = 2**63 - 1
#: the fields of an event in the corpus labels (models/corpus/labels.jsonl)
LABEL_FIELDS = ("kind", "crime_types", "department", "province", "district", "gangs", "deaths", "injured",
                "victim_sectors")
#: the ``source`` and ``sample`` of exported lines
EXPORT_SOURCE = "vigia-review"


# --- the queue -------------------------------------------------------------------------------

def awaits_review(event: Mapping[str, Any], threshold: float | None) -> bool:
    """Whether an event (a row with ``confidence`` and ``review``) waits for a person: nobody
    reviewed it and its confidence is below ``threshold`` (``review.threshold``). Without a
    threshold, or without a computed confidence, no event waits. The one rule the queue, the
    summary's most serious events and the `?` of `vigia events` follow."""
    confidence = event.get("confidence")
    return (threshold is not None and event.get("review") is None and confidence is not None
            and confidence < threshold)


def queue(storage, threshold: float, limit: int | None = None) -> list[dict]:
    """Live events nobody reviewed that need a person: confidence below ``threshold`` or gang
    candidates among their sources' names. Rows of ``events_flat`` plus ``low_confidence`` and
    ``candidates`` (names missing from the gang registry), latest first."""
    if not 0 <= threshold <= 1:
        raise ReviewError(f"bad value for threshold; expected 0 to 1, got {threshold}")
    if limit is not None and not 0 <= limit <= MAX_INT:
        raise ReviewError(f"bad value for limit; expected 0 to {MAX_INT}, got {limit}")
    rows = storage.review_queue(threshold, limit)
    candidates = storage.event_candidates([r["event_id"] for r in rows])
    for row in rows:
        row.pop("has_candidates", None)
        row["low_confidence"] = awaits_review(row, threshold)
        row["candidates"] = candidates.get(row["event_id"], [])
    return rows


# --- checking what a person typed --------------------------------------------------------------

def _fold(text: str) -> str:
    return fold_words(str(text))


def _code(value: str, allowed: tuple[str, ...], what: str) -> str:
    """A schema code from the code itself or its words in the summary ('homicidio', 'operativo
    policial'), case and accents ignored."""
    from .summary import WORDS
    key = _fold(value)
    if key.replace(" ", "_").replace("-", "_") in allowed:
        return key.replace(" ", "_").replace("-", "_")
    for code in allowed:
        if key in (_fold(w) for w in WORDS.get(code, ())):
            return code
    raise ReviewError(f"unknown {what} {value!r}; expected one of {', '.join(allowed)}")


def check_kind(value: str) -> str:
    return _code(value, KINDS, "kind")


def check_crime_types(values) -> list[str]:
    """Crime type codes in the schema's order, each once (an empty list: none)."""
    if isinstance(values, str):
        values = [v for v in values.split(",") if v.strip()]
    codes = {_code(v.strip(), CRIME_TYPES, "crime type") for v in values}
    return [c for c in CRIME_TYPES if c in codes]


def check_count(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INT:
        raise ReviewError(f"bad value for {what}; expected a whole number from 0, got {value!r}")
    return value


def check_place(department: str | None, province: str | None, district: str | None) -> dict:
    """The official place (department, province, district, ubigeo) of these names in the
    gazetteer, the most precise one given; a one-line error naming the nearest names."""
    from .gazetteer import Gazetteer, suggest
    gaz = Gazetteer.load()
    dep = None
    if department:
        dep = gaz.department(department)
        if dep is None:
            hints = suggest(department, "department")
            raise ReviewError(f"unknown department {department!r}"
                              + (f"; did you mean {' or '.join(hints)}?" if hints else ""))
    level, name = (("district", district) if district else ("province", province) if province
                   else ("department", department))
    if level == "department":
        place = dep
    else:
        assert name is not None  # the district or the province given
        found = gaz.find(name, department=dep.department if dep else None, level=level)
        if level == "district" and province:
            found = [p for p in found if _fold(p.province or "") == _fold(province)]
        if not found:
            hints = suggest(name, level)
            within = [n for n in ((province if level == "district" else None), dep.department if dep else None) if n]
            where = f" in {', '.join(within)}" if within else ""
            raise ReviewError(f"unknown {level} {name!r}{where}"
                              + (f"; did you mean {' or '.join(hints)}?" if hints else ""))
        if len({p.ubigeo for p in found}) > 1:
            around = sorted({f"{p.province}, {p.department}" if level == "district" else p.department
                             for p in found})
            raise ReviewError(f"{level} {name!r} is in several places ({'; '.join(around)}): give the "
                              f"{'province and ' if level == 'district' else ''}department too")
        place = found[0]
    assert place is not None, "check_place needs a department, province or district"
    return {"department": place.department, "province": place.province, "district": place.district,
            "ubigeo": place.ubigeo}


def check_gangs(storage, values, event_id: int | None = None) -> list[str]:
    """Canonical gang names: registered names and aliases (models/gangs.tsv), names already in the
    log, or this event's gang candidates; anything else is refused (a typo would split a gang's
    counts)."""
    from .queries import registry
    if isinstance(values, str):
        values = [v for v in values.split(",") if v.strip()]
    known: dict[str, str] = {}
    for entry in registry():
        for name in (entry["name"], *entry["aliases"]):
            known.setdefault(_fold(name), entry["name"])
    if event_id is not None:
        for name in storage.event_candidates([event_id]).get(event_id, []):
            known.setdefault(_fold(name), name)
    out: list[str] = []
    for value in values:
        value = " ".join(str(value).split())
        name = known.get(_fold(value)) or (value if storage.has_gang(value) else None)
        if name is None:
            name = next((g for g in storage.gang_names() if _fold(g) == _fold(value)), None)
        if name is None:
            raise ReviewError(f"unknown gang {value!r}: not in models/gangs.tsv, the event log or this "
                              "event's candidates (add it to the registry first)")
        if name not in out:
            out.append(name)
    return out


# --- decisions -------------------------------------------------------------------------------

def _target(tx, event_id: int) -> EventRecord:
    """The event an id stands for (following merges); it must have sources."""
    from .events.merging import EventError, resolve
    try:
        event = resolve(tx, event_id)
    except EventError:
        raise ReviewError(f"no event {event_id}") from None
    if event["status"] not in ("live", "rejected"):
        raise ReviewError(f"event {event['id']} has no source left (status {event['status']}): nothing to review")
    return event


def _decide(storage, event_id: int, decision: str, corrections: dict | None, *, now: datetime,
            note: str | None) -> int:
    from .events.merging import _refresh
    with storage.event_log() as tx:
        event: Mapping[str, Any] = _target(tx, event_id)  # an EventRecord, read as a mapping
        overrides = json.loads(event["review_overrides"]) if event.get("review_overrides") else {}
        overrides.update(corrections or {})
        tx.set_review(event["id"], decision, overrides or None, now)
        tx.pin(event["id"])  # its sources stay in it through re-extraction and remerge
        detail = {"review": decision, "manual": True}
        if event.get("review"):
            detail["before"] = event["review"]
        if corrections:
            detail["corrected"] = corrections
        if event["id"] != event_id:
            detail["asked"] = event_id
        if note:
            detail["note"] = note
        _refresh(tx, event["id"], now, action=decision, detail=detail)
    return event["id"]


def accept(storage, event_id: int, *, now: datetime, note: str | None = None) -> int:
    """The event is right as it is shown (with any earlier corrections). Returns its id."""
    return _decide(storage, event_id, "accepted", None, now=now, note=note)


def reject(storage, event_id: int, *, now: datetime, note: str | None = None) -> int:
    """The event is not a security event (or not one at all): it leaves every total. Returns its id."""
    return _decide(storage, event_id, "rejected", None, now=now, note=note)


def correct(storage, event_id: int, *, kind: str | None = None, crime_types=None, department: str | None = None,
            province: str | None = None, district: str | None = None, deaths: int | None = None,
            injured: int | None = None, gangs=None, now: datetime, note: str | None = None) -> int:
    """Correct fields of an event (None: left as they are; ``crime_types=[]`` or ``gangs=[]``:
    none). Every value is checked before anything is written. Returns the event's id."""
    corrections: dict = {}
    if kind is not None:
        corrections["kind"] = check_kind(kind)
    if crime_types is not None:
        corrections["crime_types"] = check_crime_types(crime_types)
    if department or province or district:
        corrections["place"] = check_place(department, province, district)
    if deaths is not None:
        corrections["deaths"] = check_count(deaths, "deaths")
    if injured is not None:
        corrections["injured"] = check_count(injured, "injured")
    if gangs is not None:
        corrections["gangs"] = check_gangs(storage, gangs, event_id)
    if not corrections:
        raise ReviewError("nothing to correct: give a kind, crime types, a place, deaths, injured or gangs")
    return _decide(storage, event_id, "corrected", corrections, now=now, note=note)


# --- labelled examples -----------------------------------------------------------------------

@dataclass(frozen=True)
class ExportReport:
    lines: int
    #: articles left out because another event they report is not reviewed yet
    incomplete: int


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def _label(row: dict) -> dict:
    """A reviewed event as the corpus labels an article's event: the event's fields (with the
    corrections); casualties as the article itself claims them, unless a person corrected them."""
    overrides = json.loads(row["review_overrides"]) if row["review_overrides"] else {}
    return {"kind": row["kind"], "crime_types": _split(row["crime_types"]), "department": row["department"],
            "province": row["province"], "district": row["district"], "gangs": _split(row["gangs"]),
            "deaths": overrides.get("deaths", row["claimed_deaths"]),
            "injured": overrides.get("injured", row["claimed_injured"]),
            "victim_sectors": _split(row["victim_sectors"])}


def labelled_examples(storage) -> tuple[list[dict], int]:
    """The review decisions as corpus label lines (``models/corpus/labels.jsonl``'s format, keyed
    by URL, no text): one line per source article of a reviewed event, its events those of its
    reviewed events that were not rejected, in the article's order (a rejected event: none).
    An article that also reports an event nobody reviewed is left out (its label would be
    partial); returns (lines, how many were left out)."""
    by_article: dict[int, list[dict]] = {}
    for row in storage.reviewed_sources():
        if row["status"] in ("live", "rejected"):
            by_article.setdefault(row["article_id"], []).append(row)
    lines, incomplete = [], 0
    for rows in by_article.values():
        if any(r["review"] is None for r in rows):
            incomplete += 1
            continue
        first = rows[0]
        lines.append({"url": first["url"], "source": EXPORT_SOURCE, "sample": "review",
                      "published": (first["published"] or "")[:10] or None,
                      "events": [_label(r) for r in rows if r["status"] != "rejected"], "split": "train",
                      "reviewed": [{"event": r["event_id"], "decision": r["review"], "at": r["reviewed_at"]}
                                   for r in rows]})
    return lines, incomplete


def export(storage, path, *, mode: int = 0o600) -> ExportReport:
    """Write ``labelled_examples`` to ``path`` (JSON lines, atomically)."""
    from . import outputs
    lines, incomplete = labelled_examples(storage)
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    outputs.write_text(Path(path), text, database=storage.path, mode=mode)
    return ExportReport(lines=len(lines), incomplete=incomplete)
