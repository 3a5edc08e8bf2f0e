"""Document-grouped cross-validated dev score of the theme model trained with the development gold.

    python scripts/training/cv_dev_themes.py [--weights 0 1 2 4] [--folds 5]
    python scripts/training/cv_dev_themes.py --save textkit/models/themes.skops --weight 2

The development documents (``--inputs``, default the seeds and the web reports of /work/shared)
are run once through the real pipeline; the theme stage is the last one and nothing reads its
output, so each fold only re-runs the theme component (``ThemeTagger``) with the fold's model on
the held-out documents' articles (``--full`` runs the whole pipeline per fold instead, to check).
The documents are split into ``--folds`` groups (GroupKFold by file); for each fold the theme
model is trained on the project's data (``--train``, ``scripts/training/train.csv``) plus theme
labels derived from the gold measures of the other folds' documents: each gold measure's text and
its themes, main first, with the sentence it stands in taken from the pipeline's own article
text (``--sentence-rows`` adds that sentence as a row of its own when it holds one measure). The
predictions of all documents are then scored together with the shared scorer's functions
(``--scorer``). Weight 0 trains on the project's data alone (the held-out setting the README
reported before the gold was used); weight w counts each gold measure w times.

Nothing from /work/shared is written into the repository: the gold is read at training time.
With ``--save`` the model is trained on the project's data plus every gold document (weight
``--weight``) and saved with its metrics (``MODEL.metrics.json``, which records the CV figures of
this run when one was made).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path("/work/shared")
DEFAULT_PARAMS = {"kind": "logreg", "C": 10.0, "second": 0.5}
_STRIP = re.compile(r"[\s“”\"'‘’「」『』《》〈〉()（）【】\[\]，,。．.、；;：:！!？?…—\-]")


@dataclass(frozen=True)
class Example:
    """A gold measure as training data: its text, the sentence it stands in and its themes (main first)."""

    source: str
    text: str
    sentence: str
    themes: tuple[str, ...]


# -- the scorer and the pipeline ------------------------------------------------------------
def load_scorer(path: str | Path) -> ModuleType:
    """The shared scorer (``eval/score.py``) as a module."""
    spec = importlib.util.spec_from_file_location("shared_score", str(path))
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def input_files(inputs: list[str]) -> list[Path]:
    """The .txt files of the inputs (files or folders), sorted."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        out.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    return out


def run_pipeline(paths: list[Path], model=None) -> dict[str, list]:
    """Articles of each file (by base name) through the full default pipeline, themes by ``model``
    (a fitted ``ThemeModel``; default the shipped one)."""
    from textkit.pipeline import Pipeline

    pipeline = Pipeline()
    if model is not None:
        _tagger(pipeline).model = model
    out = {}
    for p in paths:
        doc = pipeline.process_path(str(p))
        out[p.name] = doc.articles
    return out


def _tagger(pipeline):
    from textkit.themes import ThemeTagger

    return next(c for c in pipeline.components() if isinstance(c, ThemeTagger))


def retag(articles: list, model) -> None:
    """Run the theme component with ``model`` (a fitted ``ThemeModel``) on ``articles`` again."""
    from textkit.themes import ThemeTagger

    tagger = ThemeTagger()
    tagger.model = model
    for a in articles:
        tagger.annotate(a)


