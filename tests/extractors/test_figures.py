"""Figures: kept figures with their value and unit, and the named rules that reject candidates.

Each case goes through the public ``textkit.extract`` API; traditional-script input is
converted to simplified before extraction, so it gives the same figures.
"""

from __future__ import annotations

import pytest

import textkit
from textkit.extractors.figures import RULES, FigureExtractor
from textkit.model import Figure
from textkit.resources import lexicon_names, words
from textkit.rules import Decision, tracing


def _extract(text: str) -> tuple[list[Figure], list[Decision]]:
    """Figures of a one-paragraph article, and the decisions noted on figure candidates."""
    with tracing() as decisions:
        articles = textkit.extract("标题\n" + text)
    figures = [f for art in articles for f in art.figures]
    return figures, [d for d in decisions if d.kind == "figures"]


def _fields(fig: Figure, expected: dict) -> dict:
    return {key: getattr(fig, key) for key in expected}


KEPT = [
    ("支部现有党员35名。", {"value": 35, "unit": "名", "kind": "count", "indicator": "支部现有党员", "text": "支部现有党员35名"}),
    ("全年发放慰问金3.5万元。", {"value": 3.5, "unit": "万元", "kind": "money", "base_value": 35000, "base_unit": "元"}),
    ("全年發放慰問金3.5萬元。", {"value": 3.5, "unit": "万元", "kind": "money", "base_value": 35000, "base_unit": "元"}),
    ("群众满意率达到98%。", {"value": 98, "unit": "%", "kind": "percent", "role": "achievement"}),
    ("党员参学率达百分之九十五。", {"value": 95, "unit": "%", "kind": "percent", "text": "百分之九十五"}),
    ("每月组织两次集中学习。", {"value": 2, "unit": "次", "kind": "frequency", "indicator": "集中学习"}),
    ("每月組織兩次集中學習。", {"value": 2, "unit": "次", "kind": "frequency", "indicator": "集中学习"}),
    ("全年累计培训12个小时。", {"value": 12, "unit": "个小时", "kind": "duration", "indicator": "培训"}),
    ("走访困难群众300余户。", {"value": 300, "unit": "户", "approx": True, "indicator": "困难群众"}),
    ("走訪困難群眾300餘戶。", {"value": 300, "unit": "户", "approx": True, "indicator": "困难群众"}),
    ("新修村道3.5公里。", {"value": 3.5, "unit": "公里", "kind": "other", "indicator": "新修村道"}),
    ("推出1至10个服务岗位。", {"value": 1, "value_max": 10, "unit": "个", "indicator": "服务岗位", "text": "1至10个服务岗位"}),
    ("力争明年发展党员10名以上。", {"value": 10, "unit": "名", "approx": True, "role": "target"}),
    ("党员撰写心得五万余字。", {"value": 5, "unit": "万字", "approx": True, "base_value": 50000, "base_unit": "字"}),
    ("支部建立了十八项制度。", {"value": 18, "unit": "项", "kind": "count", "indicator": "制度"}),
    ("支部建立了十八項制度。", {"value": 18, "unit": "项", "kind": "count", "indicator": "制度"}),
]


@pytest.mark.parametrize(("text", "expected"), KEPT)
def test_kept_figures(text: str, expected: dict) -> None:
    figures, decisions = _extract(text)
    assert [_fields(f, expected) for f in figures] == [expected]
    assert [(d.kept, d.rule) for d in decisions if d.kept] == [(True, "figure")]


def test_age_names_its_indicator() -> None:
    (fig,), _ = _extract("年龄最小的党员仅19岁。")
    assert (fig.value, fig.unit, fig.kind) == (19, "岁", "age")
    assert fig.indicator.endswith("年龄")


def test_completion_rate_is_tied_to_the_figure_it_completes() -> None:
    figures, _ = _extract("全年新增就业岗位2683个，完成任务的124%。")
    assert [(f.value, f.unit, f.indicator, f.relates_to) for f in figures] == [
        (2683, "个", "新增就业岗位", None),
        (124, "%", "新增就业岗位完成任务比例", 0),
    ]


REJECTED = [
    ("2022年，支部换届。", "2022年", "date"),
    ("2022年，支部換屆。", "2022年", "date"),
    ("2023年5月，支部开展活动。", "5月", "date"),
    ("五月开展活动。", "五月", "day_or_month"),
    ("这是第三次检查。", "三次", "ordinal"),
    ("B2栋居民参加活动。", "2栋", "code"),
    ("学习贯彻十九届三中全会精神。", "十九届", "congress"),
    ("學習貫徹十九屆三中全會精神。", "十九届", "congress"),
    ("市委三次全体会议召开。", "三次", "numbered_session"),
    ("上世纪八十年代建厂。", "八十年", "term_decade_or_grade"),
    ("三年级学生参加。", "三年", "term_decade_or_grade"),
    ("回顾100多年的奋斗史。", "100多年", "history_span"),
    ("回顧100多年的奮鬥史。", "100多年", "history_span"),
    ("一名党员就是一面旗帜。", "一名", "indefinite_one"),
    ("我们要做到三个方面。", "三个", "announces_quoted_or_abstract"),
    ("我們要做到三個方面。", "三个", "announces_quoted_or_abstract"),
    ("支部提出四个“模范”。", "四个", "announces_quoted_or_abstract"),
    ("提出五条：", "五条", "announces_list_items"),
    ("总结了三点体会。", "三点", "list_point"),
    ("党员占比三点五个百分点。", "三点五个", "chinese_decimal"),
    ("深入千家万户。", "万户", "idiom"),
    ("深入千家萬戶。", "万户", "idiom"),
    ("打通服务群众最后一公里。", "一公里", "idiom"),
    ("落实三会一课制度。", "一课", "blocked"),
    ("落實三會一課制度。", "一课", "blocked"),
]


@pytest.mark.parametrize(("text", "candidate", "rule"), REJECTED)
def test_rejected_candidates_name_their_rule(text: str, candidate: str, rule: str) -> None:
    figures, decisions = _extract(text)
    assert figures == []
    assert (candidate, False, rule) in [(d.text, d.kept, d.rule) for d in decisions]


def test_a_number_without_unit_is_not_a_figure() -> None:
    figures, decisions = _extract("党的二十大胜利召开。")
    assert figures == []
    assert [(d.text, d.rule) for d in decisions] == [("二十", "without_unit")]


def test_rules_have_unique_names_and_english_reasons() -> None:
    names = [rule.__name__ for rule in RULES]
    assert len(names) == len(set(names))
    _, decisions = _extract("2022年，支部提出三个方面。")
    for d in decisions:
        assert d.reason and d.reason.isascii()


def test_extractor_works_on_an_article_without_slogans() -> None:
    (article,) = textkit.normalize("标题\n社区共设网格党支部6个、楼栋党小组23个。")
    figures = FigureExtractor()(article)
    assert [(f.value, f.unit, f.indicator) for f in figures] == [(6, "个", "网格党支部"), (23, "个", "楼栋党小组")]


@pytest.mark.parametrize("name", [n.split("/")[1] for n in lexicon_names() if n.startswith("lexicons/figures_")])
def test_figure_word_lists_have_no_duplicates(name: str) -> None:
    entries = words(name)
    assert entries and len(entries) == len(set(entries))
