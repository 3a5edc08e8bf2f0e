"""Character-level tidying: full-width ASCII, radicals and compatibility ideographs, spaces, line breaks,
private-use code points."""

from __future__ import annotations

import re
from collections import Counter

from textkit.normalization.ideographs import fold_ideographs

# Full-width letters and digits only: Chinese punctuation (，。：（）) is kept.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B))}
_FULLWIDTH.update({0xFF05: ord("%"), 0xFF0E: ord(".")})
_FOLDED = re.compile("[" + "".join(map(chr, sorted(_FULLWIDTH))) + "]")  # each one changes when folded
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200a\u3000\u202f\u205f]+")
_ANY_SPACE = re.compile(r"\s")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
# GB18030-2005 moved these from the private-use area; a GBK page decoded today shows them as PUA.
_PUA_KNOWN = {
    "\ue78d": "，",
    "\ue78e": "、",
    "\ue78f": "。",
    "\ue790": "：",
    "\ue791": "；",
    "\ue792": "！",
    "\ue793": "？",
    "\ue794": "〖",
    "\ue795": "〗",
    "\ue796": "…",
}
_PUA = re.compile(r"[\ue000-\uf8ff]")
_PUA_PAIR = re.compile(r"([\ue000-\uf8ff])([^\ue000-\uf8ff\n]{1,20}?)([\ue000-\uf8ff])")
PUA_MARK = "〓"
_CJK = r"\u4e00-\u9fff"
# Spaces between hanzi and digits, and around Chinese punctuation: ``(?<=[汉，…])\s+(?=[0-9])`` and so on,
# written with every branch starting at the space (its look-behind after the first space) so that the
# search only stops at spaces, not at every character.
_SPACE_BETWEEN = re.compile(
    rf"\s(?<=[{_CJK}，。、；：！？”）]\s)\s*(?=[0-9])|\s(?<=[0-9%]\s)\s*(?=[{_CJK}])|[ ](?<=[，。、；：！？,;:][ ])[ ]*|[ ]+(?=[，。、；：！？])"
)


def fold_width(text: str) -> str:
    # the same as text.translate(_FULLWIDTH), which is slow on Chinese text (a look-up per character)
    return _FOLDED.sub(_fold_char, text)


def _fold_char(m: re.Match) -> str:
    return chr(_FULLWIDTH[ord(m.group())])


def repair_pua(text: str, log: Counter) -> str:
    """Map known private-use characters; a pair around a short phrase becomes （…）; others are marked 〓."""
    if not _PUA.search(text):
        return text
    for k, v in _PUA_KNOWN.items():
        if k in text:
            log["pua_repaired"] += text.count(k)
            text = text.replace(k, v)

    def pair(m: re.Match) -> str:
        if m.group(1) != m.group(3):
            log["pua_repaired"] += 2
            return f"（{m.group(2)}）"
        return m.group(0)

    text = _PUA_PAIR.sub(pair, text)
    n = len(_PUA.findall(text))
    if n:
        log["pua_marked"] += n
        text = _PUA.sub(PUA_MARK, text)
    return text


def tidy_spaces(line: str) -> str:
    if not _ANY_SPACE.search(line):
        return line  # nothing to tidy (the usual Chinese line)
    line = _SPACES.sub(" ", line).strip()
    return _SPACE_BETWEEN.sub("", line)


def basic_clean(text: str, log: Counter) -> str:
    """Line endings, invisible characters, full-width ASCII, radicals and compatibility ideographs (folded to
    the unified ideographs they stand for, so script conversion and garble detection see 行 for ⾏) and
    private-use code points."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text, n = _INVISIBLE.subn("", text)
    if n:
        log["invisible_removed"] += n
    folded = fold_width(text)
    if folded != text:
        log["fullwidth_folded"] += len(_FOLDED.findall(text))
    folded, n = fold_ideographs(folded)
    if n:
        log["ideographs_folded"] += n
    return repair_pua(folded, log)
