"""Measure-level evaluation on the project's own fully labelled documents, with document-grouped CV.

    python scripts/training/extraction/eval_measures.py              # shipped model (in-sample) and 5-fold CV
    python scripts/training/extraction/eval_measures.py --folds 0    # shipped model only

The written documents of ``written/`` and ``written3/`` … ``written7/`` are labelled clause by clause
(``clauses.csv`` … ``clauses6.csv``): every sentence, with where each action begins. Their gold
measures are the runs of measure clauses, a new one at each ``begins=1``. The whole pipeline runs
on each document (``textkit.pipeline.Pipeline``) and is scored measure by measure and clause by
clause (``textkit.evaluation``, the shared scorer's matching).

Cross-validation: the clause model behind ``measure_filter`` is retrained without the held-out
documents (political sentences are grouped by report and split alike), so each document is
filtered by a model that never saw it. This is the honest estimate of measures on unseen reports;
the shipped model's score on the same documents is in-sample.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from textkit.clause_model import ClauseModel, clause_input
from textkit.evaluation import group_records, score
from textkit.pipeline import Pipeline

HERE = Path(__file__).resolve().parent
LABELLED = (
    HERE / "clauses.csv",
    HERE / "clauses2.csv",
    HERE / "clauses3.csv",
    HERE / "clauses4.csv",
    HERE / "clauses5.csv",
    HERE / "clauses6.csv",
)
WRITTEN = {
    "written": HERE / "written",
    "written3": HERE / "written3",
    "written4": HERE / "written4",
    "written5": HERE / "written5",
    "written6": HERE / "written6",
    "written7": HERE / "written7",
}


def load_rows() -> list[dict]:
    rows: list[dict] = []
    for path in LABELLED:
        with path.open(encoding="utf-8", newline="") as fh:
            rows += [{**r, "file": path.stem} for r in csv.DictReader(fh)]
    return rows


def group_of(row: dict) -> str:
    return f"{row['file']}:{row['source']}:{row['doc']}"


def gold_measures(rows: list[dict]) -> dict[str, dict]:
    """Gold documents (textkit.evaluation format) of the written sets: runs of measure clauses."""
    docs: dict[str, dict] = {}
    by_sentence: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        if r["source"] in WRITTEN:
            by_sentence[(r["source"], r["doc"], int(r["sent"]))].append(r)
    for (source, doc, _), clauses in sorted(by_sentence.items()):
        gold = docs.setdefault(doc, {"slogans": [], "figures": [], "measures": [], "articles": [], "dir": source})
        if gold["dir"] != source:
            raise SystemExit(f"{doc} is in both {gold['dir']}/ and {source}/: document names must be unique")
        current: list[str] | None = None
        for r in sorted(clauses, key=lambda r: int(r["clause_no"])):
            if r["label"] != "measure":
                current = None
                continue
            if current is None or r["begins"] == "1":
                current = [r["clause"]]
                gold["measures"].append({"text": "", "status": r["status"], "parts": current})
            else:
                current.append(r["clause"])
    for gold in docs.values():
        for m in gold["measures"]:
            m["text"] = "，".join(m.pop("parts"))
    return docs


def clause_scores(gold: dict[str, dict], pred: dict[str, dict]) -> dict:
    """Measures matched clause by clause (cut at ，；。!?), as the shared scorer's ``measure_clauses``."""
    import re
    from difflib import SequenceMatcher

    from textkit.evaluation import _fold as fold  # noqa: PLC2701 - one folding rule for both scores

    cut = re.compile(r"[，,；;。！!？?]")

    def clauses(items: list[dict]) -> list[str]:
        return [c for m in items for part in cut.split(m.get("text") or "") if len(c := fold(part)) >= 3]

    tp = n_gold = n_pred = 0
    for src, g in gold.items():
        gc, pc = clauses(g["measures"]), clauses(pred.get(src, {}).get("measures", []))
        pairs = sorted(
            (
                (s, i, j)
                for i, a in enumerate(gc)
                for j, b in enumerate(pc)
                if (s := SequenceMatcher(None, a, b, autojunk=False).ratio()) >= 0.6
            ),
            reverse=True,
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, i, j in pairs:
            if i not in used_g and j not in used_p:
                used_g.add(i)
                used_p.add(j)
        tp += len(used_g)
        n_gold += len(gc)
        n_pred += len(pc)
    p, r = tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def run(docs: list[str], gold: dict[str, dict], config: dict) -> dict[str, dict]:
    """Records of the pipeline (with ``config``) on the named written documents."""
    pipe = Pipeline(config=config)
    records = []
    for doc in docs:
        path = WRITTEN[gold[doc]["dir"]] / doc
        for article in pipe.process_path(str(path)).articles:
            records.append({**article.to_record(structure=False), "source": doc})
    return group_records(records)


def report(name: str, gold: dict, pred: dict) -> None:
    res = score(gold, pred)
    cl = clause_scores(gold, pred)
    m = res["measures"]
    print(
        f"{name:10s} measures P {m['p']:.3f} R {m['r']:.3f} F1 {m['f1']:.3f} | clauses P {cl['p']:.3f} R {cl['r']:.3f} F1 {cl['f1']:.3f} | status {res['status_accuracy']}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=4.0)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--aggregate", choices=("max", "mean"), default=None)
    args = ap.parse_args()
    rows = load_rows()
    gold = gold_measures(rows)
    docs = sorted(gold)
    extra = {} if args.threshold is None else {"threshold": args.threshold}
    if args.aggregate:
        extra["aggregate"] = args.aggregate
    report("shipped", gold, run(docs, gold, {"measure_filter": extra}))
    if not args.folds:
        return
    X = [clause_input(r["clause"], r["heading"] == "1") for r in rows]
    y = np.array([r["label"] == "measure" for r in rows], dtype=int)
    groups = [group_of(r) for r in rows]
    pred: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k, (train, test) in enumerate(GroupKFold(args.folds).split(X, y, groups)):
            held = sorted({rows[i]["doc"] for i in test if rows[i]["source"] in WRITTEN})
            path = Path(tmp) / f"fold{k}.skops"
            ClauseModel(C=args.C).fit([X[i] for i in train], y[train]).save(path)
            pred.update(run(held, gold, {"measure_filter": {"model": str(path), **extra}}))
    report(f"cv{args.folds}", gold, pred)


if __name__ == "__main__":
    main()
