"""Markdown read as the plain text of a document: front matter to metadata, headings as heading lines.

``markdown_to_text`` turns a Markdown file (a web clip, notes) into the lines normalisation reads:

- YAML front matter (``---`` … ``---`` at the very start) is parsed into metadata (title, date, url,
  author, description, keywords, site) and never reaches the body; its title leads the body as the
  title line, as an HTML page's ``<h1>`` does.
- The text is parsed with markdown-it-py (CommonMark and tables): emphasis markers go, a link keeps
  its text, an image, an HTML comment, a link definition and a code fence without Chinese text go;
  a soft line break stays a line break (normalisation joins lines a break cut mid-sentence).
- Headings (ATX ``##`` and setext) become heading lines. A first level-1 heading is the title; the
  others get the numbering marker of their rank among the heading levels used (一、 → （一） → 1. →
  （1）) unless they start with one, as Word heading styles do, so the structure parser nests them.

``looks_like_markdown`` tells a Markdown clip saved as ``.txt`` from plain text: front matter, or at
least three lines of Markdown syntax of at least two kinds (headings, links, images, bold, fences …).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

FRONT_MATTER = re.compile(r"\A\ufeff?\s*---[ \t]*\r?\n(?P<yaml>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_FRONT_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:", re.M)
# Lines of Markdown syntax, by kind (at least two kinds make a .txt file Markdown).
_SIGNALS = {
    "heading": re.compile(r"^#{1,6}[ \t]+\S", re.M),
    "image": re.compile(r"!\[[^\]\n]*\]\([^)\n]+\)"),
    "link": re.compile(r"(?<!!)\[[^\]\n]+\]\((?:https?://|/|\.|#)[^)\n]*\)"),
    "definition": re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+", re.M),
    "bold": re.compile(r"\*\*[^*\n]+\*\*|(?<!\w)__[^_\n]+__(?!\w)"),
    "fence": re.compile(r"^[ ]{0,3}(?:```|~~~)", re.M),
    "setext": re.compile(r"^[^\s#>\-=*|].*\n[ ]{0,3}(?:=+|-{3,})[ \t]*$", re.M),
    "quote": re.compile(r"^>[ \t]*\S", re.M),
}
#: Text each kind of signal needs (a kind whose cue is absent is not searched for: most files are plain text).
_SIGNAL_CUES = {
    "heading": ("#",),
    "image": ("](",),
    "link": ("](",),
    "definition": ("]:",),
    "bold": ("**", "__"),
    "fence": ("```", "~~~"),
    "setext": ("=", "---"),
    "quote": (">",),
}
MIN_SIGNAL_LINES = 3
MIN_SIGNAL_KINDS = 2
_HANZI = re.compile(r"[\u4e00-\u9fff]")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG = re.compile(r"<[^>\n]*>")
_UNRESOLVED_REFERENCE = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
# A footnote [^1] and its note [^1]: … (not CommonMark: they would parse as a link and its definition).
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\](:[ \t]*)?")
_DATE = re.compile(r"(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})")
_WIKI_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")  # Obsidian's [[page|shown]] in front matter

# Front matter key (lower case) → metadata key; the first key found of a field wins.
FRONT_MATTER_KEYS = {
    "title": "title_property",
    "published": "date",
    "date": "date",
    "created": "date",
    "updated": "date",
    "source": "url",
    "url": "url",
    "link": "url",
    "original_url": "url",
    "canonical_url": "url",
    "author": "author",
    "authors": "author",
    "by": "author",
    "description": "description",
    "summary": "description",
    "excerpt": "description",
    "tags": "keywords",
    "keywords": "keywords",
    "site": "site_source",
    "site_name": "site_source",
    "publisher": "site_source",
}
# 来源: a clip's source is a URL or a site's name.
_URL = re.compile(r"^(?:https?://|www\.)", re.I)


def looks_like_markdown(text: str) -> bool:
    """Whether a text file is Markdown: front matter with a ``key:`` line, or at least
    ``MIN_SIGNAL_LINES`` Markdown constructs of at least ``MIN_SIGNAL_KINDS`` kinds."""
    m = FRONT_MATTER.match(text)
    if m and _FRONT_KEY.search(m.group("yaml")):
        return True
    sample = text[:200_000]
    # cue[0] first: a search for one character is far quicker than for a string (in Chinese text)
    cued = [kind for kind, cues in _SIGNAL_CUES.items() if any(cue[0] in sample and cue in sample for cue in cues)]
    if len(cued) < MIN_SIGNAL_KINDS:
        return False  # too few kinds can be there: no need to count them (most plain-text files)
    counts = [len(_SIGNALS[kind].findall(sample)) for kind in cued]
    return sum(1 for n in counts if n) >= MIN_SIGNAL_KINDS and sum(counts) >= MIN_SIGNAL_LINES


def markdown_to_text(text: str) -> tuple[str, dict[str, Any]]:
    """``(plain text, metadata)`` of a Markdown document (see the module's docstring)."""
    meta, body = split_front_matter(text)
    lines = markdown_lines(body)
    title = meta.get("title_property")
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return "\n".join(lines), meta


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """``(metadata, body)``: the front matter's known fields (``FRONT_MATTER_KEYS``) and the text after it."""
    m = FRONT_MATTER.match(text)
    if not m or not _FRONT_KEY.search(m.group("yaml")):
        return {}, text
    fields = _parse_yaml(m.group("yaml"))
    meta: dict[str, Any] = {}
    for key, value in fields.items():
        meta_key = FRONT_MATTER_KEYS.get(str(key).strip().lower())
        shown = _value_text(value, meta_key)
        if meta_key and shown and meta_key not in meta:
            meta[meta_key] = shown
    if "url" in meta and not _URL.match(meta["url"]):  # source: 人民网, not a link
        meta.setdefault("site_source", meta.pop("url"))
    return meta, text[m.end() :]


def _parse_yaml(block: str) -> dict:
    """The front matter as a mapping: YAML when it parses as one, else its ``key: value`` lines."""
    import yaml

    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict):
        return data
    fields: dict[str, str] = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and re.fullmatch(r"[A-Za-z_][\w-]*", key.strip()):
            fields.setdefault(key.strip(), value.strip().strip("\"'"))
    return fields


