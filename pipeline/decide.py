"""Pure decisions of the ingest stage. Does not interact with any dependency: takes records and
``now``, returns what to do, and says why.

    next_poll(now, …)        when to poll a feed again (interval, back-off with jitter, Retry-After)
    plan_articles(…, now)    which entries are new articles, changed articles, or seen again
    plausible_published(…)   whether a publication time can be believed
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Iterable, Mapping

from .types import EntryData

#: No article of the Peruvian press online is older; a feed or archive that says so is wrong.
EARLIEST_PUBLISHED = datetime(1990, 1, 1, tzinfo=timezone.utc)


def plausible_published(moment: datetime, now: datetime) -> bool:
    """Whether a publication time can be believed: from 1990 to a day after ``now`` (clock skew).

    A far date (year 1 or 9999, as some feeds and archives carry) would otherwise travel into
    date arithmetic downstream and overflow there.
    """
    return EARLIEST_PUBLISHED <= moment <= now + timedelta(days=1)


def next_poll(now: datetime, *, interval: float, jitter: float = 0.0, failures: int = 0,
              retry_after: float | None = None, max_backoff: float = 21600,
              rng: random.Random | None = None) -> datetime:
    """The next time a feed is due.

    A success waits ``interval`` ± ``jitter``; the n-th consecutive failure waits
    ``interval * 2**(n-1)`` (capped at ``max_backoff``) with jitter, so failing feeds are not
    hammered and do not fail in step. A server's Retry-After is a floor: never sooner than asked.
    """
    uniform = rng.uniform if rng is not None else random.uniform
    delay = float(interval)
    if failures > 0:
        delay = min(interval * 2 ** (failures - 1), max(max_backoff, interval))
    if jitter:
        delay *= 1 + uniform(-jitter, jitter)
    if retry_after is not None:
        delay = max(delay, float(retry_after))
    return now + timedelta(seconds=delay)


def content_hash(entry: EntryData) -> str:
    """What decides "the text changed": title, summary and body as the feed gave them."""
    digest = hashlib.sha1()
    for part in (entry.title, entry.summary, entry.body):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


@dataclass(frozen=True)
class Known:
    """What the store already has for an article, as far as the decision needs it."""

    id: int
    url: str
    guid: str | None
    outlet: str
    content_hash: str
    published_estimated: bool


@dataclass
class ArticlePlan:
    """What one poll does to the article table."""

    #: entries to insert as new articles (first occurrence of each canonical URL)
    new: list[EntryData] = field(default_factory=list)
    #: (article id, entry) whose text changed: update and mark for re-extraction
    changed: list[tuple[int, EntryData]] = field(default_factory=list)
    #: article ids seen again with the same text: only last_seen moves
    seen: list[int] = field(default_factory=list)
    #: (article id or None for new, canonical url) each entry resolved to, for source links
    links: list[tuple[int | None, EntryData]] = field(default_factory=list)


def _guid_is_global(guid: str) -> bool:
    return guid.startswith(("http://", "https://", "tag:", "urn:"))


def plan_articles(entries: Iterable[EntryData], *, outlet: str,
                  by_url: Mapping[str, Known], by_guid: Mapping[str, Known]) -> ArticlePlan:
    """Decide, for each entry of one poll, whether it is a new, changed or already-known article.

    An article is one canonical URL. A GUID identifies it too when the GUID is an address or
    belongs to the same outlet (bare numeric GUIDs of two outlets may collide).
    Duplicates within the poll collapse onto their first occurrence.
    """
    plan = ArticlePlan()
    batch: dict[str, EntryData] = {}
    for entry in entries:
        known = by_url.get(entry.url)
        if known is None and entry.guid:
            candidate = by_guid.get(entry.guid)
            if candidate and (_guid_is_global(entry.guid) or candidate.outlet == outlet):
                known = candidate
        if known is None:
            if entry.url in batch:
                continue
            batch[entry.url] = entry
            plan.new.append(entry)
            plan.links.append((None, entry))
            continue
        plan.links.append((known.id, entry))
        if any(known.id == article_id for article_id, _ in plan.changed) or known.id in plan.seen:
            continue
        if content_hash(entry) != known.content_hash:
            plan.changed.append((known.id, entry))
        else:
            plan.seen.append(known.id)
    return plan
