"""Word segmentation: jieba with the shipped party-building lexicon, loaded once per process."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from functools import lru_cache
from math import log
from pathlib import Path

from textkit.resources import data_path, loading

LEXICON = "party_lexicon.txt"


def import_jieba():
    """``import jieba``, without the 0.15 s import of ``pkg_resources`` that jieba does only to open
    its own dictionary file (it falls back to a plain ``open`` of the same file when the import fails).
    Later imports of ``pkg_resources`` are unaffected."""
    import sys

    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment] - makes ``import pkg_resources`` raise ImportError
    try:
        import jieba
    finally:
        if blocked and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


def tokenizer(user_dict: str | None = None):
    """A jieba ``Tokenizer`` with the party-building lexicon (and an optional user dictionary),
    one per dictionary whether it is named or not (``tokenizer()`` is ``tokenizer(None)``)."""
    return _tokenizer(user_dict)


@lru_cache(maxsize=4)
def _tokenizer(user_dict: str | None):
    jieba = import_jieba()

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    with loading("the jieba dictionary"):
        if not _load_cached_dictionary(tok):
            tok.initialize()
            _store_cached_dictionary(tok)
    lex = data_path(LEXICON)
    if lex.exists():
        tok.load_userdict(str(lex))
    if user_dict:
        tok.load_userdict(user_dict)
    return tok


# jieba's own cache (``/tmp/jieba.cache``) is read with ``marshal.load`` on a file, item by item:
# about a second for its 500,000 prefixes. textkit keeps the same table in its private cache folder
# (``resources.cache_dir``) as plain arrays (the words as one UTF-8 text, the counts as integers),
# read with ``numpy.load(allow_pickle=False)`` in a fifth of that; nothing in it can run code. The
# part-of-speech tag of each word is kept there too, so that ``import jieba.posseg`` need not read
# the dictionary file again (1.3 s): see ``_default_word_tags``.
_DICTIONARY_CACHE_FORMAT = 3
#: The words of the cached dictionary (the tagged ones first) and the tags of the tagged ones, when it was read from the cache.
_CACHED_TAGS: dict[str, list[str]] = {}


def _dictionary_cache_path() -> Path | None:
    """The cache file of jieba's default dictionary, named after jieba's version and the dictionary
    file's size and modification time (a changed dictionary gets a new file); None without a cache folder."""
    jieba = import_jieba()

    from textkit.resources import cache_dir

    folder = cache_dir()
    dictionary = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    if folder is None or not dictionary.is_file():
        return None
    st = dictionary.stat()
    key = f"{_DICTIONARY_CACHE_FORMAT}|{jieba.__version__}|{dictionary}|{st.st_size}|{st.st_mtime_ns}"
    return folder / f"jieba-dict-{hashlib.sha256(key.encode()).hexdigest()[:20]}.npz"


def _load_cached_dictionary(tok) -> bool:
    """Fill a fresh default ``jieba.Tokenizer`` from the cache (as ``initialize`` would); False when
    there is no usable cache file."""
    path = _dictionary_cache_path()
    if path is None or not path.is_file():
        return False
    import sys

    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as arrays:
            words = arrays["words"].tobytes().decode("utf-8").split("\n")
            counts = arrays["counts"].tolist()
            total = int(arrays["total"])
            names = [sys.intern(t) for t in arrays["tag_names"].tobytes().decode("ascii").split("\n")]
            codes = arrays["tags"].tolist()
    except Exception:  # noqa: BLE001 - a damaged cache is rebuilt, never an error
        return False
    if len(words) != len(counts) or len(codes) > len(words) or not all(isinstance(c, int) for c in counts[:1]):
        return False
    if codes and max(codes) >= len(names):
        return False
    tok.FREQ, tok.total, tok.initialized = dict(zip(words, counts)), total, True
    # The tagged words come first, so ``zip(words, tags)`` pairs each with its tag and stops there;
    # the tags are shared string objects, one per tag name.
    _CACHED_TAGS.update(words=words, tags=list(map(names.__getitem__, codes)))
    return True


def _store_cached_dictionary(tok) -> None:
    path = _dictionary_cache_path()
    if path is None or any("\n" in w for w in tok.FREQ):
        return
    import numpy as np

    from textkit.resources import write_cache_file

    tag_of = _dictionary_tags()
    if tag_of is None:
        return
    ordered = [w for w in tok.FREQ if tag_of.get(w)]  # the tagged words first (see _load_cached_dictionary)
    ordered += [w for w in tok.FREQ if not tag_of.get(w)]
    names = sorted({tag_of[w] for w in ordered if tag_of.get(w)})
    if len(names) > 255:
        return
    code_of = {name: i for i, name in enumerate(names)}
    words = np.frombuffer("\n".join(ordered).encode("utf-8"), dtype=np.uint8)
    counts = np.fromiter((tok.FREQ[w] for w in ordered), dtype=np.int64, count=len(ordered))
    tags = np.fromiter((code_of[tag_of[w]] for w in ordered if tag_of.get(w)), dtype=np.uint8)
    tag_names = np.frombuffer("\n".join(names).encode("ascii"), dtype=np.uint8)
    write_cache_file(path, lambda fh: np.savez(fh, words=words, counts=counts, total=np.int64(tok.total), tags=tags, tag_names=tag_names))


