"""Second political sample for clauses2.csv: the sampler of sample_political.py with another seed,
skipping every sentence already in clauses.csv (same document and sentence text).

Run: python sample_political2.py [--seed 13] [--target 230] [--exclude clauses.csv]
     → political2_unlabelled.csv
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import sample_political as sp

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--target", type=int, default=230)
    ap.add_argument("--exclude", default=str(HERE / "clauses.csv"))
    ap.add_argument("--corpus", default=str(sp.DEFAULT_CORPUS))
    ap.add_argument("--out", default=str(HERE / "political2_unlabelled.csv"))
    a = ap.parse_args()
    seen = {(r["doc"], r["sentence"]) for r in csv.DictReader(open(a.exclude, encoding="utf-8"))}
    docs = sp.load(Path(a.corpus))
    rows = sp.sample(docs, a.seed, a.target, seen)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, sp.FIELDS)
        w.writeheader()
        w.writerows(rows)
    print(f"{Path(a.out).name}: {len({(r['doc'], r['sent']) for r in rows})} sentences, {len(rows)} clauses")


if __name__ == "__main__":
    main()
