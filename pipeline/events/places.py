"""Coordinates of an event's place at its level of precision, from the project's gazetteer
(``pipeline/gazetteer.py``). Loaded lazily: querying the log never needs it."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _gazetteer():
    from ..gazetteer import Gazetteer
    return Gazetteer.load()


def locate(department: str | None, province: str | None, district: str | None,
           ubigeo: str | None) -> tuple[str | None, float | None, float | None]:
    """(ubigeo at the place's own level, lat, lon) of the most precise named level; the
    coordinates are the gazetteer's for that level (a department's, not a district's)."""
    level = "district" if district else "province" if province else "department" if department else None
    if level is None:
        return ubigeo, None, None
    gaz = _gazetteer()
    if gaz is None:
        return ubigeo, None, None
    place = None
    if ubigeo and len(ubigeo) == 6 and ubigeo.isdigit():
        cut = {"department": 2, "province": 4, "district": 6}[level]
        place = gaz.by_ubigeo(ubigeo[:cut].ljust(6, "0"))
    if place is None:
        found = gaz.find(district or province or department, department=department, level=level)
        if province and level == "district":
            found = [p for p in found if p.province == province] or found
        place = found[0] if found else None
    if place is None:
        return ubigeo, None, None
    return place.ubigeo, place.lat, place.lon


def department_names() -> list[str]:
    """The 25 official department names (events-schema.md)."""
    return ["Amazonas", "Áncash", "Apurímac", "Arequipa", "Ayacucho", "Cajamarca", "Callao",
            "Cusco", "Huancavelica", "Huánuco", "Ica", "Junín", "La Libertad", "Lambayeque", "Lima",
            "Loreto", "Madre de Dios", "Moquegua", "Pasco", "Piura", "Puno", "San Martín", "Tacna",
            "Tumbes", "Ucayali"]


def suggest(name: str, level: str) -> list[str]:
    """Nearest official names of that level, for 'did you mean' messages."""
    gaz = _gazetteer()
    if gaz is not None:
        return gaz.suggest(name, level, n=3)
    import difflib
    return difflib.get_close_matches(name, department_names(), n=3, cutoff=0.5)
