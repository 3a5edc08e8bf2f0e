"""Outputs of the corpus tools (kwic, freq, freq --collocate, dtm, network) and of `textkit code`: every
table, file and attribute they write is documented in the schema (fields.toml → docs/schema.md), and every
one carries its provenance (version, time, command, options, inputs, the extract runs behind them) where
the documented convention puts it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import textkit
from textkit import schema
from textkit.cli import app
from textkit.io.records import read_records
from textkit.provenance import PROVENANCE_SHEET, read_output_provenance, sidecar_path

runner = CliRunner()
EPOCH = "1733990400"  # 2024-12-12T08:00:00Z
CREATED = "2024-12-12T08:00:00+00:00"

# Own sample text: two branch reports in simplified script with metadata, one in traditional script.
REPORTS = [
    {
        "id": "LY-2023",
        "title": "柳园社区党委2023年党建工作总结",
        "unit": "柳园社区党委",
        "year": 2023,
        "text": (
            "社区党委坚持把“三会一课”作为党员教育管理的基本制度，全年召开党员大会6次、支委会24次。"
            "各网格党小组开展主题党日活动，党员志愿者入户走访独居老人。\n"
            "围绕基层治理，社区推行“红色物业”模式，党员骨干参与小区议事协商。"
            "部分党员参加主题党日活动不够积极，“三会一课”记录不够规范。\n"
            "下一步，社区党委将继续规范“三会一课”，深化基层治理，加强党员教育管理。"
        ),
    },
    {
        "id": "SQ-2024",
        "title": "石泉村党支部2024年度工作报告",
        "unit": "石泉村党支部",
        "year": 2024,
        "text": (
            "村党支部落实“四议两公开”工作法，修建村道2公里，村集体经济收入增长12%。"
            "支部每月开展主题党日，严格执行“三会一课”制度，发展预备党员1名。\n"
            "党员干部带头发展茶叶产业，带动农户增收。支部加强党员教育管理，以党建促进基层治理。"
        ),
    },
]
TRADITIONAL = (
    "南湖街道黨工委2024年黨建工作總結\n"
    "街道黨工委堅持以黨建引領基層治理，嚴格落實「三會一課」制度，開展主題黨日活動八次。"
    "黨員志願者深入小區服務群眾，推進黨員教育管理常態化。\n"
    "街道深化「紅色物業」建設，基層治理水平不斷提升。\n"
)
RULES = """[学习教育]
words = ["三会一课", "主题党日"]
patterns = ["党员.{0,2}教育"]

[基层治理]
words = ["基层治理", "红色物业", "议事协商"]
"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict[str, Path]:
    """A JSONL manifest with metadata, its extract output (.jsonl), a folder with the traditional report, a coding dictionary."""
    tmp = tmp_path_factory.mktemp("tool_outputs")
    manifest = tmp / "reports.jsonl"
    manifest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in REPORTS), encoding="utf-8")
    extracted = tmp / "extracted.jsonl"
    textkit.extract_to([str(manifest)], str(extracted), workers=1)
    docs = tmp / "docs"
    docs.mkdir()
    (docs / "nanhu.txt").write_text(TRADITIONAL, encoding="utf-8")
    rules = tmp / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    return {"tmp": tmp, "manifest": manifest, "extracted": extracted, "docs": docs, "rules": rules}


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _metadata(sample) -> set[str]:
    return {k for r in read_records(sample["extracted"]) for k in r.get("metadata") or {}}


def _run(*args: str) -> None:
    res = runner.invoke(app, [str(a) for a in args])
    assert res.exit_code == 0, res.output


