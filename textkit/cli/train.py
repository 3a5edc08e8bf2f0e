"""``textkit train``: train the theme classifier and print its cross-validated scores."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def inside_package(path: Path) -> bool:
    """Whether ``path`` (symlinks resolved, e.g. the repository's ``models/`` link) lies inside the
    installed textkit package folder."""
    import textkit

    package = Path(textkit.__file__).resolve().parent
    return path.expanduser().resolve().is_relative_to(package)


def train(
    data: Annotated[Path, typer.Argument(help="Labelled sentences: CSV/TSV/JSONL with 'text' and 'themes' (a|b, main first; or 'other').")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model file to write (.skops).")] = Path("mine.skops"),
    folds: Annotated[int, typer.Option("--folds", help="Cross-validation folds.")] = 5,
    compare: Annotated[bool, typer.Option("--compare/--no-compare", help="Compare candidate estimators and keep the best.")] = True,
    replace_shipped: Annotated[
        bool, typer.Option("--replace-shipped", help="Allow OUTPUT inside the textkit package (e.g. the shipped model).")
    ] = False,
) -> None:
    """Train the theme classifier; print cross-validated per-theme P/R/F1 and the confusion matrix.

    The metrics are written next to the model as MODEL.metrics.json (``textkit.train`` does the same).
    OUTPUT inside the textkit package folder (also through a link such as the repository's
    ``models/``) is refused unless ``--replace-shipped`` is given.
    """
    if not replace_shipped and inside_package(output):
        typer.echo(
            f"error: {output} is inside the textkit package ({output.expanduser().resolve().parent}); "
            "write the model elsewhere (-o mine.skops) or pass --replace-shipped to replace shipped files",
            err=True,
        )
        raise typer.Exit(2)
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
