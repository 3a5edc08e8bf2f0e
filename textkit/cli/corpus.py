"""What the corpus commands (``kwic``, ``freq``, ``dtm``, ``network``) share: their inputs and
word options, and reading the corpus with its failures named on standard error."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from textkit.cli.options import EXIT_ALL_FAILED

CorpusInputs = Annotated[
    list[str],
    typer.Argument(
        help="Extract outputs (.sqlite, .jsonl, .csv, .xlsx, .parquet) or documents: files, folders, manifests (.jsonl/.csv with metadata).",
        show_default=False,
    ),
]
MinLength = Annotated[int, typer.Option("--min-length", help="Shortest word counted, in characters.", min=1)]
StopwordsFile = Annotated[
    Path | None, typer.Option("--stopwords", help="A file of more stop words (one a line) added to the shipped list.", dir_okay=False)
]
PosOpt = Annotated[
    str | None,
    typer.Option("--pos", help="Keep words whose part-of-speech tag starts with one of these, comma-separated (jieba tags: n,v,a …)."),
]
_ERRORS_SHOWN = 10


def pos_list(pos: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (pos or "").split(",") if p.strip())


def extra_stopwords(path: Path | None) -> list[str]:
    """The words of a stop-word file (``#`` comments and blank lines skipped); exits 2 when it cannot be read."""
    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: {path}: cannot read the stop words ({exc})", err=True)
        raise typer.Exit(2) from None
    return [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]


def load_corpus(inputs: list[str], *, slogans: bool = False):
    """The corpus of the inputs; inputs that failed are named on standard error, and the command
    exits 4 when no text could be read."""
    from textkit.corpus.source import read_corpus

    corpus = read_corpus(inputs, slogans=slogans)
    for err in corpus.errors[:_ERRORS_SHOWN]:
        typer.echo(f"warning: {err}", err=True)
    if len(corpus.errors) > _ERRORS_SHOWN:
        typer.echo(f"warning: … and {len(corpus.errors) - _ERRORS_SHOWN} more inputs not read", err=True)
    if not corpus.units:
        typer.echo("error: no text to read in the inputs", err=True)
        raise typer.Exit(EXIT_ALL_FAILED)
    return corpus


def usage_error(message: str) -> typer.Exit:
    """Print ``message`` as an error and return the exit (code 2) to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)
