"""The indicator model's training helpers: which candidates are positives. Written for these tests; nothing
here reads ../shared."""

from __future__ import annotations

import pytest

from textkit.indicator_model import Choice


@pytest.fixture(scope="module")
def training(extraction_script):
    return extraction_script("train_indicator_model")


def test_a_candidate_close_to_the_labelled_indicator_is_a_positive(training):
    assert training.close("社区党群服务中心", "社区党群服务中心")
    assert training.close("新建社区党群服务中心", "社区党群服务中心")  # most of it
    assert not training.close("社区党群服务中心", "中心")  # a word inside it: the scorer takes it, training does not
    assert not training.close("社区党群服务中心", "目前")


def test_the_rules_pick_is_a_positive_whenever_the_scorer_takes_it(training):
    choices = [
        Choice(8, 12, "服务中心", [()], is_rule=True),
        Choice(2, 12, "新建社区党群服务中心", [()]),
        Choice(10, 12, "中心", [()]),
        Choice(13, 15, "目前", [()]),
    ]
    ex = training.Example("written|x", "新建社区党群服务中心", True, "服务中心", choices=choices)
    assert ex.labels() == [1, 1, 1, 0]  # as the scorer matches
    assert ex.train_labels() == [1, 1, 0, 0]  # what the model learns from: the rules' pick stays a positive
