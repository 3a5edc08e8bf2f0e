"""Writing a run's output: the journal, atomic renames, and dispatch to the format of the suffix.

Results first go to a *journal* next to the output (``.NAME.journal.jsonl``), one JSON line per
article, flushed after every document; once all the lines of a document are written, an entry in
the journal's *index* (``.NAME.journal.index``) marks the document complete. When the run ends the
journal becomes the output: the format registered for the output's suffix (``textkit.io.outputs``:
JSONL, CSV, Excel, Parquet, SQLite …) renames it or converts it into temporary files, which are
renamed into place. A killed run therefore never leaves a half-written output that looks complete,
and ``--resume`` continues from the journal: the documents the index marks complete are kept, the
lines of any other (a document cut by a kill or a full disk) are dropped and the document is run
again. A lock (``.NAME.lock``, ``flock``) held for the whole run stops a second run on the same
output at once; the kernel releases it when a run dies, so a killed run's lock never blocks.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from textkit.io.outputs import FORMATS, Files, output_format, sibling
from textkit.model import plain_fields


def _default(obj: Any):
    fields = plain_fields(obj)  # a model object left in a record (``Article.to_record(plain=False)``)
    if fields is not None:
        return fields
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if hasattr(obj, "item"):
        return obj.item()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


# One encoder for every line; a record is a tree, so ``check_circular=False`` spares the encoder its
# bookkeeping of the containers it is in (a cycle would end in RecursionError instead of ValueError).
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_default, check_circular=False)


def dumps(record: dict) -> str:
    """A record as one line of JSON (UTF-8 text kept as it is)."""
    return _ENCODER.encode(record)


def journal_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.journal.jsonl")


def index_path(target: Path) -> Path:
    """The journal's index: one JSON line per complete document (source, doc_id, journal offset after its lines)."""
    return target.with_name(f".{target.name}.journal.index")


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


class OutputLocked(RuntimeError):
    """Another run holds the lock on this output."""


class UnfinishedRun(ValueError):
    """The output has the journal of an unfinished run, and the run asked neither to resume it nor to start afresh."""


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


#: The name of a temporary made by ``_temp_for``: ``.NAME.<12 hex digits>.tmp``.
_TEMP_NAME = re.compile(r"\.(?P<name>.+)\.[0-9a-f]{12}\.tmp")


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


def _document_lines(lines: Iterable[str]) -> Iterator[list[str]]:
    """Consecutive lines of the same (source, doc_id) grouped as documents (records of a finished output)."""
    group: list[str] = []
    key = None
    for line in lines:
        rec = json.loads(line)
        k = (rec.get("source"), rec.get("doc_id"))
        if group and k != key:
            yield group
            group = []
        group.append(line)
        key = k
    if group:
        yield group


def _committed_documents(journal: Path, index: Path) -> Iterator[list[str]]:
    """The lines of every document that the index marks complete, in journal order. The index is
    read up to its first cut or inconsistent entry; journal lines after the last complete document
    (a document cut by a kill or a full disk, a line cut in two) are left out."""
    with journal.open("rb") as jf, index.open("rb") as ix:
        pos = 0
        for raw_entry in ix:
            try:
                entry = json.loads(raw_entry)
                end = int(entry["end"])
            except (ValueError, KeyError, TypeError):
                return  # an entry cut by a kill: nothing after it is committed
            group: list[str] = []
            while pos < end:
                raw = jf.readline()
                if not raw.endswith(b"\n"):
                    return  # the journal is shorter than the index says: not this journal's index
                pos += len(raw)
                group.append(raw.decode("utf-8"))
            if pos != end:
                return
            yield group


def _clean_document(lines: list[str]) -> tuple[str, str] | None:
    """(source, doc_id) of a document whose lines are all complete article records of it, else None (retried)."""
    recs = [_complete_record(line) for line in lines]
    if not recs or any(r is None for r in recs):
        return None
    keys = {(r.get("source", ""), r.get("doc_id", "")) for r in recs}
    if len(keys) != 1:
        return None
    key = keys.pop()
    return key if key[1] else None


#: Descriptors of the output locks this process holds.
_HELD_LOCKS: set[int] = set()


