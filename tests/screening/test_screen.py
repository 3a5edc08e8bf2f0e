"""Screening: scores, flags, duplicates with passages, outputs and the CLI."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from tests.screening.samples import COPY_TRADITIONAL, HALF_COPY, ORIGINAL, ORIGINAL_TRADITIONAL, SLOGANS_ONLY, TEMPLATE, TEMPLATE_B
from textkit.screening import ScreenConfig, ranked, screen, screen_documents
from textkit.screening.duplicates import PassageIndex, compact_text, compare, fingerprint, shared_passages
from textkit.screening.xlsx import write_xlsx


def _write(folder: Path, name: str, text: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One screening run shared by the tests: submissions against two templates."""
    root = tmp_path_factory.mktemp("screen")
    subs = root / "submissions"
    refs = root / "reference"
    _write(refs, "template_branch.txt", TEMPLATE)
    _write(refs, "template_community.txt", TEMPLATE_B)
    _write(subs, "a_copy_traditional.txt", COPY_TRADITIONAL)
    _write(subs, "b_original.txt", ORIGINAL)
    _write(subs, "c_original_traditional.txt", ORIGINAL_TRADITIONAL)
    _write(subs, "d_slogans.txt", SLOGANS_ONLY)
    _write(subs, "e_half_copy.txt", HALF_COPY)
    (subs / "f_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    results = screen_documents([str(subs), str(subs / "g_missing.txt")], [str(refs)])
    return root, {Path(r.source).name: r for r in results}, results


def _codes(res) -> set[str]:
    return {f["code"] for f in res.flags}


def test_every_input_gets_one_entry_in_order(batch):
    _, by_name, results = batch
    assert [Path(r.source).name for r in results] == [
        "a_copy_traditional.txt",
        "b_original.txt",
        "c_original_traditional.txt",
        "d_slogans.txt",
        "e_half_copy.txt",
        "f_binary.txt",
        "g_missing.txt",
    ]
    rec = by_name["b_original.txt"].record()
    assert set(rec) >= {"source", "score", "flags", "duplicates", "scores"}
    json.dumps([r.record() for r in results], ensure_ascii=False)  # JSON-ready


def test_traditional_copy_of_simplified_template_is_flagged_with_its_source(batch):
    _, by_name, _ = batch
    res = by_name["a_copy_traditional.txt"]
    assert "DUPLICATE_TEMPLATE" in _codes(res)
    dup = res.duplicates[0]
    assert Path(dup["source"]).name == "template_branch.txt"
    assert dup["kind"] == "reference" and dup["similarity"] >= 0.9
    flag = next(f for f in res.flags if f["code"] == "DUPLICATE_TEMPLATE")
    assert "template_branch.txt" in flag["message"] and "雷同" in flag["message"]
    # passages: long, and their offsets point at the same text in both normalised documents
    assert dup["passages"] and all(p["chars"] >= 30 for p in dup["passages"])
    text = "\n".join(a.text for a in res.document.articles)
    ref_text = TEMPLATE  # simplified already; compare without punctuation and spaces
    for p in dup["passages"]:
        assert text[p["start"] : p["end"]] == p["text"]
        assert compact_text(p["text"])[0] in compact_text(ref_text)[0]
    # the copy scores far below an original with as much content
    assert res.scores["copied_share"] > 0.9
    assert res.score < 10 < by_name["b_original.txt"].score


def test_half_copied_template_is_caught_by_containment(batch):
    _, by_name, _ = batch
    res = by_name["e_half_copy.txt"]
    dup = next(d for d in res.duplicates if Path(d["source"]).name == "template_community.txt")
    assert dup["jaccard"] < 0.5  # Jaccard alone would miss it
    assert 0.4 < dup["copied_share"] < 0.8 and dup["other_copied_share"] >= 0.5
    assert "DUPLICATE_TEMPLATE" in _codes(res)
    assert not any(Path(d["source"]).name == "template_branch.txt" for d in res.duplicates)


def test_slogans_without_concrete_measures_are_flagged(batch):
    _, by_name, _ = batch
    res = by_name["d_slogans.txt"]
    assert "SLOGANS_WITHOUT_MEASURES" in _codes(res)
    assert "NO_CONCRETE_MEASURES" not in _codes(res)  # the more specific flag replaces it
    msg = next(f["message"] for f in res.flags if f["code"] == "SLOGANS_WITHOUT_MEASURES")
    assert "只有口号提法，没有具体措施" in msg
    assert res.scores["concrete_measures"] == 0 and res.scores["slogans"] >= 5
    assert {"ONLY_PRESCRIBED", "FEW_FIGURES"} <= _codes(res)
    assert res.duplicates == [] and res.score < 20


@pytest.mark.parametrize("name", ["b_original.txt", "c_original_traditional.txt"])
def test_original_submissions_are_not_flagged(batch, name):
    _, by_name, _ = batch
    res = by_name[name]
    assert res.flags == [] and res.duplicates == []
    assert res.score >= 80
    sc = res.scores
    assert sc["concrete_measures"] >= 8 and sc["done_share"] >= 0.9 and sc["figures"] >= 8
    assert sc["themes_missing"] == [] and sc["copied_share"] == 0.0


def test_unreadable_files_get_one_read_error_entry(batch):
    _, by_name, _ = batch
    for name in ("f_binary.txt", "g_missing.txt"):
        res = by_name[name]
        assert [f["code"] for f in res.flags] == ["READ_ERROR"]
        assert res.score == 0 and res.error and "无法读取" in res.flags[0]["message"]


def test_scores_follow_the_documented_formula(batch):
    _, by_name, _ = batch
    for res in by_name.values():
        if res.error:
            continue
        sc = res.scores
        assert sum(sc["points"].values()) == pytest.approx(sc["substance"], abs=0.2)
        assert res.score == round(sc["substance"] * (1 - sc["copied_share"]))
        assert 0 <= res.score <= 100


def test_submissions_copying_each_other_are_flagged_both_ways(tmp_path):
    a = _write(tmp_path, "unit_a.txt", ORIGINAL)
    edited = ORIGINAL.replace("市第二人民医院内科", "县人民医院外科").replace("41次", "38次")
    b = _write(tmp_path, "unit_b.txt", edited)
    c = _write(tmp_path, "unit_c.txt", ORIGINAL_TRADITIONAL)
    res = {Path(r["source"]).name: r for r in screen([a, b, c])}
    for me, other in (("unit_a.txt", "unit_b.txt"), ("unit_b.txt", "unit_a.txt")):
        dups = res[me]["duplicates"]
        assert [Path(d["source"]).name for d in dups] == [other]
        assert dups[0]["kind"] == "submission" and dups[0]["similarity"] > 0.9
        assert "DUPLICATE_SUBMISSION" in {f["code"] for f in res[me]["flags"]}
    assert res["unit_c.txt"]["duplicates"] == []


def test_reference_can_be_an_extract_output(tmp_path):
    from textkit.pipeline import get_pipeline

    records = get_pipeline().process_text(TEMPLATE, "last_year/branch_2022.txt")
    ref = tmp_path / "last_year.jsonl"
    ref.write_text("".join(json.dumps(a.to_record(), ensure_ascii=False) + "\n" for a in records), encoding="utf-8")
    sub = _write(tmp_path, "copy.txt", COPY_TRADITIONAL)
    (rec,) = screen([sub], reference=[str(ref)])
    assert [d["source"] for d in rec["duplicates"]] == ["last_year/branch_2022.txt"]


def test_submissions_from_a_manifest_keep_their_metadata(tmp_path):
    import csv

    manifest = tmp_path / "submissions.csv"
    with manifest.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "unit", "text"])
        w.writerow(["h1", "内科党支部", ORIGINAL])
        w.writerow(["s1", "南湖街道", SLOGANS_ONLY])
    results = screen_documents([str(manifest)])
    assert [r.source for r in results] == [f"{manifest}#h1", f"{manifest}#s1"]
    assert results[0].document.articles[0].meta["unit"] == "内科党支部"
    assert "SLOGANS_WITHOUT_MEASURES" in _codes(results[1]) and not results[0].flags


