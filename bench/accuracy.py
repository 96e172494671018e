"""Accuracy of the extraction stage on the dev set, scored by the shared scorer.

    .venv/bin/python bench/accuracy.py [--eval-dir ../shared/eval] [--no-errors]

Runs extract_file on EVAL_DIR/dev.jsonl into a temporary file, then
``python EVAL_DIR/score.py EVAL_DIR/dev_gold.jsonl PRED --errors`` and prints its figures.
EVAL_DIR defaults to ../shared/eval (relative to the repository) or $VIGIA_EVAL_DIR.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.extract import EXTRACTOR_VERSION, extract_file  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path,
                        default=Path(os.environ.get("VIGIA_EVAL_DIR", ROOT.parent / "shared" / "eval")))
    parser.add_argument("--no-errors", action="store_true", help="figures only, no list of misses")
    parser.add_argument("--keep", type=Path, help="also keep the predictions at this path")
    args = parser.parse_args()
    dev, gold, scorer = (args.eval_dir / n for n in ("dev.jsonl", "dev_gold.jsonl", "score.py"))
    for path in (dev, gold, scorer):
        if not path.exists():
            sys.exit(f"missing {path}: pass --eval-dir or set VIGIA_EVAL_DIR")
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        start = time.perf_counter()
        n = extract_file(dev, pred, progress=False)
        took = time.perf_counter() - start
        print(f"extractor {EXTRACTOR_VERSION}: {n} articles in {took:.1f} s (model load included)")
        command = [sys.executable, str(scorer), str(gold), str(pred)] + ([] if args.no_errors else ["--errors"])
        done = subprocess.run(command, text=True, capture_output=True)
        print(done.stdout, end="")
        if done.returncode:
            print(done.stderr, file=sys.stderr)
        if args.keep:
            args.keep.write_bytes(pred.read_bytes())
        return done.returncode


if __name__ == "__main__":
    sys.exit(main())
