"""Detect garbled runs (lossy mojibake such as ``??傊О嘧用磕甓``) so that extraction skips them.

Common characters are GB2312 level 1 (the 3,755 most frequent hanzi, a published standard),
computed from the codec rather than shipped as data.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    chars = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


_CJK = re.compile(r"[\u4e00-\u9fff]")
_ANCHOR = re.compile(r"\?{1,3}(?=\S)|[\ue000-\uf8ff\ufffd]")
_OK_PUNCT = set("，。、；：！？“”‘’（）《》【】—…·,.;:!()\"' \n□■●◆◇○◎★☆※")


def _suspicious(ch: str, common: frozenset[str]) -> bool:
    if ch in _OK_PUNCT or ch.isdigit():
        return False
    if _CJK.match(ch):
        return ch not in common
    if ch.isascii():
        return ch in "?_^~`|\\@#$&*+=<>[]{}" or ch.isalpha()
    cat = unicodedata.category(ch)
    if cat in ("Co", "Cn", "So", "Sm", "Sk") or "\ufffd" == ch:
        return True
    name = unicodedata.name(ch, "")
    return any(k in name for k in ("CYRILLIC", "HANGUL", "BOPOMOFO", "BOX DRAWINGS", "PARENTHESIZED", "KATAKANA", "HIRAGANA", "GREEK"))


@lru_cache(maxsize=1)
def _candidate_re() -> re.Pattern:
    """Characters that may be suspicious: everything but common hanzi, safe punctuation, digits and
    plain ASCII (the exact test is ``_suspicious``); scanning for them is far faster than a loop."""
    safe = "".join(sorted((common_chars() | _OK_PUNCT | set("0123456789%-/.")) - {"\n"}))
    return re.compile("[^" + re.escape(safe) + "]")


def find_garbled(text: str, *, gap: int = 3) -> list[tuple[int, int]]:
    """Return ``[start, end)`` spans of garbled runs.

    Suspicious characters (rare hanzi outside GB2312 level 1, stray symbols, private-use
    code points, a half-width ``?`` glued to text) are grouped into clusters when at most
    ``gap`` ordinary characters separate them. A cluster is garbled when it starts at an
    anchor (``?``, private-use or replacement character) and holds a rare character, or
    when it holds at least three rare characters on its own.
    """
    common = common_chars()
    spans: list[tuple[int, int]] = []
    cluster: list[int] = []

    def close() -> None:
        if not cluster:
            return
        s, e = cluster[0], cluster[-1] + 1
        chunk = text[s:e]
        rare = sum(1 for c in chunk if not c.isascii() and c not in _OK_PUNCT and c not in common)
        anchored = bool(_ANCHOR.match(text, s))
        if (anchored and rare >= 1 and e - s >= 2) or rare >= 3:
            spans.append((s, e))

    for m in _candidate_re().finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            close()
            cluster = []
            continue
        if _suspicious(ch, common):
            if cluster and i - cluster[-1] - 1 > gap:
                close()
                cluster = []
            cluster.append(i)
    close()
    return spans
