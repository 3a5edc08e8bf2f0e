"""Hostile inputs are refused with a clear InputError, within bounded time and memory (issue 12)."""

from __future__ import annotations

import json
import os
import socket
import time
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textkit.cli import app
from textkit.errors import InputError
from textkit.io import readers
from textkit.io.readers import expand_inputs, read_bytes, read_path

from ..conftest import REPORT_SIMPLIFIED


def test_a_symlink_to_dev_zero_is_refused_without_reading(tmp_path: Path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    start = time.perf_counter()
    with pytest.raises(InputError, match="kernel or device file"):
        read_path(link)
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize("target", ["/proc/self/environ", "/dev/null", "/sys/kernel/mm"])
def test_kernel_files_are_never_read(target: str):
    with pytest.raises(InputError, match="kernel or device file|is a folder"):
        read_bytes(target)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    start = time.perf_counter()
    with pytest.raises(InputError, match="FIFO"):
        read_path(fifo)
    assert time.perf_counter() - start < 1


def test_a_socket_is_refused(tmp_path: Path):
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(InputError, match="socket"):
            read_path(path)


def test_a_symlink_loop_says_so(tmp_path: Path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop.name)
    with pytest.raises(InputError, match="symlink loop"):
        read_path(loop)


def test_the_reported_size_is_not_trusted(tmp_path: Path, monkeypatch):
    """At most limit + 1 bytes are read, however large the file is."""
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 5000)
    monkeypatch.setattr(readers, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(InputError, match="file too large.*TEXTKIT_MAX_INPUT_BYTES"):
        read_bytes(path)
    assert read_bytes(path, limit=5000) == b"a" * 5000


def test_a_file_larger_than_it_reports_is_read_in_chunks_up_to_the_limit(tmp_path: Path, monkeypatch):
    """The reported size only sizes the reads: the bytes past it are read, and no more than asked."""
    path = tmp_path / "grown.txt"
    data = bytes(range(256)) * 1000  # 256 000 bytes, several chunks of 64 KiB
    path.write_bytes(data)
    monkeypatch.setattr(readers.os, "fstat", lambda fd: types.SimpleNamespace(st_size=10))
    for most in (1, 10, 11, 70_000, 256_000, 256_001, 10**9):
        fd = os.open(path, os.O_RDONLY)
        try:
            assert readers._read_at_most(fd, most) == data[:most]
        finally:
            os.close(fd)


def test_the_input_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("TEXTKIT_TEST_LIMIT", "1_000")
    assert readers.env_limit("TEXTKIT_TEST_LIMIT", 7) == 1000
    monkeypatch.setenv("TEXTKIT_TEST_LIMIT", "lots")
    with pytest.warns(UserWarning, match="not a positive whole number"):
        assert readers.env_limit("TEXTKIT_TEST_LIMIT", 7) == 7


def test_an_unreadable_folder_becomes_an_error(tmp_path: Path, monkeypatch):
    top = tmp_path / "in"
    closed = top / "closed"
    closed.mkdir(parents=True)
    (top / "a.txt").write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path=None):  # as a non-root user sees a folder with mode 000
        if Path(path) == closed:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(expand_inputs([top]))
    assert str(closed) in found and str(top / "a.txt") in found
    with pytest.raises(InputError, match="cannot read the folder.*ermission"):
        read_path(closed)


def test_a_file_name_that_is_not_utf8_is_read(tmp_path: Path):
    name = os.fsencode(str(tmp_path)) + b"/bad_\xff\xfe.txt"
    with open(name, "wb") as fh:
        fh.write(REPORT_SIMPLIFIED.encode("utf-8"))
    (found,) = expand_inputs([tmp_path])
    assert read_path(found).text == REPORT_SIMPLIFIED
    assert readers.display_path(found).endswith("bad_\\xff\\xfe.txt")


def test_a_batch_with_a_file_name_that_is_not_utf8_writes_its_record(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(str(folder)) + b"/bad_\xff.txt", "wb") as fh:
        fh.write(REPORT_SIMPLIFIED.encode("utf-8"))
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["normalize", str(folder), "-o", str(out), "-q", "--workers", "1"])
    assert res.exit_code == 0, res.output
    (rec,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rec["source"].endswith("bad_\\xff.txt") and "error" not in rec


@pytest.mark.parametrize("depth", [2000, 10000])
def test_deeply_nested_html_is_read_in_near_linear_time(tmp_path: Path, depth: int):
    page = "<html><body><div class='nav'><a href='/'>首页</a></div>" + "<div>" * depth + "<p>党支部全年开展集中学习12次。</p>"
    page += "<br>".join(REPORT_SIMPLIFIED.splitlines()) + "</div>" * depth + "</body></html>"
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    start = time.perf_counter()
    text = read_path(path).text
    assert time.perf_counter() - start < 2  # 2,000 levels took 11.9 s
    assert text.splitlines()[0] == "党支部全年开展集中学习12次。" and REPORT_SIMPLIFIED.splitlines()[1] in text and "首页" not in text


KOREAN = "대한민국의 모든 국민은 법 앞에 평등하다. 누구든지 성별, 종교 또는 사회적 신분에 의하여 차별을 받지 아니한다. 국가는 국민의 기본적 인권을 보장한다.\n"
JAPANESE = "私たちの町内会では、毎月の清掃活動に多くの住民が参加しています。高齢者の見守りや子どもの登下校の安全にも取り組んでいます。\n"


@pytest.mark.parametrize(
    ("text", "encoding", "looks_like"), [(KOREAN, "euc-kr", "euc-kr"), (JAPANESE, "shift_jis", "shift_jis"), (JAPANESE, "euc-jp", "euc-jp")]
)
def test_korean_and_japanese_text_is_not_read_as_chinese(tmp_path: Path, text: str, encoding: str, looks_like: str):
    path = tmp_path / "foreign.txt"
    path.write_bytes((text * 4).encode(encoding))
    with pytest.raises(InputError, match=rf"not Chinese text \(looks like {looks_like}\)"):
        read_path(path)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5"])
def test_chinese_in_legacy_encodings_is_still_read(tmp_path: Path, encoding: str):
    for n, cut in enumerate((len(REPORT_SIMPLIFIED), 150, 40)):
        path = tmp_path / f"{n}.txt"
        path.write_bytes(REPORT_SIMPLIFIED[:cut].encode(encoding, "ignore"))
        assert read_path(path).text == REPORT_SIMPLIFIED[:cut].encode(encoding, "ignore").decode(encoding)
