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
    with pytest.raises(ModelError, match="refuses to load a model holding types"):
        read_payload(path)


def _code_running_pipeline(marker):
    """The attack of issue 12: a pipeline of FunctionTransformers over NumPy and builtins callables
    whose last step is ``builtins.exec`` on a string that writes ``marker``."""
    import builtins

    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    code = f"open({str(marker)!r}, 'w').write('ran')"
    return Pipeline(
        [
            ("fill", FunctionTransformer(np.full_like, kw_args={"fill_value": code, "dtype": object})),
            ("flat", FunctionTransformer(np.ravel)),
            ("pick", FunctionTransformer(builtins.max)),
            ("run", FunctionTransformer(builtins.exec)),
        ]
    )


def _write_evil_theme_model(path, marker):
    """A theme-model file (right format and version) whose estimator runs code at prediction."""
    import skops.io as sio

    from textkit.classify import ThemeModel

    real = ThemeModel(C=1.0).fit(
        ["组织党员集中学习", "建立健全考核制度", "开展专项监督检查", "为群众办实事"] * 2,
        [["education"], ["mechanism"], ["supervision"], ["service"]] * 2,
    )
    real.save(path)
    payload = sio.load(str(path))
    payload["estimator"] = _code_running_pipeline(marker)
    payload["main_estimator"] = _code_running_pipeline(marker)
    sio.dump(payload, str(path))


def test_a_model_that_would_run_code_is_refused_before_any_of_it_runs(tmp_path):
    from textkit.classify import ThemeModel

    marker = tmp_path / "ran.txt"
    _code_running_pipeline(marker).transform([["x"]])  # the gadget works when trusted …
    assert marker.read_text() == "ran"
    marker.unlink()
    path = tmp_path / "evil.skops"
    _write_evil_theme_model(path, marker)
    for load in (read_payload, ThemeModel.load):
        with pytest.raises(ModelError, match="FunctionNode:numpy.full_like|FunctionNode:builtins.exec"):
            load(path)
    assert not marker.exists()


@pytest.mark.parametrize("command", ["classify", "extract"])
def test_the_cli_refuses_a_code_running_model(tmp_path, command):
    from typer.testing import CliRunner

    from textkit.cli import app

    marker = tmp_path / "ran.txt"
    path = tmp_path / "evil.skops"
    _write_evil_theme_model(path, marker)
    doc = tmp_path / "doc.txt"
    doc.write_text("支部组织党员集中学习党章，建立健全考核制度。", encoding="utf-8")
    args = (
        ["classify", "--model", str(path), "组织党员集中学习"]
        if command == "classify"
        else ["extract", str(doc), "--model", str(path), "-o", str(tmp_path / "out.jsonl")]
    )
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0
    assert "refuses to load" in result.output
    assert not marker.exists()


def test_an_archive_with_a_bomb_of_a_schema_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "m.skops"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("schema.json", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(ModelError, match="not a skops file"):
        read_payload(path)


def test_every_estimator_textkit_trains_loads(tmp_path):
    from textkit.classify import ThemeModel, build_estimator

    texts = ["组织党员集中学习", "建立健全考核制度", "开展专项监督检查", "为群众办实事"] * 3
    labels = [["education"], ["mechanism"], ["supervision"], ["service"]] * 3
    for kind in ("logreg", "ridge", "nb"):
        model = ThemeModel(C=1.0).fit(texts, labels)
        model.estimator_ = build_estimator(kind).set_params(features__min_df=1).fit(texts, np.eye(4, dtype=int)[[0, 1, 2, 3] * 3])
        model.save(tmp_path / f"{kind}.skops")
        assert type(ThemeModel.load(tmp_path / f"{kind}.skops").estimator_.named_steps["clf"].estimator).__name__ in (
            "LogisticRegression",
            "RidgeClassifier",
            "ComplementNB",
        )


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
