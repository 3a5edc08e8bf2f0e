"""Structure parsing: headings, list items, sentences and clauses, with offsets into the article text.

Numbering schemes nest in the order a document first uses them (as in 一、 → (一) → 1、 → (1)),
so levels are assigned with a stack rather than fixed per scheme.
"""

from __future__ import annotations

import re

from textkit.model import Article, ListItem, Section, Sentence

CN = "一二三四五六七八九十"
SCHEMES: list[tuple[str, re.Pattern]] = [
    ("一、", re.compile(rf"[{CN}]{{1,3}}\s*[、.．]")),
    ("(一)", re.compile(rf"[（(]\s*[{CN}]{{1,3}}\s*[)）][、.．]?")),
    ("1、", re.compile(r"\d{1,2}\s*[、．](?!\d)")),
    ("1.", re.compile(r"\d{1,2}\s*\.(?!\d)")),
    ("(1)", re.compile(r"[（(]\s*\d{1,2}\s*[)）][、.．]?")),
    ("1)", re.compile(r"\d{1,2}[)）]")),
    ("①", re.compile(r"[①-⑳]")),
    ("第一", re.compile(rf"第[{CN}]{{1,3}}(?:条|点|项|个方面|方面)?\s*[,，、:：]|第[{CN}]{{1,3}}(?:条|点)\s*")),
    ("一是", re.compile(rf"[{CN}]是(?![否非])")),
    ("首先", re.compile(r"(?:首先|其次|再次|再者|另外|此外|最后|同时)\s*[,，:：]?")),
]
_SCHEME = dict(SCHEMES)
_SENT_END = "。！？!?；;"
_CLAUSE_END = "，,：:"
_SENT_END_RE = re.compile(f"[{re.escape(_SENT_END)}]")
_CLAUSE_CUT_RE = re.compile(f"[{re.escape(_CLAUSE_END + _SENT_END)}]")
_HEAD_END = re.compile(r"[。！？!?；;：:]")
# Inline markers follow a sentence end, a colon or the paragraph start.
_INLINE = re.compile(
    rf"(?:(?<=[。；;：:！？!?])|^)\s*(?P<m>[{CN}]是(?![否非])|第[{CN}]{{1,2}}(?=[,，、:：])|(?:首先|其次|再次|最后)(?=[,，])|^(?:另外|此外)(?=[,，])|\d{{1,2}}[、．](?!\d)|[①-⑳])",
    re.M,
)
_TITLE_PUNCT = "。！？!?；;，,、"
CN_VALUES = {c: i + 1 for i, c in enumerate(CN)}
_ORDER_WORDS = {"首先": 1, "其次": 2, "再次": 3, "再者": 3, "另外": 4, "此外": 4, "同时": 4, "最后": 9}


def marker_index(marker: str) -> int:
    """The position a list marker states (二是 → 2, (3) → 3, ③ → 3, 最后 → 9)."""
    digits = re.findall(r"\d+", marker)
    if digits:
        return int(digits[0])
    for word, v in _ORDER_WORDS.items():
        if marker.startswith(word):
            return v
    if marker and "①" <= marker[0] <= "⑳":
        return ord(marker[0]) - ord("①") + 1
    cn = [c for c in marker if c in CN]
    if not cn:
        return 0
    if len(cn) == 1:
        return CN_VALUES[cn[0]]
    if cn[0] == "十":
        return 10 + CN_VALUES.get(cn[1], 0)
    return CN_VALUES[cn[0]] * 10 + (CN_VALUES.get(cn[2], 0) if len(cn) > 2 else 0)


def match_marker(text: str, pos: int = 0) -> tuple[str, str, int] | None:
    """``(scheme, marker, end)`` when a numbering marker starts at ``pos``."""
    for name, pat in SCHEMES:
        m = pat.match(text, pos)
        if m:
            end = m.end()
            if name in ("一、", "1、", "1.") and end < len(text) and text[end] in "0123456789":
                continue
            return name, m.group(0), end
    return None


def head_end(text: str, start: int, end: int, *, max_sentence: int = 40, max_clause: int = 25) -> int:
    """End of an item's head: its first sentence when short, else its first clause when short."""
    m = _HEAD_END.search(text, start, end)
    stop = m.start() if m else end
    if stop - start <= max_sentence:
        return stop
    c = re.compile(r"[，,]").search(text, start, stop)
    if c and c.start() - start <= max_clause:
        return c.start()
    return start


def is_plain_heading(para: str) -> bool:
    """An unnumbered short line without sentence punctuation (a section title)."""
    body = para.rstrip("：:")
    return 2 <= len(body) <= 40 and not any(p in body for p in _TITLE_PUNCT) and not body.isdigit()


