"""Genre of an article and how the extractors use it, on documents written for these tests, in both scripts.

A news feature quotes people's words and names one campaign in quotes: only the campaign becomes a
slogan. A student testimonial's feelings and plans are no measures. A work summary keeps what it had
without the genre. A speech is told by its address to the audience.
"""

from __future__ import annotations

import pytest

import textkit
from textkit.components import DEFAULT_PIPELINE
from textkit.genre import GENRES, classify_genre
from textkit.normalization import convert_script

SCRIPTS = ("simplified", "traditional")

NEWS = """青山村里的“红马甲”
本报讯（记者 林晓 通讯员 周舟）近日，记者来到青山村，只见党员志愿者正在帮村民修缮屋顶。
“以前下雨天屋里到处漏水，现在不用发愁了”，村民老赵笑着说。
据了解，今年以来，镇党委在全镇开展“红色管家”行动，组织党员包片联户。
“有难事就到支部来找我们”，村党支部书记王海表示，支部还安排党员每周走访独居老人。
在村民眼里，这些党员成了身边的“主心骨”和“贴心人”。
“办得实在，心里暖和”，一位老人告诉记者。
老人们说，党员上门后，日子有了“奔头”，村里也多了“人气”和“新活力”。
镇党委负责人介绍，下一步将把这一做法推广到全镇各村。
"""

TESTIMONIAL = """参加党史学习教育的心得体会
作为一名大学生党员，这次参加学院组织的党史学习教育，我收获很大。
我深刻体会到，共产党员要把初心落实到行动上。
学院党委组织我们参观了革命纪念馆，邀请老党员讲述入党经历。
我要认真学习党的理论，努力提高自己的政治素质。
今后我将积极参加志愿服务，在学习和生活中发挥模范作用。
我们要牢记嘱托，勤奋学习，不负青春。
"""

WORK_SUMMARY = """东湖街道党工委2024年党建工作总结
今年以来，我们坚持以党建引领基层治理，现将全年工作总结如下。
一、主要工作
（一）加强理论武装。街道党工委全年组织中心组学习12次，开展“书记讲党课”活动8场。
（二）建强基层组织。推行“三会一课”记录调阅制，每季度通报一次。
二、存在的问题
个别支部组织生活不够规范。
三、下一步工作打算
将继续完善党员积分管理机制，推动“网格党建”全覆盖。
"""

SPEECH = """在全县基层党建工作推进会上的讲话
同志们：
今天召开这次会议，主要任务是部署下一阶段的基层党建工作。下面，我讲三点意见。
一、提高认识。各级党组织要把抓基层打基础作为长远之计。
二、突出重点。要深入实施“领头雁”培育工程，选优配强村党组织书记。
三、压实责任。各乡镇党委书记要亲自抓、负总责。
“党员就得走在前头”，一位老支书这样说。大家要把这句话记在心里。
同志们，让我们以更加务实的作风，推动基层党建工作再上新台阶。
"""


def _article(text: str, script: str, **kw):
    if script != "simplified":
        text = convert_script(text, script)
    (art,) = textkit.extract(text, **kw)
    return art


def _simplified(text: str) -> str:
    return convert_script(text, "simplified")


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    ("text", "genre"),
    [(NEWS, "news"), (TESTIMONIAL, "testimonial"), (WORK_SUMMARY, "work_summary"), (SPEECH, "speech")],
    ids=["news", "testimonial", "work_summary", "speech"],
)
def test_each_sample_gets_its_genre_with_a_confidence(text, genre, script):
    art = _article(text, script)
    assert art.genre == genre
    assert 0 < art.genre_confidence <= 1
    record = art.to_record()
    assert record["genre"] == genre and record["genre_confidence"] == art.genre_confidence


