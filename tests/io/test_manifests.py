"""Manifests: text and path rows, metadata, ids and titles, GBK and huge cells, unreadable rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from textkit.batch import BatchConfig, iter_tasks, run

from ..conftest import REPORT_SIMPLIFIED, REPORT_TRADITIONAL
from .samples import write_manifest


def test_manifest_rows_carry_metadata(tmp_path: Path):
    tasks = list(iter_tasks([str(write_manifest(tmp_path))]))
    assert [t.metadata["unit"] for t in tasks] == ["红星社区党委", "紅星社區黨委", "育才中学党总支", "无文本单位"]
    assert tasks[0].source.endswith("manifest.csv#HX-01") and tasks[0].text
    assert tasks[2].path and Path(tasks[2].path).is_file()
    results = list(run(tasks, BatchConfig()))
    assert [r.error is None for r in results] == [True, True, True, False]
    assert "neither text nor path" in results[3].error
    rec = json.loads(results[2].lines[0])
    assert rec["metadata"] == {"id": "YC-01", "unit": "育才中学党总支", "year": "2024", "region": "城西区"}


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


def test_a_manifest_title_column_titles_its_text_rows(tmp_path: Path):
    body = REPORT_TRADITIONAL.split("\n", 1)[1]  # the report without its title line
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        json.dumps({"id": "T1", "标题": "紅星社區黨委工作經驗", "content": body}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (res,) = run(iter_tasks([str(manifest)]), BatchConfig(structure=False))
    (rec,) = [json.loads(line) for line in res.lines]
    assert rec["title"] == "红星社区党委工作经验" and rec["metadata"]["标题"] == "紅星社區黨委工作經驗"
    assert rec["measures"] and not rec["text"].startswith("红星社区党委工作经验")


def test_tsv_and_jsonl_manifests_with_chinese_columns_and_bad_lines(tmp_path: Path):
    from textkit.io.manifests import read_manifest, title_line

    tsv = tmp_path / "list.tsv"
    tsv.write_text("编号\t标题\t正文\t单位\nA1\t学习经验\t党支部开展学习\t红星\nA2\t\t\t空\n", encoding="utf-8")
    first, second = read_manifest(str(tsv))
    assert (first.source, first.text, first.metadata) == (f"{tsv}#A1", "党支部开展学习", {"编号": "A1", "标题": "学习经验", "单位": "红星"})
    assert title_line(first.metadata) == "学习经验" and title_line(second.metadata) == ""
    assert (second.source, second.path, second.text) == (f"{tsv}#A2", "", None)
    lines = ["", json.dumps({"内容": "党员学习", "year": 2024, "tags": ["a"]}, ensure_ascii=False), "not json", "[1, 2]"]
    jsonl = tmp_path / "list.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = list(read_manifest(str(jsonl)))
    assert rows[0].text == "党员学习" and rows[0].metadata == {"year": 2024, "tags": '["a"]'}
    assert [r.error for r in rows[1:]] == [f"{jsonl}:3: not JSON (Expecting value)", f"{jsonl}:4: not a JSON object"]


def test_a_folder_reads_the_jsonl_manifests_inside_it_but_not_outputs(tmp_path):
    """A corpus folder of reports.jsonl files (title/content/year per line) is read row by row, like a
    manifest given by name; textkit's own outputs and JSONL files without a text column stay out."""
    import json

    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    rows = [
        {"title": "城關鎮2023年黨建工作總結", "content": "鎮黨委堅持每月召開一次黨委會議。", "year": 2023},
        {"title": "城关镇2024年党建工作总结", "content": "镇党委组织党员开展志愿服务活动12次。", "year": 2024},
    ]
    (folder / "sub" / "reports.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    (folder / "note.txt").write_text("第三支部组织党员集中学习党章。\n", encoding="utf-8")
    (folder / "out.jsonl").write_text(json.dumps({"source": "x.txt", "text": "……", "measures": []}) + "\n", encoding="utf-8")
    (folder / "norm.jsonl").write_text(json.dumps({"source": "x.txt", "text": "……", "log": {}}) + "\n", encoding="utf-8")
    (folder / "settings.jsonl").write_text(json.dumps({"name": "a", "value": 1}) + "\n", encoding="utf-8")

    tasks = list(iter_tasks([str(folder)]))
    assert [t.path for t in tasks if t.path] == [str(folder / "note.txt")]
    texts = [t for t in tasks if t.text is not None]
    assert [t.metadata.get("year") for t in texts] == [2023, 2024]
    assert all(t.source.startswith(str(folder / "sub" / "reports.jsonl")) for t in texts)


def test_a_folder_holding_only_a_manifest_is_not_empty(tmp_path):
    import json

    (tmp_path / "reports.jsonl").write_text(json.dumps({"content": "支部组织党员学习。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    tasks = list(iter_tasks([str(tmp_path)]))
    assert len(tasks) == 1 and tasks[0].text == "支部组织党员学习。" and tasks[0].error is None
