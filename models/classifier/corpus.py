"""The labelled corpus as spaCy DocBins for ``spacy train``: one doc per item, its cats the labels.

    .venv/bin/python models/classifier/corpus.py OUT_DIR [--data-dir DIR] [--eval-dir DIR]
        [--train-fraction 1.0]

Writes OUT_DIR/train.spacy, val.spacy and test.spacy from models/corpus/labels.jsonl (by its
"split"), joined to the texts of the data folder, plus OUT_DIR/dev.spacy from the shared dev set.
The project's own written items (models/corpus/synthetic/ and the probe-dev set, models/corpus/probe/dev.jsonl)
join train; the probe-test set never does.
Each doc is the text the extractor reads (``pipeline.extract.api.compose``: headline and the
first part of the body), tokenised only. Its cats:

    EVENT          the item reports a security event in Peru (the guide's definition)
    KIND_<kind>    the kind of its headline event (incident, operation, measure, protest)
    TYPE_<code>    every crime type of its events

``--train-fraction`` keeps a seeded share of train (the learning curve).

``--extra-labels FILE`` (repeatable) adds labelled examples in the same format, keyed by URL, to
train only: ``vigia review export`` writes the team's review decisions so. Their texts come from
the Vigía store (``--texts-db``, by default $VIGIA_DB or db/vigia.db); a URL the corpus already
labels is left to the corpus (its split stays held out).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models" / "corpus"))

from texts import data_dir, texts_for  # noqa: E402

from pipeline.extract.api import compose  # noqa: E402
from pipeline.extract.classifier import KINDS, TYPES  # noqa: E402

# About 5% of real items report an event; repeating them in train balances the loss (the
# project's written items are not repeated: most of them report one).
POSITIVE_COPIES = 6
LABELS = ("EVENT", *(f"KIND_{k}" for k in KINDS), *(f"TYPE_{t}" for t in TYPES))


def cats_of(events: list[dict]) -> dict[str, float]:
    cats = dict.fromkeys(LABELS, 0.0)
    if events:
        cats["EVENT"] = 1.0
        cats[f"KIND_{events[0]['kind']}"] = 1.0
        for event in events:
            for code in event.get("crime_types") or []:
                cats[f"TYPE_{code}"] = 1.0
    return cats


def labelled_articles(data: Path | None = None, labels: Path = ROOT / "models" / "corpus" / "labels.jsonl"):
    """(split, article dict as the extractor takes it, events) for every labelled item."""
    rows = [json.loads(line) for line in labels.open(encoding="utf-8")]
    items = texts_for({r["url"] for r in rows}, data_dir(data))
    for row in rows:
        item = items[row["url"]]
        article = {"url": item.url, "title": item.title, "text": item.text, "published": item.published}
        yield row["split"], article, row["events"]


def _written(paths):
    """("train", article, events) for each line of the project's written JSONL files."""
    for path in paths:
        for line in Path(path).open(encoding="utf-8"):
            if line.strip():
                row = json.loads(line)
                yield "train", {k: row.get(k) for k in ("url", "title", "text", "published")}, row["events"]


def synthetic_articles(folder: Path = ROOT / "models" / "corpus" / "synthetic"):
    """Items written by the project (texts and labels ours, by the same guide): train only.

    The real corpus has few positives (about 5% of a feed reports an event); these add varied
    wording and layouts of events and of hard negatives. They never enter val or test.
    """
    yield from _written(sorted(folder.glob("*.jsonl")))


def probe_articles(path: Path = ROOT / "models" / "corpus" / "probe" / "dev.jsonl"):
    """A probe set (page texts written by the project, see models/corpus/README.md): probe-dev
    trains; its twin, probe/test.jsonl, is never trained on (bench/accuracy.py only reports it)."""
    yield from _written([path])


def store_texts(db: Path, urls: set[str]) -> dict[str, dict]:
    """Articles of a Vigía store by URL, as the extractor takes them (``title``, ``text``: the body,
    or the feed summary when there is none, ``published``: YYYY-MM-DD). Opened read-only."""
    import sqlite3
    from urllib.parse import quote

    if not Path(db).is_file():
        raise SystemExit(f"no Vigía store at {db} for the extra labels' texts: give --texts-db")
    found: dict[str, dict] = {}
    conn = sqlite3.connect(f"file:{quote(str(Path(db).resolve()))}?mode=ro", uri=True)
    try:
        wanted = sorted(urls)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for url, title, body, summary, published in conn.execute(
                    "SELECT url, title, body, summary, published FROM articles "
                    f"WHERE url IN ({','.join('?' * len(chunk))})", chunk):
                found[url] = {"url": url, "title": title, "text": body or summary,
                              "published": (published or "")[:10] or None}
    finally:
        conn.close()
    return found