def _value_text(value: Any, meta_key: str | None) -> str:
    """A front matter value as metadata text: dates ISO, lists joined (keywords by ；, names by 、)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, list | tuple):
        parts = [_value_text(v, meta_key) for v in value]
        return ("；" if meta_key == "keywords" else "、").join(p for p in parts if p)
    shown = _WIKI_LINK.sub(r"\1", str(value)).strip()
    if meta_key == "date":
        d = _DATE.search(shown)
        return f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}" if d else shown
    return shown


# -- the body -----------------------------------------------------------------------------------------


def markdown_lines(body: str) -> list[str]:
    """The lines of a Markdown body as plain text: one per paragraph line, heading, list item or table row."""
    from markdown_it import MarkdownIt

    body = _FOOTNOTE.sub(_footnote, body)  # kept as the [1] of a reference
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    return _Lines(tokens).lines()


class _Lines:
    """Walks markdown-it's block tokens, writing the text of each block as lines."""

    def __init__(self, tokens: list) -> None:
        self.tokens = tokens
        self.out: list[str] = []
        self.prefix = ""  # an ordered list item's number, put before its first line
        self.row: list[str] = []
        self.counters: dict[int, int] = {}
        self.ranks: dict[int, int] | None = None
        self.title_at: int | None = None  # the index of the heading token taken as the title

    def lines(self) -> list[str]:
        tokens = self.tokens
        for i, tok in enumerate(tokens):
            kind = tok.type
            if kind == "heading_open":
                self._heading(i, int(tok.tag[1]), _inline_text(tokens[i + 1]))
            elif kind == "inline" and tokens[i - 1].type in ("paragraph_open", "th_open", "td_open"):
                self._inline(tokens[i - 1].type, tok)
            elif kind == "list_item_open" and tok.info:
                self.prefix = f"{tok.info}{tok.markup}"
            elif kind == "tr_close":
                self._row_end()
            elif kind in ("fence", "code_block"):
                self._add(line for line in tok.content.splitlines() if _HANZI.search(line))
            elif kind == "html_block":
                self._add(_HTML_TAG.sub(" ", _HTML_COMMENT.sub("", tok.content)).splitlines())
        return self.out

    def _add(self, lines) -> None:
        for line in lines:
            line = _UNRESOLVED_REFERENCE.sub(r"\1", line).strip()
            if line:
                self.out.append(self.prefix + line)
                self.prefix = ""

    def _inline(self, opener: str, tok) -> None:
        text = _inline_text(tok)
        if opener == "paragraph_open":
            self._add(text.split("\n"))
        elif text.strip():
            self.row.append(text.replace("\n", " ").strip())

    def _row_end(self) -> None:
        """A table row as one sentence: its cells joined by ；, as a Word table row is read."""
        if self.row:
            self.out.append("；".join(self.row) + "。")
        self.row = []

    def _heading(self, index: int, level: int, text: str) -> None:
        """A level-1 heading before any text is the title; any other heading a numbered heading line."""
        text = " ".join(text.split())
        if not text:
            return
        if level == 1 and not self.out:
            self.title_at = index
            self.out.append(text)
            return
        if self.ranks is None:
            levels = {int(t.tag[1]) for k, t in enumerate(self.tokens) if t.type == "heading_open" and k != self.title_at}
            self.ranks = {lv: rank for rank, lv in enumerate(sorted(levels))}
        self.out.append(self._numbered(self.ranks[level], text))

    def _numbered(self, rank: int, text: str) -> str:
        """The heading with the marker of its rank unless it starts with a numbering of its own."""
        from textkit.io.formats import heading_has_marker, section_marker

        self.counters[rank] = self.counters.get(rank, 0) + 1
        for deeper in [r for r in self.counters if r > rank]:
            del self.counters[deeper]
        return text if heading_has_marker(text) else section_marker(rank, self.counters[rank]) + text


def _footnote(m: re.Match) -> str:
    return f"[{m.group(1)}]" + (" " if m.group(2) else "")


def _inline_text(tok) -> str:
    """The text of an inline token: emphasis markers, images and HTML dropped, links kept as their
    text (a bare URL dropped), line breaks kept."""
    out: list[str] = []
    link_href: list[str] = []
    link_start: list[int] = []
    for child in tok.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "html_inline" and re.match(r"<br\s*/?>", child.content, re.I):
            out.append("\n")
        elif kind == "link_open":
            link_href.append(str(child.attrs.get("href", "")))
            link_start.append(len(out))
        elif kind == "link_close" and link_href:
            href, start = link_href.pop(), link_start.pop()
            if "".join(out[start:]).strip() in (href, href.removeprefix("mailto:")):
                del out[start:]
    return "".join(out)
