"""Read back the records that ``textkit extract`` wrote, whatever the output format.

JSONL gives the records as written; CSV, Excel, Parquet and SQLite are rebuilt from their tables
(one record per article, then the error records). CSV stores every value as text: metadata read
back from CSV are strings, and Excel cells are cut at 32,000 characters.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def read_tables(path: str | Path) -> tuple[dict[str, list[dict]], dict]:
    """The tables of a tabular output (``articles``, ``measures``, ``slogans``, ``figures``, ``errors``)."""
    from textkit.io.tables import TABLES
    from textkit.io.writers import sibling

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".sqlite", ".db", ".sqlite3"):
        from textkit.io.store import read_tables as read_store

        return read_store(p)
    tables: dict[str, list[dict]] = {}
    if suffix == ".csv":
        import csv

        for t in TABLES:
            f = sibling(p, t)
            if f.exists():
                with f.open(encoding="utf-8-sig", newline="") as fh:
                    tables[t] = [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(fh)]
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        for t in TABLES:
            f = sibling(p, t)
            if f.exists():
                tables[t] = pq.read_table(f).to_pylist()
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(p, read_only=True)
        for t in TABLES:
            if t in wb.sheetnames:
                rows = wb[t].iter_rows(values_only=True)
                header = next(rows, ())
                tables[t] = [dict(zip(header, r)) for r in rows]
        wb.close()
    else:
        raise ValueError(f"{p}: cannot read tables from {suffix or '(no suffix)'} files")
    return tables, {}


def read_records(path: str | Path) -> Iterator[dict]:
    """Yield the records of an extract output; error records are included (they have ``error``)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        with p.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)
        return
    from textkit.io.tables import records_from_tables

    tables, kinds = read_tables(p)
    yield from records_from_tables(tables, kinds)


TABLE_SUFFIXES = {".sqlite", ".sqlite3", ".db", ".parquet", ".xlsx"}  # always extract outputs
MAYBE_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv"}  # extract outputs, or manifests of documents
_RECORD_FIELDS = {"measures", "slogans", "figures", "themes", "error"}


def is_record_file(path: str | Path) -> bool:
    """Whether ``path`` is an extract output (read back with ``read_records``) rather than documents
    or a manifest of documents: databases, Parquet and Excel always; JSONL whose first record has
    extraction fields; CSV whose header has ``article_id``."""
    p = Path(path)
    suffix = p.suffix.lower()
    if not p.is_file() or suffix not in TABLE_SUFFIXES | MAYBE_SUFFIXES:
        return False
    if suffix in TABLE_SUFFIXES:
        return True
    first = _first_line(p)
    if suffix == ".csv":
        return "article_id" in [c.strip() for c in first.split(",")]
    return _has_record_fields(first)


def _first_line(path: Path) -> str:
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        return next((line for line in fh if line.strip()), "")


def _has_record_fields(line: str) -> bool:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError:
        return False
    return isinstance(rec, dict) and bool(_RECORD_FIELDS & set(rec))
