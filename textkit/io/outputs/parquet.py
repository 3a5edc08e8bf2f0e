"""Parquet: one file per table, like CSV (``out.parquet``, ``out.measures.parquet`` …), zstd
compressed, with typed columns: lists and dicts are Parquet lists, structs and maps, so that plain
``pandas.read_parquet`` gives Python lists (NumPy arrays) and dicts in their cells.

The type of a list or dict column is learnt from the values in a pass over the records (``Shape``):

- a list → ``list<T>`` (``themes``, ``expansion``: ``list<string>``; ``occurrences``: ``list<list<int64>>``);
- a dict → ``struct`` with one field per key (``theme_scores``, ``meta``, ``log``, ``structure``,
  ``provenance``). A struct has every field in every row, so a key that some dicts lack reads back
  as null there: textkit's reader drops such nulls again (``sparse`` in the file's ``textkit``
  metadata), which is exact because a struct is only used for dicts whose values are never null or
  whose keys are always the same;
- a dict with keys that vary *and* null values, or with more than ``MAX_STRUCT_FIELDS`` keys →
  ``map<string, T>`` (pandas shows a map as a list of ``(key, value)`` pairs);
- JSON text only where one place holds values of incompatible types (text in one record, a
  number or a list in another; a map whose values differ so): such a leaf is JSON text, decoded
  by textkit's reader (``json`` in the metadata). Scalar values of a column declared as a list
  or dict (a registered field whose values are plain text) are JSON text too, as in CSV.

Integers and floats under the same key become ``double``. Columns of numbers, text and flags keep
their types (``int64``, ``double``, ``bool``, ``string``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textkit.io.outputs.base import Files, TableFormat, existing_tables, json_lines, register_output, sibling, table_rows

if TYPE_CHECKING:  # pragma: no cover
    from textkit.io.tables import Layout

#: Rows buffered per table before they are written as a row group.
BATCH_ROWS = 2000
#: Article rows buffered (each holds a whole text and its structure).
ARTICLE_BATCH_ROWS = 32
#: A dict column with more distinct keys than this is a map rather than a struct.
MAX_STRUCT_FIELDS = 64
#: Key of the Parquet schema metadata that says how textkit reads nested columns back.
METADATA_KEY = b"textkit"
_CONVERT = {"int": int, "float": float, "bool": bool}
_SCALARS = {"null", "bool", "int", "float", "str"}


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "dict"
    return "json"


class Shape:
    """What the values at one place of a column look like, learnt value by value (``add``).

    ``kind`` is null (nothing but None yet), bool, int, float, str, list (``item``: the shape of
    the elements), dict (``fields``: the shape of each key's values; ``closed`` while every dict
    has the same keys in the same order; ``null_values`` once a value was None) or json
    (incompatible values: stored as JSON text)."""

    __slots__ = ("kind", "item", "fields", "keys", "closed", "null_values")

    def __init__(self, kind: str = "null") -> None:
        self.kind = kind
        self.item: Shape | None = Shape() if kind == "list" else None
        self.fields: dict[str, Shape] = {}
        self.keys: tuple | None = None
        self.closed = True
        self.null_values = False

    @classmethod
    def of_annotation(cls, annotation: str) -> Shape:
        """The shape a dataclass annotation promises (``list[str]``, ``list[tuple[int, int]]``), before any value."""
        ann = annotation.replace(" ", "").removesuffix("|None")
        scalar = {"str": "str", "int": "int", "float": "float", "bool": "bool"}
        if ann in scalar:
            return cls(scalar[ann])
        if ann.startswith(("list[", "tuple[")) and ann.endswith("]"):
            inner = ann[ann.index("[") + 1 : -1]
            depth, cut = 0, len(inner)
            for i, ch in enumerate(inner):  # the first element type of a tuple
                depth += ch == "["
                depth -= ch == "]"
                if ch == "," and depth == 0:
                    cut = i
                    break
            shape = cls("list")
            shape.item = cls.of_annotation(inner[:cut])
            return shape
        return cls()

    def add(self, value: Any) -> None:
        kind = _kind_of(value)
        if kind == "null" or self.kind == "json":
            return
        if self.kind != kind:
            if self.kind == "null":
                self.kind = kind
                self.item = Shape() if kind == "list" else None
            elif {self.kind, kind} == {"int", "float"}:
                self.kind = "float"
                return
            else:
                self._become_json()
                return
        if kind == "list":
            item = self.item
            for x in value:
                item.add(x)
        elif kind == "dict":
            keys = tuple(value)
            if self.keys is None:
                self.keys = keys
            elif self.closed and keys != self.keys:
                self.closed = False
            for key, x in value.items():
                if x is None:
                    self.null_values = True
                shape = self.fields.get(key)
                if shape is None:
                    shape = self.fields[key] = Shape()
                shape.add(x)

    def _become_json(self) -> None:
        self.kind, self.item, self.fields = "json", None, {}

    def merged(self, other: Shape) -> Shape:
        """One shape for the values of both (the values of a map)."""
        out = Shape()
        out._merge(self)
        out._merge(other)
        return out

    def _merge(self, other: Shape) -> None:
        if other.kind == "null" or self.kind == "json":
            return
        if self.kind == "null":
            self.kind = other.kind
            self.item = Shape() if other.kind == "list" else None
            self.keys, self.closed = other.keys, other.closed
        elif self.kind != other.kind:
            if {self.kind, other.kind} == {"int", "float"}:
                self.kind = "float"
            else:
                self._become_json()
            return
        if self.kind == "list":
            self.item._merge(other.item)
        elif self.kind == "dict":
            self.closed = self.closed and other.closed and self.keys == other.keys
            self.null_values = self.null_values or other.null_values
            for key, shape in other.fields.items():
                self.fields.setdefault(key, Shape())._merge(shape)

    def arrow(self) -> tuple[Any, Any]:
        """The Arrow type of these values and the plan to read them back (None: as pyarrow gives them)."""
        import pyarrow as pa

        scalars = {"null": pa.null(), "bool": pa.bool_(), "int": pa.int64(), "float": pa.float64(), "str": pa.string()}
        if self.kind in scalars:
            return scalars[self.kind], None
        if self.kind == "list":
            item_type, item_plan = self.item.arrow()
            return pa.list_(item_type), ({"list": item_plan} if item_plan else None)
        if self.kind == "dict":
            return self._dict_arrow()
        return pa.string(), "json"

    def _dict_arrow(self) -> tuple[Any, Any]:
        import pyarrow as pa

        if self.fields and len(self.fields) <= MAX_STRUCT_FIELDS and (self.closed or not self.null_values):
            typed = {key: shape.arrow() for key, shape in self.fields.items()}
            struct = pa.struct([(key, t) for key, (t, _) in typed.items()])
            plans = {key: p for key, (_, p) in typed.items() if p}
            sparse = not self.closed
            return struct, ({"struct": plans, "sparse": sparse} if plans or sparse else None)
        values = Shape()
        for shape in self.fields.values():
            values = values.merged(shape)
        value_type, value_plan = values.arrow() if values.kind != "null" else (pa.string(), None)
        return pa.map_(pa.string(), value_type), ({"map": value_plan} if value_plan else None)


def encode(value: Any, plan: Any) -> Any:
    """A value ready for pyarrow under ``plan``: the leaves the plan marks ``json`` become JSON text."""
    if value is None or plan is None:
        return value
    if plan == "json":
        return json.dumps(value, ensure_ascii=False)
    if "list" in plan:
        return [encode(x, plan["list"]) for x in value]
    if "map" in plan:
        return {k: encode(x, plan["map"]) for k, x in value.items()}
    inner = plan["struct"]
    return {k: encode(x, inner.get(k)) for k, x in value.items()}


def decode(value: Any, plan: Any) -> Any:
    """The value ``encode`` was given, from what pyarrow reads (maps as dicts): JSON leaves parsed, the nulls
    of keys that a sparse struct's dict did not have dropped."""
    if value is None or plan is None:
        return value
    if plan == "json":
        return json.loads(value)
    if "list" in plan:
        return [decode(x, plan["list"]) for x in value]
    if "map" in plan:
        return {k: decode(x, plan["map"]) for k, x in value.items()}
    inner = plan["struct"]
    if plan.get("sparse"):
        return {k: decode(x, inner.get(k)) for k, x in value.items() if x is not None}
    return {k: decode(x, inner.get(k)) for k, x in value.items()}


