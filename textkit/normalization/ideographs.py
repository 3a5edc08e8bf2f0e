"""Radicals and compatibility ideographs folded to the unified ideographs they stand for.

PDFs printed from a browser often carry Kangxi Radicals (⾏ U+2FCF), CJK Radicals Supplement
characters (⺠ U+2EA0, ⻓ U+2ED3) and CJK Compatibility Ideographs where the text means 行, 民, 长.
The mapping comes from Unicode data, not from a hand list:

- Kangxi Radicals (U+2F00..U+2FDF): their NFKC decomposition (``unicodedata``);
- CJK Compatibility Ideographs (U+F900..U+FAFF, U+2F800..U+2FA1F): their canonical (NFC)
  decomposition; the twelve unified ideographs of that block (U+FA0E …) have none and stay;
- CJK Radicals Supplement (U+2E80..U+2EFF): the Unicode property Equivalent_Unified_Ideograph,
  shipped as ``data/unicode/EquivalentUnifiedIdeograph-radicals-supplement.txt`` (where the file
  came from is written at its top). U+2E80 CJK RADICAL REPEAT has no equivalent and stays.

Each folded character becomes exactly one character, so offsets are kept.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from textkit.resources import data_path

RADICALS_SUPPLEMENT = (0x2E80, 0x2EFF)
KANGXI_RADICALS = (0x2F00, 0x2FDF)
COMPATIBILITY_IDEOGRAPHS = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
EQUIVALENT_FILE = "unicode/EquivalentUnifiedIdeograph-radicals-supplement.txt"

# Every code point of the three blocks: a quick test of whether a text needs folding at all.
_ANY = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


def read_equivalents(path=None) -> dict[int, int]:
    """``code point → equivalent unified ideograph`` from a file in the format of the UCD's
    EquivalentUnifiedIdeograph.txt (``2E8C..2E8D ; 5C0F # name``; ``#`` starts a comment)."""
    mapping: dict[int, int] = {}
    with (path or data_path(EQUIVALENT_FILE)).open(encoding="utf-8") as fh:
        for line in fh:
            entry = line.split("#", 1)[0].strip()
            if not entry:
                continue
            source, target = (part.strip() for part in entry.split(";"))
            first, _, last = source.partition("..")
            for cp in range(int(first, 16), int(last or first, 16) + 1):
                mapping[cp] = int(target, 16)
    return mapping


def _decomposed(lo: int, hi: int, form: str) -> dict[int, str]:
    out = {}
    for cp in range(lo, hi + 1):
        ch = chr(cp)
        folded = unicodedata.normalize(form, ch)
        if folded != ch and len(folded) == 1:
            out[cp] = folded
    return out


@lru_cache(maxsize=1)
def ideograph_folds() -> dict[int, str]:
    """The whole table: ``code point → the unified ideograph it folds to``."""
    table = {cp: chr(target) for cp, target in read_equivalents().items()}
    table.update(_decomposed(*KANGXI_RADICALS, "NFKC"))
    for lo, hi in COMPATIBILITY_IDEOGRAPHS:
        table.update(_decomposed(lo, hi, "NFC"))
    return table


def fold_ideographs(text: str) -> tuple[str, int]:
    """``(text with radicals and compatibility ideographs folded, characters folded)``."""
    if not _ANY.search(text):
        return text, 0
    table = ideograph_folds()
    count = 0

    def fold(m: re.Match) -> str:
        nonlocal count
        ch = m.group()
        new = table.get(ord(ch), ch)
        count += new != ch
        return new

    return _ANY.sub(fold, text), count
