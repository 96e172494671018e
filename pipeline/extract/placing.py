"""Adapter to the place engineer's module (:mod:`.places`): the event's place, or nothing.

Kept apart so the rest of the extraction codes against one small interface: ``locate`` returns
(place or None, abroad flag) and ``fields`` turns a place into the schema's place fields.
"""

from __future__ import annotations

from types import ModuleType
from typing import Sequence

from spacy.tokens import Doc, Span, SpanGroup

_places: ModuleType | None
try:
    from . import places as _module
    _places = _module
except ImportError:  # the place module is optional: events then carry null places
    _places = None

AVAILABLE = _places is not None
PLACE_FIELDS = ("department", "province", "district", "ubigeo", "place_text")


def locate(doc: Doc, *, focus: Span | None, region_hint: str | None,
           exclude: Sequence[tuple[int, int]] = ()):
    """The event's place; place mentions starting inside an ``exclude`` character range (a
    background clause, another event's sentences) are not read."""
    if _places is None or _places.SPANS_KEY not in doc.spans:
        return None, False
    group = doc.spans[_places.SPANS_KEY]
    kept = [s for s in group if not any(a <= s.start_char < b for a, b in exclude)]
    if len(kept) == len(group):
        return _places.locate(doc, focus=focus, region_hint=region_hint)
    doc.spans[_places.SPANS_KEY] = SpanGroup(doc, name=group.name, attrs=dict(group.attrs), spans=kept)
    try:
        return _places.locate(doc, focus=focus, region_hint=region_hint)
    finally:
        doc.spans[_places.SPANS_KEY] = group


def fields(place) -> dict:
    if place is None:
        return {name: None for name in PLACE_FIELDS}
    if hasattr(place, "as_event_fields"):
        return {name: place.as_event_fields().get(name) for name in PLACE_FIELDS}
    return {"department": place.department, "province": place.province,
            "district": place.district, "ubigeo": place.ubigeo, "place_text": place.place_text}
