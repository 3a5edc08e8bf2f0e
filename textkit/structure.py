"""Structure parsing: headings, list items, sentences and clauses, with offsets into the article text.

Numbering schemes nest in the order a document first uses them (as in 一、 → (一) → 1、 → (1)),
so levels are assigned with a stack rather than fixed per scheme. The schemes, their marker
patterns and the order words live in ``textkit/data`` (``structure_schemes.tsv``,
``structure_order_words.tsv``, ``patterns/structure_inline_markers.txt``).

``parse_structure`` runs four steps per paragraph — find a heading, nest it with the stack, find
inline items, cut sentences and clauses — and then closes sections and items.
"""

from __future__ import annotations

import re

from textkit.model import Article, ListItem, Section, Sentence
from textkit.resources import pattern, table, words

CN = "".join(words("structure_numerals"))
CN_VALUES = {c: i + 1 for i, c in enumerate(CN)}
_TEN = CN[9]
PLAIN = "plain"  # the scheme of an unnumbered heading line

_SCHEME_ROWS = table("structure_schemes")
SCHEMES: list[tuple[str, re.Pattern]] = [(row["scheme"], re.compile(row["pattern"])) for row in _SCHEME_ROWS]
_SCHEME = dict(SCHEMES)
# Whether any scheme's marker starts at a position: one match instead of one per scheme, where most
# positions have none.
_ANY_SCHEME = re.compile("|".join(f"(?:{pat.pattern})" for _, pat in SCHEMES))
HEADING_SCHEMES = frozenset(row["scheme"] for row in _SCHEME_ROWS if row["role"] == "heading")
_DIGIT_GUARDED = frozenset(row["scheme"] for row in _SCHEME_ROWS if row["digit_guard"] == "yes")
_INLINE_FALLBACK = "一是"  # the scheme of an inline marker that no scheme pattern matches where it stands
_ORDER_WORDS = {row["word"]: int(row["index"]) for row in table("structure_order_words")}

_SENT_END = "。！？!?；;"
_CLAUSE_END = "，,：:"
_SENT_END_RE = re.compile(f"[{re.escape(_SENT_END)}]")
_CLAUSE_CUT_RE = re.compile(f"[{re.escape(_CLAUSE_END + _SENT_END)}]")
_HEAD_END = re.compile(r"[。！？!?；;：:]")
_HEAD_CLAUSE_END = re.compile(r"[，,]")
# Inline markers follow a sentence end, a colon or the paragraph start.
_INLINE = re.compile(rf"(?:(?<=[。；;：:！？!?])|^)\s*(?P<m>{pattern('structure_inline_markers')})", re.M)
_TITLE_PUNCT = "。！？!?；;，,、"
_LEAD = " ，,：:"  # skipped between a marker and the text it numbers
_DIGITS = "0123456789"


def marker_index(marker: str) -> int:
    """The position a list marker states (二是 → 2, (3) → 3, ③ → 3, 最后 → 9)."""
    digits = re.findall(r"\d+", marker)
    if digits:
        return int(digits[0])
    for word, value in _ORDER_WORDS.items():
        if marker.startswith(word):
            return value
    if marker and "①" <= marker[0] <= "⑳":
        return ord(marker[0]) - ord("①") + 1
    return _numeral_value([c for c in marker if c in CN_VALUES])


def _numeral_value(numerals: list[str]) -> int:
    """Value of up to three Chinese numerals (二 → 2, 十二 → 12, 二十三 → 23); 0 for none."""
    if not numerals:
        return 0
    if len(numerals) == 1:
        return CN_VALUES[numerals[0]]
    if numerals[0] == _TEN:
        return 10 + CN_VALUES.get(numerals[1], 0)
    return CN_VALUES[numerals[0]] * 10 + (CN_VALUES.get(numerals[2], 0) if len(numerals) > 2 else 0)


def match_marker(text: str, pos: int = 0) -> tuple[str, str, int] | None:
    """``(scheme, marker, end)`` when a numbering marker starts at ``pos``."""
    if not _ANY_SCHEME.match(text, pos):
        return None
    for name, pat in SCHEMES:
        m = pat.match(text, pos)
        if m and not _digit_follows(name, text, m.end()):
            return name, m.group(0), m.end()
    return None


def _digit_follows(scheme: str, text: str, end: int) -> bool:
    """Whether a digit right after the marker shows it is a number, not a marker (1.5, 一、2)."""
    return scheme in _DIGIT_GUARDED and end < len(text) and text[end] in _DIGITS


