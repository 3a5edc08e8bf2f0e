"""Measures (措施、做法): one entry per action, from list heads (``heading``) and body text (``item``).

A sentence is cut into clauses; clauses are grouped into actions where a new clause starts
with an action verb; setup clauses (结合…, 按照…, 通过…) join the action they introduce. An
action is kept when it holds an action verb and is not a statement of significance, a problem
or a bare result (``NON_MEASURE_RULES``). Status comes from modal and aspect cues (要/应/必须
vs 了/已/先后), inherited within a sentence and item, then from the article's prevailing voice.

The word lists and cue patterns live in ``textkit/data/lexicons/measures_*.txt`` and
``textkit/data/patterns/measures_*.txt``. Every candidate is noted (``textkit.rules.note``) with
the rule that kept or dropped it, so a trace can explain each decision.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter

from textkit.components import component
from textkit.genre import TESTIMONIAL
from textkit.model import Article, Measure, Sentence
from textkit.regex import compile_skipping
from textkit.resources import alternation, pattern, patterns, words
from textkit.rules import applicable, first_reason, is_tracing, note, only_when
from textkit.spans import SpanIndex
from textkit.structure import HEADING_SCHEMES, SCHEMES, match_marker

KIND = "measures"
MAX_LEN = 80
SHORT_ACTION = 6  # a run of clauses this short (腾出场地,设置窗口,落实服务项目) is one measure
SETUP_LEN = 16  # a setup clause is at most this long


def _one_of(entries: tuple[str, ...]) -> str:
    """A regex alternation of the escaped words, longest first (one flat group searches fast)."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(entries, key=len, reverse=True)) + ")"


# Verbs: strong ones start an action; weak ones (结合, 管理 …) only mark a text as holding one.
_STRONG_START = compile_skipping("^" + alternation("measures_action_verbs"))
ACTION_RE = compile_skipping(_one_of(words("measures_action_verbs") + words("measures_weak_action_verbs")))

# The start of a clause: list marker, subject and adverbs come before its verb.
MARKER_PREFIX = compile_skipping("^" + pattern("measures_marker_prefix") + r"[,，、:：]?\s*")


def _first_char_guard(name: str) -> str:
    """A look-ahead on the first characters of the entries of ``patterns/NAME`` when each is a plain word
    (the same matches: only positions where no entry can start are passed over at once), else nothing."""
    entries = patterns(name)
    if not all(e and re.escape(e) == e for e in entries):
        return ""
    return "(?=[" + "".join(sorted({e[0] for e in entries})) + "])"


_SUBJECT = (
    rf"(?:{alternation('measures_subject_pronouns')}"
    rf"|[\u4e00-\u9fff]{{0,10}}?{_first_char_guard('measures_subject_organs')}{pattern('measures_subject_organs')}"
    rf"{alternation('measures_subject_titles')}?)"
)
SUBJECT = compile_skipping("^" + _SUBJECT)
ADVERBS = compile_skipping("^" + pattern("measures_adverbs") + "+")

# Grouping clauses into actions.
SETUP = compile_skipping("^" + alternation("measures_setup_starts"))
#: A clause ending in one of these sets up the next action (read with ``str.endswith``: no regex search).
SETUP_END_WORDS = words("measures_setup_ends")
LEAD_IN = compile_skipping("^" + alternation("measures_lead_in_starts"))
LEAD_IN_FRAME = compile_skipping("^" + pattern("measures_lead_in_frames") + "$")
TIME_LEAD_IN = compile_skipping("^" + pattern("measures_time_lead_in") + "$")
PURPOSE = compile_skipping(
    rf"^(?:{alternation('measures_purpose_adverbs')}?{alternation('measures_purpose_verbs')}|{alternation('measures_aim_starts')})"
)
CLAUSE_SPLIT = compile_skipping(r"[，,；;：:]")
_CLAUSE_LEAD = " 。，,；;：:"  # stripped from a clause start
_CLAUSE_TAIL = " 。；;！？!?"  # stripped from a clause end
_ORDINAL_SCHEME = "第一"  # a 第一/第二 … marker is not stripped: it stays in the clause text
# Whether some scheme's marker starts at a position (where ``match_marker`` can find one): the schemes in one
# match, with a look-ahead on the characters a marker starts with, so that most clause starts fail at once.
_MARKER_AT = compile_skipping("|".join(f"(?:{pat.pattern})" for _, pat in SCHEMES))

# The writer's own voice in a testimonial (我要…, 深刻体会到…).
WRITER_VOICE = compile_skipping("^" + pattern("measures_writer_voice"))
FEELING = compile_skipping(alternation("measures_feeling_words"))

