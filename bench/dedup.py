"""One event per incident: the labelled same-incident clusters through the real importer.

    models/corpus/clusters.jsonl (url, cluster, note) + texts from ../shared/data
        ─► a temp JSONL ─► pipeline.importer.import_file into an empty store (real extractor)
        ─► event_mentions (article → event) ─► pairwise and B-cubed precision / recall

Only articles that produced a mention count (the others are listed by number). Pairs: two
articles that got the same event, against two articles of the same gold cluster. Missed and
wrong merges are printed with the score and reason event_mentions (and event_history) keep.

Sets (``--set``): ``real`` (default), the feed items above; ``probe-dev``, ``probe-test``,
``probe-dev2`` and ``probe-test2``, page texts written for measuring by four writers
(models/corpus/probe/clusters-*.jsonl: several outlets' reports of one incident, worded, placed
and dated apart, with look-alikes and follow-ups; text and labels ours). The probe-test sets are
only reported: never read for errors (``--quiet`` is forced).

    .venv/bin/python bench/dedup.py [--set real|probe-dev|probe-test|probe-dev2|probe-test2|all]
                                    [--data DIR] [--keep DB] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timezone
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.corpus.texts import data_dir, texts_for  # noqa: E402

CLUSTERS = ROOT / "models" / "corpus" / "clusters.jsonl"
PROBE = {f"probe-{side}{n}": ROOT / "models" / "corpus" / "probe" / f"clusters-{side}{n}.jsonl"
         for n in ("", "2") for side in ("dev", "test")}
SETS = ("real", *PROBE)
GOALS = {"precision": 0.95, "recall": 0.90}
NOW = datetime(2026, 9, 1, 12, 0, tzinfo=timezone.utc)


def load_clusters(path: Path = CLUSTERS) -> dict[str, dict]:
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows[row["url"]] = row
    return rows


def pairs(groups: dict[str, set[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for members in groups.values() for p in combinations(sorted(members), 2)}


def bcubed(gold: dict[str, str], got: dict[str, object]) -> tuple[float, float]:
    by_gold, by_got = defaultdict(set), defaultdict(set)
    for url, c in gold.items():
        by_gold[c].add(url)
    for url, e in got.items():
        by_got[e].add(url)
    p = r = 0.0
    for url in gold:
        mine, truth = by_got[got[url]], by_gold[gold[url]]
        both = len(mine & truth)
        p += both / len(mine)
        r += both / len(truth)
    n = len(gold) or 1
    return p / n, r / n


def _probe_url(row: dict) -> str:
    """A web address for a probe text (the importer takes http(s) links only): its outlet's."""
    outlet = "".join(c for c in (row.get("outlet") or "probe").lower() if c.isalnum()) or "probe"
    return f"https://{outlet}.probe.invalid/{row['url'].split(':', 1)[-1]}"


def _articles(name: str, folder: Path | None) -> tuple[dict[str, dict], list[dict]]:
    """(labels by URL, articles to import) of one set."""
    if name == "real":
        labels = load_clusters()
        items = texts_for(set(labels), folder)
        return labels, [{"url": url, "title": items[url].title or "", "text": items[url].text,
                         "published": items[url].published} for url in sorted(labels)]
    rows = list(load_clusters(PROBE[name]).values())
    labels = {_probe_url(r): r for r in rows}
    return labels, [{"url": _probe_url(r), "title": r.get("title") or "", "text": r["text"],
                     "published": r["published"]} for r in rows]


