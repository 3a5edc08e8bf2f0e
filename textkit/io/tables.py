"""Records as tables: articles, measures, slogans, figures and errors.

One flattening serves every tabular output (CSV, Excel, Parquet, SQLite) and its inverse reads
them back. Each article gets an ``article_id`` (its position in the output); item rows point to
it. A document's metadata (manifest columns such as unit, year, region) travels to every row;
a metadata name that clashes with a fixed column is prefixed with ``meta_``. Lists and dicts are
stored as JSON text. Records coded with a coding dictionary (``textkit.coding``) give the articles one
``code_CATEGORY`` count column per category and the measures a ``codes`` column (their categories).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from functools import lru_cache
from typing import Any

from textkit.labels import THEMES

#: Tables of the built-in item kinds come first, in this order; registered kinds follow.
BUILTIN_TABLE_ORDER = ("measures", "slogans", "figures")


class _ItemKinds(Mapping):
    """Item kind → item dataclass, read live from the component registry (``textkit.components``)."""

    def _current(self) -> dict[str, type]:
        from textkit.components import item_kinds

        kinds = item_kinds()
        order = [k for k in BUILTIN_TABLE_ORDER if k in kinds] + [k for k in kinds if k not in BUILTIN_TABLE_ORDER]
        return {k: kinds[k].item for k in order}

    def __getitem__(self, kind: str) -> type:
        return self._current()[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())


class _Tables(Sequence):
    """``articles``, one table per item kind, ``errors``: live, like ``ITEM_KINDS``."""

    def _current(self) -> tuple[str, ...]:
        return ("articles", *ITEM_KINDS, "errors")

    def __getitem__(self, i):
        return self._current()[i]

    def __len__(self) -> int:
        return len(self._current())


#: Every item kind a registered component produces, with its dataclass (one table each).
ITEM_KINDS: Mapping[str, type] = _ItemKinds()
#: Every table of a tabular output.
TABLES: Sequence[str] = _Tables()
ARTICLE_HEAD = ["article_id", "doc_id", "source", "article", "title"]
ARTICLE_THEME_STATS = ["theme_top", "theme_confidence", *(f"theme_{t}" for t in THEMES)]
ITEM_HEAD = ["item_id", "article_id", "doc_id", "source", "article", "position"]
ERROR_COLUMNS = ["source", "error"]
#: Record fields that become their own columns; every other article field is stored as JSON.
_ARTICLE_HANDLED = {"source", "doc_id", "article", "title", "metadata", "themes", "theme_confidence", "codes"}
#: Coding dictionary results (``textkit.coding``): the record field, and the prefix of the article count columns.
CODES = "codes"
CODE_PREFIX = "code_"
#: Article fields other than items, with how they are stored.
ARTICLE_EXTRA_TYPES = {
    "text": "str",
    "genre": "str",
    "genre_confidence": "float",
    "meta": "json",
    "log": "json",
    "structure": "json",
    "tokens": "json",
    "pos": "json",
    "provenance": "json",
}


def item_fields(kind: str) -> list[str]:
    return [f.name for f in fields(ITEM_KINDS[kind])]


def article_stats() -> list[str]:
    """Article columns of an extract output: theme weights, then a count per item kind, then length."""
    return [*ARTICLE_THEME_STATS, *(f"n_{kind}" for kind in ITEM_KINDS), "n_chars"]


def column_types() -> dict[str, str]:
    """Declared type of each fixed column: int, float, bool, str or json."""
    return dict(_column_types(tuple(ITEM_KINDS.items())))


@lru_cache(maxsize=8)
def _column_types(kinds: tuple[tuple[str, type], ...]) -> tuple[tuple[str, str], ...]:
    counts = [f"n_{kind}" for kind, _ in kinds]
    types = {c: "int" for c in ("article_id", "article", "item_id", "position", *counts, "n_chars")}
    types |= {c: "float" for c in ARTICLE_THEME_STATS if c != "theme_top"}
    types |= {"theme_top": "str", "doc_id": "str", "source": "str", "title": "str", "error": "str", "main_theme": "str", "text": "str"}
    for _, cls in kinds:
        for f in fields(cls):
            ann = str(f.type).replace(" ", "")
            if ann.startswith(("list", "dict", "tuple")):
                types[f.name] = "json"
            elif ann in ("float|None",) or ann == "float":
                types[f.name] = "float"
            elif ann in ("int|None",) or ann == "int":
                types[f.name] = "int"
            elif ann in ("bool|None",) or ann == "bool":
                types[f.name] = "bool"
            else:
                types.setdefault(f.name, "str")
    return tuple(types.items())


class Layout:
    """The columns of every table, learnt from a pass over the records (metadata keys and their types)."""

    def __init__(self) -> None:
        self.metadata: dict[str, str] = {}  # key → int | float | str
        self.article_extra: list[str] = []  # other record fields (text, meta, log, structure, tokens …)
        self.has_themes = False
        self.item_kinds: set[str] = set()  # the item kinds the records have (none for normalize and segment)
        self.codes: list[str] = []  # coding dictionary categories (one count column each)
        self.measure_codes = False  # measures carry their categories
        self._names: dict[str, str] = {}

    def learn(self, record: dict) -> None:
        if "error" in record:
            return
        for key, value in (record.get("metadata") or {}).items():
            self.metadata[key] = _merge_type(self.metadata.get(key), value)
        for key in record:
            if key not in _ARTICLE_HANDLED and key not in ITEM_KINDS and key not in self.article_extra:
                self.article_extra.append(key)
                self._names.clear()
        self.has_themes = self.has_themes or "themes" in record
        self.item_kinds.update(kind for kind in ITEM_KINDS if kind in record)
        codes = record.get(CODES)
        if isinstance(codes, dict):
            self.codes.extend(c for c in codes if c not in self.codes)
            self.measure_codes = self.measure_codes or any(isinstance(m, dict) and CODES in m for m in record.get("measures") or [])

    @classmethod
    def of(cls, records: Iterable[dict]) -> Layout:
        layout = cls()
        for rec in records:
            layout.learn(rec)
        return layout

    def meta_column(self, key: str) -> str:
        """The column of a metadata key: the key itself, or ``meta_KEY`` when a fixed column has that name."""
        if key not in self._names:
            taken = (
                set(ARTICLE_HEAD) | set(article_stats()) | set(ITEM_HEAD) | set(column_types()) | set(self.article_extra) | {"main_theme"}
            )
            self._names[key] = f"meta_{key}" if key in taken or key.startswith(CODE_PREFIX) else key
        return self._names[key]

    @property
    def meta_columns(self) -> list[str]:
        return [self.meta_column(k) for k in self.metadata]

    def tables(self) -> list[str]:
        """The tables with content for these records: articles, the item kinds the records have, errors
        (``normalize`` and ``segment`` records have no items, so no item tables)."""
        return [t for t in TABLES if t in ("articles", "errors") or t in self.item_kinds]

    @property
    def code_columns(self) -> list[str]:
        """One count column per coding dictionary category (``code_CATEGORY``)."""
        return [CODE_PREFIX + c for c in self.codes]

    def columns(self, table: str) -> list[str]:
        if table == "errors":
            return ERROR_COLUMNS
        if table == "articles":
            stats = article_stats() if self.has_themes else ["n_chars"]
            return [*ARTICLE_HEAD, *self.meta_columns, *stats, *self.code_columns, *self.article_extra]
        extra = ["main_theme"] if table == "measures" else []
        codes = [CODES] if table == "measures" and self.measure_codes else []
        return [*ITEM_HEAD, *self.meta_columns, *extra, *item_fields(table), *codes]

    def types(self, table: str) -> dict[str, str]:
        out = {}
        meta = {self.meta_column(k): t for k, t in self.metadata.items()}
        if table == "articles":
            meta |= dict.fromkeys(self.code_columns, "int")
        for col in self.columns(table):
            out[col] = meta.get(col) or ARTICLE_EXTRA_TYPES.get(col) or column_types().get(col) or "json"
        return out

    def rows(self, record: dict, article_id: int) -> dict[str, list[dict]]:
        """The rows one record contributes to each table."""
        if "error" in record:
            return {"errors": [{"source": record.get("source"), "error": record["error"]}]}
        meta = {self.meta_column(k): v for k, v in (record.get("metadata") or {}).items()}
        head = {"doc_id": record.get("doc_id", ""), "source": record.get("source", ""), "article": record.get("article", 0)}
        out = {"articles": [self._article_row(record, article_id, head, meta)]}
        for kind in ITEM_KINDS:
            names = item_fields(kind)
            out[kind] = [
                _item_row(kind, item, pos, {"item_id": None, "article_id": article_id, **head}, meta, names, self.measure_codes)
                for pos, item in enumerate(record.get(kind) or [])
            ]
        return out

    def _article_row(self, record: dict, article_id: int, head: dict, meta: dict) -> dict[str, Any]:
        art: dict[str, Any] = {"article_id": article_id, **head, "title": record.get("title", ""), **meta}
        text = record.get("text")
        art["n_chars"] = len(text) if isinstance(text, str) else None
        if self.has_themes:
            art.update(_theme_stats(record))
        codes = record.get(CODES) if isinstance(record.get(CODES), dict) else {}
        art.update({CODE_PREFIX + c: codes.get(c) for c in self.codes})
        for key in self.article_extra:
            art[key] = record.get(key)
        return art


def _theme_stats(record: dict) -> dict[str, Any]:
    """Top theme, confidence, one weight per theme and one count per item kind."""
    themes = record.get("themes") or {}
    stats: dict[str, Any] = {
        "theme_top": max(themes, key=themes.get) if themes else None,
        "theme_confidence": record.get("theme_confidence"),
    }
    stats.update({f"theme_{t}": themes.get(t) for t in THEMES})
    stats.update({f"n_{kind}": len(record.get(kind) or []) for kind in ITEM_KINDS})
    return stats


def _item_row(kind: str, item: dict, position: int, head: dict, meta: dict, names: list[str], codes: bool = False) -> dict[str, Any]:
    row = {**head, "position": position, **meta}
    if kind == "measures":
        row["main_theme"] = (item.get("themes") or [None])[0]
    row.update({k: item.get(k) for k in names})
    if codes and kind == "measures":
        row[CODES] = item.get(CODES)
    return row


def _merge_type(old: str | None, value: Any) -> str:
    new = "int" if isinstance(value, int) and not isinstance(value, bool) else "float" if isinstance(value, float) else "str"
    if value is None:
        return old or "str"
    if old is None or old == new:
        return new
    return "float" if {old, new} == {"int", "float"} else "str"


#: What a spreadsheet takes for the start of a formula (the OWASP list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell value a spreadsheet shows and never runs: text that starts with ``= + - @``, a tab or a carriage
    return gets a leading apostrophe (the OWASP rule), and so does such text behind apostrophes already, so
    that ``from_spreadsheet`` gives the value back exactly. Numbers (a negative one too), None and other
    values stay as they are. Every CSV and Excel file textkit writes passes its cells through here; JSONL,
    SQLite and Parquet keep the raw value."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def from_spreadsheet(value: Any) -> Any:
    """The value ``spreadsheet_safe`` was given, from the cell it made (read back from CSV or Excel)."""
    if isinstance(value, str) and value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


def cell(value: Any, kind: str) -> Any:
    """A value as stored in a table cell (JSON text for lists and dicts)."""
    if value is None:
        return None
    if kind == "json" or isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return value


def uncell(value: Any, kind: str) -> Any:
    """Inverse of ``cell`` for a value read back (possibly as a string, from CSV or Excel)."""
    if value is None or value == "":
        return None if kind != "str" else ("" if value == "" else None)
    try:
        if kind == "json":
            return json.loads(value) if isinstance(value, str) else value
        if kind == "int":
            return int(float(value))
        if kind == "float":
            return float(value)
        if kind == "bool":
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true")
    except (ValueError, TypeError):
        return value
    return value


def records_from_tables(tables: dict[str, Iterable[dict]], layout_types: dict[str, dict[str, str]] | None = None) -> Iterator[dict]:
    """Rebuild records (one per article, plus error records) from table rows."""
    items = _items_by_article(tables)
    yield from _records(tables, lambda kind, article_id: items[kind].get(article_id, []), layout_types)


def records_from_sorted_tables(tables: dict[str, Iterable[dict]], layout_types: dict[str, dict[str, str]] | None = None) -> Iterator[dict]:
    """``records_from_tables`` streamed, for tables whose articles and items come in article order (as textkit
    writes them): one article's items are held at a time. Items out of that order are a ValueError."""
    pending = {kind: iter(tables.get(kind, ())) for kind in ITEM_KINDS}
    heads: dict[str, dict | None] = {kind: next(rows, None) for kind, rows in pending.items()}

    def items_of(kind: str, article_id: int) -> list[dict]:
        group = []
        while (row := heads[kind]) is not None and int(row["article_id"]) <= article_id:
            if int(row["article_id"]) < article_id:
                raise ValueError(f"the {kind} rows are not in article order (article {row['article_id']} after {article_id})")
            group.append(row)
            heads[kind] = next(pending[kind], None)
        return group

    yield from _records(tables, items_of, layout_types)