# Headings and sections that hold no measures.
NON_MEASURE_HEADING = compile_skipping(alternation("measures_non_measure_headings") + "$")
OVERVIEW_HEADING = compile_skipping(pattern("measures_overview_headings"))
SKIP_SECTION = compile_skipping(alternation("measures_skip_sections"))
PLAN_HEADING = compile_skipping(alternation("measures_plan_headings"))

# Statements that are not measures.
SIGNIFICANCE = compile_skipping(
    rf"是[^，,。]{{0,30}}{alternation('measures_significance_nouns')}"
    rf"|^[\u4e00-\u9fff]{{0,12}}是{alternation('measures_definition_subjects')}"
)
PRINCIPLE_START = compile_skipping("^" + alternation("measures_principle_starts"))
OUTCOME = compile_skipping(pattern("measures_outcome"))
COPULA = compile_skipping(pattern("measures_copula"))
DEFINITION = compile_skipping(pattern("measures_definition"))
PROBLEM = compile_skipping(alternation("measures_problem_cues"))
RESULT = compile_skipping("^" + pattern("measures_result_starts") + "|" + pattern("measures_result_phrases"))

# Status cues.
_FUTURE = "将(?=" + alternation("measures_future_adverbs") + ")"  # 将进一步…: a plan; 将X纳入Y is no cue
PLAN = compile_skipping(pattern("measures_plan") + "|" + _FUTURE)
PRESCRIBED = compile_skipping(pattern("measures_prescribed") + "|" + pattern("measures_plan") + "|" + _FUTURE)
DONE = compile_skipping(pattern("measures_done"))
DONE_WEAK = compile_skipping(pattern("measures_done_weak"))

CONCRETE = compile_skipping(pattern("measures_concrete"))
NOUN_LIKE_VERB_TAGS = frozenset({"vn"})  # jieba tags a verbal noun (管理, 建设) vn


#: Characters of its sentence before a measure read for an inherited status cue: more than a real sentence
#: holds, so that one endless "sentence" (punctuation lost) costs each measure the same.
CUE_REACH = 500


# The first cue of any kind in one search: at the leftmost position where one matches, a prescribed cue
# comes before a done cue and both before a weak one. ``PLAN`` is a part of ``PRESCRIBED``.
_FIRST_CUE = compile_skipping(f"(?P<prescribed>{PRESCRIBED.pattern})|(?P<done>{DONE.pattern})|(?P<weak>{DONE_WEAK.pattern})")
_STRONG_CUE = compile_skipping(f"(?P<prescribed>{PRESCRIBED.pattern})|(?P<done>{DONE.pattern})")


def status_cue(text: str) -> str | None:
    """``prescribed`` or ``done`` from the first modal or aspect cue in ``text``, else None: the first
    strong cue (要, 必须 … before 了, 已 … at the same place) decides; a weak done cue (全年, 新增, 5个)
    before any strong one makes it done, unless a prescribed cue comes before any done cue."""
    first = _FIRST_CUE.search(text)
    if first is None:
        return None
    if first["weak"] is None:
        return "prescribed" if first["prescribed"] is not None else "done"
    strong = _STRONG_CUE.search(text, first.start() + 1)  # none starts before the weak cue
    return "prescribed" if strong and strong["prescribed"] is not None else "done"


# What comes before a clause's core, in one match that always succeeds: a list marker (``MARKER_PREFIX``),
# then a subject (``SUBJECT``) when text follows it, then adverbs (``ADVERBS``). Each is an atomic group
# ``(?>X|)``: X's first match when it has one (never another), else nothing, as when each is matched in turn
# on what the one before leaves. None of the three looks behind its start, so matching in place is the same.
_CORE_PREFIX = re.compile(
    f"(?>{MARKER_PREFIX.pattern.removeprefix('^')}|)"
    rf"(?>(?>{_SUBJECT})(?=[\s\S])|)"
    f"(?>{ADVERBS.pattern.removeprefix('^')}|)"
)
# The action verbs by first character, for ``str.startswith`` (the same answer as ``_STRONG_START`` on a core).
_ACTION_VERBS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _verb in words("measures_action_verbs"):
    _ACTION_VERBS_BY_FIRST[_verb[0]] = (*_ACTION_VERBS_BY_FIRST.get(_verb[0], ()), _verb)


@lru_cache(maxsize=4096)  # a candidate's core is read by several rules
def _core(text: str) -> str:
    """The clause without list marker, subject and adverbs, to see which verb it starts with."""
    return text[_CORE_PREFIX.match(text).end() :]


@lru_cache(maxsize=4096)  # asked of a clause when grouping, for lead-ins and as a candidate
def starts_action(clause: str) -> bool:
    """Whether the clause's core starts with an action verb (开展…, 党支部定期组织…)."""
    at = _CORE_PREFIX.match(clause).end()
    return clause.startswith(_ACTION_VERBS_BY_FIRST.get(clause[at : at + 1], ()), at)


