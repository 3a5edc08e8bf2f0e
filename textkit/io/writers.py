"""Outputs, chosen by suffix: JSONL, CSV, Excel, Parquet, SQLite.

Results first go to a *journal* next to the output (``.NAME.journal.jsonl``), one JSON line per
article, flushed after every document. When the run ends the journal becomes the output: renamed
(JSONL) or converted to a temporary file that is renamed into place. A killed run therefore never
leaves a half-written output that looks complete, and ``--resume`` continues from the journal.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def _default(obj: Any):
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if hasattr(obj, "item"):
        return obj.item()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, default=_default)


def sibling(target: Path, kind: str) -> Path:
    """The file of one table for CSV and Parquet outputs: ``out.csv`` → ``out.measures.csv``."""
    return target if kind == "articles" else target.with_name(f"{target.stem}.{kind}{target.suffix}")


def journal_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.journal.jsonl")


def iter_journal(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        yield from fh


def _complete_record(line: str) -> dict | None:
    """The article record on ``line``, or None for a line cut by a kill and for error records (retried)."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError:
        return None
    return rec if isinstance(rec, dict) and "error" not in rec else None


def _temp_for(target: Path) -> Path:
    """A new temporary file beside ``target``, created with the permissions any new file gets (the
    umask applies; mkstemp would make it 0600)."""
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return tmp
        except FileExistsError:
            continue


def _durable(paths: list[Path]) -> None:
    """Flush files and their folder to disk, so that a rename is not followed by an empty file after a crash."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    if paths:
        try:
            fd = os.open(paths[0].parent, os.O_RDONLY)
        except OSError:  # pragma: no cover - folders cannot be opened on some systems
            return
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path to write ``target`` through: renamed into place, durably, when the block
    ends without error, removed otherwise. ``with atomic_path(out) as tmp: wb.save(tmp)``"""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_for(target)
    try:
        yield tmp
        _replace_all([(tmp, target)])
    finally:
        tmp.unlink(missing_ok=True)


def _replace_all(pairs: list[tuple[Path, Path]]) -> None:
    """Rename temporaries into place, durably, the main (articles) file last so it appears only when all are done."""
    _durable([tmp for tmp, _ in pairs])
    for tmp, final in pairs[1:] + pairs[:1]:
        os.replace(tmp, final)
    _durable([final for _, final in pairs[:1]])


# -- format converters: journal → final file(s) ------------------------------------------


def _tables_pass(journal: Path):
    from textkit.io.tables import Layout

    layout = Layout.of(iter_journal(journal))

    def rows() -> Iterator[tuple[str, dict]]:
        """(table, row) pairs with articles and items numbered in output order."""
        article_id = 0
        item_ids: dict[str, int] = {}
        for rec in iter_journal(journal):
            if "error" not in rec:
                article_id += 1
            for table, rs in layout.rows(rec, article_id).items():
                for r in rs:
                    if "item_id" in r:
                        item_ids[table] = r["item_id"] = item_ids.get(table, 0) + 1
                    yield table, r

    return layout, rows


def write_jsonl(journal: Path, target: Path) -> list[Path]:
    _replace_all([(journal, target)])
    return [target]


def write_csv(journal: Path, target: Path) -> list[Path]:
    import csv

    from textkit.io.tables import TABLES, cell

    layout, rows = _tables_pass(journal)
    temps, handles, writers, types, counters = [], {}, {}, {}, {}
    try:
        for table in TABLES:
            tmp = _temp_for(target)
            temps.append((tmp, sibling(target, table)))
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
        os.unlink(temps[-1][0])
        temps = temps[:-1]
        sibling(target, "errors").unlink(missing_ok=True)
    _replace_all(temps)
    return [final for _, final in temps]


XLSX_CELL_LIMIT = 32_000


def write_xlsx(journal: Path, target: Path) -> list[Path]:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from textkit.io.tables import TABLES, cell

    layout, rows = _tables_pass(journal)
    wb = Workbook(write_only=True)
    sheets, types = {}, {}
    drop = {"structure", "log"}  # too large for a worksheet cell; kept in JSONL/SQLite/Parquet
    columns = {t: [c for c in layout.columns(t) if c not in drop] for t in TABLES}
    for table in TABLES:
        sheets[table] = wb.create_sheet(table)
        sheets[table].append(columns[table])
        types[table] = layout.types(table)

    def xl(value: Any, kind: str) -> Any:
        v = cell(value, kind)
        if isinstance(v, str):
            v = ILLEGAL_CHARACTERS_RE.sub("", v)
            if len(v) > XLSX_CELL_LIMIT:
                v = v[:XLSX_CELL_LIMIT] + "…[truncated]"
        return v

    for table, row in rows():
        sheets[table].append([xl(row.get(c), types[table].get(c, "str")) for c in columns[table]])
    tmp = _temp_for(target)
    wb.save(tmp)
    _replace_all([(tmp, target)])
    return [target]


