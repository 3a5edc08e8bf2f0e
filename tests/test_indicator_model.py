"""The indicator model: rules propose a figure's indicator, the model picks among the phrases around the number.
Sentences written for these tests, in simplified and traditional script (traditional input is converted before
extraction, so indicators come out simplified)."""

from __future__ import annotations

import pytest

from textkit.extractors.figures import FigureExtractor
from textkit.indicator_model import Choice, IndicatorModel, best_indicator, indicator_candidates, load_indicator_model, shipped_path
from textkit.pipeline import Pipeline

WITH_MODEL = Pipeline()
RULES_ONLY = Pipeline(config={"figures": {"indicator_model": False}})


def _pairs(pipe: Pipeline, text: str) -> list[tuple[float, str]]:
    return [(f.value, f.indicator) for art in pipe.process_text(text) for f in art.figures]


# X，目前已由A增加到B: the rules take the time word next to the change; what changed is the clause before
CHANGES = [
    ("全市新建社区党群服务中心，目前已由38个增加到95个。", "社区党群服务中心", "目前"),
    ("全市新建社區黨群服務中心，目前已由38個增加到95個。", "社区党群服务中心", "目前"),
    ("社区的网格员队伍，目前已由二十人增加到四十五人。", "网格员队伍", "目前"),
    ("社區的網格員隊伍，目前已由二十人增加到四十五人。", "网格员队伍", "目前"),
]


@pytest.mark.parametrize(("text", "topic", "rules_pick"), CHANGES)
def test_a_change_counts_the_topic_noun_not_the_time_word(text: str, topic: str, rules_pick: str) -> None:
    pairs = _pairs(WITH_MODEL, text)
    assert len(pairs) == 2
    assert all(topic in indicator for _, indicator in pairs)
    assert all(indicator == rules_pick for _, indicator in _pairs(RULES_ONLY, text))


# X，去年比前年增加了N: the clause with the comparison names no noun; X is what is compared
COMPARISONS = [
    ("全市的城乡居民养老保险参保人数，去年比前年增加了十二万人。", "城乡居民养老保险参保人数"),
    ("全市的城鄉居民養老保險參保人數，去年比前年增加了十二萬人。", "城乡居民养老保险参保人数"),
    ("全市的城镇登记失业率，去年控制在百分之三点二以内。", "城镇登记失业率"),
    ("全市的城鎮登記失業率，去年控制在百分之三點二以內。", "城镇登记失业率"),
]


@pytest.mark.parametrize(("text", "topic"), COMPARISONS)
def test_a_comparison_counts_what_is_compared(text: str, topic: str) -> None:
    ((_, indicator),) = _pairs(WITH_MODEL, text)
    assert indicator == topic
    ((_, rules_pick),) = _pairs(RULES_ONLY, text)
    assert rules_pick != topic


SIMPLE = [
    ("全县共有基层党组织426个，党员1.2万名。", [(426, "基层党组织"), (1.2, "党员")]),
    ("全縣共有基層黨組織426個，黨員1.2萬名。", [(426, "基层党组织"), (1.2, "党员")]),
    ("支部今年发展党员5名，培养入党积极分子12名。", [(5, "发展党员"), (12, "入党积极分子")]),
    ("支部今年發展黨員5名，培養入黨積極分子12名。", [(5, "发展党员"), (12, "入党积极分子")]),
    ("社区组织志愿服务活动48场次，服务群众3600余人次。", [(48, "志愿服务活动"), (3600, "群众")]),
    ("今年全省粮食总产量达到三千二百万吨，比上年增长百分之四点五。", [(3200, "粮食总产量"), (4.5, "粮食总产量")]),
    ("全区的养老服务床位，已经从一千四百张增加到三千张。", [(1400, "养老服务床位"), (3000, "养老服务床位")]),
    ("全區的養老服務床位，已經從一千四百張增加到三千張。", [(1400, "养老服务床位"), (3000, "养老服务床位")]),
]


@pytest.mark.parametrize(("text", "expected"), SIMPLE)
def test_the_model_keeps_the_right_indicator_in_simple_cases(text: str, expected: list) -> None:
    assert _pairs(WITH_MODEL, text) == expected
    assert _pairs(RULES_ONLY, text) == expected


