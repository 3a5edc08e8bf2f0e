"""Running normalize, segment and extract: ``textkit.batch.process_to`` with a progress bar and a summary."""

from __future__ import annotations

import errno
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
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


def refuse_locked_output(output: str, *, resume: bool = False, fresh: bool = False) -> None:
    """Exit 2 at once when another run holds the output's lock, or when an unfinished run's journal is
    there and neither ``--resume`` nor ``--fresh`` says what to do with it: called before slow loading
    (the run checks both again itself)."""
    from textkit.io.writers import Output, OutputLocked, UnfinishedRun

    try:
        out = Output(output, resume=resume, fresh=fresh)
        out.lock()
        try:
            if resume and fresh:
                raise UnfinishedRun("--resume continues an unfinished run and --fresh discards it: give one of them")
            out.refuse_unfinished()
        finally:
            out.unlock()
    except (OutputLocked, UnfinishedRun) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except (ValueError, OSError):
        pass  # a bad output is reported by the run itself


#: Failed inputs named on the terminal at the end of a run (the others are counted).
FAILURES_SHOWN = 10


class Failures:
    """The inputs that failed in a run: the first ``FAILURES_SHOWN`` with their error, and how many in all."""

    def __init__(self, output: str):
        self.output = output
        self.shown: list[tuple[str, str]] = []
        self.count = 0

    def add(self, source: str, error: str) -> None:
        self.count += 1
        if len(self.shown) < FAILURES_SHOWN:
            self.shown.append((source, error))

    def lines(self) -> list[str]:
        """``failed inputs:``, one line per shown input, and ``… and K more`` naming where the error records are."""
        if not self.count:
            return []
        out = [f"failed inputs ({self.count}):"]
        out += [f"  {error if error.startswith(source) else f'{source}: {error}'}" for source, error in self.shown]
        more = self.count - len(self.shown)
        if more:
            out.append(f"  … and {more} more, see {error_records_in(self.output)}")
        return out


def error_records_in(output: str) -> str:
    """Where a run's error records are: the errors file, sheet or table of ``output``, or its records with ``error``."""
    from pathlib import Path

    from textkit.io.outputs import sibling

    if output == "-":
        return "the records with an error field on standard output"
    target = Path(output)
    suffix = target.suffix.lower()
    if suffix in (".csv", ".parquet"):
        return f"errors in {sibling(target, 'errors')}"
    if suffix == ".xlsx":
        return f"errors in the errors sheet of {target}"
    if suffix in (".sqlite", ".db", ".sqlite3"):
        return f"errors in the errors table of {target}"
    return f"errors in {target} (the records with an error field)"


@dataclass(frozen=True)
class RunOptions:
    """The batch options that extract, normalize and segment share (their flags of the same names)."""

    workers: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    resume: bool = False
    fresh: bool = False
    quiet: bool = False
    doc_timeout: float | None = None
    doc_memory: float | None = None

    @classmethod
    def of(cls, params: dict) -> RunOptions:
        """The options among a command's parameters (``locals()`` of the command function)."""
        return cls(**{f.name: params[f.name] for f in fields(cls) if f.name in params})


def run_batch(inputs: list[str], output: str, config, options: RunOptions) -> None:
    """Shared by normalize/segment/extract: ``textkit.batch.process_to`` with a progress bar and a summary
    that names the failed inputs."""
    from textkit import batch

    quiet, resume = options.quiet, options.resume

    label = config.mode
    progress = BatchProgress(quiet, label)
    failures = Failures(output)

    def on_result(result, summary) -> None:
        if result.error is not None:
            failures.add(result.source, result.error)
        progress.update(result, summary)

    again = "run the same command with --resume to continue"
    try:
        with sigterm_as_interrupt():
            summary = batch.process_to(
                inputs,
                output,
                config,
                workers=options.workers,
                engine=options.engine,
                scheduler=options.scheduler,
                resume=resume,
                fresh=options.fresh,
                limits=batch.Limits.from_env(options.doc_timeout, options.doc_memory),
                on_start=progress.start,
                on_result=on_result,
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
        for line in failures.lines():
            typer.echo(line, err=True)
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
