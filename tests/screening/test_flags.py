"""Flag rules and the screening notion of a substantive measure, as tables of (input, expected)."""

from __future__ import annotations

import re

import pytest

from textkit.model import Article, Measure
from textkit.screening import ScreenConfig
from textkit.screening.flags import (
    SUBSTANCE_RULES,
    boilerplate_heavy,
    duplicate_flag,
    few_concrete_measures,
    few_figures,
    flag_label,
    no_concrete_measures,
    only_prescribed,
    read_error_flag,
    slogan_heavy,
    slogans_without_measures,
    substance_flags,
    theme_missing,
    too_short,
)
from textkit.screening.substance import is_substantive

CFG = ScreenConfig()

# The scores of a submission that raises no flag.
GOOD = {
    "chars": 1000,
    "measures": 10,
    "concrete_measures": 8,
    "slogans": 3,
    "slogans_per_concrete_measure": 0.38,
    "done_share": 0.9,
    "figures": 10,
    "themes_missing": [],
    "boilerplate_share": 0.1,
}


def scores(**changes) -> dict:
    return {**GOOD, **changes}


@pytest.mark.parametrize(
    ("rule", "changes", "expected"),
    [
        (too_short, {"chars": 150}, "正文过短（150字），难以评估工作实绩"),
        (too_short, {"chars": 200}, None),
        (slogans_without_measures, {"concrete_measures": 0, "slogans": 5}, "只有口号提法，没有具体措施（口号提法5个，具体措施0条）"),
        (slogans_without_measures, {"concrete_measures": 0, "slogans": 1}, None),
        (slogans_without_measures, {"concrete_measures": 1, "slogans": 5}, None),
        (no_concrete_measures, {"concrete_measures": 0, "slogans": 1, "measures": 4}, "没有具体措施：4条措施均为原则性表述"),
        (no_concrete_measures, {"concrete_measures": 0, "slogans": 0, "measures": 0}, "没有具体措施：未找到任何措施"),
        (no_concrete_measures, {"concrete_measures": 0, "slogans": 2}, None),  # SLOGANS_WITHOUT_MEASURES instead
        (no_concrete_measures, {}, None),
        (few_concrete_measures, {"concrete_measures": 1}, "具体措施偏少：只有1条具体措施（要求至少2条）"),
        (few_concrete_measures, {"concrete_measures": 2}, None),
        (few_concrete_measures, {"concrete_measures": 0}, None),  # NO_CONCRETE_MEASURES says it
        (slogan_heavy, {"slogans_per_concrete_measure": 2.0}, "口号提法多于具体措施（每条具体措施2.0个口号提法）"),
        (slogan_heavy, {"slogans_per_concrete_measure": 1.99}, None),
        (slogan_heavy, {"concrete_measures": 0, "slogans_per_concrete_measure": None}, None),
        (only_prescribed, {"measures": 3, "done_share": 0.1}, "措施多为部署要求（“要……”），已落实的做法只占10%"),
        (only_prescribed, {"measures": 2, "done_share": 0.0}, None),
        (only_prescribed, {"measures": 3, "done_share": 0.2}, None),
        (few_figures, {"figures": 2}, "缺少数据支撑：只报告了2个数字指标"),
        (few_figures, {"figures": 2, "chars": 150}, None),  # too short to judge: TOO_SHORT says it
        (few_figures, {"figures": 3}, None),
        (few_figures, {"figures": 2, "chars": 600}, None),  # 3.3 per 1,000 characters: enough in a short note
        (few_figures, {"figures": 1, "chars": 600}, "缺少数据支撑：只报告了1个数字指标"),
        (theme_missing, {"themes_missing": ["supervision", "service"]}, None),  # no theme is required by default
        (boilerplate_heavy, {"boilerplate_share": 0.4}, "套话空话较多：40%的文字没有具体内容"),
        (boilerplate_heavy, {"boilerplate_share": 0.39}, None),
        (boilerplate_heavy, {"boilerplate_share": 0.9, "concrete_measures": 0}, None),
    ],
)
def test_substance_rule(rule, changes, expected):
    got = rule(scores(**changes), CFG)
    if expected is None:
        assert got is None
    else:
        assert got == {"code": rule.__name__.upper(), "label": flag_label(rule.__name__.upper()), "message": expected}
        assert got["label"] != got["code"] and re.search(r"[\u4e00-\u9fff]", got["label"])


