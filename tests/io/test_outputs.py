"""Output formats: every format written and read back, Excel metadata, the SQLite store, file
permissions, a failed conversion, and a format registered from the tests folder."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textkit.cli import EXIT_SOME_FAILED, app
from textkit.io.records import read_records

from ..conftest import CORPORA
from .samples import write_manifest

runner = CliRunner()


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict:
    """The same inputs (a manifest and two files) extracted to every output format."""
    tmp = tmp_path_factory.mktemp("formats")
    manifest = write_manifest(tmp)
    (tmp / "hospital.txt").write_text((CORPORA / "02_hospital.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp / "empty.txt").write_bytes(b"")
    inputs = [str(manifest), str(tmp / "hospital.txt"), str(tmp / "empty.txt")]
    outs = {}
    for suffix in (".jsonl", ".csv", ".xlsx", ".parquet", ".sqlite"):
        out = tmp / f"out{suffix}"
        res = runner.invoke(app, ["extract", *inputs, "-o", str(out), "-q", "--workers", "1"])
        assert res.exit_code == EXIT_SOME_FAILED, res.output
        outs[suffix] = out
    return outs


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".sqlite"])
def test_output_formats_read_back(extracted: dict, suffix: str):
    expected = list(read_records(extracted[".jsonl"]))
    got = list(read_records(extracted[suffix]))
    assert len(got) == len(expected) == 6  # 4 articles, 2 errors (the empty file, the manifest row without text)
    errors = lambda recs: sorted((r["source"], r["error"]) for r in recs if "error" in r)  # noqa: E731
    assert errors(got) == errors(expected) and len(errors(got)) == 2
    for e, g in zip([r for r in expected if "error" not in r], [r for r in got if "error" not in r]):
        assert g["source"] == e["source"]
        assert (g["title"], g["doc_id"], g["article"]) == (e["title"], e["doc_id"], e["article"])
        assert g["text"] == e["text"]
        assert [m["text"] for m in g["measures"]] == [m["text"] for m in e["measures"]]
        assert [m["themes"] for m in g["measures"]] == [m["themes"] for m in e["measures"]]
        assert [m["concrete"] for m in g["measures"]] == [m["concrete"] for m in e["measures"]]
        assert [(f["value"], f["unit"], f["value_max"]) for f in g["figures"]] == [
            (f["value"], f["unit"], f["value_max"]) for f in e["figures"]
        ]
        assert [(s["text"], s["expansion"]) for s in g["slogans"]] == [(s["text"], s["expansion"]) for s in e["slogans"]]
        assert g["themes"] == pytest.approx(e["themes"])
        assert {k: str(v) for k, v in g["metadata"].items()} == {k: str(v) for k, v in e.get("metadata", {}).items()}


def test_manifest_metadata_reaches_every_excel_row(extracted: dict):
    from openpyxl import load_workbook

    from textkit.io.outputs.xlsx import column_of

    wb = load_workbook(extracted[".xlsx"], read_only=True)
    assert {"articles", "measures", "slogans", "figures", "errors"} <= set(wb.sheetnames)
    for sheet in ("articles", "measures", "figures"):
        rows = list(wb[sheet].iter_rows(values_only=True))
        header = [column_of(h) for h in rows[0]]  # "单位 meta_unit" → meta_unit
        # "unit" clashes with the figures' own unit column, so the manifest's is meta_unit everywhere
        assert {"meta_unit", "year", "region"} <= set(header), sheet
        body = [dict(zip(header, r)) for r in rows[1:]]
        from_manifest = [r for r in body if "manifest.csv" in (r["source"] or "") or (r["source"] or "").endswith("school.txt")]
        assert from_manifest, sheet
        assert all(r["meta_unit"] and r["region"] in ("城东区", "城西区") for r in from_manifest)
        assert {r["meta_unit"] for r in from_manifest} >= {"红星社区党委", "育才中学党总支"}
        others = [r for r in body if (r["source"] or "").endswith("hospital.txt")]
        assert others and all(r["meta_unit"] is None for r in others)
    wb.close()


def test_sqlite_store_keys_index_and_search(extracted: dict):
    db = extracted[".sqlite"]
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    fk = con.execute("PRAGMA foreign_key_list(measures)").fetchall()
    assert fk and fk[0][2] == "articles"
    n = con.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"三会一课\"'").fetchone()[0]
    assert n == 2  # both scripts of the community report are stored in simplified script
    joined = con.execute(
        "SELECT a.year, count(*) FROM measures m JOIN articles a USING (article_id) WHERE a.region = '城东区' GROUP BY a.year"
    ).fetchall()
    assert len(joined) == 2
    con.close()
    res = runner.invoke(app, ["search", str(db), "三會一課"])  # a traditional query finds simplified text
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) >= 2 and all("【三会一课】" in ln and "@" in ln for ln in lines)
    assert "manifest.csv#HX-01" in res.output
    res = runner.invoke(app, ["search", str(db), "党建"])  # two characters: found without the trigram index
    assert res.exit_code == 0 and "【党建】" in res.output
    assert runner.invoke(app, ["search", str(db), "不存在的词语"]).exit_code == 1


@pytest.mark.parametrize("query", ["", " ", "\u3000\t"], ids=["empty", "space", "ideographic-space-and-tab"])
def test_search_refuses_an_empty_query(extracted: dict, query: str):
    res = runner.invoke(app, ["search", str(extracted[".sqlite"]), query])
    assert res.exit_code == 2, res.output
    assert "query is empty" in res.output and "【" not in res.output  # a message, not a hundred empty hits


def test_outputs_get_ordinary_file_permissions(tmp_path: Path):
    for suffix in (".jsonl", ".sqlite"):
        out = tmp_path / f"p{suffix}"
        assert runner.invoke(app, ["extract", str(CORPORA / "01_village_branch.txt"), "-o", str(out), "-q", "-w", "1"]).exit_code == 0
        mask = os.umask(0)
        os.umask(mask)
        assert out.stat().st_mode & 0o777 == 0o666 & ~mask, suffix


def test_a_failed_conversion_leaves_the_journal_and_no_temporaries(tmp_path: Path, monkeypatch):
    from textkit.io.outputs import sqlite

    def broken(path, layout, rows):
        Path(path).write_bytes(b"half a database")
        raise OSError("disk full")

    monkeypatch.setattr(sqlite, "build", broken)
    out = tmp_path / "store.sqlite"
    res = runner.invoke(app, ["extract", str(CORPORA / "01_village_branch.txt"), "-o", str(out), "-q", "-w", "1"])
    assert res.exit_code == 2 and "disk full" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".store.sqlite.journal.index", ".store.sqlite.journal.jsonl"]


def test_a_format_registered_from_the_tests_folder_is_used_by_the_writer(tmp_path: Path):
    from textkit.io.outputs import FORMATS

    from . import toy_format

    assert isinstance(FORMATS[".toy"], toy_format.ToyLines)
    out = tmp_path / "run.toy"
    inputs = [str(CORPORA / "01_village_branch.txt"), str(tmp_path / "missing.txt")]
    res = runner.invoke(app, ["extract", *inputs, "-o", str(out), "-q", "-w", "1"])
    assert res.exit_code == EXIT_SOME_FAILED, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.toy"]  # no journal, no temporaries
    article, error = out.read_text(encoding="utf-8").splitlines()
    assert article.startswith(f"{CORPORA / '01_village_branch.txt'}\t0\t") and int(article.split("\t")[-1]) > 5
    assert error.startswith(f"{tmp_path / 'missing.txt'}\t!") and "no such file" in error
    back = list(read_records(out))
    assert back[0]["n_measures"] == int(article.split("\t")[-1]) and "no such file" in back[1]["error"]


def test_an_unknown_suffix_is_refused_with_the_registered_ones():
    from textkit.io.writers import check_output

    with pytest.raises(ValueError, match=r"unsupported output format \.unknown: use one of .*\.csv.*\.jsonl.*\.sqlite"):
        check_output("out.unknown")
    with pytest.raises(ValueError, match="cannot read tables from .unknown files"):
        list(read_records("out.unknown"))


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("out.jsonl", '{"source": "a.txt", "measures": []}\n', True),
        ("out.jsonl", '{"source": "a.txt", "error": "a.txt: empty file"}\n', True),
        ("manifest.jsonl", '{"id": "A1", "text": "党支部开展学习"}\n', False),
        ("manifest.jsonl", "not json\n", False),
        ("out.csv", "\ufeffarticle_id,doc_id,source\n1,abc,a.txt\n", True),
        ("manifest.csv", "id,unit,text\nA1,红星,党支部开展学习\n", False),
        ("notes.txt", "党支部开展学习\n", False),
    ],
)
def test_an_extract_output_is_told_from_a_manifest(tmp_path: Path, name: str, content: str, expected: bool):
    from textkit.io.records import is_record_file

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert is_record_file(path) is expected
    assert is_record_file(tmp_path / "missing.sqlite") is False


def test_a_table_format_always_is_an_output(extracted: dict):
    from textkit.io.records import is_record_file

    assert all(is_record_file(extracted[s]) for s in (".xlsx", ".parquet", ".sqlite", ".csv", ".jsonl"))


def test_the_table_layer_loads_no_numpy():
    import subprocess
    import sys

    code = "import sys, textkit.io.tables as t; list(t.TABLES); print('numpy' in sys.modules, 'sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
