"""Markdown files and Markdown clips saved as .txt: front matter to meta, markup out, headings as structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from textkit.io.markdown import looks_like_markdown, markdown_to_text, split_front_matter
from textkit.io.readers import read_path
from textkit.normalization import convert_script
from textkit.pipeline import Pipeline

SCRIPTS = ["simplified", "traditional"]
TITLE = "柳岸社区党委推行“楼栋议事会”工作法"

CLIP = f"""---
title: "{TITLE}"
source: https://news.example.org/dangjian/2024/0312.html
author:
  - "[[周晓燕]]"
published: 2024-03-12T09:30:00+08:00
tags:
  - 基层党建
  - 议事协商
description: 社区党委搭建议事平台的做法
---

![社区议事会现场](https://news.example.org/img/yishi.jpg)

# {TITLE}

今年以来，**柳岸社区党委**把议事平台建到[楼栋](https://news.example.org/loudong)一线，
带动居民参与社区治理。<!-- 正文开始 -->

## 主要做法

### 搭建议事平台

社区党委在18个楼栋设立议事会，由党员楼栋长担任召集人[^1]。

### 完善议事规则

1. 议题征集
2. 集中协商

![议事流程图](flow.png)

更多情况见[社区公众号][gzh]。

[gzh]: https://news.example.org/gzh

## 工作成效

全年解决停车难、加装电梯等问题46件。

[^1]: 召集人每年轮换一次。
"""


def _in_script(text: str, script: str) -> str:
    return text if script == "simplified" else convert_script(text, "traditional")


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_markdown_clip_reads_as_a_structured_article(tmp_path: Path, script: str, suffix: str):
    path = tmp_path / f"clip{suffix}"
    path.write_text(_in_script(CLIP, script), encoding="utf-8")
    (art,) = Pipeline().process_path(str(path)).articles
    assert art.title == TITLE  # never the front matter's ---
    assert art.meta["url"] == "https://news.example.org/dangjian/2024/0312.html"
    assert art.meta["author"] == _in_script("周晓燕", script)
    assert art.meta["date"] == "2024-03-12"
    assert art.meta["keywords"] == _in_script("基层党建；议事协商", script)
    assert art.meta["references"] == ["[1] 召集人每年轮换一次。"]
    for markup in ("---", "**", "](", "![", "<!--", "http", "published", "#", "[^", "gzh"):
        assert markup not in art.text, markup
    assert "议事流程图" not in art.text and "社区议事会现场" not in art.text  # images go, with their alt text
    assert "把议事平台建到楼栋一线，带动居民" in art.text  # a link keeps its text; the soft break is joined
    assert "见社区公众号。" in art.text  # a reference-style link
    sections = [(s.heading, s.level) for s in art.sections]
    assert sections[:3] == [("主要做法", 1), ("搭建议事平台", 2), ("完善议事规则", 2)]
    assert ("工作成效", 1) in sections
    assert not any("*" in m.text for m in art.measures)


def test_front_matter_only_at_the_start_and_fields_mapped():
    meta, body = split_front_matter("---\ntitle: 支部工作要点\ndate: 2023年5月8日\nsource: 县融媒体中心\nlayout: post\n---\n正文第一段。")
    assert meta == {"title_property": "支部工作要点", "date": "2023-05-08", "site_source": "县融媒体中心"}
    assert body == "正文第一段。"
    assert split_front_matter("正文。\n---\ntitle: x\n---\n")[0] == {}  # a rule later on is no front matter
    # a front matter YAML cannot parse is read line by line
    meta, _ = split_front_matter("---\ntitle: 党建: 引领发展\nauthor: [王明\n---\n正文。")
    assert meta["title_property"] == "党建: 引领发展"


def test_setext_headings_tables_code_and_lists():
    text, meta = markdown_to_text(
        "支部年度总结\n======\n\n学习教育\n--------\n\n开展集中学习12次。\n\n"
        "| 项目 | 次数 |\n| --- | --- |\n| 党课 | 4 |\n\n```\nprint('x')\n```\n\n- 第一项活动\n- 第二项活动\n\n2) 建立台账\n"
    )
    assert meta == {}
    assert text.split("\n") == [
        "支部年度总结",
        "一、学习教育",
        "开展集中学习12次。",
        "项目；次数。",
        "党课；4。",
        "第一项活动",
        "第二项活动",
        "2)建立台账",
    ]


def test_headings_with_their_own_numbering_keep_it():
    text, _ = markdown_to_text("# 总结\n\n## 一、抓学习\n\n正文。\n\n## 二、抓队伍\n\n### 严格发展党员\n\n正文。")
    assert text.split("\n") == ["总结", "一、抓学习", "正文。", "二、抓队伍", "（一）严格发展党员", "正文。"]


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("---\ntitle: 标题\n---\n正文。", True),
        ("# 标题\n\n正文见[链接](https://example.org)和**重点**。\n\n## 小节\n", True),
        ("一、加强学习\n支部组织学习12次，党员参学率100%。\n二、强化管理\n", False),
        ("#党建引领#话题下，网友热议。\n**\n------\n", False),  # a hashtag and a lone rule are not enough
        ("标题\n------\n正文一段。\n", False),
    ],
)
def test_markdown_detected_in_text_files(text: str, markdown: bool):
    assert looks_like_markdown(text) is markdown


def test_plain_text_file_is_read_unchanged(tmp_path: Path):
    text = "某某支部工作总结\n一、加强学习\n支部组织学习12次。\n"
    path = tmp_path / "plain.txt"
    path.write_text(text, encoding="utf-8")
    raw = read_path(path)
    assert raw.text == text and raw.meta == {}