def _records(tables: dict[str, Iterable[dict]], items_of, layout_types: dict[str, dict[str, str]] | None) -> Iterator[dict]:
    """Records from article rows, the item rows of each article (``items_of(kind, article_id)``) and error rows."""
    meta_types = (layout_types or {}).get("articles", {})  # metadata types, when the store keeps none of its own
    types_of = column_types()
    stats = set(article_stats())
    for row in tables.get("articles", ()):
        rec = _article_record(row, meta_types, stats)
        article_id = int(row["article_id"])
        if "theme_top" in row:
            rec["themes"] = {th: uncell(row.get(f"theme_{th}"), "float") for th in THEMES if row.get(f"theme_{th}") not in (None, "")}
            rec["theme_confidence"] = uncell(row.get("theme_confidence"), "float")
            for kind in ITEM_KINDS:
                rows = sorted(items_of(kind, article_id), key=lambda r: int(r["position"]))
                rec[kind] = [_item_record(kind, r, types_of) for r in rows]
        else:
            for kind in ITEM_KINDS:
                items_of(kind, article_id)  # none expected: keep a streamed table in step
        yield rec
    for row in tables.get("errors", ()):
        yield {"source": row.get("source"), "error": row.get("error")}


def _item_record(kind: str, row: dict, types_of: dict[str, str]) -> dict[str, Any]:
    item = {f: uncell(row.get(f), types_of.get(f, "str")) for f in item_fields(kind)}
    if kind == "measures" and CODES in row:
        item[CODES] = uncell(row[CODES], "json")
    return item


