"""jieba's word table (counts and part-of-speech tags, the party-building lexicon merged in), read one
first character at a time.

The extractors look up a few tens of thousands of words per thousand documents (a word's tag, whether a
string is a dictionary word) and segment a few thousand characters. Building jieba's two full tables
(500,000 words with counts, 350,000 with tags) cost about 0.3 s at every start, before the first
document, in the process that forks the workers. ``WordTable`` keeps the same entries as one sorted
UTF-8 text with arrays of counts and tag codes, cached as plain arrays under ``resources.cache_dir``
(read with ``allow_pickle=False``), and turns the words of one first character into plain
dictionaries the first time a word starting with it is looked up. ``counts`` and ``tags`` are read-only mappings
equal to the full ``FREQ`` and tag tables they were built from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import compress
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
    """The words of a jieba dictionary with their counts and tags, turned into plain dictionaries one
    first character at a time, on demand. ``counts`` is ``Tokenizer.FREQ`` (prefixes with count 0
    included), ``tags`` the part-of-speech table; ``total`` is ``Tokenizer.total``. ``counts_from``
    gives the dictionary of one first character itself, for loops that look up many words sharing
    it (``segmentation._route``)."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self._text = arrays["words"].tobytes()
        self._counts = np.ascontiguousarray(arrays["counts"], dtype=np.int64)
        self._codes = np.ascontiguousarray(arrays["tags"], dtype=np.uint8)
        starts, offsets = arrays["starts"].tolist(), arrays["offsets"].tolist()
        firsts = arrays["firsts"].tobytes().decode("utf-8")
        if not (
            len(self._counts) == len(self._codes) == starts[-1]
            and len(starts) == len(offsets) == len(firsts) + 1
            and offsets[-1] == len(self._text) + 1
        ):
            raise ValueError("inconsistent word table")
        self._names = arrays["tag_names"].tobytes().decode("ascii").split("\n") if len(arrays["tag_names"]) else []
        self.total = int(arrays["total"])
        self._index = {ch: (starts[i], starts[i + 1], offsets[i], offsets[i + 1] - 1) for i, ch in enumerate(firsts)}
        self._count_buckets: dict[str, dict[str, int]] = {}
        self._tag_buckets: dict[str, dict[str, str]] = {}
        self.counts = _Counts(self, int(np.count_nonzero(self._counts >= 0)))
        self.tags = _Tags(self, int(np.count_nonzero(self._codes != NO_TAG)))

    def load(self, first: str) -> tuple[dict[str, int], dict[str, str]]:
        """The counts and the tags of the words starting with ``first``."""
        span = self._index.get(first) if isinstance(first, str) else None
        if span is None:
            counts: dict[str, int] = {}
            tags: dict[str, str] = {}
        else:
            start, end, lo, hi = span
            words = self._text[lo:hi].decode("utf-8").split("\n")
            values = self._counts[start:end]
            counts = dict(zip(words, values.tolist()))
            if bool((values < 0).any()):  # words with a tag and no count
                for word, value in zip(words, values.tolist()):
                    if value < 0:
                        del counts[word]
            codes = self._codes[start:end]
            tagged = (codes != NO_TAG).tolist()
            tags = dict(zip(compress(words, tagged), map(self._names.__getitem__, codes[codes != NO_TAG].tolist())))
        self._count_buckets[first] = counts
        self._tag_buckets[first] = tags
        return counts, tags

    def counts_from(self, first: str) -> dict[str, int]:
        """word → count of the words starting with ``first`` (a plain dictionary)."""
        found = self._count_buckets.get(first)
        return found if found is not None else self.load(first)[0]

    def firsts(self) -> Iterator[str]:
        return iter(self._index)


class _Counts(Mapping[str, int]):
    """word → count, as ``Tokenizer.FREQ``."""

    __slots__ = ("_buckets", "_len", "_table")

    def __init__(self, table: WordTable, size: int) -> None:
        self._table, self._buckets, self._len = table, table._count_buckets, size

    def get(self, key, default=None):
        try:
            bucket = self._buckets[key[:1]]
        except KeyError:
            bucket = self._table.load(key[:1])[0]
        except TypeError:
            return default
        return bucket.get(key, default)

    def __getitem__(self, key: str) -> int:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        try:
            bucket = self._buckets[key[:1]]  # type: ignore[index]
        except KeyError:
            bucket = self._table.load(key[:1])[0]  # type: ignore[index]
        except TypeError:
            return False
        return key in bucket

    def __iter__(self) -> Iterator[str]:
        for first in self._table.firsts():
            yield from self._table.counts_from(first)

    def __len__(self) -> int:
        return self._len


class _Tags(Mapping[str, str]):
    """word → part-of-speech tag, as ``POSTokenizer.word_tag_tab``. ``update`` (which jieba's
    ``POSTokenizer`` calls with a user dictionary's tags) writes to an overlay read first."""

    __slots__ = ("_buckets", "_extra", "_len", "_table")

    def __init__(self, table: WordTable, size: int) -> None:
        self._table, self._buckets, self._len = table, table._tag_buckets, size
        self._extra: dict[str, str] | None = None

    def get(self, key, default=None):
        if self._extra is not None and key in self._extra:
            return self._extra[key]
        try:
            bucket = self._buckets[key[:1]]
        except KeyError:
            bucket = self._table.load(key[:1])[1]
        except TypeError:
            return default
        return bucket.get(key, default)

    def __getitem__(self, key: str) -> str:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        if self._extra is not None and key in self._extra:
            return True
        try:
            bucket = self._buckets[key[:1]]  # type: ignore[index]
        except KeyError:
            bucket = self._table.load(key[:1])[1]  # type: ignore[index]
        except TypeError:
            return False
        return key in bucket

    def __iter__(self) -> Iterator[str]:
        extra = self._extra or {}
        for first in self._table.firsts():
            bucket = self._buckets.get(first)
            yield from (w for w in (bucket if bucket is not None else self._table.load(first)[1]) if w not in extra)
        yield from extra

    def __len__(self) -> int:
        return sum(1 for _ in self) if self._extra else self._len

    def update(self, other=(), **more) -> None:
        extra = self._extra if self._extra is not None else {}
        extra.update(other, **more)
        self._extra = extra

    def __setitem__(self, key: str, tag: str) -> None:
        self.update({key: tag})
