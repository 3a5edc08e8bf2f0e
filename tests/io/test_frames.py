"""Notebook-style: extract two short reports to every output format and read each back with
``textkit.read`` into DataFrames whose list and dict cells need no ``json.loads``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import textkit

from ..conftest import REPORT_SIMPLIFIED, REPORT_TRADITIONAL

SUFFIXES = (".jsonl", ".csv", ".xlsx", ".parquet", ".sqlite")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("frames")
    (tmp / "simplified.txt").write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    (tmp / "traditional.txt").write_text(REPORT_TRADITIONAL, encoding="utf-8")
    (tmp / "empty.txt").write_bytes(b"")
    inputs = [str(tmp / n) for n in ("simplified.txt", "traditional.txt", "empty.txt")]
    outs = {}
    for suffix in SUFFIXES:
        outs[suffix] = tmp / f"out{suffix}"
        textkit.extract_to(inputs, str(outs[suffix]), workers=1)
    return outs


@pytest.fixture(scope="module")
def expected(outputs) -> dict[str, pd.DataFrame]:
    return textkit.read(outputs[".jsonl"])


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_every_output_reads_into_dataframes(outputs, expected, suffix):
    frames = textkit.read(outputs[suffix])
    assert {"articles", "measures", "slogans", "figures", "errors"} <= set(frames)
    assert all(isinstance(f, pd.DataFrame) for f in frames.values())
    assert frames["articles"].shape[0] == 2  # one article per report
    assert frames["errors"].shape == (1, 2)  # the empty file
    for table in ("measures", "slogans", "figures"):
        assert frames[table].shape == expected[table].shape, table
    # The Excel workbook leaves out the long per-article fields (log, structure); the rest is there.
    assert set(expected["articles"].columns) - set(frames["articles"].columns) <= ({"log", "structure"} if suffix == ".xlsx" else set())
    assert frames["articles"]["title"].tolist() == expected["articles"]["title"].tolist()
    assert frames["measures"].shape[0] >= 4 and frames["figures"].shape[0] >= 4
    # Lists and dicts are Python objects, not JSON text.
    assert all(isinstance(t, list) and t for t in frames["measures"]["themes"])
    assert all(isinstance(e, list) for e in frames["slogans"]["expansion"])
    assert frames["measures"]["themes"].tolist() == expected["measures"]["themes"].tolist()
    assert frames["figures"]["value"].tolist() == pytest.approx(expected["figures"]["value"].tolist())
    # Both scripts extract the same items: the traditional report is normalised to simplified.
    by_article = frames["measures"].groupby("article_id")["text"].apply(list)
    assert by_article.iloc[0] == by_article.iloc[1]


def test_item_rows_point_to_their_article(outputs):
    frames = textkit.read(outputs[".sqlite"])
    arts = frames["articles"].set_index("article_id")
    merged = frames["figures"].join(arts[["title"]], on="article_id")
    assert merged["title"].notna().all()
    assert frames["figures"]["item_id"].tolist() == list(range(1, len(frames["figures"]) + 1))


def test_an_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        textkit.read(tmp_path / "out.txt")


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_every_output_carries_its_provenance(outputs, suffix):
    """Each article row says what made it: textkit version, model and lexicon hashes, options, run time."""
    from textkit.model_files import shipped_model
    from textkit.provenance import file_hash

    provs = textkit.read(outputs[suffix])["articles"]["provenance"].tolist()
    assert len(provs) == 2 and all(p == provs[0] for p in provs)
    prov = provs[0]
    assert prov["textkit"] == textkit.__version__
    assert prov["mode"] == "extract" and prov["script"] == "simplified"
    assert prov["pipes"] == ["genre", "slogans", "figures", "measures", "measure_filter", "themes"]
    assert prov["theme_model_sha256"] == file_hash(shipped_model("themes.skops")) and len(prov["theme_model_sha256"]) == 12
    assert prov["slogan_model_sha256"] == file_hash(shipped_model("slogans.skops"))
    assert len(prov["slogan_lexicon_sha256"]) == 12
    assert prov["run_started"].startswith("20") and "T" in prov["run_started"]


def test_provenance_follows_the_options(tmp_path):
    from textkit.batch import BatchConfig
    from textkit.provenance import add_to_line, provenance

    user = tmp_path / "mine.tsv"
    user.write_text("text\tkind\texpansion\n五个一工程\tmotto\t\n", encoding="utf-8")
    plain, custom = provenance(BatchConfig()), provenance(BatchConfig(slogans=str(user), pipes=("slogans",)))
    assert custom["slogan_lexicon"] == "mine.tsv" and custom["slogan_lexicon_sha256"] != plain["slogan_lexicon_sha256"]
    assert custom["pipes"] == ["slogans"]
    seg = provenance(BatchConfig(mode="segment", pos=True))
    assert seg["mode"] == "segment" and seg["pos"] is True and "theme_model_sha256" not in seg
    assert add_to_line('{"a": 1}', '{"v": 2}') == '{"a": 1, "provenance": {"v": 2}}'


def test_jsonl_records_keep_their_fields_and_add_provenance(outputs):
    import json

    first = json.loads(outputs[".jsonl"].read_text(encoding="utf-8").splitlines()[0])
    assert list(first)[:4] == ["source", "doc_id", "article", "title"] and list(first)[-1] == "provenance"