def _dictionary_tags() -> dict[str, str] | None:
    """word → tag of jieba's default dictionary file (``word count tag`` lines), read as ``jieba.posseg``
    reads it; None when a tag is not plain ASCII."""
    jieba = import_jieba()

    out: dict[str, str] = {}
    with open(Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME), encoding="utf-8") as fh:
        for line in fh:
            parts = line.strip().split(" ")
            if len(parts) == 3:
                out[parts[0]] = parts[2]
    return out if all(t.isascii() and "\n" not in t for t in set(out.values())) else None


def _word_table_path() -> Path | None:
    """The cache file of the default tokenizer's ``WordTable``: named after jieba's dictionary (as
    ``_dictionary_cache_path``) and the lexicon's contents."""
    base = _dictionary_cache_path()
    lex = data_path(LEXICON)
    if base is None:
        return None
    from textkit.word_table import FORMAT

    digest = hashlib.sha256(f"{FORMAT}|{base.name}|".encode() + (lex.read_bytes() if lex.exists() else b""))
    return base.with_name(f"jieba-table-{digest.hexdigest()[:20]}.npz")


@lru_cache(maxsize=1)
def word_table():
    """The default tokenizer's words, counts and tags (jieba's dictionary with the lexicon) as a
    ``WordTable``, read a first character at a time: what the extractors look up, without building
    the full tables at start. Built from the full tables once and cached; None without a cache folder
    (the full tables are used then)."""
    path = _word_table_path()
    if path is None:
        return None
    import numpy as np

    from textkit.word_table import WordTable, table_arrays

    if path.is_file():
        try:
            with np.load(path, allow_pickle=False) as stored:
                return WordTable({name: stored[name] for name in stored.files})
        except Exception:  # noqa: BLE001 - a damaged cache is rebuilt, never an error
            pass
    with loading("the jieba dictionary"):
        tok = tokenizer()
        arrays = table_arrays(tok.FREQ, _full_word_tags(), tok.total)
    if arrays is None:
        return None
    from textkit.resources import write_cache_file

    write_cache_file(path, lambda fh: np.savez(fh, **arrays))
    return WordTable(arrays)


class _TableTokenizer:
    """What ``fast_lcut`` and ``any_tag`` read of a jieba ``Tokenizer`` (``FREQ``, ``total``), from a
    ``WordTable`` (``table``, which ``_route`` reads a first character at a time)."""

    __slots__ = ("FREQ", "table", "total")

    def __init__(self, table) -> None:
        self.FREQ, self.total, self.table = table.counts, table.total, table


@lru_cache(maxsize=1)
def _table_tokenizer() -> _TableTokenizer | None:
    table = word_table()
    return None if table is None else _TableTokenizer(table)


def _route_tokenizer(user_dict: str | None):
    """The word table's stand-in for the default tokenizer when there is one, else the tokenizer itself."""
    light = _table_tokenizer() if user_dict is None else None
    return light if light is not None else tokenizer(user_dict)


def _posseg():
    """``jieba.posseg``; when it is not imported yet and the word table stands in for its table, it is
    imported without reading the dictionary file again, and its default tokenizer gets the table's tags."""
    import sys

    if "jieba.posseg" not in sys.modules and (table := word_table()) is not None:
        _import_posseg_without_its_table()
        sys.modules["jieba.posseg"].dt.word_tag_tab = table.tags
    import jieba.posseg

    return jieba.posseg


def pos_tokenizer(user_dict: str | None = None):
    return _pos_tokenizer(user_dict)


@lru_cache(maxsize=4)
def _pos_tokenizer(user_dict: str | None):
    with loading("the part-of-speech table"):
        tags = _default_word_tags()  # before anything here imports jieba.posseg
        import jieba.posseg

        if tags is None:
            return jieba.posseg.POSTokenizer(tokenizer(user_dict))
    # What ``POSTokenizer(tok)`` sets, without reading the 350,000 tags of jieba's dictionary again.
    pos = object.__new__(jieba.posseg.POSTokenizer)
    pos.tokenizer, pos.word_tag_tab = tokenizer(user_dict), dict(tags)
    return pos


