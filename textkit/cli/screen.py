"""``textkit screen``: a verdict per submission (substance score, flags, near-duplicates)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from textkit.cli.options import EXIT_ALL_FAILED, AllowOutsidePaths, Inputs, Quiet, exit_for_failures
from textkit.cli.progress import StageBars


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


def _check_output(output: str) -> None:
    """A usage error unless the verdicts can be written to ``output``."""
    if Path(output).suffix.lower() not in (".json", ".jsonl", ".ndjson", ".xlsx") and output != "-":
        typer.echo(f"error: {output}: the output must end in .json, .jsonl or .xlsx", err=True)
        raise typer.Exit(2)


def _pipeline(model: Path | None):
    """The extraction pipeline, loaded now: a bad model is a usage error, found before any work."""
    from textkit.errors import TextkitError
    from textkit.pipeline import get_pipeline

    try:
        pipe = get_pipeline(model=str(model) if model else None)
        pipe.components()
    except (TextkitError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    return pipe


def _write_pages(results: list, folder: Path, quiet: bool) -> None:
    from textkit.screening.html import write_screen_html

    index = write_screen_html(results, folder)
    if not quiet:
        typer.echo(f"pages → {index}", err=True)


def _config(path: Path | None, **overrides: float | int | None):
    """The screening rules of ``path`` (the defaults without it), with the options given on the command line."""
    from dataclasses import replace

    from textkit.screening.config import ConfigError, load_config

    try:
        cfg = load_config(path)
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    return replace(cfg, **{k: v for k, v in overrides.items() if v is not None})


def _print_default_config(value: bool) -> None:
    if value:
        from textkit.screening.config import default_config_path

        typer.echo(default_config_path().read_text(encoding="utf-8"), nl=False)
        raise typer.Exit(0)


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
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="The department's screening rules (TOML): flag thresholds, required themes, what returns or sends to review. "
            "Start from a copy of the shipped file (--show-config).",
        ),
    ] = None,
    show_config: Annotated[
        bool,
        typer.Option(
            "--show-config",
            help="Print the shipped, commented rules file (the defaults) and exit.",
            is_eager=True,
            callback=_print_default_config,
        ),
    ] = False,
    min_share: Annotated[
        float | None,
        typer.Option("--min-share", help="Share of either text the shared passages must cover to be reported (default 0: any passage)."),
    ] = None,
    min_passage: Annotated[
        int | None, typer.Option("--min-passage", help="Shortest shared passage counted (characters, punctuation excluded; default 50).")
    ] = None,
    model: Annotated[Path | None, typer.Option("--model", help="Theme model (.skops) instead of the shipped one.")] = None,
    allow_outside_paths: AllowOutsidePaths = False,
    quiet: Quiet = False,
) -> None:
    """Screen submissions: a verdict (通过 / 需复核 / 退回) with its reasons, substance scores, flags in Chinese, near-duplicates.

    Each submission gets a verdict from the department's rules (--config; the defaults without it), a 0–100 score (concrete measures, done versus prescribed, figures, themes
    covered, slogans per concrete measure, boilerplate; reduced by the share copied from other
    texts), flags such as NO_CONCRETE_MEASURES, SLOGANS_WITHOUT_MEASURES, DUPLICATE_TEMPLATE, and
    the passages of 50+ characters it shares with other submissions or the reference corpus
    (stock phrases excepted; compared in simplified script, so script does not hide a copy),
    with their source and who copied whom.
    """
    from textkit.screening import screen_documents

    _check_output(output)
    cfg = _config(config, min_copied_share=min_share, min_passage=min_passage)
    pipe = _pipeline(model)
    started = time.perf_counter()
    ref_errors: list[str] = []
    with StageBars(quiet) as bars:
        results = screen_documents(submissions, reference or None, cfg, pipeline=pipe, progress=bars, reference_errors=ref_errors)
    if not results:
        typer.echo("no input files", err=True)
        raise typer.Exit(EXIT_ALL_FAILED)
    records = [r.record() for r in results]
    _write_records(records, output)
    if html:
        _write_pages(results, html, quiet)
    n_failed = sum(1 for r in results if r.error)
    if not quiet:
        for e in ref_errors[:20]:
            typer.echo(f"reference skipped: {e}", err=True)
        from textkit.screening.verdict import verdict_counts

        flagged = sum(1 for r in records if r["duplicates"])
        verdicts = ", ".join(f"{n} {code}" for code, n in verdict_counts(records).items())
        typer.echo(
            f"{len(results)} submissions ({verdicts}), {flagged} with duplicates, {n_failed} failed, "
            f"{len(ref_errors)} reference files skipped, {time.perf_counter() - started:.1f} s",
            err=True,
        )
    exit_for_failures(n_failed, len(results) - n_failed)
