"""The slogan model: learned accept/reject for quoted phrases and for parallel runs.

Rules propose candidates (``extractors/slogans.py``); two logistic regressions over sparse
binary features decide. A quoted phrase is described by its character 1–2-grams, its length,
the characters and cue words around the quotes (a speech verb before it: 说, 表示; a naming verb:
称为, 推行), whether it reads as a clause, and the rule-based kind. A parallel run is described by
its part count and length, the frame its parts share (有__, __起来), the part-of-speech tags of
its parts, its characters and the words around it. Features are space-separated tokens, so the
fitted ``CountVectorizer`` is applied to all candidates of an article at once. Trained on the
hand-labelled candidates of ``scripts/training/extraction/slogans.csv``; shipped as
``textkit/models/slogans.skops``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat
from operator import add
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

from textkit.model_files import (
    join_vocabulary,
    load_optional,
    read_arrays,
    read_versioned,
    shipped_model,
    split_vocabulary,
    write_arrays,
    write_payload,
)
from textkit.resources import alternation

FORMAT = "textkit-slogans"
FORMAT_VERSION = 2  # 2: vocabularies stored as two arrays (1: as dicts)
MODEL_FILE = "slogans.skops"
LINEAR_FORMAT = "textkit-slogans-linear"  # the plain companion: each kind's tokens, weights, intercept
KINDS = ("quoted", "parallel")
SPEECH = re.compile(alternation("slogans_speech_verbs") + r"\s*[:：，,]?\s*$")
NAMING = re.compile(alternation("slogans_naming_verbs") + r"(?:了|为|成)?\s*$")
CLAUSE_MARKS = re.compile(r"[，,；;！？!?。…]")
PRONOUNS = re.compile(r"[我你咱他她]")
WHITE = re.compile(r"\s")


def _grams(prefix: str, text: str) -> list[str]:
    """Character 1- and 2-grams of ``text`` between ``^`` and ``$``."""
    text = f"^{text}$"
    ones = [prefix + c for c in text]
    return ones + list(map(add, ones[:-1], text[1:]))  # prefix + c, then + the next character


def _length(n: int) -> str:
    return str(n) if n <= 6 else ("7-9" if n <= 9 else "10+")


def quote_features(inner: str, before: str, after: str, kind: str) -> str:
    """Tokens for one quoted phrase: ``before``/``after`` are a few characters of its sentence."""
    return _joined(_grams("q:", inner) + _quote_shape(inner, before, after, kind))


def _joined(toks: list[str]) -> str:
    return " ".join(t.replace(" ", "_") for t in toks if t)


def _quote_shape(inner: str, before: str, after: str, kind: str) -> list[str]:
    """The tokens of ``quote_features`` other than the phrase's character grams, in their order."""
    toks = [f"len:{_length(len(inner))}", f"kind:{kind}", f"b1:{before[-1:]}", f"b2:{before[-2:]}", f"a1:{after[:1]}", f"a2:{after[:2]}"]
    if SPEECH.search(before):
        toks.append("speech")
    if NAMING.search(before):
        toks.append("naming")
    if CLAUSE_MARKS.search(inner):
        toks.append("clause")
    if PRONOUNS.search(inner):
        toks.append("pronoun")
    if not before.strip():
        toks.append("sentence_start")
    return toks


def frame_template(parts: Sequence[str]) -> str:
    """The shared characters of equal-length parts with ``_`` for the varying ones (有__)."""
    if len({len(p) for p in parts}) != 1:
        return "uneven"
    return _even_template(parts)


def _even_template(parts: Sequence[str]) -> str:
    """``frame_template`` of parts known to be of one length."""
    n = len(parts)
    return "".join(column[0] if column.count(column[0]) == n else "_" for column in zip(*parts))


def common_prefix(texts: Sequence[str]) -> str:
    """The longest start all ``texts`` share: ``os.path.commonprefix`` without its path conversions."""
    if not texts:
        return ""
    low, high = min(texts), max(texts)  # the others lie between: what these two share, all share
    for i, ch in enumerate(low):
        if ch != high[i]:
            return low[:i]
    return low


