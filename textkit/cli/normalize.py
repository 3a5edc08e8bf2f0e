"""``textkit normalize``: one normalised record per article."""

from __future__ import annotations

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
from textkit.cli.runner import DocMemory, DocTimeout, RunOptions, run_batch


def normalize(
    inputs: Inputs,
    output: Output = "-",
    script: ScriptOpt = Script.simplified,
    offset_map: OffsetMapOpt = False,
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
    """Normalise documents: script conversion, pinyin, boilerplate, garbled runs, compilations.

    One record per article: source, title, text, meta, log (what each step did), structure.
    """
    from textkit.batch import BatchConfig

    run_batch(inputs, output, BatchConfig(mode="normalize", script=script.value, offset_map=offset_map), RunOptions.of(locals()))
