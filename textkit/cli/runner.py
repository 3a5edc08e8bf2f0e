"""Running normalize, segment and extract: ``textkit.batch.process_to`` with a progress bar and a summary."""

from __future__ import annotations

import typer

from textkit.cli.options import EXIT_ALL_FAILED, EXIT_SOME_FAILED
from textkit.cli.progress import batch_progress


def run_batch(
    inputs: list[str], output: str, config, *, quiet: bool, workers: int | None, engine: str, scheduler: str | None, resume: bool
) -> None:
    """Shared by normalize/segment/extract: ``textkit.batch.process_to`` with a progress bar and a summary."""
    from textkit import batch

    label = config.mode
    bar: dict = {}

    def on_start(summary) -> None:
        for note in summary.notes:
            if not quiet:
                typer.echo(note, err=True)
        bar["progress"] = batch_progress(summary.total, quiet, label)
        bar["progress"].start()
        bar["task"] = bar["progress"].add_task(label, total=summary.total, completed=summary.skipped, rate=0.0)

    def on_result(result, summary) -> None:
        rate = summary.documents / summary.seconds if summary.seconds else 0.0
        bar["progress"].update(bar["task"], completed=summary.documents + summary.skipped, rate=rate)

    try:
        summary = batch.process_to(
            inputs,
            output,
            config,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
            resume=resume,
            on_start=on_start,
            on_result=on_result,
        )
    except KeyboardInterrupt:
        typer.echo("\ninterrupted: the documents done so far are kept; run the same command with --resume to continue", err=True)
        raise typer.Exit(130) from None
    except (ValueError, RuntimeError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        if "progress" in bar:
            bar["progress"].stop()
    if not summary.total:
        typer.echo("no input files", err=True)
        raise typer.Exit(EXIT_ALL_FAILED)
    if not quiet:
        items = f", {summary.measures} measures, {summary.slogans} slogans, {summary.figures} figures" if label == "extract" else ""
        rate = summary.documents / summary.seconds if summary.seconds else 0.0
        typer.echo(
            f"{summary.documents} documents ({summary.skipped} already stored), {summary.articles} articles{items}, "
            f"{summary.failed} errors, {summary.seconds:.1f} s ({rate:.1f} docs/s)"
            + (f" → {', '.join(map(str, summary.written))}" if summary.written else ""),
            err=True,
        )
    if summary.failed and not summary.ok:
        raise typer.Exit(EXIT_ALL_FAILED)
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED)
