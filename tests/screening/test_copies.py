"""Copy detection at passage level: partial copies with their source, stock phrases, who copied whom.

The texts are written for these tests in the register of branch work reports: each submission has
its own sentences (made from clauses with its own unit, people and figures) and some pasted
passages from a reference template or from another submission.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from textkit.normalization import convert_script
from textkit.screening import ScreenConfig, screen_documents
from textkit.screening.duplicates import compact_text, metadata_date, pair_role
from textkit.screening.reference import iter_reference_texts
from textkit.screening.run import Screening, _Batch

# A reference: an online template of a branch summary (simplified script).
TEMPLATE_PARA_1 = (
    "支部坚持把政治建设摆在首位，严格落实“三会一课”、主题党日、组织生活会和民主评议党员等制度，"
    "建立健全党员学习教育长效机制，推动党史学习教育常态化长效化，引导党员干部学思想、强党性、重实践、建新功。"
    "支部还建立了党员积分管理制度，将参加组织生活、完成志愿服务和联系服务群众的情况纳入积分，年底积分结果与评先评优直接挂钩。"
)
TEMPLATE_PARA_2 = (
    "围绕群众急难愁盼问题，支部组织党员深入网格开展走访摸排，建立问题清单、责任清单和销号清单，"
    "做到事事有回应、件件有着落，切实把党员先锋模范作用体现在为民服务的具体行动中。"
)
TEMPLATE = (
    "XX党支部年度工作总结\n\n" + TEMPLATE_PARA_1 + "\n" + TEMPLATE_PARA_2 + "\n下一步，支部将继续加强自身建设，推动各项工作再上新台阶。\n"
)
# A second reference, whose 60-character passage one submission borrows.
TEMPLATE_B_PASSAGE = (
    "依托党群服务中心设立红色议事厅，每月第一个周五邀请居民代表、物业企业和共建单位共同协商小区停车难、加装电梯和环境整治等公共事务"
)
TEMPLATE_B = "社区党委工作经验材料\n\n" + TEMPLATE_B_PASSAGE + "，形成了共建共治共享的基层治理格局。\n"
# A passage one submission shares with another submission (neither is a reference).
NEIGHBOUR_PASSAGE = (
    "支部把二十二名在职党员编入五个楼栋服务小组，每名党员联系十户居民，每季度上门收集意见，当场能办的当场办，不能办的登记交办、限期反馈"
)
# A passage two dated manifest rows share.
DATED_PASSAGE = (
    "组织青年党员成立护河志愿队，沿清水河十二公里河道设立七个巡查点，实行党员包段责任制，全年清理河道垃圾四十余吨，劝阻违规垂钓一百三十余次"
)
# Stock phrases most submissions carry: a short one, and a 50+ character boilerplate sentence.
STOCK_PHRASE = "坚持以习近平新时代中国特色社会主义思想为指导"
STOCK_SENTENCE = "全面贯彻党的二十大和二十届三中全会精神，认真落实新时代党的建设总要求和新时代党的组织路线，推动全面从严治党向纵深发展，"

UNITS = "青石镇卫生院 柳溪村 金桥社区 凤岭小学 南湾供电所 松坪税务分局 梅林派出所 云泉街道机关 龙川农业站 桃源中学 杨湾村 银塘社区".split()
ACTIONS = [
    ("集中学习", "次"),
    ("困难群众", "户"),
    ("矛盾纠纷", "件"),
    ("廉政谈话", "人次"),
    ("规章制度", "项"),
    ("群众意见建议", "条"),
    ("便民服务点", "个"),
    ("农技培训班", "期"),
    ("消防隐患", "处"),
    ("政策宣讲", "场"),
]
VERBS = "组织 走访 化解 开展 修订 收集 新建 举办 排查 完成".split()
NAMES = "王建国 李秀英 张志成 刘海波 陈晓燕 杨春林 黄俊峰 赵雪梅 吴思远 周嘉怡 徐瑞婷 孙德荣".split()


def own_text(seed: int, sentences: int = 9) -> str:
    """Sentences of a submission's own (unit, people and figures differ from one seed to the next)."""
    rng = random.Random(seed)
    unit = UNITS[seed % len(UNITS)]
    out = []
    for _ in range(sentences):
        obj, measure = rng.choice(ACTIONS)
        out.append(
            f"{rng.choice(['一季度', '上半年', '七月份', '全年', '年底前'])}{unit}党支部由{rng.choice(NAMES)}同志牵头"
            f"{rng.choice(VERBS)}{obj}{rng.randint(3, 480)}{measure}，其中{rng.randint(2, 99)}{measure}已按期办结。"
        )
    return "".join(out)


