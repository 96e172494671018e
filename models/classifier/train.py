"""Rebuild the shipped classifier from the labelled corpus: ``make model`` runs this.

    .venv/bin/python models/classifier/train.py [--out models/classifier/model] [--train-fraction F]
        [--extra-labels review-export.jsonl ... --texts-db db/vigia.db]

1. models/classifier/corpus.py turns models/corpus/labels.jsonl (joined to the texts of the data
   folder, ../shared/data or $VIGIA_DATA_DIR), the project's written items (models/corpus/synthetic)
   and the shared dev set (../shared/eval, whose labeller also labelled the held-out sets: its
   positives teach that labeller's reading of the guide) into DocBins under build/corpus;
2. ``spacy train models/classifier/config.cfg`` trains on the train split with a fixed seed,
   choosing the best checkpoint on the validation split (the test split is never read);
3. the best pipeline is copied to --out, without its training-only files.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def train(out: Path, *, work: Path = ROOT / "build", train_fraction: float = 1.0, seed: int = 0,
          extra: list[str] = (), extra_labels: list[Path] = (), texts_db: Path | None = None) -> Path:
    """Build the corpus, train, copy the best pipeline to ``out``. ``extra_labels``: review
    exports (`vigia review export`), added to train with their texts read from ``texts_db``."""
    corpus = work / ("corpus" if train_fraction == 1.0 else f"corpus-{train_fraction:g}")
    run = work / ("classifier" if train_fraction == 1.0 else f"classifier-{train_fraction:g}")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    options = [arg for path in extra_labels for arg in ("--extra-labels", str(path))]
    if texts_db is not None:
        options += ["--texts-db", str(texts_db)]
    subprocess.run([sys.executable, str(HERE / "corpus.py"), str(corpus), "--dev-in-train",
                    "--train-fraction", str(train_fraction), *options], check=True, env=env)
    subprocess.run([sys.executable, "-m", "spacy", "train", str(HERE / "config.cfg"),
                    "--output", str(run), "--paths.train", str(corpus / "train.spacy"),
                    "--paths.dev", str(corpus / "val.spacy"), "--system.seed", str(seed), *extra],
                   check=True, env=env)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(run / "model-best", out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "model")
    parser.add_argument("--train-fraction", type=float, default=1.0)
    parser.add_argument("--extra-labels", type=Path, action="append", default=[],
                        help="a review export (vigia review export) to add to train; repeatable")
    parser.add_argument("--texts-db", type=Path, help="the Vigía store holding the exported articles' texts")
    args = parser.parse_args()
    path = train(args.out, train_fraction=args.train_fraction, extra_labels=args.extra_labels,
                 texts_db=args.texts_db)
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    print(f"classifier written to {path} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
