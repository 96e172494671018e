"""Cue patterns for the built-in span_ruler, read from ``models/cues.tsv``.

A pattern line is tokens separated by spaces; each token is a regular expression matched in full
against the lower-cased token, and a leading '~' makes it optional. Token regexes keep the table
short where Spanish inflects ('asesin(an|aron|ó|ado)') without running the lemmatizer.
"""

from __future__ import annotations

from pathlib import Path

CUES_KEY = "vigia_cues"


def read_cues(path: Path) -> list[dict]:
    """span_ruler patterns: {"label", "id", "pattern": [token specs]}."""
    patterns = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("label\t"):
            continue
        try:
            label, code, text = line.split("\t")
        except ValueError:
            raise ValueError(f"{path}:{number}: expected label<TAB>id<TAB>pattern") from None
        tokens = []
        for word in text.split():
            optional = word.startswith("~")
            spec: dict = {"LOWER": {"REGEX": f"^(?:{word.lstrip('~')})$"}}
            if optional:
                spec["OP"] = "?"
            tokens.append(spec)
        patterns.append({"label": label, "id": code, "pattern": tokens})
    return patterns
