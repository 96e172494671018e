"""Agreement between the corpus labels and the blind second annotation, field by field.

    .venv/bin/python models/corpus/agreement.py [FIRST SECOND]

Reads models/corpus/labels.jsonl and models/corpus/second.jsonl by default (both keyed by URL);
for the probe sets: ``agreement.py probe/dev.jsonl,probe/test.jsonl probe/second.jsonl`` (paths
relative to models/corpus; a comma joins files). "event"
compares whether an item reports any event; the other fields compare the headline events of
the items both annotators gave events (accents and case ignored, lists as sets).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCALARS = ("kind", "department", "province", "district", "deaths", "injured")
LISTS = ("crime_types", "gangs", "victim_sectors")


def fold(value):
    if value is None:
        return None
    text = unicodedata.normalize("NFKD", str(value))
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


def read(paths: str) -> dict:
    return {json.loads(line)["url"]: json.loads(line)["events"] for path in paths.split(",")
            for line in (HERE / path).open(encoding="utf-8") if line.strip()}


def main() -> None:
    names = sys.argv[1:3] if len(sys.argv) == 3 else ["labels.jsonl", "second.jsonl"]
    first, second = read(names[0]), read(names[1])
    both = [url for url in second if url in first]
    agree = sum(bool(first[u]) == bool(second[u]) for u in both)
    print(f"items annotated twice: {len(both)}; event or not: {agree}/{len(both)} = {agree / len(both):.3f}")
    paired = [(first[u][0], second[u][0]) for u in both if first[u] and second[u]]
    print(f"items both gave events: {len(paired)}")
    for name in SCALARS + LISTS:
        if name in SCALARS:
            same = sum(fold(a.get(name)) == fold(b.get(name)) for a, b in paired)
        else:
            same = sum({fold(v) for v in a.get(name) or []} == {fold(v) for v in b.get(name) or []} for a, b in paired)
        print(f"  {name:15} {same}/{len(paired)} = {same / max(1, len(paired)):.3f}")


if __name__ == "__main__":
    main()
