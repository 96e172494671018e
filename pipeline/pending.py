"""Pending articles through the extractor into the event log: new or changed articles → mentions
in the store → events.

    batches of articles ─► extract_batch (nlp.pipe) ─► Storage.store_mentions ─► events.merge_pending

``extract_pending`` is the one "extract, then merge" loop: the daemon, ``vigia import`` and
``vigia reextract`` all run it (through ``pipeline.app.Vigia``), each batch's mentions stored in one
transaction and merged into the event log in the next, so a stop loses no merged work. It ends
with one more merge, for mentions an earlier run stored but did not merge.

An article the extractor fails on is marked with its error (and not retried until its text
changes or ``reextract`` runs), so one bad text never blocks the queue.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable, Iterator, Mapping

from .clock import utcnow
from .events import merge_pending
from .storage import Storage
from .types import Article

log = logging.getLogger(__name__)


@dataclass
class ExtractReport:
    """What one ``extract_pending`` (or ``reextract``) did."""

    #: articles extracted (failures included: they are marked with their error)
    extracted: int = 0
    #: events the merges created
    events_created: int = 0
    #: mentions the merges added to an existing event
    events_joined: int = 0


def article_input(article: Article, region: str | None = None) -> dict:
    """An article in the extract command's input format (plus outlet hints)."""
    return {"url": article.url, "title": article.title, "text": article.text,
            "published": article.published.date().isoformat(), "outlet": article.outlet,
            "region": region}


def extract_batch(articles: list[Article], regions: Mapping[str, str | None] | None = None,
                  *, nlp=None) -> list[tuple[int, list[dict] | None, str | None]]:
    """(article id, events, error) for each article; a failing article is isolated."""
    from .extract import extract_articles

    regions = regions or {}
    inputs = [article_input(a, regions.get(a.feed)) for a in articles]
    try:
        results = list(extract_articles(inputs, nlp=nlp))
        return [(a.id, events, None) for a, events in zip(articles, results)]
    except Exception as error:
        if len(articles) == 1:
            log.exception("extraction failed on article %s (%s)", articles[0].id, articles[0].url)
            return [(articles[0].id, None, f"{type(error).__name__}: {error}")]
    # Find the culprit: one at a time.
    out = []
    for article in articles:
        out.extend(extract_batch([article], regions, nlp=nlp))
    return out


def pending_batches(storage: Storage, batch_size: int, *, limit: int | None = None) -> Iterator[list[Article]]:
    """The articles waiting for extraction, oldest first, ``batch_size`` at a time (at most
    ``limit`` in all). Each batch is read when the previous one has been stored."""
    done = 0
    while limit is None or done < limit:
        articles = storage.pending_articles(batch_size if limit is None else min(batch_size, limit - done))
        if not articles:
            return
        done += len(articles)
        yield articles


def stored_batches(storage: Storage, batch_size: int, *, since: datetime | None = None) -> Iterator[list[Article]]:
    """Every stored article (or those published since ``since``) in id order, a batch at a time."""
    after = 0
    while True:
        articles = storage.articles_since(since, after_id=after, limit=batch_size)
        if not articles:
            return
        after = articles[-1].id
        yield articles


def _run(storage: Storage, batches: Iterable[list[Article]], *, nlp, regions, stop, now, merge: bool,
         progress: Callable[[int], None] | None) -> ExtractReport:
    """Extract each batch and store its mentions (one transaction), then merge them (``merge``).
    ``nlp`` is a function that returns the pipeline, called at the first batch."""
    from .extract import EXTRACTOR_VERSION

    report = ExtractReport()
    for articles in batches:
        if stop is not None and stop.is_set():
            break
        results = extract_batch(articles, regions, nlp=nlp())
        storage.store_mentions(results, version=EXTRACTOR_VERSION, now=now())
        report.extracted += len(articles)
        if merge:
            merged = merge_pending(storage, now=now())
            report.events_created += merged.created
            report.events_joined += merged.joined
        if progress:
            progress(len(articles))
    return report


def _loader(nlp, load_nlp: Callable[[], object] | None) -> Callable[[], object]:
    """A function returning the pipeline: ``load_nlp``, else the ``nlp`` given, else the packaged
    one (``extract.load_pipeline``), loaded when first needed."""
    if load_nlp is not None:
        return load_nlp
    if nlp is not None:
        return lambda: nlp
    from .extract import load_pipeline
    return load_pipeline


def extract_pending(storage: Storage, *, batch_size: int = 64, nlp=None,
                    load_nlp: Callable[[], object] | None = None,
                    regions: Mapping[str, str | None] | None = None, stop: threading.Event | None = None,
                    limit: int | None = None, now: Callable[[], datetime] = utcnow,
                    progress: Callable[[int], None] | None = None) -> ExtractReport:
    """Extract every pending article (at most ``limit``) and merge the mentions into the event log,
    a batch at a time; then merge whatever an earlier run stored and left unmerged.

    ``nlp``: the spaCy pipeline; or ``load_nlp``, a function returning it, called only when an
    article waits; with neither, ``extract.load_pipeline()``. ``progress(n)`` follows each batch.
    """
    report = _run(storage, pending_batches(storage, batch_size, limit=limit), nlp=_loader(nlp, load_nlp),
                  regions=regions, stop=stop, now=now, merge=True, progress=progress)
    if report.extracted:
        log.info("extracted %d pending articles", report.extracted)
    # Also picks up mentions stored by a run that stopped before merging them.
    merged = merge_pending(storage, now=now())
    report.events_created += merged.created
    report.events_joined += merged.joined
    return report


def process_pending(storage: Storage, *, batch_size: int = 64, nlp=None,
                    regions: Mapping[str, str | None] | None = None,
                    stop: threading.Event | None = None, limit: int | None = None,
                    now: Callable[[], datetime] = utcnow) -> int:
    """Extract every pending article, a batch per transaction, without merging (``extract_pending``
    merges too). Returns articles processed."""
    done = _run(storage, pending_batches(storage, batch_size, limit=limit), nlp=lambda: nlp, regions=regions,
                stop=stop, now=now, merge=False, progress=None).extracted
    if done:
        log.info("extracted %d pending articles", done)
    return done


def reextract(storage: Storage, *, since: datetime | None = None, batch_size: int = 64, nlp=None,
              regions: Mapping[str, str | None] | None = None,
              progress: Callable[[int], None] | None = None, stop: threading.Event | None = None,
              now: Callable[[], datetime] = utcnow, load_nlp: Callable[[], object] | None = None) -> int:
    """Run extraction again over stored articles (all, or published since ``since``), merging
    each batch as ``extract_pending`` does.

    Idempotent: each article's mentions are replaced by the current extractor's.
    """
    return _run(storage, stored_batches(storage, batch_size, since=since), nlp=_loader(nlp, load_nlp),
                regions=regions, stop=stop, now=now, merge=True, progress=progress).extracted
