"""Corpus tools over extract outputs and documents: concordance (OR, regex, scripts, sort, metadata,
export), frequency list, collocations, document-term matrix, co-occurrence network and its drawing
in the report."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

import textkit
from textkit.cli import app
from textkit.corpus.kwic import display_width
from textkit.corpus.source import read_corpus
from textkit.io.records import read_records

from .samples import REPORTS, write_folder, write_manifest

runner = CliRunner()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """The sample reports as a folder of .txt files, a JSONL manifest, and its extract outputs (.jsonl, .sqlite)."""
    tmp = tmp_path_factory.mktemp("corpus")
    paths = {"folder": write_folder(tmp / "docs"), "manifest": write_manifest(tmp / "reports.jsonl")}
    for suffix in (".jsonl", ".sqlite"):
        out = tmp / f"extracted{suffix}"
        res = runner.invoke(app, ["extract", str(paths["manifest"]), "-o", str(out), "-q", "--workers", "1"])
        assert res.exit_code == 0, res.output
        paths[suffix] = out
    return paths


def _occurrences(term: str) -> int:
    """How often ``term`` occurs in the simplified texts of the samples (traditional ones converted)."""
    from textkit.normalization.script import to_simplified

    return sum(to_simplified(r["content"])[0].count(term) for r in REPORTS)


# --------------------------------------------------------------------------- source


def test_documents_and_outputs_give_the_same_units(inputs: dict):
    folder = read_corpus([str(inputs["folder"])])
    manifest = read_corpus([str(inputs["manifest"])])
    stored = read_corpus([str(inputs[".sqlite"])])
    assert len(folder) == len(manifest) == len(stored) == 3 and not folder.errors
    assert [u.text for u in manifest] == [u.text for u in stored]  # normalised on the fly as extract normalises
    assert "东湖社区党委" in folder.units[1].title and "三会一课" in folder.units[1].text  # traditional → simplified
    assert folder.units[0].metadata == {} and manifest.units[0].value("unit") == "城关街道党工委"
    assert stored.units[2].value("year") == "2024" and stored.units[2].value("region") == "城关区"
    assert {"unit", "year", "region"} <= set(manifest.columns())
    assert stored.units[1].slogans and "三会一课" in stored.units[1].slogans  # records keep their slogans


def test_an_unreadable_input_is_named_and_the_rest_read(inputs: dict, tmp_path: Path):
    corpus = read_corpus([str(inputs["folder"]), str(tmp_path / "missing.txt")])
    assert len(corpus) == 3 and len(corpus.errors) == 1 and "missing.txt" in corpus.errors[0]


# --------------------------------------------------------------------------- kwic


@pytest.mark.parametrize("source", ["folder", "manifest", ".jsonl", ".sqlite"])
def test_kwic_finds_a_traditional_query_in_every_input(inputs: dict, source: str):
    lines = textkit.kwic(inputs[source], "三會一課", width=6)
    assert len(lines) == _occurrences("三会一课") == 5
    assert set(lines["match"]) == {"三会一课"}
    assert all(len(x) <= 6 for x in lines["left"]) and all(len(x) <= 6 for x in lines["right"])


def test_kwic_or_and_regex(inputs: dict):
    one = textkit.kwic(inputs[".jsonl"], "三会一课")
    other = textkit.kwic(inputs[".jsonl"], "主题党日")
    assert len(textkit.kwic(inputs[".jsonl"], "三会一课|主題黨日")) == len(one) + len(other)
    assert len(textkit.kwic(inputs[".jsonl"], ["三会一课", "主题党日"])) == len(one) + len(other)
    found = textkit.kwic(inputs[".jsonl"], r"党员(大会|教育)", regex=True)
    assert set(found["match"]) == {"党员大会", "党员教育"}
    assert len(found) == _occurrences("党员大会") + _occurrences("党员教育")


def test_kwic_lines_carry_title_and_metadata(inputs: dict):
    lines = textkit.kwic(inputs[".sqlite"], "乡村振兴")
    assert len(lines) == 1
    row = lines.iloc[0]
    assert (row["title"], row["unit"], row["year"], row["region"]) == ("河西村党支部2024年工作报告", "河西村党支部", "2024", "河西镇")
    text = next(r["text"] for r in read_records(inputs[".sqlite"]) if r["source"] == row["source"])
    assert text[row["start"] : row["end"]] == "乡村振兴" and text[: row["start"]].endswith(row["left"])
    only = textkit.kwic(inputs[".sqlite"], "乡村振兴", columns=["year"])
    assert list(only.columns) == ["source", "article", "title", "year", "start", "end", "left", "match", "right"]


def test_kwic_sorts_by_left_and_right_context(inputs: dict):
    left = textkit.kwic(inputs["manifest"], "党员", sort="left", width=8)
    keys = [x[::-1] for x in left["left"]]
    assert len(left) > 5 and keys == sorted(keys)
    right = textkit.kwic(inputs["manifest"], "党员", sort="right", width=8)
    assert list(right["right"]) == sorted(right["right"])
    by_source = textkit.kwic(inputs["manifest"], "党员", sort="source")
    assert list(by_source["start"][by_source["source"] == by_source["source"][0]]) == sorted(
        by_source["start"][by_source["source"] == by_source["source"][0]]
    )
    assert sorted(left["start"]) == sorted(by_source["start"])  # the same lines, in another order


def test_kwic_cli_exports_csv_and_xlsx(inputs: dict, tmp_path: Path):
    out = tmp_path / "hits.csv"
    res = runner.invoke(app, ["kwic", str(inputs[".jsonl"]), "-q", "三会一课", "-q", "两学一做", "--sort", "left", "-o", str(out)])
    assert res.exit_code == 0, res.output
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == _occurrences("三会一课") + _occurrences("两学一做")
    assert {"title", "unit", "year", "region", "left", "match", "right"} <= set(rows[0])
    assert {r["unit"] for r in rows} == {"城关街道党工委", "河西村党支部", "东湖社区党委"}
    xlsx = tmp_path / "hits.xlsx"
    assert runner.invoke(app, ["kwic", str(inputs["folder"]), "-q", "党员", "-o", str(xlsx)]).exit_code == 0
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    assert [c.value for c in ws[1]][:3] == ["source", "article", "title"] and ws.freeze_panes == "A2"
    assert ws.max_row - 1 == _occurrences("党员")


def test_kwic_cells_are_spreadsheet_safe(tmp_path: Path):
    doc = tmp_path / "formula.txt"
    doc.write_text("支部台账\n台账公式=SUM(A1)三会一课记录齐全，三会一课@按时召开。\n", encoding="utf-8")
    out = tmp_path / "hits.csv"
    res = runner.invoke(app, ["kwic", str(doc), "-q", "三会一课", "--width", "8", "-o", str(out)])
    assert res.exit_code == 0, res.output
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["left"] == "'=SUM(A1)" and rows[1]["right"] == "'@按时召开。"


def test_kwic_cli_prints_aligned_lines(inputs: dict):
    res = runner.invoke(app, ["kwic", str(inputs["manifest"]), "-q", "三会一课", "--width", "6"])
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 5 and all("【三会一课】" in ln for ln in lines)
    assert len({display_width(ln[: ln.index("【")]) for ln in lines}) == 1  # the matches line up in a terminal
    assert "2023" in lines[0]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-q", "不存在的提法"], 1, "no match"),
        (["-q", "("], 1, "no match"),  # plain text: a parenthesis is just a character
        (["-q", "(", "--regex"], 2, "bad regular expression"),
        (["-q", " | "], 2, "query is empty"),
        (["-q", "x*", "--regex"], 2, "empty string"),
        (["-q", "党员", "--sort", "middle"], 2, "--sort"),
        (["-q", "党员", "-c", "province"], 2, "province"),
        (["-q", "党员", "-o", "hits.txt"], 2, ".csv or .xlsx"),
    ],
)
def test_kwic_exit_codes(inputs: dict, args: list[str], code: int, message: str):
    res = runner.invoke(app, ["kwic", str(inputs[".jsonl"]), *args])
    assert res.exit_code == code and message in res.output, res.output


def test_search_still_reads_the_store(inputs: dict):
    res = runner.invoke(app, ["search", str(inputs[".sqlite"]), "三會一課"])
    assert res.exit_code == 0 and res.output.count("【三会一课】") == 5


# --------------------------------------------------------------------------- frequencies


def test_frequency_list(inputs: dict):
    table = textkit.freq(inputs["folder"])
    tf = dict(zip(table["word"], table["tf"]))
    assert tf["三会一课"] == _occurrences("三会一课")
    assert table.loc[table["word"] == "三会一课", "df"].item() == 3
    assert list(table["tf"]) == sorted(table["tf"], reverse=True) and list(table["rank"]) == list(range(1, len(table) + 1))
    assert (table["df"] <= table["tf"]).all() and (table["df"] <= 3).all()
    words = set(table["word"])
    assert not {w for w in words if len(w) < 2 or any(c.isdigit() for c in w)}  # no single characters, numbers
    assert not words & {"坚持", "我们", "，", "。"}  # stop words and punctuation
    assert math.isclose(table["per_10k"].sum(), 10000, rel_tol=1e-3)


def test_frequency_by_year_and_pos(inputs: dict):
    whole = textkit.freq(inputs[".jsonl"])
    by_year = textkit.freq(inputs[".jsonl"], by="year")
    assert list(dict.fromkeys(by_year["year"])) == ["2023", "2024"]
    assert by_year["tf"].sum() == whole["tf"].sum()
    in_2024 = by_year[by_year["year"] == "2024"]
    assert in_2024.loc[in_2024["word"] == "三会一课", "tf"].item() == 2
    nouns = textkit.freq(inputs[".jsonl"], pos=["n"])
    assert len(nouns) and all(p.startswith("n") for p in nouns["pos"]) and len(nouns) < len(whole)
    more_stop = textkit.freq(inputs[".jsonl"], stopwords=["三会一课"])
    assert "三会一课" not in set(more_stop["word"])
    with pytest.raises(ValueError, match="province"):
        textkit.freq(inputs[".jsonl"], by="province")


def test_freq_cli_by_column_to_xlsx(inputs: dict, tmp_path: Path):
    out = tmp_path / "freq.xlsx"
    res = runner.invoke(app, ["freq", str(inputs[".sqlite"]), "--by", "unit", "--top", "3", "-o", str(out)])
    assert res.exit_code == 0, res.output
    from openpyxl import load_workbook

    rows = list(load_workbook(out).active.values)
    assert rows[0][:3] == ("unit", "rank", "word") and len(rows) - 1 == 9
    res = runner.invoke(app, ["freq", str(inputs["manifest"]), "--top", "5"])
    assert res.exit_code == 0 and "三会一课" in res.output.splitlines()[1]
    assert runner.invoke(app, ["freq", str(inputs["manifest"]), "--by", "province"]).exit_code == 2


def test_collocations(inputs: dict):
    table = textkit.collocates(inputs["manifest"], "三會一課", window=3, min_freq=1)
    assert table.attrs["node_freq"] == _occurrences("三会一课") and len(table)
    assert "三会一课" not in set(table["collocate"]) and "制度" in set(table["collocate"])
    assert (table["freq"] == table["left"] + table["right"]).all() and (table["freq"] > table["expected"]).all()
    assert list(table["log_likelihood"]) == sorted(table["log_likelihood"], reverse=True)
    assert (table["mi"] > 0).all()
    res = runner.invoke(app, ["freq", str(inputs["folder"]), "--collocate", "基层治理", "--window", "3", "--min-freq", "1"])
    assert res.exit_code == 0 and "log_likelihood" in res.output


def test_log_likelihood_matches_a_worked_example():
    from textkit.corpus.frequency import log_likelihood

    # 2×2 table [[10, 90], [40, 9860]]: G² computed by hand from O ln(O/E)
    o = [10, 90, 40, 9860]
    e = [100 * 50 / 10000, 100 * 9950 / 10000, 9900 * 50 / 10000, 9900 * 9950 / 10000]
    expected = 2 * sum(a * math.log(a / b) for a, b in zip(o, e))
    assert log_likelihood(10, 100, 50, 10000) == pytest.approx(expected)


# --------------------------------------------------------------------------- document-term matrix


def test_dtm_shape_and_vocabulary_match_the_frequency_list(inputs: dict):
    m = textkit.dtm(inputs[".jsonl"])
    assert m.matrix.shape == (3, len(m.vocabulary)) and m.vocabulary == sorted(set(m.vocabulary))
    freq = textkit.freq(inputs[".jsonl"])
    assert dict(zip(m.vocabulary, m.matrix.sum(axis=0).A1.tolist())) == dict(zip(freq["word"], freq["tf"]))
    assert list(m.documents["unit"]) == [r["unit"] for r in REPORTS]
    common = textkit.dtm(inputs[".jsonl"], min_df=2)
    assert set(common.vocabulary) == set(freq.loc[freq["df"] >= 2, "word"])
    assert len(textkit.dtm(inputs[".jsonl"], max_features=5).vocabulary) == 5


def test_dtm_cli_writes_matrix_market_and_parquet(inputs: dict, tmp_path: Path):
    import pandas as pd
    import scipy.io

    out = tmp_path / "dtm.mtx"
    res = runner.invoke(app, ["dtm", str(inputs["folder"]), "-o", str(out), "--min-df", "2"])
    assert res.exit_code == 0, res.output
    matrix = scipy.io.mmread(out).tocsr()
    vocab = pd.read_csv(tmp_path / "dtm.vocab.csv", encoding="utf-8-sig")
    docs = pd.read_csv(tmp_path / "dtm.docs.csv", encoding="utf-8-sig")
    assert matrix.shape == (len(docs), len(vocab)) == (3, len(vocab))
    assert (matrix.sum(axis=0).A1 == vocab["tf"].to_numpy()).all() and (vocab["df"] >= 2).all()
    assert list(vocab["column"]) == list(range(1, len(vocab) + 1))
    assert matrix[0, vocab.index[vocab["term"] == "三会一课"][0]] == 3  # the first document uses it three times
    long = tmp_path / "dtm.parquet"
    assert runner.invoke(app, ["dtm", str(inputs["manifest"]), "-o", str(long)]).exit_code == 0
    cells = pd.read_parquet(long)
    assert set(cells.columns) >= {"row", "source", "term", "count"} and cells["count"].sum() == textkit.freq(inputs["manifest"])["tf"].sum()
    assert list(pd.read_parquet(tmp_path / "dtm.docs.parquet")["year"]) == ["2023", "2024", "2024"]
    assert runner.invoke(app, ["dtm", str(inputs["folder"]), "-o", str(tmp_path / "dtm.txt")]).exit_code == 2


# --------------------------------------------------------------------------- network


@pytest.mark.parametrize(("source", "suffix"), [(".jsonl", ".gexf"), ("folder", ".graphml")])
def test_network_files_parse_back(inputs: dict, tmp_path: Path, source: str, suffix: str):
    import networkx as nx

    out = tmp_path / f"net{suffix}"
    res = runner.invoke(app, ["network", str(inputs[source]), "-o", str(out), "--min-jaccard", "0.1"])
    assert res.exit_code == 0, res.output
    graph = nx.read_gexf(out) if suffix == ".gexf" else nx.read_graphml(out)
    kinds = {n: d["kind"] for n, d in graph.nodes(data=True)}
    assert kinds.get("三会一课") == "slogan" and kinds.get("基层治理") == "word"
    assert set(kinds.values()) == {"word", "slogan"}
    assert graph.nodes["三会一课"]["frequency"] == _occurrences("三会一课")
    for _, _, d in graph.edges(data=True):
        assert d["weight"] >= 2 and d["jaccard"] >= 0.1


def test_network_edges_count_sentences_with_both(inputs: dict):
    graph = textkit.network(inputs[".jsonl"], min_cooccurrence=1, min_jaccard=0, top_edges=None)
    # "三会一课" and "主题党日活动" share two sentences: the problems of the first report, the activities of the third
    edge = graph.edges["三会一课", "主题党日活动"]
    assert edge["weight"] == 2
    n_a, n_b = graph.nodes["三会一课"]["sentences"], graph.nodes["主题党日活动"]["sentences"]
    assert (n_a, n_b) == (5, 3) and edge["jaccard"] == pytest.approx(2 / (n_a + n_b - 2), abs=1e-4)
    words_only = textkit.network(inputs[".jsonl"], slogans=False, min_cooccurrence=1, min_jaccard=0)
    assert {d["kind"] for _, d in words_only.nodes(data=True)} == {"word"} and "三会一课" in words_only  # then a word


def test_report_draws_the_network_reproducibly(inputs: dict, tmp_path: Path):
    from textkit.report import build_report, write_report

    records = list(read_records(inputs[".jsonl"]))
    first, second = build_report(records), build_report(records)
    nodes = first.tables["network_nodes"]
    assert nodes and nodes == second.tables["network_nodes"]  # the same layout every time
    assert all(0 <= n["x"] <= 1 and 0 <= n["y"] <= 1 for n in nodes)
    page = write_report(first, tmp_path / "rep").read_text(encoding="utf-8")
    assert page.count('class="node slogan"') == sum(n["kind"] == "slogan" for n in nodes) > 0
    assert page.count('class="node word"') == sum(n["kind"] == "word" for n in nodes) > 0
    assert (tmp_path / "rep" / "network_edges.csv").is_file()