def _nested_columns(layout: Layout) -> dict[str, dict[str, Shape]]:
    """table → column → shape, for every column declared as a list or dict (``json``), seeded with the
    item dataclass's annotation."""
    from textkit.io.tables import ITEM_KINDS

    out: dict[str, dict[str, Shape]] = {}
    for table in layout.tables():
        annotations = {f.name: str(f.type) for f in fields(ITEM_KINDS[table])} if table in ITEM_KINDS else {}
        out[table] = {c: Shape.of_annotation(annotations.get(c, "")) for c, k in layout.types(table).items() if k == "json"}
    return out


def learn_shapes(layout: Layout, records: Iterable[dict]) -> dict[str, dict[str, Shape]]:
    """The shape of every list and dict column, from the records (a pass over the journal)."""
    from textkit.io.tables import ITEM_KINDS

    shapes = _nested_columns(layout)
    articles = shapes.get("articles", {})
    items = {kind: shapes[kind] for kind in ITEM_KINDS if shapes.get(kind)}
    for rec in records:
        if "error" in rec:
            continue
        for col, shape in articles.items():
            shape.add(rec.get(col))
        for kind, cols in items.items():
            for item in rec.get(kind) or ():
                for col, shape in cols.items():
                    shape.add(item.get(col))
    return shapes


