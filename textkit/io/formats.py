"""Readers for .docx, .md, .pdf and .html (libraries imported only when such a file is read).

Limits (module constants, read from the environment when textkit is imported):

``TEXTKIT_MAX_UNPACKED_BYTES``
    ``MAX_UNPACKED_BYTES``, the most bytes a .docx may unpack to (declared and actually
    decompressed), and the most text a PDF may give (default 50 MiB, 52428800).
``TEXTKIT_MAX_DOCX_MEMBERS``
    ``MAX_DOCX_MEMBERS``, the most files a .docx (a zip archive) may hold (default 5000).
``TEXTKIT_MAX_PDF_PAGES``
    ``MAX_PDF_PAGES``, the most pages a PDF may have (default 2000). A PDF stream that inflates
    beyond pypdf's own limit (75 MB) is refused too.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from textkit.errors import InputError
from textkit.io.readers import RawText, decode_bytes, display_path, env_limit, read_bytes, register_reader
from textkit.resources import words

MAX_UNPACKED_BYTES = env_limit("TEXTKIT_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)
MAX_DOCX_MEMBERS = env_limit("TEXTKIT_MAX_DOCX_MEMBERS", 5000)
MAX_PDF_PAGES = env_limit("TEXTKIT_MAX_PDF_PAGES", 2000)

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
    _check_zip(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for broken files
        raise InputError(f"{path}: not a valid .docx file ({type(exc).__name__})") from None
    lines = _DocxLines(docx, document).lines()
    props = document.core_properties
    meta = {k: v for k, v in {"author": props.author, "title_property": props.title}.items() if v}
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"{path}: the .docx file has no text")
    return RawText(str(path), text, "docx", meta=meta, content_hash=hashlib.sha1(data).hexdigest())


def _check_zip(data: bytes, path: Path) -> None:
    """Refuse a zip bomb: more than ``MAX_DOCX_MEMBERS`` members, or more than ``MAX_UNPACKED_BYTES``
    unpacked, by the sizes the archive declares and by the bytes actually decompressed (declared
    sizes can lie), stopping as soon as the limit is passed."""
    name = display_path(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_DOCX_MEMBERS:
                raise InputError(f"{name}: the .docx holds {len(members):,} files (over {MAX_DOCX_MEMBERS:,}; TEXTKIT_MAX_DOCX_MEMBERS)")
            declared = sum(m.file_size for m in members)
            if declared > MAX_UNPACKED_BYTES:
                raise InputError(f"{name}: the .docx unpacks to {declared / 1e6:,.0f} MB ({_unpack_limit()}); a zip bomb?")
            left = MAX_UNPACKED_BYTES
            for member in members:
                with archive.open(member) as fh:
                    while chunk := fh.read(min(1 << 20, left + 1)):
                        left -= len(chunk)
                        if left < 0:
                            raise InputError(f"{name}: the .docx unpacks to more than its stated sizes ({_unpack_limit()}); a zip bomb?")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise InputError(f"{name}: not a valid .docx file ({type(exc).__name__}: {exc})") from None


def _unpack_limit() -> str:
    return f"the limit is {MAX_UNPACKED_BYTES / 1e6:,.0f} MB; TEXTKIT_MAX_UNPACKED_BYTES"


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
    """The numbering marker of the ``n``-th heading at ``level`` (0: 一、, 1: （一）, 2: 1., 3: （1））."""
    cn = _cn(n)
    return [f"{cn}、", f"（{cn}）", f"{n}.", f"（{n}）"][min(level, 3)]


section_marker = _marker


def heading_has_marker(text: str) -> bool:
    """Whether a heading starts with a numbering of its own (一、, （一）, 1.)."""
    return bool(_HAS_HEADING_MARKER.match(text))


def _cn(n: int) -> str:
    """Chinese numeral of ``n`` below 100 (十二, 二十, 二十三)."""
    if n <= 10:
        return ("零" + _CN)[n]
    if n < 20:
        return _TEN + _CN[n - 11]
    return _CN[n // 10 - 1] + _TEN + ("" if n % 10 == 0 else _CN[n % 10 - 1])


@register_reader(".md", ".markdown")
def read_markdown(path: Path) -> RawText:
    """A Markdown file as plain text: front matter to ``meta``, markup removed, headings as heading
    lines (``textkit.io.markdown``)."""
    from textkit.io.markdown import markdown_to_text

    data = read_bytes(path)
    text, encoding = decode_bytes(data, str(path))
    body, meta = markdown_to_text(text)
    if not body.strip():
        raise InputError(f"{display_path(path)}: the Markdown file has no text")
    return RawText(str(path), body, encoding, meta=meta, content_hash=hashlib.sha1(data).hexdigest())


@register_reader(".pdf")
def read_pdf(path: Path) -> RawText:
    """Text layer of a PDF; a scanned PDF without one is an error. An encrypted PDF that opens with
    the empty password (only printing or copying restricted) is read; one that needs a password is
    an error, and so are PDFs over ``MAX_PDF_PAGES`` pages or ``MAX_UNPACKED_BYTES`` of text and
    streams that inflate beyond pypdf's limit."""
    from pypdf import PdfReader, errors
    from pypdf.errors import DependencyError, PyPdfError

    limit_reached = getattr(errors, "LimitReachedError", ())  # pypdf ≥ 5 stops inflating a stream at its limit

    name = display_path(path)
    data = read_bytes(path)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: encrypted PDF, password required")
        _check_page_count(reader, name)
        pages, size = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            size += len(pages[-1])
            if size > MAX_UNPACKED_BYTES:
                raise InputError(f"{name}: the PDF gives more than {MAX_UNPACKED_BYTES:,} characters of text (TEXTKIT_MAX_UNPACKED_BYTES)")
    except InputError:
        raise
    except limit_reached:
        raise InputError(f"{name}: a PDF stream inflates beyond pypdf's limit (a decompression bomb?)") from None
    except DependencyError as exc:
        raise InputError(f"{name}: cannot open this PDF ({exc})") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError, ZeroDivisionError) as exc:
        raise InputError(f"{name}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < 10:
        raise InputError(f"{name}: PDF has no text layer (scanned?); run OCR first")
    return RawText(str(path), text, "pdf", meta={"pages": len(pages)}, content_hash=hashlib.sha1(data).hexdigest())


def _check_page_count(reader, name: str) -> None:
    """Refuse a PDF of more than ``MAX_PDF_PAGES`` pages, counted by walking its page tree (its
    ``/Count`` may lie) and stopping past the limit, before pypdf lists every page."""
    stack, seen, count = [reader.trailer["/Root"].raw_get("/Pages")], set(), 0
    while stack:
        item = stack.pop()  # kids are resolved one at a time, when their turn comes
        key = (item.idnum, item.generation) if hasattr(item, "idnum") else id(item)
        if key in seen:
            continue
        seen.add(key)
        node = item.get_object()
        kids = node.get("/Kids") if hasattr(node, "get") else None
        if kids is None:
            count += 1
        else:
            stack.extend(reversed(kids))
        if count > MAX_PDF_PAGES or len(seen) > 4 * MAX_PDF_PAGES:
            raise InputError(f"{name}: the PDF has more than {MAX_PDF_PAGES:,} pages (TEXTKIT_MAX_PDF_PAGES)")


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
    if len(candidates) == 1:
        return candidates[0]
    scores = _block_scores(soup)
    return max(candidates, key=lambda node: scores[id(node)])


def _block_scores(soup) -> dict[int, tuple[float, int]]:
    """``id(tag) → (Chinese characters of its text − 2 × links inside it, −depth)`` for every tag, in
    one pass over the tree (scoring each candidate on its own is quadratic in the nesting depth).
    The text is what ``get_text()`` joins: strings of exactly the main content types."""
    from bs4.element import NavigableString, Tag

    main_types = Tag.MAIN_CONTENT_STRING_TYPES
    tags = [soup]
    hanzi: dict[int, int] = {id(soup): 0}
    links: dict[int, int] = {id(soup): 0}
    depth: dict[int, int] = {id(soup): 0}
    for node in soup.descendants:  # document order: a parent before its children
        if isinstance(node, Tag):
            tags.append(node)
            hanzi[id(node)] = 0
            links[id(node)] = 0
            depth[id(node)] = depth[id(node.parent)] + 1
        elif isinstance(node, NavigableString) and type(node) in main_types:
            hanzi[id(node.parent)] += len(_HANZI.findall(node))
    for tag in reversed(tags[1:]):  # children before their parents
        up = id(tag.parent)
        hanzi[up] += hanzi[id(tag)]
        links[up] += links[id(tag)] + (tag.name == "a")
    return {key: (hanzi[key] - 0.5 * links[key] * 4, -depth[key]) for key in hanzi}


def _block_text(block) -> str:
    """One line per innermost block element, or the block's whole text. A ``<br>`` holds no text, so
    the strings either side of it stay apart without touching the tree (replacing each ``<br>`` costs
    a scan of its parent's children: quadratic for a page of many line breaks)."""
    outer = _with_inner_blocks(block)
    lines = []
    for node in block.find_all(_INNER_BLOCKS) or [block]:
        if id(node) in outer:
            continue
        t = node.get_text(" ", strip=True)
        if t:
            lines.append(t)
    return "\n".join(lines) or block.get_text("\n", strip=True)


def _with_inner_blocks(block) -> set[int]:
    """The ids of the tags under ``block`` (itself included) that have a block element inside them,
    found in one pass (asking each tag on its own is quadratic in the nesting depth)."""
    from bs4.element import Tag

    tags = [block, *(node for node in block.descendants if isinstance(node, Tag))]
    outer: set[int] = set()
    for tag in reversed(tags[1:]):
        if tag.name in _INNER_BLOCKS or id(tag) in outer:
            outer.add(id(tag.parent))
    return outer


def _with_h1(soup, body: str) -> str:
    """The page's h1 heading leads the body unless the body already starts with it."""
    h1 = soup.find("h1")
    heading = h1.get_text(strip=True) if h1 else ""
    if heading and not body.startswith(heading):
        return heading + "\n" + body
    return body
