"""Figures: what each number counts, one test per kind of mistake fixed in the indicator rules,
in simplified and traditional script (traditional input is converted before extraction), and the
numeral forms and rejections that came with them.
"""

from __future__ import annotations

import pytest

import textkit
from textkit.model import Figure
from textkit.rules import tracing


def _figures(text: str) -> list[Figure]:
    """Figures of a one-paragraph article."""
    return [f for art in textkit.extract("标题\n" + text) for f in art.figures]


def _pairs(text: str) -> list[tuple[float, str]]:
    return [(f.value, f.indicator) for f in _figures(text)]


RESPECTIVELY = [
    # 分别: the i-th number counts the i-th item of the list before it
    (
        "机关、社区和学校党支部的党员分别是18人、25人、31人。",
        [(18, "机关"), (25, "社区"), (31, "学校党支部")],
    ),
    (
        "機關、社區和學校黨支部的黨員分別是18人、25人、31人。",
        [(18, "机关"), (25, "社区"), (31, "学校党支部")],
    ),
    (
        "集体经营性收入和土地流转收入分别达到86万元和42万元。",
        [(86, "集体经营性收入"), (42, "土地流转收入")],
    ),
    # the list in the clause before
    (
        "党费收缴率、组织生活参与率今年首次实现双提升，比上年分别提高3.2%和4.5%。",
        [(3.2, "党费收缴率"), (4.5, "组织生活参与率")],
    ),
    (
        "黨費收繳率、組織生活參與率今年首次實現雙提升，比上年分別提高3.2%和4.5%。",
        [(3.2, "党费收缴率"), (4.5, "组织生活参与率")],
    ),
    # the figures of the clause before
    (
        "全年受理信访件42件，党员参学率达到95%，同比分别增长12%和3%。",
        [(42, "受理信访件"), (95, "党员参学率"), (12, "受理信访件"), (3, "党员参学率")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), RESPECTIVELY)
def test_respectively_gives_each_number_its_item(text: str, expected: list) -> None:
    assert _pairs(text) == expected


def test_two_words_sharing_one_head_are_not_split() -> None:
    # 党员和群众满意度: 党员 alone is too short to be an item of its own
    assert [ind for _, ind in _pairs("党员和群众满意度分别达到97%和95%。")] == ["群众满意度"] * 2


CHANGES = [
    # the subject of a change, over adverbs and a year between it and the change
    ("结对帮扶的困难户，已经由12户减少到3户。", [(12, "困难户"), (3, "困难户")]),
    ("結對幫扶的困難戶，已經由12戶減少到3戶。", [(12, "困难户"), (3, "困难户")]),
    ("全镇特色产业产值将比2020年增长1.5倍。", [(1.5, "特色产业产值")]),
    ("村级集体经济收入到2025年比2020年翻一番。", [(1, "村级集体经济收入")]),
    ("村級集體經濟收入到2025年比2020年翻一番。", [(1, "村级集体经济收入")]),
    # a range with the unit on both ends is one figure (value_max 35, see test_figures)
    ("党员教育培训经费累计提高20%到35%。", [(20, "党员教育培训经费")]),
    # a share: X在Y中的比重
    ("青年党员在全体党员中的比重提高5个百分点。", [(5, "青年党员")]),
    ("青年黨員在全體黨員中的比重提高5個百分點。", [(5, "青年党员")]),
    # a ratio to a base year: the noun of the figure before
    ("今年投入帮扶资金320万元，是2021年的1.6倍。", [(320, "帮扶资金"), (1.6, "帮扶资金")]),
    # the clause holds only a time and the change: its subject opens the clause before
    ("网格员队伍不断壮大，2024年底已达到156人。", [(156, "网格员队伍")]),
    ("網格員隊伍不斷壯大，2024年底已達到156人。", [(156, "网格员队伍")]),
    # per-person rates and 均 before the change verb are not part of the noun
    ("城乡居民医保个人缴费标准提高到每人每年380元。", [(380, "城乡居民医保个人缴费标准")]),
    ("城鄉居民醫保個人繳費標準提高到每人每年380元。", [(380, "城乡居民医保个人缴费标准")]),
    ("各支部的三会一课记录完整率均达到100%。", [(100, "三会一课记录完整率")]),
    # the noun ahead of its verb in the clause before: …活动，全年组织12次，
    ("支部开展“党员进社区”志愿服务，全年组织24次，参与党员300余人次。", [(24, "志愿服务"), (300, "参与党员")]),
]


@pytest.mark.parametrize(("text", "expected"), CHANGES)
def test_a_change_counts_what_changed(text: str, expected: list) -> None:
    assert _pairs(text) == expected


def test_within_is_a_qualifier_not_the_indicator() -> None:
    (fig,) = _figures("办件群众的平均等候时间控制在20分钟以内。")
    assert (fig.value, fig.unit, fig.approx, fig.indicator) == (20, "分钟", True, "平均等候时间")


WHAT_IS_COUNTED = [
    # the head after a modifier that ends in 的 (a short modifier is kept with it)
    ("院党委对6名存在违规收费行为的医务人员进行了约谈。", (6, "医务人员")),
    ("院黨委對6名存在違規收費行為的醫務人員進行了約談。", (6, "医务人员")),
    ("街道选派30多个不同领域、不同行业的专业人才参与治理。", (30, "专业人才")),
    ("支部吸收3名新退休的同志加入党小组。", (3, "新退休的同志")),
    # a possessive is not a modifier: the count is of the noun before 的
    ("组织5个村的党员参加集中轮训。", (5, "村的党员")),
    # the event after 被
    ("经过考察，2人被确定为发展对象。", (2, "确定为发展对象")),
    ("經過考察，2人被確定為發展對象。", (2, "确定为发展对象")),
    # a short noun that is its clause's subject, with its verb
    ("全县共有15名教师获评“市级优秀教师”。", (15, "教师获评“市级优秀教师”")),
    ("全縣共有15名教師獲評“市級優秀教師”。", (15, "教师获评“市级优秀教师”")),
    ("今年，4名青年职工主动递交了入党申请书。", (4, "青年职工主动递交了入党申")),
    ("群众反映问题286条，其中271条得到及时解决。", (271, "得到及时解决")),
    # the object of a pivot verb, with what it then does
    ("支部帮助12户办理了小额贷款。", (12, "办理了小额贷款")),
    ("支部幫助12戶辦理了小額貸款。", (12, "办理了小额贷款")),
    # a count of actions after a time lead (…年以来): the verb phrase it counts
    ("2019年以来三次提高困难党员补助标准。", (3, "提高困难党员补助标准")),
    ("2019年以來三次提高困難黨員補助標準。", (3, "提高困难党员补助标准")),
    # a modifier word before a noun
    ("今年拟发行800万元长期专项债券。", (800, "长期专项债券")),
]


@pytest.mark.parametrize(("text", "expected"), WHAT_IS_COUNTED)
def test_the_indicator_is_what_the_number_counts(text: str, expected: tuple) -> None:
    assert expected in _pairs(text)


TIME_SPANS = [
    # what is done in a span of time
    ("支部用两个月时间对辖区流动党员开展了全面排查。", (2, "全面排查")),
    ("支部用兩個月時間對轄區流動黨員開展了全面排查。", (2, "全面排查")),
    ("公司连续五年实现安全生产零事故。", (5, "实现安全生产零事故")),
    ("公司連續五年實現安全生產零事故。", (5, "实现安全生产零事故")),
    ("对群众来电，值班党员要求24小时内答复。", (24, "答复")),
    ("提前三个月完成了全部网格的人口信息采集。", (3, "信息采集")),
]


@pytest.mark.parametrize(("text", "expected"), TIME_SPANS)
def test_a_span_of_time_names_what_is_done_in_it(text: str, expected: tuple) -> None:
    assert expected in _pairs(text)


@pytest.mark.parametrize("text", ["全年发展党员48名，其中35岁以下的占75%。", "全年發展黨員48名，其中35歲以下的佔75%。"])
def test_ages_in_a_subset_count_the_group_before(text: str) -> None:
    figures = _figures(text)
    assert [(f.value, f.kind, f.indicator) for f in figures][:2] == [(48, "count", "发展党员"), (35, "age", "发展党员")]


VALUES = [
    ("全年农民收入增长7·5％。", 7.5, "%"),
    ("全年農民收入增長8 ．6 ％。", 8.6, "%"),
    ("满意度比上年分别提高了5个和2个百分点。", 5, "个百分点"),
    ("本世纪末实现国民收入翻两番。", 2, "番"),
    ("本世紀末實現國民收入翻兩番。", 2, "番"),
    ("合作社存栏肉牛120头以上。", 120, "头"),
    ("服务覆盖职工超百人。", 100, "人"),
    ("民警李某被市局记个人三等功一次。", 1, "次"),
]


@pytest.mark.parametrize(("text", "value", "unit"), VALUES)
def test_numeral_forms_and_units(text: str, value: float, unit: str) -> None:
    assert [(f.value, f.unit) for f in _figures(text)][:1] == [(value, unit)]


NOT_FIGURES = [
    ("成立宣讲队、服务队、巡逻队和调解队等4支队伍。", "4支", "sums_up_listed_items"),
    ("成立宣講隊、服務隊、巡邏隊和調解隊等4支隊伍。", "4支", "sums_up_listed_items"),
    ("形成“党委—支部—小组”三级网络。", "三级", "sums_up_list"),
    ("全体党员要认真落实下列五条规定。", "五条", "sums_up_list"),
    ("这三年，是全县发展最快的三年。", "三年", "retrospective_span"),
    ("三年的成绩来之不易。", "三年", "retrospective_span"),
    ("三年的成績來之不易。", "三年", "retrospective_span"),
    ("该院是全市唯一一家三甲医院。", "一一家", "idiom"),
    ("全面普及九年义务教育。", "九年", "idiom"),
    ("这一年是关键一年。", "一年", "indefinite_one"),
    # a count of items listed above; 一起 as "together"; a span ago; a span of history; a plan's name
    ("以上十二条，是支部工作的基本遵循。", "十二条", "refers_to_list_above"),
    ("以上十二條，是支部工作的基本遵循。", "十二条", "refers_to_list_above"),
    ("支部书记和党员一起学习党章。", "一起", "together"),
    ("支部書記和黨員一起學習黨章。", "一起", "together"),
    ("支部是在十个月以前成立的。", "十个月", "retrospective_span"),
    ("支部是在十個月以前成立的。", "十个月", "retrospective_span"),
    ("村里注重传承五千年文明史。", "五千年", "history_span"),
    ("村裡注重傳承五千年文明史。", "五千年", "history_span"),
    ("全县实施三年行动计划。", "三年", "retrospective_span"),
    ("全縣實施三年行動計劃。", "三年", "retrospective_span"),
]


@pytest.mark.parametrize(("text", "candidate", "rule"), NOT_FIGURES)
def test_not_figures(text: str, candidate: str, rule: str) -> None:
    with tracing() as decisions:
        figures = _figures(text)
    assert figures == []
    assert (candidate, rule) in [(d.text, d.rule) for d in decisions if d.kind == "figures" and not d.kept]


@pytest.mark.parametrize("text", ["五年全区新建村级活动场所120个。", "五年全區新建村級活動場所120個。"])
def test_a_span_of_years_opening_the_figures_of_its_clause_is_their_frame(text: str) -> None:
    with tracing() as decisions:
        assert _pairs(text) == [(120, "村级活动场所")]
    assert ("五年", "frames_other_figures") in [(d.text, d.rule) for d in decisions if d.kind == "figures" and not d.kept]


def test_a_span_of_years_after_a_verb_or_with_a_target_is_a_figure() -> None:
    assert (50, "年") in [(f.value, f.unit) for f in _figures("支部为入党满50年的11名老党员颁发了纪念章。")]
    assert (3, "年") in [(f.value, f.unit) for f in _figures("力争三年投入帮扶资金500万元。")]


@pytest.mark.parametrize(
    "text",
    [
        "全县贫困发生率2019年为百分之六，“十四五”期间平均降到百分之二以下。",
        "全縣貧困發生率2019年為百分之六，“十四五”期間平均降到百分之二以下。",
    ],
)
def test_a_clause_of_times_and_a_change_shares_the_noun_before(text: str) -> None:
    assert _pairs(text) == [(6, "贫困发生率"), (2, "贫困发生率")]


def test_a_count_larger_than_the_items_listed_is_a_figure() -> None:
    # 等 closes a list of two examples of twelve: a real count
    assert _pairs("建成党群服务站、红色书屋等12个服务阵地。") == [(12, "服务阵地")]


def test_a_doubling_is_a_figure_but_a_dose_of_effort_is_not() -> None:
    assert _figures("我们下了一番功夫。") == []