def head_end(text: str, start: int, end: int, *, max_sentence: int = 40, max_clause: int = 25) -> int:
    """End of an item's head: its first sentence when short, else its first clause when short."""
    m = _HEAD_END.search(text, start, end)
    stop = m.start() if m else end
    if stop - start <= max_sentence:
        return stop
    c = _HEAD_CLAUSE_END.search(text, start, stop)
    if c and c.start() - start <= max_clause:
        return c.start()
    return start


def is_plain_heading(para: str) -> bool:
    """An unnumbered short line without sentence punctuation (a section title)."""
    body = para.rstrip("：:")
    return 2 <= len(body) <= 40 and not any(p in body for p in _TITLE_PUNCT) and not body.isdigit()


def parse_structure(article: Article) -> Article:
    """Fill ``sections``, ``items`` and ``sentences`` of the article (idempotent)."""
    article.sections, article.items, article.sentences = [], [], []
    stack: list[tuple[str, int]] = []  # open sections, innermost last: (scheme, section index)
    garbled = sorted(article.garbled)
    for p_idx, (ps, pe) in enumerate(article.paragraphs):
        opened = _add_heading(article, stack, ps, pe)
        section_idx = len(article.sections) - 1 if article.sections else None
        _add_inline_items(article, ps, pe, section_idx, skip_start=opened)
        _split_sentences(article, ps, pe, p_idx, section_idx, garbled)
    _close_sections(article)
    _close_items(article)
    return article


# -- headings -----------------------------------------------------------------------------------


def heading_marker(para: str) -> tuple[str, str, int] | None:
    """``(scheme, marker, marker end)`` when the paragraph may open a section: a heading scheme's
    marker starts it, or it is a plain title line (scheme ``plain``, no marker)."""
    found = match_marker(para)
    if found:
        return found if found[0] in HEADING_SCHEMES else None
    return (PLAIN, "", 0) if is_plain_heading(para) else None


def _nest(stack: list[tuple[str, int]], scheme: str) -> bool:
    """Close the open sections that a heading of ``scheme`` ends; False when the line is body text
    after all (a plain line inside numbered sections)."""
    if any(open_scheme == scheme for open_scheme, _ in stack):
        while stack.pop()[0] != scheme:
            pass
    return not (scheme == PLAIN and stack and stack[0][0] != PLAIN)


def _add_heading(article: Article, stack: list[tuple[str, int]], ps: int, pe: int) -> bool:
    """Open a section (and its list item) when paragraph ``[ps, pe)`` is a heading."""
    found = heading_marker(article.text[ps:pe])
    if not found or not _nest(stack, found[0]):
        return False
    scheme, marker, mend = found
    text = article.text
    hs = _skip_lead(text, ps + mend, pe)
    heading = text[hs : _heading_end(text, scheme, hs, pe)].rstrip("：: ")
    parent = stack[-1][1] if stack else None
    article.sections.append(Section(heading, len(stack) + 1, scheme, hs, pe, hs + len(heading), parent))
    index = len(article.sections) - 1
    stack.append((scheme, index))
    if scheme != PLAIN:
        article.items.append(ListItem(marker.strip(), scheme, marker_index(marker), hs, pe, hs + len(heading), ps, index))
    return True


def _heading_end(text: str, scheme: str, hs: int, pe: int) -> int:
    """A plain heading is its whole line; a numbered one its head, or its line when short."""
    he = pe if scheme == PLAIN else head_end(text, hs, pe)
    if he == hs:
        he = pe if pe - hs <= 40 else hs
    return he


