"""``textkit convert``: a store made by ``textkit extract`` becomes every other format without extracting
again, whatever its size; the frames read back are the store's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import textkit
from textkit.cli import app

from ..conftest import REPORT_SIMPLIFIED, REPORT_TRADITIONAL
from .samples import SCHOOL

runner = CliRunner()
SUFFIXES = (".jsonl", ".csv", ".xlsx", ".parquet", ".sqlite")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("convert")
    names = {"community.txt": REPORT_SIMPLIFIED, "traditional.txt": REPORT_TRADITIONAL, "school.txt": SCHOOL, "empty.txt": ""}
    for name, text in names.items():
        (tmp / name).write_text(text, encoding="utf-8")
    out = tmp / "store.sqlite"
    res = runner.invoke(app, ["extract", *(str(tmp / n) for n in names), "-o", str(out), "-q", "-w", "1"])
    assert res.exit_code == 3, res.output  # the empty file is an error record
    return out


def _same_frames(got: dict, expected: dict, dropped: set[str] = frozenset(), *, empty_is_missing: bool = False) -> None:
    """Equal frames; ``empty_is_missing`` for CSV and Excel, where empty text and a missing value are the same empty cell."""
    for table, frame in expected.items():
        frame = frame.drop(columns=[c for c in dropped if c in frame.columns])
        other = got[table][list(frame.columns)]
        if empty_is_missing:
            frame, other = (f.map(lambda v: None if isinstance(v, str) and v == "" else v) for f in (frame, other))
        pd.testing.assert_frame_equal(other, frame, check_dtype=False, obj=table)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_store_converts_to_every_format(store: Path, tmp_path: Path, suffix: str):
    out = tmp_path / f"converted{suffix}"
    res = runner.invoke(app, ["convert", str(store), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "converted" in res.output and str(out) in res.output
    expected = textkit.read(store)
    assert len(expected["articles"]) == 3 and len(expected["measures"]) > 5 and len(expected["errors"]) == 1
    spreadsheet = suffix in (".csv", ".xlsx")
    _same_frames(textkit.read(out), expected, {"log", "structure"} if suffix == ".xlsx" else set(), empty_is_missing=spreadsheet)


def test_the_python_api_converts_and_streams_from_parquet(store: Path, tmp_path: Path):
    parquet = tmp_path / "s.parquet"
    written = textkit.convert(str(store), str(parquet))
    assert parquet in written and tmp_path / "s.measures.parquet" in written
    back = tmp_path / "back.sqlite"
    textkit.convert(str(parquet), str(back))
    _same_frames(textkit.read(back), textkit.read(store))


def test_a_store_over_the_input_size_limit_converts(store: Path, tmp_path: Path):
    """The input limit of documents (TEXTKIT_MAX_INPUT_BYTES) is in force, and convert is not held by it."""
    limit = store.stat().st_size // 4
    env = {**os.environ, "TEXTKIT_MAX_INPUT_BYTES": str(limit)}
    big = tmp_path / "big.txt"
    big.write_text(REPORT_SIMPLIFIED * (limit // len(REPORT_SIMPLIFIED.encode()) + 2), encoding="utf-8")
    cmd = [sys.executable, "-m", "textkit"]
    refused = subprocess.run(
        [*cmd, "extract", str(big), "-o", str(tmp_path / "big.jsonl"), "-q"], capture_output=True, env=env, timeout=120
    )
    assert refused.returncode == 4  # the document is over the limit
    out = tmp_path / "store.xlsx"
    done = subprocess.run([*cmd, "convert", str(store), "-o", str(out), "-q"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(textkit.read(out)["measures"]) == len(textkit.read(store)["measures"])


@pytest.mark.parametrize("target", ["store.sqlite", "store.txt", "store"])
def test_convert_refuses_the_source_and_unknown_suffixes(store: Path, target: str):
    before = store.read_bytes()
    res = runner.invoke(app, ["convert", str(store), "-o", str(store.with_name(target))])
    assert res.exit_code == 2
    assert ("overwrite the source" if target == "store.sqlite" else "unsupported output format") in res.output
    assert store.read_bytes() == before


def test_convert_refuses_a_source_that_is_not_an_output(tmp_path: Path):
    (tmp_path / "doc.txt").write_text(SCHOOL, encoding="utf-8")
    for source in (tmp_path / "doc.txt", tmp_path / "missing.sqlite"):
        res = runner.invoke(app, ["convert", str(source), "-o", str(tmp_path / "out.xlsx")])
        assert res.exit_code == 2 and "error:" in res.output
    assert not (tmp_path / "out.xlsx").exists()


def test_a_table_file_of_the_target_is_not_overwritten(store: Path, tmp_path: Path):
    """Converting to ``s.csv`` writes ``s.measures.csv`` too: a source of that name is refused."""
    textkit.convert(str(store), str(tmp_path / "s.csv"))
    source = tmp_path / "s.measures.csv"
    before = source.read_bytes()
    with pytest.raises(ValueError, match="overwrite the source"):
        textkit.convert(str(source), str(tmp_path / "s.csv"))
    assert source.read_bytes() == before
