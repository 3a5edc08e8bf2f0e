"""Content tokens: jieba with the party lexicon (as ``textkit.segmentation`` segments), minus stop
words, punctuation, numbers and (by default) single characters. The report's keywords and the
corpus tools count the same tokens."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from textkit.resources import pattern

_HANZI = re.compile(r"[\u4e00-\u9fff]")
_NUMERAL_WORD = re.compile(pattern("report_numeral_words"))


@lru_cache(maxsize=1)
def default_stopwords() -> frozenset[str]:
    """The shipped domain stop words (``textkit/data/stopwords.txt``)."""
    from textkit.screening.substance import stopwords

    return stopwords()


def is_content_token(token: str, stop: frozenset[str], min_length: int = 2) -> bool:
    """A word with a hanzi, at least ``min_length`` characters, no digit, not a stop word nor a numeral word (十五, 第三)."""
    return (
        len(token) >= min_length
        and _HANZI.search(token) is not None
        and token not in stop
        and not _NUMERAL_WORD.match(token)
        and not any(c.isdigit() for c in token)
    )


def all_tokens(text: str) -> list[str]:
    """Every jieba token of ``text`` (the party lexicon loaded), as ``textkit.segment`` gives them."""
    from textkit.segmentation import fast_lcut

    return fast_lcut(text)


def content_tokens(text: str, stop: frozenset[str] | None = None, min_length: int = 2) -> list[str]:
    """The content tokens of ``text`` in order (``stop`` defaults to the shipped stop words)."""
    stop = default_stopwords() if stop is None else stop
    return [t for t in all_tokens(text) if is_content_token(t, stop, min_length)]


def token_tag(token: str) -> str:
    """The part-of-speech tag of a token, jieba/ICTCLAS tag set: its dictionary tag (lexicon tags
    included), else the tag jieba's HMM gives an unknown word. Context-free, so far cheaper than
    ``segment_pos`` (which tags dictionary words the same way)."""
    from textkit.segmentation import hmm_pos, word_tags

    tag = word_tags().get(token)
    if tag:
        return tag
    tagged = hmm_pos(token)
    return tagged[0][1] if len(tagged) == 1 else "x"


def matches_pos(tag: str, wanted: Iterable[str]) -> bool:
    """Whether ``tag`` starts with one of the ``wanted`` prefixes (``n`` takes ``ns``, ``nr``, ``nz`` …)."""
    return any(tag.startswith(w) for w in wanted)
