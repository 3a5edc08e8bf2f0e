"""CSV: one file per table (``out.csv`` holds the articles, ``out.measures.csv`` … the items,
``out.errors.csv`` the error records when there are any), in UTF-8 with a byte-order mark so that
Excel opens them. Every value is text: metadata read back from CSV are strings.
"""

from __future__ import annotations

import csv
from pathlib import Path

from textkit.io.outputs.base import Files, TableFormat, existing_tables, register_output, sibling, table_rows


@register_output(".csv")
class Csv(TableFormat):
    """Tables as CSV files beside each other."""

    def write(self, journal: Path, target: Path, files: Files) -> None:
        from textkit.io.tables import TABLES, cell

        layout, rows = table_rows(journal)
        handles, writers, types, counters = {}, {}, {}, {}
        try:
            for table in TABLES:
                tmp = files.new(sibling(target, table))
                handles[table] = tmp.open("w", encoding="utf-8-sig", newline="")  # BOM: Excel opens UTF-8 correctly
                writers[table] = csv.DictWriter(handles[table], fieldnames=layout.columns(table), extrasaction="ignore")
                writers[table].writeheader()
                types[table] = layout.types(table)
                counters[table] = 0
            for table, row in rows():
                counters[table] += 1
                writers[table].writerow({k: cell(v, types[table].get(k, "str")) for k, v in row.items()})
        finally:
            for fh in handles.values():
                fh.close()
        if not counters.get("errors"):
            files.drop(sibling(target, "errors"))

    def read_tables(self, path: Path) -> tuple[dict[str, list[dict]], dict]:
        tables: dict[str, list[dict]] = {}
        for t, f in existing_tables(path):
            with f.open(encoding="utf-8-sig", newline="") as fh:
                tables[t] = [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(fh)]
        return tables, {}

    def is_output(self, path: Path) -> bool:
        """An extract output when its header has ``article_id`` (else it is a manifest)."""
        with path.open(encoding="utf-8-sig", errors="replace") as fh:
            first = next((line for line in fh if line.strip()), "")
        return "article_id" in [c.strip() for c in first.split(",")]