def _csv_columns(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def _xlsx_columns(path: Path) -> dict[str, list[str]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: [c for c in next(ws.iter_rows(max_row=1, values_only=True))] for ws in wb.worksheets}
    finally:
        wb.close()


def _documented(table: str, columns, metadata=()) -> None:
    assert list(columns), table
    assert schema.undocumented_columns(table, columns, metadata) == [], table


def _check_provenance(prov: dict | None, command: str, *, from_extract: bool) -> None:
    """The provenance has every required key and only documented keys, the fixed time, and the extract runs when an input is one."""
    assert prov, command
    keys = schema.objects()["table.tool_provenance"].fields
    assert {k for k, f in keys.items() if f.required} <= set(prov)
    _documented("tool_provenance", prov)
    assert prov["command"] == command and prov["textkit"] == textkit.__version__ and prov["created"] == CREATED
    assert prov["inputs"] and isinstance(prov["options"], dict)
    if from_extract:
        (run,) = prov["input_runs"]
        _documented("input_runs", run)
        assert run["articles"] == len(REPORTS) and run["mode"] == "extract" and run["theme_model_sha256"]
    else:
        assert prov["input_runs"] == []


# --------------------------------------------------------------------------- kwic


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_kwic_outputs(sample, tmp_path, suffix):
    out = tmp_path / f"hits{suffix}"
    _run("kwic", sample["extracted"], sample["docs"], "-q", "三會一課|红色物业", "--sort", "left", "-o", out)
    if suffix == ".csv":
        columns = _csv_columns(out)
        assert sidecar_path(out).name == "hits.provenance.json" and sidecar_path(out).is_file()
    else:
        sheets = _xlsx_columns(out)
        assert list(sheets) == ["kwic", PROVENANCE_SHEET]
        columns = sheets["kwic"]
        _documented("provenance_sheet", sheets[PROVENANCE_SHEET])
    assert {"unit", "year"} <= set(columns)
    _documented("kwic", columns, _metadata(sample))
    prov = read_output_provenance(out)
    _check_provenance(prov, "kwic", from_extract=True)
    assert prov["options"]["query"] == ["三會一課|红色物业"] and prov["options"]["sort"] == "left"
    assert prov["inputs"] == [str(sample["extracted"]), str(sample["docs"])]


def test_kwic_provenance_is_reproducible(sample, tmp_path):
    """With SOURCE_DATE_EPOCH, two runs write byte-identical files, provenance included."""
    for name in ("a", "b"):
        _run("kwic", sample["docs"], "-q", "三会一课", "-o", tmp_path / f"{name}.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.provenance.json").read_bytes() == (tmp_path / "b.provenance.json").read_bytes()


# --------------------------------------------------------------------------- freq and collocates


def test_freq_outputs(sample, tmp_path):
    by_year = tmp_path / "words.xlsx"
    _run("freq", sample["extracted"], "--by", "year", "-o", by_year)
    sheets = _xlsx_columns(by_year)
    assert sheets["frequencies"][0] == "year"
    _documented("frequencies", sheets["frequencies"], _metadata(sample))
    _documented("provenance_sheet", sheets[PROVENANCE_SHEET])
    prov = read_output_provenance(by_year)
    _check_provenance(prov, "freq", from_extract=True)
    assert prov["options"]["by"] == "year"

    tagged = tmp_path / "words.csv"
    stop = tmp_path / "stop.txt"
    stop.write_text("党员\n社区\n", encoding="utf-8")
    _run("freq", sample["docs"], "--pos", "n,v", "--stopwords", stop, "-o", tagged)
    columns = _csv_columns(tagged)
    assert "pos" in columns
    _documented("frequencies", columns)
    prov = read_output_provenance(tagged)
    _check_provenance(prov, "freq", from_extract=False)
    assert prov["options"]["pos"] == ["n", "v"] and prov["options"]["stopwords"]["words"] == 2


def test_collocates_output(sample, tmp_path):
    out = tmp_path / "coll.csv"
    _run("freq", sample["extracted"], sample["docs"], "--collocate", "三会一课", "--min-freq", "1", "-o", out)
    _documented("collocates", _csv_columns(out))
    prov = read_output_provenance(out)
    _check_provenance(prov, "collocates", from_extract=True)
    assert prov["options"]["node"] == "三会一课" and prov["options"]["window"] == 5


# --------------------------------------------------------------------------- dtm


def test_dtm_matrix_market_files(sample, tmp_path):
    out = tmp_path / "dtm.mtx"
    _run("dtm", sample["extracted"], sample["docs"], "-o", out)
    _documented("dtm_documents", _csv_columns(tmp_path / "dtm.docs.csv"), _metadata(sample))
    _documented("dtm_vocabulary", _csv_columns(tmp_path / "dtm.vocab.csv"))
    assert not (tmp_path / "dtm.docs.provenance.json").exists()  # one provenance for the three files
    prov = read_output_provenance(out)
    _check_provenance(prov, "dtm", from_extract=True)
    assert prov["files"] == ["dtm.mtx", "dtm.vocab.csv", "dtm.docs.csv"]


def test_dtm_parquet_files(sample, tmp_path):
    import pandas as pd

    out = tmp_path / "cells.parquet"
    _run("dtm", sample["manifest"], "-o", out, "--min-df", "2")
    cells, docs = pd.read_parquet(out), pd.read_parquet(tmp_path / "cells.docs.parquet")
    _documented("dtm_cells", cells.columns)
    _documented("dtm_documents", docs.columns, _metadata(sample))
    prov = read_output_provenance(out)
    _check_provenance(prov, "dtm", from_extract=False)
    assert prov["options"]["min_df"] == 2
    assert cells.attrs["provenance"] == docs.attrs["provenance"] == prov  # Parquet keeps it too


# --------------------------------------------------------------------------- network


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_network_files(sample, tmp_path, suffix):
    import networkx as nx

    out = tmp_path / f"net{suffix}"
    _run("network", sample["extracted"], sample["docs"], "-o", out, "--min-cooccurrence", "1", "--min-jaccard", "0.1")
    graph = nx.read_gexf(out) if suffix == ".gexf" else nx.read_graphml(out)
    assert graph.number_of_edges() > 0 and {d["kind"] for _, d in graph.nodes(data=True)} == {"word", "slogan"}
    _documented("network_nodes", {k for _, d in graph.nodes(data=True) for k in d})
    _documented("network_edges", {k for _, _, d in graph.edges(data=True) for k in d})
    prov = read_output_provenance(out)
    _check_provenance(prov, "network", from_extract=True)
    assert prov["options"]["min_jaccard"] == 0.1 and prov["options"]["within"] == "sentence"
    if suffix == ".graphml":
        attrs = set(graph.graph) - {"node_default", "edge_default"}
        _documented("network_graph", attrs - set(prov))
        assert set(prov) <= attrs
    else:
        assert f'lastmodifieddate="{CREATED[:10]}"' in out.read_text(encoding="utf-8")


def test_report_network_tables_are_documented(sample):
    from textkit.report import build_report

    tables = build_report(list(read_records(sample["extracted"]))).tables
    for name in ("network_nodes", "network_edges"):
        assert tables[name]
        _documented(name, {k for row in tables[name] for k in row})
    _documented("input_runs", {k for row in tables["provenance"] for k in row})


# --------------------------------------------------------------------------- code


def test_code_outputs(sample, tmp_path):
    table, matches = tmp_path / "codes.xlsx", tmp_path / "m.csv"
    _run("code", sample["rules"], sample["extracted"], sample["docs"], "-o", table, "--unit", "article", "--matches", matches, "-q")
    sheets = _xlsx_columns(table)
    assert list(sheets) == ["codes", PROVENANCE_SHEET]
    assert {"article", "code_学习教育", "code_基层治理"} <= set(sheets["codes"])
    _documented("coding", sheets["codes"], _metadata(sample))
    _documented("coding_matches", _csv_columns(matches))
    for out in (table, matches):
        prov = read_output_provenance(out)
        _check_provenance(prov, "code", from_extract=True)
        assert prov["coding"] == "rules.toml" and prov["coding_categories"] == 2 and len(prov["coding_sha256"]) == 12
        assert prov["options"] == {"unit": "article", "matches": True}

    lines = tmp_path / "codes.jsonl"
    _run("code", sample["rules"], sample["manifest"], "-o", lines, "-q")
    rows = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    _documented("coding", {k for r in rows for k in r}, _metadata(sample))
    _check_provenance(read_output_provenance(lines), "code", from_extract=False)


def test_code_to_standard_output_writes_no_provenance_file(sample, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _run("code", sample["rules"], sample["docs"], "-q")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- Python API


def test_api_results_carry_provenance_and_documented_columns(sample):
    inputs = [sample["extracted"], sample["docs"]]
    corpus = textkit.corpus_of(inputs)
    metadata = _metadata(sample)
    frames = {
        ("kwic", "kwic"): textkit.kwic(corpus, "三会一课"),
        ("frequencies", "freq"): textkit.freq(corpus, by="year"),
        ("collocates", "collocates"): textkit.collocates(corpus, "基层治理", min_freq=1),
    }
    for (table, command), frame in frames.items():
        _documented(table, frame.columns, metadata)
        _check_provenance(frame.attrs["provenance"], command, from_extract=True)
    matrix = textkit.dtm(corpus)
    _documented("dtm_documents", matrix.documents.columns, metadata)
    _documented("dtm_vocabulary", matrix.terms().columns)
    _documented("dtm_cells", matrix.long().columns)
    _check_provenance(matrix.provenance, "dtm", from_extract=True)
    graph = textkit.network(sample["extracted"], min_cooccurrence=1)
    _check_provenance(graph.graph["provenance"], "network", from_extract=True)
    coding = textkit.CodingDictionary.load(sample["rules"])
    codes, matches = coding.table(inputs), coding.match_table(sample["docs"])
    _documented("coding", codes.columns, metadata)
    _documented("coding_matches", matches.columns)
    _check_provenance(codes.attrs["provenance"], "code", from_extract=True)
    _check_provenance(matches.attrs["provenance"], "code", from_extract=False)
    assert codes.attrs["provenance"]["options"] == {"unit": "document"}


def test_an_undocumented_column_or_key_is_named(sample):
    lines = textkit.kwic(sample["docs"], "三会一课")
    assert schema.undocumented_columns("kwic", [*lines.columns, "speaker"]) == ["speaker"]
    prov = {**lines.attrs["provenance"], "host": "lab-pc"}
    assert schema.undocumented_columns("tool_provenance", prov) == ["host"]
