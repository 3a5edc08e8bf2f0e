"""Offsets of the normalised text in the user's input.

Normalisation only deletes (invisible characters, ``\\r`` of ``\\r\\n``, inline pinyin, spaces, site
furniture, page numbers, metadata lines, decorations, line breaks inside a paragraph) and converts
characters one for one (full-width folding, private-use repair, OpenCC t2s, the 著 fix). So an
article's text is a sequence of runs copied, character for character, from the input. Normalisation
records which input line each paragraph piece came from (``ArticleTrace``); the runs are built from
that only when asked for.

An offset map is a list of runs ``[norm_start, input_start, length]``, increasing in both offsets:
the characters ``norm_start … norm_start+length`` of the normalised text are the characters
``input_start … input_start+length`` of the input (the decoded text of a file, or the string passed
to the API), converted. ``to_input`` and ``span_to_input`` map offsets through it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textkit.model import Article

__all__ = ["to_input", "span_to_input", "offset_map", "identity_map", "SourceTrace", "ArticleTrace"]

Run = tuple[int, int, int]


# -- mapping offsets --------------------------------------------------------------------------------


def to_input(offset_map: Sequence[Sequence[int]], offset: int, *, end: bool = False) -> int:
    """Input offset of the normalised ``offset``.

    A character copied from the input maps exactly. An ``end=True`` offset is an exclusive end: it
    maps to just after the input character of ``offset - 1``. An offset on a character that is not
    copied (a paragraph break with no newline of its own in the input) maps to the edge of the input
    gap it stands in, the side that keeps a span wide: a start to the gap's start, an end to its end.
    """
    if not offset_map:
        return offset
    if end:
        if offset <= 0:
            return to_input(offset_map, 0)
        k = bisect_right(offset_map, offset - 1, key=_first) - 1
        if k >= 0:
            n, i, length = offset_map[k]
            if offset - 1 < n + length:
                return i + offset - n
        if k + 1 < len(offset_map):
            return offset_map[k + 1][1]  # the input gap's end
        n, i, length = offset_map[-1]
        return i + length
    k = bisect_right(offset_map, offset, key=_first) - 1
    if k < 0:
        return 0 if offset_map[0][0] > 0 else offset_map[0][1]
    n, i, length = offset_map[k]
    return i + min(offset - n, length)  # past the run: the input gap's start


def span_to_input(offset_map: Sequence[Sequence[int]], start: int, end: int) -> tuple[int, int]:
    """``(input_start, input_end)`` of the normalised span ``[start, end)``."""
    s = to_input(offset_map, start)
    return (s, s) if end <= start else (s, max(s, to_input(offset_map, end, end=True)))


def drop_input_prefix(offset_map: Sequence[Sequence[int]], prefix: int) -> list[list[int]]:
    """The map to the input without its first ``prefix`` characters (a title line textkit added)."""
    out = []
    for n, i, length in offset_map:
        cut = max(0, prefix - i)
        if cut < length:
            out.append([n + cut, i + cut - prefix, length - cut])
    return out


def identity_map(length: int) -> list[list[int]]:
    """The offset map of a text that normalisation left unchanged."""
    return [[0, 0, length]] if length else []


def _first(run: Sequence[int]) -> int:
    return run[0]


# -- building runs ----------------------------------------------------------------------------------


def _append(runs: list[Run], a: int, b: int, n: int) -> None:
    """Append a run, merged with the last one when it continues it."""
    if n <= 0:
        return
    if runs:
        la, lb, ln = runs[-1]
        if la + ln == a and lb + ln == b:
            runs[-1] = (la, lb, ln + n)
            return
    runs.append((a, b, n))


def deletion_runs(length: int, deleted: Iterable[tuple[int, int]]) -> list[Run]:
    """Runs of the text left when the sorted, disjoint spans ``deleted`` are cut from a text of ``length``."""
    runs: list[Run] = []
    out = src = 0
    for s, e in deleted:
        if s > src:
            runs.append((out, src, s - src))
            out += s - src
        src = max(src, e)
    if length > src:
        runs.append((out, src, length - src))
    return runs


def compose(outer: Sequence[Run], inner: Sequence[Run]) -> list[Run]:
    """Runs A → C from runs A → B (``outer``) and B → C (``inner``), both increasing."""
    if len(inner) == 1 and inner[0][0] == inner[0][1]:  # B is C (shifted by nothing)
        ib, _, il = inner[0]
        if all(ib <= b and b + n <= ib + il for _, b, n in outer):
            return list(outer)
    out: list[Run] = []
    j, count = 0, len(inner)
    for a, b, n in outer:
        b_end = b + n
        while j < count and inner[j][0] + inner[j][2] <= b:
            j += 1
        k = j
        while k < count:
            ib, ic, il = inner[k]
            if ib >= b_end:
                break
            s = b if b > ib else ib
            e = b_end if b_end < ib + il else ib + il
            a2, c2 = a + s - b, ic + s - ib
            if out and out[-1][0] + out[-1][2] == a2 and out[-1][1] + out[-1][2] == c2:
                la, lc, ln = out[-1]
                out[-1] = (la, lc, ln + e - s)
            else:
                out.append((a2, c2, e - s))
            k += 1
    return out


def _space_runs(tidied: str, line: str) -> list[Run]:
    """Runs of a line whose spaces ``tidy_spaces`` collapsed or dropped, in the original line.

    Only whitespace was deleted or replaced by a space, so each character of ``tidied`` is the
    next one of ``line`` after skipping whitespace (a kept space: the first of its run); a stretch
    without spaces is usually found whole at the next non-space character."""
    runs: list[Run] = []
    j, n = 0, len(line)
    for m in _CHUNK.finditer(tidied):
        chunk, at = m.group(), m.start()
        if chunk == " ":
            k = _WHITESPACE.search(line, j)
            if k is None:
                break
            _append(runs, at, k.start(), 1)
            j = k.start() + 1
            continue
        k = _NON_SPACE.search(line, j)
        if k is None:
            break
        if line.startswith(chunk, k.start()):
            _append(runs, at, k.start(), len(chunk))
            j = k.start() + len(chunk)
            continue
        for i, c in enumerate(chunk, at):  # spaces were dropped inside the stretch (开展 120 次)
            while j < n and line[j] != c:
                j += 1
            if j == n:
                return runs
            _append(runs, i, j, 1)
            j += 1
    return runs


_CHUNK = re.compile(r"\S+|\s")
_WHITESPACE = re.compile(r"\s")
_NON_SPACE = re.compile(r"\S")


def _changed_length_runs(converted: str, original: str) -> list[Run]:
    """Runs of a script conversion that changed the length (an OpenCC phrase of another length):
    line by line, equal blocks and same-length replacements of ``difflib`` are runs."""
    from difflib import SequenceMatcher

    runs: list[Run] = []
    conv_lines, orig_lines = converted.split("\n"), original.split("\n")
    if len(conv_lines) != len(orig_lines):
        conv_lines, orig_lines = [converted], [original]
    a = b = 0
    for cl, ol in zip(conv_lines, orig_lines):
        if len(cl) == len(ol):
            _append(runs, a, b, len(cl) + 1)
        else:
            for tag, i1, i2, j1, j2 in SequenceMatcher(None, cl, ol, autojunk=False).get_opcodes():
                if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                    _append(runs, a + i1, b + j1, i2 - i1)
            _append(runs, a + len(cl), b + len(ol), 1)
        a += len(cl) + 1
        b += len(ol) + 1
    return [r if r[0] + r[2] <= len(converted) else (r[0], r[1], len(converted) - r[0]) for r in runs if r[0] < len(converted)]


def cleaned_runs(raw: str, *, pinyin: bool = True, length_changed: bool = True) -> list[Run]:
    """Runs of the text that normalisation splits into lines (cleaned, pinyin removed, simplified)
    in ``raw``: the steps of ``normalization._clean_lines`` again, with what each one deleted.
    ``pinyin`` / ``length_changed`` False skip the steps that normalisation found had nothing to do."""
    from collections import Counter

    from textkit.normalization.chars import basic_clean
    from textkit.normalization.pinyin import TONED_ANNOTATION, TONELESS_ANNOTATION
    from textkit.normalization.script import TO_SIMPLIFIED, converter

    deleted_by_clean = _deleted_by_clean()
    runs = deletion_runs(len(raw), [m.span() for m in deleted_by_clean.finditer(raw)] if deleted_by_clean.search(raw) else [])
    if not (pinyin or length_changed):
        return runs
    text = basic_clean(raw, Counter())
    if pinyin and TONED_ANNOTATION.search(text):  # remove_pinyin: toned annotations, then toneless ones
        for annotation in (TONED_ANNOTATION, TONELESS_ANNOTATION):
            runs = compose(deletion_runs(len(text), [m.span() for m in annotation.finditer(text)]), runs)
            text = annotation.sub("", text)
    if length_changed:
        converted = converter(TO_SIMPLIFIED).convert(text)
        if len(converted) != len(text):
            runs = compose(_changed_length_runs(converted, text), runs)
    return runs


@lru_cache(maxsize=1)
def _deleted_by_clean() -> re.Pattern:
    """What ``basic_clean`` deletes: the ``\\r`` of ``\\r\\n`` and invisible characters."""
    from textkit.normalization.chars import _INVISIBLE

    return re.compile(r"\r(?=\n)|" + _INVISIBLE.pattern)


# -- traces left by normalisation -------------------------------------------------------------------


@dataclass(eq=False)
class SourceTrace:
    """One input as normalisation split it: the raw text, the lines of its cleaned text, the
    non-empty ones tidied (``tidied``) with their numbers among all (``numbers``), and whether pinyin
    was removed and the script conversion changed the length (steps to redo for the runs)."""

    raw: str
    lines: list[str]
    tidied: list[str]
    numbers: list[int]
    pinyin: bool = True
    length_changed: bool = True
    _starts: list[int] | None = field(default=None, repr=False)
    _runs: list[Run] | None = field(default=None, repr=False)

    @property
    def starts(self) -> list[int]:
        """Start of each line in the cleaned text."""
        if self._starts is None:
            self._starts = [0, *accumulate(len(ln) + 1 for ln in self.lines[:-1])]
        return self._starts

    @property
    def runs(self) -> list[Run]:
        """Runs of the cleaned text in the raw input (computed once)."""
        if self._runs is None:
            self._runs = cleaned_runs(self.raw, pinyin=self.pinyin, length_changed=self.length_changed)
            a, _, n = self._runs[-1] if self._runs else (0, 0, 0)
            if a + n != self.starts[-1] + len(self.lines[-1]):  # pragma: no cover - the steps drifted from _clean_lines
                raise RuntimeError("offset map: the cleaned text differs from normalisation's")
        return self._runs


@dataclass(eq=False)
class ArticleTrace:
    """Where an article's text came from: for each paragraph, its pieces as ``(line, cut)`` (the
    index of the tidied line in the source and how many of its characters were cut from its start);
    ``title`` likewise, with cut -1 when the title was found inside the line (a compilation header)."""

    source: SourceTrace
    paragraphs: list[list[tuple[int, int]]]
    title: tuple[int, int] | None = None


def _piece_runs(source: SourceTrace, line_index: int, cut: int, pos: int, runs: list[Run], piece: str | None = None) -> int:
    """Append the runs (normalised → cleaned text) of one piece of a line placed at ``pos``: the
    tidied line from ``cut`` on, or ``piece`` found in it when ``cut`` is -1. Returns the piece's end."""
    tidied = source.tidied[line_index]
    number = source.numbers[line_index]
    line = source.lines[number]
    start = source.starts[number]
    if cut < 0:
        cut = tidied.find(piece or "")
        if cut < 0 or not piece:
            return pos + len(piece or "")
    length = len(piece) if piece is not None else len(tidied) - cut
    if tidied is line or tidied == line:
        if runs and runs[-1][0] + runs[-1][2] == pos and runs[-1][1] + runs[-1][2] == start + cut:
            runs[-1] = (runs[-1][0], runs[-1][1], runs[-1][2] + length)
        else:
            runs.append((pos, start + cut, length))
    else:
        for a, b, n in _space_runs(tidied, line):
            s, e = max(a, cut), min(a + n, cut + length)
            if e > s:
                _append(runs, pos + s - cut, start + b + s - a, e - s)
    return pos + length


