"""Theme classifier: education, mechanism, supervision, service (multi-label, ``other`` when none fits).

A scikit-learn pipeline over the simplified text itself, no word segmentation: character 1–2-gram
TF-IDF (the vectoriser holds no Python callables, so the model saves with skops), a multiclass
logistic regression for the main theme and one-vs-rest linear models for the themes that apply.
What the model reads is the sentence followed by its leading clause (``model_input``), so the
action a measure opens with weighs twice. At inference the fitted vectoriser is applied by a
vectorised NumPy re-implementation (``CharTfidf``, identical output), which keeps the theme stage
far cheaper than segmentation. Models are loaded only when every type in the file is a
scikit-learn, NumPy, SciPy or builtin type.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from textkit.errors import ModelError
from textkit.labels import LABELS, OTHER, THEMES

__all__ = ["LABELS", "OTHER", "THEMES", "ThemeModel"]
FORMAT_VERSION = 4
SAFE_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.")
_CLAUSE_END = re.compile(r"[，,；;。：:！!？?]")
_JOIN = "\u3000"  # between the sentence and its repeated leading clause


def model_input(text: str, *, simplified: bool = False) -> str:
    """What the model reads: the simplified sentence, then its leading clause again (no segmentation)."""
    if not simplified:
        from textkit.normalization.script import to_simplified

        text = to_simplified(text)[0]
    text = text.strip()
    lead = _CLAUSE_END.split(text, 1)[0]
    return f"{text}{_JOIN}{lead}" if lead and lead != text else text


class CharTfidf:
    """``TfidfVectorizer.transform`` for a fitted character n-gram vectoriser (n ≤ 3), in NumPy.

    The texts are joined into one code-point array; every n-gram that stays inside one text is
    packed into an integer (21 bits a character) and looked up in an open-addressing hash table of
    the vocabulary, and the counts become TF-IDF rows with the vectoriser's own idf and norm.
    ``supports`` says whether a vectoriser's settings are ones this reproduces exactly.
    """

    _WS = re.compile(r"\s\s+")  # scikit-learn's whitespace normalisation for char analyzers
    _EMPTY = np.uint64(2**64 - 1)  # packed keys use at most 63 bits
    _MULT = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, vectorizer) -> None:
        self.n_features = len(vectorizer.vocabulary_)
        self.min_n, self.max_n = vectorizer.ngram_range
        self.sublinear = bool(vectorizer.sublinear_tf)
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64) if vectorizer.use_idf else None
        self.norm = vectorizer.norm
        terms = list(vectorizer.vocabulary_)
        keys = np.array([self._pack(t) for t in terms], dtype=np.uint64)
        cols = np.array([vectorizer.vocabulary_[t] for t in terms], dtype=np.int64)
        self.bits = max(8, int(np.ceil(np.log2(max(1, len(terms)) * 4))))
        size = 1 << self.bits
        slot_keys = [int(self._EMPTY)] * size
        slot_cols = [-1] * size
        for k, c, h in zip(keys.tolist(), cols.tolist(), self._hash(keys).tolist()):
            while slot_keys[h] != int(self._EMPTY):
                h = (h + 1) & (size - 1)
            slot_keys[h], slot_cols[h] = k, c
        self.slot_keys = np.array(slot_keys, dtype=np.uint64)
        self.slot_cols = np.array(slot_cols, dtype=np.int64)

    @staticmethod
    def supports(vectorizer) -> bool:
        lo, hi = vectorizer.ngram_range
        return (
            vectorizer.analyzer == "char"
            and 1 <= lo <= hi <= 3
            and not vectorizer.lowercase
            and vectorizer.preprocessor is None
            and vectorizer.tokenizer is None
            and vectorizer.strip_accents is None
            and vectorizer.input == "content"
            and not vectorizer.binary
            and vectorizer.norm in ("l1", "l2", None)
            and hasattr(vectorizer, "vocabulary_")
        )

    @staticmethod
    def _pack(term: str) -> int:
        key = 0
        for c in term:
            key = (key << 21) | ord(c)
        return key

    def _hash(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * self._MULT) >> np.uint64(64 - self.bits)).astype(np.int64)

    def _lookup(self, keys: np.ndarray) -> np.ndarray:
        """Column of each packed key, or -1."""
        out = np.full(len(keys), -1, dtype=np.int64)
        pending = np.arange(len(keys))
        h = self._hash(keys)
        mask = len(self.slot_keys) - 1
        while len(pending):
            found = self.slot_keys[h]
            hit = found == keys
            out[pending[hit]] = self.slot_cols[h[hit]]
            more = ~hit & (found != self._EMPTY)
            pending, keys, h = pending[more], keys[more], (h[more] + 1) & mask
        return out

    def transform(self, texts: list[str]):
        from scipy.sparse import csr_matrix

        docs = [self._WS.sub(" ", t) for t in texts]
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        codes = np.frombuffer("".join(docs).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
        doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        rows_parts, cols_parts = [], []
        for n in range(self.min_n, self.max_n + 1):
            m = len(codes) - n + 1
            if m <= 0:
                continue
            inside = np.flatnonzero(doc_of[:m] == doc_of[n - 1 : n - 1 + m])
            keys = codes[inside]
            for j in range(1, n):
                keys = (keys << np.uint64(21)) | codes[inside + j]
            cols = self._lookup(keys)
            hit = cols >= 0
            rows_parts.append(doc_of[inside[hit]])
            cols_parts.append(cols[hit])
        rows = np.concatenate(rows_parts) if rows_parts else np.zeros(0, dtype=np.int64)
        cols = np.concatenate(cols_parts) if cols_parts else np.zeros(0, dtype=np.int64)
        X = csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(docs), self.n_features))
        X.sum_duplicates()
        if self.sublinear:
            np.log(X.data, X.data)
            X.data += 1.0
        if self.idf is not None:
            X.data *= self.idf[X.indices]
        if self.norm:
            sizes = np.diff(X.indptr)
            owner = np.repeat(np.arange(len(docs)), sizes)
            scale = np.bincount(owner, weights=X.data**2 if self.norm == "l2" else np.abs(X.data), minlength=len(docs))
            if self.norm == "l2":
                scale = np.sqrt(scale)
            scale[scale == 0] = 1.0
            X.data /= scale[owner]
        return X


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
    from sklearn.pipeline import Pipeline

    features = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), min_df=2, max_features=20000, sublinear_tf=True, lowercase=False)
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


def _is_logreg(est) -> bool:
    from sklearn.linear_model import LogisticRegression

    return type(est) is LogisticRegression and hasattr(est, "coef_")


def _proba(estimator, X) -> np.ndarray:
    """``predict_proba`` of a fitted classifier; for logistic regression computed directly (same
    numbers, without scikit-learn's per-call input validation, which dominates on small batches)."""
    if not _is_logreg(estimator):
        return np.asarray(estimator.predict_proba(X))
    d = np.asarray(X @ estimator.coef_.T) + estimator.intercept_
    if d.shape[1] == 1:
        p = 1.0 / (1.0 + np.exp(-d[:, 0]))
        return np.column_stack([1.0 - p, p])
    d -= d.max(axis=1, keepdims=True)
    np.exp(d, d)
    d /= d.sum(axis=1, keepdims=True)
    return d


def _ovr_scores(clf, X) -> np.ndarray:
    """Per-theme one-vs-rest scores; one matrix product when every binary model is a logistic regression."""
    ests = getattr(clf, "estimators_", None)
    if ests and getattr(clf, "multilabel_", False) and all(_is_logreg(e) and e.coef_.shape[0] == 1 for e in ests):
        coef = np.vstack([e.coef_ for e in ests])
        d = np.asarray(X @ coef.T) + np.concatenate([e.intercept_ for e in ests])
        return 1.0 / (1.0 + np.exp(-d))
    return _scores(clf, X)


def _by_label(raw: np.ndarray, classes) -> np.ndarray:
    """Main-theme probabilities in ``LABELS`` column order (a label the model never saw gets 0)."""
    classes = [str(c) for c in classes]
    probs = np.zeros((raw.shape[0], len(LABELS)))
    for j, label in enumerate(LABELS):
        if label in classes:
            probs[:, j] = raw[:, classes.index(label)]
    return probs


def decide_rows(probs: np.ndarray, scores: np.ndarray, threshold: float, second: float) -> list[list[str]]:
    """Themes per row: the most probable label (``probs``, columns ``LABELS``), then the best other theme
    when its one-vs-rest score (``scores``, columns ``THEMES``) reaches ``threshold`` and ``second`` × the
    main theme's; ``other`` stands alone."""
    n = len(probs)
    if not n:
        return []
    rows = np.arange(n)
    main = probs.argmax(axis=1)
    col = np.minimum(main, len(THEMES) - 1)
    best = scores[rows, col]
    rest = scores.astype(float, copy=True)
    rest[rows, col] = -np.inf
    sec = rest.argmax(axis=1)
    val = rest[rows, sec]
    add = (main < len(THEMES)) & (val >= threshold) & (val >= second * np.maximum(best, threshold))
    return [[LABELS[m], THEMES[k]] if a else [LABELS[m]] for m, k, a in zip(main.tolist(), sec.tolist(), add.tolist())]


@dataclass
class ThemeModel:
    """A trained theme classifier with its decision thresholds and evaluation figures."""

    estimator: Any
    main_estimator: Any = None
    threshold: float = 0.35
    second: float = 0.8
    meta: dict = field(default_factory=dict)
    _fast: Any = field(default=None, init=False, repr=False, compare=False)

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
    def features(self, texts: list[str], *, simplified: bool = False):
        """TF-IDF rows of ``texts`` (``simplified=True`` when they are already simplified, as in the pipeline)."""
        vec = self.estimator.named_steps["features"]
        X = [model_input(t, simplified=simplified) for t in texts]
        if self._fast is None:
            self._fast = CharTfidf(vec) if CharTfidf.supports(vec) else False
        return self._fast.transform(X) if self._fast else vec.transform(X)

    def scores(self, texts: list[str], *, simplified: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Main-theme probabilities (columns ``LABELS``) and one-vs-rest scores (columns ``THEMES``)."""
        if not texts:
            return np.zeros((0, len(LABELS))), np.zeros((0, len(THEMES)))
        features = self.features(texts, simplified=simplified)
        probs = _by_label(_proba(self.main_estimator, features), self.main_estimator.classes_)
        return probs, _ovr_scores(self.estimator.named_steps["clf"], features)

    def decide(self, probs: np.ndarray, scores: np.ndarray) -> list[list[str]]:
        """Themes per row of ``scores()``' output: the main theme, then at most one more the one-vs-rest scores back strongly."""
        return decide_rows(probs, scores, self.threshold, self.second)

    def analyse(self, texts: list[str], *, simplified: bool = False) -> list[tuple[list[str], dict[str, float]]]:
        """For each text: its themes (main first, or ``other``) and the main-theme probability of each theme."""
        probs, ovr = self.scores(texts, simplified=simplified)
        return [(themes, dict(zip(LABELS, row))) for themes, row in zip(self.decide(probs, ovr), probs.tolist())]

    def predict(self, texts: list[str]) -> list[list[str]]:
        return [themes for themes, _ in self.analyse(texts)]

    def explain(self, text: str, k: int = 6) -> dict[str, list[tuple[str, float]]]:
        """The features of ``text`` that pushed each theme up most (coefficient × TF-IDF weight)."""
        features = self.estimator.named_steps["features"]
        clf = self.estimator.named_steps["clf"]
        x = self.features([text])
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
                name = names[j].strip()
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
    """Read ``text`` and ``themes`` (``a|b``, main first, or a JSON list) from CSV, TSV or JSONL.

    An optional ``weight`` column (a whole number ≥ 1) repeats a row that many times, so it counts
    that much more in training; ``cross_validate`` keeps the copies of a text in one fold.
    """
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
        raw_weight = row.get("weight")
        try:
            weight = int(raw_weight) if raw_weight not in (None, "") else 1
        except (TypeError, ValueError):
            raise ValueError(f"{p}: row {i}: weight {raw_weight!r} is not a whole number") from None
        if weight < 1:
            raise ValueError(f"{p}: row {i}: weight must be at least 1")
        if str(row.get("text", "")).strip() and ls:
            texts.extend([str(row["text"]).strip()] * weight)
            labels.extend([ls] * weight)
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
    """Cross-validated per-theme precision, recall, F1, main-theme accuracy and confusion matrix.

    Copies of one text (weighted rows) stay in one fold and are scored once.
    """
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
    from sklearn.model_selection import StratifiedGroupKFold

    X = [model_input(t) for t in texts]
    main = [ls[0] for ls in labels]
    y = binarize(labels)
    group_of: dict[str, int] = {}
    groups = [group_of.setdefault(t, len(group_of)) for t in texts]
    first = sorted({g: i for i, g in reversed(list(enumerate(groups)))}.values())
    preds: dict[int, list[str]] = {}
    skf = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in skf.split(X, main, groups):
        est = build_estimator(kind, C)
        est.fit([X[i] for i in train_idx], y[train_idx])
        feats = est.named_steps["features"]
        main_est = build_main_estimator(C)
        main_est.fit(feats.transform([X[i] for i in train_idx]), [main[i] for i in train_idx])
        test_features = feats.transform([X[i] for i in test_idx])
        sc = _scores(est.named_steps["clf"], test_features)
        probs = _by_label(main_est.predict_proba(test_features), main_est.classes_)
        for i, themes in zip(test_idx, decide_rows(probs, sc, threshold, second)):
            preds[int(i)] = themes
    gold = [labels[i] for i in first]
    pred = [preds[i] for i in first]
    yt, yp = binarize(gold), binarize(pred)
    p, r, f, s = precision_recall_fscore_support(yt, yp, zero_division=0)
    classes = [*THEMES, OTHER]
    cm = confusion_matrix([g[0] for g in gold], [pr[0] for pr in pred], labels=classes)
    return {
        "estimator": kind,
        "C": C,
        "folds": folds,
        "n": len(first),
        "per_theme": {
            t: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4), "f1": round(float(f[i]), 4), "support": int(s[i])}
            for i, t in enumerate(THEMES)
        },
        "macro_f1": round(float(np.mean(f)), 4),
        "main_accuracy": round(float(np.mean([a[0] == b[0] for a, b in zip(gold, pred)])), 4),
        "confusion": {"labels": classes, "matrix": cm.tolist()},
    }
