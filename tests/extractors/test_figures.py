"""Figures: kept figures with their value and unit, and the named rules that reject candidates.

Each case goes through the public ``textkit.extract`` API; traditional-script input is
converted to simplified before extraction, so it gives the same figures.
"""

from __future__ import annotations

import pytest

import textkit
from textkit.extractors.figures import RULES, FigureExtractor
from textkit.model import Figure
from textkit.normalization.script import to_simplified
from textkit.resources import lexicon_names, words
from textkit.rules import Decision, tracing


def _extract(text: str) -> tuple[list[Figure], list[Decision]]:
    """Figures of a one-paragraph article, and the decisions noted on figure candidates."""
    with tracing() as decisions:
        articles = textkit.extract("标题\n" + text)
    figures = [f for art in articles for f in art.figures]
    return figures, [d for d in decisions if d.kind == "figures"]


def _fields(fig: Figure, expected: dict) -> dict:
    return {key: getattr(fig, key) for key in expected}


KEPT = [
    ("支部现有党员35名。", {"value": 35, "unit": "名", "kind": "count", "indicator": "支部现有党员", "text": "支部现有党员35名"}),
    ("全年发放慰问金3.5万元。", {"value": 3.5, "unit": "万元", "kind": "money", "base_value": 35000, "base_unit": "元"}),
    ("全年發放慰問金3.5萬元。", {"value": 3.5, "unit": "万元", "kind": "money", "base_value": 35000, "base_unit": "元"}),
    ("群众满意率达到98%。", {"value": 98, "unit": "%", "kind": "percent", "role": "achievement"}),
    ("党员参学率达百分之九十五。", {"value": 95, "unit": "%", "kind": "percent", "text": "党员参学率达百分之九十五"}),
    ("每月组织两次集中学习。", {"value": 2, "unit": "次", "kind": "frequency", "indicator": "集中学习"}),
    ("每月組織兩次集中學習。", {"value": 2, "unit": "次", "kind": "frequency", "indicator": "集中学习"}),
    ("全年累计培训12个小时。", {"value": 12, "unit": "个小时", "kind": "duration", "indicator": "培训"}),
    ("走访困难群众300余户。", {"value": 300, "unit": "户", "approx": True, "indicator": "困难群众"}),
    ("走訪困難群眾300餘戶。", {"value": 300, "unit": "户", "approx": True, "indicator": "困难群众"}),
    ("新修村道3.5公里。", {"value": 3.5, "unit": "公里", "kind": "other", "indicator": "新修村道"}),
    ("推出1至10个服务岗位。", {"value": 1, "value_max": 10, "unit": "个", "indicator": "服务岗位", "text": "1至10个服务岗位"}),
    ("力争明年发展党员10名以上。", {"value": 10, "unit": "名", "approx": True, "role": "target"}),
    ("党员撰写心得五万余字。", {"value": 5, "unit": "万字", "approx": True, "base_value": 50000, "base_unit": "字"}),
    ("支部建立了十八项制度。", {"value": 18, "unit": "项", "kind": "count", "indicator": "制度"}),
    ("支部建立了十八項制度。", {"value": 18, "unit": "项", "kind": "count", "indicator": "制度"}),
]


@pytest.mark.parametrize(("text", "expected"), KEPT)
def test_kept_figures(text: str, expected: dict) -> None:
    figures, decisions = _extract(text)
    assert [_fields(f, expected) for f in figures] == [expected]
    assert [(d.kept, d.rule) for d in decisions if d.kept] == [(True, "figure")]


def test_age_names_its_indicator() -> None:
    (fig,), _ = _extract("年龄最小的党员仅19岁。")
    assert (fig.value, fig.unit, fig.kind) == (19, "岁", "age")
    assert fig.indicator.endswith("年龄")


