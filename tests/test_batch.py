"""Batch extraction: input formats, output formats read back, manifests, workers, Dask, resume."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textkit.batch import BatchConfig, iter_tasks, run
from textkit.cli import EXIT_SOME_FAILED, app
from textkit.io.records import read_records

from .conftest import CORPORA, REPORT_SIMPLIFIED, REPORT_TRADITIONAL
from .pdfgen import write_pdf

runner = CliRunner()

SCHOOL = """育才中学党总支“党建+教学”工作经验

一、坚持理论武装
（一）健全学习制度。党总支落实“第一议题”制度，全年组织中心组学习16次，开展教职工政治学习24次。
（二）开展主题教育。组织党员教师赴革命纪念馆开展现场教学3次，参与党员98人次。
二、服务师生成长
1、设立党员先锋岗12个，党员教师结对帮扶学困生86名。
2、下一步要完善家校共育机制，推动党员示范课常态化。
"""

HTML_PAGE = """<html><head><title>某某网-党建动态</title></head><body>
<nav><a href="/">首页</a> | <a href="/news">新闻中心</a> | <a href="/login">登录</a></nav>
<div class="article"><h1>城南税务分局党支部推行“红色帮办”服务</h1>
<p>一、健全服务机制。支部建立“党员帮办”台账，全年为纳税人办理涉税事项1260件，满意率达到99%。</p>
<p>二、强化廉政监督。支部每季度开展一次廉政谈话，设立党员监督岗5个。</p></div>
<footer>版权所有 © 某某网 备案号12345</footer></body></html>"""


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _docx(path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_heading("青山供电所党支部“党建+安全生产”经验材料", level=0)
    doc.add_heading("强化组织建设", level=1)
    doc.add_paragraph("支部严格落实“三会一课”制度，全年召开支部委员会12次，开展主题党日活动12次。")
    doc.add_heading("深化为民服务", level=1)
    doc.add_paragraph("组建党员服务队3支，上门走访用电客户420户，解决用电难题37个。")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "完成情况"
    table.cell(1, 0).text = "党员服务队"
    table.cell(1, 1).text = "3支"
    doc.save(path)
    return path


@pytest.fixture
def mixed_inputs(tmp_path: Path) -> Path:
    """One folder with every input format, a scanned PDF and a manifest."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_simplified.txt").write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    (d / "b_traditional_big5.txt").write_bytes(REPORT_TRADITIONAL.replace("“", "「").replace("”", "」").encode("big5", errors="replace"))
    _docx(d / "c_power.docx")
    lines = [ln for ln in SCHOOL.splitlines() if ln.strip()]
    write_pdf(d / "d_school.pdf", [lines[:4], lines[4:]])
    write_pdf(d / "e_scanned.pdf", [[]])
    (d / "f_tax.html").write_text(HTML_PAGE, encoding="utf-8")
    return d


def test_every_input_format_is_read(mixed_inputs: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["extract", str(mixed_inputs), "-o", str(out), "-q", "--workers", "1"])
    assert res.exit_code == EXIT_SOME_FAILED, res.output
    recs = _records(out)
    by_name = {Path(r["source"]).name: r for r in recs}
    assert set(by_name) == {"a_simplified.txt", "b_traditional_big5.txt", "c_power.docx", "d_school.pdf", "e_scanned.pdf", "f_tax.html"}
    assert "no text layer" in by_name["e_scanned.pdf"]["error"]
    for name in ("a_simplified.txt", "b_traditional_big5.txt", "c_power.docx", "d_school.pdf", "f_tax.html"):
        rec = by_name[name]
        assert "error" not in rec and rec["measures"], name
        assert len(rec["doc_id"]) == 40
    assert by_name["b_traditional_big5.txt"]["measures"][0]["text"] == by_name["a_simplified.txt"]["measures"][0]["text"]
    docx = by_name["c_power.docx"]
    assert docx["title"].startswith("青山供电所") and any(s["level"] == 1 for s in docx["structure"]["sections"])
    assert "3支" in docx["text"]  # the table's cells are read
    html = by_name["f_tax.html"]
    assert html["title"].startswith("城南税务分局") and "登录" not in html["text"] and "版权所有" not in html["text"]
    assert any(f["value"] == 1260 for f in html["figures"])
    assert any(f["value"] == 16 and "学习" in f["indicator"] for f in by_name["d_school.pdf"]["figures"])


