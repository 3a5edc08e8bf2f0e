"""Recognise lines that are not article body: site furniture, captions, page numbers, paper front
and back matter. Metadata lines return a (key, value) pair so it is kept, not lost.

The cue words live in ``textkit/data/lexicons/normalization_*.txt`` and
``textkit/data/patterns/normalization_*.txt``. Site furniture is recognised by ``FURNITURE_RULES``,
an ordered tuple of small rules that each return a reason when they fire (``furniture(line)``
gives the first that does).
"""

from __future__ import annotations

import re

from textkit.resources import alternation, pattern, words
from textkit.rules import first_reason

_C = r"[:：]"
_PUBLISHED = "(?:发布|发表|更新)?"  # 发布时间：… is a 时间：… field
_CN = "".join(words("structure_numerals"))

# Site header lines: 时间:…, 导语:…, 来源:…, 发布时间…, 浏览次数…
HEADER_KEYS = re.compile(rf"^{_PUBLISHED}{alternation('normalization_header_keys')}{_C}")
SITE_NOISE = re.compile(alternation("normalization_site_noise"))
# Breadcrumbs: 当前位置：首页 > 党建工作; 首页 -> 要闻 -> 正文; 主页/栏目/正文; 您现在的位置: … >> …
BREADCRUMB_ARROW = re.compile(rf"\s*(?:{pattern('normalization_breadcrumb_arrows')})\s*")
BREADCRUMB_LABEL = re.compile(rf"^(?:{alternation('normalization_breadcrumb_labels')})\s*({_C})?\s*")
BREADCRUMB_ROOT = re.compile(rf"^(?:{alternation('normalization_breadcrumb_roots')})$")
_ROOT_WORDS = words("normalization_breadcrumb_roots")  # a trail without a label starts with one
BREADCRUMB_MAX = 120  # characters of a breadcrumb line
BREADCRUMB_STEP_MAX = 16  # characters of a step before the last (the last may be the article's title)
# Every key: value pair of a site header line (发布时间：… 来源：… 作者：… 浏览次数：…)
_FIELD_KEYS = rf"{_PUBLISHED}({pattern('normalization_header_field_keys')})"
HEADER_FIELD = re.compile(rf"{_FIELD_KEYS}{_C}\s*(.*?)(?=\s*{_FIELD_KEYS}{_C}|\s{{2,}}|$)")
# An editor's or source's credit at the end of a web article: （责任编辑：王芳） 【来源：…】
CREDIT_LINE = re.compile(rf"^[（(【\[]\s*({alternation('normalization_credit_keys')})\s*{_C}\s*(.+?)\s*[)）】\]]$")
# Download, attachment, print and share notices: a short line that holds one.
NOTICE = re.compile(alternation("normalization_notice_words"), re.I)
NOTICE_MAX = 60
_SENTENCE_PUNCT = re.compile(r"[，。；]")  # a notice is not a sentence (a banner may end in ！)
# An attachment to download: 附件：1.考核细则.docx
ATTACHMENT = re.compile(r"^(?:附件|附)\s*\d*\s*[:：]?.{0,80}\.(?:docx?|pdf|xlsx?|wps|et|zip|rar|7z|pptx?|txt)\s*$", re.I)
# A credit line in brackets with several fields: （供稿：党委办公室 审核：李明）
_BRACKETED = re.compile(r"^[（(【\[]\s*(.+?)\s*[)）】\]]$")
# 图片：王明 credits a photographer; 图片：党员大会现场 is a caption.
_PICTURE_KEY = "图片"
_NAMES = re.compile(r"^[\u4e00-\u9fff·]{2,3}(?:\s*[、，,/\s]\s*[\u4e00-\u9fff·]{2,3})*$")
# A wiki's licence notice closes the article body: 本作品来自…，属于公有领域。
LICENCE_HEAD = re.compile(pattern("normalization_licence_heads"))
# Line breaks around a wiki's links (see ``link_break``).
LINK_OPENERS = "《“‘（(「『【〈〔[［"
LINK_CONTINUERS = "、，,。；;：:！!？?）)》」』”’】〉〕]］"
LINK_SENTENCE_END = "。！？!?；;"
LINK_TEXT_MAX = 30
# A list of other articles closes the article body.
FOOTER_HEADS = re.compile(rf"^{alternation('normalization_footer_heads')}\s*{_C}?")
PAGE_NUMBER = re.compile(
    r"^(?:[—\-－–―]+\s*\d{1,4}\s*[—\-－–―]+|第\s*\d{1,4}\s*页(?:\s*[/,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|[-—]?\s*\d{1,3}\s*[-—]?)$"
)
_PHOTO_CREDIT = alternation("normalization_photo_credits")
# A picture caption: a picture label at the start (图1：…), 图为 opening a sentence, or a photo credit
# in brackets at the end; each branch has a cheap precondition (see ``caption``).
CAPTION_LABEL = re.compile(rf"{alternation('normalization_picture_labels')}\s*\d*\s*{_C}")
CAPTION_SHOWS = re.compile(r"(?:^|[。！])\s*图为")
CAPTION_CREDIT = re.compile(rf"[（(][^（）()]{{1,20}}\s*{_PHOTO_CREDIT}[)）]\s*$")
CREDIT = re.compile(rf"^[（(]?\s*[\u4e00-\u9fff·]{{2,12}}\s*(?:{_PHOTO_CREDIT}|图)\s*[)）]?$")
META_LINES: list[tuple[str, re.Pattern]] = [
    ("abstract", re.compile(rf"^{pattern('normalization_abstract_heads')}{_C}\s*(.*)$")),
    ("keywords", re.compile(rf"^{alternation('normalization_keyword_heads')}{_C}?\s*(.*)$")),
    ("classification", re.compile(rf"^{alternation('normalization_classification_heads')}{_C}\s*(.*)$")),
    ("author_note", re.compile(rf"^{alternation('normalization_author_note_heads')}{_C}\s*(.*)$")),
]
REFERENCES_HEAD = re.compile(rf"^{pattern('normalization_references_heads')}\s*{_C}?\s*$")
REFERENCE_ENTRY = re.compile(r"^(?:[-•·]\s*)?[\[［〔]\d{1,3}[\]］〕]")
AUTHOR_PAREN = re.compile(r"^[（(]\s*作者\s*[:：]?(.*)$")
DATE = re.compile(r"(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
JOURNAL_ISSUE = re.compile(r"^\S{2,20}\s*\d{4}\s*年\s*(?:第\s*)?\d{1,2}\s*期$")
AUTHOR_MARK = re.compile(r"^[□■◇◆○●]\s*([\u4e00-\u9fff·]{2,4})$")
NAME_LINE = re.compile(r"^[\u4e00-\u9fff·]{2,4}(?:\s+[\u4e00-\u9fff·]{2,4}){0,3}$")
UNIT_LINE = re.compile(r"^[（(]([^（）()]{4,60}?)\s*(\d{6})?\s*[)）]$")
DATE_AUTHOR = re.compile(rf"^{DATE.pattern}\s*([\u4e00-\u9fff·]{{2,4}})?$")
DECORATION = re.compile(r"^[◎○●◆◇■□★☆※▲△▶►•·]+\s*")
COMPILATION_HEAD = re.compile(rf"^第\s*([{_CN}百\d]{{1,4}})\s*篇\s*[:：]\s*(.*)$")
GENRE_PREFIX = re.compile(rf"^(?:[\u4e00-\u9fff]{{0,4}}{alternation('normalization_genre_words')}\s*[:：]\s*)+")
GENRE_SUFFIX = re.compile(rf"\s*[（(]{pattern('normalization_genre_tags')}[)）]\s*$")


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
    b = _BRACKETED.match(line)
    if b and HEADER_KEYS.match(b.group(1)):
        line = b.group(1)
    else:
        m = CREDIT_LINE.match(line)
        if m:
            return _credit_fields([(m.group(1), m.group(2))])
    if not HEADER_KEYS.match(line):
        return None
    fields = [(f.group(1), f.group(2).strip(" |｜丨/")) for f in HEADER_FIELD.finditer(line)]
    return _credit_fields(fields) if fields else [(line.split("：")[0], "")]


def _credit_fields(fields: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
    """The fields, unless a 图片： field holds a caption rather than names."""
    if any(key == _PICTURE_KEY and not _NAMES.match(value) for key, value in fields):
        return None
    return fields


def iso_date(m: re.Match) -> str:
    """``YYYY-MM-DD`` from a match of ``DATE`` (or a pattern that starts with it)."""
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


def footer_head(line: str) -> str | None:
    if FOOTER_HEADS.match(line):
        return "a list of other articles starts"
    return "a licence notice starts" if LICENCE_HEAD.match(line) else None


# -- wiki link breaks: a text copied from a wiki breaks its lines around each linked word -------------


def link_break(prev: str, nxt: str, after: str | None = None) -> bool:
    """Whether ``nxt`` continues ``prev`` across a line break made by a link: ``prev`` ends with an
    opening bracket or quote (根据《 | 著作权法), ``nxt`` starts with punctuation no line starts with
    (》第五条 | 、法规 | 。), or ``nxt`` is a short linked phrase in a sentence that ``after`` goes on with
    (所作的 | 政府工作报告 | 。会议……)."""
    if not prev or not nxt:
        return False
    if prev[-1] in LINK_OPENERS or nxt[0] in LINK_CONTINUERS:
        return True
    return (
        after is not None
        and after[:1] in LINK_CONTINUERS
        and prev[-1] not in LINK_SENTENCE_END
        and len(nxt) <= LINK_TEXT_MAX
        and not _SENTENCE_PUNCT.search(nxt)
    )


# -- site furniture: each rule returns a reason when it fires -------------------------------------


def site_noise(line: str) -> str | None:
    if len(line) < 200 and SITE_NOISE.search(line):
        return "site notice or toolbar"
    if (len(line) <= NOTICE_MAX and NOTICE.search(line) and not _SENTENCE_PUNCT.search(line)) or ATTACHMENT.match(line):
        return "download, print or share notice"
    return None


def breadcrumb(line: str) -> str | None:
    return "breadcrumb trail" if is_breadcrumb(line) else None


def is_breadcrumb(line: str) -> bool:
    """Whether the line is a breadcrumb trail: short steps joined by arrow-like separators (``>``,
    ``->``, ``»``, ``/``, ``≫``, ``→`` …) that start at a home-like word (首页, 主页, Home) or after a
    location label (当前位置, 您现在的位置); a label with a colon is a trail whatever follows it, and a
    lone home word is a menu's."""
    if len(line) >= BREADCRUMB_MAX:
        return False
    label = BREADCRUMB_LABEL.match(line)
    rest = line[label.end() :] if label else line
    if label and (label.group(1) or not rest):
        return True
    if not label and not rest.strip().startswith(_ROOT_WORDS):
        return False  # its first step is no home word: the cheap answer for every body line
    steps = BREADCRUMB_ARROW.split(rest.strip())
    if len(steps) == 1 and not label:
        return bool(BREADCRUMB_ROOT.match(steps[0]))  # a lone 首页 of a menu
    if len(steps) < 2 or any(not s or len(s) > BREADCRUMB_STEP_MAX for s in steps[:-1]):
        return False
    return bool(label) or bool(BREADCRUMB_ROOT.match(steps[0]))


def page_number(line: str) -> str | None:
    return "page number" if PAGE_NUMBER.match(line) else None


def caption(line: str) -> str | None:
    found = (
        CAPTION_LABEL.match(line)
        or ("图为" in line and CAPTION_SHOWS.search(line))
        or (line.rstrip().endswith((")", "）")) and CAPTION_CREDIT.search(line))
    )
    return "picture caption" if found else None


def photo_credit(line: str) -> str | None:
    return "photographer's credit" if CREDIT.match(line) else None


FURNITURE_RULES = (site_noise, breadcrumb, page_number, caption, photo_credit)


def furniture(line: str) -> tuple[str, str] | None:
    """``(rule, reason)`` when the line is site furniture, a page number or a caption."""
    return first_reason(FURNITURE_RULES, line)


def clean_compilation_title(text: str) -> str:
    text = GENRE_PREFIX.sub("", text.strip())
    return GENRE_SUFFIX.sub("", text).strip()
