"""Theme classifier: education, mechanism, supervision, service (multi-label, ``other`` when none fits).

A scikit-learn pipeline over *pre-tokenised* text (jieba tokens joined by spaces, so the
vectorisers hold no Python callables and the model saves with skops): word uni/bi-grams and
character 1–3-grams, TF-IDF, then a one-vs-rest linear model. Models are saved with skops and
loaded only when every type in the file is a scikit-learn, NumPy, SciPy or builtin type.
"""

from __future__ import annotations

import csv
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from textkit.errors import ModelError

THEMES = ("education", "mechanism", "supervision", "service")
OTHER = "other"
FORMAT_VERSION = 3
SAFE_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.")


def model_input(text: str) -> str:
    """What the model reads: simplified text segmented with the party-building lexicon."""
    from textkit.normalize.script import to_simplified
    from textkit.segmentation import tokenizer

    simplified = to_simplified(text)[0]
    return " ".join(t for t in tokenizer().lcut(simplified) if t.strip())


def build_main_estimator(C: float = 10.0):
    """Multiclass model of the *main* theme (the four themes and ``other``); it reads the features
    of the one-vs-rest pipeline, so a text is vectorised once."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=3000, class_weight="balanced")


def build_estimator(kind: str = "logreg", C: float = 4.0):
    """The candidate pipelines compared by ``textkit train`` (one-vs-rest: which themes apply)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression, RidgeClassifier
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.naive_bayes import ComplementNB
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    token_pattern=r"(?u)\S+", ngram_range=(1, 2), min_df=2, max_features=15000, sublinear_tf=True, lowercase=False
                ),
            ),
            (
                "chars",
                TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, max_features=15000, sublinear_tf=True, lowercase=False),
            ),
        ]
    )
    if kind == "logreg":
        clf = OneVsRestClassifier(LogisticRegression(C=C, max_iter=2000, class_weight="balanced"))
    elif kind == "ridge":
        clf = OneVsRestClassifier(RidgeClassifier(alpha=1.0 / C, class_weight="balanced"))
    elif kind == "nb":
        clf = OneVsRestClassifier(ComplementNB(alpha=0.3))
    else:
        raise ValueError(f"unknown estimator {kind!r}")
    return Pipeline([("features", features), ("clf", clf)])


def _scores(estimator, X) -> np.ndarray:
    """Per-theme scores in [0, 1] (probabilities, or a squashed decision function)."""
    if hasattr(estimator, "predict_proba"):
        try:
            return np.asarray(estimator.predict_proba(X))
        except AttributeError:
            pass
    d = np.asarray(estimator.decision_function(X))
    return 1.0 / (1.0 + np.exp(-2.0 * d))


def decide(main: str, scores: np.ndarray, threshold: float, second: float) -> list[str]:
    """The main theme, then at most one more theme the one-vs-rest scores back strongly."""
    if main == OTHER:
        return [OTHER]
    out = [main]
    best = scores[THEMES.index(main)]
    for i in np.argsort(-scores):
        t = THEMES[i]
        if t != main and scores[i] >= threshold and scores[i] >= second * max(best, threshold):
            out.append(t)
            break
    return out


