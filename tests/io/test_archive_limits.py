"""Zip bombs, PDF bombs, huge page counts and encrypted PDFs give clear InputErrors (issue 12)."""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from textkit.errors import InputError
from textkit.io import formats
from textkit.io.readers import read_path

from ..pdfgen import write_pdf
from .samples import docx

LINES = ["红星社区党委工作经验", "一、加强理论学习。党委全年开展集中学习12次。", "二、服务群众。党员志愿者结对帮扶困难家庭36户。"]


def test_a_docx_zip_bomb_is_refused_quickly(tmp_path: Path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (60 << 20) + b"</w:document>")
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"unpacks to 63 MB \(the limit is 52 MB; TEXTKIT_MAX_UNPACKED_BYTES\); a zip bomb"):
        read_path(path)
    assert time.perf_counter() - start < 2


def test_docx_limits_on_members_and_decompressed_bytes(tmp_path: Path, monkeypatch):
    path = docx(tmp_path / "report.docx")
    assert "三会一课" in read_path(path).text
    with zipfile.ZipFile(path) as archive:
        members, unpacked = len(archive.infolist()), sum(m.file_size for m in archive.infolist())
    monkeypatch.setattr(formats, "MAX_DOCX_MEMBERS", members - 1)
    with pytest.raises(InputError, match="TEXTKIT_MAX_DOCX_MEMBERS"):
        read_path(path)
    monkeypatch.setattr(formats, "MAX_DOCX_MEMBERS", members)
    monkeypatch.setattr(formats, "MAX_UNPACKED_BYTES", unpacked - 1)
    with pytest.raises(InputError, match="zip bomb"):
        read_path(path)


def test_encrypted_pdfs_open_with_the_empty_password_only(tmp_path: Path):
    from pypdf import PdfWriter

    plain = write_pdf(tmp_path / "plain.pdf", [LINES])
    for name, password in [("aes128", ""), ("aes256", ""), ("locked", "secret")]:
        writer = PdfWriter(clone_from=str(plain))
        writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-256" if name == "aes256" else "AES-128")
        writer.write(tmp_path / f"{name}.pdf")
    assert read_path(tmp_path / "aes128.pdf").text.startswith("红星社区党委工作经验")
    assert read_path(tmp_path / "aes256.pdf").text.startswith("红星社区党委工作经验")
    with pytest.raises(InputError, match="encrypted PDF, password required"):
        read_path(tmp_path / "locked.pdf")


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of numbered ``objects`` (the first is the catalog) with a correct cross-reference table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_pdf_decompression_bomb_is_an_input_error(tmp_path: Path):
    stream = zlib.compress(b"BT /F1 12 Tf 50 800 Td <7ea2661f> Tj ET\n" + b" " * (80 << 20))  # 80 MB from 80 kB
    path = tmp_path / "bomb.pdf"
    path.write_bytes(
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
                b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font "
                b"/Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>] >>",
            ]
        )
    )
    with pytest.raises(InputError, match="decompression bomb"):
        read_path(path)


def test_a_pdf_whose_page_tree_lies_about_its_count_is_refused_quickly(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(formats, "MAX_PDF_PAGES", 100)
    n = 20_000
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count 1 >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * n
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf_file(objects))
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"more than 100 pages"):
        read_path(path)
    assert time.perf_counter() - start < 3


def test_a_pdf_with_too_many_pages_is_refused(tmp_path: Path, monkeypatch):
    path = write_pdf(tmp_path / "long.pdf", [LINES] * 5)
    assert read_path(path).meta == {"pages": 5}
    monkeypatch.setattr(formats, "MAX_PDF_PAGES", 4)
    with pytest.raises(InputError, match=r"more than 4 pages \(TEXTKIT_MAX_PDF_PAGES\)"):
        read_path(path)
