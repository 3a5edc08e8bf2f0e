"""Spreadsheet-safe cells: no CSV or Excel file that ``extract``, ``screen`` or ``report`` writes holds a cell that
a spreadsheet would run as a formula (OWASP: text starting with = + - @, tab or CR gets a leading apostrophe),
no Excel cell has the formula type, numbers stay numbers, and JSONL and SQLite keep the raw values."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textkit.cli import app
from textkit.io.records import read_records
from textkit.io.tables import FORMULA_STARTS, from_spreadsheet, spreadsheet_safe

runner = CliRunner()

HYPERLINK = '=HYPERLINK("http://x","y")'
DDE = "=cmd|' /C calc'!A0"
#: What reaches the outputs (the manifest reader strips a value's tab and carriage return: "\t=1+1" is "=1+1").
ESCAPED = (HYPERLINK, "+1+1", "-2+3", "@SUM(A1)", DDE, "=1+1", "=cmd")
PAYLOADS = [HYPERLINK, "+1+1", "-2+3", "@SUM(A1)", DDE, "\t=1+1", "\r=1+1", "cmd|' /C calc'!A0"]

# Two short reports (written for this test), one per script; the titles are formulas.
BODY_SIMPLIFIED = """一、强化组织建设
支部严格落实“三会一课”制度，全年召开支部委员会12次，开展主题党日活动12次。
二、深化为民服务
组建党员服务队3支，上门走访困难群众420户，发放慰问金3.5万元。
"""
BODY_TRADITIONAL = """一、強化組織建設
支部嚴格落實“三會一課”制度，全年召開支部委員會12次，開展主題黨日活動12次。
二、深化為民服務
組建黨員服務隊3支，上門走訪困難群眾420戶，發放慰問金3.5萬元。
"""


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_csv_safe(path: Path) -> list[str]:
    """Every cell of a CSV file (header included) is safe; returns the cells."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        found = [c for row in csv.reader(fh) for c in row]
    bad = [c for c in found if c.startswith(FORMULA_STARTS) and not _is_number(c)]
    assert not bad, f"{path.name}: formula cells {bad[:5]}"
    return found


def assert_xlsx_safe(path: Path) -> list:
    """No cell of a workbook is a formula or text starting like one; returns the cell values."""
    from openpyxl import load_workbook

    wb = load_workbook(path)  # not read-only: data_type is read from the file
    values = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{path.name}!{ws.title}!{c.coordinate} is a formula: {c.value!r}"
                if isinstance(c.value, str):
                    assert not c.value.startswith(FORMULA_STARTS), f"{path.name}!{ws.title}!{c.coordinate}: {c.value!r}"
                values.append(c.value)
    return values


@pytest.mark.parametrize("value", PAYLOADS + ["'=1+1", "''-2", "党建+教学", "'", ""])
def test_spreadsheet_safe_round_trip(value: str):
    safe = spreadsheet_safe(value)
    assert not safe.startswith(FORMULA_STARTS)
    assert from_spreadsheet(safe) == value


def test_spreadsheet_safe_rule():
    assert spreadsheet_safe(HYPERLINK) == "'" + HYPERLINK
    assert spreadsheet_safe("-2+3") == "'-2+3"
    assert spreadsheet_safe("三会一课") == "三会一课"  # ordinary text is untouched
    assert spreadsheet_safe("cmd|' /C calc'!A0") == "cmd|' /C calc'!A0"  # no formula without a leading =
    assert spreadsheet_safe(-3) == -3 and spreadsheet_safe(-2.5) == -2.5  # numbers stay numbers
    assert spreadsheet_safe(None) is None


def test_excel_cell_is_checked_after_illegal_characters_are_removed():
    from textkit.io.outputs.xlsx import _xl

    assert _xl("\x01=1+1", "str") == "'=1+1"  # a control character does not hide the formula
    assert _xl(["=1+1"], "json") == '["=1+1"]'  # JSON text starts with a bracket: safe as it is
    assert _xl(-7, "int") == -7


