"""Slogan rules, one table per rule family, in simplified and traditional script.

Every sentence here was written for these tests. Each case names the rule that must decide the
candidate (``textkit.rules`` trace), so a changed rule shows up by name.
"""

from __future__ import annotations

import pytest

from textkit.extractors.slogans import SloganExtractor, formula_counts, formula_number, formula_stem, split_enumeration
from textkit.model import Slogan
from textkit.normalization import convert_script
from textkit.pipeline import Pipeline
from textkit.rules import Decision, tracing

SCRIPTS = ("simplified", "traditional")


def _run(text: str, script: str) -> tuple[list[Slogan], list[Decision]]:
    """Slogans of a one-article text (a title line is added) and the slogan decisions traced."""
    if script != "simplified":
        text = convert_script(text, script)
    (article,) = Pipeline(extract=False, themes=False).process_text("标题\n" + text)
    with tracing() as decisions:
        slogans = SloganExtractor()(article)
    return slogans, [d for d in decisions if d.kind == "slogans"]


# --- kept: numbered formulas with the parts the text spells out ---------------------------------

KEPT_WITH_EXPANSION = [
    # a quoted formula, then 即： and its parts (two and two: four parts)
    (
        "街道党工委推行“两访两帮”，即：访困难户、访老党员，帮就业、帮就医。",
        "两访两帮",
        ["访困难户", "访老党员", "帮就业", "帮就医"],
        "quoted",
    ),
    # a quoted formula with its parts in brackets
    ("社区推行“三清单”（责任清单、任务清单、问题清单），每季度通报一次。", "三清单", ["责任清单", "任务清单", "问题清单"], "quoted"),
    # an unquoted formula, then 即 and its parts
    (
        "支部建立三级联系制度，即书记联系委员、委员联系党员、党员联系群众。",
        "三级联系",
        ["书记联系委员", "委员联系党员", "党员联系群众"],
        "formula_then_parts",
    ),
    # an unquoted formula before as many list items
    (
        "支部坚持做好四项服务。\n一是服务老人。\n二是服务儿童。\n三是服务残疾人。\n四是服务退役军人。",
        "四项服务",
        ["服务老人", "服务儿童", "服务残疾人", "服务退役军人"],
        "formula_before_list",
    ),
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("text", "formula", "expansion", "finder"), KEPT_WITH_EXPANSION)
def test_a_numbered_formula_is_kept_with_its_expansion(text, formula, expansion, finder, script):
    slogans, decisions = _run(text, script)
    by_text = {s.text: s for s in slogans}
    assert formula in by_text, [s.text for s in slogans]
    assert by_text[formula].expansion == expansion
    assert by_text[formula].count_ok is True
    assert (formula, True, finder) in {(d.text, d.kept, d.rule) for d in decisions}


KEPT = [
    ("支部推行“四议两公开”工作法。", "四议两公开", "numeric"),
    ("各项工作做到同部署、同落实、同考核、同奖惩。", "同部署、同落实、同考核、同奖惩", "motto"),
    ("党员干部要做到有岗有责、有责有为、有为有位、有位有威。", "有岗有责、有责有为、有为有位、有位有威", "motto"),
    ("社区开展“红色管家进小区”主题实践活动。", "红色管家进小区", "campaign"),
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("text", "slogan", "kind"), KEPT)
def test_slogans_are_kept_with_their_kind(text, slogan, kind, script):
    slogans, _ = _run(text, script)
    assert [(s.text, s.kind) for s in slogans] == [(slogan, kind)]


# --- dropped: each rule by name --------------------------------------------------------------------

