"""``textkit convert``: an extract output in another format, without extracting again."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from textkit.cli.options import Quiet


def convert(
    store: Annotated[
        Path, typer.Argument(help="An output of textkit extract (.jsonl, .csv, .xlsx, .parquet, .sqlite/.db).", show_default=False)
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The converted output; its format comes from the suffix (.xlsx, .parquet, .csv, .jsonl, .sqlite).",
            show_default=False,
        ),
    ],
    quiet: Quiet = False,
) -> None:
    """Convert an extract output (a store of any size) to another format, without extracting again.

    The records are copied as they are (provenance included); the input-size limit of documents
    (TEXTKIT_MAX_INPUT_BYTES) does not apply. The source is never overwritten.
    """
    import time

    from textkit.io.records import convert as convert_records
    from textkit.io.writers import OutputLocked

    started = time.perf_counter()
    try:
        written = convert_records(store, output)
    except (ValueError, OutputLocked) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except OSError as exc:
        typer.echo(f"error: {exc.strerror if exc.strerror and exc.filename is None else exc}", err=True)
        raise typer.Exit(2) from None
    if not quiet:
        typer.echo(f"converted {store} in {time.perf_counter() - started:.1f} s → {', '.join(map(str, written))}", err=True)
