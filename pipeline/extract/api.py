"""The extraction stage's public functions: articles in, schema events out.

    articles ─► relevance gate ─┬─► (no crime words) ─────────────────────────► []
                                └─► trained classifier ─┬─► (headline, not an event) ─► []
                                                        └─► nlp.pipe (ner, places, cues, gangs,
                                                            casualties) ─► events.build ─► [event, ...]
"""

from __future__ import annotations

import json
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from ..errors import ExtractInputError
from . import assemble as _events
from .classifier import arrest_in_peru, classify
from .model import load_pipeline
from .relevance import looks_relevant

#: Bump when rules or tables change: stored events are re-extracted under the new version.
EXTRACTOR_VERSION = "2026.12.02-122"

CHUNK = 256  # articles gated and piped together; order is restored per chunk


@dataclass(frozen=True)
class Explained:
    """One event of a text, with the sentence each field rests on, for a person to read."""

    #: the schema event (fields of shared/events-schema.md)
    event: dict
    #: field name -> evidence sentence (None when the text says nothing for it)
    evidence: dict
    #: gang names found in the text but not in models/gangs.tsv
    gang_candidates: list


def _published(value, url) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ExtractInputError(f"bad value for published; expected YYYY-MM-DD or null, got {value!r} ({url})") from None


# The pipeline reads the headline and the first part of the body: the events, their places and
# figures are told there, and long features cost the model time without adding events.
MAX_CHARS = int(os.environ.get("VIGIA_EXTRACT_MAX_CHARS", "2500"))


