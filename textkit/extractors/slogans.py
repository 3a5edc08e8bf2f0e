"""Slogans (口号、提法): quoted formulas, numbered formulas, parallel set phrases, formulas by their
shape (党管干部, 以进促稳, 用心用情用力) and lexicon entries.

Each distinct slogan is reported once per article with all its occurrences. Numbered formulas
get their expansion when the text spells it out (即:…, the quoted list before them, the
enumeration they sum up, or the 一是/二是 items that follow) and a check that the number in
the formula matches the parts found.

The cue words live in ``textkit/data/lexicons/slogans_*.txt``, ``data/patterns/slogans_*.txt`` and
``data/slogans_shapes.tsv``;
the filters are ordered tuples of small rules (``QUOTE_RULES``, ``NUMERIC_RULES``, ``ADD_RULES``,
``DROP_RULES``, ``FRAME_RULES``) that return an English reason, and every candidate kept or
dropped is noted for ``--explain`` (``textkit.rules``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial, update_wrapper
from re import _parser  # the regex parser: which literal characters a shape's matches hold
from typing import TYPE_CHECKING

from textkit.components import component
from textkit.genre import QUOTING_GENRES, SPEECH
from textkit.model import Article, Slogan
from textkit.regex import compile_skipping
from textkit.resources import alternation, mined_slogans, numeric_idioms, pattern, read_slogan_file, slogan_lexicon, table, word_set, words
from textkit.rules import first_reason, is_tracing, note
from textkit.segmentation import word_tags
from textkit.slogan_model import common_prefix, common_suffix, load_slogan_model, parallel_tokens, quote_features
from textkit.spans import DisjointSpans, SpanIndex
from textkit.structure import marker_index

if TYPE_CHECKING:
    import numpy as np

KIND = "slogans"


def _numeral_table() -> dict[str, int | None]:
    """Numerals that start a formula, in file order, with the count each stands for (None: 百, 千)."""
    table: dict[str, int | None] = {}
    for entry in words("slogans_numerals"):
        numeral, *value = entry.split()
        table[numeral] = int(value[0]) if value else None
    return table


_NUMERAL_TABLE = _numeral_table()
NUMERALS = "".join(_NUMERAL_TABLE)
NUM_VALUE = {c: v for c, v in _NUMERAL_TABLE.items() if v is not None}
COUNTING = "".join(c for c, v in NUM_VALUE.items() if v >= 2)  # the numerals that announce parts
ONE = "一"
CJK = r"[\u4e00-\u9fff]"
SEPARATORS = re.compile(r"[、，,]")
CONJUNCTIONS = alternation("slogans_conjunctions")
ONE_CHAR_CONJUNCTIONS = "".join(w for w in words("slogans_conjunctions") if len(w) == 1)
OPENING_QUOTES = '“"「『'
CLOSING_QUOTES = '”"」』'

QUOTE_RE = re.compile(r"“([^“”\n]{1,60}?)”|\"([^\"\n]{1,60}?)\"|「([^「」\n]{1,60}?)」|『([^『』\n]{1,60}?)』|‘([^‘’\n]{1,40}?)’")
TERM_SUFFIX = re.compile(alternation("slogans_term_suffixes") + "$")
CAMPAIGN_AFTER = re.compile(
    r"^[”\"」』]?\s*"
    + "".join(f"(?:{re.escape(w)})?" for w in words("slogans_campaign_qualifiers"))
    + alternation("slogans_campaign_nouns")
)
CAMPAIGN_BEFORE = re.compile(alternation("slogans_campaign_verbs") + r"(?:了)?\s*[“\"「『]$")
CAMPAIGN_END = re.compile(alternation("slogans_campaign_nouns") + "$")
SPEECH_AFTER = re.compile(r"^[”\"」』]\s*[，,]?\s*[\u4e00-\u9fff]{0,8}?" + alternation("slogans_attribution_verbs") + r"(?![法明服])")
SPEECH_BEFORE = re.compile(alternation("slogans_attribution_verbs") + r"[:：，,]?\s*[“\"「『]$")
SPEECH_PRONOUN = re.compile(alternation("slogans_speech_pronouns"))
SPEECH_PARTICLE = re.compile(r"[吗呢吧啊呀啦嘛哇哦了][！!？?…]*$")
CLAUSE_MARK = re.compile(r"[，,；;！!？?：:]")
QUALITY_END = re.compile(alternation("slogans_quality_nouns") + "$")
FORMULA_PARTS = re.compile(r"[、，,；;\s+＋.·]")
HONOUR = re.compile(alternation("slogans_honour_words"))
HONOUR_CONTEXT = re.compile(alternation("slogans_honour_context"))
HONOUR_TITLE = re.compile(alternation("slogans_honour_title_heads") + CJK + "{0,8}" + alternation("slogans_honour_title_nouns") + "$")
TRAILING = re.compile(alternation("slogans_trailing_words") + "$")
NUMERIC_FORMULA = re.compile(rf"[{NUMERALS}]{CJK}[{NUMERALS}]{CJK}{{1,2}}")
NUMERIC_START = re.compile(rf"[{NUMERALS}]{CJK}")
PAIRED_FORMULA = re.compile(rf"[{NUMERALS}]{CJK}[{NUMERALS}]")  # 四不两直
PAIRED_ANYWHERE = re.compile(rf"[{NUMERALS}]{CJK}+?[{NUMERALS}]")
MEASURE_CHARS = word_set("slogans_measure_chars")
PARALLEL_RE = re.compile(rf"(?<!{CJK})((?:{CJK}{{2,24}}[、，,]){{1,12}}{CJK}{{2,24}})(?!{CJK})")
STEM_SPLIT = re.compile(r"[、，,；;]")
_COUNTER = alternation("slogans_counters")
_FORM = rf"[{COUNTING}]{_COUNTER}?{CJK}{{1,4}}?"
_FORM_END = rf"[{COUNTING}]{_COUNTER}?{CJK}{{1,6}}(?!{CJK})"
FORMULA_THEN_PARTS = compile_skipping(
    rf"(?<![\d第])(?P<f>{_FORM}){alternation('slogans_formula_suffixes')}?[,，]?\s*即\s*[:：]?\s*(?P<parts>[^。；;\n]{{4,200}})"
)
PARTS_THEN_FORMULA = re.compile(rf"[“\"](?P<parts>[^“”\"]{{4,120}}[、，,][^“”\"]{{1,60}})[”\"]\s*(?P<etc>等)?的?\s*(?P<f>{_FORM_END})")
FORMULA_BEFORE_LIST = re.compile(rf"(?P<f>[{COUNTING}]{_COUNTER}?{CJK}{{2,5}})\s*[。：:]?\s*$")
FORMULA_STEM = re.compile(rf"^[{NUMERALS}][个大项条种]?")
FORMULA_COUNT = re.compile(rf"^[{NUMERALS}]+[个大项条种级点]?")
LIST_WORDS = words("slogans_list_words")
# A year in Chinese numerals (一九六六年) is a date, never a slogan.
YEAR_RE = re.compile(pattern("slogans_chinese_year"))
# Verbs that introduce a list of things (培育党建带头人和学术带头人): not part of the first item.
INTRO_VERB = re.compile("^" + alternation("slogans_intro_verbs"))
INTRO_WITH_LE = re.compile(rf"^{CJK}{{1,6}}?了")
CLAUSE_OPENERS = words("slogans_clause_openers")
PART_TAILS = word_set("slogans_part_tails")
NOUN_TAGS = ("n", "vn", "nz", "nt", "nr", "ns", "an")
DE = "的"

# Where a numbered formula's parts are spelled out (see ``SloganExtractor._expand``).
COLON_LIST = re.compile(rf"{CJK}{{0,6}}?[,，。]?\s*{alternation('slogans_colon_cues')}?\s*[:：]\s*([^。\n]{{2,200}})")
CUE_LIST = re.compile(rf"{CJK}{{0,8}}?[,，。]?\s*{alternation('slogans_expansion_cues')}\s*[:：]?\s*([^。\n]{{2,200}})")
BRACKET_LIST = re.compile(rf"\s*[（(]{alternation('slogans_bracket_cues')}?\s*[:：]?([^（）()]{{2,80}})[)）]")
QUOTED_LIST_BEFORE = re.compile(rf"[“\"「]([^“”\"」]{{4,120}})[”\"」]\s*(?:为主要内容的{CJK}{{0,6}})?的?\s*$")
_LIST_STOPS = "，,。；;：:“”\n（）()"  # what the items of a list before a formula never hold
LIST_BEFORE = re.compile(rf"([^{_LIST_STOPS}]{{2,60}})\s*的?$")
LIST_BEFORE_LONGEST = 60  # the most characters its list can have
OPEN_CONJUNCTION = re.compile(rf"[{ONE_CHAR_CONJUNCTIONS}]")
OPEN_END = re.compile(rf"[{ONE_CHAR_CONJUNCTIONS}、]\s*$")
LIST_MARKER = re.compile(rf"^\s*{pattern('slogans_list_marker')}\s*")
FIRST_CLAUSE_SPLIT = re.compile(r"[，,；;]")
NEXT_PARAGRAPH_LEAD = re.compile(rf"[”\"」』]?{CJK}{{0,6}}[。：:]?\s*")
SENTENCE_SPLIT = re.compile(r"[。\n]")
NAMED = re.compile(r"[“《]([^“”《》]{2,20})[”》]")
# Separators of an enumeration, coarsest first; the last level also splits before a final 和/及/与.
ENUMERATION_LEVELS = tuple(
    re.compile(p)
    for p in (
        r"[；;]",
        r"[，,；;]",
        r"[、，,；;]",
        rf"[、，,；;]|{CONJUNCTIONS}(?=[^、，,；;{ONE_CHAR_CONJUNCTIONS}]{{2,}}$)",
    )
)
PART_QUOTES = ' “”"'
# Proposing parallel runs as the labelled candidates were proposed (``_proposed_runs``).
MASK = "\u25a0"
_CLAUSE_STOPS = rf"，。；：！？,;:!?{MASK}（）()\n"
# A whole clause that holds a 、 (a match of ``[^STOPS]+`` with one): tried only at clause starts, and
# without backtracking, so clauses without a list cost one pass of the engine.
LIST_CLAUSE = re.compile(rf"(?<![^{_CLAUSE_STOPS}])[^{_CLAUSE_STOPS}、]*+、[^{_CLAUSE_STOPS}]*")
CLAUSE_RE = re.compile(r"[^，。；：！？,;:!?\n]+")
CJK_ONLY = re.compile(rf"{CJK}+")
COMMAS = "，,"
FINAL_CONJUNCTION = re.compile(CONJUNCTIONS)
RUN_STOP = re.compile(alternation("slogans_run_stops"))
LIST_HEADS = tuple(words("slogans_list_heads"))
# A head character repeated before three or more characters: 用心用情用力, 从严从实从细.
_HEADS = "".join(words("slogans_repeat_heads"))
REPEATED_HEAD = compile_skipping(
    rf"(?<![{_HEADS}])([{_HEADS}])((?![{NUMERALS}]){CJK})\1((?![{NUMERALS}]){CJK})\1((?![{NUMERALS}]){CJK})(?:\1(?![{NUMERALS}]){CJK})*"
)


def required_literals(pattern: str) -> tuple[str, ...]:
    """Texts one of which every match of ``pattern`` holds: the longest run of literal characters of each
    of its top-level alternatives; () when an alternative has none or case is ignored (nothing to test first)."""
    parsed = _parser.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return ()
    tree = list(parsed)
    alternatives = tree[0][1][1] if len(tree) == 1 and tree[0][0] is _parser.BRANCH else [tree]
    required = []
    for alternative in alternatives:
        runs, run = [], ""
        for op, value in alternative:
            if op is _parser.LITERAL:
                run += chr(value)
            else:
                runs.append(run)
                run = ""
        required.append(max((*runs, run), key=len))
    return tuple(required) if all(required) else ()


# Shapes of fixed 提法 (党管干部, 以进促稳, 学有所教 …): name, kind, whether the extractor uses it, regex and
# the texts one of which a match holds (a shape that starts with a character class is tried at every
# position: most texts hold none of them, which ``in`` tells at once).
SHAPES = tuple(
    (r["name"], r["kind"], r["runtime"] == "1", re.compile(r["pattern"]), required_literals(r["pattern"])) for r in table("slogans_shapes")
)

Add = Callable[..., None]


def _clean(text: str) -> str:
    return text.strip(" “”\"'‘’「」『』")


def _numeral_values(text: str) -> list[int]:
    return [NUM_VALUE[c] for c in text if c in NUM_VALUE]


def formula_number(text: str) -> int | None:
    """The count a numbered formula announces: 四不两直 → 6, 十个靠前 → 10, 三服务 → 3."""
    if not text or text[0] not in NUMERALS:
        return None
    if NUM_VALUE.get(text[0]) == 10:
        return 10
    nums = _numeral_values(text[:6])
    if PAIRED_FORMULA.match(text):
        return sum(nums[:2])
    return nums[0] if nums else None


def is_numeric(text: str) -> bool:
    """A numeral and a word of at most ten characters in all: 三会一课, 两学一做, 四个意识."""
    return bool(NUMERIC_START.match(text)) and len(text) <= 10


def kind_of(text: str, before: str, after: str) -> str:
    """term (a named system or tool), numeric, campaign (活动/行动 around it) or motto."""
    listed = bool(SEPARATORS.search(text))
    if not listed and TERM_SUFFIX.search(text):
        return "term"
    if not listed and is_numeric(text):
        return "numeric"
    if CAMPAIGN_AFTER.match(after) or CAMPAIGN_BEFORE.search(before):
        return "campaign"
    return "motto" if listed or len(text) == 4 else "term"


def _quoted_only(kind: str, source: str, text: str) -> bool:
    """Shipped terms and short mined quoted names (走出去) count only when quoted; user entries always count."""
    if source == "shipped":
        return kind == "term"
    return source == "quoted" and len(text) < 4


def _lexicon_entries(extra: str | None) -> list[tuple[str, str, str]]:
    """(text, kind, source) of the shipped, user and mined lexicons; the first entry of a text wins."""
    user = {re.sub(r"[、，,]", "", t) for t, _ in read_slogan_file(extra)} if extra else set()
    rows = [(t, k, "user" if re.sub(r"[、，,]", "", t) in user else "shipped") for t, k in slogan_lexicon(extra)]
    rows += list(mined_slogans())
    seen: dict[str, tuple[str, str, str]] = {}
    for text, kind, source in rows:
        seen.setdefault(re.sub(r"[、，,]", "", text), (text, kind, source))
    return list(seen.values())


def _trie(entries: list[str]) -> dict:
    """The entries as a character trie (``""`` ends an entry, ``"\\x00"`` stands for a separator)."""
    trie: dict = {}
    for e in entries:
        node = trie
        for ch in re.sub(r"[、，,]", "\x00", e):
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def _trie_pattern(entries: list[str]) -> str:
    """One regex for many literal entries, as a character trie (fast whatever their number); a
    separator between parts (、 or ，) is optional and matches any of 、，,."""
    return _trie_regex(_trie(entries))


def _trie_regex(node: dict) -> str:
    alts = [("[、，,]?" if ch == "\x00" else re.escape(ch)) + _trie_regex(child) for ch, child in node.items() if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


@lru_cache(maxsize=8)
def _lexicon_re(extra: str | None) -> tuple[_TrieFinder | None, dict[str, str], frozenset[str]]:
    """One pattern for the lexicons (、 and ， interchangeable), each entry's kind and the entries
    that count only when quoted (see ``_quoted_only``)."""
    entries = _lexicon_entries(extra)
    if not entries:
        return None, {}, frozenset()
    kinds = {re.sub(r"[、，,]", "", t): k for t, k, _ in entries}
    quoted_only = frozenset(re.sub(r"[、，,]", "", t) for t, k, src in entries if _quoted_only(k, src, t))
    return _TrieFinder(_trie([t for t, _, _ in entries])), kinds, quoted_only


def _windows(node: dict, prefix: tuple[str, ...], size: int, full: set, short: set) -> None:
    """The texts of up to ``size`` characters a match of the trie pattern can start with, from ``node``
    on after ``prefix``: those of ``size`` characters go to ``full``, shorter ones that end an entry
    to ``short`` (a separator may be absent or any of 、，,)."""
    if len(prefix) == size:
        full.add(prefix)
        return
    if "" in node:
        short.add(prefix)
    for ch, child in node.items():
        if ch == "\x00":
            for sep in "、，,":
                _windows(child, (*prefix, sep), size, full, short)
            _windows(child, prefix, size, full, short)
        elif ch:
            _windows(child, (*prefix, ch), size, full, short)


_CODES = 0x110000  # every code point: the size of the finder's first-character table


def _key_ranges(windows: Iterable[tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray]:
    """The keys (``c0 << 42 | c1 << 21 | c2`` of three characters) that start with one of ``windows``
    (of one to three characters) as sorted disjoint ranges ``[low, high]``: two arrays, each opened
    by a range below every key, so that every key has a range at or before it."""
    import numpy as np

    ranges = []
    for w in windows:
        shift = 21 * (3 - len(w))
        low = sum(ord(c) << (42 - 21 * k) for k, c in enumerate(w))
        ranges.append((low, low + (1 << shift) - 1))
    merged = [(-2, -2)]
    for low, high in sorted(ranges):
        if low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    lows, highs = zip(*merged)
    return np.array(lows, dtype=np.int64), np.array(highs, dtype=np.int64)


class _Node:
    """A trie node prepared for ``_walk``: its character children with their rank among its
    alternatives, the separator child (``"\\x00"``) and its rank, whether an entry ends here."""

    __slots__ = ("children", "sep", "sep_rank", "end")

    def __init__(self, node: dict) -> None:
        alternatives = [ch for ch in node if ch]
        self.children = {ch: (rank, _Node(node[ch])) for rank, ch in enumerate(alternatives) if ch != "\x00"}
        self.sep = _Node(node["\x00"]) if "\x00" in node else None
        self.sep_rank = alternatives.index("\x00") if self.sep is not None else -1
        self.end = "" in node


def _walk(node: _Node, text: str, i: int) -> int:
    """Where the trie pattern of ``node`` (``_trie_regex``) matches ``text`` from ``i`` to, or -1: its
    alternatives in order, a separator taken when there is one and else skipped, the node's own end
    last, as the regex engine backtracks (the first path found is the match, nothing follows it)."""
    ch = text[i] if i < len(text) else ""
    lit = node.children.get(ch)
    sep = node.sep
    if lit is not None and (sep is None or lit[0] < node.sep_rank):
        end = _walk(lit[1], text, i + 1)
        if end >= 0:
            return end
        lit = None
    if sep is not None:
        if ch and ch in "、，,":
            end = _walk(sep, text, i + 1)
            if end >= 0:
                return end
        end = _walk(sep, text, i)
        if end >= 0:
            return end
    if lit is not None:
        end = _walk(lit[1], text, i + 1)
        if end >= 0:
            return end
    return i if node.end else -1


class _TrieFinder:
    """The matches of the trie pattern (``_trie_regex``), as ``finditer`` finds them, several times faster.

    The pattern's top level is one alternative per first character, which the regex engine tries
    one after the other at every position. Here only positions whose first three characters can
    start a match (or whose first one or two are a whole match) are tried, found for the whole text
    at once in NumPy, each by walking the trie from its first character (``_walk``: no pattern to
    compile per first character)."""

    def __init__(self, trie: dict) -> None:
        self.whole = None
        if "" in trie or "\x00" in trie:  # an entry that is empty or starts with a separator: the whole pattern
            self.whole = re.compile(_trie_regex(trie))
            return
        import numpy as np

        self.root = _Node(trie)
        full: set[tuple[str, ...]] = set()
        short: set[tuple[str, ...]] = set()
        _windows(trie, (), 3, full, short)
        self.firsts = np.zeros(_CODES, dtype=bool)
        self.firsts[[ord(ch) for ch in trie]] = True
        self.lows, self.highs = _key_ranges([*full, *short])

    def _starts(self, text: str) -> list[int]:
        """The positions where a match can start: the first three characters start a path of the trie,
        or the first one or two are an entry (the key of the three falls in one of ``_key_ranges``)."""
        import numpy as np

        # two NULs after the text: no path holds one, so a window past the end matches nothing
        codes = np.frombuffer((text + "\0\0").encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        at = np.flatnonzero(self.firsts[codes])
        if not len(at):
            return []
        first, second, third = (codes[at + k].astype(np.int64) for k in range(3))
        keys = (first << 42) | (second << 21) | third
        below = self.lows.searchsorted(keys, "right") - 1  # the last range starting at or before each key
        return at[keys <= self.highs[below]].tolist()

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of each match of the trie pattern, as ``finditer`` finds them."""
        if self.whole is not None:
            yield from (m.span() for m in self.whole.finditer(text))
            return
        end = 0
        children = self.root.children
        for pos in self._starts(text):
            if pos >= end:
                found = _walk(children[text[pos]][1], text, pos + 1)
                if found >= 0:
                    yield pos, found
                    end = found


