"""Build clauses2.csv, the second clause set: political2_unlabelled.csv (seed 13, see
sample_political2.py) with labels/political2.txt, and the written3/ documents (split by
split_written.py's splitter) with labels/written3/<doc>.lab. Label format and checks as in
build_clauses.py.

Run: python sample_political2.py && python build_clauses2.py [--partial]  → clauses2.csv
"""

from __future__ import annotations

import collections
import csv
import sys
from pathlib import Path

import build_clauses as b
from split_written import rows_for

HERE = Path(__file__).resolve().parent


def main() -> None:
    rows: list[dict] = []
    pol = list(csv.DictReader(open(HERE / "political2_unlabelled.csv", encoding="utf-8")))
    rows += b.label_group(b.group(pol), b.read_labels(HERE / "labels" / "political2.txt"), lambda n, k: f"S{n}", "political2")
    for path in sorted((HERE / "written3").glob("*.txt")):
        lab = HERE / "labels" / "written3" / (path.stem + ".lab")
        if not lab.exists():
            if "--partial" in sys.argv:
                continue
            raise SystemExit(f"no labels for {path.name}")
        drows = rows_for(path)
        for r in drows:
            r["source"] = "written3"
        rows += b.label_group(b.group(drows), b.read_labels(lab), lambda n, k: f"S{k[1]}", path.name)
    b.check(rows)
    with open(HERE / "clauses2.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, b.FIELDS)
        w.writeheader()
        w.writerows(rows)
    counts = collections.Counter((r["source"], r["label"]) for r in rows)
    srcs = ["political", "written3"]
    print(f"{'label':12}" + "".join(f"{s:>10}" for s in srcs) + f"{'total':>8}")
    for lab in ["measure", "result", "principle", "background", "problem", "heading", "other"]:
        c = [counts[(s, lab)] for s in srcs]
        print(f"{lab:12}" + "".join(f"{x:>10}" for x in c) + f"{sum(c):>8}")
    tot = [sum(v for (s, _), v in counts.items() if s == src) for src in srcs]
    print(f"{'total':12}" + "".join(f"{x:>10}" for x in tot) + f"{sum(tot):>8}")
    for src in srcs:
        m = [r for r in rows if r["source"] == src and r["label"] == "measure"]
        st = collections.Counter(r["status"] for r in m)
        bg = collections.Counter(r["begins"] for r in m)
        th = collections.Counter(r["theme"] for r in m)
        hd = sum(1 for r in rows if r["source"] == src and r["heading"] == 1)
        print(src, dict(st), "begins", dict(bg), dict(th.most_common()), "heading=1:", hd)


if __name__ == "__main__":
    main()
