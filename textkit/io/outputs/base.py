"""The registry of output formats, and what every format shares.

A format is a class with ``write`` (a run's journal → the format's file or files) and a way to
read them back (``read_records``; tabular formats give ``read_tables`` and inherit the rest from
``TableFormat``). ``@register_output(".csv")`` puts an instance in ``FORMATS`` under its suffixes;
``textkit.io.writers`` and ``textkit.io.records`` find formats there.

A format never renames files into place: it writes into temporaries that it asks ``Files`` for,
and the writer renames them (durably, the main file last) or removes them if anything fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from textkit.io.tables import Layout

Rows = Callable[[], Iterator[tuple[str, dict]]]

#: Output suffix (lower case, with its dot) → the format that writes and reads such files.
FORMATS: dict[str, OutputFormat] = {}


def register_output(*suffixes: str) -> Callable[[type[OutputFormat]], type[OutputFormat]]:
    """Class decorator: an instance of the class writes and reads the files with these suffixes."""

    def deco(cls: type[OutputFormat]) -> type[OutputFormat]:
        fmt = cls()
        for suffix in suffixes:
            FORMATS[suffix.lower()] = fmt
        return cls

    return deco


def output_format(path: str | Path) -> OutputFormat | None:
    """The registered format of ``path`` (by its suffix), or None."""
    return FORMATS.get(Path(path).suffix.lower())


def json_lines(path: Path) -> Iterator[dict]:
    """The records of a JSON-lines file (a run's journal or a .jsonl output); blank lines are skipped."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def sibling(target: Path, kind: str) -> Path:
    """The file of one table for CSV and Parquet outputs: ``out.csv`` → ``out.measures.csv``."""
    return target if kind == "articles" else target.with_name(f"{target.stem}.{kind}{target.suffix}")


def existing_tables(path: Path) -> list[tuple[str, Path]]:
    """(table, file) for every table of a CSV or Parquet output whose file exists."""
    from textkit.io.tables import TABLES

    return [(t, f) for t in TABLES if (f := sibling(path, t)).exists()]


class Files:
    """The files a format writes, each first a temporary beside its final name.

    The writer renames them into place when the format is done (the first, main, file last, so
    that it appears only when all are there) and removes the temporaries if the format fails.
    """

    def __init__(self, new_temp: Callable[[Path], Path]):
        self._new_temp = new_temp
        self.pairs: list[tuple[Path, Path]] = []  # (temporary, final)
        self._temps: list[Path] = []

    def new(self, final: Path) -> Path:
        """A new empty temporary file that will become ``final``."""
        tmp = self._new_temp(final)
        self._temps.append(tmp)
        self.pairs.append((tmp, final))
        return tmp

    def rename(self, existing: Path, final: Path) -> None:
        """Rename an existing file (the journal) to ``final`` with the others."""
        self.pairs.append((existing, final))

    def drop(self, final: Path) -> None:
        """Leave ``final`` out after all: its temporary is removed, and an old file of that name too."""
        for tmp, fin in [p for p in self.pairs if p[1] == final]:
            self.pairs.remove((tmp, fin))
            tmp.unlink(missing_ok=True)
        final.unlink(missing_ok=True)

    def discard(self) -> None:
        """Remove every temporary (after a failure; renamed files such as the journal stay)."""
        for tmp in self._temps:
            tmp.unlink(missing_ok=True)


class OutputFormat:
    """An output format of ``textkit extract``; subclasses implement ``write`` and reading back."""

    #: Whether the format writes one file per table beside the main one (``sibling``: CSV, Parquet).
    file_per_table = False

    def write(self, journal: Path, target: Path, files: Files) -> None:
        """Write the records of ``journal`` (JSON lines, error records included) as ``target``."""
        raise NotImplementedError

    def read_records(self, path: Path) -> Iterator[dict]:
        """The records of an output written by ``write`` (error records have ``error``)."""
        raise NotImplementedError

    def read_tables(self, path: Path) -> tuple[dict[str, list[dict]], dict[str, dict[str, str]]]:
        """The tables of a tabular output and the declared kind of their columns (when the file keeps them)."""
        raise ValueError(f"{path}: cannot read tables from {path.suffix.lower() or '(no suffix)'} files")

    def is_output(self, path: Path) -> bool:
        """Whether an existing file with this suffix is an extract output (rather than, say, a manifest)."""
        return True


class TableFormat(OutputFormat):
    """A format that stores the records as tables (articles, measures, slogans, figures, errors)."""

    def read_records(self, path: Path) -> Iterator[dict]:
        from textkit.io.tables import records_from_tables

        tables, kinds = self.read_tables(path)
        yield from records_from_tables(tables, kinds)


def table_rows(journal: Path) -> tuple[Layout, Rows]:
    """The layout of the journal's records (a first pass) and a function that streams its
    ``(table, row)`` pairs, articles and items numbered in output order (a second pass)."""
    from textkit.io.tables import Layout

    layout = Layout.of(json_lines(journal))

    def rows() -> Iterator[tuple[str, dict]]:
        article_id = 0
        item_ids: dict[str, int] = {}
        for rec in json_lines(journal):
            if "error" not in rec:
                article_id += 1
            for table, rs in layout.rows(rec, article_id).items():
                for r in rs:
                    if "item_id" in r:
                        item_ids[table] = r["item_id"] = item_ids.get(table, 0) + 1
                    yield table, r

    return layout, rows
