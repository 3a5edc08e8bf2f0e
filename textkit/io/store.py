"""Searching the embedded SQLite store that ``textkit extract -o out.sqlite`` writes
(``textkit.io.outputs.sqlite``): keyword-in-context lines, as ``textkit search`` prints them.

The store's FTS5 trigram index finds any Chinese substring of three or more characters; shorter
ones are found by a scan.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


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
    simplified texts). Uses the trigram index for queries of three characters or more; an empty or blank
    query is a ValueError."""
    from textkit.normalization.script import to_simplified

    if not query.strip():
        raise ValueError("the query is empty: give the text to find")
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
