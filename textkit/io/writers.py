"""Writing a run's output: the journal, atomic renames, and dispatch to the format of the suffix.

Results first go to a *journal* next to the output (``.NAME.journal.jsonl``), one JSON line per
article, flushed after every document. When the run ends the journal becomes the output: the
format registered for the output's suffix (``textkit.io.outputs``: JSONL, CSV, Excel, Parquet,
SQLite …) renames it or converts it into temporary files, which are renamed into place. A killed
run therefore never leaves a half-written output that looks complete, and ``--resume`` continues
from the journal.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from textkit.io.outputs import FORMATS, Files, output_format


def _default(obj: Any):
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if hasattr(obj, "item"):
        return obj.item()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, default=_default)


def journal_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.journal.jsonl")


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        yield from fh


def _complete_record(line: str) -> dict | None:
    """The article record on ``line``, or None for a line cut by a kill and for error records (retried)."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError:
        return None
    return rec if isinstance(rec, dict) and "error" not in rec else None


def _temp_for(target: Path) -> Path:
    """A new temporary file beside ``target``, created with the permissions any new file gets (the
    umask applies; mkstemp would make it 0600)."""
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return tmp
        except FileExistsError:
            continue


def _durable(paths: list[Path]) -> None:
    """Flush files and their folder to disk, so that a rename is not followed by an empty file after a crash."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    if paths:
        try:
            fd = os.open(paths[0].parent, os.O_RDONLY)
        except OSError:  # pragma: no cover - folders cannot be opened on some systems
            return
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path to write ``target`` through: renamed into place, durably, when the block
    ends without error, removed otherwise. ``with atomic_path(out) as tmp: wb.save(tmp)``"""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_for(target)
    try:
        yield tmp
        _replace_all([(tmp, target)])
    finally:
        tmp.unlink(missing_ok=True)


def _replace_all(pairs: list[tuple[Path, Path]]) -> None:
    """Rename temporaries into place, durably, the main (articles) file last so it appears only when all are done."""
    _durable([tmp for tmp, _ in pairs])
    for tmp, final in pairs[1:] + pairs[:1]:
        os.replace(tmp, final)
    _durable([final for _, final in pairs[:1]])


def check_output(path: str) -> None:
    """Raise ValueError for an output whose suffix no writer handles."""
    if path == "-":
        return
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"unsupported output format {suffix or '(none)'}: use one of {', '.join(sorted(FORMATS))}")


class Output:
    """Where a run's results go. ``open`` returns the (source, content hash) pairs already stored (``--resume``),
    ``write`` appends one document's lines to the journal, ``finish`` makes the final output."""

    def __init__(self, path: str, *, resume: bool = False):
        check_output(path)
        self.path = path
        self.resume = resume
        self.target = Path(path)
        self.journal = journal_path(self.target) if path != "-" else None
        self._fh = None
        self.notes: list[str] = []

    def open(self) -> set[tuple[str, str]]:
        if self.journal is None:
            self._fh = sys.stdout
            return set()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        stored = self._restart_journal(self._previous_lines())
        self._fh = self.journal.open("a", encoding="utf-8")
        return stored

    def _previous_lines(self) -> Iterator[str]:
        """The lines a resumed run keeps: its journal's, or a finished output's records (none without ``resume``)."""
        if self.resume and self.journal.exists():
            self.notes.append("resuming the unfinished run")
            return _lines(self.journal)
        if self.resume and self.target.exists():
            self.notes.append(f"resuming: documents already in {self.target} are kept and skipped")
            return (dumps(r) for r in output_format(self.target).read_records(self.target))
        if self.journal.exists():
            self.notes.append(f"an unfinished run's journal was discarded ({self.journal}); use --resume to continue one")
        return iter(())

    def _restart_journal(self, lines: Iterator[str]) -> set[tuple[str, str]]:
        """Write the complete article records of ``lines`` as the new journal; returns their (source, content hash) pairs."""
        stored: set[tuple[str, str]] = set()
        tmp = _temp_for(self.journal)
        with tmp.open("w", encoding="utf-8") as fh:  # streamed: a journal may hold many thousands of documents
            for line in lines:
                rec = _complete_record(line)
                if rec is not None:
                    fh.write(line.rstrip("\n") + "\n")
                    if rec.get("doc_id"):
                        stored.add((rec.get("source", ""), rec["doc_id"]))
        os.replace(tmp, self.journal)
        return stored

    def write(self, lines: list[str]) -> None:
        self._fh.write("".join(line + "\n" for line in lines))
        self._fh.flush()

    def finish(self) -> list[Path]:
        """Turn the journal into the output; returns the files written."""
        if self.journal is None:
            self._fh.flush()
            return []
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        files = Files(_temp_for)
        try:
            output_format(self.target).write(self.journal, self.target, files)
            _replace_all(files.pairs)
        except BaseException:
            files.discard()  # leave no temporaries behind; the journal stays for --resume
            raise
        self.journal.unlink(missing_ok=True)
        return [final for _, final in files.pairs]

    def close(self) -> None:
        """Stop without finishing: the journal stays for ``--resume``."""
        if self._fh is not None and self.journal is not None and not self._fh.closed:
            self._fh.flush()
            self._fh.close()
