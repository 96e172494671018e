"""The one clock: every stored time comes from ``utcnow()`` or from a ``now`` that replaces it.

The front door (``pipeline.app.Vigia``) takes ``now: Callable[[], datetime] = clock.utcnow`` and
passes it to every operation, so a test sets one clock for the whole pipeline, as reader's
``Reader._now``. Standard library only: the daemon imports it before anything heavy.
"""

from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    """The current time, timezone-aware UTC (the store keeps every time in UTC)."""
    return datetime.now(timezone.utc)
