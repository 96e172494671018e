"""Folding mentions into events, and the manual decisions, against the store.

    Storage.store_mentions ─► merge_pending(storage, now)
        lost memberships (re-extraction dropped the mention) ─► removed, event recomputed
        replaced mentions ─► back to their event (always when pinned; else unless now refused)
        new mentions ─► candidates ─► decide ─► join the best event, or create one
        every touched event ─► summarize ─► stored, with its history

    split_event / merge_events: a person's decision, pinned so that re-extraction keeps it.

Each call is one transaction: a crash leaves the log as it was, and the next call redoes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Mapping

from ..errors import EventError
from ..gazetteer import coordinates
from ..storage import EventLogWriter, EventRecord, MentionSource, Storage
from . import matching as D
from .confidence import confidence


@dataclass
class MergeReport:
    created: int = 0
    joined: int = 0
    reattached: int = 0
    removed: int = 0
    regrouped: int = 0
    events: set[int] = field(default_factory=set)


def source(row: MentionSource, *, located: bool = True) -> D.Source:
    """A stored mention row (with its article) as the decision functions' record (``located``:
    with the gazetteer's coordinates of its place)."""
    def _list(value):
        if isinstance(value, (list, tuple)):
            return tuple(value)
        return tuple(json.loads(value)) if value else ()

    published: str | datetime | None = row.get("published")
    if isinstance(published, str):
        published = datetime.fromisoformat(published)
    return D.Source(
        article_id=row["article_id"], position=row["position"], kind=row["kind"],
        crime_types=_list(row["crime_types"]), department=row["department"], province=row["province"],
        district=row["district"], ubigeo=row["ubigeo"], gangs=_list(row["gangs"]),
        deaths=row["deaths"], injured=row["injured"], victim_sectors=_list(row["victim_sectors"]),
        occurred_on=row["occurred_on"], evidence=row["evidence"] or "", title=row.get("title") or "", lead=row.get("lead") or "",
        published=published, outlet=row.get("outlet") or "", url=row.get("url") or "",
        at_least=D.at_least(row["evidence"] or ""), **(_coordinates(row) if located else {}))


def _coordinates(row: MentionSource) -> dict:
    """The gazetteer's lat/lon of the mention's place at its own level (for neighbouring places)."""
    if not row.get("department"):
        return {}
    _, lat, lon = coordinates(row["department"], row["province"], row["district"], row["ubigeo"])
    return {"lat": lat, "lon": lon}


def event_columns(fields: D.EventFields) -> dict:
    """The events table's columns for a summary (lists comma-separated, place located)."""
    ubigeo, lat, lon = coordinates(fields.department, fields.province, fields.district, fields.ubigeo)
    return {
        "kind": fields.kind, "crime_types": ",".join(fields.crime_types),
        "department": fields.department, "province": fields.province, "district": fields.district,
        "ubigeo": ubigeo, "place_level": fields.place_level, "lat": lat, "lon": lon,
        "gangs": ",".join(fields.gangs), "deaths": fields.deaths, "deaths_low": fields.deaths_low,
        "deaths_high": fields.deaths_high, "injured": fields.injured, "injured_low": fields.injured_low,
        "injured_high": fields.injured_high, "victim_sectors": ",".join(fields.victim_sectors),
        "occurred_on": fields.occurred_on,
        "first_reported": fields.first_reported.isoformat(timespec="seconds") if fields.first_reported else None,
        "last_reported": fields.last_reported.isoformat(timespec="seconds") if fields.last_reported else None,
        "headline": fields.headline, "sources": fields.sources}


_SHOWN = ("kind", "crime_types", "department", "province", "district", "deaths", "deaths_low",
          "deaths_high", "injured", "injured_low", "injured_high", "occurred_on", "gangs", "victim_sectors",
          "sources")


