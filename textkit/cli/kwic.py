"""``textkit kwic``: concordance (keyword in context) over extract outputs or documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from textkit.cli.corpus import CorpusInputs, load_corpus, usage_error


def kwic(
    inputs: CorpusInputs,
    query: Annotated[
        list[str],
        typer.Option(
            "--query", "-q", help="Text to find, any script. Repeat, or join terms with |, to find any of them (OR).", show_default=False
        ),
    ],
    regex: Annotated[bool, typer.Option("--regex", help="The terms are Python regular expressions (| is then regex alternation).")] = False,
    width: Annotated[int, typer.Option("--width", help="Characters of context on each side.", min=1)] = 20,
    sort: Annotated[
        str, typer.Option("--sort", help="source (document order), left (left context read backwards from the match) or right.")
    ] = "source",
    column: Annotated[
        list[str] | None,
        typer.Option("--column", "-c", help="Metadata column to show (repeat); default: every manifest column, and year."),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many lines (after sorting).", min=1)] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the lines to .csv or .xlsx instead of printing them.")
    ] = None,
) -> None:
    """Keyword in context: every match of the query with its left and right context, source, title and metadata.

    Exit 1 when nothing matches, 2 for an empty query or a bad regular expression.
    """
    from textkit.corpus.api import kwic as concordance
    from textkit.corpus.export import check_table_path, write_table
    from textkit.corpus.kwic import SORTS, QueryError, aligned_lines, compile_query

    if sort not in SORTS:
        raise usage_error(f"--sort must be one of {', '.join(SORTS)}")
    try:
        compile_query(query, regex=regex)  # before reading anything
        if output is not None:
            check_table_path(output)
    except (QueryError, ValueError) as exc:
        raise usage_error(str(exc)) from None
    corpus = load_corpus(inputs)
    try:
        table = concordance(corpus, query, regex=regex, width=width, sort=sort, columns=column, limit=limit)
    except ValueError as exc:
        raise usage_error(str(exc)) from None
    if table.empty:
        typer.echo(f"no match for {' | '.join(query)!r} in {len(corpus)} texts", err=True)
        raise typer.Exit(1)
    if output is not None:
        write_table(table, output, sheet="kwic")
        typer.echo(f"{len(table)} lines → {output}", err=True)
        return
    shown = list(column) if column else [c for c in ("year", "unit") if c in table.columns]
    for line in aligned_lines(table, shown):
        typer.echo(line)