def has_action(text: str) -> bool:
    """Whether the text holds an action verb anywhere."""
    return bool(ACTION_RE.search(text))


# -- rules that tell a non-measure: each takes the text and its core (``_core``); the first reason decides --


def _empty_quote(text: str, core: str) -> str | None:
    """An empty quotation (“”): text lost in conversion."""
    return "empty quote" if "“”" in text else None


def _definition(text: str, core: str) -> str | None:
    """A definition or gloss of a name (“一表”即…)."""
    return "definition" if DEFINITION.match(text) else None


def _principle(text: str, core: str) -> str | None:
    """An argument or conclusion (只有…才…, 因此…, 这是…)."""
    return "principle" if PRINCIPLE_START.match(text) else None


def _outcome(text: str, core: str) -> str | None:
    """A first clause that reports an outcome or a ranking (完成目标任务的112%, 位列第一)."""
    return "outcome" if OUTCOME.search(CLAUSE_SPLIT.split(text, maxsplit=1)[0]) else None


def _statement(text: str, core: str) -> str | None:
    """A statement with 是 (党员是…) that does not start with an action verb."""
    return "statement" if COPULA.search(text) and not _STRONG_START.match(core) else None


def _significance(text: str, core: str) -> str | None:
    """A statement of significance (…是…的必然要求) or a definition (…是一项…)."""
    return "significance" if SIGNIFICANCE.search(text) else None


def _result(text: str, core: str) -> str | None:
    """A bare result (取得了…, 获得…, …成效明显, …好评) that does not start with an action verb."""
    if (RESULT.search(core) or RESULT.search(text[-12:])) and not _STRONG_START.match(core):
        return "result"
    return None


def _problem(text: str, core: str) -> str | None:
    """A shortcoming (意识淡化, 基础薄弱) that does not start with an action verb."""
    return "problem" if PROBLEM.search(text) and not _STRONG_START.match(core) else None


@lru_cache(maxsize=2048)  # the same lines (site furniture, set phrases) recur across a site's documents
def has_verb(text: str) -> bool:
    """Whether the text holds an action verb: one of the listed verbs, else any word jieba tags as
    a verb (看望, 压减, 下调 …); a verbal noun (管理, 建设) alone does not count."""
    if ACTION_RE.search(text):
        return True
    from textkit.segmentation import any_tag

    return any_tag(text, _verb_tag)  # the tags of ``segment_pos``, each block segmented once


def _verb_tag(tag: str) -> bool:
    return tag.startswith("v") and tag not in NOUN_LIKE_VERB_TAGS


def _no_action(text: str, core: str) -> str | None:
    """No action verb anywhere: not a listed verb, and no word tagged as a verb."""
    return None if has_verb(text) else "no action verb"


NON_MEASURE_RULES = (_empty_quote, _definition, _principle, _outcome, _statement, _significance, _result, _problem, _no_action)


# A text that any rule before ``_no_action`` fires on matches one of these two screens: the rules read the
# text, its first clause (``_outcome``) or a suffix of it (``_result``: its core, its last 12 characters),
# and the patterns read on a part look at nothing outside their match. ``是`` stands for ``COPULA`` and
# ``SIGNIFICANCE`` (each of its branches holds one), as a screen with a simple first character skips fast.
# Most candidates match neither (about 86 % on web text) and go straight to the verb test, without a core.
_SCREEN_AT_START = re.compile(f"(?:{DEFINITION.pattern})|(?:{PRINCIPLE_START.pattern})")
_SCREEN_ANYWHERE = compile_skipping(
    "|".join(
        f"(?:{p})"
        for p in (
            "“”",
            OUTCOME.pattern,
            "是",
            pattern("measures_result_starts"),
            pattern("measures_result_phrases"),
            PROBLEM.pattern,
        )
    )
)
# The one rule the screens say nothing about (the last; it reads no core), named as ``first_reason`` names it.
_UNSCREENED_RULE = _no_action.__name__.lstrip("_")


def non_measure_reason(text: str) -> tuple[str, str] | None:
    """``(rule, reason)`` when the text is not a measure (a principle, result, problem …), else None."""
    text = text.strip()
    if not (_SCREEN_AT_START.match(text) or _SCREEN_ANYWHERE.search(text)):
        reason = _no_action(text, text)
        return (_UNSCREENED_RULE, reason) if reason else None
    return first_reason(NON_MEASURE_RULES, text, _core(text))


def is_non_measure(text: str) -> bool:
    return non_measure_reason(text) is not None


# -- rules for candidates in one article --