def offset_map(article: Article, *, title: bool = False) -> list[list[int]]:
    """The article's offset map: runs ``[norm_start, input_start, length]`` from ``article.text``
    (or, with ``title``, from ``title + "\\n" + text`` as the spaCy doc holds it) to the input."""
    trace: ArticleTrace | None = getattr(article, "trace", None)
    head = article.title + "\n" if title and article.title else ""
    if trace is None:
        return identity_map(len(head) + len(article.text))
    source = trace.source
    runs: list[Run] = []
    if head and trace.title is not None:
        _piece_runs(source, *trace.title, 0, runs, article.title)
    pos = len(head)
    for k, pieces in enumerate(trace.paragraphs):
        pos += k > 0  # the newline joining paragraphs
        for line_index, cut in pieces:
            pos = _piece_runs(source, line_index, cut, pos, runs)
    return _with_newlines(compose(runs, source.runs), head + article.text, source.raw)


def _with_newlines(runs: list[Run], text: str, raw: str) -> list[list[int]]:
    """The runs as lists, plus each paragraph break that has a newline of its own just after the
    previous run (the \\n of a \\r\\n)."""
    out: list[list[int]] = []
    for a, b, n in runs:
        if out:
            last = out[-1]
            gap_end, input_end = last[0] + last[2], last[1] + last[2]
            if a - gap_end == 1 and input_end < b and text[gap_end] == "\n":
                newline = input_end + (raw[input_end] == "\r" and raw.startswith("\n", input_end + 1))
                if newline < b and raw[newline] in "\r\n\u2028\u2029":
                    if newline == input_end:
                        last[2] += 1
                        gap_end, input_end = gap_end + 1, input_end + 1
                    else:
                        out.append([gap_end, newline, 1])
                        gap_end, input_end = gap_end + 1, newline + 1
            if a == gap_end and b == input_end:
                out[-1][2] += n
                continue
        out.append([a, b, n])
    return out
