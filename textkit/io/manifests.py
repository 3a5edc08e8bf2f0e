"""Manifests: a ``.csv``/``.tsv``/``.jsonl`` input that lists documents, one per row.

A row has the document's text (a ``text``, ``content``, ``正文`` … column) or the path of its file
(``path``, ``file`` …; relative paths are read from the manifest's folder). Its other columns
(unit, year, region …) are the document's metadata. An ``id`` column names text rows
(``manifest.csv#ID``) and a ``title`` (``标题`` …) column gives a text row its title line. The
column names are the word lists ``data/lexicons/manifests_*_columns.txt``, in order of preference.

Rows are streamed, so a manifest of any size is read in constant memory; a row that cannot be
read becomes a row with ``error``, and the rest of the manifest is still read when possible.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from textkit.resources import words

MANIFEST_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson")


@dataclass
class ManifestRow:
    """One document of a manifest: its text or its file's path, and the row's other columns as metadata."""

    source: str
    path: str | None = None
    text: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # a row that could not be read


def is_manifest(path: str) -> bool:
    """Whether ``path`` is an existing file with a manifest's suffix."""
    return Path(path).suffix.lower() in MANIFEST_SUFFIXES and Path(path).is_file()


def title_line(metadata: dict[str, Any]) -> str:
    """A text row's title, from its title column ('' when it has none)."""
    return next((str(metadata[k]).strip() for k in words("manifests_title_columns") if metadata.get(k)), "")


def _pick(columns: Iterable[str], wanted: tuple[str, ...]) -> str | None:
    lower = {c.strip().lower(): c for c in columns}
    return next((lower[w] for w in wanted if w in lower), None)


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the first megabyte decodes as such; else what detection says
    (Excel on Chinese Windows writes GBK)."""
    from textkit.io.readers import decode_bytes

    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    head = head[: head.rfind(b"\n") + 1] or head
    try:
        head.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError:
        return decode_bytes(head, str(path))[1]


def _json_rows(fh: IO[str], path: Path) -> Iterator[tuple[int, dict | None]]:
    """(line number, row) for each line of a JSONL manifest; blank lines give no row."""
    for n, line in enumerate(fh, 1):
        if not line.strip():
            yield n, None
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, {"__error__": f"{path}:{n}: not JSON ({exc.msg})"}
            continue
        yield n, row if isinstance(row, dict) else {"__error__": f"{path}:{n}: not a JSON object"}


def _numbered_rows(fh: IO[str], path: Path) -> Iterator[tuple[int, dict | None]]:
    """(line or row number, row) for each row of the open manifest."""
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return _json_rows(fh, path)
    return enumerate(csv.DictReader(fh, delimiter="\t" if path.suffix.lower() == ".tsv" else ","), 1)


def _rows(path: Path) -> Iterator[dict]:
    """The rows of a manifest, streamed; a row that cannot be read becomes ``{"__error__": reason}``."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a row's text may be a whole report
    try:
        encoding = _encoding(path)
    except (OSError, ValueError) as exc:
        yield {"__error__": f"{path}: cannot read the manifest ({exc})"}
        return
    n = 0
    try:
        with path.open(encoding=encoding, newline="") as fh:
            for n, row in _numbered_rows(fh, path):  # noqa: B007  (n is reported when reading fails)
                if row is not None:
                    yield row
    except (UnicodeDecodeError, csv.Error) as exc:
        yield {"__error__": f"{path}: unreadable after row {n} ({exc}); the rest of the manifest is skipped"}


def _scalar(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value.strip() if isinstance(value, str) else value


@dataclass(frozen=True)
class _Columns:
    """The columns of a manifest that hold a row's text, its path and its id (None when absent)."""

    text: str | None
    path: str | None
    ident: str | None

    @classmethod
    def of(cls, row: dict) -> _Columns:
        return cls(
            _pick(row, words("manifests_text_columns")),
            _pick(row, words("manifests_path_columns")),
            _pick(row, words("manifests_id_columns")),
        )


def _metadata(row: dict, columns: _Columns) -> dict[str, Any]:
    """The row's values other than its text and path, empty ones left out."""
    used = {columns.text, columns.path}
    return {k.strip(): _scalar(v) for k, v in row.items() if k not in used and k is not None and v not in (None, "")}


def _document(manifest: str, n: int, row: dict, columns: _Columns) -> ManifestRow:
    """The document of row ``n``: its text, else its file (relative to the manifest's folder), else neither."""
    metadata = _metadata(row, columns)
    ident = row.get(columns.ident) if columns.ident else None
    if columns.text and row.get(columns.text):
        return ManifestRow(source=f"{manifest}#{ident or n}", text=str(row[columns.text]), metadata=metadata)
    if columns.path and row.get(columns.path):
        p = Path(str(row[columns.path]))
        p = p if p.is_absolute() else Path(manifest).parent / p
        return ManifestRow(source=str(p), path=str(p), metadata=metadata)
    return ManifestRow(source=f"{manifest}#{ident or n}", path="", metadata=metadata)


def read_manifest(manifest: str) -> Iterator[ManifestRow]:
    """The documents of a CSV/TSV/JSONL manifest with a text or path column; other columns are metadata.

    A row's source is ``MANIFEST#ID`` (its id column) or ``MANIFEST#ROW`` for text rows, and the
    file path for path rows; a row with neither gets an empty path (its reading fails). The columns
    are found in the first row (or the first that has a text or path column).
    """
    columns: _Columns | None = None
    for n, row in enumerate(_rows(Path(manifest)), 1):
        if "__error__" in row:
            yield ManifestRow(source=f"{manifest}#{n}", error=row["__error__"])
            continue
        if n == 1 or columns is None or columns.text is columns.path is None:
            columns = _Columns.of(row)
        yield _document(manifest, n, row, columns)
