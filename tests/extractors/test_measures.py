"""Measures: the named rules that keep or drop a candidate, and the status of what is kept.

Every text here was written for these tests. Traditional-script inputs go through the
normaliser first, as in the pipeline, and must get the same decisions as their simplified twins.
"""

from __future__ import annotations

import pytest

import textkit
from textkit.extractors.measures import ITEM_RULES, NON_MEASURE_RULES, MeasureExtractor, non_measure_reason, status_cue
from textkit.model import Article, ListItem, Section
from textkit.normalization.script import to_simplified
from textkit.resources import data_path, lexicon_names, words
from textkit.rules import tracing


def _simplified(text: str) -> str:
    return to_simplified(text)[0]


# (text, (rule, reason) of the first non-measure rule that fires, or None when the text is a measure)
NON_MEASURE_CASES = [
    # measures kept
    ("支部建立了党员联系群众制度", None),
    ("支部建立了黨員聯繫群眾制度", None),
    ("社区党委定期走访困难党员", None),
    ("社區黨委定期走訪困難黨員", None),
    ("深入开展主题教育，受到群众好评", None),  # result words, but it starts with an action
    ("深入開展主題教育，受到群眾好評", None),
    # principles and arguments
    ("只有坚持党的领导，才能凝聚人心", ("principle", "principle")),
    ("只有堅持黨的領導，才能凝聚人心", ("principle", "principle")),
    ("因此，党组织的作用十分重要", ("principle", "principle")),
    ("因此，黨組織的作用十分重要", ("principle", "principle")),
    # outcomes and rankings in the first clause
    ("全年组织收入完成目标任务的112%，同比增长8%", ("outcome", "outcome")),
    ("全年組織收入完成目標任務的112%，同比增長8%", ("outcome", "outcome")),
    ("本局在全市绩效考评中位列第一", ("outcome", "outcome")),
    ("本局在全市績效考評中位列第一", ("outcome", "outcome")),
    # statements and significance
    ("党员是群众的主心骨", ("statement", "statement")),
    ("黨員是群眾的主心骨", ("statement", "statement")),
    ("加强党建工作是新时代的必然要求", ("significance", "significance")),
    ("加強黨建工作是新時代的必然要求", ("significance", "significance")),
    # results
    ("活动取得了初步成效", ("result", "result")),
    ("活動取得了初步成效", ("result", "result")),
    ("获得群众一致好评", ("result", "result")),
    ("獲得群眾一致好評", ("result", "result")),
    # problems
    ("部分党员宗旨意识淡化", ("problem", "problem")),
    ("部分黨員宗旨意識淡化", ("problem", "problem")),
    # no action verb, an empty quotation
    ("会场气氛十分热烈", ("no_action", "no action verb")),
    ("會場氣氛十分熱烈", ("no_action", "no action verb")),
    ("党员队伍结构合理", ("no_action", "no action verb")),  # a verbal noun alone is no action
    ("黨員隊伍結構合理", ("no_action", "no action verb")),
    # verbs not on the list: jieba's part of speech tells an action
    ("班子成员春节前看望了12名老党员", None),
    ("班子成員春節前看望了12名老黨員", None),
    ("下调小微企业贷款利率", None),
    ("下調小微企業貸款利率", None),
    ("组织开展“”主题活动", ("empty_quote", "empty quote")),
    ("組織開展“”主題活動", ("empty_quote", "empty quote")),
]


@pytest.mark.parametrize(("text", "expected"), NON_MEASURE_CASES)
def test_non_measure_rules(text, expected):
    assert non_measure_reason(_simplified(text)) == expected


