"""Accent folding, once: how Vigía compares Spanish names and words.

    strip_accents("Zárate, Áncash")  ->  "Zarate, Ancash"   (case and spacing kept)
    fold("Zárate, Áncash")           ->  "zarate, ancash"   (lower case too)
    fold_words("  San  Martín ")     ->  "san martin"       (spaces collapsed)

NFKD splits a letter from its accent, then every combining mark is dropped ('ñ' becomes 'n').
Standard library only; no business logic.
"""

from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """``text`` without accents or other combining marks (NFKD, combining characters dropped)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case, accents dropped: a comparison key ('Áncash' -> 'ancash')."""
    return strip_accents(text).lower()


def fold_words(text: str) -> str:
    """``fold`` with runs of white space made one space and the ends trimmed."""
    return " ".join(fold(text).split())
