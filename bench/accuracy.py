"""Accuracy of the extraction stage, scored by the shared scorer, on text it was not tuned on.

    .venv/bin/python bench/accuracy.py [--errors SPLIT] [--learning-curve]

Prints, side by side, the shared scorer's figures (``../shared/eval/score.py``, so every figure
measures the same thing) on:

  test   the corpus's test split (models/corpus/labels.jsonl): never used to tune rules,
         thresholds or the classifier; the honest figure
  dev    ../shared/eval/dev.jsonl: the rules were tuned on it and the shipped classifier is
         trained on it, so it shows fit, not generalisation (models/classifier/corpus.py
         --dev-fold gives the out-of-fold figures quoted in pipeline/extract/classifier.py)
  val    the validation split: the classifier's checkpoint and threshold were chosen on it

then the random-sample part of the test split (seeded random feed items and El Comercio
articles: a real feed's mix), where the goal is precision of event detection ≥ 0.90 at recall
≥ 0.95; the recall of the cheap relevance gate against the labels of every split; and with
``--learning-curve`` the test figures of classifiers trained on 25, 50 and 100% of train.
Texts come from ../shared/data (or $VIGIA_DATA_DIR), the dev set from ../shared/eval (or
$VIGIA_EVAL_DIR).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models" / "classifier"))

from corpus import dev_articles, labelled_articles, probe_articles  # noqa: E402

from pipeline.extract import EXTRACTOR_VERSION, extract_file  # noqa: E402
from pipeline.extract.relevance import looks_relevant  # noqa: E402

RANDOM_SAMPLES = {"S", "S2", "E", "E2"}
GOALS = {"relevance": ("f1", 0.95), "headline_kind": ("accuracy", 0.90), "crime_types": ("f1", 0.90),
         "department": ("accuracy", 0.95), "province": ("accuracy", None), "district": ("accuracy", 0.85),
         "gangs": ("f1", 0.85), "deaths": ("accuracy", 0.85), "injured": ("accuracy", 0.85),
         "invented_casualties": ("rate", -0.03), "victim_sectors": ("f1", None)}


SETS = ("test", "dev", "val", *(f"probe-test{n}" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9, 10)),
        *(f"probe-dev{n}" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9, 10)))
PROBES = ROOT / "models" / "corpus" / "probe"


def write_split(rows, folder: Path, name: str) -> tuple[Path, Path]:
    articles, gold = folder / f"{name}.jsonl", folder / f"{name}_gold.jsonl"
    with articles.open("w", encoding="utf-8") as a, gold.open("w", encoding="utf-8") as g:
        for article, events in rows:
            a.write(json.dumps(article, ensure_ascii=False) + "\n")
            g.write(json.dumps({"url": article["url"], "events": events}, ensure_ascii=False) + "\n")
    return articles, gold


def score(scorer: Path, gold: Path, pred: Path, errors: bool = False) -> dict:
    done = subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--json"]
                          + (["--errors"] if errors else []), text=True, capture_output=True, check=True)
    lines = done.stdout.splitlines()
    if errors:
        print("\n".join(line for line in lines if line.startswith("MISS")))
    return json.loads(lines[0])


def figure(report: dict, name: str) -> str:
    key, _ = GOALS[name]
    value = report[name][key]
    n = report[name].get("n")
    return f"{value:.3f}" + (f" ({n})" if n is not None else "")


def detection(gold: dict, pred: dict) -> tuple[float, float, int, int]:
    tp = sum(1 for u in gold if gold[u] and pred.get(u))
    fp = sum(1 for u in gold if not gold[u] and pred.get(u))
    fn = sum(1 for u in gold if gold[u] and not pred.get(u))
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0), tp + fn, len(gold)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path,
                        default=Path(os.environ.get("VIGIA_EVAL_DIR", ROOT.parent / "shared" / "eval")))
    parser.add_argument("--errors", choices=["train", "val", "dev"] + [s for s in SETS if s.startswith("probe-dev")],
                        help="list the misses of this set (never of test nor probe-test, -test2 … -test10: "
                        "reading their errors would tune on them)")
    parser.add_argument("--sets", nargs="+", choices=[*SETS, "train"], default=list(SETS),
                        help="which sets to score (tuning work reads train, val, dev and probe-dev only; "
                        "train is scored only when asked)")
    parser.add_argument("--learning-curve", action="store_true",
                        help="also train on 25/50/100%% of train and score each on test (slow)")
    args = parser.parse_args()
    scorer = args.eval_dir / "score.py"
    if not scorer.exists():
        sys.exit(f"missing {scorer}: pass --eval-dir or set VIGIA_EVAL_DIR")

    splits: dict[str, list] = {"test": [], "dev": [], "val": [], "train": []}
    samples: dict[str, str] = {}
    labels = {json.loads(line)["url"]: json.loads(line) for line in
              (ROOT / "models" / "corpus" / "labels.jsonl").open(encoding="utf-8")}
    for split, article, events in labelled_articles():
        splits[split].append((article, events))
        samples[article["url"]] = labels[article["url"]]["sample"]
    splits["dev"] = [(a, e) for _, a, e in dev_articles(args.eval_dir)]
    for name in [s for s in SETS if s.startswith("probe-")]:
        # Page texts written by the project (models/corpus/probe/): the probe-dev sets may be read
        # for errors, the probe-test sets are only reported.
        splits[name] = [(a, e) for _, a, e in probe_articles(PROBES / f"{name.removeprefix('probe-')}.jsonl")]

    reports, preds, golds = {}, {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in args.sets:
            articles, gold = write_split(splits[name], folder, name)
            pred = folder / f"{name}_pred.jsonl"
            start = time.perf_counter()
            extract_file(articles, pred, progress=False)
            took = time.perf_counter() - start
            print(f"{name}: {len(splits[name])} articles extracted in {took:.1f} s", file=sys.stderr)
            reports[name] = score(scorer, gold, pred, errors=args.errors == name)
            preds[name] = {json.loads(line)["url"]: json.loads(line)["events"] for line in pred.open()}
            golds[name] = {a["url"]: e for a, e in splits[name]}

    print(f"\nextractor {EXTRACTOR_VERSION}; shared scorer; (n) = articles scored for that field\n")
    shown = [s for s in (*SETS, "train") if s in reports]
    print(f"{'':22}" + "".join(f"{s:>14}" for s in shown) + "   goal on test")
    for name, (key, goal) in GOALS.items():
        cells = "".join(f"{figure(reports[s], name):>14}" for s in shown)
        verdict = ""
        if goal is not None and "test" in reports:
            value = reports["test"][name][key]
            met = value <= -goal if goal < 0 else value >= goal
            verdict = f"   {'≤' if goal < 0 else '≥'} {abs(goal)}: {'met' if met else 'NOT met'}"
            if reports["test"][name].get("n") == 0:
                verdict = f"   {'≤' if goal < 0 else '≥'} {abs(goal)}: not measured (no test item has it)"
        print(f"{name + ' ' + key:22}{cells}{verdict}")
        if name == "relevance":
            for part in ("precision", "recall"):
                print(f"{'  ' + part:22}" + "".join(f"{reports[s][name][part]:>14.3f}" for s in shown))
    print(f"{'articles (with events)':22}" + "".join(
        f"{str(len(splits[s])) + ' (' + str(sum(bool(e) for _, e in splits[s])) + ')':>14}"
        for s in shown))

    print("\nEvent detection on the random-sample part (a real feed's mix):")
    for name in [s for s in ("test", "val") if s in reports]:
        gold = {u: e for u, e in golds[name].items() if samples.get(u) in RANDOM_SAMPLES}
        p, r, positives, n = detection(gold, preds[name])
        print(f"  {name}: {n} items, {positives} with events: precision {p:.3f}, recall {r:.3f}"
              f"   goal precision ≥ 0.90 at recall ≥ 0.95")

    print("\nRecall of the relevance gate (items with events that reach the pipeline):")
    for name in ("train", "val", "test", "dev"):
        positives = [a for a, e in splits[name] if e]
        passed = sum(looks_relevant(a.get("title"), a.get("text")) for a in positives)
        print(f"  {name:5}: {passed}/{len(positives)} = {passed / max(1, len(positives)):.3f}")

    if args.learning_curve:
        learning_curve(scorer, {"test": splits["test"], "probe-test": splits["probe-test"]})
    return 0


def learning_curve(scorer: Path, sets: dict[str, list]) -> None:
    """Classifiers trained on part of train, each scored on the report-only sets with the same rules."""
    from train import train

    from pipeline.extract import classifier

    print("\nLearning curve (classifier trained on a seeded share of train; rules unchanged):")
    print(f"{'train share':14}" + "".join(f"{name + ' ' + what:>22}" for name in sets
                                          for what in ("relevance", "kind", "types")))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        written = {name: write_split(rows, folder, name) for name, rows in sets.items()}
        for fraction in (0.25, 0.5, 1.0):
            model = train(folder / f"model-{fraction}", work=folder / "work", train_fraction=fraction)
            classifier._cache.clear()
            saved = classifier.MODEL_DIR
            classifier.load_classifier.__defaults__ = (model,)
            cells = []
            try:
                for name, (articles, gold) in written.items():
                    pred = folder / f"pred-{name}-{fraction}.jsonl"
                    extract_file(articles, pred, progress=False)
                    report = score(scorer, gold, pred)
                    cells += [report["relevance"]["f1"], report["headline_kind"]["accuracy"],
                              report["crime_types"]["f1"]]
            finally:
                classifier.load_classifier.__defaults__ = (saved,)
                classifier._cache.clear()
            print(f"{fraction:<14.0%}" + "".join(f"{c:>22.3f}" for c in cells))

if __name__ == "__main__":
    sys.exit(main())