# (text, status from its own cues: prescribed for modals and plans, done for aspect and year results)
STATUS_CASES = [
    ("支部先后组织学习12次", "done"),
    ("支部先後組織學習12次", "done"),
    ("已建成党员活动室2个", "done"),
    ("已建成黨員活動室2個", "done"),
    ("截至目前，已有党员128名", "done"),
    ("截至目前，已有黨員128名", "done"),
    ("年内新增志愿者35名", "done"),  # a weak cue of a year's result
    ("年內新增志願者35名", "done"),
    ("应当按期进行换届", "prescribed"),
    ("應當按期進行換屆", "prescribed"),
    ("今后要坚持每季度讲一次党课", "prescribed"),
    ("今後要堅持每季度講一次黨課", "prescribed"),
    ("明年计划发展党员5名", "prescribed"),  # a plan
    ("明年計劃發展黨員5名", "prescribed"),
    ("拟建成党员示范岗3个", "prescribed"),
    ("擬建成黨員示範崗3個", "prescribed"),
    ("组织党员学习党章", None),
    ("組織黨員學習黨章", None),
]


@pytest.mark.parametrize(("text", "expected"), STATUS_CASES)
def test_status_cues(text, expected):
    assert status_cue(_simplified(text)) == expected


REPORT_SIMPLIFIED = """柳溪村党支部抓党建促振兴工作汇报
村党支部始终坚持党建引领乡村振兴。近年来，支部先后建成村史馆和党员活动室。
一、主要做法
（一）建强支部班子。支部每月召开一次支委会，组织党员集中学习党章党规。
（二）开展结对帮扶。党员与困难户结成帮扶对子，全年走访慰问困难群众46户。
（三）阵地建设滞后
二、存在的问题
一是部分党员学习主动性不强；二是产业带动能力不足。
三、抓好三个方面的工作
（一）完善议事规则。支部要健全村民议事会制度，定期公开村务财务。
（二）发展集体经济。下一步，支部将牵头组建蔬菜种植合作社。
"""

REPORT_TRADITIONAL = """柳溪村黨支部抓黨建促振興工作彙報
村黨支部始終堅持黨建引領鄉村振興。近年來，支部先後建成村史館和黨員活動室。
一、主要做法
（一）建強支部班子。支部每月召開一次支委會，組織黨員集中學習黨章黨規。
（二）開展結對幫扶。黨員與困難戶結成幫扶對子，全年走訪慰問困難群眾46戶。
（三）陣地建設滯後
二、存在的問題
一是部分黨員學習主動性不強；二是產業帶動能力不足。
三、抓好三個方面的工作
（一）完善議事規則。支部要健全村民議事會制度，定期公開村務財務。
（二）發展集體經濟。下一步，支部將牽頭組建蔬菜種植合作社。
"""

# (candidate text, kept, rule) in the order the extractor decides: headings, then sentences
DECISIONS = [
    ("主要做法", False, "part_title"),
    ("建强支部班子", True, "measure"),
    ("开展结对帮扶", True, "measure"),
    ("阵地建设滞后", False, "skipped_span"),  # a list item headed by a problem
    ("存在的问题", False, "skipped_span"),
    ("部分党员学习主动性不强", False, "skipped_span"),
    ("产业带动能力不足", False, "skipped_span"),
    ("抓好三个方面的工作", False, "overview"),
    ("完善议事规则", True, "measure"),
    ("发展集体经济", True, "measure"),
    ("村党支部始终坚持党建引领乡村振兴", False, "background"),
    ("近年来", False, "too_short"),
    ("支部先后建成村史馆和党员活动室", True, "measure"),  # before the first heading, but an action taken
    ("支部每月召开一次支委会", True, "measure"),
    ("组织党员集中学习党章党规", True, "measure"),
    ("党员与困难户结成帮扶对子，全年走访慰问困难群众46户", True, "measure"),
    ("一是部分党员学习主动性不强；", False, "skipped_span"),
    ("二是产业带动能力不足。", False, "skipped_span"),
    ("支部要健全村民议事会制度", True, "measure"),
    ("定期公开村务财务", True, "measure"),
    ("下一步", False, "too_short"),
    ("支部将牵头组建蔬菜种植合作社", True, "measure"),
]

