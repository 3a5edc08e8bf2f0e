"""Excel (``.xlsx``): one sheet per table (articles, measures, slogans, figures, errors), laid out for
people who read it: the header row is frozen and has filters, columns have widths that suit their
content, and each header reads "Chinese label field", e.g. ``标题 title`` (``header``; the labels are in
``data/labels.tsv``: ``output.column.*``, and ``column.*`` for metadata such as unit and year). A column
without a label (most metadata) is headed by its name. Reading back turns the headers into field names.

Cells are cut at 32,000 characters and characters a worksheet cannot hold are removed; the
structure and log columns are left out (too large for a cell; JSONL, SQLite and Parquet keep them).
Lists and dicts are JSON text. Every cell is data, never a formula: text is spreadsheet-safe
(``tables.spreadsheet_safe``, undone when the file is read back) and no cell is written with the
formula type (``cells``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from textkit.io.outputs.base import Files, TableFormat, register_output, table_rows

XLSX_CELL_LIMIT = 32_000
#: Columns too large for a worksheet cell.
DROPPED_COLUMNS = {"structure", "log"}
#: Width (in characters) of columns by name; others by their type (``_width``).
_WIDTHS = {"text": 60, "sentence": 60, "title": 30, "source": 30, "section": 24, "error": 80, "doc_id": 14, "provenance": 30, "meta": 30}
_HEADER_FILL = "DDEBF7"  # as the screening sheet


@cache
def _labels() -> dict[str, str]:
    """Field name → Chinese label: the extract columns, the themes' weights and known metadata."""
    from textkit.labels import THEME_NAMES, label_group

    out = {f"meta_{k}": v for k, v in label_group("column").items()} | dict(label_group("column"))
    out |= {f"theme_{t}": f"{name}权重" for t, name in THEME_NAMES.items()}
    return out | dict(label_group("output.column"))


def header(column: str) -> str:
    """The header of a column: ``"标题 title"``, or the name alone when it has no label."""
    zh = _labels().get(column)
    return f"{zh} {column}" if zh else column


@cache
def _columns_of_headers() -> dict[str, str]:
    return {header(c): c for c in _labels()}


def column_of(header_text: Any) -> Any:
    """The field name of a header written by ``header`` (any other header as it is)."""
    return _columns_of_headers().get(header_text, header_text) if isinstance(header_text, str) else header_text


def _width(column: str, kind: str) -> float:
    if column in _WIDTHS:
        return _WIDTHS[column]
    if kind in ("int", "float", "bool"):
        return max(8, min(16, len(header(column)) + 2))
    if kind == "json":
        return 24
    return max(10, min(24, len(header(column)) + 2))


@cache
def _cell_helpers() -> tuple:
    """What ``_xl`` needs, imported once (openpyxl only when a workbook is written): the illegal-character
    remover and the tables module (its functions are looked up at each call, so that they can be replaced)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from textkit.io import tables

    return ILLEGAL_CHARACTERS_RE.sub, tables


def _xl(value: Any, kind: str) -> Any:
    """A value as a worksheet cell: JSON text for lists and dicts, illegal characters removed, cut at the limit,
    spreadsheet-safe."""
    if value is None or (kind != "json" and isinstance(value, (int, float))):
        return value  # numbers (and flags) are cells as they are
    remove_illegal, tables = _cell_helpers()
    v = tables.cell(value, kind)
    if isinstance(v, str):
        v = remove_illegal("", v)  # before the check: "\x01=…" would start with "=" once cleaned
        if len(v) > XLSX_CELL_LIMIT:
            v = v[:XLSX_CELL_LIMIT] + "…[truncated]"
    return tables.spreadsheet_safe(v)


def cells(ws, values: Iterable[Any]) -> list[Any]:
    """A row of worksheet cells for ``ws.append`` in which no text is a formula: openpyxl writes text that
    starts with "=" as a formula, so such a cell (none after ``spreadsheet_safe``) is made a text cell.
    Other values stay plain (a cell object per value would cost openpyxl a failed conversion each)."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            c = WriteOnlyCell(ws, value)
            c.data_type = "s"
            value = c
        row.append(value)
    return row


def _header_row(ws, columns: list[str]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    row = []
    for column in columns:
        c = WriteOnlyCell(ws, _xl(header(column), "str"))
        c.data_type = "s"
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        row.append(c)
    return row


@register_output(".xlsx")
class Xlsx(TableFormat):
    """Tables as the sheets of one workbook."""

    def write(self, journal: Path, target: Path, files: Files) -> None:
        from openpyxl import Workbook
        from openpyxl.utils import get_column_letter

        layout, rows = table_rows(journal)
        tables = layout.tables()  # no item sheets for normalize and segment
        wb = Workbook(write_only=True)
        sheets, types, columns, counts = {}, {}, {}, {}
        for table in tables:
            types[table] = layout.types(table)
            columns[table] = [c for c in layout.columns(table) if c not in DROPPED_COLUMNS]
            ws = sheets[table] = wb.create_sheet(table)
            ws.freeze_panes = "A2"  # before the first row: the sheet's view is written ahead of its rows
            for i, column in enumerate(columns[table], 1):
                ws.column_dimensions[get_column_letter(i)].width = _width(column, types[table].get(column, "str"))
            ws.append(_header_row(ws, columns[table]))
            counts[table] = 1
        for table, row in rows():
            kinds = types[table]
            sheets[table].append(cells(sheets[table], [_xl(row.get(c), kinds.get(c, "str")) for c in columns[table]]))
            counts[table] += 1
        for table, ws in sheets.items():
            ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns[table])))}{counts[table]}"
        wb.save(files.new(target))

    def read_tables(self, path: Path) -> tuple[dict[str, list[dict]], dict]:
        from openpyxl import load_workbook

        from textkit.io.tables import TABLES, from_spreadsheet

        tables: dict[str, list[dict]] = {}
        wb = load_workbook(path, read_only=True)
        for t in TABLES:
            if t in wb.sheetnames:
                rows = wb[t].iter_rows(values_only=True)
                head = [column_of(from_spreadsheet(h)) for h in next(rows, ())]
                tables[t] = [dict(zip(head, map(from_spreadsheet, r))) for r in rows]
        wb.close()
        return tables, {}