def apply_overrides(fields: D.EventFields, overrides: dict | None) -> D.EventFields:
    """What an event shows once a person's corrections (``vigia review``) are laid over what its
    sources say: kind, crime types, place (department, province, district, ubigeo), deaths,
    injured (the shown figure; the sources' lowest and highest claims stay) and gangs."""
    if not overrides:
        return fields
    changes: dict = {}
    if "kind" in overrides:
        changes["kind"] = overrides["kind"]
    for key in ("crime_types", "gangs"):
        if key in overrides:
            changes[key] = tuple(overrides[key])
    if "place" in overrides:
        place = overrides["place"] or {}
        department, province, district = place.get("department"), place.get("province"), place.get("district")
        changes.update(department=department, province=province, district=district, ubigeo=place.get("ubigeo"),
                       place_level=D.level_of(department, province, district))
    for key in ("deaths", "injured"):
        if key in overrides:
            changes[key] = overrides[key]
    return replace(fields, **changes)


def _refresh(tx: EventLogWriter, event_id: int, now: datetime, *, action: str | None = None,
             detail: dict | None = None, record: bool = True) -> None:
    """Recompute an event from its sources, with a person's corrections over them and its
    confidence; record ``action`` (or 'updated' when figures changed). A rejected event stays
    rejected (out of every total) whatever its sources become."""
    before: Mapping[str, Any] = tx.event(event_id) or {}  # its stored columns ({}: no such event)
    members = [source(row) for row in tx.members([event_id])[event_id]]
    if not members:
        tx.retire_event(event_id, status="empty", merged_into=None, now=now)
        if record:
            tx.record(event_id, action or "updated", {**(detail or {}), "status": "empty: no source left"}, now)
        return
    summary = D.summarize(members)
    overrides = json.loads(before["review_overrides"]) if before.get("review_overrides") else None
    after = event_columns(apply_overrides(summary, overrides))
    after["confidence"] = confidence(members, summary)
    tx.write_event(event_id, after, now=now, status="rejected" if before.get("review") == "rejected" else "live")
    changes = {k: [before.get(k), after[k]] for k in _SHOWN if before.get(k) != after[k]}
    if action == "created":
        changes = {}
    if record and (action or changes):
        tx.record(event_id, action or "updated", {**(detail or {}), **({"changed": changes} if changes else {})}, now)


def _candidates(tx: EventLogWriter, mention: D.Source) -> dict[int, list[D.Source]]:
    day = mention.day or date.today()
    reach = timedelta(days=D.FOLLOW_UP + 2)
    # A day at the edge of the calendar (an article stored with a year-1 date) has no window
    # beyond that edge; clamp rather than overflow inside the transaction.
    low = day - reach if day - date.min > reach else date.min
    high = day + reach if date.max - day > reach else date.max
    # Every department: an incident on a border is placed on either side (Callao, San Miguel);
    # the decision (matching.place_relation) tells neighbours from different places.
    ids = tx.candidate_events(mention.kind, low.isoformat(), high.isoformat(), None)
    if mention.published and mention.published.date() != day:
        # A follow-up dated by the crime it recalls also meets the events of the day it reports.
        seen = set(ids)
        around = mention.published.date()
        low = around - reach if around - date.min > reach else date.min  # the same calendar edges
        high = around + reach if date.max - around > reach else date.max
        ids += [i for i in tx.candidate_events(mention.kind, low.isoformat(), high.isoformat(), None)
                if i not in seen]
    return {i: [source(r) for r in rows] for i, rows in tx.members(ids).items()}


def merge_pending(storage: Storage, *, now: datetime) -> MergeReport:
    """Fold every new or re-extracted mention into the event log, in one transaction.

    Call after ``Storage.store_mentions``; cheap when nothing is pending.
    """
    report = MergeReport()
    with storage.event_log() as tx:
        touched: dict[int, dict] = {}
        for slot in tx.lost_slots():
            if slot["pinned"]:
                continue  # a person's decision waits for the mention to come back
            tx.detach(slot["article_id"], slot["position"])
            report.removed += 1
            touched.setdefault(slot["event_id"], {}).setdefault("removed", []).append(slot["article_id"])
        _fold(tx, report, touched, now)
    if report.events:
        storage.refresh_statistics()
    return report