# (text, level, status) of the measures kept, in text order
MEASURES = [
    ("支部先后建成村史馆和党员活动室", "item", "done"),
    ("建强支部班子", "heading", "done"),  # the majority of the items below it
    ("支部每月召开一次支委会", "item", "done"),  # no cue: the article's voice
    ("组织党员集中学习党章党规", "item", "done"),
    ("开展结对帮扶", "heading", "done"),
    ("党员与困难户结成帮扶对子，全年走访慰问困难群众46户", "item", "done"),
    ("完善议事规则", "heading", "prescribed"),
    ("支部要健全村民议事会制度", "item", "prescribed"),
    ("定期公开村务财务", "item", "prescribed"),  # the 要 earlier in its sentence
    ("发展集体经济", "heading", "prescribed"),
    ("支部将牵头组建蔬菜种植合作社", "item", "prescribed"),  # the plan (下一步) before it
]


def _trace(report: str):
    (article,) = textkit.normalize(report)
    with tracing() as decisions:
        found = MeasureExtractor()(article)
    return found, [d for d in decisions if d.kind == "measures"]


@pytest.mark.parametrize("report", [REPORT_SIMPLIFIED, REPORT_TRADITIONAL], ids=["simplified", "traditional"])
def test_every_candidate_is_noted_with_the_rule_that_decided_it(report):
    _, decisions = _trace(report)
    assert [(d.text, d.kept, d.rule) for d in decisions] == DECISIONS
    assert {d.reason for d in decisions if d.rule == "skipped_span"} == {"problem section"}
    assert {d.reason for d in decisions if d.rule == "background"} == {"background"}


@pytest.mark.parametrize("report", [REPORT_SIMPLIFIED, REPORT_TRADITIONAL], ids=["simplified", "traditional"])
def test_measures_and_their_status(report):
    found, _ = _trace(report)
    assert [(m.text, m.level, m.status) for m in found] == MEASURES


def test_kept_decisions_are_the_measures_found():
    found, decisions = _trace(REPORT_SIMPLIFIED)
    assert sorted(d.text for d in decisions if d.kept) == sorted(m.text for m in found)
    items = {(m.start, m.end) for m in found if m.level == "item"}
    assert items <= {(d.start, d.end) for d in decisions if d.kept}


def _heading_decision(heading: str, *, item: bool = False):
    """The decision on a section heading (or a list item's head) standing alone in an article."""
    text = _simplified(heading)
    article = Article(title="", text=text + "\n", sections=[Section(text, 1, "plain", 0, len(text) + 1, len(text))])
    if item:
        article.items = [ListItem("一、", "一、", 1, 0, len(text) + 1, len(text), 0, 0)]
    with tracing() as decisions:
        MeasureExtractor()(article)
    (decision,) = decisions
    return decision.kept, decision.rule, decision.reason


# (heading, (rule, reason) that drops it, or None when it is kept as a measure)
HEADING_CASES = [
    ("健全学习制度", None),
    ("健全學習制度", None),
    ("主要做法", ("part_title", "part title")),
    ("工作目标", ("part_title", "part title")),
    ("工作目標", ("part_title", "part title")),
    ("存在的主要问题", ("skipped_span", "problem section")),
    ("存在的主要問題", ("skipped_span", "problem section")),
    ("抓好三个方面的工作", ("overview", "overview")),
    ("抓好三個方面的工作", ("overview", "overview")),
    ("落实四项要求", ("overview", "overview")),
    ("落實四項要求", ("overview", "overview")),
    ("只有抓好党建才能促进发展", ("non_measure_head", "principle")),
    ("只有抓好黨建才能促進發展", ("non_measure_head", "principle")),
    ("党员服务意识淡化", ("non_measure_head", "problem")),
    ("黨員服務意識淡化", ("non_measure_head", "problem")),
    ("支部", ("too_short", "too short")),
]


@pytest.mark.parametrize(("heading", "expected"), HEADING_CASES)
def test_heading_rules(heading, expected):
    if expected is None:
        assert _heading_decision(heading) == (True, "measure", "action")
    else:
        assert _heading_decision(heading) == (False, *expected)


# the head of a list item is judged by the problem rules only
ITEM_HEAD_CASES = [
    ("只有抓好党建才能促进发展", (True, "measure", "action")),
    ("只有抓好黨建才能促進發展", (True, "measure", "action")),
    ("党员服务意识淡化", (False, "skipped_span", "problem section")),  # an item headed by a problem holds no measures
    ("黨員服務意識淡化", (False, "skipped_span", "problem section")),
]


