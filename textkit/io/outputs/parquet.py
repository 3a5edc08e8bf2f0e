"""Parquet: one file per table, like CSV (``out.parquet``, ``out.measures.parquet`` …), zstd
compressed, with typed columns (lists and dicts as JSON text)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textkit.io.outputs.base import Files, TableFormat, existing_tables, register_output, sibling, table_rows

if TYPE_CHECKING:  # pragma: no cover
    from textkit.io.tables import Layout

#: Rows buffered per table before they are written as a row group.
BATCH_ROWS = 2000
_CONVERT = {"int": int, "float": float, "bool": bool}


def _typed(value: Any, kind: str) -> Any:
    """A value for a column of ``kind``: JSON text for json columns and non-string values of str ones."""
    from textkit.io.tables import cell

    if value is None:
        return None
    if kind in ("json", "str"):
        return cell(value, "json") if kind == "json" or not isinstance(value, str) else value
    return _CONVERT[kind](value)


class _TableFiles:
    """One Parquet writer per table, fed row by row and written in row groups of ``BATCH_ROWS``."""

    def __init__(self, layout: Layout, target: Path, files: Files):
        import pyarrow as pa
        import pyarrow.parquet as pq

        from textkit.io.tables import TABLES

        arrow = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string(), "json": pa.string()}
        self.schemas = {t: pa.schema([(c, arrow[k]) for c, k in layout.types(t).items()]) for t in TABLES}
        self.types = {t: layout.types(t) for t in TABLES}
        self.buffers: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.counters = dict.fromkeys(TABLES, 0)
        self.writers = {}
        for t in TABLES:
            self.writers[t] = pq.ParquetWriter(files.new(sibling(target, t)), self.schemas[t], compression="zstd")

    def add(self, table: str, row: dict) -> None:
        self.counters[table] += 1
        self.buffers[table].append({c: _typed(row.get(c), k) for c, k in self.types[table].items()})
        if len(self.buffers[table]) >= BATCH_ROWS:
            self.flush(table)

    def flush(self, table: str) -> None:
        import pyarrow as pa

        if self.buffers[table]:
            self.writers[table].write_table(pa.Table.from_pylist(self.buffers[table], schema=self.schemas[table]))
            self.buffers[table] = []

    def close(self) -> None:
        for w in self.writers.values():
            w.close()


@register_output(".parquet")
class Parquet(TableFormat):
    """Tables as Parquet files beside each other."""

    def write(self, journal: Path, target: Path, files: Files) -> None:
        layout, rows = table_rows(journal)
        tables = _TableFiles(layout, target, files)
        try:
            for table, row in rows():
                tables.add(table, row)
            for table in tables.buffers:
                tables.flush(table)
        finally:
            tables.close()
        if not tables.counters["errors"]:
            files.drop(sibling(target, "errors"))

    def read_tables(self, path: Path) -> tuple[dict[str, list[dict]], dict]:
        import pyarrow.parquet as pq

        return {t: pq.read_table(f).to_pylist() for t, f in existing_tables(path)}, {}
