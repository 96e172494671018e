"""Draw the items of the labelled corpus from the data folder, reproducibly.

    .venv/bin/python models/corpus/sample.py > models/corpus/items.jsonl

Samples (the seed corpus of ../shared/corpus holds S, C and E; this adds the rest):

  S2  seeded random sample of the distinct feed items: a real feed's mix
  C2  every other feed item with crime-looking words in its title or lead
  E2  seeded random sample of El Comercio 2023 across its sections
  K   El Comercio 2023 articles dense in crime wording (politics, world, tech): the
      positives full articles have, and the hard negatives (abroad, cybercrime, policy)

No item of ../shared/eval/dev.jsonl or of the seed corpus is drawn.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from texts import data_dir, elcomercio, feed_items  # noqa: E402

SEED = 2026
CRIME = re.compile(
    r"asesin|sicari|extorsi|\brob[oó]|captur|\bbanda|polic[ií]a|emergencia|\bparo\b|balacera|balead|"
    r"dispar|crimen|criminal|delincuen|secuestr|feminicid|droga|narco|miner[ií]a ilegal|detenid|"
    r"atentado|explosiv|homicid|\btrata\b|violaci|asalt|\bhurt|raquete|marcaje|\bcupos?\b|"
    r"tren de aragua|pulpos|\bpnp\b|fallecid|herid|\bmuert", re.I)
DENSE = re.compile(r"sicari|extorsi|asesin|balacera|tren de aragua|feminicid|secuestr|miner[ií]a ilegal|"
                   r"estado de emergencia|paro de transport|atentado|delincuentes|capturan|detienen|\bpnp\b",
                   re.I)


def main() -> None:
    folder = data_dir()
    shared = folder.parent
    taken = {json.loads(line)["url"] for line in open(shared / "eval" / "dev.jsonl", encoding="utf-8")}
    taken |= {json.loads(line)["url"] for line in open(shared / "corpus" / "seed_labels.jsonl", encoding="utf-8")}
    rng = random.Random(SEED)
    out: list[dict] = []

    feeds = [item for item in feed_items(folder) if item.url not in taken]
    for item in rng.sample(feeds, 200):
        out.append({"url": item.url, "source": item.source, "sample": "S2"})
    taken |= {row["url"] for row in out}
    for item in feeds:
        if item.url not in taken and CRIME.search(f"{item.title} {item.text[:600]}"):
            out.append({"url": item.url, "source": item.source, "sample": "C2"})
    taken |= {row["url"] for row in out}

    articles = [item for item in elcomercio(folder) if item.url not in taken]
    for item in rng.sample(articles, 300):
        out.append({"url": item.url, "source": item.source, "sample": "E2"})
    taken |= {row["url"] for row in out}
    dense: dict[str, list] = {}
    for item in articles:
        if item.url not in taken and len(DENSE.findall(item.text)) >= 3:
            dense.setdefault(item.section, []).append(item)
    quota = {"politica": 100, "mundo": 80, "tech": 20, "economia": 10, "deporte": 6}
    for section, items in sorted(dense.items()):
        for item in rng.sample(items, min(len(items), quota.get(section, 0))):
            out.append({"url": item.url, "source": item.source, "sample": "K"})
    printed: set[str] = set()
    for row in out:
        if row["url"] not in printed:  # the dataset repeats a few articles
            printed.add(row["url"])
            print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
