from __future__ import annotations

import pytest

from textkit.errors import InputError
from textkit.io.readers import decode_bytes, expand_inputs, read_path
from textkit.pipeline import Pipeline

from .conftest import CORPORA, REPORT_SIMPLIFIED, REPORT_TRADITIONAL


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
    doc = Pipeline(extract=False).process_path(str(p))
    assert doc.error and "too large" in doc.error


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
