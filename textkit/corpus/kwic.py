"""Keyword in context (concordance) over a corpus source.

A query is one or more terms, any of which matches (OR): give several terms, or separate them
with ``|`` in one plain query (``三会一课|主题党日``). Plain terms are found literally, the longest
first where they overlap; with ``regex`` each term is a Python regular expression. Terms in
traditional script are converted to simplified, like the texts (both forms are searched).

Lines can be sorted as concordancers do: by the left context read backwards from the match (the
word just before the match first), by the right context, or by source and position.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from textkit.corpus.source import Corpus

SORTS = ("source", "left", "right")
#: The columns of every concordance line, besides the metadata columns.
LINE_COLUMNS = ["source", "article", "title", "start", "end", "left", "match", "right"]


class QueryError(ValueError):
    """An empty query or a regular expression that does not compile."""


def query_terms(queries: Iterable[str], *, regex: bool = False) -> list[str]:
    """The terms of the queries: plain queries are split at ``|``; blanks are dropped; each term is
    kept as given and in simplified script. A query with no term raises ``QueryError``."""
    from textkit.normalization.script import to_simplified

    terms: list[str] = []
    for q in queries:
        parts = [q] if regex else q.split("|")
        for part in parts:
            part = part.strip() if not regex else part
            if part.strip():
                terms += [part, to_simplified(part)[0]]
    if not terms:
        raise QueryError("the query is empty: give the text to find")
    return list(dict.fromkeys(terms))


def compile_query(queries: Iterable[str], *, regex: bool = False, ignore_case: bool = True) -> re.Pattern:
    """One pattern matching any term of the queries (see ``query_terms``); ``QueryError`` for a bad regex."""
    terms = query_terms(queries, regex=regex)
    if not regex:
        terms = [re.escape(t) for t in sorted(terms, key=len, reverse=True)]
    flags = re.IGNORECASE if ignore_case else 0
    try:
        pattern = re.compile("|".join(f"(?:{t})" for t in terms), flags)
    except re.error as exc:
        raise QueryError(f"bad regular expression: {exc}") from None
    if pattern.match(""):
        raise QueryError("the query matches the empty string: every position would be a hit")
    return pattern


def _context(s: str) -> str:
    return s.replace("\r", " ").replace("\n", " ")


def kwic(
    corpus: Corpus,
    queries: str | Sequence[str],
    *,
    regex: bool = False,
    width: int = 20,
    sort: str = "source",
    columns: Sequence[str] | None = None,
    limit: int | None = None,
):
    """The concordance of ``queries`` in the corpus as a pandas DataFrame, one row per match:
    source, article, title, the metadata ``columns`` (default ``corpus.columns()``), start and end
    offsets in the article text, left context, match, right context (``width`` characters each).
    ``sort`` is ``source``, ``left`` or ``right``; ``limit`` keeps the first lines after sorting."""
    import pandas as pd

    if isinstance(queries, str):
        queries = [queries]
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    pattern = compile_query(queries, regex=regex)
    cols = list(columns) if columns is not None else corpus.columns()
    corpus.check_columns(cols)
    cols = [c for c in cols if c not in ("source", "article", "title")]
    rows: list[dict[str, Any]] = []
    for u in corpus:
        meta = None
        for m in pattern.finditer(u.text):
            if m.end() == m.start():
                continue
            if meta is None:
                meta = {c: u.value(c) for c in cols}
            rows.append(
                {
                    "source": u.source,
                    "article": u.article,
                    "title": u.title,
                    **meta,
                    "start": m.start(),
                    "end": m.end(),
                    "left": _context(u.text[max(0, m.start() - width) : m.start()]),
                    "match": m.group(),
                    "right": _context(u.text[m.end() : m.end() + width]),
                }
            )
    if sort == "left":
        rows.sort(key=lambda r: (r["left"][::-1], r["match"], r["right"]))
    elif sort == "right":
        rows.sort(key=lambda r: (r["match"], r["right"], r["left"][::-1]))
    if limit is not None:
        rows = rows[:limit]
    return pd.DataFrame(rows, columns=["source", "article", "title", *cols, "start", "end", "left", "match", "right"])


# --------------------------------------------------------------------------- terminal lines


def display_width(s: str) -> int:
    """Columns ``s`` takes in a terminal (wide and full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad_left(s: str, width: int) -> str:
    return " " * max(0, width - display_width(s)) + s


def _cut(s: str, width: int) -> str:
    """``s`` cut to at most ``width`` terminal columns (… marks the cut)."""
    if display_width(s) <= width:
        return s
    out, used = "", 0
    for c in s:
        w = display_width(c)
        if used + w > width - 1:
            break
        out, used = out + c, used + w
    return out + "…"


def aligned_lines(table, columns: Sequence[str] = ()) -> list[str]:
    """The concordance as terminal lines with the matches aligned: ``source #article [columns]  left【match】right``."""
    if table.empty:
        return []
    heads = []
    for _, r in table.iterrows():
        extra = " ".join(_cut(str(r[c]), 24) for c in columns if str(r[c]))
        heads.append(f"{r['source']} #{r['article']}" + (f" {extra}" if extra else ""))
    head_width = max(display_width(h) for h in heads)
    left_width = max(display_width(x) for x in table["left"])
    return [
        f"{h}{' ' * (head_width - display_width(h))}  {_pad_left(r['left'], left_width)}【{r['match']}】{r['right']}"
        for h, (_, r) in zip(heads, table.iterrows())
    ]
