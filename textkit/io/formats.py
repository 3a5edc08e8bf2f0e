"""Readers for .docx, .pdf and .html (libraries imported only when such a file is read)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from textkit.errors import InputError
from textkit.io.readers import RawText, decode_bytes, read_bytes, register_reader
from textkit.resources import words

_CN = "".join(words("structure_numerals"))  # 一 … 十
_TEN = _CN[9]
_HEADING_STYLE = re.compile(r"(?:Heading|标题)\s*(\d)")
_HAS_LIST_MARKER = re.compile(rf"^[{_CN}\d（(①]")
_HAS_HEADING_MARKER = re.compile(rf"^[{_CN}\d（(]")


@register_reader(".docx")
def read_docx(path: Path) -> RawText:
    """Paragraphs and tables in document order; Word heading styles and list numbering become markers."""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover
        raise InputError(f"{path}: python-docx is not installed") from exc
    data = read_bytes(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for broken files
        raise InputError(f"{path}: not a valid .docx file ({type(exc).__name__})") from None
    lines = _DocxLines(docx, document).lines()
    props = document.core_properties
    meta = {k: v for k, v in {"author": props.author, "title_property": props.title}.items() if v}
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"{path}: the .docx file has no text")
    return RawText(str(path), text, "docx", meta=meta, content_hash=hashlib.sha1(data).hexdigest())


class _DocxLines:
    """The lines of a Word document's body: paragraphs with markers for list numbering and heading
    styles (Heading 2 → 一、, Heading 3 → （一） …), table rows as ``cell；cell。``."""

    def __init__(self, docx, document) -> None:
        from docx.oxml.ns import qn

        self.docx = docx
        self.document = document
        self.qn = qn
        self.counters: dict[tuple[str, int], int] = {}  # (list id, level) → last number

    def lines(self) -> list[str]:
        out: list[str] = []
        p_tag, tbl_tag = self.qn("w:p"), self.qn("w:tbl")
        for child in self.document.element.body.iterchildren():
            if child.tag == p_tag:
                line = self._paragraph(child)
                if line:
                    out.append(line)
            elif child.tag == tbl_tag:
                out += self._table(child)
        return out

    def _paragraph(self, element) -> str | None:
        para = self.docx.text.paragraph.Paragraph(element, self.document)
        text = para.text.strip()
        if not text:
            return None
        style = (para.style.name or "") if para.style is not None else ""
        num = element.find(f"{self.qn('w:pPr')}/{self.qn('w:numPr')}")
        if num is not None:
            return self._numbered(num, text)
        return self._heading(style, text)

    def _numbered(self, num, text: str) -> str:
        """A list paragraph gets the marker of its number unless its text starts with one."""
        ilvl_el = num.find(self.qn("w:ilvl"))
        numid_el = num.find(self.qn("w:numId"))
        level = int(ilvl_el.get(self.qn("w:val"))) if ilvl_el is not None else 0
        list_id = numid_el.get(self.qn("w:val")) if numid_el is not None else "0"
        n = self._count(list_id, level)
        return text if _HAS_LIST_MARKER.match(text) else _marker(level, n) + text

    def _heading(self, style: str, text: str) -> str:
        """A heading of level 2 or deeper without a marker of its own gets one (level 1 is the title)."""
        m = _HEADING_STYLE.match(style)
        if not m or int(m.group(1)) < 2 or _HAS_HEADING_MARKER.match(text):
            return text
        level = int(m.group(1)) - 2
        return _marker(level, self._count("heading", level)) + text

    def _count(self, list_id: str, level: int) -> int:
        """The next number at ``level`` of a list; its deeper levels start again."""
        key = (list_id, level)
        self.counters[key] = self.counters.get(key, 0) + 1
        for k in list(self.counters):
            if k[0] == list_id and k[1] > level:
                del self.counters[k]
        return self.counters[key]

    def _table(self, element) -> list[str]:
        table = self.docx.table.Table(element, self.document)
        return [line for line in map(_row_line, table.rows) if line]


def _row_line(row) -> str:
    """A table row as one sentence: its distinct cells (merged cells once) joined by ；."""
    cells: list[str] = []
    for cell in row.cells:
        t = cell.text.strip().replace("\n", " ")
        if t and (not cells or cells[-1] != t):
            cells.append(t)
    return "；".join(cells) + "。" if cells else ""


def _marker(level: int, n: int) -> str:
    cn = _cn(n)
    return [f"{cn}、", f"（{cn}）", f"{n}.", f"（{n}）"][min(level, 3)]


def _cn(n: int) -> str:
    """Chinese numeral of ``n`` below 100 (十二, 二十, 二十三)."""
    if n <= 10:
        return ("零" + _CN)[n]
    if n < 20:
        return _TEN + _CN[n - 11]
    return _CN[n // 10 - 1] + _TEN + ("" if n % 10 == 0 else _CN[n % 10 - 1])


@register_reader(".pdf")
def read_pdf(path: Path) -> RawText:
    """Text layer of a PDF; a scanned PDF without one is an error."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    data = read_bytes(path)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise InputError(f"{path}: encrypted PDF") from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"{path}: not a readable PDF ({exc})") from None
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < 10:
        raise InputError(f"{path}: PDF has no text layer (scanned?); run OCR first")
    return RawText(str(path), text, "pdf", meta={"pages": len(pages)}, content_hash=hashlib.sha1(data).hexdigest())


