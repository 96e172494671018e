"""How much an event can be trusted without a person looking at it: a pure function of its sources.

    members (matching.Source) [+ the event's summary] ─► confidence(...) ─► 0.0 .. 1.0

Five signals, each worth a fixed share of 1.0 (the weights below; they add up to 1.0):

    outlets      several outlets reporting it: 2 outlets 0.25, 3 or more 0.35 (one outlet: 0)
    place        a place the sources agree on: district or province 0.20, department only 0.10
    date         at least one source resolved the day it happened ('ayer', 'el domingo'): 0.10
    agreement    the sources agree on kind and crime types: 0.15 × the share of pairs of sources
                 of the same kind whose types are shared, related or untold (one source: 1.0)
    headline     at least one source states it in its headline (the article is about it, not a
                 recalled or side event): 0.20

A single outlet's headline event with a district and a date scores 0.65; the same without a
place 0.45; an event only mentioned further down one article, 0.45 at best. ``review.threshold``
(config, 0.5 by default) decides which unreviewed events are held for review.
"""

from __future__ import annotations

from itertools import combinations
from typing import Protocol, Sequence

from ..text import fold
from . import matching as D

OUTLETS = {1: 0.0, 2: 0.25}
MANY_OUTLETS = 0.35
PLACE_PRECISE = 0.20
PLACE_DEPARTMENT = 0.10
DATE = 0.10
AGREEMENT = 0.15
HEADLINE = 0.20


def _fold(text: str | None) -> str:
    text = fold(text or "")
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def from_headline(source: D.Source) -> bool:
    """Whether a source's evidence sentence is its article's headline (the headline event, with
    the evidence and the title containing one another once case, accents and punctuation are
    ignored)."""
    if source.position != 0:
        return False
    title, evidence = _fold(source.title), _fold(source.evidence)
    return bool(title and evidence) and (title in evidence or evidence in title)


def agreement(members: Sequence[D.Source]) -> float:
    """Share of pairs of sources (of different articles) that agree on kind and crime types."""
    pairs = [(a, b) for a, b in combinations(members, 2) if a.article_id != b.article_id]
    if not pairs:
        return 1.0
    agree = sum(1 for a, b in pairs if a.kind == b.kind and D.types_relation(a, b)[0] != "different")
    return agree / len(pairs)


class ShownPlace(Protocol):
    """What ``confidence`` reads of what an event shows (an ``EventFields``, or a stored event's place)."""

    @property
    def department(self) -> str | None: ...
    @property
    def province(self) -> str | None: ...
    @property
    def district(self) -> str | None: ...


def confidence(members: Sequence[D.Source], fields: ShownPlace | None = None) -> float:
    """The event's confidence, 0..1 (two decimals), from its sources and what it shows."""
    if not members:
        return 0.0
    fields = fields or D.summarize(list(members))
    outlets = len({m.outlet or m.url or m.article_id for m in members})
    score = OUTLETS.get(outlets, MANY_OUTLETS)
    if fields.district or fields.province:
        score += PLACE_PRECISE
    elif fields.department:
        score += PLACE_DEPARTMENT
    if any(m.occurred_on for m in members):
        score += DATE
    score += AGREEMENT * agreement(members)
    if any(from_headline(m) for m in members):
        score += HEADLINE
    return round(min(max(score, 0.0), 1.0), 2)
