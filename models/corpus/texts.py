"""Join corpus labels (keyed by URL) to the third-party texts in the data folder.

The texts stay in ``../shared/data`` (or ``$VIGIA_DATA_DIR``); the repository keeps only URLs
and labels. An item is read the way the labellers read it: a feed item as its title and the
plain text of its description, an El Comercio 2023 article as its first 3,000 characters
with no headline (the dataset has none).
"""

from __future__ import annotations

import csv
import gzip
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FEED_ITEMS = "peru-news-items.csv"
ELCOMERCIO = "elcomercio-2023.jsonl.gz"
ARTICLE_CHARS = 3000


@dataclass(frozen=True)
class Item:
    url: str
    source: str  # FEED_ITEMS or ELCOMERCIO
    title: str | None
    text: str
    published: str | None  # YYYY-MM-DD
    section: str  # the feed's website or El Comercio's category


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data folder: PATH, $VIGIA_DATA_DIR, or ../shared/data beside the repository."""
    if path:
        return Path(path)
    if os.environ.get("VIGIA_DATA_DIR"):
        return Path(os.environ["VIGIA_DATA_DIR"])
    return Path(__file__).resolve().parents[3] / "shared" / "data"


def feed_items(folder: Path) -> Iterator[Item]:
    """Distinct feed items (the CSV repeats some), first occurrence kept."""
    from pipeline.normalize import html_to_text

    seen: set[str] = set()
    with open(folder / FEED_ITEMS, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            url = row["original_url"]
            if url in seen:
                continue
            seen.add(url)
            yield Item(url, FEED_ITEMS, row["title"].strip(), html_to_text(row["description"]),
                       (row["created_at"] or "")[:10] or None, row["website"])


def elcomercio(folder: Path) -> Iterator[Item]:
    with gzip.open(folder / ELCOMERCIO, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            yield Item(row["url"], ELCOMERCIO, None, row["text"][:ARTICLE_CHARS].strip(),
                       (row.get("date") or "")[:10] or None, row["category"])


def all_items(folder: Path) -> Iterator[Item]:
    yield from feed_items(folder)
    yield from elcomercio(folder)


def texts_for(urls: set[str], folder: Path) -> dict[str, Item]:
    """The items of these URLs; raise SystemExit naming the folder when one is missing."""
    found = {item.url: item for item in all_items(folder) if item.url in urls}
    missing = urls - found.keys()
    if missing:
        raise SystemExit(f"{len(missing)} labelled URLs have no text in {folder} "
                         f"(e.g. {sorted(missing)[0]}): is it the shared data folder?")
    return found
