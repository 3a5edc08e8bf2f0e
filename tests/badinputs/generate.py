"""A corpus of bad and hostile inputs for ``textkit extract``, generated deterministically.

Each *kind* of bad input is a ``BadInput``: its name, the files it made, the arguments it adds to a
``textkit extract`` command line and, for a manifest, the manifest's path and how many records its
rows must give. ``generate(folder)`` writes every kind (a few MB in all: the bombs are small files
that expand) and returns them in command-line order, with a good document last.

    python tests/badinputs/generate.py OUT_FOLDER   # writes the corpus and lists its kinds
"""

from __future__ import annotations

import base64
import codecs
import csv
import hashlib
import io
import json
import os
import random
import socket
import stat
import sys
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.badinputs import blobs  # noqa: E402

# -- sample text (written for these tests) ------------------------------------------------

GOOD_TEXT = (
    "关于推进基层党组织标准化建设的通知\n"
    "一、全年组织党员集中学习12次，参学党员覆盖率达到95%。\n"
    "二、各党支部要落实“三会一课”制度，开展主题党日活动4次，走访群众260户。\n"
)
TRADITIONAL_TEXT = (
    "關於推進基層黨組織標準化建設的通知\n"
    "一、全年組織黨員集中學習12次，參學黨員覆蓋率達到95%。\n"
    "二、各黨支部要落實“三會一課”制度，開展主題黨日活動4次，走訪群眾260戶。\n"
)
BODY = "各支部要开展“三会一课”学习3次，覆盖党员80人。"
KOREAN_TEXT = (
    "지역 주민 센터는 올해 봉사 활동을 열두 번 진행했으며 참여 인원은 이백육십 명에 달했습니다.\n"
    "다음 달에는 주민 교육 프로그램을 확대하고 자원봉사자 모집을 시작할 계획입니다.\n"
) * 3
JAPANESE_TEXT = "地域の支部は今年、学習会を十二回開催し、参加者は二百六十人に達しました。来月は研修を拡大します。\n" * 3
FRENCH_TEXT = "Le comité a organisé douze réunions cette année, avec deux cent soixante participants réunis à l'été.\n" * 3

