"""The daily summary (seam). The daemon calls ``write_due_summaries`` at the configured hour and at
start-up, so a day missed while the daemon was down is written when it comes back."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)


def write_due_summaries(storage, settings, now: datetime) -> list[Path]:
    """Write the summaries of past days that have none yet. Returns the files written."""
    return []
