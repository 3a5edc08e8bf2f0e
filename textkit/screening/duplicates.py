"""Copy detection at passage level: shared passages between submissions and with references.

Texts are compared in their normalised form reduced to letters, digits and hanzi (simplified
script, punctuation and spaces removed), so a traditional-script copy of a simplified template
is caught. An inverted index of 8-character shingles proposes the pairs that share enough rare
shingles (those in fewer than ``stock_docs`` documents: stock phrases do not count); greedy
string tiling then yields the passages of ``min_passage`` characters or more they share, with
their offsets in both texts, however small a share of either text they cover. Each duplicate
says who copied whom (``role``): from a reference, from an earlier submission when both
submissions carry a date in their metadata, else mutual.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from textkit.arrays import sorted_unique
from textkit.labels import label
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


def _position_hashes(compact: str, n: int) -> np.ndarray:
    """32-bit hashes of the ``n``-character shingles of ``compact``, one per start position (a shorter text is one shingle)."""
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
    return (h >> np.uint64(32)).astype(np.uint32)


def shingle_hashes(compact: str, n: int = 5) -> np.ndarray:
    """Sorted unique 32-bit hashes of the ``n``-character shingles of ``compact`` (a shorter text is one shingle)."""
    return sorted_unique(_position_hashes(compact, n))


def fingerprint(text: str, source: str = "", title: str = "", n: int = 5, *, simplified: bool = False) -> Fingerprint:
    """The fingerprint of a normalised text (converted to simplified first unless ``simplified``)."""
    if not simplified:
        from textkit.normalization.script import to_simplified

        text = to_simplified(text)[0]
    compact, positions = compact_text(text)
    return Fingerprint(source, title, text, compact, positions, shingle_hashes(compact, n))


# --------------------------------------------------------------------------- passages and comparison


#: Occurrences of an n-gram in the other text that ``shared_passages`` tries, first ones first.
MAX_STARTS = 32


@dataclass(frozen=True)
class PassageTable:
    """The ``n``-grams of ``text`` by hash: ``hashes`` the hash at each start position, sorted, and
    ``order`` those positions in the same order (ascending within one hash). The side ``b`` of
    ``shared_passages``, built once by ``passage_table`` and reused against every text compared with it."""

    text: str
    n: int
    hashes: np.ndarray
    order: np.ndarray

    def matches(self, text: str, n: int) -> bool:
        """Whether this is the table of ``text`` for ``n``-grams."""
        return self.n == n and (self.text is text or self.text == text)


def passage_table(text: str, n: int = 5) -> PassageTable:
    """The ``PassageTable`` of ``text`` for ``n``-grams."""
    if len(text) < n:
        return PassageTable(text, n, np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int32))
    own = _position_hashes(text, n)
    order = np.argsort(own, kind="stable").astype(np.int32)
    return PassageTable(text, n, own[order], order)


def _run_length(a: str, b: str, i: int, j: int, k: int) -> int:
    """Length of the common run of ``a[i:]`` and ``b[j:]``, whose first ``k`` characters are known equal.

    Galloping over slices (compared in C), then a binary search inside the first unequal chunk."""
    limit = min(len(a) - i, len(b) - j)
    step = 16
    while k < limit:
        end = min(k + step, limit)
        if a[i + k : i + end] == b[j + k : j + end]:
            k, step = end, step * 2
            continue
        lo, hi = k, end - 1  # a[i + k : i + lo] is equal; the run ends before `end`
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if a[i + lo : i + mid] == b[j + lo : j + mid]:
                lo = mid
            else:
                hi = mid - 1
        return lo
    return k


def shared_passages(a: str, b: str, n: int = 5, min_len: int = 30, table: PassageTable | None = None) -> list[tuple[int, int, int, int]]:
    """Common substrings of ``a`` and ``b`` at least ``min_len`` long, as ``(a_start, a_end, b_start, b_end)``.

    Greedy string tiling from left to right in ``a``: at each position the longest match in ``b``
    starting with the same ``n``-gram (among its first ``MAX_STARTS`` occurrences; the first on a
    tie) is taken and the scan jumps past it. ``table`` is ``passage_table(b, n)`` when the caller
    compares ``b`` with many texts; without it the table is built here.

    Only positions of ``a`` where a run of ``min_len`` can start are visited: those whose next
    ``min_len - n + 1`` n-grams all occur in ``b`` (by hash, so a collision only adds a visit);
    there the occurrences in ``b`` are those of equal hash and equal n-gram, and runs are measured
    by comparing slices.
    """
    if len(a) < min_len or len(b) < min_len or len(a) < n or len(b) < n:
        return []
    if table is None:
        table = passage_table(b, n)
    elif not table.matches(b, n):
        raise ValueError("table is not the passage table of b for n-grams")
    own = _position_hashes(a, n)
    window = max(1, min_len - n + 1)  # n-grams in a run of min_len characters
    if own.size < window:
        return []
    lo = np.searchsorted(table.hashes, own)
    absent = table.hashes[np.minimum(lo, table.hashes.size - 1)] != own
    absent_before = np.concatenate(([0], np.cumsum(absent)))
    visits = np.flatnonzero(absent_before[window:] == absent_before[:-window])
    if not visits.size:
        return []
    hits, los = visits.tolist(), lo[visits].tolist()
    his = np.searchsorted(table.hashes, own[visits], "right").tolist()
    order, la, lb = table.order, len(a), len(b)
    out: list[tuple[int, int, int, int]] = []
    h = 0
    while h < len(hits):
        i = hits[h]
        gram, first = a[i : i + n], a[i : i + min_len]
        best, best_j, tried = 0, -1, 0
        for j in order[los[h] : his[h]].tolist():
            if b[j : j + n] != gram:
                continue  # a hash collision
            tried += 1
            if tried > MAX_STARTS:
                break
            if la - i <= best:
                break  # no run from i can be longer than the best
            if lb - j <= best or b[j : j + min_len] != first:
                continue  # too short to count, or not longer than the best
            if best and a[i : i + best + 1] != b[j : j + best + 1]:
                continue
            k = _run_length(a, b, i, j, max(best + 1, min(min_len, la - i, lb - j)))
            if k > best:
                best, best_j = k, j
        if best >= min_len:
            out.append((i, i + best, best_j, best_j + best))
            h = bisect.bisect_left(hits, i + best, h)
            continue
        h += 1
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


def compare(
    a: Fingerprint, b: Fingerprint, cfg: ScreenConfig, rare: np.ndarray | None = None, table: PassageTable | None = None
) -> Match | None:
    """The passages ``a`` and ``b`` share, or ``None`` when they share none of real length.

    A passage counts when it is at least ``min_passage`` characters long and, where ``rare`` (a
    boolean per character of ``a``, see ``PassageIndex.rare_chars``) is given, at least
    ``min_passage`` of its characters lie outside stock phrases; then ``None`` too unless the
    passages cover ``min_copied_share`` of either text (0 by default: any passage counts).
    ``table``: ``passage_table(b.compact, cfg.shingle)``, when ``b`` is compared with many texts."""
    passages = shared_passages(a.compact, b.compact, cfg.shingle, cfg.min_passage, table)
    if rare is not None:
        passages = [p for p in passages if int(rare[p[0] : p[1]].sum()) >= cfg.min_passage]
    if not passages:
        return None
    share_a = union_share(a, ((s, e) for s, e, _, _ in passages))
    share_b = union_share(b, ((s, e) for _, _, s, e in passages))
    if max(share_a, share_b) < cfg.min_copied_share:
        return None
    inter, cont, cov = shingle_overlap(a.shingles, b.shingles)
    jac = inter / max(1, a.shingles.size + b.shingles.size - inter)
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


class PassageIndex:
    """An inverted index of the ``cfg.passage_gram``-character shingles of submissions and references.

    A shingle found in at least ``stock_docs`` documents (``cfg.stock_min_docs``, or
    ``cfg.stock_share`` of the documents when that is more) belongs to a stock phrase: it neither
    proposes candidates nor counts towards a passage. ``candidates`` looks the rare shingles of a
    document up in the posting lists and returns the documents sharing enough of them to hold a
    passage, so the cost grows with the postings of rare shingles, not with the number of pairs.
    """

    def __init__(self, cfg: ScreenConfig):
        self.cfg = cfg
        self.n = cfg.passage_gram
        self.kinds: list[str] = []
        self._positions: list[np.ndarray] = []  # shingle hash at each position of each document
        self._hashes = np.zeros(0, dtype=np.uint32)  # sorted unique shingles of the index
        self._offsets = np.zeros(1, dtype=np.int64)  # postings of _hashes[i]: _docs[_offsets[i]:_offsets[i + 1]]
        self._docs = np.zeros(0, dtype=np.int32)
        self._common = np.zeros(0, dtype=np.uint32)

    def __len__(self) -> int:
        return len(self.kinds)

    def add(self, fp: Fingerprint, kind: str) -> int | None:
        """Index a fingerprint (``kind``: ``submission`` or ``reference``); its key, or None when it is too short."""
        if len(fp) < self.cfg.min_passage:
            return None
        self.kinds.append(kind)
        self._positions.append(_position_hashes(fp.compact, self.n))
        return len(self.kinds) - 1

    @property
    def stock_docs(self) -> int:
        """Documents from which a shingle is part of a stock phrase."""
        return max(self.cfg.stock_min_docs, math.ceil(self.cfg.stock_share * len(self)))

    def build(self) -> None:
        """Sort the postings and find the stock shingles; call after the last ``add``."""
        if not self._positions:
            return
        # hash << 32 | document, sorted: posting lists with documents in key order, no argsort
        codes = np.concatenate(
            [(sorted_unique(p).astype(np.uint64) << np.uint64(32)) | np.uint64(k) for k, p in enumerate(self._positions)]
        )
        codes.sort()
        hashes = (codes >> np.uint64(32)).astype(np.uint32)
        self._docs = (codes & np.uint64(0xFFFFFFFF)).astype(np.int32)
        del codes
        starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
        self._hashes = hashes[starts]
        self._offsets = np.r_[starts, hashes.size].astype(np.int64)
        self._common = self._hashes[np.diff(self._offsets) >= self.stock_docs]

    def rare_chars(self, fp: Fingerprint) -> np.ndarray:
        """Per character of ``fp``: whether a shingle outside stock phrases covers it."""
        if not len(fp):
            return np.zeros(0, dtype=bool)
        rare = ~np.isin(_position_hashes(fp.compact, self.n), self._common)
        return np.convolve(rare.astype(np.int32), np.ones(min(self.n, len(fp)), dtype=np.int32))[: len(fp)] > 0

    def candidates(self, key: int) -> list[int]:
        """Other documents that may share a passage with document ``key`` (references are not
        compared with references).

        The posting lists of the rare shingles of ``key``, position by position, give the
        documents that share a run of consecutive rare shingles (a third of those a passage
        holds); of those, the documents sharing a run of shingles at the same offset in both
        texts that holds half of them are kept."""
        positions = self._positions[key]
        at = np.searchsorted(self._hashes, positions)
        lo, hi = self._offsets[at], self._offsets[at + 1]
        keep = (hi - lo < self.stock_docs) & (hi - lo > 1)
        rare = hi - lo < self.stock_docs
        where, lo, lengths = np.flatnonzero(keep), lo[keep], (hi - lo)[keep]
        if not lengths.size:
            return []
        flat = np.repeat(lo - np.cumsum(np.r_[0, lengths[:-1]]), lengths) + np.arange(int(lengths.sum()))
        docs, i = self._docs[flat].astype(np.int64), np.repeat(where, lengths)
        code = np.sort(docs * (positions.size + 1) + i)
        docs, i = code // (positions.size + 1), code % (positions.size + 1)
        starts = np.flatnonzero(np.r_[True, (np.diff(docs) != 0) | (np.diff(i) != 1)])
        runs = np.diff(np.r_[starts, code.size])
        run = self.cfg.min_passage - self.n + 1
        found = np.unique(docs[starts[runs >= max(1, run // 3)]])
        found = [int(k) for k in found if k != key and (self.kinds[key] != "reference" or self.kinds[k] != "reference")]
        mine = _SortedPositions(positions) if found else positions
        return [k for k in found if _rarest_common_run(mine, self._positions[k], rare) >= run // 2]


class _SortedPositions:
    """A document's shingle hashes by position, sorted once to find the positions of any other document's shingles in it."""

    def __init__(self, hashes: np.ndarray):
        self.order = np.argsort(hashes, kind="stable")  # positions, ascending within one hash
        self.sorted = hashes[self.order]
        starts = np.flatnonzero(np.r_[True, self.sorted[1:] != self.sorted[:-1]]) if hashes.size else np.zeros(0, dtype=np.int64)
        self.equal = np.zeros(hashes.size, dtype=np.int64)  # at the first of equal hashes: how many there are
        self.equal[starts] = np.diff(np.r_[starts, hashes.size])

    def pairs(self, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(mine, theirs)``: every pair of positions holding the same hash, ``theirs`` ascending."""
        if not self.sorted.size or not other.size:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        lo = np.minimum(np.searchsorted(self.sorted, other), self.sorted.size - 1)
        counts = np.where(self.sorted[lo] == other, self.equal[lo], 0)
        total = int(counts.sum())
        theirs = np.repeat(np.arange(other.size), counts)
        mine = self.order[np.repeat(lo - np.cumsum(np.r_[0, counts[:-1]]), counts) + np.arange(total)]
        return mine, theirs


