"""Document-grouped cross-validated dev score of the slogan extractor, its model trained on the
project's labelled candidates plus the development gold.

    python scripts/training/extraction/cv_dev_slogans.py [--shared /work/shared] [--folds 5] [--dev-weight W]

The 29 development documents (``seeds/`` and ``dev/web/``) are split into 5 folds (GroupKFold by
file). For each fold the slogan model is trained on ``slogans.csv`` and on the candidates of the
other folds' documents labelled by their gold (``slogan_data.dev_rows``: a candidate is accepted when
it is a gold slogan of its document as the scorer matches them), the real pipeline runs on the
held-out documents with that model, and the predictions of all 29 documents are scored together with
the shared scorer's functions. ``--project-only`` trains every fold on ``slogans.csv`` alone (the
shipped model's held-out dev score, the baseline). The mined lexicon is built with a model trained on
the project's data alone (``mine_slogans.py --project-only``), so it needs no re-mining per fold.

Nothing from ``../shared`` is written to the repository: labels and predictions live in memory and a
temporary folder.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from slogan_data import SHARED, _scorer, dev_files, dev_rows, project_rows  # noqa: E402
from train_slogan_model import DEV_KINDS, DEV_WEIGHT, THRESHOLDS  # noqa: E402

from textkit.io.readers import read_path  # noqa: E402
from textkit.pipeline import Pipeline  # noqa: E402
from textkit.slogan_model import KINDS, SloganModel  # noqa: E402


def train(project: dict[str, list], dev: list[tuple[str, str, int, str]], dev_weight: float, C: float = 1.0) -> SloganModel:
    """A slogan model fitted on the project's rows (``project_rows``) and the given dev rows."""
    model = SloganModel(C=C)
    for kind in KINDS:
        X = [d[0] for d in project[kind]] + [d[1] for d in dev if d[0] == kind]
        y = [d[1] for d in project[kind]] + [d[2] for d in dev if d[0] == kind]
        w = [1.0] * len(project[kind]) + [dev_weight] * (len(X) - len(project[kind]))
        model.fit(kind, X, np.array(y), w)
    return model


def predict(files: list[Path], model_path: Path) -> list[dict]:
    """Records (source, slogans) of the real pipeline's slogan stage with this model."""
    pipe = Pipeline(pipes=("slogans",), config={"slogans": {"model": str(model_path)}})
    out = []
    for f in files:
        for a in pipe.process_raw(read_path(str(f))).articles:
            out.append({"source": f.name, "title": a.title, "slogans": [{"text": s.text, "expansion": s.expansion} for s in a.slogans]})
    return out


def cross_validate(
    shared: Path,
    folds: int,
    dev_weight: float,
    thresholds: list[dict[str, float]],
    project_only: bool = False,
    C: float = 1.0,
    keep_predictions: bool = False,
    dev_kinds: tuple[str, ...] = DEV_KINDS,
) -> list[dict]:
    """The scorer's result over all development documents, each predicted by a model that never saw
    it, for each setting of per-kind ``thresholds``."""
    files = dev_files(shared)
    project = project_rows()
    dev = [] if project_only else [d for d in dev_rows(shared, files) if d[0] in dev_kinds]
    records: list[list[dict]] = [[] for _ in thresholds]
    score = _scorer(shared)
    gold = score.load_gold(str(shared / "gold"))
    with tempfile.TemporaryDirectory() as tmp:
        split = GroupKFold(n_splits=folds).split(files, groups=[f.name for f in files])
        for fold, (_, test) in enumerate(split):
            held = {files[i].name for i in test}
            model = train(project, [d for d in dev if d[3] not in held], dev_weight, C)
            for k, th in enumerate(thresholds):
                path = Path(tmp) / f"fold{fold}-{k}.skops"
                model.save(path, {"thresholds": th})
                records[k] += predict([files[i] for i in test], path)
        results = []
        for k, recs in enumerate(records):
            pred_path = Path(tmp) / f"pred{k}.jsonl"
            pred_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
            results.append(score.score(gold, score.load_pred(str(pred_path))))
            if keep_predictions:
                results[-1]["predictions"] = pred_path.read_text(encoding="utf-8")
        return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--dev-weight", type=float, default=DEV_WEIGHT, help="weight of a dev candidate against a project one")
    ap.add_argument("-C", type=float, default=1.0)
    ap.add_argument(
        "--quoted", type=float, nargs="+", default=[THRESHOLDS["quoted"]], help="P(slogan) thresholds to try for quoted phrases"
    )
    ap.add_argument(
        "--parallel", type=float, nargs="+", default=[THRESHOLDS["parallel"]], help="P(slogan) thresholds to try for parallel runs"
    )
    ap.add_argument("--predictions", help="write the out-of-fold predictions to PREFIX.N.jsonl (outside the repository)")
    ap.add_argument("--dev-kinds", nargs="+", default=list(DEV_KINDS), choices=KINDS, help="candidate kinds trained on dev candidates")
    ap.add_argument("--project-only", action="store_true", help="train every fold on slogans.csv alone")
    args = ap.parse_args(argv)
    if not (args.shared / "gold").is_dir():
        print(f"no development gold under {args.shared}", file=sys.stderr)
        return 1
    settings = [{"quoted": q, "parallel": p} for q in args.quoted for p in args.parallel]
    results = cross_validate(
        args.shared, args.folds, args.dev_weight, settings, args.project_only, args.C, bool(args.predictions), tuple(args.dev_kinds)
    )
    for k, (th, res) in enumerate(zip(settings, results)):
        if args.predictions:  # out-of-fold predictions, for error analysis (keep them outside the repository)
            Path(f"{args.predictions}.{k}.jsonl").write_text(res["predictions"], encoding="utf-8")
        print(f"thresholds quoted {th['quoted']:.2f} parallel {th['parallel']:.2f}")
        for key in ("slogans", "slogans_lenient"):
            r = res[key]
            print(
                f"  CV dev {key:16s} P {r['p']:.3f}  R {r['r']:.3f}  F1 {r['f1']:.3f}  (tp {r['tp']}, pred {r['pred']}, gold {r['gold']})"
            )
        print(f"  CV dev expansions recall {res['expansions_recall']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
