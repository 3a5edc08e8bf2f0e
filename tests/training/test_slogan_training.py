"""The slogan model's training helpers: labels from a gold list as the scorer matches slogans, sample
weights, per-kind thresholds. Written for these tests; nothing here reads ../shared."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def slogan_data(extraction_script):
    return extraction_script("slogan_data")


def _norm(text: str) -> str:
    return "".join(ch for ch in text if ch not in "、，,“” ")


def test_a_candidate_is_labelled_as_the_scorer_matches_slogans(slogan_data):
    gold = {_norm("有计划、有部署、有检查"), _norm("红色驿站")}
    assert slogan_data._dev_label("有计划，有部署，有检查", gold, _norm) == 1  # separators do not matter
    assert slogan_data._dev_label("财务管理、资产管理", gold, _norm) == 0
    # a near miss (a longer or shorter span of a gold slogan) is a boundary question: left out
    assert slogan_data._dev_label("红色驿站服务", gold, _norm) is None


def test_sample_weights_and_per_kind_thresholds(tmp_path):
    from textkit.slogan_model import SloganModel

    X = ["p:有 p:计 tpl:有_", "p:有 p:部 tpl:有_", "p:财 p:务 tpl:uneven", "p:资 p:产 tpl:uneven"]
    model = SloganModel().fit("parallel", X, [1, 1, 0, 0], [2.0, 2.0, 1.0, 1.0])
    path = tmp_path / "m.skops"
    model.save(path, {"thresholds": {"quoted": 0.4, "parallel": 0.6}})
    loaded = SloganModel.load(path)
    assert (loaded.threshold("quoted"), loaded.threshold("parallel")) == (0.4, 0.6)
    assert loaded.probability("parallel", ["p:有 p:计 tpl:有_"])[0] > 0.5
    # a list of tokens scores as the string does
    assert loaded.probability("parallel", [["p:有", "p:计", "tpl:有_"]])[0] == loaded.probability("parallel", ["p:有 p:计 tpl:有_"])[0]
    assert SloganModel().threshold("parallel") == 0.5  # no thresholds in the model: 0.5
