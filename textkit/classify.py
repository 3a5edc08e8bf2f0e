"""Theme classifier: education, mechanism, supervision, service (multi-label, ``other`` when none fits).

``ThemeModel`` is a scikit-learn estimator over the simplified text itself, no word segmentation:
character 1–3-gram TF-IDF (the vectoriser holds no Python callables, so the model saves with
skops), a multiclass logistic regression for the main theme and one-vs-rest linear models for the
themes that apply. What the model reads is the sentence followed by its leading clause
(``model_input``), so the action a measure opens with weighs twice. A measure cut from a longer
sentence can be scored in that sentence's context: its probabilities and scores are averaged with
the whole sentence's (weight ``context``), as an annotator reads a clause in its sentence. At inference the fitted
vectoriser is applied by a vectorised NumPy re-implementation (``CharTfidf``, identical output),
which keeps the theme stage far cheaper than segmentation.

``cross_validate`` scores a model by grouped cross-validation (each fold fits a clone), and
``select_model`` compares candidate configurations and fits the best; ``train`` is ``textkit
train`` (read labelled data, select, save with its metrics). Models are loaded only when every
type in the file is a scikit-learn, NumPy, SciPy or builtin type, and when their labels are the
theme table's (``textkit.labels.LABELS``).
"""

from __future__ import annotations

import copy
import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from textkit.errors import ModelError
from textkit.labels import LABELS, OTHER, THEMES
from textkit.model_files import join_vocabulary, read_payload, split_vocabulary, write_arrays, write_payload
from textkit.scoring import (  # noqa: F401 - the NumPy inference parts, importable from here as before
    _CLAUSE_END,
    _JOIN,
    CONTEXT_WEIGHT,
    LINEAR_VERSION,
    THEME_MODEL_FILE,
    THEMES_LINEAR,
    CharTfidf,
    ThemeScoring,
    _by_label,
    _logistic,
    decide_rows,
    model_input,
)

__all__ = ["CANDIDATES", "LABELS", "OTHER", "THEMES", "Selection", "ThemeModel", "cross_validate", "read_labelled", "select_model", "train"]
FORMAT_VERSION = 5  # 5: the vectoriser's vocabulary stored as two arrays beside it (4 still reads)
READABLE_VERSIONS = (4, FORMAT_VERSION)
MODEL_FILE = THEME_MODEL_FILE


def build_main_estimator(C: float = 10.0):
    """Multiclass model of the *main* theme (the four themes and ``other``); it reads the features
    of the one-vs-rest pipeline, so a text is vectorised once."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=3000, class_weight="balanced")


def build_estimator(kind: str = "logreg", C: float = 4.0):
    """The one-vs-rest pipeline (which themes apply) of a ``ThemeModel`` of this ``kind`` and ``C``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression, RidgeClassifier
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.naive_bayes import ComplementNB
    from sklearn.pipeline import Pipeline

    features = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, max_features=35000, sublinear_tf=True, lowercase=False)
    if kind == "logreg":
        clf = OneVsRestClassifier(LogisticRegression(C=C, max_iter=2000, class_weight="balanced"))
    elif kind == "ridge":
        clf = OneVsRestClassifier(RidgeClassifier(alpha=1.0 / C, class_weight="balanced"))
    elif kind == "nb":
        clf = OneVsRestClassifier(ComplementNB(alpha=0.3))
    else:
        raise ValueError(f"unknown estimator {kind!r}")
    return Pipeline([("features", features), ("clf", clf)])


#: ``kind`` of a one-vs-rest pipeline, by the class of its binary models (for loaded models).
_KIND_OF_CLASS = {"LogisticRegression": "logreg", "RidgeClassifier": "ridge", "ComplementNB": "nb"}


def _kind_of(pipeline) -> str:
    binary = pipeline.named_steps["clf"].estimator
    return _KIND_OF_CLASS.get(type(binary).__name__, type(binary).__name__)