def run(folder: Path | None, keep: Path | None = None, quiet: bool = False, name: str = "real") -> dict:
    from pipeline.importer import import_file
    from pipeline.storage import Storage

    labels, articles = _articles(name, folder)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "clusters.jsonl"
        with open(source, "w", encoding="utf-8") as handle:
            for article in articles:
                handle.write(json.dumps(article, ensure_ascii=False) + "\n")
        db = keep or tmp / "dedup.db"
        if keep and keep.exists():
            keep.unlink()
        started = time.monotonic()
        with Storage(db) as storage:
            report = import_file(storage, source, now=lambda: NOW)
            rows = storage.db.execute(
                """SELECT a.url, em.event_id, em.position, em.score, em.reason, m.kind, m.crime_types,
                          m.district, m.province, m.department, m.occurred_on, m.deaths, m.injured
                   FROM event_mentions em JOIN articles a ON a.id = em.article_id
                   LEFT JOIN mentions m ON m.id = em.mention_id
                   ORDER BY a.url, em.position""").fetchall()
            closest = {}
            for event_id, detail in storage.db.execute(
                    "SELECT event_id, detail FROM event_history WHERE action = 'created'").fetchall():
                closest[event_id] = json.loads(detail or "{}")
        elapsed = time.monotonic() - started

    # An article's event: the event of its first mention (position 0, the headline event).
    first: dict[str, tuple] = {}
    for row in rows:
        first.setdefault(row[0], row)
    got = {url: row[1] for url, row in first.items()}
    gold = {url: labels[url]["cluster"] for url in got}
    silent = sorted(set(labels) - set(got))

    gold_groups, got_groups = defaultdict(set), defaultdict(set)
    for url, c in gold.items():
        gold_groups[c].add(url)
    for url, e in got.items():
        got_groups[e].add(url)
    gold_pairs, got_pairs = pairs(gold_groups), pairs(got_groups)
    right = gold_pairs & got_pairs
    precision = len(right) / len(got_pairs) if got_pairs else 1.0
    recall = len(right) / len(gold_pairs) if gold_pairs else 1.0
    b_p, b_r = bcubed(gold, got)
    out = {"articles": len(labels), "clusters": len({r["cluster"] for r in labels.values()}),
           "with_mention": len(got), "without_mention": len(silent),
           "clusters_with_mention": len(gold_groups), "events": len(got_groups),
           "gold_pairs": len(gold_pairs), "merged_pairs": len(got_pairs), "right_pairs": len(right),
           "pairwise_precision": round(precision, 3), "pairwise_recall": round(recall, 3),
           "bcubed_precision": round(b_p, 3), "bcubed_recall": round(b_r, 3),
           "seconds": round(elapsed, 1), "extracted": report.extracted}

    def show(url):
        r = first[url]
        place = "/".join(x for x in (r[9], r[8], r[7]) if x) or "no place"
        return (f"    {url}\n      event {r[1]}  {r[5]} {r[6]} {place} on {r[10]} "
                f"deaths={r[11]} injured={r[12]}  score={r[3]} reason={r[4]!r}")

    print(f"[{name}] {out['articles']} labelled articles in {out['clusters']} clusters; "
          f"{out['with_mention']} produced a mention ({out['clusters_with_mention']} clusters), "
          f"{out['without_mention']} did not; {out['events']} events; {elapsed:.0f} s")
    print(f"pairwise: precision {precision:.3f} ({len(right)}/{len(got_pairs)})  "
          f"recall {recall:.3f} ({len(right)}/{len(gold_pairs)})   goals ≥ {GOALS['precision']}, ≥ {GOALS['recall']}")
    print(f"B-cubed:  precision {b_p:.3f}  recall {b_r:.3f}")
    if not quiet:
        print("\nMISSED MERGES (same gold cluster, different events):")
        for cluster, urls in sorted(gold_groups.items()):
            events = defaultdict(list)
            for url in sorted(urls):
                events[got[url]].append(url)
            if len(events) > 1:
                print(f"  [{cluster}] {len(urls)} articles → {len(events)} events")
                for event_id, members in events.items():
                    for url in members:
                        print(show(url))
                    why = closest.get(event_id, {})
                    if why.get("closest"):
                        print(f"      (event {event_id} created; closest: {why.get('closest_score')} "
                              f"{why.get('closest')})")
        print("\nWRONG MERGES (one event, different gold clusters):")
        for event_id, urls in sorted(got_groups.items()):
            clusters = {gold[u] for u in urls}
            if len(clusters) > 1:
                print(f"  event {event_id}: clusters {', '.join(sorted(clusters))}")
                for url in sorted(urls):
                    print(f"    [{gold[url]}]" + show(url)[4:])
        print(f"\nWITHOUT A MENTION ({len(silent)}): " + ", ".join(
            labels[u]["cluster"] for u in silent))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="the shared data folder (default ../shared/data)")
    parser.add_argument("--keep", type=Path, help="keep the store at this path")
    parser.add_argument("--quiet", action="store_true", help="figures only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON at the end")
    parser.add_argument("--set", choices=[*SETS, "all"], default="real",
                        help="which clusters (default: real; probe-test and probe-test2 are never listed in detail)")
    args = parser.parse_args(argv)
    names = SETS if args.set == "all" else (args.set,)
    results = {}
    for name in names:
        folder = data_dir(args.data) if name == "real" else None
        quiet = args.quiet or name.startswith("probe-test") or len(names) > 1
        results[name] = run(folder, args.keep if len(names) == 1 else None, quiet, name)
        print()
    if args.json:
        print(json.dumps(results if len(names) > 1 else results[names[0]]))


if __name__ == "__main__":
    main()
