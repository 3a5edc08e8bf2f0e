"""The article title, and the lines around it that are not body: site furniture at the top of a
page, bylines, the author's post or unit, a subtitle, the title repeated.

``plan_top`` reads the first lines of an article once and decides which line (or part of a line)
is the title and which top lines it claims; ``_ArticleBuilder`` then applies the plan line by line.
The rules are general cues, each with its own small test page:

- furniture: navigation links, greetings with the date, newspaper page headers, addresses
  (``data/patterns/normalization_top_furniture.txt``);
- a person's name alone (a family name and one or two characters) is a byline; a post next to it
  (…书记、副总经理) is the author's position; a short organisation name just before the title is
  the author's unit;
- a title line is short, has no sentence punctuation, starts no heading and is no date line;
  a news dateline (…电 题:) and essay-site endings (范文大全5篇) are cut off; a title written twice
  in one line, or run into the first sentence, is cut out of that line;
- a title made of parts (A_B, A——B:C) is the part that the page repeats on a line of its own;
  the page's browser title (``html_title``) picks the line that matches it;
- after a preface (an editor's note, up to ``_MAX_PREFACE`` paragraphs) a title is only taken
  when an organisation line stands before it, as in collections of cases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from textkit.normalization import boilerplate as bp
from textkit.resources import alternation, pattern, word_set

TITLE_MAX = 50
_WINDOW = 16  # lines at the top of an article that may hold the title and its furniture
_MAX_PREFACE = 2  # paragraphs before a title (an editor's note)
_REPEAT_WINDOW = 24  # lines after the title searched for its repetition
_SCAN_LINES = 200  # lines read at most to fill the window
_CLAIM_CHECK_MAX = 300  # longer lines are body text: the earlier line steps are not asked about them

_HEADING_START = re.compile("^" + pattern("normalization_heading_start"))
_TOP_FURNITURE = re.compile(pattern("normalization_top_furniture"))
_SEO_SUFFIX = re.compile(r"(?:" + pattern("normalization_title_seo_suffix") + r")\s*$")
_TITLE_ENDING = re.compile(alternation("normalization_title_endings") + r"$")
_ORG_ENDING = re.compile(alternation("normalization_org_endings") + r"$")
_POSITION_ENDING = re.compile(alternation("normalization_position_titles") + r"$")
_SURNAMES = word_set("normalization_surnames")
_HAN = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_SENTENCE_INSIDE = re.compile(r"[。！？；!?;]")
_BAD_END = "。！？!?；;，,、：:…"
_DASH_START = re.compile(r"^(?:——|--|—|－－|-{1,2})\s*")
_DATELINE = re.compile(r"^.{2,24}?电\s*题\s*[:：]\s*")
_REPORTER = re.compile(r"^(\S{0,8}记者)\s*([\u4e00-\u9fff·]{2,4}(?:[、\s][\u4e00-\u9fff·]{2,4}){0,3})$")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_SALUTATION = re.compile(r"^(?:尊敬的|各位|亲爱的|同志们|朋友们|大家好|老师们|同学们)")
_TIME_LEAD = re.compile(
    r"^(?P<title>[^\W\d][^,，。；;:：!！?？]{3,40}?)\s*(?=(?:\d{1,2}月|\d{4}年|近日|日前|近期|近年来|今年以来)[^,，]{0,4}[,，])"
)
_LIST_NUMBER = re.compile(r"^\s*\d{1,2}\s*[、.．]\s*")
_BROWSER_SEP = re.compile(r"\s*(?:_|\||｜|\s-\s)\s*")
_PART_SEP = re.compile(r"\s*(?:——|—|--|_|\||｜|[:：])\s*")
_SITE_PART = re.compile(r"(?:网|网站|官网|频道|首页|平台)$")
_DATE_ONLY = re.compile(rf"^(?:{bp.DATE.pattern}|\d{{4}}年\d{{1,2}}月(?:\d{{1,2}}日)?)")
_VALUE_TAIL_VERB = re.compile(r"\s+(?:发表|发布|更新|录入|上传|提交|编辑)\s*$")
_VALUE_TAIL_LABEL = re.compile(r"\s*[\u4e00-\u9fff]{1,6}\s*[:：]\s*$")
_NOT_IN_ORG = re.compile(r"[\s“”\"《》,，。:：]")
_NOT_WORD = re.compile(r"[\s\W_]+")
_NON_WORD_CHAR = re.compile(r"\W")


@dataclass
class TopPlan:
    """What the top of an article holds: its title and the top lines that are not body."""

    title: str = ""
    title_line: int | None = None  # index of the line the title comes from
    title_start: int = 0  # characters of that line before the title
    rest: str = ""  # body text left on the title line
    rest_start: int = 0  # characters of that line before ``rest``
    claims: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # line → (reason, meta key, value)


# -- cues on one line --------------------------------------------------------------------------------


def is_top_furniture(line: str) -> bool:
    """A navigation link, greeting, page header, address or markup fence."""
    return len(line) < 80 and bool(_TOP_FURNITURE.search(line))


def is_byline(line: str) -> bool:
    """A person's name alone: a family name and one or two characters."""
    if not _NAME.match(line) or _TITLE_ENDING.search(line):
        return False
    for n in (2, 1):
        if line[:n] in _SURNAMES and 1 <= len(line) - n <= 2:
            return True
    return False