@component("slogans", item=Slogan, span_label="kind")
class SloganExtractor:
    """Find slogans in an article (see the module docstring)."""

    def __init__(
        self,
        *,
        lexicon: str | None = None,
        parallel: bool = True,
        parallel_min_parts: int = 4,
        max_len: int = 60,
        model: str | None = None,
        threshold: float | None = None,
    ):
        """``model``: the slogan model that decides quoted phrases and parallel runs (default: the
        shipped one); ``threshold``: the P(slogan) a candidate needs (default: the model's own, per
        kind). Without a model, ``QUOTE_RULES`` decide quotes and unquoted parallel phrases count
        from ``parallel_min_parts`` parts on."""
        self.lexicon = lexicon
        self.parallel = parallel
        self.parallel_min_parts = parallel_min_parts
        self.max_len = max_len
        self.model = load_slogan_model(model)
        self.threshold = threshold

    def _threshold(self, kind: str) -> float:
        """P(slogan) a candidate of ``kind`` needs: the one given, else the model's own, else 0.5."""
        if self.threshold is not None:
            return self.threshold
        return self.model.threshold(kind) if self.model else 0.5

    def annotate(self, article: Article) -> None:
        article.slogans = self(article)

    def annotate_batch(self, articles: Sequence[Article]) -> None:
        """``annotate`` of each article, each finder run over all of them before the next (its rules and
        tables stay in the processor's caches)."""
        for article, slogans in zip(articles, self._extract(articles)):
            article.slogans = slogans

    def __call__(self, article: Article) -> list[Slogan]:
        return self._extract([article])[0]

    def _extract(self, articles: Sequence[Article]) -> list[list[Slogan]]:
        found = [_Found(article) for article in articles]
        finders = [self._quoted, self._numeric, self._formulas]
        if self.parallel:  # before the lexicon: a run holding established formulas is found with them
            finders.append(self._parallel)
        finders += [self._repeated, self._shapes, self._lexicon]
        for finder in finders:
            for article, its in zip(articles, found):
                finder(article, its)
        return [self._kept(article, its) for article, its in zip(articles, found)]

    def _kept(self, article: Article, found: _Found) -> list[Slogan]:
        """The slogans ``found`` in ``article``, expanded, without those that are parts of an expansion."""
        slogans = sorted(found.by_key.values(), key=lambda s: s.start)
        for sl in slogans:
            sl.occurrences.sort()
            if _expandable(sl):
                self._expand(article, sl, found.item_starts)
        kept = _drop_expansion_parts(slogans)
        found.note_kept(kept)
        return kept

    def _quoted(self, article: Article, found: _Found) -> None:
        """Quoted phrases that no hard ``QUOTE_RULES`` rule drops and the slogan model accepts (the
        soft rules instead, without a model), without a generic last word (活动, 模式)."""
        rules = HARD_QUOTE_RULES if self.model else QUOTE_RULES
        if article.genre in QUOTING_GENRES:  # news, speeches, testimonials quote people: a quote must name a formula
            rules = (*rules, update_wrapper(partial(_speech_in_quoting_genre, genre=article.genre), _speech_in_quoting_genre))
        kept = _quotes(article.text, rules, self.max_len, found.quote_matches)
        probs = self.model.quote_probability([q.context() for q in kept]) if self.model and kept else [1.0] * len(kept)
        threshold = self._threshold("quoted")
        for q, p in zip(kept, probs):
            if p < threshold:
                note(KIND, q.inner, q.start, q.end, False, "quote_model", f"P(slogan) {p:.2f}")
                continue
            slogan = q.slogan
            found.add(slogan, q.start, q.start + len(slogan), q.kind, True, "quoted", f"quoted ({q.kind})")

    def _numeric(self, article: Article, found: _Found) -> None:
        """Unquoted numeral pairs (三会一课, 两学一做) that no ``NUMERIC_RULES`` rule drops."""
        text = article.text
        for m in NUMERIC_FORMULA.finditer(text):
            formula, start = _numeric_candidate(m.group(0)), m.start()
            dropped = first_reason(NUMERIC_RULES, formula, text[max(0, start - 1) : start])
            if dropped:
                note(KIND, formula, start, start + len(formula), False, *dropped)
                continue
            found.add(formula, start, start + len(formula), "numeric", False, "numeric", "a numbered formula")

    def _lexicon(self, article: Article, found: _Found) -> None:
        """Entries of the slogan lexicons (shipped terms and short mined names only when quoted)."""
        lexicon, kinds, quoted_only = _lexicon_re(self.lexicon)
        if lexicon is None:
            return
        text = article.text
        for start, end in lexicon.spans(text):
            entry = text[start:end]
            key = SEPARATORS.sub("", entry)
            if key not in kinds:
                continue  # a prefix of an entry that is not an entry itself
            quoted = text[max(0, start - 1) : start] in OPENING_QUOTES and text[end : end + 1] in CLOSING_QUOTES
            if key in quoted_only and not quoted:
                note(KIND, entry, start, end, False, "lexicon", "this lexicon entry counts only when quoted")
                continue
            found.add(entry, start, end, kinds[key], quoted, "lexicon", "an entry of the slogan lexicon")

    def _parallel(self, article: Article, found: _Found) -> None:
        """Unquoted parallel set phrases: 同部署、同落实、同考核; 严起来、紧起来、动起来. Runs whose
        parts share a frame, and runs of even short parts, are proposed; the slogan model decides
        (without a model: framed runs of ``parallel_min_parts`` parts or more)."""
        text = article.text
        cands = (
            list(_proposed_runs(text, found.quote_matches))
            if self.model
            else [c for m in PARALLEL_RE.finditer(text) for c in _parallel_candidates(text, m)]
        )
        taken = SpanIndex(found.taken())
        cands = [c for c in cands if not _overlaps(taken, text, c)]
        if self.model:
            probs = self.model.parallel_probability([c.context(text) for c in cands], word_tags()) if cands else []
        else:
            probs = [1.0 if c.framed and len(c.parts) >= self.parallel_min_parts else 0.0 for c in cands]
        chosen = _best_runs(cands, probs, self._threshold("parallel"))
        if is_tracing():
            kept = {id(c) for c, _ in chosen}
            for c, p in zip(cands, probs):
                if id(c) not in kept:
                    note(KIND, text[c.start : c.end], c.start, c.end, False, "parallel", f"P(slogan) {p:.2f}, or a likelier run overlaps")
        for c, p in chosen:
            found.add(text[c.start : c.end], c.start, c.end, "motto", False, "parallel", f"a parallel set phrase, P(slogan) {p:.2f}")

    def _repeated(self, article: Article, found: _Found) -> None:
        """Formulas that repeat their head character before three or more others (用心用情用力), outside
        the slogans found before."""
        text = article.text
        taken = SpanIndex(found.taken())
        for m in REPEATED_HEAD.finditer(text):
            if len({m.group(2), m.group(3), m.group(4)}) < 3 or taken.overlaps(m.start(), m.end()):
                note(KIND, m.group(0), m.start(), m.end(), False, "repeated", "a repeated character, or inside a slogan found before")
                continue
            quoted = text[max(0, m.start() - 1) : m.start()] in OPENING_QUOTES and text[m.end() : m.end() + 1] in CLOSING_QUOTES
            found.add(m.group(0), m.start(), m.end(), "motto", quoted, "repeated", "a head character repeated three times")

    def _shapes(self, article: Article, found: _Found) -> None:
        """Fixed 提法 by their shape (``SHAPES``: 党管干部, 批评与自我批评, 以进促稳, 过紧日子, 学有所教),
        outside the slogans found before."""
        text = article.text
        taken = SpanIndex(found.taken())
        for start, end, _name, kind in shape_formulas(text, word_tags()):
            if taken.overlaps(start, end):
                note(KIND, text[start:end], start, end, False, "shape", "inside a slogan found before")
                continue
            quoted = text[max(0, start - 1) : start] in OPENING_QUOTES and text[end : end + 1] in CLOSING_QUOTES
            found.add(text[start:end], start, end, kind, quoted, "shape", "the shape of a fixed formula")

    def _formulas(self, article: Article, found: _Found) -> None:
        """Unquoted numbered formulas whose parts the text spells out (三级谈心制度,即…; …做好四个服务。一是…)."""
        _formulas_then_parts(article.text, found.add)
        _parts_then_formula(article.text, found.add)
        _formulas_before_lists(article, found.add)

    def _expand(self, article: Article, sl: Slogan, item_starts: list[int] | None = None) -> None:
        """Find the parts a numbered formula stands for, nearest first: 即/：… after it, a bracket
        after it, a quoted or enumerated list before it, the next paragraph when the formula ends
        its line, quoted names after it that end like it (四大责任 → “安全责任”…), list items after it."""
        counts, stem = formula_counts(sl.text), formula_stem(sl.text)
        for start, end in sl.occurrences:
            parts = _first_expansion(_Site.of(article.text, start, end, sl.text))
            if parts:
                return _set_expansion(sl, parts, counts, stem)
        items = _following_items(article, sl, item_starts)
        if items:
            _set_expansion(sl, items, counts, stem)