@dataclass(frozen=True)
class _Scan:
    """What the candidate rules need to know about the article being scanned."""

    skip: SpanIndex  # sections and items about problems or significance
    item_starts: frozenset[int]
    intro_end: int | None  # start of the first section, when the article has sections
    garble_edges: frozenset[int]
    min_len: int
    sections: _SectionHeadings  # the heading a measure falls under
    genre: str | None = None  # the article's genre (textkit.genre), when a genre component ran
    text: str = ""  # the article's text

    def skipped(self, pos: int) -> bool:
        return self.skip.holds(pos)


class _Candidate:
    """A span that may be a measure: a list head or a group of clauses."""

    __slots__ = ("start", "end", "text", "in_intro")

    def __init__(self, start: int, end: int, text: str, in_intro: bool = False):
        self.start = start  # where the head or group starts (the text may start later, after stripping)
        self.end = end
        self.text = text
        self.in_intro = in_intro  # in a sentence before the first heading


@only_when(lambda scan: len(scan.skip) > 0)  # left out of an article where it cannot fire
def _skipped_span(scan: _Scan, cand: _Candidate) -> str | None:
    """Inside a section or list item about problems or significance."""
    return "problem section" if scan.skipped(cand.start) else None


def _too_short(scan: _Scan, cand: _Candidate) -> str | None:
    return "too short" if len(cand.text) < scan.min_len else None


def _part_title(scan: _Scan, cand: _Candidate) -> str | None:
    """A heading that names a part of the report (主要做法, 工作目标)."""
    return "part title" if NON_MEASURE_HEADING.search(cand.text) else None


def _non_measure_head(scan: _Scan, cand: _Candidate) -> str | None:
    """A section heading that is no measure; a list item's head is judged by the rules after."""
    if cand.start in scan.item_starts:
        return None
    found = non_measure_reason(cand.text)
    return found[1] if found else None


def _problem_head(scan: _Scan, cand: _Candidate) -> str | None:
    """A heading that states a shortcoming."""
    return "problem" if PROBLEM.search(cand.text) and not starts_action(cand.text) else None


def _overview(scan: _Scan, cand: _Candidate) -> str | None:
    """A heading that announces a list (三个方面, 四项要求)."""
    return "overview" if OVERVIEW_HEADING.search(cand.text) else None


@only_when(lambda scan: scan.genre == TESTIMONIAL)  # left out of an article where it cannot fire
def _writer_in_testimonial(scan: _Scan, cand: _Candidate) -> str | None:
    """In a testimonial, the writer's own feelings and plans (我要…, 我将…, 深刻体会到…) are no measures, nor
    what a sentence that opens with them goes on to say."""
    if scan.genre != TESTIMONIAL:
        return None
    sentence_start = max(scan.text.rfind(c, 0, cand.start) for c in "。！？!?\n") + 1
    text = MARKER_PREFIX.sub("", scan.text[sentence_start : cand.start] + cand.text).lstrip()
    return "the writer's own feelings or plans, in a testimonial" if WRITER_VOICE.match(text) or FEELING.search(text) else None


HEADING_RULES = (_skipped_span, _too_short, _part_title, _non_measure_head, _problem_head, _overview, _writer_in_testimonial)
#: The same rules, cheapest first (see ``_decide``).
_HEADING_RULES_CHEAP_FIRST = (_skipped_span, _too_short, _part_title, _overview, _problem_head, _writer_in_testimonial, _non_measure_head)


def _non_measure(scan: _Scan, cand: _Candidate) -> str | None:
    """A group of clauses that is no measure (``NON_MEASURE_RULES``)."""
    found = non_measure_reason(cand.text)
    return found[1] if found else None


@only_when(lambda scan: scan.intro_end is not None)  # left out of an article where it cannot fire
def _background(scan: _Scan, cand: _Candidate) -> str | None:
    """Text before the first heading is background, unless it reports an action taken."""
    if not cand.in_intro:
        return None
    return None if DONE.search(cand.text) and starts_action(cand.text) else "background"


@only_when(lambda scan: bool(scan.garble_edges))  # left out of an article where it cannot fire
def _garbled_edge(scan: _Scan, cand: _Candidate) -> str | None:
    """A short group next to garbled text is a fragment."""
    if cand.end - cand.start >= 12:
        return None
    near = {cand.start, cand.start - 1, cand.end, cand.end + 1}
    return "next to garbled text" if near & scan.garble_edges else None


ITEM_RULES = (_too_short, _non_measure, _background, _garbled_edge, _writer_in_testimonial)
#: The same rules, cheapest first: without a trace only whether one fires matters, not which one does.
_ITEM_RULES_CHEAP_FIRST = (_too_short, _garbled_edge, _background, _writer_in_testimonial, _non_measure)


def _article_rules(rules: tuple, scan: _Scan) -> tuple:
    """``rules`` without those (``only_when``) that cannot fire in the article scanned, chosen once per article."""
    return applicable(rules, scan)


# -- clauses and actions --


