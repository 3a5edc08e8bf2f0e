"""Shipped knowledge files: every word list and pattern list loads, has no duplicates, and compiles."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from textkit import resources

NAMES = resources.lexicon_names()


@pytest.mark.parametrize("name", NAMES)
def test_lists_have_no_duplicates_and_patterns_compile(name):
    folder, stem = name.split("/")
    entries = resources.words(stem) if folder == "lexicons" else resources.patterns(stem)
    assert entries, f"{name} is empty"
    dupes = [e for e, n in Counter(entries).items() if n > 1]
    assert not dupes, f"{name}: duplicate entries {dupes}"
    if folder == "patterns":
        re.compile(resources.pattern(stem))
    else:
        assert re.compile(resources.alternation(stem)).fullmatch(entries[0])


def test_theme_table_drives_labels():
    from textkit.labels import LABELS, THEME_NAMES, THEMES

    assert LABELS[-1] == "other" and THEMES == LABELS[:-1] and len(THEMES) == 4
    assert all(THEME_NAMES[t] for t in LABELS)


def test_alternation_prefers_the_longest_word(tmp_path, monkeypatch):
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "units.txt").write_text("# units\n个\n个百分点\n人次 # people-times\n", encoding="utf-8")
    monkeypatch.setattr(resources, "data_path", lambda name: tmp_path / name)
    resources.words.cache_clear()
    resources.alternation.cache_clear()
    try:
        assert resources.words("units") == ("个", "个百分点", "人次")
        assert re.match(resources.alternation("units"), "个百分点以上").group() == "个百分点"
    finally:
        resources.words.cache_clear()
        resources.alternation.cache_clear()
