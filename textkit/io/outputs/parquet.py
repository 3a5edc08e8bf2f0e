"""Parquet: one file per table, like CSV (``out.parquet``, ``out.measures.parquet`` …), zstd
compressed, with typed columns (lists and dicts as JSON text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textkit.io.outputs.base import Files, TableFormat, register_output, sibling, table_rows

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


@register_output(".parquet")
class Parquet(TableFormat):
    """Tables as Parquet files beside each other."""

    def write(self, journal: Path, target: Path, files: Files) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from textkit.io.tables import TABLES

        arrow = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string(), "json": pa.string()}
        layout, rows = table_rows(journal)
        schemas = {t: pa.schema([(c, arrow[k]) for c, k in layout.types(t).items()]) for t in TABLES}
        types = {t: layout.types(t) for t in TABLES}
        writers = {t: pq.ParquetWriter(files.new(sibling(target, t)), schemas[t], compression="zstd") for t in TABLES}
        buffers: dict[str, list[dict]] = {t: [] for t in TABLES}
        counters = dict.fromkeys(TABLES, 0)

        def flush(table: str) -> None:
            if buffers[table]:
                writers[table].write_table(pa.Table.from_pylist(buffers[table], schema=schemas[table]))
                buffers[table] = []

        try:
            for table, row in rows():
                counters[table] += 1
                buffers[table].append({c: _typed(row.get(c), k) for c, k in types[table].items()})
                if len(buffers[table]) >= BATCH_ROWS:
                    flush(table)
            for t in TABLES:
                flush(t)
        finally:
            for w in writers.values():
                w.close()
        if not counters["errors"]:
            files.drop(sibling(target, "errors"))

    def read_tables(self, path: Path) -> tuple[dict[str, list[dict]], dict]:
        import pyarrow.parquet as pq

        from textkit.io.tables import TABLES

        tables: dict[str, list[dict]] = {}
        for t in TABLES:
            f = sibling(path, t)
            if f.exists():
                tables[t] = pq.read_table(f).to_pylist()
        return tables, {}