def _past_heads(pos: int, head_spans: list[tuple[int, int]]) -> int:
    """Move ``pos`` past list heads it falls in (they are heading measures already)."""
    for hs, he in head_spans:
        if hs <= pos < he:
            pos = max(pos, he)
    return pos


def _skip_lead(text: str, cs: int, ce: int) -> int:
    while cs < ce and text[cs] in _CLAUSE_LEAD:
        cs += 1
    return cs


def _clause_start(text: str, cs: int, ce: int, head_spans: list[tuple[int, int]]) -> int:
    """Start of a clause's own text: past list heads, leading punctuation and a list marker."""
    cs = _skip_lead(text, _past_heads(cs, head_spans), ce)
    mk = match_marker(text, cs) if _MARKER_AT.match(text, cs) else None
    if mk and mk[0] != _ORDINAL_SCHEME:
        cs = _skip_lead(text, _past_heads(mk[2], head_spans), ce)
    return cs


class _Heads:
    """Section headings and list-item heads in text order, with a quick look-up by span."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))  # the furthest end of the heads so far

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The heads that overlap ``[start, end)``, in text order: those starting before ``end``, walked back
        while an earlier head still reaches past ``start`` (most sentences hold no head and stop at once)."""
        k = bisect_left(self.starts, end)
        found = []
        while k > 0 and self.reach[k - 1] > start:
            k -= 1
            if self.spans[k][1] > start:
                found.append(self.spans[k])
        found.reverse()
        return found


def _clause_spans(text: str, sent: Sentence, heads: _Heads) -> list[tuple[int, int]]:
    """The sentence's clauses, trimmed, leaving out list heads and clauses under two characters."""
    head_spans = heads.overlapping(sent.start, sent.end)
    out = []
    for cs, ce in sent.clauses:
        if head_spans:
            cs = _clause_start(text, cs, ce, head_spans)
        else:  # the same without heads to step past
            while cs < ce and text[cs] in _CLAUSE_LEAD:
                cs += 1
            mk = match_marker(text, cs) if _MARKER_AT.match(text, cs) else None
            if mk and mk[0] != _ORDINAL_SCHEME:
                cs = _skip_lead(text, mk[2], ce)
        while ce > cs and text[ce - 1] in _CLAUSE_TAIL:
            ce -= 1
        if ce - cs >= 2:
            out.append((cs, ce))
    return out


def _is_purpose(clause: str) -> bool:
    """A clause stating the aim of the action before it (…，不断提高…；…，使…)."""
    return bool(PURPOSE.match(clause)) and not SUBJECT.match(clause)


def _opens_action(clause: str) -> bool:
    """A clause that starts a new action: an action verb first, or a subject and then one."""
    # ``ACTION_RE`` reads no character around its match: searching up to 12 is ``has_action(clause[:12])``
    return starts_action(clause) or bool(SUBJECT.match(clause) and ACTION_RE.search(clause, 0, 12))


def _is_setup(clause: str) -> bool:
    """A short clause that sets up the next action (结合实际, 换届以后)."""
    if len(clause) > SETUP_LEN:
        return False
    if SETUP.match(clause) and not starts_action(clause):
        return True
    return clause.removesuffix("\n").endswith(SETUP_END_WORDS)  # as a regex ``(?:…)$`` would, before a final newline


def _group(text: str, spans: list[tuple[int, int]], max_len: int) -> list[list[int]]:
    """Group a sentence's clauses (``spans``, in order) into actions ``[start, end]``, clause by clause: a
    clause that opens an action starts a group, another one joins the group before it (up to ``max_len``);
    a setup clause runs on until a clause that acts and becomes that action; a trailing setup joins the
    action just before it or stands alone."""
    groups: list[list[int]] = []
    setup: list[int] | None = None
    for cs, ce in spans:
        clause = text[cs:ce]
        if setup is not None:  # a setup clause runs on until a clause that acts; then it becomes that action
            acts = _opens(text, groups, clause, cs, ce) or has_action(clause)
            setup[1] = ce
            if acts:
                groups.append(setup)
                setup = None
        elif ce - cs <= SETUP_LEN and _is_setup(clause):
            setup = [cs, ce]
        elif not groups or _opens(text, groups, clause, cs, ce):
            groups.append([cs, ce])
        elif ce - groups[-1][0] <= max_len:
            groups[-1][1] = ce
        elif not _is_purpose(clause):  # a purpose clause past the length limit is left out
            groups.append([cs, ce])
    if setup is not None:
        if groups and setup[0] - groups[-1][1] <= 2:
            groups[-1][1] = setup[1]
        else:
            groups.append(setup)
    return groups