def is_position(line: str) -> bool:
    """A person's post (…党委书记、副总经理)."""
    return len(line) <= 40 and not _SENTENCE_INSIDE.search(line) and bool(_POSITION_ENDING.search(line))


def is_org_line(line: str) -> bool:
    """A short organisation name (…市长公开电话办公室, …党支部)."""
    return 4 <= len(line) <= 30 and not _NOT_IN_ORG.search(line) and bool(_ORG_ENDING.search(line))


def strip_seo(title: str) -> str:
    """The title without the endings essay-template sites add."""
    while True:
        shorter = _SEO_SUFFIX.sub("", title).strip()
        if shorter == title or not shorter:
            return title
        title = shorter


def title_like(line: str) -> bool:
    """Short, no sentence punctuation, no heading number, no furniture, date, byline or salutation."""
    return (
        2 <= len(line) <= TITLE_MAX
        and line[-1] not in _BAD_END
        and len(_HAN.findall(line)) >= 2
        and not _SENTENCE_INSIDE.search(line[:-1])
        and not _HEADING_START.match(line)
        and not is_top_furniture(line)
        and not is_byline(line)
        and not _date_line(line)
        and not _SALUTATION.search(line)
    )


def _date_line(line: str) -> bool:
    """A date with at most a few words after it (a place, a source), not a dated title."""
    m = _DATE_ONLY.match(line)
    return bool(m) and len(_HAN.findall(line[m.end() :])) <= 8 and not _TITLE_ENDING.search(line)


def _bare(text: str) -> str:
    return _NOT_WORD.sub("", text)


def _key(text: str) -> str:
    return _bare(strip_seo(text))


@dataclass
class _Candidate:
    title: str
    start: int = 0
    rest: str = ""
    rest_start: int = 0


def _candidate(line: str) -> _Candidate | None:
    """The title a line holds, if any: the whole line, a dateline's title, a title written twice, or
    a title run into the first sentence."""
    m = _DATELINE.match(line)
    if m and title_like(line[m.end() :]):
        return _Candidate(line[m.end() :], m.end())
    doubled = _doubled(line)
    if doubled:
        return doubled
    if title_like(line):
        return _Candidate(line)
    return _run_on(line)


