"""``textkit search``: keyword in context in a store written by ``textkit extract`` (the quick look-up;
``textkit kwic`` reads any output or documents, with OR, regular expressions, sorting and export)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def search(
    database: Annotated[Path, typer.Argument(help="A .sqlite/.db file written by `textkit extract -o`.")],
    query: Annotated[str, typer.Argument(help="Text to find (any script), e.g. 三会一课.")],
    width: Annotated[int, typer.Option("--width", help="Characters of context on each side.")] = 20,
    limit: Annotated[int, typer.Option("--limit", help="At most this many lines.")] = 100,
) -> None:
    """Keyword in context: every occurrence of QUERY in the store's articles, with source and offset (textkit kwic does more)."""
    from textkit.io.store import search as store_search

    n = 0
    try:
        for hit in store_search(database, query, width=width, limit=limit):
            typer.echo(hit.line())
            n += 1
    except (FileNotFoundError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if not n:
        typer.echo(f"no match for {query!r}", err=True)
        raise typer.Exit(1)