def test_the_option_switches_the_model_off() -> None:
    assert FigureExtractor(indicator_model=False).indicator_model is None
    assert FigureExtractor().indicator_model is load_indicator_model()
    text = CHANGES[0][0]
    assert _pairs(RULES_ONLY, text) != _pairs(WITH_MODEL, text)


def test_a_replaced_indicator_widens_the_figure_span() -> None:
    (article,) = WITH_MODEL.process_text(CHANGES[0][0])
    first = article.figures[0]
    assert first.indicator in first.text
    assert article.text[first.start : first.end] == first.text


@pytest.mark.parametrize(
    "text", [CHANGES[0][0], COMPARISONS[0][0], SIMPLE[5][0], "全县城乡居民医保参保率，五年间由百分之八十六提高到百分之九十七。"]
)
def test_the_fast_choice_is_the_choice_over_all_candidates(text: str) -> None:
    """``best_indicator`` scores the spans as it finds them; it must pick what ``choose`` picks over the built candidates."""
    model = load_indicator_model()
    calls = []

    class Recorder(FigureExtractor):
        def _choose_indicators(self, found, s_text, offset):
            for c, fig in found:
                at = c.sent.start
                calls.append((s_text, c.start - at, c.end - at, fig.indicator, c.ind_source, fig.unit, fig.kind))

    rec = Recorder(indicator_model=False)
    for article in Pipeline(pipes=("slogans",)).process_text(text):
        rec.annotate(article)
    assert calls
    for args in calls:
        slow = model.choose(indicator_candidates(*args))
        fast = best_indicator(model, *args)
        assert (slow and (slow.start, slow.end)) == (fast and (fast.start, fast.end))


def test_the_candidates_hold_the_rules_pick_first_and_the_topic_noun() -> None:
    text = "全市新建社区党群服务中心，目前已由38个增加到95个。"
    start = text.index("95")
    choices = indicator_candidates(text, start, start + 3, "目前", "chain", "个", "count")
    assert choices[0].is_rule and choices[0].text == "目前"
    assert "社区党群服务中心" in {c.text for c in choices}
    assert all(not c.text.startswith(("，", "已", "由")) for c in choices[1:])
    assert indicator_candidates(text, start, start + 3, "不在句中的名称", "completion", "个", "count") == []


def _tiny_model() -> IndicatorModel:
    X = [["pos:b0", "lt:n", "rule"], ["pos:b0", "lt:t", "apart"], ["pos:a", "lt:n", "apart"], ["pos:b1", "lt:v", "apart"]] * 3
    y = [1, 0, 1, 0] * 3
    return IndicatorModel(C=1.0, margin=0.25).fit(X, y)


def test_the_model_file_round_trips_and_loads_without_pickle(tmp_path) -> None:
    import skops.io as sio

    model = _tiny_model()
    path = tmp_path / "indicators.skops"
    model.save(path, {"note": "test"})
    assert sio.get_untrusted_types(file=str(path)) == []  # plain arrays and numbers: nothing skops would have to trust
    back = IndicatorModel.load(path)
    choices = [Choice(0, 2, "党员", [("pos:b0", "lt:n", "rule")], True), Choice(3, 5, "去年", [("pos:b0", "lt:t", "apart")])]
    assert back.scores(choices) == pytest.approx(model.scores(choices))
    assert back.margin == 0.25 and back.meta_ == {"note": "test"}


def test_the_shipped_model_loads_without_pickle() -> None:
    import skops.io as sio

    assert sio.get_untrusted_types(file=str(shipped_path())) == []
    model = IndicatorModel.load(shipped_path())
    assert model.weights_ and model.meta_["scores"]["all"]["cv"]["indicator"] > 0.9


def test_a_file_of_another_format_is_refused(tmp_path) -> None:
    from textkit.errors import ModelError
    from textkit.model_files import write_payload

    path = tmp_path / "other.skops"
    write_payload({"format": "textkit-slogans", "version": 1}, path)
    with pytest.raises(ModelError):
        IndicatorModel.load(path)