def parse_structure(article: Article) -> Article:
    """Fill ``sections``, ``items`` and ``sentences`` of the article (idempotent)."""
    text = article.text
    article.sections, article.items, article.sentences = [], [], []
    stack: list[tuple[str, int]] = []  # (scheme, section index)
    level_of: dict[str, int] = {}
    garbled = sorted(article.garbled)
    for p_idx, (ps, pe) in enumerate(article.paragraphs):
        para = text[ps:pe]
        found = match_marker(para)
        scheme = None
        if found and found[0] not in ("一是", "首先", "第一"):
            scheme, marker, mend = found
        elif found is None and is_plain_heading(para):
            scheme, marker, mend = "plain", "", 0
        if scheme:
            while stack and stack[-1][0] != scheme and scheme in [s for s, _ in stack]:
                stack.pop()
            if stack and stack[-1][0] == scheme:
                stack.pop()
            if scheme == "plain" and stack and stack[0][0] != "plain":
                scheme = None  # a short unnumbered line inside numbered sections: body text
        if scheme:
            level = len(stack) + 1
            level_of.setdefault(scheme, level)
            hs = ps + mend
            while hs < pe and text[hs] in " ，,：:":
                hs += 1
            he = pe if scheme == "plain" else head_end(text, hs, pe)
            if he == hs:
                he = pe if pe - hs <= 40 else hs
            parent = stack[-1][1] if stack else None
            heading = text[hs:he].rstrip("：: ")
            article.sections.append(Section(heading, level, scheme, hs, pe, hs + len(heading), parent))
            stack.append((scheme, len(article.sections) - 1))
            if scheme != "plain":
                article.items.append(
                    ListItem(marker.strip(), scheme, marker_index(marker), hs, pe, hs + len(heading), ps, len(article.sections) - 1)
                )
        # inline markers (一是…二是…, and numbering that starts this paragraph when not a section)
        section_idx = len(article.sections) - 1 if article.sections else None
        for m in _INLINE.finditer(para):
            ms = ps + m.start("m")
            if scheme and ms == ps:
                continue
            mk = m.group("m")
            s = ps + m.end("m")
            while s < pe and text[s] in " ，,：:":
                s += 1
            he = head_end(text, s, pe)
            found_here = match_marker(text, ms)
            article.items.append(ListItem(mk, found_here[0] if found_here else "一是", marker_index(mk), s, pe, he, ms, section_idx))
        # sentences
        _split_sentences(article, ps, pe, p_idx, section_idx, garbled)
    # section ends: up to the next section at the same or a higher level
    secs = article.sections
    for i, s in enumerate(secs):
        end = len(text)
        for t in secs[i + 1 :]:
            if t.level <= s.level:
                end = t.start - _marker_len(text, t)
                break
        s.end = max(s.heading_end, end)
    # inline items end where the next sibling starts
    items = sorted(article.items, key=lambda it: it.marker_start)
    for a, b in zip(items, items[1:]):
        if b.marker_start < a.end and b.scheme == a.scheme:
            a.end = b.marker_start
            a.head_end = min(a.head_end, a.end)
    article.items = items
    return article


def _marker_len(text: str, sec: Section) -> int:
    back = sec.start
    while back > 0 and text[back - 1] != "\n":
        back -= 1
    return sec.start - back


def _split_sentences(article: Article, ps: int, pe: int, p_idx: int, section_idx: int | None, garbled: list) -> None:
    """Cut paragraph ``[ps, pe)`` into sentences at sentence-final punctuation and at garbled runs
    (which are skipped)."""
    text = article.text
    garble_end = {g[0]: g[1] for g in garbled if ps <= g[0] < pe}
    events = sorted([(g0, 0) for g0 in garble_end] + [(m.start(), 1) for m in _SENT_END_RE.finditer(text, ps, pe)])
    start = i = ps
    for pos, kind in events:
        if pos < i:
            continue
        if kind == 0:
            _add_sentence(article, start, pos, p_idx, section_idx)
            start = i = garble_end[pos]
            if i > pe:
                return
        else:
            _add_sentence(article, start, pos + 1, p_idx, section_idx)
            start = i = pos + 1
    _add_sentence(article, start, pe, p_idx, section_idx)


def _add_sentence(article: Article, start: int, end: int, p_idx: int, section_idx: int | None) -> None:
    text = article.text
    while start < end and text[start] in " \n":
        start += 1
    if end - start < 2 and not (end > start and text[start] not in _SENT_END):
        return
    clauses = []
    cs = start
    for m in _CLAUSE_CUT_RE.finditer(text, start, end):
        j = m.start()
        if j > cs:
            clauses.append((cs, j))
        cs = j + 1
    if cs < end:
        clauses.append((cs, end))
    article.sentences.append(Sentence(start, end, clauses, section_idx, p_idx))
