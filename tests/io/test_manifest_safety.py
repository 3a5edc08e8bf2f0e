"""Manifests are read row by row: a bad row gives one error row and the rest are read (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textkit.io import manifests
from textkit.io.manifests import read_manifest

from ..conftest import REPORT_SIMPLIFIED

ROW_TEXT = REPORT_SIMPLIFIED.replace("\n", " ")


def rows(path: Path) -> list[tuple[str | None, str | None]]:
    """(text's first 4 characters or None, error) of each row."""
    return [(r.text[:4] if r.text else None, r.error) for r in read_manifest(str(path))]


def jsonl(*records: dict) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in records)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
@pytest.mark.parametrize("sample", [1001, 1 << 20])
def test_utf16_manifests_are_read_even_when_the_sample_ends_mid_character(tmp_path, monkeypatch, encoding, sample):
    monkeypatch.setattr(manifests, "_ENCODING_SAMPLE", sample)  # an odd byte count cuts a UTF-16 code unit
    path = tmp_path / "m.csv"
    path.write_text("id,unit,text\n" + "".join(f"A{i},单位{i},{ROW_TEXT}\n" for i in range(40)), encoding=encoding)
    got = list(read_manifest(str(path)))
    assert len(got) == 40 and not any(r.error for r in got)
    assert got[39].metadata == {"id": "A39", "unit": "单位39"} and got[39].text == ROW_TEXT


def test_ragged_csv_rows_are_errors_and_short_rows_are_read(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(f"id,unit,text\nA1,红星,extra,{ROW_TEXT}\nA2,红星,{ROW_TEXT}\nA3,红星\nA4,红星,{ROW_TEXT},,\n", encoding="utf-8")
    got = list(read_manifest(str(path)))
    assert got[0].error == f"{path}:2: 4 cells but the header has 3 (a comma in the text not quoted?)"
    assert got[1].text == ROW_TEXT and got[1].metadata == {"id": "A2", "unit": "红星"}
    assert got[2].text is None and got[2].path == "" and got[2].error is None  # fails later: neither text nor path
    assert got[3].text == ROW_TEXT and got[3].error is None  # empty trailing cells are harmless
    assert len(got) == 4


def test_one_invalid_byte_spoils_only_its_jsonl_row(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_bytes(
        jsonl({"id": "J1", "text": ROW_TEXT}) + b'{"id": "J2", "text": "\xff' + ROW_TEXT.encode() + b'"}\n' + jsonl({"text": ROW_TEXT})
    )
    assert rows(path) == [(ROW_TEXT[:4], None), (None, f"{path}:2: bytes that are not valid utf-8; row skipped"), (ROW_TEXT[:4], None)]


def test_a_gbk_manifest_with_a_bad_byte_is_still_gbk(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(("id,text\nA1," + ROW_TEXT + "\n").encode("gbk") + b"A2,\x80\xff\n" + ("A3," + ROW_TEXT + "\n").encode("gbk"))
    got = rows(path)
    assert got[0] == (ROW_TEXT[:4], None) and got[2] == (ROW_TEXT[:4], None)
    assert "not valid" in got[1][1]


def test_deep_json_and_lone_surrogates_give_error_rows(tmp_path):
    path = tmp_path / "m.jsonl"
    deep = b'{"id": "D1", "x": ' + b"[" * 5000 + b"]" * 5000 + b', "text": "x"}\n'
    surrogate = b'{"id": "S1", "unit": "\\ud800x", "text": "' + ROW_TEXT.encode() + b'"}\n'
    path.write_bytes(jsonl({"text": ROW_TEXT}) + deep + surrogate + jsonl({"text": ROW_TEXT}))
    got = rows(path)
    assert [g[0] for g in got] == [ROW_TEXT[:4], None, None, ROW_TEXT[:4]]
    assert got[1][1] == f"{path}:2: JSON nested too deeply"
    assert "lone surrogate" in got[2][1]


def test_non_finite_numbers_become_their_text(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text('{"score": NaN, "big": 1e400, "neg": -Infinity, "pos": Infinity, "ok": 1.5, "text": "党支部"}\n', encoding="utf-8")
    (row,) = read_manifest(str(path))
    assert row.metadata == {"score": "NaN", "big": "1e400", "neg": "-Infinity", "pos": "Infinity", "ok": 1.5}
    json.dumps(row.metadata, allow_nan=False)  # valid JSON


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.csv", "", "the manifest is empty"),
        ("header.csv", "id,unit,text\n", "the manifest has a header but no rows"),
        ("blank.jsonl", "\n\n", "the manifest is empty"),
    ],
)
def test_a_manifest_without_rows_gives_one_error(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    ((text, error),) = rows(path)
    assert text is None and error == f"{path}: {reason}: no documents to read"


def test_a_huge_cell_is_an_error_for_its_row_only(tmp_path, monkeypatch):
    monkeypatch.setattr(manifests, "MAX_MANIFEST_CELL_CHARS", 10_000)
    path = tmp_path / "m.csv"
    path.write_text(f'id,text\nH1,{"党" * 20_000}\nH2,{ROW_TEXT}\nH3,"{"党" * 6000}\n{"党" * 6000}"\nH4,{ROW_TEXT}\n', encoding="utf-8")
    got = rows(path)
    assert got[0] == (None, f"{path}:2: row longer than 10,000 characters (TEXTKIT_MAX_MANIFEST_CELL); skipped")
    assert got[1] == (ROW_TEXT[:4], None) and got[-1] == (ROW_TEXT[:4], None)
    assert "row longer" in got[2][1]
    jsonl_path = tmp_path / "m.jsonl"
    jsonl_path.write_bytes(jsonl({"text": "党" * 20_000}, {"text": ROW_TEXT}))
    assert rows(jsonl_path) == [
        (None, f"{jsonl_path}:1: row longer than 10,000 characters (TEXTKIT_MAX_MANIFEST_CELL); skipped"),
        (ROW_TEXT[:4], None),
    ]


def test_a_manifest_that_cannot_be_read_gives_one_error(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(bytes(range(128, 256)) * 50)
    ((text, error),) = rows(path)
    assert text is None and error.startswith("cannot read the manifest:")
