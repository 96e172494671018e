"""Build models/words/document_frequency.tsv: in how many news articles each word appears.

    .venv/bin/python models/words/build.py [--data DIR] [--out FILE]    (also run by `make model`)

Read from the texts of ``../shared/data`` (or $VIGIA_DATA_DIR): every distinct feed item of
``peru-news-items.csv`` and every El Comercio article (its first 3,000 characters, as the corpus
reads them). A word is a run of four letters or more, folded (lower case, no accents), counted
once per article, as ``pipeline.events.matching`` reads words. The table keeps the words found in
at least MIN_DF articles (rarer ones are all alike to the matcher: rare); its first line gives
the number of articles. Word counts only, no text: the articles stay in the data folder.

The event log uses it to weigh the words two reports share: 'Pachacútec', 'pollería' or 'Azizi'
say more of one incident than 'soles' or 'puerta' (``matching.rarity``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.corpus.texts import all_items, data_dir  # noqa: E402
from pipeline.events.matching import WORD  # noqa: E402
from pipeline.text import fold_words  # noqa: E402

OUT = Path(__file__).with_name("document_frequency.tsv")
#: words in fewer articles than this are left out: the matcher takes them as rare
MIN_DF = 10


def count(folder: Path) -> tuple[int, Counter]:
    articles, df = 0, Counter()
    for item in all_items(folder):
        articles += 1
        df.update({fold_words(m.group()) for m in WORD.finditer(f"{item.title or ''} {item.text}")})
    return articles, df


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="the shared data folder (default ../shared/data)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"the table to write (default {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    articles, df = count(data_dir(args.data))
    kept = sorted((w, n) for w, n in df.items() if n >= MIN_DF)
    with open(args.out, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(f"#articles\t{articles}\n")
        handle.writelines(f"{w}\t{n}\n" for w, n in kept)
    print(f"{args.out}: {len(kept)} words of {len(df)} (in {MIN_DF}+ of {articles} articles)")


if __name__ == "__main__":
    main()
