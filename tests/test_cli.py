from __future__ import annotations

import json

from typer.testing import CliRunner

from textkit.cli import EXIT_ALL_FAILED, EXIT_SOME_FAILED, app

from .conftest import CORPORA, REPORT_TRADITIONAL

runner = CliRunner()


def _records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_help_explains_commands():
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    for cmd in ("normalize", "segment", "extract"):
        assert cmd in res.output
    res = runner.invoke(app, ["extract", "--help"])
    assert "--output" in res.output and "--model" in res.output


def test_normalize_corpus_one_record_per_article(tmp_path):
    out = tmp_path / "norm.jsonl"
    res = runner.invoke(app, ["normalize", str(CORPORA), "--output", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    recs = _records(out)
    sources = {r["source"] for r in recs}
    assert len(sources) == len(list(CORPORA.glob("*.txt")))
    compiled = [r for r in recs if r["source"].endswith("06_community_committee.txt")]
    assert len(compiled) == 3
    for r in recs:
        assert r["title"] and r["text"] and isinstance(r["log"], dict)


def test_normalize_traditional_output(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text(REPORT_TRADITIONAL, encoding="utf-8")
    out = tmp_path / "t.jsonl"
    res = runner.invoke(app, ["normalize", str(src), "-o", str(out), "--script", "traditional", "-q"])
    assert res.exit_code == 0
    (rec,) = _records(out)
    assert "黨委" in rec["text"] and "党委" not in rec["text"]


def test_segment_records(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text(REPORT_TRADITIONAL, encoding="utf-8")
    out = tmp_path / "seg.jsonl"
    res = runner.invoke(app, ["segment", str(src), "-o", str(out), "--pos", "-q"])
    assert res.exit_code == 0
    (rec,) = _records(out)
    assert "三会一课" in rec["tokens"] and len(rec["pos"]) == len(rec["tokens"])


def test_extract_errors_and_exit_codes(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(REPORT_TRADITIONAL, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "x.jsonl"
    res = runner.invoke(app, ["extract", str(good), str(empty), str(tmp_path / "missing.txt"), "-o", str(out), "-q"])
    assert res.exit_code == EXIT_SOME_FAILED
    recs = _records(out)
    assert len(recs) == 3
    errors = [r for r in recs if "error" in r]
    assert {e["source"].split("/")[-1] for e in errors} == {"empty.txt", "missing.txt"}
    ok = [r for r in recs if "error" not in r][0]
    for key in ("title", "slogans", "figures", "measures", "themes", "structure"):
        assert key in ok
    res = runner.invoke(app, ["extract", str(empty), "-o", str(out), "-q"])
    assert res.exit_code == EXIT_ALL_FAILED
    res = runner.invoke(app, ["extract", str(good), "-o", str(tmp_path / "x.unknown"), "-q"])
    assert res.exit_code == 2