def test_completion_rate_is_tied_to_the_figure_it_completes() -> None:
    figures, _ = _extract("全年新增就业岗位2683个，完成任务的124%。")
    assert [(f.value, f.unit, f.indicator, f.relates_to) for f in figures] == [
        (2683, "个", "新增就业岗位", None),
        (124, "%", "新增就业岗位完成任务比例", 0),
    ]


REJECTED = [
    ("2022年，支部换届。", "2022年", "date"),
    ("2022年，支部換屆。", "2022年", "date"),
    ("2023年5月，支部开展活动。", "5月", "date"),
    ("五月开展活动。", "五月", "day_or_month"),
    ("这是第三次检查。", "三次", "ordinal"),
    ("B2栋居民参加活动。", "2栋", "code"),
    ("学习贯彻十九届三中全会精神。", "十九届", "congress"),
    ("學習貫徹十九屆三中全會精神。", "十九届", "congress"),
    ("市委三次全体会议召开。", "三次", "numbered_session"),
    ("上世纪八十年代建厂。", "八十年", "term_decade_or_grade"),
    ("三年级学生参加。", "三年", "term_decade_or_grade"),
    ("回顾100多年的奋斗史。", "100多年", "history_span"),
    ("回顧100多年的奮鬥史。", "100多年", "history_span"),
    ("一名党员就是一面旗帜。", "一名", "indefinite_one"),
    ("我们要做到三个方面。", "三个", "announces_quoted_or_abstract"),
    ("我們要做到三個方面。", "三个", "announces_quoted_or_abstract"),
    ("支部提出四个“模范”。", "四个", "announces_quoted_or_abstract"),
    ("提出五条：", "五条", "announces_list_items"),
    ("总结了三点体会。", "三点", "list_point"),
    ("深入千家万户。", "万户", "idiom"),
    ("深入千家萬戶。", "万户", "idiom"),
    ("打通服务群众最后一公里。", "一公里", "idiom"),
    ("落实三会一课制度。", "一课", "blocked"),
    ("落實三會一課制度。", "一课", "blocked"),
]


@pytest.mark.parametrize(("text", "candidate", "rule"), REJECTED)
def test_rejected_candidates_name_their_rule(text: str, candidate: str, rule: str) -> None:
    figures, decisions = _extract(text)
    assert figures == []
    assert (candidate, False, rule) in [(d.text, d.kept, d.rule) for d in decisions]


def test_a_number_without_unit_is_not_a_figure() -> None:
    figures, decisions = _extract("党的二十大胜利召开。")
    assert figures == []
    assert [(d.text, d.rule) for d in decisions] == [("二十", "without_unit")]


def test_rules_have_unique_names_and_english_reasons() -> None:
    names = [rule.__name__ for rule in RULES]
    assert len(names) == len(set(names))
    _, decisions = _extract("2022年，支部提出三个方面。")
    for d in decisions:
        assert d.reason and d.reason.isascii()


def test_extractor_works_on_an_article_without_slogans() -> None:
    (article,) = textkit.normalize("标题\n社区共设网格党支部6个、楼栋党小组23个。")
    figures = FigureExtractor()(article)
    assert [(f.value, f.unit, f.indicator) for f in figures] == [(6, "个", "网格党支部"), (23, "个", "楼栋党小组")]


@pytest.mark.parametrize("name", [n.split("/")[1] for n in lexicon_names() if n.startswith("lexicons/figures_")])
def test_figure_word_lists_have_no_duplicates(name: str) -> None:
    entries = words(name)
    assert entries and len(entries) == len(set(entries))


# --- issue 11: numerals of every form, compound units, years, chains ---------------------------

