"""Excel (``.xlsx``): one sheet per table (articles, measures, slogans, figures, errors).

Cells are cut at 32,000 characters and characters a worksheet cannot hold are removed; the
structure and log columns are left out (too large for a cell; JSONL, SQLite and Parquet keep them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textkit.io.outputs.base import Files, TableFormat, register_output, table_rows

XLSX_CELL_LIMIT = 32_000
#: Columns too large for a worksheet cell.
DROPPED_COLUMNS = {"structure", "log"}


def _xl(value: Any, kind: str) -> Any:
    """A value as a worksheet cell: JSON text for lists and dicts, illegal characters removed, cut at the limit."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from textkit.io.tables import cell

    v = cell(value, kind)
    if isinstance(v, str):
        v = ILLEGAL_CHARACTERS_RE.sub("", v)
        if len(v) > XLSX_CELL_LIMIT:
            v = v[:XLSX_CELL_LIMIT] + "…[truncated]"
    return v


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
            sheets[table].append(columns[table])
            types[table] = layout.types(table)
        for table, row in rows():
            sheets[table].append([_xl(row.get(c), types[table].get(c, "str")) for c in columns[table]])
        wb.save(files.new(target))

    def read_tables(self, path: Path) -> tuple[dict[str, list[dict]], dict]:
        from openpyxl import load_workbook

        from textkit.io.tables import TABLES

        tables: dict[str, list[dict]] = {}
        wb = load_workbook(path, read_only=True)
        for t in TABLES:
            if t in wb.sheetnames:
                rows = wb[t].iter_rows(values_only=True)
                header = next(rows, ())
                tables[t] = [dict(zip(header, r)) for r in rows]
        wb.close()
        return tables, {}