def _rarest_common_run(a: np.ndarray | _SortedPositions, b: np.ndarray, rare: np.ndarray) -> int:
    """Of the runs of consecutive shingles ``a`` and ``b`` (hashes by position) share at the same
    offset in both (common substrings, barring hash collisions), the most rare shingles one holds
    (``rare``: per position of ``a``). ``a`` may be given sorted, when it is compared with many ``b``."""
    i, j = (a if isinstance(a, _SortedPositions) else _SortedPositions(a)).pairs(b)
    if not i.size:
        return 0
    diagonal = j.astype(np.int64) - i
    by = np.lexsort((i, diagonal))
    i, diagonal = i[by], diagonal[by]
    starts = np.flatnonzero(np.r_[True, (np.diff(i) != 1) | (np.diff(diagonal) != 0)])
    return int(np.add.reduceat(rare[i].astype(np.int32), starts).max())


#: Roles of a copy, seen from the submission whose duplicate it is (their words: ``copy_role.*`` in the labels).
ROLES = ("copied_from_reference", "copied_from_earlier", "copied_by_later", "mutual")
#: The roles that count against the submission (its ``copied_share`` and score).
PENALISED_ROLES = {"copied_from_reference", "copied_from_earlier", "mutual"}
DATE_COLUMNS = ("date", "日期", "提交日期", "报送日期", "submitted", "year", "年份", "年度")
_DATE = re.compile(r"(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?)?")


