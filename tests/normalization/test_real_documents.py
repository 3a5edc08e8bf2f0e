"""Documents as users have them (issue 15): a Word file saved from a party website, with its
breadcrumb, credits, a download notice, a footnote marker and characters a PDF printer turned into
radicals, in both scripts; generated here, read through ``textkit extract``."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from textkit.cli import app

PAGES = {
    "simplified": [
        "首页 > 基层党建 > 经验交流",
        "青山村党支部“党建+合作社”带富一方",
        "发布时间：2024-06-03  来源：青山镇党委  阅读次数：356",
        "供稿：青山镇组织办  审核：李红",
        "青山村党支部牵头成立种植专业合作社[1]，全村⼊股党员26名，带动农户180户增收。",
        "⽀部每⽉召开一次党员大会，研究合作社发展中的难题。",
        "附件下载：合作社章程.docx",
        "【打印本页】【关闭窗口】",
    ],
    "traditional": [
        "首頁 > 基層黨建 > 經驗交流",
        "青山村黨支部“黨建+合作社”帶富一方",
        "發佈時間：2024-06-03  來源：青山鎮黨委  閱讀次數：356",
        "供稿：青山鎮組織辦  審核：李紅",
        "青山村黨支部牽頭成立種植專業合作社[1]，全村⼊股黨員26名，帶動農戶180戶增收。",
        "⽀部每⽉召開一次黨員大會，研究合作社發展中的難題。",
        "附件下載：合作社章程.docx",
        "【打印本頁】【關閉窗口】",
    ],
}
RADICAL_BLOCKS = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF))


def _docx(path, lines: list[str]):
    from docx import Document

    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(path)
    return path


@pytest.mark.parametrize("script", sorted(PAGES))
def test_a_saved_web_page_in_word_reads_as_its_article(tmp_path, script):
    source = _docx(tmp_path / "page.docx", PAGES[script])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    text = record["text"]
    assert record["title"] == "青山村党支部“党建+合作社”带富一方"
    assert not any(lo <= ord(c) <= hi for c in text for lo, hi in RADICAL_BLOCKS)
    assert "全村入股党员26名" in text
    assert "支部每月召开一次党员大会" in text
    for furniture in ("首页", "供稿", "审核", "附件下载", "打印本页", "阅读次数"):
        assert furniture not in text
    assert record["meta"].get("contributor") == "青山镇组织办" and record["meta"].get("reviewer") == "李红"
    assert "合作社[1]" in text  # the footnote marker stays after its word
    assert any(f["value"] == 26 and f["unit"] == "名" for f in record["figures"])
