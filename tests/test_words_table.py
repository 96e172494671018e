"""The word frequencies the event log weighs shared words with (models/words/): `make model`
rebuilds the shipped table from the real data, byte for byte."""

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import data_dir, require_data

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "models" / "words" / "document_frequency.tsv"


@pytest.mark.acceptance
def test_the_build_reproduces_the_shipped_table(tmp_path):
    require_data("elcomercio-2023.jsonl.gz")
    out = tmp_path / "document_frequency.tsv"
    run = subprocess.run([sys.executable, str(ROOT / "models" / "words" / "build.py"), "--data", str(data_dir()),
                          "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes() == TABLE.read_bytes()


def test_the_shipped_table_counts_words_in_news():
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0].split("\t"), [line.split("\t") for line in lines[1:]]
    assert header[0] == "#articles" and int(header[1]) > 30_000
    counts = {word: int(n) for word, n in rows}
    # Every word folded as the matcher folds it, four letters or more, in order.
    assert all(w.isalpha() and w == w.lower() and len(w) >= 4 for w in counts)
    assert [w for w, _ in rows] == sorted(counts)
    assert counts["policia"] > counts["polleria"] >= 10
