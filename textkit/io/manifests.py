"""Manifests: a ``.csv``/``.tsv``/``.jsonl`` input that lists documents, one per row.

A row has the document's text (a ``text``, ``content``, ``正文`` … column) or the path of its file
(``path``, ``file`` …; relative paths are read from the manifest's folder). Its other columns
(unit, year, region …) are the document's metadata. An ``id`` column names text rows
(``manifest.csv#ID``) and a ``title`` (``标题`` …) column gives a text row its title line. The
column names are the word lists ``data/lexicons/manifests_*_columns.txt``, in order of preference.

Rows are streamed, so a manifest of any size is read in constant memory, and read defensively:
a row that cannot be read (bytes that are not valid in the manifest's encoding, more cells than
the header, a JSON line that is not an object or is nested too deeply, a lone surrogate, a cell
over ``MAX_MANIFEST_CELL_CHARS``, a path outside the manifest's folder) becomes one row with
``error`` and the rest of the manifest is still read. A manifest that cannot be read at all, or
has no rows, gives one row with ``error``.

Limits and switches (read from the environment when textkit is imported):

``TEXTKIT_MAX_MANIFEST_CELL``
    ``MAX_MANIFEST_CELL_CHARS``, the longest row (and so cell) of a manifest, in characters
    (default 5,000,000, about 15 MB of Chinese text).
``TEXTKIT_ALLOW_OUTSIDE_PATHS``
    ``1`` reads path rows outside the manifest's folder (as the ``--allow-outside-paths`` option
    does); files under /proc, /sys and /dev are never read.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from textkit.errors import InputError
from textkit.io.readers import BYTE_ORDER_MARKS, display_path, env_limit, is_pseudo_fs, open_regular
from textkit.resources import words

MANIFEST_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson")
MAX_MANIFEST_CELL_CHARS = env_limit("TEXTKIT_MAX_MANIFEST_CELL", 5_000_000)
_ALLOW_OUTSIDE_FROM_ENV = os.environ.get("TEXTKIT_ALLOW_OUTSIDE_PATHS", "").strip().lower() in ("1", "true", "yes")
#: Whether path rows may name files outside the manifest's folder (``--allow-outside-paths``).
ALLOW_OUTSIDE_PATHS = _ALLOW_OUTSIDE_FROM_ENV
_ENCODING_SAMPLE = 1 << 20
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_bad_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Error handler: bytes that do not decode become lone surrogates (U+DC00 + byte), whatever the
    codec (``surrogateescape`` refuses some, such as half a UTF-16 surrogate pair); the row that has
    them becomes an error."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(chr(0xDC00 + b) for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error("textkit_bad_bytes", _escape_bad_bytes)


def allow_outside_paths(allow: bool) -> None:
    """Whether path rows may name files outside their manifest's folder: the ``--allow-outside-paths``
    option, else ``TEXTKIT_ALLOW_OUTSIDE_PATHS``. Manifests are read in the main process, so this
    module setting is enough."""
    global ALLOW_OUTSIDE_PATHS
    ALLOW_OUTSIDE_PATHS = allow or _ALLOW_OUTSIDE_FROM_ENV


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


#: Fields of the records textkit itself writes (extract, normalize, segment): such a file is an output, not a manifest.
_OUTPUT_FIELDS = {"measures", "slogans", "figures", "themes", "error", "log", "structure", "tokens", "provenance"}


def is_folder_manifest(path: str) -> bool:
    """Whether a JSON Lines file found in a folder is a corpus manifest: its first record names a text or
    path column, and it is not an output of textkit (whose records carry extraction or normalisation fields)."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            first = next((line for line in fh if line.strip()), "")
        rec = json.loads(first)
    except (OSError, ValueError):
        return False
    if not isinstance(rec, dict) or _OUTPUT_FIELDS & set(rec):
        return False
    return bool(_pick(rec, words("manifests_text_columns")) or _pick(rec, words("manifests_path_columns")))


def title_line(metadata: dict[str, Any]) -> str:
    """A text row's title, from its title column ('' when it has none)."""
    return next((str(metadata[k]).strip() for k in words("manifests_title_columns") if metadata.get(k)), "")


def _pick(columns: Iterable[str], wanted: tuple[str, ...]) -> str | None:
    lower = {c.strip().lower(): c for c in columns if isinstance(c, str)}
    return next((lower[w] for w in wanted if w in lower), None)