def _manifest(tmp_path: Path) -> Path:
    """A manifest with text rows, a path row, a bad row and metadata columns."""
    (tmp_path / "files").mkdir(exist_ok=True)
    (tmp_path / "files" / "school.txt").write_text(SCHOOL, encoding="gb18030")
    path = tmp_path / "manifest.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "unit", "year", "region", "text", "path"])
        w.writeheader()
        w.writerow({"id": "HX-01", "unit": "红星社区党委", "year": 2023, "region": "城东区", "text": REPORT_SIMPLIFIED})
        w.writerow({"id": "HX-02", "unit": "紅星社區黨委", "year": 2024, "region": "城东区", "text": REPORT_TRADITIONAL})
        w.writerow({"id": "YC-01", "unit": "育才中学党总支", "year": 2024, "region": "城西区", "path": "files/school.txt"})
        w.writerow({"id": "XX-09", "unit": "无文本单位", "year": 2024, "region": "城北区"})
    return path


def test_manifest_rows_carry_metadata(tmp_path: Path):
    tasks = list(iter_tasks([str(_manifest(tmp_path))]))
    assert [t.metadata["unit"] for t in tasks] == ["红星社区党委", "紅星社區黨委", "育才中学党总支", "无文本单位"]
    assert tasks[0].source.endswith("manifest.csv#HX-01") and tasks[0].text
    assert tasks[2].path and Path(tasks[2].path).is_file()
    results = list(run(tasks, BatchConfig()))
    assert [r.error is None for r in results] == [True, True, True, False]
    assert "neither text nor path" in results[3].error
    rec = json.loads(results[2].lines[0])
    assert rec["metadata"] == {"id": "YC-01", "unit": "育才中学党总支", "year": "2024", "region": "城西区"}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict:
    """The same inputs (a manifest and two files) extracted to every output format."""
    tmp = tmp_path_factory.mktemp("formats")
    manifest = _manifest(tmp)
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

    wb = load_workbook(extracted[".xlsx"], read_only=True)
    assert {"articles", "measures", "slogans", "figures", "errors"} <= set(wb.sheetnames)
    for sheet in ("articles", "measures", "figures"):
        rows = list(wb[sheet].iter_rows(values_only=True))
        header = rows[0]
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


def test_worker_counts_give_identical_output(tmp_path: Path):
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}.jsonl"
        res = runner.invoke(app, ["extract", str(CORPORA), "-o", str(out), "-q", "--workers", workers])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert len(outs[0].splitlines()) == 12


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
    assert len(_records(out)) == sum(len(lines) for lines in local)


def _corpus_copies(folder: Path, n: int) -> None:
    """``n`` distinct documents: the sample corpus, each copy with its own unit name."""
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPORA.glob("0[1-3]*.txt"))]
    for i in range(n):
        (folder / f"doc{i:02d}.txt").write_text(f"第{i + 1}号" + texts[i % len(texts)], encoding="utf-8")


