from __future__ import annotations

import pytest

from textkit.normalization import convert_script, normalize_text
from textkit.resources import data_path, lexicon_names, table
from textkit.structure import CN, clauses, heading_marker, marker_index, match_marker, parse_structure

from .conftest import REPORT_SIMPLIFIED, REPORT_TRADITIONAL


def _parsed(text):
    return parse_structure(normalize_text(text)[0])


def test_headings_nest_by_scheme():
    art = _parsed(REPORT_SIMPLIFIED)
    assert [(s.scheme, s.level, s.heading) for s in art.sections] == [
        ("一、", 1, "强化组织引领"),
        ("(一)", 2, "健全组织体系"),
        ("(一)", 2, "严格落实“三会一课”制度"),
        ("一、", 1, "深化为民服务"),
        ("1、", 2, "开展“我为群众办实事”实践活动"),
        ("1、", 2, "要进一步完善社区服务中心功能，推行“一站式”便民服务，群众满意率达到98%"),
    ]
    assert art.sections[1].parent == 0 and art.sections[4].parent == 3


def test_inline_items_and_offsets():
    art = _parsed(REPORT_SIMPLIFIED)
    inline = [it for it in art.items if it.scheme == "一是"]
    assert [it.index for it in inline] == [1, 2, 3]
    assert [art.text[it.start : it.head_end] for it in inline] == [
        "每月组织一次集中学习",
        "每季度开展一次民主评议党员",
        "建立党员积分管理台账",
    ]
    for s in art.sections:
        assert art.text[s.start : s.heading_end] == s.heading
    for sent in art.sentences:
        assert sent.clauses and sent.clauses[0][0] >= sent.start and sent.clauses[-1][1] <= sent.end


def test_other_schemes():
    text = "标题\n第一，要加强学习。\n首先，建立制度。其次，严格考核。最后，强化监督。\n(1)抓好培训\n①建立台账\n"
    art = _parsed(text)
    schemes = {it.scheme for it in art.items}
    assert {"第一", "首先", "(1)", "①"} <= schemes
    assert [it.index for it in art.items if it.scheme == "首先"] == [1, 2, 9]


def test_traditional_and_simplified_have_the_same_structure():
    a, b = _parsed(REPORT_SIMPLIFIED), _parsed(REPORT_TRADITIONAL)
    assert a.structure_dict() == b.structure_dict()


def test_marker_index():
    assert marker_index("十二是") == 12 and marker_index("（三）") == 3 and marker_index("③") == 3 and marker_index("4.") == 4


# -- parametrised rules: markers, headings, nesting, inline items, clauses -------------------------

SCRIPTS = ["simplified", "traditional"]


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        ("一、加强组织建设", "一、"),
        ("十二、总结经验", "一、"),
        ("（二）完善制度", "(一)"),
        ("(3)建立台账", "(1)"),
        ("2、开展活动", "1、"),
        ("2.开展活动", "1."),
        ("12)落实责任", "1)"),
        ("③推进整改", "①"),
        ("第三条，严格考核", "第一"),
        ("第二，要加强学习", "第一"),
        ("二是加强学习", "一是"),
        ("首先，建立制度", "首先"),
        ("其次要抓落实", "首先"),
        ("1.5亿元资金", None),  # a decimal, not a marker
        ("一、2023年", None),  # a digit right after 一、
        ("三是否落实", None),  # 是否 is not 三是
        ("支部建设", None),
    ],
)
def test_match_marker(text, scheme):
    found = match_marker(text)
    assert (found[0] if found else None) == scheme


@pytest.mark.parametrize(
    ("para", "scheme"),
    [
        ("一、加强组织建设", "一、"),
        ("（一）抓好理论学习", "(一)"),
        ("工作成效", "plain"),  # a short line without sentence punctuation
        ("二是加强学习", None),  # inline schemes never open a section
        ("首先，建立制度", None),
        ("支部每月开展一次主题党日。", None),
    ],
)
def test_heading_marker(para, scheme):
    found = heading_marker(para)
    assert (found[0] if found else None) == scheme


@pytest.mark.parametrize(
    ("marker", "index"),
    [
        ("十二是", 12),
        ("（三）", 3),
        ("③", 3),
        ("4.", 4),
        ("二十三、", 23),
        ("二十、", 20),
        ("其次", 2),
        ("最后", 9),
        ("第四，", 4),
        ("是", 0),
    ],
)
def test_marker_values(marker, index):
    assert marker_index(marker) == index