@pytest.mark.parametrize(("heading", "expected"), ITEM_HEAD_CASES)
def test_item_heads_are_judged_by_the_problem_rules_only(heading, expected):
    assert _heading_decision(heading, item=True) == expected


def test_rules_are_named_and_ordered():
    assert [r.__name__ for r in NON_MEASURE_RULES] == [
        "_empty_quote",
        "_definition",
        "_principle",
        "_outcome",
        "_statement",
        "_significance",
        "_result",
        "_problem",
        "_no_action",
    ]
    assert [r.__name__ for r in ITEM_RULES] == ["_too_short", "_non_measure", "_background", "_garbled_edge", "_writer_in_testimonial"]


def test_measure_word_lists_have_no_duplicates_and_verbs_are_disjoint():
    names = [n for n in lexicon_names() if n.split("/", 1)[1].startswith("measures_")]
    assert "lexicons/measures_action_verbs" in names and "patterns/measures_prescribed" in names
    for name in names:
        lines = data_path(name + ".txt").read_text(encoding="utf-8").splitlines()
        entries = [line.split(" #", 1)[0].strip() for line in lines if line.strip() and not line.startswith("#")]
        assert len(entries) == len(set(entries)), name
    assert not set(words("measures_action_verbs")) & set(words("measures_weak_action_verbs"))


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("支部将进一步完善网格管理制度", "prescribed"),
        ("支部將進一步完善網格管理制度", "prescribed"),
        ("党委将于明年上半年开展一次专项督查", "prescribed"),
        ("支部将学习成果转化为服务群众的实际行动", None),
        ("支部将重点内容落实到每名党员", None),
    ],
)
def test_future_jiang_is_a_plan_and_the_object_marker_is_no_cue(sentence, status):
    from textkit.normalization.script import to_simplified

    assert status_cue(to_simplified(sentence)[0]) == status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二、主要做法\n支部加强党员教育，特别是组织青年党员开展专题学习。\n", ["支部加强党员教育", "特别是组织青年党员开展专题学习"]),
        ("二、主要做法\n支部加強黨員教育，特別是組織青年黨員開展專題學習。\n", ["支部加强党员教育", "特别是组织青年党员开展专题学习"]),
        (
            "二、主要做法\n“一表”即党员积分管理表。支部建立了党员积分管理表，即时更新党员积分。\n",
            ["支部建立了党员积分管理表，即时更新党员积分"],
        ),
        ("二、主要做法\n「一表」即黨員積分管理表。支部建立了黨員積分管理表。\n", ["支部建立了党员积分管理表"]),
    ],
    ids=["te-bie-shi", "te-bie-shi-traditional", "definition", "definition-traditional"],
)
def test_elaborations_are_actions_and_definitions_are_not(text, expected):
    import textkit

    (art,) = textkit.extract(text)
    assert [m.text for m in art.measures] == expected


@pytest.mark.parametrize(
    "text",
    [
        "各位代表",
        "张晓明同志看望慰问困难党员",
        "全年压减会议文件三成",
        "党员干部的思想建设和作风建设",
        "乡村振兴示范带",
        "嘉兴市南湖区新丰镇竹林村党总支",
    ],
)
def test_has_verb_answers_as_the_whole_tagging(text: str) -> None:
    """``has_verb`` stops at the first verb; the answer is the one every tag of ``segment_pos`` gives."""
    from textkit.extractors.measures import ACTION_RE, NOUN_LIKE_VERB_TAGS, has_verb
    from textkit.normalization import convert_script
    from textkit.segmentation import segment_pos

    for t in (text, to_simplified(convert_script(text, "traditional"))[0]):
        whole = bool(ACTION_RE.search(t)) or any(tag.startswith("v") and tag not in NOUN_LIKE_VERB_TAGS for _, tag in segment_pos(t))
        assert has_verb(t) == whole