DROPPED = [
    # a short word quoted for emphasis
    ("老党员把为群众办事当作“本分”。", "本分", "emphasis_quote"),
    ("支部把“先锋岗”评选与积分管理结合起来。", "先锋岗", "emphasis_quote"),
    # honours: named where awarded, or an honour title
    ("张书记荣获“优秀共产党员”称号。", "优秀共产党员", "honour_awarded"),
    ("社区评选出“最美家庭”十户。", "最美家庭", "honour_title"),
    # quotes inside a 《》 title belong to the title
    ("组织党员学习《关于开展“清风廉政”教育的通知》。", "清风廉政", "in_book_title"),
    # fixed expressions with numerals, quoted or not
    ("他做事“一清二楚”。", "一清二楚", "numeric_idiom"),
    ("做事不能三心二意。", "三心二意", "known_idiom"),
    ("党员要一心一意为群众。", "一心一意为", "one_and_one"),
    # counts and ordinals are not formulas
    ("各支部每月开展三次五场宣讲。", "三次五场", "count_with_unit"),
    ("社区引入第三方一站式服务。", "三方一站", "ordinal_or_each"),
    # a year in Chinese numerals is a date
    ("展览回顾了“一九四九年”以来的变化。", "一九四九年", "year_in_chinese_numerals"),
]


SOFT_QUOTE_RULES = {"emphasis_quote", "short_list", "quoted_sentence"}


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("text", "candidate", "rule"), DROPPED)
def test_a_candidate_is_dropped_by_its_rule(text, candidate, rule, script):
    slogans, decisions = _run(text, script)
    assert candidate not in {s.text for s in slogans}
    dropped = {(d.text, d.rule) for d in decisions if not d.kept}
    # with the slogan model, the soft quote rules (emphasis, short words) are its decision
    rules = {rule, "quote_model"} if rule in SOFT_QUOTE_RULES else {rule}
    assert any((candidate, r) in dropped for r in rules), dropped
    assert all(d.reason for d in decisions if d.rule in rules)


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    "text",
    [
        "支部抓好思想建设、组织建设、作风建设、制度建设。",  # a list sharing its last word
        "我们既要抓发展、又要抓党建、还要抓民生、也要抓安全。",  # clauses, not a frame
    ],
)
def test_lists_and_clauses_are_not_parallel_slogans(text, script):
    slogans, _ = _run(text, script)
    assert slogans == []


def test_parts_of_an_expansion_are_not_slogans_of_their_own():
    slogans, decisions = _run("支部推行“两学两比”：“学党章、学党史，比服务、比奉献”。", "simplified")
    assert [s.text for s in slogans] == ["两学两比"]
    rules = {d.rule for d in decisions if not d.kept and d.text == "学党章、学党史，比服务、比奉献"}
    assert rules & {"part_of_an_expansion", "quote_model"}


# --- the counts a formula announces ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("formula", "number", "counts", "stem"),
    [
        ("三服务", 3, {3}, "服务"),
        ("四大责任", 4, {4}, "责任"),
        ("十个坚持", 10, {10}, "坚持"),
        ("四议两公开", 6, {6, 4, 2}, "议两公开"),
        ("五比五看", 10, {10, 5}, "比五看"),
        ("双报到", 2, {2}, "报到"),
        ("一站式", 1, set(), "站式"),
        ("党建引领", None, set(), "党建引领"),
    ],
)
def test_formula_number_counts_and_stem(formula, number, counts, stem):
    assert formula_number(formula) == number
    assert formula_counts(formula) == counts
    assert formula_stem(formula) == stem


@pytest.mark.parametrize(
    ("text", "counts", "parts"),
    [
        ("亮身份、亮承诺，比服务、比奉献", {4, 2}, ["亮身份", "亮承诺", "比服务", "比奉献"]),
        ("亮身份、亮承诺；比服务、比奉献", {2}, ["亮身份、亮承诺", "比服务、比奉献"]),
        ("居民议事会、事务公开栏和民情恳谈会", {3}, ["居民议事会", "事务公开栏", "民情恳谈会"]),
        ("学理论、强党性、“办实事”", None, ["学理论", "强党性", "办实事"]),
    ],
)
def test_split_enumeration_by_the_announced_count(text, counts, parts):
    assert split_enumeration(text, counts) == parts


# --- issue 11: open vocabulary, parallel formulas, learned decisions on quotes -----------------------


