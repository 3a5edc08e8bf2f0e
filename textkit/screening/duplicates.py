"""Near-duplicate detection: character shingles, MinHash LSH candidates, shared passages.

Texts are compared in their normalised form reduced to letters, digits and hanzi (simplified
script, punctuation and spaces removed), so a traditional-script copy of a simplified template
is caught. LSH candidates are confirmed by the exact shingle overlap and by the passages the two
texts share (at least ``min_passage`` characters), reported with their offsets in both texts.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from textkit.screening.config import ScreenConfig

# --------------------------------------------------------------------------- fingerprints


@dataclass
class Fingerprint:
    """A normalised text reduced for comparison: ``compact`` keeps letters, digits and hanzi only;
    ``positions[i]`` is the offset in ``text`` of ``compact[i]``; ``shingles`` the sorted unique
    32-bit hashes of its character n-grams."""

    source: str
    title: str
    text: str
    compact: str
    positions: np.ndarray
    shingles: np.ndarray

    def __len__(self) -> int:
        return len(self.compact)


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def compact_text(text: str) -> tuple[str, np.ndarray]:
    """``text`` without punctuation and spaces (ASCII letters lower-cased), and the offsets of the kept characters."""
    cp = _codepoints(text)
    low = cp | 32
    keep = (
        ((cp >= 0x4E00) & (cp <= 0x9FFF))
        | ((cp >= 0x3400) & (cp <= 0x4DBF))
        | ((cp >= 0xF900) & (cp <= 0xFAFF))
        | ((cp >= 0x20000) & (cp <= 0x3134F))
        | ((cp >= 48) & (cp <= 57))
        | ((low >= 97) & (low <= 122))
    )
    positions = np.flatnonzero(keep).astype(np.int32)
    kept = cp[keep].copy()
    kept[(kept >= 65) & (kept <= 90)] += 32
    return kept.astype("<u4").tobytes().decode("utf-32-le"), positions


def shingle_hashes(compact: str, n: int = 5) -> np.ndarray:
    """Sorted unique 32-bit hashes of the ``n``-character shingles of ``compact`` (a shorter text is one shingle)."""
    cp = _codepoints(compact).astype(np.uint64)
    if cp.size == 0:
        return np.zeros(0, dtype=np.uint32)
    n = min(n, cp.size)
    m = cp.size - n + 1
    h = np.full(m, 0xCBF29CE484222325, dtype=np.uint64)
    prime = np.uint64(0x100000001B3)
    for k in range(n):
        h = (h ^ cp[k : k + m]) * prime
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


def fingerprint(text: str, source: str = "", title: str = "", n: int = 5, *, simplified: bool = False) -> Fingerprint:
    """The fingerprint of a normalised text (converted to simplified first unless ``simplified``)."""
    if not simplified:
        from textkit.normalization.script import to_simplified

        text = to_simplified(text)[0]
    compact, positions = compact_text(text)
    return Fingerprint(source, title, text, compact, positions, shingle_hashes(compact, n))


def _identity(x: int) -> int:
    return x


def minhash(fp: Fingerprint, num_perm: int = 128):
    """A datasketch ``MinHash`` of the fingerprint's shingles (already hashed to 32 bits)."""
    from datasketch import MinHash

    m = MinHash(num_perm=num_perm, seed=1, hashfunc=_identity)
    if fp.shingles.size:
        m.update_batch(fp.shingles.tolist())
    return m


# --------------------------------------------------------------------------- passages and comparison


