"""The records of articles: ``as_plain`` builds what ``dataclasses.asdict`` builds."""

from __future__ import annotations

from collections import Counter, namedtuple
from dataclasses import asdict, dataclass, field

import pytest

from textkit.model import Figure, ListItem, Measure, Section, Slogan, as_plain
from textkit.pipeline import Pipeline

Pair = namedtuple("Pair", "a b")


@dataclass
class _Inner:
    name: str
    span: tuple[int, int] = (0, 0)


@dataclass
class _Outer:
    inner: _Inner
    items: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    pair: Pair = Pair(1, 2)
    table: dict = field(default_factory=dict)


def _same(a, b) -> bool:
    return a == b and repr(a) == repr(b) and type(a) is type(b)


@pytest.mark.parametrize(
    "item",
    [
        Slogan("三会一课", "numeric", True, ["支部党员大会", "支部委员会"], [(3, 7), (20, 24)], True, 3, 7, "落实三会一课。"),
        Figure("培训党员120人次", 120, "人次", "培训党员", "count", value_max=None, base_value=120.0, start=2, end=9),
        Measure("開展主題黨日活動", "item", "done", themes=["education"], theme_scores={"education": 0.8, "other": 0.2}),
        Section("一、加强组织建设", 1, "一、", 0, 40, 8),
        ListItem("一是", "一是", 1, 2, 30, 12, 0, None),
        _Outer(_Inner("党建", (1, 3)), [_Inner("引领"), [1, (2, 3)], {"k": [4]}], Counter(a=2), Pair([1], (2,)), {(1, 2): _Inner("x")}),
    ],
)
def test_as_plain_is_asdict(item) -> None:
    assert _same(as_plain(item), asdict(item))


def test_records_of_a_processed_report_are_unchanged() -> None:
    text = "党支部工作总结\n一、加强学习\n全年开展“三会一课”12次，培训党员120人次，同比增长15%。\n二、從嚴管理\n落實組織生活制度，黨員參與率達到98%。"
    for article in Pipeline().process_text(text):
        for item in (*article.slogans, *article.figures, *article.measures, *article.sections, *article.items):
            assert _same(as_plain(item), asdict(item))
