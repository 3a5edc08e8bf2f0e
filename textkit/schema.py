"""The output schema: what every record field and table column means, as documentation and JSON Schema.

The field lists of items, sections and list items come from their dataclasses (``textkit.model`` and
the item kinds of registered components); the meaning of each field, its closed set of values, its
example and the record's own fields come from ``data/schema/fields.toml``. From these one model:

* ``markdown()`` renders ``docs/schema.md`` (``textkit schema``);
* ``json_schema("record" | "error")`` is the JSON Schema (draft 2020-12) of a JSONL line
  (``textkit schema --json``; shipped as ``data/schema/*.schema.json``);
* ``undocumented_keys(record)`` and ``undocumented_columns(table, columns)`` name what a record or
  table holds that the schema does not describe (the tests keep them empty).

A component of another package documents its item fields with ``dataclasses.field(metadata={"meaning":
…, "enum": […]})``; a new table is a ``[table.NAME]`` entry in ``fields.toml``.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from textkit.resources import data_path

FIELDS_FILE = "schema/fields.toml"
JSON_SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: The JSON Schema documents textkit ships, by name.
SCHEMA_NAMES = ("record", "error")
#: Objects of a record whose fields come from a dataclass, by object name.
STRUCTURE_CLASSES = {"section": "Section", "list_item": "ListItem"}
#: The order of the record's parts in the document.
PART_ORDER = ("meta", "log", "structure", "section", "list_item", "provenance")
_PY_TYPES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "None": "null", "Any": "any"}
_SCALAR_SCHEMA = {"string", "integer", "number", "boolean", "null"}
_NO_EXAMPLE = object()


class SchemaError(ValueError):
    """``fields.toml`` and the code disagree: a field without a description, or an entry for no field."""


@dataclass(frozen=True)
class Field:
    """One field of a record object or one column of a table."""

    name: str
    type: str
    meaning: str
    zh: str = ""
    enum: tuple = ()
    offsets: bool = False
    required: bool = False
    example: Any = _NO_EXAMPLE

    @property
    def has_example(self) -> bool:
        return self.example is not _NO_EXAMPLE


@dataclass(frozen=True)
class Obj:
    """A described object: a record, a part of one (``structure``, an item …) or a table."""

    name: str
    title: str
    about: str
    fields: dict[str, Field]
    open: bool = False  # keys beyond the documented ones may appear (meta, log)


# ------------------------------------------------------------------------------- closed sets


def _enum_sources() -> dict[str, tuple[str, ...]]:
    """The closed sets ``fields.toml`` refers to by name (``enum_from``), read from where textkit keeps them."""
    from textkit.labels import LABELS, THEMES
    from textkit.resources import table

    schemes = [row for row in table("structure_schemes")]
    return {
        "THEMES": THEMES,
        "LABELS": LABELS,
        "SECTION_SCHEMES": (*(r["scheme"] for r in schemes if r["role"] == "heading"), "plain"),
        "ITEM_SCHEMES": tuple(r["scheme"] for r in schemes),
        "SCRIPTS": ("simplified", "traditional", "taiwan", "hongkong"),
        "MODES": ("extract", "normalize", "segment"),
    }


# ---------------------------------------------------------------------------------- the model


@cache
def descriptions() -> dict[str, Any]:
    """``fields.toml`` as read."""
    with data_path(FIELDS_FILE).open("rb") as fh:
        return tomllib.load(fh)


def python_type(annotation: Any) -> str:
    """The schema type of a dataclass annotation: ``float | None`` → ``number|null``,
    ``list[tuple[int, int]]`` → ``list[span]``, ``dict[str, float]`` → ``dict[string, number]``."""
    ann = str(annotation).replace(" ", "").replace("typing.", "")
    parts = _split_union(ann)
    if len(parts) > 1:
        return "|".join(python_type(p) for p in parts)
    if ann in _PY_TYPES:
        return _PY_TYPES[ann]
    if ann in ("tuple[int,int]", "list[int]") or re.fullmatch(r"tuple\[int,int\]", ann):
        return "span"
    if ann.startswith(("list[", "tuple[")) and ann.endswith("]"):
        inner = ann[ann.index("[") + 1 : -1].removesuffix(",...")
        return f"list[{python_type(inner)}]"
    if ann.startswith("dict[str,") and ann.endswith("]"):
        return f"dict[string, {python_type(ann[len('dict[str,') : -1])}]"
    return "any"


def _split_union(ann: str) -> list[str]:
    """``a|b`` at bracket depth 0, in parts."""
    parts, depth, cur = [], 0, ""
    for ch in ann:
        depth += ch == "["
        depth -= ch == "]"
        if ch == "|" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    return [*parts, cur]


def _field(name: str, entry: Mapping[str, Any], type_: str | None = None, *, required: bool | None = None) -> Field:
    enum: tuple = tuple(entry.get("enum", ()))
    if "enum_from" in entry:
        enum = _enum_sources()[entry["enum_from"]]
    return Field(
        name=name,
        type=type_ or entry.get("type", "any"),
        meaning=" ".join(str(entry.get("meaning", "")).split()),
        zh=entry.get("zh", ""),
        enum=enum,
        offsets=bool(entry.get("offsets", False)),
        required=bool(entry.get("required", False)) if required is None else required,
        example=entry.get("example", _NO_EXAMPLE),
    )


def _described(name: str, section: Mapping[str, Any]) -> Obj:
    """An object described in ``fields.toml`` alone."""
    entries = {k: v for k, v in section.items() if isinstance(v, dict)}
    return Obj(
        name,
        section.get("_title", name),
        " ".join(str(section.get("_about", "")).split()),
        {k: _field(k, v) for k, v in entries.items()},
        bool(section.get("_open", False)),
    )


def _from_dataclass(name: str, cls: type, section: Mapping[str, Any], problems: list[str]) -> Obj:
    """An object whose fields are the dataclass's, each with its description (``fields.toml``, else the
    field's own ``metadata``); a missing description or a described field that is gone is a problem."""
    out: dict[str, Field] = {}
    for f in fields(cls):
        entry = section.get(f.name) or dict(f.metadata)
        if not entry.get("meaning"):
            problems.append(f"{name}.{f.name}: no description (add [{name}.{f.name}] to textkit/data/{FIELDS_FILE})")
        out[f.name] = _field(f.name, entry, entry.get("type") or python_type(f.type), required=True)
    for key, value in section.items():
        if isinstance(value, dict) and key not in out:
            if value.get("extra"):  # a key that a later pass adds to the item's record (``codes`` of a coding dictionary)
                out[key] = _field(key, value)
            else:
                problems.append(f"{name}.{key}: described in textkit/data/{FIELDS_FILE} but {cls.__name__} has no such field")
    return Obj(name, section.get("_title", name), " ".join(str(section.get("_about", "")).split()), out)


