"""Path rows of a manifest stay inside its folder unless --allow-outside-paths (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from textkit.cli import app

from ..conftest import REPORT_SIMPLIFIED

runner = CliRunner()


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "inside.txt").write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    (tmp_path / "outside.txt").write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    (folder / "docs" / "link.txt").symlink_to(tmp_path / "outside.txt")
    path = folder / "list.csv"
    rows = [
        "docs/inside.txt",
        "../outside.txt",
        "docs/../../outside.txt",
        "docs/link.txt",
        str(tmp_path / "outside.txt"),
        "/proc/self/environ",
        "/dev/zero",
    ]
    path.write_text("path\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def run(manifest: Path, tmp_path: Path, *options: str) -> list[str | None]:
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["normalize", str(manifest), "-o", str(out), "-q", "-w", "1", *options])
    assert res.exit_code == 3, res.output
    return [json.loads(line).get("error") for line in out.read_text(encoding="utf-8").splitlines()]


def test_paths_outside_the_manifest_folder_are_refused(manifest: Path, tmp_path: Path):
    errors = run(manifest, tmp_path)
    assert errors[0] is None
    for error in errors[1:5]:
        assert f"outside the manifest's folder {manifest.parent}" in error and "--allow-outside-paths" in error
    assert all("kernel or device file, never read" in e for e in errors[5:])


def test_allow_outside_paths_reads_them_but_never_kernel_files(manifest: Path, tmp_path: Path):
    errors = run(manifest, tmp_path, "--allow-outside-paths")
    assert errors[:5] == [None] * 5
    assert all("kernel or device file, never read" in e for e in errors[5:])
    assert run(manifest, tmp_path)[1] is not None  # the option holds for one run only


@pytest.mark.parametrize("command", ["extract", "segment", "screen", "report"])
def test_every_command_reading_manifests_has_the_option(command: str):
    options = {opt for param in typer.main.get_command(app).commands[command].params for opt in param.opts}
    assert "--allow-outside-paths" in options