def remerge(storage: Storage, *, now: datetime) -> MergeReport:
    """Group every mention again, one by one in publication order, as if they had all arrived in
    that order; a person's decisions (pinned sources) stay where they are.

    ``merge_pending`` folds mentions in the order they reach the store, and grouping depends on
    order (A matches B and B matches C, but not A and C): the same reports polled in another
    order, or merged by the rules of an older version, can be grouped differently. After this
    call the grouping depends only on the mentions. An event keeps its id when its earliest source
    starts a group again; events left with no source are retired ('empty') with their history.
    """
    report = MergeReport()
    with storage.event_log() as tx:
        touched: dict[int, dict] = {}
        former: dict[tuple[int, int], int] = {}
        for slot in tx.unpinned_slots():
            former[(slot["article_id"], slot["position"])] = slot["event_id"]
            tx.detach(slot["article_id"], slot["position"])
            touched.setdefault(slot["event_id"], {})
        before = {event_id: _sources(tx, event_id) | {k for k, e in former.items() if e == event_id}
                  for event_id in touched}
        _fold(tx, report, touched, now, former=former, record=False)
        # One history line per event whose sources changed, not one per step of the regrouping.
        for event_id in sorted(set(before) | report.events):
            was, now_in = before.get(event_id, set()), _sources(tx, event_id)
            if was != now_in:
                tx.record(event_id, "regrouped", {
                    "sources_before": sorted(a for a, _ in was), "sources": sorted(a for a, _ in now_in),
                    **({"status": "empty: no source left"} if not now_in else {})}, now)
                report.regrouped += 1
    if report.events:
        storage.refresh_statistics()
    return report


def _sources(tx: EventLogWriter, event_id: int) -> set[tuple[int, int]]:
    return {(r["article_id"], r["position"]) for r in tx.members([event_id])[event_id]}


def _fold(tx: EventLogWriter, report: MergeReport, touched: dict[int, dict], now: datetime, *,
          former: dict[tuple[int, int], int] | None = None, record: bool = True) -> None:
    """Fold the mentions in no event, in publication order, then recompute every touched event.
    ``former``: the event each mention was in before ``remerge``, reused when it starts a group."""
    for row in tx.unassigned_mentions():
        mention = source(row)
        slot_event = row["slot_event"]
        if slot_event is not None:
            members = [source(r) for r in tx.members([slot_event])[slot_event]]
            verdict = D.decide(mention, members) if members else None
            # Back to its event unless the new reading now contradicts it outright: ids stay.
            if row["slot_pinned"] or verdict is None or verdict.score > 0:
                tx.attach(article_id=mention.article_id, position=mention.position,
                          mention_id=row["mention_id"], event_id=slot_event, pinned=bool(row["slot_pinned"]),
                          score=verdict.score if verdict else None,
                          reason="manual decision" if row["slot_pinned"] else "re-extracted",
                          at_least=mention.at_least, now=now)
                report.reattached += 1
                touched.setdefault(slot_event, {})
                continue
            tx.detach(mention.article_id, mention.position)
            touched.setdefault(slot_event, {}).setdefault("removed", []).append(mention.article_id)
        chosen, verdict = D.choose(mention, _candidates(tx, mention))
        if chosen is None:
            event_id = _reusable(tx, (former or {}).get((mention.article_id, mention.position)))
            if event_id is None:
                event_id = tx.create_event(mention.kind, now)
            tx.attach(article_id=mention.article_id, position=mention.position, mention_id=row["mention_id"],
                      event_id=event_id, pinned=False, score=None, reason="new event",
                      at_least=mention.at_least, now=now)
            _refresh(tx, event_id, now, action="created", record=record,
                     detail={"source": mention.article_id, "closest": verdict.reason,
                             "closest_score": verdict.score})
            report.created += 1
        else:
            event_id = chosen
            tx.attach(article_id=mention.article_id, position=mention.position, mention_id=row["mention_id"],
                      event_id=event_id, pinned=False, score=verdict.score, reason=verdict.reason,
                      at_least=mention.at_least, now=now)
            _refresh(tx, event_id, now, action="merged", record=record,
                     detail={"source": mention.article_id, "score": verdict.score, "reason": verdict.reason,
                             "matched": verdict.best})
            report.joined += 1
        report.events.add(event_id)
        touched.pop(event_id, None)
    for event_id, detail in touched.items():
        _refresh(tx, event_id, now, detail=detail or None, record=record)
        report.events.add(event_id)