def item_classes(builtin_only: bool = False) -> dict[str, type]:
    """Item kind → item dataclass, for every registered component that produces items (only those of
    textkit itself with ``builtin_only``, as the shipped documents describe)."""
    from textkit.io.tables import ITEM_KINDS

    kinds = dict(ITEM_KINDS.items())
    return {k: c for k, c in kinds.items() if not builtin_only or c.__module__ == "textkit.model"}


def objects(builtin_only: bool = False, *, strict: bool = True) -> dict[str, Obj]:
    """Every described object by name: ``record``, ``error``, the record's parts, one per item kind,
    ``columns`` and ``table.NAME``. Raises ``SchemaError`` when ``strict`` and a description is missing or stale."""
    from textkit import model

    desc = descriptions()
    problems: list[str] = []
    objs: dict[str, Obj] = {"record": _record(desc, item_classes(builtin_only)), "error": _described("error", desc["error"])}
    for name in PART_ORDER:
        cls = getattr(model, STRUCTURE_CLASSES[name]) if name in STRUCTURE_CLASSES else None
        objs[name] = _from_dataclass(name, cls, desc.get(name, {}), problems) if cls else _described(name, desc[name])
    for kind, cls in item_classes(builtin_only).items():
        objs[kind] = _from_dataclass(kind, cls, desc.get(kind, {}), problems)
    objs["columns"] = _described("columns", desc["columns"])
    for name, section in desc.get("table", {}).items():
        objs[f"table.{name}"] = _described(f"table.{name}", section)
    if strict and problems:
        raise SchemaError("; ".join(problems))
    return objs


def _record(desc: Mapping[str, Any], kinds: Mapping[str, type]) -> Obj:
    """The article record: its described fields, and one list field per item kind a component registers."""
    rec = _described("record", desc["record"])
    out = dict(rec.fields)
    for kind, cls in kinds.items():
        if kind not in out:
            doc = " ".join((cls.__doc__ or "").split()) if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "(") else ""
            out[kind] = Field(kind, f"list[#{kind}]", doc or f"The {kind} items of the article (a registered component).")
    return Obj(rec.name, rec.title, rec.about, out, rec.open)


# -------------------------------------------------------------------------------- JSON Schema