def test_excel_cells_never_have_the_formula_type(tmp_path: Path):
    """openpyxl writes text starting with "=" as a formula; ``cells`` writes it as text even unescaped."""
    from openpyxl import Workbook, load_workbook

    from textkit.io.outputs.xlsx import cells

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("t")
    ws.append(cells(ws, ["=1+1", HYPERLINK, -3, None, "三會一課"]))
    wb.save(tmp_path / "t.xlsx")
    row = next(load_workbook(tmp_path / "t.xlsx")["t"].iter_rows())
    assert [c.data_type for c in row] == ["s", "s", "n", "n", "s"]
    assert [c.value for c in row] == ["=1+1", HYPERLINK, -3, None, "三會一課"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A manifest whose titles, ids, metadata and a column name are formulas, and a file named like one."""
    root = tmp_path_factory.mktemp("hostile")
    rows = [
        {"id": "+1+1", "title": HYPERLINK, "text": BODY_SIMPLIFIED, "unit": DDE, "note": "@SUM(A1)", "score": -3, "=cmd": "-2+3"},
        {"id": "-2+3", "title": "@SUM(A1)", "text": BODY_TRADITIONAL, "unit": "\t=1+1", "note": "\r=1+1", "score": -2.5, "=cmd": HYPERLINK},
    ]
    (root / "manifest.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    (root / "@SUM(A1).txt").write_text("=1+1 党支部工作总结\n" + BODY_SIMPLIFIED, encoding="utf-8")
    return root


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    monkeypatch.chdir(root)  # relative inputs: the file's source starts with "@"
    res = runner.invoke(app, [*args, "-q"])
    assert res.exit_code == 0, res.output


@pytest.fixture(scope="module")
def outputs(hostile: Path) -> dict[str, Path]:
    """The hostile inputs through extract (every format), screen and report."""
    with pytest.MonkeyPatch.context() as mp:
        inputs = ["manifest.jsonl", "@SUM(A1).txt"]
        for suffix in (".jsonl", ".csv", ".xlsx", ".sqlite"):
            _run(hostile, mp, "extract", *inputs, "-o", f"out{suffix}", "-w", "1")
        _run(hostile, mp, "screen", *inputs, "-o", "screen.xlsx")
        _run(hostile, mp, "report", "out.jsonl", "-o", "report", "--by", "unit", "--by", "=cmd")
    return {"root": hostile}


def test_extract_csv_cells_are_safe(outputs: dict):
    files = sorted(outputs["root"].glob("out*.csv"))
    assert {f.name for f in files} >= {"out.csv", "out.measures.csv", "out.figures.csv"}
    cells = [c for f in files for c in assert_csv_safe(f)]
    for payload in ESCAPED:
        assert "'" + payload in cells, payload  # the payload reached the file, escaped
    assert "-3" in cells and "-2.5" in cells  # negative numbers are written as numbers


def test_extract_xlsx_cells_are_data_not_formulas(outputs: dict):
    values = assert_xlsx_safe(outputs["root"] / "out.xlsx")
    for payload in ESCAPED:
        assert "'" + payload in values, payload
    assert -3 in values and -2.5 in values  # numbers, not text


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".sqlite"])
def test_raw_values_come_back(outputs: dict, suffix: str):
    """JSONL and SQLite keep the raw values; CSV and Excel give them back when read."""
    root = outputs["root"]
    expected = {r["source"]: r for r in read_records(root / "out.jsonl")}
    assert {expected[s]["title"] for s in expected} >= {HYPERLINK, "@SUM(A1)"}
    assert expected["manifest.jsonl#+1+1"]["metadata"]["=cmd"] == "-2+3"
    got = {r["source"]: r for r in read_records(root / f"out{suffix}")}
    assert set(got) == set(expected) and "@SUM(A1).txt" in got
    for source, rec in expected.items():
        assert got[source]["title"] == rec["title"]
        assert got[source]["doc_id"] == rec["doc_id"]
        meta = {k: v for k, v in rec.get("metadata", {}).items() if k != "score"}
        assert {k: got[source]["metadata"][k] for k in meta} == meta
    if suffix == ".sqlite":
        con = sqlite3.connect(root / "out.sqlite")
        titles = {t for (t,) in con.execute("SELECT title FROM articles")}
        con.close()
        assert HYPERLINK in titles  # stored raw, no apostrophe


def test_screen_sheet_is_safe(outputs: dict):
    values = assert_xlsx_safe(outputs["root"] / "screen.xlsx")
    assert "'" + HYPERLINK in values and "'@SUM(A1)" in values  # the titles, escaped


def test_report_tables_are_safe(outputs: dict):
    tables = sorted((outputs["root"] / "report").glob("*.csv"))
    assert len(tables) > 3
    cells = [c for f in tables for c in assert_csv_safe(f)]
    assert "'" + DDE in cells and "'" + HYPERLINK in cells  # the groups of --by unit and --by =cmd