@lru_cache(maxsize=1)
def _default_word_tags() -> dict[str, str] | None:
    """The tags of jieba's default dictionary as ``jieba.posseg`` read them on import (into its
    default ``dt``), when this is that import (so nothing has changed them yet) and jieba's default
    dictionary was not replaced; else None."""
    import sys

    fresh = "jieba.posseg" not in sys.modules
    jieba = import_jieba()

    if fresh and jieba.dt.dictionary == jieba.DEFAULT_DICT:
        tokenizer()  # reads the cache, with the tags, when there is one
        if _CACHED_TAGS:
            _import_posseg_without_its_table()
            shared = dict(zip(_CACHED_TAGS["words"], _CACHED_TAGS["tags"]))
            _CACHED_TAGS.clear()
            jieba.posseg.dt.word_tag_tab = shared
            return shared
    import jieba.posseg

    if not fresh or jieba.dt.dictionary != jieba.DEFAULT_DICT:
        return None
    # One copy of the 350,000 words: keyed by the tokenizer's own strings (posseg read them again
    # from the dictionary file), tags interned; posseg's default tokenizer takes the same table.
    read = jieba.posseg.dt.word_tag_tab
    shared: dict[str, str] = {}
    for word in tokenizer().FREQ:
        tag = read.get(word)
        if tag is not None:
            shared[word] = sys.intern(tag)
    if len(shared) < len(read):
        shared.update((w, t) for w, t in read.items() if w not in shared)
    jieba.posseg.dt.word_tag_tab = shared
    return shared


def _import_posseg_without_its_table() -> None:
    """``import jieba.posseg`` without the 1.3 s read of the dictionary file its default tokenizer does
    on import (``POSTokenizer(jieba.dt)`` → ``load_word_tag``): the default tokenizer's dictionary is
    an empty file meanwhile, and the caller gives it the cached table."""
    import os

    jieba = import_jieba()

    saved = jieba.dt.dictionary
    jieba.dt.dictionary = os.devnull
    try:
        import jieba.posseg  # noqa: F401 - imported for its side effects
    finally:
        jieba.dt.dictionary = saved


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
    (the longer word wins, as ``max`` over ``(probability, end)`` pairs picks it). On a word table
    (``_TableTokenizer``) the words looked up for a position all start with its character, so they
    are looked up in that character's dictionary, whose values pack the count (see ``WordTable``)."""
    table = getattr(tok, "table", None)
    if table is None:  # jieba's FREQ: one dictionary, counts as they are
        buckets, load, whole, absent, shift, offset = None, None, tok.FREQ, -1, 0, 0
    else:  # a value at or below PACKED_ABSENT_COUNT is no dictionary word; the count is (value >> 8) - 1
        from textkit.word_table import PACKED_ABSENT_COUNT

        buckets, load, whole, absent, shift, offset = table.buckets, table.load, None, PACKED_ABSENT_COUNT, 8, 1
    logtotal = log(tok.total)
    n = len(block)
    best = [0.0] * (n + 1)
    ends = list(range(n))
    for k in range(n - 1, -1, -1):
        words = whole if buckets is None else buckets.get(block[k])
        if words is None:
            words = load(block[k])
        top = None
        i = k + 1
        v = words.get(block[k])
        single = f = None if v is None or v <= absent else (v >> shift) - offset
        while f is not None:
            if f:
                p = log(f) - logtotal + best[i]
                if top is None or p >= top:  # a later (longer) word wins a tie
                    top, ends[k] = p, i - 1
            if i >= n:
                break
            i += 1
            v = words.get(block[k:i])
            f = None if v is None or v <= absent else (v >> shift) - offset
        best[k] = top if top is not None else log(single or 1) - logtotal + best[k + 1]
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
    jieba = import_jieba()
    from jieba import finalseg

    tok = _route_tokenizer(user_dict)
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
    if test("x") or test("m") or test("eng"):
        return any(test(tag) for _, tag in segment_pos(text, user_dict=user_dict))
    tok = _route_tokenizer(user_dict)
    if isinstance(tok, _TableTokenizer):
        tags = tok.table.tags
    else:
        pt = pos_tokenizer(user_dict)  # first: it may be what imports jieba.posseg
        pt.makesure_userdict_loaded()
        tags = pt.word_tag_tab  # pt.tokenizer is tok
    runs: list[str] = []
    for blk in _posseg().re_han_internal.findall(text):
        for word, run in _dag_words(tok, blk):
            if run:
                runs.append(word)
            elif test(tags.get(word, "x")):
                return True
    for run in runs:  # as posseg's cut tags them: alone, by the HMM when unknown, else char by char
        if len(run) == 1 or tok.FREQ.get(run):
            if any(test(tags.get(ch, "x")) for ch in run):
                return True
        elif any(test(tag) for _, tag in hmm_pos(run)):
            return True
    return False


