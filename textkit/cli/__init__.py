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


_SETTINGS: dict = {
    "name": "textkit",
    "help": "Mine Chinese party-building documents: normalise, segment, extract measures, slogans and figures, classify themes.",
    "no_args_is_help": True,
    "add_completion": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
COMMANDS = (
    normalize.normalize,
    segment.segment,
    extract.extract,
    explain.explain,
    search.search,
    kwic.kwic,
    freq.freq,
    freq.dtm,
    network.network,
    train.train,
    classify.classify,
    screen.screen,
    serve.serve,
    report.report,
    schema.schema,
    convert.convert,
    code.code,
)
_BY_NAME = {command.__name__.replace("_", "-"): command for command in COMMANDS}


def _no_options() -> None:
    """(The app's callback: none of its own options.)"""


def _alone(command) -> typer.Typer:
    """An app of one command, called as ``textkit NAME …`` like the full app: Typer then builds the
    parameters of that command only, not of all of them (~30 ms of every start)."""
    one = typer.Typer(**_SETTINGS)
    one.callback()(_no_options)  # a group with a callback keeps the command's name on the command line
    one.command()(command)
    return one


class _Textkit(typer.Typer):
    """The ``textkit`` app: Typer's. A command line that names a command (help not asked for) runs
    through an app of that command alone; the interpreter's exit after a command is cheaper."""

    def __call__(self, *args, **kwargs):
        argv = kwargs.get("args", args[0] if args else None)
        argv = sys.argv[1:] if argv is None else list(argv)
        target: typer.Typer = self
        if argv and argv[0] in _BY_NAME and not {"-h", "--help"} & set(argv):
            target = _alone(_BY_NAME[argv[0]])
        try:
            return typer.Typer.__call__(target, *args, **kwargs)
        except SystemExit:
            # The process ends next (a standalone command always exits this way): its final garbage
            # collections need not walk the loaded dictionaries and models (~0.1 s after extract).
            gc.freeze()
            raise


app = _Textkit(**_SETTINGS)
for _command in COMMANDS:
    app.command()(_command)


def main() -> None:  # pragma: no cover
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
