"""Slogans (口号、提法): quoted formulas, numbered formulas, parallel set phrases and lexicon entries.

Each distinct slogan is reported once per article with all its occurrences. Numbered formulas
get their expansion when the text spells it out (即:…, the quoted list before them, the
enumeration they sum up, or the 一是/二是 items that follow) and a check that the number in
the formula matches the parts found.
"""

from __future__ import annotations

import re
from functools import lru_cache

from textkit.components import component
from textkit.model import Article, Slogan
from textkit.resources import numeric_idioms, read_slogan_file, slogan_lexicon
from textkit.segmentation import word_tags
from textkit.structure import marker_index

NUMERALS = "一二两三四五六七八九十百千双"
NUM_VALUE = {"一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
QUOTE_RE = re.compile(r"“([^“”\n]{1,60}?)”|\"([^\"\n]{1,60}?)\"|「([^「」\n]{1,60}?)」|『([^『』\n]{1,60}?)』|‘([^‘’\n]{1,40}?)’")
TERM_SUFFIX = re.compile(
    r"(?:式|制|法|论|关|卡|课堂|平台|清单|工作法|写实|日|室|站|台账|工程|品牌|模式|机制|体系|书|册|榜|库|网格|热线|码|包)$"
)
CAMPAIGN_AFTER = re.compile(
    r"^[”\"」』]?\s*(?:主题)?(?:实践)?(?:活动|行动|竞赛|评比|创建|工程|计划|主题教育|大讨论|专项行动|系列活动|大家谈)"
)
CAMPAIGN_BEFORE = re.compile(r"(?:开展|创建|争创|实施|启动|组织|举办|参与|参加|推进|深化)(?:了)?\s*[“\"「『]$")
HONOUR = re.compile(r"(?:先进|优秀|模范|标兵|十佳|文明|五好|示范|红旗|荣誉|劳动模范|三八|五一)")
HONOUR_CONTEXT = re.compile(r"授予|评为|荣获|获得|被命名|称号|荣誉")
HONOUR_TITLE = re.compile(
    r"(?:优秀|先进|模范|标兵|十佳|最美|满意)[\u4e00-\u9fff]{0,8}(?:党员|党支部|支部|工作者|集体|个人|干部|党组织|单位|家庭|户|教师|职工|公务员|青年|班组)$"
)
TRAILING = re.compile(r"(?:活动|模式|要求)$")
NUMERIC_FORMULA = re.compile(rf"[{NUMERALS}][\u4e00-\u9fff][{NUMERALS}][\u4e00-\u9fff]{{1,2}}")
MEASURE_CHARS = set("年月日天周次个名项份人元岁期届级批场条家户件本篇万亿千百十遍回点层类种镇区村乡县市省")
PARALLEL_RE = re.compile(r"(?<![\u4e00-\u9fff])((?:[\u4e00-\u9fff]{2,24}[、，,]){1,12}[\u4e00-\u9fff]{2,24})(?![\u4e00-\u9fff])")
STEM_SPLIT = re.compile(r"[、，,；;]")
_FORM = r"[二三四五六七八九十两双](?:个|大|项|级|种|条)?[\u4e00-\u9fff]{1,4}?"
_FORM_END = r"[二三四五六七八九十两双](?:个|大|项|级|种|条)?[\u4e00-\u9fff]{1,6}(?![\u4e00-\u9fff])"
FORMULA_THEN_PARTS = re.compile(
    rf"(?<![\d第])(?P<f>{_FORM})(?:制度|模式|机制|工作法|活动|工作)?[,，]?\s*即\s*[:：]?\s*(?P<parts>[^。；;\n]{{4,200}})"
)
PARTS_THEN_FORMULA = re.compile(rf"[“\"](?P<parts>[^“”\"]{{4,120}}[、，,][^“”\"]{{1,60}})[”\"]\s*(?P<etc>等)?的?\s*(?P<f>{_FORM_END})")
FORMULA_BEFORE_LIST = re.compile(r"(?P<f>[二三四五六七八九十两双](?:个|大|项|级|种|条)?[\u4e00-\u9fff]{2,5})\s*[。：:]?\s*$")
LIST_WORDS = (
    "目标",
    "要求",
    "任务",
    "体会",
    "方面",
    "做法",
    "措施",
    "问题",
    "原因",
    "建议",
    "意见",
    "经验",
    "启示",
    "特点",
    "步骤",
    "阶段",
    "环节",
    "点",
    "条",
    "句",
    "层",
)
# A year in Chinese numerals (一九六六年) is a date, never a slogan.
YEAR_RE = re.compile(r"^[〇零一二三四五六七八九]{4}年")
# Verbs that introduce a list of things (培育党建带头人和学术带头人): not part of the first item.
INTRO_VERB = re.compile(r"^(?:培育|培养|建立|建设|实行|推行|开展|落实|实施|坚持|做到|打造|创建|推进|强化|加强|设立|成立|组建|制定|完善)")
NOUN_TAGS = ("n", "vn", "nz", "nt", "nr", "ns", "an")


def _clean(text: str) -> str:
    return text.strip(" “”\"'‘’「」『』")


def formula_number(text: str) -> int | None:
    """The count a numbered formula announces: 四不两直 → 6, 十个靠前 → 10, 三服务 → 3."""
    if not text or text[0] not in NUMERALS:
        return None
    nums = [NUM_VALUE[c] for c in re.findall(rf"[{NUMERALS}]", text[:6]) if c in NUM_VALUE]
    if text[:2] in ("十个", "十大", "十项") or text[0] == "十":
        return 10
    if re.match(rf"[{NUMERALS}][\u4e00-\u9fff][{NUMERALS}]", text):
        return sum(nums[:2])
    return nums[0] if nums else None


def is_numeric(text: str) -> bool:
    return (
        bool(
            re.match(
                rf"[{NUMERALS}](?:个|大|项|条|种|级|位|型|化|不|要|有|重|会|学|基|在|管|联|比|推|册|服务|好|落实|干|培|效|风|严|实|[\u4e00-\u9fff])",
                text,
            )
        )
        and len(text) <= 10
    )


def kind_of(text: str, before: str, after: str) -> str:
    if TERM_SUFFIX.search(text) and not re.search(r"[、，,]", text):
        return "term"
    if is_numeric(text) and not re.search(r"[、，,]", text):
        return "numeric"
    if CAMPAIGN_AFTER.match(after) or CAMPAIGN_BEFORE.search(before):
        return "campaign"
    return "motto" if re.search(r"[、，,]", text) or len(text) == 4 else "term"


@lru_cache(maxsize=8)
def _lexicon_re(extra: str | None) -> tuple[re.Pattern | None, dict[str, str]]:
    """One pattern for the lexicon (、 and ， interchangeable) and each entry's kind.

    Shipped ``term`` entries (names of systems such as 首问负责制) count only when quoted;
    entries of a user's own file always count."""
    entries = slogan_lexicon(extra)
    if not entries:
        return None, {}
    user = {re.sub(r"[、，,]", "", t) for t, _ in read_slogan_file(extra)} if extra else set()
    kinds = {}
    alts = []
    for text, kind in sorted(entries, key=lambda e: -len(e[0])):
        key = re.sub(r"[、，,]", "", text)
        kinds[key] = "user-" + kind if key in user else kind
        alts.append(r"[、，,]?".join(re.escape(p) for p in re.split(r"[、，,]", text)))
    return re.compile("|".join(alts)), kinds


@component("slogans", item=Slogan, span_label="kind")
class SloganExtractor:
    """Find slogans in an article (see the module docstring)."""

    name = "slogans"

    def __init__(self, *, lexicon: str | None = None, parallel: bool = True, parallel_min_parts: int = 4, max_len: int = 60):
        """``parallel_min_parts``: unquoted parallel phrases count from this many parts on. Two or
        three parallel clauses are ordinary rhetoric (排比) far more often than a set formula; on the
        development set 2–3-part runs added 4 right slogans for every 15 wrong ones."""
        self.lexicon = lexicon
        self.parallel = parallel
        self.parallel_min_parts = parallel_min_parts
        self.max_len = max_len

    def annotate(self, article: Article) -> None:
        article.slogans = self(article)

    def __call__(self, article: Article) -> list[Slogan]:
        found: dict[str, Slogan] = {}
        garbled = article.garbled

        def add(s: str, start: int, end: int, kind: str, quoted: bool) -> None:
            s = _clean(s)
            if not s or YEAR_RE.match(s) or any(gs < end and ge > start for gs, ge in garbled):
                return
            key = re.sub(r"[、，,\s]", "", s)
            if key in found:
                sl = found[key]
                if (start, end) not in sl.occurrences:
                    sl.occurrences.append((start, end))
                sl.quoted = sl.quoted or quoted
                return
            found[key] = Slogan(s, kind, quoted, occurrences=[(start, end)], start=start, end=end, sentence=self._sentence(article, start))

        def taken() -> list[tuple[int, int]]:
            return [o for sl in found.values() for o in sl.occurrences]

        self._quoted(article, add)
        self._numeric(article, add)
        self._formulas(article, add)
        self._lexicon(article, add)
        if self.parallel:
            self._parallel(article, add, taken)
        slogans = sorted(found.values(), key=lambda s: s.start)
        for sl in slogans:
            sl.occurrences.sort()
            if sl.kind == "numeric" or (sl.quoted and formula_counts(sl.text) and is_numeric(sl.text)):
                self._expand(article, sl)
        return self._drop_expansion_parts(slogans)

    @staticmethod
    def _sentence(article: Article, pos: int) -> str:
        for s in article.sentences:
            if s.start <= pos < s.end:
                return article.text[s.start : s.end]
        return ""

    def _quoted(self, article: Article, add) -> None:
        text = article.text
        for m in QUOTE_RE.finditer(text):
            g = next(i for i in range(1, 6) if m.group(i) is not None)
            inner, s = m.group(g), m.start(g)
            inner_clean = inner.strip()
            if not inner_clean or len(inner_clean) > self.max_len or "。" in inner_clean or inner_clean[-1] in "。！？!?":
                continue
            before, after = text[max(0, m.start() - 12) : m.start() + 1], text[m.end() - 1 : m.end() + 12]
            if self._inside_book_title(text, m.start()):
                continue
            if HONOUR.search(inner_clean) and HONOUR_CONTEXT.search(text[max(0, m.start() - 10) : m.end() + 8]):
                continue
            if HONOUR_TITLE.search(inner_clean) or (
                inner_clean in numeric_idioms() and inner_clean[0] == "一" and not TERM_SUFFIX.search(inner_clean)
            ):
                continue
            inner_clean = inner_clean.rstrip("…. ")
            if not re.search(r"[\u4e00-\u9fff]", inner_clean):
                continue
            kind = kind_of(inner_clean, before, after[1:])
            if len(inner_clean) <= 3 and kind not in ("numeric", "term", "campaign"):
                continue
            if len(inner_clean) <= 3 and kind == "term" and not TERM_SUFFIX.search(inner_clean):
                continue
            trimmed = TRAILING.sub("", inner_clean) if len(inner_clean) > 4 else inner_clean
            add(trimmed, s, s + len(trimmed), kind, True)

    @staticmethod
    def _inside_book_title(text: str, pos: int) -> bool:
        left = text.rfind("《", max(0, pos - 40), pos)
        return left >= 0 and text.find("》", left, pos) < 0 and text.find("》", pos, pos + 60) >= 0

    def _numeric(self, article: Article, add) -> None:
        text = article.text
        idioms = numeric_idioms()
        for m in NUMERIC_FORMULA.finditer(text):
            s = m.group(0)
            cand = s[:4]
            # 三管三进入: allow a five-character formula when the last part is a known two-char word
            if len(s) == 5 and s[3:5] in word_tags() and s[3] not in MEASURE_CHARS:
                cand = s
            if cand[0] == "一" and cand[2] == "一":
                continue
            if cand[1] in MEASURE_CHARS or cand[3] in MEASURE_CHARS or cand in idioms:
                continue
            if text[max(0, m.start() - 1) : m.start()] in ("第", "每"):
                continue
            if cand in _idiom_prefixes():
                continue  # the start of a fixed expression (三心二意, 四平八稳 …)
            add(cand, m.start(), m.start() + len(cand), "numeric", False)

    def _lexicon(self, article: Article, add) -> None:
        pattern, kinds = _lexicon_re(self.lexicon)
        if pattern is None:
            return
        text = article.text
        for m in pattern.finditer(text):
            key = re.sub(r"[、，,]", "", m.group(0))
            quoted = text[max(0, m.start() - 1) : m.start()] in '“"「『' and text[m.end() : m.end() + 1] in '”"」』'
            kind = kinds.get(key, "motto")
            if kind == "term" and not quoted:
                continue
            kind = kind.removeprefix("user-")
            add(m.group(0), m.start(), m.end(), kind, quoted)

    def _parallel(self, article: Article, add, taken) -> None:
        """Unquoted parallel set phrases: 同部署、同落实、同考核; 严起来、紧起来、动起来."""
        text = article.text
        tags = word_tags()
        for m in PARALLEL_RE.finditer(text):
            parts = STEM_SPLIT.split(m.group(1))
            offsets = []
            pos = m.start(1)
            for p in parts:
                offsets.append(pos)
                pos += len(p) + 1
            for i, j, first, last in _parallel_runs(parts, tags):
                if j - i < self.parallel_min_parts:
                    continue
                start = offsets[i] + len(parts[i]) - len(first)
                end = offsets[j - 1] + len(last)
                if any(s < end and e > start for s, e in taken()):
                    continue
                add(text[start:end], start, end, "motto", False)

    def _formulas(self, article: Article, add) -> None:
        """Unquoted numbered formulas whose parts the text spells out (三级谈心制度,即…; …做好四个服务。一是…)."""
        text = article.text
        for m in FORMULA_THEN_PARTS.finditer(text):
            f = m.group("f")
            parts = _split_parts(m.group("parts"))
            n = formula_number(f)
            if n and len(parts) == n and _stem_ok(f):
                add(f, m.start("f"), m.end("f"), "numeric", False)
        for m in PARTS_THEN_FORMULA.finditer(text):
            f = m.group("f")
            parts = _split_parts(m.group("parts"))
            n = formula_number(f)
            if n and _stem_ok(f) and (len(parts) == n or (m.group("etc") and len(parts) < n)):
                add(f, m.start("f"), m.end("f"), "numeric", False)
        runs = _item_runs(article)
        for run in runs:
            first = run[0]
            before = text[max(0, first.marker_start - 40) : first.marker_start]
            fm = FORMULA_BEFORE_LIST.search(before)
            if fm and formula_number(fm.group("f")) == len(run) and _stem_ok(fm.group("f")):
                s0 = first.marker_start - len(before) + fm.start("f")
                add(fm.group("f"), s0, s0 + len(fm.group("f")), "numeric", False)

    def _drop_expansion_parts(self, slogans: list[Slogan]) -> list[Slogan]:
        """A quoted or parallel list that a numbered formula sums up is its expansion, not a slogan."""
        parts = set()
        for sl in slogans:
            if sl.expansion:
                parts.update(_key(p) for p in sl.expansion)
                parts.add(_key("".join(sl.expansion)))
        keep = []
        for sl in slogans:
            k = _key(sl.text)
            if sl.kind != "numeric" and (k in parts or any(k in p and len(k) >= 0.6 * len(p) for p in parts if len(p) > 12)):
                continue
            if len(sl.text) <= 3 and sl.kind == "term" and any(o is not sl and o.text.endswith(sl.text) for o in slogans):
                continue
            keep.append(sl)
        return keep

    def _expand(self, article: Article, sl: Slogan) -> None:
        """Find the parts a numbered formula stands for, nearest first: 即/：… after it, a bracket
        after it, a quoted or enumerated list before it, the next paragraph when the formula ends
        its line, quoted names after it that end like it (四大责任 → “安全责任”…), list items after it."""
        text = article.text
        counts = formula_counts(sl.text)
        stem = formula_stem(sl.text)
        for start, end in sl.occurrences:
            q_end = end + 1 if text[end : end + 1] in '”"」』' else end
            after = text[q_end : q_end + 200]
            m = re.match(
                r"[\u4e00-\u9fff]{0,6}?[,，。]?\s*(?:即|也就是|就是|具体是|主要是|包括)?\s*[:：]\s*([^。\n]{2,200})", after
            ) or re.match(r"[\u4e00-\u9fff]{0,8}?[,，。]?\s*(?:即|也就是|就是|包括)\s*[:：]?\s*([^。\n]{2,200})", after)
            if m:
                # the whole span when it gives the full count; else the first clause when it gives a
                # count (即培育党建带头人和学术带头人，目前…); else the whole span
                full = _from_stem(split_enumeration(m.group(1), counts), stem)
                first = _from_stem(split_enumeration(re.split(r"[，,；;]", m.group(1))[0], counts), stem)
                if len(full) != formula_number(sl.text) and len(first) >= 2 and len(first) in counts:
                    full = first
                if _good_parts(full, counts):
                    return self._set_expansion(sl, full, counts, stem)
            mp = re.match(r"\s*[（(](?:即|包括|也就是)?\s*[:：]?([^（）()]{2,80})[)）]", after)
            if mp:
                parts = split_enumeration(mp.group(1), counts)
                if counts and len(parts) in counts and _good_parts(parts, counts):
                    return self._set_expansion(sl, parts, counts, stem)
            q_start = start - 1 if text[start - 1 : start] in '“"「『' else start
            before = text[max(0, q_start - 120) : q_start]
            mq = re.search(r"[“\"「]([^“”\"」]{4,120})[”\"」]\s*(?:为主要内容的[\u4e00-\u9fff]{0,6})?的?\s*$", before)
            if mq:
                parts = split_enumeration(mq.group(1), counts)
                if _good_parts(parts, counts):
                    return self._set_expansion(sl, parts, counts, stem)
            # an unquoted list right before the formula (A、B和C“三项制度”), unless it is a series the
            # formula belongs to (马克思列宁主义、毛泽东思想、邓小平理论和“三个代表”)
            mb = re.search(r"([^，,。；;：:“”\n（）()]{2,60})\s*的?$", before)
            if mb and ("、" in mb.group(1) or re.search("和|及|与", mb.group(1))) and not re.search(r"(?:和|及|与|、)\s*$", mb.group(1)):
                listed = re.sub(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[一二三四五六七八九十]{1,3}是)\s*", "", mb.group(1))
                parts = split_enumeration(listed, counts)
                if len(parts) == formula_number(sl.text) and all(len(p) >= 2 for p in parts):
                    return self._set_expansion(sl, _from_stem(parts, stem), counts, stem)
            parts = self._next_paragraph(text, q_end, counts) or self._named_after(after, stem, counts)
            if parts:
                return self._set_expansion(sl, parts, counts, stem)
        items = self._following_items(article, sl)
        if items:
            self._set_expansion(sl, items, counts, stem)

    @staticmethod
    def _next_paragraph(text: str, end: int, counts: set[int]) -> list[str]:
        """When the formula (nearly) ends its line, the next paragraph's first sentence if it splits
        into exactly the announced number of short parts."""
        nl = text.find("\n", end)
        if not counts or nl < 0 or not re.fullmatch(r"[”\"」』]?[\u4e00-\u9fff]{0,6}[。：:]?\s*", text[end:nl]):
            return []
        n, nums = max(counts), sorted(counts)
        wanted = {n} | ({nums[0]} if len(nums) == 2 and nums[0] * 2 == n else set())  # 五比五看: five 比…看… pairs
        sentence = re.split(r"[。\n]", text[nl + 1 : nl + 400])[0]
        parts = split_enumeration(sentence, wanted)
        if len(parts) in wanted and all(2 <= len(p) <= 40 for p in parts):
            return parts
        return []

    @staticmethod
    def _named_after(after: str, stem: str, counts: set[int]) -> list[str]:
        """Quoted or 《》 names after the formula that end as it does: 四大责任 → “安全责任”、“保障责任”…"""
        tail = stem[-2:] if len(stem) >= 2 else stem
        if not tail or not counts:
            return []
        names = [n for n in re.findall(r"[“《]([^“”《》]{2,20})[”》]", after) if n.endswith(tail) and n != stem]
        names = list(dict.fromkeys(names))
        return names if len(names) in counts and len(names) >= 2 else []

    @staticmethod
    def _following_items(article: Article, sl: Slogan) -> list[str]:
        """Heads of the run of list items (一是…二是…) that starts within 400 characters after the
        formula, followed to its end, when they fit it."""
        text = article.text
        end = sl.occurrences[0][1]
        items = [it for it in article.items if it.marker_start >= end]
        run: list = []
        for it in items:
            if not run and it.marker_start - end >= 400:
                break
            if marker_index(it.marker) == len(run) + 1 and (not run or it.scheme == run[0].scheme):
                run.append(it)
            elif run and it.scheme == run[0].scheme:
                break
        if len(run) < 2:
            return []
        heads = [text[it.start : it.head_end].strip(" “”") for it in run]
        n = formula_number(sl.text)
        nums = sorted(formula_counts(sl.text))
        stem = formula_stem(sl.text)
        shares_stem = bool(stem) and all(stem[-2:] in h for h in heads)
        near = run[-1].marker_start - end < 400
        # the total (四不两直 → 6), or the pairs of a doubled formula (五比五看 → 5)
        fits = len(heads) == n or (len(nums) == 2 and nums[0] * 2 == n and len(heads) == nums[0])
        if shares_stem or (fits and near):
            return [h.replace("“", "").replace("”", "") for h in heads if h]
        return []

    @staticmethod
    def _set_expansion(sl: Slogan, parts: list[str], counts: set[int], stem: str) -> None:
        parts = [p.strip() for p in parts if p.strip()]
        if any(sl.text in p for p in parts):
            return  # a sentence that mentions the formula again is not one of its parts
        if stem and len(stem) >= 2 and parts and parts[0].startswith(stem) and not all(p.startswith(stem) for p in parts):
            parts = [p if p.startswith(stem) else stem + p for p in parts]
        sl.expansion = parts
        sl.count_ok = len(parts) in counts if counts else None


def formula_counts(text: str) -> set[int]:
    """Part counts a numbered formula can announce: 四不两直 → {6, 4, 2} (6 parts, or the 4 and the 2),
    五比五看 → {10, 5} (five 比…看… pairs), 三服务 → {3}."""
    n = formula_number(text)
    if not n:
        return set()
    nums = [NUM_VALUE[c] for c in re.findall(rf"[{NUMERALS}]", text[:6]) if c in NUM_VALUE]
    if re.match(rf"[{NUMERALS}][\u4e00-\u9fff]+?[{NUMERALS}]", text) and len(nums) >= 2:
        return {c for c in (n, *nums[:2]) if c >= 2}
    return {n} if n >= 2 else set()


def formula_stem(text: str) -> str:
    """A formula without its count: 三服务 → 服务, 四大责任 → 责任."""
    return re.sub(rf"^[{NUMERALS}](?:个|大|项|条|种)?", "", text)


def split_enumeration(text: str, counts: set[int] | None = None) -> list[str]:
    """The parts of an enumeration, by the coarsest separator that gives an announced count (the
    full count first): ；, then ，, then 、 (and a last part after 和/及/与). Without a count, by every
    separator."""
    levels = [r"[；;]", r"[，,；;]", r"[、，,；;]", r"[、，,；;]|(?:以及|和|及|与)(?=[^、，,；;和及与]{2,}$)"]
    split = [[p.strip(' “”"') for p in re.split(pat, text) if p.strip(' “”"')] for pat in levels]
    for wanted in ({max(counts)}, counts) if counts else ():  # the full count first: 两亮两比 → 4 parts, not 2 pairs
        for parts in split:
            if len(parts) in wanted:
                return parts
    if counts and len(split[2]) == 1 and len(split[3]) >= 2:
        return split[3]
    return split[2]


def _from_stem(parts: list[str], stem: str) -> list[str]:
    """A list before a formula starts where the formula's stem does (促进活动在服务经济、社会、群众“三服务”
    → 服务经济…), or after the verb that introduces it (建立健全了A、B和C“三项制度” → A…)."""
    if not parts:
        return parts
    if stem and len(stem) >= 2 and stem in parts[0] and not parts[0].startswith(stem) and not any(stem in p for p in parts[1:]):
        rest = parts[0][parts[0].index(stem) :]
        if len(rest) > len(stem):
            return [rest, *parts[1:]]
    m = re.match(r"^[\u4e00-\u9fff]{1,6}?了", parts[0]) or (
        INTRO_VERB.match(parts[0]) if not any(INTRO_VERB.match(p) for p in parts[1:]) else None
    )
    if m and len(parts[0]) - m.end() >= 2:
        return [parts[0][m.end() :], *parts[1:]]
    return parts


def _good_parts(parts: list[str], counts: set[int]) -> bool:
    if len(parts) < 2 or any(len(p) > 50 for p in parts):
        return False
    return not counts or any(len(parts) in (n, n + 1) or n >= 10 for n in counts)


@lru_cache(maxsize=1)
def _idiom_prefixes() -> frozenset[str]:
    """Four- and five-character beginnings of short fixed expressions."""
    return frozenset(w[:n] for w in numeric_idioms() if len(w) <= 6 for n in (4, 5) if len(w) >= n)


def _key(text: str) -> str:
    return re.sub(r"[、，,\s“”\"]", "", text)


def _split_parts(text: str) -> list[str]:
    return [p.strip(' “”"') for p in re.split(r"[、，,；;]", text) if p.strip(' “”"')]


def _stem_ok(formula: str) -> bool:
    stem = re.sub(rf"^[{NUMERALS}]+(?:个|大|项|条|种|级|点)?", "", formula)
    return bool(stem) and not any(stem.startswith(w) for w in LIST_WORDS)


def _item_runs(article: Article) -> list[list]:
    """Runs of list items numbered 1, 2, 3 … in one scheme."""
    runs: list[list] = []
    by_scheme: dict[str, list] = {}
    for it in article.items:
        cur = by_scheme.get(it.scheme)
        if it.index == 1:
            cur = [it]
            by_scheme[it.scheme] = cur
            runs.append(cur)
        elif cur is not None and it.index == len(cur) + 1:
            cur.append(it)
    return [r for r in runs if len(r) >= 2]


def _parallel_runs(parts: list[str], tags: dict[str, str], offset: int = 0) -> list[tuple[int, int, str, str]]:
    """All non-overlapping runs, longest first."""
    run = _parallel_run(parts, tags)
    if not run:
        return []
    i, j, first, last = run
    left = _parallel_runs(parts[:i], tags, offset) if i >= 2 else []
    right = _parallel_runs(parts[j:], tags, offset + j) if len(parts) - j >= 2 else []
    return [*left, (i + offset, j + offset, first, last), *right]


def _parallel_run(parts: list[str], tags: dict[str, str]) -> tuple[int, int, str, str] | None:
    """The longest run ``[i, j)`` of parts that repeat one frame; the outer parts may carry
    extra words (做到凡事有标准 → 凡事有标准), which are trimmed."""
    n = len(parts)
    for size in range(n, 1, -1):
        for i in range(0, n - size + 1):
            j = i + size
            ref = parts[i + 1] if size >= 3 else parts[j - 1]
            length = len(ref)
            if length > 8 or any(len(p) != length for p in parts[i + 1 : j - 1]):
                continue
            first = parts[i][-length:] if len(parts[i]) > length else parts[i]
            last = parts[j - 1]
            if size >= 3 and len(last) > length and re.match(r"[的等之中上地]", last[length:]):
                last = last[:length]
            run = [first, *parts[i + 1 : j - 1], last]
            if _frame(run, tags):
                return i, j, first, last
    return None


def _frame(run: list[str], tags: dict[str, str]) -> bool:
    lengths = {len(p) for p in run}
    if len(lengths) != 1:
        return False
    length = lengths.pop()
    if length < 2 or length > 8 or (len(run) == 2 and length < 4):
        return False
    if any(p.startswith(("既", "又", "还", "也", "并")) or "的" in p[1:-1] for p in run):
        return False
    shared = [k for k in range(length) if len({p[k] for p in run}) == 1]
    if not shared or len(shared) == length:
        return False
    varying = [k for k in range(length) if k not in shared]
    prefix = "".join(run[0][k] for k in range(length) if k in shared and k < varying[0])
    suffix = "".join(run[0][k] for k in range(length) if k in shared and k > varying[-1])
    if "的" in suffix or "的" in prefix:
        return False
    # a shared noun at the end (教育党员、管理党员) or a shared head noun (思想建设、组织建设) is a list, not a slogan
    if suffix and len(suffix) >= 2 and tags.get(suffix, "")[:2] in NOUN_TAGS + ("v",):
        return False
    if prefix and len(prefix) >= 2 and not suffix and tags.get(prefix, "")[:1] in ("n", "v"):
        return False
    if len(varying) > 4:
        return False
    if len(run) == 2:
        # two parts need an interleaved frame (有岗有为、有为有位), not just a shared prefix
        if len(shared) < 2 or (max(shared) < min(varying) and len(prefix) < 3):
            return False
    return True
