"""The cheap first test: does an article talk about crime at all?

A regular expression over the lower-cased, accent-free headline and lead, with the stems of
``models/relevance.txt``. Articles that fail it (sport, economy, technology, most world news)
never reach the statistical components; the event rules decide on the rest.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..resources import asset
from ..text import strip_accents

#: the models folder (``models/`` in the source tree, packaged when installed; see ``pipeline.resources``)
MODELS = asset("models")
LEAD_CHARS = 1200


def fold(text: str) -> str:
    return strip_accents(text.lower())


@lru_cache(maxsize=4)
def gate(path: Path = MODELS / "relevance.txt") -> re.Pattern:
    stems = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return re.compile("|".join(f"(?:{s})" for s in stems))


def looks_relevant(title: str | None, text: str | None) -> bool:
    """True when the headline or lead uses any crime word (recall first)."""
    lead = f"{title or ''}\n{(text or '')[:LEAD_CHARS]}"
    return gate().search(fold(lead)) is not None
