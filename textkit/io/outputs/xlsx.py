"""Excel (``.xlsx``): one sheet per table (articles, measures, slogans, figures, errors).

Cells are cut at 32,000 characters and characters a worksheet cannot hold are removed; the
structure and log columns are left out (too large for a cell; JSONL, SQLite and Parquet keep them).
Every cell is data, never a formula: text is spreadsheet-safe (``tables.spreadsheet_safe``, undone when
the file is read back) and no cell is written with the formula type (``cells``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textkit.io.outputs.base import Files, TableFormat, register_output, table_rows

XLSX_CELL_LIMIT = 32_000
#: Columns too large for a worksheet cell.
DROPPED_COLUMNS = {"structure", "log"}


def _xl(value: Any, kind: str) -> Any:
    """A value as a worksheet cell: JSON text for lists and dicts, illegal characters removed, cut at the limit,
    spreadsheet-safe."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from textkit.io.tables import cell, spreadsheet_safe

    v = cell(value, kind)
    if isinstance(v, str):
        v = ILLEGAL_CHARACTERS_RE.sub("", v)  # before the check: "\x01=…" would start with "=" once cleaned
        if len(v) > XLSX_CELL_LIMIT:
            v = v[:XLSX_CELL_LIMIT] + "…[truncated]"
    return spreadsheet_safe(v)


def cells(ws, values: Iterable[Any]) -> list[Any]:
    """A row of worksheet cells for ``ws.append`` in which no text is a formula: openpyxl writes text that
    starts with "=" as a formula, so such a cell (none after ``spreadsheet_safe``) is set back to text."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        c = WriteOnlyCell(ws, value)
        if c.data_type == "f":
            c.data_type = "s"
        row.append(c)
    return row


@register_output(".xlsx")
class Xlsx(TableFormat):
    """Tables as the sheets of one workbook."""

    def write(self, journal: Path, target: Path, files: Files) -> None:
        from openpyxl import Workbook

        from textkit.io.tables import TABLES

        layout, rows = table_rows(journal)
        wb = Workbook(write_only=True)
        sheets, types = {}, {}
        columns = {t: [c for c in layout.columns(t) if c not in DROPPED_COLUMNS] for t in TABLES}
        for table in TABLES:
            sheets[table] = wb.create_sheet(table)
            sheets[table].append(cells(sheets[table], [_xl(c, "str") for c in columns[table]]))
            types[table] = layout.types(table)
        for table, row in rows():
            sheets[table].append(cells(sheets[table], [_xl(row.get(c), types[table].get(c, "str")) for c in columns[table]]))
        wb.save(files.new(target))

    def read_tables(self, path: Path) -> tuple[dict[str, list[dict]], dict]:
        from openpyxl import load_workbook

        from textkit.io.tables import TABLES, from_spreadsheet

        tables: dict[str, list[dict]] = {}
        wb = load_workbook(path, read_only=True)
        for t in TABLES:
            if t in wb.sheetnames:
                rows = wb[t].iter_rows(values_only=True)
                header = [from_spreadsheet(h) for h in next(rows, ())]
                tables[t] = [dict(zip(header, map(from_spreadsheet, r))) for r in rows]
        wb.close()
        return tables, {}
