"""Word segmentation: jieba with the shipped party-building lexicon, loaded once per process."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from math import log

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


def _route(tok, block: str) -> list[int]:
    """The end (inclusive) of the word starting at each position of ``block`` on jieba's best path:
    ``Tokenizer.get_DAG`` and ``Tokenizer.calc`` in one backward pass, without their dictionaries
    of lists and tuples. The same arithmetic in the same order, so the same path, ties included
    (the longer word wins, as ``max`` over ``(probability, end)`` pairs picks it)."""
    freq = tok.FREQ
    logtotal = log(tok.total)
    n = len(block)
    best = [0.0] * (n + 1)
    ends = list(range(n))
    for k in range(n - 1, -1, -1):
        top = None
        i = k + 1
        f = freq.get(block[k])
        while f is not None:
            if f:
                p = log(f) - logtotal + best[i]
                if top is None or p >= top:  # a later (longer) word wins a tie
                    top, ends[k] = p, i - 1
            if i >= n:
                break
            i += 1
            f = freq.get(block[k:i])
        best[k] = top if top is not None else log(freq.get(block[k]) or 1) - logtotal + best[k + 1]
    return ends


def _dag_words(tok, block: str) -> list[tuple[str, bool]]:
    """The words of a Chinese block on jieba's best path, each with whether it is a run of
    single characters (jieba's buffer, which its HMM may regroup), in text order."""
    ends = _route(tok, block)
    out: list[tuple[str, bool]] = []
    x, n, run = 0, len(block), -1
    while x < n:
        y = ends[x] + 1
        if y - x == 1:
            if run < 0:
                run = x
        else:
            if run >= 0:
                out.append((block[run:x], True))
                run = -1
            out.append((block[x:y], False))
        x = y
    if run >= 0:
        out.append((block[run:], True))
    return out


def fast_lcut(text: str, *, user_dict: str | None = None) -> list[str]:
    """``tokenizer(user_dict).lcut(text)`` (accurate mode with HMM), the same tokens about twice as
    fast: the best path is found in one pass (``_route``)."""
    import jieba
    from jieba import finalseg

    tok = tokenizer(user_dict)
    re_han, re_skip = jieba.re_han_default, jieba.re_skip_default
    out: list[str] = []
    for blk in re_han.split(text):
        if not blk:
            continue
        if re_han.match(blk):
            for word, run in _dag_words(tok, blk):
                if not run or len(word) == 1:
                    out.append(word)
                elif not tok.FREQ.get(word):
                    out.extend(finalseg.cut(word))
                else:
                    out.extend(word)
        else:
            for x in re_skip.split(blk):
                if re_skip.match(x):
                    out.append(x)
                else:
                    out.extend(x)
    return out


def any_tag(text: str, test: Callable[[str], bool], *, user_dict: str | None = None) -> bool:
    """Whether any word of ``segment_pos(text)`` has a tag that passes ``test``, decided cheaply: the
    best path of each block is found once (``_route``), its dictionary words are looked up first,
    and jieba's HMM tags only the runs of single characters it would regroup, when still needed.
    Text outside the Chinese blocks is tagged x, m or eng only, so it is read only when ``test``
    takes one of those."""
    import jieba.posseg

    pt = pos_tokenizer(user_dict)
    if test("x") or test("m") or test("eng"):
        return any(test(w.flag) for w in pt.cut(text))
    pt.makesure_userdict_loaded()
    tok, tags = pt.tokenizer, pt.word_tag_tab
    runs: list[str] = []
    for blk in jieba.posseg.re_han_internal.findall(text):
        for word, run in _dag_words(tok, blk):
            if run:
                runs.append(word)
            elif test(tags.get(word, "x")):
                return True
    for run in runs:  # as posseg's cut tags them: alone, by the HMM when unknown, else char by char
        if len(run) == 1 or tok.FREQ.get(run):
            if any(test(tags.get(ch, "x")) for ch in run):
                return True
        elif any(test(w.flag) for w in pt._POSTokenizer__cut_detail(run)):
            return True
    return False


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