def test_a_text_with_no_cues_is_other():
    assert classify_genre("", "党员队伍建设。组织建设。")[0] == "other"
    assert set(GENRES) == {"work_summary", "experience", "news", "speech", "testimonial", "other"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_news_feature_keeps_only_the_quoted_campaign(script):
    art = _article(NEWS, script)
    quoted = [_simplified(s.text) for s in art.slogans if s.quoted]
    assert quoted == ["红色管家"]
    assert len(art.slogans) <= 1  # at most as many slogans as quoted formulas


@pytest.mark.parametrize("script", SCRIPTS)
def test_without_the_genre_the_people_quoted_would_be_slogans(script):
    """The genre is what drops the quoted speech: the same text without the genre component keeps more."""
    pipes = tuple(p for p in DEFAULT_PIPELINE if p != "genre")
    art = _article(NEWS, script, pipes=pipes)
    assert art.genre is None
    assert len(art.slogans) > 1


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_testimonial_gives_no_measures_from_the_writers_feelings_and_plans(script):
    pipes = tuple(p for p in DEFAULT_PIPELINE if p != "genre")
    assert any("我将" in _simplified(m.text) for m in _article(TESTIMONIAL, script, pipes=pipes).measures)
    art = _article(TESTIMONIAL, script)
    texts = [_simplified(m.text) for m in art.measures]
    assert not any(t.startswith(("我", "今后我", "我们要")) or "初心" in t for t in texts), texts
    assert any("参观了革命纪念馆" in t for t in texts), texts  # what the organisation did stays


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_work_summary_extracts_as_without_the_genre(script):
    pipes = tuple(p for p in DEFAULT_PIPELINE if p != "genre")
    with_genre, without = _article(WORK_SUMMARY, script), _article(WORK_SUMMARY, script, pipes=pipes)
    assert with_genre.genre == "work_summary"
    assert [s.text for s in with_genre.slogans] == [s.text for s in without.slogans]
    assert [m.text for m in with_genre.measures] == [m.text for m in without.measures]
    assert {"书记讲党课", "三会一课", "网格党建"} <= {_simplified(s.text) for s in with_genre.slogans}


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_speech_keeps_its_quoted_programme_not_the_quoted_saying(script):
    art = _article(SPEECH, script)
    quoted = {_simplified(s.text) for s in art.slogans if s.quoted}
    assert "领头雁" in quoted or "领头雁培育工程" in quoted
    assert not any("走在前头" in q for q in quoted)
    pipes = tuple(p for p in DEFAULT_PIPELINE if p != "genre")
    assert any("走在前头" in _simplified(s.text) for s in _article(SPEECH, script, pipes=pipes).slogans)


def test_the_genre_is_a_typed_column_of_the_articles_table():
    from textkit.io.tables import Layout, frames_from_records, records_from_tables

    record = {"source": "news.txt", "article": 0, **_article(NEWS, "simplified").to_record(structure=False)}
    layout = Layout.of([record])
    assert layout.types("articles")["genre"] == "str" and layout.types("articles")["genre_confidence"] == "float"
    frames = frames_from_records([record])
    assert frames["articles"].loc[0, "genre"] == "news"
    rows = {table: [dict(r) for r in layout.rows(record, 1)[table]] for table in layout.tables() if table != "errors"}
    for table_rows in rows.values():
        for n, row in enumerate(table_rows, 1):
            row.setdefault("item_id", n)
    (back,) = records_from_tables(rows)
    assert back["genre"] == "news" and back["genre_confidence"] == record["genre_confidence"]


@pytest.mark.parametrize("cap", [1, 2, 3, 5])
def test_a_cue_counts_its_matches_up_to_its_cap(cap: int) -> None:
    import re

    from textkit.genre import _count

    regex = re.compile("我们|记者")
    for text in ("", "我们", "我们记者我们", "记者" * 4, "无关的句子"):
        assert _count(regex, text, cap) == min(cap, len(regex.findall(text)))


@pytest.mark.parametrize(
    ("title", "found"), [("人民日报 A3版：要闻", True), ("12版:评论", True), ("版：无页码", False), ("总第123期", True)]
)
def test_a_page_number_in_a_title_is_a_news_cue(title: str, found: bool) -> None:
    from textkit.genre import NEWS, cues

    page = next(c for c in cues() if c.genre == NEWS and c.where == "title")
    assert bool(page.regex.search(title)) is found
