"""SQLite (``.sqlite``, ``.db``, ``.sqlite3``): the embedded store.

Tables articles, measures, slogans, figures and errors; every item row has ``article_id
REFERENCES articles``; ``articles_fts`` is an FTS5 trigram index over article titles and texts,
so that any Chinese substring of three or more characters is found by the index (shorter ones
by a scan, see ``textkit.io.store.search``); ``textkit_columns`` keeps the declared kind of every
column, so that reading back restores types. Any SQLite client can open the file.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from textkit.io.outputs.base import Files, TableFormat, register_output, table_rows
from textkit.io.tables import ITEM_KINDS, TABLES, Layout, cell

_SQL_TYPES = {"int": "INTEGER", "float": "REAL", "bool": "INTEGER", "str": "TEXT", "json": "TEXT"}
#: Rows of one table inserted at a time.
BATCH_ROWS = 1000


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _column(table: str, col: str, kind: str, layout: Layout) -> str:
    """The declaration of one column: keys for ids, no declared type for metadata (SQLite keeps what it gets)."""
    if table == "articles" and col == "article_id":
        return '"article_id" INTEGER PRIMARY KEY'
    if table in ITEM_KINDS and col == "item_id":
        return '"item_id" INTEGER PRIMARY KEY'
    if table in ITEM_KINDS and col == "article_id":
        return '"article_id" INTEGER NOT NULL REFERENCES articles(article_id)'
    return f"{_q(col)} {_SQL_TYPES[kind] if col not in layout.meta_columns else ''}".rstrip()


def schema(layout: Layout) -> list[str]:
    stmts = []
    for table in TABLES:
        cols = [_column(table, col, kind, layout) for col, kind in layout.types(table).items()]
        stmts.append(f"CREATE TABLE {table} ({', '.join(cols)})")
        if table in ITEM_KINDS:
            stmts.append(f"CREATE INDEX {table}_article ON {table}(article_id)")
    stmts.append("CREATE INDEX articles_doc ON articles(doc_id)")
    stmts.append(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='article_id', tokenize='trigram')"
    )
    stmts.append("CREATE TABLE textkit_columns (tbl TEXT, col TEXT, kind TEXT, PRIMARY KEY (tbl, col))")
    return stmts


def build(path: Path, layout: Layout, rows: Iterable[tuple[str, dict]]) -> None:
    """Create the database at ``path`` from ``(table, row)`` pairs."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        for stmt in schema(layout):
            con.execute(stmt)
        types = {t: layout.types(t) for t in TABLES}
        con.executemany("INSERT INTO textkit_columns VALUES (?, ?, ?)", [(t, c, k) for t in TABLES for c, k in types[t].items()])
        _insert(con, types, rows)
        con.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        con.commit()
        con.execute("PRAGMA foreign_keys = ON")
        bad = con.execute("PRAGMA foreign_key_check").fetchall()
        if bad:  # pragma: no cover - a bug, not an input problem
            raise RuntimeError(f"foreign key violations in {path}: {bad[:3]}")
    finally:
        con.close()


def _insert(con: sqlite3.Connection, types: dict[str, dict[str, str]], rows: Iterable[tuple[str, dict]]) -> None:
    """Insert the rows in batches; pending articles go in before a batch of items that refers to them."""
    inserts = {t: f"INSERT INTO {t} ({', '.join(_q(c) for c in types[t])}) VALUES ({', '.join('?' * len(types[t]))})" for t in TABLES}
    batch: dict[str, list[tuple]] = {t: [] for t in TABLES}
    for table, row in rows:
        batch[table].append(tuple(_sql(row.get(c), k) for c, k in types[table].items()))
        if len(batch[table]) >= BATCH_ROWS:
            if table in ITEM_KINDS:
                con.executemany(inserts["articles"], batch["articles"])
                batch["articles"] = []
            con.executemany(inserts[table], batch[table])
            batch[table] = []
    for table in TABLES:  # articles first: items refer to them
        con.executemany(inserts[table], batch[table])


def _sql(value, kind: str):
    v = cell(value, kind)
    return int(v) if isinstance(v, bool) else v


def _column_kinds(con: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """The declared kind of each column of each table (``textkit_columns``)."""
    kinds: dict[str, dict[str, str]] = {}
    for tbl, col, kind in con.execute("SELECT tbl, col, kind FROM textkit_columns"):
        kinds.setdefault(tbl, {})[col] = kind
    return kinds


def read_tables(path: str | Path) -> tuple[dict[str, list[dict]], dict[str, dict[str, str]]]:
    """All rows of the store, and the declared kind of each column."""
    con = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        kinds = _column_kinds(con)
        tables = {t: [dict(r) for r in con.execute(f"SELECT * FROM {t} ORDER BY rowid")] for t in TABLES}
    finally:
        con.close()
    for t, rows in tables.items():
        for r in rows:
            for c, k in kinds.get(t, {}).items():
                if k == "bool" and r.get(c) is not None:
                    r[c] = bool(r[c])
    return tables, kinds


def read_records(path: str | Path) -> Iterator[dict]:
    """The records of the store, streamed: articles and each item table are read in article order side
    by side, so that only one article's rows are in memory at a time (a store of any size)."""
    from textkit.io.tables import records_from_sorted_tables

    con = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        kinds = _column_kinds(con)

        def rows(table: str, order: str) -> Iterator[dict]:
            flags = [c for c, k in kinds.get(table, {}).items() if k == "bool"]
            for r in con.execute(f"SELECT * FROM {table} ORDER BY {order}"):
                row = dict(r)
                for c in flags:
                    if row.get(c) is not None:
                        row[c] = bool(row[c])
                yield row

        tables = {"articles": rows("articles", "article_id"), "errors": rows("errors", "rowid")}
        tables |= {t: rows(t, "article_id, item_id") for t in ITEM_KINDS}
        yield from records_from_sorted_tables(tables, kinds)
    finally:
        con.close()


@register_output(".sqlite", ".db", ".sqlite3")
class Sqlite(TableFormat):
    """Tables in one SQLite database with keys and a full-text index."""

    def write(self, journal: Path, target: Path, files: Files) -> None:
        tmp = files.new(target)
        tmp.unlink()  # SQLite creates the file
        layout, rows = table_rows(journal)
        try:
            build(tmp, layout, rows())
        except sqlite3.OperationalError as exc:  # "database or disk is full", an I/O error: a message, not a traceback
            full = getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "full" in str(exc)
            raise OSError(errno.ENOSPC if full else errno.EIO, f"{target} could not be written: {exc}") from None

    def read_tables(self, path: Path) -> tuple[dict[str, list[dict]], dict[str, dict[str, str]]]:
        return read_tables(path)

    def read_records(self, path: Path) -> Iterator[dict]:
        yield from read_records(path)
