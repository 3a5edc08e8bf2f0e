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
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from textkit.errors import ModelError
from textkit.labels import LABELS, OTHER, THEMES
from textkit.model_files import join_vocabulary, read_payload, split_vocabulary, write_payload

__all__ = ["CANDIDATES", "LABELS", "OTHER", "THEMES", "Selection", "ThemeModel", "cross_validate", "read_labelled", "select_model", "train"]
FORMAT_VERSION = 5  # 5: the vectoriser's vocabulary stored as two arrays beside it (4 still reads)
READABLE_VERSIONS = (4, FORMAT_VERSION)
MODEL_FILE = "themes.skops"
_CLAUSE_END = re.compile(r"[，,；;。：:！!？?]")
_JOIN = "\u3000"  # between the sentence and its repeated leading clause
#: Weight of the surrounding sentence against the measure's 1 (``ThemeModel.context``); chosen by
#: document-grouped evaluation on the clause-labelled reports of scripts/training/extraction.
CONTEXT_WEIGHT = 0.7


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
        keys = self._pack_all(terms)
        cols = np.fromiter(vectorizer.vocabulary_.values(), dtype=np.int64, count=len(terms))
        self.bits = max(8, int(np.ceil(np.log2(max(1, len(terms)) * 4))))
        self.slot_keys, self.slot_cols = self._table(keys, cols, 1 << self.bits)

    def _table(self, keys: np.ndarray, cols: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
        """The open-addressing table (linear probing) of ``keys``, built in rounds: each key still
        waiting moves on past a taken slot; of the keys that reach a free slot together the first
        takes it. Every key then lies after a run of taken slots from its hash, as ``_lookup`` needs."""
        slot_keys = np.full(size, self._EMPTY, dtype=np.uint64)
        slot_cols = np.full(size, -1, dtype=np.int64)
        at = self._hash(keys)
        waiting = np.arange(len(keys))
        while len(waiting):
            free = slot_keys[at[waiting]] == self._EMPTY
            slots, first = np.unique(at[waiting[free]], return_index=True)
            placed = waiting[free][first]
            slot_keys[slots], slot_cols[slots] = keys[placed], cols[placed]
            waiting = np.setdiff1d(waiting, placed, assume_unique=True)
            at[waiting] = (at[waiting] + 1) & (size - 1)
        return slot_keys, slot_cols

    @classmethod
    def _pack_all(cls, terms: list[str]) -> np.ndarray:
        """``_pack`` of every term, in NumPy (terms of up to three characters, no NUL)."""
        lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
        width = int(lengths.max(initial=0))
        chars = np.array(terms, dtype=f"<U{max(width, 1)}")
        if width > 3 or "\x00" in "".join(terms):
            return np.array([cls._pack(t) for t in terms], dtype=np.uint64)
        codes = chars.view(np.uint32).reshape(len(terms), -1).astype(np.uint64)
        keys = np.zeros(len(terms), dtype=np.uint64)
        for j in range(width):
            keys = np.where(j < lengths, (keys << np.uint64(21)) | codes[:, j], keys)
        return keys

    @staticmethod
    def supports(vectorizer) -> bool:
        """Whether the vectoriser's settings are ones ``transform`` reproduces exactly."""
        lo, hi = vectorizer.ngram_range
        return hasattr(vectorizer, "vocabulary_") and all(
            (
                vectorizer.analyzer == "char",
                1 <= lo <= hi <= 3,
                not vectorizer.lowercase,
                vectorizer.preprocessor is None,
                vectorizer.tokenizer is None,
                vectorizer.strip_accents is None,
                vectorizer.input == "content",
                not vectorizer.binary,
                vectorizer.norm in ("l1", "l2", None),
            )
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
        """TF-IDF rows of ``texts``, as the fitted vectoriser's ``transform`` gives them."""
        from scipy.sparse import csr_matrix

        owner, cols, data = self._tfidf(texts)
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner, minlength=len(texts)), out=indptr[1:])
        return csr_matrix((data, cols, indptr), shape=(len(texts), self.n_features))

    def dot(self, texts: list[str], weights: np.ndarray) -> np.ndarray:
        """``transform(texts) @ weights`` (a vector, or a matrix of columns), the same numbers without
        building the sparse matrix: each row's products are summed in column order from 0, as
        SciPy's sparse-dense product sums them."""
        owner, cols, data = self._tfidf(texts)
        n = len(texts)
        if weights.ndim == 1:
            return np.bincount(owner, weights=data * weights[cols], minlength=n)
        products = data[:, None] * weights[cols]
        out = np.empty((n, weights.shape[1]))
        for k in range(weights.shape[1]):
            out[:, k] = np.bincount(owner, weights=products[:, k], minlength=n)
        return out

    def _tfidf(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The nonzero cells of the TF-IDF rows in row-major order: row, column and value."""
        docs = [self._WS.sub(" ", t) for t in texts]
        rows, cols = self._cells(docs)
        key = np.unique(rows * self.n_features + cols, return_counts=True)
        owner = key[0] // self.n_features
        cols = key[0] - owner * self.n_features
        data = key[1].astype(np.float64)
        if self.sublinear:
            np.log(data, data)
            data += 1.0
        if self.idf is not None:
            data *= self.idf[cols]
        if self.norm:
            self._normalise(owner, data, len(docs))
        return owner, cols, data

    def _cells(self, docs: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of every occurrence of a vocabulary n-gram in ``docs``."""
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        codes = np.frombuffer("".join(docs).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
        doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        found = [self._ngrams(codes, doc_of, n) for n in range(self.min_n, self.max_n + 1) if len(codes) - n + 1 > 0]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        owners = np.concatenate([r for r, _ in found])
        cols = self._lookup(np.concatenate([k for _, k in found]))  # one look-up for every length
        hit = cols >= 0
        return owners[hit], cols[hit]

    def _ngrams(self, codes: np.ndarray, doc_of: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Row and packed key of every n-gram of length ``n`` that stays inside one text."""
        m = len(codes) - n + 1
        inside = np.flatnonzero(doc_of[:m] == doc_of[n - 1 : n - 1 + m])
        keys = codes[inside]
        for j in range(1, n):
            keys = (keys << np.uint64(21)) | codes[inside + j]
        return doc_of[inside], keys

    def _normalise(self, owner: np.ndarray, data: np.ndarray, n_docs: int) -> None:
        """Scale each row's values (``data``, rows ``owner``) in place to unit l1 or l2 norm (empty rows stay empty)."""
        l2 = self.norm == "l2"
        scale = np.bincount(owner, weights=data**2 if l2 else np.abs(data), minlength=n_docs)
        if l2:
            scale = np.sqrt(scale)
        scale[scale == 0] = 1.0
        data /= scale[owner]


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


def _logistic(d: np.ndarray) -> np.ndarray:
    """Class probabilities from a logistic regression's decision values ``d`` (one column: binary)."""
    if d.shape[1] == 1:
        p = 1.0 / (1.0 + np.exp(-d[:, 0]))
        return np.column_stack([1.0 - p, p])
    d -= d.max(axis=1, keepdims=True)
    np.exp(d, d)
    d /= d.sum(axis=1, keepdims=True)
    return d


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


class ThemeModel(BaseEstimator):
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

    # -- prediction -------------------------------------------------------------------
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

    def scores(self, texts: list[str], *, simplified: bool = False, contexts: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Main-theme probabilities (columns ``LABELS``) and one-vs-rest scores (columns ``THEMES``).

        With ``contexts`` (one per text, e.g. the sentence a measure was cut from), each text's
        probabilities and scores are averaged with its context's, the context weighing ``context``
        against the text's 1. A context equal to its text, or empty, changes nothing.
        """
        check_is_fitted(self, "estimator_")
        if len(texts) == 0:
            return np.zeros((0, len(LABELS))), np.zeros((0, len(THEMES)))
        probs, ovr = self._raw_scores(texts, simplified)
        if contexts is not None:
            return self.in_context(probs, ovr, texts, contexts, simplified=simplified)
        return probs, ovr

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

    def in_context(
        self, probs: np.ndarray, ovr: np.ndarray, texts: list[str], contexts: list[str], *, simplified: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """``scores()`` of ``texts`` (``probs``, ``ovr``) averaged with those of each text's context, weight
        ``context`` (each distinct context scored once); new arrays, the inputs are left as they are."""
        if len(contexts) != len(texts):
            raise ValueError(f"{len(contexts)} contexts for {len(texts)} texts")
        rows, distinct = self._context_rows(texts, contexts)
        if not rows:
            return probs.copy(), ovr.copy()
        return self._blend(probs, ovr, contexts, rows, distinct, *self._raw_scores(distinct, simplified))

    def scores_in_context(self, texts: list[str], contexts: list[str], *, simplified: bool = False) -> tuple[np.ndarray, ...]:
        """``scores(texts)`` and ``scores(texts, contexts=contexts)`` (own, then in context: four
        arrays), the texts and their distinct contexts vectorised together."""
        check_is_fitted(self, "estimator_")
        if len(contexts) != len(texts):
            raise ValueError(f"{len(contexts)} contexts for {len(texts)} texts")
        if len(texts) == 0:
            return np.zeros((0, len(LABELS))), np.zeros((0, len(THEMES))), np.zeros((0, len(LABELS))), np.zeros((0, len(THEMES)))
        rows, distinct = self._context_rows(texts, contexts)
        probs, ovr = self._raw_scores(list(texts) + distinct, simplified)  # each row is scored on its own
        n = len(texts)
        own, own_ovr = probs[:n], ovr[:n]
        if not rows:
            return own, own_ovr, own.copy(), own_ovr.copy()
        return own, own_ovr, *self._blend(own, own_ovr, contexts, rows, distinct, probs[n:], ovr[n:])

    def _context_rows(self, texts: list[str], contexts: list[str]) -> tuple[list[int], list[str]]:
        """The texts whose context differs from them, and those contexts, each once."""
        rows = [i for i, (t, c) in enumerate(zip(texts, contexts)) if c and c.strip() != t.strip()]
        if not rows or self.context <= 0:
            return [], []
        return rows, list(dict.fromkeys(contexts[i] for i in rows))

    def _blend(
        self,
        probs: np.ndarray,
        ovr: np.ndarray,
        contexts: list[str],
        rows: list[int],
        distinct: list[str],
        context_probs: np.ndarray,
        context_ovr: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """New arrays: the ``rows`` of ``probs`` and ``ovr`` averaged with their contexts' scores."""
        probs, ovr = probs.copy(), ovr.copy()
        lookup = {c: k for k, c in enumerate(distinct)}
        where = [lookup[contexts[i]] for i in rows]
        w = self.context
        probs[rows] = (probs[rows] + w * context_probs[where]) / (1.0 + w)
        ovr[rows] = (ovr[rows] + w * context_ovr[where]) / (1.0 + w)
        return probs, ovr

    def decide(self, probs: np.ndarray, scores: np.ndarray) -> list[list[str]]:
        """Themes per row of ``scores()``' output: the main theme, then at most one more the one-vs-rest scores back strongly."""
        return decide_rows(probs, scores, self.threshold, self.second)

    def analyse(self, texts: list[str], *, simplified: bool = False) -> list[tuple[list[str], dict[str, float]]]:
        """For each text: its themes (main first, or ``other``) and the main-theme probability of each theme."""
        probs, ovr = self.scores(texts, simplified=simplified)
        return [(themes, dict(zip(LABELS, row))) for themes, row in zip(self.decide(probs, ovr), probs.tolist())]

    def predict(self, X: list[str]) -> list[list[str]]:
        """Themes of each text, main first (or ``["other"]``)."""
        probs, ovr = self.scores(X)
        return self.decide(probs, ovr)

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
