"""Cue phrases (crime types, event kinds, victim sectors) from ``models/cues.tsv``.

A pattern line is tokens separated by spaces; each token is a regular expression matched in full
against a lower-cased word, and a leading '~' makes it optional. Token regexes keep the table
short where Spanish inflects ('asesin(an|aron|ó|ado)') without running the lemmatizer.

The table is compiled to one text regex per pattern (``vigia_cues``), which gives the same spans
as the built-in span_ruler with ``{"LOWER": {"REGEX": ...}}`` token patterns (``to_span_ruler``
keeps that form) at a twentieth of its cost: the Matcher tries every token regex on every token.
"""

from __future__ import annotations

import re
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from ..resources import asset
from .base import MatchComponent

CUES_KEY = "vigia_cues"
MODELS = asset("models")


def read_table(path: Path) -> list[tuple[str, str, list[tuple[str, bool]]]]:
    """(label, id, [(token regex, optional)]) per line of the cue table."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("label\t"):
            continue
        try:
            label, code, text = line.split("\t")
        except ValueError:
            raise ValueError(f"{path}:{number}: expected label<TAB>id<TAB>pattern") from None
        tokens = [(w.lstrip("~"), w.startswith("~")) for w in text.split()]
        for regex, _ in tokens:
            try:
                re.compile(regex)
            except re.error as error:
                raise ValueError(f"{path}:{number}: bad regular expression {regex!r}: {error}") from None
        rows.append((label, code, tokens))
    return rows


def to_span_ruler(rows) -> list[dict]:
    """The same table as span_ruler token patterns (for spaCy's built-in span_ruler)."""
    patterns = []
    for label, code, tokens in rows:
        specs = []
        for regex, optional in tokens:
            spec: dict = {"LOWER": {"REGEX": f"^(?:{regex})$"}}
            if optional:
                spec["OP"] = "?"
            specs.append(spec)
        patterns.append({"label": label, "id": code, "pattern": specs})
    return patterns


def read_cues(path: Path) -> list[dict]:
    return to_span_ruler(read_table(path))


def _compile(tokens: list[tuple[str, bool]]) -> re.Pattern:
    parts = []
    for i, (regex, optional) in enumerate(tokens):
        word = rf"(?:{regex})(?![\w])"
        if i == 0:
            parts.append(rf"(?:{word}\s+)?" if optional else word)
            continue
        parts.append(rf"(?:\s+{word})?" if optional else rf"\s+{word}")
    return re.compile(r"(?<![\w])" + "".join(parts), re.IGNORECASE)


@Language.factory("vigia_cues", default_config={"table": None}, assigns=["doc.spans"])
def make_cues(nlp: Language, name: str, table: str | None) -> "CueMatcher":
    return CueMatcher(name, table=Path(table) if table else MODELS / "cues.tsv")


class CueMatcher(MatchComponent):
    """Cue spans in ``doc.spans["vigia_cues"]``: ``label_`` CRIME/KIND/SECTOR/…, ``id_`` the code."""

    def __init__(self, name: str = "vigia_cues", *, table: Path | None = None):
        self.name = name
        self.rows: list = []
        self.compiled: list[tuple[str, str, re.Pattern]] = []
        if table is not None:
            self.add_rows(read_table(table))

    def add_rows(self, rows) -> None:
        for label, code, tokens in rows:
            self.rows.append((label, code, tokens))
            self.compiled.append((label, code, _compile(tokens)))

    def match(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        text = doc.text
        return [(m.start(), m.end(), label, code)
                for label, code, regex in self.compiled for m in regex.finditer(text)]

    def set_annotations(self, doc: Doc, matches) -> None:
        spans, seen = [], set()
        for start, end, label, code in sorted(matches):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or (span.start, span.end, label, code) in seen:
                continue
            seen.add((span.start, span.end, label, code))
            spans.append(Span(doc, span.start, span.end, label=label, span_id=code))
        doc.spans[CUES_KEY] = SpanGroup(doc, name=CUES_KEY, spans=spans)

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cues.json", [[label, cue, tokens] for label, cue, tokens in self.rows])

    def from_disk(self, path, *, exclude=()) -> "CueMatcher":
        self.rows, self.compiled = [], []
        self.add_rows([(label, cue, [tuple(x) for x in tokens])
                       for label, cue, tokens in srsly.read_json(Path(path) / "cues.json")])
        return self