def write_records(docs: dict[str, list], path: Path) -> None:
    """The records ``textkit extract`` writes (one JSON line per article)."""
    with path.open("w", encoding="utf-8") as fh:
        for arts in docs.values():
            for a in arts:
                rec = a.to_record(structure=False)
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def score_docs(scorer: ModuleType, gold_dir: Path, docs: dict[str, list]) -> dict:
    """The shared scorer's result for these articles against the gold."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pred.jsonl"
        write_records(docs, path)
        return scorer.score(scorer.load_gold(str(gold_dir)), scorer.load_pred(str(path)))


# -- gold measures as training examples ------------------------------------------------------
def _stripped(text: str) -> tuple[str, list[int]]:
    """``text`` without punctuation and spaces, and the offset in ``text`` of each kept character."""
    chars, where = [], []
    for i, c in enumerate(text):
        if not _STRIP.match(c):
            chars.append(c)
            where.append(i)
    return "".join(chars), where


def locate_sentence(articles: list, text: str) -> str:
    """The sentence of the pipeline's articles that holds the start of ``text`` (simplified), or ``""``.

    Punctuation and spaces are ignored; a measure the gold cut off is found by its first twelve characters."""
    from textkit.normalization.script import to_simplified

    needle, _ = _stripped(to_simplified(text)[0])
    if not needle:
        return ""
    for probe in (needle, needle[:12]):
        for a in articles:
            hay, where = _stripped(a.text)
            k = hay.find(probe)
            if k < 0:
                continue
            pos = where[k]
            for s in a.sentences:
                if s.start <= pos < s.end:
                    return a.text[s.start : s.end].strip()
            return ""
    return ""


def gold_examples(gold_dir: Path, docs: dict[str, list], scorer: ModuleType) -> list[Example]:
    """Every gold measure with themes, in the simplified script, with its sentence in ``docs``."""
    from textkit.normalization.script import to_simplified

    out = []
    for source, g in scorer.load_gold(str(gold_dir)).items():
        articles = docs.get(source, [])
        for m in g["measures"]:
            themes = tuple(t for t in m.get("themes") or [] if t)
            text = str(m.get("text") or "").strip()
            if themes and text:
                out.append(Example(source, to_simplified(text)[0], locate_sentence(articles, text), themes))
    return out


def example_rows(examples: list[Example], weight: int, *, sentence_rows: bool = False) -> tuple[list[str], list[list[str]]]:
    """Training texts and label lists of ``examples``, each ``weight`` times; with ``sentence_rows``
    also the sentence of each measure that is the only gold measure of its sentence."""
    texts: list[str] = []
    labels: list[list[str]] = []
    if weight <= 0:
        return texts, labels
    per_sentence: dict[str, int] = {}
    for e in examples:
        per_sentence[e.sentence] = per_sentence.get(e.sentence, 0) + 1
    for e in examples:
        rows = [e.text]
        if sentence_rows and e.sentence and e.sentence != e.text and per_sentence[e.sentence] == 1:
            rows.append(e.sentence)
        for r in rows:
            texts.extend([r] * weight)
            labels.extend([list(e.themes)] * weight)
    return texts, labels


def folds_of(sources: list[str], folds: int) -> dict[str, int]:
    """Fold of each source document (GroupKFold over the documents, balanced by count)."""
    from sklearn.model_selection import GroupKFold

    names = sorted(set(sources))
    fold: dict[str, int] = {}
    for k, (_, test) in enumerate(GroupKFold(n_splits=folds).split(names, groups=names)):
        for i in test:
            fold[names[i]] = k
    return fold


# -- training and cross-validation -----------------------------------------------------------
def fit_model(base: tuple[list[str], list[list[str]]], extra: tuple[list[str], list[list[str]]], params: dict):
    """A ``ThemeModel`` with ``params`` fitted on the project's rows plus ``extra``."""
    from textkit.classify import ThemeModel

    return ThemeModel(**params).fit(base[0] + extra[0], base[1] + extra[1])


def cross_validate_dev(
    docs: dict[str, list],
    examples: list[Example],
    base: tuple[list[str], list[list[str]]],
    *,
    weight: int,
    folds: int,
    params: dict,
    sentence_rows: bool = False,
    full: list[Path] | None = None,
) -> dict[str, list]:
    """Articles of every document themed by the model of the fold that held it out."""
    fold = folds_of(list(docs), folds)
    out: dict[str, list] = {}
    for k in range(folds):
        train = [e for e in examples if fold.get(e.source) != k]
        model = fit_model(base, example_rows(train, weight, sentence_rows=sentence_rows), params)
        held = [s for s in docs if fold[s] == k]
        if full is not None:
            out.update(run_pipeline([p for p in full if p.name in held], model))
        else:
            for s in held:
                retag(docs[s], model)
                out[s] = docs[s]
        print(f"  fold {k + 1}/{folds}: {len(train)} gold measures in training, {len(held)} documents held out", file=sys.stderr)
    return out


def theme_summary(res: dict) -> dict:
    """The theme figures of a scorer result."""
    return {
        "primary_acc": res["measure_theme_primary_acc"],
        "macro_f1": res["measure_theme_macro_f1"],
        "f1": res["measure_theme_f1"],
        "doc_top1": res["doc_theme_top1"],
    }


def theme_line(name: str, res: dict) -> str:
    f1 = " ".join(f"{t[:4]} {v:.3f}" for t, v in res["measure_theme_f1"].items())
    return f"{name:28s} primary acc {res['measure_theme_primary_acc']:.3f}  macro-F1 {res['measure_theme_macro_f1']:.3f}  ({f1})  doc top-1 {res['doc_theme_top1']}"


