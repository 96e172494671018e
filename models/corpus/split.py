"""Assign every labelled item to train, validation or test, by outlet and month.

    .venv/bin/python models/corpus/split.py   # rewrites the "split" of models/corpus/labels.jsonl

Items of one outlet in one month (El Comercio 2023 by month; each feed item by its site and
month) always share a split, so no story told by one outlet that month is on both sides. Groups
with events are dealt first (most first) to the split furthest below its share of events, the
others to the split furthest below its share of items, so each split gets its part of the rare
positives. The test split is only ever used
to report (bench/accuracy.py); rules and training never read it.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels.jsonl"
SHARES = {"train": 0.70, "val": 0.15, "test": 0.15}
SEED = 13


def group_of(row: dict) -> str:
    host = urlsplit(row["url"]).hostname or ""
    return f"{host.removeprefix('www.')} {(row.get('published') or '')[:7]}"


def assign(rows: list[dict]) -> None:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[group_of(row)].append(row)
    events = {key: sum(bool(r["events"]) for r in members) for key, members in groups.items()}
    order = sorted(groups)
    random.Random(SEED).shuffle(order)
    # Groups with events first, most first, dealt by events; then the rest dealt by items.
    order.sort(key=lambda key: -events[key])
    total_events = sum(events.values()) or 1
    filled = {split: [0, 0] for split in SHARES}  # events, items
    for key in order:
        if events[key]:
            split = min(SHARES, key=lambda s: (filled[s][0] / SHARES[s] / total_events, filled[s][1]))
        else:
            split = min(SHARES, key=lambda s: filled[s][1] / (SHARES[s] * len(rows)))
        filled[split][0] += events[key]
        filled[split][1] += len(groups[key])
        for row in groups[key]:
            row["split"] = split


def main() -> None:
    rows = [json.loads(line) for line in LABELS.open(encoding="utf-8")]
    assign(rows)
    with LABELS.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts: dict = defaultdict(lambda: [0, 0])
    for row in rows:
        counts[row["split"]][0] += 1
        counts[row["split"]][1] += bool(row["events"])
    for split, (items, events) in sorted(counts.items()):
        print(f"{split:6} {items:5} items, {events:4} with events", file=sys.stderr)


if __name__ == "__main__":
    main()
