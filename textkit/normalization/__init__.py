"""Normalisation: raw text → clean articles (simplified script, no pinyin, no site furniture).

Each step counts what it did in ``Article.log``; metadata found on the way goes to
``Article.meta``. Extraction always works on simplified text; ``script`` only changes the
script of the text handed back to users (OpenCC conversions keep offsets: one character
for one character).

An article's lines are sorted by ``_ArticleBuilder``: an ordered tuple of line steps (footer,
paper metadata, references, author note, site header, furniture, the planned top lines and title
(``titles.plan_top``), a compilation part's title, front matter) where
the first step that claims a line returns the reason; a line no step claims is body text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from textkit.alignment import ArticleTrace, SourceTrace
from textkit.model import Article
from textkit.normalization import boilerplate as bp
from textkit.normalization import titles
from textkit.normalization.chars import basic_clean, tidy_spaces
from textkit.normalization.garble import find_garbled
from textkit.normalization.pinyin import remove_pinyin
from textkit.normalization.script import convert_script, to_simplified
from textkit.normalization.wrapping import MARKER_LINE, continues, wrap_width
from textkit.resources import pattern, table
from textkit.rules import first_reason, note

__all__ = ["normalize_text", "convert_script", "NormalizeConfig"]

TERMINAL = "。！？!?；;…”」』\"'"
_HEADING_START = re.compile("^" + pattern("normalization_heading_start"))
_TITLE_MAX = 50
_BULLET = re.compile(r"^[-•·]\s*")
# Site header key → article metadata field (时间 → date, 来源 → site_source …).
_HEADER_META = {row["key"]: row["meta"] for row in table("normalization_header_meta")}
# Furniture rule → the log counter of the lines it removes.
_FURNITURE_LOG = {
    "site_noise": "header_lines_removed",
    "breadcrumb": "header_lines_removed",
    "page_number": "page_numbers_removed",
    "caption": "captions_removed",
    "photo_credit": "captions_removed",
}


@dataclass
class NormalizeConfig:
    """Options of the normalisation stage."""

    script: str = "simplified"
    join_broken_lines: bool = True
    split_compilations: bool = True
    min_compilation_parts: int = 2
    drop_footer: bool = True
    meta: dict = field(default_factory=dict)


def _title_like(line: str) -> bool:
    return 2 <= len(line) <= _TITLE_MAX and line[-1] not in "。！？!?；;，,、：:" and not _HEADING_START.match(line)


def _prefix_overlap(a: str, b: str) -> float:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n / max(1, min(len(a), len(b)))


# -- compilations: several articles in one file, each under 第N篇：title ---------------------------


def _split_compilation(lines: list[str], cfg: NormalizeConfig) -> list[tuple[str | None, int, int]]:
    """``(part title, first line, end line)`` of each article of a compilation (its header line
    just before the first); one part without title otherwise."""
    heads = [i for i, ln in enumerate(lines) if bp.COMPILATION_HEAD.match(ln)]
    if not cfg.split_compilations or len(heads) < cfg.min_compilation_parts:
        return [(None, 0, len(lines))]
    parts: list[tuple[str | None, int, int]] = [(None, 0, heads[0])] if _substantial(lines[: heads[0]]) else []
    ends = [*heads[1:], len(lines)]
    parts += [(_part_title(lines[i]), i + 1, end) for i, end in zip(heads, ends)]
    return parts


def _substantial(lines: list[str]) -> bool:
    """Whether the lines before a compilation's first part hold an article of their own."""
    return sum(len(x) for x in lines if len(x) > 60) > 200


def _part_title(head_line: str) -> str | None:
    m = bp.COMPILATION_HEAD.match(head_line)
    return bp.clean_compilation_title(m.group(2)) if m else None


# -- one article's lines ----------------------------------------------------------------------------