def _close_inherited_locks() -> None:
    """In a forked child (a worker): close the lock descriptors, so that only the run holds its lock
    (an ``flock`` lives as long as any process has the descriptor open)."""
    for fd in _HELD_LOCKS:
        try:
            os.close(fd)
        except OSError:  # pragma: no cover - already closed
            pass
    _HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_inherited_locks)


def _acquire_lock(path: Path, target: Path) -> int | None:
    """An open descriptor holding an exclusive ``flock`` on ``path``; raises OutputLocked when another
    process holds it. None where ``fcntl`` is missing (Windows: no lock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return None
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                os.close(fd)
                raise
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise OutputLocked(f"another textkit run{who} is writing {target}: wait for it to end, or choose another output") from None
        try:
            current = os.stat(path)
        except FileNotFoundError:
            current = None
        mine = os.fstat(fd)
        if current is not None and (current.st_ino, current.st_dev) == (mine.st_ino, mine.st_dev):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            _HELD_LOCKS.add(fd)
            return fd
        os.close(fd)  # the run that held it removed the file meanwhile: lock the new one


class Output:
    """Where a run's results go. ``lock`` takes the output for this run, ``open`` returns the
    (source, content hash) pairs already stored (``--resume``), ``write`` appends one document's
    lines to the journal and marks it complete, ``finish`` makes the final output, ``unlock`` lets
    the output go."""

    def __init__(self, path: str, *, resume: bool = False, fresh: bool = False):
        check_output(path)
        self.path = path
        self.resume = resume
        self.fresh = fresh
        self.target = Path(path)
        self.journal = journal_path(self.target) if path != "-" else None
        self.index = index_path(self.target) if path != "-" else None
        self._fh = None
        self._ix = None
        self._lock_fd: int | None = None
        self.notes: list[str] = []

    def lock(self) -> None:
        """Take the output's lock (OutputLocked if another run has it) and remove temporaries that a
        killed run left beside the output."""
        if self.journal is None or self._lock_fd is not None:
            return
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fd = _acquire_lock(lock_path(self.target), self.target)
        self._remove_stale_temporaries()

    def unlock(self) -> None:
        if self._lock_fd is not None:
            lock_path(self.target).unlink(missing_ok=True)  # removed while held: a waiting run sees a new file
            _HELD_LOCKS.discard(self._lock_fd)
            os.close(self._lock_fd)
            self._lock_fd = None

    def _remove_stale_temporaries(self) -> None:
        """Temporaries of this output (``_temp_for`` names) left by a killed run: no live run owns them while we hold the lock."""
        temporaries = list(self.target.parent.glob(".*.tmp"))
        if not temporaries:
            return  # the usual case, decided without the table names (they import every extractor)
        from textkit.io.tables import TABLES

        finals = {self.target.name, self.journal.name, self.index.name}
        finals |= {sibling(self.target, t).name for t in TABLES}
        for path in temporaries:
            m = _TEMP_NAME.fullmatch(path.name)
            if m and m["name"] in finals:
                path.unlink(missing_ok=True)

    def open(self) -> set[tuple[str, str]]:
        if self.journal is None:
            self._fh = sys.stdout
            return set()
        self.lock()
        stored = self._restart_journal(self._previous_documents())
        self._fh = self.journal.open("ab")
        self._ix = self.index.open("ab")
        return stored

    def _previous_documents(self) -> Iterator[list[str]]:
        """The documents (their lines) a resumed run keeps: the journal's complete ones, or a finished
        output's records (none without ``resume``)."""
        if self.resume and self.journal.exists():
            self.notes.append("resuming the unfinished run")
            if self.index.exists():
                return _committed_documents(self.journal, self.index)
            # a journal without index (an older textkit): its last document may be cut, so it is run again
            return (doc for doc, nxt in _pairwise_last(_document_lines(ln for ln in _lines(self.journal) if _complete_record(ln))) if nxt)
        if self.resume and self.target.exists():
            self.notes.append(f"resuming: documents already in {self.target} are kept and skipped")
            return _document_lines(dumps(r) for r in output_format(self.target).read_records(self.target))
        done = self.refuse_unfinished()
        if done:
            self.notes.append(f"--fresh: the {done} document{'s' * (done != 1)} of the unfinished run were discarded ({self.journal})")
        return iter(())

    def refuse_unfinished(self) -> int:
        """Raise ``UnfinishedRun`` when the journal of an unfinished run holds complete documents and this run
        neither resumes nor starts afresh (nothing is touched before the message); else the number of them."""
        done = 0 if self.resume else self.unfinished_documents()
        if done and not self.fresh:
            raise UnfinishedRun(
                f"{self.target}: an earlier run on this output stopped after {done} document{'s' * (done != 1)} "
                f"(kept in {self.journal}); run the same command with --resume to continue it, "
                "or with --fresh to discard it and start over"
            )
        return done

    def unfinished_documents(self) -> int:
        """How many complete documents the journal of an unfinished run holds (0 without a journal)."""
        if self.journal is None or not self.journal.exists():
            return 0
        if self.index.exists():
            return sum(1 for _ in _committed_documents(self.journal, self.index))
        return sum(1 for _ in _document_lines(ln for ln in _lines(self.journal) if _complete_record(ln)))

    def _restart_journal(self, documents: Iterator[list[str]]) -> set[tuple[str, str]]:
        """Write the documents whose lines are all complete article records as the new journal and
        index; returns their (source, content hash) pairs. Error records are left out (run again)."""
        stored: set[tuple[str, str]] = set()
        tmp, tmp_index = _temp_for(self.journal), _temp_for(self.index)
        try:
            with tmp.open("wb") as fh, tmp_index.open("wb") as ix:  # streamed: a journal may hold many thousands of documents
                for lines in documents:
                    key = _clean_document(lines)
                    if key is None:
                        continue
                    fh.write("".join(line.rstrip("\n") + "\n" for line in lines).encode("utf-8"))
                    ix.write(_index_entry(key[0], key[1], fh.tell(), len(lines)))
                    stored.add(key)
            self.index.unlink(missing_ok=True)  # a journal without its index is read as an older one: nothing is trusted twice
            os.replace(tmp, self.journal)
            os.replace(tmp_index, self.index)
        finally:
            tmp.unlink(missing_ok=True)
            tmp_index.unlink(missing_ok=True)
        return stored

    def write(self, lines: list[str], source: str = "", doc_id: str = "") -> None:
        """Append one document's lines to the journal; then mark the document complete in the index."""
        data = "".join(line + "\n" for line in lines)
        if self.journal is None:
            self._fh.write(data)
            self._fh.flush()
            return
        self._fh.write(data.encode("utf-8"))
        self._fh.flush()
        self._ix.write(_index_entry(source, doc_id, self._fh.tell(), len(lines)))
        self._ix.flush()

    def finish(self) -> list[Path]:
        """Turn the journal into the output; returns the files written."""
        if self.journal is None:
            self._fh.flush()
            return []
        for fh in (self._fh, self._ix):
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        files = Files(_temp_for)
        try:
            output_format(self.target).write(self.journal, self.target, files)
            _replace_all(files.pairs)
        except BaseException:
            files.discard()  # leave no temporaries behind; the journal stays for --resume
            raise
        self.journal.unlink(missing_ok=True)
        self.index.unlink(missing_ok=True)
        return [final for _, final in files.pairs]

    def close(self) -> None:
        """Stop without finishing: the journal stays for ``--resume`` (a document not marked complete is run again)."""
        if self.journal is None:
            return
        for fh in (self._fh, self._ix):
            if fh is not None and not fh.closed:
                try:
                    fh.close()
                except OSError:  # a full disk: what was not written is not marked complete either
                    pass


def _index_entry(source: str, doc_id: str, end: int, lines: int) -> bytes:
    return (dumps({"source": source, "doc_id": doc_id, "end": end, "lines": lines}) + "\n").encode("utf-8")


def _pairwise_last(items: Iterable[list[str]]) -> Iterator[tuple[list[str], bool]]:
    """(item, whether another item follows it)."""
    it = iter(items)
    prev = next(it, None)
    for item in it:
        yield prev, True
        prev = item
    if prev is not None:
        yield prev, False
