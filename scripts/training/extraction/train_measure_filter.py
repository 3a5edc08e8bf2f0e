"""Train the clause model behind the measure filter, with document-grouped cross-validation.

    python scripts/training/extraction/train_measure_filter.py            # CV report, then train and ship
    python scripts/training/extraction/train_measure_filter.py --cv-only

Data: clauses.csv … clauses6.csv (hand-labelled, this folder); a clause is positive when labelled
``measure``.
Folds are grouped by document, so no document's clauses are both trained on and scored. The
development gold (../shared) is never used for training: score it separately with the shared
scorer (``textkit extract ../shared/seeds ../shared/dev/web``).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

from textkit.clause_model import ClauseModel, clause_input, shipped_path

HERE = Path(__file__).resolve().parent


def load(
    paths: tuple[Path, ...] = (
        HERE / "clauses.csv",
        HERE / "clauses2.csv",
        HERE / "clauses3.csv",
        HERE / "clauses4.csv",
        HERE / "clauses5.csv",
        HERE / "clauses6.csv",
    ),
) -> tuple[list[str], np.ndarray, list[str]]:
    rows: list[dict] = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as fh:
            rows += [{**r, "file": path.stem} for r in csv.DictReader(fh)]
    X = [clause_input(r["clause"], r["heading"] == "1") for r in rows]
    y = np.array([r["label"] == "measure" for r in rows], dtype=int)
    groups = [f"{r['file']}:{r['source']}:{r['doc']}" for r in rows]
    return X, y, groups


def prf(y, pred) -> dict:
    p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    return {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4)}


def cross_validate(X, y, groups, C: float, folds: int = 5) -> dict:
    pred = np.zeros(len(y), dtype=int)
    for train, test in GroupKFold(folds).split(X, y, groups):
        model = ClauseModel(C=C).fit([X[i] for i in train], y[train])
        pred[test] = model.predict([X[i] for i in test])
    train_fit = ClauseModel(C=C).fit(X, y)
    return {"C": C, "cv": prf(y, pred), "train": prf(y, train_fit.predict(X)), "folds": folds, "grouped_by": "document"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--output", type=Path, default=shipped_path())
    args = ap.parse_args()
    X, y, groups = load()
    results = [cross_validate(X, y, groups, C) for C in (1.0, 4.0, 10.0)]
    for r in results:
        print(
            f"C={r['C']:<4} CV P {r['cv']['precision']:.3f} R {r['cv']['recall']:.3f} F1 {r['cv']['f1']:.3f}   train F1 {r['train']['f1']:.3f}"
        )
    # the most regularised candidate within 0.01 of the best CV F1: the smallest gap to its training score
    top = max(r["cv"]["f1"] for r in results)
    best = min((r for r in results if r["cv"]["f1"] >= top - 0.01), key=lambda r: r["C"])
    if args.cv_only:
        return
    meta = {"rows": len(y), "positives": int(y.sum()), "documents": len(set(groups)), "selected": best, "candidates": results}
    ClauseModel(C=best["C"]).fit(X, y).save(args.output, meta)
    args.output.with_suffix(".metrics.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.output} (C={best['C']})")


if __name__ == "__main__":
    main()
