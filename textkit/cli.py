"""Command line: a thin layer over the Python API.

Exit codes: 0 every input worked; 3 some inputs failed (their error records are in the
output); 4 nothing worked; 2 usage errors (Typer's own).
"""

from __future__ import annotations

import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="textkit",
    help="Mine Chinese party-building documents: normalise, segment, extract measures, slogans and figures, classify themes.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_SOME_FAILED = 3
EXIT_ALL_FAILED = 4


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
ScriptOpt = Annotated[Script, typer.Option("--script", help="Script of the text written out (extraction always runs on simplified text).")]


def _progress(total: int, quiet: bool, label: str):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    disable = quiet or total < 2
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=disable,
        transient=False,
    )


def _finish(n_ok: int, n_failed: int, quiet: bool, started: float, extra: str = "") -> None:
    if not quiet:
        typer.echo(
            f"{n_ok + n_failed} documents, {n_failed} failed, {time.perf_counter() - started:.1f} s{extra}",
            err=True,
        )
    if n_failed and not n_ok:
        raise typer.Exit(EXIT_ALL_FAILED)
    if n_failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _run(inputs: list[str], output: str, quiet: bool, label: str, pipe, article_records) -> None:
    """Shared loop: expand inputs, process each file with ``pipe``, write one record per article
    (``article_records(doc)``) or one error record per failed file, report."""

    def to_records(path: str):
        doc = pipe.process_path(path)
        if doc.error:
            return [{"source": doc.source, "error": doc.error}], True
        return article_records(doc), False

    from textkit.io.readers import expand_inputs
    from textkit.io.writers import open_writer

    paths = list(expand_inputs(inputs))
    if not paths:
        typer.echo("no input files", err=True)
        raise typer.Exit(EXIT_ALL_FAILED)
    try:
        writer = open_writer(output)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    started = time.perf_counter()
    n_ok = n_failed = 0
    with writer, _progress(len(paths), quiet, label) as progress:
        task = progress.add_task(label, total=len(paths), rate=0.0)
        for path in paths:
            records, failed = to_records(path)
            for rec in records:
                writer.write(rec)
            n_failed += failed
            n_ok += not failed
            elapsed = time.perf_counter() - started
            progress.update(task, advance=1, rate=(n_ok + n_failed) / elapsed if elapsed else 0.0)
    _finish(n_ok, n_failed, quiet, started)


def _convert_record(rec: dict, script: str) -> dict:
    if script == "simplified":
        return rec
    from textkit.normalize import convert_script

    def conv(v):
        if isinstance(v, str):
            return convert_script(v, script)
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, dict):
            return {
                k: (conv(x) if k not in ("source", "kind", "level", "status", "scheme", "unit_kind", "role", "error") else x)
                for k, x in v.items()
            }
        return v

    return conv(rec)


@app.command()
def normalize(inputs: Inputs, output: Output = "-", script: ScriptOpt = Script.simplified, quiet: Quiet = False) -> None:
    """Normalise documents: script conversion, pinyin, boilerplate, garbled runs, compilations.

    One record per article: source, title, text, meta, log (what each step did), structure.
    """
    from textkit.normalize import NormalizeConfig
    from textkit.pipeline import Pipeline

    pipe = Pipeline(normalize=NormalizeConfig(script=script.value), extract=False)

    def records(doc):
        out = []
        for a in doc.articles:
            out.append(
                _convert_record(
                    {
                        "source": doc.source,
                        "article": a.index,
                        "title": a.title,
                        "text": a.text,
                        "meta": a.meta,
                        "log": dict(a.log),
                        "structure": a.structure_dict(),
                    },
                    script.value,
                )
            )
        return out

    _run(inputs, output, quiet, "normalize", pipe, records)


@app.command()
def segment(
    inputs: Inputs,
    output: Output = "-",
    pos: Annotated[bool, typer.Option("--pos", help="Add part-of-speech tags.")] = False,
    script: ScriptOpt = Script.simplified,
    quiet: Quiet = False,
) -> None:
    """Segment documents with jieba and the party-building lexicon (after normalisation).

    One record per article: source, title, tokens (and pos with --pos). Traditional and simplified
    input give the same tokens.
    """
    from textkit import segmentation as seg
    from textkit.pipeline import Pipeline

    pipe = Pipeline(extract=False)

    def records(doc):
        out = []
        for a in doc.articles:
            rec = {"source": doc.source, "article": a.index, "title": a.title}
            if pos:
                pairs = seg.segment_pos(a.text)
                rec["tokens"] = [w for w, _ in pairs]
                rec["pos"] = [t for _, t in pairs]
            else:
                rec["tokens"] = seg.segment(a.text)
            out.append(_convert_record(rec, script.value))
        return out

    _run(inputs, output, quiet, "segment", pipe, records)


@app.command()
def extract(
    inputs: Inputs,
    output: Output = "-",
    model: Annotated[Path | None, typer.Option("--model", help="Theme model file (.skops) to use instead of the shipped one.")] = None,
    slogans: Annotated[
        Path | None, typer.Option("--slogans", help="Extra slogan lexicon (TSV: text, kind) added to the shipped one.")
    ] = None,
    script: ScriptOpt = Script.simplified,
    structure: Annotated[bool, typer.Option("--structure/--no-structure", help="Include sections, items and sentences.")] = True,
    quiet: Quiet = False,
) -> None:
    """Extract slogans, figures and measures with themes: one record per article.

    Records follow the shared evaluation format (source, title, slogans, figures, measures,
    themes) and add offsets, the sentence of each item, metadata, the log and the structure.
    """
    from textkit.errors import TextkitError
    from textkit.pipeline import get_pipeline

    try:
        pipe = get_pipeline(model=str(model) if model else None, slogan_lexicon=str(slogans) if slogans else None)
        pipe.components()
    except (TextkitError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None

    def records(doc):
        return [_convert_record(a.to_record(structure=structure), script.value) for a in doc.articles]

    _run(inputs, output, quiet, "extract", pipe, records)


def main() -> None:  # pragma: no cover
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
