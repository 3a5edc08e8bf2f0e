from __future__ import annotations

import json
import subprocess
import sys

import pytest

import textkit
from textkit.evaluation import group_records, load_gold, score
from textkit.normalization import convert_script

from .conftest import CORPORA, GOLD, REPORT_SIMPLIFIED, REPORT_TRADITIONAL


def _one(text):
    (art,) = textkit.extract(text)
    return art


def test_offsets_point_into_the_article_text():
    art = _one(REPORT_SIMPLIFIED)
    for item in [*art.figures, *art.measures]:
        assert art.text[item.start : item.end] == item.text
        assert item.text in item.sentence
    for sl in art.slogans:
        for s, e in sl.occurrences:
            assert art.text[s:e].replace("，", "、") == sl.text.replace("，", "、")


def test_slogans_kinds_and_numeric_formulas():
    art = _one(REPORT_SIMPLIFIED)
    by_text = {s.text: s for s in art.slogans}
    assert by_text["三会一课"].kind == "numeric" and by_text["三会一课"].quoted
    assert by_text["我为群众办实事"].kind == "campaign"
    assert by_text["一站式"].kind == "term"


def test_numbered_formula_expansion_and_count_check():
    text = "标题\n支部推行“三亮三比”工作法，即：亮身份、亮承诺、亮业绩，比学习、比服务、比贡献。党员积极参与。"
    sl = {s.text: s for s in _one(text).slogans}["三亮三比"]
    assert sl.expansion == ["亮身份", "亮承诺", "亮业绩", "比学习", "比服务", "比贡献"]
    assert sl.count_ok is True
    text2 = "标题\n我们坚持“四个服务”。一是服务基层。二是服务党员。三是服务群众。四是服务中心。"
    sl2 = {s.text: s for s in _one(text2).slogans}["四个服务"]
    assert sl2.expansion == ["服务基层", "服务党员", "服务群众", "服务中心"] and sl2.count_ok


def test_emphasis_quotes_and_honours_are_not_slogans():
    text = "标题\n干好本职工作是立身之本和最重要的“本钱”。支部先后被授予“全国先进基层党组织”荣誉称号，组织学习《中国共产党章程》。"
    texts = {s.text for s in _one(text).slogans}
    assert "本钱" not in texts and "全国先进基层党组织" not in texts and "中国共产党章程" not in texts


def test_figures_values_units_and_kinds():
    art = _one(REPORT_SIMPLIFIED)
    figs = {(f.value, f.unit): f for f in art.figures}
    assert figs[(6, "个")].indicator == "网格党支部"
    assert figs[(120, "户")].kind == "count"
    money = figs[(3.5, "万元")]
    assert money.kind == "money" and money.base_value == 35000 and money.base_unit == "元"
    assert figs[(98, "%")].kind == "percent"
    assert figs[(1, "次")].kind == "frequency"


def test_chinese_numerals_ranges_and_approximations():
    text = (
        "标题\n支部建立了十八项制度，推出1至10个服务岗位，发放200多份征求意见书，"
        "10多年来坚持每年召开两次以上民主生活会，参与率达百分之四十，撰写五万余字的学习笔记。"
    )
    figs = [(f.value, f.value_max, f.unit, f.approx, f.kind) for f in _one(text).figures]
    assert (18, None, "项", False, "count") in figs
    assert (1, 10, "个", False, "count") in figs
    assert (200, None, "份", True, "count") in figs
    assert not any(u == "年" for _, _, u, _, _ in figs)  # 10多年来 is a time expression (GUIDELINES: 两年来)
    assert (2, None, "次", True, "frequency") in figs
    assert (40, None, "%", False, "percent") in figs
    assert any(v == 5 and u == "万字" and a for v, _, u, a, _ in figs)


def test_not_figures():
    text = "标题\n2022年6月，支部提出四个“模范”，总结了三点体会，一是要深入千家万户，打通服务群众最后一公里，三重一大事项集体决策，一名党员就是一面旗帜。"
    assert _one(text).figures == []


def test_targets_and_codes():
    art = _one("标题\n力争明年新发展党员10名以上，今年已发展党员8名。邮编214000，编号D628。")
    figs = [(f.value, f.unit, f.role, f.approx) for f in art.figures]
    assert figs == [(10, "名", "target", True), (8, "名", "achievement", False)]
    assert art.figures[0].indicator.endswith("发展党员")