def extra_articles(labels: Path, texts, *, skip: set[str] = frozenset()):
    """("train", article, events) for each line of an extra labels file (a review export).

    ``texts``: the articles by URL (``store_texts``), or a function from a set of URLs to them.
    Lines whose URL is in ``skip`` (labelled by the corpus already) are left out; a URL without a
    text stops with a message naming it.
    """
    rows = [json.loads(line) for line in Path(labels).open(encoding="utf-8") if line.strip()]
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get("url"), str) or not isinstance(row.get("events"), list):
            raise SystemExit(f"{labels}, line {number}: expected {{\"url\": ..., \"events\": [...]}}")
    rows = [r for r in rows if r["url"] not in skip]
    found = texts({r["url"] for r in rows}) if callable(texts) else texts
    missing = sorted({r["url"] for r in rows} - set(found))
    if missing:
        raise SystemExit(f"{len(missing)} URLs of {labels} have no text in the store (e.g. {missing[0]})")
    for row in rows:
        article = found[row["url"]]
        yield "train", {k: article.get(k) for k in ("url", "title", "text", "published")}, row["events"]


def dev_articles(eval_dir: Path):
    gold = {json.loads(line)["url"]: json.loads(line)["events"]
            for line in (eval_dir / "dev_gold.jsonl").open(encoding="utf-8")}
    for line in (eval_dir / "dev.jsonl").open(encoding="utf-8"):
        article = json.loads(line)
        yield "dev", article, gold.get(article["url"], [])


def dev_fold(url: str) -> int:
    """A stable half of the dev set for an article (0 or 1)."""
    return int(hashlib.sha256(url.encode("utf-8")).hexdigest(), 16) % 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--train-fraction", type=float, default=1.0)
    parser.add_argument("--positive-copies", type=int, default=POSITIVE_COPIES,
                        help="times each train item with events is repeated (they are rare)")
    parser.add_argument("--dev-in-train", action="store_true",
                        help="train on the shared dev set too (its figures then measure nothing)")
    parser.add_argument("--dev-fold", type=int, choices=[0, 1],
                        help="train on the other half of the dev set and keep this half as dev.spacy "
                             "(two runs give an out-of-fold figure for the whole dev set)")
    parser.add_argument("--extra-labels", type=Path, action="append", default=[], metavar="FILE",
                        help="labelled examples to add to train (e.g. `vigia review export`), repeatable")
    parser.add_argument("--texts-db", type=Path,
                        default=Path(os.environ.get("VIGIA_DB") or ROOT / "db" / "vigia.db"),
                        help="the Vigía store holding the extra labels' texts")
    args = parser.parse_args()

    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("es")
    bins = {name: DocBin() for name in ("train", "val", "test", "dev")}
    train = []
    written_sources = list(synthetic_articles()) + list(probe_articles())
    written = {article["url"] for _, article, _ in written_sources}
    sources = list(labelled_articles(args.data_dir)) + written_sources
    labelled = {article["url"] for _, article, _ in sources}
    for extra in args.extra_labels:
        added = list(extra_articles(extra, lambda urls: store_texts(args.texts_db, urls), skip=labelled))
        labelled |= {article["url"] for _, article, _ in added}
        sources += added
        print(f"{extra}: {len(added)} extra train items", file=sys.stderr)
    if (args.eval_dir / "dev.jsonl").exists():
        sources += list(dev_articles(args.eval_dir))
    for split, article, events in sources:
        if split == "dev" and args.dev_fold is not None and dev_fold(article["url"]) != args.dev_fold:
            split = "train"
        if split == "train" or (split == "dev" and args.dev_in_train):
            train.append((article, events))
            continue
        doc = nlp.make_doc(compose(article)[0])
        doc.cats = cats_of(events)
        bins[split].add(doc)
    rng = random.Random(0)
    if args.train_fraction < 1.0:
        train = rng.sample(train, round(len(train) * args.train_fraction))
    for article, events in train:
        doc = nlp.make_doc(compose(article)[0])
        doc.cats = cats_of(events)
        # Real items with events are rare and repeated; the written sets are two-thirds events
        # already, and repeating them would let their style outweigh the real feeds.
        copies = args.positive_copies if events and article["url"] not in written else 1
        for _ in range(copies):
            bins["train"].add(doc)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, docbin in bins.items():
        docbin.to_disk(args.out / f"{name}.spacy")
        print(f"{name}: {len(docbin)} docs", file=sys.stderr)


if __name__ == "__main__":
    main()