LEAD_INS = (
    "二、主要做法\n为进一步规范主题党日活动，村党支部制定了活动清单。"
    "按照镇党委的统一部署，支部组织党员开展入户走访。"
    "在县委组织部的指导下，社区党委建立了党员积分台账。"
    "今年以来，支部为群众办实事二十件。\n"
)


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_background_and_purpose_lead_ins_are_left_out_of_the_action(script):
    """为进一步…, 按照…部署, 在…指导下 set up an action but are not part of it; 为群众… is an action."""
    import textkit
    from textkit.normalization import convert_script

    text = LEAD_INS if script == "simplified" else convert_script(LEAD_INS, "traditional")
    (art,) = textkit.extract(text, pipes=("slogans", "figures", "measures"))
    texts = [to_simplified(m.text)[0] for m in art.measures]
    assert texts == ["村党支部制定了活动清单", "支部组织党员开展入户走访", "社区党委建立了党员积分台账", "支部为群众办实事二十件"]


@pytest.mark.parametrize(
    ("clause", "lead_in"),
    [
        ("为进一步规范主题党日活动", True),
        ("为了方便群众办事", True),
        ("根据上级党委的工作要求", True),
        ("在街道党工委的正确领导下", True),
        ("近年来", True),
        ("2023年3月", True),
        ("截至6月底", True),
        ("主题教育开展以来", True),
        ("每年开展一次", False),
        ("年底前完成整改", False),
        ("为群众办实事", False),
        ("在社区开展志愿服务", False),
        ("按时报到", False),
    ],
)
def test_lead_in_clauses(clause, lead_in):
    from textkit.extractors.measures import is_lead_in

    assert is_lead_in(clause) is lead_in


_PLANS_REPORT = """东风社区党支部2024年工作总结
一、主要做法
支部组织党员每月集中学习一次，建立了党员联系户制度。
二、存在的问题和下步打算
当前支部还存在一些不足：党员年龄结构偏大，部分党员参加活动不够积极。
下一步，支部将重点抓好三项工作：一是要加强青年党员培养，每季度开展一次入党积极分子谈话；二是要完善网格服务机制，为独居老人建立帮扶台账。
"""

_PROBLEMS_ONLY_REPORT = """东风社区党支部2024年工作总结
一、主要做法
支部组织党员每月集中学习一次，建立了党员联系户制度。
二、存在的问题
部分党员参加活动不够积极，支部开展学习的形式比较单一。
"""


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_plans_under_a_problems_and_next_steps_heading_are_prescribed_measures(script):
    """The standard closing section 存在的问题和下步打算 holds next year's measures: they are
    extracted as prescribed; the problems in it are still no measures."""
    from textkit.normalization.script import converter

    text = _PLANS_REPORT if script == "simplified" else converter("s2t").convert(_PLANS_REPORT)
    measures = [(_simplified(m.text), m.status) for a in textkit.extract(text) for m in a.measures]
    texts = " ".join(t for t, _ in measures)
    assert "加强青年党员培养" in texts and "为独居老人建立帮扶台账" in texts
    assert all(status == "prescribed" for t, status in measures if "青年党员" in t or "独居老人" in t)
    assert "不够积极" not in texts and "年龄结构偏大" not in texts


def test_a_section_about_problems_alone_still_holds_no_measures():
    texts = " ".join(m.text for a in textkit.extract(_PROBLEMS_ONLY_REPORT) for m in a.measures)
    assert "建立了党员联系户制度" in texts
    assert "形式比较单一" not in texts and "开展学习" not in texts.replace("组织党员每月集中学习", "")


@pytest.mark.parametrize(
    "report",
    [
        "城西社区党委2023年工作总结\n今年以来，社区党委以党的二十大精神为指导，不断深化党建品牌建设。一、夯实组织基础 社区党委新设两个网格党支部。"
        "建立党员联系困难家庭帮扶机制，组织党员开展入户走访。\n二、服务居民群众\n开设党员志愿服务站，为老年居民提供代办服务。",
        "城西社區黨委2023年工作總結\n今年以來，社區黨委以黨的二十大精神為指導，不斷深化黨建品牌建設。一、夯實組織基礎 社區黨委新設兩個網格黨支部。"
        "建立黨員聯繫困難家庭幫扶機制，組織黨員開展入戶走訪。\n二、服務居民群眾\n開設黨員志願服務站，為老年居民提供代辦服務。",
    ],
    ids=["simplified", "traditional"],
)
def test_a_heading_run_into_the_lead_ends_the_background(report):
    """一、 run into the first paragraph (a page that lost its line breaks) starts the body: what follows it
    is work done, not background, although the first section the layout found starts later."""
    found, decisions = _trace(report)
    texts = [m.text for m in found]
    assert any("建立党员联系困难家庭帮扶机制" in t for t in texts)
    assert any(d.rule == "background" and "深化党建品牌建设" in d.text for d in decisions)


