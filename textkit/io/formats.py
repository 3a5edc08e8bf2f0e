"""Readers for .docx, .pdf and .html (libraries imported only when such a file is read)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from textkit.errors import InputError
from textkit.io.readers import RawText, _read_bytes, decode_bytes, register_reader

_CN_LIST = "一二三四五六七八九十"


@register_reader(".docx")
def read_docx(path: Path) -> RawText:
    """Paragraphs and tables in document order; Word heading styles and list numbering become markers."""
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError as exc:  # pragma: no cover
        raise InputError(f"{path}: python-docx is not installed") from exc
    data = _read_bytes(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for broken files
        raise InputError(f"{path}: not a valid .docx file ({type(exc).__name__})") from None
    lines: list[str] = []
    counters: dict[tuple[str, int], int] = {}
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            para = docx.text.paragraph.Paragraph(child, document)
            text = para.text.strip()
            if not text:
                continue
            style = (para.style.name or "") if para.style is not None else ""
            num = child.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            level_m = re.match(r"(?:Heading|标题)\s*(\d)", style)
            if num is not None:
                ilvl_el = num.find(qn("w:ilvl"))
                numid_el = num.find(qn("w:numId"))
                ilvl = int(ilvl_el.get(qn("w:val"))) if ilvl_el is not None else 0
                key = (numid_el.get(qn("w:val")) if numid_el is not None else "0", ilvl)
                counters[key] = counters.get(key, 0) + 1
                for k in list(counters):
                    if k[0] == key[0] and k[1] > ilvl:
                        del counters[k]
                text = _marker(ilvl, counters[key]) + text if not re.match(r"^[一二三四五六七八九十\d（(①]", text) else text
            elif level_m and int(level_m.group(1)) >= 2 and not re.match(r"^[一二三四五六七八九十\d（(]", text):
                lvl = int(level_m.group(1)) - 2
                key = ("heading", lvl)
                counters[key] = counters.get(key, 0) + 1
                for k in list(counters):
                    if k[0] == "heading" and k[1] > lvl:
                        del counters[k]
                text = _marker(lvl, counters[key]) + text
            lines.append(text)
        elif child.tag == qn("w:tbl"):
            table = docx.table.Table(child, document)
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    t = cell.text.strip().replace("\n", " ")
                    if t and (not cells or cells[-1] != t):
                        cells.append(t)
                if cells:
                    lines.append("；".join(cells) + "。")
    props = document.core_properties
    meta = {k: v for k, v in {"author": props.author, "title_property": props.title}.items() if v}
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"{path}: the .docx file has no text")
    return RawText(str(path), text, "docx", meta=meta, content_hash=hashlib.sha1(data).hexdigest())


def _marker(level: int, n: int) -> str:
    cn = _cn(n)
    return [f"{cn}、", f"（{cn}）", f"{n}.", f"（{n}）"][min(level, 3)]


def _cn(n: int) -> str:
    if n <= 10:
        return "零一二三四五六七八九十"[n]
    if n < 20:
        return "十" + _CN_LIST[n - 11]
    return _CN_LIST[n // 10 - 1] + "十" + ("" if n % 10 == 0 else _CN_LIST[n % 10 - 1])


@register_reader(".pdf")
def read_pdf(path: Path) -> RawText:
    """Text layer of a PDF; a scanned PDF without one is an error."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    data = _read_bytes(path)
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


@register_reader(".html", ".htm")
def read_html(path: Path) -> RawText:
    """The main text of a web page: the block with the most Chinese text, navigation removed."""
    from bs4 import BeautifulSoup

    data = _read_bytes(path)
    head = data[:4000].decode("ascii", "ignore")
    m = re.search(r"charset=[\"']?([\w-]+)", head, re.I)
    text = None
    if m:
        try:
            text = data.decode(m.group(1).lower().replace("gb2312", "gb18030").replace("gbk", "gb18030"))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, _ = decode_bytes(data, str(path))
    soup = BeautifulSoup(text, "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"class": _NAV_CLASS}):
        if tag.name not in ("body", "html"):
            tag.decompose()
    for tag in soup.find_all(attrs={"id": _NAV_CLASS}):
        if tag.name not in ("body", "html"):
            tag.decompose()
    candidates = soup.find_all(["article", "main", "div", "td", "section", "body"]) or [soup]

    def cjk(node) -> int:
        return len(re.findall(r"[\u4e00-\u9fff]", node.get_text()))

    best = max(candidates, key=lambda n: (cjk(n) - 0.5 * len(n.find_all("a")) * 4, -len(list(n.parents))))
    for br in best.find_all("br"):
        br.replace_with("\n")
    lines = []
    for node in best.find_all(_BLOCK_TAGS) or [best]:
        if node.find(_BLOCK_TAGS - {"br"}):
            continue
        t = node.get_text(" ", strip=True)
        if t:
            lines.append(t)
    body = "\n".join(lines) or best.get_text("\n", strip=True)
    h1 = soup.find("h1")
    if h1 and h1.get_text(strip=True) and not body.startswith(h1.get_text(strip=True)):
        body = h1.get_text(strip=True) + "\n" + body
    if not re.search(r"[\u4e00-\u9fff]", body):
        raise InputError(f"{path}: no Chinese text found in the page")
    return RawText(str(path), body, "html", meta={"html_title": title} if title else {}, content_hash=hashlib.sha1(data).hexdigest())