NUMERAL_FORMS = [
    ("今年支部共吸收新党员一万二千三百四十五名。", 12345, "名", False),
    ("今年支部共吸收新黨員一萬二千三百四十五名。", 12345, "名", False),
    ("村民参保率提高了百分之三点二。", 3.2, "%", False),
    ("村民參保率提高了百分之三點二。", 3.2, "%", False),
    ("镇里筹措资金近百万元。", 100, "万元", True),
    ("鎮裡籌措資金近百萬元。", 100, "万元", True),
    ("全区登记志愿者3.5万余名。", 3.5, "万名", True),
    ("全區登記志願者3.5萬餘名。", 3.5, "万名", True),
    ("街道服务流动人口8.6万多名。", 8.6, "万名", True),
    ("街道服務流動人口8.6萬多名。", 8.6, "万名", True),
    ("对获奖集体奖励一万元。", 1, "万元", False),
    ("對獲獎集體獎勵一萬元。", 1, "万元", False),
    ("党员志愿者参与率达九成以上。", 9, "成", True),
    ("黨員志願者參與率達九成以上。", 9, "成", True),
    ("为困难职工争取补助十几万元。", 10, "万元", True),
    ("為困難職工爭取補助十幾萬元。", 10, "万元", True),
    ("开发区吸纳两千余人就业。", 2000, "人", True),
    ("累计帮扶困难群众1万600名。", 10600, "名", False),
    ("累計幫扶困難群眾1萬600名。", 10600, "名", False),
    ("全县320万群众参与投票。", 320, "万", False),
    ("累计投入3千万元。", 3000, "万元", False),
    ("全市人口自然增长率控制在千分之六以下。", 6, "‰", True),
    # six-digit Chinese numerals; a unit the numeral's multiplier shares (亿斤); a lone 万 as one of it
    ("全年接待群众来访十二万三千四百五十六人次。", 123456, "人次", False),
    ("全年接待群眾來訪十二萬三千四百五十六人次。", 123456, "人次", False),
    ("全县每年增产粮食一亿余斤。", 1, "亿斤", True),
    ("全縣每年增產糧食一億餘斤。", 1, "亿斤", True),
    ("参加义务植树的群众达万人以上。", 1, "万人", True),
    ("參加義務植樹的群眾達萬人以上。", 1, "万人", True),
    # 人口, 家庭 are nouns: 人/家 is not the unit, 亿/万 is
    ("服务全国十几亿人口的饮水安全。", 10, "亿", True),
    ("服務全國十幾億人口的飲水安全。", 10, "亿", True),
    ("新政策惠及近千万家庭。", 1000, "万", True),
    ("新政策惠及近千萬家庭。", 1000, "万", True),
    # a count in 亿 closing its clause; a full-width thousands comma in old reports
    ("全国参保人数增加1亿多，创历史新高。", 1, "亿", True),
    ("全國參保人數增加1億多，創歷史新高。", 1, "亿", True),
    ("全年财政收入为1，120亿元。", 1120, "亿元", False),
    ("全年財政收入為1，120億元。", 1120, "亿元", False),
    # 一倍 is a multiple, never the indefinite article
    ("村集体收入比上年增长一倍以上。", 1, "倍", True),
    ("村集體收入比上年增長一倍以上。", 1, "倍", True),
    ("合作社销售收入比上年增加一倍。", 1, "倍", False),
    ("合作社銷售收入比上年增加一倍。", 1, "倍", False),
    # 上 before a multiplier is "over"; a decimal before 万亿
    ("新政策惠及上千万家庭。", 1000, "万", True),
    ("新政策惠及上千萬家庭。", 1000, "万", True),
    ("全省生产总值达到四点七三万亿元。", 4.73, "万亿元", False),
    ("全省生產總值達到四點七三萬億元。", 4.73, "万亿元", False),
    # 一 per period and 只有一: rates and counts, not the indefinite article
    ("党员每天一小时线上学习。", 1, "小时", False),
    ("黨員每天一小時線上學習。", 1, "小时", False),
    ("全镇只有一所中心小学。", 1, "所", False),
    ("全鎮只有一所中心小學。", 1, "所", False),
    # a span of time is not a count announcing a list (用三年时间), nor is a count in 亿
    ("用三年时间完成老旧小区改造。", 3, "年", False),
    ("用三年時間完成老舊小區改造。", 3, "年", False),
    # fractions are shares with no unit; a point of change is never the article; an approximate
    # span of hours; compound physical units after 万/亿; N亿人口 counts people
    ("办事时间缩短了三分之一。", 0.333, "", False),
    ("辦事時間縮短了三分之一。", 0.333, "", False),
    ("全村三分之一以上的农户加入了合作社。", 0.333, "", True),
    ("全村三分之一以上的農戶加入了合作社。", 0.333, "", True),
    ("城镇登记失业率下降一个百分点。", 1, "个百分点", False),
    ("城鎮登記失業率下降一個百分點。", 1, "个百分点", False),
    ("支部大会连续开了三个多小时。", 3, "个小时", True),
    ("支部大會連續開了三個多小時。", 3, "个小时", True),
    ("水库新增蓄水二十三亿立方公尺。", 23, "亿立方公尺", False),
    ("水庫新增蓄水二十三億立方公尺。", 23, "亿立方公尺", False),
    ("全年铁路旅客周转量三百二十亿人公里。", 320, "亿人公里", False),
    ("全年鐵路旅客周轉量三百二十億人公里。", 320, "亿人公里", False),
    ("解决了全国七亿人口的吃饭问题。", 7, "亿", False),
    ("解決了全國七億人口的吃飯問題。", 7, "亿", False),
]


