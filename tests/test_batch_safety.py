"""Batch safety (issue 12): resume after a full disk in the middle of a document, the output lock,
workers that die with their parent, SIGTERM, stale temporaries, the time budget and memory guard,
a slow document that does not stall the other worker, a full disk while SQLite is written."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import psutil
import pytest
from typer.testing import CliRunner

import textkit.batch as batch
from textkit.batch import BatchConfig, Limits, Result, Task
from textkit.cli import app
from textkit.io.records import read_records
from textkit.io.writers import Output

from .conftest import CORPORA, ROOT, each_task

runner = CliRunner()
UNITS = ["东坡村党支部", "实验小学党支部", "城关税务所党支部", "人民医院党委", "长江物流公司党委"]


def compilation() -> str:
    """A compilation of five articles (第一篇 … 第五篇), each with measures and figures."""
    parts = []
    for i, unit in enumerate(UNITS):
        parts.append(
            f"第{'一二三四五'[i]}篇：{unit}工作经验交流\n{unit}推进党建工作的做法\n"
            f"一、加强组织建设。{unit}严格落实“三会一课”制度，全年召开支部委员会{10 + i}次，开展主题党日活动{12 + i}次。\n"
            f"二、服务群众。组建党员志愿服务队{2 + i}支，走访群众{300 + i}户，解决实际问题{40 + i}个。\n"
            "三、下一步要完善考核机制，推动党建与业务深度融合。\n"
        )
    return "\n".join(parts)


def three_documents(folder: Path) -> Path:
    """One single-article report, the five-article compilation, another single-article report."""
    folder.mkdir()
    (folder / "a.txt").write_text((CORPORA / "01_village_branch.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.txt").write_text(compilation(), encoding="utf-8")
    (folder / "c.txt").write_text((CORPORA / "02_hospital.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def key(rec: dict) -> tuple:
    return (rec["source"], rec["article"])


# -- 1. a full disk in the middle of a document, then --resume ---------------------------


class FullDisk:
    """The journal's file, which takes ``lines`` lines and then fails with ENOSPC in the middle of a write."""

    def __init__(self, fh, lines: int):
        self.fh, self.left = fh, lines

    def write(self, data: bytes) -> int:
        lines = data.splitlines(keepends=True)
        if len(lines) > self.left:
            self.fh.write(b"".join(lines[: self.left]))
            self.fh.flush()
            raise OSError(errno.ENOSPC, "No space left on device")
        self.left -= len(lines)
        return self.fh.write(data)

    def __getattr__(self, name):
        return getattr(self.fh, name)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".xlsx", ".parquet", ".sqlite"])
def test_a_full_disk_in_the_middle_of_a_document_loses_no_article_after_resume(tmp_path: Path, monkeypatch, suffix: str):
    src = three_documents(tmp_path / "docs")
    args = ["normalize", str(src), "-q", "-w", "1"]  # the journal is the same for every command; normalize loads fastest
    clean = tmp_path / "clean" / f"out{suffix}"
    assert runner.invoke(app, [*args, "-o", str(clean)]).exit_code == 0
    expected = sorted(read_records(clean), key=key)
    assert len(expected) == 7 and sum(r["source"].endswith("b.txt") for r in expected) == 5

    opened = Output.open

    def open_on_a_small_disk(self):
        stored = opened(self)
        self._fh = FullDisk(self._fh, 3)  # a.txt's article and 2 of the 5 articles of b.txt
        return stored

    out = tmp_path / "run" / f"out{suffix}"
    with monkeypatch.context() as m:
        m.setattr(Output, "open", open_on_a_small_disk)
        res = runner.invoke(app, [*args, "-o", str(out)])
    assert res.exit_code == 2 and "the disk is full" in res.output and "--resume" in res.output, res.output
    assert not out.exists()
    res = runner.invoke(app, [*args, "-o", str(out), "--resume"])
    assert res.exit_code == 0, res.output
    resumed = sorted(read_records(out), key=key)
    assert [key(r) for r in resumed] == [key(r) for r in expected]  # each article exactly once
    for rec in (*resumed, *expected):
        rec.get("provenance", {}).pop("run_started", None)  # the runs may start in different seconds
    assert resumed == expected
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".")) == []  # no journal, index, lock or temporary