def _doc(seed: int, *pasted: str, stock: bool = True) -> str:
    unit = UNITS[seed % len(UNITS)]
    head = f"{unit}党支部2024年党建工作总结\n\n今年以来，支部{STOCK_PHRASE}，" + (STOCK_SENTENCE if stock else "") + "扎实推进各项工作。\n"
    body = own_text(seed)
    middle = len(body) // 2
    return head + body[:middle] + "\n" + "。\n".join(pasted) + ("。\n" if pasted else "") + body[middle:] + "\n"


def _compact_len(text: str) -> int:
    return len(compact_text(text)[0])


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    root = tmp_path_factory.mktemp("copies")
    refs, subs = root / "reference", root / "submissions"
    refs.mkdir()
    subs.mkdir()
    (refs / "template.txt").write_text(TEMPLATE, encoding="utf-8")
    (refs / "template_b.txt").write_text(TEMPLATE_B, encoding="utf-8")
    texts = {
        "p_pasted.txt": _doc(1, TEMPLATE_PARA_1),
        "q_two_sources.txt": _doc(2, TEMPLATE_B_PASSAGE, NEIGHBOUR_PASSAGE),
        "r_neighbour.txt": _doc(3, NEIGHBOUR_PASSAGE),
        "s_traditional.txt": convert_script(_doc(4, TEMPLATE_PARA_2), "traditional"),
        "t_own.txt": _doc(5),
        "u_own.txt": _doc(6),
        "v_own.txt": _doc(7, stock=False),
    }
    for name, text in texts.items():
        (subs / name).write_text(text, encoding="utf-8")
    manifest = root / "dated.csv"
    with manifest.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "日期", "text"])
        writer.writerow(["m_late", "2024年5月10日", _doc(8, DATED_PASSAGE)])
        writer.writerow(["m_early", "2024-03-01", _doc(9, DATED_PASSAGE)])
    results = screen_documents([str(subs), str(manifest)], [str(refs)])
    return texts, {Path(r.source).name: r for r in results}, refs


def _by(results: dict, suffix: str) -> Screening:
    return next(r for name, r in results.items() if name.endswith(suffix))


def _sources(res: Screening) -> set[str]:
    return {Path(d["source"]).name for d in res.duplicates}


def test_the_texts_are_what_the_tests_claim():
    assert _compact_len(STOCK_PHRASE) in range(18, 23)
    assert _compact_len(STOCK_SENTENCE) >= 55  # long enough to be reported but for the stock filter
    assert 58 <= _compact_len(TEMPLATE_B_PASSAGE) <= 62 and 58 <= _compact_len(NEIGHBOUR_PASSAGE) <= 62
    share = _compact_len(TEMPLATE_PARA_1) / _compact_len(_doc(1, TEMPLATE_PARA_1))
    assert 0.22 <= share <= 0.28


def test_a_quarter_pasted_from_a_template_is_reported_with_its_source(copies):
    _, results, refs = copies
    res = _by(results, "p_pasted.txt")
    (dup,) = res.duplicates
    assert Path(dup["source"]).name == "template.txt" and dup["kind"] == "reference"
    assert dup["role"] == "copied_from_reference" and dup["penalised"]
    assert res.scores["copied_share"] == pytest.approx(0.25, abs=0.04)
    assert res.score < res.scores["substance"]
    assert any(f["code"] == "DUPLICATE_TEMPLATE" for f in res.flags)
    (passage,) = dup["passages"]
    assert passage["chars"] >= _compact_len(TEMPLATE_PARA_1) - 2
    assert compact_text(passage["text"])[0] in compact_text(TEMPLATE_PARA_1)[0]
    # offsets point into the submission's normalised text and the reference's (its title apart)
    assert res.fingerprint.text[passage["start"] : passage["end"]] == passage["text"]
    ((_, _, reference_text),) = iter_reference_texts([str(refs / "template.txt")])
    assert reference_text[passage["other_start"] : passage["other_end"]] == passage["text"]