# -- fast paths: the same answers as the rules read one by one --


@pytest.mark.parametrize("text", [t for t, _ in NON_MEASURE_CASES])
def test_the_screen_passes_every_text_a_rule_fires_on(text):
    """``non_measure_reason`` skips the rules before ``_no_action`` when a screen finds none of their patterns:
    it must answer as all the rules in order do."""
    from textkit.extractors.measures import _core
    from textkit.rules import first_reason

    t = _simplified(text).strip()
    assert non_measure_reason(t) == first_reason(NON_MEASURE_RULES, t, _core(t))


def test_the_cheap_first_orders_hold_the_same_rules():
    from textkit.extractors.measures import _HEADING_RULES_CHEAP_FIRST, _ITEM_RULES_CHEAP_FIRST, HEADING_RULES

    assert sorted(_ITEM_RULES_CHEAP_FIRST, key=id) == sorted(ITEM_RULES, key=id)
    assert sorted(_HEADING_RULES_CHEAP_FIRST, key=id) == sorted(HEADING_RULES, key=id)


def test_measures_are_the_same_with_and_without_a_trace():
    """Without a trace the rules run cheapest first; only which rule is named may differ, not what is kept."""
    text = (
        "工作总结\n一、主要做法\n为进一步加强基层党建，支部建立了党员联系群众制度，定期走访困难党员。"
        "只有坚持党的领导，才能凝聚人心。全年新增党员3名，受到群众好评。\n"
        "二、存在的问题\n一是学习不够深入。\n三、下步打算\n要持续开展主题党日活动，落实三会一课制度。"
    )
    plain = [(m.text, m.status) for m in textkit.extract(text)[0].measures]
    with tracing():
        traced = [(m.text, m.status) for m in textkit.extract(text)[0].measures]
    assert plain and plain == traced


def test_rules_left_out_of_an_article_change_no_decision(monkeypatch):
    """Rules that cannot fire in an article (no testimonial, no garbled text, no intro) are left out once per
    article: the decisions traced are those of all the rules, in a testimonial and in a report."""
    from textkit.extractors import measures

    texts = (
        "我的入党心得\n我要认真学习党的理论，深刻体会到组织的关怀。支部建立了党员联系群众制度，定期走访困难党员。",
        "工作总结\n近年来，支部开展了主题党日活动。\n一、主要做法\n为进一步加强基层党建，支部建立了党员联系群众制度。"
        "只有坚持党的领导，才能凝聚人心。\n二、存在的问题\n一是学习不够深入。",
    )
    for text in texts:
        with tracing() as selected:
            textkit.extract(text)
        with monkeypatch.context() as patched:
            patched.setattr(measures, "_article_rules", lambda rules, scan: rules)
            with tracing() as every:
                textkit.extract(text)
        assert [d for d in selected if d.kind == "measures"] == [d for d in every if d.kind == "measures"]
    assert len(measures._article_rules(measures.ITEM_RULES, measures.MeasureExtractor()._scan(textkit.extract(texts[1])[0]))) < 5


def _status_cue_by_definition(text: str) -> str | None:
    """The first prescribed or done cue, a weak done cue counting only before both and without a plan."""
    from textkit.extractors.measures import DONE, DONE_WEAK, PLAN, PRESCRIBED

    p, d = PRESCRIBED.search(text), DONE.search(text)
    if p and (not d or p.start() <= d.start()):
        return "prescribed"
    if d:
        return "done"
    w = DONE_WEAK.search(text)
    if w and (not p or w.start() < p.start()) and not PLAN.search(text):
        return "done"
    return "prescribed" if p else None