def _scores(estimator, X) -> np.ndarray:
    """Per-theme scores in [0, 1] (probabilities, or a squashed decision function)."""
    if hasattr(estimator, "predict_proba"):
        try:
            return np.asarray(estimator.predict_proba(X))
        except AttributeError:
            pass
    d = np.asarray(estimator.decision_function(X))
    return 1.0 / (1.0 + np.exp(-2.0 * d))


def _is_logreg(est) -> bool:
    from sklearn.linear_model import LogisticRegression

    return type(est) is LogisticRegression and hasattr(est, "coef_")


def _proba(estimator, X, coef_t: np.ndarray | None = None) -> np.ndarray:
    """``predict_proba`` of a fitted classifier; for logistic regression computed directly (same
    numbers, without scikit-learn's per-call input validation, which dominates on small batches).
    ``coef_t``: the coefficients transposed and contiguous, when the caller keeps them."""
    if not _is_logreg(estimator):
        return np.asarray(estimator.predict_proba(X))
    return _logistic(np.asarray(X @ (estimator.coef_.T if coef_t is None else coef_t)) + estimator.intercept_)


def _all_binary_logreg(clf) -> bool:
    ests = getattr(clf, "estimators_", None)
    return bool(ests) and getattr(clf, "multilabel_", False) and all(_is_logreg(e) and e.coef_.shape[0] == 1 for e in ests)