def test_theme_missing_only_for_the_themes_the_config_requires():
    cfg = ScreenConfig(required_themes=("education", "service"))
    got = theme_missing(scores(themes_missing=["supervision", "service"]), cfg)
    assert got["message"] == "未涉及为民服务方面的具体措施（本单位要求涉及）" and got["label"] == "缺少要求方面"
    assert theme_missing(scores(themes_missing=["supervision"]), cfg) is None
    assert theme_missing(scores(themes_missing=["service"], concrete_measures=0), cfg) is None  # NO_CONCRETE_MEASURES says it


def test_good_scores_raise_no_flag_and_rules_keep_their_order():
    assert substance_flags(GOOD, CFG) == []
    bad = scores(chars=150, concrete_measures=0, slogans=4, measures=5, done_share=0.0, figures=0)
    assert [f["code"] for f in substance_flags(bad, CFG)] == ["TOO_SHORT", "SLOGANS_WITHOUT_MEASURES", "ONLY_PRESCRIBED"]
    assert [r.__name__ for r in SUBSTANCE_RULES][:3] == ["too_short", "slogans_without_measures", "no_concrete_measures"]


def test_thresholds_come_from_the_config():
    assert few_figures(scores(figures=4), ScreenConfig(few_figures=5, few_figures_per_1000_chars=5.0))["code"] == "FEW_FIGURES"
    assert few_figures(scores(figures=4), ScreenConfig(few_figures=5, few_figures_per_1000_chars=4.0)) is None
    assert slogan_heavy(scores(slogans_per_concrete_measure=1.5), ScreenConfig(slogan_heavy=1.5))["code"] == "SLOGAN_HEAVY"
    assert few_concrete_measures(scores(concrete_measures=3), ScreenConfig(min_concrete_measures=4))["code"] == "FEW_CONCRETE_MEASURES"
    assert too_short(scores(chars=250), ScreenConfig(min_chars=300))["code"] == "TOO_SHORT"


@pytest.mark.parametrize(
    ("dup", "expected"),
    [
        (
            {
                "kind": "reference",
                "title": "模板",
                "source": "t.txt",
                "copied_share": 0.95,
                "other_copied_share": 0.9,
                "passages": [{}] * 3,
            },
            ("DUPLICATE_TEMPLATE", "与参考材料《模板》（t.txt）雷同：本文95%的文字与之相同（3段），对方90%的文字出现在本文中"),
        ),
        (
            {"kind": "submission", "title": "", "source": "b.txt", "copied_share": 0.5, "other_copied_share": 0.25, "passages": [{}]},
            ("DUPLICATE_SUBMISSION", "与本批其他材料b.txt雷同：本文50%的文字与之相同（1段），对方25%的文字出现在本文中"),
        ),
    ],
)
def test_duplicate_flag(dup, expected):
    assert duplicate_flag(dup) == {"code": expected[0], "label": flag_label(expected[0]), "message": expected[1]}


def test_read_error_flag():
    assert read_error_flag("x.doc: cannot read") == {
        "code": "READ_ERROR",
        "label": "无法读取",
        "message": "无法读取或处理：x.doc: cannot read",
    }


# --------------------------------------------------------------------------- substantive measures


def _substantive(text: str, *, level: str = "item", slogan: str = "", figure: str = "") -> bool:
    """Whether the whole ``text``, as one measure, is substantive, with ``slogan`` / ``figure`` marked in it."""
    art = Article(title="", text=text)
    m = Measure(text=text, level=level, status="done", start=0, end=len(text))
    spans = {}
    for name, part in (("slogan", slogan), ("figure", figure)):
        start = text.find(part) if part else -1
        spans[name] = [(start, start + len(part))] if start >= 0 else []
    return is_substantive(m, art, spans["slogan"], spans["figure"])


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("每月组织一次集中学习", {}, True),  # a counted activity
        ("建立党员积分管理台账", {}, True),  # a checkable record
        ("修订《支部议事规则》", {}, True),  # a named document
        ("深入开展“两学一做”学习教育", {}, False),  # a quoted formula is masked
        ("2023年继续加强党风廉政建设", {}, False),  # a year is not a number that was achieved
        ("引导党员增强四个意识", {}, True),  # 四个 counts without the slogan …
        ("引导党员增强四个意识", {"slogan": "四个意识"}, False),  # … but not inside a slogan
        ("走访困难群众120户", {"figure": "120户"}, True),  # a figure always counts
        ("加强理论武装", {"level": "heading"}, False),
        ("建立台账制度", {"level": "heading"}, False),  # a heading only with a figure
        ("全年开展活动12次", {"level": "heading", "figure": "12次"}, True),
    ],
)
def test_is_substantive(text, options, expected):
    assert _substantive(text, **options) is expected
