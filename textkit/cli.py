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


def _run(inputs: list[str], output: str, quiet: bool, label: str, pipe, article_fields, script: str = "simplified") -> None:
    """Shared loop: expand inputs, process each file with ``pipe``, write one record per article
    (``source``, ``article``, ``title`` and ``article_fields(article)``, in the output script) or one
    error record per failed file, and report."""

    def to_records(path: str):
        doc = pipe.process_path(path)
        if doc.error:
            return [{"source": doc.source, "error": doc.error}], True
        return [
            _convert_record({"source": doc.source, "article": a.index, "title": a.title, **article_fields(a)}, script) for a in doc.articles
        ], False

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

    def fields(a) -> dict:
        return {"text": a.text, "meta": a.meta, "log": dict(a.log), "structure": a.structure_dict()}

    _run(inputs, output, quiet, "normalize", pipe, fields, script.value)


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

    def fields(a) -> dict:
        if not pos:
            return {"tokens": seg.segment(a.text)}
        pairs = seg.segment_pos(a.text)
        return {"tokens": [w for w, _ in pairs], "pos": [t for _, t in pairs]}

    _run(inputs, output, quiet, "segment", pipe, fields, script.value)


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

    _run(inputs, output, quiet, "extract", pipe, lambda a: a.to_record(structure=structure), script.value)


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
    output: Annotated[Path, typer.Option("--output", "-o", help="Model file to write (.skops).")] = Path("models/themes.skops"),
    folds: Annotated[int, typer.Option("--folds", help="Cross-validation folds.")] = 5,
    compare: Annotated[bool, typer.Option("--compare/--no-compare", help="Compare candidate estimators and keep the best.")] = True,
) -> None:
    """Train the theme classifier; print cross-validated per-theme P/R/F1 and the confusion matrix.

    The metrics are written next to the model as MODEL.metrics.json.
    """
    import json

    from textkit.classify import ThemeModel, cross_validate, read_labelled

    try:
        texts, labels = read_labelled(data)
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    candidates = [("logreg", 4.0), ("logreg", 10.0), ("ridge", 4.0), ("nb", 1.0)] if compare else [("logreg", 4.0)]
    results = []
    for kind, c in candidates:
        res = cross_validate(texts, labels, kind=kind, C=c, folds=folds)
        results.append(res)
        typer.echo(f"{kind:7s} C={c:<5} macro-F1 {res['macro_f1']:.3f}  main-theme accuracy {res['main_accuracy']:.3f}")
    best = max(results, key=lambda r: r["macro_f1"] + r["main_accuracy"])
    typer.echo(f"\nbest: {best['estimator']} C={best['C']} ({best['folds']}-fold cross-validation on {best['n']} sentences)")
    typer.echo(f"{'theme':12s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>5s}")
    for theme, m in best["per_theme"].items():
        typer.echo(f"{theme:12s} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['support']:5d}")
    labels_cm = best["confusion"]["labels"]
    typer.echo("\nconfusion of the main theme (rows: gold, columns: predicted)")
    typer.echo(" " * 12 + "".join(f"{lab[:6]:>8s}" for lab in labels_cm))
    for lab, row in zip(labels_cm, best["confusion"]["matrix"]):
        typer.echo(f"{lab:12s}" + "".join(f"{v:8d}" for v in row))
    model = ThemeModel.train(texts, labels, kind=best["estimator"], C=best["C"])
    model.meta = {
        "cv": best,
        "candidates": [{k: r[k] for k in ("estimator", "C", "macro_f1", "main_accuracy")} for r in results],
        "data": str(data),
    }
    model.save(output)
    metrics_path = output.with_suffix(".metrics.json")
    metrics_path.write_text(json.dumps(model.meta, ensure_ascii=False, indent=1), encoding="utf-8")
    typer.echo(f"\nmodel → {output}\nmetrics → {metrics_path}")


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
