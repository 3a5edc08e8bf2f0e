"""Normalisation: raw text → clean articles (simplified script, no pinyin, no site furniture).

Each step counts what it did in ``Article.log``; metadata found on the way goes to
``Article.meta``. Extraction always works on simplified text; ``script`` only changes the
script of the text handed back to users (OpenCC conversions keep offsets: one character
for one character).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from textkit.model import Article
from textkit.normalization import boilerplate as bp
from textkit.normalization.chars import basic_clean, tidy_spaces
from textkit.normalization.garble import find_garbled
from textkit.normalization.pinyin import remove_pinyin
from textkit.normalization.script import convert_script, to_simplified

__all__ = ["normalize_text", "convert_script", "NormalizeConfig"]

TERMINAL = "。！？!?；;…”」』\"'"
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d)|[①-⑳]|第[一二三四五六七八九十]{1,3}[,，、:：]|[一二三四五六七八九十]是|首先|其次|再次|最后)"
)
_TITLE_MAX = 50


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


def _split_compilation(lines: list[str], cfg: NormalizeConfig) -> list[tuple[str | None, list[str]]]:
    heads = [i for i, ln in enumerate(lines) if bp.COMPILATION_HEAD.match(ln)]
    if not cfg.split_compilations or len(heads) < cfg.min_compilation_parts:
        return [(None, lines)]
    parts: list[tuple[str | None, list[str]]] = []
    preamble = lines[: heads[0]]
    if sum(len(x) for x in preamble if len(x) > 60) > 200:
        parts.append((None, preamble))
    for k, i in enumerate(heads):
        end = heads[k + 1] if k + 1 < len(heads) else len(lines)
        m = bp.COMPILATION_HEAD.match(lines[i])
        parts.append((bp.clean_compilation_title(m.group(2)) if m else None, lines[i + 1 : end]))
    return parts


class _ArticleBuilder:
    """Walks the lines of one article, sorting body from title, metadata and furniture."""

    def __init__(self, header: str | None, log: Counter):
        self.header = header
        self.title: str | None = None
        self.meta: dict = {}
        self.log = log
        self.paras: list[str] = []
        self.mode = "body"  # body | references | footer | author_paren

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

    def _front(self, line: str) -> bool:
        """Lines between the title and the body: date, author, unit, journal issue."""
        if self.paras:
            return False
        if self.title and line == self.title:
            self.log["title_repeats_removed"] += 1
            return True
        m = bp.DATE_AUTHOR.match(line)
        if m:
            self._meta_add("date", f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")
            if m.group(4):
                self._meta_add("author", m.group(4))
            return True
        if bp.JOURNAL_ISSUE.match(line):
            self._meta_add("journal", line)
            return True
        m = bp.AUTHOR_MARK.match(line)
        if m:
            self._meta_add("author", m.group(1))
            return True
        if self.title and bp.NAME_LINE.match(line) and len(line) <= 20:
            self._meta_add("author", line.replace(" ", "、"))
            return True
        m = bp.UNIT_LINE.match(line)
        if m and self.title:
            self._meta_add("unit", m.group(1).strip())
            if m.group(2):
                self._meta_add("postcode", m.group(2))
            return True
        return False

    def feed(self, line: str) -> None:
        if self.mode == "footer":
            self.log["footer_lines_removed"] += 1
            return
        if self.mode == "author_paren":
            self._meta_add("author_note", line.rstrip(")）"))
            if line.endswith((")", "）")):
                self.mode = "body"
            return
        stripped = bp.DECORATION.sub("", line)
        if stripped != line:
            self.log["decorations_removed"] += 1
            line = stripped
        if not line:
            return
        if bp.is_footer_head(line):
            self.mode = "footer"
            self.log["footer_lines_removed"] += 1
            return
        meta = bp.meta_line(line)
        if meta:
            self._meta_add(*meta)
            self.log["meta_lines"] += 1
            return
        if bp.REFERENCES_HEAD.match(line):
            self.mode = "references"
            self.log["meta_lines"] += 1
            return
        if self.mode == "references" or bp.REFERENCE_ENTRY.match(line):
            self._meta_add("references", re.sub(r"^[-•·]\s*", "", line))
            self.log["reference_lines"] += 1
            return
        m = bp.AUTHOR_PAREN.match(line)
        if m:
            value = m.group(1).strip()
            self._meta_add("author_note", value.rstrip(")）"))
            if not value.endswith((")", "）")):
                self.mode = "author_paren"
            self.log["meta_lines"] += 1
            return
        fields = bp.header_line(line)
        if fields and (not self.paras or len(line) < 80):
            for key, value in fields:
                if "时间" in key or "日期" in key:
                    d = bp.DATE.search(value)
                    self._meta_add("date", f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}" if d else value)
                elif key in ("来源", "稿源", "出处", "供稿") and value:
                    self._meta_add("site_source", value)
                elif key == "作者" and value:
                    self._meta_add("author", value)
                elif key in ("编辑", "责任编辑", "责编") and value:
                    self._meta_add("editor", value)
            self.log["header_lines_removed"] += 1
            return
        if bp.is_noise(line) or bp.is_breadcrumb(line):
            self.log["header_lines_removed"] += 1
            return
        if bp.is_page_number(line):
            self.log["page_numbers_removed"] += 1
            return
        if bp.is_caption(line):
            self.log["captions_removed"] += 1
            return
        if self.title is None:
            if self.header is not None:
                self.title = line if _title_like(line) and _prefix_overlap(line, self.header) >= 0.6 else self.header
                if self.title == line:
                    return
            elif _title_like(line):
                self.title = line
                return
            else:
                self.title = ""
        if self._front(line):
            return
        self.paras.append(line)

    def paragraphs(self, join: bool) -> list[str]:
        if not join:
            return self.paras
        out: list[str] = []
        for p in self.paras:
            if out and _broken(out[-1], p):
                out[-1] += p
                self.log["broken_lines_joined"] += 1
            else:
                out.append(p)
        return out


def _broken(prev: str, nxt: str) -> bool:
    """Whether ``nxt`` continues a paragraph that a line break cut mid-sentence."""
    if prev[-1] in TERMINAL or _HEADING_START.match(nxt) or bp.COMPILATION_HEAD.match(nxt):
        return False
    if prev[-1] in "，,、":
        return True
    return any(c in prev[:-1] for c in "。！？；") or len(prev) >= 60


def normalize_text(raw: str, source: str = "", config: NormalizeConfig | None = None) -> list[Article]:
    """Normalise one document's raw text into one or more articles (simplified script)."""
    cfg = config or NormalizeConfig()
    log: Counter = Counter()
    text = basic_clean(raw, log)
    text, n = remove_pinyin(text)
    log["pinyin_removed"] += n
    text, changed, zhu = to_simplified(text)
    log["script_converted_chars"] += changed
    log["zhu_fixed"] += zhu
    lines = [tidy_spaces(ln) for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    parts = _split_compilation(lines, cfg)
    articles: list[Article] = []
    for k, (header, part_lines) in enumerate(parts):
        alog: Counter = Counter(log) if k == 0 else Counter()
        if header is not None:
            alog["compilation_parts"] = len(parts)
        builder = _ArticleBuilder(header, alog)
        for ln in part_lines:
            builder.feed(ln)
        paras = builder.paragraphs(cfg.join_broken_lines)
        if not paras and not builder.title:
            continue
        body = "\n".join(paras)
        art = Article(title=builder.title or "", text=body, source=source, index=len(articles), meta={**cfg.meta, **builder.meta}, log=alog)
        pos = 0
        for p in paras:
            art.paragraphs.append((pos, pos + len(p)))
            pos += len(p) + 1
        art.garbled = find_garbled(body)
        alog["garbled_runs"] += len(art.garbled)
        alog["garbled_chars"] += sum(e - s for s, e in art.garbled)
        articles.append(art)
    return articles