class _ArticleBuilder:
    """Walks the lines of one article, sorting body from title, metadata and furniture."""

    def __init__(self, header: str | None, log: Counter, header_line: int | None = None):
        self.header = header
        self.title: str | None = None
        # where text came from, for the offset map: (source line, characters cut from its start)
        self.origin = (0, 0)
        self.origins: list[tuple[int, int]] = []
        self.title_origin: tuple[int, int] | None = (header_line, -1) if header is not None and header_line is not None else None
        self.paragraph_origins: list[list[tuple[int, int]]] = []
        self.meta: dict = {}
        self.log = log
        self.paras: list[str] = []
        self.mode = "body"  # body | references | footer | author_paren
        self.line_number = 0
        self.plan: titles.TopPlan | None = None
        self.plan_offset = 0
        # Lines that planning the top found no step before the title step claims (``claimed``): only
        # the steps that depend on the builder's state are asked about them again.
        self.unclaimed: set[str] = set()

    def claimed(self, line: str) -> bool:
        """``_claimed_before_title(line)``, remembering the lines it is false for."""
        if _claimed_before_title(line):
            return True
        self.unclaimed.add(line)
        return False

    def use_plan(self, plan: titles.TopPlan, offset: int) -> None:
        """Take the title and the top lines from ``plan`` (its line indices start at ``offset``)."""
        self.plan, self.plan_offset = plan, offset
        self.title = plan.title

    def feed(self, line: str, source_line: int = 0) -> None:
        """Sort one line (``source_line``: its index among the document's lines): body text, or
        claimed by the first line step that returns a reason."""
        if self.mode == "footer":
            self.log["footer_lines_removed"] += 1
            return
        if self.mode == "author_paren":
            self._continue_author_note(line)
            return
        stripped = self._strip_decoration(line)
        if not stripped:
            return
        self.origin = (source_line, len(line) - len(stripped))
        self.line_number = source_line
        decided = first_reason(_UNCLAIMED_LINE_STEPS if stripped in self.unclaimed else _LINE_STEPS, self, stripped)
        if decided is None:
            self.paras.append(stripped)
            self.origins.append(self.origin)
        else:
            note("lines", stripped, 0, 0, False, *decided)

    def paragraphs(self, join: bool) -> list[str]:
        """The body's paragraphs (``paragraph_origins`` gets the lines each is made of)."""
        if not join:
            self.paragraph_origins = [[o] for o in self.origins]
            return self.paras
        out: list[str] = []
        origins = self.paragraph_origins = []
        width = wrap_width(self.paras)
        for i, (p, origin) in enumerate(zip(self.paras, self.origins)):
            link = bool(out) and bp.link_break(out[-1], p, self.paras[i + 1] if i + 1 < len(self.paras) else None)
            if out and (link or _broken(out[-1], p, width)):
                out[-1] += p
                origins[-1].append(origin)
                self.log["link_breaks_joined" if link else "broken_lines_joined"] += 1
            else:
                out.append(p)
                origins.append([origin])
        return out

    def _meta_add(self, key: str, value: str) -> None:
        if not value:
            return
        if key in ("references", "author_note"):
            self.meta.setdefault(key, []).append(value)
        elif key in self.meta and key == "author":
            if value not in self.meta[key]:
                self.meta[key] += "、" + value
        else:
            self.meta.setdefault(key, value)

    def _strip_decoration(self, line: str) -> str:
        stripped = bp.DECORATION.sub("", line)
        if stripped != line:
            self.log["decorations_removed"] += 1
        return stripped

    def _continue_author_note(self, line: str) -> None:
        """A note on the author in brackets that runs over several lines."""
        self._meta_add("author_note", line.rstrip(")）"))
        if line.endswith((")", "）")):
            self.mode = "body"

    # -- line steps, in the order of _LINE_STEPS: each returns a reason when it claims the line

    def _footer_start(self, line: str) -> str | None:
        reason = bp.footer_head(line)
        if reason:
            self.mode = "footer"
            self.log["footer_lines_removed"] += 1
        return reason

    def _paper_meta(self, line: str) -> str | None:
        meta = bp.meta_line(line)
        if not meta:
            return None
        self._meta_add(*meta)
        self.log["meta_lines"] += 1
        return f"paper metadata: {meta[0]}"

    def _references_start(self, line: str) -> str | None:
        if not bp.REFERENCES_HEAD.match(line):
            return None
        self.mode = "references"
        self.log["meta_lines"] += 1
        return "a reference list starts"

    def _reference(self, line: str) -> str | None:
        if self.mode != "references" and (not bp.REFERENCE_ENTRY.match(line) or MARKER_LINE.match(line)):
            return None  # a footnote marker that a line break cut off its word is no reference entry
        self._meta_add("references", _BULLET.sub("", line))
        self.log["reference_lines"] += 1
        return "reference entry"

    def _author_note(self, line: str) -> str | None:
        m = bp.AUTHOR_PAREN.match(line)
        if not m:
            return None
        value = m.group(1).strip()
        self._meta_add("author_note", value.rstrip(")）"))
        if not value.endswith((")", "）")):
            self.mode = "author_paren"
        self.log["meta_lines"] += 1
        return "note on the author"

    def _site_header(self, line: str) -> str | None:
        fields = bp.header_line(line)
        if not fields or (self.paras and len(line) >= 80):
            return None
        for key, value in fields:
            self._header_field(key, value)
        self.log["header_lines_removed"] += 1
        return "site header fields"

    def _header_field(self, key: str, value: str) -> None:
        meta_key = _HEADER_META.get(key)
        value = titles.clean_meta_value(value)
        if meta_key == "date":
            d = bp.DATE.search(value)
            value = bp.iso_date(d) if d else value
        if meta_key:
            self._meta_add(meta_key, value)

    def _furniture(self, line: str) -> str | None:
        found = bp.furniture(line)
        if not found or (found[0] == "page_number" and self.paras and self.paras[-1][-1] in "[［〔"):
            return None  # the digits of a footnote marker that line breaks cut in pieces are no page number
        self.log[_FURNITURE_LOG[found[0]]] += 1
        return found[1]

    def _planned(self, line: str) -> str | None:
        """The title line and the top lines the plan of the article's top claims."""
        if self.plan is None:
            return None
        index = self.line_number - self.plan_offset
        if index == self.plan.title_line:
            return self._planned_title(line)
        claim = self.plan.claims.get(index)
        if claim is None:
            return None
        reason, key, value = claim
        if key:
            self._meta_add(key, value)
            self.log["meta_lines"] += 1
        elif reason == "title repeated":
            self.log["title_repeats_removed"] += 1
        else:
            self.log["header_lines_removed"] += 1
        return reason

    def _planned_title(self, line: str) -> str:
        assert self.plan is not None
        source_line, cut = self.origin
        whole = self.plan.title == line
        self.title_origin = (source_line, cut) if whole else (source_line, -1)
        if self.plan.rest:
            self.paras.append(self.plan.rest)
            self.origins.append((source_line, cut + self.plan.rest_start))
        return "article title"

    def _title(self, line: str) -> str | None:
        if self.title is not None:
            return None
        self.title = self._title_for(line)
        if self.title == line:
            self.title_origin = self.origin
            return "article title"
        return None

    def _title_for(self, line: str) -> str:
        """A compilation part's header is its title unless its first line repeats it (other articles
        get their title from the plan of their top lines, ``titles.plan_top``)."""
        header = self.header or ""
        return line if _title_like(line) and _prefix_overlap(line, header) >= 0.6 else header

    def _front(self, line: str) -> str | None:
        """Lines between the title and the body: date, author, unit, journal issue."""
        if self.paras:
            return None
        found = first_reason(_FRONT_STEPS, self, line)
        return found[1] if found else None

    # -- front steps, in the order of _FRONT_STEPS

    def _title_repeat(self, line: str) -> str | None:
        if not (self.title and line == self.title):
            return None
        self.log["title_repeats_removed"] += 1
        return "title repeated"

    def _date_author(self, line: str) -> str | None:
        m = bp.DATE_AUTHOR.match(line)
        if not m:
            return None
        self._meta_add("date", bp.iso_date(m))
        if m.group(4):
            self._meta_add("author", m.group(4))
        return "date line"

    def _journal_issue(self, line: str) -> str | None:
        if not bp.JOURNAL_ISSUE.match(line):
            return None
        self._meta_add("journal", line)
        return "journal issue"

    def _author_mark(self, line: str) -> str | None:
        m = bp.AUTHOR_MARK.match(line)
        if not m:
            return None
        self._meta_add("author", m.group(1))
        return "marked author name"

    def _author_names(self, line: str) -> str | None:
        if not (self.title and bp.NAME_LINE.match(line) and len(line) <= 20):
            return None
        self._meta_add("author", line.replace(" ", "、"))
        return "author names"

    def _unit(self, line: str) -> str | None:
        m = bp.UNIT_LINE.match(line)
        if not (m and self.title):
            return None
        self._meta_add("unit", m.group(1).strip())
        if m.group(2):
            self._meta_add("postcode", m.group(2))
        return "author's unit"