def _encoding(head: bytes, source: str) -> str:
    """The encoding of a manifest from its first bytes: a byte-order mark; else UTF-8 when the bytes
    are UTF-8 but for a few bad ones (those rows become errors); else what detection says (Excel on
    Chinese Windows writes GBK). ``head`` may end in the middle of a character."""
    from textkit.io.readers import decode_bytes

    for bom, enc in BYTE_ORDER_MARKS:
        if head.startswith(bom):
            return enc
    text = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(head, final=False)
    bad = sum(1 for c in text if "\udc80" <= c <= "\udcff")
    if not bad or sum(1 for c in text if ord(c) > 127) >= 11 * bad:  # ≥ 10 good characters for each bad byte
        return "utf-8-sig"
    if b"\x00" in head:  # UTF-16 or UTF-32 without a mark: cut at a whole number of code units
        sample = head[: len(head) // 4 * 4]
        return decode_bytes(sample, source)[1]
    sample = head[: head.rfind(b"\n") + 1] or head
    try:
        return decode_bytes(sample, source)[1]
    except InputError:  # perhaps a few bad lines: detect on the lines that decode in a Chinese codec
        good = b"".join(line for line in sample.splitlines(keepends=True) if _decodes(line))
        if not good.strip() or len(good) == len(sample):
            raise
        return decode_bytes(good, source)[1]


def _decodes(line: bytes) -> bool:
    """Whether ``line`` decodes as GB18030 or Big5-HKSCS."""
    for codec in ("gb18030", "big5hkscs"):
        try:
            line.decode(codec)
            return True
        except UnicodeDecodeError:
            pass
    return False


class _RowTooLong(Exception):
    """A physical line, or the lines of one row, longer than ``MAX_MANIFEST_CELL_CHARS``."""


class _BoundedLines:
    """The lines of a text file, none longer than ``limit`` characters: a longer line, or a row whose
    lines add up to more (``row_chars``, reset by the reader after each row), raises ``_RowTooLong``
    after skipping the rest of that line. (After a quoted CSV cell of many lines that is too long,
    the reader starts again on the next line, so the rest of that cell may give more bad rows.)"""

    def __init__(self, fh: IO[str], limit: int) -> None:
        self.fh, self.limit, self.row_chars = fh, limit, 0

    def __iter__(self) -> _BoundedLines:
        return self

    def __next__(self) -> str:
        line = self.fh.readline(self.limit + 1)
        if not line:
            raise StopIteration
        self.row_chars += len(line)
        if len(line) > self.limit or self.row_chars > self.limit:
            while line and not line.endswith("\n"):
                line = self.fh.readline(1 << 20)
            self.row_chars = 0
            raise _RowTooLong
        return line


def _too_long(path: Path, where: str) -> dict:
    return {"__error__": f"{path}:{where}: row longer than {MAX_MANIFEST_CELL_CHARS:,} characters (TEXTKIT_MAX_MANIFEST_CELL); skipped"}


def _invalid_bytes(path: Path, where: str, encoding: str) -> dict:
    return {"__error__": f"{path}:{where}: bytes that are not valid {encoding.removesuffix('-sig')}; row skipped"}


def _json_value(text: str) -> Any:
    """A JSON number that is not finite (``1e400``) is kept as its text."""
    value = float(text)
    return value if math.isfinite(value) else text


def _json_rows(lines: _BoundedLines, path: Path, encoding: str) -> Iterator[dict]:
    """The rows of a JSONL manifest; blank lines give no row.

    ``NaN``, ``Infinity``, ``-Infinity`` and numbers too large for a float (``1e400``) become
    strings with their text, so that outputs stay valid JSON.
    """
    n = 0
    while True:
        n += 1
        lines.row_chars = 0
        try:
            line = next(lines)
        except StopIteration:
            return
        except _RowTooLong:
            yield _too_long(path, str(n))
            continue
        if not line.strip():
            continue
        if _SURROGATE.search(line):
            yield _invalid_bytes(path, str(n), encoding)
            continue
        try:
            row = json.loads(line, parse_constant=str, parse_float=_json_value)
        except json.JSONDecodeError as exc:
            yield {"__error__": f"{path}:{n}: not JSON ({exc.msg})"}
            continue
        except RecursionError:
            yield {"__error__": f"{path}:{n}: JSON nested too deeply"}
            continue
        except ValueError as exc:  # e.g. an integer of more than 4,300 digits
            yield {"__error__": f"{path}:{n}: not a usable JSON value ({exc})"}
            continue
        yield row if isinstance(row, dict) else {"__error__": f"{path}:{n}: not a JSON object"}


def _csv_rows(lines: _BoundedLines, path: Path, encoding: str) -> Iterator[dict]:
    """The rows of a CSV/TSV manifest as dicts keyed by the header's names.

    A row with fewer cells than the header has the rest empty; a row with more (non-empty) cells
    than the header, usually text with an unquoted comma, is an error.
    """
    reader = csv.reader(lines, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
    header: list[str] | None = None
    last_error_line = -1
    while True:
        lines.row_chars = 0
        try:
            cells = next(reader)
        except StopIteration:
            return
        except _RowTooLong:
            yield _too_long(path, str(reader.line_num + 1))
            continue
        except csv.Error as exc:  # a NUL byte, a quote in the wrong place …
            if reader.line_num == last_error_line:
                return
            last_error_line = reader.line_num
            yield {"__error__": f"{path}:{reader.line_num}: not a CSV row ({exc})"}
            continue
        if not cells:
            continue
        where = str(reader.line_num)
        if any(_SURROGATE.search(c) for c in cells):
            yield _invalid_bytes(path, where, encoding)
            if header is None:
                return
            continue
        if header is None:
            header = [c.strip() for c in cells]
            continue
        extra = cells[len(header) :]
        if any(c.strip() for c in extra):
            yield {"__error__": f"{path}:{where}: {len(cells)} cells but the header has {len(header)} (a comma in the text not quoted?)"}
            continue
        yield dict(zip(header, cells))


def _rows(path: Path) -> Iterator[dict]:
    """The rows of a manifest, streamed; a row that cannot be read becomes ``{"__error__": reason}``,
    and so does a manifest that cannot be read or has no rows."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # cells are bounded by _BoundedLines instead
    try:
        fd = open_regular(path)
    except InputError as exc:
        yield {"__error__": f"cannot read the manifest: {exc}"}
        return
    with open(fd, "rb") as raw:
        try:
            head = raw.read(_ENCODING_SAMPLE)
            encoding = _encoding(head, display_path(path))
            raw.seek(0)
        except (InputError, OSError) as exc:
            yield {"__error__": f"cannot read the manifest: {exc}"}
            return
        fh = io.TextIOWrapper(raw, encoding=encoding, errors="textkit_bad_bytes", newline="")
        lines = _BoundedLines(fh, MAX_MANIFEST_CELL_CHARS)
        is_json = path.suffix.lower() in (".jsonl", ".ndjson")
        rows = _json_rows(lines, path, encoding) if is_json else _csv_rows(lines, path, encoding)
        count = 0
        try:
            for row in rows:
                count += 1
                yield row
        except OSError as exc:
            yield {"__error__": f"{path}: unreadable after row {count} ({exc}); the rest of the manifest is skipped"}
            return
    if not count:
        what = "is empty" if not head.strip() else "has no rows" if is_json else "has a header but no rows"
        yield {"__error__": f"{path}: the manifest {what}: no documents to read"}


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


def _lone_surrogate(row: dict) -> bool:
    """Whether a key or value of the row has a lone surrogate (``"\\ud800"`` in JSON), which no output can encode."""
    return bool(_SURROGATE.search(json.dumps(row, ensure_ascii=False)))


def outside_reason(manifest: str, path: Path) -> str | None:
    """Why the path row ``path`` of ``manifest`` is not read (None when it is): it leads, after
    resolving symlinks and ``..``, outside the manifest's folder (unless ``ALLOW_OUTSIDE_PATHS``),
    or to a kernel or device file (always)."""
    real = os.path.realpath(path)
    if is_pseudo_fs(real):
        return f"{display_path(path)}: {real} is a kernel or device file, never read as an input"
    folder = os.path.realpath(Path(manifest).parent)
    if ALLOW_OUTSIDE_PATHS or real == folder or real.startswith(folder.rstrip(os.sep) + os.sep):
        return None
    return (
        f"{display_path(path)}: outside the manifest's folder {folder}; "
        "not read (use --allow-outside-paths, or TEXTKIT_ALLOW_OUTSIDE_PATHS=1, to read files outside it)"
    )


def _document(manifest: str, n: int, row: dict, columns: _Columns) -> ManifestRow:
    """The document of row ``n``: its text, else its file (relative to the manifest's folder), else neither."""
    metadata = _metadata(row, columns)
    ident = row.get(columns.ident) if columns.ident else None
    if columns.text and row.get(columns.text):
        return ManifestRow(source=f"{manifest}#{ident or n}", text=str(row[columns.text]), metadata=metadata)
    if columns.path and row.get(columns.path):
        p = Path(str(row[columns.path]))
        p = p if p.is_absolute() else Path(manifest).parent / p
        return ManifestRow(source=str(p), path=str(p), metadata=metadata, error=outside_reason(manifest, p))
    return ManifestRow(source=f"{manifest}#{ident or n}", path="", metadata=metadata)


def read_manifest(manifest: str) -> Iterator[ManifestRow]:
    """The documents of a CSV/TSV/JSONL manifest with a text or path column; other columns are metadata.

    A row's source is ``MANIFEST#ID`` (its id column) or ``MANIFEST#ROW`` for text rows, and the
    file path for path rows; a row with neither gets an empty path (its reading fails). The columns
    are found in the first row (or the first that has a text or path column). Every row that cannot
    be used gives one row with ``error`` (see the module's docstring).
    """
    columns: _Columns | None = None
    for n, row in enumerate(_rows(Path(manifest)), 1):
        if "__error__" in row:
            yield ManifestRow(source=f"{manifest}#{n}", error=row["__error__"])
            continue
        try:
            if _lone_surrogate(row):
                yield ManifestRow(
                    source=f"{manifest}#{n}", error=f"{manifest}#{n}: a lone surrogate (such as \\ud800) is not text; row skipped"
                )
                continue
            if n == 1 or columns is None or columns.text is columns.path is None:
                columns = _Columns.of(row)
            document = _document(manifest, n, row, columns)
        except (ValueError, OSError, RecursionError) as exc:  # a path with a NUL byte, too long …
            document = ManifestRow(source=f"{manifest}#{n}", error=f"{manifest}#{n}: unusable row ({type(exc).__name__}: {exc})")
        yield document
