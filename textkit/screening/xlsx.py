"""The ranked screening sheet (``screen.xlsx``) that department staff open; its cells are data, never formulas
(``textkit.io.tables.spreadsheet_safe``). Flags appear by their Chinese labels (the codes stay in the JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textkit.labels import label, label_group, theme_names
from textkit.screening.run import ranked

# (width, percent format) of each column, in the order of the ``sheet.column`` labels of data/labels.tsv.
_COLUMNS = [
    (6, False),  # rank
    (8, False),  # verdict
    (6, False),  # score
    (36, False),  # source
    (36, False),  # title
    (50, False),  # reasons
    (24, False),  # flag labels
    (60, False),  # flag messages
    (40, False),  # duplicates' sources
    (10, True),  # similarity
    (8, False),  # concrete measures
    (10, True),  # done share
    (8, False),  # figures
    (8, False),  # slogans
    (24, False),  # themes covered
    (24, False),  # themes missing
    (8, True),  # boilerplate share
    (8, True),  # copied share
]
_VERDICT_FILLS = {"pass": "E2F0D9", "review": "FFF2CC", "return": "F8CBAD"}


def _reasons_text(verdict: dict[str, Any]) -> str:
    """The reasons of a verdict, one a line: ``[退回] 无具体措施：没有具体措施：…``."""
    actions = label_group("verdict_action")
    return "\n".join(f"[{actions[r['action']]}] {r['label']}：{r['message']}" for r in verdict.get("reasons", []))


def sheet_row(rank: int, rec: dict[str, Any]) -> list[Any]:
    """One row of the sheet: rank, verdict, score, source, title, reasons, flags, duplicates' sources and the main scores."""
    sc = rec.get("scores") or {}
    dups = rec.get("duplicates") or []
    verdict = rec.get("verdict") or {}
    return [
        rank,
        verdict.get("label", ""),
        rec.get("score", 0),
        rec["source"],
        rec.get("title", ""),
        _reasons_text(verdict),
        "、".join(f.get("label", f["code"]) for f in rec["flags"]),
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


def _style(ws, verdicts: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for i, (width, percent) in enumerate(_COLUMNS, 1):
        col = get_column_letter(i)
        ws.column_dimensions[col].width = width
        if percent:
            for cell in ws[col][1:]:
                cell.number_format = "0%"
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell, code in zip(ws["B"][1:], verdicts):
        if code in _VERDICT_FILLS:
            cell.fill = PatternFill("solid", fgColor=_VERDICT_FILLS[code])
            cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def write_xlsx(records: list[dict[str, Any]], path: str | Path) -> None:
    """A ranked sheet: rank, verdict, score, source, title, reasons, flags, duplicates' sources and the main scores."""
    from openpyxl import Workbook

    from textkit.io.outputs.xlsx import cells
    from textkit.io.tables import spreadsheet_safe

    wb = Workbook()
    ws = wb.active
    ws.title = label("sheet.title")
    ws.append(list(label_group("sheet.column").values()))
    rows = ranked(records)
    for rank, rec in enumerate(rows, 1):
        ws.append(cells(ws, map(spreadsheet_safe, sheet_row(rank, rec))))
    _style(ws, [(rec.get("verdict") or {}).get("code", "") for rec in rows])
    wb.save(str(path))
