"""Build the clause sets of the fully written documents: written4/ → clauses3.csv, written5/ →
clauses4.csv, written6/ → clauses5.csv, written7/ → clauses6.csv (split by split_written.py's
splitter, labels in labels/<set>/<doc>.lab; label format and checks as in build_clauses.py).

Run: python build_written_clauses.py [SET …] [--partial]   (default: every set)
With ``--partial``, documents without a .lab file are skipped instead of failing.
"""

from __future__ import annotations

import collections
import csv
import sys
from pathlib import Path

import build_clauses as b
from split_written import rows_for

HERE = Path(__file__).resolve().parent
SETS = {"written4": "clauses3.csv", "written5": "clauses4.csv", "written6": "clauses5.csv", "written7": "clauses6.csv"}
LABELS = ["measure", "result", "principle", "background", "problem", "heading", "other"]


def load(source: str, partial: bool) -> list[dict]:
    rows: list[dict] = []
    for path in sorted((HERE / source).glob("*.txt")):
        lab = HERE / "labels" / source / (path.stem + ".lab")
        if not lab.exists():
            if partial:
                continue
            raise SystemExit(f"no labels for {path.name}")
        drows = rows_for(path)
        for r in drows:
            r["source"] = source
        rows += b.label_group(b.group(drows), b.read_labels(lab), lambda n, k: f"S{k[1]}", path.name)
    b.check(rows)
    return rows


def main() -> None:
    partial = "--partial" in sys.argv
    for source in [a for a in sys.argv[1:] if not a.startswith("--")] or list(SETS):
        build(source, partial)


def build(source: str, partial: bool) -> None:
    rows = load(source, partial)
    with open(HERE / SETS[source], "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, b.FIELDS)
        w.writeheader()
        w.writerows(rows)
    counts = collections.Counter(r["label"] for r in rows)
    print(f"{'label':12}{source:>10}")
    for lab in LABELS:
        print(f"{lab:12}{counts[lab]:>10}")
    print(f"{'total':12}{len(rows):>10}")
    m = [r for r in rows if r["label"] == "measure"]
    st = collections.Counter(r["status"] for r in m)
    bg = collections.Counter(r["begins"] for r in m)
    th = collections.Counter(r["theme"] for r in m)
    hd = sum(1 for r in rows if r["heading"] == 1)
    docs = len({r["doc"] for r in rows})
    sents = len({(r["doc"], r["sent"]) for r in rows})
    print(f"{source}: {docs} documents, {sents} sentences;", dict(st), "begins", dict(bg), dict(th.most_common()), "heading=1:", hd)


if __name__ == "__main__":
    main()