def test_completion_rate_tied_to_its_indicator():
    art = _one("标题\n全年新增就业岗位2683个，完成任务的124%。")
    rate = [f for f in art.figures if f.unit == "%"][0]
    assert rate.relates_to == 0 and rate.indicator.startswith("新增就业岗位")


def test_measures_levels_status_and_concreteness():
    art = _one(REPORT_SIMPLIFIED)
    by_text = {m.text: m for m in art.measures}
    assert by_text["强化组织引领"].level == "heading"
    built = next(m for m in art.measures if m.text.startswith("社区党委建立了"))
    assert built.status == "done" and built.concrete and built.section == "健全组织体系"
    must = next(m for m in art.measures if m.text.startswith("要进一步完善社区服务中心功能"))
    assert must.status == "prescribed"
    assert all(not m.text.startswith(("一是", "二是", "1、")) for m in art.measures)


def test_statements_problems_and_results_are_not_measures():
    text = (
        "标题\n一、存在的问题\n个别党员党性意识不强，宗旨意识淡化。\n"
        "二、主要做法\n发挥先锋模范作用是党的性质和宗旨的必然要求。支部建立了党员联系群众制度。活动取得了初步成效。"
    )
    texts = [m.text for m in _one(text).measures]
    assert texts == ["支部建立了党员联系群众制度"]


def test_outcomes_and_rankings_are_results_not_measures():
    text = (
        "城关税务分局党建工作总结\n二、主要做法\n分局推行“党员帮办”服务，设立党员示范岗6个。"
        "全年组织税收收入完成目标任务的112%。分局在全市纳税服务评议中位列第一。\n"
    )
    texts = [m.text for m in _one(text).measures]
    assert any("党员帮办" in t for t in texts) and any("示范岗6个" in t for t in texts)
    assert not any("112%" in t or "位列第一" in t for t in texts), texts


def test_traditional_and_simplified_extract_the_same_items():
    a, b = _one(REPORT_SIMPLIFIED), _one(REPORT_TRADITIONAL)
    assert [s.text for s in a.slogans] == [s.text for s in b.slogans]
    assert [(f.value, f.unit, f.indicator) for f in a.figures] == [(f.value, f.unit, f.indicator) for f in b.figures]
    assert [(m.text, m.status) for m in a.measures] == [(m.text, m.status) for m in b.measures]


def test_user_slogan_lexicon(tmp_path):
    lex = tmp_path / "mine.tsv"
    lex.write_text("text\tkind\n红色物业\tterm\n", encoding="utf-8")
    (art,) = textkit.extract("标题\n社区党委推进红色物业建设。", slogan_lexicon=str(lex))
    assert "红色物业" in [s.text for s in art.slogans]


def test_own_annotated_samples_score_above_the_bar():
    records = []
    gold = load_gold(GOLD)
    for name in gold:
        records += [a.to_record(structure=False) for doc in textkit.extract_files([str(CORPORA / name)]) for a in doc.articles]
    res = score(gold, group_records(records))
    assert res["article_counts_right"] == len(gold)
    assert res["slogans"]["f1"] >= 0.78, res
    assert res["figures"]["f1"] >= 0.75, res
    assert res["measures"]["f1"] >= 0.7, res
    assert res["status_accuracy"] >= 0.8, res


@pytest.mark.slow
def test_development_set_scores_with_the_shared_scorer(shared, tmp_path):
    """The whole development set (seeds + dev/web) against ../shared/gold: a regression guard."""
    out = tmp_path / "dev.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for doc in textkit.extract_files([str(shared / "seeds"), str(shared / "dev" / "web")]):
            for a in doc.articles:
                fh.write(json.dumps(a.to_record(structure=False), ensure_ascii=False) + "\n")
    res = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), "--gold", str(shared / "gold"), "--pred", str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(res.stdout)
    assert scores["articles"]["count_ok"] == scores["articles"]["docs"] == 29
    assert scores["slogans"]["f1"] >= 0.75 and scores["figures"]["f1"] >= 0.82 and scores["measures"]["f1"] >= 0.715


@pytest.mark.parametrize("name", sorted(p.name for p in CORPORA.glob("*.txt")))
def test_every_corpus_document_extracts(name):
    docs = list(textkit.extract_files([str(CORPORA / name)]))
    assert len(docs) == 1 and not docs[0].error
    assert sum(len(a.measures) for a in docs[0].articles) >= 5


