"""Storage: every read and write of the SQLite store goes through ``Storage``.

Contains no business logic: what to write is decided in ``decide.py`` (and later stages);
this package turns those decisions into SQL. Any method can raise StorageError.

The schema lives in code (``migrations.py``), applied at start-up, one transaction each and
recorded in ``_sqlite_migrations``; every column carries a comment in its CREATE statement,
which SQLite keeps (``sqlite3 db/vigia.db .schema``). All times are UTC ISO-8601 strings.

One module per table family, each a mixin of the one ``Storage`` class (as reader's
``_storage/__init__.py``):

    db.py          the connection: file mode, PRAGMAs, read-only opening, transactions, backup
    migrations.py  the schema, every migration in order
    feeds.py       feeds: the configured list and each feed's polling state
    articles.py    articles, article_sources, polls (PollRecord)
    mentions.py    mentions: the extraction stage's output
    events.py      the event log: EventLogWriter, and the reads of events, stats and gangs
    review.py      the review queue's reads
    summary.py     the daily summary's reads
    status.py      counts (StoreCounts), integrity check, the planner's statistics
    records.py     the record types (TypedDicts) of the reads that return rows as dicts
"""

from __future__ import annotations

from . import records as _records
from .articles import ArticlesMixin, PollRecord
from .db import StorageBase
from .events import EventLogMixin, EventLogWriter
from .feeds import FeedsMixin
from .mentions import MentionsMixin
from .migrations import (
    m001_feeds_articles,
    m002_mentions,
    m003_events,
    m004_event_stats_indexes,
    m005_event_stats_lists,
    m006_event_days,
    m007_review,
    migrations,
)
from .records import *  # noqa: F403  the record types (records.__all__)
from .review import ReviewMixin
from .status import StatusMixin, StoreCounts
from .summary import SummaryMixin


class Storage(FeedsMixin, ArticlesMixin, MentionsMixin, EventLogMixin, ReviewMixin, SummaryMixin, StatusMixin,
              StorageBase):
    """The SQLite store. Open with ``Storage(path)``; close with ``close()``."""


__all__ = [
    "EventLogWriter",
    "PollRecord",
    "Storage",
    "StoreCounts",
    "m001_feeds_articles",
    "m002_mentions",
    "m003_events",
    "m004_event_stats_indexes",
    "m005_event_stats_lists",
    "m006_event_days",
    "m007_review",
    "migrations",
    *_records.__all__,
]