def _ovr_scores(clf, X, linear: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Per-theme one-vs-rest scores; one matrix product when every binary model is a logistic regression.
    ``linear``: that product's weights and intercepts (``_ovr_linear``), when the caller keeps them."""
    if not _all_binary_logreg(clf):
        return _scores(clf, X)
    coef_t, intercept = linear or _ovr_linear(clf)
    d = np.asarray(X @ coef_t) + intercept
    return 1.0 / (1.0 + np.exp(-d))


def _ovr_linear(clf) -> tuple[np.ndarray, np.ndarray]:
    """The binary logistic regressions' coefficients (transposed, contiguous) and intercepts."""
    coef = np.vstack([e.coef_ for e in clf.estimators_])
    return np.ascontiguousarray(coef.T), np.concatenate([e.intercept_ for e in clf.estimators_])


def _theme_weights(binary) -> np.ndarray | None:
    """Per-feature weight of one binary model (coefficients, or the log-probability difference of naive Bayes)."""
    coef = getattr(binary, "coef_", None)
    if coef is None:
        log_prob = getattr(binary, "feature_log_prob_", None)
        if log_prob is None:
            return None
        coef = log_prob[1] - log_prob[0]
    return np.ravel(coef)


def _top_contributions(row, names, coef: np.ndarray, k: int) -> list[tuple[str, float]]:
    """The ``k`` features of a TF-IDF row with the largest positive coefficient × weight (blank n-grams merged away)."""
    merged: dict[str, float] = {}
    for j, v in zip(row.indices, row.data):
        name = names[j].strip()
        if name:
            merged[name] = merged.get(name, 0.0) + float(coef[j] * v)
    contrib = sorted(merged.items(), key=lambda p: -p[1])
    return [(n, round(c, 3)) for n, c in contrib[:k] if c > 0]


class ThemeModel(ThemeScoring, BaseEstimator):
    """Theme classifier, a scikit-learn estimator: ``fit(texts, labels)`` then ``predict(texts)``.

    ``labels`` are lists of labels, main theme first (or ``["other"]``). Parameters: ``kind`` of the
    one-vs-rest models (``logreg``, ``ridge``, ``nb``), their ``C`` (also the main-theme model's),
    the decision thresholds of a secondary theme (see ``decide_rows``), and the weight ``context`` of
    the surrounding sentence when ``scores`` is given contexts. Fitted attributes:
    ``estimator_`` (TF-IDF + one-vs-rest pipeline), ``main_estimator_`` (main-theme model),
    ``labels_`` (column order of the probabilities) and ``meta_`` (training record, e.g. the
    cross-validation figures of ``select_model``).
    """

    def __init__(self, kind: str = "logreg", C: float = 4.0, threshold: float = 0.35, second: float = 0.8, context: float = CONTEXT_WEIGHT):
        self.kind = kind
        self.C = C
        self.threshold = threshold
        self.second = second
        self.context = context

    # -- training ---------------------------------------------------------------------
    def fit(self, X: list[str], y: list[list[str]]) -> ThemeModel:
        """Fit on texts ``X`` and their label lists ``y`` (main theme first); returns ``self``."""
        inputs = [model_input(t) for t in X]
        self.estimator_ = build_estimator(self.kind, self.C).fit(inputs, binarize(y))
        features = self.estimator_.named_steps["features"].transform(inputs)
        self.main_estimator_ = build_main_estimator(self.C).fit(features, [ls[0] for ls in y])
        self.labels_ = LABELS
        self.meta_ = {}
        self._vectoriser = self._linear = self._stacked = None
        return self

    # -- prediction (``ThemeScoring``: scores, in context, decide, analyse, predict) ------
    def _check_fitted(self) -> None:
        check_is_fitted(self, "estimator_")

    def features(self, texts: list[str], *, simplified: bool = False):
        """TF-IDF rows of ``texts`` (``simplified=True`` when they are already simplified, as in the pipeline)."""
        check_is_fitted(self, "estimator_")
        return self._fast_vectoriser().transform([model_input(t, simplified=simplified) for t in texts])

    def _fast_vectoriser(self):
        """The fitted vectoriser, or its NumPy re-implementation (``CharTfidf``) when that reproduces it exactly."""
        if getattr(self, "_vectoriser", None) is None:
            vec = self.estimator_.named_steps["features"]
            self._vectoriser = CharTfidf(vec) if CharTfidf.supports(vec) else vec
        return self._vectoriser

    def _raw_scores(self, texts: list[str], simplified: bool) -> tuple[np.ndarray, np.ndarray]:
        main_t, ovr = self._linear_weights()
        vec = self._fast_vectoriser()
        if isinstance(vec, CharTfidf) and main_t is not None and ovr is not None:
            # Logistic regressions over CharTfidf rows: both products in one pass, no sparse matrix.
            d = vec.dot([model_input(t, simplified=simplified) for t in texts], self._stacked_weights())
            k = main_t.shape[1]
            main_d = d[:, :k] + self.main_estimator_.intercept_
            probs = _by_label(_logistic(main_d), self.main_estimator_.classes_)
            return probs, 1.0 / (1.0 + np.exp(-(d[:, k:] + ovr[1])))
        features = self.features(texts, simplified=simplified)
        probs = _by_label(_proba(self.main_estimator_, features, main_t), self.main_estimator_.classes_)
        return probs, _ovr_scores(self.estimator_.named_steps["clf"], features, ovr)

    def _stacked_weights(self) -> np.ndarray:
        """The main-theme and one-vs-rest weights side by side (each column's products are its own)."""
        if getattr(self, "_stacked", None) is None:
            main_t, ovr = self._linear_weights()
            self._stacked = np.ascontiguousarray(np.hstack([main_t, ovr[0]]))
        return self._stacked

    def _linear_weights(self) -> tuple[np.ndarray | None, tuple[np.ndarray, np.ndarray] | None]:
        """The logistic regressions' weights laid out for ``X @ W`` (the same products, without copying
        the coefficients on every call), built once; None for a model of another kind."""
        if getattr(self, "_linear", None) is None:
            main, clf = self.main_estimator_, self.estimator_.named_steps["clf"]
            self._linear = (
                np.ascontiguousarray(main.coef_.T) if _is_logreg(main) else None,
                _ovr_linear(clf) if _all_binary_logreg(clf) else None,
            )
        return self._linear

    def explain(self, text: str, k: int = 6) -> dict[str, list[tuple[str, float]]]:
        """The features of ``text`` that pushed each theme up most (coefficient × TF-IDF weight)."""
        row = self.features([text]).tocsr()
        names = self.estimator_.named_steps["features"].get_feature_names_out()
        out: dict[str, list[tuple[str, float]]] = {}
        for theme, binary in zip(THEMES, self.estimator_.named_steps["clf"].estimators_):
            coef = _theme_weights(binary)
            if coef is not None:
                out[theme] = _top_contributions(row, names, coef, k)
        return out

    # -- persistence ------------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        """Write the fitted model as a skops file (only scikit-learn, NumPy and builtin types inside)."""

        check_is_fitted(self, "estimator_")
        features, vocabulary = split_vocabulary(self.estimator_.named_steps["features"])
        estimator = copy.copy(self.estimator_)  # the same steps, the vectoriser without its vocabulary
        estimator.steps = [(name, features if name == "features" else step) for name, step in self.estimator_.steps]
        payload = {
            "format": "textkit-themes",
            "version": FORMAT_VERSION,
            "themes": [label for label in self.labels_ if label != OTHER],
            "estimator": estimator,
            "main_estimator": self.main_estimator_,
            "threshold": self.threshold,
            "second": self.second,
            "context": self.context,
            "meta": json.dumps(self.meta_, ensure_ascii=False),
            **vocabulary,
        }
        write_payload(payload, path)
        linear = self.linear_payload()
        if linear is not None:
            write_arrays(path, linear)

    def linear_payload(self) -> dict | None:
        """What ``scoring.LinearThemes`` needs to score as this model does, as plain values and arrays
        (the model's plain companion); None for a model it cannot reproduce (not logistic regressions
        over a character TF-IDF ``CharTfidf`` reproduces)."""
        main_t, ovr = self._linear_weights()
        vec = self._fast_vectoriser()
        if not isinstance(vec, CharTfidf) or main_t is None or ovr is None:
            return None
        return {
            "format": THEMES_LINEAR,
            "version": LINEAR_VERSION,
            "labels": list(self.labels_),
            **vec.state(),
            "weights": self._stacked_weights(),
            "main_intercept": np.asarray(self.main_estimator_.intercept_, dtype=np.float64),
            "main_classes": [str(c) for c in self.main_estimator_.classes_],
            "ovr_intercept": np.asarray(ovr[1], dtype=np.float64),
            "threshold": float(self.threshold),
            "second": float(self.second),
            "context": float(self.context),
        }

    @classmethod
    def load(cls, path: str | Path) -> ThemeModel:
        """Load a model saved by ``save``; anything else, or a model whose labels are not the theme table's
        (``textkit.labels.LABELS``), raises ModelError with the reason."""
        p = Path(path)
        payload = read_payload(p)
        _check_payload(p, payload)
        estimator, main = payload["estimator"], payload["main_estimator"]
        join_vocabulary(estimator.named_steps["features"], payload)
        model = cls(
            kind=_kind_of(estimator),
            C=float(main.C),
            threshold=float(payload["threshold"]),
            second=float(payload["second"]),
            context=float(payload.get("context", 0.0)),
        )
        model.estimator_, model.main_estimator_, model.labels_ = estimator, main, LABELS
        model.meta_ = json.loads(payload.get("meta") or "{}")
        model._vectoriser = model._linear = None
        return model


def _check_payload(p: Path, payload: Any) -> None:
    """Raise ModelError unless ``payload`` is a current textkit theme model over the theme table's labels."""
    if not isinstance(payload, dict) or payload.get("format") != "textkit-themes":
        raise ModelError(f"{p}: not a textkit theme model")
    if payload.get("version") not in READABLE_VERSIONS:
        raise ModelError(f"{p}: model format {payload.get('version')} is not {FORMAT_VERSION}; retrain it with `textkit train`")
    labels = (*payload.get("themes", ()), OTHER)
    if labels != LABELS:
        raise ModelError(
            f"{p}: model labels {list(labels)} differ from the theme table's {list(LABELS)} (textkit/data/themes.tsv); "
            "retrain it with `textkit train`"
        )
    main = payload.get("main_estimator")
    if main is None:
        raise ModelError(f"{p}: model lacks its main-theme estimator")
    unknown = sorted({str(c) for c in getattr(main, "classes_", ())} - set(LABELS))
    if unknown:
        raise ModelError(f"{p}: model predicts labels outside the theme table: {', '.join(unknown)}")


def binarize(labels: list[list[str]]) -> np.ndarray:
    """0/1 matrix of which of ``THEMES`` each label list holds (``other`` is a row of zeros)."""
    y = np.zeros((len(labels), len(THEMES)), dtype=int)
    for i, ls in enumerate(labels):
        for t in ls:
            if t in THEMES:
                y[i, THEMES.index(t)] = 1
    return y


# -- labelled data ------------------------------------------------------------------------
def _parse_themes(value) -> list[str]:
    if isinstance(value, list):
        return [str(x).strip() for x in value if str(x).strip()]
    return [x.strip() for x in str(value or "").replace(",", "|").replace(";", "|").split("|") if x.strip()]


def _read_rows(p: Path) -> list[dict]:
    if p.suffix.lower() in (".jsonl", ".json"):
        with p.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    with p.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t" if p.suffix.lower() == ".tsv" else ","))


def _row_themes(p: Path, i: int, row: dict) -> list[str]:
    if "text" not in row or ("themes" not in row and "theme" not in row):
        raise ValueError(f"{p}: row {i} lacks a 'text' or 'themes' column")
    themes = _parse_themes(row.get("themes", row.get("theme")))
    bad = [t for t in themes if t not in LABELS]
    if bad:
        raise ValueError(f"{p}: row {i}: unknown theme {bad[0]!r} (use {', '.join(LABELS)})")
    return themes


def _row_weight(p: Path, i: int, row: dict) -> int:
    raw = row.get("weight")
    try:
        weight = int(raw) if raw not in (None, "") else 1
    except (TypeError, ValueError):
        raise ValueError(f"{p}: row {i}: weight {raw!r} is not a whole number") from None
    if weight < 1:
        raise ValueError(f"{p}: row {i}: weight must be at least 1")
    return weight


def read_labelled(path: str | Path) -> tuple[list[str], list[list[str]]]:
    """Read ``text`` and ``themes`` (``a|b``, main first, or a JSON list) from CSV, TSV or JSONL.

    An optional ``weight`` column (a whole number ≥ 1) repeats a row that many times, so it counts
    that much more in training; ``cross_validate`` keeps the copies of a text in one fold.
    """
    p = Path(path)
    texts: list[str] = []
    labels: list[list[str]] = []
    for i, row in enumerate(_read_rows(p), 1):
        themes = _row_themes(p, i, row)
        weight = _row_weight(p, i, row)
        text = str(row.get("text", "")).strip()
        if text and themes:
            texts.extend([text] * weight)
            labels.extend([themes] * weight)
    if not texts:
        raise ValueError(f"{p}: no labelled rows")
    return texts, labels


# -- evaluation and model selection -------------------------------------------------------
def _first_copies(texts: list[str]) -> list[int]:
    """Index of the first copy of each distinct text, in order."""
    first: dict[str, int] = {}
    for i, t in enumerate(texts):
        first.setdefault(t, i)
    return sorted(first.values())


def _text_groups(texts: list[str]) -> list[int]:
    """One group per distinct text, so the copies of a weighted row stay in one fold."""
    group_of: dict[str, int] = {}
    return [group_of.setdefault(t, len(group_of)) for t in texts]


def _cv_predictions(model: ThemeModel, texts, labels, groups, folds: int, seed: int) -> dict[int, list[str]]:
    """Themes of every row, predicted by a clone of ``model`` fitted on the other folds."""
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedGroupKFold

    preds: dict[int, list[str]] = {}
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(texts, [ls[0] for ls in labels], groups):
        fitted = clone(model).fit([texts[i] for i in train_idx], [labels[i] for i in train_idx])
        preds.update(zip(test_idx.tolist(), fitted.predict([texts[i] for i in test_idx])))
    return preds


def _cv_report(model: ThemeModel, folds: int, gold: list[list[str]], pred: list[list[str]]) -> dict:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(binarize(gold), binarize(pred), zero_division=0)
    cm = confusion_matrix([g[0] for g in gold], [pr[0] for pr in pred], labels=list(LABELS))
    return {
        "estimator": model.kind,
        "C": model.C,
        "second": model.second,
        "folds": folds,
        "n": len(gold),
        "per_theme": {
            t: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4), "f1": round(float(f[i]), 4), "support": int(s[i])}
            for i, t in enumerate(THEMES)
        },
        "macro_f1": round(float(np.mean(f)), 4),
        "main_accuracy": round(float(np.mean([a[0] == b[0] for a, b in zip(gold, pred)])), 4),
        "confusion": {"labels": list(LABELS), "matrix": cm.tolist()},
    }


