from __future__ import annotations

import numpy as np
import pytest

from textkit.errors import ModelError
from textkit.model_files import read_payload, write_payload


class Gadget:
    """A type no model file may hold."""

    def __init__(self) -> None:
        self.value = 1


def test_a_payload_of_safe_types_loads(tmp_path):
    path = tmp_path / "m.skops"
    write_payload({"format": "x", "weights": np.arange(3.0)}, path)
    assert np.array_equal(read_payload(path)["weights"], np.arange(3.0))


def test_a_file_holding_another_type_is_refused(tmp_path):
    path = tmp_path / "m.skops"
    write_payload({"format": "x", "gadget": Gadget()}, path)
    with pytest.raises(ModelError, match="refuses to load types"):
        read_payload(path)


def test_a_file_that_is_no_skops_archive_is_refused(tmp_path):
    path = tmp_path / "m.skops"
    path.write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match="not a skops file"):
        read_payload(path)


def test_vectoriser_vocabularies_are_written_with_plain_integers(tmp_path):
    """scikit-learn leaves NumPy integers in a vocabulary cut by max_features; skops would store each
    in a file of its own, so they are written as plain integers (the same columns)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    texts = ["加强党员教育", "完善监督制度", "开展志愿服务", "加强制度建设"]
    pipe = Pipeline([("features", TfidfVectorizer(analyzer="char", max_features=6)), ("clf", LogisticRegression())]).fit(
        texts, [0, 1, 0, 1]
    )
    columns = dict(pipe.named_steps["features"].vocabulary_)
    path = tmp_path / "m.skops"
    write_payload({"estimator": pipe}, path)
    vocabulary = read_payload(path)["estimator"].named_steps["features"].vocabulary_
    assert vocabulary == columns and all(type(c) is int for c in vocabulary.values())


def test_a_vocabulary_split_into_arrays_comes_back_whole():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from textkit.model_files import join_vocabulary, split_vocabulary

    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3)).fit(["加强党员教育管理", "完善監督制度 a\x00"])
    lean, arrays = split_vocabulary(vec)
    assert not arrays and lean is vec  # a term ending in NUL stays in the dict
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3)).fit(["加强党员教育管理", "完善監督制度"])
    lean, arrays = split_vocabulary(vec)
    assert not hasattr(lean, "vocabulary_") and hasattr(vec, "vocabulary_")
    assert join_vocabulary(lean, arrays).vocabulary_ == vec.vocabulary_


def test_the_clause_model_reads_both_file_versions(tmp_path):
    from textkit.clause_model import ClauseModel
    from textkit.model_files import write_payload

    texts, labels = ["^开展党员教育$", "^取得明显成效$", "^建立帮扶制度$", "^群众满意度高$"], [1, 0, 1, 0]
    model = ClauseModel(C=1.0, max_n=2).fit(texts, labels)
    model.save(tmp_path / "v2.skops")
    old = {
        "format": "textkit-clauses",
        "version": 1,
        "C": 1.0,
        "max_n": 2,
        "vectorizer": model.vectorizer_,
        "classifier": model.classifier_,
        "meta": "{}",
    }
    write_payload(old, tmp_path / "v1.skops")
    for name in ("v1.skops", "v2.skops"):
        again = ClauseModel.load(tmp_path / name)
        assert np.array_equal(again.action_probability(texts), model.action_probability(texts))


def test_the_theme_model_reads_both_file_versions(tmp_path):
    import json

    from textkit.classify import ThemeModel
    from textkit.labels import LABELS

    texts = [
        "组织党员集中学习",
        "建立健全考核制度",
        "开展专项监督检查",
        "为群众办实事",
        "召开理论学习会",
        "完善议事规则",
        "落实巡察整改",
        "走访慰问困难群众",
    ]
    labels = [["education"], ["mechanism"], ["supervision"], ["service"], ["education"], ["mechanism"], ["supervision"], ["service"]]
    model = ThemeModel(C=1.0).fit(texts, labels)
    model.save(tmp_path / "v5.skops")
    old = {
        "format": "textkit-themes",
        "version": 4,
        "themes": [label for label in LABELS if label != "other"],
        "estimator": model.estimator_,
        "main_estimator": model.main_estimator_,
        "threshold": model.threshold,
        "second": model.second,
        "context": model.context,
        "meta": json.dumps({}),
    }
    write_payload(old, tmp_path / "v4.skops")
    want = model.scores(texts)
    for name in ("v4.skops", "v5.skops"):
        got = ThemeModel.load(tmp_path / name).scores(texts)
        assert all(np.array_equal(a, b) for a, b in zip(got, want))
