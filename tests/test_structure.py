from __future__ import annotations

from textkit.normalization import normalize_text
from textkit.structure import marker_index, parse_structure

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
