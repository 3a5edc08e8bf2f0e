"""Figures: numbers with their unit, what they count, kind, approximation, ranges and base values.

Candidates are found with one regular expression over Arabic, Chinese and mixed numerals
(1万600, 一万二千三百四十五, 十几万, 百分之三点二, 九成五); ``numerals`` reads them, with cn2an,
*inside the candidate only* (so 三重一大 or 一是 elsewhere are never touched), and keeps a trailing
万/亿 in the unit as the guidelines write it (近百万元 → 100 万元). The unit is the whole measure
word (场次, 万人次, 个百分点). A numbered slogan masks a number only when it holds the whole numeral
and its unit. In a chain or list (6期2112人次; 分别是1人、34人) and in a change (X由A降至B,
，同比增长N%) each number takes the noun it counts, not the verb; a range with the unit on both
ends (一年到两年) is one figure. An ordered tuple of small rules (``RULES``) then rejects dates,
ordinals, list markers, numbered slogans, idioms, codes, counts that announce or sum up a list,
spans of years that frame the figures of their clause (五年建成…1.6万公里) and 一起 = "together";
each rule returns a short reason, which ``textkit explain`` shows. The word lists and cue patterns live in
``textkit/data/lexicons/figures_*.txt`` and ``textkit/data/patterns/figures_*.txt``.

Rules propose, a model decides the indicator where the rules' reading is weakest (``textkit.indicator_model``): when
the rules took the lead of the clause (fallback), a noun with words between it and the number, or a span of time's
action, the phrases around the number are scored and the best replaces the rules' pick when it scores higher; a
chain then shares the replacement. ``indicator_model=False`` switches it off.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from textkit.components import component
from textkit.extractors.numerals import (
    CN_DIGITS,
    CN_NUMERALS,
    MULTIPLIERS,
    SOME,
    TRAILING,
    adjacent_range,
    arabic_years,
    is_digit_string,
    multiplier,
    plain,
    read,
)
from textkit.indicator_model import best_indicator, indicator_candidates, load_indicator_model
from textkit.model import Article, Figure, Sentence
from textkit.regex import compile_skipping
from textkit.resources import alternation, numeric_idioms, pattern, word_set, words
from textkit.rules import applicable, first_reason, is_tracing, note, only_when
from textkit.segmentation import word_tags
from textkit.spans import SpanIndex

KIND = "figures"

# Units the rules single out (each is also in figures_units).
YEAR, MONTH, DAY = "年", "月", "日"
SESSION, TERM, POINT, TENTH, ABOUT, AGE_UNIT = "次", "届", "点", "成", "余", "岁"
TIMES = "倍"  # 增长一倍: a multiple, never the indefinite article
GENERIC_CLASSIFIER = "个"
MONEY_MARK = "元"  # 元, 万元, 美元 …
EVERY = "每"
FREQUENCY_REACH = 24  # characters before a number searched for 每年, 每季度 … (within its sentence)
PARTICLE = "的"
PASSIVE = "被"  # 3人被评为…: what the counted ones underwent
LIST_MARK = "、"
PERFECTIVE = "了"  # 完成了112个…的任务: a verb done, not a modifier before 的
SHORT_NOUN = 4  # a noun this short (职工, 学生) is said with its verb when it is the clause's subject
MODIFIER_REACH = 20  # characters after a unit searched for a modifier ending in 的
VERB_REACH = 24  # characters after a number read for the verb phrase that says what it counts
BEFORE_REACH = 48  # characters before a number that the noun before it is read from (after trimming, the last 18)
AGE_SUFFIX = "年龄"
RATE_SUFFIX = "比例"
COMPLETED = "完成"
CHAIN_SOURCE = "chain"  # ``Candidate.ind_source`` of a number that shares the noun of the figure before

MULTIPLIER_CHARS = "".join(MULTIPLIERS)
PER_MILLE, PERCENT = "千分之", "百分之"
LONE_MULTIPLIERS = ("百", "千", "万", "亿", "万亿")
THRESHOLDS = ("以上", "以下")
THOUSAND, WAN_YI = "千", "万亿"
FRACTION_UNIT, FRACTION_MARK = "分", "之"  # 三分之一

NUMERALS = CN_NUMERALS
# Arabic (1,200; 3.5; 1万600) or Chinese (一万二千三百四十五; 十几; 几十; 三点二) numerals.
# 19·5 and 8 ．8 in old reports; 1，120 (a full-width thousands comma) only after one or two digits
ARABIC_NUM = r"\d+(?:,\d{3})*(?:(?<!\d\d\d)(?:，\d{3}(?!\d))+)?(?:\s?[.．·]\s?\d+)?(?:[万亿]\d{2,}(?![\d.]))?"
CHINESE_NUM = rf"(?:{SOME}(?=[十百千万]))?[{NUMERALS}]+(?:{SOME}[{NUMERALS}]*)?(?:{POINT}[{NUMERALS}]+)?"
NUM = rf"(?:{ARABIC_NUM}|{CHINESE_NUM})"
# 三分之一, 十分之三: a fraction, read as its value with no unit (a share, kind percent)
_FIGURE_START = (
    rf"(?P<pre>{alternation('figures_approx_before')})?"
    rf"(?:(?P<pct>{PERCENT}|{PER_MILLE})|(?P<den>[{CN_DIGITS}十]{{1,3}}){FRACTION_UNIT}{FRACTION_MARK})?(?P<num>{NUM})"
)
# a range that writes the unit on both ends (一年到两年, 6.5%－7%): one figure, the first unit skipped. Tried
# (with ``match``) only where a candidate with a unit is followed by a range separator, so the search over
# every sentence stays as cheap as before.
_UNIT_TWICE = (
    rf"(?P<unit0>{alternation('figures_units')})"
    rf"(?=\s*{alternation('figures_range_separators')}\s*(?:{PERCENT}|{PER_MILLE})?{NUM}(?P=unit0))"
)
_FIGURE_REST = (
    rf"(?:\s*{alternation('figures_range_separators')}\s*(?:{PERCENT}|{PER_MILLE})?(?P<num2>{NUM}))?"
    rf"\s*(?P<post>{alternation('figures_approx_after')})?\s*(?P<mult>{'|'.join(MULTIPLIERS)})?"
    rf"(?:(?P<post3>{alternation('figures_approx_after')})(?={alternation('figures_units')}))?(?:(?!{alternation('figures_unit_nouns')})(?P<unit>{alternation('figures_units')}))?(?:(?<={GENERIC_CLASSIFIER})(?P<post4>[多余])(?P<unit_tail>{alternation('figures_time_units')}))?(?:(?<={TENTH})(?P<tenth>[一二三四五六七八九])(?![{NUMERALS}个项名人]))?(?P<post2>{alternation('figures_approx_qualifiers')})?"
)
FIGURE_RE = compile_skipping(_FIGURE_START + _FIGURE_REST)
RANGE_FIGURE_RE = re.compile(_FIGURE_START + _UNIT_TWICE + _FIGURE_REST)
# 上 before a multiplier (上千万家庭): read in ``Candidate`` on the character before the match, not in the
# search over every position of every sentence
OVER_BEFORE = word_set("figures_over_before")
OVER_MULTIPLIERS = frozenset("百千万亿")


def takes_over(pre: str, char_before: str, num: str) -> bool:
    """Whether the character before a number without a prefix is its prefix (上千万家庭: 上 before 千万)."""
    return not pre and char_before in OVER_BEFORE and num[0] in OVER_MULTIPLIERS


RANGE_FIRST = frozenset(w[0] for w in words("figures_range_separators")) | {" "}  # a separator may follow a space


def as_range(s_text: str, m: re.Match) -> re.Match:
    """A candidate with its unit followed by a range separator, read again as a range with the unit on both
    ends (一年到两年) when it is one; else the candidate as it is."""
    return RANGE_FIGURE_RE.match(s_text, m.start()) or m if m.group("unit") else m


TIME_UNITS = word_set("figures_time_units")
PHYSICAL_UNITS = word_set("figures_physical_units")
PERCENT_UNITS = ("%", "‰", TENTH, "个百分点", "百分点")
DATE_UNITS = (YEAR, MONTH, DAY)
LIST_UNITS = word_set("figures_list_units")
FREQUENCY_UNITS = word_set("figures_frequency_units")
PERIOD_UNITS = word_set("figures_period_units")
ORDINAL_PREFIXES = words("figures_ordinal_prefixes")
YEAR_SUFFIXES = word_set("figures_year_suffixes")
ABSTRACT_HEADS = word_set("figures_abstract_heads")
ABSTRACT_HEAD_WORDS = tuple(h for h in words("figures_abstract_heads") if len(h) > 1)
OPEN_QUOTE, CLOSE_QUOTE = "“", "”"
OPENING_QUOTES = '“"‘「'  # a string on purpose: "" (end of sentence) is in it too

VERB_STOPS = word_set("figures_verb_stops")
VERB_STOP_INITIALS = word_set("figures_verb_stop_initials")
AFTER_STOPS = word_set("figures_after_stops")
BEFORE_SKIPS = word_set("figures_before_skips")
SKIP_INITIALS = "".join(sorted({w[0] for w in BEFORE_SKIPS}))  # a cheap first-character test before the words
TRAILING_SKIPS = compile_skipping(rf"(?:(?=[{SKIP_INITIALS}]){alternation('figures_before_skips')})+$")
SKIP_WORDS = tuple(BEFORE_SKIPS)
SKIP_FINALS = frozenset(w[-1] for w in BEFORE_SKIPS) | {"\n"}  # the last character of such a word, or a newline


def trim_skips(text: str) -> str:
    """``TRAILING_SKIPS.sub("", text)``, searched only when a change word ends the text (``$`` also
    matches before a final newline); the last character is tested before the words."""
    if text[-1:] in SKIP_FINALS and (text.endswith(SKIP_WORDS) or text.endswith("\n")):
        return TRAILING_SKIPS.sub("", text)
    return text


SKIPS_ONLY = compile_skipping(rf"{alternation('figures_before_skips')}*")  # fullmatch: nothing but such words
AFTER_LEAD_SKIPS = word_set("figures_after_lead_skips")
BEFORE_STOP_TAGS = frozenset("pdcrmqx")  # POS: prepositions, adverbs, conjunctions, pronouns, numerals, classifiers, symbols
AFTER_STOP_TAGS = frozenset("pdcrmx")

COHORT_UNITS = word_set("figures_cohort_units")
FIGURE_IDIOMS = word_set("figures_idioms")
YEAR_NUMBER = compile_skipping(pattern("figures_year_number"))
RUN_CUES = compile_skipping(pattern("figures_run_cues"))
CHANGE_FROM = compile_skipping(pattern("figures_change_from"))
RETRO_BEFORE = compile_skipping(pattern("figures_retro_before"))
RETRO_AFTER = compile_skipping(pattern("figures_retro_after"))
FOUNDING_BEFORE = compile_skipping(pattern("figures_founding_before"))
FORWARD_FRAME = compile_skipping(pattern("figures_forward_frame"))
LIST_BEFORE = compile_skipping(pattern("figures_list_before"))
LIST_AFTER = compile_skipping(pattern("figures_list_after"))
DURATION_BEFORE = compile_skipping(pattern("figures_duration_before"))
DURATION_AFTER = compile_skipping(pattern("figures_duration_after"))
CHANGE_VERB = compile_skipping(pattern("figures_change_verb"))
SHARE_CUE = compile_skipping(pattern("figures_share_cue"))
CHAIN_GAP = compile_skipping(pattern("figures_chain_gap"))
DATE_AFTER = compile_skipping(pattern("figures_date_after"))
SESSION_BODY = compile_skipping(pattern("figures_session_body"))
SESSION_MEETING = compile_skipping(pattern("figures_session_meeting"))
CONGRESS_AFTER = compile_skipping(pattern("figures_congress_after"))
HISTORY_SPAN = compile_skipping(pattern("figures_history_span"))
LIST_REFER = compile_skipping(pattern("figures_list_refer"))
TOGETHER = compile_skipping(pattern("figures_together"))
TOGETHER_UNITS = ("起", "道")  # 一起, 一道 after 同/与/和: together
ONLY_CUE = compile_skipping(pattern("figures_only_cue"))
FRAME_TOTAL = compile_skipping(pattern("figures_frame_total"))
AGAIN, ONE = "又", "一"  # 一个又一个
CLASS_MARK, ANNIVERSARY = "级", "周年"  # 千万吨级钢铁基地: a class named by its size; 一百周年: a point in time
#: Characters of its sentence read before and after a number: more than any real sentence holds, so that
#: text whose punctuation was lost (one "sentence" of 100,000 characters) costs each number the same.
CONTEXT_REACH = 500
FRAME_BREAKING_TAGS = frozenset("vpa")  # a verb, preposition or adjective before a span: not a frame opening its clause
TIMES_ONLY_REACH = 16  # a clause of only times and a change is short
TIME_MARK = compile_skipping(pattern("figures_time_mark"))
TIME_AND_CHANGE_TAGS = frozenset("mftqa")  # numerals, directions (期间), times, classifiers, adjectives (平均)
TENTH_NUMERAL = compile_skipping(pattern("figures_tenth_numeral"))
FREQUENCY_CUE = compile_skipping(pattern("figures_frequency_cues"))
FREQUENCY_AFTER = compile_skipping(pattern("figures_frequency_after"))
TARGET_CUES = compile_skipping(pattern("figures_target_cues"))
DOUBLING_BEFORE = compile_skipping(pattern("figures_doubling_before"))
TRAILING_TIME = compile_skipping(rf"{pattern('figures_trailing_time')}$")
TRAILING_TIME_REACH = 16  # 到二〇二〇年比二〇〇〇年: a time between a subject and its change is short
PIVOT_BEFORE = compile_skipping(rf"{alternation('figures_pivot_verbs')}{alternation('figures_approx_before')}?$")
COUNT_END = compile_skipping(pattern("figures_count_end"))
ACHIEVED_CUES = compile_skipping(alternation("figures_achieved_cues"))
COMPLETION = compile_skipping(pattern("figures_completion"))
LEAD_FILLERS = compile_skipping(rf"^(?:{pattern('figures_time_leads')}|{alternation('figures_lead_fillers')})+")
LEADING_SKIPS = compile_skipping(rf"^{alternation('figures_before_skips')}+")
CHANGE_WORDS = compile_skipping(
    rf"(?=[{SKIP_INITIALS}])(?:"
    + "|".join(re.escape(w) for w in sorted((w for w in BEFORE_SKIPS if len(w) > 1), key=lambda w: (-len(w), w)))
    + ")"
)
RESPECTIVELY = compile_skipping(pattern("figures_respectively"))
SUBJECT_LEADS = words("figures_subject_leads")
SUBSET_LEADS = words("figures_subset_leads")
MODIFIER_TAGS = frozenset(("v", "a", "ad", "b", "d", "z", "zg"))  # a modifier before 的: a verb, adjective or adverb
LIST_TRIM_TAGS = frozenset("tdp")
NOUN_MODIFIER_TAGS = frozenset(("d", "r", "b", "a", "ad"))  # a list item ends before a time word, an adverb or a preposition
DIGIT = compile_skipping(rf"[\d{CN_DIGITS}]")
CN_COUNT = compile_skipping(rf"[{CN_DIGITS}十]")  # a Chinese numeral that counts (十几亿), not a run of multipliers (千万)
CLAUSE_END = compile_skipping(r"[，,。；;、）)]|$")
NEXT_COUNT = compile_skipping(rf"\d|[{CN_DIGITS}十百千]+(?={alternation('figures_units')})")  # 不少于10项, 一轮 (not 零事故)
LATIN_END = compile_skipping(r"[A-Za-z]$")
NON_WORD = compile_skipping(r"[\W\d]+")
CLAUSE_MARKS = "，,：:；;"
CLAUSE_BREAK = compile_skipping(f"[{CLAUSE_MARKS}]")
PARENTHESES = compile_skipping(r"[（(][^（()）]*[)）]")
LIST_CLOSER = compile_skipping(rf"{alternation('figures_list_closers')}$")
LIST_ITEM_SEPARATOR = compile_skipping(pattern("figures_list_item_separators"))
RATIO_BASE = compile_skipping(pattern("figures_ratio_base"))
SHARED_POINTS = "个百分点"
SHARED_POINTS_AFTER = compile_skipping(rf"[和、及与至到]\s*{NUM}\s*{SHARED_POINTS}")
SENTENCE_BREAK = compile_skipping(r"[。；;！？]")


def _tag(word: str) -> str:
    """The POS tag of a lexicon word, "" for others."""
    return word_tags().get(word, "")


def cn_number(s: str) -> float | None:
    """Arabic or Chinese numeral to a number (see ``numerals``); None when not a number."""
    return read(s)[0] if s else None


_plain = plain


def in_idiom(text: str, start: int, end: int, within: tuple[int, int] = (0, 0)) -> bool:
    """Whether ``text[start:end]`` lies inside a fixed expression such as 千家万户.

    An expression that lies wholly ``within`` the candidate (近三成 in 接近三成) is the figure
    itself, approximation, number and unit, not an idiom around it."""
    idioms, openings = numeric_idioms(), _idiom_openings()
    for i in range(max(0, end - 8), start + 1):
        if text[i : i + 2] not in openings:  # most positions open no expression: skip their slices
            continue
        for length in range(max(3, end - i), 9):
            if text[i : i + length] in idioms and not within[0] <= i < i + length <= within[1]:
                return True
    return False


@lru_cache(maxsize=1)
def _idiom_openings() -> frozenset[str]:
    """The first two characters of the fixed expressions (a cheap test before slicing)."""
    return frozenset(w[:2] for w in numeric_idioms())


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """The words of a short span (cached: the rules read the same spans around a number more than once)."""
    from textkit.segmentation import fast_lcut

    return tuple(fast_lcut(text)) if text else ()


# A word's stop tests depend on the word only, and the same few hundred words come back in every
# document: cached.
def _is_function_token(tok: str, stop_tags: frozenset[str]) -> bool:
    """Blank, punctuation or digits, or a function word by its POS tag."""
    tag = _tag(tok)
    return not tok.strip() or bool(NON_WORD.fullmatch(tok)) or tag[:1] in stop_tags or tag.startswith("u")


@lru_cache(maxsize=1 << 15)
def _stops_backwards(tok: str) -> bool:
    """Whether ``tok`` ends an indicator phrase read backwards from a number."""
    return tok in VERB_STOPS or tok[0] in VERB_STOP_INITIALS or _is_function_token(tok, BEFORE_STOP_TAGS)


@lru_cache(maxsize=1 << 15)
def _stops_forwards(tok: str) -> bool:
    """Whether ``tok`` ends an indicator phrase read forwards from a unit."""
    return tok in AFTER_STOPS or tok in BEFORE_SKIPS or _is_function_token(tok, AFTER_STOP_TAGS)


def _phrase_full(out: list[str]) -> bool:
    """An indicator phrase stops growing at ten characters or four words."""
    return len("".join(out)) >= 10 or len(out) >= 4


CLAUSE_TAIL_REACH = 64  # most clauses are shorter: the last mark is looked for there first


def last_clause(text: str) -> str:
    """The text after the last clause mark (``CLAUSE_BREAK.split(text)[-1]``, without splitting the rest)."""
    tail = text[-CLAUSE_TAIL_REACH:]
    at = max(map(tail.rfind, CLAUSE_MARKS))
    if at < 0 and len(text) > CLAUSE_TAIL_REACH:  # no mark in the tail: the clause may start further back
        return text[max(map(text.rfind, CLAUSE_MARKS)) + 1 :]
    return tail[at + 1 :]


def up_to(text: str, marks: re.Pattern) -> str:
    """The text before the first of ``marks`` (``marks.split(text)[0]``, without splitting the rest)."""
    m = marks.search(text)
    return text[: m.start()] if m else text


@lru_cache(maxsize=64)  # read up to three times per figure, with the same two strings
def _change_cue(before: str, after: str) -> tuple[str, re.Match | None]:
    """The clause before a number and its change or share cue (由…降至, 比上年增长, 占…的), if any."""
    clause = last_clause(before)
    m = CHANGE_FROM.search(clause)
    if m and CHANGE_VERB.search(clause[m.end() :] + up_to(after, CLAUSE_BREAK)):
        return clause, m
    return clause, SHARE_CUE.search(clause)


def change_subject(before: str, after: str) -> str:
    """The text up to X in X由A降至B / X比上年增长N% / X占Y的N%: what changed, not the verb; "" when none."""
    clause, m = _change_cue(before, after)
    if not m or SKIPS_ONLY.fullmatch(LEAD_FILLERS.sub("", clause[: m.start()]).strip()):
        return ""  # 已经由二十个增加到…: no subject in this clause
    return before[: len(before) - len(clause) + m.start()]


def leads_with_change(before: str, after: str) -> bool:
    """The clause opens with the change (，同比增长12%; ，比上年提高2个百分点; ，占45%; ，达到64%):
    its subject is the figure or the noun before it."""
    clause, m = _change_cue(before, after)
    if m and SKIPS_ONLY.fullmatch(LEAD_FILLERS.sub("", clause[: m.start()]).strip()):
        return True
    if RATIO_BASE.fullmatch(clause.strip()):  # ，是2010年的2.2倍
        return True
    return bool(clause) and bool(SKIPS_ONLY.fullmatch(LEAD_FILLERS.sub("", clause).strip()))


def previous_clause(before: str) -> str:
    """The text before the clause the number stands in (X，已经由二十个增加到三十三个 → X)."""
    return before[: len(before) - len(last_clause(before))].rstrip(CLAUSE_MARKS)


def indicator_before(text: str) -> str:
    """The noun phrase just before a number (新增就业岗位 in 新增就业岗位26832个), over change verbs (合格率提高到)."""
    out: list[str] = []
    text = trim_skips(text[-BEFORE_REACH:])  # 信访件数降至: segmented 数降 | 至, trimmed before segmenting
    head, tail = text[:-TRAILING_TIME_REACH], text[-TRAILING_TIME_REACH:]
    text = trim_skips(head + TRAILING_TIME.sub("", tail))  # 总值到二〇二〇年比二〇〇〇年翻
    for tok in reversed(_tokens(text[-18:])):
        if not out and (tok == PARTICLE or tok in BEFORE_SKIPS):
            continue
        if _stops_backwards(tok):
            break
        out.insert(0, tok)
        if _phrase_full(out):
            break
    return "".join(out)


def indicator_after(text: str) -> str:
    """The noun phrase right after the unit (党建工作制度 in 20项党建工作制度); the head after a modifier
    ending in 的 (20多个不同行业的先进典型 → 先进典型); the event after 被 (1人被确定为入党积极分子)."""
    if text.startswith(PASSIVE):
        return re.split(r"[、，,。；;：:]", text[1:], maxsplit=1)[0]
    return relative_head(text) or _forward_phrase(text)


@lru_cache(maxsize=64)  # read for a figure's indicator and again to name the rule that found it (``_after_head``)
def relative_head(text: str) -> str:
    """The noun after a modifier that ends in 的, with a short modifier kept (2名新退休的同志; 5名存在不当
    行为的医务人员 → 医务人员); "" for a possessive (5个村的党员), the count's own noun and verb (3名员工存在的
    问题), a verb done (完成了…的任务) or a second count (八镇一区和八个大企业的…)."""
    clause = up_to(up_to(text[:MODIFIER_REACH], CLAUSE_BREAK), SENTENCE_BREAK)
    at = clause.rfind(PARTICLE)
    modifier = clause[:at]
    if NON_WORD.match(clause):
        return ""  # 翻两番、人民生活…: a list goes on
    listed = LIST_MARK in modifier
    if at < 1 or PERFECTIVE in modifier or (DIGIT.search(modifier) and not listed):
        return ""
    toks = _tokens(modifier)
    tags = [_tag(t) for t in toks]
    if not toks or toks[0] in AFTER_STOPS or toks[0] in BEFORE_SKIPS or toks[0] in AFTER_LEAD_SKIPS:
        return ""  # 两项是实现…的主要依靠: a predicate, not a modifier
    if tags[0].startswith("n") and "v" in tags[1:]:
        return ""
    if not listed and not MODIFIER_TAGS.intersection(tags):
        return ""
    head: list[str] = []
    for tok in _tokens(text[at + 1 : at + 1 + MODIFIER_REACH]):
        if _tag(tok) == "v" or _stops_forwards(tok) or _phrase_full(head):
            break
        head.append(tok)
    if not head:
        return ""
    return modifier + PARTICLE + "".join(head) if len(modifier) <= SHORT_NOUN else "".join(head)


def _forward_phrase(text: str) -> str:
    """The noun phrase at the start of ``text``, up to a function word or a change verb."""
    text = text[:16]
    cut = CHANGE_WORDS.search(text)  # 42分钟压减至18分钟: segmented 压 | 减至, cut before segmenting
    toks = _tokens(text[: cut.start()] if cut else text)
    first = 0
    while first < len(toks) and toks[first] in AFTER_LEAD_SKIPS:
        first += 1
    out: list[str] = []
    for i, tok in enumerate(toks[first:], first):
        if _stops_forwards(tok) and not (i == first and _leads_noun(toks, i)):
            break
        out.append(tok)
        if _phrase_full(out):
            break
    return "".join(out)


def _leads_noun(toks: list[str], i: int) -> bool:
    """A modifier word before a noun (长期建设国债, 不规范办案行为, 本科班级), read as part of the phrase."""
    nxt = _tag(toks[i + 1]) if i + 1 < len(toks) else ""
    return _tag(toks[i]) in NOUN_MODIFIER_TAGS and len(toks[i]) == 2 and (nxt.startswith("n") or nxt == "vn")


def _clause_subject(clause: str) -> str:
    """What a clause without a number is about: the noun phrase it ends with (结对帮扶的困难户), unless that
    is an abstract head (经济增长速度的宏观调控目标) or the clause ends with its verb (覆盖面逐步扩大): then
    the noun phrase it opens with."""
    last = indicator_before(clause) if _after_noun(clause) else ""
    return last if last and not last.endswith(ABSTRACT_HEAD_WORDS) else subject_phrase(clause)


def subject_phrase(clause: str) -> str:
    """The noun phrase a clause opens with, after time words and fillers (覆盖面逐步扩大 → 覆盖面)."""
    return _forward_phrase(LEAD_FILLERS.sub("", clause.strip()))


OTHER_FIGURE = compile_skipping(pattern("figures_other_figure"))


def action_phrase(after: str) -> str:
    """What is done in a span of time: the last verb of the clause after it, with the noun just before
    that verb (用3个月时间对出租房屋开展了全面摸排 → 全面摸排; 连续三年实现安全生产无事故 → 实现安全生产无事故)."""
    clause = up_to(up_to(after[:VERB_REACH], CLAUSE_BREAK), SENTENCE_BREAK)
    lead = DURATION_AFTER.match(clause)
    rest = clause[lead.end() :] if lead else clause
    if OTHER_FIGURE.search(rest):  # a horizon for another figure (两年内…提高到百分之二十): that one counts
        return ""
    toks = _tokens(rest)
    verbs = [i for i, t in enumerate(toks) if _tag(t).startswith("v") and t not in BEFORE_SKIPS]
    if not verbs:
        return ""
    k = verbs[-1]
    if k > 0 and _tag(toks[k - 1]).startswith("n"):
        k -= 1
    phrase = NEXT_COUNT.split("".join(toks[k:]))[0]
    return phrase if len(phrase) >= 2 else ""


def split_items(text: str) -> list[str]:
    """The items of a list: cut at 、 and at 和/及/与 standing as conjunctions (not inside 参与率)."""
    items = [""]
    for tok in _tokens(text):
        if LIST_ITEM_SEPARATOR.fullmatch(tok) and (tok == LIST_MARK or _tag(tok).startswith("c")):
            items.append("")
        else:
            items[-1] += tok
    return items


def list_items(text: str) -> list[str]:
    """The items of the list a clause ends with (化学需氧量、二氧化硫排放总量近年来… → 化学需氧量,
    二氧化硫排放总量; 2020级、2021级的学生党员 → 2020级, 2021级)."""
    text = LEADING_SKIPS.sub("", LEAD_FILLERS.sub("", text.strip()))
    items = split_items(text)
    if len(items) < 2 or (LIST_MARK not in text and len(items[0]) <= SHORT_NOUN):
        return []  # 门诊和住院患者满意度: two words sharing one head, not a list
    last = items[-1].split(PARTICLE)[0]
    out: list[str] = []
    for tok in _tokens(last):
        if (
            _tag(tok)[:1] in LIST_TRIM_TAGS
            or not tok.strip()
            or _tag(tok).startswith("u")
            or not NON_WORD.sub("", tok)
            and not tok.isdigit()
        ):
            break
        out.append(tok)
    items[-1] = "".join(out)
    if not DIGIT.search(items[0]):
        items[0] = indicator_before(items[0]) or items[0]
    return items if all(items) else []


def _is_time_unit(unit: str) -> bool:
    """个月, 小时, 个星期 …: a unit of time, with or without 个 in front."""
    return unit.lstrip(GENERIC_CLASSIFIER) in TIME_UNITS


def _kind(unit: str, pct: bool, freq: bool) -> str:
    """count | percent | money | frequency | duration | age | other, from the unit (without 万/亿/千)."""
    if pct or unit in PERCENT_UNITS:
        return "percent"
    if MONEY_MARK in unit:
        return "money"
    if freq:
        return "frequency"
    if unit == AGE_UNIT:
        return "age"
    if _is_time_unit(unit):
        return "duration"
    if unit in PHYSICAL_UNITS:
        return "other"
    return "count"


def _role(before: str) -> str:
    """target when a target cue precedes the figure and no achievement cue is closer, else achievement."""
    if TARGET_CUES.search(before[-12:]) and not ACHIEVED_CUES.search(before[-6:]):
        return "target"
    return "achievement"


class _cached:  # noqa: N801 - used as a decorator, like the one it stands for
    """``functools.cached_property`` without the lock Python 3.11 takes on each first read (gone in 3.12): a
    candidate reads several of them and there are thousands of candidates per document."""

    def __init__(self, func) -> None:
        self.func, self.name, self.__doc__ = func, func.__name__, func.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


# the groups of a figure match that ``Candidate`` reads, fetched in one call
_GROUPS = ("pre", "pct", "den", "num", "mult", "unit", "unit_tail", "tenth", "num2", "post", "post2", "post3", "post4")


def lacks_unit(m: re.Match) -> bool:
    """Whether a match certainly has neither unit nor fraction nor a 万/亿 that could stand for one, so the first
    rule (``_without_unit``) rejects it whatever else is read: a cheap test before a ``Candidate`` is built."""
    unit, unit_tail, pct, den, num, mult, num2 = m.group("unit", "unit_tail", "pct", "den", "num", "mult", "num2")
    if unit or unit_tail or pct or den:
        return False
    return (multiplier(num, mult or "") or (multiplier(num2) if num2 else "")) not in TRAILING


def is_date(m: re.Match, s_text: str) -> bool:
    """Whether a match is certainly one the date rule (``_date``) rejects, whatever the other rules say: an Arabic
    number with 年/月/日 and nothing approximate, read without building a ``Candidate`` (used only when no trace
    asks which rule was first)."""
    unit, pct, unit_tail, post, post2, num = m.group("unit", "pct", "unit_tail", "post", "post2", "num")
    if unit not in DATE_UNITS or pct or unit_tail or post or post2 or not num[0].isdigit():
        return False
    end = m.end()
    return unit != YEAR or len(num) == 4 or s_text[end : end + 1] == "*" or bool(DATE_AFTER.match(s_text[end : end + CONTEXT_REACH]))


class Candidate:
    """A number matched in a sentence, with what the rules read around it."""

    def __init__(self, text: str, sent: Sentence, s_text: str, m: re.Match, blocked: tuple, markers: SpanIndex) -> None:
        self.text, self.sent, self.m, self.s_text = text, sent, m, s_text
        (self.blocked, self.garbled), self.markers = blocked, markers
        pre, pct, den, num, mult, unit, unit_tail, tenth, num2, post, post2, post3, post4 = m.group(*_GROUPS)
        m_start, m_end = m.span()
        cut = max(0, m_start - CONTEXT_REACH)
        self.before_start = sent.start + cut  # where ``before`` starts in the text
        self.before, self.after = s_text[cut:m_start], s_text[m_end : m_end + CONTEXT_REACH]
        self.pre, over = pre or "", 0
        if takes_over(self.pre, self.before[-1:], num):
            self.pre, self.before, over = self.before[-1], self.before[:-1], 1
        self.pct = bool(pct)
        self.fraction = den or ""
        self.unit = ("‰" if pct == PER_MILLE else "%") if self.pct else unit or ""
        if unit_tail:  # 三个多小时 → 3 个小时, approximate
            self.unit += unit_tail
        if self.unit == GENERIC_CLASSIFIER and SHARED_POINTS_AFTER.match(self.after):
            self.unit = SHARED_POINTS  # 提高了4个和3个百分点: the unit written once, on the last number
        self.arabic = num[0].isdigit()
        self.num = num
        value, self.mult, some = read(num, mult or "")
        self.adjacent = adjacent_range(num) if len(num) == 2 and not self.arabic and not num2 else None
        if self.adjacent:  # 两三次 → 2 to 3, approximate
            value, some = float(self.adjacent[0]), True
        if tenth and value is not None:  # 九成五 → 9.5 成
            value += read(tenth)[0] / 10
        if num in LONE_MULTIPLIERS and not (self.pre or self.pct or post2 in THRESHOLDS):
            value = None  # 百年, 万人, 千家: a lone 百/千/万 is a word; 近百名, 万亿斤以上 a number
        self.approx = bool(self.pre or post or post3 or post2 or post4) or some
        if self.fraction and value is not None:
            den_value = read(self.fraction)[0]
            value = round(value / den_value, 3) if den_value else None
        if self.mult == THOUSAND and self.unit[:1] in WAN_YI and value is not None:
            value, self.mult = value * 1000, ""  # 3千万元 → 3000 万元: the inner 千 multiplies
        if num2 and not self.mult:  # 三至五万元: the multiplier written on the upper end
            self.mult = read(num2)[1]
        #: The number (without a trailing multiplier), or None when it cannot be read.
        self.value: float | None = value
        self.start, self.end = sent.start + m_start - over, sent.start + m_end
        self.num_start, self.num_end = sent.start + m.start("num"), sent.start + m.end("num")
        self.ind_source = ""  # the rule that named the indicator (set when the figure is built)

    @_cached
    def freq(self) -> bool:
        """A frequency: 每年两次, 一年一评, 每季度一期."""
        if self.unit in PERIOD_UNITS and FREQUENCY_AFTER.match(self.after):
            return True
        if self.unit not in FREQUENCY_UNITS:
            return False
        reach = SENTENCE_BREAK.split(self.before[-FREQUENCY_REACH:])[-1]  # 每季度都要到联系支部讲一次党课
        return bool(FREQUENCY_CUE.search(reach + self.m.group(0)))

    @property
    def approx_span(self) -> tuple[int, int]:
        """Start and end of an approximate number with its unit (接近三成), else (0, 0)."""
        return (self.start, self.end) if self.pre and self.unit else (0, 0)

    @_cached
    def duration_frame(self) -> bool:
        """A span of time framed as one (利用一年时间, 一年内完成, 今后三年, 提前两个月)."""
        return bool(DURATION_BEFORE.search(self.before[-4:]) or DURATION_AFTER.match(self.after))

    @_cached
    def lead(self) -> str:
        """The clause the number stands in, up to it, without its leading times and fillers."""
        return LEAD_FILLERS.sub("", self.clause.strip())

    @_cached
    def clause(self) -> str:
        """The clause the number stands in, up to it."""
        return last_clause(self.before)

    @_cached
    def ind_after(self) -> str:
        """The noun phrase after the unit (segmented only when a rule or the figure needs it)."""
        return indicator_after(self.after)

    @_cached
    def ind_before(self) -> str:
        """The noun phrase before the number: the thing that changed in a change (X由A降至B), or
        the noun of the clause before when this one holds only the change (X，同比增长12%)."""
        subject = change_subject(self.before, self.after)
        clause = self.lead
        if len(clause) > 1 and clause in VERB_STOPS and clause not in BEFORE_SKIPS and COUNT_END.match(self.after):
            # …主题党日活动，全年组织12次，
            return indicator_before(previous_clause(self.before))
        if not subject and leads_with_change(self.before, self.after):
            subject = previous_clause(self.before)
            clause = last_clause(subject)
            lead = "" if DIGIT.search(clause) else _clause_subject(clause)
            if lead:  # 覆盖面逐步扩大，2012年底已达到12.5%
                return lead
        return indicator_before(subject or self.before)

    @property
    def is_subject(self) -> bool:
        """The count opens its clause (今年，1名学生入选…; 全市共有12名职工获评…): it is the subject."""
        clause = self.lead
        return not clause or clause.endswith(SUBJECT_LEADS)

    @property
    def in_subset(self) -> bool:
        """The clause opens with 其中: a part of the group counted before."""
        return self.clause.strip().startswith(SUBSET_LEADS)

    @property
    def in_time_frame(self) -> bool:
        """A span of time in which something is done (用3个月时间, 一年内, 提前两个月, 连续三年)."""
        return _is_time_unit(self.unit) and (self.duration_frame or bool(RUN_CUES.search(self.before[-4:])))

    @property
    def small_plain_count(self) -> bool:
        """A Chinese count up to ten, neither approximate nor a frequency nor a span of time (三个, 两项;
        not 九亿亩, 用三年时间)."""
        plain_count = not self.arabic and not self.mult and self.value <= 10 and not self.approx and not self.freq
        return plain_count and not self.in_time_frame


# --- rules: each returns a reason when the candidate is not a figure -------------------------


def _without_unit(c: Candidate) -> str | None:
    """A number needs a unit; 551万农村贫困人口, 十几亿人口, 近千万家庭 (a numeral with 万/亿 before a noun)
    and 减少1亿多， (closing its clause) have one in 万/亿. A run of multipliers alone (千万, 亿万) is a word."""
    if c.unit or c.fraction:
        return None
    counted = c.arabic or CN_COUNT.search(c.num) or c.pre
    if c.mult in TRAILING and counted and (CLAUSE_END.match(c.after) or c.ind_after):  # the cheap test first
        return None
    return NO_UNIT


NO_UNIT = "a number without a unit"


def _mixed_digits(c: Candidate) -> str | None:
    """二0二0年, 二0一一年: Arabic and Chinese digits mixed in one year or code."""
    mark = c.before[-1:]
    if mark and ((c.arabic and mark in CN_DIGITS) or (not c.arabic and mark.isdigit())):
        return "digits mixed with Chinese digits"
    return None


def _inside_quoted_name(c: Candidate) -> str | None:
    """“15分钟便民生活圈”, “光荣在党50年”: a number inside a quoted name or saying."""
    if c.before.count(OPEN_QUOTE) > c.before.count(CLOSE_QUOTE) and CLOSE_QUOTE in c.after:
        return "inside a quoted name or saying"
    return None


def _sums_up_list(c: Candidate) -> str | None:
    """县、乡、村三级; “书记讲堂”“网络课堂”三类; 三张清单：… — a small count summing up a list given in the sentence."""
    if not c.small_plain_count or c.pct:
        return None
    if LIST_BEFORE.search(c.before) or LIST_AFTER.match(c.after):
        return "a count summing up a list"
    return None


@only_when(_is_time_unit)
def _retrospective_span(c: Candidate) -> str | None:
    """过去五年, 五年来, 近三年, 通过两年的努力, 五年计划: a time frame or a plan name, not work done."""
    if not _is_time_unit(c.unit) or c.duration_frame or c.m.group("post2") in THRESHOLDS:
        return None  # 经过一年以上培养考察: a threshold, a figure
    if RETRO_BEFORE.search(c.before + c.pre) or RETRO_AFTER.match(c.after):
        return "a retrospective time frame or a plan name"
    return None


@only_when(lambda unit: unit == FRACTION_UNIT)
def _fraction(c: Candidate) -> str | None:
    """三分之一: a fraction, not a score of N points (fractions are not read)."""
    return "a fraction" if c.unit == FRACTION_UNIT and c.after.startswith(FRACTION_MARK) else None


def _blocked(c: Candidate) -> str | None:
    """Inside a numbered slogan that holds the whole numeral and unit (三会一课, 四个全面), or in garbled text.

    A "slogan" that starts inside a numeral or ends inside its unit (百四十五名 in 一万二千三百四十五名)
    is a misreading of the number, not a formula, and masks nothing."""
    if c.garbled.overlaps(c.num_start, c.end):
        return "inside garbled text"
    unit_end = c.sent.start + max(c.m.end("num"), c.m.end("num2"), c.m.end("unit"))
    if c.blocked.covers(c.num_start, unit_end):
        return "inside a numbered slogan"
    return None


def _list_marker(c: Candidate) -> str | None:
    if c.markers.holds(c.num_start):
        return "a list marker"
    return None


def _idiom(c: Candidate) -> str | None:
    if c.m.group(0) in FIGURE_IDIOMS and not c.pre:
        return "a word written with numerals (十分 = very)"
    return "part of a fixed expression" if in_idiom(c.text, c.num_start, c.num_end, c.approx_span) else None


def _ordinal(c: Candidate) -> str | None:
    if c.freq or (_is_time_unit(c.unit) and c.duration_frame):
        return None  # 每周一次; 今后三年, 提前两个月: a frequency or a span, not a point
    return "an ordinal or a point in time" if c.before.endswith(ORDINAL_PREFIXES) else None


def _code(c: Candidate) -> str | None:
    return "part of a code" if LATIN_END.search(c.before[-2:]) else None  # [A-Za-z]$ lies in the last two


def _chinese_decimal(c: Candidate) -> str | None:
    """一点一滴 is an idiom; 三点二 counts after 百分之 or before a unit (十一点六个百分点)."""
    return "a Chinese decimal" if not c.arabic and POINT in c.num and not (c.pct or c.unit) else None


def _not_a_number(c: Candidate) -> str | None:
    return "not a number" if c.value is None else None


def _chinese_year(c: Candidate) -> str | None:
    """二〇二三年, 二○二四年, 一九五三年: Chinese digits written one by one are a year (or a code), never a count."""
    return "a year written in Chinese digits" if not c.arabic and is_digit_string(c.num, c.before) else None


@only_when(lambda unit: unit in COHORT_UNITS)
def _cohort(c: Candidate) -> str | None:
    """2020级, 2023届: a cohort or class named by its year."""
    if c.arabic and c.unit in COHORT_UNITS and YEAR_NUMBER.fullmatch(c.num):
        return "a cohort named by its year"
    return None


@only_when(lambda unit: unit in DATE_UNITS)
def _date(c: Candidate) -> str | None:
    if c.unit not in DATE_UNITS or not c.arabic or c.m.group("post") or c.m.group("post2"):
        return None
    if c.unit != YEAR or len(c.num) == 4 or c.after[:1] == "*":
        return "a date or a year"
    return "a date or a numbered congress" if DATE_AFTER.match(c.after) else None


def _footnote(c: Candidate) -> str | None:
    return "next to a footnote star" if c.before.endswith("*") or c.after.startswith("*") else None


@only_when(lambda unit: unit in (MONTH, DAY))
def _day_or_month(c: Candidate) -> str | None:
    return "a day or a month, not a monthly or daily rate" if c.unit in (MONTH, DAY) and not c.before.endswith(EVERY) else None


@only_when(lambda unit: unit == SESSION)
def _numbered_session(c: Candidate) -> str | None:
    if c.unit != SESSION:
        return None
    if TERM in c.before[-8:] or (SESSION_BODY.search(c.before) and SESSION_MEETING.match(c.after)):
        return "a numbered session of a body"
    return None


@only_when(_is_time_unit)
def _history_span(c: Candidate) -> str | None:
    if _is_time_unit(c.unit) and HISTORY_SPAN.match(c.after):
        return "a span of history, not work done"
    return None


@only_when(lambda unit: unit == YEAR)
def _frames_other_figures(c: Candidate) -> str | None:
    """五年建成铁路新线1.6万公里, 三年累计投入500万元: a bare span of years (no 连续, 用, 今后, 内 …) that opens
    its clause before the figures in it is their time frame, not a duration of work; a target keeps it (力争三年…)."""
    if c.unit != YEAR or c.approx or c.freq or c.duration_frame or c.m.group("num2") or RUN_CUES.search(c.before[-4:]):
        return None
    if TARGET_CUES.search(c.before[-12:]):
        return None
    lead = c.lead
    if not FRAME_TOTAL.match(c.after) and any(_tag(t)[:1] in FRAME_BREAKING_TAGS for t in _tokens(lead)):
        return None  # 入党满50年的11名老党员: a threshold after a verb, not a frame opening the clause
    clause = up_to(up_to(c.after, CLAUSE_BREAK), SENTENCE_BREAK)
    return "a span of years framing the figures of its clause" if OTHER_FIGURE.search(clause) else None


def _repeated(c: Candidate) -> str | None:
    """一年一年, 一天天, 一个又一个: a numeral and measure word said twice is a manner, not a count."""
    if c.arabic:
        return None
    said = c.m.group(0)
    rest = c.after[1:] if c.after[:1] == AGAIN else c.after
    back = c.before[:-1] if c.before[-1:] == AGAIN else c.before
    once = said[0] == ONE and len(said) == 2 and rest.startswith(said[1])  # 一天天 (not 两轮轮训)
    if rest.startswith(said) or back.endswith(said) or once:
        return "a repeated numeral (一年一年, 一天天)"
    return None


def _size_class(c: Candidate) -> str | None:
    """千万吨级钢铁基地, 10万吨级码头: a class named by its size, not a figure."""
    return "a class named by its size (…级)" if c.after.startswith(CLASS_MARK) and c.unit != CLASS_MARK else None


@only_when(lambda unit: unit in (ANNIVERSARY, YEAR))
def _anniversary(c: Candidate) -> str | None:
    """成立一百周年, 建党100周年, 成立一百年时: an anniversary, a point in time."""
    if c.unit == ANNIVERSARY or (c.unit == YEAR and FOUNDING_BEFORE.search(c.before[-4:])):
        return "an anniversary"
    return None


@only_when(_is_time_unit)
def _forward_frame(c: Candidate) -> str | None:
    """今后二十年的战略目标, 未来五到十年: a frame ahead with no quantitative target in its clause."""
    if not _is_time_unit(c.unit) or DURATION_AFTER.match(c.after) or not FORWARD_FRAME.search(c.before[-3:]):
        return None  # 今后三年内…: a span work is done in
    clause = up_to(c.after, CLAUSE_BREAK)
    return None if NEXT_COUNT.search(clause) else "a general frame ahead, no target in it"


def _refers_to_list_above(c: Candidate) -> str | None:
    """以上十四条, 上述三项: the items were listed above; the count sums them up."""
    return "a count of the items listed above" if not c.approx and LIST_REFER.search(c.before[-2:]) else None


@only_when(lambda unit: unit in TOGETHER_UNITS)
def _together(c: Candidate) -> str | None:
    """同日本人民一起, 与各国一道: "together", unless a noun follows (与此有关的一起案件)."""
    if c.arabic or c.value != 1 or c.unit not in TOGETHER_UNITS or not TOGETHER.search(c.before[-18:]):
        return None
    toks = _tokens(c.after[:6])
    return None if toks and _tag(toks[0]).startswith("n") else "together (一起), not a count"


@only_when(lambda unit: unit in (TERM, SESSION))
def _congress(c: Candidate) -> str | None:
    if c.unit in (TERM, SESSION) and CONGRESS_AFTER.match(c.after):
        return "a numbered congress or plenary session"
    return None


@only_when(lambda unit: unit in (TERM, YEAR))
def _term_decade_or_grade(c: Candidate) -> str | None:
    if c.unit == TERM and RUN_CUES.search(c.before[-4:]):
        return None  # 连续三届: terms served in a row
    if c.unit == TERM or (c.unit == YEAR and c.after[:1] in YEAR_SUFFIXES):
        return "a numbered term, a decade or a school year"
    return None


@only_when(lambda unit: unit == POINT)
def _list_point(c: Candidate) -> str | None:
    return "a point of a list" if c.unit == POINT and not c.arabic else None


@only_when(lambda unit: unit == TENTH)
def _tenth_without_numeral(c: Candidate) -> str | None:
    return "tenths not right after a numeral" if c.unit == TENTH and not TENTH_NUMERAL.search(c.m.string[: c.m.end("unit")]) else None


def _after_noun(before: str) -> bool:
    """Whether the text before a number ends with a noun (三等功一次, 发展党员一名)."""
    toks = _tokens(before[-6:])
    return bool(toks) and (_tag(toks[-1]).startswith("n") or _tag(toks[-1]) == "l")


def _indefinite_one(c: Candidate) -> str | None:
    """一名党员, 一个时期: the indefinite article; not 翻一番, 增长一倍, a range (一年到两年), nor a count
    closing its clause after a noun (记个人三等功一次。)."""
    if c.arabic or c.value != 1 or c.mult or c.freq or c.unit == TIMES or c.unit in PERCENT_UNITS or c.m.group("num2"):
        return None  # 下降一个百分点: a change, never the article
    if c.unit in TIME_UNITS and (c.approx or c.duration_frame):
        return None
    if (EVERY in c.before[-3:] and not c.before.endswith(EVERY)) or ONLY_CUE.search(c.before[-2:]):
        return None  # 每天一小时: a rate (每一名 is "each"); 只有一所学校: a count
    if DOUBLING_BEFORE.search(c.before[-4:]) or (COUNT_END.match(c.after) and not _is_time_unit(c.unit) and _after_noun(c.before)):
        return None
    return "the indefinite one"


def _announces_quoted_or_abstract(c: Candidate) -> str | None:
    if not c.small_plain_count:
        return None
    if c.after[:1] in OPENING_QUOTES or c.ind_after.startswith(ABSTRACT_HEAD_WORDS) or c.ind_after.endswith(ABSTRACT_HEAD_WORDS):
        return "a small count announcing a list"
    return None


@only_when(lambda unit: unit in LIST_UNITS)
def _announces_list_items(c: Candidate) -> str | None:
    if c.small_plain_count and c.unit in LIST_UNITS and (not c.ind_after or c.ind_after[:1] in ABSTRACT_HEADS):
        return "a small count of list items"
    return None


def _sums_up_listed_items(c: Candidate) -> str | None:
    """组建A队、B队、C队和D队等4支队伍: a count equal to the items of the list it closes (any numerals)."""
    if c.approx or not LIST_CLOSER.search(c.before):
        return None
    clause = c.clause
    closer = LIST_CLOSER.search(clause)
    if not closer:
        return None
    items = split_items(clause[: closer.start()])
    return "a count of the items of the list it closes" if len(items) >= 2 and c.value == len(items) else None


@only_when(lambda unit: unit == ABOUT)
def _about_without_noun(c: Candidate) -> str | None:
    return "an approximate count with no noun after it" if c.unit == ABOUT and not c.ind_after else None


RULES = (
    _without_unit,
    _fraction,
    _mixed_digits,
    _inside_quoted_name,
    _blocked,
    _list_marker,
    _idiom,
    _ordinal,
    _code,
    _chinese_decimal,
    _not_a_number,
    _chinese_year,
    _cohort,
    _date,
    _footnote,
    _day_or_month,
    _numbered_session,
    _history_span,
    _retrospective_span,
    _frames_other_figures,
    _congress,
    _term_decade_or_grade,
    _anniversary,
    _forward_frame,
    _size_class,
    _repeated,
    _list_point,
    _tenth_without_numeral,
    _together,
    _indefinite_one,
    _announces_quoted_or_abstract,
    _announces_list_items,
    _sums_up_list,
    _sums_up_listed_items,
    _refers_to_list_above,
    _about_without_noun,
)


#: The same rules, the ones that reject most candidates for their cost first: without a trace only whether one
#: fires matters, not which one does (a rule after ``_not_a_number`` may read the value).
_EARLY_RULES = (_without_unit, _not_a_number, _inside_quoted_name, _indefinite_one, _announces_quoted_or_abstract)
RULES_CHEAP_FIRST = _EARLY_RULES + tuple(rule for rule in RULES if rule not in _EARLY_RULES)


@lru_cache(maxsize=1024)
def _rules_for(unit: str, cheap_first: bool = False) -> tuple:
    """``RULES`` (or ``RULES_CHEAP_FIRST``) without those that cannot fire for ``unit`` (leaving them out
    changes no first reason)."""
    rules = RULES_CHEAP_FIRST if cheap_first else RULES
    return applicable(rules, unit)


# --- a kept candidate becomes a Figure --------------------------------------------------------


def _value_max(c: Candidate) -> float | None:
    """The upper end of a range (3至5个; 两三次), when above the value."""
    if c.adjacent:
        return c.adjacent[1]
    value_max = cn_number(c.m.group("num2")) if c.m.group("num2") else None
    return _plain(value_max) if value_max is not None and value_max > c.value else None


def _with_verb(c: Candidate) -> str:
    """A short noun counted as the clause's subject, with the verb phrase that follows it (12名职工获评
    “全国五一劳动奖章”; 3名员工主动递交了入党申请书): the verb says what is counted; "" otherwise."""
    clause = PARENTHESES.sub("", up_to(up_to(c.after[:VERB_REACH], CLAUSE_BREAK), SENTENCE_BREAK))
    done = clause.startswith(c.ind_after + PERFECTIVE)  # the words read after the unit are a verb: 办理了…
    if clause and PIVOT_BEFORE.search(c.before[-VERB_REACH:]) and (not c.ind_after or done or _tag(_tokens(clause)[0]).startswith("v")):
        return clause  # 帮助3户完成了危房改造; 引导约1亿人在中西部地区就近城镇化
    if not c.is_subject:
        return ""
    toks = _tokens(clause)
    if toks and not c.ind_after and _tag(toks[0]) == "v" and not DIGIT.search(clause):
        return clause  # 其中1260条得到及时处置
    tags = [_tag(t) for t in toks]
    k = next((i for i, t in enumerate(tags) if not t.startswith(("n", "t"))), len(tags))
    noun = "".join(toks[:k])
    if not noun or len(noun) > SHORT_NOUN or not c.ind_after.startswith(noun):
        return ""
    return clause if "v" in tags[k:] else ""


# values of ``Candidate.ind_source`` whose indicator the model neither learns from nor weighs: the rules' reading is
# structural (分别, a short subject with its verb, …的 head, 被) or a name they built
TRUSTED_SOURCES = frozenset(("respective", "verb", "head", "completion", "age"))
# … and those it learns from but does not weigh: by CV it never improves the noun right after the unit or the noun
# a chain shares (a chain takes the replacement of the figure before), and skipping them halves its cost
UNWEIGHED_SOURCES = frozenset(("after", CHAIN_SOURCE))


def _rule_trusted(c: Candidate, fig: Figure) -> bool:
    """Whether the rules' indicator stands without the indicator model: the noun phrase right before the number,
    over change words only (党员满意度达到97%: the rules' most reliable reading), the items of a list distributed
    by 分别, a short subject with its verb, the head after a modifier ending in 的, or a name the rules built
    (完成任务比例, …年龄)."""
    if c.ind_source in TRUSTED_SOURCES:
        return True
    return c.ind_source == "before" and trim_skips(c.before[-BEFORE_REACH:]).endswith(fig.indicator)


def _after_head(c: Candidate, found: str) -> bool:
    """Whether the noun read after the unit is the head after a modifier ending in 的 (20多个不同行业的先进典型)
    or the event after 被, not the phrase that follows the unit."""
    return c.after.startswith(PASSIVE) or (PARTICLE in c.after[: len(found) + MODIFIER_REACH] and relative_head(c.after) == found)


def _indicator_span(c: Candidate) -> tuple[int, int, str]:
    """Start, end and indicator: the span grows over the noun phrase after the unit, else before the number;
    a span of time takes what is done in it."""
    action = action_phrase(c.after) if c.in_time_frame else ""
    if action:
        c.ind_source = "action"
        pos = c.after.find(action)
        return c.start, (c.end + pos + len(action) if pos >= 0 else c.end), action
    with_verb = _with_verb(c)
    found = with_verb or c.ind_after
    if found:
        c.ind_source = "verb" if with_verb else "head" if _after_head(c, found) else "after"
        pos = c.after.find(found)
        return c.start, (c.end + pos + len(found) if pos >= 0 else c.end), found
    if c.ind_before:
        c.ind_source = "before"
        pos = c.before.rfind(c.ind_before)
        return (c.before_start + pos if pos >= 0 else c.start), c.end, c.ind_before
    c.ind_source = "fallback"
    return c.start, c.end, ""


def _fallback_indicator(c: Candidate, limit: int) -> str:
    """The clause before the number without leading fillers, else the words after it."""
    lead = c.lead
    if len(lead) >= 2:
        return lead[-limit:]
    return up_to(c.after.lstrip("来,，"), SENTENCE_BREAK)[:limit]


def _indicator(c: Candidate, found: str, kind: str, limit: int) -> str:
    """The indicator, with completion rates (完成任务的 → 完成任务比例) and ages (…年龄) named."""
    indicator = found or _fallback_indicator(c, limit)
    completion = COMPLETION.search(c.before)
    if completion:
        indicator, c.ind_source = completion.group(0).rstrip(PARTICLE) + RATE_SUFFIX, "completion"
    if kind == "age" and indicator and not indicator.endswith(AGE_SUFFIX):
        indicator, c.ind_source = indicator[: limit - 2] + AGE_SUFFIX, "age"
    return indicator[:limit]


def _figure(c: Candidate, limit: int) -> Figure:
    """The Figure of a kept candidate: unit with its multiplier, kind, span, indicator, base value, role."""
    unit = c.mult + ("" if c.unit == ABOUT else c.unit)
    kind = _kind(unit.lstrip(MULTIPLIER_CHARS), c.pct or bool(c.fraction), c.freq)
    start, end, found = _indicator_span(c)
    if c.pct:
        unit = c.unit
    return Figure(
        text=c.text[start:end],
        value=_plain(c.value),
        unit=unit,
        indicator=_indicator(c, found, kind, limit),
        kind=kind,
        approx=c.approx or c.unit == ABOUT,
        value_max=_value_max(c),
        base_value=c.value * MULTIPLIERS.get(c.mult, 1),
        base_unit=unit.lstrip(MULTIPLIER_CHARS) if c.mult else unit,
        role=_role(c.before),
        start=start,
        end=end,
        sentence=c.s_text,  # ``c.text[c.sent.start : c.sent.end]``, one string for all the figures of the sentence
    )


def _share_chain_indicator(c: Candidate, fig: Figure, last: tuple[int, Figure] | None) -> None:
    """In a chain or list (6期2112人次; 分别是1人、34人), or a clause that opens with the change
    (收入586万元，同比增长12%), a number with no noun of its own counts the noun of the figure before it."""
    if last is None or not last[1].indicator:
        return
    if fig.kind == "age" and c.in_subset and c.ind_after in last[1].indicator:
        # 发展党员586名，其中35岁以下的占72.4%: the ages of that group
        fig.indicator, c.ind_source = last[1].indicator, CHAIN_SOURCE
        return
    if c.ind_after:
        return
    lead = c.lead  # …8.6%，突破40万亿元并…
    if CHAIN_GAP.fullmatch(c.text[last[0] : c.start]) or leads_with_change(c.before, c.after) or _times_and_changes_only(lead):
        fig.indicator, c.ind_source = last[1].indicator, CHAIN_SOURCE


def _times_and_changes_only(lead: str) -> bool:
    """A clause that holds, before its number, only times, periods and a change (“六五”期间五年平均降到):
    it has no noun of its own; empty counts too. Such a clause is short and names a time (cheap tests
    before segmenting)."""
    if not lead:
        return True
    if len(lead) > TIMES_ONLY_REACH or not TIME_MARK.search(lead):
        return False
    for tok in _tokens(lead):
        tag = _tag(tok)
        if not (NON_WORD.fullmatch(tok) or tok in BEFORE_SKIPS or tag[:1] in TIME_AND_CHANGE_TAGS):
            return False
    return True


def _respective_items(s_text: str, at: int, before: list[Figure], n: int) -> list[str]:
    """What the n numbers after 分别 (at ``at`` in the sentence) count: the list in its clause; else the
    figures of the clause before it (死亡案件14起，死亡人数降至16人，同比分别下降…); else the list there."""
    clauses = CLAUSE_BREAK.split(s_text[:at])
    items = list_items(clauses[-1])
    if items or len(clauses) < 2:
        return items
    if DIGIT.search(clauses[-2]) and len(before) >= n:
        return [f.indicator for f in before[-n:]]
    return list_items(clauses[-2])


def _distribute(found: list[tuple[Candidate, Figure]], s_text: str, offset: int, limit: int) -> None:
    """X、Y和Z分别是1人、2人、3人: the i-th number after 分别 counts the i-th item of the list before it."""
    for m in RESPECTIVELY.finditer(s_text):
        at = offset + m.start()
        run: list[tuple[Candidate, Figure]] = []
        for c, f in found:
            if c.start < at:
                continue
            gap = s_text[(run[-1][0].end if run else at) - offset : c.start - offset]
            if (CLAUSE_BREAK.search(gap) or SENTENCE_BREAK.search(gap)) if not run else not CHAIN_GAP.fullmatch(gap):
                break
            run.append((c, f))
        if len(run) < 2:
            continue
        before = [f for c, f in found if c.end <= at]
        items = _respective_items(s_text, m.start(), before, len(run))
        if len(items) == len(run):
            for (c, f), item in zip(run, items):
                f.indicator, c.ind_source = item[:limit], "respective"


def _as_written(found: list[tuple[Candidate, Figure]], written: str, s_text: str) -> None:
    """Figures read with their years in Arabic digits (``arabic_years``) get the text as written back: their
    span and sentence, and an indicator taken from the sentence."""
    for c, fig in found:
        fig.text, fig.sentence = written[fig.start : fig.end], written[c.sent.start : c.sent.end]
        at = s_text.find(fig.indicator) if fig.indicator else -1
        if at >= 0:
            fig.indicator = fig.sentence[at : at + len(fig.indicator)]


@component("figures", requires=("structure", "slogans"), item=Figure, span_label="kind")
class FigureExtractor:
    """Find figures in an article's sentences (see the module docstring)."""

    def __init__(self, *, max_indicator: int = 12, indicator_model: bool | str = True):
        """``indicator_model``: the model that chooses each figure's indicator among the phrases around it
        (``textkit.indicator_model``): True for the shipped one, a path for another, False for the rules alone."""
        self.max_indicator = max_indicator
        if not indicator_model:
            self.indicator_model = None
        elif isinstance(indicator_model, str):
            self.indicator_model = load_indicator_model(indicator_model)
        else:  # called without arguments, so every default extractor shares one cached model
            self.indicator_model = load_indicator_model()

    def annotate(self, article: Article) -> None:
        blocked = [o for s in article.slogans if s.kind == "numeric" for o in s.occurrences]
        article.figures = self(article, blocked, list(article.garbled))

    def __call__(self, article: Article, blocked: list[tuple[int, int]] | None = None, garbled: list | None = None) -> list[Figure]:
        """Figures of an article; ``blocked`` are numbered slogans' spans, ``garbled`` unreadable runs."""
        blocked = (SpanIndex(blocked or []), SpanIndex(garbled or []))
        written = article.text
        text = arabic_years(written)  # 二〇二三年 read as 2023年: a year, as the rules know them
        markers = SpanIndex({(it.marker_start, it.marker_start + len(it.marker)) for it in article.items})
        tracing = is_tracing()  # a trace names the first rule that rejects each match: no shortcut then
        figures: list[Figure] = []
        for sent in article.sentences:
            s_text = text[sent.start : sent.end]
            last: tuple[int, Figure] | None = None  # end of the last kept candidate and its figure
            found: list[tuple[Candidate, Figure]] = []
            size, skip_to = len(s_text), 0
            for m in FIGURE_RE.finditer(s_text):
                if m.start() < skip_to:
                    continue  # the upper end of a range read with the candidate before
                if m.end() < size and s_text[m.end()] in RANGE_FIRST:
                    m = as_range(s_text, m)
                    skip_to = m.end()
                if lacks_unit(m):  # a third of the matches: rejected before their context is read
                    if tracing:
                        self._reject_unitless(m, s_text, sent.start, written)
                    continue
                if not tracing and is_date(m, s_text):  # a date (2023年, 5月): rejected before a candidate is built
                    continue
                c = Candidate(text, sent, s_text, m, blocked, markers)
                fig = self._candidate(c, written, tracing)
                if fig:
                    _share_chain_indicator(c, fig, last)
                    found.append((c, fig))
                    last = (c.end, fig)
            if len(found) > 1:
                _distribute(found, s_text, sent.start, self.max_indicator)
            if found:
                self._choose_indicators(found, s_text, sent.start)
                if text is not written:
                    _as_written(found, written, s_text)
            figures += [f for _, f in found]
        self._link_completion(figures)
        return figures

    def _choose_indicators(self, found: list[tuple[Candidate, Figure]], s_text: str, offset: int) -> None:
        """Rules propose, the indicator model decides: each figure takes the phrase of its sentence the model
        scores best, when that beats the rules' indicator (a no-op without a model)."""
        model = self.indicator_model
        if model is None:
            return
        replaced: dict[str, str] = {}  # the rules' indicators the model replaced in this sentence, and by what
        for c, fig in found:
            at = c.sent.start
            if c.ind_source == CHAIN_SOURCE and fig.indicator in replaced:
                fig.indicator = replaced[fig.indicator]  # a chain shares the noun of the figure before, as replaced
                continue
            if c.ind_source in UNWEIGHED_SOURCES or _rule_trusted(c, fig):
                continue
            choice = best_indicator(model, s_text, c.start - at, c.end - at, fig.indicator, c.ind_source, fig.unit, fig.kind)
            if choice is None:
                continue
            note(KIND, choice.text, offset + choice.start, offset + choice.end, True, "indicator_model", f"replaces {fig.indicator}")
            new = choice.text[: self.max_indicator]
            replaced[fig.indicator] = new
            fig.indicator = new
            fig.start, fig.end = min(fig.start, offset + choice.start), max(fig.end, offset + choice.end)
            fig.text = c.text[fig.start : fig.end]

    @staticmethod
    def indicator_choices(c: Candidate, fig: Figure, s_text: str) -> list:
        """The indicator model's candidates for a figure (the rules' own first; empty when the model does not weigh
        this figure's indicator: a trusted rule's pick, or one not written in the sentence)."""
        at = c.sent.start
        if _rule_trusted(c, fig):
            return []
        return indicator_candidates(s_text, c.start - at, c.end - at, fig.indicator, c.ind_source, fig.unit, fig.kind)

    def _candidate(self, c: Candidate, written: str, tracing: bool = True) -> Figure | None:
        """The figure of a candidate, or None when a rule rejects it (noted for ``--explain``, as written; without
        ``tracing`` the rules run cheapest first and the reason may name another rule that fires)."""
        found = first_reason(_rules_for(c.unit, not tracing), c) or (
            None if math.isfinite(c.value) else ("too_large", "a number too long to be a figure")
        )
        if found:
            note(KIND, written[c.sent.start + c.m.start() : c.sent.start + c.m.end()], c.start, c.end, False, *found)
            return None
        fig = _figure(c, self.max_indicator)
        note(KIND, fig.text, fig.start, fig.end, True, "figure", f"{fig.kind} {fig.role}")
        return fig

    @staticmethod
    def _reject_unitless(m: re.Match, s_text: str, offset: int, written: str) -> None:
        """Note a match ``lacks_unit`` rejected as ``_candidate`` would (its start as ``Candidate`` reads it)."""
        start, num = m.start(), m.group("num")
        over = takes_over(m.group("pre") or "", s_text[start - 1 : start], num)
        note(KIND, written[offset + start : offset + m.end()], offset + start - over, offset + m.end(), False, "without_unit", NO_UNIT)

    @staticmethod
    def _link_completion(figures: list[Figure]) -> None:
        """Tie a completion rate (完成任务的224%) to the figure it completes, in the same sentence."""
        for i, f in enumerate(figures):
            if f.kind == "percent" and f.indicator.startswith(COMPLETED) and i > 0:
                prev = figures[i - 1]
                if prev.sentence == f.sentence and prev.kind != "percent":
                    f.relates_to = i - 1
                    f.indicator = prev.indicator + f.indicator
