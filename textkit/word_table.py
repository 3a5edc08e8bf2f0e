"""jieba's word table (counts and part-of-speech tags, the party-building lexicon merged in), read one
first character at a time.

The extractors look up a few tens of thousands of words per thousand documents (a word's tag, whether a
string is a dictionary word) and segment a few thousand characters. Building jieba's two full tables
(500,000 words with counts, 350,000 with tags) cost about 0.3 s at every start, before the first
document, in the process that forks the workers. ``WordTable`` keeps the same entries as one sorted
UTF-8 text with arrays of counts and tag codes, cached as plain arrays under ``resources.cache_dir``
(read with ``allow_pickle=False``), and turns the words of one first character into a plain
dictionary the first time a word starting with it is looked up. ``counts`` and ``tags`` are read-only mappings
equal to the full ``FREQ`` and tag tables they were built from.
"""

from __future__ import annotations

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
    """The words of a jieba dictionary with their counts and tags, turned into a plain dictionary one
    first character at a time, on demand. Each word's value there packs both: ``(count + 1) << 8 |
    tag code`` (``PACKED_ABSENT_COUNT`` and below: no count; code ``NO_TAG``: no tag), so one
    dictionary is built and one look-up made for both tables. ``counts`` is ``Tokenizer.FREQ``
    (prefixes with count 0 included), ``tags`` the part-of-speech table; ``total`` is
    ``Tokenizer.total``; ``bucket`` gives the dictionary of one first character itself, for loops that
    look up many words sharing it (``segmentation._route``)."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self._text = arrays["words"].tobytes()
        counts = np.asarray(arrays["counts"], dtype=np.int64)
        codes = np.asarray(arrays["tags"], dtype=np.uint8)
        starts, offsets = arrays["starts"].tolist(), arrays["offsets"].tolist()
        firsts = arrays["firsts"].tobytes().decode("utf-8")
        if not (
            counts.ndim == codes.ndim == 1
            and len(counts) == len(codes) == starts[-1]
            and len(starts) == len(offsets) == len(firsts) + 1
            and offsets[-1] == len(self._text) + 1
            and int(counts.min(initial=0)) >= -1
            and int(counts.max(initial=0)) < 2**54  # packed with the tag code in 63 bits
        ):
            raise ValueError("inconsistent word table")
        self._packed = ((counts + 1) << 8) | codes
        self.names = arrays["tag_names"].tobytes().decode("ascii").split("\n") if len(arrays["tag_names"]) else []
        self.total = int(arrays["total"])
        self._index = {ch: (starts[i], starts[i + 1], offsets[i], offsets[i + 1] - 1) for i, ch in enumerate(firsts)}
        self.buckets: dict[str, dict[str, int]] = {}
        self.counts = _Counts(self, int(np.count_nonzero(counts >= 0)))
        self.tags = _Tags(self, int(np.count_nonzero(codes != NO_TAG)))

    def load(self, first: str) -> dict[str, int]:
        """word → packed value of the words starting with ``first``."""
        span = self._index.get(first) if isinstance(first, str) else None
        if span is None:
            bucket: dict[str, int] = {}
        else:
            start, end, lo, hi = span
            bucket = dict(zip(self._text[lo:hi].decode("utf-8").split("\n"), self._packed[start:end].tolist()))
        self.buckets[first] = bucket
        return bucket

    def bucket(self, first: str) -> dict[str, int]:
        found = self.buckets.get(first)
        return found if found is not None else self.load(first)

    def firsts(self) -> Iterator[str]:
        return iter(self._index)


#: A packed value at or below this has no count (the word has a tag only).
PACKED_ABSENT_COUNT = 255


class _View(Mapping):
    """A read-only mapping over a ``WordTable``'s packed values (``_value`` turns one into the mapped
    value, or ``_MISSING``)."""

    __slots__ = ("_buckets", "_len", "_table")

    def __init__(self, table: WordTable, size: int) -> None:
        self._table, self._buckets, self._len = table, table.buckets, size

    def _packed(self, key) -> int | None:
        try:
            return self._buckets[key[:1]].get(key)
        except KeyError:
            return self._table.load(key[:1]).get(key)
        except TypeError:  # not a string
            return None

    def _value(self, packed: int):
        raise NotImplementedError

    def get(self, key, default=None):
        packed = self._packed(key)
        value = _MISSING if packed is None else self._value(packed)
        return default if value is _MISSING else value

    def __getitem__(self, key):
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        for first in self._table.firsts():
            yield from (w for w, v in self._table.bucket(first).items() if self._value(v) is not _MISSING)

    def __len__(self) -> int:
        return self._len


class _Counts(_View):
    """word → count, as ``Tokenizer.FREQ``."""

    __slots__ = ()

    def _value(self, packed: int):
        return (packed >> 8) - 1 if packed > PACKED_ABSENT_COUNT else _MISSING


class _Tags(_View):
    """word → part-of-speech tag, as ``POSTokenizer.word_tag_tab``. ``update`` (which jieba's
    ``POSTokenizer`` calls with a user dictionary's tags) writes to an overlay read first."""

    __slots__ = ("_extra", "_names")

    def __init__(self, table: WordTable, size: int) -> None:
        super().__init__(table, size)
        self._names = [*table.names, *[None] * (256 - len(table.names))]
        self._extra: dict[str, str] | None = None

    def _value(self, packed: int):
        tag = self._names[packed & 0xFF]
        return _MISSING if tag is None else tag

    def get(self, key, default=None):  # the extractors' hot path: ``_packed`` and ``_value`` inlined
        if self._extra is not None and key in self._extra:
            return self._extra[key]
        try:
            packed = self._buckets[key[:1]].get(key)
        except KeyError:
            packed = self._table.load(key[:1]).get(key)
        except TypeError:
            return default
        tag = None if packed is None else self._names[packed & 0xFF]
        return default if tag is None else tag

    def __iter__(self) -> Iterator[str]:
        extra = self._extra or {}
        yield from (w for w in super().__iter__() if w not in extra)
        yield from extra

    def __len__(self) -> int:
        return sum(1 for _ in self) if self._extra else self._len

    def update(self, other=(), **more) -> None:
        extra = self._extra if self._extra is not None else {}
        extra.update(other, **more)
        self._extra = extra

    def __setitem__(self, key: str, tag: str) -> None:
        self.update({key: tag})