def metadata_date(metadata: dict[str, Any]) -> tuple[int, ...] | None:
    """``(year[, month[, day]])`` from a manifest row's date or year column, or None.

    Only metadata columns count: file times and dates inside the text say nothing reliable
    about which of two texts came first."""
    lower = {str(k).strip().lower(): v for k, v in metadata.items()}
    for column in DATE_COLUMNS:
        value = lower.get(column)
        if value is None or isinstance(value, bool):
            continue
        if hasattr(value, "year"):  # a date or datetime from a spreadsheet cell
            return (value.year, value.month, value.day)
        m = _DATE.search(str(value))
        if m and 1900 <= int(m.group(1)) <= 2200:
            return tuple(int(g) for g in m.groups() if g)
    return None


def pair_role(date: tuple[int, ...] | None, other_date: tuple[int, ...] | None) -> str:
    """The role of one submission in a pair of submissions: who copied whom, when their dates tell it."""
    if date is None or other_date is None:
        return "mutual"
    common = min(len(date), len(other_date))
    if date[:common] == other_date[:common]:
        return "mutual"
    return "copied_from_earlier" if date[:common] > other_date[:common] else "copied_by_later"


def duplicate_entry(kind: str, a: Fingerprint, b: Fingerprint, match: Match, cfg: ScreenConfig, role: str) -> dict[str, Any]:
    """The JSON entry of ``b`` as a duplicate of ``a`` (``kind``: ``reference`` or ``submission``; ``role``: one of ``ROLES``)."""
    return {
        "source": b.source,
        "title": b.title,
        "kind": kind,
        "role": role,
        "role_label": label(f"copy_role.{role}"),
        "penalised": role in PENALISED_ROLES,
        "similarity": round(max(match.share_a, match.share_b), 3),
        "copied_share": match.share_a,
        "other_copied_share": match.share_b,
        "jaccard": match.jaccard,
        "containment": match.containment,
        "coverage": match.coverage,
        "passages": passage_dicts(a, b, match.passages, cfg.max_passages),
    }