def shared_passages(a: str, b: str, n: int = 5, min_len: int = 30) -> list[tuple[int, int, int, int]]:
    """Common substrings of ``a`` and ``b`` at least ``min_len`` long, as ``(a_start, a_end, b_start, b_end)``.

    Greedy string tiling from left to right in ``a``: at each position the longest match in ``b``
    starting with the same ``n``-gram (among its first 32 occurrences) is taken and the scan jumps
    past it. The inner loop stays inline: it is the hot path of duplicate confirmation.
    """
    if len(a) < min_len or len(b) < min_len:
        return []
    index: dict[str, list[int]] = {}
    for j in range(len(b) - n + 1):
        index.setdefault(b[j : j + n], []).append(j)
    out: list[tuple[int, int, int, int]] = []
    la, lb = len(a), len(b)
    i = 0
    while i <= la - n:
        cands = index.get(a[i : i + n])
        if cands:
            best, best_j = 0, -1
            for j in cands[:32]:
                k = n
                while i + k < la and j + k < lb and a[i + k] == b[j + k]:
                    k += 1
                if k > best:
                    best, best_j = k, j
            if best >= min_len:
                out.append((i, i + best, best_j, best_j + best))
                i += best
                continue
        i += 1
    return out


@dataclass
class Match:
    """How two fingerprints overlap; passages in compact offsets of ``a`` and ``b``."""

    jaccard: float
    containment: float  # share of a's shingles found in b
    coverage: float  # share of b's shingles found in a
    passages: list[tuple[int, int, int, int]]
    share_a: float  # share of a's characters inside shared passages
    share_b: float

    def swapped(self) -> Match:
        return Match(
            self.jaccard, self.coverage, self.containment, sorted((c, d, a, b) for a, b, c, d in self.passages), self.share_b, self.share_a
        )


def shingle_overlap(a: np.ndarray, b: np.ndarray) -> tuple[int, float, float]:
    """Shared shingles of two sorted unique hash arrays, and the share of each array they are."""
    if not a.size or not b.size:
        return 0, 0.0, 0.0
    inter = int(np.intersect1d(a, b, assume_unique=True).size)
    return inter, inter / a.size, inter / b.size


def compare(a: Fingerprint, b: Fingerprint, cfg: ScreenConfig) -> Match | None:
    """Confirm a candidate pair; ``None`` unless shared passages cover ``min_copied_share`` of either text.

    Passages hold fewer characters than the shingles they share, so pairs whose exact shingle
    overlap is below 0.9 · ``min_copied_share`` on both sides are dropped before passages are sought."""
    inter, cont, cov = shingle_overlap(a.shingles, b.shingles)
    if max(cont, cov) < 0.9 * cfg.min_copied_share:
        return None
    passages = shared_passages(a.compact, b.compact, cfg.shingle, cfg.min_passage)
    copied = sum(e - s for s, e, _, _ in passages)
    share_a, share_b = copied / max(1, len(a)), copied / max(1, len(b))
    if max(share_a, share_b) < cfg.min_copied_share:
        return None
    jac = inter / (a.shingles.size + b.shingles.size - inter)
    return Match(round(jac, 3), round(cont, 3), round(cov, 3), passages, round(share_a, 3), round(share_b, 3))


def passage_dicts(a: Fingerprint, b: Fingerprint, passages: list[tuple[int, int, int, int]], limit: int) -> list[dict]:
    """The ``limit`` longest passages as dicts with their text and offsets in both normalised texts, in text order."""
    out = []
    for s, e, bs, be in sorted(passages, key=lambda p: p[0] - p[1])[:limit]:
        start, end = int(a.positions[s]), int(a.positions[e - 1]) + 1
        other_start, other_end = int(b.positions[bs]), int(b.positions[be - 1]) + 1
        out.append(
            {"text": a.text[start:end], "start": start, "end": end, "other_start": other_start, "other_end": other_end, "chars": e - s}
        )
    return sorted(out, key=lambda p: p["start"])


def union_share(fp: Fingerprint, spans: Iterable[tuple[int, int]]) -> float:
    """Share of the fingerprint's compact characters covered by the union of ``spans``."""
    covered = np.zeros(len(fp), dtype=bool)
    for s, e in spans:
        covered[s:e] = True
    return float(covered.mean()) if len(fp) else 0.0