REPORT = """青松街道党工委工作总结
一、强化政治引领
（一）抓好理论学习
街道党工委坚持每月集中学习，一是开展专题研讨，二是组织现场教学。
（二）严格组织生活
1、规范主题党日
各支部按月开展主题党日。
2、落实谈心谈话
二、提升服务水平
全年走访群众1200户：首先，建立民情台账；其次，及时回应诉求；最后，开展满意度回访。
工作成效
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_sections_nest_by_a_stack(script):
    art = _parsed(REPORT if script == "simplified" else convert_script(REPORT, "traditional"))
    assert [(s.scheme, s.level, s.heading, s.parent) for s in art.sections] == [
        ("一、", 1, "强化政治引领", None),
        ("(一)", 2, "抓好理论学习", 0),
        ("(一)", 2, "严格组织生活", 0),
        ("1、", 3, "规范主题党日", 2),
        ("1、", 3, "落实谈心谈话", 2),
        ("一、", 1, "提升服务水平", None),  # 工作成效 inside numbered sections is body text
    ]
    assert art.text[art.sections[0].end :].startswith("二、提升")  # a section ends where the next one's marker starts


@pytest.mark.parametrize("script", SCRIPTS)
def test_inline_items_follow_a_sentence_end_or_colon(script):
    art = _parsed(REPORT if script == "simplified" else convert_script(REPORT, "traditional"))
    inline = [(it.scheme, it.index, art.text[it.start : it.head_end]) for it in art.items if it.scheme == "首先"]
    assert inline == [("首先", 1, "建立民情台账"), ("首先", 2, "及时回应诉求"), ("首先", 9, "开展满意度回访")]
    assert not any(it.scheme == "一是" for it in art.items)  # 一是 after a comma is not an item


@pytest.mark.parametrize(
    ("sentence", "parts"),
    [
        ("首先，建立台账：每月更新。", ["首先", "建立台账", "每月更新"]),
        ("支部开展活动12次", ["支部开展活动12次"]),
        ("一是学习，二是考核；", ["一是学习", "二是考核"]),
    ],
)
def test_clauses(sentence, parts):
    assert [sentence[s:e] for s, e in clauses(sentence, 0, len(sentence))] == parts


def test_structure_lists_have_no_duplicates():
    assert len(set(CN)) == len(CN) == 10
    for name, key in (("structure_schemes", "scheme"), ("structure_order_words", "word")):
        keys = [row[key] for row in table(name)]
        assert len(keys) == len(set(keys)), name
    for name in lexicon_names():
        if name.split("/")[1].startswith("structure_"):
            lines = data_path(f"{name}.txt").read_text(encoding="utf-8").splitlines()
            entries = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
            assert len(entries) == len(set(entries)), name


def test_match_marker_tries_each_scheme_only_where_one_can_start():
    """The combined pre-check never hides a marker: the result is the first scheme that matches."""
    from textkit.structure import SCHEMES, _digit_follows

    def slow(text, pos):
        for name, pat in SCHEMES:
            m = pat.match(text, pos)
            if m and not _digit_follows(name, text, m.end()):
                return name, m.group(0), m.end()
        return None

    text = (
        "一、加强组织建设。（二）完善制度1、落实责任；2.5万人参加，(3)开展学习1)首先，一是抓学习，第三条，①从严治党，其次要实起来，一、2项"
    )
    for t in (text, convert_script(text, "traditional")):
        assert [match_marker(t, i) for i in range(len(t))] == [slow(t, i) for i in range(len(t))]
        assert sum(match_marker(t, i) is not None for i in range(len(t))) >= 8


def test_sentences_without_garbled_runs_cut_as_the_clause_splitter_does():
    from textkit.model import Article
    from textkit.structure import clauses, parse_structure

    text = "一是加强学习，提高认识；二是 \n完善制度：健全机制。。，好！ 最后一句没有句号"
    art = Article(title="", text=text, source="", index=0)
    art.paragraphs = [(0, len(text))]
    parse_structure(art)
    assert [text[s.start : s.end] for s in art.sentences] == [
        "一是加强学习，提高认识；",
        "二是 \n完善制度：健全机制。",
        "，好！",  # the lone 。 before it is no sentence
        "最后一句没有句号",
    ]
    assert all(s.clauses == clauses(text, s.start, s.end) for s in art.sentences)


@pytest.mark.parametrize(
    "text",
    ["  ，甲乙。 \n；丙，，丁", "。", "。。", " 。", "\n甲", "甲，", "，，", "甲乙丙丁", " \n ", "甲。  乙；\n丙！？，"],
)
def test_one_pass_split_gives_the_sentences_of_one_add_per_sentence(text: str) -> None:
    import re

    from textkit import structure
    from textkit.model import Article

    def article() -> Article:
        art = Article(title="", text=text, source="", index=0)
        art.paragraphs = [(0, len(text))]
        return art

    fast, slow = article(), article()
    structure._split_clean(fast, 0, len(text), 0, None)
    start = 0
    for m in re.finditer(f"[{re.escape(structure._SENT_END)}]", text):
        structure._add_sentence(slow, start, m.end(), 0, None)
        start = m.end()
    structure._add_sentence(slow, start, len(text), 0, None)
    assert fast.sentences == slow.sentences


def test_a_section_ends_where_the_next_at_its_level_or_higher_starts() -> None:
    import random

    from textkit.model import Article, Section
    from textkit.structure import _close_sections

    rng = random.Random(7)
    text = "\n".join("一、标题" + "文" * rng.randrange(3) for _ in range(40))
    starts = [i + 2 for i, ch in enumerate(text) if ch == "标"]
    art = Article(title="", text=text, source="", index=0)
    art.sections = [Section("标题", rng.randint(1, 4), "一、", s, s + 2, s + 2, None) for s in starts]
    _close_sections(art)
    for i, s in enumerate(art.sections):
        nxt = next((t for t in art.sections[i + 1 :] if t.level <= s.level), None)
        expected = len(text) if nxt is None else text.rfind("\n", 0, nxt.start) + 1  # the next one's line, marker and all
        assert s.end == max(s.heading_end, expected)
