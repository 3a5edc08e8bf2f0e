"""Second political sample for clauses2.csv: the sampler of sample_political.py with another seed,
skipping every sentence already in clauses.csv (same document and sentence text).

Run: python sample_political2.py [--seed 13] [--target 230] [--exclude clauses.csv]
     → political2_unlabelled.csv
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

import sample_political as sp
from splitter import clauses

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
    rng = random.Random(a.seed)
    rows = []
    for doc, quota in zip(docs, sp.quotas(docs, a.target)):

        def ok(s, doc=doc):
            return sp.eligible(s) and (doc["doc"], s[1]) not in seen

        work = [s for s in doc["sents"] if s[2] and ok(s)]
        other = [s for s in doc["sents"] if not s[2] and ok(s)]
        picked = []
        for _ in range(quota):
            pool = work if (rng.random() < sp.P_WORK and work) or not other else other
            if not pool:
                break
            weights = [len(clauses(t)) for _, t, _, _ in pool]
            i = rng.choices(range(len(pool)), weights=weights)[0]
            picked.append(pool.pop(i))
        for idx, text, _, _h in sorted(picked):
            for k, c in enumerate(clauses(text)):
                rows.append(
                    {
                        "source": "political",
                        "doc": doc["doc"],
                        "sent": idx,
                        "clause_no": k,
                        "clause": c,
                        "sentence": text,
                        "heading": "",
                        "label": "",
                        "begins": "",
                        "status": "",
                        "theme": "",
                    }
                )
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, sp.FIELDS)
        w.writeheader()
        w.writerows(rows)
    print(f"{Path(a.out).name}: {len({(r['doc'], r['sent']) for r in rows})} sentences, {len(rows)} clauses")


if __name__ == "__main__":
    main()
