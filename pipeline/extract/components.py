"""Vigía's spaCy components: line breaks as sentence starts, gang mentions, casualty counts.

Crime, kind and victim-sector cues are the built-in ``span_ruler`` (``vigia_cues``) with the
patterns of ``models/cues.tsv`` (see :mod:`.cues`). Each custom component follows spaCy's own
``span_ruler``: a factory, ``__call__`` wrapped in the pipeline's error handler, ``match()`` and
``set_annotations()`` kept apart, and ``to_disk``/``from_disk`` for its data.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import filter_spans

from ..resources import asset
from ..text import fold, strip_accents  # fold: lower case, accents dropped
from . import casualties
from .base import MatchComponent

MODELS = asset("models")
GANGS_KEY = "vigia_gangs"
CANDIDATES_KEY = "vigia_gang_candidates"
CASUALTIES_KEY = "vigia_casualties"

for _name in ("count", "strength"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


@Language.component("vigia_lines", assigns=["token.is_sent_start"])
def vigia_lines(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and captions carry no final full stop."""
    for token in doc[:-1]:
        if "\n" in token.whitespace_ or token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


# --- gangs ------------------------------------------------------------------------------------

def read_registry(path: Path) -> list[dict]:
    """models/gangs.tsv rows as {"name", "aliases", "origin"}."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        cells = line.split("\t") + ["", ""]
        aliases = [a.strip() for a in cells[1].split(";") if a.strip()]
        rows.append({"name": cells[0].strip(), "aliases": aliases, "origin": cells[2].strip()})
    return rows


_SMALL_WORDS = {"de", "del", "la", "las", "los", "el", "y", "e", "en"}
_QUOTE_OPEN = "‘'\"“«"
_QUOTE_CLOSE = "’'\"”»"
# Nouns that name a gang by themselves, and nouns that need 'criminal' ('la red criminal …'):
# 'la agrupación "Las Estrellas de la Cumbia"' is an orchestra.
_GANG_NOUN = (r"(?:(?:banda|bandas|clan|facci[oó]n|pandilla|mafia|cartel|c[aá]rtel)|"
              r"(?:organizaci[oó]n|organizaciones|red|c[eé]lula|agrupaci[oó]n|grupo)(?=\s+(?:criminal|delictiv|delincuencial|terrorista)))")
# 'la banda criminal "Los …"', 'organización criminal denominada …', 'integrantes de ‘Los …’'.
_QUOTED_AFTER_CUE = re.compile(
    rf"\b{_GANG_NOUN}(?:\s+(?:criminal(?:es)?|delictiva|delincuencial|de\s+\w+|transnacional|"
    rf"armada|de\s+extorsionadores|de\s+sicarios))*(?:\s*,)?(?:\s+(?:denominad[oa]s?|conocid[oa]s?\s+como|"
    rf"llamad[oa]s?|autodenominad[oa]s?|de\s+nombre|identificad[oa]\s+como))?\s*[{_QUOTE_OPEN}]"
    rf"\s*([^{_QUOTE_CLOSE}\n]{{3,60}}?)\s*[{_QUOTE_CLOSE}]", re.I)
_QUOTED_MEMBER = re.compile(
    rf"\b(?:integrantes?|miembros?|cabecillas?|l[ií]der|jefe|sicarios?|parte)\s+(?:de|del)\s+(?:la\s+)?"
    rf"[{_QUOTE_OPEN}]\s*((?:Los|Las|La|El)\s[^{_QUOTE_CLOSE}\n]{{2,60}}?)\s*[{_QUOTE_CLOSE}]", re.I)
# A quoted 'Los …' name that reads as a gang even without a cue word: 'Cayeron ‘Los perrosos’'.
_QUOTED_PLURAL = re.compile(
    rf"[{_QUOTE_OPEN}]\s*((?:Los|Las)\s+[a-záéíóúñA-ZÁÉÍÓÚÑ]+[sz](?:\s+(?:de|del|de\s+la|de\s+los)\s+[^{_QUOTE_CLOSE}\n]{{2,40}}?)?)\s*[{_QUOTE_CLOSE}]")
# Unquoted 'Los Malditos de Huachipa', 'La Batería del Loco Aroni': article + capitalised noun +
# de/del + capitalised name, next to a crime word (checked by the caller).
_UNQUOTED = re.compile(
    r"\b((?:Los|Las|La|El)\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+(?:\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)?\s+(?:de|del|de\s+la|de\s+los)\s+"
    r"[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)?)")
# Unquoted and plural right after a gang noun: 'desarticularon la banda Los Mapaches, a la que…'.
_UNQUOTED_AFTER_CUE = re.compile(
    rf"\b{_GANG_NOUN}(?:\s+(?:criminal(?:es)?|delictiva|delincuencial))?\s+(?:(?:denominad[oa]|conocid[oa]\s+como)\s+)?"
    r"((?:Los|Las)\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+(?:\s+(?:(?:de|del|de\s+la|de\s+los)\s+)?[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+){0,3})")
_UNQUOTED_CONTEXT = re.compile(r"\b(?:delincuentes|banda|integrantes|miembros|organizaci[oó]n|"
                               r"extorsion\w*|sicari\w*|cabecilla|criminal|rob(?:ar|o|aron)|asalt\w*|"
                               r"mataron|asesin\w*|hampones)\b", re.I)
# A name right after the noun of a company, a school, a band or a neighbourhood, or after the bus
# of ('Ataque a bus de ‘Las estrellas de la cumbia’'), is that body's (the victims', never a gang:
# the guide), quoted or not.
_VICTIM_BODY_BEFORE = re.compile(
    r"\b(?:empresas?|compañ[ií]as?|cooperativas?|l[ií]neas?|colegios?|instituci[oó]n\s+educativa|orquestas?|"
    r"agrupaci[oó]n(?:\s+musical)?|grupos?\s+musical(?:es)?|restaurantes?|poller[ií]as?|discotecas?|clubs?|club|"
    r"asociaci[oó]n|mercados?|urbanizaci[oó]n|asentamiento\s+humano|cooperativa)"
    r"(?:\s+de\s+(?:transportes?|buses|mototaxis|colectivos|cumbia|vivienda))?\s*[{q}]?\s*$|"
    r"\b(?:bus|buses|[oó]mnibus|c[uú]ster|combis?|camionetas?)\s+de(?:\s+la)?(?:\s+(?:agrupaci[oó]n|orquesta|grupo)"
    r"(?:\s+musical)?)?\s*[{q}]?\s*$".format(q=_QUOTE_OPEN), re.I)
# Quoted names that are nicknames or case names, not organisations.
_NOT_A_GANG = re.compile(r"^(?:caso|operativo|operación|alias|el\s+\w+$|la\s+\w+$)|"
                         r"^(?:el|la|los|las)\s+(?:ministerio|polic[ií]a|equipo|fiscal[ií]a|poder|congreso|"
                         r"municipalidad|direcci[oó]n|divisi[oó]n|gobierno|regi[oó]n|unidad|superintendencia|"
                         r"departamento|jefatura|comisar[ií]a|corte|sala|procuradur[ií]a|defensor[ií]a|"
                         r"universidad|asociaci[oó]n|federaci[oó]n|sindicato|gremio|c[aá]mara|instituto|"
                         r"oficina|programa|consejo|comando conjunto|fuerzas?|ej[eé]rcito|marina|"
                         r"presidencia|banco|empresa|compañ[ií]a|hospital|colegio|escuela|iglesia)\b", re.I)


def canonical_case(name: str) -> str:
    """'Los malditos de Winnie' -> 'Los Malditos de Winnie' (small words stay lower-case)."""
    words = name.split()
    out = []
    for i, w in enumerate(words):
        if i > 0 and w.lower() in _SMALL_WORDS:
            out.append(w.lower())
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


@Language.factory(
    "vigia_gangs",
    default_config={"registry": None},
    assigns=["doc.spans"],
)
def make_gangs(nlp: Language, name: str, registry: str | None) -> "GangMatcher":
    return GangMatcher(nlp, name, registry=Path(registry) if registry else MODELS / "gangs.tsv")


class GangMatcher(MatchComponent):
    """Registered gangs (label = canonical name) and unregistered names reported as candidates."""

    def __init__(self, nlp: Language, name: str = "vigia_gangs", *, registry: Path | None = None):
        self.nlp, self.name = nlp, name
        self.rows: list[dict] = []
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.canonical: dict[str, str] = {}
        if registry is not None:
            self.add_rows(read_registry(registry))

    def add_rows(self, rows: Iterable[dict]) -> None:
        for row in rows:
            self.rows.append(row)
            for text in [row["name"], *row["aliases"]]:
                self.canonical[fold(text)] = row["name"]
                self.matcher.add(row["name"], [self.nlp.make_doc(text)])
                # Press spelling without accents: 'Dinastia Alayon'.
                plain = strip_accents(text)
                if plain != text:
                    self.matcher.add(row["name"], [self.nlp.make_doc(plain)])

    def match(self, doc: Doc) -> tuple[list[Span], list[Span]]:
        spans = []
        for match_id, start, end in self.matcher(doc):
            span = Span(doc, start, end, label=match_id)
            # A mention is a name: 'los pulpos' in lower case is seafood.
            if span.text != span.text.lower():
                spans.append(span)
        gangs = filter_spans(spans)
        registered = {fold(s.label_) for s in gangs}
        covered = [(s.start_char, s.end_char) for s in gangs]
        candidates = []
        seen = set()
        text = doc.text
        found = []
        for pattern in (_QUOTED_AFTER_CUE, _QUOTED_MEMBER, _QUOTED_PLURAL, _UNQUOTED_AFTER_CUE):
            found += [(m.start(1), m.end(1)) for m in pattern.finditer(text)]
        for m in _UNQUOTED.finditer(text):
            window = text[max(0, m.start() - 80):m.end() + 80]
            if _UNQUOTED_CONTEXT.search(window):
                found.append((m.start(1), m.end(1)))
        # Spans a registered gang or a name already read holds: the longest reading of a name comes
        # first ('Los Pacharacos de José Leonardo Ortiz', not its prefix).
        taken = list(covered)

        def name_at(start: int, end: int) -> str:
            return " ".join(text[start:end].strip(" ,.;:").split())

        # A name the text calls the victims' body anywhere ('la agrupación musical Las Estrellas de
        # la Cumbia') is theirs wherever else it stands ('Ataque a balazos a Las Estrellas…').
        victims = {fold(name_at(start, end)) for start, end in found
                   if _VICTIM_BODY_BEFORE.search(text[max(0, start - 50):start])}
        for start, end in sorted(found, key=lambda x: (x[0], -x[1])):
            if any(s < end and start < e for s, e in taken):
                continue
            name = name_at(start, end)
            if not name or _NOT_A_GANG.match(name) or len(name.split()) > 8:
                continue
            key = fold(name)
            if key in victims:
                continue  # 'chofer de la empresa Los Jazmines de Canto Grande': the victims'
            if key in self.canonical or key in registered or key in seen:
                taken.append((start, end))  # a registered name, or one already taken: its prefix is no other
                continue
            found_span = doc.char_span(start, end, alignment_mode="expand")
            if found_span is None or self._is_place(found_span):
                continue
            seen.add(key)
            taken.append((start, end))
            candidates.append(Span(doc, found_span.start, found_span.end, label=canonical_case(name)))
        return gangs, candidates

    @staticmethod
    def _is_place(span: Span) -> bool:
        """A name that is a known place ('Los Olivos') is not a gang."""
        places = span.doc.spans.get("places") if "places" in span.doc.spans else None
        if not places:
            return False
        return any(p.start == span.start and p.end == span.end for p in places)

    def set_annotations(self, doc: Doc, matches: tuple[list[Span], list[Span]]) -> None:
        gangs, candidates = matches
        doc.spans[GANGS_KEY] = SpanGroup(doc, name=GANGS_KEY, spans=gangs)
        doc.spans[CANDIDATES_KEY] = SpanGroup(doc, name=CANDIDATES_KEY, spans=candidates)

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / "gangs.jsonl", self.rows)

    def from_disk(self, path, *, exclude=()) -> "GangMatcher":
        self.rows, self.canonical = [], {}
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.add_rows(srsly.read_jsonl(Path(path) / "gangs.jsonl"))
        return self


# --- casualties -------------------------------------------------------------------------------

@Language.factory("vigia_casualties", default_config={},
                  assigns=["doc.spans", "span._.count", "span._.strength"])
def make_casualties(nlp: Language, name: str) -> "CasualtyMatcher":
    return CasualtyMatcher(name)


class CasualtyMatcher(MatchComponent):
    """Deaths and injured stated in each sentence (label 'deaths'/'injured', ``span._.count``)."""

    def __init__(self, name: str = "vigia_casualties"):
        self.name = name

    def match(self, doc: Doc) -> list[tuple[int, int, casualties.Finding]]:
        found = []
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        for sent in sents:
            for f in casualties.find(sent.text):
                found.append((sent.start_char + f.start, sent.start_char + f.end, f))
        return found

    def set_annotations(self, doc: Doc, found) -> None:
        spans = []
        for start, end, f in found:
            span = doc.char_span(start, end, label=f.field, alignment_mode="expand")
            if span is None:
                continue
            span._.count, span._.strength = f.count, f.strength
            spans.append(span)
        doc.spans[CASUALTIES_KEY] = SpanGroup(doc, name=CASUALTIES_KEY, spans=spans)

    def to_disk(self, path, *, exclude=()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, *, exclude=()) -> "CasualtyMatcher":
        return self