class _TableFiles:
    """One Parquet writer per table, fed row by row and written in row groups of ``BATCH_ROWS``."""

    def __init__(self, layout: Layout, shapes: dict[str, dict[str, Shape]], target: Path, files: Files):
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrow = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string(), "json": pa.string()}
        self.tables = layout.tables()
        self.types = {t: layout.types(t) for t in self.tables}
        self.schemas, self.plans, self.json_text = {}, {}, {}
        for t in self.tables:
            columns, plans, json_text = [], {}, set()
            for c, k in self.types[t].items():
                shape = shapes.get(t, {}).get(c)
                if shape is not None and shape.kind in ("list", "dict"):
                    typ, plan = shape.arrow()
                    columns.append((c, typ))
                    if plan:
                        plans[c] = plan
                else:
                    columns.append((c, arrow[k]))
                    if k == "json":
                        json_text.add(c)  # no list or dict in it: JSON text, as in CSV
            meta = {METADATA_KEY: json.dumps({"version": 1, "columns": plans}).encode()}
            self.schemas[t] = pa.schema(columns, metadata=meta)
            self.plans[t], self.json_text[t] = plans, json_text
        self.buffers: dict[str, list[dict]] = {t: [] for t in self.tables}
        self.counters = dict.fromkeys(self.tables, 0)
        self.writers = {t: pq.ParquetWriter(files.new(sibling(target, t)), self.schemas[t], compression="zstd") for t in self.tables}

    def add(self, table: str, row: dict) -> None:
        self.counters[table] += 1
        plans, json_text = self.plans[table], self.json_text[table]
        out = {}
        for c, k in self.types[table].items():
            v = row.get(c)
            if c in plans:
                out[c] = encode(v, plans[c])
            elif c in json_text:
                out[c] = None if v is None else json.dumps(v, ensure_ascii=False)
            elif k == "json":
                out[c] = v
            else:
                out[c] = _typed(v, k)
        self.buffers[table].append(out)
        if len(self.buffers[table]) >= (ARTICLE_BATCH_ROWS if table == "articles" else BATCH_ROWS):
            self.flush(table)

    def flush(self, table: str) -> None:
        import pyarrow as pa

        if self.buffers[table]:
            self.writers[table].write_table(pa.Table.from_pylist(self.buffers[table], schema=self.schemas[table]))
            self.buffers[table] = []

    def close(self) -> None:
        for w in self.writers.values():
            w.close()


def _typed(value: Any, kind: str) -> Any:
    """A value for a column of ``kind``: non-string values of str columns as JSON text, numbers converted."""
    if value is None:
        return None
    if kind == "str":
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return _CONVERT[kind](value)


def read_rows(path: Path) -> Iterator[dict]:
    """The rows of one Parquet table file, a row group at a time, nested cells as textkit wrote them."""
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    meta = (pf.schema_arrow.metadata or {}).get(METADATA_KEY)
    plans = json.loads(meta)["columns"] if meta else {}
    for batch in pf.iter_batches(batch_size=BATCH_ROWS):
        for row in batch.to_pylist(maps_as_pydicts="strict"):
            for col, plan in plans.items():
                row[col] = decode(row.get(col), plan)
            yield row


@register_output(".parquet")
class Parquet(TableFormat):
    """Tables as Parquet files beside each other."""

    file_per_table = True

    def write(self, journal: Path, target: Path, files: Files) -> None:
        from textkit.io.tables import TABLES

        layout, rows = table_rows(journal)
        shapes = learn_shapes(layout, json_lines(journal))
        tables = _TableFiles(layout, shapes, target, files)
        try:
            for table, row in rows():
                tables.add(table, row)
            for table in tables.buffers:
                tables.flush(table)
        finally:
            tables.close()
        for table in TABLES:  # no errors file without errors, no item files for records without items (an old one goes)
            if table != "articles" and not tables.counters.get(table) and (table == "errors" or table not in tables.counters):
                files.drop(sibling(target, table))

    def read_tables(self, path: Path) -> tuple[dict[str, list[dict]], dict]:
        return {t: list(read_rows(f)) for t, f in existing_tables(path)}, {}

    def read_records(self, path: Path) -> Iterator[dict]:
        from textkit.io.tables import records_from_sorted_tables

        yield from records_from_sorted_tables({t: read_rows(f) for t, f in existing_tables(path)}, {})