@dataclass
class ThemeModel:
    """A trained theme classifier with its decision thresholds and evaluation figures."""

    estimator: Any
    main_estimator: Any = None
    threshold: float = 0.35
    second: float = 0.8
    meta: dict = field(default_factory=dict)

    # -- training ---------------------------------------------------------------------
    @classmethod
    def train(cls, texts: list[str], labels: list[list[str]], *, kind: str = "logreg", C: float = 4.0, **kw) -> ThemeModel:
        X = [model_input(t) for t in texts]
        est = build_estimator(kind, C)
        est.fit(X, binarize(labels))
        main = build_main_estimator(C)
        main.fit(est.named_steps["features"].transform(X), [ls[0] for ls in labels])
        return cls(est, main, **kw)

    # -- prediction -------------------------------------------------------------------
    def analyse(self, texts: list[str]) -> list[tuple[list[str], dict[str, float]]]:
        """For each text: its themes (main first, or ``other``) and the main-theme probability of each theme."""
        if not texts:
            return []
        features = self.estimator.named_steps["features"].transform([model_input(t) for t in texts])
        ovr = _scores(self.estimator.named_steps["clf"], features)
        probs = self.main_estimator.predict_proba(features)
        classes = list(self.main_estimator.classes_)
        out = []
        for o_row, p_row in zip(ovr, probs):
            main = classes[int(np.argmax(p_row))]
            dist = {t: float(p_row[classes.index(t)]) if t in classes else 0.0 for t in (*THEMES, OTHER)}
            out.append((decide(main, o_row, self.threshold, self.second), dist))
        return out

    def predict(self, texts: list[str]) -> list[list[str]]:
        return [themes for themes, _ in self.analyse(texts)]

    def explain(self, text: str, k: int = 6) -> dict[str, list[tuple[str, float]]]:
        """The features of ``text`` that pushed each theme up most (coefficient × TF-IDF weight)."""
        features = self.estimator.named_steps["features"]
        clf = self.estimator.named_steps["clf"]
        x = features.transform([model_input(text)])
        names = features.get_feature_names_out()
        out: dict[str, list[tuple[str, float]]] = {}
        row = x.tocsr()
        for t_idx, theme in enumerate(THEMES):
            est = clf.estimators_[t_idx]
            coef = getattr(est, "coef_", None)
            if coef is None:
                coef = getattr(est, "feature_log_prob_", None)
                if coef is None:
                    continue
                coef = coef[1] - coef[0]
            coef = np.ravel(coef)
            merged: dict[str, float] = {}
            for j, v in zip(row.indices, row.data):
                name = names[j].split("__", 1)[-1].strip()
                if name:
                    merged[name] = merged.get(name, 0.0) + float(coef[j] * v)
            contrib = sorted(merged.items(), key=lambda p: -p[1])
            out[theme] = [(n, round(c, 3)) for n, c in contrib[:k] if c > 0]
        return out

    # -- persistence ------------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        import skops.io as sio

        payload = {
            "format": "textkit-themes",
            "version": FORMAT_VERSION,
            "themes": list(THEMES),
            "estimator": self.estimator,
            "main_estimator": self.main_estimator,
            "threshold": self.threshold,
            "second": self.second,
            "meta": json.dumps(self.meta, ensure_ascii=False),
        }
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        sio.dump(payload, str(path), compression=zipfile.ZIP_DEFLATED, compresslevel=9)

    @classmethod
    def load(cls, path: str | Path) -> ThemeModel:
        """Load a model saved by ``save``; anything else raises ModelError with the reason."""
        import skops.io as sio

        p = Path(path)
        if not p.is_file():
            raise ModelError(f"{p}: no such model file")
        try:
            untrusted = sio.get_untrusted_types(file=str(p))
        except Exception as exc:  # skops raises several types for files that are not skops archives
            raise ModelError(f"{p}: not a textkit model (not a skops file: {type(exc).__name__})") from None
        unsafe = [t for t in untrusted if not t.startswith(SAFE_PREFIXES)]
        if unsafe:
            raise ModelError(f"{p}: refuses to load types outside scikit-learn/NumPy/SciPy: {', '.join(unsafe[:5])}")
        try:
            payload = sio.load(str(p), trusted=untrusted)
        except Exception as exc:
            raise ModelError(f"{p}: cannot load model ({type(exc).__name__}: {exc})") from None
        if not isinstance(payload, dict) or payload.get("format") != "textkit-themes":
            raise ModelError(f"{p}: not a textkit theme model")
        if payload.get("version") != FORMAT_VERSION:
            raise ModelError(f"{p}: model format {payload.get('version')} is not {FORMAT_VERSION}; retrain it with `textkit train`")
        if tuple(payload.get("themes", ())) != THEMES:
            raise ModelError(f"{p}: model themes {payload.get('themes')} differ from {list(THEMES)}")
        if payload.get("main_estimator") is None:
            raise ModelError(f"{p}: model lacks its main-theme estimator")
        return cls(
            payload["estimator"],
            payload["main_estimator"],
            float(payload["threshold"]),
            float(payload["second"]),
            json.loads(payload.get("meta") or "{}"),
        )


