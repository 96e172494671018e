"""Time of writing one day's summary on a store of 200,000 generated events.

    .venv/bin/python bench/summary.py [--events 200000] [--runs 5] [--db PATH]

Builds the store with bench/query.py's generator (or reuses --db), then times, for a few busy days,
``build_summary`` plus rendering Markdown and HTML (what the daemon writes each day), median of
several runs, against a baseline measured in the same run (counting the live events). Goal: < 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from query import build  # noqa: E402  the generated store of the query benchmark

from pipeline.storage import Storage  # noqa: E402
from pipeline.summary import build_summary, render  # noqa: E402

LIMIT_S = 2.0


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="reuse or keep the store here")
    args = parser.parse_args(argv)
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = Path(tmp.name) / "bench.db"
    if not args.db.exists():
        print(f"built {args.db} with {args.events:,} generated events in {build(args.db, args.events):.0f} s")
    storage = Storage(args.db)
    now = datetime(2026, 7, 1, tzinfo=timezone.utc)
    live = storage.db.execute("SELECT count(*) FROM events WHERE status = 'live'").fetchone()[0]
    days = [row[0] for row in storage.db.execute(
        "SELECT occurred_on FROM events WHERE status = 'live' GROUP BY 1 ORDER BY count(*) DESC LIMIT 3")]
    baseline = timed(lambda: storage.db.execute("SELECT count(*) FROM events WHERE status = 'live'").fetchone(),
                     args.runs)
    print(f"{live:,} live events; baseline (count them) {baseline * 1000:.1f} ms; median of {args.runs} runs")
    worst = 0.0
    for day in days:
        when = date.fromisoformat(day)

        def write():
            summary = build_summary(storage, when, now=now)
            return len(render(summary, "md")) + len(render(summary, "html")), summary.events

        size, events = write()
        seconds = timed(write, args.runs)
        worst = max(worst, seconds)
        print(f"summary of {day} ({events} events, {size / 1000:.0f} kB md+html): {seconds * 1000:.0f} ms "
              f"({seconds / baseline:.1f}x baseline)")
    print(f"slowest {worst:.3f} s against a limit of {LIMIT_S} s: {'ok' if worst < LIMIT_S else 'TOO SLOW'}")
    storage.close()
    return 0 if worst < LIMIT_S else 1


if __name__ == "__main__":
    sys.exit(main())
