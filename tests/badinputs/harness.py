"""Running ``textkit extract`` on the bad-input corpus in a subprocess, and judging what it wrote.

``run_extract`` runs one command in its own process under a memory limit (``RLIMIT_AS``) with a
wall-time limit and a stall limit (no new output for too long), killing its whole process group
when one is exceeded.
``Run`` holds what came back: exit code, standard error and the records, each attributed to the kind
of bad input whose source it names. ``batch_problems`` and ``kind_problems`` say what is wrong.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tests.badinputs.generate import GOOD_LAST, BadInput, canonical

MEMORY_LIMIT = 3 << 30  # bytes of address space per process (the pipeline itself needs ~0.8 GB)
SECRET = "textkit-badinputs-canary-7f3a"  # in the environment of every run: must never reach an output
LEAKS = (SECRET, "root:x:0:")  # text that shows a secret file was read (the environment, /etc/passwd or /etc/group)
SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass
class Record:
    """One output line: its parsed record (None when it is not JSON) and what is wrong with the line."""

    line: str
    data: dict | None
    problems: list[str]

    @property
    def source(self) -> str:
        return str((self.data or {}).get("source", ""))

    @property
    def error(self) -> str | None:
        return (self.data or {}).get("error")


@dataclass
class Run:
    """One ``textkit extract`` run."""

    kinds: list[BadInput]
    command: list[str]
    returncode: int | None  # None: killed by the harness
    killed: str | None  # why the harness killed it (time limit, stall)
    stderr: str
    records: list[Record]
    seconds: float
    by_kind: dict[str, list[Record]] = field(default_factory=dict)
    stray: list[Record] = field(default_factory=list)


def _reject_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _surrogates(value) -> bool:
    if isinstance(value, str):
        return any("\ud800" <= c <= "\udfff" for c in value)
    if isinstance(value, dict):
        return any(_surrogates(k) or _surrogates(v) for k, v in value.items())
    if isinstance(value, list):
        return any(map(_surrogates, value))
    return False


def parse_output(data: bytes) -> list[Record]:
    """The records of JSON-lines output, each with its problems: not UTF-8, not strict JSON (NaN,
    Infinity), lone surrogates, not an object."""
    records = []
    for raw in data.split(b"\n"):
        if not raw.strip():
            continue
        problems = []
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"output line is not UTF-8 ({exc.reason})")
            text = raw.decode("utf-8", "surrogateescape")
        try:
            rec = json.loads(text, parse_constant=_reject_constant)
        except ValueError as exc:
            problems.append(f"output line is not strict JSON ({exc})")
            try:
                rec = json.loads(text)
            except ValueError:
                rec = None
        if rec is not None and not isinstance(rec, dict):
            problems.append("output line is not a JSON object")
            rec = None
        if rec is not None and _surrogates(rec):
            problems.append("output has a lone surrogate (not valid Unicode)")
        records.append(Record(text, rec, problems))
    return records


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _forked_cli(argv: list[str], cwd: str, log: str) -> None:  # pragma: no cover - runs in the child
    """The ``textkit`` command line in a process forked from the warm fork server: its own session
    (process group), memory limit, folder, standard streams and arguments."""
    os.setsid()
    _limit_memory()
    os.chdir(cwd)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    sys.argv = ["textkit", *argv]
    from textkit.cli import main

    main()


_FORK_CONTEXT = None


def _fork_context():
    """A multiprocessing context whose fork server has textkit and its pipelines loaded (``warm.py``), so
    that each run starts in a fraction of a second instead of five."""
    global _FORK_CONTEXT
    if _FORK_CONTEXT is None:
        os.environ["TEXTKIT_BADINPUTS_SECRET"] = SECRET  # before the fork server starts: /proc/self/environ shows it
        _FORK_CONTEXT = multiprocessing.get_context("forkserver")
        _FORK_CONTEXT.set_forkserver_preload(["tests.badinputs.warm"])
    return _FORK_CONTEXT


def _noop() -> None:  # pragma: no cover - runs in the child
    pass


def warm_up() -> None:
    """Start the fork server (it loads textkit and its pipelines, ~6 s), so that later runs start at once."""
    process = _fork_context().Process(target=_noop)
    process.start()
    process.join()


class _Child:
    """A started run: a ``python -m textkit`` subprocess (``exec``) or a process forked from the warm fork server."""

    def __init__(self, argv: list[str], root: Path, log: Path, *, launcher: str):
        if launcher == "exec":
            env = {**os.environ, "TEXTKIT_BADINPUTS_SECRET": SECRET}
            with log.open("wb") as err, open(os.devnull, "rb") as devnull:
                self.popen = subprocess.Popen(
                    [sys.executable, "-m", "textkit", *argv],
                    cwd=root,
                    stdin=devnull,
                    stdout=err,
                    stderr=err,
                    env=env,
                    preexec_fn=_limit_memory,
                    start_new_session=True,
                )
            self.pid = self.popen.pid
        else:
            log.write_bytes(b"")
            self.process = _fork_context().Process(target=_forked_cli, args=(argv, os.fsdecode(root), str(log)))
            self.process.start()
            self.popen = None
            self.pid = self.process.pid

    def poll(self) -> int | None:
        if self.popen is not None:
            return self.popen.poll()
        return self.process.exitcode

    def wait(self) -> int | None:
        if self.popen is not None:
            return self.popen.wait()
        self.process.join()
        return self.process.exitcode

    def kill_group(self) -> None:
        """Kill the run and its workers (they share its process group)."""
        for kill in (lambda: os.killpg(self.pid, signal.SIGKILL), lambda: os.kill(self.pid, signal.SIGKILL)):
            try:
                kill()
            except (ProcessLookupError, PermissionError):
                pass


def run_extract(
    root: Path,
    kinds: list[BadInput],
    out: Path,
    *,
    timeout: float,
    stall: float,
    workers: int = 2,
    pipes: str | None = None,
    launcher: str = "fork",
) -> Run:
    """``textkit extract`` on the inputs of ``kinds`` (run in ``root``), its output read back even when it stopped.

    ``launcher`` is ``exec`` (a ``python -m textkit`` subprocess) or ``fork`` (a process forked from a
    fork server that has textkit loaded: the same command line, started without its five-second start-up).
    The run is killed after ``timeout`` seconds, or ``stall`` seconds after its journal last grew (the
    journal appears once the pipeline is loaded and the inputs counted, so a slow start is not a stall).
    """
    argv = ["extract", "-q", "--workers", str(workers), "-o", str(out), *(["--pipes", pipes] if pipes else [])]
    argv += ["--", *(i for k in kinds for i in k.inputs)]
    journal = out.with_name(f".{out.name}.journal.jsonl")
    log = out.with_suffix(".stderr")
    started = time.monotonic()
    killed = None
    child = _Child(argv, root, log, launcher=launcher)
    last_size, last_change = None, started
    while child.poll() is None:
        time.sleep(0.1)
        now = time.monotonic()
        sizes = [p.stat().st_size for p in (journal, out) if p.exists()]
        size = max(sizes) if sizes else None  # None: still starting (no journal yet)
        if size != last_size:
            last_size, last_change = size, now
        if now - started > timeout:
            killed = f"killed after the {timeout:.0f} s time limit"
        elif size is not None and now - last_change > stall:
            killed = f"killed: no new output for {stall:.0f} s (stuck on an input)"
        if killed:
            break
    child.kill_group()  # also the workers a crashed run may leave
    returncode = child.wait()
    seconds = time.monotonic() - started
    written = out if out.exists() else journal
    records = parse_output(written.read_bytes()) if written.exists() else []
    command = ["textkit", *argv]
    run = Run(kinds, command, None if killed else returncode, killed, log.read_text("utf-8", "replace"), records, seconds)
    attribute(run, root)
    return run


def attribute(run: Run, root: Path) -> None:
    """Give each record to the kind whose input or manifest row it comes from (``Run.by_kind``, ``Run.stray``)."""
    own = {}
    for k in run.kinds:
        for p in k.claims:
            own.setdefault(canonical(p, root), k.name)
    run.by_kind = {k.name: [] for k in run.kinds}
    for rec in run.records:
        owner = next(
            (k.name for k in run.kinds if k.manifest and (rec.source == k.manifest or rec.source.startswith(k.manifest + "#"))), None
        )
        if owner is None and rec.source:
            owner = own.get(canonical(rec.source, root))
        if owner is None:
            run.stray.append(rec)
        else:
            run.by_kind[owner].append(rec)


def documents(records: Iterable[Record]) -> list[list[Record]]:
    """Records grouped by document: consecutive records of one source with rising article numbers; an
    error record (or a line that is not a record) is a document on its own."""
    docs: list[list[Record]] = []
    for rec in records:
        prev = docs[-1][-1] if docs else None
        article = (rec.data or {}).get("article")
        if (
            prev is not None
            and rec.error is None
            and prev.error is None
            and rec.data is not None
            and prev.data is not None
            and rec.source == prev.source
            and isinstance(article, int)
            and isinstance(prev.data.get("article"), int)
            and article > prev.data["article"]
        ):
            docs[-1].append(rec)
        else:
            docs.append([rec])
    return docs


def _tail(text: str, lines: int = 6) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])


def batch_problems(run: Run) -> list[str]:
    """What is wrong with a run as a whole: killed, a crash or usage error, a traceback, stray records,
    the good document at the end not processed."""
    problems = []
    if run.killed:
        problems.append(run.killed)
    elif run.returncode not in (0, 3):
        problems.append(f"exit code {run.returncode} (0 or 3 expected): {_tail(run.stderr)}")
    if "Traceback" in run.stderr:
        problems.append(f"traceback on standard error: {_tail(run.stderr)}")
    if run.stray:
        problems.append(f"{len(run.stray)} records from no input: {[r.source for r in run.stray[:3]]}")
    last = run.records[-1] if run.records else None
    if last is None or last.source != GOOD_LAST or last.error is not None:
        problems.append(f"the good document at the end was not processed (last record: {last.line[:200] if last else None})")
    return problems


def kind_problems(kind: BadInput, run: Run) -> list[str]:
    """What is wrong with the records of one kind: none or too many, an error where text was expected
    (or text where an error was), an unclear message, a leaked secret, output that is not strict JSON."""
    records = run.by_kind.get(kind.name, [])
    problems = []
    if not records:
        stopped = (
            f" (the run stopped: {run.killed or f'exit code {run.returncode}: {_tail(run.stderr, 3)}'})"
            if run.killed or run.returncode not in (0, 3)
            else ""
        )
        return [f"no record{stopped}"]
    docs = documents(records)
    if kind.rows is not None and len(docs) != kind.rows:
        problems.append(f"{len(docs)} documents for {kind.rows} inputs: {[d[0].source[:80] for d in docs[:6]]}")
    for rec in records:
        problems += rec.problems
        if rec.error is not None:
            if not isinstance(rec.error, str) or len(rec.error.strip()) < 10:
                problems.append(f"unclear error message: {rec.error!r}")
            elif "internal error" in rec.error or "Traceback" in rec.error:
                problems.append(f"error message is an internal error: {rec.error[:300]}")
            elif kind.message and not re.search(kind.message, rec.error.replace(rec.source, "")):  # not the file's name
                problems.append(f"error message does not match {kind.message!r}: {rec.error[:300]}")
            elif "MemoryError" in rec.error:
                problems.append(f"ran out of memory (limit {MEMORY_LIMIT >> 30} GB per process): {rec.error[:300]}")
        leaked = [s for s in LEAKS if s in rec.line]
        if leaked:
            problems.append(f"a secret was read into the output ({leaked[0][:12]}…): {rec.source}")
    errors = [d[0] for d in docs if d[0].error is not None]
    if kind.expect == "error" and len(errors) < len(docs):
        problems.append(f"read as text, but it must be refused: {[d[0].source[:80] for d in docs if d[0].error is None][:3]}")
    if kind.expect == "ok" and errors:
        problems.append(f"refused, but it must be read: {errors[0].error[:300]}")
    return list(dict.fromkeys(problems))


def spreadsheet_problems(records: list[Record], folder: Path) -> list[str]:
    """Cells that a spreadsheet would run as a formula, when ``records`` are written to CSV and Excel
    with textkit's own writers (the same code ``textkit extract -o x.csv`` runs)."""
    from openpyxl import load_workbook

    from textkit.io.writers import Output

    problems = []
    lines = [r.line for r in records if r.data is not None and not r.problems]
    if not lines:
        return problems
    for suffix in (".csv", ".xlsx"):
        out = Output(str(folder / f"out{suffix}"))
        out.open()
        out.write(lines)
        for path in out.finish():
            if suffix == ".csv":
                with path.open(encoding="utf-8-sig", newline="") as fh:
                    cells = [(f"{path.name}:{i}", v) for i, row in enumerate(csv.reader(fh)) for v in row]
            else:
                wb = load_workbook(path)
                cells = [
                    (
                        f"{path.name}:{ws.title}!{c.coordinate}",
                        "=" + str(c.value) if c.data_type == "f" and not str(c.value).startswith("=") else c.value,
                    )
                    for ws in wb.worksheets
                    for row in ws.iter_rows()
                    for c in row
                    if isinstance(c.value, str)
                ]
            for where, value in cells:
                if value and value.startswith(SPREADSHEET_TRIGGERS) and not _NUMBER.match(value):
                    problems.append(f"formula cell {where}: {value[:60]!r}")
    return problems[:5]
