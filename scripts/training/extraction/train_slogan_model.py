"""Train the slogan model (quoted phrases, parallel runs) on ``slogans.csv``; report document-grouped CV.

    python scripts/training/extraction/train_slogan_model.py [-o textkit/models/slogans.skops]

Prints, for each candidate kind, precision/recall/F1 of is_slogan on the training data and by
5-fold cross-validation grouped by document, and writes them to ``slogans.metrics.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).parent))
from slogan_data import parallel_rows, quoted_rows, read_candidates  # noqa: E402

from textkit.slogan_model import SloganModel, shipped_path  # noqa: E402

THRESHOLD = 0.5


def _prf(y, p) -> dict:
    pr, rc, f1, _ = precision_recall_fscore_support(y, p, average="binary", zero_division=0)
    return {
        "precision": round(float(pr), 3),
        "recall": round(float(rc), 3),
        "f1": round(float(f1), 3),
        "n": len(y),
        "positives": int(sum(y)),
    }


def cross_validate(kind: str, X: list[str], y: np.ndarray, groups: list[str], C: float) -> np.ndarray:
    """Out-of-fold probabilities, folds grouped by document."""
    probs = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(X, y, groups):
        m = SloganModel(C=C).fit(kind, [X[i] for i in train], y[train])
        probs[test] = m.probability(kind, [X[i] for i in test])
    return probs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-o", "--output", default=str(shipped_path()))
    ap.add_argument("-C", type=float, default=1.0)
    args = ap.parse_args(argv)
    rows = read_candidates()
    model, metrics = SloganModel(C=args.C), {}
    for kind, data in (("quoted", quoted_rows(rows)), ("parallel", parallel_rows(rows))):
        X, y, groups = [d[0] for d in data], np.array([d[1] for d in data]), [d[2] for d in data]
        cv = cross_validate(kind, X, y, groups, args.C)
        model.fit(kind, X, y)
        train = model.probability(kind, X)
        metrics[kind] = {"cv": _prf(y, cv >= THRESHOLD), "train": _prf(y, train >= THRESHOLD)}
        print(kind, json.dumps(metrics[kind], ensure_ascii=False))
    model.save(args.output, {"metrics": metrics, "threshold": THRESHOLD})
    Path(args.output).with_suffix(".metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