def common_suffix(texts: Sequence[str]) -> str:
    """The longest end all ``texts`` share (compared from the end: most share none or a character)."""
    if not texts:
        return ""
    first = texts[0]
    for k in range(1, min(map(len, texts)) + 1):
        ch = first[-k]
        for t in texts:
            if t[-k] != ch:
                return first[len(first) - k + 1 :]
    return first[len(first) - min(map(len, texts)) :]


def parallel_features(parts: Sequence[str], before: str, after: str, tags: dict[str, str], framed: bool) -> str:
    """Tokens for one parallel run of ``parts`` (separators removed), joined by spaces."""
    return " ".join(parallel_tokens(parts, before, after, tags, framed))


def parallel_tokens(parts: Sequence[str], before: str, after: str, tags: dict[str, str], framed: bool) -> list[str]:
    """The tokens of ``parallel_features`` as a list; white space in the text becomes ``_``."""
    parts, toks, edges = _parallel_shape(parts, before, after, tags, framed)
    for p in parts:
        toks += _grams("p:", p)
    return toks + edges


def _parallel_shape(
    parts: Sequence[str], before: str, after: str, tags: dict[str, str], framed: bool
) -> tuple[Sequence[str], list[str], list[str]]:
    """The parts (white space made ``_``) and the tokens of a parallel run other than its parts'
    character grams: those before the grams in ``parallel_tokens`` and the shared edges after them."""
    if WHITE.search("".join((before, after, *parts))):
        parts, before, after = [WHITE.sub("_", p) for p in parts], WHITE.sub("_", before), WHITE.sub("_", after)
    tags_of = list(map(tags.get, parts, repeat("-")))
    lengths = set(map(len, parts))
    even = len(lengths) == 1
    tpl = _even_template(parts) if even else "uneven"
    toks = [
        f"n:{min(len(parts), 5)}",
        f"plen:{_length(max(lengths))}",
        f"even:{even}",
        f"framed:{framed}",
        f"tpl:{tpl}",
        f"shared:{tpl.count('_') if even else -1}",
        f"b1:{before[-1:]}",
        f"b2:{before[-2:]}",
        f"a1:{after[:1]}",
        *["tag:" + t for t in tags_of],
        "tags:" + "|".join(sorted({t[:1] for t in tags_of})),
    ]
    if even:
        toks += [f"tc:{k}{c}" for k, c in enumerate(tpl) if c != "_"]
        # parts of one length share at their ends what their template has before its first and after its last _
        return parts, toks, _edge_tokens(tpl.partition("_")[0], tpl.rpartition("_")[2])
    return parts, toks, _shared_edges(parts)


def _shared_edges(parts: Sequence[str]) -> list[str]:
    """What the parts share at their ends, even or not: 稳定性、长期性 → sfx:性; 党性、原则性 → sfx:性."""
    return _edge_tokens(common_prefix(parts), common_suffix(parts))


def _edge_tokens(prefix: str, suffix: str) -> list[str]:
    """The tokens of ``_shared_edges`` for the parts' shared ``prefix`` and ``suffix``."""
    toks = []
    if suffix:
        toks += [f"sfx:{suffix[-2:]}", f"sfx1:{suffix[-1]}", f"sfxlen:{min(len(suffix), 3)}"]
    if prefix:
        toks += [f"pfx:{prefix[:2]}", f"pfx1:{prefix[0]}", f"pfxlen:{min(len(prefix), 3)}"]
    if not suffix and not prefix:
        toks.append("no_edge")
    return toks


def _gram_sum(texts: Sequence[str], weights: dict[str, float]) -> float:
    """The summed weight of the distinct one- and two-character grams of ``texts``, each between ``^``
    and ``$`` (a gram never spans two texts), by dictionary look-ups: an article's few short
    candidates are far too small for NumPy."""
    joined = "^" + "$^".join(texts) + "$"
    grams = {*joined, *map(add, joined, joined[1:])}  # map stops at the shorter: the last character has no next
    if joined.count("$^") < len(texts):  # only the joins hold one: no text does
        grams.discard("$^")
    return sum(map(weights.get, grams, repeat(0.0)))


