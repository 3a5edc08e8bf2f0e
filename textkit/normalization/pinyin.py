"""Remove inline pinyin annotations such as ``导(dǎo)语`` without touching real parentheses."""

from __future__ import annotations

import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYL = rf"[a-zü{_TONED}]+"
# A parenthesised group of pinyin syllables with at least one tone mark: unmistakable.
TONED_ANNOTATION = re.compile(rf"[(（]\s*(?=[a-zü{_TONED}]*[{_TONED}]){_SYL}(?:\s+{_SYL})*\s*[)）]")
_TONE_MARK = re.compile(f"[{_TONED}]")  # what a toned annotation needs: a cheap screen
# Toneless syllables (neutral tone, 的 → de) right after a hanzi; only used in documents
# that already carry toned annotations.
# The look-behind for the hanzi comes after the bracket: a pattern that starts with a look-behind is tried at
# every character, one that starts with a bracket only where there is one.
TONELESS_ANNOTATION = re.compile(r"[(（](?<=[\u4e00-\u9fff][(（])(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:[aeiouü]|er)[a-z]{0,3}[)）]")


def remove_pinyin(text: str) -> tuple[str, int]:
    """Return the text without inline pinyin and the number of annotations removed."""
    if not _TONE_MARK.search(text):
        return text, 0
    text, n = TONED_ANNOTATION.subn("", text)
    if n:
        text, m = TONELESS_ANNOTATION.subn("", text)
        n += m
    return text, n
