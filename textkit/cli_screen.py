"""Commands ``screen`` and ``report``, registered on the main Typer app (heavy imports inside)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from textkit.cli import EXIT_ALL_FAILED, EXIT_SOME_FAILED, Inputs, Quiet, app


class _Bars:
    """Progress bars on standard error for named stages (total 0 = unknown)."""

    def __init__(self, quiet: bool):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=quiet,
        )
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total or None)
        self.progress.update(self.tasks[stage], completed=done, total=total or None)


def _write_records(records: list[dict], output: str) -> None:
    import json
    import sys

    suffix = Path(output).suffix.lower()
    if output == "-":
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    from textkit.io.writers import atomic_path

    with atomic_path(output) as tmp:  # a stopped run leaves no half-written verdicts
        if suffix == ".xlsx":
            from textkit.screening.xlsx import write_xlsx

            write_xlsx(records, tmp)
        elif suffix in (".jsonl", ".ndjson"):
            with open(tmp, "w", encoding="utf-8") as fh:
                for rec in records:
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(records, fh, ensure_ascii=False, indent=1)
                fh.write("\n")


@app.command()
def screen(
    submissions: Inputs,
    reference: Annotated[
        list[str] | None,
        typer.Option(
            "--reference",
            "-r",
            help="Reference corpus (known templates, last year's submissions): files, folders, manifests or extract outputs (.jsonl, .sqlite …). Repeatable.",
        ),
    ] = None,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", help="screen.json (one object per submission), .jsonl, or .xlsx (a ranked sheet); '-' for standard output."
        ),
    ] = "screen.json",
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write an HTML page per submission and index.html into this folder.")
    ] = None,
    min_share: Annotated[float, typer.Option("--min-share", help="Share of either text in shared passages that makes a duplicate.")] = 0.3,
    min_passage: Annotated[
        int, typer.Option("--min-passage", help="Shortest shared passage counted (characters, punctuation excluded).")
    ] = 30,
    lsh_threshold: Annotated[
        float, typer.Option("--lsh-threshold", help="Jaccard similarity at which MinHash LSH proposes a candidate pair.")
    ] = 0.2,
    model: Annotated[Path | None, typer.Option("--model", help="Theme model (.skops) instead of the shipped one.")] = None,
    quiet: Quiet = False,
) -> None:
    """Screen submissions: substance scores, flags with reasons in Chinese, near-duplicates.

    Each submission gets a 0–100 score (concrete measures, done versus prescribed, figures, themes
    covered, slogans per concrete measure, boilerplate; reduced by the share copied from other
    texts), flags such as NO_CONCRETE_MEASURES, SLOGANS_WITHOUT_MEASURES, DUPLICATE_TEMPLATE, and
    its near-duplicates among the submissions and in the reference corpus (MinHash LSH on
    character shingles of the simplified text, so script does not hide a copy) with the shared
    passages.
    """
    from textkit.errors import TextkitError
    from textkit.pipeline import get_pipeline
    from textkit.screening import ScreenConfig, screen_documents

    if Path(output).suffix.lower() not in (".json", ".jsonl", ".ndjson", ".xlsx") and output != "-":
        typer.echo(f"error: {output}: the output must end in .json, .jsonl or .xlsx", err=True)
        raise typer.Exit(2)
    try:
        pipe = get_pipeline(model=str(model) if model else None)
        pipe.components()
    except (TextkitError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    cfg = ScreenConfig(min_copied_share=min_share, min_passage=min_passage, lsh_threshold=lsh_threshold)
    started = time.perf_counter()
    ref_errors: list[str] = []
    with _Bars(quiet) as bars:
        results = screen_documents(submissions, reference or None, cfg, pipeline=pipe, progress=bars, reference_errors=ref_errors)
    if not results:
        typer.echo("no input files", err=True)
        raise typer.Exit(EXIT_ALL_FAILED)
    records = [r.record() for r in results]
    _write_records(records, output)
    if html:
        from textkit.screening.html import write_screen_html

        index = write_screen_html(results, html)
        if not quiet:
            typer.echo(f"pages → {index}", err=True)
    n_failed = sum(1 for r in results if r.error)
    if not quiet:
        for e in ref_errors[:20]:
            typer.echo(f"reference skipped: {e}", err=True)
        flagged = sum(1 for r in records if r["duplicates"])
        typer.echo(
            f"{len(results)} submissions, {flagged} with duplicates, {n_failed} failed, "
            f"{len(ref_errors)} reference files skipped, {time.perf_counter() - started:.1f} s",
            err=True,
        )
    if n_failed and n_failed == len(results):
        raise typer.Exit(EXIT_ALL_FAILED)
    if n_failed:
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command()
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
    workers: Annotated[int, typer.Option("--workers", "-w", help="Processes for documents that still need extraction.")] = 1,
    quiet: Quiet = False,
) -> None:
    """Corpus report: themes overall and by metadata, top slogans, figures, keywords per theme, slogan co-occurrence.

    Writes report.html (offline, charts as inline SVG) and every table as CSV (UTF-8 with BOM).
    """
    from textkit.report import build_report, load_records, write_report

    started = time.perf_counter()
    with _Bars(quiet) as bars:
        try:
            records = list(load_records(inputs, workers=workers, progress=lambda n, total: bars("documents", n, total)))
        except (OSError, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    if not records:
        typer.echo("no input records", err=True)
        raise typer.Exit(EXIT_ALL_FAILED)
    rep = build_report(records, by=by, top=top)
    page = write_report(rep, output, top=top)
    if not quiet:
        typer.echo(
            f"{rep.documents} documents, {rep.articles} articles, {len(rep.errors)} failed, "
            f"columns: {', '.join(rep.columns) or '-'}; {time.perf_counter() - started:.1f} s → {page}",
            err=True,
        )
    if rep.errors and not rep.articles:
        raise typer.Exit(EXIT_ALL_FAILED)
    if rep.errors:
        raise typer.Exit(EXIT_SOME_FAILED)
