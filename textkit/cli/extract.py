"""``textkit extract``: slogans, figures, measures and themes of every article, in any output format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from textkit.cli.options import (
    AllowOutsidePaths,
    Engine,
    Fresh,
    Inputs,
    OffsetMapOpt,
    Output,
    Quiet,
    Resume,
    Scheduler,
    Script,
    ScriptOpt,
    Workers,
)
from textkit.cli.runner import DocMemory, DocTimeout, RunOptions, refuse_locked_output, run_batch


def extract(
    inputs: Inputs,
    output: Output = "-",
    model: Annotated[Path | None, typer.Option("--model", help="Theme model file (.skops) to use instead of the shipped one.")] = None,
    slogans: Annotated[
        Path | None, typer.Option("--slogans", help="Extra slogan lexicon (TSV: text, kind) added to the shipped one.")
    ] = None,
    script: ScriptOpt = Script.simplified,
    structure: Annotated[bool, typer.Option("--structure/--no-structure", help="Include sections, items and sentences.")] = True,
    pipes: Annotated[
        str | None,
        typer.Option("--pipes", help="Components to run, comma-separated, in order (default slogans,figures,measures,themes)."),
    ] = None,
    offset_map: OffsetMapOpt = False,
    coding: Annotated[
        Path | None,
        typer.Option(
            "--coding", help="Coding dictionary (.toml or *category text file): adds per-category counts (codes) to every record."
        ),
    ] = None,
    workers: Workers = None,
    engine: Engine = "local",
    scheduler: Scheduler = None,
    resume: Resume = False,
    fresh: Fresh = False,
    allow_outside_paths: AllowOutsidePaths = False,
    quiet: Quiet = False,
    doc_timeout: DocTimeout = None,
    doc_memory: DocMemory = None,
) -> None:
    """Extract slogans, figures and measures with themes: one record per article.

    INPUTS may include manifests (.csv/.tsv/.jsonl) with a text or path column; their other
    columns (unit, year, region …) travel to every output row as metadata. The output format
    comes from the suffix: .jsonl, .csv (one file per table), .xlsx (one sheet per table),
    .parquet (one file per table) or .sqlite/.db (tables with foreign keys and a full-text index).
    """
    from textkit.batch import BatchConfig, pipeline_for
    from textkit.errors import TextkitError
    from textkit.resources import set_loading_messages

    if quiet:
        set_loading_messages(False)

    config = BatchConfig(
        mode="extract",
        model=str(model) if model else None,
        slogans=str(slogans) if slogans else None,
        script=script.value,
        structure=structure,
        pipes=tuple(n.strip() for n in pipes.split(",") if n.strip()) if pipes else None,
        offset_map=offset_map,
        coding=str(coding) if coding else None,
    )
    refuse_locked_output(output, resume=resume, fresh=fresh)  # a second run on the same output stops before the model loads
    try:
        pipeline_for(config)  # a bad model, lexicon or component list is a usage error, found before any work
    except (TextkitError, OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    run_batch(inputs, output, config, RunOptions.of(locals()))