@pytest.mark.parametrize(
    "text",
    [
        "全年新增党员3名，要持续推进",
        "全年新增党员3名，已建成阵地",
        "新增5个网格，下一步将进一步完善",
        "全年组织培训",
        "今后要坚持",
        "组织了培训，必须落实",
        "必须落实，组织了培训",
        "建议建立台账",
        "拟开展活动",
        "社区党委走访群众",
        "2023年开展活动",
        "每3个月召开一次会议",
    ],
)
def test_status_cue_in_one_pass_answers_as_the_definition(text):
    assert status_cue(text) == _status_cue_by_definition(text)


def _core_step_by_step(text: str) -> str:
    """The clause core by its definition: strip a list marker, then a subject when text follows it, then adverbs."""
    from textkit.extractors.measures import ADVERBS, MARKER_PREFIX, SUBJECT

    m = MARKER_PREFIX.match(text)
    t = text[m.end() :] if m else text
    m = SUBJECT.match(t)
    if m and m.end() < len(t):
        t = t[m.end() :]
    m = ADVERBS.match(t)
    return t[m.end() :] if m else t


@pytest.mark.parametrize(
    "clause",
    [
        "一是党支部定期组织学习",  # marker, subject, adverb, verb
        "首先，我们进一步加强宣传",  # marker with a comma, a pronoun subject
        "镇党委书记认真落实责任",  # an organ after other characters, with a title
        "各村党支部",  # a subject that is the whole clause stays
        "第二支部",  # an ordinal marker, then a subject that is all that is left
        "并且同时持续开展活动",  # adverbs one after another
        "大力弘扬",  # an adverb, then no listed verb
        "街道办事处社区中心组织培训",  # the organ is found after up to 10 characters
        "这项工作的主要负责人所在单位开展排查",  # more than 10 characters before the organ: no subject
        "学习",
        "",
    ],
)
def test_the_core_in_one_match_is_the_core_step_by_step(clause):
    from textkit.extractors.measures import _STRONG_START, _core, starts_action

    assert _core.__wrapped__(clause) == _core_step_by_step(clause)
    assert starts_action.__wrapped__(clause) == bool(_STRONG_START.match(_core_step_by_step(clause)))


def test_lead_in_clauses_are_skipped_but_one_clause_stays():
    from textkit.extractors.measures import _past_lead_ins

    text = "为进一步加强管理，按照上级要求，建立工作台账"
    spans = [(0, 8), (9, 15), (16, 22)]
    starts = [s for s, _ in spans]
    assert _past_lead_ins(text, spans, starts, 0, 22) == 16  # both lead-ins left out
    assert _past_lead_ins(text, spans, starts, 0, 15) == 9  # the last clause of the action stays
    assert _past_lead_ins(text, spans, starts, 16, 22) == 16


@pytest.mark.parametrize(
    "clause",
    ["换届以后", "換屆以後", "开会时", "開會時", "活动期间", "活動期間\n", "春节之前", "建立台账", "以后", "时\n\n", ""],
)
def test_setup_end_by_suffix_answers_as_the_pattern(clause):
    import re

    from textkit.extractors.measures import SETUP_END_WORDS
    from textkit.resources import alternation

    clause = _simplified(clause)
    by_pattern = bool(re.search(alternation("measures_setup_ends") + "$", clause))
    assert clause.removesuffix("\n").endswith(SETUP_END_WORDS) == by_pattern


def test_heads_overlapping_answers_as_a_scan_of_all_heads():
    import random

    from textkit.extractors.measures import _Heads

    rng = random.Random(7)
    for _ in range(200):
        spans = sorted((s, s + rng.randint(0, 30)) for s in (rng.randint(0, 200) for _ in range(rng.randint(0, 12))))
        heads = _Heads(spans)
        for _ in range(20):
            start = rng.randint(0, 220)
            end = start + rng.randint(0, 40)
            assert heads.overlapping(start, end) == [(hs, he) for hs, he in spans if hs < end and he > start]
