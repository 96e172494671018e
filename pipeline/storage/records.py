"""The record types of the store's reads (issue 12): one ``TypedDict`` per shape of row a read
returns, listing exactly the columns its SELECT names.

At run time they are the plain dicts sqlite-utils makes (JSON and CSV rendering, ``row["field"]``
and every caller work as before); only the type checker sees the names and types. The types
follow the schema (``migrations.py``): INTEGER → ``int``, REAL → ``float``, TEXT → ``str``, with
``| None`` for a nullable column, a column read through a LEFT JOIN, or an aggregate that is NULL
over no rows. SQLite has no booleans: flags (``pinned``, ``at_least``, ``has_candidates``) are
``int`` 0 or 1. Lists are stored two ways: ``events`` keeps them comma-separated (``str``),
``mentions`` as JSON text (``str`` where a read returns the text, decoded where ``mentions()``
decodes it). Times are UTC ISO-8601 text, days YYYY-MM-DD text.

One read is not a fixed record: ``event_stats`` names its group column after ``by`` (month,
week, day, type, gang, department, province or kind), so its rows are ``StatsRow``, a plain
``dict[str, str | int]`` (the group's label is text, the counts are integers).

    find_events                    EventRow
    review_queue                   ReviewQueueRow (EventRow + has_candidates)
    event_stats                    StatsRow (general: the group column is named by ``by``)
    event_detail                   EventDetail: {"event": EventRecord, "sources": [DetailSource],
                                   "history": [DetailHistoryEntry]}
    gang_activity                  GangActivity
    gang_candidates                GangCandidate
    reviewed_sources               ReviewedSource
    events_between_days            DayEventRow
    event_sources                  EventSourceRow
    history_between                HistoryRow
    polls_between                  PollCounts
    extraction_between             ExtractionCounts
    mentions                       MentionRecord
    EventLogWriter.unassigned_mentions   UnassignedMention (MentionSource + slot)
    EventLogWriter.members               MemberRow (MentionSource + membership)
    EventLogWriter.unpinned_slots, lost_slots, slots   SlotRecord
    EventLogWriter.event                 EventRecord
"""

from __future__ import annotations

from typing import Any, TypeAlias, TypedDict

# --- events ------------------------------------------------------------------------------------


class _EventColumns(TypedDict):
    """The columns of ``events`` every event read has (its derived fields and review state); each
    read adds its id column and its ``occurred_on`` (nullable, or not when the read filters on it)."""

    kind: str
    #: crime type codes, comma-separated ('' when none)
    crime_types: str
    department: str | None
    province: str | None
    district: str | None
    ubigeo: str | None
    #: district, province, department; None if unknown
    place_level: str | None
    lat: float | None
    lon: float | None
    #: canonical gang names, comma-separated ('' when none)
    gangs: str
    deaths: int | None
    deaths_low: int | None
    deaths_high: int | None
    injured: int | None
    injured_low: int | None
    injured_high: int | None
    #: victim sector codes, comma-separated ('' when none)
    victim_sectors: str
    #: publication time of the earliest source
    first_reported: str | None
    updated_at: str
    headline: str | None
    sources: int
    confidence: float | None
    #: None (unreviewed), accepted, corrected or rejected
    review: str | None


class EventRow(_EventColumns):
    """A live event as ``vigia events`` lists it (the ``events_flat`` view's columns):
    ``Storage.find_events``."""

    event_id: int
    occurred_on: str | None


class ReviewQueueRow(EventRow):
    """An event waiting for review: ``Storage.review_queue`` (its ``review`` is always None)."""

    #: 1 when its sources name gang candidates (names missing from the registry), else 0
    has_candidates: int


class DayEventRow(_EventColumns):
    """A live event of a span of days: ``Storage.events_between_days`` (``occurred_on`` is set:
    the read selects by it)."""

    event_id: int
    occurred_on: str
    created_at: str


class EventRecord(_EventColumns):
    """A whole ``events`` row, any status (``SELECT * FROM events``): ``EventLogWriter.event`` and
    ``Storage.event_detail(...)["event"]``."""

    id: int
    #: live, merged, empty or rejected
    status: str
    #: for a merged event, the event that absorbed it
    merged_into: int | None
    occurred_on: str | None
    last_reported: str | None
    created_at: str
    #: JSON text of the fields a person corrected
    review_overrides: str | None
    reviewed_at: str | None


#: A row of ``Storage.event_stats``: the group column, named after ``by`` (month, week, day, type,
#: gang, department, province or kind) with its label as text ('' for events without one), and the
#: integer counts ``events``, ``deaths`` and ``injured``. Not a TypedDict: the group column's name is
#: chosen at run time.
StatsRow: TypeAlias = dict[str, str | int]


class DetailSource(TypedDict):
    """A source of an event as ``vigia event`` shows it: ``Storage.event_detail(...)["sources"]``.
    The mention's columns are None while a re-extraction replaced the mention (LEFT JOIN)."""

    article_id: int
    position: int
    url: str
    outlet: str
    published: str
    title: str
    evidence: str | None
    deaths: int | None
    injured: int | None
    at_least: int
    #: the mention's crime types, JSON text
    crime_types: str | None
    department: str | None
    province: str | None
    district: str | None
    occurred_on: str | None
    score: float | None
    reason: str | None
    pinned: int


