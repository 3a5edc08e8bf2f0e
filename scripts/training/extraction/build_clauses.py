"""Merge the hand labels into clauses.csv.

Inputs: political_unlabelled.csv with labels/political.txt, and written_unlabelled.csv with
labels/written/<doc>.lab. A label file has one line per sentence, ``S<n> tok tok …`` with one
token per clause (``#`` starts a comment). For political.txt, n is the sentence's order in
political_unlabelled.csv; for a written document it is the sentence number ``sent``.

Tokens: ``M<begins><status><theme>`` for a measure — begins 1|0, status d (done) | p (prescribed),
theme e (education) | m (mechanism) | s (supervision) | v (service) | o (other); otherwise
R result, P principle, B background, X problem, H heading, O other. A trailing ``^`` marks a
clause of a heading or list-head line (H implies it).

Run: python scripts/training/extraction/build_clauses.py  → clauses.csv (and a count table)
"""

from __future__ import annotations

import collections
import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = ["source", "doc", "sent", "clause_no", "clause", "sentence", "heading", "label", "begins", "status", "theme"]
LABELS = {"R": "result", "P": "principle", "B": "background", "X": "problem", "H": "heading", "O": "other"}
STATUS = {"d": "done", "p": "prescribed"}
THEMES = {"e": "education", "m": "mechanism", "s": "supervision", "v": "service", "o": "other"}
TOKEN = re.compile(r"^(?:M([01])([dp])([emsvo])|([RPBXHO]))(\^?)$")


def read_labels(path: Path) -> dict[str, list[str]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        key, *toks = line.split()
        if key in out:
            raise ValueError(f"{path.name}: {key} labelled twice")
        out[key] = toks
    return out


def apply(row: dict, tok: str, where: str) -> None:
    m = TOKEN.match(tok)
    if not m:
        raise ValueError(f"{where}: bad token {tok!r}")
    begins, status, theme, other, hat = m.groups()
    if other:
        row.update(label=LABELS[other], begins="", status="", theme="")
        row["heading"] = 1 if (hat or other == "H") else 0
    else:
        row.update(label="measure", begins=int(begins), status=STATUS[status], theme=THEMES[theme])
        row["heading"] = 1 if hat else 0


def group(rows: list[dict]) -> collections.OrderedDict[tuple, list[dict]]:
    g: collections.OrderedDict = collections.OrderedDict()
    for r in rows:
        g.setdefault((r["doc"], int(r["sent"])), []).append(r)
    return g


def label_group(sents, labels: dict[str, list[str]], key_of, name: str) -> list[dict]:
    out, errors = [], []
    used = set()
    for n, (k, rows) in enumerate(sents.items()):
        key = key_of(n, k)
        toks = labels.get(key)
        if toks is None:
            errors.append(f"{name}: {key} not labelled")
            continue
        used.add(key)
        if len(toks) != len(rows):
            errors.append(f"{name}: {key} has {len(rows)} clauses, {len(toks)} labels: {rows[0]['sentence']}")
            continue
        for r, t in zip(rows, toks):
            apply(r, t, f"{name} {key}")
            out.append(r)
    extra = set(labels) - used
    if extra:
        errors.append(f"{name}: labels for unknown sentences {sorted(extra)[:5]}")
    if errors:
        raise SystemExit("\n".join(errors))
    return out


def check(rows: list[dict]) -> None:
    """A measure clause with begins=0 must follow a measure clause of the same sentence or doc."""
    prev = None
    for r in rows:
        if r["label"] == "measure" and r["begins"] == 0:
            if prev is None or prev["label"] != "measure" or prev["doc"] != r["doc"]:
                raise SystemExit(f"begins=0 without a measure before it: {r['doc']} {r['sent']} {r['clause']}")
        prev = r


def main() -> None:
    rows: list[dict] = []
    pol = list(csv.DictReader(open(HERE / "political_unlabelled.csv", encoding="utf-8")))
    rows += label_group(group(pol), read_labels(HERE / "labels" / "political.txt"), lambda n, k: f"S{n}", "political")
    wr_path = HERE / "written_unlabelled.csv"
    if wr_path.exists():
        wr = list(csv.DictReader(open(wr_path, encoding="utf-8")))
        by_doc: collections.OrderedDict = collections.OrderedDict()
        for r in wr:
            by_doc.setdefault(r["doc"], []).append(r)
        for doc, drows in by_doc.items():
            lab = HERE / "labels" / "written" / (Path(doc).stem + ".lab")
            if not lab.exists():
                if "--partial" in sys.argv:
                    continue
                raise SystemExit(f"no labels for {doc}")
            rows += label_group(group(drows), read_labels(lab), lambda n, k: f"S{k[1]}", doc)
    check(rows)
    with open(HERE / "clauses.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, FIELDS)
        w.writeheader()
        w.writerows(rows)
    counts = collections.Counter((r["source"], r["label"]) for r in rows)
    labels = ["measure", "result", "principle", "background", "problem", "heading", "other"]
    print(f"{'label':12}{'political':>10}{'written':>10}{'total':>8}")
    for lab in labels:
        p, w_ = counts[("political", lab)], counts[("written", lab)]
        print(f"{lab:12}{p:>10}{w_:>10}{p + w_:>8}")
    tp = sum(v for (s, _), v in counts.items() if s == "political")
    tw = sum(v for (s, _), v in counts.items() if s == "written")
    print(f"{'total':12}{tp:>10}{tw:>10}{tp + tw:>8}")


if __name__ == "__main__":
    main()