FORMULAS = {
    "equals_hyperlink": '=HYPERLINK("http://localhost/x","点击查看")',
    "equals_dde": "=cmd|' /C calc'!A0",
    "plus": "+1+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}

GOOD_LAST = "zz_good_last.txt"
LIMIT_MESSAGE = r"(?i)limit|too (large|big)|exceed|expand|decompress"  # what a refused bomb's message says

# -- the corpus entries ---------------------------------------------------------------------


@dataclass(frozen=True)
class BadInput:
    """One kind of bad input.

    ``inputs`` are the command-line arguments (relative to the corpus folder). A file kind's records have
    the input as ``source``; a manifest's have ``MANIFEST#…`` or the path of one of its rows (``paths``).
    ``rows`` is how many documents (each one record or error record) the kind must give; ``None`` means
    at least one (a manifest or folder whose rows cannot be counted in advance). ``expect`` is ``error``
    (must be refused), ``ok`` (must be read) or ``any``; ``formula`` kinds carry spreadsheet formulas;
    ``message`` is what their error must say where any error would not do.
    """

    name: str
    files: tuple[str, ...]
    inputs: tuple[str, ...]
    manifest: str | None = None
    paths: tuple[str, ...] = ()
    rows: int | None = 1
    expect: str = "any"
    formula: bool = False
    message: str = ""  # a regular expression an error message must match (say, that a limit was reached)
    skip: str | None = None
    note: str = ""

    @property
    def claims(self) -> tuple[str, ...]:
        """The paths this kind's records may have as source: its file inputs and its manifest rows' paths."""
        return self.paths if self.manifest else (*self.inputs, *self.paths)

    def owns(self, source: str, root: Path) -> bool:
        """Whether a record with this ``source`` comes from this kind (paths compared after normalising)."""
        if self.manifest and (source == self.manifest or source.startswith(self.manifest + "#")):
            return True
        return canonical(source, root) in {canonical(p, root) for p in self.claims}


def canonical(path: str, root: Path) -> str:
    """``path`` as an absolute, normalised path (relative paths are relative to the corpus folder), with
    the bytes of a name that are not UTF-8 as ``\\xNN`` (how textkit prints such a name in ``source``)."""
    return os.fsencode(os.path.normpath(os.path.join(os.fsdecode(root), path))).decode("utf-8", "backslashreplace")


@dataclass
class _Writer:
    """Writes the files of the kinds into the corpus folder and collects the kinds."""

    root: Path
    kinds: list[BadInput] = field(default_factory=list)

    def write(self, rel: str | bytes, data: bytes | str, encoding: str = "utf-8") -> str:
        path = self.root / os.fsdecode(rel) if isinstance(rel, str) else Path(os.fsdecode(os.fsencode(self.root) + b"/" + rel))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
        return os.fsdecode(rel)

    def add(self, kind: BadInput) -> None:
        if any(k.name == kind.name for k in self.kinds):
            raise ValueError(f"duplicate kind {kind.name}")
        self.kinds.append(kind)

    def file(self, name: str, filename: str, data: bytes | str, *, encoding: str = "utf-8", **kw) -> None:
        """A kind made of one file, given on the command line."""
        rel = self.write(f"files/{filename}", data, encoding)
        self.add(BadInput(name, (rel,), (rel,), **kw))

    def manifest(
        self, name: str, filename: str, data: bytes | str, *, rows: int | None, paths: Iterable[str] = (), encoding: str = "utf-8", **kw
    ) -> None:
        """A kind made of one manifest in its own folder (``manifests/NAME/``); ``paths`` are its rows' paths."""
        folder = f"manifests/{name}"
        rel = self.write(f"{folder}/{filename}", data, encoding)
        own = tuple(p if os.path.isabs(p) else f"{folder}/{p}" for p in paths)
        self.add(BadInput(name, (rel,), (rel,), manifest=rel, paths=own, rows=rows, **kw))


# -- builders: CSV/JSONL, Word and PDF files --------------------------------------------------


def csv_text(header: list[str], rows: list[list[object]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")  # CRLF: a cell with a lone CR is quoted
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def jsonl(rows: Iterable[object]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _zip(members: list[tuple[str, bytes]], *, level: int = 9) -> bytes:
    """A zip archive with fixed timestamps (so the corpus is the same on every run)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)


def _core(title: str = "", creator: str = "") -> str:
    esc = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
    title, creator = ("".join(esc.get(c, c) for c in s) for s in (title, creator))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator></cp:coreProperties>"
    )


def paragraphs_xml(lines: Iterable[str]) -> str:
    return "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)


def document_xml(body: str, prolog: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<w:document {_W}><w:body>{body}</w:body></w:document>'


def docx(body: str | None = None, *, document: bytes | str | None = None, title: str = "", creator: str = "", extra=()) -> bytes:
    """A minimal Word file: ``body`` (WordprocessingML inside <w:body>) or a whole ``document`` part."""
    members: list[tuple[str, bytes]] = [("[Content_Types].xml", _CONTENT_TYPES.encode()), ("_rels/.rels", _RELS.encode())]
    members.append(("docProps/core.xml", _core(title, creator).encode()))
    if document is None and body is not None:
        document = document_xml(body)
    if document is not None:
        members.append(("word/document.xml", document.encode() if isinstance(document, str) else document))
    members += list(extra)
    return _zip(members)


def docx_bomb(expanded_mb: int) -> bytes:
    """A Word file whose document part expands to ``expanded_mb`` MB of empty paragraphs."""
    chunk = b"<w:p/>" * 200_000
    head = document_xml("").split("<w:body>")[0].encode() + b"<w:body><w:p><w:r><w:t>\xe5\x85\x9a</w:t></w:r></w:p>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in [
            ("[Content_Types].xml", _CONTENT_TYPES.encode()),
            ("_rels/.rels", _RELS.encode()),
            ("docProps/core.xml", _core().encode()),
        ]:
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("word/document.xml", date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as fh:
            fh.write(head)
            for _ in range(expanded_mb * (1 << 20) // len(chunk)):
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")
    return buf.getvalue()


_FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
    b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>] >>"
)


def pdf(objects: list[bytes], *, trailer: bytes = b"", header: bytes = b"%PDF-1.4\n") -> bytes:
    """A PDF of ``objects`` (object 1 is the catalog) with a correct cross-reference table."""
    from tests.pdfgen import pdf_bytes

    return pdf_bytes(objects, trailer=trailer, header=header)


def text_stream(lines: Iterable[str], codes: Callable[[str], bytes] | None = None) -> bytes:
    """A content stream showing ``lines`` in the CJK font (UCS-2 codes, or ``codes(line)`` as hex)."""
    ops = [b"BT /F1 12 Tf 50 800 Td 16 TL"]
    for line in lines:
        ops.append(b"<" + (codes(line) if codes else line.encode("utf-16-be").hex().encode()) + b"> Tj T*")
    return b"\n".join(ops + [b"ET"])


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(
    lines: list[str], *, content: bytes | None = None, page_extra: bytes = b"", catalog_extra: bytes = b"", extra_objects=()
) -> bytes:
    """A one-page PDF with ``lines`` as its text layer (objects: 1 catalog, 2 pages, 3 page, 4 font, 5 content)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R %s>>" % page_extra,
        _FONT,
        content if content is not None else stream(text_stream(lines)),
        *extra_objects,
    ]
    return pdf(objects)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def rc4_pdf(lines: list[str], user_password: str) -> bytes:
    """A PDF encrypted with the standard security handler, revision 3 (128-bit RC4)."""
    doc_id = hashlib.md5(b"textkit bad inputs").digest()
    perms = -4
    owner_key = hashlib.md5((b"owner-secret" + _PAD)[:32]).digest()
    for _ in range(50):
        owner_key = hashlib.md5(owner_key).digest()
    o_entry = _rc4(owner_key, (user_password.encode() + _PAD)[:32])
    for i in range(1, 20):
        o_entry = _rc4(bytes(b ^ i for b in owner_key), o_entry)
    key = hashlib.md5((user_password.encode() + _PAD)[:32] + o_entry + perms.to_bytes(4, "little", signed=True) + doc_id).digest()
    for _ in range(50):
        key = hashlib.md5(key).digest()
    u_entry = _rc4(key, hashlib.md5(_PAD + doc_id).digest())
    for i in range(1, 20):
        u_entry = _rc4(bytes(b ^ i for b in key), u_entry)
    u_entry += bytes(16)
    content = text_stream(lines)
    object_key = hashlib.md5(key + (5).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()
    encrypted = _rc4(object_key, content)
    encrypt = b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P %d /O <%s> /U <%s> >>" % (
        perms,
        o_entry.hex().encode(),
        u_entry.hex().encode(),
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        _FONT,
        stream(encrypted),
        encrypt,
    ]
    return pdf(objects, trailer=b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (doc_id.hex().encode(), doc_id.hex().encode()))


def pdf_bomb(expanded_mb: int) -> bytes:
    """A PDF whose page content is a Flate stream of ``expanded_mb`` MB (spaces after a real text line)."""
    raw = text_stream(["关于加强支部建设的说明材料"]) + b" " * (expanded_mb << 20)
    packed = zlib.compress(raw, 9)
    return text_pdf([], content=stream(packed, b"/Filter /FlateDecode "))


# -- the kinds ------------------------------------------------------------------------------


def _junk(seed: int, n: int) -> bytes:
    return random.Random(seed).randbytes(n)


def unpunctuated_chinese(chars: int, seed: int = 12) -> str:
    """Long Chinese text without punctuation or line breaks, full of numbers (figure candidates)."""
    rng = random.Random(seed)
    words = ["全年组织学习", "党员", "覆盖", "走访群众", "开展活动", "发放资金", "万元", "人次", "个", "次", "户", "支部", "达到", "百分之"]
    parts: list[str] = []
    n = 0
    while n < chars:
        part = rng.choice(words) + str(rng.randint(1, 99999)) + rng.choice(["人", "次", "万元", "个", "户", "%"])
        parts.append(part)
        n += len(part)
    return "".join(parts)[:chars]


def _text_kinds(w: _Writer) -> None:
    """Plain-text files: empty, binary, strange encodings and characters."""
    gb = GOOD_TEXT
    files: list[tuple[str, str, bytes | str, str, str]] = [
        # (kind, file name, content, expect, note)
        ("empty_file", "empty.txt", b"", "error", ""),
        ("only_spaces", "spaces.txt", b"    \t  ", "error", ""),
        ("only_newlines", "newlines.txt", b"\n" * 1000, "error", ""),
        ("only_ideographic_spaces", "ideographic_spaces.txt", "\u3000" * 50, "error", ""),
        ("only_bom_utf8", "bom_utf8.txt", codecs.BOM_UTF8, "error", ""),
        ("only_bom_utf16le", "bom_utf16le.txt", codecs.BOM_UTF16_LE, "error", ""),
        ("only_bom_utf16be", "bom_utf16be.txt", codecs.BOM_UTF16_BE, "error", ""),
        ("only_bom_utf32", "bom_utf32.txt", codecs.BOM_UTF32_LE, "error", ""),
        ("only_nul_bytes", "nul.txt", b"\x00" * 4096, "error", ""),
        ("nul_inside_chinese", "nul_inside.txt", gb.encode()[:60] + b"\x00" + gb.encode()[60:], "any", ""),
        ("binary_junk_txt", "junk.txt", _junk(1, 8192), "error", ""),
        ("binary_junk_md", "junk.md", _junk(2, 4096), "error", ""),
        ("binary_junk_text_suffix", "junk.text", _junk(3, 4096), "error", ""),
        ("binary_junk_docx", "junk.docx", _junk(4, 4096), "error", ""),
        ("binary_junk_pdf", "junk.pdf", _junk(5, 4096), "error", ""),
        ("binary_junk_html", "junk.html", _junk(6, 4096), "error", ""),
        ("binary_junk_htm", "junk.htm", _junk(7, 4096), "error", ""),
        ("elf_header_txt", "program.txt", b"\x7fELF\x02\x01\x01" + bytes(57) + _junk(8, 512), "error", ""),
        ("png_as_txt", "image.txt", b"\x89PNG\r\n\x1a\n" + _junk(9, 600), "error", ""),
        ("gzip_as_txt", "packed.txt", zlib.compress(gb.encode() * 20), "error", ""),
        ("utf8_bom_chinese", "utf8_bom.txt", codecs.BOM_UTF8 + gb.encode(), "ok", ""),
        ("gbk_chinese", "gbk.txt", gb.encode("gbk"), "ok", ""),
        ("gb18030_four_byte", "gb18030.txt", (gb + "生僻字㐀㐁䶵𠀀出现3次。\n").encode("gb18030"), "ok", ""),
        ("big5_traditional", "big5.txt", TRADITIONAL_TEXT.encode("big5"), "ok", ""),
        ("utf16le_no_bom", "utf16le.txt", gb.encode("utf-16-le"), "any", ""),
        ("utf16be_no_bom", "utf16be.txt", gb.encode("utf-16-be"), "any", ""),
        ("utf16le_bom", "utf16le_bom.txt", codecs.BOM_UTF16_LE + gb.encode("utf-16-le"), "ok", ""),
        ("utf16be_bom", "utf16be_bom.txt", codecs.BOM_UTF16_BE + gb.encode("utf-16-be"), "ok", ""),
        ("utf32_bom", "utf32.txt", gb.encode("utf-32"), "ok", ""),
        ("utf16_odd_byte_count", "utf16_odd.txt", codecs.BOM_UTF16_LE + gb.encode("utf-16-le") + b"\x0a", "any", ""),
        ("utf8_bom_then_gbk", "bom_lies.txt", codecs.BOM_UTF8 + gb.encode("gbk"), "any", ""),
        ("utf16_bom_then_utf8", "bom_lies16.txt", codecs.BOM_UTF16_LE + gb.encode("utf-8") + b"x", "any", ""),
        ("euc_kr_korean", "korean.txt", KOREAN_TEXT.encode("euc-kr"), "error", "must not be read as GB18030 mojibake"),
        ("shift_jis_japanese", "japanese.txt", JAPANESE_TEXT.encode("shift_jis"), "any", ""),
        ("latin1_french", "french.txt", FRENCH_TEXT.encode("latin-1"), "any", ""),
        ("mixed_utf8_gbk", "mixed.txt", gb.encode("utf-8") + gb.encode("gbk") + gb.encode("big5", "replace"), "any", ""),
        ("utf8_one_invalid_byte", "invalid_byte.txt", gb.encode()[:90] + b"\xff" + gb.encode()[90:], "any", ""),
        ("utf8_encoded_surrogates", "cesu.txt", gb.encode() + b"\xed\xa0\x80\xed\xb0\x80", "any", ""),
        ("utf8_overlong", "overlong.txt", gb.encode() + b"\xc0\xaf\xe0\x80\xaf", "any", ""),
        ("utf8_truncated_sequence", "truncated_char.txt", gb.encode() + "党".encode()[:2], "any", ""),
        ("control_characters", "controls.txt", "".join(chr(i) for i in range(1, 32) if i not in (10, 13)) + gb + "\x7f\x85\x9b", "any", ""),
        ("ansi_escapes", "ansi.txt", "\x1b[31m\x1b]0;pwned\x07" + gb + "\x1b[2J", "any", ""),
        ("rtl_and_bidi_marks", "bidi.txt", "\u202e" + gb.replace("党", "\u200f党\u202d") + "\u2066\u2069", "any", ""),
        ("zero_width_everywhere", "zero_width.txt", "\u200b".join(gb) + "\ufeff\u2060", "any", ""),
        ("emoji_text", "emoji.txt", gb.replace("。", "👍🏽🇨🇳。") + "👨‍👩‍👧‍👦" * 20, "ok", ""),
        ("combining_marks", "zalgo.txt", gb + "".join("a" + "\u0301\u0300\u0302" * 30 for _ in range(50)), "any", ""),
        ("private_use_chars", "private_use.txt", gb + "\ue000\uf8ff\U000f0000" * 100, "any", ""),
        ("noncharacters", "nonchars.txt", gb + "\ufffe\uffff\ufdd0\U0010ffff", "any", ""),
        ("replacement_chars", "replacement.txt", gb + "\ufffd" * 500, "any", ""),
        ("crlf_lines", "crlf.txt", gb.replace("\n", "\r\n"), "ok", ""),
        ("cr_only_lines", "cr.txt", gb.replace("\n", "\r"), "ok", ""),
        ("unicode_line_separators", "separators.txt", gb.replace("\n", "\u2028") + "\u2029\x0b\x0c\x1c\x1d\x1e", "any", ""),
        ("giant_single_line", "giant_line.txt", BODY.replace("。", "，") * 6000 + "。", "any", "one 150k-character line"),
        ("many_short_lines", "many_lines.txt", "党\n" * 60000, "any", ""),
        ("long_digit_run", "digits.txt", "全年开展学习" + "9" * 50000 + "次。", "any", ""),
        ("huge_numbers_in_text", "huge_numbers.txt", "投入资金" + "9" * 400 + "万亿元，覆盖1e400人，增长-0%，占比NaN%。\n" * 5, "any", ""),
        ("unicode_digits", "unicode_digits.txt", "开展学习１２次，走访٣٤٥户，覆盖²³人，投入Ⅻ万元，达到⑫个。\n" * 3, "any", ""),
        ("only_punctuation", "punctuation.txt", "，。！？、；：“”（）《》" * 100, "any", ""),
        ("only_numbers", "numbers.txt", " ".join(str(i) for i in range(5000)), "any", ""),
        ("deep_json_in_txt", "deep.txt", "[" * 5000 + "]" * 5000, "any", ""),
        ("html_in_txt", "markup.txt", "<script>alert(1)</script><img src=x onerror=alert(1)>" + gb, "any", ""),
        ("json_suffix_file", "data.json", json.dumps({"text": gb}, ensure_ascii=False), "any", ""),
        ("traditional_only", "traditional.txt", TRADITIONAL_TEXT, "ok", ""),
        (
            "unpunctuated_chinese_40k",
            "unpunctuated_40k.txt",
            unpunctuated_chinese(40_000),
            "any",
            "figures were quadratic (20k chars 1.8 s)",
        ),
        ("many_articles", "many_articles.txt", "\n\n\n".join(f"第{i}篇通知\n{BODY}" for i in range(300)), "any", ""),
    ]
    for name, filename, data, expect, note in files:
        w.file(name, filename, data, expect=expect, note=note)
    for key, payload in FORMULAS.items():
        w.file(
            f"formula_title_txt_{key}", f"formula_{key}.txt", payload + "\n" + BODY + "\n", formula=True, note="formula in the title line"
        )
    w.file(
        "formula_body_lines_txt",
        "formula_lines.txt",
        GOOD_TEXT + "".join(p.strip() + "学习2次。\n" for p in FORMULAS.values()),
        formula=True,
    )


def _name_kinds(w: _Writer) -> None:
    """File names that are long, odd or not UTF-8."""
    names = [
        ("name_very_long", "党" * 80 + ".txt"),
        ("name_with_newline", "line\nbreak.txt"),
        ("name_with_spaces", "  spaced  name .txt"),
        ("name_leading_dash", "-o.txt"),
        ("name_double_dash", "--help.txt"),
        ("name_glob_chars", "[abc]*?.txt"),
        ("name_hash_sign", "doc#1.txt"),
        ("name_quotes_and_semicolon", "a'b\";rm -rf x;.txt"),
        ("name_backslash_colon", "C:\\dir\\x.txt"),
        ("name_rtl_override", "report\u202etxt.exe.txt"),
        ("name_ansi_escape", "\x1b[31mred\x1b[0m.txt"),
        ("name_formula", '=HYPERLINK("http:localhost").txt'),
        ("name_only_dot_txt", ".txt"),
        ("name_nfd_accents", "re\u0301sume\u0301.txt"),
        ("name_upper_suffix", "UPPER.TXT"),
        ("name_no_suffix", "README"),
        ("name_trailing_dot", "trailing.txt."),
        ("name_emoji", "📄党建.txt"),
    ]
    for name, filename in names:
        w.file(name, filename, GOOD_TEXT, expect="any", formula=name == "name_formula")
    # a text file whose suffix says PDF or Word
    w.file("txt_named_pdf", "text_inside.pdf", GOOD_TEXT, expect="error")
    w.file("txt_named_docx", "text_inside.docx", GOOD_TEXT, expect="error")
    w.file("pdf_named_txt", "pdf_inside.txt", text_pdf(["关于加强支部建设的说明材料"]), expect="any")
    w.file("double_suffix_txt_pdf", "x.txt.pdf", GOOD_TEXT, expect="error")
    # not UTF-8: the name's bytes cannot be decoded
    rel = b"files/bad_name_\xff\xfe_gbk_" + "党建".encode("gbk") + b".txt"
    w.write(rel, GOOD_TEXT)
    w.add(BadInput("name_not_utf8", (os.fsdecode(rel),), (os.fsdecode(rel),), note="the source is not valid UTF-8"))
    w.add(BadInput("name_too_long_missing", (), ("files/" + "x" * 300 + ".txt",), expect="error", note="ENAMETOOLONG"))
    w.add(BadInput("missing_file", (), ("files/does_not_exist.txt",), expect="error"))
    w.add(BadInput("missing_glob", (), ("files/nothing_matches_*.txt",), expect="error"))


def _filesystem_kinds(w: _Writer) -> None:
    """Folders, links, devices, a FIFO, a socket and unreadable files."""
    fs = w.root / "fs"
    fs.mkdir(parents=True, exist_ok=True)
    (fs / "folder_named.txt").mkdir()
    (fs / "folder_named.txt" / "inner.txt").write_text(GOOD_TEXT, encoding="utf-8")
    w.add(
        BadInput(
            "folder_named_like_file",
            ("fs/folder_named.txt",),
            ("fs/folder_named.txt",),
            paths=("fs/folder_named.txt/inner.txt",),
            rows=None,
            expect="any",
            note="a folder called x.txt: walked",
        )
    )
    (fs / "empty_folder").mkdir()
    w.add(BadInput("empty_folder", ("fs/empty_folder",), ("fs/empty_folder",), rows=None, expect="any", note="a folder without documents"))
    links = [
        ("symlink_dev_zero", "zero.txt", "/dev/zero", "error"),
        ("symlink_dev_urandom", "urandom.txt", "/dev/urandom", "error"),
        ("symlink_dev_null", "null.txt", "/dev/null", "error"),
        ("symlink_proc_environ", "environ.txt", "/proc/self/environ", "error"),
        ("symlink_outside_file", "outside.txt", "/etc/hostname", "any"),
        ("symlink_dangling", "dangling.txt", "/nonexistent/textkit/nothing.txt", "error"),
    ]
    for name, link, target, expect in links:
        (fs / link).symlink_to(target)
        w.add(BadInput(name, (f"fs/{link}",), (f"fs/{link}",), expect=expect))
    (fs / "folder_link.txt").symlink_to("folder_named.txt")
    w.add(
        BadInput("symlink_to_folder", ("fs/folder_link.txt",), ("fs/folder_link.txt",), paths=("fs/folder_link.txt/inner.txt",), rows=None)
    )
    (fs / "loop.txt").symlink_to("loop.txt")
    w.add(BadInput("symlink_self_loop", ("fs/loop.txt",), ("fs/loop.txt",), expect="error"))
    (fs / "loop_a.txt").symlink_to("loop_b.txt")
    (fs / "loop_b.txt").symlink_to("loop_a.txt")
    w.add(BadInput("symlink_two_loop", ("fs/loop_a.txt",), ("fs/loop_a.txt",), expect="error"))
    fifo = fs / "pipe.txt"
    os.mkfifo(fifo)
    w.add(BadInput("fifo", ("fs/pipe.txt",), ("fs/pipe.txt",), expect="error", note="blocks a reader forever"))
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(str(fs / "socket.txt"))
        no_socket = None
    except OSError as exc:  # a folder path too long for a socket address
        no_socket = f"cannot make a socket here ({exc})"
    finally:
        s.close()
    w.add(BadInput("unix_socket", ("fs/socket.txt",), ("fs/socket.txt",), expect="error", skip=no_socket))
    root_skip = "running as root: permissions do not apply" if os.geteuid() == 0 else None
    (fs / "unreadable.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (fs / "unreadable.txt").chmod(0)
    w.add(BadInput("unreadable_file", ("fs/unreadable.txt",), ("fs/unreadable.txt",), expect="error", skip=root_skip))
    (fs / "unreadable_folder").mkdir()
    (fs / "unreadable_folder" / "hidden.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (fs / "unreadable_folder").chmod(0)
    w.add(BadInput("unreadable_folder", ("fs/unreadable_folder",), ("fs/unreadable_folder",), rows=None, expect="error", skip=root_skip))


def _docx_kinds(w: _Writer) -> None:
    """Word files: broken zips, missing parts, XML attacks, bombs."""
    good = docx(paragraphs_xml(GOOD_TEXT.splitlines()))
    laughs = (
        '<!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + "]>"
    )
    xxe = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    kinds: list[tuple[str, bytes, str]] = [
        ("docx_truncated_zip", good[: len(good) // 2], "error"),
        ("docx_zip_header_only", good[:30], "error"),
        ("docx_empty_zip", _zip([]), "error"),
        ("docx_without_document_xml", docx(None), "error"),
        ("docx_only_content_types", _zip([("[Content_Types].xml", _CONTENT_TYPES.encode())]), "error"),
        ("docx_unrelated_zip", _zip([("notes.txt", GOOD_TEXT.encode())]), "error"),
        ("docx_document_not_xml", docx(document=_junk(11, 2000)), "error"),
        (
            "docx_document_utf16",
            docx(document=document_xml(paragraphs_xml(GOOD_TEXT.splitlines())).replace("UTF-8", "UTF-16").encode("utf-16")),
            "any",
        ),
        ("docx_empty_body", docx(""), "error"),
        ("docx_billion_laughs", docx(document=document_xml("<w:p><w:r><w:t>&i;</w:t></w:r></w:p>", laughs)), "any"),
        ("docx_xxe_passwd", docx(document=document_xml("<w:p><w:r><w:t>标题&xxe;学习3次</w:t></w:r></w:p>", xxe)), "any"),
        (
            "docx_bad_numbering_level",
            docx(
                '<w:p><w:pPr><w:numPr><w:ilvl w:val="abc"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>开展学习3次</w:t></w:r></w:p>'
                + paragraphs_xml(GOOD_TEXT.splitlines())
            ),
            "any",
        ),
        (
            "docx_huge_numbering_level",
            docx(
                '<w:p><w:pPr><w:numPr><w:ilvl w:val="99999999999999999999"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>开展学习3次</w:t></w:r></w:p>'
                + paragraphs_xml(GOOD_TEXT.splitlines())
            ),
            "any",
        ),
        (
            "docx_deep_nested_tables",
            docx(
                "<w:tbl><w:tr><w:tc>" * 300
                + "<w:p><w:r><w:t>学习3次</w:t></w:r></w:p>"
                + "</w:tc></w:tr></w:tbl>" * 300
                + paragraphs_xml(GOOD_TEXT.splitlines())
            ),
            "any",
        ),
        ("docx_many_empty_paragraphs", docx("<w:p/>" * 20000 + paragraphs_xml(GOOD_TEXT.splitlines())), "any"),
        (
            "docx_formula_core_title",
            docx(paragraphs_xml(GOOD_TEXT.splitlines()), title=FORMULAS["equals_hyperlink"], creator=FORMULAS["at"]),
            "any",
        ),
        ("docx_formula_paragraph_title", docx(paragraphs_xml([FORMULAS["equals_dde"], BODY])), "any"),
        (
            "docx_path_traversal_member",
            docx(paragraphs_xml(GOOD_TEXT.splitlines()), extra=[("../../evil.txt", b"x"), ("/abs/evil.txt", b"y")]),
            "any",
        ),
        ("docx_lone_surrogate_char_ref", docx(paragraphs_xml(["标题", "开展学习&#xD800;3次。"])), "any"),
        ("docx_control_char_ref", docx(paragraphs_xml(["标题", "开展学习&#x1;&#x0;3次。"])), "any"),
    ]
    for name, data, expect in kinds:
        w.file(name, f"{name}.docx", data, expect=expect, formula="formula" in name)
    # an unsupported compression method and an "encrypted" flag on the document part
    weird = bytearray(good)
    pos = weird.find(b"PK\x01\x02")
    while pos != -1:
        weird[pos + 10 : pos + 12] = (99).to_bytes(2, "little")
        pos = weird.find(b"PK\x01\x02", pos + 4)
    w.file("docx_unknown_compression", "unknown_compression.docx", bytes(weird), expect="error")
    flagged = bytearray(good)
    pos = flagged.find(b"PK\x01\x02")
    while pos != -1:
        flagged[pos + 8] |= 1
        pos = flagged.find(b"PK\x01\x02", pos + 4)
    w.file("docx_encrypted_flag", "encrypted_flag.docx", bytes(flagged), expect="error")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate name, which is the point
        second = [("word/document.xml", document_xml(paragraphs_xml(["第二份正文学习2次。"])).encode())]
        w.file("docx_duplicate_members", "duplicate_members.docx", docx(paragraphs_xml(GOOD_TEXT.splitlines()), extra=second))
    w.file("docx_zip_bomb", "zip_bomb.docx", docx_bomb(200), expect="error", message=LIMIT_MESSAGE, note="200 MB of <w:p/> in 0.3 MB")


def _pdf_kinds(w: _Writer) -> None:
    """PDF files: broken structure, encryption, bombs, loops."""
    good = text_pdf(["关于加强支部建设的说明材料", "全年开展学习活动12次，参与党员96人。"])
    deep = b"[" * 5000 + b"]" * 5000
    pages_loop = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        _FONT,
        stream(text_stream(["关于加强支部建设的说明材料"])),
    ]
    kinds: list[tuple[str, bytes, str]] = [
        ("pdf_truncated", good[: len(good) // 2], "error"),
        ("pdf_header_only", b"%PDF-1.7\n", "error"),
        ("pdf_no_xref", good[: good.find(b"xref")], "any"),
        ("pdf_wrong_startxref", good.replace(b"startxref\n", b"startxref\n99999999"), "any"),
        ("pdf_no_text_layer", text_pdf([], content=stream(b"0 0 1 rg 10 10 100 100 re f")), "error"),
        ("pdf_pages_loop", pdf(pages_loop), "any"),
        ("pdf_nested_arrays_5000", text_pdf(["关于加强支部建设的说明材料"], catalog_extra=b"/Deep " + deep + b" "), "any"),
        (
            "pdf_huge_length",
            text_pdf([], content=b"<< /Length 99999999999 >>\nstream\n" + text_stream(["关于加强支部建设的说明材料"]) + b"\nendstream"),
            "any",
        ),
        (
            "pdf_negative_length",
            text_pdf([], content=b"<< /Length -5 >>\nstream\n" + text_stream(["关于加强支部建设的说明材料"]) + b"\nendstream"),
            "any",
        ),
        ("pdf_bad_flate", text_pdf([], content=stream(_junk(12, 800), b"/Filter /FlateDecode ")), "any"),
        ("pdf_unknown_filter", text_pdf([], content=stream(b"xx", b"/Filter /NoSuchDecode ")), "any"),
        ("pdf_decompression_bomb", pdf_bomb(120), "error"),
        (
            "pdf_lone_surrogate_text",
            text_pdf([], content=stream(text_stream(["标题"], lambda s: b"D800DC00D8004E00" + s.encode("utf-16-be").hex().encode()))),
            "any",
        ),
        (
            "pdf_control_codes_text",
            text_pdf(
                [],
                content=stream(
                    text_stream(["关于加强支部建设的说明材料"], lambda s: b"0000001B0007" + s.encode("utf-16-be").hex().encode())
                ),
            ),
            "any",
        ),
        ("pdf_formula_title", text_pdf([FORMULAS["equals_hyperlink"], "全年开展学习活动12次，参与党员96人。"]), "any"),
        (
            "pdf_javascript_action",
            text_pdf(["关于加强支部建设的说明材料"], catalog_extra=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "),
            "any",
        ),
        ("pdf_encrypted_rc4_empty_password", rc4_pdf(["关于加强支部建设的说明材料", "全年开展学习活动12次。"], ""), "ok"),
        ("pdf_encrypted_rc4_user_password", rc4_pdf(["关于加强支部建设的说明材料", "全年开展学习活动12次。"], "user-secret"), "error"),
        ("pdf_encrypted_aes128_empty_password", base64.b64decode(blobs._PDF_AES128), "ok"),
        ("pdf_encrypted_aes256_empty_password", base64.b64decode(blobs._PDF_AES256), "ok"),
        ("pdf_encrypted_aes256_user_password", base64.b64decode(blobs._PDF_AES256_PW), "error"),
    ]
    for name, data, expect in kinds:
        message = LIMIT_MESSAGE if name == "pdf_decompression_bomb" else ""
        w.file(name, f"{name}.pdf", data, expect=expect, formula="formula" in name, message=message)


def _html_kinds(w: _Writer) -> None:
    """Web pages: deep nesting, lying charsets, entity tricks."""
    page = "<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"
    article = "<div class='article'><h1>关于推进基层党组织建设的通知</h1><p>全年组织党员集中学习12次，走访群众260户。</p></div>"
    kinds: list[tuple[str, bytes | str, str]] = [
        (
            "html_nested_2000",
            page.format(title="深层", head="", body="<div>" * 2000 + "<p>全年组织党员集中学习12次。</p>" + "</div>" * 2000),
            "any",
        ),
        ("html_unclosed_tags", "<html><body>" + "<div><p><span><b>" * 500 + "全年组织党员集中学习12次。", "any"),
        ("html_only_script", page.format(title="x", head="", body="<script>" + "var a='党建';" * 500 + "</script>"), "error"),
        ("html_no_chinese", page.format(title="x", head="", body="<p>nothing here</p>" * 50), "error"),
        ("html_empty", b"", "error"),
        ("html_charset_lie", page.format(title="谎言", head='<meta charset="utf-8">', body=article).encode("gbk"), "any"),
        ("html_unknown_charset", page.format(title="x", head='<meta charset="x-no-such-charset">', body=article), "any"),
        ("html_utf16_charset", page.format(title="x", head='<meta charset="utf-16">', body=article).encode("utf-16-le"), "any"),
        (
            "html_utf7_charset",
            page.format(title="x", head='<meta charset="utf-7">', body="+ADw-script+AD4-alert(1)+ADw-/script+AD4-" + article),
            "any",
        ),
        (
            "html_lone_surrogate_entity",
            page.format(title="&#xD800;", head="", body="<p>开展学习&#xD800;&#xDFFF;3次&#0;。</p>" + article),
            "any",
        ),
        ("html_huge_entity", page.format(title="x", head="", body="<p>学习&#99999999999999999999;次</p>" + article), "any"),
        (
            "html_xxe_doctype",
            '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + page.format(title="&x;", head="", body=article),
            "any",
        ),
        (
            "html_many_attributes",
            "<html><body><div " + " ".join(f"a{i}='{i}'" for i in range(20000)) + ">" + article + "</div></body></html>",
            "any",
        ),
        ("html_comment_unclosed", page.format(title="x", head="", body="<!--" + article * 20), "any"),
        ("html_nul_bytes", page.format(title="x", head="", body=article).replace("学习", "学\x00习"), "any"),
        (
            "html_formula_title",
            page.format(
                title=FORMULAS["equals_hyperlink"],
                head="",
                body="<div class='article'><h1>" + FORMULAS["plus"] + "</h1><p>全年组织党员集中学习12次。</p></div>",
            ),
            "any",
        ),
        ("html_many_br", page.format(title="x", head="", body="<br>" * 50000 + article), "any"),
        (
            "html_deep_inline",
            page.format(title="x", head="", body="<p>" + "<span>" * 3000 + "全年组织党员集中学习12次。" + "</span>" * 3000 + "</p>"),
            "any",
        ),
    ]
    for name, data, expect in kinds:
        w.file(name, f"{name}.html", data, expect=expect, formula="formula" in name)


def _csv_manifest_kinds(w: _Writer) -> None:
    """CSV and TSV manifests: empty, ragged, broken quotes, odd encodings, hostile paths and cells."""
    ok_rows = [["1", BODY, "甲单位"], ["2", GOOD_TEXT, "乙单位"]]
    header = ["id", "text", "unit"]
    m = w.manifest
    m("csv_empty", "empty.csv", b"", rows=None, note="gave no record and no message")
    m("tsv_empty", "empty.tsv", b"", rows=None)
    m("csv_whitespace_only", "blank.csv", "\n \n\t\n", rows=None)
    m("csv_bom_only", "bom.csv", codecs.BOM_UTF8, rows=None)
    m("csv_header_only", "header.csv", "id,text,unit\n", rows=None, note="gave no record and no message")
    m("tsv_header_only", "header.tsv", "id\ttext\tunit\n", rows=None)
    m(
        "csv_ragged_first_row_long",
        "ragged_long.csv",
        "id,text\n1," + BODY + ",extra,more\n2," + BODY + "\n",
        rows=2,
        note="AttributeError: 'NoneType' … strip",
    )
    m("csv_ragged_first_row_short", "ragged_short.csv", "id,text,unit\n1\n2," + BODY + ",乙\n", rows=2)
    m("csv_ragged_all_rows", "ragged_all.csv", "text\n" + "".join(f"{BODY},{i},x,y\n" for i in range(5)), rows=5)
    m("csv_only_commas", "commas.csv", "id,text\n,,,,\n,\n", rows=2)
    m("csv_duplicate_columns", "dup_columns.csv", "text,text,unit,unit\n" + BODY + ",第二列,甲,乙\n", rows=1)
    m("csv_empty_column_names", "empty_names.csv", ",text,,\nx," + BODY + ",y,z\n", rows=1)
    m("csv_unterminated_quote", "open_quote.csv", 'id,text\n1,"' + BODY + "\n2," + BODY + "\n", rows=None)
    m("csv_quote_in_middle", "mid_quote.csv", 'id,text\n1,ab"c"d' + BODY + '\n2,"x"y"' + BODY + "\n", rows=2)
    m("csv_nul_byte", "nul.csv", "id,text\n1," + BODY + "\x00\n2," + BODY + "\n", rows=None)
    m(
        "csv_row_without_text_or_path",
        "no_text.csv",
        csv_text(["id", "text", "path", "unit"], [["1", "", "", "甲"], ["2", "   ", "  ", "乙"]]),
        rows=2,
        expect="error",
    )
    m(
        "csv_no_text_or_path_column",
        "no_columns.csv",
        csv_text(["id", "unit", "year"], [["1", "甲", "2024"], ["2", "乙", "2023"]]),
        rows=2,
        expect="error",
    )
    m("csv_only_id_column", "only_id.csv", "id\n1\n2\n", rows=2, expect="error")
    m("csv_semicolon_delimited", "semicolon.csv", "id;text;unit\n1;" + BODY + ";甲\n", rows=1)
    m("csv_header_repeated", "header_twice.csv", csv_text(header, [ok_rows[0], header, ok_rows[1]]), rows=3)
    m("csv_quoted_newlines", "newlines.csv", csv_text(header, [["1", GOOD_TEXT + "\n\n第二篇\n" + BODY, "甲"]]), rows=1, expect="ok")
    m("csv_many_columns", "wide.csv", csv_text(["text"] + [f"c{i}" for i in range(5000)], [[BODY] + [str(i) for i in range(5000)]]), rows=1)
    m("csv_long_header_name", "long_header.csv", csv_text(["text", "列" * 20000], [[BODY, "x"]]), rows=1)
    m("csv_duplicate_ids", "dup_ids.csv", csv_text(header, [["same", BODY, "甲"], ["same", GOOD_TEXT, "乙"]]), rows=2)
    m(
        "csv_hostile_ids",
        "hostile_ids.csv",
        csv_text(header, [["../../etc/passwd", BODY, "甲"], ["a\nb#c", BODY, "乙"], ["x" * 5000, BODY, "丙"], ["=1+1", BODY, "丁"]]),
        rows=4,
        formula=True,
    )
    m("csv_gbk", "gbk.csv", csv_text(header, ok_rows), rows=2, encoding="gbk", expect="ok")
    m("csv_big5", "big5.csv", csv_text(header, [["1", TRADITIONAL_TEXT, "甲"]]), rows=1, encoding="big5", expect="ok")
    m(
        "csv_utf16_bom",
        "utf16.csv",
        codecs.BOM_UTF16_LE + csv_text(header, ok_rows).encode("utf-16-le"),
        rows=2,
        note="cut at a \\n byte: odd length",
    )
    m("csv_utf16_no_bom", "utf16_nobom.csv", csv_text(header, ok_rows).encode("utf-16-le"), rows=None)
    m("csv_euc_kr", "korean.csv", csv_text(header, [["1", KOREAN_TEXT, "지역"]]), rows=1, encoding="euc-kr")
    m(
        "csv_invalid_utf8_late",
        "late_bad_byte.csv",
        csv_text(header, ok_rows * 3).encode() + b"3,\xff\xfe" + BODY.encode() + b",x\n",
        rows=None,
    )
    m(
        "csv_mixed_encodings",
        "mixed.csv",
        csv_text(header, ok_rows[:1]).encode() + csv_text(header, ok_rows[1:])[len("id,text,unit\n") :].encode("gbk"),
        rows=None,
    )
    m("csv_binary_junk", "junk.csv", _junk(21, 4096), rows=None)
    m("csv_is_a_zip", "really.csv", docx(paragraphs_xml([BODY])), rows=None)
    m("csv_gzip", "packed.csv", zlib.compress(csv_text(header, ok_rows).encode()), rows=None)
    m("csv_nan_and_inf_cells", "nan.csv", csv_text(["text", "score", "year"], [[BODY, "NaN", "1e400"], [BODY, "-Infinity", "inf"]]), rows=2)
    m("csv_control_chars_cells", "controls.csv", csv_text(header, [["1", BODY + "\x01\x1b[2J\x7f", "\x0b甲\x0c"]]), rows=1)
    m("csv_crlf_and_cr", "crlf.csv", "id,text,unit\r\n1," + BODY + ",甲\r2," + BODY + ",乙\r\n", rows=None)
    m("csv_cell_unpunctuated_3k", "big_cell.csv", csv_text(["text"], [[unpunctuated_chinese(3000, seed=3)]]), rows=1)
    m("tsv_with_quotes", "quotes.tsv", 'id\ttext\n1\t"' + BODY + "\n2\t" + BODY + "\n", rows=None)
    m("tsv_ragged", "ragged.tsv", "id\ttext\n1\t" + BODY + "\tx\ty\n2\n", rows=2)
    m("tsv_commas_inside", "commas.tsv", "id\ttext\tunit\n1\t" + BODY.replace("。", ",,,") + "\t甲,乙\n", rows=1)
    for key, payload in FORMULAS.items():
        m(
            f"formula_csv_{key}",
            f"formula_{key}.csv",
            csv_text(["id", "title", "text", "unit", "region", "author"], [["1", payload, BODY, payload, payload, payload]]),
            rows=1,
            formula=True,
        )
    m(
        "formula_tsv_mixed",
        "formula.tsv",
        csv_text(["title", "text", "unit"], [[p, BODY, p] for p in FORMULAS.values()], delimiter="\t"),
        rows=len(FORMULAS),
        formula=True,
    )


def _path_manifest_kinds(w: _Writer) -> None:
    """Manifests whose path column names devices, secrets, other folders, links and odd paths."""
    m = w.manifest

    def paths_csv(name: str, paths: list[str], *, expect: str = "error", note: str = "", suffix: str = "csv") -> None:
        rows = [[p, "甲单位"] for p in paths]
        data = csv_text(["path", "unit"], rows) if suffix == "csv" else jsonl({"path": p, "unit": "甲单位"} for p in paths)
        m(name, f"paths.{suffix}", data, rows=len(paths), paths=paths, expect=expect, note=note)

    paths_csv("manifest_path_dev_zero", ["/dev/zero"], note="read without limit")
    paths_csv("manifest_path_dev_urandom", ["/dev/urandom"], note="read without limit")
    paths_csv("manifest_path_proc_environ", ["/proc/self/environ"], note="leaks the environment")
    paths_csv("manifest_path_proc_cmdline", ["/proc/self/cmdline"])
    paths_csv("manifest_path_proc_status", ["/proc/self/status"])
    paths_csv("manifest_path_etc_passwd", ["/etc/passwd"], note="outside the manifest's folder")
    paths_csv("manifest_path_etc_shadow", ["/etc/shadow"])
    paths_csv("manifest_path_dotdot_group", ["../../../../../../../../etc/group"], suffix="jsonl")
    w.write("manifests/outside_any_kind/doc.txt", GOOD_TEXT)
    paths_csv("manifest_path_dotdot_sibling", ["../outside_any_kind/doc.txt"])
    paths_csv("manifest_path_dev_stdin", ["/dev/stdin"], note="stdin is /dev/null in the tests")
    paths_csv("manifest_path_dev_tty", ["/dev/tty"])
    paths_csv("manifest_path_proc_fd_stderr", ["/proc/self/fd/2"])
    paths_csv("manifest_path_url", ["file:///etc/hostname", "http://localhost:1/x.txt"])
    paths_csv("manifest_path_tilde", ["~/.bashrc"])
    paths_csv("manifest_path_nul_byte", ["a\x00b.txt"], note="ValueError: embedded null byte")
    paths_csv("manifest_path_too_long", ["y" * 5000 + ".txt"], note="ENAMETOOLONG")
    paths_csv("manifest_path_whitespace", ["   \t "], note="blank after stripping")
    paths_csv("manifest_path_folder", ["."], note="the manifest's own folder")
    paths_csv("manifest_path_missing", ["nothing_here.txt"])
    for name, link, make in [
        ("manifest_path_fifo", "pipe.txt", os.mkfifo),
        ("manifest_path_symlink_loop", "loop.txt", lambda p: p.symlink_to(p.name)),
        ("manifest_path_symlink_zero", "zero.txt", lambda p: p.symlink_to("/dev/zero")),
    ]:
        (w.root / "manifests" / name).mkdir(parents=True)
        make(w.root / "manifests" / name / link)
        paths_csv(name, [link])
    folder = "manifests/manifest_path_self_and_link"
    w.write(f"{folder}/doc.txt", GOOD_TEXT)
    (w.root / folder / "outside_link.txt").symlink_to("/etc/hostname")
    m(
        "manifest_path_self_and_link",
        "paths.csv",
        csv_text(["path"], [["paths.csv"], ["doc.txt"], ["outside_link.txt"]]),
        rows=3,
        paths=["paths.csv", "doc.txt", "outside_link.txt"],
    )
    folder = "manifests/manifest_path_number"
    w.write(f"{folder}/12.txt", GOOD_TEXT)
    m(
        "manifest_path_number",
        "paths.jsonl",
        jsonl([{"path": 12}, {"path": ["12.txt"]}, {"path": {"p": "12.txt"}}, {"path": True}]),
        rows=4,
        paths=["12", "['12.txt']", "{'p': '12.txt'}", "True"],
    )


def _jsonl_manifest_kinds(w: _Writer) -> None:
    """JSONL manifests: invalid UTF-8, deep nesting, surrogates, NaN, wrong types, not JSON."""
    m = w.manifest
    row = {"id": "1", "text": BODY, "unit": "甲单位"}
    line = json.dumps(row, ensure_ascii=False)
    m("jsonl_empty", "empty.jsonl", b"", rows=None)
    m("ndjson_empty", "empty.ndjson", b"", rows=None)
    m("jsonl_blank_lines_only", "blank.jsonl", "\n\n   \n", rows=None)
    m(
        "jsonl_invalid_utf8",
        "bad_byte.jsonl",
        (line + "\n").encode() + b'{"id": "2", "text": "\xff\xfe' + BODY.encode() + b'"}\n' + (line.replace('"1"', '"3"') + "\n").encode(),
        rows=None,
        note="one invalid UTF-8 byte",
    )
    m(
        "jsonl_nested_5000",
        "deep.jsonl",
        '{"id": "d", "text": "' + BODY + '", "meta": ' + "[" * 5000 + "]" * 5000 + "}\n" + line + "\n",
        rows=2,
        note="RecursionError",
    )
    m("jsonl_nested_900", "deep900.jsonl", '{"id": "d", "text": "' + BODY + '", "meta": ' + "[" * 900 + "]" * 900 + "}\n", rows=1)
    m(
        "jsonl_nested_objects_5000",
        "deep_objects.jsonl",
        '{"id": "d", "text": "' + BODY + '", "meta": ' + '{"a":' * 5000 + "1" + "}" * 5000 + "}\n",
        rows=1,
    )
    m(
        "jsonl_lone_surrogate_metadata",
        "surrogate_meta.jsonl",
        '{"id": "s", "text": "' + BODY + '", "unit": "\\ud800"}\n',
        rows=1,
        note="lone surrogate in metadata",
    )
    m("jsonl_lone_surrogate_text", "surrogate_text.jsonl", '{"id": "s", "text": "\\udfff' + BODY + '"}\n', rows=1)
    m("jsonl_lone_surrogate_title", "surrogate_title.jsonl", '{"id": "s", "title": "\\ud83d", "text": "' + BODY + '"}\n', rows=1)
    m("jsonl_lone_surrogate_id", "surrogate_id.jsonl", '{"id": "\\udc80", "text": "' + BODY + '"}\n', rows=1)
    m("jsonl_nan", "nan.jsonl", '{"id": "n", "text": "' + BODY + '", "score": NaN}\n', rows=1)
    m("jsonl_infinity", "inf.jsonl", '{"id": "i", "text": "' + BODY + '", "score": Infinity, "low": -Infinity}\n', rows=1)
    m("jsonl_1e400", "big_float.jsonl", '{"id": "e", "text": "' + BODY + '", "score": 1e400, "low": -1e400}\n', rows=1)
    m(
        "jsonl_huge_int",
        "huge_int.jsonl",
        '{"id": "h", "text": "' + BODY + '", "score": ' + "9" * 5000 + "}\n" + line + "\n",
        rows=2,
        note="int above the 4300-digit limit: ValueError",
    )
    m("jsonl_tiny_float", "tiny_float.jsonl", '{"id": "t", "text": "' + BODY + '", "score": 1e-400, "neg": -0.0}\n', rows=1)
    types = [
        {"id": "num", "text": 12345},
        {"id": "float", "text": 1.5},
        {"id": "list", "text": [BODY, BODY]},
        {"id": "obj", "text": {"body": BODY}},
        {"id": "null", "text": None},
        {"id": "bool", "text": True},
        {"id": "false", "text": False},
    ]
    m("jsonl_text_wrong_types", "types.jsonl", jsonl(types), rows=len(types))
    m(
        "jsonl_id_wrong_types",
        "ids.jsonl",
        jsonl([{"id": {"a": 1}, "text": BODY}, {"id": [1, 2], "text": BODY}, {"id": None, "text": BODY}, {"id": 1.5, "text": BODY}]),
        rows=4,
    )
    m(
        "jsonl_title_wrong_types",
        "titles.jsonl",
        jsonl(
            [
                {"id": "a", "title": ["x", "y"], "text": BODY},
                {"id": "b", "title": {"t": 1}, "text": BODY},
                {"id": "c", "title": 3, "text": BODY},
            ]
        ),
        rows=3,
    )
    m(
        "jsonl_metadata_nested",
        "meta.jsonl",
        jsonl([{"id": "m", "text": BODY, "unit": {"name": "甲", "sub": [1, {"x": None}]}, "year": [2024]}]),
        rows=1,
    )
    m("jsonl_not_objects", "not_objects.jsonl", '[1, 2]\n"text"\n42\nnull\ntrue\n' + line + "\n", rows=6)
    m("jsonl_single_json_array", "array.jsonl", json.dumps([row, row], ensure_ascii=False, indent=2), rows=None)
    m(
        "jsonl_trailing_commas_comments",
        "loose.jsonl",
        '{"id": "1", "text": "' + BODY + '",}\n// comment\n# comment\n' + line.replace('"1"', '"2"') + "\n",
        rows=4,
    )
    m("jsonl_truncated_last_line", "truncated.jsonl", line + "\n" + line.replace('"1"', '"2"')[:20], rows=2)
    m("jsonl_duplicate_keys", "dup_keys.jsonl", '{"id": "1", "text": "第一个", "text": "' + BODY + '"}\n', rows=1)
    m(
        "jsonl_odd_keys",
        "odd_keys.jsonl",
        jsonl([{"": "empty key", " ": "space", "text": BODY, "__error__": "a row that claims to be an error", "id": "k"}]),
        rows=1,
    )
    m("jsonl_bom", "bom.jsonl", codecs.BOM_UTF8 + (line + "\n").encode(), rows=1)
    m("jsonl_crlf", "crlf.jsonl", line + "\r\n" + line.replace('"1"', '"2"') + "\r\n", rows=2)
    m("jsonl_utf16", "utf16.jsonl", codecs.BOM_UTF16_LE + (line + "\n" + line.replace('"1"', '"2"') + "\n").encode("utf-16-le"), rows=None)
    m("jsonl_gbk", "gbk.jsonl", (line + "\n").encode("gbk"), rows=None)
    m("jsonl_nul_inside_line", "nul.jsonl", line[:10] + "\x00" + line[10:] + "\n" + line.replace('"1"', '"2"') + "\n", rows=2)
    m("jsonl_escaped_nul_text", "escaped_nul.jsonl", '{"id": "z", "text": "开展\\u0000学习3次\\u0000。"}\n', rows=1)
    m(
        "jsonl_text_empty_no_path",
        "empty_text.jsonl",
        jsonl([{"id": "e1", "text": ""}, {"id": "e2", "text": "   "}, {"id": "e3"}]),
        rows=3,
        expect="error",
    )
    m(
        "jsonl_columns_change",
        "changing.jsonl",
        jsonl([{"unit": "甲"}, {"id": "2", "text": BODY}, {"content": BODY, "id": "3"}, {"path": "nothing.txt"}]),
        rows=4,
        paths=["nothing.txt"],
    )
    m("jsonl_very_long_line", "long_line.jsonl", json.dumps({"id": "L", "text": BODY, "pad": "x" * 300_000}) + "\n", rows=1)
    for key, payload in FORMULAS.items():
        m(
            f"formula_jsonl_{key}",
            f"formula_{key}.jsonl",
            jsonl([{"id": "f", "title": payload, "text": BODY, "unit": payload, "tags": [payload], "note": {"k": payload}}]),
            rows=1,
            formula=True,
        )


def generate(root: str | Path) -> list[BadInput]:
    """Write the corpus into ``root`` (which must be empty or missing) and return its kinds, the good document last."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    w = _Writer(root)
    for build in (
        _text_kinds,
        _name_kinds,
        _filesystem_kinds,
        _docx_kinds,
        _pdf_kinds,
        _html_kinds,
        _csv_manifest_kinds,
        _path_manifest_kinds,
        _jsonl_manifest_kinds,
    ):
        build(w)
    w.write(GOOD_LAST, GOOD_TEXT)
    w.add(BadInput("good_last", (GOOD_LAST,), (GOOD_LAST,), expect="ok", note="a good document after all the bad ones"))
    return w.kinds


def corpus_bytes(root: Path) -> int:
    """Bytes on disk of the corpus's regular files (links, FIFOs and unreadable folders left out)."""
    total = 0
    for folder, _, names in os.walk(root):
        for name in names:
            st = os.lstat(os.path.join(folder, name))
            total += st.st_size if stat.S_ISREG(st.st_mode) else 0
    return total


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: generate.py OUT_FOLDER", file=sys.stderr)
        return 2
    kinds = generate(argv[0])
    size = corpus_bytes(Path(argv[0]))
    for k in kinds:
        print(f"{k.name}\t{' '.join(map(repr, k.inputs))}")
    print(f"{len(kinds)} kinds, {size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