class DetailHistoryEntry(TypedDict):
    """A line of an event's history, its JSON detail decoded: ``Storage.event_detail(...)["history"]``."""

    at: str
    #: created, updated, merged, split, regrouped, or a review decision (accepted, corrected, rejected)
    action: str
    detail: dict[str, Any]


class EventDetail(TypedDict):
    """``Storage.event_detail``: an event with its sources and history."""

    event: EventRecord
    sources: list[DetailSource]
    history: list[DetailHistoryEntry]


class GangActivity(TypedDict):
    """A gang named in live events: ``Storage.gang_activity``."""

    gang: str
    events: int
    deaths: int
    #: the departments of its events, comma-separated; None if none was placed
    departments: str | None
    first_seen: str | None
    last_seen: str | None


class GangCandidate(TypedDict):
    """A name the extractor read as a gang but found in no registry: ``Storage.gang_candidates``."""

    #: the name (the extractor stores candidates as a JSON list of strings)
    name: str
    articles: int
    #: publication time of the latest article naming it
    last_seen: str
    departments: str | None


class ReviewedSource(TypedDict):
    """A source of an article some of whose events a person reviewed, with its event's fields and
    decision and the article's own claims: ``Storage.reviewed_sources`` (the review export)."""

    article_id: int
    url: str
    published: str
    position: int
    event_id: int
    status: str
    review: str | None
    review_overrides: str | None
    reviewed_at: str | None
    kind: str
    crime_types: str
    department: str | None
    province: str | None
    district: str | None
    gangs: str
    victim_sectors: str
    occurred_on: str | None
    #: the article's own claims (None while its mention is replaced: LEFT JOIN)
    claimed_deaths: int | None
    claimed_injured: int | None


# --- the daily summary -------------------------------------------------------------------------


class EventSourceRow(TypedDict):
    """A source article of an event: ``Storage.event_sources``."""

    event_id: int
    url: str
    outlet: str
    published: str
    title: str
    at_least: int


class HistoryRow(TypedDict):
    """A line of the log's history, its detail as stored (JSON text): ``Storage.history_between``."""

    event_id: int
    at: str
    action: str
    detail: str


class PollCounts(TypedDict):
    """A feed's polls in a window: ``Storage.polls_between``."""

    feed: str
    polls: int
    errors: int
    new: int
    changed: int


class ExtractionCounts(TypedDict):
    """Articles published in a window: ``Storage.extraction_between`` (the sums and versions are
    None when no article was published in it)."""

    articles: int
    relevant: int | None
    errors: int | None
    #: extractor versions, comma-separated
    versions: str | None
    #: gang candidates their mentions name, sorted
    candidates: list[str]


# --- mentions and the event log's writer -------------------------------------------------------


class MentionRecord(TypedDict):
    """A ``mentions`` row with its JSON decoded: ``Storage.mentions``."""

    id: int
    article_id: int
    position: int
    kind: str
    crime_types: list[str]
    department: str | None
    province: str | None
    district: str | None
    ubigeo: str | None
    place_text: str | None
    gangs: list[str]
    deaths: int | None
    injured: int | None
    victim_sectors: list[str]
    occurred_on: str | None
    evidence: str
    #: the extractor's extras ({} when none)
    extra: dict[str, Any]
    extractor_version: str
    extracted_at: str


class MentionSource(TypedDict):
    """A mention with its article, as the event log's decisions read it (``events._SOURCE_COLUMNS``;
    the lists are the mention's JSON text)."""

    mention_id: int
    article_id: int
    position: int
    kind: str
    crime_types: str
    department: str | None
    province: str | None
    district: str | None
    ubigeo: str | None
    gangs: str
    deaths: int | None
    injured: int | None
    victim_sectors: str
    occurred_on: str | None
    evidence: str
    #: JSON text of the extractor's extras
    extra: str | None
    title: str
    published: str
    outlet: str
    url: str
    #: the start of the article's text (600 characters)
    lead: str


class UnassignedMention(MentionSource):
    """A mention in no event yet, with the slot its predecessor left (None when none):
    ``EventLogWriter.unassigned_mentions``."""

    slot_event: int | None
    slot_pinned: int | None


class MemberRow(MentionSource):
    """A current source of an event, with its membership: ``EventLogWriter.members``."""

    event_id: int
    pinned: int
    at_least: int
    score: float | None
    reason: str | None


class SlotRecord(TypedDict):
    """An ``event_mentions`` row (``SELECT *``): ``EventLogWriter.unpinned_slots``, ``lost_slots``
    and ``slots``."""

    article_id: int
    position: int
    event_id: int
    #: None while a re-extraction replaced the mention
    mention_id: int | None
    pinned: int
    score: float | None
    reason: str | None
    at_least: int
    assigned_at: str


__all__ = [
    "DayEventRow",
    "DetailHistoryEntry",
    "DetailSource",
    "EventDetail",
    "EventRecord",
    "EventRow",
    "EventSourceRow",
    "ExtractionCounts",
    "GangActivity",
    "GangCandidate",
    "HistoryRow",
    "MemberRow",
    "MentionRecord",
    "MentionSource",
    "PollCounts",
    "ReviewQueueRow",
    "ReviewedSource",
    "SlotRecord",
    "StatsRow",
    "UnassignedMention",
]