def binarize(labels: list[list[str]]) -> np.ndarray:
    y = np.zeros((len(labels), len(THEMES)), dtype=int)
    for i, ls in enumerate(labels):
        for t in ls:
            if t in THEMES:
                y[i, THEMES.index(t)] = 1
    return y


def read_labelled(path: str | Path) -> tuple[list[str], list[list[str]]]:
    """Read ``text`` and ``themes`` (``a|b``, main first, or a JSON list) from CSV, TSV or JSONL."""
    p = Path(path)
    texts: list[str] = []
    labels: list[list[str]] = []

    def parse(v) -> list[str]:
        if isinstance(v, list):
            return [str(x).strip() for x in v if str(x).strip()]
        return [x.strip() for x in str(v or "").replace(",", "|").replace(";", "|").split("|") if x.strip()]

    if p.suffix.lower() in (".jsonl", ".json"):
        with p.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
    else:
        with p.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t" if p.suffix.lower() == ".tsv" else ","))
    for i, row in enumerate(rows, 1):
        if "text" not in row or ("themes" not in row and "theme" not in row):
            raise ValueError(f"{p}: row {i} lacks a 'text' or 'themes' column")
        ls = parse(row.get("themes", row.get("theme")))
        bad = [t for t in ls if t not in (*THEMES, OTHER)]
        if bad:
            raise ValueError(f"{p}: row {i}: unknown theme {bad[0]!r} (use {', '.join((*THEMES, OTHER))})")
        if str(row.get("text", "")).strip() and ls:
            texts.append(str(row["text"]).strip())
            labels.append(ls)
    if not texts:
        raise ValueError(f"{p}: no labelled rows")
    return texts, labels


def cross_validate(
    texts: list[str],
    labels: list[list[str]],
    *,
    kind: str = "logreg",
    C: float = 4.0,
    folds: int = 5,
    threshold: float = 0.35,
    second: float = 0.8,
    seed: int = 0,
) -> dict:
    """Cross-validated per-theme precision, recall, F1, main-theme accuracy and confusion matrix."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
    from sklearn.model_selection import StratifiedKFold

    X = [model_input(t) for t in texts]
    main = [ls[0] for ls in labels]
    y = binarize(labels)
    preds: list[list[str]] = [[] for _ in texts]
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in skf.split(X, main):
        est = build_estimator(kind, C)
        est.fit([X[i] for i in train_idx], y[train_idx])
        feats = est.named_steps["features"]
        main_est = build_main_estimator(C)
        main_est.fit(feats.transform([X[i] for i in train_idx]), [main[i] for i in train_idx])
        test_features = feats.transform([X[i] for i in test_idx])
        sc = _scores(est.named_steps["clf"], test_features)
        mains = main_est.predict(test_features)
        for i, row, m in zip(test_idx, sc, mains):
            preds[i] = decide(m, row, threshold, second)
    yp = binarize(preds)
    p, r, f, s = precision_recall_fscore_support(y, yp, zero_division=0)
    classes = [*THEMES, OTHER]
    cm = confusion_matrix(main, [pr[0] for pr in preds], labels=classes)
    return {
        "estimator": kind,
        "C": C,
        "folds": folds,
        "n": len(texts),
        "per_theme": {
            t: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4), "f1": round(float(f[i]), 4), "support": int(s[i])}
            for i, t in enumerate(THEMES)
        },
        "macro_f1": round(float(np.mean(f)), 4),
        "main_accuracy": round(float(np.mean([a == b[0] for a, b in zip(main, preds)])), 4),
        "confusion": {"labels": classes, "matrix": cm.tolist()},
    }