def _texts(text: str, script: str) -> list[str]:
    return [s.text for s in _run(text, script)[0]]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    ("text", "slogan"),
    [
        # unquoted established formulas, from the mined lexicon
        ("支部每季度召开组织生活会，认真开展批评与自我批评。", "批评与自我批评"),
        ("机关带头过紧日子，压减一般性支出。", "过紧日子"),
        ("坚持党管干部原则，选优配强村班子。", "党管干部"),
        ("严格执行民主集中制，重大事项集体研究。", "民主集中制"),
        # parallel formulas of three or four parts, decided by the slogan model
        ("各支部对重点工作做到有计划、有安排、有检查、有总结。", "有计划、有安排、有检查、有总结"),
        ("推动党建工作与业务工作同谋划、同部署、同考核。", "同谋划、同部署、同考核"),
        ("班子成员坚持讲政治、讲规矩、讲纪律。", "讲政治、讲规矩、讲纪律"),
        ("各项民生工作坚持尽力而为、量力而行。", "尽力而为、量力而行"),  # two parts
        ("党委坚持科学执政、民主执政、依法执政，提高执政水平。", "科学执政、民主执政、依法执政"),  # a shared last word
        ("支部组织党员学党史、悟思想、办实事、开新局。", "学党史、悟思想、办实事、开新局"),
        # quoted coined names of methods and tools, short ones included
        ("社区推出“点单”服务，居民按需下单。", "点单"),
        ("学校开设“微党课”，每周由党员教师主讲。", "微党课"),
        ("公司推行“纪巡审”联动监督机制。", "纪巡审"),
    ],
)
def test_formulas_found_by_the_open_vocabulary_and_the_model(text, slogan, script):
    assert slogan in _texts(text, script)


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    "text",
    [
        "合作社为产业发展注入“新活力”。",  # a quoted quality word
        "这项改革为企业打下了“硬基础”。",
        "村民王大爷笑着说：“现在办事方便多了”。",  # quoted speech
    ],
)
def test_quoted_quality_words_and_speech_are_not_slogans(text, script):
    assert _texts(text, script) == []


def test_the_mined_lexicon_says_where_each_entry_came_from():
    from textkit.resources import mined_slogans

    rows = mined_slogans()
    assert len(rows) > 200
    assert all(text and kind and source for text, kind, source in rows)
    assert {"party_manages", "system", "quoted", "parallel"} <= {source for _, _, source in rows}


def test_a_user_file_extends_the_lexicon(tmp_path):
    from textkit.model import Article

    mine = tmp_path / "mine.tsv"
    mine.write_text("text\tkind\n红色议事厅\tterm\n", encoding="utf-8")
    text = "村里建起红色议事厅，每月议事一次。"
    assert "红色议事厅" in [s.text for s in SloganExtractor(lexicon=str(mine))(Article(title="", text=text))]


def test_without_a_model_quotes_and_parallel_runs_follow_the_rules():
    from textkit.model import Article

    extractor = SloganExtractor()
    extractor.model = None
    found = [s.text for s in extractor(Article(title="", text="班子成员坚持讲政治、讲规矩、讲纪律。"))]
    assert found == []  # three parts: fewer than parallel_min_parts


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_run_of_established_formulas_is_found_with_its_parts(script):
    found = _texts("组织部门始终坚持党管干部、党管人才。", script)
    assert {"党管干部、党管人才", "党管干部", "党管人才"} <= set(found)


# --- the lexicon finder: the trie pattern's matches, found faster ---------------------------------

