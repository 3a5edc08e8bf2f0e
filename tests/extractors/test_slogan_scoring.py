"""The slogan model's fast scorers give the probabilities of its token path."""

from __future__ import annotations

import numpy as np
import pytest

from textkit.slogan_model import SloganModel, parallel_tokens, quote_features


def _model() -> SloganModel:
    """A small model whose weights cover grams, shape tokens and white-space tokens."""
    model = SloganModel()
    parallel = {
        "p:严": 0.7,
        "p:^严": 0.4,
        "p:起来": -0.3,
        "p:$": 0.05,
        "p:$^": 0.33,
        "p:_": 0.9,
        "pfx1:严": 0.15,
        "sfx:起来": 0.25,
        "n:3": 0.2,
        "tpl:_起来": 1.1,
        "tag:-": -0.2,
    }
    quoted = {"q:三": 0.5, "q:三会": 0.8, "q:^": 0.1, "q:_": -0.6, "kind:numeric": 0.9, "b1:“": 0.3, "b1:": -0.1, "speech": -1.5}
    model.__dict__["_weight_cache"] = {"parallel": (parallel, -0.4), "quoted": (quoted, 0.2)}
    return model


PARALLEL_RUNS = [
    (("严起来", "紧起来", "实起来"), "做到", "，", True),
    (("严 起来", "紧起来"), "前\u3000", "后", False),  # white space becomes _
    (("严严", "严"), "", "", False),  # a gram repeated within and across parts counts once
    (("党𠀀", "$^"), "x", "y", False),  # a character outside the BMP, the boundary marks inside a part
    (("紧起来", "紧起来"), "", "", False),  # even parts that share everything: their template is their prefix and suffix
    (("严实起来", "严起来"), "", "", False),  # uneven parts sharing a prefix and a suffix
]
QUOTES = [
    ("三会一课", "落实“", "”制度", "numeric"),
    ("三 会", "他说：“", "”", "term"),  # white space splits grams: the long way
    ("三三会", "", "", "motto"),
    ("三会", "说：\n“", "” 好", "motto"),  # white space only around the quotes: its tokens are split
    ("三$^会", "“", "”", "term"),  # the boundary marks inside the phrase
]


@pytest.mark.parametrize("tags", [{}, {"严起来": "v"}])
def test_parallel_probability_is_the_probability_of_the_tokens(tags):
    model = _model()
    expected = model.probability("parallel", [parallel_tokens(p, b, a, tags, f) for p, b, a, f in PARALLEL_RUNS])
    assert np.allclose(model.parallel_probability(PARALLEL_RUNS, tags), expected, rtol=0, atol=1e-12)
    assert len(set(expected.round(6))) == len(expected)  # the runs score differently: the test can tell them apart


def test_quote_probability_is_the_probability_of_the_features():
    model = _model()
    expected = model.probability("quoted", [quote_features(*q) for q in QUOTES])
    assert np.allclose(model.quote_probability(QUOTES), expected, rtol=0, atol=1e-12)
    assert model.quote_probability([]).shape == (0,)


_REPORT = (
    "各级党组织坚持“三会一课”，落实“两学一做”，做到严起来、紧起来、实起来，做到有岗有责、有责有为、有为有位。"
    "要把为民服务，替民办事，带民致富的要求落到实处，推进思想建设、组织建设、作风建设和制度建设，"
    "坚持稳中求进、以进促稳，他说：“我们 一定要干好”，提高党员的稳定性和长期性。"
)


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_the_shipped_model_scores_proposed_runs_as_their_tokens(script):
    """On a report's proposed runs and quotes, in both scripts, the shipped model's fast scorers give
    the probabilities of the token path."""
    from textkit.extractors.slogans import HARD_QUOTE_RULES, _proposed_runs, _quotes
    from textkit.normalization import convert_script
    from textkit.segmentation import word_tags
    from textkit.slogan_model import load_slogan_model

    model, tags = load_slogan_model(), word_tags()
    if model is None:
        pytest.skip("no shipped slogan model")
    text = convert_script(_REPORT, script) if script != "simplified" else _REPORT
    runs = [c.context(text) for c in _proposed_runs(text)]
    assert len(runs) >= 3
    expected = model.probability("parallel", [parallel_tokens(p, b, a, tags, f) for p, b, a, f in runs])
    assert np.allclose(model.parallel_probability(runs, tags), expected, rtol=0, atol=1e-12)
    quotes = [q.context() for q in _quotes(text, HARD_QUOTE_RULES, 60)]
    assert len(quotes) >= 2
    assert np.allclose(
        model.quote_probability(quotes), model.probability("quoted", [quote_features(*q) for q in quotes]), rtol=0, atol=1e-12
    )
