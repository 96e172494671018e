"""The trained text classifier: does an article report a security event in Peru, of which kind,
with which crime types.

A spaCy pipeline (tokenizer + ``textcat_multilabel``: EVENT, KIND_<kind>, TYPE_<code>) trained
by ``make model`` from the labelled corpus (``models/corpus/``, config
``models/classifier/config.cfg``) and shipped in ``models/classifier/model``. It reads what the
rules read (headline and lead, ``api.compose``) and runs before the rest of the pipeline, on the
articles that pass the cheap relevance gate, so what it rejects costs no model time:

    an article with a headline and p(EVENT) < VETO    no event: opinion, court steps, politics,
                                                      entertainment and figurative uses of crime
                                                      words (the rules' false events), unless the
                                                      headline tells an arrest in a place of Peru
                                                      (``arrest_in_peru``)
    otherwise                                         the rules decide

Measured on the validation split (real feed items, never the test split): the veto raises the
precision of event detection from 0.27 to 0.91, recall 0.63 → 0.53; out-of-fold on the headlined
part of the dev set (a model trained without that half) it costs 3 points of recall (0.968 →
0.936) for 1 of precision. On page text without a headline (full articles) it rejected 15 of 20
real events out-of-fold: there the rules decide alone. Trained also on the probe-dev page texts it
separates written page text well (out-of-fold on probe-dev, p < 0.05 would turn away 8 of the
rules' 10 false events for 2 of 156 true ones), but not real pages: out-of-fold on El Comercio's
train items, 3 of its 4 real events scored below 0.01, so there is still no veto on page text. The learned kind and crime types did not
beat the rules on validation, so they are reported (``Verdict``) but not used to decide.
"""

from __future__ import annotations

import re
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from ..errors import ExtractError
from ..gazetteer import Gazetteer, norm
from ..types import CRIME_TYPES, KINDS
from .relevance import MODELS

MODEL_DIR = MODELS / "classifier" / "model"
TYPES = CRIME_TYPES

VETO = 0.2  # p(EVENT) below which a headlined article reports no event

_lock = threading.Lock()
_cache: dict[Path, Language] = {}


@dataclass(frozen=True)
class Verdict:
    """What the classifier says of one text."""

    event: float
    kinds: dict[str, float]
    types: dict[str, float]

    @classmethod
    def from_cats(cls, cats: dict[str, float]) -> "Verdict":
        return cls(event=cats.get("EVENT", 0.0),
                   kinds={k: cats.get(f"KIND_{k}", 0.0) for k in KINDS},
                   types={t: cats.get(f"TYPE_{t}", 0.0) for t in TYPES})

    @property
    def vetoed(self) -> bool:
        """Whether this verdict rules out any event (applied to articles with a headline only)."""
        return self.event < VETO

    @property
    def kind(self) -> str:
        return max(self.kinds, key=self.kinds.__getitem__)

    @property
    def crime_types(self) -> list[str]:
        return [t for t in TYPES if self.types[t] >= 0.5]


# A headline that tells an arrest in a named place of Peru ('Capturan en Tacna a miembro del Tren
# de Aragua buscado en Chile por secuestro'): the classifier, which learned crime abroad from the
# lead's foreign words, does not veto it; the rules judge it.
ARREST_IN_PLACE = re.compile(
    r"\b(?i:capturan|detienen|arrestan|intervienen|capturaron|detuvieron|arrestaron)\s+en\s+"
    r"([A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+(?:de\s+|del\s+|de\s+la\s+)?[A-ZÁÉÍÓÚÑ][\wáéíóúñ-]+){0,3})")


def arrest_in_peru(title: str | None) -> bool:
    """Whether a headline tells an arrest in a place of Peru's gazetteer (not a foreign name)."""
    found = ARREST_IN_PLACE.search(title or "")
    if not found:
        return False
    gazetteer = Gazetteer.load()
    words = found.group(1).split()
    return any(gazetteer.find(name) and norm(name) not in gazetteer.foreign
               for name in (" ".join(words[:k]) for k in range(len(words), 0, -1)))


def load_classifier(path: Path = MODEL_DIR) -> Language:
    """The trained classifier pipeline, loaded once per process."""
    with _lock:
        if path not in _cache:
            if not (path / "config.cfg").exists():
                raise ExtractError(f"no trained classifier at {path}: run `make model`")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _cache[path] = spacy.load(path)
        return _cache[path]


def classify(texts: list[str], *, classifier: Language | None = None, batch_size: int = 64) -> list[Verdict]:
    nlp = classifier if classifier is not None else load_classifier()
    return [Verdict.from_cats(doc.cats) for doc in nlp.pipe(texts, batch_size=batch_size)]
