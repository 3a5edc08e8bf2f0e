"""Inference of textkit's linear models in NumPy alone: no scikit-learn, no SciPy on the way.

A command that only applies the shipped models (``extract``, ``classify``) loads them from their
plain companions (``model_files.read_arrays``: arrays and JSON values, no pickle) into these
classes, which compute the same numbers as the fitted scikit-learn estimators in ``classify`` and
``clause_model`` (those use the same code at inference): ``CharTfidf`` (character n-gram TF-IDF),
``LinearThemes`` (the theme model's logistic regressions) and ``LinearClauses`` (the clause model's).
Importing this module costs NumPy only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from textkit.arrays import sorted_unique
from textkit.errors import ModelError
from textkit.labels import LABELS, THEMES

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
        self._prepare()

    #: What ``state`` returns beside the arrays ``idf`` (when used), ``slot_keys`` and ``slot_cols``.
    STATE_VALUES = ("n_features", "min_n", "max_n", "sublinear", "norm", "bits")

    def state(self) -> dict[str, Any]:
        """Everything ``transform`` uses, as plain values and arrays (``from_state`` rebuilds it
        without scikit-learn and without building the hash table again)."""
        out: dict[str, Any] = {name: getattr(self, name) for name in self.STATE_VALUES}
        out.update(
            n_features=int(self.n_features),
            min_n=int(self.min_n),
            max_n=int(self.max_n),
            bits=int(self.bits),
            sublinear=bool(self.sublinear),
        )
        # The filled slots only (a quarter of the table at most): their places, keys and columns.
        filled = np.flatnonzero(self.slot_keys != self._EMPTY)
        out.update(slot_index=filled.astype(np.uint32), slot_keys=self.slot_keys[filled], slot_cols=self.slot_cols[filled].astype(np.int32))
        if self.idf is not None:
            out["idf"] = self.idf
        return out

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> CharTfidf:
        """The vectoriser ``state`` describes (ModelError for one that is not well formed)."""
        fast = object.__new__(cls)
        try:
            fast.n_features, fast.min_n, fast.max_n = int(state["n_features"]), int(state["min_n"]), int(state["max_n"])
            fast.sublinear, fast.norm, fast.bits = bool(state["sublinear"]), state["norm"], int(state["bits"])
            fast.slot_keys, fast.slot_cols = cls._slots(state, 1 << fast.bits)
            fast.idf = np.asarray(state["idf"], dtype=np.float64) if "idf" in state else None
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"not a character TF-IDF state ({type(exc).__name__}: {exc})") from None
        if (
            fast.norm not in ("l1", "l2", None)
            or not 1 <= fast.min_n <= fast.max_n <= 3
            or not 8 <= fast.bits <= 40
            or fast.slot_keys.shape != (1 << fast.bits,)
            or fast.slot_cols.shape != fast.slot_keys.shape
            or int(fast.slot_cols.max(initial=-1)) >= fast.n_features
            or (fast.idf is not None and fast.idf.shape != (fast.n_features,))
        ):
            raise ModelError("not a character TF-IDF state (inconsistent sizes)")
        fast._prepare()
        return fast

    @classmethod
    def _slots(cls, state: dict[str, Any], size: int) -> tuple[np.ndarray, np.ndarray]:
        """The hash table's keys and columns: stored whole, or as the filled slots (``slot_index``, in
        increasing order) with their keys and columns."""
        keys = np.asarray(state["slot_keys"], dtype=np.uint64)
        cols = np.asarray(state["slot_cols"], dtype=np.int64)
        if "slot_index" not in state:
            return keys, cols
        index = np.asarray(state["slot_index"], dtype=np.int64)
        if not (index.shape == keys.shape == cols.shape and index.ndim == 1) or (
            len(index) and (index[0] < 0 or index[-1] >= size or not bool(np.all(np.diff(index) > 0)))
        ):
            raise ValueError("slot_index does not name distinct slots of the table")
        if bool(np.any(keys == cls._EMPTY)):
            raise ValueError("a filled slot holds the empty key")
        slot_keys = np.full(size, cls._EMPTY, dtype=np.uint64)
        slot_cols = np.full(size, -1, dtype=np.int64)
        slot_keys[index], slot_cols[index] = keys, cols
        return slot_keys, slot_cols

    #: Counts below this take their term frequency from a table (``_prepare``).
    TF_TABLE_SIZE = 4096
    #: Cells (row, then column) below this are sorted as 32-bit numbers (``_counts``).
    CELLS_32_BIT = 2**32

    def _prepare(self) -> None:
        """What ``transform`` derives from the state: the look-up's reach (``_set_reach``), how many bits
        a column takes in a cell (row, then column), and the term frequency of each count below
        ``TF_TABLE_SIZE`` (1 + log(count) when sublinear, else the count), computed as ``_tfidf``
        would: a table look-up instead of a log for every cell."""
        self._set_reach()
        self._col_bits = max(1, (self.n_features - 1).bit_length())
        self._tf_table = self._term_frequencies(np.arange(self.TF_TABLE_SIZE))
        self._column_runs: dict[int, np.ndarray] = {}

    def _set_reach(self) -> None:
        """``reach``: how far past its hash slot the farthest key of the table lies (linear probing),
        which bounds every look-up (``_lookup``); about 2 ms for 140,000 keys."""
        filled = np.flatnonzero(self.slot_keys != self._EMPTY)
        home = self._hash(self.slot_keys[filled])
        self.reach = int(((filled - home) & (len(self.slot_keys) - 1)).max(initial=0))
        self._steps = np.arange(1, self.reach + 1, dtype=np.int64)
        self._mask = np.int64(len(self.slot_keys) - 1)

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
        """Column of each packed key, or -1 (``_find`` for every key)."""
        out = np.full(len(keys), -1, dtype=np.int64)
        at, cols = self._find(keys)
        out[at] = cols
        return out

    def _find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where in ``keys`` a vocabulary key lies and its column (in no particular order).

        The same answer as probing slot by slot until the key or an empty slot: the first probe is
        done for every key; the few keys that met another key there are compared in one step with the
        next ``reach`` slots (no key of the table lies farther from its hash slot, and each key is in
        the table once), instead of a round of NumPy calls per probe.
        """
        h = keys * self._MULT
        h >>= np.uint64(64 - self.bits)
        h = h.view(np.int64)  # below 2**bits: the same numbers
        found = self.slot_keys.take(h)
        hit = found == keys
        at = hit.nonzero()[0]
        cols = self.slot_cols.take(h.take(at))
        if self.reach:
            pending = (found != self._EMPTY) & ~hit
            pending = pending.nonzero()[0]
            if len(pending):
                slots = (h.take(pending)[:, None] + self._steps) & self._mask
                row, step = (self.slot_keys.take(slots) == keys.take(pending)[:, None]).nonzero()  # one match at most per key
                if len(row):
                    at = np.concatenate((at, pending.take(row)))
                    cols = np.concatenate((cols, self.slot_cols.take(slots[row, step])))
        return at, cols

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
            return np.bincount(owner, weights=data * weights.take(cols), minlength=n)
        # One bincount for every column: cell (i, k) of the products goes to bin owner[i] * width + k,
        # and each bin still sums its products in cell order.
        # The operands are repeated to the products' shape: NumPy runs an operation on arrays of one
        # shape as one long loop, but a broadcast column a short loop per row (several times slower).
        width = weights.shape[1]
        products = weights.take(cols, axis=0)
        products *= np.repeat(data, width).reshape(-1, width)
        bins = np.repeat(owner * width, width)
        bins += self._columns(width, len(bins))
        return np.bincount(bins, weights=products.ravel(), minlength=n * width).reshape(n, width)

    def _columns(self, width: int, size: int) -> np.ndarray:
        """0, 1, …, width - 1 repeated to ``size`` numbers (kept for the next call, one per width)."""
        columns = self._column_runs.get(width)
        if columns is None or len(columns) < size:
            columns = self._column_runs[width] = np.tile(np.arange(width), max(size // width, 4096))
        return columns[:size]

    def _tfidf(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The nonzero cells of the TF-IDF rows in row-major order: row, column and value."""
        docs = texts
        codes = self._codes(docs)
        space = _SPACE.take(codes, mode="clip")
        if (space[1:] & space[:-1]).any():  # a run of whitespace, as _WS finds it
            docs = [self._WS.sub(" ", t) for t in texts]  # NUL is not whitespace: a run found lies in one text
            codes = self._codes(docs)
        owner, cols, counts = self._counts(docs, codes)
        # No count exceeds the number of characters: below the table's size, the table has its value.
        data = self._tf_table.take(counts) if len(codes) < self.TF_TABLE_SIZE else self._term_frequencies(counts)
        if self.idf is not None:
            data *= self.idf.take(cols)
        if self.norm:
            self._normalise(owner, data, len(docs))
        return owner, cols, data

    def _term_frequencies(self, counts: np.ndarray) -> np.ndarray:
        """Term frequency of each count: 1 + log(count) when sublinear (``log(0)`` is never asked for but
        for the table's unused first entry), else the count, as float64."""
        data = counts.astype(np.float64)
        if self.sublinear:
            with np.errstate(divide="ignore"):
                np.log(data, out=data)
            data += 1.0
        return data

    #: Code of no character (21 bits like the others) put between the texts: every n-gram that
    #: crosses from one text into the next holds it and so is in no vocabulary.
    _APART = np.uint64((1 << 21) - 1)

    @staticmethod
    def _codes(docs: list[str]) -> np.ndarray:
        """The code points of ``docs``, each followed by a NUL."""
        return np.frombuffer(("\0".join(docs) + "\0").encode("utf-32-le", "surrogatepass"), dtype=np.uint32)

    def _counts(self, docs: list[str], codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row, column and count of every vocabulary n-gram in ``docs`` (``codes``: ``_codes(docs)``), in
        row-major order."""
        n_docs = len(docs)
        if not n_docs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        spans = np.fromiter(map(len, docs), dtype=np.int64, count=n_docs)
        spans += 1  # with the separator
        # Each n-gram's cell: its row, then its column in the low _col_bits (row-major order), in 32 bits
        # when they fit (sorted twice as fast).
        bits = self._col_bits
        cell_type = np.uint32 if n_docs << bits <= self.CELLS_32_BIT else np.int64
        row_cells = np.repeat(np.arange(0, n_docs << bits, 1 << bits, dtype=cell_type), spans)  # by position
        chars = codes.astype(np.uint64)
        chars[np.cumsum(spans) - 1] = self._APART
        # Packed n-grams of each length at every position where one starts, a length's from the one before it.
        grams = [chars]
        for n in range(2, self.max_n + 1):
            longer = grams[-1][:-1] << np.uint64(21)
            longer |= chars[n - 1 :]
            grams.append(longer)
        lengths = range(self.min_n - 1, self.max_n)
        at, cols = self._find(np.concatenate([grams[k] for k in lengths]))
        cells = np.concatenate([row_cells[: len(grams[k])] for k in lengths]).take(at)
        cells |= cols.astype(cell_type)
        cells, counts = sorted_unique(cells, counts=True)
        cells = cells.astype(np.intp)
        return cells >> bits, cells & ((1 << bits) - 1), counts

    def _normalise(self, owner: np.ndarray, data: np.ndarray, n_docs: int) -> None:
        """Scale each row's values (``data``, rows ``owner``) in place to unit l1 or l2 norm. Every value is
        at least 1 (tf and idf are), so a row with values has a norm above 0."""
        l2 = self.norm == "l2"
        scale = np.bincount(owner, weights=data * data if l2 else np.abs(data), minlength=n_docs)
        if l2:
            scale = np.sqrt(scale)  # not in place: with no values at all, bincount's zeros are integers
        data /= scale.take(owner)


#: Whether code point c is whitespace (``str.isspace``, what ``\\s`` matches), for c up to U+3000 (the
#: last whitespace character), then False at U+3001, where ``take(mode="clip")`` puts every higher code.
_SPACE = np.array([chr(c).isspace() for c in range(0x3002)])


def _logistic(d: np.ndarray) -> np.ndarray:
    """Class probabilities from a logistic regression's decision values ``d`` (one column: binary)."""
    if d.shape[1] == 1:
        p = 1.0 / (1.0 + np.exp(-d[:, 0]))
        return np.column_stack([1.0 - p, p])
    d -= d.max(axis=1, keepdims=True)
    np.exp(d, d)
    d /= d.sum(axis=1, keepdims=True)
    return d


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


def _split(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The main-theme probabilities and one-vs-rest scores of a ``ThemeScoring._raw_table`` (views)."""
    return table[:, : len(LABELS)], table[:, len(LABELS) :]


class ThemeScoring:
    """What a fitted theme model does with its raw scores (``_raw_scores``, defined by the subclass):
    scores in context, decisions, ``analyse`` and ``predict``. Shared by ``classify.ThemeModel`` and
    ``LinearThemes``; needs ``threshold``, ``second`` and ``context``."""

    threshold: float
    second: float
    context: float

    def _check_fitted(self) -> None:
        """Raise when the model is not fitted (nothing to check for a model loaded from arrays)."""

    def _raw_scores(self, texts: list[str], simplified: bool) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def _raw_table(self, texts: list[str], simplified: bool) -> np.ndarray:
        """``_raw_scores`` side by side in one array (columns ``LABELS``, then ``THEMES``)."""
        return np.hstack(self._raw_scores(texts, simplified))

    def scores(self, texts: list[str], *, simplified: bool = False, contexts: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Main-theme probabilities (columns ``LABELS``) and one-vs-rest scores (columns ``THEMES``).

        With ``contexts`` (one per text, e.g. the sentence a measure was cut from), each text's
        probabilities and scores are averaged with its context's, the context weighing ``context``
        against the text's 1. A context equal to its text, or empty, changes nothing.
        """
        self._check_fitted()
        if len(texts) == 0:
            return np.zeros((0, len(LABELS))), np.zeros((0, len(THEMES)))
        probs, ovr = self._raw_scores(texts, simplified)
        if contexts is not None:
            return self.in_context(probs, ovr, texts, contexts, simplified=simplified)
        return probs, ovr

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
        table = self._blend(np.hstack((probs, ovr)), self._raw_table(distinct, simplified), contexts, rows, distinct)
        return _split(table)

    def scores_in_context(self, texts: list[str], contexts: list[str], *, simplified: bool = False) -> tuple[np.ndarray, ...]:
        """``scores(texts)`` and ``scores(texts, contexts=contexts)`` (own, then in context: four
        arrays), the texts and their distinct contexts vectorised together."""
        self._check_fitted()
        if len(contexts) != len(texts):
            raise ValueError(f"{len(contexts)} contexts for {len(texts)} texts")
        if len(texts) == 0:
            return np.zeros((0, len(LABELS))), np.zeros((0, len(THEMES))), np.zeros((0, len(LABELS))), np.zeros((0, len(THEMES)))
        rows, distinct = self._context_rows(texts, contexts)
        table = self._raw_table(list(texts) + distinct, simplified)  # each row is scored on its own
        n = len(texts)
        own = table[:n]
        blended = self._blend(own, table[n:], contexts, rows, distinct) if rows else own.copy()
        return *_split(own), *_split(blended)

    def _context_rows(self, texts: list[str], contexts: list[str]) -> tuple[list[int], list[str]]:
        """The texts whose context differs from them, and those contexts, each once."""
        rows = [i for i, (t, c) in enumerate(zip(texts, contexts)) if c and c.strip() != t.strip()]
        if not rows or self.context <= 0:
            return [], []
        return rows, list(dict.fromkeys(contexts[i] for i in rows))

    def _blend(self, table: np.ndarray, context_table: np.ndarray, contexts: list[str], rows: list[int], distinct: list[str]) -> np.ndarray:
        """A copy of ``table`` (rows of ``_raw_table``) whose ``rows`` are averaged with their contexts'
        rows of ``context_table`` (one for each of the ``distinct`` contexts)."""
        blended = table.copy()
        lookup = {c: k for k, c in enumerate(distinct)}
        where = [lookup[contexts[i]] for i in rows]
        w = self.context
        blended[rows] = (table[rows] + w * context_table[where]) / (1.0 + w)
        return blended

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


MARKER_TAIL = " ，,、：:．."


def clause_input(clause: str, heading: bool = False) -> str:
    """What the clause model reads: the clause without its list marker, between edge marks, with a
    heading flag in front (proposed measures carry no marker, labelled clauses often do)."""
    return clause_inputs((clause,), heading)[0]


def clause_inputs(clauses: Iterable[str], heading: bool = False) -> list[str]:
    """``clause_input`` of each clause (one loop: an article's clauses are read together)."""
    from textkit.structure import match_marker

    head = "H^" if heading else "^"
    out = []
    for clause in clauses:
        clause = clause.strip()
        marker = match_marker(clause)
        if marker:
            clause = clause[marker[2] :].lstrip(MARKER_TAIL)
        out.append(f"{head}{clause}$")
    return out


THEME_MODEL_FILE = "themes.skops"
CLAUSE_MODEL_FILE = "measure_clauses.skops"
THEMES_LINEAR = "textkit-themes-linear"
CLAUSES_LINEAR = "textkit-clauses-linear"
LINEAR_VERSION = 1


class LinearThemes(ThemeScoring):
    """The theme model as its arrays: ``CharTfidf`` rows times the main-theme and one-vs-rest logistic
    regressions' weights, side by side (``ThemeModel.linear_payload`` writes them)."""

    def __init__(self, payload: dict[str, Any], source: str | Path = "<arrays>") -> None:
        if payload.get("format") != THEMES_LINEAR or payload.get("version") != LINEAR_VERSION:
            raise ModelError(f"{source}: not a textkit theme model's arrays")
        if tuple(payload.get("labels", ())) != LABELS:
            raise ModelError(f"{source}: model labels {payload.get('labels')} differ from the theme table's {list(LABELS)}")
        self.vectoriser = CharTfidf.from_state(payload)
        self.weights = np.ascontiguousarray(payload["weights"], dtype=np.float64)
        self.main_intercept = np.asarray(payload["main_intercept"], dtype=np.float64)
        self.main_classes = [str(c) for c in payload["main_classes"]]
        self.ovr_intercept = np.asarray(payload["ovr_intercept"], dtype=np.float64)
        self.threshold, self.second, self.context = float(payload["threshold"]), float(payload["second"]), float(payload["context"])
        k = len(self.main_classes)
        if self.weights.shape != (self.vectoriser.n_features, k + len(self.ovr_intercept)) or self.main_intercept.shape != (k,):
            raise ModelError(f"{source}: theme model arrays of inconsistent sizes")
        #: The main classes' columns in ``LABELS`` order (None when the model lacks a label: ``_by_label``).
        self._label_columns = [self.main_classes.index(label) for label in LABELS] if set(LABELS) <= set(self.main_classes) else None

    def _raw_scores(self, texts: list[str], simplified: bool) -> tuple[np.ndarray, np.ndarray]:
        """``ThemeModel._raw_scores`` of a model of logistic regressions, from the arrays."""
        return _split(self._raw_table(texts, simplified))

    def _raw_table(self, texts: list[str], simplified: bool) -> np.ndarray:
        """``_raw_scores`` side by side in one array (columns ``LABELS``, then ``THEMES``), filled in place:
        fewer NumPy calls on the few rows of one article."""
        d = self.vectoriser.dot([model_input(t, simplified=simplified) for t in texts], self.weights)
        k = len(self.main_classes)
        table = np.empty((len(texts), len(LABELS) + d.shape[1] - k))
        main = _logistic(d[:, :k] + self.main_intercept)
        if self._label_columns is None:
            table[:, : len(LABELS)] = _by_label(main, self.main_classes)
        else:
            table[:, : len(LABELS)] = main.take(self._label_columns, axis=1)
        ovr = table[:, len(LABELS) :]
        np.add(d[:, k:], self.ovr_intercept, out=ovr)  # 1 / (1 + exp(-x)), step by step in place
        np.negative(ovr, out=ovr)
        np.exp(ovr, out=ovr)
        ovr += 1.0
        np.divide(1.0, ovr, out=ovr)
        return table


class LinearClauses:
    """The clause model as its arrays: P(action) of clause inputs (``clause_model.ClauseModel.action_probability``)."""

    def __init__(self, payload: dict[str, Any], source: str | Path = "<arrays>") -> None:
        if payload.get("format") != CLAUSES_LINEAR or payload.get("version") != LINEAR_VERSION:
            raise ModelError(f"{source}: not a textkit clause model's arrays")
        self.vectoriser = CharTfidf.from_state(payload)
        self.coef = np.asarray(payload["coef"], dtype=np.float64)
        self.intercept = float(payload["intercept"])
        if self.coef.shape != (self.vectoriser.n_features,):
            raise ModelError(f"{source}: clause model arrays of inconsistent sizes")

    def action_probability(self, X: list[str]) -> np.ndarray:
        """P(action) for each model input (``clause_input``)."""
        if not len(X):
            return np.zeros(0)
        scores = self.vectoriser.dot(list(X), self.coef) + self.intercept
        return 1.0 / (1.0 + np.exp(-scores))