@pytest.mark.parametrize(("text", "value", "unit", "approx"), NUMERAL_FORMS)
def test_every_numeral_form_is_read(text: str, value: float, unit: str, approx: bool) -> None:
    figures, _ = _extract(text)
    assert [(f.value, f.unit, f.approx) for f in figures] == [(value, unit, approx)]


COMPOUND_UNITS = [
    ("全年开展宣讲活动45场次。", "场次"),
    ("全年開展宣講活動45場次。", "场次"),
    ("线上课堂累计覆盖3.2万人次。", "万人次"),
    ("線上課堂累計覆蓋3.2萬人次。", "万人次"),
    ("党员参学率同比提高2.5个百分点。", "个百分点"),
    ("黨員參學率同比提高2.5個百分點。", "个百分点"),
    ("审批时限压缩到5个工作日。", "个工作日"),
]


RANGES = [
    # the unit written on both ends of a range: one figure with value_max
    ("储备足够一年到两年使用的应急物资。", (1, 2, "年")),
    ("儲備足夠一年到兩年使用的應急物資。", (1, 2, "年")),
    ("党员参学率保持在95%－98%。", (95, 98, "%")),
    ("黨員參學率保持在95%－98%。", (95, 98, "%")),
    # two small numerals side by side: 两三次 is 2 to 3, not 23
    ("网格员每周入户走访两三次。", (2, 3, "次")),
    ("網格員每週入戶走訪兩三次。", (2, 3, "次")),
]


@pytest.mark.parametrize(("text", "expected"), RANGES)
def test_a_range_with_the_unit_on_both_ends_is_one_figure(text: str, expected: tuple) -> None:
    figures, _ = _extract(text)
    assert [(f.value, f.value_max, f.unit) for f in figures] == [expected]


@pytest.mark.parametrize(("text", "unit"), COMPOUND_UNITS)
def test_the_unit_is_the_whole_measure_word(text: str, unit: str) -> None:
    figures, _ = _extract(text)
    assert [f.unit for f in figures] == [unit]


