"""Held-out score of the whole slogan extractor on ``slogans.csv``: model and mined lexicon both
rebuilt without the documents scored.

    python scripts/training/extraction/cv_slogans.py [--folds 5]

Documents (political reports and written documents) are split into folds. For each fold the
slogan model is trained on the other folds' labelled candidates, the lexicon is mined (with that
model) from every source document except the fold's, and the fold's sentences are scored as in
``eval_slogans.py``. This is the honest counterpart of ``eval_slogans.py``, whose model and
lexicon have seen the same documents.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import eval_slogans  # noqa: E402
import mine_slogans  # noqa: E402
import train_slogan_model  # noqa: E402
from slogan_data import dev_rows, parallel_rows, quoted_rows, read_candidates  # noqa: E402

import textkit.extractors.slogans as slogans_module  # noqa: E402
import textkit.pipeline as pipeline_module  # noqa: E402
import textkit.resources as resources  # noqa: E402
from textkit.slogan_model import SloganModel, load_slogan_model  # noqa: E402


def _train(
    rows: list[dict], path: Path, dev: list[tuple[str, str, int, str]] = (), dev_weight: float = 1.0, thresholds: dict | None = None
) -> None:
    """A model on the labelled rows (and on development candidates ``dev``, as the shipped model is)."""
    model = SloganModel()
    for kind, data in (("quoted", quoted_rows(rows)), ("parallel", parallel_rows(rows))):
        extra = [d for d in dev if d[0] == kind]
        X = [d[0] for d in data] + [d[1] for d in extra]
        y = [d[1] for d in data] + [d[2] for d in extra]
        model.fit(kind, X, np.array(y), [1.0] * len(data) + [dev_weight] * len(extra))
    model.save(path, {"thresholds": thresholds} if thresholds else None)


def _use(model_path: Path, mined: list[tuple[str, str, str, int]]) -> None:
    """Point the extractor at this fold's model and lexicon (the caches are cleared)."""
    load_slogan_model.cache_clear()
    slogans_module._lexicon_re.cache_clear()
    resources.mined_slogans.cache_clear()
    shipped = slogans_module.load_slogan_model
    slogans_module.load_slogan_model = lambda path=None: shipped(str(model_path))
    slogans_module.mined_slogans = lambda: tuple((t, k, s) for t, k, s, _ in mined)
    pipeline_module._CACHE.clear()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--corpus", default="/work/shared/corpora/political")
    ap.add_argument(
        "--dev", action="store_true", help="train each fold also on the development candidates (as train_slogan_model.py --dev)"
    )
    args = ap.parse_args(argv)
    rows = read_candidates()
    dev = [d for d in dev_rows() if d[0] in train_slogan_model.DEV_KINDS] if args.dev else []
    thresholds = train_slogan_model.THRESHOLDS if args.dev else None
    data = eval_slogans.sentences(HERE / "slogans.csv")
    docs = mine_slogans.read_documents(Path(args.corpus))
    keys = list(data)
    groups = [k[1] for k in keys]
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    original = slogans_module.load_slogan_model
    with tempfile.TemporaryDirectory() as tmp:
        for fold, (_, test) in enumerate(GroupKFold(n_splits=args.folds).split(keys, groups=groups)):
            held = {groups[i] for i in test}
            kept = [r for r in rows if r["doc"] not in held]
            model_path, project_path = Path(tmp) / f"fold{fold}.skops", Path(tmp) / f"fold{fold}-project.skops"
            _train(kept, project_path)  # the lexicon is mined with a model of the project's data alone
            slogans_module.load_slogan_model = original
            load_slogan_model.cache_clear()
            mined = mine_slogans.mine([d for d in docs if d[0] not in held], 1, 2, model=str(project_path), labelled=kept)
            if dev:
                _train(kept, model_path, dev, train_slogan_model.DEV_WEIGHT, thresholds)
            else:
                model_path = project_path
            _use(model_path, mined)
            fold_data = {k: data[k] for k in (keys[i] for i in test)}
            for source, c in eval_slogans.score(fold_data).items():
                for name, v in c.items():
                    totals[source][name] += v
    for source, c in sorted(totals.items()):
        eval_slogans.report(source, c)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
