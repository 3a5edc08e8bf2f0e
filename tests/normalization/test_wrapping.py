"""Lines a fixed-width layout (a PDF's text layer) broke inside a sentence are joined; headings, list
items and short lines stay apart. Footnote markers cut off their words go back after them."""

from __future__ import annotations

from pathlib import Path

import pytest

from textkit.normalization import normalize_text
from textkit.normalization.script import to_simplified
from textkit.normalization.wrapping import continues, display_width, wrap_width
from textkit.pipeline import get_pipeline

from ..pdfgen import write_pdf

PARAGRAPHS = [
    "一、主要做法",
    "支部坚持以人民为中心的发展思想，持续推进基层党组织标准化规范化建设，不断健全组织体系，"
    "全年开展主题党日活动12次，覆盖辖区全部社区和村，党员参与率达到95%，群众满意度明显提升。",
    "二、存在问题",
    "个别党员理论学习不够深入，联系服务群众的办法还不多，志愿服务活动的覆盖面有待扩大，"
    "下一步要建立健全党员联系群众制度，推动各项工作取得新的进展。",
    "三、下一步打算",
    "继续做好工作。",
]
TITLE = "关于加强基层党组织建设的工作报告"


def _wrapped(text: str, columns: int) -> list[str]:
    return [text[i : i + columns] for i in range(0, len(text), columns)]


def _pdf(path: Path, traditional: bool) -> Path:
    convert = (lambda s: s) if not traditional else _to_traditional
    lines = [convert(TITLE)]
    for p in PARAGRAPHS:
        lines += _wrapped(convert(p), 23) if len(p) > 23 else [convert(p)]
    middle = len(lines) // 2
    return write_pdf(path, [[*lines[:middle], "- 1 -"], [*lines[middle:], "- 2 -"]])  # a sentence runs over the page break


def _to_traditional(text: str) -> str:
    from textkit.normalization.script import converter

    return converter("s2t").convert(text)


@pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])
def test_pdf_lines_wrapped_inside_sentences_are_joined(tmp_path, traditional):
    doc = get_pipeline().process_path(str(_pdf(tmp_path / "report.pdf", traditional)))
    article = doc.articles[0]
    assert article.title == TITLE
    assert article.text.split("\n") == PARAGRAPHS  # headings and the short last paragraph stay apart
    assert article.log["page_numbers_removed"] == 2
    assert {f.text for f in article.figures} >= {"主题党日活动12次", "党员参与率达到95%"}  # 1|2次 was cut by the wrap
    assert "持续推进基层党组织标准化规范化建设" in {m.text for m in article.measures}  # 党|组织 was cut by the wrap


def test_wrap_width_found_only_for_hard_wrapped_text():
    para = "".join(p for p in PARAGRAPHS if len(p) > 20)
    assert wrap_width(_wrapped(para, 30)) in range(56, 61)
    web = [p for p in PARAGRAPHS if len(p) > 20] + ["短段落也会有，长度各不相同的一段文字。", "这是一段比较长的文字，" * 9]
    assert wrap_width(web) is None  # one paragraph a line: lengths vary
    assert wrap_width(["一、主要做法", "继续做好工作。"]) is None
    assert display_width("党建2023年") == 10


def test_plain_text_wrapped_at_a_fixed_width_is_joined_but_short_lines_stay():
    body = PARAGRAPHS[1] + PARAGRAPHS[3]
    raw = "\n".join([TITLE, "一、总体情况", *_wrapped(body, 28), "（一）学习情况", "支部全年学习12次。", "短行不连"])
    article = normalize_text(raw)[0]
    assert article.text.split("\n") == ["一、总体情况", body, "（一）学习情况", "支部全年学习12次。", "短行不连"]


def test_a_full_line_before_a_heading_or_after_sentence_end_is_not_joined():
    assert continues("推进基层党组织标准化规范化建设，不断健全组织体系", "全年开展活动", 48)
    assert not continues("推进基层党组织标准化规范化建设，不断健全组织体系", "二、存在问题", 48)
    assert not continues("推进基层党组织标准化规范化建设，健全了组织体系。", "全年开展活动", 48)
    assert not continues("短行", "全年开展活动", 48)
    assert not continues("推进基层党组织标准化规范化建设，不断健全组织体系", "全年开展活动", None)


FOOTNOTED = """学习笔记
关于上届支委会
[
5
]
以来的工作情况。
我们坚持以人民为中心的发展思想
[
1
]
，推进基层党组织建设。
学习贯彻重要论述
[2]
，做到学思用贯通。
理论学习中心组全年学习12次［3］，覆盖全体班子成员①。
党员教育管理工作取得新进展。
〔4〕，是我们工作的出发点。
7
参考文献
[1] 作者甲. 论基层党建[J]. 党建研究, 2020(3): 1-5.
"""


@pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])
def test_footnote_markers_stay_after_their_words(traditional):
    raw = FOOTNOTED if not traditional else _to_traditional(FOOTNOTED)
    article = normalize_text(raw)[0]
    first, *lines = article.text.split("\n")
    assert first == "关于上届支委会[5]以来的工作情况。"  # the sentence goes on after its marker
    assert lines[0] == "我们坚持以人民为中心的发展思想[1]，推进基层党组织建设。"
    assert lines[1] == "学习贯彻重要论述[2]，做到学思用贯通。"
    assert lines[2] == "理论学习中心组全年学习12次［3］，覆盖全体班子成员①。"
    assert lines[3] == "党员教育管理工作取得新进展。〔4〕，是我们工作的出发点。"
    assert not any(line.strip("[]［］〔〕") == "" for line in lines)  # no bracket lines left in sentences
    assert "7" not in article.text and article.log["page_numbers_removed"] == 1  # a line that is only a page number goes
    assert [to_simplified(r)[0] for r in article.meta["references"]] == ["[1] 作者甲. 论基层党建[J]. 党建研究,2020(3):1-5."]


def test_footnote_markers_do_not_become_figures():
    article = get_pipeline().process_text("学习笔记\n支部全年开展主题党日活动12次[1]，党员参与率达到95%［2］。\n")[0]
    assert sorted(f.value for f in article.figures) == [12, 95]
