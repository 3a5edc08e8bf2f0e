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
from re import _constants as C  # noqa: N812 - the parser's opcodes
from re import _parser

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