def _doubled(line: str) -> _Candidate | None:
    """``TT rest``: a title written twice at the start of a line (a list number before it is dropped)."""
    lead = _LIST_NUMBER.match(line)
    start = lead.end() if lead else 0
    text = line[start : start + 2 * TITLE_MAX]
    if not text:
        return None
    # A title of n characters written twice has its first character again at n: only those n are tried.
    longest = min(TITLE_MAX, len(text) // 2)
    lengths = []
    n = text.find(text[0], 6, longest + 1)
    while n >= 0:
        lengths.append(n)
        n = text.find(text[0], n + 1, longest + 1)
    for n in reversed(lengths):
        if text[:n] == text[n : 2 * n] and title_like(text[:n]):
            rest_at = start + 2 * n
            rest = line[rest_at:]
            stripped = rest.lstrip()
            return _Candidate(text[:n], start, stripped, rest_at + len(rest) - len(stripped))
    return None


def _run_on(line: str) -> _Candidate | None:
    """``标题 第一句……``: a long line whose first words are a title (two parallel halves of equal
    length, or words with a title's ending), followed by a space or by the time that opens the
    first sentence (11月初, 近日, 2023年)."""
    if len(line) <= 60:
        return None
    m = _TIME_LEAD.match(line)
    if m:
        rest_at = m.end("title")
    else:
        tokens = line[: 2 * TITLE_MAX].split()
        head: list[str] = []
        for tok in tokens:
            if _NON_WORD_CHAR.search(tok):
                break
            head.append(tok)
        if not head or len(head) == len(tokens) or len(head) > 3:
            return None
        rest_at = line.index(head[-1]) + len(head[-1])
    title = line[:rest_at].strip()
    halves = title.split()
    parallel = len(halves) >= 2 and len({len(t) for t in halves}) == 1 and len(halves[0]) >= 3
    if not (parallel or (len(title) >= 6 and _TITLE_ENDING.search(title))) or not title_like(title):
        return None
    rest = line[rest_at:]
    stripped = rest.lstrip()
    return _Candidate(title, 0, stripped, rest_at + len(rest) - len(stripped))


def _part_repeated(title: str, later: list[str]) -> str | None:
    """The part of a title made of parts (A_B, A——B:C) that a later line repeats on its own."""
    parts = [p for p in _PART_SEP.split(title) if len(_key(p)) >= 4]
    if len(parts) < 2:
        return None
    keys = {_key(x) for x in later if len(x) <= 2 * TITLE_MAX}
    for part in parts:
        if _key(part) in keys:
            return strip_seo(part)
    return None


def _browser_part(title: str) -> str:
    """A browser-style title (A_B_site): the parts that are not the site's name; the first of them."""
    parts = [p for p in _BROWSER_SEP.split(title) if p]
    if len(parts) < 2:
        return title
    kept = [p for p in parts if not _SITE_PART.search(p)]
    return kept[0] if len(kept) == 1 else title


def _browser_keys(browser_title: str) -> set[str]:
    parts = [browser_title, *_BROWSER_SEP.split(browser_title), *_PART_SEP.split(browser_title)]
    return {k for k in (_key(p) for p in parts) if len(k) >= 4}


# -- the plan ----------------------------------------------------------------------------------------


def plan_top(lines: list[str], claimed: Callable[[str], bool], browser_title: str = "") -> TopPlan:
    """The title of an article whose lines are ``lines`` and the top lines that are not body.

    ``claimed(line)`` says whether an earlier line step (site header, furniture, paper metadata) takes
    a line; such lines are skipped. ``browser_title`` is the page's ``<title>`` when known."""
    plan = TopPlan()
    window: list[tuple[int, str, bool]] = []  # (index, line without decoration, had decoration)
    for i, raw in enumerate(lines[:_SCAN_LINES]):
        line = bp.DECORATION.sub("", raw)
        if not line:
            continue
        if bp.footer_head(line):
            break
        if len(line) > _CLAIM_CHECK_MAX or not claimed(line):
            window.append((i, line, line != raw))
        if len(window) >= _WINDOW:
            break
    browser = _browser_keys(browser_title) if browser_title else set()
    paragraphs = 0
    unit: tuple[int, str] | None = None
    after_byline = False
    for k, (i, line, decorated) in enumerate(window):
        if is_top_furniture(line):
            plan.claims[i] = ("site furniture at the top of the page", "", "")
            continue
        if is_byline(line) or (decorated and _NAME.match(line)):
            plan.claims[i] = ("byline", "author", line)
            after_byline = True
            continue
        if after_byline and is_position(line):
            plan.claims[i] = ("author's post", "author_post", line)
            continue
        after_byline = False
        nxt = window[k + 1][1] if k + 1 < len(window) else ""
        if is_org_line(line) and nxt and _candidate(nxt) and not is_org_line(nxt):
            unit = (i, line)
            continue
        found = _candidate(line)
        if found and browser and _key(found.title) in browser:
            _take(plan, i, found, lines, unit)
            break
        if found and (paragraphs == 0 or (paragraphs <= _MAX_PREFACE and unit is not None and unit[0] == i - 1)):
            _take(plan, i, found, lines, unit)
            break
        unit = None
        if len(line) > TITLE_MAX or line[-1] in "。！？!?；;":
            paragraphs += 1
            if paragraphs > _MAX_PREFACE:
                break
    if plan.title_line is not None:
        _claim_after_title(plan, lines)
    return plan


def _take(plan: TopPlan, i: int, found: _Candidate, lines: list[str], unit: tuple[int, str] | None) -> None:
    later = lines[i + 1 : i + 1 + _REPEAT_WINDOW]
    title = _part_repeated(found.title, later) or _browser_part(found.title)
    start = found.start + max(0, found.title.find(title))
    plan.title = strip_seo(title)
    plan.title_line, plan.title_start = i, start
    plan.rest, plan.rest_start = found.rest, found.rest_start
    if unit is not None:
        plan.claims[unit[0]] = ("the author's unit", "unit", unit[1])


def _claim_after_title(plan: TopPlan, lines: list[str]) -> None:
    """A subtitle (——…) or a reporter's byline just after the title; the title repeated below it."""
    assert plan.title_line is not None
    first = plan.title_line + 1
    nxt = next((j for j in range(first, len(lines)) if lines[j].strip()), None)
    if nxt is not None and not plan.rest:
        line = lines[nxt].strip()
        m = _DASH_START.match(line)
        r = _REPORTER.match(line)
        if m and title_like(line[m.end() :]):
            plan.claims[nxt] = ("subtitle", "subtitle", line[m.end() :])
        elif r:
            plan.claims[nxt] = ("reporter's byline", "author", r.group(2))
    key = _bare(plan.title)
    for j in range(first, min(len(lines), first + _REPEAT_WINDOW)):
        if j in plan.claims or len(key) < 4 or len(lines[j]) > 2 * TITLE_MAX:
            continue
        if _bare(lines[j]) == key and title_like(lines[j].strip()):
            plan.claims[j] = ("title repeated", "", "")
            break


# -- metadata values ---------------------------------------------------------------------------------


def clean_meta_value(value: str) -> str:
    """A site header value without the start of the next field glued to it (``肖艳 发表`` of
    ``编辑:肖艳 发表时间:…``, ``…党建网 阅读次数:``)."""
    prev = None
    while prev != value:
        prev = value
        value = _VALUE_TAIL_LABEL.sub("", value)
        value = _VALUE_TAIL_VERB.sub("", value).strip()
    return value
