"""Adapter to the place engineer's module (:mod:`.places`): the event's place, or nothing.

Kept apart so the rest of the extraction codes against one small interface: ``locate`` returns
(place or None, abroad flag) and ``fields`` turns a place into the schema's place fields.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

try:
    from . import places as _places
except ImportError:  # the place module is optional: events then carry null places
    _places = None

AVAILABLE = _places is not None
PLACE_FIELDS = ("department", "province", "district", "ubigeo", "place_text")


def locate(doc: Doc, *, focus: Span | None, region_hint: str | None):
    if _places is None or _places.SPANS_KEY not in doc.spans:
        return None, False
    return _places.locate(doc, focus=focus, region_hint=region_hint)


def fields(place) -> dict:
    if place is None:
        return {name: None for name in PLACE_FIELDS}
    if hasattr(place, "as_event_fields"):
        return {name: place.as_event_fields().get(name) for name in PLACE_FIELDS}
    return {"department": place.department, "province": place.province,
            "district": place.district, "ubigeo": place.ubigeo, "place_text": place.place_text}
