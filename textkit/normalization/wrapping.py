"""Lines that a fixed-width layout broke inside a sentence, and footnote markers cut off their words.

A PDF's text layer (and a plain text hard-wrapped at a fixed width) gives one line per printed
line: a sentence runs on over several lines of nearly the same width. ``wrap_width`` finds that
width (the display width most long lines share: a hanzi counts 2, an ASCII character 1) when the
text has one; ``continues`` then says whether a line goes on in the next one: the line is full,
ends without sentence punctuation, and the next line is not a heading or list item. Short lines
(headings, the last line of a paragraph) stay separate.

Footnote markers (``[1]``, ``［2］``, ``〔3〕``, ``①``) that a layout put on a line of their own, or at
the start of the next line, go back after the word they mark, and so does what follows them when it
starts with punctuation.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from textkit.resources import pattern

TERMINAL = "。！？!?；;…”」』\"'"
MIN_WRAPPED = 16  # display width below which a line says nothing about the wrap width
_SLACK = 4  # a full line is at most this much narrower than the wrap width (half-width digits, punctuation)
_HEADING_START = re.compile("^" + pattern("normalization_heading_start"))
_MARKER = r"(?:[\[［〔]\s*\d{1,3}\s*[\]］〕]|[①-⑳])"
#: A line that is only footnote markers, or starts with one followed by punctuation that closes a phrase.
MARKER_LINE = re.compile(rf"^{_MARKER}+(?:$|(?=[，。、；：！？,.;:!?）)」』”]))")
_MARKER_END = re.compile(rf"[^{re.escape(TERMINAL)}]{_MARKER}+$")  # 邓同志[4]: the sentence goes on after its marker
# The characters those two patterns can end with: cheaper to test than a search of the whole line.
_OPEN_ENDS = frozenset("[［〔(（")
_MARKER_ENDS = frozenset("]］〕" + "".join(map(chr, range(ord("①"), ord("⑳") + 1))))
_CLOSING_START = re.compile(r"^[，。、；：！？）」』”\]］〕]")
_ONLY_PUNCTUATION = re.compile(r"^[，。、；：！？）」』”“\]］〕]+$")
_OPEN_END = re.compile(r"[\[［〔(（]$")
_OPENING = ("[", "［", "〔")
# East Asian Wide and Fullwidth characters (hanzi, CJK punctuation, full-width forms, Hangul), as ranges.
_WIDE_RANGES = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd"
)
# Runs of the other characters: few in Chinese text, so counting them is cheaper than counting the wide ones.
_NARROW_RUN = re.compile(f"[^{_WIDE_RANGES}]+")


def display_width(line: str) -> int:
    """Columns the line takes in a fixed-width layout: wide and full-width characters count 2."""
    return 2 * len(line) - sum(map(len, _NARROW_RUN.findall(line)))


def wrap_width(lines: list[str]) -> int | None:
    """The width at which the lines were hard-wrapped, or None when they were not: the widest
    width ``w`` such that many long lines (at least 3 and 40 %) are ``w - 4`` to ``w`` wide and
    hardly any (at most 10 %) is wider than ``w``."""
    widths = sorted(w for w in map(display_width, lines) if w >= MIN_WRAPPED)
    if len(widths) < 3:
        return None
    # Each distinct width w scores the lines w - 4 to w wide (the last w of the best score wins).
    best, best_score = None, 0
    for w in sorted(set(widths)):
        score = bisect_right(widths, w) - bisect_left(widths, w - _SLACK)
        if score >= best_score:
            best, best_score = w, score
    if best is None or best_score < max(3, 0.4 * len(widths)):
        return None
    wider = len(widths) - bisect_right(widths, best)
    return best if wider <= 0.1 * len(widths) else None


def _last(text: str) -> str:
    """The character a ``…$`` pattern sees last: ``$`` also matches before a final newline."""
    return text[-2:-1] if text.endswith("\n") else text[-1:]


def continues(prev: str, nxt: str, width: int | None) -> bool:
    """Whether ``nxt`` goes on where ``prev`` stops: a footnote marker (or its opening bracket) after
    its word, a phrase's closing punctuation (after a finished sentence only when the line holds
    nothing else), what follows an opening bracket or a marker inside a sentence, or the next line of a sentence
    that a fixed-width layout wrapped (``prev`` full at ``width``, without sentence punctuation at
    its end, ``nxt`` not a heading or list item)."""
    if MARKER_LINE.match(nxt) or nxt in _OPENING or (_last(prev) in _OPEN_ENDS and _OPEN_END.search(prev)):
        return True
    if _CLOSING_START.match(nxt):  # after a finished sentence, only the punctuation itself goes back
        return prev[-1] not in TERMINAL or bool(_ONLY_PUNCTUATION.match(nxt))
    if _HEADING_START.match(nxt):
        return False
    if _last(prev) in _MARKER_ENDS and _MARKER_END.search(prev):
        return True
    if width is None or prev[-1] in TERMINAL:
        return False
    return display_width(prev) >= width - _SLACK
