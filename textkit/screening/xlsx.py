"""The ranked screening sheet (``screen.xlsx``) that department staff open; its cells are data, never formulas
(``textkit.io.tables.spreadsheet_safe``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textkit.labels import label, label_group, theme_names
from textkit.screening.run import ranked

# Column widths, in the order of the ``sheet.column`` labels of data/labels.tsv.
_WIDTHS = [6, 6, 40, 36, 36, 60, 40, 10, 8, 10, 8, 8, 24, 24, 8, 8]
_PERCENT_COLUMNS = "HJOP"  # similarity, done share, boilerplate share, copied share


def sheet_row(rank: int, rec: dict[str, Any]) -> list[Any]:
    """One row of the sheet: rank, score, source, title, flags, duplicates' sources and the main scores."""
    sc = rec.get("scores") or {}
    dups = rec.get("duplicates") or []
    return [
        rank,
        rec.get("score", 0),
        rec["source"],
        rec.get("title", ""),
        ", ".join(f["code"] for f in rec["flags"]),
        "\n".join(f["message"] for f in rec["flags"]),
        "\n".join(d["source"] for d in dups),
        max((d["similarity"] for d in dups), default=None),
        sc.get("concrete_measures"),
        sc.get("done_share"),
        sc.get("figures"),
        sc.get("slogans"),
        theme_names(sc.get("themes_covered", [])),
        theme_names(sc.get("themes_missing", [])),
        sc.get("boilerplate_share"),
        sc.get("copied_share"),
    ]


def _style(ws) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for col, w in zip("ABCDEFGHIJKLMNOP", _WIDTHS):
        ws.column_dimensions[col].width = w
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col in _PERCENT_COLUMNS:
        for cell in ws[col][1:]:
            cell.number_format = "0%"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def write_xlsx(records: list[dict[str, Any]], path: str | Path) -> None:
    """A ranked sheet: rank, score, source, title, flags, duplicates' sources and the main scores."""
    from openpyxl import Workbook

    from textkit.io.outputs.xlsx import cells
    from textkit.io.tables import spreadsheet_safe

    wb = Workbook()
    ws = wb.active
    ws.title = label("sheet.title")
    ws.append(list(label_group("sheet.column").values()))
    for rank, rec in enumerate(ranked(records), 1):
        ws.append(cells(ws, map(spreadsheet_safe, sheet_row(rank, rec))))
    _style(ws)
    wb.save(str(path))
