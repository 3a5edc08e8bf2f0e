"""Batch runs: worker counts and Dask give the same output, resume after a kill, a worker that dies."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textkit import batch
from textkit.batch import BatchConfig, iter_tasks, run
from textkit.cli import app
from textkit.io.records import read_records

from .conftest import CORPORA, each_task
from .io.samples import SCHOOL, records

runner = CliRunner()


def _without_run_time(output: bytes) -> bytes:
    """A JSONL output without the run start time of its provenance (two runs may start in different seconds)."""
    return re.sub(rb'"run_started": "[^"]+"', b"", output)


def test_worker_counts_give_identical_output(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the run time in each record's provenance
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}.jsonl"
        res = runner.invoke(app, ["extract", str(CORPORA), "-o", str(out), "-q", "--workers", workers])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())  # byte-identical: SOURCE_DATE_EPOCH fixes the run time
    assert outs[0] == outs[1]
    assert len(outs[0].splitlines()) == 12


@pytest.mark.slow
def test_dask_engine_matches_local(tmp_path: Path):
    distributed = pytest.importorskip("dask.distributed")
    tasks = list(iter_tasks([str(CORPORA)]))[:4]
    local = [r.lines for r in run(tasks, BatchConfig(structure=False))]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = [r.lines for r in run(tasks, BatchConfig(structure=False), engine="dask", scheduler=cluster.scheduler_address)]
        out = tmp_path / "dask.jsonl"
        res = runner.invoke(
            app, ["extract", *(t.path for t in tasks), "-o", str(out), "-q", "--engine", "dask", "--scheduler", cluster.scheduler_address]
        )
        assert res.exit_code == 0, res.output
    assert remote == local
    assert len(records(out)) == sum(len(lines) for lines in local)


def _corpus_copies(folder: Path, n: int) -> None:
    """``n`` distinct documents: the sample corpus, each copy with its own unit name."""
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPORA.glob("0[1-3]*.txt"))]
    for i in range(n):
        (folder / f"doc{i:02d}.txt").write_text(f"第{i + 1}号" + texts[i % len(texts)], encoding="utf-8")


@pytest.mark.slow
def test_killed_run_resumes_without_loss_or_duplicates(tmp_path: Path):
    src = tmp_path / "docs"
    n = batch.BATCH_DOCUMENTS + 8  # two batches: killed after the first
    _corpus_copies(src, n)
    out = tmp_path / "run.jsonl"
    journal = out.with_name(f".{out.name}.journal.jsonl")
    cmd = [sys.executable, "-m", "textkit", "extract", str(src), "-o", str(out), "-q", "--workers", "1", "--no-structure"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and (not journal.exists() or len(journal.read_text(encoding="utf-8").splitlines()) < 3):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists(), "a killed run must not leave an output that looks complete"
    kept = journal.read_text(encoding="utf-8").splitlines()
    assert 3 <= len(kept) < n
    with journal.open("a", encoding="utf-8") as fh:
        fh.write('{"source": "half a line')  # the kill may cut a line in two
    res = runner.invoke(app, ["extract", str(src), "-o", str(out), "-q", "--workers", "2", "--no-structure", "--resume"])
    assert res.exit_code == 0, res.output
    assert not journal.exists()
    resumed = records(out)
    clean = tmp_path / "clean.jsonl"
    assert runner.invoke(app, ["extract", str(src), "-o", str(clean), "-q", "--workers", "1", "--no-structure"]).exit_code == 0
    expected = records(clean)
    key = lambda r: (r["source"], r["article"])  # noqa: E731
    assert len(resumed) == len({key(r) for r in resumed}) == len(expected)
    assert all(r.pop("provenance")["run_started"] for r in (*resumed, *expected))  # the runs started at different times
    assert sorted(resumed, key=key) == sorted(expected, key=key)


def test_resume_adds_only_new_documents_to_a_finished_store(tmp_path: Path):
    src = tmp_path / "docs"
    _corpus_copies(src, 3)
    db = tmp_path / "store.sqlite"
    assert runner.invoke(app, ["extract", str(src), "-o", str(db), "-q", "--workers", "1"]).exit_code == 0
    (src / "new.txt").write_text(SCHOOL, encoding="utf-8")
    res = runner.invoke(app, ["extract", str(src), "-o", str(db), "--workers", "1", "--resume"])
    assert res.exit_code == 0, res.output
    assert "1 documents (3 already stored)" in res.output
    recs = list(read_records(db))
    assert len(recs) == 4 and len({r["doc_id"] for r in recs}) == 4


def test_python_api_writes_the_same_as_the_cli(tmp_path: Path):
    import textkit

    summary = textkit.extract_to([str(CORPORA / "01_village_branch.txt")], str(tmp_path / "api.jsonl"), workers=1)
    assert (summary.documents, summary.failed, summary.articles) == (1, 0, 1) and summary.measures > 5
    res = runner.invoke(app, ["extract", str(CORPORA / "01_village_branch.txt"), "-o", str(tmp_path / "cli.jsonl"), "-q", "-w", "1"])
    assert res.exit_code == 0
    assert _without_run_time((tmp_path / "api.jsonl").read_bytes()) == _without_run_time((tmp_path / "cli.jsonl").read_bytes())


def _fragile(task, config):
    """A stand-in for process_task: one document kills its worker process."""
    from textkit.batch import Result

    if task.source == "slow":
        time.sleep(0.5)  # still running when its neighbour kills the pool
    if task.source == "killer":
        os._exit(1)
    return Result(task.source, "", [task.source], None, {})


def test_workers_fork_from_a_frozen_pipeline_and_the_caller_collects_again_after(monkeypatch):
    """The loaded pipeline is frozen out of the garbage collector while workers fork from it (they
    neither scan it nor copy its pages), and thawed when the run ends, also when it ends early."""
    import gc

    import textkit.batch as batch

    frozen_while_running = []

    def noting(task, config):  # runs in the worker: the parent froze before forking it
        return batch.Result(task.source, "", [str(gc.get_freeze_count() > 0)], None, {})

    monkeypatch.setattr(batch, "process_tasks", each_task(noting))
    tasks = [batch.Task(name, text="支部召开党员大会") for name in ("a", "b", "c")]
    for result in batch.run(tasks, BatchConfig(mode="normalize"), workers=2, window=4):
        frozen_while_running.append(gc.get_freeze_count() > 0)
        assert result.lines == ["True"]
    assert frozen_while_running == [True, True, True]
    assert gc.get_freeze_count() == 0
    early = batch.run(iter(tasks), BatchConfig(mode="normalize"), workers=2, window=4)
    next(early)
    early.close()
    assert gc.get_freeze_count() == 0


def test_a_document_that_kills_its_worker_gets_the_error_and_no_other_does(monkeypatch):
    import textkit.batch as batch

    monkeypatch.setattr(batch, "process_tasks", each_task(_fragile))
    tasks = [batch.Task(name, text="x") for name in ("a", "b", "slow", "killer", "c", "d", "e")]
    results = list(batch.run(tasks, BatchConfig(mode="normalize"), workers=2, window=4))
    assert [r.source for r in results] == [t.source for t in tasks]
    assert [r.source for r in results if r.error] == ["killer"]
