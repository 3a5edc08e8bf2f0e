"""The embedded SQLite store: tables articles, measures, slogans, figures, errors, with foreign keys
from items to their article and an FTS5 trigram index over article titles and texts, so that any
Chinese substring of three or more characters is found by the index (shorter ones by a scan).

Any SQLite client can open the file; ``textkit search`` prints keyword-in-context lines.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from textkit.io.tables import ITEM_KINDS, TABLES, Layout, cell

_SQL_TYPES = {"int": "INTEGER", "float": "REAL", "bool": "INTEGER", "str": "TEXT", "json": "TEXT"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def schema(layout: Layout) -> list[str]:
    stmts = []
    for table in TABLES:
        types = layout.types(table)
        cols = []
        for col, kind in types.items():
            if table == "articles" and col == "article_id":
                cols.append('"article_id" INTEGER PRIMARY KEY')
            elif table in ITEM_KINDS and col == "item_id":
                cols.append('"item_id" INTEGER PRIMARY KEY')
            elif table in ITEM_KINDS and col == "article_id":
                cols.append('"article_id" INTEGER NOT NULL REFERENCES articles(article_id)')
            else:
                cols.append(f"{_q(col)} {_SQL_TYPES[kind] if col not in layout.meta_columns else ''}".rstrip())
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
        inserts = {t: f"INSERT INTO {t} ({', '.join(_q(c) for c in types[t])}) VALUES ({', '.join('?' * len(types[t]))})" for t in TABLES}
        batch: dict[str, list[tuple]] = {t: [] for t in TABLES}
        for table, row in rows:
            batch[table].append(tuple(_sql(row.get(c), k) for c, k in types[table].items()))
            if len(batch[table]) >= 1000:
                if table in ITEM_KINDS:
                    con.executemany(inserts["articles"], batch["articles"])
                    batch["articles"] = []
                con.executemany(inserts[table], batch[table])
                batch[table] = []
        for table in TABLES:  # articles first: items refer to them
            con.executemany(inserts[table], batch[table])
        con.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        con.commit()
        con.execute("PRAGMA foreign_keys = ON")
        bad = con.execute("PRAGMA foreign_key_check").fetchall()
        if bad:  # pragma: no cover - a bug, not an input problem
            raise RuntimeError(f"foreign key violations in {path}: {bad[:3]}")
    finally:
        con.close()


def _sql(value, kind: str):
    v = cell(value, kind)
    return int(v) if isinstance(v, bool) else v


def read_tables(path: str | Path) -> tuple[dict[str, list[dict]], dict[str, dict[str, str]]]:
    """All rows of the store, and the declared kind of each column."""
    con = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        kinds: dict[str, dict[str, str]] = {}
        for tbl, col, kind in con.execute("SELECT tbl, col, kind FROM textkit_columns"):
            kinds.setdefault(tbl, {})[col] = kind
        tables = {t: [dict(r) for r in con.execute(f"SELECT * FROM {t} ORDER BY rowid")] for t in TABLES}
    finally:
        con.close()
    for t, rows in tables.items():
        for r in rows:
            for c, k in kinds.get(t, {}).items():
                if k == "bool" and r.get(c) is not None:
                    r[c] = bool(r[c])
    return tables, kinds


@dataclass
class Hit:
    source: str
    title: str
    article: int
    start: int
    end: int
    left: str
    match: str
    right: str

    def line(self) -> str:
        return f"{self.source} #{self.article} @{self.start}  …{self.left}【{self.match}】{self.right}…"


def search(path: str | Path, query: str, *, width: int = 20, limit: int = 100) -> Iterator[Hit]:
    """Keyword-in-context hits of ``query`` in the store's article texts (traditional queries match
    simplified texts). Uses the trigram index for queries of three characters or more."""
    from textkit.normalization.script import to_simplified

    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such database")
    variants = list(dict.fromkeys([query, to_simplified(query)[0]]))
    con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
    try:
        con.execute("SELECT 1 FROM articles_fts LIMIT 1")
        n = 0
        seen: set[int] = set()
        for q in variants:
            if len(q) >= 3:
                phrase = '"' + q.replace('"', '""') + '"'
                cur = con.execute(
                    "SELECT a.article_id, a.source, a.title, a.article, a.text FROM articles_fts f JOIN articles a ON a.article_id = f.rowid "
                    "WHERE articles_fts MATCH ? ORDER BY a.article_id",
                    (phrase,),
                )
            else:
                cur = con.execute(
                    "SELECT article_id, source, title, article, text FROM articles WHERE instr(text, ?) > 0 ORDER BY article_id", (q,)
                )
            for art_id, source, title, article, text in cur:
                if art_id in seen:
                    continue
                seen.add(art_id)
                start = (text or "").find(q)
                while start >= 0:
                    end = start + len(q)
                    yield Hit(
                        source, title, article, start, end, _ctx(text[max(0, start - width) : start]), q, _ctx(text[end : end + width])
                    )
                    n += 1
                    if n >= limit:
                        return
                    start = text.find(q, end)
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"{p}: not a textkit database ({exc})") from None
    finally:
        con.close()


def _ctx(s: str) -> str:
    return s.replace("\n", " ")