# --- rules for every candidate (text, start, end, garbled spans) ----------------------------------


def _nothing_left(text: str, start: int, end: int, garbled: list[tuple[int, int]]) -> str | None:
    return "nothing left once quotes are trimmed" if not text else None


def _year_in_chinese_numerals(text: str, start: int, end: int, garbled: list[tuple[int, int]]) -> str | None:
    return "a year in Chinese numerals is a date" if YEAR_RE.match(text) else None


def _in_garbled_text(text: str, start: int, end: int, garbled: list[tuple[int, int]]) -> str | None:
    return "overlaps garbled text" if any(gs < end and ge > start for gs, ge in garbled) else None


ADD_RULES = (_nothing_left, _year_in_chinese_numerals, _in_garbled_text)


class _Found:
    """The slogans of one article so far: one per text (separators ignored) with all its occurrences."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.by_key: dict[str, Slogan] = {}
        self.found_by: dict[str, tuple[str, str]] = {}

    def add(self, text: str, start: int, end: int, kind: str, quoted: bool, rule: str = "", reason: str = "") -> None:
        """Record a candidate the finder ``rule`` kept, unless an ``ADD_RULES`` rule drops it."""
        text = _clean(text)
        dropped = first_reason(ADD_RULES, text, start, end, self.article.garbled)
        if dropped:
            note(KIND, text, start, end, False, *dropped)
            return
        key = _slogan_key(text)
        known = self.by_key.get(key)
        if known is None:
            sentence = self.sentences.around(start)
            self.by_key[key] = Slogan(text, kind, quoted, occurrences=[(start, end)], start=start, end=end, sentence=sentence)
            self.found_by[key] = (rule, reason)
            return
        if (start, end) not in known.occurrences:
            known.occurrences.append((start, end))
        known.quoted = known.quoted or quoted

    @cached_property
    def item_starts(self) -> list[int] | None:
        """The marker starts of the article's list items when they are in order (as ``parse_structure`` makes them)."""
        starts = [it.marker_start for it in self.article.items]
        return starts if all(a <= b for a, b in zip(starts, starts[1:])) else None

    @cached_property
    def quote_matches(self) -> list[re.Match]:
        """The matches of ``QUOTE_RE`` in the article (quoted phrases, and the spans masked for parallel runs)."""
        return list(QUOTE_RE.finditer(self.article.text))

    @cached_property
    def sentences(self) -> _Sentences:
        return _Sentences(self.article)

    def taken(self) -> list[tuple[int, int]]:
        return [o for sl in self.by_key.values() for o in sl.occurrences]

    def note_kept(self, slogans: list[Slogan]) -> None:
        """Trace the slogans that survive, with the finder that found each."""
        if not is_tracing():
            return
        for sl in slogans:
            rule, reason = self.found_by.get(_slogan_key(sl.text), ("", ""))
            note(KIND, sl.text, sl.start, sl.end, True, rule, reason)


