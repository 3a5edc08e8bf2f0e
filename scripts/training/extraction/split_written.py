"""Split the written documents (written/NN_sector.txt) into unlabelled clause rows.

Each line of a document is a paragraph (the first line is the title); sentences and clauses are
cut by splitter.py, the same splitter as sample_political.py. ``sent`` is the 0-based sentence
number within the document (the title is sentence 0).

Run: python scripts/training/extraction/split_written.py  → written_unlabelled.csv
"""

from __future__ import annotations

import csv
from pathlib import Path

from splitter import clauses, paragraphs, sentences

HERE = Path(__file__).resolve().parent
FIELDS = ["source", "doc", "sent", "clause_no", "clause", "sentence", "heading", "label", "begins", "status", "theme"]


def rows_for(path: Path) -> list[dict]:
    rows = []
    n = 0
    for para in paragraphs(path.read_text(encoding="utf-8")):
        for s in sentences(para):
            for k, c in enumerate(clauses(s)):
                rows.append(
                    {
                        "source": "written",
                        "doc": path.name,
                        "sent": n,
                        "clause_no": k,
                        "clause": c,
                        "sentence": s,
                        "heading": "",
                        "label": "",
                        "begins": "",
                        "status": "",
                        "theme": "",
                    }
                )
            n += 1
    return rows


def main() -> None:
    rows = []
    for path in sorted((HERE / "written").glob("*.txt")):
        rows.extend(rows_for(path))
    out = HERE / "written_unlabelled.csv"
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, FIELDS)
        w.writeheader()
        w.writerows(rows)
    print(f"{out.name}: {len({(r['doc'], r['sent']) for r in rows})} sentences, {len(rows)} clauses")


if __name__ == "__main__":
    main()