def _type_schema(t: str, enum: tuple = ()) -> dict[str, Any]:
    """The JSON Schema of a schema type (``fields.toml`` syntax)."""
    t = t.replace(" ", "")
    alternatives = _split_union(t)
    if len(alternatives) > 1:
        if all(a in _SCALAR_SCHEMA for a in alternatives):
            out: dict[str, Any] = {"type": alternatives}
            if enum:
                out["enum"] = [*enum, *([None] if "null" in alternatives else [])]
            return out
        return {"anyOf": [_type_schema(a, enum if a != "null" else ()) for a in alternatives]}
    if t in _SCALAR_SCHEMA:
        return {"type": t, **({"enum": list(enum)} if enum else {})}
    if t == "span":
        offset = {"type": "integer", "minimum": 0}
        return {"type": "array", "prefixItems": [offset, offset], "minItems": 2, "maxItems": 2}
    if t.startswith("#"):
        return {"$ref": f"#/$defs/{t[1:]}"}
    if t.startswith("list[") and t.endswith("]"):
        return {"type": "array", "items": _type_schema(t[5:-1], enum)}
    if t.startswith("dict[string,") and t.endswith("]"):
        out = {"type": "object", "additionalProperties": _type_schema(t[len("dict[string,") : -1])}
        if enum:
            out["propertyNames"] = {"enum": list(enum)}
        return out
    return {}


def _field_schema(f: Field) -> dict[str, Any]:
    out = _type_schema(f.type, f.enum)
    if f.offsets and out.get("type") == "integer":
        out["minimum"] = 0
    text = f.meaning + (f" ({f.zh})" if f.zh else "")
    if "$ref" in out:
        return {"$ref": out["$ref"], "description": text}
    out["description"] = text
    if f.has_example:
        out["examples"] = [f.example]
    return out


def _object_schema(obj: Obj) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "title": obj.title}
    if obj.about:
        out["description"] = obj.about
    out["properties"] = {name: _field_schema(f) for name, f in obj.fields.items()}
    required = [name for name, f in obj.fields.items() if f.required]
    if required:
        out["required"] = required
    out["additionalProperties"] = obj.open
    return out