def test_year_results_without_tense_markers_are_done():
    text = (
        "城西公交车队党支部工作总结\n一、夯实组织基础\n"
        "支部按线路调整党小组设置，建成党员活动室4个，全年发展党员3名。\n"
        "二、深化便民服务\n下一步，支部要在主要站点设立党员服务岗5个，力争新开通社区微循环线路2条。\n"
    )
    (a,) = textkit.extract(text)
    status = {m.text: m.status for m in a.measures if m.level == "item"}
    assert status.get("建成党员活动室4个") == "done", status
    assert status.get("全年发展党员3名") == "done", status
    assert [v for k, v in status.items() if "服务岗5个" in k] == ["prescribed"], status  # the cue before the count wins


def _expansions(text: str) -> dict[str, list[str]]:
    return {s.text: s.expansion for a in textkit.extract(text) for s in a.slogans}


def test_formula_expansions_from_every_kind_of_context():
    filler = "支部坚持每月召开一次支委会，研究部署重点工作，抓好各项任务落实。" * 12
    text = (
        "东湖社区党委工作总结\n一、主要做法\n"
        "1、推行“两亮两比”。即：亮身份、亮承诺，比服务、比奉献。党员家门口统一悬挂标牌。\n"
        "2、落实“三严”（严管理、严考核、严问责），全年约谈党员4人次。\n"
        "3、建立健全了居民议事会、事务公开栏和民情恳谈会“三项制度”，每月召开一次例会。\n"
        "4、在服务居民、社区、辖区单位“三服务”中发挥党员作用。\n"
        "5、坚持做到“四个不推诿”\n"
        "能当场办理的不推诿；需要协调的不推诿；涉及多个部门的不推诿；群众反复来访的不推诿。\n"
        "6、落实网格的“三大责任”，明确网格长的“管理责任”，明确网格员的“服务责任”，明确楼栋长的“报告责任”。\n"
        "二、几点体会\n做好新时代社区工作，关键在于做好“四个服务”。\n"
        "一是服务居民。" + filler + "\n二是服务党员。" + filler + "\n三是服务驻区单位。" + filler + "\n四是服务社区发展。" + filler + "\n"
    )
    exp = _expansions(text)
    assert exp["两亮两比"] == ["亮身份", "亮承诺", "比服务", "比奉献"]
    assert exp["三严"] == ["严管理", "严考核", "严问责"]
    assert exp["三项制度"] == ["居民议事会", "事务公开栏", "民情恳谈会"]
    assert exp["三服务"] == ["服务居民", "服务社区", "服务辖区单位"]
    assert exp["四个不推诿"] == ["能当场办理的不推诿", "需要协调的不推诿", "涉及多个部门的不推诿", "群众反复来访的不推诿"]
    assert exp["三大责任"] == ["管理责任", "服务责任", "报告责任"]
    assert exp["四个服务"] == ["服务居民", "服务党员", "服务驻区单位", "服务社区发展"]
    # the same in traditional script
    trad = _expansions(convert_script(text, "traditional"))
    assert trad["三严"] == ["严管理", "严考核", "严问责"] and trad["两亮两比"] == exp["两亮两比"]


def test_a_series_the_formula_belongs_to_is_not_its_expansion():
    text = "机关党委工作总结\n一、加强理论武装\n支部坚持以党章党规、党的创新理论和“两个确立”为学习重点，全年集中学习12次。\n"
    assert _expansions(text).get("两个确立", []) == []


def test_years_in_chinese_numerals_and_self_mentions_are_not_slogan_parts():
    text = (
        "机关党委工作总结\n一、加强理论武装\n支部重温“一九二一年”建党历史。\n"
        "支部全年落实“三到位”：学习“三到位”，宣传“三到位”，检查“三到位”。\n"
    )
    exp = _expansions(text)
    assert "一九二一年" not in exp
    assert exp.get("三到位", []) == []


@pytest.mark.parametrize(
    ("clause", "status"),
    [
        ("全年计划开展专题党课4次", "prescribed"),
        ("下一步拟建成党员示范点3个", "prescribed"),
        ("明年新增网格员20名", "prescribed"),
        ("召开居民议事会12场，将158条意见建议梳理为9类", "done"),
        ("拟订创建考核标准30项", "done"),
    ],
)
def test_plans_are_prescribed_and_results_done(clause, status):
    from textkit.extractors.measures import status_cue

    assert status_cue(clause) == status


def test_a_formula_followed_by_punctuation_only_does_not_fail():
    for text in ("党支部坚持“三会一课”：、、，今年开展学习10次。", "党支部坚持“三会一课”即：“”、。今年开展学习10次。"):
        (a,) = textkit.extract(text)
        assert [s.text for s in a.slogans] == ["三会一课"]