_FINDER_TEXTS = (
    "各级党组织坚持“三会一课”，落实两学一做，做到严起来、紧起来、实起来，多、快、好、省地推进工作。",
    "我们把三会一课和主题党日结合起来，多快好省，严起来紧起来，守正创新、担当作为。",
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_lexicon_finder_matches_the_whole_trie_pattern(script):
    """``_TrieFinder`` yields the same matches as ``finditer`` of the trie regex, on the shipped
    lexicon and on small lexicons with separators, shared prefixes and one-character entries."""
    import random
    import re

    from textkit.extractors.slogans import _lexicon_entries, _trie, _trie_pattern, _TrieFinder

    def spans(matches):
        return [m.span() for m in matches]

    shipped = [t for t, _, _ in _lexicon_entries(None)]
    texts = [convert_script(t, script) for t in _FINDER_TEXTS]
    small = (
        ["严起来、紧起来", "严起来紧", "守正创新", "守正", "多、快、好、省", "多快"],
        ["守", "守正创新", "担当，作为"],  # a one-character entry: every first character is a start
        ["、守正", "创新"],  # an entry that starts with a separator: the whole pattern is used
        ["𠀀党建", "党𠀀", "守"],  # an entry that starts outside the Basic Multilingual Plane
    )
    rng = random.Random(11)
    alphabet = "严紧起来守正创新担当作为多快好省、，, 𠀀党建"
    for entries in (shipped, *small):
        whole, finder = re.compile(_trie_pattern(entries)), _TrieFinder(_trie(entries))
        for text in texts + ["".join(rng.choice(alphabet) for _ in range(40)) for _ in range(300)]:
            assert list(finder.spans(text)) == spans(whole.finditer(text))
    assert list(_TrieFinder(_trie(shipped)).spans(_FINDER_TEXTS[0]))  # the shipped (simplified) lexicon finds some


_LIST_TEXTS = (
    "建立健全了党委议事规则、民主集中制和党务公开制度“三项制度”",
    "全面推进学习教育，坚持思想建党、制度治党的\n",
    "其中：服务经济、服务社会、服务群众\t 的\n",
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_list_before_a_formula_is_the_search_of_its_pattern(script):
    """``_list_before`` (started after the last stop character) finds what ``LIST_BEFORE.search``
    finds from the start, final newlines (where ``$`` matches too), white space and 的 included."""
    import random

    from textkit.extractors.slogans import LIST_BEFORE, _list_before

    rng = random.Random(7)
    alphabet = convert_script("服务经济社会群众制度的，、。：“”（）\n \t", script)
    texts = [convert_script(t, script) for t in _LIST_TEXTS]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90))) for _ in range(3000)]
    for text in texts:
        fast, whole = _list_before(text), LIST_BEFORE.search(text)
        assert (fast and (fast.span(), fast.group(1))) == (whole and (whole.span(), whole.group(1))), text


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_nearest_word_boundary_is_the_closest_later_one(script):
    """``_at_word`` returns the word boundary in ``[low, high]`` nearest to the cut, the later one on
    a tie, and the cut when there is none or no two-character word crosses it."""
    from textkit.extractors.slogans import _at_word, _word_bounds
    from textkit.segmentation import word_tags

    def nearest(item, cut, low, high):
        if low <= cut <= high and item[cut - 1 : cut + 1] not in word_tags():
            return cut
        bounds = [b for b in _word_bounds(item) if low <= b <= high]
        return min(bounds, key=lambda b: (abs(b - cut), -b)) if bounds else cut

    for item in (convert_script(t, script) for t in ("一项党性", "毛泽东思想", "长期化规范化轨道", "提高政治站位强化责任担当")):
        n = len(item)
        for cut in range(-1, n + 2):
            for low in range(-1, n + 1):
                for high in range(-1, n + 2):
                    assert _at_word(item, cut, low, high) == nearest(item, cut, low, high), (item, cut, low, high)


# --- parallel runs: whole parts, as the extractor proposes them --------------------------------


def _runs(text: str, script: str) -> list[str]:
    """The parallel runs proposed in a one-article text, before the slogan model decides."""
    from textkit.extractors.slogans import _proposed_runs

    if script != "simplified":
        text = convert_script(text, script)
    (article,) = Pipeline(extract=False, themes=False).process_text("标题\n" + text)
    return [article.text[r.start : r.end] for r in _proposed_runs(article.text)]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    ("text", "run"),
    [
        # the first part starts at a word (一项 | 党性), the last is split off at a final 和
        ("这是一项党性、原则性和纪律性都很强的工作。", "党性、原则性和纪律性"),
        # a 的 that every part holds stays in the last part
        ("每名党员既是集体的一分子、家庭的一分子、社会的一分子。", "集体的一分子、家庭的一分子、社会的一分子"),
        # 等 inside a word (平等) does not end the run
        ("坚持权利平等、机会平等、规则平等。", "权利平等、机会平等、规则平等"),
        # two parts: the last ends as the first does, before the noun they qualify
        ("推动志愿服务走上常态化、制度化轨道。", "常态化、制度化"),
        ("要锻造一支作风硬、业务精、纪律严的干部队伍。", "作风硬、业务精、纪律严"),
    ],
)
def test_parallel_runs_are_proposed_with_whole_parts(text, run, script):
    assert run in _runs(text, script)


