"""Tables of the corpus tools written as CSV or Excel, every cell spreadsheet-safe
(``textkit.io.tables.spreadsheet_safe``), with their provenance: the sheet ``provenance`` of an
XLSX file, ``NAME.provenance.json`` beside a CSV file (``textkit.provenance``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TABLE_SUFFIXES = (".csv", ".xlsx")


def check_table_path(path: str | Path) -> Path:
    """``path`` when its suffix is a table format (.csv, .xlsx), else ``ValueError``."""
    p = Path(path)
    if p.suffix.lower() not in TABLE_SUFFIXES:
        raise ValueError(f"{p}: write tables as .csv or .xlsx")
    return p


def write_table(table, path: str | Path, *, sheet: str = "table", provenance: dict[str, Any] | None = None) -> Path:
    """Write a DataFrame as CSV (UTF-8 with a byte-order mark, as ``textkit report`` writes) or as
    XLSX (bold frozen header, filters, column widths). Numbers stay numbers. ``provenance`` (default:
    the table's ``attrs["provenance"]``; ``{}`` for none) goes to the sheet ``provenance`` of an XLSX
    file, or to ``NAME.provenance.json`` beside a CSV file."""
    p = check_table_path(path)
    rows = _rows(table)
    prov = table.attrs.get("provenance") if provenance is None else provenance
    if p.suffix.lower() == ".csv":
        from textkit.provenance import write_sidecar
        from textkit.report import write_csv

        write_csv(rows, p)
        if prov:
            write_sidecar(p, prov)
    else:
        write_xlsx(rows, list(table.columns), p, sheet, prov)
    return p


def _rows(table) -> list[dict[str, Any]]:
    """Rows of a DataFrame with plain Python values (NaN as None)."""
    return [{k: None if _is_nan(v) else v.item() if hasattr(v, "item") else v for k, v in r.items()} for r in table.to_dict("records")]


def _is_nan(v: Any) -> bool:
    return isinstance(v, float) and v != v


def write_xlsx(rows: list[dict[str, Any]], columns: list[str], path: str | Path, sheet: str, prov: dict[str, Any] | None) -> None:
    """Rows as one sheet (bold frozen header, filters, widths; lists as JSON text; no formula cells) and
    ``prov`` as the sheet ``provenance``; written atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from textkit.io.outputs.xlsx import cells
    from textkit.io.tables import spreadsheet_safe
    from textkit.io.writers import atomic_path

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append([spreadsheet_safe(c) for c in columns])
    for r in rows:
        ws.append(cells(ws, (spreadsheet_safe(_excel_value(r.get(c))) for c in columns)))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, col in enumerate(columns, 1):
        sample = [str(col)] + [str(r.get(col) or "") for r in rows[:200]]
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, max(len(s.encode("gbk", "replace")) for s in sample) + 2))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    if prov:
        from textkit.provenance import add_provenance_sheet

        add_provenance_sheet(wb, prov)
    with atomic_path(path) as tmp:
        wb.save(str(tmp))


def _excel_value(v: Any) -> Any:
    """Lists and dicts as text; strings cut to Excel's 32,767 characters."""
    if isinstance(v, list | dict | tuple):
        import json

        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, str) and len(v) > 32000:
        return v[:32000]
    return v
