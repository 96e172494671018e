"""The "process pending articles" step: new or changed articles → mentions in the store.

    Storage.pending_articles ─► extract_articles (nlp.pipe in batches) ─► Storage.store_mentions
    then (the caller) events.merge_pending: mentions of one incident become one event

An article the extractor fails on is marked with its error (and not retried until its text
changes or ``reextract`` runs), so one bad text never blocks the queue.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone
from typing import Callable, Iterable, Mapping

from .events import merge_pending
from .storage import Storage
from .types import Article

log = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


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
    except Exception:
        if len(articles) == 1:
            log.exception("extraction failed on article %s (%s)", articles[0].id, articles[0].url)
            import sys
            return [(articles[0].id, None, f"{sys.exc_info()[0].__name__}: {sys.exc_info()[1]}")]
    # Find the culprit: one at a time.
    out = []
    for article in articles:
        out.extend(extract_batch([article], regions, nlp=nlp))
    return out


def process_pending(storage: Storage, *, batch_size: int = 64, nlp=None,
                    regions: Mapping[str, str | None] | None = None,
                    stop: threading.Event | None = None, limit: int | None = None,
                    now: Callable[[], datetime] = _utcnow) -> int:
    """Extract every pending article, a batch per transaction. Returns articles processed."""
    from .extract import EXTRACTOR_VERSION

    done = 0
    while not (stop and stop.is_set()) and (limit is None or done < limit):
        size = batch_size if limit is None else min(batch_size, limit - done)
        articles = storage.pending_articles(size)
        if not articles:
            break
        results = extract_batch(articles, regions, nlp=nlp)
        storage.store_mentions(results, version=EXTRACTOR_VERSION, now=now())
        done += len(articles)
    if done:
        log.info("extracted %d pending articles", done)
    return done


def reextract(storage: Storage, *, since: datetime | None = None, batch_size: int = 64, nlp=None,
              regions: Mapping[str, str | None] | None = None,
              progress: Callable[[int], None] | None = None) -> int:
    """Run extraction again over stored articles (all, or published since ``since``).

    Idempotent: each article's mentions are replaced by the current extractor's.
    """
    from .extract import EXTRACTOR_VERSION

    after, done = 0, 0
    while True:
        articles = storage.articles_since(since, after_id=after, limit=batch_size)
        if not articles:
            return done
        results = extract_batch(articles, regions, nlp=nlp)
        storage.store_mentions(results, version=EXTRACTOR_VERSION, now=_utcnow())
        merge_pending(storage, now=_utcnow())  # per batch, so a stop loses no merged work
        after = articles[-1].id
        done += len(articles)
        if progress:
            progress(len(articles))