class SloganModel:
    """Two binary classifiers, one per candidate kind (``KINDS``)."""

    def __init__(self, C: float = 1.0):
        self.C = C
        self.parts_: dict[str, tuple] = {}
        self.meta_: dict = {}

    def fit(self, kind: str, X: Sequence[str], y: Sequence[int], weights: Sequence[float] | None = None) -> SloganModel:
        """Fit the classifier of ``kind``; ``weights``: one per example (default 1)."""
        import numpy as np
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = CountVectorizer(token_pattern=r"\S+", lowercase=False, binary=True)
        w = None if weights is None else np.asarray(weights, dtype=float)
        clf = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced").fit(
            vec.fit_transform(list(X)), np.asarray(y), sample_weight=w
        )
        self.parts_[kind] = (vec, clf)
        return self

    def probability(self, kind: str, X: Sequence[str | list[str]]) -> np.ndarray:
        """P(slogan) for each feature string (or list of its tokens) of ``kind``."""
        import numpy as np

        if not len(X):
            return np.zeros(0)
        weights, intercept = self._weights(kind)
        scores = np.array([intercept + sum(map(weights.get, set(x.split() if isinstance(x, str) else x), repeat(0.0))) for x in X])
        return 1.0 / (1.0 + np.exp(-scores))

    def parallel_probability(self, runs: Sequence[tuple[Sequence[str], str, str, bool]], tags: dict[str, str]) -> np.ndarray:
        """``probability("parallel", …)`` of the ``parallel_tokens`` of each run ``(parts, before, after,
        framed)``, computed without building the parts' ``p:`` gram tokens: the score is a sum over
        distinct tokens and no other token starts with ``p:``, so the grams' weights are looked up by
        the bare gram (``_gram_sum``)."""
        import numpy as np

        if not len(runs):
            return np.zeros(0)
        weights, intercept = self._weights("parallel")
        grams = self._gram_weights("parallel")
        weight = weights.get
        scores = []
        for parts, before, after, framed in runs:
            parts, toks, edges = _parallel_shape(parts, before, after, tags, framed)
            toks += edges
            scores.append(intercept + sum(map(weight, set(toks), repeat(0.0))) + _gram_sum(parts, grams))
        return 1.0 / (1.0 + np.exp(-np.array(scores)))

    def quote_probability(self, quotes: Sequence[tuple[str, str, str, str]]) -> np.ndarray:
        """``probability("quoted", …)`` of the ``quote_features`` of each quote ``(inner, before, after,
        kind)``, the phrase's ``q:`` grams summed by the bare gram as in ``parallel_probability`` (a
        phrase with white space, which splits grams, goes the long way)."""
        import numpy as np

        if not len(quotes):
            return np.zeros(0)
        weights, intercept = self._weights("quoted")
        grams = self._gram_weights("quoted")
        weight = weights.get
        scores = []
        for inner, before, after, kind in quotes:
            if WHITE.search(inner):
                toks = set(quote_features(inner, before, after, kind).split())
                scores.append(intercept + sum(map(weight, toks, repeat(0.0))))
                continue
            shape = _quote_shape(inner, before, after, kind)
            toks = set(_joined(shape).split()) if WHITE.search(before + after) else set(shape)  # no white space: as they are
            scores.append(intercept + sum(map(weight, toks, repeat(0.0))) + _gram_sum([inner], grams))
        return 1.0 / (1.0 + np.exp(-np.array(scores)))

    def _gram_weights(self, kind: str = "parallel") -> dict[str, float]:
        """The gram coefficients of ``kind`` (``p:`` or ``q:`` tokens), by the bare gram."""
        cache = self.__dict__.setdefault("_gram_cache", {})
        if kind not in cache:
            weights, _ = self._weights(kind)
            prefix = "p:" if kind == "parallel" else "q:"
            cache[kind] = {t[2:]: w for t, w in weights.items() if t.startswith(prefix) and 1 <= len(t) - 2 <= 2}
        return cache[kind]

    def _weights(self, kind: str) -> tuple[dict[str, float], float]:
        """Token → coefficient: the binary bag-of-tokens score without building a sparse matrix."""
        cache = self.__dict__.setdefault("_weight_cache", {})
        if kind not in cache:
            vec, clf = self.parts_[kind]
            coef = clf.coef_[0]
            cache[kind] = ({t: float(coef[i]) for t, i in vec.vocabulary_.items()}, float(clf.intercept_[0]))
        return cache[kind]

    def threshold(self, kind: str) -> float:
        """The P(slogan) a candidate of ``kind`` needs: ``meta["thresholds"][kind]``, else ``meta["threshold"]``, else 0.5."""
        return float(self.meta_.get("thresholds", {}).get(kind, self.meta_.get("threshold", 0.5)))

    def save(self, path: str | Path, meta: dict | None = None) -> None:
        self.meta_ = dict(meta or {})
        payload = {"format": FORMAT, "version": FORMAT_VERSION, "C": float(self.C), "meta": json.dumps(self.meta_, ensure_ascii=False)}
        for kind, (vec, clf) in self.parts_.items():
            lean, vocabulary = split_vocabulary(vec)
            payload[f"{kind}_vectorizer"], payload[f"{kind}_classifier"] = lean, clf
            if vocabulary:
                payload[f"{kind}_vocabulary"] = vocabulary
        write_payload(payload, path)
        linear = self.linear_payload()
        if linear is not None:
            write_arrays(path, linear)

    def linear_payload(self) -> dict | None:
        """Each kind's tokens and coefficients and its intercept, as plain values and arrays (what
        ``probability`` uses); ``load`` reads them without scikit-learn. None when a token would not
        survive a string array."""
        import numpy as np

        payload: dict = {"format": LINEAR_FORMAT, "version": 1, "C": float(self.C), "meta": json.dumps(self.meta_, ensure_ascii=False)}
        for kind in self.parts_:
            weights, intercept = self._weights(kind)
            payload[f"{kind}_tokens"] = np.array(list(weights), dtype=str)
            if payload[f"{kind}_tokens"].tolist() != list(weights):  # a token ending in NUL
                return None
            payload[f"{kind}_coef"] = np.array(list(weights.values()), dtype=np.float64)
            payload[f"{kind}_intercept"] = intercept
        return payload

    @classmethod
    def _from_linear(cls, payload: dict) -> SloganModel | None:
        """The model of a plain companion (``linear_payload``), without its scikit-learn parts; None when
        it is not one (a token would not survive a string array, or sizes differ)."""
        if payload.get("format") != LINEAR_FORMAT or payload.get("version") != 1:
            return None
        model = cls(C=float(payload["C"]))
        cache = model.__dict__.setdefault("_weight_cache", {})
        for kind in KINDS:
            if f"{kind}_tokens" in payload:
                tokens, coef = payload[f"{kind}_tokens"].tolist(), payload[f"{kind}_coef"].tolist()
                if len(tokens) != len(coef):
                    return None
                cache[kind] = (dict(zip(tokens, coef)), float(payload[f"{kind}_intercept"]))
        model.meta_ = json.loads(payload.get("meta") or "{}")
        return model

    @classmethod
    def load(cls, path: str | Path) -> SloganModel:
        arrays = read_arrays(path, "slogan model")
        fast = cls._from_linear(arrays) if arrays is not None else None
        return fast if fast is not None else cls._from_skops(path)

    @classmethod
    def _from_skops(cls, path: str | Path) -> SloganModel:
        """The model read from its skops file, scikit-learn parts included."""
        payload = read_versioned(path, FORMAT, FORMAT_VERSION, "slogan model", older=(1,))
        model = cls(C=payload["C"])
        for kind in KINDS:
            if f"{kind}_vectorizer" in payload:
                vectorizer = join_vocabulary(payload[f"{kind}_vectorizer"], payload.get(f"{kind}_vocabulary", {}))
                model.parts_[kind] = (vectorizer, payload[f"{kind}_classifier"])
        model.meta_ = json.loads(payload.get("meta") or "{}")
        return model


def shipped_path() -> Path:
    return shipped_model(MODEL_FILE)


@lru_cache(maxsize=4)
def load_slogan_model(path: str | None = None) -> SloganModel | None:
    """The slogan model at ``path`` (default: the shipped one), loaded once per process; None when
    the shipped file is absent."""
    return load_optional(SloganModel.load, MODEL_FILE, path)
