from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = ROOT / "corpora"
GOLD = ROOT / "tests" / "data" / "gold"

# The same short report in both scripts (written for the tests).
REPORT_SIMPLIFIED = """红星社区党委推进党建引领基层治理的做法

一、强化组织引领
（一）健全组织体系。社区党委建立了“网格党支部+楼栋党小组”的组织架构，共设网格党支部6个、楼栋党小组23个。
（二）严格落实“三会一课”制度。一是每月组织一次集中学习；二是每季度开展一次民主评议党员；三是建立党员积分管理台账。
二、深化为民服务
1、开展“我为群众办实事”实践活动，全年走访慰问困难群众120户，发放慰问金3.5万元。
2、要进一步完善社区服务中心功能，推行“一站式”便民服务，群众满意率达到98%。
"""

REPORT_TRADITIONAL = """紅星社區黨委推進黨建引領基層治理的做法

一、強化組織引領
（一）健全組織體系。社區黨委建立了“網格黨支部+樓棟黨小組”的組織架構，共設網格黨支部6個、樓棟黨小組23個。
（二）嚴格落實“三會一課”制度。一是每月組織一次集中學習；二是每季度開展一次民主評議黨員；三是建立黨員積分管理臺賬。
二、深化為民服務
1、開展“我為群眾辦實事”實踐活動，全年走訪慰問困難群眾120戶，發放慰問金3.5萬元。
2、要進一步完善社區服務中心功能，推行“一站式”便民服務，群眾滿意率達到98%。
"""


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


def each_task(process_task):
    """A stand-in for ``textkit.batch.process_tasks`` that runs ``process_task`` on each document of a batch."""
    return lambda tasks, config: [process_task(t, config) for t in tasks]


def make_fragile(monkeypatch, component_class: type, marker: str = "炸") -> None:
    """Make a component raise ``ValueError("boom")`` on an article whose text holds ``marker``, one
    article at a time (``annotate``) and in a batch (``annotate_batch``, when it has one)."""
    real_annotate = component_class.annotate

    def fragile(self, article):
        if marker in article.text:
            raise ValueError("boom")
        return real_annotate(self, article)

    monkeypatch.setattr(component_class, "annotate", fragile)
    if hasattr(component_class, "annotate_batch"):
        real_batch = component_class.annotate_batch

        def fragile_batch(self, articles):
            if any(marker in a.text for a in articles):
                raise ValueError("boom")
            return real_batch(self, articles)

        monkeypatch.setattr(component_class, "annotate_batch", fragile_batch)
