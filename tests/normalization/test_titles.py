"""The article title and the top lines around it (textkit.normalization.titles), on small pages
written for these tests, in both scripts."""

from __future__ import annotations

import re

import pytest

from textkit.normalization import NormalizeConfig, convert_script, normalize_text
from textkit.normalization.titles import clean_meta_value, is_byline, is_top_furniture, strip_seo, title_like

SCRIPTS = ["simplified", "traditional"]
BODY = "今年以来，支部组织党员开展志愿服务十二次，走访困难群众四十户，帮助解决实际问题二十件。"
BODY2 = "一、强化政治引领\n支部坚持每月集中学习一次，建立了党员学习积分台账。"


def _page(text: str, script: str, **meta: str):
    text = text if script == "simplified" else convert_script(text, "traditional")
    (art,) = normalize_text(text, config=NormalizeConfig(meta=dict(meta)))
    return art


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    "furniture",
    [
        "设为首页 | 加入收藏 | 联系我们",
        "欢迎访问青湖区机关党建网！ 今天是2024年3月5日 星期二",
        "B2版：基层党建 总第1234期 2024-03-05出版",
        "http://www.example.org.cn/dj/",
        "首页",
        "---",
    ],
)
def test_top_furniture_is_no_title_and_no_body(furniture, script):
    art = _page(f"{furniture}\n\n青湖街道党工委推进“红色驿站”建设\n{BODY}", script)
    assert art.title == convert_script("青湖街道党工委推进“红色驿站”建设", "simplified")
    assert art.text == BODY and art.log["header_lines_removed"] >= 1


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_name_alone_is_a_byline_and_the_post_beside_it_is_meta(script):
    art = _page(f"刘海涛\n白沙镇农机合作社党支部书记、理事长\n支部书记谈体会：\n{BODY}", script)
    assert art.title == ""
    assert art.meta["author"] == "刘海涛"
    assert art.meta["author_post"] == "白沙镇农机合作社党支部书记、理事长"
    assert art.text.startswith("支部书记谈体会")


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_marked_name_before_the_body_is_a_byline(script):
    art = _page(f"□ 欧阳明\n{BODY}", script)
    assert art.title == "" and art.meta["author"] == "欧阳明" and art.text == BODY


def test_names_and_short_titles():
    assert is_byline("王海") and is_byline("欧阳明") and is_byline("陈晓红")
    assert not is_byline("高举旗帜") and not is_byline("工作总结") and not is_byline("王村经验")


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_lead_sentence_is_no_title(script):
    art = _page(f"春风拂面，柳绿桃红。江畔小村的菜地一片生机……\n{BODY}", script)
    assert art.title == "" and art.text.startswith("春风拂面")


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_news_dateline_and_reporter_byline(script):
    art = _page(f"新华社杭州3月2日电 题：小支部连着大民生——西岭村党支部的服务清单\n新华社记者陈明远\n{BODY}", script)
    assert art.title == "小支部连着大民生——西岭村党支部的服务清单"
    assert art.meta["author"] == "陈明远" and art.text == BODY


@pytest.mark.parametrize("script", SCRIPTS)
def test_an_essay_site_title_takes_the_part_the_page_repeats(script):
    page = (
        "2023年支部工作总结_社区支部工作总结范文大全6篇\n"
        "怎样写好社区支部工作总结？下面是整理的几篇范文，供大家参考。\n"
        "社区支部工作总结范文(一)\n"
        f"{BODY}"
    )
    art = _page(page, script)
    assert art.title == "社区支部工作总结"
    assert "\n社区支部工作总结范文(一)\n" in convert_script(art.text, "simplified")  # the first essay's heading stays


