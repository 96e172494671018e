"""``vigia import``: archived articles into the store, extracted and merged as the daemon does.

    FILE (.jsonl | .csv) ─► read_articles ─► Storage.import_articles (pseudo-feed "import")
        ─► pending.extract_pending (extract, then events.merge_pending, a batch at a time)

Input: the extract command's format, one JSON object a line {"url", "title", "text",
"published": "YYYY-MM-DD" or null}, or a CSV file with those columns. A date-only publication is
stored at 12:00 UTC (the same day in Lima and in UTC). Importing a file twice changes nothing.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from .decide import EARLIEST_PUBLISHED, plausible_published
from .errors import ImportError_  # defined in errors.py; importable from here as before
from .types import EntryData

FEED = "import"


@dataclass
class ImportReport:
    read: int = 0
    new: int = 0
    changed: int = 0
    extracted: int = 0
    events_created: int = 0
    events_joined: int = 0


def outlet_of(url: str) -> str:
    """The outlet as the URL's host without 'www.' ('rpp.pe')."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or "unknown"


def _published(value, where: str, now: datetime) -> tuple[datetime, bool]:
    if value in (None, ""):
        return now, True
    text = str(value).strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ImportError_(f"{where}: bad value for published; expected YYYY-MM-DD or null, got {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        moment = moment.astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01T00:00-05:00 has no UTC time
        moment = EARLIEST_PUBLISHED - timedelta(days=1)
    if not plausible_published(moment, now):
        raise ImportError_(f"{where}: published {text} is not a plausible publication date "
                           f"({EARLIEST_PUBLISHED:%Y-%m-%d} to tomorrow)")
    return moment, False


def _entry(row: dict, where: str, now: datetime) -> tuple[EntryData, str]:
    if not isinstance(row, dict):
        raise ImportError_(f"{where}: expected an object with url, title, text, published")
    url = row.get("url")
    try:
        parts = urlsplit(url.strip()) if isinstance(url, str) else None
        good = parts is not None and parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # a broken IPv6 host or port
        good = False
    if not (good and isinstance(url, str)):  # good: url is a string
        shown = repr(url) if len(repr(url)) <= 200 else repr(url)[:200] + "…"
        raise ImportError_(f"{where}: 'url' must be an absolute http(s) address, got {shown}")
    title, text = row.get("title") or "", row.get("text") or ""
    if not isinstance(title, str) or not isinstance(text, str):
        raise ImportError_(f"{where}: 'title' and 'text' must be strings")
    if not (title.strip() or text.strip()):
        raise ImportError_(f"{where}: the article has neither title nor text")
    published, estimated = _published(row.get("published"), where, now)
    url = url.strip()
    return (EntryData(url=url, guid=None, title=title.strip(), summary="", body=text.strip(), author=None,
                      published=published, published_estimated=estimated),
            row.get("outlet") or outlet_of(url))


def read_articles(path: str | os.PathLike[str], *, now: datetime) -> list[tuple[EntryData, str]]:
    """Every article of the file, checked before anything is stored (errors name the line)."""
    path = Path(path)
    if not path.is_file():
        raise ImportError_(f"no such file: {path}")
    out = []
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            if path.suffix.lower() == ".csv":
                reader = csv.DictReader(handle)
                missing = {"url", "title", "text", "published"} - set(reader.fieldnames or [])
                if missing:
                    raise ImportError_(f"{path}: missing CSV column(s) {', '.join(sorted(missing))}; "
                                       "expected url, title, text, published")
                for number, row in enumerate(reader, 2):
                    out.append(_entry(row, f"{path}:{number}", now))
            else:
                for number, line in enumerate(handle, 1):
                    if not line.strip():
                        continue
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError as error:
                        raise ImportError_(f"{path}:{number}: not JSON: {error.msg} (column {error.colno}); "
                                           "expected one article a line, or a .csv file") from None
                    out.append(_entry(row, f"{path}:{number}", now))
    except UnicodeDecodeError as error:
        raise ImportError_(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    return out


def import_file(storage, path: str | os.PathLike[str], *, now: Callable[[], datetime], nlp=None, batch_size: int = 64,
                progress: Callable[[str, int, int], None] | None = None,
                load_nlp: Callable[[], object] | None = None) -> ImportReport:
    """Load a file of articles, extract what is pending and merge it into the event log
    (``pending.extract_pending``, the daemon's own step).

    ``progress(stage, done, total)`` is called as articles are stored and extracted. ``nlp`` (or
    ``load_nlp``, a function returning it) is the spaCy pipeline, loaded only when needed.
    """
    from . import pending

    report = ImportReport()
    entries = read_articles(path, now=now())
    report.read = len(entries)
    for start in range(0, len(entries), 500):
        new, changed = storage.import_articles(entries[start:start + 500], feed=FEED, now=now())
        report.new += new
        report.changed += changed
        if progress:
            progress("storing", min(start + 500, len(entries)), len(entries))

    def extracted(count: int) -> None:
        done[0] += count
        if progress:
            progress("extracting", done[0], done[0] + storage.counts().pending)

    done = [0]
    result = pending.extract_pending(storage, batch_size=batch_size, nlp=nlp, load_nlp=load_nlp, now=now,
                                     progress=extracted)
    report.extracted = result.extracted
    report.events_created = result.events_created
    report.events_joined = result.events_joined
    return report
