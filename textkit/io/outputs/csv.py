"""CSV: one file per table (``out.csv`` holds the articles, ``out.measures.csv`` … the items,
``out.errors.csv`` the error records when there are any), in UTF-8 with a byte-order mark so that
Excel opens them. Every value is text: metadata read back from CSV are strings. Cells and column names
are spreadsheet-safe (``tables.spreadsheet_safe``: text that a spreadsheet would run as a formula gets a
leading apostrophe, removed again when the file is read back).
"""

from __future__ import annotations

import csv
from pathlib import Path

from textkit.io.outputs.base import Files, TableFormat, existing_tables, register_output, sibling, table_rows


@register_output(".csv")
class Csv(TableFormat):
    """Tables as CSV files beside each other."""

    file_per_table = True

    def write(self, journal: Path, target: Path, files: Files) -> None:
        from textkit.io.tables import TABLES, cell, spreadsheet_safe

        layout, rows = table_rows(journal)
        handles, writers, columns, types, counters = {}, {}, {}, {}, {}
        try:
            for table in layout.tables():
                tmp = files.new(sibling(target, table))
                handles[table] = tmp.open("w", encoding="utf-8-sig", newline="")  # BOM: Excel opens UTF-8 correctly
                writers[table] = csv.writer(handles[table])
                columns[table] = layout.columns(table)
                writers[table].writerow([spreadsheet_safe(c) for c in columns[table]])
                types[table] = layout.types(table)
                counters[table] = 0
            for table, row in rows():
                counters[table] += 1
                kinds = types[table]
                writers[table].writerow([spreadsheet_safe(cell(row.get(c), kinds.get(c, "str"))) for c in columns[table]])
        finally:
            for fh in handles.values():
                fh.close()
        for table in TABLES:  # no errors file without errors, no item files for records without items (an old one goes)
            if table != "articles" and not counters.get(table) and (table == "errors" or table not in counters):
                files.drop(sibling(target, table))

    def read_tables(self, path: Path) -> tuple[dict[str, list[dict]], dict]:
        from textkit.io.tables import from_spreadsheet

        tables: dict[str, list[dict]] = {}
        for t, f in existing_tables(path):
            with f.open(encoding="utf-8-sig", newline="") as fh:
                tables[t] = [
                    {from_spreadsheet(k): (from_spreadsheet(v) if v != "" else None) for k, v in row.items()} for row in csv.DictReader(fh)
                ]
        return tables, {}

    def is_output(self, path: Path) -> bool:
        """An extract output when its header has ``article_id`` (else it is a manifest)."""
        with path.open(encoding="utf-8-sig", errors="replace") as fh:
            first = next((line for line in fh if line.strip()), "")
        return "article_id" in [c.strip() for c in first.split(",")]