def test_fingerprints_ignore_script_and_punctuation():
    from textkit.normalization import convert_script

    simp = fingerprint(TEMPLATE)
    trad = fingerprint(convert_script(TEMPLATE, "traditional"))
    assert simp.compact == trad.compact
    assert "，" not in simp.compact and "\n" not in simp.compact
    assert simp.text[simp.positions[10]] == simp.compact[10]


def test_shared_passages_are_maximal_runs():
    common = "支部组织党员到市档案馆查阅抗击非典时期的工作档案撰写心得体会三十七篇"
    a = "甲单位开展学习" + common + "另有其他内容若干"
    b = "乙单位" + common + "结尾"
    ((s, e, bs, be),) = shared_passages(a, b, 5, 30)
    assert a[s:e] == b[bs:be] == common
    assert shared_passages(a, b, 5, len(common) + 1) == []


def _noise_doc(rng: random.Random, pool: str, n: int = 1200) -> str:
    return "".join(rng.choice(pool) for _ in range(n))


def test_passage_index_proposes_few_candidates_and_finds_the_copy():
    rng = random.Random(5)
    pool = compact_text(TEMPLATE + ORIGINAL + ORIGINAL_TRADITIONAL + TEMPLATE_B)[0]
    cfg = ScreenConfig()
    index = PassageIndex(cfg)
    docs = [fingerprint(_noise_doc(rng, pool), f"ref{i}") for i in range(300)]
    for d in docs:
        index.add(d, "reference")
    copy = fingerprint(docs[42].text[:700] + _noise_doc(rng, pool, 500), "copy")
    unrelated = fingerprint(_noise_doc(rng, pool), "other")
    copy_key, unrelated_key = index.add(copy, "submission"), index.add(unrelated, "submission")
    index.build()
    assert index.candidates(copy_key) == [42]  # not all pairs
    match = compare(copy, docs[42], cfg, index.rare_chars(copy))
    assert match is not None and match.share_a > 0.5
    assert all(compare(unrelated, docs[k], cfg) is None for k in index.candidates(unrelated_key))