@pytest.mark.parametrize("script", SCRIPTS)
def test_clauses_linked_by_different_adverbs_are_not_runs(script):
    assert _runs("我们既要抓发展、又要抓党建、还要抓民生。", script) == []
    assert _runs("支部号召党员又团结、又斗争。", script) == ["又团结、又斗争"]  # one adverb repeated


@pytest.mark.parametrize(
    ("run", "parts"),
    [
        ("稳定性、长期性和艰巨性", ("稳定性", "长期性", "艰巨性")),
        ("组织力、凝聚力及战斗力", ("组织力", "凝聚力", "战斗力")),
        ("平安和谐、繁荣稳定", ("平安和谐", "繁荣稳定")),  # 和 inside a word
        ("群众参与、社会协同", ("群众参与", "社会协同")),
    ],
)
def test_the_parts_of_a_run_split_at_a_final_conjunction_outside_words(run, parts):
    from textkit.extractors.slogans import run_parts

    assert run_parts(run) == parts


# --- formulas found by their shape -----------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    ("text", "slogan"),
    [
        # a head character repeated three times
        ("窗口单位坚持用心用情用力做好服务。", "用心用情用力"),
        ("整改工作要从严从实从细推进。", "从严从实从细"),
        # the shapes of fixed 提法, outside the mined lexicon too
        ("人武部坚持党管武装，配齐专武干部。", "党管武装"),
        ("学校坚持以评促建，推动教学改革。", "以评促建"),
        ("支部坚持抓党建促发展作为全年主线。", "抓党建促发展"),  # not 抓党建促发展作为
        ("各级机关要带头过苦日子。", "过苦日子"),
    ],
)
def test_formulas_found_by_their_shape(text, slogan, script):
    slogans, decisions = _run(text, script)
    assert slogan in {s.text for s in slogans}
    assert any(d.kept and d.text == slogan and d.rule in ("repeated", "shape", "lexicon") for d in decisions)


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    "text",
    [
        "全党全军全国各族人民团结一心。",  # a head that opens plain lists
        "今年要加强大江大河大湖治理。",
        "这样可以促进经济结构有所改善。",  # 可以促进, 结构有所改善: words across the shape
    ],
)
def test_shapes_across_words_and_plain_repetitions_are_not_slogans(text, script):
    assert _texts(text, script) == []


# --- quotes: coined names kept, speech and quality words dropped -----------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_quoted_speech_with_its_full_stop_is_dropped_by_rule(script):
    slogans, decisions = _run("社区开展义诊。村民李大姐说：“现在看病不用跑远路了。”大家都很高兴。", script)
    assert slogans == []
    assert any(d.rule == "quoted_sentence" and not d.kept for d in decisions)


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    ("text", "slogan"),
    [
        ("村里每月开一次“院坝会”，听取群众意见。", "院坝会"),
        ("社区开通“民情热线”，全天受理居民诉求。", "民情热线"),
        ("公司党委要求党员增强责任感、使命感和紧迫感。", "责任感、使命感和紧迫感"),
    ],
)
def test_coined_names_and_suffix_runs_are_kept_by_the_model(text, slogan, script):
    assert slogan in _texts(text, script)


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("text", ["党支部为村集体经济注入了“强心剂”。", "合作社成了村民增收的“聚宝盆”。"])
def test_quoted_quality_metaphors_are_dropped_by_the_model(text, script):
    assert _texts(text, script) == []


# --- unquoted established formulas: entries taken from the labelled candidates --------------------


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    ("text", "slogan"),
    [
        ("全镇上下围绕乡村振兴抓项目、强产业。", "乡村振兴"),
        ("企业党委以党建引领推动高质量发展。", "高质量发展"),
        ("机关各支部扎实开展主题教育，检视整改问题。", "主题教育"),
    ],
)
def test_unquoted_formulas_labelled_in_the_project_data_are_lexicon_entries(text, slogan, script):
    slogans, decisions = _run(text, script)
    assert slogan in {s.text for s in slogans} or convert_script(slogan, script) in {s.text for s in slogans}
    assert any(d.kept and d.rule == "lexicon" for d in decisions)