def test_killed_run_resumes_without_loss_or_duplicates(tmp_path: Path):
    src = tmp_path / "docs"
    _corpus_copies(src, 14)
    out = tmp_path / "run.jsonl"
    journal = out.with_name(f".{out.name}.journal.jsonl")
    cmd = [sys.executable, "-m", "textkit.cli", "extract", str(src), "-o", str(out), "-q", "--workers", "1", "--no-structure"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and (not journal.exists() or len(journal.read_text(encoding="utf-8").splitlines()) < 3):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists(), "a killed run must not leave an output that looks complete"
    kept = journal.read_text(encoding="utf-8").splitlines()
    assert 3 <= len(kept) < 14
    with journal.open("a", encoding="utf-8") as fh:
        fh.write('{"source": "half a line')  # the kill may cut a line in two
    res = runner.invoke(app, ["extract", str(src), "-o", str(out), "-q", "--workers", "2", "--no-structure", "--resume"])
    assert res.exit_code == 0, res.output
    assert not journal.exists()
    resumed = _records(out)
    clean = tmp_path / "clean.jsonl"
    assert runner.invoke(app, ["extract", str(src), "-o", str(clean), "-q", "--workers", "1", "--no-structure"]).exit_code == 0
    expected = _records(clean)
    key = lambda r: (r["source"], r["article"])  # noqa: E731
    assert len(resumed) == len({key(r) for r in resumed}) == len(expected)
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


def test_progress_summary_and_quiet(tmp_path: Path):
    out = tmp_path / "s.jsonl"
    res = runner.invoke(app, ["extract", str(CORPORA / "01_village_branch.txt"), str(tmp_path / "missing.txt"), "-o", str(out), "-w", "1"])
    assert res.exit_code == EXIT_SOME_FAILED
    assert "2 documents" in res.output and "1 errors" in res.output and "measures" in res.output and "docs/s" in res.output
    res = runner.invoke(app, ["extract", str(CORPORA / "01_village_branch.txt"), "-o", str(out), "-w", "1", "-q"])
    assert res.exit_code == 0 and res.output == ""


def test_python_api_writes_the_same_as_the_cli(tmp_path: Path):
    import textkit

    summary = textkit.extract_to([str(CORPORA / "01_village_branch.txt")], str(tmp_path / "api.jsonl"), workers=1)
    assert (summary.documents, summary.failed, summary.articles) == (1, 0, 1) and summary.measures > 5
    res = runner.invoke(app, ["extract", str(CORPORA / "01_village_branch.txt"), "-o", str(tmp_path / "cli.jsonl"), "-q", "-w", "1"])
    assert res.exit_code == 0
    assert (tmp_path / "api.jsonl").read_bytes() == (tmp_path / "cli.jsonl").read_bytes()


def test_outputs_get_ordinary_file_permissions(tmp_path: Path):
    for suffix in (".jsonl", ".sqlite"):
        out = tmp_path / f"p{suffix}"
        assert runner.invoke(app, ["extract", str(CORPORA / "01_village_branch.txt"), "-o", str(out), "-q", "-w", "1"]).exit_code == 0
        mask = os.umask(0)
        os.umask(mask)
        assert out.stat().st_mode & 0o777 == 0o666 & ~mask, suffix


def _fragile(task, config):
    """A stand-in for process_task: one document kills its worker process."""
    from textkit.batch import Result

    if task.source == "slow":
        time.sleep(0.5)  # still running when its neighbour kills the pool
    if task.source == "killer":
        os._exit(1)
    return Result(task.source, "", [task.source], None, {})


def test_a_document_that_kills_its_worker_gets_the_error_and_no_other_does(monkeypatch):
    import textkit.batch as batch

    monkeypatch.setattr(batch, "process_task", _fragile)
    tasks = [batch.Task(name, text="x") for name in ("a", "b", "slow", "killer", "c", "d", "e")]
    results = list(batch.run(tasks, BatchConfig(mode="normalize"), workers=2, window=4))
    assert [r.source for r in results] == [t.source for t in tasks]
    assert [r.source for r in results if r.error] == ["killer"]


def test_manifests_in_gbk_and_with_huge_cells_are_read(tmp_path: Path):
    gbk = tmp_path / "excel_export.csv"
    gbk.write_bytes(("id,unit,text\r\nA1,红星社区党委," + REPORT_SIMPLIFIED.replace("\n", " ") + "\r\n").encode("gbk"))
    huge = tmp_path / "huge.csv"
    with huge.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        w.writerow(["B1", REPORT_SIMPLIFIED * 600])  # over the csv module's default field limit (131,072)
    tasks = list(iter_tasks([str(gbk), str(huge)]))
    assert [t.source.rsplit("#", 1)[1] for t in tasks] == ["A1", "B1"]
    assert tasks[0].metadata["unit"] == "红星社区党委" and "三会一课" in tasks[0].text
    assert len(tasks[1].text) > 131072 and not any(t.error for t in tasks)


def test_a_failed_conversion_leaves_the_journal_and_no_temporaries(tmp_path: Path, monkeypatch):
    from textkit.io.outputs import sqlite

    def broken(path, layout, rows):
        Path(path).write_bytes(b"half a database")
        raise OSError("disk full")

    monkeypatch.setattr(sqlite, "build", broken)
    out = tmp_path / "store.sqlite"
    res = runner.invoke(app, ["extract", str(CORPORA / "01_village_branch.txt"), "-o", str(out), "-q", "-w", "1"])
    assert res.exit_code == 2 and "disk full" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".store.sqlite.journal.jsonl"]


def test_a_manifest_title_column_titles_its_text_rows(tmp_path: Path):
    body = REPORT_TRADITIONAL.split("\n", 1)[1]  # the report without its title line
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"id": "T1", "标题": "紅星社區黨委工作經驗", "content": body}, ensure_ascii=False) + "\n", encoding="utf-8")
    (res,) = run(iter_tasks([str(manifest)]), BatchConfig(structure=False))
    (rec,) = [json.loads(line) for line in res.lines]
    assert rec["title"] == "红星社区党委工作经验" and rec["metadata"]["标题"] == "紅星社區黨委工作經驗"
    assert rec["measures"] and not rec["text"].startswith("红星社区党委工作经验")