_B = _ArticleBuilder
_LINE_STEPS = (
    _B._footer_start,
    _B._paper_meta,
    _B._references_start,
    _B._reference,
    _B._author_note,
    _B._site_header,
    _B._furniture,
    _B._planned,
    _B._title,
    _B._front,
)
# The line steps that can claim a line ``_claimed_before_title`` is false for (the others claim a subset of its lines).
_UNCLAIMED_LINE_STEPS = (_B._footer_start, _B._reference, _B._planned, _B._title, _B._front)
_FRONT_STEPS = (_B._title_repeat, _B._date_author, _B._journal_issue, _B._author_mark, _B._author_names, _B._unit)


def _claimed_before_title(line: str) -> bool:
    """Whether a line step that comes before the title step takes the line."""
    return bool(
        bp.meta_line(line)
        or bp.REFERENCES_HEAD.match(line)
        or bp.REFERENCE_ENTRY.match(line)
        or bp.AUTHOR_PAREN.match(line)
        or bp.header_line(line)
        or bp.furniture(line)
    )


def _broken(prev: str, nxt: str, width: int | None = None) -> bool:
    """Whether ``nxt`` continues a paragraph that a line break cut mid-sentence (``width``: the width
    the text was hard-wrapped at, if it was; see ``wrapping``)."""
    if continues(prev, nxt, width):
        return True
    if prev[-1] in TERMINAL or _HEADING_START.match(nxt) or bp.COMPILATION_HEAD.match(nxt):
        return False
    if prev[-1] in "，,、":
        return True
    return any(c in prev[:-1] for c in "。！？；") or len(prev) >= 60