def confusion(scorer: ModuleType, gold_dir: Path, docs: dict[str, list]) -> tuple[list[str], np.ndarray]:
    """Main-theme confusion (rows gold, columns predicted) over the measures the scorer matches."""
    labels = [*scorer.THEMES, "other"]
    cm = np.zeros((len(labels), len(labels)), dtype=int)
    gold = scorer.load_gold(str(gold_dir))
    for source, g in gold.items():
        pm = [{"text": m.text, "themes": m.themes} for a in docs.get(source, []) for m in a.measures]
        gm = g["measures"]
        gn, pn = [scorer.norm(m.get("text")) for m in gm], [scorer.norm(m["text"]) for m in pm]

        def meas(i, j, gn=gn, pn=pn):
            a, b = set(gn[i]), set(pn[j])
            if not a or not b or len(a & b) / min(len(a), len(b)) < 0.4:
                return None
            s = scorer.sim(gn[i], pn[j])
            return s if s >= 0.5 else None

        for i, j, _ in scorer.greedy(list(range(len(gm))), list(range(len(pm))), meas):
            gt, pt = gm[i].get("themes") or [], pm[j]["themes"]
            if gt and pt and gt[0] in labels and pt[0] in labels:
                cm[labels.index(gt[0]), labels.index(pt[0])] += 1
    return labels, cm


def format_confusion(labels: list[str], cm: np.ndarray) -> str:
    head = " " * 12 + "".join(f"{x[:6]:>8s}" for x in labels)
    return "\n".join([head, *(f"{x:12s}" + "".join(f"{v:8d}" for v in row) for x, row in zip(labels, cm))])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=SHARED / "gold")
    ap.add_argument("--inputs", nargs="+", default=[str(SHARED / "seeds"), str(SHARED / "dev" / "web")])
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score.py")
    ap.add_argument("--train", type=Path, default=ROOT / "scripts" / "training" / "train.csv")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--weights", type=int, nargs="*", default=[0, 1, 2, 4], help="dev weights to cross-validate (0 = no dev labels)")
    ap.add_argument("--C", type=float, default=DEFAULT_PARAMS["C"])
    ap.add_argument("--second", type=float, default=DEFAULT_PARAMS["second"])
    ap.add_argument("--sentence-rows", action="store_true", help="also train on the sentence of a measure alone in its sentence")
    ap.add_argument("--full", action="store_true", help="run the whole pipeline per fold instead of the theme stage")
    ap.add_argument("--confusion", action="store_true", help="print the main-theme confusion of each setting")
    ap.add_argument("--save", type=Path, help="train on the project's data and all the gold (weight --weight) and save the model here")
    ap.add_argument("--weight", type=int, default=2, help="dev weight of the saved model")
    ap.add_argument("--json", type=Path, help="write the CV figures here")
    args = ap.parse_args(argv)

    from textkit.classify import metrics_path, read_labelled

    scorer = load_scorer(args.scorer)
    params = {**DEFAULT_PARAMS, "C": args.C, "second": args.second}
    paths = input_files(args.inputs)
    print(f"pipeline on {len(paths)} documents (shipped theme model) …", file=sys.stderr)
    docs = run_pipeline(paths)
    print(theme_line("shipped model (as is)", score_docs(scorer, args.gold, docs)))
    examples = gold_examples(args.gold, docs, scorer)
    found = sum(bool(e.sentence) for e in examples)
    print(f"{len(examples)} gold measures with themes, {found} located in a sentence of the pipeline's text", file=sys.stderr)
    base = read_labelled(args.train)
    results: dict[str, dict] = {}
    for w in args.weights:
        name = f"CV dev weight {w}" if w else "CV without dev labels"
        out = cross_validate_dev(
            docs,
            examples,
            base,
            weight=w,
            folds=args.folds,
            params=params,
            sentence_rows=args.sentence_rows,
            full=paths if args.full else None,
        )
        res = score_docs(scorer, args.gold, out)
        results[str(w)] = theme_summary(res)
        print(theme_line(name, res), flush=True)
        if args.confusion:
            print(format_confusion(*confusion(scorer, args.gold, out)))
    if args.json:
        args.json.write_text(json.dumps({"params": params, "folds": args.folds, "results": results}, indent=1), encoding="utf-8")
    if args.save:
        model = fit_model(base, example_rows(examples, args.weight, sentence_rows=args.sentence_rows), params)
        model.meta_ = {
            "data": f"{args.train.name} + development gold measures (weight {args.weight}, read at training time)",
            "cv_dev": {"folds": args.folds, "weight": args.weight, **results.get(str(args.weight), {})},
            "cv_dev_without": results.get("0", {}),
        }
        model.save(args.save)
        metrics_path(args.save).write_text(json.dumps(model.meta_, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"saved {args.save}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