def _opens(text: str, groups: list[list[int]], clause: str, cs: int, ce: int) -> bool:
    """Whether the clause starts a new action rather than continuing the one before (``groups``): not a
    short action right after a comma (腾出场地,设置窗口,落实服务项目), nor a purpose clause after an action."""
    if not _opens_action(clause):
        return False
    if not groups:
        return True
    if ce - cs <= SHORT_ACTION and text[groups[-1][1] : cs].strip() in ("，", ","):
        return False
    return not _is_purpose(clause)


def is_lead_in(clause: str) -> bool:
    """A background, purpose or time clause before an action (为进一步…, 按照…要求, 在…指导下,
    近年来, 2023年3月): not part of it."""
    if TIME_LEAD_IN.match(clause.strip()):
        return True
    if starts_action(clause):
        return False
    if clause.startswith("为") and not clause.startswith("为了"):
        rest = clause[1:]
        return bool(PURPOSE.match(rest) or starts_action(rest))
    return bool(LEAD_IN.match(clause) or LEAD_IN_FRAME.match(clause))


def _past_lead_ins(text: str, spans: list[tuple[int, int]], starts: list[int], gs: int, ge: int) -> int:
    """The start of the action ``[gs, ge)`` past the lead-in clauses it opens with (one clause at least
    stays); ``spans`` are the sentence's clauses in order (disjoint), ``starts`` their starts."""
    i = bisect_left(starts, gs)
    last = len(spans) - 1
    # the clauses inside the action are spans[i], spans[i + 1] … while they end by ge
    while i < last and spans[i][1] <= ge and spans[i][0] == gs and spans[i + 1][1] <= ge and is_lead_in(text[gs : spans[i][1]]):
        i += 1
        gs = spans[i][0]
    return gs


def _cut(text: str, gs: int, ge: int, max_len: int) -> tuple[int, int]:
    """Cut an overlong action at ``max_len``, back to the last comma when one is not too early."""
    if ge - gs <= max_len:
        return gs, ge
    ge = gs + max_len
    cut = max(text.rfind("，", gs, ge), text.rfind(",", gs, ge), text.rfind("、", gs, ge))
    return gs, (cut if cut > gs + 10 else ge)


# -- status --


_by_start = attrgetter("start")


class _CueCounts:
    """How many measures starting in a span have a cue-given status of each kind (by bisection)."""

    def __init__(self, measures: list[Measure]):
        ordered = sorted(measures, key=_by_start)
        self.starts = [m.start for m in ordered]
        statuses = [m.status for m in ordered]
        self.prescribed = list(accumulate([status == "prescribed" for status in statuses], initial=0))
        self.done = list(accumulate([status == "done" for status in statuses], initial=0))

    def __call__(self, lo: int, hi: int) -> tuple[int, int]:
        """Prescribed and done measures starting in ``[lo, hi)``."""
        a, b = bisect_left(self.starts, lo), bisect_left(self.starts, hi)
        return self.prescribed[b] - self.prescribed[a], self.done[b] - self.done[a]


def _voice(article: Article, cues: _CueCounts, lo: int, hi: int, fallback: str | None = None) -> str:
    """The prevailing status of the measures in ``[lo, hi)``; ``fallback`` when cues are few or mixed."""
    p, d = cues(lo, hi)
    if fallback and (p + d < 3 or max(p, d) < 2 * min(p, d)):
        return fallback
    if p == d and article.meta.get("abstract"):
        return "prescribed"  # a paper that argues for measures
    return "prescribed" if p > d else "done"


class _ItemHeadCues:
    """The status cue in the head of each list item, looked up by the position of a measure."""

    def __init__(self, article: Article):
        self.article = article
        self.items = SpanIndex((it.start, it.end) for it in article.items)
        self.cues: dict[int, str | None] = {}

    def _cue(self, i: int) -> str | None:
        if i not in self.cues:
            it = self.article.items[i]
            self.cues[i] = status_cue(self.article.text[it.start : it.head_end])
        return self.cues[i]

    def at(self, pos: int) -> str | None:
        """The cue of the last item (in the article's order) holding ``pos`` whose head has one."""
        if not self.article.items:
            return None
        cue = None
        for i in self.items.holding(pos):
            cue = self._cue(i) or cue
        return cue


def _inherited_cue(article: Article, heads: _ItemHeadCues, m: Measure, sentence_start: int) -> str | None:
    """A cue earlier in the measure's sentence (up to ``CUE_REACH`` characters back), else in the head of the
    list item holding it."""
    lo = max(sentence_start, m.start - CUE_REACH)
    return (lo < m.start and status_cue(article.text[lo : m.start])) or heads.at(m.start)