NOT_FIGURES = [
    # a year in Chinese digits is read as the year it is (a date), whatever its zero looks like
    ("二〇二三年，支部换届选举顺利完成。", "date"),
    ("二〇二三年，支部換屆選舉順利完成。", "date"),
    ("一九五三年，这个村成立了互助组。", "date"),
    ("一九五三年，這個村成立了互助組。", "date"),
    ("从二○三五年到本世纪中叶，建成现代化强国。", "date"),
    ("從二○三五年到本世紀中葉，建成現代化強國。", "date"),
    ("到一九◯七年，工厂已经建成。", "date"),
    ("二〇二三届毕业生党员全部转出组织关系。", "chinese_year"),
    ("二○二三屆畢業生黨員全部轉出組織關係。", "chinese_year"),
    ("2021级新生党员全部编入临时党支部。", "cohort"),
    ("2021級新生黨員全部編入臨時黨支部。", "cohort"),
    ("抓好基层党建十分重要。", "idiom"),
    ("抓好基層黨建十分重要。", "idiom"),
    ("过去五年，支部建设稳步推进。", "retrospective_span"),
    ("過去五年，支部建設穩步推進。", "retrospective_span"),
    ("组建市、县、镇三级志愿服务队。", "sums_up_list"),
    ("組建市、縣、鎮三級志願服務隊。", "sums_up_list"),
    ("社区打造“10分钟办事圈”。", "inside_quoted_name"),
    ("社區打造“10分鐘辦事圈”。", "inside_quoted_name"),
    ("确保到二0三0年全面完成。", "mixed_digits"),
    ("二0二一年支部换届。", "mixed_digits"),
    ("二0二一年支部換屆。", "mixed_digits"),
    # repeated numerals, classes named by size, anniversaries, the years since an event
    ("村里的面貌一年一年变好。", "repeated"),
    ("村裡的面貌一年一年變好。", "repeated"),
    ("日子一天天好起来。", "repeated"),
    ("建设百万吨级乙烯项目。", "size_class"),
    ("建設百萬噸級乙烯項目。", "size_class"),
    ("纪念建党一百周年。", "anniversary"),
    ("紀念建黨一百周年。", "anniversary"),
    ("换届以来的五年，是支部发展最快的五年。", "retrospective_span"),
    ("換屆以來的五年，是支部發展最快的五年。", "retrospective_span"),
    # a frame ahead with no target in it, a programme's name, years since a founding, a count pointing back
    ("今后二十年的奋斗目标是建成现代化强县。", "forward_frame"),
    ("今後二十年的奮鬥目標是建成現代化強縣。", "forward_frame"),
    ("全面启动人居环境整治三年行动。", "retrospective_span"),
    ("全面啟動人居環境整治三年行動。", "retrospective_span"),
    ("到学校成立一百年时建成一流学科。", "anniversary"),
    ("到學校成立一百年時建成一流學科。", "anniversary"),
    ("这两个组织要加强协作。", "refers_to_list_above"),
    ("這兩個組織要加強協作。", "refers_to_list_above"),
]


@pytest.mark.parametrize(("text", "rule"), NOT_FIGURES)
def test_years_cohorts_and_adverbs_are_not_figures(text: str, rule: str) -> None:
    figures, decisions = _extract(text)
    assert figures == []
    assert rule in [d.rule for d in decisions if not d.kept]


CHINESE_YEARS = [
    # (text, figures as (text, value, indicator)): the years frame the figure as Arabic years do, the text is kept as written
    ("农村居民的购买力，一九五三年比一九五〇年增加了百分之七十六。", [("购买力，一九五三年比一九五〇年增加了百分之七十六", 76, "购买力")]),
    ("農村居民的購買力，一九五三年比一九五〇年增加了百分之七十六。", [("购买力，一九五三年比一九五〇年增加了百分之七十六", 76, "购买力")]),
    ("二○二四年，支部发展党员3名。", [("支部发展党员3名", 3, "支部发展党员")]),
    ("二○二四年，支部發展黨員3名。", [("支部发展党员3名", 3, "支部发展党员")]),
    ("到一九○七年，工厂有工人五百名。", [("工人五百名", 500, "工人")]),
    ("二〇二三年全年发展党员二〇名。", [("发展党员二〇名", 20, "发展党员")]),
]


