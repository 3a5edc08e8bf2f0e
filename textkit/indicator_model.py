"""The indicator model: which phrase of its sentence a figure counts. Rules propose, the model decides.

The figure rules (``extractors/figures.py``) read value and unit well and name an indicator; where
they go wrong, they take the word next to the number (a time word, an adverb, a verb) rather than
the topic noun earlier in the clause (X已经由二十个增加到三十三个), or too long a span. For each figure
``indicator_candidates`` proposes the phrases around the number: every word-aligned span of up to
six words and twelve characters in the number's clause and the two clauses before it (and the rest
of the clause after the unit), plus the rules' own indicator. Each candidate is described by sparse
binary features: its direction and distance from the number, how many clauses lie between, the
words and part-of-speech tags between it and the number (a change verb 增加到/达到, 比, 由…到, 占),
its own first and last words and tags, the words at its edges (a whole noun phrase or a piece of
one), whether it opens its clause (the subject), whether the rules picked it and by which rule,
and the figure's unit and kind. A logistic regression scores the candidates (``IndicatorModel``);
the figure takes the best one when it beats the rules' choice by ``margin``.

Trained on the hand-labelled figures of ``scripts/training/extraction`` (``train_indicator_model.py``);
shipped as ``textkit/models/indicators.skops``: the feature names and their weights as two arrays.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from pathlib import Path
from typing import NamedTuple

from textkit.extractors.numerals import CN_NUMERALS, SOME
from textkit.model_files import load_optional, read_versioned, shipped_model, write_payload

FORMAT = "textkit-indicators"
FORMAT_VERSION = 1
MODEL_FILE = "indicators.skops"
OWN_CACHE = 50_000  # combinations of a candidate's own features whose weight is kept
MARGIN = 0.0  # the score a candidate needs above the rules' choice to replace it (the model's own in meta)

MAX_CHARS = 12  # an indicator is short (GUIDELINES: at most ~12 characters)
MAX_WORDS = 6
CLAUSES_BACK = 1  # clauses before the number's own that may hold what it counts
AFTER_REACH = 16  # characters after the unit read for the noun it counts
#: Characters of a clause read at most: a "clause" without marks longer than this (text whose punctuation
#: was lost) is read near the number only, so that each figure costs the same (linear time).
CLAUSE_REACH = 120
CLAUSE_MARKS = frozenset("，,；;：:。！？!?")
CLAUSE_SPLIT = re.compile("([，,；;：:。！？!?])")
OPEN_MARKS = frozenset("“‘「『（(《")
CLOSE_MARKS = frozenset("”’」』）)》")
OPEN_QUOTES, CLOSE_QUOTES = frozenset("“‘「『《"), frozenset("”’」』》")
FIRST_TAGS_OUT = ("u", "c", "p", "w")  # a candidate starts with no particle, conjunction, preposition or mark
LAST_TAGS_OUT = ("u", "c", "p", "w", "d", "f", "r")  # … and ends with none, nor an adverb, a direction or a pronoun
DIGITS = re.compile(r"[\d０-９]")
NUMERAL_CHARS = frozenset(CN_NUMERALS + SOME)
ROLE_LEXICONS = (
    ("change", "figures_before_skips"),
    ("lead", "figures_lead_fillers"),
    ("stop", "figures_verb_stops"),
    ("after", "figures_after_stops"),
    ("abstract", "figures_abstract_heads"),
)


class Word(NamedTuple):
    """A word of a sentence: text, offsets, tag (jieba's; ``w`` for marks, ``m`` for digits, ``?`` unknown)."""

    text: str
    start: int
    end: int
    tag: str
    clause: int  # index of the clause the word lies in (clauses end at ，；：。！？)
    role: str  # the figure lexicons' class of the word: change (增加到), stop (达到, 共), after (比, 以上), lead (每年), "" none
    mark: bool  # a clause mark
    number: bool  # a numeral
    nounish: bool  # a word of a noun phrase
    bad_start: bool  # a candidate cannot start with it
    bad_end: bool  # … nor end with it
    cue: bool  # a cue word of the figure lexicons (增长, 达到, 累计 …), not a noun


@dataclass
class Choice:
    """A proposed indicator: its span in the sentence, its text and its features in groups (``parts``); the
    groups a figure's candidates share are the same tuples, so the model weighs each once."""

    start: int
    end: int
    text: str
    parts: list[tuple]
    is_rule: bool = False

    @property
    def features(self) -> list[str]:
        return [f for part in self.parts for f in (own_features(part) if type(part) is _Own else part)]


class _Own(tuple):
    """What a candidate's own features are made of (its position, length, noun run, tags …): a key, so that
    the model weighs each combination once (``own_features`` spells it out)."""


def own_features(key: _Own) -> tuple[str, ...]:
    """The features a candidate's own ``_Own`` key stands for."""
    pos, length, n_words, chunk, tags, after, before, roles, de, verb = key
    return (
        *_size_features(length, n_words),
        *_chunk_features(pos, chunk, after, before),
        f"tags:{tags}",
        *_word_features(pos, roles, de, verb),
    )


def _size_features(length: str, n_words: int) -> tuple[str, ...]:
    return f"len:{length}", f"nw:{n_words}"


def _chunk_features(pos: str, chunk: str, after: str, before: str) -> tuple[str, ...]:
    return f"chunk:{chunk}", f"{pos}chunk:{chunk}", f"{pos}{chunk}n:{after}", f"{pos}{chunk}p:{before}"


def _tag_features(tags: str) -> tuple[str, ...]:
    return (f"tags:{tags}",)


def _word_features(pos: str, roles: tuple[str, ...], de: bool, verb: bool) -> tuple[str, ...]:
    own = [f"{pos}has:{r}" for r in roles]
    if de:
        own.append("has_de")
    if verb:
        own.append(f"{pos}has_v")
    return tuple(own)


NOUNISH = ("n", "vn", "j", "?", "b", "an", "eng")  # tags of words that make up a noun phrase
SUBJECT_LEAD = frozenset("tfmdpcr")  # what may stand before a clause's subject: times, places, numbers, adverbs …
NEAR_TAGS = ("u", "p", "c", "w", "d", "r")  # a word of these next to a candidate is read as itself (对, 的, 由 …)


def _tag(word: str, tags: dict[str, str]) -> str:
    tag = tags.get(word)
    if tag:
        return tag
    if not word.strip() or not any(ch.isalnum() for ch in word):
        return "w"
    return "m" if DIGITS.search(word) else "?"


@lru_cache(maxsize=1)
def _roles() -> dict[str, str]:
    """Word → its class in the figure lexicons (the first that lists it)."""
    from textkit.resources import words

    out: dict[str, str] = {}
    for role, lexicon in ROLE_LEXICONS:
        for w in words(lexicon):
            out.setdefault(w, role)
    return out


def _word(tok: str, tag: str, role: str, pos: int, clause: int) -> Word:
    return Word._make((tok, pos, pos + len(tok), tag, clause, role, *_word_flags(tok, tag, role)))


def _word_flags(tok: str, tag: str, role: str) -> tuple[bool, bool, bool, bool, bool, bool]:
    """What a word is, from its text, tag and role alone: ``Word.mark`` … ``Word.cue``."""
    return (
        tok in CLAUSE_MARKS,
        tag == "m" and bool(DIGITS.search(tok) or tok[:1] in NUMERAL_CHARS),
        tag.startswith(NOUNISH),
        (tag.startswith(FIRST_TAGS_OUT) and tok not in OPEN_QUOTES) or tok in CLOSE_MARKS,
        (tag.startswith(LAST_TAGS_OUT) and tok not in CLOSE_QUOTES) or tok in OPEN_MARKS,
        bool(role) and role != "abstract",
    )


@lru_cache(maxsize=4096)
def _clause_tokens(text: str) -> tuple[tuple[str, str, str, tuple[bool, ...]], ...]:
    """The words of a clause (no clause mark in it) with their tags, lexicon roles and ``_word_flags`` (cached)."""
    from textkit.segmentation import fast_lcut, word_tags

    tags, roles = word_tags(), _roles()
    out = []
    for tok in fast_lcut(text):
        tag, role = _tag(tok, tags), roles.get(tok, "")
        out.append((tok, tag, role, _word_flags(tok, tag, role)))
    return tuple(out)


class _Words:
    """The words of the clauses around a figure (segmented clause by clause, as the whole sentence would be:
    a clause mark always ends a word), with what its candidates read."""

    def __init__(self, s_text: str, lo: int, hi: int) -> None:
        words: list[Word] = []
        pos, clause = lo, 0
        for piece in CLAUSE_SPLIT.split(s_text[lo:hi]):
            if not piece:
                continue
            if piece in CLAUSE_MARKS:
                words.append(_word(piece, _tag(piece, {}), "", pos, clause))
                clause += 1
            else:
                for tok, tag, role, flags in _clause_tokens(piece):
                    end = pos + len(tok)
                    words.append(Word._make((tok, pos, end, tag, clause, role, *flags)))
                    pos = end
                continue
            pos += 1
        self.words = tuple(words)
        self.lo = lo
        # marks opened / closed before each character of the window
        self.opened = list(accumulate(map(OPEN_MARKS.__contains__, s_text[lo:hi]), initial=0))
        self.closed = list(accumulate(map(CLOSE_MARKS.__contains__, s_text[lo:hi]), initial=0))
        self.runs = self._runs()
        # per word, for the features of candidates in constant time (a clause can be long): the characters of
        # the words before it, the first word of its run of words without a mark, and how many words before it
        # could not stand before a subject
        self.chars_before = list(accumulate((len(w.text) for w in words), initial=0))
        self.run_start = [0] * len(words)
        for k in range(1, len(words)):
            prev = words[k - 1]
            self.run_start[k] = self.run_start[k - 1] if prev.clause == words[k].clause and not prev.mark else k
        self.not_lead_before = list(accumulate((w.tag[:1] not in SUBJECT_LEAD for w in words), initial=0))

    def _runs(self) -> list[tuple[int, int]]:
        """The runs of noun words (first, last), within a clause."""
        words, k, runs = self.words, 0, []
        while k < len(words):
            if words[k].nounish:
                e = k
                while e + 1 < len(words) and words[e + 1].nounish and words[e + 1].clause == words[k].clause:
                    e += 1
                runs.append((k, e))
                k = e + 1
            else:
                k += 1
        return runs

    def balanced(self, a: int, b: int) -> bool:
        """No quotation mark or bracket left open or closed in the characters ``[a, b)`` of the sentence."""
        a, b = a - self.lo, b - self.lo
        return self.opened[b] - self.opened[a] == self.closed[b] - self.closed[a]


def _window(s_text: str, num_start: int, num_end: int, back: int = CLAUSES_BACK) -> tuple[int, int]:
    """The characters the candidates of a figure are read from: from the clause mark before the earliest clause
    read (``CLAUSES_BACK`` before the number's) to the end of the number's clause, its mark included, or the
    characters after the unit that are read (``AFTER_REACH``) and two more; a clause is read for at most
    ``CLAUSE_REACH`` characters."""
    lo = num_start
    for _ in range(back + 1):
        floor = max(0, lo - CLAUSE_REACH)
        lo = max(s_text.rfind(m, floor, lo) for m in CLAUSE_MARKS)
        if lo < 0:
            lo = floor
            break
    ends = [p + 1 for p in (s_text.find(m, num_end, num_end + AFTER_REACH + 2) for m in CLAUSE_MARKS) if p >= 0]
    return lo, min(ends or [num_end + AFTER_REACH + 2, len(s_text)])


def sentence_words(s_text: str, num_start: int = 0, num_end: int | None = None, back: int = CLAUSES_BACK) -> _Words:
    """The words around the figure at ``[num_start, num_end)`` (default: the whole sentence)."""
    if num_end is None:
        return _words(s_text, 0, len(s_text))
    return _words(s_text, *_window(s_text, num_start, num_end, back))


def read_figure(s_text: str, num_start: int, num_end: int) -> _Figure:
    """The figure read in its clause, and in the clause before too when no noun stands before the number in its
    own (only then are candidates taken there: the clause before is segmented only when needed)."""
    fig = _Figure(sentence_words(s_text, num_start, num_end, 0), num_start, num_end)
    if fig.has_lead_noun or fig.ws.lo == 0:
        return fig
    return _Figure(sentence_words(s_text, num_start, num_end), num_start, num_end)


@lru_cache(maxsize=256)
def _words(s_text: str, lo: int, hi: int) -> _Words:
    """The words of ``s_text[lo:hi]`` (cached: the figures of one clause share them)."""
    return _Words(s_text, lo, hi)


def _dist(n: int) -> str:
    return str(n) if n <= 3 else "4-6" if n <= 6 else "7-12" if n <= 12 else "13+"


class _Figure:
    """A figure's sentence read for its candidates: where the number stands, its context, and the feature
    groups of the candidates' first and last words (cached: most candidates share them)."""

    def __init__(self, ws: _Words, num_start: int, num_end: int) -> None:
        self.ws = ws
        words = self.words = ws.words
        n = len(words)
        self.first_after = next((k for k in range(n) if words[k].start >= num_end), n)
        self.last_before = next((k for k in range(n - 1, -1, -1) if words[k].end <= num_start), -1)
        lb = words[self.last_before] if self.last_before >= 0 else None
        self.own = (lb.clause + lb.mark) if lb else 0
        self.chunk_of = self._chunks()
        lead = [w for w in words[: self.last_before + 1] if w.clause == self.own and not w.mark]
        nxt = words[self.first_after] if self.first_after < n else None
        self.has_lead_noun = any(w.nounish for w in lead)  # a noun stands before the number in its clause
        self.lead_noun = f"leadN:{self.has_lead_noun}"
        context = [
            f"nx:{'N' if nxt and nxt.nounish else nxt.tag[:1] if nxt else '$'}",
            f"pv:{'N' if lead and lead[-1].nounish else lead[-1].tag[:1] if lead else '^'}",
            self.lead_noun,
        ]
        if lead and lead[-1].tag[:1] in "vpdc":
            context.append(f"pvw:{lead[-1].text}")
        self.context = context
        self._first: dict[tuple[int, str], tuple[str, ...]] = {}
        self._last: dict[tuple[int, str], tuple[str, ...]] = {}
        self._between_before: list[tuple[str, bool]] | None = None

    def between_before(self, j: int) -> tuple[str, bool]:
        """The tag initials (sorted, joined) of the words after word ``j`` up to the number, and whether one of
        them is a noun word (computed for every ``j`` at once: a clause can be long)."""
        if j >= self.last_before:
            return "", False
        if self._between_before is None:
            out: list[tuple[str, bool]] = [("", False)] * (self.last_before + 1)
            initials: set[str] = set()
            sig, noun = "", False
            for k in range(self.last_before, -1, -1):
                out[k] = (sig, noun)
                w = self.words[k]
                if w.tag[:1] not in initials:
                    initials.add(w.tag[:1])
                    sig = "".join(sorted(initials))
                noun = noun or w.nounish
            self._between_before = out
        return self._between_before[j]

    def _chunks(self) -> dict[int, tuple[int, int, int]]:
        """Word index → (first, last, rank) of the run of noun words it lies in; rank 0 is the run nearest
        before the number in its clause (counted within each clause before the number), -1 after it."""
        out: dict[int, tuple[int, int, int]] = {}
        rank: dict[int, int] = {}
        for a, e in reversed(self.ws.runs):
            if e <= self.last_before:
                clause = self.words[a].clause
                rank[clause] = r = rank.get(clause, -1) + 1
            else:
                r = -1
            for k in range(a, e + 1):
                out[k] = (a, e, r)
        return out

    def pos_of(self, j: int, before: bool) -> str:
        return f"b{self.own - self.words[j].clause}" if before else "a"

    def first(self, i: int, pos: str) -> tuple[str, ...]:
        """Features of a candidate's first word ``i`` (and what lies before it, and between the unit and it)."""
        key = (i, pos)
        got = self._first.get(key)
        if got is None:
            got = self._first[key] = tuple(self._first_features(i, pos))
        return got

    def _first_features(self, i: int, pos: str) -> list[str]:
        words = self.words
        wi = words[i]
        prev = words[i - 1] if i > 0 else None
        feats = [f"ft:{wi.tag}", f"{pos}ft:{wi.tag[:1]}", f"pt:{prev.tag if prev else '^'}", f"fr:{wi.role}"]
        feats += [f"pr:{prev.role if prev else '^'}", f"{pos}fr:{wi.role}"]
        if prev and (prev.tag.startswith((*NEAR_TAGS, "v")) or prev.mark):
            feats.append(f"pw:{prev.text}")
        ws = self.ws
        subject = ws.not_lead_before[i] == ws.not_lead_before[ws.run_start[i]]  # only times, places … before it
        feats += [f"{pos}subj:{subject}", f"{pos}s{subject}&{self.lead_noun}"]
        if pos == "a":
            between = words[self.first_after : i]
            feats.append(f"agap:{_dist(sum(len(w.text) for w in between))}")
            feats += {f"aw:{w.text}" for w in between[:3] if w.tag != "m"}
            feats += {f"at:{w.tag}" for w in between[:3]}
        return feats

    def last(self, j: int, pos: str) -> tuple[str, ...]:
        """Features of a candidate's last word ``j`` (and what follows it, and between it and the number)."""
        key = (j, pos)
        got = self._last.get(key)
        if got is None:
            got = self._last[key] = tuple(self._last_features(j, pos))
        return got

    def _last_features(self, j: int, pos: str) -> list[str]:
        words = self.words
        wj = words[j]
        nxt = words[j + 1] if j + 1 < len(words) else None
        rank = self.chunk_of[j][2] if j in self.chunk_of else -2
        feats = [f"pos:{pos}", f"lt:{wj.tag}", f"lw:{wj.text}", f"{pos}lt:{wj.tag[:1]}", f"nt:{nxt.tag if nxt else '$'}"]
        feats += [f"{pos}rank:{min(rank, 3)}", f"lr:{wj.role}", f"nr:{nxt.role if nxt else '$'}", f"{pos}lr:{wj.role}"]
        feats += [f"{pos}&{c}" for c in self.context]
        if nxt and nxt.tag.startswith((*NEAR_TAGS, "v")):
            feats.append(f"nxw:{nxt.text}")
        if pos != "a":
            between = words[max(j + 1, self.last_before - 3) : self.last_before + 1]  # the last four
            gap = max(0, self.ws.chars_before[self.last_before + 1] - self.ws.chars_before[j + 1])
            feats.append(f"{pos}gap:{_dist(gap)}")
            if pos == "b0":
                feats += {f"bw:{w.text}" for w in between if w.tag != "m"}
                feats += {f"bt:{w.tag}" for w in between}
                sig, noun = self.between_before(j)
                feats.append("bsig:" + sig)
                feats.append(f"bN:{noun}")
            else:
                feats.append(f"{pos}end:{nxt.mark if nxt else True}")
        return feats

    def chunk(self, i: int, j: int) -> str:
        """How the span of words i..j lies in the noun runs: exact, head (ends one), start, inner, none, more."""
        ci, cj = self.chunk_of.get(i), self.chunk_of.get(j)
        if ci is None and cj is None:
            return "none"
        if ci is None or cj is None or ci != cj:
            return "more"
        a, e, _ = ci
        if i == a and j == e:
            return "exact"
        return "head" if j == e else "start" if i == a else "inner"

    def choice(self, s_text: str, i: int, j: int, pos: str, tags: str, roles: tuple[str, ...], de: bool, verb: bool) -> Choice:
        """The candidate of words i..j, with its own features (``tags``, ``roles``: of its words, sorted)."""
        words = self.words
        wi, wj = words[i], words[j]
        own = self.own_key(i, j, pos, tags, roles, de, verb)
        return Choice(wi.start, wj.end, s_text[wi.start : wj.end], [self.first(i, pos), self.last(j, pos), own])

    def own_key(self, i: int, j: int, pos: str, tags: str, roles: tuple[str, ...], de: bool, verb: bool) -> _Own:
        """The key of the candidate's own features (``own_features``)."""
        words = self.words
        prev = words[i - 1] if i > 0 else None
        nxt = words[j + 1] if j + 1 < len(words) else None
        return _Own(
            (
                pos,
                _dist(words[j].end - words[i].start),
                j - i + 1,
                self.chunk(i, j),
                tags,
                (nxt.role or nxt.tag[:1]) if nxt else "$",
                (prev.role or prev.tag[:1]) if prev else "^",
                roles,
                de,
                verb,
            )
        )

    def span_choice(self, s_text: str, i: int, j: int, before: bool) -> Choice:
        """The candidate of words i..j built in one go (the rules' pick)."""
        span = self.words[i : j + 1]
        tags = "".join(sorted({w.tag[:1] for w in span}))
        roles = tuple(sorted({w.role for w in span if w.role}))
        return self.choice(
            s_text, i, j, self.pos_of(j, before), tags, roles, any(w.tag == "uj" for w in span), any(w.tag == "v" for w in span)
        )


@lru_cache(maxsize=1024)
def _add(tags: str, tag: str) -> str:
    """The sorted tag letters with ``tag`` added."""
    return tags if tag in tags else "".join(sorted(tags + tag))


def _add_role(roles: tuple[str, ...], role: str) -> tuple[str, ...]:
    return roles if not role or role in roles else tuple(sorted((*roles, role)))


Span = tuple[int, int, str, str, tuple[str, ...], bool, bool]  # i, j, pos, tag letters, lexicon roles, has 的, has a verb


def _spans(fig: _Figure, num_end: int) -> Iterator[Span]:
    """The candidate spans of words i..j with their position and what their words are: before the number, in its
    clause and, when no noun stands before the number in its clause (，达到64.7%), in the one before; after the
    unit, in the rest of its clause up to another number."""
    yield from _spans_before(fig)
    yield from _spans_after(fig, num_end)


def _spans_before(fig: _Figure) -> Iterator[Span]:
    words, balanced = fig.words, fig.ws.balanced
    reach = 0 if fig.has_lead_noun else CLAUSES_BACK
    for j in range(fig.last_before, -1, -1):
        wj = words[j]
        back = fig.own - wj.clause
        if back > reach:
            break
        if wj.bad_end or wj.number:
            continue
        pos, tags, roles, de, verb, cue_only = f"b{back}", "", (), False, False, True
        for i in range(j, max(-1, j - MAX_WORDS), -1):
            wi = words[i]
            if wi.clause != wj.clause or wj.end - wi.start > MAX_CHARS or (i < j and wi.number):
                break
            tags, roles = _add(tags, wi.tag[:1]), _add_role(roles, wi.role)
            de, verb, cue_only = de or wi.tag == "uj", verb or wi.tag == "v", cue_only and wi.cue
            if not wi.bad_start and not cue_only and balanced(wi.start, wj.end):
                yield i, j, pos, tags, roles, de, verb


def _spans_after(fig: _Figure, num_end: int) -> Iterator[Span]:
    words, ws, n = fig.words, fig.ws, len(fig.words)
    hi_char = num_end + AFTER_REACH
    for i in range(fig.first_after, n):
        wi = words[i]
        if wi.clause != fig.own or wi.start >= hi_char or wi.number:
            break  # (a phrase after another number is what that one counts)
        if wi.bad_start:
            continue
        tags, roles, de, verb, cue_only = "", (), False, False, True
        for j in range(i, min(n, i + MAX_WORDS)):
            wj = words[j]
            if wj.clause != fig.own or wj.end - wi.start > MAX_CHARS or wj.number or wj.mark:
                break
            tags, roles = _add(tags, wj.tag[:1]), _add_role(roles, wj.role)
            de, verb, cue_only = de or wj.tag == "uj", verb or wj.tag == "v", cue_only and wj.cue
            if not wj.bad_end and not cue_only and ws.balanced(wi.start, wj.end):
                yield i, j, "a", tags, roles, de, verb


def indicator_candidates(s_text: str, num_start: int, num_end: int, rule: str, source: str, unit: str, kind: str) -> list[Choice]:
    """The phrases of the sentence that the figure at ``[num_start, num_end)`` (number and unit, offsets in
    ``s_text``) may count, with their features; the rules' indicator ``rule`` (picked by rule ``source``) first.
    Empty when the rules' indicator is not written in the sentence (a name they built: 完成任务比例)."""
    rule_span = _rule_span(s_text, rule, num_start, num_end)
    if rule_span is None:
        return []
    fig = read_figure(s_text, num_start, num_end)
    spans: dict[tuple[int, int], Choice] = {}
    for i, j, pos, tags, roles, de, verb in _spans(fig, num_end):
        spans[(fig.words[i].start, fig.words[j].end)] = fig.choice(s_text, i, j, pos, tags, roles, de, verb)
    rule_choice = spans.pop(rule_span, None) or _loose_choice(s_text, fig, rule_span, num_start)
    rule_choice.is_rule = True
    out = [rule_choice, *spans.values()]
    common, as_rule, versus_rule = _figure_parts(rule_choice, unit, kind)
    relations: dict[str, tuple[str, ...]] = {}
    for ch in out:
        rel = _rule_relation(ch.start, ch.end, rule_span, ch.is_rule)
        group = relations.get(rel)
        if group is None:
            group = relations[rel] = (rel, f"{rel}:{source}")
        ch.parts += [common, group, as_rule if ch.is_rule else versus_rule]
    return out


def _figure_parts(rule_choice: Choice, unit: str, kind: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The features every candidate of a figure has (unit, kind), and the rules' pick's shape as the pick
    sees it and as the other candidates do."""
    shape = tuple(f for f in rule_choice.features if f.startswith(RULE_SHAPE))
    return (f"unit:{unit}", f"kind:{kind}"), tuple("R&" + f for f in shape), tuple("vsR&" + f for f in shape)


def best_indicator(
    model: IndicatorModel, s_text: str, num_start: int, num_end: int, rule: str, source: str, unit: str, kind: str
) -> Choice | None:
    """``model.choose(indicator_candidates(…))`` without building every candidate: the spans are scored as they
    are found (their shared feature groups weighed once) and only the winner becomes a ``Choice``."""
    rule_span = _rule_span(s_text, rule, num_start, num_end)
    if rule_span is None:
        return None
    fig = read_figure(s_text, num_start, num_end)
    words, w = fig.words, model.weights_
    w_get, own_weight, own_key = w.get, model.own_weight, fig.own_key
    first: dict[tuple[int, str], float] = {}
    last: dict[tuple[int, str], float] = {}
    rel_weight: dict[str, float] = {}
    best, best_score, rule_at = None, -float("inf"), None
    for span in _spans(fig, num_end):
        i, j, pos, tags, roles, de, verb = span
        a, b = words[i].start, words[j].end
        if (a, b) == rule_span:
            rule_at = span
            continue
        f = first.get((i, pos))
        if f is None:
            f = first[(i, pos)] = sum(map(w_get, fig.first(i, pos), repeat(0.0)))
        ell = last.get((j, pos))
        if ell is None:
            ell = last[(j, pos)] = sum(map(w_get, fig.last(j, pos), repeat(0.0)))
        rel = _rule_relation(a, b, rule_span, False)
        r = rel_weight.get(rel)
        if r is None:
            r = rel_weight[rel] = w_get(rel, 0.0) + w_get(f"{rel}:{source}", 0.0)
        score = f + ell + own_weight(own_key(i, j, pos, tags, roles, de, verb)) + r
        if score > best_score:
            best, best_score = span, score
    if best is None:
        return None
    rule_choice = fig.choice(s_text, *rule_at) if rule_at else _loose_choice(s_text, fig, rule_span, num_start)
    rule_choice.is_rule = True
    common, as_rule, versus_rule = _figure_parts(rule_choice, unit, kind)
    weigh = model.weigh
    rule_score = weigh(rule_choice.features) + weigh(("rule", f"rule:{source}")) + weigh(as_rule)
    if best_score + weigh(versus_rule) - rule_score <= model.margin:
        return None
    return fig.choice(s_text, *best)


RULE_SHAPE = ("pos:", "chunk:", "lt:", "loose", "tags:")  # the features of the rules' pick that all candidates see


def _rule_span(s_text: str, rule: str, num_start: int, num_end: int) -> tuple[int, int] | None:
    """Where the rules' indicator is written: the occurrence nearest the number, else None."""
    if not rule:
        return None
    found = [
        p
        for p in (s_text.rfind(rule, 0, num_start), s_text.find(rule, num_end), s_text.find(rule, max(0, num_start - len(rule))))
        if p >= 0
    ]
    if not found:
        return None
    p = min(found, key=lambda x: min(abs(x + len(rule) - num_start), abs(x - num_end)))
    return p, p + len(rule)


def _loose_choice(s_text: str, fig: _Figure, span: tuple[int, int], num_start: int) -> Choice:
    """The rules' indicator when it is not a span of whole words: described by the words it touches."""
    a, b = span
    inside = [k for k, w in enumerate(fig.words) if w.end > a and w.start < b]
    if not inside:
        return Choice(a, b, s_text[a:b], [("loose", "loose:empty")])
    ch = fig.span_choice(s_text, inside[0], inside[-1], b <= num_start)
    return Choice(a, b, s_text[a:b], [("loose",), *ch.parts])


def _rule_relation(start: int, end: int, rule_span: tuple[int, int], is_rule: bool) -> str:
    """How a candidate lies to the rules' pick: rule (it is the pick), holds_rule, in_rule, crosses_rule, apart."""
    a, b = rule_span
    if is_rule:
        return "rule"
    if start <= a and b <= end:
        return "holds_rule"
    if a <= start and end <= b:
        return "in_rule"
    return "crosses_rule" if start < b and a < end else "apart"


class IndicatorModel:
    """A logistic regression over binary candidate features, kept as two arrays (names, weights)."""

    def __init__(self, C: float = 1.0, margin: float = MARGIN):
        self.C = C
        self.margin = margin
        self.weights_: dict[str, float] = {}
        self.intercept_ = 0.0
        self.meta_: dict = {}
        self._own_weights: dict[_Own, float] = {}  # ``own_weight``'s caches
        self._group_weights: dict[tuple, float] = {}

    def fit(self, X: Sequence[Sequence[str]], y: Sequence[int], weights: Sequence[float] | None = None) -> IndicatorModel:
        """Fit on the feature lists of candidates and 0/1 labels (1: the candidate names what is counted)."""
        import numpy as np
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = CountVectorizer(analyzer=lambda x: x, lowercase=False, binary=True)
        features = vec.fit_transform(list(X))
        clf = LogisticRegression(C=self.C, max_iter=5000).fit(
            features, np.asarray(y), sample_weight=None if weights is None else np.asarray(weights, dtype=float)
        )
        coef = clf.coef_[0]
        self.weights_ = {t: float(coef[k]) for t, k in vec.vocabulary_.items() if coef[k] != 0.0}
        self.intercept_ = float(clf.intercept_[0])
        self._own_weights.clear()  # sums of the old weights
        self._group_weights.clear()
        return self

    def scores(self, choices: Sequence[Choice]) -> list[float]:
        """The model's score (log-odds) of each candidate: the weights of its feature groups, each group
        shared by several candidates summed once."""
        w, b = self.weights_, self.intercept_
        summed: dict[int, float] = {}
        out = []
        for ch in choices:
            total = b
            for part in ch.parts:
                if type(part) is _Own:
                    v = self.own_weight(part)
                else:
                    key = id(part)
                    v = summed.get(key)
                    if v is None:
                        v = summed[key] = sum(map(w.get, part, repeat(0.0)))
                total += v
            out.append(total)
        return out

    def weigh(self, features) -> float:
        """The summed weights of ``features`` (no intercept)."""
        return sum(map(self.weights_.get, features, repeat(0.0)))

    def own_weight(self, key: _Own) -> float:
        """The weight of a candidate's own features (``own_features``), summed from cached groups: most
        combinations are new, their groups are not."""
        total = self._own_weights.get(key)
        if total is not None:
            return total
        own = self._own_weights
        if len(own) > OWN_CACHE:
            own.clear()
        pos, length, n_words, chunk, tags, after, before, roles, de, verb = key
        cache = self._group_weights
        total = 0.0
        for group, make in (
            ((length, n_words), _size_features),
            ((pos, chunk, after, before), _chunk_features),
            ((tags,), _tag_features),
            ((pos, roles, de, verb), _word_features),
        ):
            v = cache.get(group)
            if v is None:
                v = cache[group] = self.weigh(make(*group))
            total += v
        own[key] = total
        return total

    def choose(self, choices: Sequence[Choice]) -> Choice | None:
        """The best candidate when it beats the rules' choice (the first) by ``margin``; None to keep the rules'."""
        if len(choices) < 2:
            return None
        s = self.scores(choices)
        best = max(range(len(s)), key=s.__getitem__)
        return choices[best] if best and s[best] - s[0] > self.margin else None

    def save(self, path: str | Path, meta: dict | None = None) -> None:
        import numpy as np

        self.meta_ = dict(meta or {})
        names = sorted(self.weights_)
        payload = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "C": float(self.C),
            "margin": float(self.margin),
            "names": np.array(names, dtype=str),
            "weights": np.array([self.weights_[t] for t in names], dtype=np.float64),
            "intercept": float(self.intercept_),
            "meta": json.dumps(self.meta_, ensure_ascii=False),
        }
        write_payload(payload, path)

    @classmethod
    def load(cls, path: str | Path) -> IndicatorModel:
        payload = read_versioned(path, FORMAT, FORMAT_VERSION, "indicator model")
        model = cls(C=payload["C"], margin=payload["margin"])
        model.weights_ = dict(zip(payload["names"].tolist(), payload["weights"].tolist()))
        model.intercept_ = float(payload["intercept"])
        model.meta_ = json.loads(payload.get("meta") or "{}")
        return model


def shipped_path() -> Path:
    return shipped_model(MODEL_FILE)


@lru_cache(maxsize=4)
def load_indicator_model(path: str | None = None) -> IndicatorModel | None:
    """The indicator model at ``path`` (default: the shipped one), loaded once per process; None when
    the shipped file is absent."""
    return load_optional(IndicatorModel.load, MODEL_FILE, path)