class _ItemStatuses:
    """The statuses of item measures, by section heading and by position, for headings to follow."""

    def __init__(self, measures: list[Measure]):
        items = sorted((x for x in measures if x.level == "item" and x.status), key=_by_start)
        self.starts = [x.start for x in items]
        self.statuses = [x.status for x in items]
        self.by_section: dict[str, list[str]] = {}
        for x in items:
            self.by_section.setdefault(x.section, []).append(x.status)

    def majority_below(self, heading: Measure) -> str | None:
        """The majority status of the items a heading governs (its section, else the next 400 characters);
        done on a tie."""
        statuses = self.by_section.get(heading.text)
        if not statuses:
            lo, hi = bisect_left(self.starts, heading.end), bisect_left(self.starts, heading.end + 400)
            statuses = self.statuses[lo:hi]
        if not statuses:
            return None
        return "prescribed" if statuses.count("prescribed") > statuses.count("done") else "done"


def _section_voices(article: Article, cues: _CueCounts, article_voice: str) -> tuple[SpanIndex, list[str]]:
    """The top-level sections (the whole article when it has none) and the prevailing status of each."""
    tops = [(sec.start, sec.end) for sec in article.sections if sec.level == 1] or [(0, len(article.text))]
    return SpanIndex(tops), [_voice(article, cues, lo, hi, article_voice) for lo, hi in tops]


def _fill_items(article: Article, measures: list[Measure], cues: _CueCounts, sentence_start: dict[int, int], article_voice: str) -> None:
    """An item without a cue inherits one from its sentence or list item, else takes its section's voice."""
    tops, voices = _section_voices(article, cues, article_voice)
    heads = _ItemHeadCues(article)
    for m in measures:
        if m.status or m.level == "heading":
            continue
        cue = _inherited_cue(article, heads, m, sentence_start.get(id(m), m.start))
        if not cue:
            holding = tops.holding(m.start)
            cue = voices[holding[0]] if holding else article_voice
        m.status = cue


def _fill_headings(measures: list[Measure], article_voice: str) -> None:
    """A heading without a cue takes the majority status of what it governs."""
    below = None  # built at the first heading without a cue (most articles have none)
    for m in measures:
        if not m.status:
            below = below or _ItemStatuses(measures)
            m.status = below.majority_below(m) or article_voice


def _resolve_status(article: Article, measures: list[Measure], sentence_start: dict[int, int]) -> None:
    """Fill missing statuses: earlier cue in the same sentence, the enclosing item's cue,
    then the article's prevailing voice; a heading takes the majority of what it governs."""
    cues = _CueCounts(measures)
    article_voice = _voice(article, cues, 0, len(article.text))
    _fill_items(article, measures, cues, sentence_start, article_voice)
    _fill_headings(measures, article_voice)


# -- the extractor --


def _skipped_spans(article: Article) -> list[tuple[int, int]]:
    """Spans holding no measures: sections about problems or significance (存在的问题, 重要意义)
    and list items headed by a problem (一是党性意识不强). A section that also names plans
    (存在的问题和下步打算) is read: its plans are next year's measures."""
    spans = [
        (sec.start, sec.end)
        for sec in article.sections
        if SKIP_SECTION.search(sec.heading) and not starts_action(sec.heading) and not PLAN_HEADING.search(sec.heading)
    ]
    for it in article.items:
        head = article.text[it.start : it.head_end]
        if PROBLEM.search(head) and not starts_action(head):
            spans.append((it.start, it.end))
    return spans


def _intro_end(article: Article) -> int | None:
    """Where the text before the first heading ends (None without headings): at the first section, or
    earlier at a sentence that opens with a heading marker (一、, (一), 1.) the layout ran into a line."""
    if not article.sections:
        return None
    first = article.sections[0].start
    for sent in article.sentences:
        if sent.start >= first:
            break
        lead = article.text[sent.start : sent.end].lstrip()
        found = match_marker(lead)
        if found and found[0] in HEADING_SCHEMES:
            return sent.start
    return first


def _heads(article: Article) -> _Heads:
    """Section headings and list-item heads, in text order."""
    heads = [(sec.start, sec.heading_end) for sec in article.sections]
    starts = {s for s, _ in heads}
    for it in article.items:
        if it.head_end > it.start and it.start not in starts:  # one head per start
            heads.append((it.start, it.head_end))
            starts.add(it.start)
    return _Heads(sorted(heads))


def _section_at(article: Article, sections: SpanIndex, pos: int) -> str:
    """The heading of the innermost section holding ``pos`` (not the one it starts): the last such
    section in the article's order (``sections`` indexes ``article.sections``)."""
    holding = sections.holding(pos, starting_before=True)
    return article.sections[holding[-1]].heading if holding else ""


class _SectionHeadings:
    """``_section_at`` for the positions of one article, each stretch between section boundaries looked up once:
    a section counts at ``pos`` when ``start < pos < end``, so the answer changes only at a start + 1 or an end."""

    def __init__(self, article: Article):
        self.article = article
        self.index = SpanIndex((sec.start, sec.end) for sec in article.sections)
        self.bounds = sorted({b for sec in article.sections for b in (sec.start + 1, sec.end)})
        self.by_stretch: dict[int, str] = {}

    def at(self, pos: int) -> str:
        stretch = bisect_right(self.bounds, pos)
        found = self.by_stretch.get(stretch)
        if found is None:
            found = self.by_stretch[stretch] = _section_at(self.article, self.index, pos)
        return found