def _cut(text: str, limit: int) -> str:
    """The text up to the last sentence end before ``limit`` characters."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(". "), head.rfind(".\n"), head.rfind("\n"))
    return head[:end + 1] if end > limit // 2 else head


def compose(article: dict) -> tuple[str, int]:
    """(the text the pipeline reads, where its headline ends): headline + body, once."""
    title = " ".join((article.get("title") or "").split())
    text = _cut((article.get("text") or "").strip(), MAX_CHARS)
    if title and not text.startswith(title):
        return f"{title}\n\n{text}", len(title)
    if title:
        return text, len(title)
    return text, 0


def _schema_only(event: dict) -> dict:
    return {name: event.get(name) for name in _events.SCHEMA_FIELDS}


# Sections of a site that report no security event in Peru, whatever crime words they use:
# opinion ('/opinion/', '/columnistas/', '/editorial/': the guide's opinion and analysis), at the
# first or second level of the address; and, at the first level, world news (the guide: events
# outside Peru are none), technology and El Comercio's Mag (foreign curiosities and shows).
# Among 1,402 labelled items (train and validation) these sections held 453 items, none with an
# event, and 7 of the rules' 26 false events; the dev set has 17 items there, none an event.
# Sports, economy and explainer sections are not among them: attacks on a stadium and on mines
# and a state of emergency are reported there.
OPINION_SECTION = re.compile(r"^/(?:[\w-]+/)?(?:opinion|opiniones|columnistas?|columnas?|editorial|editoriales|blogs?)/",
                             re.I)
QUIET_SECTION = re.compile(
    r"^/(?:mundo|internacional|internacionales|usa|eeuu|latinoamerica|[\w-]*-mundo|world"
    r"|tecnologia|mag)/", re.I)


# A genre word in the address's slug ('…-entrevista-…', '…-opinion-lideres-noticia',
# '…-cronica-de-…', '…-editorial-…'): interviews, columns and chronicles that report no event (in
# 1,402 labelled train and validation items, 43 such addresses and no event; dev set 2, no event).
GENRE_SLUG = re.compile(r"(?:^|[-/_])(?:opinion|entrevista|cronica|editorial)(?:[-/_.]|$)", re.I)


def quiet_section(url: str) -> bool:
    """Whether the article's address puts it in a section of its site that reports no event in
    Peru (opinion, world news, technology), or its slug names such a genre (an interview)."""
    path = urlsplit(url).path or ""
    return bool(OPINION_SECTION.match(path) or QUIET_SECTION.match(path) or GENRE_SLUG.search(path))


def _doc(nlp, text: str, title_end: int):
    """The tokenised text, told where its headline ends (``vigia_syntax`` reads it)."""
    doc = nlp.make_doc(text)
    doc.user_data["title_end"] = title_end
    return doc


def _run_chunk(chunk: list[dict], nlp, batch_size: int) -> list[list[dict]]:
    prepared = []
    for article in chunk:
        if not isinstance(article, dict) or not isinstance(article.get("url"), str):
            raise ExtractInputError("an article needs a 'url' string")
        published = _published(article.get("published"), article["url"])
        prepared.append((article, published, looks_relevant(article.get("title"), article.get("text"))
                         and not quiet_section(article["url"])))
    results: list[list[dict]] = [[] for _ in chunk]
    gated = [i for i, (_, _, relevant) in enumerate(prepared) if relevant]
    composed = {i: compose(prepared[i][0]) for i in gated}
    # The trained classifier is far cheaper than the model: what it vetoes never reaches nlp.pipe.
    # It judges articles with a headline only (see classifier: on bare page text it is unreliable).
    headlined = [i for i in gated if composed[i][1] > 0]
    verdicts = dict(zip(headlined, classify([composed[i][0] for i in headlined], batch_size=batch_size)))
    todo = [i for i in gated if i not in verdicts or not verdicts[i].vetoed
            or arrest_in_peru(prepared[i][0].get("title"))]
    docs = nlp.pipe((_doc(nlp, *composed[i]) for i in todo), batch_size=batch_size)
    for i, doc in zip(todo, docs):
        article, published, _ = prepared[i]
        found = _events.build(doc, title_end=composed[i][1], published=published, region=article.get("region"))
        results[i] = [{**_schema_only(e), "extras": {"gang_candidates": e["gang_candidates"],
                                                     "evidence": e["field_evidence"]}} for e in found]
    return results


_worker_nlp = None


def _worker(args):
    chunk, batch_size = args
    return _run_chunk(chunk, _worker_nlp or load_pipeline(), batch_size)


def _chunks(articles: Iterable[dict], size: int) -> Iterator[list[dict]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_articles(articles: Iterable[dict], *, nlp=None, batch_size: int = 32,
                     n_process: int = 1) -> Iterator[list[dict]]:
    """The events of each article, in input order (an empty list when it reports none).

    Each event has exactly the schema fields plus ``extras``: ``gang_candidates`` (names read as
    gangs but not registered) and ``evidence`` (the sentence behind each field).
    """
    global _worker_nlp
    nlp = nlp if nlp is not None else load_pipeline()
    if n_process <= 1:
        for chunk in _chunks(articles, CHUNK):
            yield from _run_chunk(chunk, nlp, batch_size)
        return
    import multiprocessing

    _worker_nlp = nlp  # inherited by the forked workers: the model is not loaded again
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=n_process, mp_context=context) as pool:
        jobs = ((chunk, batch_size) for chunk in _chunks(articles, CHUNK // 2))
        for result in pool.map(_worker, jobs):
            yield from result


def _read_lines(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                raise ExtractInputError(f"{path}:{number}: empty line; expected one JSON article a line")
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ExtractInputError(f"{path}:{number}: not JSON: {error.msg} (column {error.colno})") from None
            if not isinstance(row, dict) or not isinstance(row.get("url"), str):
                raise ExtractInputError(f"{path}:{number}: expected an object with a 'url' string")
            if not isinstance(row.get("text", ""), (str, type(None))) or not isinstance(row.get("title", ""), (str, type(None))):
                raise ExtractInputError(f"{path}:{number}: 'title' and 'text' must be strings")
            try:
                _published(row.get("published"), row["url"])
            except ExtractInputError as error:
                raise ExtractInputError(f"{path}:{number}: {error}") from None
            yield row


def extract_file(input_path, output_path, *, progress: bool = True, nlp=None,
                 n_process: int = 1, database=None) -> int:
    """Articles JSONL in, events JSONL out: one line per input line, in order. Returns the count.

    Input lines: {"url", "title", "text", "published"}; output lines: {"url", "events": [...]},
    plus "gang_candidates" when unregistered gang names were read. The whole input is checked
    first, so a malformed line stops the run before anything is written. The output is never the
    input nor ``database`` (or its companion files), and is written atomically: a failure leaves
    the previous file as it was (see ``pipeline.outputs``).
    """
    from .. import outputs

    input_path, output_path = Path(input_path), Path(output_path)
    outputs.check_target(output_path, database=database, inputs=[input_path])
    rows = list(_read_lines(input_path))
    results = extract_articles(rows, nlp=nlp, n_process=n_process)
    show = progress and sys.stdout.isatty()
    count = 0
    with outputs.atomic_file(output_path, database=database, inputs=[input_path]) as out:
        bar = None
        if show:
            from rich.progress import Progress

            bar = Progress(transient=True)
            bar.start()
            task = bar.add_task("extracting", total=len(rows))
        try:
            for row, found in zip(rows, results):
                line = {"url": row["url"], "events": [_schema_only(e) for e in found]}
                candidates = sorted({c for e in found for c in e["extras"]["gang_candidates"]})
                if candidates:
                    line["gang_candidates"] = candidates
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                count += 1
                if bar:
                    bar.advance(task)
        finally:
            if bar:
                bar.stop()
    return count


def explain(text: str, *, published=None, title: str | None = None, nlp=None) -> list[Explained]:
    """The events of one text, each with the evidence sentence of every field."""
    if isinstance(published, date):
        published = published.isoformat()
    article = {"url": "text:", "title": title or "", "text": text, "published": published}
    found = next(extract_articles([article], nlp=nlp))
    return [Explained(event=_schema_only(e), evidence={"event": e["evidence"], **e["extras"]["evidence"]},
                      gang_candidates=list(e["extras"]["gang_candidates"])) for e in found]