def _refs(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        found = {schema["$ref"].rsplit("/", 1)[1]} if "$ref" in schema else set()
        return found.union(*(_refs(v) for v in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_refs(v) for v in schema))
    return set()


def json_schema(name: str = "record", *, builtin_only: bool = False) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an article record (``record``) or an error record (``error``)
    of a JSONL output, with the item kinds of every registered component (only textkit's own with
    ``builtin_only``, as in the shipped ``data/schema/NAME.schema.json``)."""
    if name not in SCHEMA_NAMES:
        raise ValueError(f"unknown schema {name!r}; one of {', '.join(SCHEMA_NAMES)}")
    objs = objects(builtin_only)
    top = _object_schema(objs[name])
    defs: dict[str, Any] = {}
    pending = _refs(top)
    while pending:
        ref = pending.pop()
        if ref not in defs:
            defs[ref] = _object_schema(objs[ref])
            pending |= _refs(defs[ref]) - set(defs)
    title = {"record": "textkit article record", "error": "textkit error record"}[name]
    head = {"$schema": JSON_SCHEMA_DRAFT, "$id": f"https://textkit.invalid/schema/{name}.schema.json", "title": title}
    return {**head, **{k: v for k, v in top.items() if k != "title"}, "$defs": dict(sorted(defs.items()))}


def shipped_json_schema(name: str = "record") -> dict[str, Any]:
    """The JSON Schema file shipped in the package (``data/schema/NAME.schema.json``)."""
    return json.loads(data_path(f"schema/{name}.schema.json").read_text(encoding="utf-8"))


def validate(record: Mapping[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when a JSONL record (article or error) does not fit its schema
    (needs the ``jsonschema`` package)."""
    import jsonschema

    jsonschema.validate(dict(record), json_schema("error" if "error" in record else "record"))


# ------------------------------------------------------------------------- coverage checks


def undocumented_keys(record: Mapping[str, Any]) -> list[str]:
    """Dotted paths of the keys in a record (article or error record, as in JSONL) that the schema does
    not describe: ``figures[].unit_kind``, ``meta.new_key`` …"""
    objs = objects()
    top = objs["error" if "error" in record else "record"]
    return sorted(set(_walk(record, top, objs, "")))


def _walk(value: Any, obj: Obj, objs: Mapping[str, Obj], path: str) -> Iterable[str]:
    if not isinstance(value, Mapping):
        return
    for key, sub in value.items():
        here = f"{path}.{key}" if path else key
        f = obj.fields.get(key)
        if f is None:  # an open object (meta, log) may hold it, but every key should be listed
            yield here
            continue
        if obj.name in ("record", "error") and key == "metadata":
            continue  # the manifest's own columns
        target = f.type.split("|")[0]
        if target.startswith("#"):
            yield from _walk(sub, objs[target[1:]], objs, here)
        elif target.startswith("list[#") and isinstance(sub, list):
            for item in sub:
                yield from _walk(item, objs[target[6:-1]], objs, f"{here}[]")


def _full_layout():
    """A table layout with every fixed column (theme columns and every other article field), no metadata."""
    from textkit.io.tables import ARTICLE_EXTRA_TYPES, Layout

    layout = Layout()
    layout.has_themes = True
    layout.article_extra = list(ARTICLE_EXTRA_TYPES)
    return layout


def table_columns(table: str) -> dict[str, str]:
    """Column → how it is stored (int, float, bool, str, json) of a table of ``textkit extract``, in order,
    with the metadata columns as ``{metadata key}`` (stored as ``learnt``)."""
    from textkit.io.tables import ARTICLE_HEAD, ITEM_HEAD

    types = _full_layout().types(table)
    head = {"articles": len(ARTICLE_HEAD), "errors": len(types)}.get(table, len(ITEM_HEAD))
    cols = list(types.items())
    return dict([*cols[:head], *([("{metadata key}", "learnt")] if table != "errors" else []), *cols[head:]])


def column(table: str, name: str, metadata: Iterable[str] = ()) -> Field | None:
    """The description of column ``name`` of ``table`` (``articles``, an item kind, ``errors``, or a
    ``[table.NAME]`` of ``fields.toml``); ``metadata``: the metadata keys of the output. None when undocumented."""
    objs = objects()
    own = objs.get(f"table.{table}")
    if own and name in own.fields:
        return own.fields[name]
    if own:
        for key, f in own.fields.items():
            if "{" in key and _placeholder_pattern(key).fullmatch(name):
                return f
    cols = objs["columns"].fields
    if name in cols and not name.startswith(("{", "meta_{")):
        return cols[name]
    items = item_classes()
    if table in items and name in objs[table].fields:
        return objs[table].fields[name]
    source = {"articles": "record", "errors": "error", "input_runs": "provenance", **dict.fromkeys(items, "record")}.get(table)
    if source and name in objs[source].fields and name not in ("metadata", "themes", *item_classes()):
        return objs[source].fields[name]
    for pattern, values in _column_patterns().items():
        if any(name == pattern.format_map(_Only(v)) for v in values):
            return cols[pattern]
    if table == "articles" and name.startswith("code_") and "code_{category}" in cols:
        return cols["code_{category}"]
    keys = set(metadata)
    if name in keys:
        return cols["{metadata key}"]
    if name.startswith("meta_") and name.removeprefix("meta_") in keys:
        return cols["meta_{metadata key}"]
    return None


def _placeholder_pattern(key: str) -> re.Pattern:
    """``code_{category}`` → a pattern of the column names it stands for (the placeholder: any text)."""
    return re.compile(re.sub(r"\\\{[^}]*\\\}", ".+", re.escape(key)))


class _Only(dict):
    """``str.format_map`` mapping that fills every placeholder with one value."""

    def __init__(self, value: str):
        super().__init__()
        self.value = value

    def __missing__(self, key: str) -> str:
        return self.value


def _column_patterns() -> dict[str, tuple[str, ...]]:
    from textkit.labels import THEMES

    return {"theme_{theme}": THEMES, "n_{kind}": tuple(item_classes())}


def undocumented_columns(table: str, columns: Iterable[str], metadata: Iterable[str] = ()) -> list[str]:
    """The columns of ``table`` that the schema does not describe (``metadata``: the output's metadata keys)."""
    keys = list(metadata)
    return [c for c in columns if column(table, c, keys) is None]


# ------------------------------------------------------------------------------------ markdown


def _code(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return f"`{text}`".replace("|", "\\|")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _values(f: Field) -> str:
    """The closed set of a field, for a dict of its keys."""
    values = ", ".join(f"`{v}`" for v in f.enum)
    return f"keys: {values}" if values and f.type.startswith("dict[") else values


def _field_table(obj: Obj, *, prefix: str = "") -> list[str]:
    rows = ["| field | type | 中文 | meaning | values | example |", "| --- | --- | --- | --- | --- | --- |"]
    for f in obj.fields.values():
        name = f"`{prefix}{f.name}`" + (" *" if f.required else "")
        kind = f"`{f.type}`" + (" (offset)" if f.offsets else "")
        example = _code(f.example) if f.has_example else ""
        rows.append(f"| {name} | {_cell(kind)} | {f.zh} | {_cell(f.meaning)} | {_values(f)} | {example} |")
    return rows


def _column_table(table: str) -> list[str]:
    rows = ["| column | stored as | meaning | values |", "| --- | --- | --- | --- |"]
    for name, kind in table_columns(table).items():
        f = column(table, name, ["{metadata key}"])
        rows.append(f"| `{name}` | {kind} | {_cell(f.meaning) if f else '**undocumented**'} | {_values(f) if f else ''} |")
    return rows


def markdown() -> str:
    """``docs/schema.md``: every record, part, item and table, from ``fields.toml`` and the dataclasses."""
    objs = objects(builtin_only=True)
    kinds = list(item_classes(builtin_only=True))
    out = [
        "# textkit output schema",
        "",
        "<!-- Generated by `python scripts/build_schema.py` from textkit/data/schema/fields.toml and the dataclasses"
        " of textkit/model.py; edit those, not this file. -->",
        "",
        "What every field of the JSONL records and every column of the tables (CSV, Excel, Parquet, SQLite,"
        " `textkit.read`) of `textkit extract`, `normalize` and `segment` means, and every column of the tables"
        " of the corpus tools (`kwic`, `freq`, `dtm`, `network`) and of `textkit code`, with their provenance. The"
        " record descriptions are also in the JSON Schema files `textkit/data/schema/record.schema.json` and"
        " `error.schema.json` (`textkit schema --json [record|error]`, `textkit.schema.json_schema()`).",
        "",
        "Conventions: offsets count Unicode characters of the article's normalised `text` from 0, and ranges are"
        " half-open (`text[start:end]`, end exclusive); a `span` is a `[start, end]` pair. Types: `#name` is the"
        " object described under that name, `T|null` may be null, `*` marks a field every such object has."
        " Closed sets of values are listed under *values*; JSON Schema validation rejects any other value.",
        "",
        "To document a new field, item kind or table, add its entry to `textkit/data/schema/fields.toml` (a component of"
        ' another package can use `dataclasses.field(metadata={"meaning": …})` on its item dataclass) and run'
        " `python scripts/build_schema.py`; `tests/test_schema.py` names every key or column an output holds that is not"
        " documented here.",
        "",
        "## Contents",
        "",
    ]
    sections: list[tuple[str, Obj]] = [("record", objs["record"]), ("error", objs["error"])]
    sections += [(k, objs[k]) for k in kinds] + [(k, objs[k]) for k in PART_ORDER]
    anchors = [f"- [{obj.title}](#{_anchor(obj.title)})" for _, obj in sections]
    tables = [n for n in objs if n.startswith("table.")]
    anchors += [f"- [{objs['columns'].title}](#{_anchor(objs['columns'].title)})"]
    anchors += [f"- [{objs[t].title}](#{_anchor(objs[t].title)})" for t in tables]
    out += [*anchors, ""]
    for _, obj in sections:
        out += [f"## {obj.title}", "", obj.about, "", *_field_table(obj), ""]
    cols = objs["columns"]
    out += [f"## {cols.title}", "", cols.about, "", *_field_table(cols), ""]
    for name in tables:
        table = name.removeprefix("table.")
        obj = objs[name]
        out += [f"## {obj.title}", "", obj.about, ""]
        if table in ("articles", "errors", *kinds):
            out += [*_column_table(table), ""]
        else:
            out += [*_field_table(obj), ""]
    return "\n".join(line.rstrip() for line in out).rstrip() + "\n"


def _anchor(title: str) -> str:
    """GitHub's anchor of a heading."""
    text = re.sub(r"[^\w\- ]", "", title.lower().strip())
    return text.replace(" ", "-")


# ------------------------------------------------------------------------------ generated files


def generated_files(root: str | Path) -> dict[Path, str]:
    """The files generated from the schema, under the repository ``root``, with their text."""
    root = Path(root)
    out = {root / "docs" / "schema.md": markdown()}
    for name in SCHEMA_NAMES:
        out[root / "textkit" / "data" / "schema" / f"{name}.schema.json"] = (
            json.dumps(json_schema(name, builtin_only=True), ensure_ascii=False, indent=2) + "\n"
        )
    return out


__all__ = [
    "Field",
    "Obj",
    "SchemaError",
    "column",
    "descriptions",
    "generated_files",
    "json_schema",
    "markdown",
    "objects",
    "shipped_json_schema",
    "table_columns",
    "undocumented_columns",
    "undocumented_keys",
    "validate",
]
