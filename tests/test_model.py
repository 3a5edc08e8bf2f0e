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


@pytest.mark.parametrize("structure", [True, False])
def test_records_with_model_objects_write_the_same_json(structure: bool) -> None:
    from textkit.io.writers import dumps

    text = "党支部工作总结\n一、加强学习\n全年开展“三会一课”12次，培训党员120人次，同比增长15%。\n二、從嚴管理\n落實組織生活制度，黨員參與率達到98%。一是抓學習，二是抓落實。"
    for article in Pipeline().process_text(text):
        plain = article.to_record(structure=structure)
        assert dumps(article.to_record(structure=structure, plain=False)) == dumps(plain)
        assert article.to_record(structure=structure) == plain  # writing did not change the model


def test_json_of_an_unusual_dataclass_is_that_of_as_plain() -> None:
    from textkit.io.writers import dumps

    # (not a full Counter: ``asdict`` turns it into a Counter of its items, which JSON refuses)
    item = _Outer(_Inner("党建", (1, 3)), [_Inner("引领"), [1, (2, 3)], {"k": [4]}], Counter(), Pair([1], (2,)), {1: _Inner("x")})
    assert dumps({"item": item}) == dumps({"item": as_plain(item)})