def _journal_with(tmp_path: Path, docs: list[tuple[str, int]], cut_after: int) -> Output:
    """A journal of complete documents (source, number of articles) whose last one stops after ``cut_after`` lines."""
    out = Output(str(tmp_path / "j.jsonl"))
    out.open()
    for n, (source, articles) in enumerate(docs):
        lines = [f'{{"source": "{source}", "doc_id": "h{source}", "article": {i}}}' for i in range(articles)]
        if n == len(docs) - 1:
            out._fh.write("".join(line + "\n" for line in lines[:cut_after]).encode())
            out._fh.write(b'{"source": "half a li')
        else:
            out.write(lines, source, f"h{source}")
    out.close()
    out.unlock()
    return out


def test_resume_keeps_only_documents_marked_complete(tmp_path: Path):
    _journal_with(tmp_path, [("a", 1), ("b", 3), ("c", 5)], cut_after=2)
    again = Output(str(tmp_path / "j.jsonl"), resume=True)
    assert again.open() == {("a", "ha"), ("b", "hb")}  # c's two lines are there, but c is not complete
    again.close()
    again.unlock()
    lines = (tmp_path / ".j.jsonl.journal.jsonl").read_text(encoding="utf-8").splitlines()
    assert [line[:15] for line in lines] == ['{"source": "a",'] + ['{"source": "b",'] * 3


def test_a_journal_without_index_runs_its_last_document_again(tmp_path: Path):
    out = _journal_with(tmp_path, [("a", 1), ("b", 3), ("c", 5)], cut_after=5)
    out.index.unlink()  # a journal written by an older textkit
    again = Output(str(tmp_path / "j.jsonl"), resume=True)
    assert again.open() == {("a", "ha"), ("b", "hb")}
    again.close()
    again.unlock()


# -- 2. the output lock --------------------------------------------------------------------

GATED_RUN = """
import sys, time
from pathlib import Path
import textkit.batch as batch
real = batch.process_tasks
batch.BATCH_DOCUMENTS = 1  # a gated document holds back no other
def gated(tasks, config):  # a document named *wait* waits until the file GATE exists (at most 60 s)
    deadline = time.time() + 60
    while any("wait" in t.source for t in tasks) and not Path({gate!r}).exists() and time.time() < deadline:
        time.sleep(0.05)
    return real(tasks, config)
batch.process_tasks = gated
{before}
from textkit.cli import app
app(sys.argv[1:])
"""