def _decide(rules: tuple, scan: _Scan, cand: _Candidate, tracing: bool) -> bool:
    """Run the rules on a candidate and note the decision; True when it is kept. Without a trace only whether
    a rule fires matters (``rules`` may be in another order, cheapest first) and nothing is noted."""
    if not tracing:
        for rule in rules:
            if rule(scan, cand):
                return False
        return True
    found = first_reason(rules, scan, cand)
    if found:
        note(KIND, cand.text, cand.start, cand.end, False, *found)
        return False
    note(KIND, cand.text, cand.start, cand.end, True, "measure", "action")
    return True


@component("measures", item=Measure, span_label="status")
class MeasureExtractor:
    """Find measures in an article (see the module docstring)."""

    def __init__(self, *, max_len: int = MAX_LEN, min_len: int = 4):
        self.max_len = max_len
        self.min_len = min_len

    def annotate(self, article: Article) -> None:
        article.measures = self(article)

    def __call__(self, article: Article) -> list[Measure]:
        scan = self._scan(article)
        heads = _heads(article)
        tracing = is_tracing()
        heading_rules = _article_rules(HEADING_RULES if tracing else _HEADING_RULES_CHEAP_FIRST, scan)
        item_rules = _article_rules(ITEM_RULES if tracing else _ITEM_RULES_CHEAP_FIRST, scan)
        sentence_start: dict[int, int] = {}
        measures = self._heading_measures(article, scan, heads, heading_rules, tracing)
        for sent in article.sentences:
            for m in self._sentence_measures(article, scan, sent, heads, item_rules, tracing):
                measures.append(m)
                sentence_start[id(m)] = sent.start
        measures.sort(key=_by_start)
        _resolve_status(article, measures, sentence_start)
        return measures

    def _scan(self, article: Article) -> _Scan:
        return _Scan(
            skip=SpanIndex(_skipped_spans(article)),
            item_starts=frozenset(it.start for it in article.items),
            intro_end=_intro_end(article),
            garble_edges=frozenset(e for span in article.garbled for e in span),
            min_len=self.min_len,
            sections=_SectionHeadings(article),
            genre=article.genre,
            text=article.text,
        )

    def _heading_measures(self, article: Article, scan: _Scan, heads: _Heads, rules: tuple, tracing: bool) -> list[Measure]:
        """Measures from section headings and list-item heads (decided by ``rules``, the article's heading rules)."""
        out = []
        for s, e in heads.spans:
            raw = article.text[s:e]
            head = raw.strip(" ，,：:。")
            if _decide(rules, scan, _Candidate(s, e, head), tracing):
                out.append(self._make(article, scan, head, s + raw.find(head), "heading", head))
        return out

    def _sentence_measures(
        self, article: Article, scan: _Scan, sent: Sentence, heads: _Heads, rules: tuple, tracing: bool
    ) -> list[Measure]:
        """Measures from the actions of one sentence (decided by ``rules``, the article's item rules)."""
        if scan.skipped(sent.start):
            note(KIND, article.text[sent.start : sent.end], sent.start, sent.end, False, "skipped_span", "problem section")
            return []
        in_intro = scan.intro_end is not None and sent.end <= scan.intro_end
        out = []
        sentence = None  # the sentence's text, sliced once for all its measures
        for start, end in self._actions(article, sent, heads):
            cand = _Candidate(start, end, article.text[start:end], in_intro)
            if _decide(rules, scan, cand, tracing):
                if sentence is None:
                    sentence = article.text[sent.start : sent.end]
                out.append(self._make(article, scan, cand.text, start, "item", sentence))
        return out

    def _actions(self, article: Article, sent: Sentence, heads: _Heads) -> list[tuple[int, int]]:
        """Group a sentence's clauses into actions, leaving out list heads and garbled text."""
        text = article.text
        spans = _clause_spans(text, sent, heads)
        if not spans:
            return []
        groups = _group(text, spans, self.max_len)
        starts = [cs for cs, _ in spans]
        return [_cut(text, _past_lead_ins(text, spans, starts, gs, ge), ge, self.max_len) for gs, ge in groups]

    def _make(self, article: Article, scan: _Scan, text: str, start: int, level: str, sentence: str) -> Measure:
        return Measure(
            text=text,
            level=level,
            status=status_cue(text) or "",
            section=scan.sections.at(start) if article.sections else "",
            concrete=bool(CONCRETE.search(text)),
            start=start,
            end=start + len(text),
            sentence=sentence,
        )
