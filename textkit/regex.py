"""Regexes that skip, cheaply, the positions where no match can start.

Python's regex engine skips ahead quickly only when a pattern opens with a literal, a character
class or alternatives that each open with a literal. The cue patterns of the extractors often
open with a look-behind (``(?<![重主])要``) or a group, so every search tries every alternative at
every position. ``compile_skipping`` puts a look-ahead on the characters a match can start with in
front of such a pattern: the same matches, found several times faster on text where those
characters are rare.
"""

from __future__ import annotations

import re
from array import array
from re import _compiler, _parser
from re import _constants as C  # noqa: N812 - the parser's opcodes

#: A look-ahead on more characters than this would not skip much (e.g. a range over all CJK).
MAX_START_CHARS = 64


class _Unknown(Exception):
    """A construct whose first characters this module does not work out."""


def compile_skipping(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, with a look-ahead on the first characters of a match when the
    engine has no quick way to skip and those characters are few and known."""
    if flags & (re.IGNORECASE | re.VERBOSE):
        return re.compile(pattern, flags)
    try:
        tree = _parser.parse(pattern, flags)
        if _skips_already(list(tree)):
            return re.compile(pattern, flags)
        chars, can_be_empty = _first(list(tree))
    except (_Unknown, re.error):
        return re.compile(pattern, flags)
    if can_be_empty or not chars or len(chars) > MAX_START_CHARS:
        return re.compile(pattern, flags)
    return re.compile(f"(?=[{''.join(sorted(chars))}])(?:{pattern})", flags)


def _skips_already(seq: list) -> bool:
    """Whether the engine finds a literal or character-class prefix itself (see re._compiler), or
    the pattern is anchored at the start (a look-ahead would only add work)."""
    if not seq:
        return False
    op, av = seq[0]
    if op is C.SUBPATTERN:
        return _skips_already(list(av[3]))
    if op in (C.LITERAL, C.IN) or (op is C.AT and av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING)):
        return True
    if op is C.BRANCH:
        return all(alt and alt[0][0] is C.LITERAL for alt in av[1])
    return False


def _first(seq: list) -> tuple[set[str], bool]:
    """The class items a match of ``seq`` can start with, and whether ``seq`` can match nothing."""
    out: set[str] = set()
    for op, av in seq:
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue  # zero-width
        if op is C.LITERAL:
            out.add(re.escape(chr(av)))
            return out, False
        if op is C.IN:
            out |= _class_items(av)
            return out, False
        if op is C.SUBPATTERN:
            sub, empty = _first(list(av[3]))
        elif op is C.BRANCH:
            sub, empty = set(), False
            for alt in av[1]:
                items, alt_empty = _first(list(alt))
                sub |= items
                empty = empty or alt_empty
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _hi, body = av
            sub, empty = _first(list(body))
            empty = empty or lo == 0
        else:
            raise _Unknown(str(op))
        out |= sub
        if not empty:
            return out, False
    return out, True


def _class_items(items: list) -> set[str]:
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(re.escape(chr(av)))
        elif op is C.RANGE and av[1] - av[0] < MAX_START_CHARS:
            out.update(re.escape(chr(c)) for c in range(av[0], av[1] + 1))
        elif op is C.CATEGORY and av is C.CATEGORY_DIGIT:
            out.add(r"\d")
        else:
            raise _Unknown(str(op))  # a negated class, a wide range, another category
    return out


# -- compiled patterns kept between runs ---------------------------------------------------------
#
# Python's regex compiler fills a character class holding a CJK range one code point at a time
# (``re._compiler._optimize_charset``, about 1 ms a class): compiling the ~380 patterns of the
# extractors costs about a quarter of a second at every start. What it produces for a pattern is a
# list of integers (the engine's code). ``store_compiled`` keeps that code (as the bytes of an array),
# with the pattern and its groups, in textkit's private cache folder (marshal, plain data only);
# ``load_compiled`` hands it back to the engine (``_sre.compile``, which validates the code) and puts
# each pattern in the table ``re.compile`` looks in first, before the modules that compile them are
# imported (making room in that table for all of them: see ``load_compiled``). The file
# is named after the interpreter and the engine's version, so another Python never reads it; any
# failure leaves ``re`` to compile as usual.

#: Past this many kept patterns, only those the storing process uses are kept: patterns compiled
#: from user input at run time would otherwise make the file grow run after run.
MAX_STORED_PATTERNS = 1000
#: Patterns not kept yet are written only when compiling them took at least this long (seconds).
MIN_SAVING = 0.02
#: The engine's code is kept as the bytes of an array of this type (its items are ``_sre.CODESIZE``
#: bytes): read back several times faster than a marshalled list of integers.
_CODE_TYPE = "I"
_stored: dict[tuple[str, int], tuple] = {}


def _compiled_path():
    import _sre
    import hashlib
    import sys

    from textkit.resources import cache_dir

    folder = cache_dir()
    if folder is None or array(_CODE_TYPE).itemsize != _sre.CODESIZE:
        return None
    key = f"2|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}"
    return folder / f"regex-{hashlib.sha256(key.encode()).hexdigest()[:20]}.marshal"


def load_compiled() -> int:
    """Put the patterns kept by ``store_compiled`` in ``re``'s table of compiled patterns; how many."""
    import _sre
    import marshal

    table = getattr(re, "_cache", None)
    try:
        path = _compiled_path()
        if path is None or not isinstance(table, dict) or not path.is_file():
            return 0
        entries = marshal.loads(path.read_bytes())
        limit = getattr(re, "_MAXCACHE", None)
        if isinstance(limit, int) and limit < len(table) + len(entries) + 512:
            # ``re`` drops its oldest pattern at each compile once the table holds _MAXCACHE (512):
            # past that, every pattern compiled here would push out one loaded, compiled again later.
            re._MAXCACHE = len(table) + len(entries) + 512
        for pattern, flags, all_flags, code, groups, groupindex, indexgroup in entries:
            words = array(_CODE_TYPE)
            words.frombytes(code)
            table.setdefault((str, pattern, flags), _sre.compile(pattern, all_flags, words.tolist(), groups, groupindex, indexgroup))
            _stored[pattern, flags] = (pattern, flags, all_flags, code, groups, groupindex, indexgroup)
    except Exception:  # noqa: BLE001 - a damaged or foreign file only costs speed
        _stored.clear()
        return 0
    return len(_stored)


def store_compiled() -> None:
    """Keep the code of the text patterns compiled in this process and not kept yet, when compiling
    them took long enough to matter (``MIN_SAVING``)."""
    import marshal
    import time

    from textkit.resources import write_cache_file

    table = getattr(re, "_cache", None)
    if not isinstance(table, dict):
        return
    new = [(p, f) for t, p, f in list(table) if t is str and (p, f) not in _stored]
    if not new:
        return
    try:
        path = _compiled_path()
        if path is None:
            return
        start, entries = time.perf_counter(), []
        for pattern, flags in new:
            tree = _parser.parse(pattern, flags)
            code = array(_CODE_TYPE, _compiler._code(tree, flags)).tobytes()
            indexgroup = [None] * tree.state.groups
            for name, i in tree.state.groupdict.items():
                indexgroup[i] = name
            entries.append(
                (
                    pattern,
                    int(flags),
                    int(flags | tree.state.flags),
                    code,
                    tree.state.groups - 1,
                    dict(tree.state.groupdict),
                    tuple(indexgroup),
                )
            )
        if time.perf_counter() - start < MIN_SAVING:
            return  # e.g. a pattern some library builds in a new order each run: not worth a write
        _stored.update(((e[0], e[1]), e) for e in entries)
        if len(_stored) > MAX_STORED_PATTERNS:  # only what this process uses
            for key in [k for k in _stored if (str, *k) not in table]:
                del _stored[key]
        data = marshal.dumps(list(_stored.values()))
    except Exception:  # noqa: BLE001 - a pattern this code does not handle is simply not kept
        return
    write_cache_file(path, lambda fh: fh.write(data))
