"""``textkit explain``: which rule kept or dropped each candidate of a text."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def explain(
    text: Annotated[str, typer.Argument(help="A passage, or a text file, to explain.")],
    kind: Annotated[str | None, typer.Option("--kind", help="Only this item kind (figures, slogans, measures, lines).")] = None,
    dropped: Annotated[bool, typer.Option("--dropped", help="Only the candidates that were dropped.")] = False,
) -> None:
    """Explain extraction: every candidate each extractor considered, kept (+) or dropped (-), with the rule and its reason."""
    import textkit

    path = Path(text)
    if path.is_file():
        from textkit.io.readers import read_path

        text = read_path(str(path)).text
    _, decisions = textkit.explain(text)
    for d in decisions:
        if (kind and d.kind != kind) or (dropped and d.kept):
            continue
        mark = "+" if d.kept else "-"
        typer.echo(f"{mark} {d.kind:<9} {d.text[:40]:<40}  {d.rule}" + (f": {d.reason}" if d.reason else ""))