def test_xlsx_is_a_ranked_sheet(batch, tmp_path):
    from openpyxl import load_workbook

    _, _, results = batch
    out = tmp_path / "screen.xlsx"
    records = [r.record() for r in results]
    write_xlsx(records, out)
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:7] == ("排名", "结论", "得分", "文件", "标题", "结论依据", "问题") and len(body) == len(records)
    scores = [r[2] for r in body]
    assert scores == sorted(scores, reverse=True)
    assert [r[3] for r in body] == [r["source"] for r in ranked(records)]
    copy_row = next(r for r in body if r[3].endswith("a_copy_traditional.txt"))
    assert copy_row[1] == "退回"  # most of it copied from a template
    assert "与参考材料雷同" in copy_row[6] and "DUPLICATE" not in copy_row[6] and copy_row[8].endswith("template_branch.txt")
    assert copy_row[5].startswith("[退回] 与其他材料相同比例高：本文") and "[复核] 与参考材料雷同：" in copy_row[5]
    original_row = next(r for r in body if r[3].endswith("b_original.txt"))
    assert original_row[1] == "通过" and not original_row[5]
    assert ws["B2"].fill.fgColor.rgb.endswith("E2F0D9")  # the best submission passes: its verdict cell is green
    assert not any(re.fullmatch(r"[A-Z_]{6,}(、[A-Z_]+)*", str(c)) for r in body for c in r if c)  # no flag codes staff must decode


def test_cli_screen_writes_json_xlsx_and_pages(batch, tmp_path):
    from typer.testing import CliRunner

    from textkit.cli import app

    root, _, _ = batch
    subs, refs = root / "submissions", root / "reference"
    out = tmp_path / "screen.json"
    html = tmp_path / "pages"
    run = CliRunner().invoke(
        app,
        [
            "screen",
            str(subs / "a_copy_traditional.txt"),
            str(subs / "b_original.txt"),
            "-r",
            str(refs),
            "-o",
            str(out),
            "--html",
            str(html),
            "-q",
        ],
    )
    assert run.exit_code == 0, run.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [Path(d["source"]).name for d in data] == ["a_copy_traditional.txt", "b_original.txt"]
    assert all(set(d) >= {"source", "score", "flags", "duplicates"} for d in data)
    assert data[0]["flags"][0]["code"] == "DUPLICATE_TEMPLATE"
    assert all(set(f) == {"code", "label", "message"} for d in data for f in d["flags"])
    assert [d["verdict"]["code"] for d in data] == ["return", "pass"] and data[1]["verdict"] == {
        "code": "pass",
        "label": "通过",
        "reasons": [],
    }
    assert all(set(dup) >= {"source", "similarity", "passages"} for d in data for dup in d["duplicates"])
    assert (html / "index.html").is_file() and len(list(html.glob("*.html"))) == 3
    xlsx = tmp_path / "screen.xlsx"
    run = CliRunner().invoke(app, ["screen", str(subs), "-r", str(refs), "-o", str(xlsx), "-q"])
    assert run.exit_code == 3  # the binary file failed, the rest were screened
    assert xlsx.is_file()
    run = CliRunner().invoke(app, ["screen", str(subs / "b_original.txt"), "-o", str(tmp_path / "x.txt")])
    assert run.exit_code == 2
