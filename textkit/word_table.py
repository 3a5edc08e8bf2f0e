"""jieba's word table (counts and part-of-speech tags, the party-building lexicon merged in), read one
first character at a time.

The extractors look up a few tens of thousands of words per thousand documents (a word's tag, whether a
string is a dictionary word) and segment a few thousand characters. Building jieba's two full tables
(500,000 words with counts, 350,000 with tags) cost about 0.3 s at every start, before the first
document, in the process that forks the workers. ``WordTable`` keeps the same entries as one sorted
UTF-8 text with arrays of counts and tag codes, cached as plain arrays under ``resources.cache_dir``
(read with ``allow_pickle=False``), and splits the words of one first character into a sorted list
the first time a word starting with it is looked up. ``counts`` and ``tags`` are read-only mappings
equal to the full ``FREQ`` and tag tables they were built from.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

FORMAT = 1
NO_TAG = 255  # tag code of a word that has a count but no tag
_MISSING: Any = object()


def table_arrays(freq: Mapping[str, int], tags: Mapping[str, str], total: int) -> dict[str, np.ndarray] | None:
    """The arrays a ``WordTable`` is read from: the union of both tables' words in code-point order;
    None when a word or tag cannot be stored (an empty word, a newline, a non-ASCII tag, too many tags)."""
    words = sorted(set(freq) | set(tags))
    names = sorted(set(tags.values()))
    if len(names) >= NO_TAG or not all(isinstance(n, str) and n.isascii() and "\n" not in n for n in names):
        return None
    if any(not w or "\n" in w for w in words):
        return None
    code = {n: i for i, n in enumerate(names)}
    counts = np.fromiter((freq.get(w, -1) for w in words), dtype=np.int64, count=len(words))
    codes = np.fromiter((code[tags[w]] if w in tags else NO_TAG for w in words), dtype=np.uint8, count=len(words))
    firsts: list[str] = []
    starts: list[int] = []
    offsets: list[int] = []
    offset = 0
    for i, w in enumerate(words):
        if not firsts or w[0] != firsts[-1]:
            firsts.append(w[0])
            starts.append(i)
            offsets.append(offset)
        offset += len(w.encode("utf-8")) + 1
    starts.append(len(words))
    offsets.append(offset)
    return {
        "words": np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
        "counts": counts,
        "tags": codes,
        "tag_names": np.frombuffer("\n".join(names).encode("ascii"), dtype=np.uint8),
        "total": np.int64(total),
        "firsts": np.frombuffer("".join(firsts).encode("utf-8"), dtype=np.uint8),
        "starts": np.asarray(starts, dtype=np.int64),
        "offsets": np.asarray(offsets, dtype=np.int64),
    }


class WordTable:
    """The words of a jieba dictionary with their counts and tags, split into sorted lists one first
    character at a time, on demand. ``counts`` is ``Tokenizer.FREQ`` (prefixes with count 0 included),
    ``tags`` the part-of-speech table; ``total`` is ``Tokenizer.total``."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self._text = arrays["words"].tobytes()
        counts = np.ascontiguousarray(arrays["counts"], dtype=np.int64)
        codes = np.ascontiguousarray(arrays["tags"], dtype=np.uint8)
        starts, offsets = arrays["starts"].tolist(), arrays["offsets"].tolist()
        firsts = arrays["firsts"].tobytes().decode("utf-8")
        if not (
            len(counts) == len(codes) == starts[-1]
            and len(starts) == len(offsets) == len(firsts) + 1
            and offsets[-1] == len(self._text) + 1
        ):
            raise ValueError("inconsistent word table")
        names = arrays["tag_names"].tobytes().decode("ascii").split("\n") if len(arrays["tag_names"]) else []
        self.total = int(arrays["total"])
        self._index = {ch: (starts[i], starts[i + 1], offsets[i], offsets[i + 1] - 1) for i, ch in enumerate(firsts)}
        self._buckets: dict[str, tuple[Any, int]] = {}
        self.counts = _Counts(self, memoryview(counts), int(np.count_nonzero(counts >= 0)))
        self.tags = _Tags(self, codes.tobytes(), [*names, *[None] * (256 - len(names))], int(np.count_nonzero(codes != NO_TAG)))

    def bucket(self, first: str) -> tuple[Any, int]:
        """The sorted words starting with ``first`` and the index of the first of them."""
        span = self._index.get(first)
        if span is None:
            found: tuple[Any, int] = ((), 0)
        else:
            start, _end, lo, hi = span
            found = (self._text[lo:hi].decode("utf-8").split("\n"), start)
        self._buckets[first] = found
        return found

    def words(self) -> Iterator[tuple[str, int]]:
        """Every word with its index, in order (reads every bucket)."""
        for first in self._index:
            words, base = self._buckets.get(first) or self.bucket(first)
            yield from zip(words, range(base, base + len(words)))


class _Counts(Mapping[str, int]):
    """word → count, as ``Tokenizer.FREQ``."""

    __slots__ = ("_buckets", "_counts", "_len", "_table")

    def __init__(self, table: WordTable, counts: memoryview, size: int) -> None:
        self._table, self._buckets, self._counts, self._len = table, table._buckets, counts, size

    def get(self, key, default=None):
        try:
            words, base = self._buckets[key[:1]]
        except KeyError:
            words, base = self._table.bucket(key[:1])
        except TypeError:
            return default
        i = bisect_left(words, key)
        if i < len(words) and words[i] == key:
            value = self._counts[base + i]
            if value >= 0:
                return value
        return default

    def __getitem__(self, key: str) -> int:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        counts = self._counts
        return (w for w, i in self._table.words() if counts[i] >= 0)

    def __len__(self) -> int:
        return self._len


class _Tags(Mapping[str, str]):
    """word → part-of-speech tag, as ``POSTokenizer.word_tag_tab``. ``update`` (which jieba's
    ``POSTokenizer`` calls with a user dictionary's tags) writes to an overlay read first."""

    __slots__ = ("_buckets", "_codes", "_extra", "_len", "_names", "_table")

    def __init__(self, table: WordTable, codes: bytes, names: list, size: int) -> None:
        self._table, self._buckets, self._codes, self._names, self._len = table, table._buckets, codes, names, size
        self._extra: dict[str, str] | None = None

    def get(self, key, default=None):
        if self._extra is not None and key in self._extra:
            return self._extra[key]
        try:
            words, base = self._buckets[key[:1]]
        except KeyError:
            words, base = self._table.bucket(key[:1])
        except TypeError:
            return default
        i = bisect_left(words, key)
        if i < len(words) and words[i] == key:
            tag = self._names[self._codes[base + i]]
            if tag is not None:
                return tag
        return default

    def __getitem__(self, key: str) -> str:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        names, codes, extra = self._names, self._codes, self._extra or {}
        yield from (w for w, i in self._table.words() if names[codes[i]] is not None and w not in extra)
        yield from extra

    def __len__(self) -> int:
        return sum(1 for _ in self) if self._extra else self._len

    def update(self, other=(), **more) -> None:
        extra = self._extra if self._extra is not None else {}
        extra.update(other, **more)
        self._extra = extra

    def __setitem__(self, key: str, tag: str) -> None:
        self.update({key: tag})
