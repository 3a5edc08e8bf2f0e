"""Build scripts/training/train.csv, the theme training set, from:

- written_measures.csv, written_boundary.csv — measure sentences written for the project (labelled by
  hand; the second concentrates on cases near the boundaries between themes);
- harvested_reviewed.csv — measures harvested from corpora/ by ``textkit extract``, pre-labelled by
  the weak-labelling lexicon (textkit/data/weak_lexicon.tsv via ``textkit.themes.weak_label``) and
  then reviewed by hand (rows with keep=0 dropped).

One labelling convention is applied to both, following the annotation guidelines' own example
(建立了党员帮扶困难群众制度 → service, mechanism): a measure that sets up a rule or system *about*
another theme has that theme first and mechanism second.

Run: python scripts/training/build_training.py && textkit train scripts/training/train.csv
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYSTEM = re.compile(r"制度|机制|责任制|工作制|体系|规定|办法|细则|台账|档案|清单")


def convention(themes: list[str], text: str) -> list[str]:
    if len(themes) >= 2 and themes[0] == "mechanism" and SYSTEM.search(text) and themes[1] in ("service", "supervision", "education"):
        return [themes[1], "mechanism", *themes[2:]]
    return themes


def main() -> None:
    rows: dict[str, tuple[list[str], str]] = {}
    sources = [("written_measures.csv", None), ("written_boundary.csv", None), ("harvested_reviewed.csv", "keep")]
    for name, keep_col in sources:
        path = HERE / name
        if not path.exists():
            print(f"skipped {name} (not found)")
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if keep_col and row.get(keep_col, "1").strip() != "1":
                    continue
                themes = [t for t in row["themes"].split("|") if t]
                rows.setdefault(row["text"].strip(), (convention(themes, row["text"]), name))
    out = HERE / "train.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "themes", "origin"])
        for text, (themes, origin) in rows.items():
            w.writerow([text, "|".join(themes), origin])
    print(f"{len(rows)} rows → {out}")


if __name__ == "__main__":
    main()
