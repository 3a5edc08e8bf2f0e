"""Progress bars on standard error (rich is imported only when a bar is made)."""

from __future__ import annotations

import typer


def _batch_bar(label: str):
    """The bar of a normalize/segment/extract run: documents done, documents per second, time left."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )


class BatchProgress:
    """The ``on_start``/``on_result`` callbacks of ``textkit.batch.process_to``: notes, then a bar."""

    def __init__(self, quiet: bool, label: str):
        self.quiet = quiet
        self.label = label
        self.bar = None
        self.task = None

    def start(self, summary) -> None:
        for note in summary.notes:
            if not self.quiet:
                typer.echo(note, err=True)
        if self.quiet or summary.total < 2:
            return  # no bar to show: rich is not even imported
        self.bar = _batch_bar(self.label)
        self.bar.start()
        self.task = self.bar.add_task(self.label, total=summary.total, completed=summary.skipped, rate=0.0)

    def update(self, result, summary) -> None:
        if self.bar is None:
            return
        rate = summary.documents / summary.seconds if summary.seconds else 0.0
        self.bar.update(self.task, completed=summary.documents + summary.skipped, rate=rate)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


class StageBars:
    """Progress bars on standard error for named stages (total 0 = unknown)."""

    def __init__(self, quiet: bool):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=quiet,
        )
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total or None)
        self.progress.update(self.tasks[stage], completed=done, total=total or None)
