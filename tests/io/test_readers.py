"""Reading inputs: encodings, bad files, folders and globs, and every input format (.txt, .docx, .pdf, .html)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textkit.cli import EXIT_SOME_FAILED, app
from textkit.errors import InputError
from textkit.io.readers import decode_bytes, expand_inputs, read_path
from textkit.pipeline import Pipeline

from ..conftest import CORPORA, REPORT_SIMPLIFIED, REPORT_TRADITIONAL
from ..pdfgen import write_pdf
from .samples import HTML_PAGE, SCHOOL, docx, records

runner = CliRunner()


@pytest.mark.parametrize(
    "text,encoding",
    [
        (REPORT_SIMPLIFIED, "utf-8"),
        (REPORT_SIMPLIFIED, "utf-8-sig"),
        (REPORT_SIMPLIFIED, "gb18030"),
        (REPORT_SIMPLIFIED, "gbk"),
        (REPORT_TRADITIONAL, "big5"),
        (REPORT_SIMPLIFIED, "utf-16"),
        (REPORT_SIMPLIFIED, "utf-16-le"),
    ],
)
def test_encodings_are_detected(tmp_path, text, encoding):
    p = tmp_path / f"doc_{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    raw = read_path(p)
    assert raw.text.lstrip("\ufeff").replace("\r\n", "\n") == text


def test_corpus_files_in_other_encodings_read_correctly():
    for name in ("09_procuratorate.txt", "04_power_company.txt", "10_transport_company.txt"):
        raw = read_path(CORPORA / name)
        assert "党" in raw.text, name


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"", "empty"),
        (b"   \n\n ", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x81\x30\xff\xfe\x80" * 200 + b"\xa0\xa1" * 100, "undetectable"),
    ],
)
def test_bad_files_give_clear_errors(tmp_path, content, reason):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match=reason):
        read_path(p)
    doc = Pipeline(extract=False).process_path(str(p))
    assert doc.error and "bad.txt" in doc.error and not doc.articles


def test_missing_path_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.txt")
    doc = Pipeline(extract=False).process_path(str(tmp_path / "nope.txt"))
    assert "no such file" in doc.error


def test_huge_single_line_file_is_refused_quickly(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        chunk = "党员学习教育".encode() * 100_000
        for _ in range(30):
            fh.write(chunk)
    started = time.perf_counter()
    doc = Pipeline(extract=False).process_path(str(p))
    assert doc.error and "too large" in doc.error
    assert time.perf_counter() - started < 1.0  # refused from its size, without decoding 54 MB


def test_expand_inputs_folders_globs_and_missing(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    for rel in ("a/one.txt", "a/b/two.txt", "a/b/skip.bin", "three.txt"):
        (tmp_path / rel).write_text("党支部", encoding="utf-8")
    found = list(expand_inputs([str(tmp_path / "a")]))
    assert [p.split("/")[-1] for p in found] == ["one.txt", "two.txt"]
    assert list(expand_inputs([str(tmp_path / "*.txt")])) == [str(tmp_path / "three.txt")]
    assert list(expand_inputs([str(tmp_path / "none*.txt")])) == [str(tmp_path / "none*.txt")]


def test_decode_prefers_the_right_chinese_codec():
    text, enc = decode_bytes("黨員先鋒模範作用的實踐與思考，發揮黨員作用".encode("big5"))
    assert text.startswith("黨員先鋒") and enc.startswith("big5")
    text, enc = decode_bytes("党员先锋模范作用的实践与思考，发挥党员作用".encode("gb18030"))
    assert text.startswith("党员先锋") and enc == "gb18030"


@pytest.fixture
def mixed_inputs(tmp_path: Path) -> Path:
    """One folder with every input format, a scanned PDF and a manifest."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_simplified.txt").write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    (d / "b_traditional_big5.txt").write_bytes(REPORT_TRADITIONAL.replace("“", "「").replace("”", "」").encode("big5", errors="replace"))
    docx(d / "c_power.docx")
    lines = [ln for ln in SCHOOL.splitlines() if ln.strip()]
    write_pdf(d / "d_school.pdf", [lines[:4], lines[4:]])
    write_pdf(d / "e_scanned.pdf", [[]])
    (d / "f_tax.html").write_text(HTML_PAGE, encoding="utf-8")
    return d


def test_every_input_format_is_read(mixed_inputs: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["extract", str(mixed_inputs), "-o", str(out), "-q", "--workers", "1"])
    assert res.exit_code == EXIT_SOME_FAILED, res.output
    recs = records(out)
    by_name = {Path(r["source"]).name: r for r in recs}
    assert set(by_name) == {"a_simplified.txt", "b_traditional_big5.txt", "c_power.docx", "d_school.pdf", "e_scanned.pdf", "f_tax.html"}
    assert "no text layer" in by_name["e_scanned.pdf"]["error"]
    for name in ("a_simplified.txt", "b_traditional_big5.txt", "c_power.docx", "d_school.pdf", "f_tax.html"):
        rec = by_name[name]
        assert "error" not in rec and rec["measures"], name
        assert len(rec["doc_id"]) == 40
    assert by_name["b_traditional_big5.txt"]["measures"][0]["text"] == by_name["a_simplified.txt"]["measures"][0]["text"]
    docx = by_name["c_power.docx"]
    assert docx["title"].startswith("青山供电所") and any(s["level"] == 1 for s in docx["structure"]["sections"])
    assert "3支" in docx["text"]  # the table's cells are read
    html = by_name["f_tax.html"]
    assert html["title"].startswith("城南税务分局") and "登录" not in html["text"] and "版权所有" not in html["text"]
    assert any(f["value"] == 1260 for f in html["figures"])
    assert any(f["value"] == 16 and "学习" in f["indicator"] for f in by_name["d_school.pdf"]["figures"])