@pytest.mark.parametrize(("text", "expected"), CHINESE_YEARS)
def test_years_in_chinese_digits_frame_figures_as_years(text: str, expected: list) -> None:
    figures, decisions = _extract(text)
    assert [(f.text, f.value, f.indicator) for f in figures] == expected
    assert all(f.sentence in to_simplified(text)[0] for f in figures)  # the sentence as written
    years = [d.text for d in decisions if not d.kept and d.rule == "date"]
    assert years and all(text.find(y) >= 0 for y in years)  # --explain shows the years as written, not as read


CHAINS = [
    ("组织党员轮训班4期1260人次。", [(4, "党员轮训班"), (1260, "党员轮训班")]),
    ("組織黨員輪訓班4期1260人次。", [(4, "党员轮训班"), (1260, "党员轮训班")]),
    ("各年级的入党积极分子分别是15人、22人。", [(15, "入党积极分子"), (22, "入党积极分子")]),
    ("各年級的入黨積極分子分別是15人、22人。", [(15, "入党积极分子"), (22, "入党积极分子")]),
    ("窗口平均等候时间由40分钟缩短至15分钟。", [(40, "窗口平均等候时间"), (15, "窗口平均等候时间")]),
    ("窗口平均等候時間由40分鐘縮短至15分鐘。", [(40, "窗口平均等候时间"), (15, "窗口平均等候时间")]),
    ("村集体收入比上年增长12%。", [(12, "村集体收入")]),
    ("信访件数降至31件。", [(31, "信访件数")]),
    ("信訪件數降至31件。", [(31, "信访件数")]),
    ("网格员人数增至156人。", [(156, "网格员人数")]),
    ("網格員人數增至156人。", [(156, "网格员人数")]),
    # 由A减为B: both count what changed
    ("审批环节由五道减为两道。", [(5, "审批环节"), (2, "审批环节")]),
    ("審批環節由五道減為兩道。", [(5, "审批环节"), (2, "审批环节")]),
    # a span of years before a total frames it and leaves the indicator
    ("全区民生支出五年累计120亿元。", [(120, "民生支出")]),
    ("全區民生支出五年累計120億元。", [(120, "民生支出")]),
    # a clause opening with the number (and 突破) shares the noun of the figure before
    ("全镇集体经济收入增长12%，突破500万元。", [(12, "集体经济收入"), (500, "集体经济收入")]),
    ("全鎮集體經濟收入增長12%，突破500萬元。", [(12, "集体经济收入"), (500, "集体经济收入")]),
    ("全年实现销售收入820万元，同比增长15%。", [(820, "销售收入"), (15, "销售收入")]),
    ("全年實現銷售收入820萬元，同比增長15%。", [(820, "销售收入"), (15, "销售收入")]),
    ("入党申请人数占全体职工的12%。", [(12, "入党申请人数")]),
]


@pytest.mark.parametrize(("text", "expected"), CHAINS)
def test_each_number_takes_the_noun_it_counts(text: str, expected: list) -> None:
    figures, _ = _extract(text)
    assert [(f.value, f.indicator) for f in figures] == expected


@pytest.mark.parametrize(
    "text", ["全年办结群众诉求三千四百五十六件，落实三会一课制度。", "全年辦結群眾訴求三千四百五十六件，落實三會一課制度。"]
)
def test_a_slogan_fragment_inside_a_numeral_masks_nothing(text: str) -> None:
    figures, _ = _extract(text)
    assert [(f.value, f.unit) for f in figures] == [(3456, "件")]


@pytest.mark.parametrize(
    "text",
    ["标题\n力争两年内35岁以下党员占比提高到百分之二十。", "標題\n力爭兩年內35歲以下黨員佔比提高到百分之二十。"],
)
def test_a_span_of_time_before_another_figure_is_only_that_span(text):
    """两年内 is the horizon of the target that follows; the span stays 两年 and the target keeps its figure."""
    import textkit

    (article,) = textkit.extract(text)
    spans = [article.text[f.start : f.end] for f in article.figures]
    assert "两年" in spans
    assert not any(s.startswith("两年内") for s in spans)
    assert any(f.value == 20 and f.unit == "%" for f in article.figures)