def cross_validate(
    texts: list[str],
    labels: list[list[str]],
    *,
    model: ThemeModel | None = None,
    folds: int = 5,
    seed: int = 0,
    groups: list | None = None,
) -> dict:
    """Cross-validated per-theme precision, recall, F1, main-theme accuracy and confusion matrix of ``model``
    (default ``ThemeModel()``), each fold fitting a clone with ``fit``.

    Folds are stratified by main theme and grouped: by ``groups`` (e.g. the document each row
    comes from) or, by default, by text, so the copies of a weighted row stay in one fold. Each
    distinct text is scored once.
    """
    model = ThemeModel() if model is None else model
    groups = _text_groups(texts) if groups is None else list(groups)
    preds = _cv_predictions(model, texts, labels, groups, folds, seed)
    first = _first_copies(texts)
    return _cv_report(model, folds, [labels[i] for i in first], [preds[i] for i in first])


#: The configurations ``textkit train`` compares (``ThemeModel`` parameters), the first one alone with ``--no-compare``.
CANDIDATES: tuple[dict[str, Any], ...] = (
    {"kind": "logreg", "C": 4.0},
    {"kind": "logreg", "C": 10.0},
    {"kind": "logreg", "C": 10.0, "second": 0.5},
    {"kind": "ridge", "C": 4.0},
    {"kind": "nb", "C": 1.0},
)
_SUMMARY_KEYS = ("estimator", "C", "second", "macro_f1", "main_accuracy")


