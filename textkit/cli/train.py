"""``textkit train``: train the theme classifier and print its cross-validated scores."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


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