class DuplicateIndex:
    """MinHash LSH over documents.

    ``candidates`` asks the LSH, then drops the candidates whose overlap, estimated from the
    MinHash signatures and the set sizes, is far below ``min_copied_share`` in both directions,
    then those whose exact shingle overlap is, so that passages are sought (with the full
    fingerprint, rebuilt from the stored text for references to save memory) for few pairs.
    """

    def __init__(self, cfg: ScreenConfig, keep_fingerprints: bool = True):
        from datasketch import MinHashLSH

        self.cfg = cfg
        self.lsh = MinHashLSH(threshold=cfg.lsh_threshold, num_perm=cfg.num_perm, weights=(0.3, 0.7))
        self.keep = keep_fingerprints
        self.entries: list[tuple[str, str, str]] = []  # source, title, text
        self._signatures: list[np.ndarray] = []
        self._sizes: list[int] = []
        self._shingles: list[np.ndarray] = []  # 4 bytes a shingle: cheaper to keep than to recompute
        self._matrix: tuple[np.ndarray, np.ndarray] | None = None
        self._fps: dict[int, Fingerprint] = {}
        self._cache: OrderedDict[int, Fingerprint] = OrderedDict()

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, fp: Fingerprint, mh=None) -> int | None:
        """Index a fingerprint; returns its key, or None when the text is too short to compare."""
        if len(fp) < self.cfg.min_passage:
            return None
        mh = mh if mh is not None else minhash(fp, self.cfg.num_perm)
        key = len(self.entries)
        self.entries.append((fp.source, fp.title, fp.text))
        self._signatures.append(np.asarray(mh.hashvalues, dtype=np.uint64))
        self._sizes.append(int(fp.shingles.size))
        self._shingles.append(fp.shingles)
        self._matrix = None
        if self.keep:
            self._fps[key] = fp
        self.lsh.insert(key, mh)
        return key

    def candidates(self, mh, query_shingles: np.ndarray) -> list[int]:
        """Keys of the documents that may share ``min_copied_share`` of either text with the query."""
        keys = sorted(self.lsh.query(mh))
        size = query_shingles.size
        if not keys or not size:
            return []
        if self._matrix is None:
            self._matrix = (np.vstack(self._signatures), np.asarray(self._sizes, dtype=float))
        sigs, sizes = self._matrix[0][keys], self._matrix[1][keys]
        jac = (sigs == np.asarray(mh.hashvalues, dtype=np.uint64)).mean(axis=1)
        # share of the smaller set in the intersection, and its standard error from that of the Jaccard estimate
        inter = jac * (size + sizes) / (1 + jac)
        smaller = np.minimum(size, np.maximum(sizes, 1))
        share = inter / smaller
        err = np.sqrt(jac * (1 - jac) / len(mh.hashvalues)) * (size + sizes) / (smaller * (1 + jac) ** 2)
        keys = [k for k, s in zip(keys, share + 2 * err) if s >= self.cfg.min_copied_share]
        # then the exact shingle overlap, as ``compare`` does, before any fingerprint is rebuilt
        limit = 0.9 * self.cfg.min_copied_share
        return [k for k in keys if max(shingle_overlap(query_shingles, self._shingles[k])[1:]) >= limit]

    def fingerprint(self, key: int) -> Fingerprint:
        if key in self._fps:
            return self._fps[key]
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        source, title, text = self.entries[key]
        fp = fingerprint(text, source, title, self.cfg.shingle, simplified=True)
        self._cache[key] = fp
        if len(self._cache) > 256:
            self._cache.popitem(last=False)
        return fp


def duplicate_entry(kind: str, a: Fingerprint, b: Fingerprint, match: Match, cfg: ScreenConfig) -> dict[str, Any]:
    """The JSON entry of ``b`` as a duplicate of ``a`` (``kind``: ``reference`` or ``submission``)."""
    return {
        "source": b.source,
        "title": b.title,
        "kind": kind,
        "similarity": round(max(match.share_a, match.share_b), 3),
        "copied_share": match.share_a,
        "other_copied_share": match.share_b,
        "jaccard": match.jaccard,
        "containment": match.containment,
        "coverage": match.coverage,
        "passages": passage_dicts(a, b, match.passages, cfg.max_passages),
    }
