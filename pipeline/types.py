"""Typed records passed between the stages. All datetimes are timezone-aware UTC.

What a feed said (``EntryData``) is kept apart from what the store keeps about
it (``Article``, ``FeedState``), in the manner of lemon24/reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

#: The schema's codes (shared/events-schema.md), in its order.
KINDS = ("incident", "operation", "measure", "protest")
CRIME_TYPES = ("homicide", "feminicide", "extortion", "robbery", "kidnapping", "drug_trafficking",
               "illegal_mining", "human_trafficking", "armed_attack", "sexual_violence", "other_crime")
SECTORS = ("transport", "commerce", "mining", "music", "education", "construction", "health",
           "security_forces", "public_official", "other")


@dataclass(frozen=True)
class FeedConfig:
    """One feed as listed in ``config/feeds.toml``."""

    #: unique short name, e.g. "elcomercio-lima"
    name: str
    #: outlet as a reader knows it, e.g. "El Comercio"
    outlet: str
    #: feed address
    url: str
    #: section of the outlet, e.g. "policiales"; free text
    section: str = ""
    #: department the outlet covers, for regional outlets (a place hint)
    region: str | None = None
    #: fetch the article page and extract its text when the feed only has a summary
    fetch_pages: bool = False
    #: poll interval override in seconds (None: the global setting)
    interval: int | None = None


@dataclass(frozen=True)
class FetchResult:
    """What the fetcher got for one feed request."""

    #: the address finally answered (after redirects)
    url: str
    #: HTTP status: 200, or 304 when not modified
    status: int
    #: decoded body (gzip undone), capped in size; empty for 304
    content: bytes = b""
    #: response headers that matter to us, lower-case names
    headers: dict[str, str] = field(default_factory=dict)
    #: new address when a permanent redirect (301/308) was followed, else None
    permanent_url: str | None = None
    #: validators to send next time
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class EntryData:
    """One feed entry, normalised: what the feed said, as plain text."""

    #: canonical article address (tracking parameters removed, AMP folded)
    url: str
    #: the entry's GUID/id as given, or None
    guid: str | None
    title: str
    #: short summary as plain text ("" when none)
    summary: str
    #: article body as plain text ("" when the feed has only a summary)
    body: str
    author: str | None
    #: publication time in UTC; the fetch time when the feed gave none
    published: datetime
    #: True when ``published`` is the fetch time, not a date from the feed
    published_estimated: bool = False


@dataclass(frozen=True)
class ParsedFeed:
    """What the parser made of a feed document."""

    entries: list[EntryData]
    #: feed title, if any
    title: str | None = None
    #: description of a recoverable problem (bozo); entries were still kept
    warning: str | None = None


@dataclass(frozen=True)
class FeedState:
    """What the store keeps about a feed between polls."""

    name: str
    outlet: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    #: last time a poll succeeded (200 or 304)
    last_success: datetime | None = None
    #: last time a poll was attempted
    last_poll: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    #: consecutive failed polls (0 after a success)
    failures: int = 0
    #: not polled before this time
    next_due: datetime | None = None
    #: entries seen in all polls
    items_seen: int = 0


@dataclass(frozen=True)
class Article:
    """An article as stored: one row per canonical URL."""

    id: int
    url: str
    guid: str | None
    outlet: str
    feed: str
    title: str
    summary: str
    body: str
    author: str | None
    published: datetime
    published_estimated: bool
    first_seen: datetime
    last_seen: datetime

    @property
    def text(self) -> str:
        """The text extraction reads: the body, or the summary when there is no body."""
        return self.body or self.summary