def _reusable(tx: EventLogWriter, event_id: int | None) -> int | None:
    """``event_id`` when it is a live event with no source now (emptied by ``remerge``)."""
    if event_id is None:
        return None
    row = tx.event(event_id)
    if row is None or row["status"] != "live" or tx.members([event_id])[event_id]:
        return None
    return event_id


def resolve(tx: EventLogWriter, event_id: int) -> EventRecord:
    """The live event an id stands for (following merges)."""
    seen = set()
    row = tx.event(event_id)
    while row is not None and row["status"] == "merged" and row["id"] not in seen:
        seen.add(row["id"])
        row = tx.event(row["merged_into"])
    if row is None:
        raise EventError(f"no event {event_id}")
    return row


def split_event(storage: Storage, event_id: int, article_ids: list[int], *, now: datetime) -> int:
    """Move the sources from ``article_ids`` out of an event into a new one; returns its id.

    Both sides are pinned, so re-extraction and later merging keep them apart.
    """
    with storage.event_log() as tx:
        event = resolve(tx, event_id)
        slots = tx.slots(event["id"])
        wanted = set(article_ids)
        moving = [s for s in slots if s["article_id"] in wanted]
        missing = wanted - {s["article_id"] for s in slots}
        if missing:
            raise EventError(f"event {event['id']} has no source from article(s) "
                             f"{', '.join(map(str, sorted(missing)))}; its sources: "
                             f"{', '.join(str(a) for a in sorted({s['article_id'] for s in slots}))}")
        if len(moving) == len(slots):
            raise EventError(f"splitting out every source of event {event['id']} would leave it empty")
        new_id = tx.create_event(event["kind"], now)
        for s in moving:
            tx.move_slot(s["article_id"], s["position"], new_id, pinned=True,
                         reason=f"manual split from event {event['id']}", now=now)
        tx.pin(event["id"])
        _refresh(tx, event["id"], now, action="split",
                 detail={"moved": sorted(wanted), "into": new_id, "manual": True})
        _refresh(tx, new_id, now, action="created", detail={"split_from": event["id"], "sources": sorted(wanted),
                                                            "manual": True})
        return new_id


def merge_events(storage: Storage, keep_id: int, other_id: int, *, now: datetime) -> int:
    """Merge event ``other_id`` into ``keep_id`` (a missed pair); returns the kept id.

    The absorbed id stays resolvable (status merged, merged_into); every source is pinned.
    """
    with storage.event_log() as tx:
        keep, other = resolve(tx, keep_id), resolve(tx, other_id)
        if keep["id"] == other["id"]:
            raise EventError(f"events {keep_id} and {other_id} are already one event ({keep['id']})")
        if keep["status"] != "live" or other["status"] != "live":
            raise EventError(f"only live events can be merged (event {keep['id']}: {keep['status']}, "
                             f"event {other['id']}: {other['status']})")
        moved = tx.slots(other["id"])
        for s in moved:
            tx.move_slot(s["article_id"], s["position"], keep["id"], pinned=True,
                         reason=f"manual merge of event {other['id']}", now=now)
        tx.pin(keep["id"])
        tx.retire_event(other["id"], status="merged", merged_into=keep["id"], now=now)
        tx.record(other["id"], "merged", {"into": keep["id"], "manual": True}, now)
        _refresh(tx, keep["id"], now, action="merged",
                 detail={"absorbed": other["id"], "sources": sorted({s["article_id"] for s in moved}),
                         "manual": True})
        return keep["id"]