def _items_by_article(tables: dict[str, Iterable[dict]]) -> dict[str, dict[int, list[dict]]]:
    items: dict[str, dict[int, list[dict]]] = {k: {} for k in ITEM_KINDS}
    for kind in ITEM_KINDS:
        for row in tables.get(kind, ()):
            items[kind].setdefault(int(row["article_id"]), []).append(row)
    return items


def _article_record(row: dict, meta_types: dict[str, str], stats: set[str]) -> dict[str, Any]:
    """An article row back as a record: head fields, metadata, and the other stored fields."""
    rec: dict[str, Any] = {
        "source": row.get("source"),
        "doc_id": row.get("doc_id"),
        "article": uncell(row.get("article"), "int"),
        "title": row.get("title") or "",
    }
    code_cols = [c for c in row if c.startswith(CODE_PREFIX)]
    meta_cols = [c for c in row if c not in ARTICLE_HEAD and c not in stats and c not in ARTICLE_EXTRA_TYPES and c not in code_cols]
    rec["metadata"] = {c.removeprefix("meta_"): uncell(row[c], meta_types.get(c, "str")) for c in meta_cols if row[c] is not None}
    for col, value in row.items():
        if col not in ARTICLE_HEAD and col not in stats and col not in meta_cols and col not in code_cols:
            rec[col] = uncell(value, ARTICLE_EXTRA_TYPES[col])
    if any(row[c] not in (None, "") for c in code_cols):  # an article that was coded
        rec[CODES] = {c.removeprefix(CODE_PREFIX): uncell(row[c], "int") or 0 for c in code_cols}
    return rec


def frames_from_records(records: Iterable[dict]) -> dict[str, Any]:
    """pandas DataFrames (``articles``, one per item kind, ``errors``) of extract records, with lists and
    dicts kept as Python objects (``json.loads`` is never needed). Every table is present, empty when
    the records have no rows for it."""
    import pandas as pd

    recs = list(records)
    layout = Layout.of(recs)
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    article_id = 0
    for rec in recs:
        if "error" not in rec:
            article_id += 1
        for table, table_rows in layout.rows(rec, article_id).items():
            rows[table].extend(table_rows)
    frames = {}
    for table, table_rows in rows.items():
        for n, row in enumerate(table_rows, 1):
            if "item_id" in row:
                row["item_id"] = n
        frames[table] = pd.DataFrame(table_rows, columns=layout.columns(table))
    return frames