def gated_run(tmp_path: Path, args: list[str], *, before: str = "") -> subprocess.Popen:
    """``textkit ARGS`` in a new process, where documents named *wait* wait for ``tmp_path/go``."""
    script = tmp_path / "gated_run.py"
    script.write_text(GATED_RUN.format(gate=str(tmp_path / "go"), before=textwrap.dedent(before)), encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(script), *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, "timed out"
        time.sleep(0.05)


def journal_lines(out: Path) -> int:
    journal = out.with_name(f".{out.name}.journal.jsonl")
    return len(journal.read_bytes().splitlines()) if journal.exists() else 0


def gated_docs(folder: Path) -> Path:
    folder.mkdir()
    for name in ("a_first", "b_wait", "c_last"):
        (folder / f"{name}.txt").write_text(f"{name}号" + (CORPORA / "01_village_branch.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_a_second_run_on_the_same_output_stops_at_once_and_a_killed_runs_lock_does_not_block(tmp_path: Path):
    src = gated_docs(tmp_path / "docs")
    out = tmp_path / "out.jsonl"
    args = ["normalize", str(src), "-o", str(out), "-q", "-w", "1"]
    first = gated_run(tmp_path, args)
    try:
        wait_for(lambda: journal_lines(out) == 1)  # a_first is written, b_wait is waiting
        # extract checks the lock before it loads its model
        extract = ["extract", str(src), "-o", str(out), "-q", "-w", "1"]
        second = subprocess.run([sys.executable, "-m", "textkit", *extract], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert second.returncode == 2
        assert f"another textkit run (pid {first.pid}) is writing {out}" in second.stderr and "Traceback" not in second.stderr
        assert journal_lines(out) == 1  # the first run's journal is untouched
        (tmp_path / "go").touch()
        assert first.wait(timeout=60) == 0, first.stderr.read()
    finally:
        first.kill()
    assert [Path(r["source"]).name for r in read_records(out)] == ["a_first.txt", "b_wait.txt", "c_last.txt"]

    (tmp_path / "go").unlink()
    out.unlink()
    killed = gated_run(tmp_path, args)
    wait_for(lambda: journal_lines(out) == 1)
    killed.kill()  # SIGKILL: the lock file stays, the lock goes with the process
    killed.wait(timeout=10)
    assert out.with_name(f".{out.name}.lock").exists()
    (tmp_path / "go").touch()
    res = runner.invoke(app, [*args, "--resume"])
    assert res.exit_code == 0, res.output
    assert [Path(r["source"]).name for r in read_records(out)] == ["a_first.txt", "b_wait.txt", "c_last.txt"]


def _holds_file(path: str) -> None:
    """Exit 1 if this process has ``path`` open, else 0."""
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == path:
                os._exit(1)
        except OSError:
            pass
    os._exit(0)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_forked_workers_do_not_hold_the_output_lock(tmp_path: Path):
    """A worker that outlives a killed run for a moment must not keep the run's flock."""
    import multiprocessing as mp

    out = Output(str(tmp_path / "o.jsonl"))
    out.lock()
    try:
        lock = str(tmp_path / ".o.jsonl.lock")
        assert os.readlink(f"/proc/self/fd/{out._lock_fd}") == lock
        child = mp.get_context("fork").Process(target=_holds_file, args=(lock,))
        child.start()
        child.join(10)
        assert child.exitcode == 0, "the forked child kept the lock's descriptor"
    finally:
        out.unlock()


# -- 3. workers die with their parent, SIGTERM, stale temporaries ----------------------------


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize("thread", ["main", "other"])
def test_workers_end_within_seconds_of_a_killed_main_process(tmp_path: Path, thread: str):
    """From the main thread the kernel ends them (PR_SET_PDEATHSIG); from another thread their watch does."""
    src = gated_docs(tmp_path / "docs")
    args = ["normalize", str(src), "-o", str(tmp_path / "out.jsonl"), "-q", "-w", "2"]
    before = ""
    if thread == "other":  # run the batch from a thread: the kernel signal is not asked for
        before = """
        import threading
        from textkit.cli import app as _app
        t = threading.Thread(target=lambda: _app(sys.argv[1:], standalone_mode=False))
        t.start(); t.join(); sys.exit(0)
        """
    main = gated_run(tmp_path, args, before=before)
    workers: list[int] = []
    try:
        wait_for(lambda: len(psutil.Process(main.pid).children()) == 2 and journal_lines(tmp_path / "out.jsonl") >= 1)
        workers = [p.pid for p in psutil.Process(main.pid).children()]
        main.kill()
        main.wait(timeout=10)
        deadline = time.time() + 5
        while any(alive(pid) for pid in workers) and time.time() < deadline:
            time.sleep(0.05)
        assert not any(alive(pid) for pid in workers), "a worker outlived its main process by 5 s"
    finally:
        main.kill()
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_sigterm_is_handled_like_ctrl_c_and_the_run_resumes(tmp_path: Path):
    src = gated_docs(tmp_path / "docs")
    out = tmp_path / "out.xlsx"
    args = ["normalize", str(src), "-o", str(out), "-w", "2"]
    proc = gated_run(tmp_path, args)
    wait_for(lambda: journal_lines(out) == 1 and len(psutil.Process(proc.pid).children()) == 2)
    workers = [p.pid for p in psutil.Process(proc.pid).children()]
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 143
    assert "terminated (SIGTERM): the documents done so far are kept" in stderr and "Traceback" not in stderr
    wait_for(lambda: not any(alive(pid) for pid in workers), 5)
    assert not out.exists() and journal_lines(out) == 1
    stale = [tmp_path / ".out.xlsx.0123456789ab.tmp", tmp_path / "..out.xlsx.journal.jsonl.abcdef012345.tmp"]
    for path in stale:  # what a conversion or a journal restart killed half-way leaves
        path.write_bytes(b"x" * 1000)
    other = tmp_path / ".notes.0123456789ab.tmp"  # not this output's
    other.write_bytes(b"mine")
    (tmp_path / "go").touch()
    res = runner.invoke(app, [*args, "-q", "--resume"])
    assert res.exit_code == 0, res.output
    assert len(list(read_records(out))) == 3
    assert not any(p.exists() for p in stale) and other.exists()


# -- 4. the time budget and the memory guard ------------------------------------------------


def _stubborn(task: Task, config: BatchConfig) -> Result:
    """A stand-in for process_task: "slow" takes 30 s; the result names the worker's pid."""
    if task.source == "slow":
        time.sleep(30)
    return Result(task.source, "", [f"{task.source} {os.getpid()}"], None, {})


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_past_its_time_budget_gets_an_error_and_the_batch_goes_on(monkeypatch, workers: int):
    monkeypatch.setattr(batch, "process_tasks", each_task(_stubborn))
    tasks = [Task(name, text="x") for name in ("a", "slow", "b", "c")]
    started = time.monotonic()
    results = list(batch.run(tasks, BatchConfig(mode="normalize"), workers=workers, limits=Limits(seconds=0.5, memory_mb=0)))
    assert time.monotonic() - started < 15
    assert [r.source for r in results] == ["a", "slow", "b", "c"]
    assert [r.source for r in results if r.error] == ["slow"]
    assert "took longer than the time budget of 0.5 s" in results[1].error
    if workers == 1:  # the worker that ran "a" was replaced
        assert results[0].lines[0].split()[1] != results[2].lines[0].split()[1]


def _hungry_reader(real_raw):
    def raw(self: Task):
        """Reading "hog" takes 400 MB, 20 MB at a time (as a decompression bomb would)."""
        if self.source == "hog":
            hoard = []
            for _ in range(20):
                hoard.append(bytearray(20 * 2**20))  # zero-filled: resident at once
                time.sleep(0.03)
        return real_raw(self)

    return raw


@pytest.mark.parametrize("guard", ["address space", "resident memory"])
def test_a_document_past_the_memory_limit_gets_an_error_and_a_new_worker(monkeypatch, guard: str):
    monkeypatch.setattr(Task, "raw", _hungry_reader(Task.raw))
    if guard == "resident memory":  # as where RLIMIT_AS does not exist: the main process watches
        import resource

        monkeypatch.setattr(resource, "setrlimit", lambda *a: None)
    else:  # the worker's address space alone
        monkeypatch.setattr(batch._Worker, "rss", lambda self: 0)
    text = (CORPORA / "01_village_branch.txt").read_text(encoding="utf-8")
    tasks = [Task(name, text=text) for name in ("a", "hog", "b")]
    results = list(batch.run(tasks, BatchConfig(mode="normalize"), workers=1, limits=Limits(seconds=0, memory_mb=100)))
    assert [r.source for r in results if r.error] == ["hog"]
    expected = "out of memory" if guard == "address space" else "used more than the memory limit of 100 MB"
    assert expected in results[1].error
    assert results[2].error is None and len(results[2].lines) == 1  # the batch went on in a new worker


def test_the_budget_comes_from_the_environment_and_the_option(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(batch, "process_tasks", each_task(_stubborn))
    monkeypatch.setenv("TEXTKIT_DOC_TIMEOUT", "0.5")
    assert Limits.from_env() == Limits(seconds=0.5)
    results = list(batch.run([Task("a", text="x"), Task("slow", text="x")], BatchConfig(mode="normalize"), workers=1))
    assert [bool(r.error) for r in results] == [False, True]
    monkeypatch.setenv("TEXTKIT_DOC_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="TEXTKIT_DOC_TIMEOUT"):
        Limits.from_env()
    monkeypatch.delenv("TEXTKIT_DOC_TIMEOUT")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    res = runner.invoke(app, ["normalize", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl"), "--doc-timeout", "-1"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["normalize", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl"), "--doc-timeout", "0.5", "-w", "1"])
    assert res.exit_code == 0 and "1 documents" in res.output  # "a" is fast; the option's budget is used


# -- 5. a slow document does not stall the other worker ----------------------------------------


def _timed(task: Task, config: BatchConfig) -> Result:
    time.sleep(2.0 if task.source == "slow" else 0.02)
    return Result(task.source, "", [repr(time.time())], None, {})


def test_a_slow_document_does_not_stall_the_other_worker(monkeypatch):
    monkeypatch.setattr(batch, "process_tasks", each_task(_timed))
    monkeypatch.setattr(batch, "BATCH_DOCUMENTS", 4)
    tasks = [Task("slow", text="x")] + [Task(f"fast{i}", text="x") for i in range(40)]
    results = list(batch.run(tasks, BatchConfig(mode="normalize"), workers=2, limits=Limits(seconds=30, memory_mb=0)))
    assert [r.source for r in results] == [t.source for t in tasks]  # still in input order
    slow_done = float(results[0].lines[0])
    assert all(float(r.lines[0]) > slow_done for r in results[1:4])  # its batch
    assert all(float(r.lines[0]) < slow_done for r in results[4:]), "fast documents waited for the slow one"


# -- 6. a full disk while the SQLite store is written -------------------------------------------


def test_a_full_disk_while_sqlite_is_written_is_a_message_and_resume_finishes(tmp_path: Path, monkeypatch):
    import sqlite3

    from textkit.io.outputs import sqlite as sqlite_output

    connect = sqlite3.connect

    def small_disk(path, *args, **kwargs):
        con = connect(path, *args, **kwargs)
        con.execute("PRAGMA max_page_count = 4")  # SQLite answers SQLITE_FULL, as on a full disk
        return con

    src = three_documents(tmp_path / "docs")
    out = tmp_path / "store.sqlite"
    args = ["normalize", str(src), "-o", str(out), "-w", "1"]
    with monkeypatch.context() as m:
        m.setattr(sqlite_output.sqlite3, "connect", small_disk)
        res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert "database or disk is full" in res.output and "--resume" in res.output and "Traceback" not in res.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "docs") == [".store.sqlite.journal.index", ".store.sqlite.journal.jsonl"]
    res = runner.invoke(app, [*args, "-q", "--resume"])
    assert res.exit_code == 0, res.output
    assert len(list(read_records(out))) == 7


def test_the_limits_apply_in_one_thread_too(monkeypatch):
    """run() consumed from a thread that is not the main one (no kernel signal): the budget still holds."""
    monkeypatch.setattr(batch, "process_tasks", each_task(_stubborn))
    results: list[Result] = []
    t = threading.Thread(
        target=lambda: results.extend(batch.run([Task("slow", text="x")], BatchConfig(mode="normalize"), limits=Limits(0.3, 0)))
    )
    t.start()
    t.join(20)
    assert [bool(r.error) for r in results] == [True]


def test_resume_never_reads_a_fifo_or_device_to_hash_it(tmp_path):
    """``--resume`` compares content hashes; a FIFO or /dev/zero named as a task gives no hash
    instead of blocking or reading without end."""
    from textkit.batch import Task

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    doc = tmp_path / "doc.txt"
    doc.write_text("支部组织党员集中学习党章。", encoding="utf-8")
    hashes: list[str] = []
    worker = threading.Thread(
        target=lambda: hashes.extend(Task(source=str(p), path=str(p)).content_hash() for p in (fifo, "/dev/zero", doc)), daemon=True
    )
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "hashing a FIFO or device blocked"
    assert hashes[:2] == ["", ""] and len(hashes[2]) == 40
