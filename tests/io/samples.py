"""Sample inputs for the io and batch tests: a school report, a web page, a Word file, a manifest."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ..conftest import REPORT_SIMPLIFIED, REPORT_TRADITIONAL

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


def records(path: Path) -> list[dict]:
    """The records of a JSON-lines output."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def docx(path: Path) -> Path:
    """A Word report with headings and a table."""
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


def write_manifest(tmp_path: Path) -> Path:
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
