"""``textkit segment``: the tokens (and part-of-speech tags) of every article."""

from __future__ import annotations

from typing import Annotated

import typer

from textkit.cli.options import AllowOutsidePaths, Engine, Fresh, Inputs, Output, Quiet, Resume, Scheduler, Script, ScriptOpt, Workers
from textkit.cli.runner import DocMemory, DocTimeout, RunOptions, run_batch


def segment(
    inputs: Inputs,
    output: Output = "-",
    pos: Annotated[bool, typer.Option("--pos", help="Add part-of-speech tags.")] = False,
    script: ScriptOpt = Script.simplified,
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
    """Segment documents with jieba and the party-building lexicon (after normalisation).

    One record per article: source, title, tokens (and pos with --pos). Traditional and simplified
    input give the same tokens.
    """
    from textkit.batch import BatchConfig

    config = BatchConfig(mode="segment", script=script.value, pos=pos)
    run_batch(inputs, output, config, RunOptions.of(locals()))
