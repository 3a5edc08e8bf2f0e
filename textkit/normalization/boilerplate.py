"""Recognise lines that are not article body: site furniture, captions, page numbers, paper front
and back matter. Metadata lines return a (key, value) pair so it is kept, not lost."""

from __future__ import annotations

import re

_C = r"[:：]"
# Site header lines: 时间:…, 导语:…, 来源:…, 发布时间…, 浏览次数…
HEADER_KEYS = re.compile(
    rf"^(?:发布)?(?:时间|日期|来源|导语|作者|编辑|责任编辑|责编|浏览|浏览次数|点击|阅读|字号|稿源|出处|供稿|审核|校对){_C}"
)
SITE_NOISE = re.compile(
    r"(来源于网友上传|不代表本站观点|欢迎参考|原创文章可咨询|版权归原作者|如有侵权|本文来源|转载请注明|扫一扫|分享到|打印本页|关闭窗口|【字体|字号[:：]|返回顶部"
    r"|版权所有|ICP备|备案号|网站标识码|主办单位|承办单位|技术支持[:：]|联系我们|网站地图|【打印】|【关闭】|【收藏】)"
)
# Breadcrumbs: 当前位置：首页 > 党建工作; 首页 > 党建工作 > 基层动态
BREADCRUMB = re.compile(r"^(?:当前位置|您现在的位置|您的位置|你的位置|所在位置)\s*[:：]|^(?:网站)?首页\s*[>＞»›/]")
# Every key: value pair of a site header line (发布时间：… 来源：… 作者：… 浏览次数：…)
_FIELD_KEYS = r"(?:发布)?(时间|日期|来源|导语|作者|责任编辑|编辑|责编|浏览次数|浏览|点击数?|阅读数?|字号|稿源|出处|供稿|审核|校对)"
HEADER_FIELD = re.compile(rf"{_FIELD_KEYS}{_C}\s*(.*?)(?=\s*{_FIELD_KEYS}{_C}|\s{{2,}}|$)")
# An editor's or source's credit at the end of a web article: （责任编辑：王芳） 【来源：…】
CREDIT_LINE = re.compile(rf"^[（(【\[]\s*((?:责任)?编辑|责编|审核|校对|来源|稿源|供稿|作者)\s*{_C}\s*(.+?)\s*[)）】\]]$")
# A list of other articles closes the article body.
FOOTER_HEADS = re.compile(
    r"^(?:猜你喜欢|相关阅读|相关文章|推荐阅读|热门推荐|热门文章|延伸阅读|相关推荐|精彩推荐|上一篇|下一篇|更多阅读|你可能感兴趣|相关链接|热点推荐)\s*[:：]?"
)
PAGE_NUMBER = re.compile(
    r"^(?:[—\-－–―]+\s*\d{1,4}\s*[—\-－–―]+|第\s*\d{1,4}\s*页(?:\s*[/,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|[-—]?\s*\d{1,3}\s*[-—]?)$"
)
CAPTION = re.compile(r"(?:^|[。！])\s*图为|^(?:图|图片|照片)\s*\d*\s*[:：]|[（(][^（）()]{1,20}\s*(?:摄|摄影|摄影报道|供图|/摄)[)）]\s*$")
CREDIT = re.compile(r"^[（(]?\s*[\u4e00-\u9fff·]{2,12}\s*(?:摄|摄影|摄影报道|供图|/摄|图)\s*[)）]?$")
META_LINES: list[tuple[str, re.Pattern]] = [
    ("abstract", re.compile(rf"^(?:摘\s*要|内容摘要|内容提要|提要){_C}\s*(.*)$")),
    ("keywords", re.compile(rf"^(?:关键词|关键字|主题词){_C}?\s*(.*)$")),
    ("classification", re.compile(rf"^(?:中图分类号|文献标识码|文献标志码|文章编号|DOI|doi){_C}\s*(.*)$")),
    ("author_note", re.compile(rf"^(?:作者简介|通讯作者|基金项目|收稿日期){_C}\s*(.*)$")),
]
REFERENCES_HEAD = re.compile(rf"^(?:参考文献|参考资料|注释|注\s*释)\s*{_C}?\s*$")
REFERENCE_ENTRY = re.compile(r"^(?:[-•·]\s*)?[\[［〔]\d{1,3}[\]］〕]")
AUTHOR_PAREN = re.compile(r"^[（(]\s*作者\s*[:：]?(.*)$")
DATE = re.compile(r"(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
JOURNAL_ISSUE = re.compile(r"^\S{2,20}\s*\d{4}\s*年\s*(?:第\s*)?\d{1,2}\s*期$")
AUTHOR_MARK = re.compile(r"^[□■◇◆○●]\s*([\u4e00-\u9fff·]{2,4})$")
NAME_LINE = re.compile(r"^[\u4e00-\u9fff·]{2,4}(?:\s+[\u4e00-\u9fff·]{2,4}){0,3}$")
UNIT_LINE = re.compile(r"^[（(]([^（）()]{4,60}?)\s*(\d{6})?\s*[)）]$")
DATE_AUTHOR = re.compile(rf"^{DATE.pattern}\s*([\u4e00-\u9fff·]{{2,4}})?$")
DECORATION = re.compile(r"^[◎○●◆◇■□★☆※▲△▶►•·]+\s*")
COMPILATION_HEAD = re.compile(r"^第\s*([一二三四五六七八九十百\d]{1,4})\s*篇\s*[:：]\s*(.*)$")
GENRE_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{0,4}(?:论文|范文|材料|心得|体会|报告|讲话)\s*[:：]\s*)+")
GENRE_SUFFIX = re.compile(r"\s*[（(](?:论文|范文|心得体会|讲话稿|材料|全文|精选|\d+篇)[)）]\s*$")


def meta_line(line: str) -> tuple[str, str] | None:
    """``(key, value)`` when the line is front or back matter of a paper."""
    for key, pat in META_LINES:
        m = pat.match(line)
        if m:
            return key, m.group(1).strip()
    return None


def header_line(line: str) -> list[tuple[str, str]] | None:
    """The ``(key, value)`` pairs of a site header line such as ``发布时间：2022-06-17 来源：市水务局``,
    or of an editor's credit such as ``（责任编辑：王芳）``; None for any other line."""
    m = CREDIT_LINE.match(line)
    if m:
        return [(m.group(1), m.group(2))]
    if not HEADER_KEYS.match(line):
        return None
    return [(f.group(1), f.group(2).strip()) for f in HEADER_FIELD.finditer(line)] or [(line.split("：")[0], "")]


def is_breadcrumb(line: str) -> bool:
    return bool(BREADCRUMB.search(line)) and len(line) < 120


def is_noise(line: str) -> bool:
    return bool(SITE_NOISE.search(line)) and len(line) < 200


def is_page_number(line: str) -> bool:
    return bool(PAGE_NUMBER.match(line))


def is_caption(line: str) -> bool:
    return bool(CAPTION.search(line)) or bool(CREDIT.match(line))


def is_footer_head(line: str) -> bool:
    return bool(FOOTER_HEADS.match(line))


def clean_compilation_title(text: str) -> str:
    text = GENRE_PREFIX.sub("", text.strip())
    return GENRE_SUFFIX.sub("", text).strip()