class _Sentences:
    """The text of the first sentence of an article that holds a position; found by bisection when
    the sentences are in order and disjoint (as ``parse_structure`` makes them), else by a scan."""

    def __init__(self, article: Article) -> None:
        self.text, self.sentences = article.text, article.sentences
        spans = [(s.start, s.end) for s in self.sentences]
        in_order = all(s <= e for s, e in spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
        self.starts = [s for s, _ in spans] if in_order else None

    def around(self, pos: int) -> str:
        if self.starts is None:
            return next((self.text[s.start : s.end] for s in self.sentences if s.start <= pos < s.end), "")
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return self.text[self.starts[i] : self.sentences[i].end]
        return ""


# --- quoted phrases ------------------------------------------------------------------------------


class _Quote:
    """A quoted phrase of the article and the text around it."""

    def __init__(self, text: str, match: re.Match, max_len: int) -> None:
        group = match.lastindex  # the one group of the quote marks that matched
        self.text = text
        self.open, self.close = match.start(), match.end()
        self.start, self.end = match.start(group), match.end(group)
        self.inner = match.group(group).strip()
        self.phrase = self.inner.rstrip("…. ")  # without a trailing ellipsis
        self.max_len = max_len
        self._kind: str | None = None

    def features(self) -> str:
        """What the slogan model reads: the phrase and up to 8 characters around the quotes."""
        return quote_features(*self.context())

    def context(self) -> tuple[str, str, str, str]:
        """The arguments of ``quote_features``: the phrase, up to 8 characters before and after the quotes, its kind."""
        return self.phrase, self.text[max(0, self.open - 8) : self.open], self.text[self.close : self.close + 8], self.kind

    @property
    def slogan(self) -> str:
        """The text reported when the phrase is kept: without a generic last word (“…活动” → …)."""
        return TRAILING.sub("", self.phrase) if len(self.phrase) > 4 else self.phrase

    @property
    def kind(self) -> str:
        """The kind of the phrase, from its words and the words around the quotes."""
        if self._kind is None:
            before = self.text[max(0, self.open - 12) : self.open + 1]
            self._kind = kind_of(self.phrase, before, self.text[self.close : self.close + 12])
        return self._kind


def _empty_quote(q: _Quote) -> str | None:
    return "empty quotes" if not q.inner else None


def _too_long(q: _Quote) -> str | None:
    return f"longer than {q.max_len} characters" if len(q.inner) > q.max_len else None


def _quoted_sentence(q: _Quote) -> str | None:
    """Speech quoted with its full stop (“……就上门了。”): every such quote of the labelled data is
    speech or a testimonial, never a slogan."""
    return "a quoted sentence" if "。" in q.inner or q.inner[-1] in "。！？!?" else None


def _in_book_title(q: _Quote) -> str | None:
    """Quotes inside a 《》 title belong to the title."""
    left = q.text.rfind("《", max(0, q.open - 40), q.open)
    inside = left >= 0 and q.text.find("》", left, q.open) < 0 and q.text.find("》", q.open, q.open + 60) >= 0
    return "inside a book or document title" if inside else None


def _honour_awarded(q: _Quote) -> str | None:
    """An honour named where it is awarded (被授予“…”称号)."""
    if HONOUR.search(q.inner) and HONOUR_CONTEXT.search(q.text[max(0, q.open - 10) : q.close + 8]):
        return "an honour named where it is awarded"
    return None


def _honour_title(q: _Quote) -> str | None:
    return "an honour title for a person or a body" if HONOUR_TITLE.search(q.inner) else None


def _numeric_idiom(q: _Quote) -> str | None:
    """A fixed expression that starts with one (一清二楚), unless it names a term."""
    if q.inner in numeric_idioms() and q.inner[0] == ONE and not TERM_SUFFIX.search(q.inner):
        return "a fixed expression with numerals"
    return None


def _no_chinese(q: _Quote) -> str | None:
    return "no Chinese characters" if not CJK_ONLY.search(q.phrase) else None


def _short_list(q: _Quote) -> str | None:
    return "too short for a motto" if len(q.phrase) <= 3 and q.kind not in ("numeric", "term", "campaign") else None


def _emphasis_quote(q: _Quote) -> str | None:
    """A short word quoted for emphasis (“本钱”), not the name of a system."""
    if len(q.phrase) <= 3 and q.kind == "term" and not TERM_SUFFIX.search(q.phrase):
        return "a short word quoted for emphasis"
    return None


def names_system(q: _Quote) -> bool:
    """Whether a quoted phrase names a numbered formula, a campaign, or a system, tool or campaign by its
    ending (…工程, …机制, …行动)."""
    return q.kind in ("numeric", "campaign") or bool(TERM_SUFFIX.search(q.phrase) or CAMPAIGN_END.search(q.phrase))


def names_motto(q: _Quote) -> bool:
    """Whether a quoted phrase has a motto's shape: four characters, or parallel parts of one length."""
    phrase = q.phrase
    if len(phrase) == 4:
        return not QUALITY_END.search(phrase)
    parts = [p for p in FORMULA_PARTS.split(phrase) if p]
    return len(parts) >= 2 and max(map(len, parts)) - min(map(len, parts)) <= 1 and max(map(len, parts)) <= 8


def attributed(q: _Quote) -> bool:
    """Whether a speaker is named for the quote (…”村民说; 他表示：“…)."""
    return bool(SPEECH_AFTER.match(q.text[q.close - 1 : q.close + 14]) or SPEECH_BEFORE.search(q.text[max(0, q.open - 8) : q.open + 1]))


def _speech_in_quoting_genre(q: _Quote, genre: str) -> str | None:
    """In news, speeches and testimonials (only there: the extractor adds this rule by the article's genre),
    a quote is a slogan only when it names a formula: a system, tool or campaign (always), or a motto
    that no speaker is named for. Quoted speech and words quoted for colour or emphasis are not."""
    if names_system(q):
        return None
    if attributed(q):
        return "words attributed to a speaker, in a genre that quotes people"
    if names_motto(q):
        return None
    if SPEECH_PRONOUN.search(q.phrase) or CLAUSE_MARK.search(q.phrase) or SPEECH_PARTICLE.search(q.inner):
        return "spoken words (a pronoun, a clause or a particle of speech), in a genre that quotes people"
    if QUALITY_END.search(q.phrase):
        return "a word quoted for colour (a quality or an effect), in a genre that quotes people"
    if len(q.phrase) <= 2 and genre != SPEECH:  # speeches quote abbreviations of policies (“严打”, “低保”)
        return "a word quoted for emphasis, in news or a testimonial"
    return None


QUOTE_RULES = (
    _empty_quote,
    _too_long,
    _quoted_sentence,
    _in_book_title,
    _honour_awarded,
    _honour_title,
    _numeric_idiom,
    _no_chinese,
    _short_list,
    _emphasis_quote,
)
# With the slogan model, only these drop a quote; the model weighs the rest (short words and the like).
HARD_QUOTE_RULES = (_empty_quote, _too_long, _quoted_sentence, _in_book_title, _honour_awarded, _honour_title, _numeric_idiom, _no_chinese)


def _quotes(
    text: str, rules: Sequence[Callable[[_Quote], str | None]], max_len: int, matches: Iterable[re.Match] | None = None
) -> list[_Quote]:
    """The quoted phrases of ``text`` that no rule of ``rules`` drops (the dropped ones are noted);
    ``matches``: those of ``QUOTE_RE`` in ``text`` when known."""
    kept = []
    for m in QUOTE_RE.finditer(text) if matches is None else matches:
        q = _Quote(text, m, max_len)
        dropped = first_reason(rules, q)
        if dropped:
            note(KIND, q.inner, q.start, q.end, False, *dropped)
        else:
            kept.append(q)
    return kept


def model_candidates(text: str, max_len: int = 60) -> list[tuple[str, str, str]]:
    """(kind, features, slogan text) of every candidate the slogan model decides in ``text``, as the
    extractor proposes them: quoted phrases that no hard rule drops, and the proposed parallel runs
    (for training the model on labelled documents)."""
    out = [("quoted", q.features(), _clean(q.slogan)) for q in _quotes(text, HARD_QUOTE_RULES, max_len)]
    out += [("parallel", c.features(text), _clean(text[c.start : c.end])) for c in _proposed_runs(text)]
    return out


# --- unquoted numbered formulas (formula, the character before it) ---------------------------------


def _numeric_candidate(match: str) -> str:
    """Four characters, or five when the last two are a known word that is no unit (三管三进入)."""
    if len(match) == 5 and match[3:5] in word_tags() and match[3] not in MEASURE_CHARS:
        return match
    return match[:4]


def _one_and_one(formula: str, before: str) -> str | None:
    return "a one-X-one-Y idiom" if formula[0] == ONE and formula[2] == ONE else None


def _count_with_unit(formula: str, before: str) -> str | None:
    return "a count with a measure word" if formula[1] in MEASURE_CHARS or formula[3] in MEASURE_CHARS else None


def _known_idiom(formula: str, before: str) -> str | None:
    return "a fixed expression with numerals" if formula in numeric_idioms() else None


def _ordinal_or_each(formula: str, before: str) -> str | None:
    return "an ordinal or a count per unit" if before in ("第", "每") else None


def _idiom_start(formula: str, before: str) -> str | None:
    return "the start of a fixed expression" if formula in _idiom_prefixes() else None


NUMERIC_RULES = (_one_and_one, _count_with_unit, _known_idiom, _ordinal_or_each, _idiom_start)


def _expandable(sl: Slogan) -> bool:
    """A numbered formula, found as one or quoted."""
    return sl.kind == "numeric" or (sl.quoted and bool(formula_counts(sl.text)) and is_numeric(sl.text))


def _part_offsets(parts: list[str], start: int) -> list[int]:
    """Where each part of a separated run starts (one separator between parts)."""
    offsets = []
    for p in parts:
        offsets.append(start)
        start += len(p) + 1
    return offsets


# --- formulas whose parts the text spells out ----------------------------------------------------


def _formulas_then_parts(text: str, add: Add) -> None:
    """三级谈心制度，即：A、B、C."""
    for m in FORMULA_THEN_PARTS.finditer(text):
        f = m.group("f")
        n = formula_number(f)
        if n and len(_split_parts(m.group("parts"))) == n and _stem_ok(f):
            add(f, m.start("f"), m.end("f"), "numeric", False, "formula_then_parts", "a formula followed by its parts")


def _parts_then_formula(text: str, add: Add) -> None:
    """“A、B、C”三项制度 (or fewer parts and 等)."""
    for m in PARTS_THEN_FORMULA.finditer(text):
        f = m.group("f")
        n, count = formula_number(f), len(_split_parts(m.group("parts")))
        if n and _stem_ok(f) and (count == n or (m.group("etc") and count < n)):
            add(f, m.start("f"), m.end("f"), "numeric", False, "parts_then_formula", "a formula after the quoted list of its parts")


def _formulas_before_lists(article: Article, add: Add) -> None:
    """做好四个服务。一是…二是…三是…四是…"""
    text = article.text
    for run in _item_runs(article):
        first = run[0]
        before = text[max(0, first.marker_start - 40) : first.marker_start]
        fm = FORMULA_BEFORE_LIST.search(before)
        if fm and formula_number(fm.group("f")) == len(run) and _stem_ok(fm.group("f")):
            s0 = first.marker_start - len(before) + fm.start("f")
            add(fm.group("f"), s0, s0 + len(fm.group("f")), "numeric", False, "formula_before_list", "a formula before as many list items")


# --- expansions of numbered formulas --------------------------------------------------------------


@dataclass(frozen=True)
class _Site:
    """One occurrence of a numbered formula: the text around it and the counts it announces."""

    text: str
    end: int  # after the closing quote, if any
    before: str  # up to 120 characters before the opening quote
    after: str  # up to 200 characters after the closing quote
    number: int | None
    counts: frozenset[int]
    stem: str

    @classmethod
    def of(cls, text: str, start: int, end: int, formula: str) -> _Site:
        q_end = end + 1 if text[end : end + 1] in CLOSING_QUOTES else end
        q_start = start - 1 if text[start - 1 : start] in OPENING_QUOTES else start
        before, after = text[max(0, q_start - 120) : q_start], text[q_end : q_end + 200]
        return cls(text, q_end, before, after, formula_number(formula), frozenset(formula_counts(formula)), formula_stem(formula))


def _colon_list(site: _Site) -> list[str]:
    """即：A、B、C after the formula: the whole span when it gives the full count; else its first
    clause when that gives a count (即培育党建带头人和学术带头人，目前…)."""
    m = COLON_LIST.match(site.after) or CUE_LIST.match(site.after)
    if not m:
        return []
    counts = set(site.counts)
    full = _from_stem(split_enumeration(m.group(1), counts), site.stem)
    first = _from_stem(split_enumeration(FIRST_CLAUSE_SPLIT.split(m.group(1))[0], counts), site.stem)
    if len(full) != site.number and len(first) >= 2 and len(first) in counts:
        full = first
    return full if _good_parts(full, counts) else []


def _bracketed_list(site: _Site) -> list[str]:
    """（A、B、C） right after the formula, when it gives an announced count."""
    m = BRACKET_LIST.match(site.after)
    if not m or not site.counts:
        return []
    parts = split_enumeration(m.group(1), set(site.counts))
    return parts if len(parts) in site.counts and _good_parts(parts, set(site.counts)) else []


def _quoted_list_before(site: _Site) -> list[str]:
    """“A、B、C”的三项制度."""
    m = QUOTED_LIST_BEFORE.search(site.before)
    if not m:
        return []
    parts = split_enumeration(m.group(1), set(site.counts))
    return parts if _good_parts(parts, set(site.counts)) else []


def _closed_list(text: str) -> bool:
    """A list (A、B和C) that ends before the formula rather than running on to it (A、B和“三个代表”)."""
    listed = "、" in text or bool(OPEN_CONJUNCTION.search(text))
    return listed and not OPEN_END.search(text)


def _list_before(text: str) -> re.Match | None:
    """``LIST_BEFORE.search(text)``, tried only where a match can start: its list ends where the text's
    trailing white space (and 的) starts, so no match starts more than ``LIST_BEFORE_LONGEST``
    characters before that (searching the whole text tries and backtracks at every position)."""
    body = text[:-1] if text.endswith("的") else text
    start = max(0, len(body.rstrip()) - LIST_BEFORE_LONGEST)  # (str.isspace is \s)
    # Nor does a match start before a stop character ahead of where its list reaches at least: the
    # trailing white space (and 的) before the end, or before a final newline, where $ matches too.
    core = text[:-1] if text.endswith("\n") else text
    reach = len((core[:-1] if core.endswith("的") else core).rstrip())
    return LIST_BEFORE.search(text, max(start, *(text.rfind(stop, start, reach) + 1 for stop in _LIST_STOPS)))


def _unquoted_list_before(site: _Site) -> list[str]:
    """A、B和C“三项制度”, unless it is a series the formula belongs to (马克思列宁主义、毛泽东思想、
    邓小平理论和“三个代表”)."""
    m = _list_before(site.before)
    if not m or not _closed_list(m.group(1)):
        return []
    parts = split_enumeration(LIST_MARKER.sub("", m.group(1)), set(site.counts))
    if len(parts) == site.number and all(len(p) >= 2 for p in parts):
        return _from_stem(parts, site.stem)
    return []


def _next_paragraph(site: _Site) -> list[str]:
    """When the formula (nearly) ends its line, the next paragraph's first sentence if it splits
    into exactly the announced number of short parts."""
    text, end, counts = site.text, site.end, site.counts
    nl = text.find("\n", end)
    if not counts or nl < 0 or not NEXT_PARAGRAPH_LEAD.fullmatch(text[end:nl]):
        return []
    n, nums = max(counts), sorted(counts)
    wanted = {n} | ({nums[0]} if len(nums) == 2 and nums[0] * 2 == n else set())  # 五比五看: five 比…看… pairs
    sentence = SENTENCE_SPLIT.split(text[nl + 1 : nl + 400])[0]
    parts = split_enumeration(sentence, wanted)
    if len(parts) in wanted and all(2 <= len(p) <= 40 for p in parts):
        return parts
    return []


def _named_after(site: _Site) -> list[str]:
    """Quoted or 《》 names after the formula that end as it does: 四大责任 → “安全责任”、“保障责任”…"""
    stem = site.stem
    tail = stem[-2:] if len(stem) >= 2 else stem
    if not tail or not site.counts:
        return []
    names = list(dict.fromkeys(n for n in NAMED.findall(site.after) if n.endswith(tail) and n != stem))
    return names if len(names) in site.counts and len(names) >= 2 else []


# Where a formula's parts are looked for around one occurrence, nearest first.
EXPANSION_FINDERS: tuple[Callable[[_Site], list[str]], ...] = (
    _colon_list,
    _bracketed_list,
    _quoted_list_before,
    _unquoted_list_before,
    _next_paragraph,
    _named_after,
)


def _first_expansion(site: _Site) -> list[str]:
    for finder in EXPANSION_FINDERS:
        parts = finder(site)
        if parts:
            return parts
    return []


def _continues_run(run: list, item) -> bool:
    return marker_index(item.marker) == len(run) + 1 and (not run or item.scheme == run[0].scheme)


def _item_run_after(items: list, end: int, item_starts: list[int] | None = None) -> list:
    """The run of list items numbered 1, 2, 3 … that starts within 400 characters after ``end``
    (``item_starts``: the items' marker starts when in order, to find the first by bisection)."""
    run: list = []
    first = bisect_left(item_starts, end) if item_starts is not None else 0
    for it in (items[k] for k in range(first, len(items)) if items[k].marker_start >= end):
        if not run and it.marker_start - end >= 400:
            break
        if _continues_run(run, it):
            run.append(it)
        elif run and it.scheme == run[0].scheme:
            break
    return run


def _fits_count(n_items: int, formula: str) -> bool:
    """The total (四不两直 → 6), or the pairs of a doubled formula (五比五看 → 5)."""
    n = formula_number(formula)
    nums = sorted(formula_counts(formula))
    return n_items == n or (len(nums) == 2 and nums[0] * 2 == n and n_items == nums[0])


def _following_items(article: Article, sl: Slogan, item_starts: list[int] | None = None) -> list[str]:
    """Heads of the run of list items (一是…二是…) that starts within 400 characters after the
    formula, followed to its end, when they fit it."""
    end = sl.occurrences[0][1]
    run = _item_run_after(article.items, end, item_starts)
    if len(run) < 2:
        return []
    heads = [article.text[it.start : it.head_end].strip(" “”") for it in run]
    stem = formula_stem(sl.text)
    shares_stem = bool(stem) and all(stem[-2:] in h for h in heads)
    near = run[-1].marker_start - end < 400
    if shares_stem or (_fits_count(len(heads), sl.text) and near):
        return [h.replace("“", "").replace("”", "") for h in heads if h]
    return []


def _with_stem(parts: list[str], stem: str) -> list[str]:
    """Parts that drop the stem after the first get it back (服务群众、党员 → 服务群众、服务党员)."""
    if len(stem) >= 2 and parts and parts[0].startswith(stem) and not all(p.startswith(stem) for p in parts):
        return [p if p.startswith(stem) else stem + p for p in parts]
    return parts


def _set_expansion(sl: Slogan, parts: list[str], counts: set[int] | frozenset[int], stem: str) -> None:
    parts = [p.strip() for p in parts if p.strip()]
    if any(sl.text in p for p in parts):
        return  # a sentence that mentions the formula again is not one of its parts
    sl.expansion = _with_stem(parts, stem)
    sl.count_ok = len(parts) in counts if counts else None


# --- dropping what a formula sums up --------------------------------------------------------------


def _part_of_an_expansion(sl: Slogan, expansion_keys: set[str], slogans: list[Slogan]) -> str | None:
    """A quoted or parallel list that a numbered formula sums up is its expansion, not a slogan."""
    if sl.kind == "numeric":
        return None
    k = _key(sl.text)
    if k in expansion_keys or any(k in p and len(k) >= 0.6 * len(p) for p in expansion_keys if len(p) > 12):
        return "part of a numbered formula's expansion"
    return None


def _end_of_a_longer_term(sl: Slogan, expansion_keys: set[str], slogans: list[Slogan]) -> str | None:
    if len(sl.text) <= 3 and sl.kind == "term" and any(o is not sl and o.text.endswith(sl.text) for o in slogans):
        return "the end of a longer slogan"
    return None


DROP_RULES = (_part_of_an_expansion, _end_of_a_longer_term)


def _expansion_keys(slogans: list[Slogan]) -> set[str]:
    keys = set()
    for sl in slogans:
        if sl.expansion:
            keys.update(_key(p) for p in sl.expansion)
            keys.add(_key("".join(sl.expansion)))
    return keys


def _drop_expansion_parts(slogans: list[Slogan]) -> list[Slogan]:
    """The slogans no ``DROP_RULES`` rule drops."""
    keys = _expansion_keys(slogans)
    keep = []
    for sl in slogans:
        dropped = first_reason(DROP_RULES, sl, keys, slogans)
        if dropped:
            note(KIND, sl.text, sl.start, sl.end, False, *dropped)
        else:
            keep.append(sl)
    return keep


# --- formula counts, stems and enumerations -------------------------------------------------------


def formula_counts(text: str) -> set[int]:
    """Part counts a numbered formula can announce: 四不两直 → {6, 4, 2} (6 parts, or the 4 and the 2),
    五比五看 → {10, 5} (five 比…看… pairs), 三服务 → {3}."""
    n = formula_number(text)
    if not n:
        return set()
    nums = _numeral_values(text[:6])
    if PAIRED_ANYWHERE.match(text) and len(nums) >= 2:
        return {c for c in (n, *nums[:2]) if c >= 2}
    return {n} if n >= 2 else set()


def formula_stem(text: str) -> str:
    """A formula without its count: 三服务 → 服务, 四大责任 → 责任."""
    return FORMULA_STEM.sub("", text)


def _pieces(separators: re.Pattern, text: str) -> list[str]:
    return [p.strip(PART_QUOTES) for p in separators.split(text) if p.strip(PART_QUOTES)]


def _split_by_count(splits: list[list[str]], counts: set[int]) -> list[str] | None:
    """The coarsest split with the full count, else with any announced count."""
    for wanted in ({max(counts)}, counts):  # the full count first: 两亮两比 → 4 parts, not 2 pairs
        for parts in splits:
            if len(parts) in wanted:
                return parts
    return None


def split_enumeration(text: str, counts: set[int] | None = None) -> list[str]:
    """The parts of an enumeration, by the coarsest separator that gives an announced count (the
    full count first): ；, then ，, then 、 (and a last part after 和/及/与). Without a count, by every
    separator."""
    splits = [_pieces(level, text) for level in ENUMERATION_LEVELS]
    if counts:
        parts = _split_by_count(splits, counts)
        if parts is not None:
            return parts
        if len(splits[2]) == 1 and len(splits[3]) >= 2:
            return splits[3]
    return splits[2]


def _after_stem(parts: list[str], stem: str) -> list[str] | None:
    """The first part from the formula's stem on (促进活动在服务经济 → 服务经济), when only it holds the stem."""
    first = parts[0]
    if len(stem) < 2 or stem not in first or first.startswith(stem) or any(stem in p for p in parts[1:]):
        return None
    rest = first[first.index(stem) :]
    return [rest, *parts[1:]] if len(rest) > len(stem) else None


def _after_intro_verb(parts: list[str]) -> list[str] | None:
    """The first part after the verb that introduces the list (建立健全了A → A; 培育A → A)."""
    m = INTRO_WITH_LE.match(parts[0]) or (INTRO_VERB.match(parts[0]) if not any(INTRO_VERB.match(p) for p in parts[1:]) else None)
    if m and len(parts[0]) - m.end() >= 2:
        return [parts[0][m.end() :], *parts[1:]]
    return None


def _from_stem(parts: list[str], stem: str) -> list[str]:
    """A list before a formula starts where the formula's stem does (促进活动在服务经济、社会、群众“三服务”
    → 服务经济…), or after the verb that introduces it (建立健全了A、B和C“三项制度” → A…)."""
    if not parts:
        return parts
    return _after_stem(parts, stem) or _after_intro_verb(parts) or parts


def _good_parts(parts: list[str], counts: set[int]) -> bool:
    if len(parts) < 2 or any(len(p) > 50 for p in parts):
        return False
    return not counts or any(len(parts) in (n, n + 1) or n >= 10 for n in counts)


@lru_cache(maxsize=1)
def _idiom_prefixes() -> frozenset[str]:
    """Four- and five-character beginnings of short fixed expressions."""
    return frozenset(w[:n] for w in numeric_idioms() if len(w) <= 6 for n in (4, 5) if len(w) >= n)


_KEY_SEPARATORS = re.compile(r"[、，,\s]")
_KEY_MARKS = re.compile(r"[、，,\s“”\"]")


def _slogan_key(text: str) -> str:
    """One slogan whatever its separators: 同部署、同落实 and 同部署，同落实."""
    return _KEY_SEPARATORS.sub("", text)


def _key(text: str) -> str:
    return _KEY_MARKS.sub("", text)


def _split_parts(text: str) -> list[str]:
    return _pieces(ENUMERATION_LEVELS[2], text)


def _stem_ok(formula: str) -> bool:
    """A formula, not a count of points (三个方面, 四项要求)."""
    stem = FORMULA_COUNT.sub("", formula)
    return bool(stem) and not stem.startswith(LIST_WORDS)


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


# --- formulas by their shape ----------------------------------------------------------------------


def cuts_word(text: str, start: int, end: int, tags: dict[str, str]) -> bool:
    """The span starts or ends inside a dictionary word (结构有所改善 → 构有所改)."""
    return text[max(0, start - 1) : start + 1] in tags or text[end - 1 : end + 1] in tags


def _one_or_two_words(s: str, tags: dict[str, str]) -> bool:
    """One character, one dictionary word or two (乡村振兴 = 乡村 + 振兴)."""
    return len(s) == 1 or s in tags or any(s[:i] in tags and s[i:] in tags for i in range(1, len(s)))


def _promote_end(m: re.Match, tags: dict[str, str]) -> int | None:
    """以X促Y / 抓X促Y with X and Y words of their own (not 抓好…, 促进…: a word across the frame); the
    match ends after the longest word that Y starts with (抓党建促发展作为 → 抓党建促发展)."""
    s, x, y = m.group(0), m.group(1), m.group(2)
    if s[:2] in tags or s[len(x) : len(x) + 3][1:] in tags or ("促" + y[0]) in tags or not _one_or_two_words(x, tags):
        return None
    k = next((k for k in range(len(y), 0, -1) if y[:k] in tags), 0)
    return m.start(2) + k if k else None


def shape_formulas(text: str, tags: dict[str, str], runtime: bool = True) -> list[tuple[int, int, str, str]]:
    """(start, end, shape name, kind) of the matches of ``SHAPES`` in ``text`` that do not cut a word
    (only the shapes marked for run time when ``runtime``; the 制 shape is returned uncut for the miner)."""
    out = []
    for name, kind, at_runtime, rx, required in SHAPES:
        if (runtime and not at_runtime) or (required and not any(literal in text for literal in required)):
            continue
        for m in rx.finditer(text):
            start, end = m.start(), m.end()
            if name == "promote":
                end = _promote_end(m, tags)
                if end is None:
                    continue
            if name != "system" and cuts_word(text, start, end, tags):
                continue
            out.append((start, end, name, kind))
    return out


# --- parallel set phrases -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    """A proposed parallel run: where it is, its parts and whether they share a frame."""

    start: int
    end: int
    parts: tuple[str, ...]
    framed: bool

    def features(self, text: str) -> str:
        """What the slogan model reads: the parts and up to 8 characters around the run."""
        return " ".join(self.tokens(text))

    def context(self, text: str) -> tuple[tuple[str, ...], str, str, bool]:
        """What ``SloganModel.parallel_probability`` reads: the parts, up to 8 characters before and
        after the run, and whether the parts share a frame."""
        return self.parts, text[max(0, self.start - 8) : self.start], text[self.end : self.end + 8], self.framed

    def tokens(self, text: str) -> list[str]:
        """The tokens of ``features``."""
        parts, before, after, framed = self.context(text)
        return parallel_tokens(parts, before, after, word_tags(), framed)


def _overlaps(taken: SpanIndex, text: str, c: _Run) -> bool:
    if taken.overlaps(c.start, c.end):
        note(KIND, text[c.start : c.end], c.start, c.end, False, "parallel", "overlaps a slogan found before")
        return True
    return False


def _best_runs(cands: list[_Run], probs: Sequence[float], threshold: float) -> list[tuple[_Run, float]]:
    """Accepted runs that do not overlap, the likeliest first."""
    chosen: list[tuple[_Run, float]] = []
    spans = DisjointSpans()
    for c, p in sorted(((c, p) for c, p in zip(cands, probs) if p >= threshold), key=lambda cp: -cp[1]):
        if not spans.overlaps(c.start, c.end):
            chosen.append((c, p))
            spans.add(c.start, c.end)
    return chosen


def _masked(text: str, quotes: Iterable[re.Match] | None = None) -> str:
    """The text with quoted spans (marks included) blanked, so that runs are looked for outside quotes;
    ``quotes``: the matches of ``QUOTE_RE`` in ``text`` when known."""
    pieces, done = [], 0
    for m in QUOTE_RE.finditer(text) if quotes is None else quotes:
        start, end = m.span()
        pieces += (text[done:start], MASK * (end - start))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _proposed_runs(text: str, quotes: Iterable[re.Match] | None = None) -> Iterator[_Run]:
    """Runs of short items joined by 、 (the last possibly by 和/及/与) inside a clause, trimmed to
    the items' shared prefix and suffix or to their length, and runs of 2–8 short clauses
    (2–8 characters, lengths within 2) separated by ，, as the labelled candidates were proposed
    (``quotes``: the matches of ``QUOTE_RE`` in ``text`` when known)."""
    masked = _masked(text, quotes)
    tags = word_tags()
    for start, end in (*_list_runs(masked, tags), *_clause_runs(masked, tags)):
        parts = run_parts(text[start:end], tags)
        if len(parts) >= 4:
            start, end, parts = _frame_core(text, start, end, parts)
        if len(parts) >= 2 and not _a_plain_list(parts, tags) and not _linked_clauses(parts):
            framed = len({len(p) for p in parts}) == 1 and _frame(list(parts), tags)
            yield _Run(start, end, parts, framed)


def _shared_positions(parts: Sequence[str]) -> dict[int, str]:
    """The positions where parts of one length share their character, and that character."""
    if len({len(p) for p in parts}) != 1:
        return {}
    n = len(parts)
    return {k: column[0] for k, column in enumerate(zip(*parts)) if column.count(column[0]) == n}


def _keeps_frame(part: str, frame: dict[int, str], length: int) -> bool:
    """Whether ``part`` holds the frame's shared characters, aligned at its start or at its end."""
    shift = len(part) - length
    return all(part[k : k + 1] == c for k, c in frame.items()) or all(
        0 <= k + shift < len(part) and part[k + shift] == c for k, c in frame.items()
    )


def _frame_core(text: str, start: int, end: int, parts: tuple[str, ...]) -> tuple[int, int, tuple[str, ...]]:
    """A run without an outer part that breaks the frame the others share (结合实际，提出新思路，采取
    新举措，实现新突破 → 提出新思路…; 工作上拿得下、政治上靠得住、作风上过得硬、群众基础好 → the first three)."""
    if len(parts) < 4:
        return start, end, parts
    for core, outer in ((parts[1:], parts[0]), (parts[:-1], parts[-1])):
        frame = _shared_positions(core)
        if frame and len(frame) < len(core[0]) and not _keeps_frame(outer, frame, len(core[0])):
            if outer is parts[0]:
                start = text.index(core[0], start + len(outer))
            else:
                end = text.rindex(core[-1], start, end - len(outer)) + len(core[-1])
            return start, end, core
    return start, end, parts


def run_parts(text: str, tags: dict[str, str] | None = None) -> tuple[str, ...]:
    """The parts of a parallel run, its last part split at a final conjunction that stands as a word
    (稳定性和长期性 → 稳定性, 长期性; not 平安和谐 or 党员参与)."""
    parts = [p for p in SEPARATORS.split(text) if p]
    if len(parts) < 2:
        return tuple(parts)
    m = _final_conjunction(parts[-1], word_tags() if tags is None else tags)
    if m:
        return (*parts[:-1], parts[-1][: m.start()], parts[-1][m.end() :])
    return tuple(parts)


def _linked_clauses(parts: tuple[str, ...]) -> bool:
    """Parts opened by different clause adverbs (既要…、又要…、还要…) are linked clauses; the same adverb
    repeated (又团结、又斗争) can open a formula."""
    return len({p[0] for p in parts if p.startswith(CLAUSE_OPENERS)}) >= 2


def _a_plain_list(parts: tuple[str, ...], tags: dict[str, str]) -> bool:
    """Even parts that differ only before a generic head noun (思想建设、组织建设): a list of fields."""
    if len({len(p) for p in parts}) != 1 or len(parts) < 3:
        return False
    suffix = common_suffix(parts)
    return len(suffix) >= 2 and len(suffix) < len(parts[0]) and suffix.endswith(LIST_HEADS)


def _final_conjunction(item: str, tags: dict[str, str]) -> re.Match | None:
    """A conjunction inside ``item`` that joins a last part (稳定性和长期性), not one inside a word
    (平安和谐, 党员参与)."""
    for m in FINAL_CONJUNCTION.finditer(item):
        a, b = m.start(), m.end()
        if 1 <= a <= 10 and b < len(item) and item[a - 1 : b] not in tags and item[a : b + 1] not in tags:
            return m
    return None


def _item_spans(clause: str, tags: dict[str, str]) -> list[list[int]]:
    """[start, end] of each 、-separated item of a clause, the last split at a final conjunction."""
    pos, p = [], 0
    for it in clause.split("、"):
        pos.append([p, p + len(it)])
        p += len(it) + 1
    m = _final_conjunction(clause[pos[-1][0] : pos[-1][1]], tags)
    if m:
        a0, a1 = pos[-1]
        pos[-1] = [a0, a0 + m.start()]
        pos.append([a0 + m.end(), a1])
    return pos


def _cut_at_stop(last: str, first: str, mids: list[str], tags: dict[str, str]) -> str:
    """The last item up to a word that ends the run (A、B、C等 → C; A、B、C的要求 → C), unless that
    word belongs to a longer word (规则平等) or to the frame the items share (社会的一员、家庭的一员)."""
    for m in RUN_STOP.finditer(last):
        i, stop = m.start(), m.group(0)
        if i == 0 or last[i - 1 : m.end()] in tags or last[i : m.end() + 1] in tags:
            continue
        in_frame = any(x[i : i + len(stop)] == stop for x in mids)
        if not mids and len(first) >= len(last):
            in_frame = first[len(first) - len(last) + i :].startswith(stop)
        if not in_frame:
            return last[:i]
    return last


@lru_cache(maxsize=8192)
def _word_bounds(item: str) -> frozenset[int]:
    """Word boundaries of ``item`` by backward maximum matching against the dictionary (words of up to
    five characters): close to jieba's cut for these short items, and much cheaper."""
    tags = word_tags()
    bounds, end = {len(item)}, len(item)
    while end > 0:
        n = next((n for n in range(min(5, end), 1, -1) if item[end - n : end] in tags), 1)
        end -= n
        bounds.add(end)
    return frozenset(bounds)


def _at_word(item: str, cut: int, low: int, high: int) -> int:
    """The word boundary of ``item`` in ``[low, high]`` nearest to ``cut``, the later one on a tie (一项党性
    cut at 项 → 党性; 毛泽东思想 cut at 思 → 毛泽东思想); ``cut`` itself when there is none."""
    if low <= cut <= high and item[cut - 1 : cut + 1] not in word_tags():
        return cut  # no two-character word across the cut: the common case, decided cheaply
    bounds = _word_bounds(item)
    for distance in range(max(cut - low, high - cut) + 1):  # outwards from the cut, the later one first
        for b in (cut + distance, cut - distance):
            if low <= b <= high and b in bounds:
                return b
    return cut


def _aligned_end(first: str, last: str) -> int:
    """For two items: where the last would end if it ended as the first does (长期化、规范化轨道 → 规范化);
    0 if no ending is shared."""
    best, end = 0, 0
    if not first:
        return 0
    k = last.find(first[-1]) + 1  # only where the last item holds the first one's last character
    while k:
        n = len(common_suffix([first, last[:k]]))
        if n > best:
            best, end = n, k
        k = last.find(first[-1], k) + 1
    return end


def _trim_outer(clause: str, pos: list[list[int]], tags: dict[str, str]) -> None:
    """Cut the first item on the left and the last on the right to the shared prefix/suffix or length,
    never inside a dictionary word."""
    mids = [clause[a:b] for a, b in pos[1:-1]]
    first = clause[pos[0][0] : pos[0][1]]
    last = clause[pos[-1][0] : pos[-1][1]]
    last = _cut_at_stop(last, first, mids, tags) or last
    if not mids:
        end = _aligned_end(first, last)
        if end >= 2 and (tags.get(last[end:], "")[:1] == "n" or tags.get(last[end:]) == "vn"):
            last = last[:end]  # the run modifies a noun after it (长期化、规范化轨道; 常态化、制度化工作)
    pref = common_prefix([*mids, last])
    longest_mid = max(map(len, mids)) if mids else 0
    ref = min(max(longest_mid if mids else len(last), 2), 10)
    if pref and len(first) >= ref and first[-ref:].startswith(pref):
        cut = len(first) - ref  # as long as the others (做到有岗有责 → 有岗有责)
    elif pref and pref in first:
        cut = first.rfind(pref)
    else:
        cut = _at_word(first, max(0, len(first) - ref), 0, len(first) - 2)
    pos[0][0] += cut
    first = clause[pos[0][0] : pos[0][1]]
    suf = common_suffix([first, *mids])
    ref = min(max(longest_mid if mids else len(first), 2), 10)
    if suf and suf in last:
        end = last.find(suf) + len(suf)
    else:
        end = min(len(last), ref)
        end = _at_word(last, end, 2, len(last))
    pos[-1][1] = pos[-1][0] + end


# 1–10 characters, no digit, a letter or a Chinese character that is no numeral.
_GOOD_ITEM = re.compile(rf"(?=\D*?(?![{NUMERALS}])[\u4e00-\u9fffA-Za-z])\D{{1,10}}")


def _good_item(x: str) -> bool:
    return _GOOD_ITEM.fullmatch(x) is not None


def _sublists(clause: str, tags: dict[str, str]) -> Iterator[tuple[str, int]]:
    """The 、-lists of a clause and where each starts: a conjunction inside a middle item joins two
    lists (教育党员、管理党员、监督党员和组织群众、宣传群众 → two lists), not two items of one."""
    start = 0
    for it in clause.split("、")[1:-1]:
        offset = clause.index(it, start)
        m = _final_conjunction(it, tags)
        if m:
            yield clause[: offset + m.start()], 0
            for sub, at in _sublists(clause[offset + m.end() :], tags):
                yield sub, offset + m.end() + at
            return
        start = offset + len(it)
    yield clause, 0


def _list_runs(masked: str, tags: dict[str, str]) -> list[tuple[int, int]]:
    out = []
    for cm in LIST_CLAUSE.finditer(masked):
        clause = cm.group(0)
        if not FINAL_CONJUNCTION.search(clause):  # the common case: one list
            run = _list_run(clause, tags)
            if run:
                out.append((cm.start() + run[0], cm.start() + run[1]))
            continue
        for sub, at in _sublists(clause, tags):
            run = _list_run(sub, tags)
            if run:
                out.append((cm.start() + at + run[0], cm.start() + at + run[1]))
    return out


def _list_run(clause: str, tags: dict[str, str]) -> tuple[int, int] | None:
    """The run of one 、-list, its outer items trimmed (``_trim_outer``), if its items are good."""
    if "、" in clause:
        pos = _item_spans(clause, tags)
        if 2 <= len(pos) <= 8 and all(0 < b - a <= 10 for a, b in pos[1:-1]):
            _trim_outer(clause, pos, tags)
            if all(_good_item(clause[a:b]) for a, b in pos):
                return pos[0][0], pos[-1][1]
    return None


def _short_clause(masked: str, a: int, b: int) -> bool:
    return 2 <= b - a <= 8 and bool(CJK_ONLY.fullmatch(masked[a:b]))


def _clause_runs(masked: str, tags: dict[str, str]) -> list[tuple[int, int]]:
    """Runs of 2–8 consecutive short clauses separated by ， whose lengths are within 2, and runs whose
    outer clauses carry extra words (``_Clauses.extended``)."""
    clauses = _Clauses(masked, tags)
    out = []
    for run in clauses.short_runs():
        span = clauses.run_span(run) if len(run) <= 8 else None
        out += [span] if span else []
    return out


class _Clauses:
    """The clauses of a text (quotes masked) and the runs of short ones, cut to their frame."""

    def __init__(self, masked: str, tags: dict[str, str]) -> None:
        self.masked, self.tags = masked, tags
        self.spans: list[tuple[int, int]] = [m.span() for m in CLAUSE_RE.finditer(masked)]

    def joined(self, k: int) -> bool:
        """Whether clause ``k`` and the next are separated by one comma."""
        spans = self.spans
        return 0 <= k < len(spans) - 1 and spans[k][1] + 1 == spans[k + 1][0] and self.masked[spans[k][1]] in COMMAS

    def short_runs(self) -> list[list[int]]:
        """Runs of consecutive short clauses (2–8 characters, all CJK) joined by one comma, whose
        lengths are within 2; a lone short clause is a run of one."""
        masked, fullmatch, n = self.masked, CJK_ONLY.fullmatch, len(self.masked)
        runs: list[list[int]] = []
        run: list[int] = []
        low = high = end = 0  # the shortest and longest clause of the run, where it ends
        for k, (a, b) in enumerate(self.spans):
            joined = bool(run) and end + 1 == a and masked[end] in COMMAS
            if 2 <= b - a <= 8 and (joined or (b < n and masked[b] in COMMAS)) and fullmatch(masked, a, b):
                if run and (not joined or max(high, b - a) - min(low, b - a) > 2):
                    runs.append(run)
                    run = []
                low, high = (min(low, b - a), max(high, b - a)) if run else (b - a, b - a)
                end = b
                run.append(k)
            elif run:
                runs.append(run)
                run = []
        return [*runs, run] if run else runs

    def run_span(self, run: list[int]) -> tuple[int, int] | None:
        """Where a run starts and ends once cut to its frame; a lone clause only between two clauses
        that frame it."""
        i, j = run[0], run[-1]
        if len(run) == 1:
            return self.extended(run) if self._lone_may_frame(i) else None
        even = len({self.spans[k][1] - self.spans[k][0] for k in run}) == 1
        may_change = not even or self._shares_with(i - 1, i, last_words=True) or self._shares_with(j + 1, j, last_words=False)
        return (self.extended(run) if may_change else None) or (self.spans[i][0], self.spans[j][1])

    def _shares_with(self, k: int, r: int, last_words: bool) -> bool:
        """Clause ``k`` is joined to clause ``r`` of the run and, cut to its length, shares a character
        position with it (a cheap test before ``extended``)."""
        if not self.joined(k if last_words else r):
            return False
        (a, b), masked = self.spans[r], self.masked
        edge = self.spans[k][1] if last_words else self.spans[k][0]
        cut = masked[edge - (b - a) : edge] if last_words else masked[edge : edge + b - a]
        return any(x == y for x, y in zip(cut, masked[a:b]))

    def _lone_may_frame(self, i: int) -> bool:
        """A lone clause between two longer clauses joined to it that share a character position with it."""
        if not (self.joined(i - 1) and self.joined(i)):
            return False
        (a, b), (pa, pb), (na, nb), masked = self.spans[i], self.spans[i - 1], self.spans[i + 1], self.masked
        n = b - a
        return pb - pa > n < nb - na and any(x == y == z for x, y, z in zip(masked[pb - n : pb], masked[a:b], masked[na : na + n]))

    def extended(self, run: list[int]) -> tuple[int, int] | None:
        """A run of short clauses cut to one frame: an outer clause cut to the length of the inner ones
        where it keeps their frame (把为民服务，替民办事 → 为民服务…) or else left out when three
        others remain, and the clauses around the run cut to their last or first words where the parts
        then share a frame (…，带民致富的要求 → 带民致富). None when nothing changed, when the parts
        share no frame, or when a lone clause is not extended on both sides."""
        cut = self._cut_ends(run)
        if cut is None:
            return None
        spans, length = cut
        before = self._neighbour(run[0] - 1, length, spans[0], last_words=True) if spans[0][0] == self.spans[run[0]][0] else None
        after = self._neighbour(run[-1] + 1, length, spans[-1], last_words=False) if spans[-1][1] == self.spans[run[-1]][1] else None
        whole = (self.spans[run[0]][0], self.spans[run[-1]][1])
        for left, right in ((before, after), (before, None), (None, after), (None, None)):
            if len(run) == 1 and (left is None or right is None):
                continue  # a lone clause is a run only with a part on each side
            cand = [x for x in (left, *spans, right) if x is not None]
            span = (cand[0][0], cand[-1][1])
            if span != whole and len(cand) >= 2 and self._framed(cand):
                return span
        return None

    def _framed(self, spans: list[list[int]]) -> bool:
        parts = [self.masked[a:b] for a, b in spans]
        return all(CJK_ONLY.fullmatch(p) for p in parts) and _frame(parts, self.tags)

    def _cut_ends(self, run: list[int]) -> tuple[list[list[int]], int] | None:
        """The run's clauses with the outer ones cut to the inner ones' length (or left out, three
        others remaining), and that length; None when the inner clauses differ in length or an outer
        one can be neither cut nor left out."""
        spans = [list(self.spans[k]) for k in run]
        mids = spans[1:-1]
        length = mids[0][1] - mids[0][0] if mids else min(b - a for a, b in spans)
        if any(b - a != length for a, b in mids):
            return None
        frame = _shared_positions([self.masked[a:b] for a, b in mids]) if len(mids) >= 2 else None
        for side in (0, -1):
            a, b = spans[side]
            if b - a == length and (frame is None or _keeps_frame(self.masked[a:b], frame, length)):
                continue
            cut = [b - length, b] if side == 0 else [a, a + length]
            if (
                b - a > length
                and self._between_words(cut[0] if side == 0 else cut[1])
                and (frame is None or _keeps_frame(self.masked[cut[0] : cut[1]], frame, length))
            ):
                spans[side] = cut
            elif len(spans) >= 4:
                spans.pop(side)
            else:
                return None
        return spans, length

    def _between_words(self, cut: int) -> bool:
        return self.masked[cut - 1 : cut + 1] not in self.tags

    def _neighbour(self, k: int, length: int, end_part: list[int], last_words: bool) -> list[int] | None:
        """The last (or first) ``length`` characters of clause ``k`` when it is joined to the run by
        one comma, is longer, the cut falls between words and it shares a character position with the
        run's part next to it (else no frame can hold it)."""
        if not 0 <= k < len(self.spans) or self.spans[k][1] - self.spans[k][0] <= length:
            return None
        if not self.joined(k if last_words else k - 1):
            return None
        a, b = self.spans[k]
        cut = [b - length, b] if last_words else [a, a + length]
        if not self._between_words(cut[0] if last_words else cut[1]):
            return None
        masked = self.masked
        return cut if any(masked[cut[0] + i] == masked[end_part[0] + i] for i in range(length)) else None


def _parallel_candidates(text: str, m: re.Match) -> list[_Run]:
    """The framed runs of a separated stretch, or the whole stretch when its parts are even and short."""
    parts = STEM_SPLIT.split(m.group(1))
    runs = _parallel_runs(parts, word_tags())
    if not runs:
        if 2 <= len(parts) <= 8 and len({len(p) for p in parts}) == 1 and 2 <= len(parts[0]) <= 8:
            return [_Run(m.start(1), m.end(1), tuple(parts), False)]
        return []
    offsets = _part_offsets(parts, m.start(1))
    out = []
    for i, j, first, last in runs:
        start = offsets[i] + len(parts[i]) - len(first)
        end = offsets[j - 1] + len(last)
        out.append(_Run(start, end, (first, *parts[i + 1 : j - 1], last), True))
    return out


def _parallel_runs(parts: list[str], tags: dict[str, str], offset: int = 0) -> list[tuple[int, int, str, str]]:
    """All non-overlapping runs, longest first."""
    run = _parallel_run(parts, tags)
    if not run:
        return []
    i, j, first, last = run
    left = _parallel_runs(parts[:i], tags, offset) if i >= 2 else []
    right = _parallel_runs(parts[j:], tags, offset + j) if len(parts) - j >= 2 else []
    return [*left, (i + offset, j + offset, first, last), *right]


def _outer_parts(parts: list[str], i: int, j: int, length: int) -> tuple[str, str]:
    """The first and last part of ``parts[i:j]`` cut to the frame: extra words before the first
    (做到凡事有标准 → 凡事有标准) and a particle after the last (有标准的 → 有标准) go."""
    first = parts[i][-length:] if len(parts[i]) > length else parts[i]
    last = parts[j - 1]
    if j - i >= 3 and len(last) > length and last[length] in PART_TAILS:
        last = last[:length]
    return first, last


def _parallel_run(parts: list[str], tags: dict[str, str]) -> tuple[int, int, str, str] | None:
    """The longest run ``[i, j)`` of parts that repeat one frame; the outer parts may carry
    extra words, which are trimmed."""
    n = len(parts)
    for size in range(n, 1, -1):
        for i in range(0, n - size + 1):
            j = i + size
            length = len(parts[i + 1] if size >= 3 else parts[j - 1])
            if length > 8 or any(len(p) != length for p in parts[i + 1 : j - 1]):
                continue
            first, last = _outer_parts(parts, i, j, length)
            if _frame([first, *parts[i + 1 : j - 1], last], tags):
                return i, j, first, last
    return None


class _Frame:
    """Parts of one length and the character positions they share (同部署、同落实 share 0)."""

    def __init__(self, run: list[str], length: int, shared: list[int]) -> None:
        self.run, self.shared = run, shared
        self.varying = [k for k in range(length) if k not in shared]
        model = run[0]
        self.prefix = "".join(model[k] for k in shared if k < self.varying[0])
        self.suffix = "".join(model[k] for k in shared if k > self.varying[-1])


def _particle_in_frame(frame: _Frame, tags: dict[str, str]) -> str | None:
    return "a particle in the shared words" if DE in frame.suffix or DE in frame.prefix else None


def _shared_noun_at_end(frame: _Frame, tags: dict[str, str]) -> str | None:
    """教育党员、管理党员 is a list of actions on one thing, not a slogan."""
    if len(frame.suffix) >= 2 and tags.get(frame.suffix, "")[:2] in (*NOUN_TAGS, "v"):
        return "a list sharing its last word"
    return None


def _shared_head_word(frame: _Frame, tags: dict[str, str]) -> str | None:
    """思想建设、组织建设 (shared word first, nothing shared after) is a list."""
    if len(frame.prefix) >= 2 and not frame.suffix and tags.get(frame.prefix, "")[:1] in ("n", "v"):
        return "a list sharing its first word"
    return None


def _too_many_slots(frame: _Frame, tags: dict[str, str]) -> str | None:
    return "more than four varying characters" if len(frame.varying) > 4 else None


def _pair_without_interleaving(frame: _Frame, tags: dict[str, str]) -> str | None:
    """Two parts need an interleaved frame (有岗有为、有为有位), not just a shared start."""
    if len(frame.run) != 2:
        return None
    if len(frame.shared) < 2 or (max(frame.shared) < min(frame.varying) and len(frame.prefix) < 3):
        return "two parts without an interleaved frame"
    return None


FRAME_RULES = (_particle_in_frame, _shared_noun_at_end, _shared_head_word, _too_many_slots, _pair_without_interleaving)


def _frame_length(run: list[str]) -> int:
    """The common length of the parts when a frame can have it (2–8; 4+ for two parts), else 0."""
    lengths = {len(p) for p in run}
    if len(lengths) != 1:
        return 0
    length = lengths.pop()
    if length < 2 or length > 8 or (len(run) == 2 and length < 4):
        return 0
    return length


def _clause_like(run: Sequence[str]) -> bool:
    """Parts that start like clauses (既…, 又…) or hold a 的 are rhetoric, not a frame."""
    return any(p.startswith(CLAUSE_OPENERS) or DE in p[1:-1] for p in run)


def _frame(run: list[str], tags: dict[str, str]) -> bool:
    """Whether the parts repeat one frame with a few varying characters (严起来、紧起来、动起来)."""
    length = _frame_length(run)
    if not length:
        return False
    n = len(run)
    shared = [k for k, column in enumerate(zip(*run)) if column.count(column[0]) == n]
    if not shared or len(shared) == length or (len(run) == 2 and len(shared) < 2) or _clause_like(run):
        return False  # (two parts need two shared characters: ``_pair_without_interleaving``)
    return first_reason(FRAME_RULES, _Frame(run, length, shared), tags) is None


def framed(parts: list[str]) -> bool:
    """Whether ``parts`` repeat one frame by the shape rules (public for the slogan model's data)."""
    return _frame(parts, word_tags())