@lru_cache(maxsize=8192)
def hmm_pos(text: str) -> tuple[tuple[str, str], ...]:
    """The words and tags jieba's part-of-speech HMM gives a run of unknown characters (what
    ``POSTokenizer`` does with a run of single characters that is no dictionary word). Cached:
    such runs are short and the same few recur (要有, 中有, 过上了)."""
    return tuple(_hmm_pos(text))


def _hmm_pos(text: str) -> list[tuple[str, str]]:
    jp = _posseg()

    out: list[tuple[str, str]] = []
    for blk in jp.re_han_detail.split(text):
        if jp.re_han_detail.match(blk):
            out += _hmm_words(blk)
        else:
            for x in jp.re_skip_detail.split(blk):
                if x:
                    out.append((x, "m" if jp.re_num.match(x) else "eng" if jp.re_eng.match(x) else "x"))
    return out


def _hmm_words(chars: str) -> list[tuple[str, str]]:
    """``POSTokenizer.__cut``: words from the best state path (``_viterbi``)."""
    states = _viterbi(chars)
    out: list[tuple[str, str]] = []
    begin = nexti = 0
    for i, (pos, tag) in enumerate(states):
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append((chars[begin : i + 1], tag))
            nexti = i + 1
        elif pos == "S":
            out.append((chars[i], tag))
            nexti = i + 1
    if nexti < len(chars):
        out.append((chars[nexti:], states[nexti][1]))
    return out


@lru_cache(maxsize=1)
def _incoming() -> dict:
    """For each HMM state, the states that can move to it, with the log probability of the move."""
    from jieba.posseg import trans_P

    into: dict = {}
    for y0, nexts in trans_P.items():
        for y, p in nexts.items():
            into.setdefault(y, []).append((y0, p))
    return into


def _viterbi(obs: str) -> list[tuple[str, str]]:
    """jieba.posseg's ``viterbi`` (the best path of position-and-tag states), the same path found
    faster: each state's best predecessor is looked for among the states that can move to it, not
    among all previous states. Scores add in jieba's order and ties go to the greater state, as
    with ``max`` over (score, state) pairs; an impossible move scores -inf, so a state no
    predecessor reaches with a finite score takes -inf and the greatest previous state."""
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import MIN_FLOAT, MIN_INF

    into = _incoming()
    all_states = trans_P.keys()
    score = {y: start_P[y] + emit_P[y].get(obs[0], MIN_FLOAT) for y in char_state_tab_P.get(obs[0], all_states)}
    back: list[dict] = [dict.fromkeys(score, "")]
    for t in range(1, len(obs)):
        prev = {x: v for x, v in score.items() if trans_P[x]}
        fallback = max(prev)  # (jieba's max over no states fails too)
        ch, step, new = obs[t], {}, {}

        def best(y: str) -> tuple[float, str] | None:
            emit = emit_P[y].get(ch, MIN_FLOAT)  # noqa: B023 - used at once
            top, arg = None, None
            for y0, p in into.get(y, ()):
                v0 = prev.get(y0)  # noqa: B023
                if v0 is not None:
                    v = v0 + p + emit
                    if top is None or v > top or (v == top and y0 > arg):
                        top, arg = v, y0
            if top is None:
                return None  # no previous state moves to y
            return (top, arg) if top != MIN_INF else (MIN_INF, fallback)  # noqa: B023

        for y in char_state_tab_P.get(ch, all_states):  # the states of ch that a previous state moves to
            found = best(y)
            if found is not None:
                new[y], step[y] = found
        if not new:  # none: every state a previous one moves to (jieba's fallback), else all
            expected = {y for x in prev for y in trans_P[x]} or set(all_states)
            for y in expected:
                found = best(y)
                new[y], step[y] = found if found is not None else (MIN_INF, fallback)
        score = new
        back.append(step)
    state = max((v, y) for y, v in score.items())[1]
    path = [state] * len(obs)
    for i in range(len(obs) - 1, 0, -1):
        state = back[i][state]
        path[i - 1] = state
    return path


def lexicon_size() -> int:
    lex = data_path(LEXICON)
    if not lex.exists():
        return 0
    with lex.open(encoding="utf-8") as fh:
        return sum(1 for line in fh if line.strip())


@lru_cache(maxsize=1)
def word_tags() -> Mapping[str, str]:
    """Part-of-speech tag of each dictionary word (jieba's tag set, lexicon tags included): the word
    table's, read as needed, when there is one; else the part-of-speech tokenizer's full table."""
    table = word_table()
    return table.tags if table is not None else _full_word_tags()


@lru_cache(maxsize=1)
def _full_word_tags() -> dict[str, str]:
    pt = pos_tokenizer()
    pt.makesure_userdict_loaded()  # posseg merges the user dictionary's tags into its table
    pt.word_tag_tab.update(getattr(tokenizer(), "user_word_tag_tab", {}))
    return pt.word_tag_tab  # the part-of-speech tokenizer's own table, not a third copy
