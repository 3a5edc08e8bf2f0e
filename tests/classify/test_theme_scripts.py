"""The theme evaluation scripts: cross-validation over the development documents with their gold
(``scripts/training/cv_dev_themes.py``) and accuracy on the clause-labelled reports
(``scripts/training/eval_themes_clauses.py``), on documents and labels written for these tests."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from types import SimpleNamespace

import numpy as np
import pytest

import textkit
from textkit.labels import LABELS

from ..conftest import REPORT_SIMPLIFIED, REPORT_TRADITIONAL, ROOT

SCRIPTS = ROOT / "scripts" / "training"


def _load(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


cv = _load("cv_dev_themes")
clauses = _load("eval_themes_clauses")


# -- cv_dev_themes ---------------------------------------------------------------------------
@pytest.mark.parametrize("report", [REPORT_SIMPLIFIED, REPORT_TRADITIONAL])
def test_a_gold_measure_is_found_in_its_sentence_whatever_its_punctuation_and_script(report):
    articles = textkit.extract(report)
    # the gold writes half-width commas and may keep the traditional script
    assert cv.locate_sentence(articles, "每季度開展一次民主評議黨員") == "二是每季度开展一次民主评议党员；"
    assert "全年走访慰问困难群众120户" in cv.locate_sentence(articles, "开展“我为群众办实事”实践活动,全年走访慰问困难群众120户")


def test_a_measure_the_gold_cut_off_is_found_by_its_start_and_an_absent_one_is_not():
    articles = textkit.extract(REPORT_SIMPLIFIED)
    assert "便民服务" in cv.locate_sentence(articles, "要进一步完善社区服务中心功能,推行一站式便民服务并开通夜间")
    assert cv.locate_sentence(articles, "组织全体党员赴革命老区开展现场教学") == ""
    assert cv.locate_sentence(articles, "，。") == ""


def _example(source, text, sentence, *themes):
    return cv.Example(source, text, sentence, tuple(themes))


def test_example_rows_repeat_each_gold_measure_by_its_weight():
    ex = [
        _example("a.txt", "组织党员集中学习", "组织党员集中学习，撰写心得体会。", "education"),
        _example("a.txt", "撰写心得体会", "组织党员集中学习，撰写心得体会。", "education"),
        _example("b.txt", "建立党员积分台账", "年初建立党员积分台账。", "mechanism", "supervision"),
    ]
    assert cv.example_rows(ex, 0) == ([], [])
    texts, labels = cv.example_rows(ex, 2)
    assert texts == ["组织党员集中学习"] * 2 + ["撰写心得体会"] * 2 + ["建立党员积分台账"] * 2
    assert labels[-1] == ["mechanism", "supervision"]
    # with sentence rows, only a sentence holding one gold measure is added (it has one theme to teach)
    texts, labels = cv.example_rows(ex, 1, sentence_rows=True)
    assert texts == ["组织党员集中学习", "撰写心得体会", "建立党员积分台账", "年初建立党员积分台账。"]
    assert labels[-1] == ["mechanism", "supervision"]


def test_every_document_is_held_out_exactly_once_in_balanced_folds():
    names = [f"web{i:02d}.txt" for i in range(1, 25)] + [f"00{i}.txt" for i in range(5)]
    fold = cv.folds_of(names + names[:3], 5)
    assert set(fold) == set(names)
    sizes = np.bincount(list(fold.values()))
    assert len(sizes) == 5 and sizes.max() - sizes.min() <= 1
    assert fold == cv.folds_of(list(reversed(names)), 5)


def test_gold_examples_read_every_themed_measure_in_simplified_script(tmp_path):
    gold = {
        "r1.txt": {"measures": [{"text": "組織黨員集中學習", "themes": ["education"]}, {"text": "召开会议", "themes": []}]},
        "r2.txt": {"measures": [{"text": "为独居老人上门送餐", "themes": ["service"]}]},
    }
    scorer = SimpleNamespace(load_gold=lambda folder: gold)
    docs = {"r1.txt": textkit.extract("支部组织党员集中学习。"), "r2.txt": []}
    got = cv.gold_examples(tmp_path, docs, scorer)
    assert [(e.source, e.text, e.themes) for e in got] == [
        ("r1.txt", "组织党员集中学习", ("education",)),
        ("r2.txt", "为独居老人上门送餐", ("service",)),
    ]
    assert got[0].sentence == "支部组织党员集中学习。" and got[1].sentence == ""


def test_a_held_out_document_never_lends_its_gold_to_the_model_that_themes_it(monkeypatch):
    docs = {f"d{i}.txt": textkit.extract(REPORT_SIMPLIFIED) for i in range(4)}
    examples = [_example(s, f"{s}的措施{j}", "", "education") for s in docs for j in range(2)]
    seen: list[set[str]] = []

    class Stub:
        def __init__(self, texts):
            self.texts = set(texts)

        def scores(self, texts, *, simplified=False, contexts=None):
            probs = np.zeros((len(texts), len(LABELS)))
            probs[:, LABELS.index("service")] = 1.0
            return probs, np.zeros((len(texts), 4))

        def in_context(self, probs, ovr, texts, contexts, *, simplified=False):
            return probs, ovr

        def scores_in_context(self, texts, contexts, *, simplified=False):
            probs, ovr = self.scores(texts)
            return probs, ovr, probs, ovr

        def decide(self, probs, ovr):
            return [["service"]] * len(probs)

    def fake_fit(base, extra, params):
        seen.append(set(extra[0]))
        return Stub(extra[0])

    monkeypatch.setattr(cv, "fit_model", fake_fit)
    out = cv.cross_validate_dev(docs, examples, ([], []), weight=1, folds=4, params={})
    assert set(out) == set(docs) and len(seen) == 4
    fold = cv.folds_of(list(docs), 4)
    for k, texts in enumerate(seen):
        held = {s for s in docs if fold[s] == k}
        assert texts and not any(t.split("的")[0] in held for t in texts)
    assert all(m.themes == ["service"] for arts in out.values() for a in arts for m in a.measures)
    assert all(a.themes and max(a.themes, key=a.themes.get) == "service" for arts in out.values() for a in arts)


def test_records_written_for_the_scorer_carry_measures_and_themes(tmp_path):
    docs = {"r.txt": textkit.extract(REPORT_TRADITIONAL, source="r.txt")}
    path = tmp_path / "p.jsonl"
    cv.write_records(docs, path)
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert recs and all(r["source"] == "r.txt" and r["themes"] for r in recs)
    assert all(m["themes"] for r in recs for m in r["measures"])


# -- eval_themes_clauses ---------------------------------------------------------------------
_FIELDS = ["source", "doc", "sent", "clause_no", "clause", "sentence", "heading", "label", "begins", "status", "theme"]


def _clause_file(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(_FIELDS)
        w.writerows(rows)


def test_clause_runs_become_measures_cut_at_each_new_action(tmp_path):
    s1 = "今年以来，支部每月组织集中学习，撰写心得体会，并为困难党员送去慰问金。"
    s2 = "全年完成税收十二亿元。"
    _clause_file(
        tmp_path / "clauses.csv",
        [
            ["written", "01.txt", 1, 0, "今年以来", s1, 0, "other", "", "", ""],
            ["written", "01.txt", 1, 1, "支部每月组织集中学习", s1, 0, "measure", 1, "done", "education"],
            ["written", "01.txt", 1, 2, "撰写心得体会", s1, 0, "measure", 0, "done", "education"],
            ["written", "01.txt", 1, 3, "并为困难党员送去慰问金", s1, 0, "measure", 1, "done", "service"],
            ["political", "报告|2020", 5, 0, "全年完成税收十二亿元", s2, 0, "measure", 1, "done", "other"],
            ["political", "报告|2020", 6, 0, "一项没有主题的措施", "一项没有主题的措施。", 0, "measure", 1, "done", ""],
        ],
    )
    got = clauses.read_measures(tmp_path / "clauses.csv")
    assert [(m.text, m.theme) for m in got] == [
        ("支部每月组织集中学习，撰写心得体会", "education"),
        ("并为困难党员送去慰问金", "service"),
        ("全年完成税收十二亿元", "other"),
    ]
    sets = clauses.measure_sets(tmp_path)
    assert [m.theme for m in sets["written"]] == ["education", "service"]
    assert [m.theme for m in sets["political"]] == ["other"] and sets["written, later files"] == []


def test_clause_accuracy_compares_the_main_theme_with_the_label(tmp_path):
    s = "支部組織黨員集中學習，為困難黨員送去慰問金。"
    measures = [
        clauses.LabelledMeasure("written", "02.txt", s, "education", ["支部組織黨員集中學習"]),
        clauses.LabelledMeasure("written", "02.txt", s, "supervision", ["為困難黨員送去慰問金"]),
    ]
    from textkit.themes import load_model

    model = load_model()
    assert clauses.accuracy(model, measures, context=True) == pytest.approx(0.5)
    assert clauses.accuracy(model, measures, context=False) == pytest.approx(0.5)
    assert clauses.accuracy(model, [], context=True) == 0.0