_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "td",
    "blockquote",
    "pre",
    "dd",
    "dt",
}
_DROP_TAGS = ["script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "select", "button"]
_NAV_CLASS = re.compile(
    r"nav|menu|breadcrumb|footer|header|sidebar|side|comment|share|related|recommend|copyright|toolbar|ad[-_]|login", re.I
)


_INNER_BLOCKS = _BLOCK_TAGS - {"br"}
_CANDIDATE_TAGS = ["article", "main", "div", "td", "section", "body"]
_CHARSET = re.compile(r"charset=[\"']?([\w-]+)", re.I)
_HANZI = re.compile(r"[\u4e00-\u9fff]")


@register_reader(".html", ".htm")
def read_html(path: Path) -> RawText:
    """The main text of a web page: the block with the most Chinese text, navigation removed."""
    from bs4 import BeautifulSoup

    data = read_bytes(path)
    soup = BeautifulSoup(_decode_html(data, path), "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    _drop_navigation(soup)
    body = _with_h1(soup, _block_text(_main_block(soup)))
    if not _HANZI.search(body):
        raise InputError(f"{path}: no Chinese text found in the page")
    return RawText(str(path), body, "html", meta={"html_title": title} if title else {}, content_hash=hashlib.sha1(data).hexdigest())


def _decode_html(data: bytes, path: Path) -> str:
    """The page's text in the charset it declares (GB codes read as GB18030), else detected."""
    m = _CHARSET.search(data[:4000].decode("ascii", "ignore"))
    if m:
        codec = m.group(1).lower().replace("gb2312", "gb18030").replace("gbk", "gb18030")
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, str(path))[0]


def _drop_navigation(soup) -> None:
    """Remove scripts, menus, headers, footers and blocks whose class or id names navigation."""
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for attr in ("class", "id"):
        for tag in soup.find_all(attrs={attr: _NAV_CLASS}):
            if tag.name not in ("body", "html"):
                tag.decompose()


def _main_block(soup):
    """The block with the most Chinese text, links counted against it; the innermost on a tie."""
    candidates = soup.find_all(_CANDIDATE_TAGS) or [soup]
    return max(candidates, key=_block_score)


def _block_score(node) -> tuple[float, int]:
    return len(_HANZI.findall(node.get_text())) - 0.5 * len(node.find_all("a")) * 4, -len(list(node.parents))


def _block_text(block) -> str:
    """One line per innermost block element (line breaks kept), or the block's whole text."""
    for br in block.find_all("br"):
        br.replace_with("\n")
    lines = []
    for node in block.find_all(_BLOCK_TAGS) or [block]:
        if node.find(_INNER_BLOCKS):
            continue
        t = node.get_text(" ", strip=True)
        if t:
            lines.append(t)
    return "\n".join(lines) or block.get_text("\n", strip=True)


def _with_h1(soup, body: str) -> str:
    """The page's h1 heading leads the body unless the body already starts with it."""
    h1 = soup.find("h1")
    heading = h1.get_text(strip=True) if h1 else ""
    if heading and not body.startswith(heading):
        return heading + "\n" + body
    return body
