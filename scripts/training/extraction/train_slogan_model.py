"""Train the slogan model (quoted phrases, parallel runs) on ``slogans.csv`` and, with ``--dev``, on
the candidates of the development documents labelled by their gold; report document-grouped CV.

    python scripts/training/extraction/train_slogan_model.py [--dev /work/shared] [-o textkit/models/slogans.skops]

Prints, for each candidate kind, precision/recall/F1 of is_slogan on the training data and by
5-fold cross-validation grouped by document (over the labelled candidates and, with ``--dev``, the
development candidates too), and writes them to ``slogans.metrics.json``. The development gold is
read at training time only (``slogan_data.dev_rows``); nothing of it is written but the model. The
honest dev score of the model trained with ``--dev`` is ``cv_dev_slogans.py``.
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
from slogan_data import dev_rows, project_rows  # noqa: E402

from textkit.slogan_model import KINDS, SloganModel, shipped_path  # noqa: E402

#: P(slogan) a candidate needs, per kind, with the development candidates in training (chosen by
#: ``cv_dev_slogans.py``); 0.5 for both without them.
THRESHOLDS = {"quoted": 0.4, "parallel": 0.6}
#: Weight of a development candidate against a labelled one (chosen by ``cv_dev_slogans.py``).
DEV_WEIGHT = 2.0
#: The candidate kinds trained on development candidates too: by ``cv_dev_slogans.py`` the quoted
#: ones do not help (the labelled quotes already follow the same conventions).
DEV_KINDS = ("parallel",)


def _prf(y, p) -> dict:
    pr, rc, f1, _ = precision_recall_fscore_support(y, p, average="binary", zero_division=0)
    return {
        "precision": round(float(pr), 3),
        "recall": round(float(rc), 3),
        "f1": round(float(f1), 3),
        "n": len(y),
        "positives": int(sum(y)),
    }


def cross_validate(kind: str, X: list[str], y: np.ndarray, groups: list[str], C: float, w: np.ndarray | None = None) -> np.ndarray:
    """Out-of-fold probabilities, folds grouped by document."""
    probs = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(X, y, groups):
        m = SloganModel(C=C).fit(kind, [X[i] for i in train], y[train], None if w is None else w[train])
        probs[test] = m.probability(kind, [X[i] for i in test])
    return probs


def training_data(dev: Path | None, dev_weight: float = DEV_WEIGHT) -> dict[str, tuple[list[str], np.ndarray, list[str], np.ndarray]]:
    """Per kind: features, labels, document groups and weights of the labelled candidates, followed
    by the development candidates when ``dev`` (the shared folder) is given."""
    project = project_rows()
    extra = [d for d in dev_rows(dev) if d[0] in DEV_KINDS] if dev else []
    out = {}
    for kind in KINDS:
        rows = [(d[0], d[1], d[2]) for d in project[kind]]
        more = [(d[1], d[2], "dev:" + d[3]) for d in extra if d[0] == kind]
        X = [r[0] for r in rows + more]
        y = np.array([r[1] for r in rows + more])
        groups = [r[2] for r in rows + more]
        w = np.array([1.0] * len(rows) + [dev_weight] * len(more))
        out[kind] = (X, y, groups, w)
    return out


def train(dev: Path | None, C: float = 1.0) -> tuple[SloganModel, dict]:
    """The model on all the data, its per-kind thresholds, and its CV and training metrics."""
    model, metrics = SloganModel(C=C), {}
    thresholds = THRESHOLDS if dev else {kind: 0.5 for kind in KINDS}
    for kind, (X, y, groups, w) in training_data(dev).items():
        cv = cross_validate(kind, X, y, groups, C, w)
        model.fit(kind, X, y, w)
        fitted = model.probability(kind, X)
        metrics[kind] = {"cv": _prf(y, cv >= thresholds[kind]), "train": _prf(y, fitted >= thresholds[kind])}
    return model, {"metrics": metrics, "thresholds": thresholds, "dev": bool(dev)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-o", "--output", default=str(shipped_path()))
    ap.add_argument("-C", type=float, default=1.0)
    ap.add_argument("--dev", type=Path, default=None, help="the shared folder: train also on its development gold")
    args = ap.parse_args(argv)
    model, meta = train(args.dev, args.C)
    for kind, m in meta["metrics"].items():
        print(kind, json.dumps(m, ensure_ascii=False))
    model.save(args.output, meta)
    Path(args.output).with_suffix(".metrics.json").write_text(json.dumps(meta["metrics"], indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
