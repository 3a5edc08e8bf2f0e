"""Command line: a thin layer over the Python API, one module per command.

The Typer ``app`` is built here from the command modules (``normalize``, ``segment``, ``extract``,
``explain``, ``search``, ``kwic``, ``freq`` and ``dtm``, ``network``, ``train``, ``classify``, ``screen``,
``serve``, ``report``, ``schema``, ``convert``, ``code``); ``options`` holds the exit codes and the
arguments and options they share. To add a command, write a module with one function and
register it below. Heavy libraries are imported inside the commands, so ``textkit --help`` is fast.

Exit codes: 0 every input worked; 3 some inputs failed (their error records are in the
output); 4 nothing worked; 2 usage errors (Typer's own).
"""

from __future__ import annotations

import gc
import sys

import typer

from textkit.cli import (
    classify,
    code,
    convert,
    explain,
    extract,
    freq,
    kwic,
    network,
    normalize,
    report,
    schema,
    screen,
    search,
    segment,
    serve,
    train,
)
from textkit.cli.options import EXIT_ALL_FAILED, EXIT_SOME_FAILED

__all__ = ["EXIT_ALL_FAILED", "EXIT_SOME_FAILED", "app", "main"]


class _Textkit(typer.Typer):
    """The ``textkit`` app: Typer's, and the interpreter's exit after a command is cheaper."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except SystemExit:
            # The process ends next (a standalone command always exits this way): its final garbage
            # collections need not walk the loaded dictionaries and models (~0.1 s after extract).
            gc.freeze()
            raise


app = _Textkit(
    name="textkit",
    help="Mine Chinese party-building documents: normalise, segment, extract measures, slogans and figures, classify themes.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

app.command()(normalize.normalize)
app.command()(segment.segment)
app.command()(extract.extract)
app.command()(explain.explain)
app.command()(search.search)
app.command()(kwic.kwic)
app.command()(freq.freq)
app.command()(freq.dtm)
app.command()(network.network)
app.command()(train.train)
app.command()(classify.classify)
app.command()(screen.screen)
app.command()(serve.serve)
app.command()(report.report)
app.command()(schema.schema)
app.command()(convert.convert)
app.command()(code.code)


def main() -> None:  # pragma: no cover
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
