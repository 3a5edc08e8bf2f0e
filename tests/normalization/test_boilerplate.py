"""Line rules of normalisation: (line, expected class or outcome) in simplified and traditional script."""

from __future__ import annotations

import pytest

from textkit.normalization import boilerplate as bp
from textkit.normalization import convert_script, normalize_text
from textkit.normalization.script import fix_zhu, to_simplified
from textkit.resources import data_path, lexicon_names, table, words

SCRIPTS = ["simplified", "traditional"]


def _in_script(text: str, script: str) -> str:
    return text if script == "simplified" else convert_script(text, "traditional")


# -- site furniture: the rule of boilerplate.FURNITURE_RULES that fires first ----------------------

FURNITURE = [
    ("当前位置：首页 > 党建工作 > 支部动态", "breadcrumb"),
    ("首页 > 新闻中心", "breadcrumb"),
    ("【打印本页】 【关闭窗口】", "site_noise"),
    ("版权所有：某某县委组织部", "site_noise"),
    ("第 3 页 共 12 页", "page_number"),
    ("—12—", "page_number"),
    ("3/15", "page_number"),
    ("图为党员志愿者清扫街道。", "caption"),
    ("图2：支部书记讲党课", "caption"),
    ("（李华 摄）", "caption"),
    ("张伟 摄影报道", "photo_credit"),
    ("支部组织党员开展志愿服务活动。", None),
    ("一、加强组织建设", None),
    ("发布时间：2024-05-06", None),
    ("图书室对党员开放。", None),
    ("首页设计方案", None),
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("line", "rule"), FURNITURE)
def test_furniture_rules(line, rule, script):
    simplified, _, _ = to_simplified(_in_script(line, script))  # rules see simplified text
    found = bp.furniture(simplified)
    assert (found[0] if found else None) == rule
    if found:
        assert found[1] and found[1].isascii()  # a short English reason for --explain


# -- the builder's line steps, seen through normalize_text: log counters and metadata --------------

TITLE = "青松街道党工委推进支部标准化建设"
BODY = "街道党工委今年组织支部书记轮训两期，覆盖全部支部。"
COUNTERS = (
    "footer_lines_removed",
    "header_lines_removed",
    "page_numbers_removed",
    "captions_removed",
    "meta_lines",
    "reference_lines",
    "title_repeats_removed",
    "decorations_removed",
)

LINE_OUTCOMES = [
    ("猜你喜欢", {"footer_lines_removed"}),
    ("当前位置：首页 > 支部动态", {"header_lines_removed"}),
    ("【打印本页】 【关闭窗口】", {"header_lines_removed"}),
    ("第 3 页 共 12 页", {"page_numbers_removed"}),
    ("图为党员志愿者清扫街道。", {"captions_removed"}),
    ("（李华 摄）", {"captions_removed"}),
    ("发布时间：2024-05-06 10:20  来源：街道党工委  浏览次数：88", {"header_lines_removed", "meta:date", "meta:site_source"}),
    ("（责任编辑：王芳）", {"header_lines_removed", "meta:editor"}),
    ("摘要：本文总结了支部标准化建设的做法。", {"meta_lines", "meta:abstract"}),
    ("关键词：支部；标准化", {"meta_lines", "meta:keywords"}),
    ("参考文献：", {"meta_lines", "reference_lines", "meta:references"}),  # the body line becomes a reference
    ("[1]王明.支部建设研究[J].党建,2020(2).", {"reference_lines", "meta:references"}),
    ("（作者：街道党工委书记）", {"meta_lines", "meta:author_note"}),
    (TITLE, {"title_repeats_removed"}),
    ("2023年6月1日 王明", {"meta:date", "meta:author"}),
    ("□ 赵刚", {"decorations_removed", "meta:author"}),
    ("李明 王芳", {"meta:author"}),
    ("（某某大学马克思主义学院 北京 100000）", {"meta:unit", "meta:postcode"}),
    ("党建研究 2023年第5期", {"meta:journal"}),
    ("◆ 一、加强组织建设", {"decorations_removed", "body"}),
    ("支部组织党员开展志愿服务活动。", {"body"}),
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("line", "expected"), LINE_OUTCOMES)
def test_line_outcomes(line, expected, script):
    (art,) = normalize_text(_in_script(f"{TITLE}\n{line}\n{BODY}", script))
    assert art.title == TITLE
    outcome = {c for c in COUNTERS if art.log[c]} | {f"meta:{k}" for k in art.meta}
    if len(art.paragraphs) > 1:
        outcome.add("body")
    assert outcome == expected


def test_header_meta_values():
    (art,) = normalize_text(f"{TITLE}\n发布时间：2024-5-6 10:20  来源：街道党工委  作者：李明\n{BODY}\n（责任编辑：王芳）")
    assert art.meta == {"date": "2024-05-06", "site_source": "街道党工委", "author": "李明", "editor": "王芳"}


# -- pure helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (
            "发布时间：2024-05-06 10:20  来源：街道党工委  浏览次数：88",
            [("时间", "2024-05-06 10:20"), ("来源", "街道党工委"), ("浏览次数", "88")],
        ),
        ("（责任编辑：王芳）", [("责任编辑", "王芳")]),
        ("【来源：县融媒体中心】", [("来源", "县融媒体中心")]),
        ("时间管理很重要", None),
    ],
)
def test_header_line(line, fields):
    assert bp.header_line(line) == fields


@pytest.mark.parametrize(
    ("line", "meta"),
    [
        ("摘要：本文总结了支部标准化建设的做法。", ("abstract", "本文总结了支部标准化建设的做法。")),
        ("摘 要: 支部建设", ("abstract", "支部建设")),
        ("关键词 支部；标准化", ("keywords", "支部；标准化")),
        ("中图分类号：D267", ("classification", "D267")),
        ("基金项目：某某课题", ("author_note", "某某课题")),
        ("摘录几句话", None),
    ],
)
def test_meta_line(line, meta):
    assert bp.meta_line(line) == meta


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("领导讲话：加强支部建设（范文）", "加强支部建设"),
        ("支部学习材料(3篇)", "支部学习材料"),
        ("心得体会：党员教育管理工作研究", "党员教育管理工作研究"),
        ("社区党建的实践", "社区党建的实践"),
    ],
)
def test_compilation_titles(title, clean):
    assert bp.clean_compilation_title(title) == clean


@pytest.mark.parametrize(
    ("text", "fixed", "count"),
    [
        ("影响著发展", "影响着发展", 1),
        ("发挥著作用", "发挥着作用", 1),
        ("他的著作很多", "他的著作很多", 0),
        ("著作权法规定", "著作权法规定", 0),
        ("成效显著，本著节约原则", "成效显著，本着节约原则", 1),
    ],
)
def test_fix_zhu(text, fixed, count):
    assert fix_zhu(text) == (fixed, count)


# -- the data files of this package -----------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in lexicon_names() if n.split("/")[1].startswith("normalization_")])
def test_normalization_lists_have_no_duplicates(name):
    kind, stem = name.split("/")
    entries = words(stem) if kind == "lexicons" else _pattern_entries(stem)
    assert entries and len(entries) == len(set(entries))


def _pattern_entries(stem: str) -> list[str]:
    lines = data_path(f"patterns/{stem}.txt").read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def test_header_meta_table_keys_are_unique():
    keys = [row["key"] for row in table("normalization_header_meta")]
    assert len(keys) == len(set(keys))
