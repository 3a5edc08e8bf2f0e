"""The extract workbook is laid out like the screening sheet: frozen, filtered, labelled headers
("标题 title") and widths, and textkit still reads it back by field name."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

import textkit
from textkit.io.outputs.xlsx import _labels, column_of, header
from textkit.io.records import read_records

from .samples import SCHOOL, write_manifest


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("xlsx")
    (tmp / "school.txt").write_text(SCHOOL, encoding="utf-8")
    jsonl, out = tmp / "out.jsonl", tmp / "out.xlsx"
    textkit.extract_to([str(write_manifest(tmp)), str(tmp / "school.txt")], str(jsonl), workers=1)
    textkit.convert(str(jsonl), str(out))
    return out


def test_every_sheet_has_a_frozen_filtered_labelled_header(workbook: Path):
    wb = load_workbook(workbook)
    assert wb.sheetnames == ["articles", "measures", "slogans", "figures", "errors"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == f"A1:{get_column_letter(ws.max_column)}{ws.max_row}", ws.title
        heads = [c.value for c in ws[1]]
        assert all(c.font.b for c in ws[1])
        assert all(ws.column_dimensions[get_column_letter(i)].width >= 8 for i in range(1, len(heads) + 1))
    measures = load_workbook(workbook)["measures"]
    heads = [c.value for c in measures[1]]
    assert {"内容 text", "方面 themes", "具体措施 concrete", "单位 meta_unit", "年份 year", "地区 region"} <= set(heads)
    assert measures.column_dimensions[get_column_letter(heads.index("内容 text") + 1)].width == 60
    articles = wb["articles"]
    assert "标题 title" in [c.value for c in articles[1]]


def test_the_workbook_reads_back_by_field_name(workbook: Path):
    recs = [r for r in read_records(workbook) if "error" not in r]
    assert recs and all({"title", "measures", "themes", "metadata"} <= set(r) for r in recs)
    assert any(r["metadata"].get("unit") for r in recs)
    assert all(isinstance(m["themes"], list) and isinstance(m["concrete"], bool) for r in recs for m in r["measures"])
    expected = [r for r in read_records(workbook.with_suffix(".jsonl")) if "error" not in r]
    assert [[m["text"] for m in r["measures"]] for r in recs] == [[m["text"] for m in r["measures"]] for r in expected]


def test_headers_map_back_to_their_field_names():
    for column in [*_labels(), "region", "=cmd", "自定义 字段"]:
        assert column_of(header(column)) == column
    assert header("title") == "标题 title" and header("region") == "地区 region" and header("my_code") == "my_code"
