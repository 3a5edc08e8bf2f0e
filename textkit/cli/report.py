"""``textkit report``: a corpus report (report.html and every table as CSV)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from textkit.cli.options import EXIT_ALL_FAILED, AllowOutsidePaths, Quiet, exit_for_failures
from textkit.cli.progress import StageBars


def report(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Extract output (.jsonl, .sqlite, .csv, .xlsx, .parquet), or files, folders and manifests to extract first.",
            show_default=False,
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for report.html and the CSV tables.")] = Path("report"),
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by", help="Metadata column to break themes down by (repeatable; default: unit, year, region and other categorical meta)."
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="Slogans and keywords shown in the charts.")] = 30,
    coding: Annotated[
        Path | None,
        typer.Option(
            "--coding", help="Coding dictionary (.toml or *category text file): documents coded per category, by year and --by column."
        ),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Processes for documents that still need extraction.")] = 1,
    allow_outside_paths: AllowOutsidePaths = False,
    quiet: Quiet = False,
) -> None:
    """Corpus report: themes overall and by metadata, top slogans, figures, keywords per theme, slogan co-occurrence,
    coding dictionary categories (--coding, or the codes the records carry) and provenance.

    Writes report.html (offline, charts as inline SVG) and every table as CSV (UTF-8 with BOM).
    """
    from textkit.errors import TextkitError
    from textkit.report import UnknownColumnError, build_report, load_records, write_report

    started = time.perf_counter()
    dictionary = None
    if coding is not None:
        from textkit.coding import CodingDictionary

        try:
            dictionary = CodingDictionary.load(coding)
        except TextkitError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    with StageBars(quiet) as bars:
        try:
            records = list(load_records(inputs, workers=workers, progress=lambda n, total: bars("documents", n, total)))
        except (OSError, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    if not records:
        typer.echo("no input records", err=True)
        raise typer.Exit(EXIT_ALL_FAILED)
    try:
        rep = build_report(records, by=by, top=top, coding=dictionary, options={"inputs": list(inputs), "by": by, "top": top})
    except UnknownColumnError as exc:
        typer.echo(f"error: --by: {exc}", err=True)
        raise typer.Exit(2) from None
    page = write_report(rep, output, top=top)
    if not quiet:
        typer.echo(
            f"{rep.documents} documents, {rep.articles} articles, {len(rep.errors)} failed, "
            f"columns: {', '.join(rep.columns) or '-'}; {time.perf_counter() - started:.1f} s → {page}",
            err=True,
        )
    exit_for_failures(len(rep.errors), rep.articles)
