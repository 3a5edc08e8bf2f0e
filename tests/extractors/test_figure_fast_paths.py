"""The figure extractor's fast paths give what the slow readings they stand for give.

Each shortcut (a match rejected before a candidate is built, for lacking a unit or as a date, rules
left out for a unit, the last clause found without splitting, trailing change words trimmed only when
one ends the text, the multiplier read without the number, numerals read once) is compared with the
reading it replaces, on sample text written for this test.
"""

from __future__ import annotations

import re

import pytest

from textkit.extractors import figures, numerals
from textkit.extractors.numerals import multiplier, read
from textkit.model import Sentence
from textkit.rules import first_reason
from textkit.spans import SpanIndex

SAMPLES = (
    "2023年全镇新发展党员12名，比上年增加3名，其中35岁以下的占72.4%。",
    "近三年累计投入资金1.6亿元，帮扶困难群众五百余户，完成全年目标任务的108%。",
    "会议强调，要坚持“三会一课”制度，每月组织两次集中学习，一年到两年内实现全覆盖。",
    "十几万人参加活动，约三成来自农村；第二十次党代会于二〇二二年召开，第3条规定如下。",
    "收入586万元，同比增长12%，人均可支配收入达到四万二千元，上千万家庭受益，共1,200人次。",
    "一是加强学习，二是强化管理，编号2024001，减少1亿多，近千万家庭，三至五万元，千万不能放松。",
    "经过两年的努力，千家万户用上自来水，一起参加的还有3个小组和十分之一的志愿者。",
)


def _candidates() -> list[tuple[figures.Candidate, object]]:
    """Every match of the samples, built as a candidate whatever ``lacks_unit`` says, with its match."""
    out = []
    empty = (SpanIndex([]), SpanIndex([]))
    for text in SAMPLES:
        sent = Sentence(start=0, end=len(text))
        for m in figures.FIGURE_RE.finditer(text):
            out.append((figures.Candidate(text, sent, text, m, empty, SpanIndex([])), m))
    return out


def test_samples_hold_matches_of_every_sort() -> None:
    cands = _candidates()
    assert len(cands) > 35
    assert any(figures.lacks_unit(m) for _, m in cands) and not all(figures.lacks_unit(m) for _, m in cands)


def test_a_match_lacking_a_unit_is_one_the_first_rule_rejects() -> None:
    for c, m in _candidates():
        if figures.lacks_unit(m):
            assert figures._without_unit(c) == figures.NO_UNIT, m.group(0)


def test_rules_left_out_for_a_unit_never_change_the_first_reason() -> None:
    for c, _ in _candidates():
        assert first_reason(figures._rules_for(c.unit), c) == first_reason(figures.RULES, c)
    assert len(figures._rules_for("名")) < len(figures.RULES)


@pytest.mark.parametrize(
    "text",
    ["", "，", "党员35名", "会议指出，今年：全镇；共有", "甲，乙，丙", "结尾，", "甲，" + "乙" * 80, "乙" * 100, "甲" * 70 + "；乙"],
)
def test_last_clause_is_the_last_piece_of_a_split(text: str) -> None:
    assert figures.last_clause(text) == figures.CLAUSE_BREAK.split(text)[-1]
    assert figures.up_to(text, figures.CLAUSE_BREAK) == figures.CLAUSE_BREAK.split(text)[0]


@pytest.mark.parametrize("text", ["信访件数降至", "合格率提高到", "党员人数", "", "增长\n", "总值比上年增长"])
def test_trailing_change_words_trimmed_as_the_pattern_does(text: str) -> None:
    assert figures.trim_skips(text) == figures.TRAILING_SKIPS.sub("", text)


@pytest.mark.parametrize(
    ("num", "mult"), [("3.5", "万"), ("二十四万", ""), ("万", ""), ("一亿六千余万", ""), ("12", ""), ("五十四万亿", ""), ("十", "")]
)
def test_multiplier_is_the_one_read_keeps(num: str, mult: str) -> None:
    assert multiplier(num, mult) == read(num, mult)[1]


def test_a_match_read_as_a_date_is_one_the_date_rule_rejects() -> None:
    dates = [(c, m) for c, m in _candidates() if figures.is_date(m, c.s_text)]
    assert "2023年" in {m.group(0) for _, m in dates}
    for c, m in dates:
        assert figures._date(c) is not None, m.group(0)
    undated = [c for c, m in _candidates() if not figures.is_date(m, c.s_text) and c.unit in figures.DATE_UNITS]
    assert all(figures._date(c) is None for c in undated if c.arabic and not c.m.group("post") and not c.m.group("post2"))


def test_cached_numeral_reading_gives_each_reading_again() -> None:
    """``read`` is cached (its tuple is shared between calls): a second call gives the same reading."""
    expected = {
        ("3.5", "万"): (3.5, "万", False),
        ("二十四万", ""): (24.0, "万", False),
        ("十几", ""): (10.0, "", True),
        ("两", ""): (2.0, "", False),
    }
    for _ in range(2):
        assert {args: read(*args) for args in expected} == expected


def test_rules_cheapest_first_reject_the_candidates_the_rules_in_order_reject() -> None:
    """Without a trace the rules run in another order: the same rules, and one fires exactly when one fires in
    the order of ``RULES`` (the reason may differ)."""
    assert sorted(r.__name__ for r in figures.RULES_CHEAP_FIRST) == sorted(r.__name__ for r in figures.RULES)
    rejected = 0
    for c, _ in _candidates():
        in_order = first_reason(figures._rules_for(c.unit), c)
        assert (first_reason(figures._rules_for(c.unit, True), c) is None) == (in_order is None), c.m.group(0)
        rejected += in_order is not None
    assert rejected > 10


@pytest.mark.parametrize(
    "text",
    [
        "二〇二三年",
        "于二○二四年召开",
        "一九五三年到一九五七年",
        "十二〇二三年",
        "两二〇二三年",
        "二〇二三",
        "第二〇二三号",
        "一二〇二三年",
        "年二〇二三年",
    ],
)
def test_chinese_years_found_as_with_a_look_behind_first(text: str) -> None:
    """``CHINESE_YEAR`` tests its look-behind after the first digit: the matches of the look-behind first."""
    digits = numerals._YEAR_DIGITS
    reference = re.compile(f"(?<![{digits}两十百千万])[{digits}]{{4}}(?=年)")
    assert [m.span() for m in numerals.CHINESE_YEAR.finditer(text)] == [m.span() for m in reference.finditer(text)]
