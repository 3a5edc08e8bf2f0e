"""Sample party-building reports for the corpus tools (written for these tests): two in simplified
script, one in traditional, as a folder of .txt files and as a JSONL manifest with metadata."""

from __future__ import annotations

import json
from pathlib import Path

REPORTS = [
    {
        "id": "CG-2023",
        "title": "城关街道党工委2023年度党建工作总结",
        "unit": "城关街道党工委",
        "year": 2023,
        "region": "城关区",
        "content": (
            "今年以来，街道党工委坚持以党建引领基层治理，严格落实“三会一课”制度，全年召开支部党员大会12次。"
            "各支部深入开展主题党日活动，组织党员志愿者走进社区服务群众。"
            "推进“两学一做”学习教育常态化制度化，党员学习教育覆盖率达到100%。\n"
            "部分支部“三会一课”质量不高，主题党日活动形式单一。\n"
            "下一步，继续抓好“三会一课”，丰富主题党日内容，加强党员教育管理。"
        ),
    },
    {
        "id": "HX-2024",
        "title": "河西村党支部2024年工作报告",
        "unit": "河西村党支部",
        "year": 2024,
        "region": "河西镇",
        "content": (
            "村党支部围绕乡村振兴抓党建，落实“四议两公开”工作法，村级重大事项全部经党员大会讨论。"
            "支部坚持“三会一课”，每月开展主题党日，发展党员2名。\n"
            "党员干部带头发展特色产业，村集体经济收入增长15%。支部加强党员教育管理，推进基层治理。"
        ),
    },
    {
        "id": "DH-2024",
        "title": "東湖社區黨委2024年黨建工作總結",
        "unit": "东湖社区党委",
        "year": 2024,
        "region": "城关区",
        "content": (
            "社區黨委堅持以黨建引領基層治理，認真落實「三會一課」制度，開展主題黨日活動十次。"
            "黨員志願者深入小區服務群眾，推進「兩學一做」學習教育常態化制度化。\n"
            "社區加強黨員教育管理，基層治理水平不斷提升。"
        ),
    },
]


def write_folder(folder: Path) -> Path:
    """The reports as .txt files (title line, then the text), no metadata."""
    folder.mkdir(parents=True, exist_ok=True)
    for r in REPORTS:
        (folder / f"{r['id']}.txt").write_text(f"{r['title']}\n{r['content']}\n", encoding="utf-8")
    return folder


def write_manifest(path: Path) -> Path:
    """The reports as a JSONL manifest: text in ``content``, metadata in the other columns."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in REPORTS), encoding="utf-8")
    return path
