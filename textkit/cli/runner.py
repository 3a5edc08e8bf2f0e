"""Running normalize, segment and extract: ``textkit.batch.process_to`` with a progress bar and a summary."""

from __future__ import annotations

import errno
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from textkit.cli.options import EXIT_ALL_FAILED, exit_for_failures
from textkit.cli.progress import BatchProgress

#: Exit code after SIGTERM (128 + 15, as a shell reports a process ended by it).
EXIT_TERMINATED = 143
EXIT_INTERRUPTED = 130

DocTimeout = Annotated[
    float | None,
    typer.Option(
        "--doc-timeout",
        envvar="TEXTKIT_DOC_TIMEOUT",
        min=0,
        metavar="SECONDS",
        help="Time budget of one document (default 60; 0 = none): a document past it gets an error record and its worker is replaced.",
    ),
]
DocMemory = Annotated[
    float | None,
    typer.Option(
        "--doc-memory",
        envvar="TEXTKIT_DOC_MEMORY",
        min=0,
        metavar="MB",
        help="Memory one document may add to a worker (default 2048 MB; 0 = none): past it, an error record and a new worker.",
    ),
]


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: the journal is kept and the run can be resumed."""


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM raises ``Terminated`` (in the main thread; elsewhere nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM does not cut the cleanup short
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def refuse_locked_output(output: str) -> None:
    """Exit 2 at once when another run holds the output's lock: called before slow loading (the run takes the lock itself)."""
    from textkit.io.writers import Output, OutputLocked

    try:
        out = Output(output)
        out.lock()
        out.unlock()
    except OutputLocked as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except (ValueError, OSError):
        pass  # a bad output is reported by the run itself


def run_batch(
    inputs: list[str],
    output: str,
    config,
    *,
    quiet: bool,
    workers: int | None,
    engine: str,
    scheduler: str | None,
    resume: bool,
    doc_timeout: float | None = None,
    doc_memory: float | None = None,
) -> None:
    """Shared by normalize/segment/extract: ``textkit.batch.process_to`` with a progress bar and a summary."""
    from textkit import batch

    label = config.mode
    progress = BatchProgress(quiet, label)
    again = "run the same command with --resume to continue"
    try:
        with sigterm_as_interrupt():
            summary = batch.process_to(
                inputs,
                output,
                config,
                workers=workers,
                engine=engine,
                scheduler=scheduler,
                resume=resume,
                limits=batch.Limits.from_env(doc_timeout, doc_memory),
                on_start=progress.start,
                on_result=progress.update,
            )
    except Terminated:
        progress.stop()
        typer.echo(f"\nterminated (SIGTERM): the documents done so far are kept; {again}", err=True)
        raise typer.Exit(EXIT_TERMINATED) from None
    except KeyboardInterrupt:
        progress.stop()
        typer.echo(f"\ninterrupted: the documents done so far are kept; {again}", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except OSError as exc:
        progress.stop()
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        detail = exc.strerror if exc.strerror and exc.filename is None else str(exc)  # no "[Errno 28]"
        typer.echo(f"error: {detail}" + (f"; the disk is full: free some space, then {again}" if full else ""), err=True)
        raise typer.Exit(2) from None
    except (ValueError, RuntimeError) as exc:
        progress.stop()
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        progress.stop()
    if not summary.total:
        typer.echo("no input files", err=True)
        raise typer.Exit(EXIT_ALL_FAILED)
    if not quiet:
        typer.echo(summary_line(summary, label), err=True)
    exit_for_failures(summary.failed, summary.ok)


def summary_line(summary, label: str) -> str:
    """What a run did, in one line: documents, articles, items (extract), errors, time and files written."""
    items = f", {summary.measures} measures, {summary.slogans} slogans, {summary.figures} figures" if label == "extract" else ""
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    return (
        f"{summary.documents} documents ({summary.skipped} already stored), {summary.articles} articles{items}, "
        f"{summary.failed} errors, {summary.seconds:.1f} s ({rate:.1f} docs/s)"
        + (f" → {', '.join(map(str, summary.written))}" if summary.written else "")
    )
