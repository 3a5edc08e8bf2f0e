"""``textkit classify``: the themes of a sentence, or of the articles of files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def classify(
    text: Annotated[str, typer.Argument(help="A sentence, or a file/folder whose articles are classified.")],
    model: Annotated[Path | None, typer.Option("--model", help="Theme model (.skops) instead of the shipped one.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show the words that drove each decision.")] = False,
    measures: Annotated[bool, typer.Option("--measures", help="For files: also list each measure with its themes.")] = False,
) -> None:
    """Classify a sentence, or the articles of files, into themes (education, mechanism, supervision, service)."""
    from textkit.errors import TextkitError
    from textkit.themes import load_model, load_scorer

    if not text.strip():  # Path("") is the current folder: an empty argument must not classify every file under it
        typer.echo("error: nothing to classify: give a sentence, a file or a folder (the argument is empty)", err=True)
        raise typer.Exit(2)
    try:  # scoring alone needs no scikit-learn (the model's plain companion); --explain needs its estimators
        mdl = (load_model if explain else load_scorer)(str(model) if model else None)
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
