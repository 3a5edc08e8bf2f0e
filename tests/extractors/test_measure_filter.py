"""The learned measure filter: rules propose measures, the clause model drops what is no action."""

from __future__ import annotations

import pytest
from sklearn.exceptions import NotFittedError

import textkit
from textkit.clause_model import ClauseModel, clause_input
from textkit.errors import ModelError
from textkit.extractors.measure_filter import load_clause_model

PRINCIPLE = "一、基本做法\n支部坚持以人民为中心的发展理念，把政治建设放在首位。\n"
ACTIONS = "二、主要做法\n支部书记带队看望慰问老党员12名，把党课带进田间地头，处置矛盾纠纷30起。\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PRINCIPLE, []),
        (textkit.normalize(PRINCIPLE, script="traditional")[0].text, []),
        (ACTIONS, ["支部书记带队看望慰问老党员12名，把党课带进田间地头，处置矛盾纠纷30起"]),
        (
            textkit.normalize(ACTIONS, script="traditional")[0].text,
            ["支部书记带队看望慰问老党员12名，把党课带进田间地头，处置矛盾纠纷30起"],
        ),
    ],
    ids=["principle", "principle-traditional", "actions", "actions-traditional"],
)
def test_filter_keeps_actions_and_drops_principles(text, expected):
    (art,) = textkit.extract(text)
    assert [m.text for m in art.measures] == expected


def test_rules_alone_would_keep_the_principle_and_the_trace_says_why_it_went():
    (art,) = textkit.extract(PRINCIPLE, pipes=("slogans", "figures", "measures"))
    assert [m.text for m in art.measures] == ["支部坚持以人民为中心的发展理念，把政治建设放在首位"]
    _, decisions = textkit.explain(PRINCIPLE)
    (judged,) = [d for d in decisions if d.rule == "clause_model"]
    assert judged.kept is False and judged.reason.startswith("P(action) 0.")


@pytest.mark.parametrize(
    ("clause", "is_action"),
    [
        ("取得了明显成效", False),
        ("群众满意率达到98%", False),
        ("党员意识不强", False),
        ("坚持以人民为中心的发展理念", False),
        ("组织开展主题党日活动12次", True),
        ("把党课带进田间地头", True),
    ],
)
def test_shipped_clause_model_on_clear_cases(clause, is_action):
    p = load_clause_model().action_probability([clause_input(clause)])[0]
    assert bool(p >= 0.5) is is_action, p


def test_clause_model_is_an_estimator_and_round_trips(tmp_path):
    X = [clause_input(c) for c in ("组织党员学习", "开展志愿服务", "取得明显成效", "意识不强")] * 3
    y = [1, 1, 0, 0] * 3
    model = ClauseModel(C=2.0)
    with pytest.raises(NotFittedError):
        model.predict(X)
    assert model.fit(X, y) is model and model.get_params() == {"C": 2.0, "max_n": 3}
    path = tmp_path / "clauses.skops"
    model.save(path, {"rows": 12})
    again = ClauseModel.load(path)
    assert again.meta_ == {"rows": 12}
    assert again.action_probability(X).round(6).tolist() == model.action_probability(X).round(6).tolist()
    assert list(model.predict(X)) == y


def test_a_theme_model_file_is_not_a_clause_model():
    from textkit.classify import shipped_model_path

    with pytest.raises(ModelError, match="not a textkit clause model"):
        ClauseModel.load(shipped_model_path())


@pytest.mark.parametrize(
    ("labelled", "proposed"),
    [
        ("四、参加人员", "参加人员"),
        ("（二）强化日常监督", "强化日常监督"),
        ("一是加强理论学习", "加强理论学习"),
        ("3.開展結對幫扶", "開展結對幫扶"),
    ],
)
def test_the_model_reads_a_clause_the_same_with_or_without_its_list_marker(labelled, proposed):
    assert clause_input(labelled, heading=True) == clause_input(proposed, heading=True)


@pytest.mark.parametrize("clause", ["三重一大", "一面旗帜", "二〇二三年"])
def test_numerals_that_are_no_marker_stay_in_the_clause(clause):
    assert clause_input(clause) == f"^{clause}$"


@pytest.mark.parametrize(
    ("aggregate", "kept"),
    [("max", True), ("mean", False)],
)
def test_aggregate_decides_how_a_measure_with_one_action_clause_among_results_is_judged(aggregate, kept):
    text = "二、主要做法\n组织党员学习，取得了明显成效，群众满意率明显提高，形成了良好氛围。\n"
    pipe = textkit.Pipeline(config={"measure_filter": {"aggregate": aggregate, "threshold": 0.5}})
    (art,) = pipe.process_text(text)
    assert bool(art.measures) is kept


def test_an_unknown_aggregate_is_refused():
    with pytest.raises(ValueError, match="aggregate"):
        textkit.Pipeline(config={"measure_filter": {"aggregate": "median"}}).process_text("一、做法\n组织党员学习。\n")
