"""Running normalize, segment and extract: ``textkit.batch.process_to`` with a progress bar and a summary."""

from __future__ import annotations

import typer

from textkit.cli.options import EXIT_ALL_FAILED, exit_for_failures
from textkit.cli.progress import BatchProgress


def run_batch(
    inputs: list[str], output: str, config, *, quiet: bool, workers: int | None, engine: str, scheduler: str | None, resume: bool
) -> None:
    """Shared by normalize/segment/extract: ``textkit.batch.process_to`` with a progress bar and a summary."""
    from textkit import batch

    label = config.mode
    progress = BatchProgress(quiet, label)
    try:
        summary = batch.process_to(
            inputs,
            output,
            config,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
            resume=resume,
            on_start=progress.start,
            on_result=progress.update,
        )
    except KeyboardInterrupt:
        typer.echo("\ninterrupted: the documents done so far are kept; run the same command with --resume to continue", err=True)
        raise typer.Exit(130) from None
    except (ValueError, RuntimeError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        progress.stop()
    if not summary.total:
        typer.echo("no input files", err=True)
        raise typer.Exit(EXIT_ALL_FAILED)
    if not quiet:
        typer.echo(summary_line(summary, label), err=True)
    exit_for_failures(summary.failed, summary.ok)


def summary_line(summary, label: str) -> str:
    """What a run did, in one line: documents, articles, items (extract), errors, time and files written."""
    items = f", {summary.measures} measures, {summary.slogans} slogans, {summary.figures} figures" if label == "extract" else ""
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    return (
        f"{summary.documents} documents ({summary.skipped} already stored), {summary.articles} articles{items}, "
        f"{summary.failed} errors, {summary.seconds:.1f} s ({rate:.1f} docs/s)"
        + (f" → {', '.join(map(str, summary.written))}" if summary.written else "")
    )
