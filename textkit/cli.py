"""Command line: a thin layer over the Python API.

Exit codes: 0 every input worked; 3 some inputs failed (their error records are in the
output); 4 nothing worked; 2 usage errors (Typer's own).
"""

from __future__ import annotations

import sys
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


Workers = Annotated[
    int | None, typer.Option("--workers", "-w", help="Worker processes (default: the number of cores; 1 = no pool).", min=1)
]
Engine = Annotated[str, typer.Option("--engine", help="local (a process pool on this machine) or dask (a Dask cluster).")]
Scheduler = Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address for --engine dask, e.g. tcp://10.0.0.5:8786.")]
Resume = Annotated[
    bool,
    typer.Option(
        "--resume", help="Continue an interrupted run: documents already in the output (same source, same content hash) are skipped."
    ),
]


def _run(
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
        bar["progress"] = _progress(summary.total, quiet, label)
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


@app.command()
def normalize(
    inputs: Inputs,
    output: Output = "-",
    script: ScriptOpt = Script.simplified,
    workers: Workers = None,
    engine: Engine = "local",
    scheduler: Scheduler = None,
    resume: Resume = False,
    quiet: Quiet = False,
) -> None:
    """Normalise documents: script conversion, pinyin, boilerplate, garbled runs, compilations.

    One record per article: source, title, text, meta, log (what each step did), structure.
    """
    from textkit.batch import BatchConfig

    _run(
        inputs,
        output,
        BatchConfig(mode="normalize", script=script.value),
        quiet=quiet,
        workers=workers,
        engine=engine,
        scheduler=scheduler,
        resume=resume,
    )


@app.command()
def segment(
    inputs: Inputs,
    output: Output = "-",
    pos: Annotated[bool, typer.Option("--pos", help="Add part-of-speech tags.")] = False,
    script: ScriptOpt = Script.simplified,
    workers: Workers = None,
    engine: Engine = "local",
    scheduler: Scheduler = None,
    resume: Resume = False,
    quiet: Quiet = False,
) -> None:
    """Segment documents with jieba and the party-building lexicon (after normalisation).

    One record per article: source, title, tokens (and pos with --pos). Traditional and simplified
    input give the same tokens.
    """
    from textkit.batch import BatchConfig

    config = BatchConfig(mode="segment", script=script.value, pos=pos)
    _run(inputs, output, config, quiet=quiet, workers=workers, engine=engine, scheduler=scheduler, resume=resume)


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
    workers: Workers = None,
    engine: Engine = "local",
    scheduler: Scheduler = None,
    resume: Resume = False,
    quiet: Quiet = False,
) -> None:
    """Extract slogans, figures and measures with themes: one record per article.

    INPUTS may include manifests (.csv/.tsv/.jsonl) with a text or path column; their other
    columns (unit, year, region …) travel to every output row as metadata. The output format
    comes from the suffix: .jsonl, .csv (one file per table), .xlsx (one sheet per table),
    .parquet (one file per table) or .sqlite/.db (tables with foreign keys and a full-text index).
    """
    from textkit.batch import BatchConfig, pipeline_for
    from textkit.errors import TextkitError

    config = BatchConfig(
        mode="extract",
        model=str(model) if model else None,
        slogans=str(slogans) if slogans else None,
        script=script.value,
        structure=structure,
    )
    try:
        pipeline_for(config)  # a bad model or lexicon is a usage error, found before any work
    except (TextkitError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    _run(inputs, output, config, quiet=quiet, workers=workers, engine=engine, scheduler=scheduler, resume=resume)


@app.command()
def search(
    database: Annotated[Path, typer.Argument(help="A .sqlite/.db file written by `textkit extract -o`.")],
    query: Annotated[str, typer.Argument(help="Text to find (any script), e.g. 三会一课.")],
    width: Annotated[int, typer.Option("--width", help="Characters of context on each side.")] = 20,
    limit: Annotated[int, typer.Option("--limit", help="At most this many lines.")] = 100,
) -> None:
    """Keyword in context: every occurrence of QUERY in the store's articles, with source and offset."""
    from textkit.io.store import search as store_search

    n = 0
    try:
        for hit in store_search(database, query, width=width, limit=limit):
            typer.echo(hit.line())
            n += 1
    except (FileNotFoundError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if not n:
        typer.echo(f"no match for {query!r}", err=True)
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()


@app.command()
def train(
    data: Annotated[Path, typer.Argument(help="Labelled sentences: CSV/TSV/JSONL with 'text' and 'themes' (a|b, main first; or 'other').")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model file to write (.skops).")] = Path("models/mine.skops"),
    folds: Annotated[int, typer.Option("--folds", help="Cross-validation folds.")] = 5,
    compare: Annotated[bool, typer.Option("--compare/--no-compare", help="Compare candidate estimators and keep the best.")] = True,
    replace_shipped: Annotated[bool, typer.Option("--replace-shipped", help="Allow OUTPUT to be the model shipped with textkit.")] = False,
) -> None:
    """Train the theme classifier; print cross-validated per-theme P/R/F1 and the confusion matrix.

    The metrics are written next to the model as MODEL.metrics.json (``textkit.train`` does the same).
    """
    from textkit.classify import candidate_line, metrics_path
    from textkit.classify import train as train_model

    try:
        _, selection = train_model(
            data, output, folds=folds, compare=compare, replace_shipped=replace_shipped, on_result=lambda r: typer.echo(candidate_line(r))
        )
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(selection.summary())
    typer.echo(f"\nmodel → {output}\nmetrics → {metrics_path(output)}")


@app.command()
def classify(
    text: Annotated[str, typer.Argument(help="A sentence, or a file/folder whose articles are classified.")],
    model: Annotated[Path | None, typer.Option("--model", help="Theme model (.skops) instead of the shipped one.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show the words that drove each decision.")] = False,
    measures: Annotated[bool, typer.Option("--measures", help="For files: also list each measure with its themes.")] = False,
) -> None:
    """Classify a sentence, or the articles of files, into themes (education, mechanism, supervision, service)."""
    from textkit.errors import TextkitError
    from textkit.themes import load_model

    try:
        mdl = load_model(str(model) if model else None)
    except TextkitError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None

    def show(label: str, sentence: str) -> None:
        ((themes, dist),) = mdl.analyse([sentence])
        probs = "  ".join(f"{t} {v:.2f}" for t, v in sorted(dist.items(), key=lambda p: -p[1]))
        typer.echo(f"{label}{'|'.join(themes)}    ({probs})")
        if explain:
            for theme, feats in mdl.explain(sentence).items():
                if feats and (theme in themes or not themes):
                    typer.echo(f"    {theme}: " + ", ".join(f"{n} (+{v:.2f})" for n, v in feats))

    if not Path(text).exists():
        show("", text)
        return
    from textkit.pipeline import get_pipeline

    pipe = get_pipeline(model=str(model) if model else None)
    from textkit.io.readers import expand_inputs

    for path in expand_inputs([text]):
        doc = pipe.process_path(path)
        if doc.error:
            typer.echo(f"{path}: error: {doc.error}", err=True)
            continue
        for a in doc.articles:
            weights = "  ".join(f"{t} {w:.2f}" for t, w in sorted(a.themes.items(), key=lambda p: -p[1]))
            typer.echo(f"{path} [{a.title}]: {weights}  (confidence {a.theme_confidence})")
            if measures or explain:
                for m in a.measures:
                    show(f"    {m.text[:40]}  → ", m.text)


from textkit import cli_screen  # noqa: E402,F401  (registers screen and report)
