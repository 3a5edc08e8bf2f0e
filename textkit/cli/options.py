"""What the commands share: exit codes and the types of their common arguments and options."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

EXIT_SOME_FAILED = 3
EXIT_ALL_FAILED = 4


def exit_for_failures(failed: int, ok: int) -> None:
    """Exit with ``EXIT_ALL_FAILED`` when inputs failed and none worked, ``EXIT_SOME_FAILED`` when some failed."""
    if failed and not ok:
        raise typer.Exit(EXIT_ALL_FAILED)
    if failed:
        raise typer.Exit(EXIT_SOME_FAILED)


class Script(StrEnum):
    simplified = "simplified"
    traditional = "traditional"
    taiwan = "taiwan"
    hongkong = "hongkong"


Inputs = Annotated[list[str], typer.Argument(help="Files, folders (searched recursively) or glob patterns.", show_default=False)]
Output = Annotated[
    str, typer.Option("--output", "-o", help="Output file; the format comes from the suffix (.jsonl). '-' for standard output.")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
OffsetMapOpt = Annotated[
    bool,
    typer.Option(
        "--offset-map",
        help="Add each article's offset_map: runs [text_start, input_start, length] from the normalised text to the input "
        "(textkit.alignment.to_input maps any offset).",
    ),
]
ScriptOpt = Annotated[Script, typer.Option("--script", help="Script of the text written out (extraction always runs on simplified text).")]

Workers = Annotated[int | None, typer.Option("--workers", "-w", help="Worker processes (default: the number of cores).", min=1)]
Engine = Annotated[str, typer.Option("--engine", help="local (a process pool on this machine) or dask (a Dask cluster).")]
Scheduler = Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address for --engine dask, e.g. tcp://10.0.0.5:8786.")]
Resume = Annotated[
    bool,
    typer.Option(
        "--resume", help="Continue an interrupted run: documents already in the output (same source, same content hash) are skipped."
    ),
]

Fresh = Annotated[
    bool,
    typer.Option(
        "--fresh",
        help="Start over: discard what an unfinished run on this output had done (without --resume or --fresh such a run is not touched).",
    ),
]


def _allow_outside_paths(value: bool) -> bool:
    from textkit.io.manifests import allow_outside_paths

    allow_outside_paths(value)
    return value


AllowOutsidePaths = Annotated[
    bool,
    typer.Option(
        "--allow-outside-paths",
        callback=_allow_outside_paths,
        help="Read path rows of manifests that lead outside the manifest's folder (files under /proc, /sys and /dev are never read).",
    ),
]