def _selection_score(result: dict) -> float:
    return result["macro_f1"] + result["main_accuracy"]


@dataclass
class Selection:
    """What ``select_model`` compared and kept: one cross-validation report per candidate, in order."""

    results: list[dict]
    best: dict
    data: str = ""

    @property
    def metrics(self) -> dict:
        """The training record saved in the model (``meta_``) and in ``MODEL.metrics.json``."""
        return {"cv": self.best, "candidates": [{k: r[k] for k in _SUMMARY_KEYS} for r in self.results], "data": self.data}

    def write_metrics(self, path: str | Path) -> None:
        """Write ``metrics`` as indented JSON (``MODEL.metrics.json``)."""
        Path(path).write_text(json.dumps(self.metrics, ensure_ascii=False, indent=1), encoding="utf-8")

    def summary(self) -> str:
        """The kept candidate's cross-validated per-theme P/R/F1 and main-theme confusion matrix, as text."""
        best = self.best
        labels = best["confusion"]["labels"]
        return "\n".join(
            [
                f"\nbest: {best['estimator']} C={best['C']} second={best.get('second', 0.8)} ({best['folds']}-fold cross-validation on {best['n']} sentences)",
                f"{'theme':12s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>5s}",
                *(
                    f"{t:12s} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['support']:5d}"
                    for t, m in best["per_theme"].items()
                ),
                "\nconfusion of the main theme (rows: gold, columns: predicted)",
                " " * 12 + "".join(f"{label[:6]:>8s}" for label in labels),
                *(f"{label:12s}" + "".join(f"{v:8d}" for v in row) for label, row in zip(labels, best["confusion"]["matrix"])),
            ]
        )


