"""The commands: help, normalize, segment, extract (errors, exit codes, progress and summary), python -m textkit."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textkit.cli import EXIT_ALL_FAILED, EXIT_SOME_FAILED, app

from ..conftest import CORPORA, REPORT_TRADITIONAL

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


def test_progress_summary_and_quiet(tmp_path: Path):
    out = tmp_path / "s.jsonl"
    res = runner.invoke(app, ["extract", str(CORPORA / "01_village_branch.txt"), str(tmp_path / "missing.txt"), "-o", str(out), "-w", "1"])
    assert res.exit_code == EXIT_SOME_FAILED
    assert "2 documents" in res.output and "1 errors" in res.output and "measures" in res.output and "docs/s" in res.output
    res = runner.invoke(app, ["extract", str(CORPORA / "01_village_branch.txt"), "-o", str(out), "-w", "1", "-q"])
    assert res.exit_code == 0 and res.output == ""


COMMANDS = [
    "normalize",
    "segment",
    "extract",
    "explain",
    "search",
    "kwic",
    "freq",
    "dtm",
    "network",
    "train",
    "classify",
    "screen",
    "serve",
    "report",
    "schema",
    "convert",
    "code",
]


@pytest.mark.parametrize("module", ["textkit", "textkit.cli"])
def test_python_m_textkit_lists_every_command(module: str):
    env = {**os.environ, "COLUMNS": "100"}
    res = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, timeout=120, env=env)
    assert res.returncode == 0, res.stderr
    assert re.findall(r"^│ ([a-z]+) ", res.stdout, re.M) == COMMANDS


def test_the_app_registers_every_command():
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    assert re.findall(r"^│ ([a-z]+) ", res.output, re.M) == COMMANDS


@pytest.mark.parametrize(
    "args",
    [["extract", "--bogus"], ["extract"], ["schema", "--json", "error"], ["schema", "nothing"], ["kwic"], ["nonsense", "x"]],
    ids=["unknown option", "missing input", "schema", "bad choice", "kwic without input", "unknown command"],
)
def test_a_command_line_runs_as_the_full_app_runs_it(args: list[str], capsys):
    """``textkit NAME …`` runs through an app of that command alone (Typer builds one command's
    parameters, not seventeen): the same output, messages and exit code as the full app."""
    import textkit.cli as cli

    full = runner.invoke(app, args)
    built: list[str] = []
    real = cli._alone
    try:
        cli._alone = lambda command: built.append(command.__name__) or real(command)
        with pytest.raises(SystemExit) as stop:
            app(args, prog_name="textkit")
    finally:
        cli._alone = real
    out = capsys.readouterr()
    assert stop.value.code == full.exit_code
    assert built == ([] if args[0] == "nonsense" else [args[0]])
    assert (out.out + out.err).split() == full.output.split()


def test_help_imports_no_heavy_library():
    code = "import sys; from textkit.cli import app; print(sorted(m for m in sys.modules if m.split('.')[0] in HEAVY))"
    heavy = {
        "spacy",
        "sklearn",
        "numpy",
        "jieba",
        "opencc",
        "openpyxl",
        "pyarrow",
        "docx",
        "pypdf",
        "bs4",
        "rich",
        "datasketch",
        "skops",
        "starlette",
        "uvicorn",
        "multipart",
    }
    res = subprocess.run([sys.executable, "-c", f"HEAVY = {sorted(heavy)!r}; {code}"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"


def test_explain_names_the_rule_behind_each_decision():
    import textkit

    articles, decisions = textkit.explain("第二黨支部2023年組織黨員學習8次，發展黨員3名。")
    by_text = {(d.kind, d.text): d for d in decisions}
    assert by_text[("figures", "2023年")].kept is False and by_text[("figures", "2023年")].rule == "date"
    assert by_text[("figures", "党员学习8次")].kept is True and by_text[("figures", "二党支部")].rule == "ordinal"
    assert [f.value for f in articles[0].figures] == [8, 3]
    res = CliRunner().invoke(app, ["explain", "支部2023年组织学习8次。", "--kind", "figures", "--dropped"])
    assert res.exit_code == 0 and res.output.splitlines() == ["- figures   2023年" + " " * 35 + "  date: a date or a year"]


@pytest.mark.parametrize("via_link", [False, True], ids=["package-path", "symlink"])
def test_train_refuses_an_output_inside_the_package(tmp_path: Path, monkeypatch, via_link: bool):
    """``textkit train DATA -o models/new.skops`` from the repository root would write into the package
    through the ``models/`` link: refused (exit 2, nothing written) unless --replace-shipped."""
    import textkit

    package_models = Path(textkit.__file__).resolve().parent / "models"
    data = tmp_path / "labelled.csv"
    data.write_text("text,themes\n开展党员教育,education\n", encoding="utf-8")
    if via_link:
        (tmp_path / "models").symlink_to(package_models)
        monkeypatch.chdir(tmp_path)
        output = Path("models") / "frames14-new.skops"
    else:
        output = package_models / "frames14-new.skops"
    res = runner.invoke(app, ["train", str(data), "-o", str(output), "--no-compare"])
    assert res.exit_code == 2
    assert "inside the textkit package" in res.output and "--replace-shipped" in res.output
    assert not (package_models / "frames14-new.skops").exists()
    assert not (package_models / "frames14-new.skops.metrics.json").exists()
    with pytest.raises(ValueError, match="inside the textkit package"):
        textkit.train(str(data), str(output))


def test_inside_package_tells_package_paths_from_others(tmp_path: Path):
    from textkit.cli.train import inside_package

    assert not inside_package(tmp_path / "mine.skops")
    assert inside_package(Path(__file__).resolve().parents[2] / "textkit" / "models" / "themes.skops")
