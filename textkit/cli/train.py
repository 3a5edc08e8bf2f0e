"""``textkit train``: train the theme classifier and print its cross-validated scores."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def train(
    data: Annotated[Path, typer.Argument(help="Labelled sentences: CSV/TSV/JSONL with 'text' and 'themes' (a|b, main first; or 'other').")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model file to write (.skops).")] = Path("mine.skops"),
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