def candidate_line(result: dict) -> str:
    """One candidate's cross-validated macro-F1 and main-theme accuracy on a line, as ``textkit train`` prints it."""
    return f"{result['estimator']:7s} C={result['C']:<5} second={result.get('second', 0.8):<4} macro-F1 {result['macro_f1']:.3f}  main-theme accuracy {result['main_accuracy']:.3f}"


def select_model(
    texts: list[str],
    labels: list[list[str]],
    *,
    candidates: Iterable[dict[str, Any] | ThemeModel] = CANDIDATES,
    folds: int = 5,
    seed: int = 0,
    groups: list | None = None,
    data: str = "",
    on_result: Callable[[dict], None] | None = None,
) -> tuple[ThemeModel, Selection]:
    """Cross-validate each candidate (``ThemeModel`` parameters or an unfitted ``ThemeModel``), keep the one
    with the best macro-F1 + main-theme accuracy (the first on a tie), and fit it on all the data.

    ``on_result`` sees each candidate's report as it is computed; ``data`` names the training data in
    the metrics. Returns the fitted model (its ``meta_`` holds ``Selection.metrics``) and the selection.
    """
    from sklearn.base import clone

    models = [ThemeModel(**c) if isinstance(c, dict) else c for c in candidates]
    results = []
    for model in models:
        results.append(cross_validate(texts, labels, model=model, folds=folds, seed=seed, groups=groups))
        if on_result is not None:
            on_result(results[-1])
    best = max(range(len(results)), key=lambda i: _selection_score(results[i]))
    selection = Selection(results, results[best], data)
    fitted = clone(models[best]).fit(texts, labels)
    fitted.meta_ = selection.metrics
    return fitted, selection