# -- the whole document -----------------------------------------------------------------------------


def normalize_text(raw: str, source: str = "", config: NormalizeConfig | None = None) -> list[Article]:
    """Normalise one document's raw text into one or more articles (simplified script)."""
    cfg = config or NormalizeConfig()
    log: Counter = Counter()
    trace, lines = _clean_lines(raw, log)
    parts = _split_compilation(lines, cfg)
    articles: list[Article] = []
    for k, (header, lo, hi) in enumerate(parts):
        alog: Counter = Counter(log) if k == 0 else Counter()
        if header is not None:
            alog["compilation_parts"] = len(parts)
        header_line = lo - 1 if header is not None and lo > 0 else None
        builder = _ArticleBuilder(header, alog, header_line)
        art = _build_article(builder, lines, lo, hi, cfg, source, len(articles))
        if art is not None:
            art.trace = ArticleTrace(trace, builder.paragraph_origins, builder.title_origin)
            articles.append(art)
    return articles


def _clean_lines(raw: str, log: Counter) -> tuple[SourceTrace, list[str]]:
    """Characters cleaned, pinyin removed, simplified script; the non-empty lines (tidied), and
    where they are in the cleaned text (kept in the trace for the offset map)."""
    text = basic_clean(raw, log)
    text, n = remove_pinyin(text)
    log["pinyin_removed"] += n
    before = len(text)
    text, changed, zhu = to_simplified(text)
    log["script_converted_chars"] += changed
    log["zhu_fixed"] += zhu
    all_lines = text.split("\n")
    lines, numbers = [], []
    for i, ln in enumerate(all_lines):
        tidied = tidy_spaces(ln)
        if tidied:
            lines.append(tidied)
            numbers.append(i)
    return SourceTrace(raw, all_lines, lines, numbers, pinyin=n > 0, length_changed=len(text) != before), lines


def _build_article(
    builder: _ArticleBuilder, lines: list[str], lo: int, hi: int, cfg: NormalizeConfig, source: str, index: int
) -> Article | None:
    """One article from lines ``lo`` to ``hi``; None when neither body nor title is left."""
    if builder.header is None:
        plan = titles.plan_top(lines[lo:hi], builder.claimed, str(cfg.meta.get("html_title") or ""))
        builder.use_plan(plan, lo)
    for number in range(lo, hi):
        builder.feed(lines[number], number)
    paras = builder.paragraphs(cfg.join_broken_lines)
    if not paras and not builder.title:
        return None
    body = "\n".join(paras)
    art = Article(title=builder.title or "", text=body, source=source, index=index, meta={**cfg.meta, **builder.meta}, log=builder.log)
    art.paragraphs.extend(_spans(paras))
    art.garbled = find_garbled(body)
    builder.log["garbled_runs"] += len(art.garbled)
    builder.log["garbled_chars"] += sum(e - s for s, e in art.garbled)
    return art


def _spans(paras: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph in the text that joins them with newlines."""
    spans = []
    pos = 0
    for p in paras:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 1
    return spans
