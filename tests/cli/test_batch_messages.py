"""What a run says and refuses: failed inputs named, an unfinished run never discarded unasked, no
empty item tables from normalize and segment, no classifying of the current folder for an empty argument."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from textkit.cli import app
from textkit.io.writers import Output

from ..conftest import REPORT_SIMPLIFIED
from ..io.samples import SCHOOL

runner = CliRunner()


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a_community.txt").write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    (folder / "b_school.txt").write_text(SCHOOL, encoding="utf-8")
    return folder


@pytest.mark.parametrize("text", ["", "   "])
def test_classify_refuses_an_empty_argument(text: str, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.txt").write_text(SCHOOL, encoding="utf-8")
    res = runner.invoke(app, ["classify", text])
    assert res.exit_code == 2
    assert "nothing to classify" in res.output and "report.txt" not in res.output


def test_failed_inputs_are_named_with_their_error(docs: Path, tmp_path: Path):
    (docs / "broken.docx").write_bytes(b"not a zip at all")
    out = tmp_path / "out.sqlite"
    res = runner.invoke(app, ["extract", str(docs), "-o", str(out), "-w", "1"])
    assert res.exit_code == 3, res.output
    assert "failed inputs (1):" in res.output
    named = [line for line in res.output.splitlines() if "broken.docx" in line]
    assert named and "not a valid .docx" in named[0]
    assert "a_community.txt" not in res.output.split("failed inputs")[1]


def test_past_the_first_failures_the_rest_are_counted_and_located(docs: Path, tmp_path: Path, monkeypatch):
    import textkit.cli.runner

    monkeypatch.setattr(textkit.cli.runner, "FAILURES_SHOWN", 2)
    for i in range(5):
        (docs / f"broken{i}.docx").write_bytes(b"PK broken")
    out = tmp_path / "out.csv"
    res = runner.invoke(app, ["normalize", str(docs), "-o", str(out), "-w", "1"])
    assert res.exit_code == 3, res.output
    tail = res.output.split("failed inputs (5):")[1].splitlines()
    assert len([line for line in tail if "broken" in line and ".docx" in line]) == 2
    assert f"… and 3 more, see errors in {tmp_path / 'out.errors.csv'}" in res.output


def _unfinished_run(docs: Path, out: Path, tmp_path: Path) -> bytes:
    """The journal of a run on ``out`` that stopped after its first document; returns the journal's bytes."""
    finished = tmp_path / "finished.jsonl"
    assert runner.invoke(app, ["normalize", str(docs), "-o", str(finished), "-q", "-w", "1"]).exit_code == 0
    first = json.loads(finished.read_text(encoding="utf-8").splitlines()[0])
    run = Output(str(out))
    run.open()
    run.write([json.dumps(first, ensure_ascii=False)], first["source"], first["doc_id"])
    run.close()
    run.unlock()
    return run.journal.read_bytes()


def test_an_unfinished_run_is_not_discarded_without_being_asked(docs: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    journal = _unfinished_run(docs, out, tmp_path)
    res = runner.invoke(app, ["normalize", str(docs), "-o", str(out), "-w", "1"])
    assert res.exit_code == 2
    message = " ".join(res.output.split())
    assert "stopped after 1 document" in message and "--resume" in message and "--fresh" in message
    assert (tmp_path / ".out.jsonl.journal.jsonl").read_bytes() == journal and not out.exists()
    res = runner.invoke(app, ["extract", str(docs), "-o", str(out), "-w", "1"])  # refused before the models load
    assert res.exit_code == 2 and "stopped after 1 document" in " ".join(res.output.split())
    res = runner.invoke(app, ["normalize", str(docs), "-o", str(out), "-w", "1", "--resume"])
    assert res.exit_code == 0, res.output
    assert "1 documents (1 already stored)" in res.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_fresh_starts_over(docs: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    _unfinished_run(docs, out, tmp_path)
    res = runner.invoke(app, ["normalize", str(docs), "-o", str(out), "-w", "1", "--resume", "--fresh"])
    assert res.exit_code == 2 and "give one of them" in res.output
    res = runner.invoke(app, ["normalize", str(docs), "-o", str(out), "-w", "1", "--fresh"])
    assert res.exit_code == 0, res.output
    assert "2 documents (0 already stored)" in res.output and "discarded" in res.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert not (tmp_path / ".out.jsonl.journal.jsonl").exists()


@pytest.mark.parametrize("command", ["normalize", "segment"])
def test_normalize_and_segment_write_no_empty_item_tables(command: str, docs: Path, tmp_path: Path):
    stale = tmp_path / "out.measures.csv"
    stale.write_text("article_id,text\n", encoding="utf-8")  # left by an earlier extract to the same name
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"out{suffix}"
        res = runner.invoke(app, [command, str(docs), "-o", str(out), "-q", "-w", "1"])
        assert res.exit_code == 0, res.output
    assert sorted(p.name for p in tmp_path.glob("out*.csv")) == ["out.csv"]
    assert load_workbook(tmp_path / "out.xlsx", read_only=True).sheetnames == ["articles", "errors"]