def test_two_short_passages_from_two_sources_are_both_reported(copies):
    _, results, _ = copies
    res = _by(results, "q_two_sources.txt")
    assert _sources(res) == {"template_b.txt", "r_neighbour.txt"}
    chars = sorted(p["chars"] for d in res.duplicates for p in d["passages"])
    assert len(chars) == 2 and all(c >= 55 for c in chars)
    expected = sum(chars) / len(res.fingerprint)
    assert res.scores["copied_share"] == pytest.approx(expected, abs=0.01)  # the union over both sources


def test_stock_phrases_shared_by_many_documents_are_not_copies(copies):
    _, results, _ = copies
    for name in ("t_own.txt", "u_own.txt", "v_own.txt"):
        res = _by(results, name)
        assert res.duplicates == [] and res.scores["copied_share"] == 0.0
    assert all(STOCK_SENTENCE[:20] not in p["text"] for r in results.values() for d in r.duplicates for p in d["passages"])


def test_the_stock_filter_is_what_keeps_the_boilerplate_sentence_out():
    """Without the stock filter the shared boilerplate sentence is a passage of real length."""
    from textkit.screening.duplicates import fingerprint

    def batch_of(cfg: ScreenConfig) -> _Batch:
        batch = _Batch(cfg)
        for seed in range(5, 12):
            text = _doc(seed)
            batch.add(Screening(source=f"s{seed}", fingerprint=fingerprint(text, f"s{seed}")))
        batch.find_duplicates()
        return batch

    assert all(not r.duplicates for r in batch_of(ScreenConfig()).results)
    loose = batch_of(ScreenConfig(stock_min_docs=100))
    assert all(len(r.duplicates) == 6 for r in loose.results)


def test_dated_pair_the_later_copied_from_the_earlier(copies):
    _, results, _ = copies
    late, early = _by(results, "m_late"), _by(results, "m_early")
    assert late.date == (2024, 5, 10) and early.date == (2024, 3, 1)
    ((late_dup,), (early_dup,)) = late.duplicates, early.duplicates
    assert late_dup["role"] == "copied_from_earlier" and late_dup["penalised"]
    assert early_dup["role"] == "copied_by_later" and not early_dup["penalised"]
    assert late.scores["copied_share"] > 0.1 and early.scores["copied_share"] == 0.0
    assert early.scores["shared_share"] > 0.1
    assert any(f["code"] == "DUPLICATE_SUBMISSION" for f in late.flags)
    assert not any(f["code"] == "DUPLICATE_SUBMISSION" for f in early.flags)


def test_undated_pair_is_mutual(copies):
    _, results, _ = copies
    q, r = _by(results, "q_two_sources.txt"), _by(results, "r_neighbour.txt")
    (q_dup,) = [d for d in q.duplicates if d["kind"] == "submission"]
    (r_dup,) = r.duplicates
    assert q_dup["role"] == r_dup["role"] == "mutual" and q_dup["penalised"] and r_dup["penalised"]
    assert r_dup["role_label"] == "相互雷同（先后不明）"
    assert r.scores["copied_share"] > 0.0


def test_traditional_copy_of_a_simplified_reference_is_caught(copies):
    texts, results, _ = copies
    assert "員" in texts["s_traditional.txt"]  # written in traditional script
    res = _by(results, "s_traditional.txt")
    (dup,) = res.duplicates
    assert Path(dup["source"]).name == "template.txt" and dup["role"] == "copied_from_reference"
    assert dup["passages"][0]["chars"] >= _compact_len(TEMPLATE_PARA_2) - 2


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"date": "2024-03-01"}, (2024, 3, 1)),
        ({"日期": "2024年5月"}, (2024, 5)),
        ({"Year": 2023}, (2023,)),
        ({"title": "2024年工作总结"}, None),  # a date in another column says nothing
        ({}, None),
    ],
)
def test_metadata_date(metadata, expected):
    assert metadata_date(metadata) == expected


def test_pair_role_needs_both_dates_and_a_difference():
    assert pair_role((2024, 5), (2024, 3, 1)) == "copied_from_earlier"
    assert pair_role((2024, 3, 1), (2024, 5)) == "copied_by_later"
    assert pair_role((2024,), (2024, 3, 1)) == "mutual"
    assert pair_role(None, (2024, 3, 1)) == "mutual"