def test_the_mined_lexicon_holds_the_labelled_unquoted_slogans():
    from textkit.resources import mined_slogans

    labelled = {text for text, _, source in mined_slogans() if source == "labelled"}
    assert len(labelled) > 30
    assert not any("、" in t for t in labelled)  # runs of parts are the model's, not the lexicon's


# --- parallel runs: boundaries of lists and clause runs ----------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    ("text", "runs"),
    [
        # a conjunction inside a middle item joins two lists
        (
            "党委要履行好联系职工、服务职工、团结职工和宣传政策、解读政策、落实政策的职责。",
            ["联系职工、服务职工、团结职工", "宣传政策、解读政策、落实政策"],
        ),
        # an outer part that breaks the frame of the other three is left out
        ("我们立足镇情，拓宽新视野，谋划新路径，培育新动能，取得了一定成效。", ["拓宽新视野，谋划新路径，培育新动能"]),
        ("选拔一批思想上靠得住、工作上过得硬、作风上信得过、年纪较轻的干部。", ["思想上靠得住、工作上过得硬、作风上信得过"]),
        # a part shorter than the frame keeps it at its end
        ("坚持党性、人民性、时代性和创造性相统一。", ["党性、人民性、时代性和创造性"]),
        # outer clauses cut to the frame of the clause between them
        ("窗口要把为企解忧，替企办证，帮企纾困的要求落到实处。", ["为企解忧，替企办证，帮企纾困"]),
        ("力争让来访群众事有回音，件有着落，人有答复，把矛盾化解在基层。", ["事有回音，件有着落，人有答复"]),
        # two parts: the last ends as the first does, before the word they qualify
        ("推动结对帮扶常态化、长效化工作。", ["常态化、长效化"]),
    ],
)
def test_parallel_runs_are_cut_to_their_frame(text, runs, script):
    assert runs == _runs(text, script)


# --- parallel runs that only describe: rejected by the model trained with the development gold too ----


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    "text",
    [
        "面对新机遇、新挑战，支部及时调整工作思路。",  # a pair of 新X: the situation, not a formula
        "要使制度更加健全、更加规范、更加管用。",  # degrees of a quality
        "活动开展得热烈、有序、务实。",  # adjectives describing an event
    ],
)
def test_descriptive_runs_are_not_slogans(text, script):
    assert _texts(text, script) == []


@pytest.mark.parametrize(
    "entries",
    [
        ["三会一课", "两学一做", "学习强国", "党建引领", "党建"],
        ["严、紧、实", "以学促干", "党"],  # a separator inside an entry, a one-character entry
    ],
)
def test_trie_finder_matches_as_the_whole_trie_pattern(entries: list[str]) -> None:
    """Only positions whose two characters can start an entry are tried: the same matches."""
    import re

    from textkit.extractors.slogans import _trie, _trie_regex, _TrieFinder

    whole = re.compile(_trie_regex(_trie(entries)))
    finder = _TrieFinder(_trie(entries))
    for text in (
        "支部落实三会一课，开展两学一做，坚持党建引领，以学促干",
        "要严紧实，严、紧、实，严，紧，实党",
        "黨建引領三會一課",
        "党",
        "",
    ):
        assert list(finder.spans(text)) == [m.span() for m in whole.finditer(text)]


def test_shapes_are_tried_only_where_their_literal_characters_are():
    """``required_literals``: each top-level alternative's longest literal run, none without one; a text
    without them has no match, so ``shape_formulas`` skips the shape."""
    from textkit.extractors.slogans import SHAPES, required_literals

    assert required_literals(r"[以抓]([\u4e00-\u9fff]{1,3})促") == ("促",)
    assert required_literals(r"过[紧苦]日子") == ("日子",)
    assert required_literals(r"a(b)?c|de") == ("a", "de")
    assert required_literals(r"了?[\u4e00-\u9fff]") == ()
    assert required_literals(r"(?i)abc") == ()
    for _name, _kind, _runtime, rx, required in SHAPES:
        for text in ("党管干部，批评与自我批评，以进促稳，过紧日子，学有所教，应保尽保，有求必应", "我们开展工作"):
            if rx.search(text):
                assert any(literal in text for literal in required) or not required
