"""Word segmentation: jieba with the shipped party-building lexicon, loaded once per process."""

from __future__ import annotations

import logging
from functools import lru_cache

from textkit.resources import data_path

LEXICON = "party_lexicon.txt"


def tokenizer(user_dict: str | None = None):
    """A jieba ``Tokenizer`` with the party-building lexicon (and an optional user dictionary),
    one per dictionary whether it is named or not (``tokenizer()`` is ``tokenizer(None)``)."""
    return _tokenizer(user_dict)


@lru_cache(maxsize=4)
def _tokenizer(user_dict: str | None):
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    lex = data_path(LEXICON)
    if lex.exists():
        tok.load_userdict(str(lex))
    if user_dict:
        tok.load_userdict(user_dict)
    return tok


def pos_tokenizer(user_dict: str | None = None):
    return _pos_tokenizer(user_dict)


@lru_cache(maxsize=4)
def _pos_tokenizer(user_dict: str | None):
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer(user_dict))


def segment(text: str, *, user_dict: str | None = None) -> list[str]:
    """Tokens of ``text`` (normalised, simplified text gives the best results)."""
    return tokenizer(user_dict).lcut(text)


def segment_pos(text: str, *, user_dict: str | None = None) -> list[tuple[str, str]]:
    """``(token, part-of-speech)`` pairs, jieba/ICTCLAS tag set."""
    return [(p.word, p.flag) for p in pos_tokenizer(user_dict).lcut(text)]


def token_spans(text: str, *, user_dict: str | None = None) -> list[tuple[str, int, int]]:
    """Tokens with their ``[start, end)`` offsets in ``text``."""
    out = []
    pos = 0
    for tok in tokenizer(user_dict).cut(text):
        out.append((tok, pos, pos + len(tok)))
        pos += len(tok)
    return out


def lexicon_size() -> int:
    lex = data_path(LEXICON)
    if not lex.exists():
        return 0
    with lex.open(encoding="utf-8") as fh:
        return sum(1 for line in fh if line.strip())


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """Part-of-speech tag of each dictionary word (jieba's tag set, lexicon tags included)."""
    pt = pos_tokenizer()
    pt.lcut("初始化")  # makes posseg merge the user dictionary's tags
    tags = dict(pt.word_tag_tab)
    tags.update(getattr(tokenizer(), "user_word_tag_tab", {}))
    return tags