def write_parquet(journal: Path, target: Path) -> list[Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from textkit.io.tables import TABLES, cell

    arrow = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string(), "json": pa.string()}
    layout, rows = _tables_pass(journal)
    schemas = {t: pa.schema([(c, arrow[k]) for c, k in layout.types(t).items()]) for t in TABLES}
    types = {t: layout.types(t) for t in TABLES}
    temps = [(_temp_for(target), sibling(target, t)) for t in TABLES]
    writers = {t: pq.ParquetWriter(tmp, schemas[t], compression="zstd") for t, (tmp, _) in zip(TABLES, temps)}
    buffers: dict[str, list[dict]] = {t: [] for t in TABLES}
    counters = dict.fromkeys(TABLES, 0)

    def flush(table: str) -> None:
        if buffers[table]:
            writers[table].write_table(pa.Table.from_pylist(buffers[table], schema=schemas[table]))
            buffers[table] = []

    def typed(value: Any, kind: str) -> Any:
        if value is None:
            return None
        if kind in ("json", "str"):
            return cell(value, "json") if kind == "json" or not isinstance(value, str) else value
        return {"int": int, "float": float, "bool": bool}[kind](value)

    try:
        for table, row in rows():
            counters[table] += 1
            buffers[table].append({c: typed(row.get(c), k) for c, k in types[table].items()})
            if len(buffers[table]) >= 2000:
                flush(table)
        for t in TABLES:
            flush(t)
    finally:
        for w in writers.values():
            w.close()
    if not counters["errors"]:
        os.unlink(temps[-1][0])
        temps = temps[:-1]
        sibling(target, "errors").unlink(missing_ok=True)
    _replace_all(temps)
    return [final for _, final in temps]


def write_sqlite(journal: Path, target: Path) -> list[Path]:
    from textkit.io import store

    tmp = _temp_for(target)
    tmp.unlink()
    layout, rows = _tables_pass(journal)
    store.build(tmp, layout, rows())
    _replace_all([(tmp, target)])
    return [target]


CONVERTERS: dict[str, Callable[[Path, Path], list[Path]]] = {
    ".jsonl": write_jsonl,
    ".ndjson": write_jsonl,
    ".json": write_jsonl,
    ".csv": write_csv,
    ".xlsx": write_xlsx,
    ".parquet": write_parquet,
    ".sqlite": write_sqlite,
    ".db": write_sqlite,
    ".sqlite3": write_sqlite,
}


def check_output(path: str) -> None:
    """Raise ValueError for an output whose suffix no writer handles."""
    if path == "-":
        return
    suffix = Path(path).suffix.lower()
    if suffix not in CONVERTERS:
        raise ValueError(f"unsupported output format {suffix or '(none)'}: use one of {', '.join(sorted(CONVERTERS))}")


class Output:
    """Where a run's results go. ``open`` returns the (source, content hash) pairs already stored (``--resume``),
    ``write`` appends one document's lines to the journal, ``finish`` makes the final output."""

    def __init__(self, path: str, *, resume: bool = False):
        check_output(path)
        self.path = path
        self.resume = resume
        self.target = Path(path)
        self.journal = journal_path(self.target) if path != "-" else None
        self._fh = None
        self.notes: list[str] = []

    def open(self) -> set[tuple[str, str]]:
        if self.journal is None:
            self._fh = sys.stdout
            return set()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        lines: Iterator[str] = iter(())
        if self.resume and self.journal.exists():
            lines = _lines(self.journal)
            self.notes.append("resuming the unfinished run")
        elif self.resume and self.target.exists():
            from textkit.io.records import read_records

            lines = (dumps(r) for r in read_records(self.target))
            self.notes.append(f"resuming: documents already in {self.target} are kept and skipped")
        elif self.journal.exists():
            self.notes.append(f"an unfinished run's journal was discarded ({self.journal}); use --resume to continue one")
        stored: set[tuple[str, str]] = set()
        tmp = _temp_for(self.journal)
        with tmp.open("w", encoding="utf-8") as fh:  # streamed: a journal may hold many thousands of documents
            for line in lines:
                rec = _complete_record(line)
                if rec is not None:
                    fh.write(line.rstrip("\n") + "\n")
                    if rec.get("doc_id"):
                        stored.add((rec.get("source", ""), rec["doc_id"]))
        os.replace(tmp, self.journal)
        self._fh = self.journal.open("a", encoding="utf-8")
        return stored

    def write(self, lines: list[str]) -> None:
        self._fh.write("".join(line + "\n" for line in lines))
        self._fh.flush()

    def finish(self) -> list[Path]:
        """Turn the journal into the output; returns the files written."""
        if self.journal is None:
            self._fh.flush()
            return []
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        from textkit.io.tables import TABLES

        before = {p for kind in TABLES for p in self.target.parent.glob(f".{sibling(self.target, kind).name}.*.tmp")}
        try:
            written = CONVERTERS[self.target.suffix.lower()](self.journal, self.target)
        except BaseException:
            # leave no temporaries behind; the journal stays for --resume
            for kind in TABLES:
                for p in self.target.parent.glob(f".{sibling(self.target, kind).name}.*.tmp"):
                    if p not in before:
                        p.unlink(missing_ok=True)
            raise
        self.journal.unlink(missing_ok=True)
        return written

    def close(self) -> None:
        """Stop without finishing: the journal stays for ``--resume``."""
        if self._fh is not None and self.journal is not None and not self._fh.closed:
            self._fh.flush()
            self._fh.close()
