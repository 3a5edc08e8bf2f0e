from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

import textkit
from textkit.classify import THEMES, CharTfidf, ThemeModel, cross_validate, model_input, read_labelled
from textkit.cli import app
from textkit.errors import ModelError
from textkit.themes import ThemeTagger, load_model

from .conftest import REPORT_SIMPLIFIED, ROOT

runner = CliRunner()
TRAIN = ROOT / "scripts" / "training" / "train.csv"


def test_shipped_model_classifies_clear_cases():
    model = load_model()
    got = model.predict(
        [
            "组织党员集中学习党的二十大精神",
            "建立健全党支部议事规则和工作制度",
            "开展廉政谈话和专项督查",
            "为独居老人提供上门送餐服务",
            "完成年度发电量18亿千瓦时",
        ]
    )
    assert [g[0] for g in got] == ["education", "mechanism", "supervision", "service", "other"]


def test_measures_and_articles_carry_themes():
    (art,) = textkit.extract(REPORT_SIMPLIFIED)
    assert all(m.themes and {"education", "mechanism", "supervision", "service"} <= set(m.theme_scores) for m in art.measures)
    assert abs(sum(art.themes.values()) - 1) < 1e-3 and 0 <= art.theme_confidence <= 1
    assert max(art.themes, key=art.themes.get) in ("mechanism", "service")


def test_explain_names_driving_words():
    expl = load_model().explain("组织党员观看廉政警示教育片")
    assert any("廉政" in n or "警示" in n for n, _ in expl["supervision"])


def _small_training_file(tmp_path, n=240):
    rows = list(csv.DictReader(TRAIN.open(encoding="utf-8")))
    by_theme: dict[str, list] = {}
    for r in rows:
        by_theme.setdefault(r["themes"].split("|")[0], []).append(r)
    picked = [r for rs in by_theme.values() for r in rs[: n // len(by_theme)]]
    path = tmp_path / "small.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["text", "themes"])
        w.writeheader()
        w.writerows({"text": r["text"], "themes": r["themes"]} for r in picked)
    return path


def test_train_cli_writes_model_and_metrics_and_extract_uses_it(tmp_path):
    data = _small_training_file(tmp_path)
    out = tmp_path / "mine.skops"
    res = runner.invoke(app, ["train", str(data), "-o", str(out), "--folds", "3", "--no-compare"])
    assert res.exit_code == 0, res.output
    assert "education" in res.output and "confusion" in res.output
    metrics = json.loads(out.with_suffix(".metrics.json").read_text(encoding="utf-8"))
    assert set(metrics["cv"]["per_theme"]) == {"education", "mechanism", "supervision", "service"}
    assert ThemeModel.load(out).predict(["开展党员志愿服务"])[0]
    src = tmp_path / "r.txt"
    src.write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    res = runner.invoke(app, ["extract", str(src), "--model", str(out), "-o", str(tmp_path / "x.jsonl"), "-q"])
    assert res.exit_code == 0, res.output


def test_invalid_model_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.skops"
    bad.write_text("not a model", encoding="utf-8")
    with pytest.raises(ModelError, match="not a textkit model"):
        ThemeModel.load(bad)
    with pytest.raises(ModelError, match="no such model"):
        ThemeModel.load(tmp_path / "missing.skops")
    res = runner.invoke(app, ["classify", "开展学习", "--model", str(bad)])
    assert res.exit_code == 2 and "not a textkit model" in res.output


def test_read_labelled_rejects_unknown_themes(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text(json.dumps({"text": "开展学习", "themes": ["education", "sports"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="sports"):
        read_labelled(p)


def test_classify_cli_sentence_and_file(tmp_path):
    res = runner.invoke(app, ["classify", "开展廉政警示教育", "--explain"])
    assert res.exit_code == 0 and "supervision" in res.output
    src = tmp_path / "r.txt"
    src.write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    res = runner.invoke(app, ["classify", str(src), "--measures"])
    assert res.exit_code == 0 and "confidence" in res.output


def test_model_input_is_unsegmented_text_with_its_leading_clause_repeated():
    assert model_input("建立了党員學習制度，每月學習兩次") == "建立了党员学习制度，每月学习两次\u3000建立了党员学习制度"
    assert model_input("开展志愿服务") == "开展志愿服务"


@pytest.mark.parametrize("ngrams", [(1, 2), (1, 3), (2, 3)])
def test_numpy_tfidf_equals_scikit_learn(ngrams):
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts, _ = read_labelled(TRAIN)
    docs = [model_input(t) for t in texts[:400]]
    vec = TfidfVectorizer(analyzer="char", ngram_range=ngrams, min_df=2, sublinear_tf=True, lowercase=False).fit(docs)
    probe = [*docs[:50], "", "x", "  空白\n\n两处\u3000\u3000", "生僻字𠀀𠀁", "完全没见过的句子"]
    assert CharTfidf.supports(vec)
    fast, slow = CharTfidf(vec).transform(probe), vec.transform(probe)
    assert fast.shape == slow.shape and abs(fast - slow).max() < 1e-12


def test_theme_stage_does_not_segment(monkeypatch):
    import jieba

    (art,) = textkit.extract(REPORT_SIMPLIFIED)
    expected = [m.themes for m in art.measures]

    def refuse(*a, **k):
        raise AssertionError("the theme stage segmented a text")

    monkeypatch.setattr(jieba.Tokenizer, "cut", refuse)
    monkeypatch.setattr(jieba.Tokenizer, "lcut", refuse)
    ThemeTagger().annotate(art)
    assert [m.themes for m in art.measures] == expected


def test_weight_column_repeats_rows_and_copies_share_a_fold(tmp_path):
    rows = list(csv.DictReader(TRAIN.open(encoding="utf-8")))[:300]
    path = tmp_path / "w.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["text", "themes", "weight"])
        w.writeheader()
        w.writerows({"text": r["text"], "themes": r["themes"], "weight": 3 if i % 2 else 1} for i, r in enumerate(rows))
    texts, labels = read_labelled(path)
    assert len(texts) == 150 * 3 + 150 and len(labels) == len(texts)
    res = cross_validate(texts, labels, folds=3)
    assert res["n"] == 300 and sum(map(sum, res["confusion"]["matrix"])) == 300
    bad = tmp_path / "bad.csv"
    bad.write_text("text,themes,weight\n开展学习,education,0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="weight"):
        read_labelled(bad)


def test_fast_scores_equal_scikit_learn_predict_proba():
    model = load_model()
    texts, _ = read_labelled(TRAIN)
    texts = texts[:200]
    probs, ovr = model.scores(texts)
    X = [model_input(t) for t in texts]
    features = model.estimator.named_steps["features"].transform(X)
    classes = list(model.main_estimator.classes_)
    expected = model.main_estimator.predict_proba(features)[:, [classes.index(t) for t in (*THEMES, "other")]]
    assert abs(probs - expected).max() < 1e-9
    assert abs(ovr - model.estimator.predict_proba(X)).max() < 1e-9