def _skip_lead(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in _LEAD:
        pos += 1
    return pos


def _close_sections(article: Article) -> None:
    """A section ends where the next section at the same or a higher level starts (its marker)."""
    secs, text = article.sections, article.text
    after: list[Section] = []  # the sections after the current one that no later one at their level or higher hides
    for s in reversed(secs):
        while after and after[-1].level > s.level:
            after.pop()
        end = after[-1].start - _marker_len(text, after[-1]) if after else len(text)
        s.end = max(s.heading_end, end)
        after.append(s)


def _marker_len(text: str, sec: Section) -> int:
    """The characters of a section's line before its heading (its marker)."""
    return sec.start - (text.rfind("\n", 0, sec.start) + 1)


# -- inline items -------------------------------------------------------------------------------


def _add_inline_items(article: Article, ps: int, pe: int, section_idx: int | None, *, skip_start: bool) -> None:
    """Items numbered inside paragraph ``[ps, pe)`` (一是…二是…, and numbering that starts the
    paragraph when it did not open a section)."""
    text = article.text
    for m in _INLINE.finditer(text[ps:pe]):
        ms = ps + m.start("m")
        if skip_start and ms == ps:
            continue
        mk = m.group("m")
        s = _skip_lead(text, ps + m.end("m"), pe)
        found = match_marker(text, ms)
        scheme = found[0] if found else _INLINE_FALLBACK
        article.items.append(ListItem(mk, scheme, marker_index(mk), s, pe, head_end(text, s, pe), ms, section_idx))


def _close_items(article: Article) -> None:
    """Sort items by position; an item ends where the next item of its scheme starts inside it."""
    items = sorted(article.items, key=lambda it: it.marker_start)
    for a, b in zip(items, items[1:]):
        if b.marker_start < a.end and b.scheme == a.scheme:
            a.end = b.marker_start
            a.head_end = min(a.head_end, a.end)
    article.items = items


# -- sentences and clauses ----------------------------------------------------------------------


def _split_sentences(article: Article, ps: int, pe: int, p_idx: int, section_idx: int | None, garbled: list) -> None:
    """Cut paragraph ``[ps, pe)`` into sentences at sentence-final punctuation and at garbled runs
    (which are skipped)."""
    garble_end = {g[0]: g[1] for g in garbled if ps <= g[0] < pe}
    if not garble_end:
        _split_clean(article, ps, pe, p_idx, section_idx)
        return
    start = ps
    for pos, is_end in _cut_events(article.text, ps, pe, garble_end):
        if pos < start:
            continue
        if is_end:
            _add_sentence(article, start, pos + 1, p_idx, section_idx)
            start = pos + 1
            continue
        _add_sentence(article, start, pos, p_idx, section_idx)
        start = garble_end[pos]
        if start > pe:
            return
    _add_sentence(article, start, pe, p_idx, section_idx)


def _split_clean(article: Article, ps: int, pe: int, p_idx: int, section_idx: int | None) -> None:
    """``_split_sentences`` of a paragraph without garbled runs in one pass over its punctuation: each
    sentence's clauses are cut as its punctuation is met (the same sentences and clauses as
    ``_add_sentence`` and ``clauses`` give, without a second pass over each sentence's cuts)."""
    text = article.text
    sentences = article.sentences
    start = _skip_blanks(text, ps, pe)
    cs = start  # where the current clause starts
    spans: list[tuple[int, int]] = []
    for m in _CLAUSE_CUT_RE.finditer(text, ps, pe):
        pos = m.start()
        if pos > cs:
            spans.append((cs, pos))
        cs = pos + 1
        if text[pos] in _SENT_END:
            if _long_enough(text, start, cs):
                sentences.append(Sentence(start, cs, spans, section_idx, p_idx))
            start = cs = _skip_blanks(text, cs, pe)
            spans = []
    if cs < pe:
        spans.append((cs, pe))
    if _long_enough(text, start, pe):
        sentences.append(Sentence(start, pe, spans, section_idx, p_idx))


def _skip_blanks(text: str, start: int, end: int) -> int:
    """The first position from ``start`` that is no blank a sentence starts with (cut characters are none)."""
    while start < end and text[start] in " \n":
        start += 1
    return start


def _long_enough(text: str, start: int, end: int) -> bool:
    """A sentence is kept unless it is shorter than two characters, or a lone end mark."""
    return end - start >= 2 or (end > start and text[start] not in _SENT_END)


def _cut_events(text: str, ps: int, pe: int, garble_end: dict[int, int]) -> list[tuple[int, int]]:
    """Positions where a sentence is cut, in order: ``(pos, 0)`` a garbled run starts, ``(pos, 1)``
    sentence-final punctuation."""
    return sorted([(g0, 0) for g0 in garble_end] + [(m.start(), 1) for m in _SENT_END_RE.finditer(text, ps, pe)])


def _add_sentence(article: Article, start: int, end: int, p_idx: int, section_idx: int | None) -> None:
    """Add sentence ``[start, end)`` (leading blanks dropped, too short skipped) with its clauses."""
    text = article.text
    start = _skip_blanks(text, start, end)  # not cut characters: every cut stays inside
    if _long_enough(text, start, end):
        article.sentences.append(Sentence(start, end, clauses(text, start, end), section_idx, p_idx))


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of sentence ``[start, end)``: cut at commas, colons and sentence ends."""
    return _clauses_between([m.start() for m in _CLAUSE_CUT_RE.finditer(text, start, end)], start, end)


def _clauses_between(cuts: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """The non-empty spans of ``[start, end)`` between its cut positions ``cuts``."""
    out = []
    cs = start
    for j in cuts:
        if j > cs:
            out.append((cs, j))
        cs = j + 1
    if cs < end:
        out.append((cs, end))
    return out