def test_essay_site_endings():
    assert strip_seo("党支部工作总结范文大全5篇") == "党支部工作总结"
    assert strip_seo("党支部工作总结(通用6篇)") == "党支部工作总结"
    assert strip_seo("党支部工作总结范文(二)") == "党支部工作总结"
    assert strip_seo("范文") == "范文"


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_title_written_twice_in_the_first_line(script):
    page = (
        "1、河口小学2022年党建工作总结河口小学2022年党建工作总结 2022年，学校党支部以立德树人为根本，开展主题党日活动十次，建立结对帮扶机制。\n"
        + BODY
    )
    art = _page(page, script)
    assert art.title == "河口小学2022年党建工作总结"
    assert art.text.startswith("2022年，学校党支部以立德树人为根本")


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("gap", [" ", ""])
def test_a_title_run_into_the_first_sentence(gap, script):
    page = f"茶香满山 党旗飘扬{gap}3月中旬，记者来到云岭村，村党支部书记正带着党员在茶园里查看新芽，合作社已吸纳农户六十余户，茶叶收入比去年增长三成。"
    art = _page(page, script)
    assert art.title == "茶香满山 党旗飘扬"
    assert art.text.startswith("3月中旬")


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_long_first_line_without_a_title_keeps_its_words(script):
    page = "支部 党员 在3月中旬走访了云岭村，村党支部书记正带着党员在茶园里查看新芽，合作社已吸纳农户六十余户，茶叶收入比去年增长三成。"
    assert _page(page, script).title == ""


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_title_after_a_preface_needs_a_unit_line_before_it(script):
    preface = (
        "为推广基层服务群众的好做法，区委组织部开展了优秀案例征集活动，经评审选出一批典型案例，现予刊发。\n"
        "各单位要认真学习借鉴，结合实际创造性开展工作。\n"
    )
    art = _page(f"{preface}青湖区便民服务中心\n群众“一件事” 窗口“一次办”\n{BODY}", script)
    assert art.title == convert_script("群众“一件事” 窗口“一次办”", "simplified")
    assert art.meta["unit"] == "青湖区便民服务中心"
    plain = _page(f"{preface}群众“一件事” 窗口“一次办”\n{BODY}", script)
    assert plain.title == ""


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_title_made_of_parts_takes_the_repeated_part(script):
    page = (
        "“我为群众办实事”案例展示——区档案馆党支部：档案服务进社区 红色记忆暖人心\n"
        "编者按：\n"
        "为展示各支部办实事的成效，现将部分案例刊发如下。\n"
        "档案服务进社区 红色记忆暖人心\n"
        f"{BODY2}"
    )
    art = _page(page, script)
    assert art.title == "档案服务进社区 红色记忆暖人心"
    assert "红色记忆暖人心" not in art.text and art.log["title_repeats_removed"] == 1


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_title_made_of_parts_stays_whole_without_a_repeat(script):
    page = f"西岭村：“三张清单”激活支部战斗力\n{BODY}"
    assert _page(page, script).title == "西岭村：“三张清单”激活支部战斗力"


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_browser_title_picks_the_title_line(script):
    page = f"为做好新时期党员教育工作，局机关党委组织开展了一系列活动，效果明显。\n支部书记讲党课\n{BODY}"
    assert _page(page, script).title == ""
    art = _page(page, script, html_title="支部书记讲党课_青湖区机关党建网")
    assert art.title == "支部书记讲党课"


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_subtitle_goes_to_meta(script):
    art = _page(f"让党旗在工地上飘扬\n——城建集团第三项目部党支部经验材料\n{BODY}", script)
    assert art.title == "让党旗在工地上飘扬"
    assert art.meta["subtitle"] == "城建集团第三项目部党支部经验材料"
    assert art.text == BODY


@pytest.mark.parametrize("script", SCRIPTS)
def test_site_header_values_lose_the_next_label(script):
    page = f"青湖街道党工委推进“红色驿站”建设\n编辑：李红 发表时间：2024-01-02 09:30 来源：青湖区党建网 阅读次数：\n{BODY}"
    art = _page(page, script)
    assert art.meta["editor"] == "李红"
    assert art.meta["site_source"] == "青湖区党建网"
    assert art.meta["date"] == "2024-01-02"


def test_clean_meta_value():
    assert clean_meta_value("王芳 发布") == "王芳"
    assert clean_meta_value("区党建网 点击量：") == "区党建网"
    assert clean_meta_value("区党建网") == "区党建网"


def test_title_like_rejects_furniture_dates_and_headings():
    assert title_like("支部工作总结") and title_like("坚持党的全面领导 推进支部标准化") and title_like("2023年3月份支部工作总结")
    for line in (
        "2024年3月5日",
        "2024年3月5日 青湖区",
        "一、基本情况",
        "各位领导、同志们",
        "尊敬的各位来宾",
        "今天是星期五",
        "——",
        "工作总结。",
    ):
        assert not title_like(line), line
    assert is_top_furniture("A3版：要闻 总第88期") and not is_top_furniture("版面设计工作总结")
    assert is_top_furniture("欢迎光临本站 今天是") and not is_top_furniture("今天是我的政治生日")
    assert not is_top_furniture("推进无障碍环境建设 星期天也有党员值守")


def test_dev_web_titles_hold_no_furniture(shared):
    """On the development pages: no title is furniture, a name alone, a page header or a date."""
    for path in sorted((shared / "dev" / "web").glob("*.txt")):
        for art in normalize_text(path.read_text(encoding="utf-8"), path.name):
            title = art.title
            assert title not in ("---", "首页"), path.name
            assert not is_top_furniture(title) and not is_byline(title), (path.name, title)
            assert not re.search(r"今天是|设为|收藏|版[:：]|总第\d+期", title), (path.name, title)
            for key in ("editor", "site_source", "author"):
                value = str(art.meta.get(key, ""))
                assert not re.search(r"[:：]$|\s(?:发表|发布)$", value), (path.name, key, value)
