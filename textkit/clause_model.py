"""The clause model: is a clause an action (a measure) or not (result, principle, background …)?

A scikit-learn estimator over character 1–3-grams of the clause, marked at its edges and, for a
heading or list head, with a heading flag: the action a clause opens with weighs more than any
closed verb list could. It is trained on hand-labelled clauses (``scripts/training/extraction``)
and shipped as ``textkit/models/measure_clauses.skops``; at inference the fitted vectoriser is
applied by ``classify.CharTfidf`` (NumPy, no per-clause Python work beyond building the strings).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from textkit.classify import CharTfidf
from textkit.model_files import join_vocabulary, read_versioned, shipped_model, split_vocabulary, write_arrays, write_payload
from textkit.scoring import CLAUSE_MODEL_FILE, CLAUSES_LINEAR, LINEAR_VERSION, MARKER_TAIL, clause_input  # noqa: F401 - importable from here as before

FORMAT = "textkit-clauses"
FORMAT_VERSION = 2  # 2: the vocabulary stored as two arrays beside the vectoriser (1 still reads)
MODEL_FILE = CLAUSE_MODEL_FILE


class ClauseModel(ClassifierMixin, BaseEstimator):
    """Binary classifier: the probability that a clause is an action."""

    def __init__(self, C: float = 4.0, max_n: int = 3):
        self.C = C
        self.max_n = max_n

    def fit(self, X: Sequence[str], y: Sequence[int]) -> ClauseModel:
        """Fit on model inputs (``clause_input``) and 0/1 labels."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vectorizer_ = TfidfVectorizer(analyzer="char", ngram_range=(1, self.max_n), sublinear_tf=True, lowercase=False)
        features = self.vectorizer_.fit_transform(list(X))
        self.classifier_ = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced").fit(features, np.asarray(y))
        self.classes_ = self.classifier_.classes_
        return self

    def _vectoriser(self) -> CharTfidf:
        fast = getattr(self, "_fast", None)
        if fast is None:
            fast = self._fast = CharTfidf(self.vectorizer_)
        return fast

    def _features(self, X: Sequence[str]):
        return self._vectoriser().transform(list(X))

    def action_probability(self, X: Sequence[str]) -> np.ndarray:
        """P(action) for each model input."""
        check_is_fitted(self, "classifier_")
        if not len(X):
            return np.zeros(0)
        scores = self._vectoriser().dot(list(X), self.classifier_.coef_[0]) + self.classifier_.intercept_[0]
        return 1.0 / (1.0 + np.exp(-scores))

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        p = self.action_probability(X)
        return np.column_stack([1 - p, p])

    def predict(self, X: Sequence[str]) -> np.ndarray:
        return (self.action_probability(X) >= 0.5).astype(int)

    def save(self, path: str | Path, meta: dict | None = None) -> None:
        check_is_fitted(self, "classifier_")
        vectorizer, vocabulary = split_vocabulary(self.vectorizer_)
        payload = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "C": float(self.C),
            "max_n": int(self.max_n),
            "vectorizer": vectorizer,
            "classifier": self.classifier_,
            "meta": json.dumps(meta or {}, ensure_ascii=False),
            **vocabulary,
        }
        write_payload(payload, path)
        write_arrays(path, self.linear_payload())

    def linear_payload(self) -> dict:
        """What ``scoring.LinearClauses`` needs to give this model's P(action), as plain values and arrays."""
        check_is_fitted(self, "classifier_")
        return {
            "format": CLAUSES_LINEAR,
            "version": LINEAR_VERSION,
            **self._vectoriser().state(),
            "coef": np.asarray(self.classifier_.coef_[0], dtype=np.float64),
            "intercept": float(self.classifier_.intercept_[0]),
        }

    @classmethod
    def load(cls, path: str | Path) -> ClauseModel:
        payload = read_versioned(path, FORMAT, FORMAT_VERSION, "clause model", older=(1,))
        model = cls(C=payload["C"], max_n=payload["max_n"])
        model.vectorizer_, model.classifier_ = join_vocabulary(payload["vectorizer"], payload), payload["classifier"]
        model.classes_ = model.classifier_.classes_
        model.meta_ = json.loads(payload.get("meta") or "{}")
        return model


def shipped_path() -> Path:
    return shipped_model(MODEL_FILE)
