from __future__ import annotations

import re

import pytest

import textkit
from textkit.normalization import NormalizeConfig, convert_script, normalize_text
from textkit.normalization.garble import find_garbled
from textkit.normalization.pinyin import remove_pinyin
from textkit.normalization.script import fix_zhu, to_simplified

from ..conftest import CORPORA, REPORT_SIMPLIFIED, REPORT_TRADITIONAL


def test_pinyin_removal_is_unchanged_by_its_shortcuts():
    """The screen for tone marks and the toneless pattern with its look-behind after the bracket,
    against the plain definitions."""
    import random

    from textkit.normalization import pinyin

    toneless = re.compile(r"(?<=[\u4e00-\u9fff])[(（](?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:[aeiouü]|er)[a-z]{0,3}[)）]")

    def plain(text):
        text, n = pinyin.TONED_ANNOTATION.subn("", text)
        if n:
            text, m = toneless.subn("", text)
            n += m
        return text, n

    rng = random.Random(5)
    pieces = ["導", "语", "(", ")", "（", "）", "dǎo", "de", "zhe", "yǔ", "a", " ", "2023", "zh", "er"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert remove_pinyin(text) == plain(text)


def test_pinyin_removed_real_parentheses_kept():
    text, n = remove_pinyin("導(dǎo)語:機關黨組織(以下簡稱“黨組織”)要發(fā)揮作用(2023年)")
    assert text == "導語:機關黨組織(以下簡稱“黨組織”)要發揮作用(2023年)"
    assert n == 2


def test_traditional_to_simplified_and_zhu_by_word():
    text, changed, zhu = to_simplified("影響著經濟發展，發揮著作用，著名學者的著作")
    assert text == "影响着经济发展，发挥着作用，著名学者的著作"
    assert changed > 0 and zhu == 2
    assert fix_zhu("显著成效")[0] == "显著成效"


def test_hong_kong_and_taiwan_variant_characters_folded():
    # 衞 敍 枱 衹 are variants that plain t2s leaves as they are
    text, changed, zhu = to_simplified("社區衞生站敍述服務枱的工作，衹用了三天，記錄著居民的意見，著名專家點評。")
    assert text == "社区卫生站叙述服务台的工作，只用了三天，记录着居民的意见，著名专家点评。"
    assert zhu == 1 and changed >= 12
    # in simplified text they are folded too, and nothing else moves
    assert to_simplified("做好卫生工作，衹有敍述清楚")[0] == "做好卫生工作，只有叙述清楚"
    assert to_simplified("什么是著作权，为什么要写")[0] == "什么是著作权，为什么要写"


def test_output_script_variants_keep_length():
    s = "党员发挥着先锋模范作用"
    for script in ("traditional", "taiwan", "hongkong"):
        out = convert_script(s, script)
        assert len(out) == len(s) and out != s
    assert convert_script(s, "taiwan").startswith("黨員發揮著")


def test_fullwidth_folded_chinese_punctuation_kept():
    arts = normalize_text("标题\n全年开展活动１２次，覆盖ＡＢＣ社区；参与率９５％。")
    assert arts[0].text == "全年开展活动12次，覆盖ABC社区；参与率95%。"
    assert arts[0].log["fullwidth_folded"] == 8


def test_private_use_pairs_repaired_and_others_marked():
    arts = normalize_text("标题\n各部门\ue5e4单位\ue5e5要设置窗口，另有\ue034缺字。")
    assert "各部门（单位）要设置窗口" in arts[0].text
    assert "〓" in arts[0].text
    assert arts[0].log["pua_repaired"] == 2 and arts[0].log["pua_marked"] == 1


WEB_PAGE = """社区党建工作的几点做法
时间:2023-04-02 09:12:00
导语:社区党建工作的几点做法一文来源于网友上传,不代表本站观点,若需要原创文章可咨询客服老师,欢迎参考。
社区党建工作的几点做法
一、建强组织。社区党委建立了楼栋党小组，覆盖全部12个小区。
—1—
二、服务群众。组织党员志愿者开展上门服务，全年服务群众300余人次。
图为党员志愿者在为老人理发。(王明 摄)
猜你喜欢
社区党建工作总结
如何做好支部工作
"""


def test_web_boilerplate_removed_and_date_kept():
    (art,) = normalize_text(WEB_PAGE)
    assert art.title == "社区党建工作的几点做法"
    assert art.meta["date"] == "2023-04-02"
    assert "导语" not in art.text and "本站" not in art.text
    assert "—1—" not in art.text and "图为" not in art.text
    assert "猜你喜欢" not in art.text and "如何做好支部工作" not in art.text
    assert art.text.startswith("一、建强组织") and art.text.endswith("300余人次。")
    assert art.log["footer_lines_removed"] == 3 and art.log["page_numbers_removed"] == 1


PAPER = """加强国有企业党建工作的思考
李明
(某某集团党委办公室 江苏南京 210000)
摘要: 本文分析了企业党建工作的现状。
关键词: 党建; 国有企业
中图分类号: D267 文献标识码: A
一、健全制度。公司党委建立了党建工作责任制，每年开展两次督查。
参考文献:
[1]张三.企业党建研究[J].党建,2021(3):12-14.
作者简介:李明(1980-),男,江苏南京人。
"""


def test_paper_front_and_back_matter_become_metadata():
    (art,) = normalize_text(PAPER)
    assert art.title == "加强国有企业党建工作的思考"
    assert art.meta["author"] == "李明" and art.meta["postcode"] == "210000"
    assert art.meta["abstract"].startswith("本文分析") and "党建" in art.meta["keywords"]
    assert art.meta["references"][0].startswith("[1]")
    assert art.text == "一、健全制度。公司党委建立了党建工作责任制，每年开展两次督查。"


def test_garbled_runs_detected_not_place_names():
    text = "认真开展批评与自我批评,并得到好评??傊О嘧用磕甓家匍_两次以上民主生活会。鄞州区岱山镇党委建立了制度。"
    spans = find_garbled(text)
    assert len(spans) == 1
    s, e = spans[0]
    assert text[s:e].startswith("??傊") and text[e:].startswith("两次以上")


COMPILATION = """第一篇:领导论文:加强基层党建
加强基层党建工作的思考
基层党组织要建立健全组织生活制度，每月开展一次主题党日活动。
第二篇:社区党建创新实践(论文)
社区党委创新开展“红色物业”服务，组织党员亮身份、作表率，服务居民群众。
第三篇:党员教育管理工作研究论文报告
党员教育管理工作
要严格落实“三会一课”制度，加强党员日常教育管理。
"""


def test_compilation_split_with_titles():
    arts = normalize_text(COMPILATION)
    assert [a.title for a in arts] == ["加强基层党建工作的思考", "社区党建创新实践", "党员教育管理工作"]
    assert arts[1].text.startswith("社区党委创新开展")
    off = normalize_text(COMPILATION, config=NormalizeConfig(split_compilations=False))
    assert len(off) == 1


def test_broken_lines_joined():
    text = "标题\n一、做法\n党委建立了制度。严格实行发展党员公示制度，公开接受党内\n\n外监督。\n二、成效\n"
    (art,) = normalize_text(text)
    assert "公开接受党内外监督。" in art.text


def test_traditional_and_simplified_normalise_to_the_same_text():
    a = normalize_text(REPORT_SIMPLIFIED)[0]
    b = normalize_text(REPORT_TRADITIONAL)[0]
    assert a.title == b.title
    assert a.text == b.text


def test_sample_corpus_normalises_cleanly():
    for path in sorted(CORPORA.glob("*.txt")):
        from textkit.io.readers import read_path

        arts = normalize_text(read_path(path).text, path.name)
        assert arts and all(a.title for a in arts), path.name
        for a in arts:
            assert "(dǎo)" not in a.text and "猜你喜欢" not in a.text and "参考文献" not in a.text


def test_seeds_normalise(shared):
    from textkit.io.readers import read_path
    from textkit.normalization.pinyin import TONED_ANNOTATION

    seeds = {p.name[:3]: p for p in (shared / "seeds").glob("*.txt")}
    for key, path in seeds.items():
        arts = normalize_text(read_path(path).text, path.name)
        for a in arts:
            assert not TONED_ANNOTATION.search(a.text), key
            assert "著" not in a.text.replace("著名", "").replace("显著", "").replace("著作", "") or key == "003"
    compiled = normalize_text(read_path(seeds["003"]).text)
    assert len(compiled) == 5
    titles = [a.title for a in compiled]
    assert titles[1] == "基层党建工作创新的实践与思考" and titles[2] == "着力推进企业党建工作创新"
    assert titles[3] == "基层党建创新工作创新材料" and titles[4] == "如何创新基层党建工作"
    assert titles[0].endswith("着力点探析")
    (a001,) = normalize_text(read_path(seeds["001"]).text)
    assert "猜你喜欢" not in a001.text and "阅读先锋榜" not in a001.text and "曲谱" not in a001.text
    assert "摄影报道" not in a001.text


WEB_COPY = """首页 > 党建工作 > 基层动态
【字体：大 中 小】 【打印本页】 【关闭窗口】
市水务局机关第二党支部“三个结合”推动党建与业务融合
发布时间：2024-03-12 09:30:15  来源：市水务局  作者：李明  浏览次数：1325
　　今年以来，市水务局机关第二党支部坚持党建与业务“三个结合”，推动支部建设提质增效。
　　一是与防汛工作相结合。支部组建党员突击队2支，汛期累计巡查堤防86公里，排查隐患13处。
　　二是与作风建设相结合。支部每月开展一次廉政提醒，设立党员监督岗3个。
（责任编辑：王芳）
版权所有：某某市水务局  备案号：某ICP备12345678号
"""


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_site_furniture_goes_and_header_fields_become_meta(script):
    text = WEB_COPY if script == "simplified" else convert_script(WEB_COPY, "traditional")
    (a,) = textkit.normalize(text)
    assert a.title == "市水务局机关第二党支部“三个结合”推动党建与业务融合"
    assert a.text.startswith("今年以来") and a.text.rstrip().endswith("设立党员监督岗3个。")
    assert a.meta == {"date": "2024-03-12", "site_source": "市水务局", "author": "李明", "editor": "王芳"}


def test_character_tidying_is_unchanged_by_its_shortcuts():
    """Full-width folding, space tidying and the count of converted characters, against the plain
    definitions (``str.translate``, both space substitutions, a character-by-character count)."""
    import random

    from textkit.normalization import chars

    cjk = chars._CJK
    # the plain form of chars._SPACE_BETWEEN (look-behinds first)
    space_between = re.compile(
        rf"(?<=[{cjk}，。、；：！？”）])\s+(?=[0-9])|(?<=[0-9%])\s+(?=[{cjk}])|(?<=[，。、；：！？,;:])[ ]+|[ ]+(?=[，。、；：！？])"
    )

    def tidy(line):
        return space_between.sub("", chars._SPACES.sub(" ", line).strip())

    rng = random.Random(11)
    alphabet = [*"党建工作，。、；：！？”）12%ab,;:", " ", "\t", "\u3000", "\u00a0", "\u2003", "\u200b", "\x0b", "\u2000"]
    alphabet += map(chr, chars._FULLWIDTH)
    for _ in range(30000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert chars.fold_width(line) == line.translate(chars._FULLWIDTH)
        assert chars.tidy_spaces(line) == tidy(line)
    for text in ("发挥着先锋模范作用", "發揮著先鋒模範作用，黨員帶頭", "党员帶頭"):
        _, changed, _ = to_simplified(text)
        assert changed == sum(a != b for a, b in zip(text, textkit.normalization.script.converter("t2s").convert(text)))
    assert to_simplified("党员发挥作用")[1] == 0 and to_simplified("黨員發揮作用")[1] == 4