def shipped_model_path() -> Path:
    """The theme model shipped with textkit (``textkit/models/themes.skops``)."""
    from textkit.model_files import shipped_model

    return shipped_model(MODEL_FILE)


def metrics_path(model_path: str | Path) -> Path:
    """Where the metrics of a model trained by ``train`` are written: ``MODEL.metrics.json``."""
    return Path(model_path).with_suffix(".metrics.json")


def train(
    data: str | Path,
    output: str | Path | None = None,
    *,
    folds: int = 5,
    compare: bool = True,
    replace_shipped: bool = False,
    on_result: Callable[[dict], None] | None = None,
) -> tuple[ThemeModel, Selection]:
    """What ``textkit train DATA -o OUTPUT`` does: read labelled sentences, select a model among
    ``CANDIDATES`` (only the first unless ``compare``) by grouped cross-validation, fit it on all of
    them, and, when ``output`` is given, save it there with its metrics in ``MODEL.metrics.json``.

    Refuses (ValueError) to overwrite the shipped model unless ``replace_shipped``.
    """
    if output is not None and not replace_shipped and Path(output).resolve() == shipped_model_path().resolve():
        raise ValueError(f"{output} is the model shipped with textkit; choose another output or pass --replace-shipped")
    texts, labels = read_labelled(data)
    candidates = CANDIDATES if compare else CANDIDATES[:1]
    model, selection = select_model(texts, labels, candidates=candidates, folds=folds, data=str(Path(data)), on_result=on_result)
    if output is not None:
        model.save(output)
        selection.write_metrics(metrics_path(output))
    return model, selection
