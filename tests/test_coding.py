"""User coding dictionaries: loading (TOML and *category text, either script), matching, bad files,
``extract --coding`` with tables read back, ``textkit code``, report tables and provenance."""

from __future__ import annotations

import csv
import json
import time
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import textkit
from textkit.cli import app
from textkit.coding import CodingDictionary, CodingDictionaryError, coding_table
from textkit.io.records import read_records
from textkit.report import build_report, write_report

from .conftest import REPORT_SIMPLIFIED, REPORT_TRADITIONAL

runner = CliRunner()

# Written for these tests: a branch's annual summary, and its discipline section in traditional script.
BRANCH_REPORT = """机关第二党支部2023年工作总结

一、抓实理论学习
支部坚持“三会一课”制度，全年召开支部党员大会4次、支委会12次，开展主题党日活动12次。
二、加强作风建设
严格落实中央八项规定精神，开展以案促改专题教育，组织观看警示教育片2次，党员签订廉洁承诺书。
三、下步打算
要进一步加强党员发展工作，做好支部换届准备。
"""

DISCIPLINE_TRADITIONAL = """機關第三黨支部紀律教育情況

支部組織黨員學習《中國共產黨紀律處分條例》，開展以案示警促改活動，嚴格執行八項規定，營造廉潔氛圍。
"""

RULES_TOML = """# 编码词典（测试用）
组织建设 = ["党员发展", "换届", "支委会"]

[廉洁自律]
words = ["廉潔", "八項規定", "作风建设"]
patterns = ["以案.{0,2}促改"]

[学习教育]
words = ["三会一课", "主题党日", "理论学习"]
exclude = ["不学习"]

[纪律教育]
words = ["纪律"]
require = ["条例"]
"""

RULES_TEXT = """# the same dictionary as KH Coder-style lines
*组织建设
党员发展
换届
支委会

*廉洁自律
廉潔
八項規定
作风建设
re:以案.{0,2}促改

*学习教育
三会一课
主题党日
理论学习
-不学习

*纪律教育
纪律
+条例
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rules") / "rules.toml"
    path.write_text(RULES_TOML, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def coding(rules) -> CodingDictionary:
    return CodingDictionary.load(rules)


# --------------------------------------------------------------------------- loading and matching


def test_counts_in_both_scripts(coding):
    simplified = coding.apply(BRANCH_REPORT)
    assert simplified == {"组织建设": 3, "廉洁自律": 4, "学习教育": 3, "纪律教育": 0}
    traditional = coding.apply(DISCIPLINE_TRADITIONAL)  # simplified words find traditional text
    assert traditional == {"组织建设": 0, "廉洁自律": 3, "学习教育": 0, "纪律教育": 2}
    assert coding.apply(REPORT_TRADITIONAL)["学习教育"] == coding.apply(REPORT_SIMPLIFIED)["学习教育"] == 1


def test_dictionary_terms_are_simplified(coding):
    assert textkit.CodingDictionary is CodingDictionary
    (cat,) = [c for c in coding.categories if c.name == "廉洁自律"]
    assert cat.words == ["廉洁", "八项规定", "作风建设"]  # written traditional, stored simplified


def test_matches_have_offsets_and_terms(coding):
    found = coding.matches(BRANCH_REPORT)
    assert [m.start for m in found] == sorted(m.start for m in found)
    for m in found:
        assert BRANCH_REPORT[m.start : m.end] == m.text
    pattern_hits = [m for m in found if m.term == "以案.{0,2}促改"]
    assert [m.text for m in pattern_hits] == ["以案促改"]
    traditional = coding.matches(DISCIPLINE_TRADITIONAL)
    hit = next(m for m in traditional if m.term == "以案.{0,2}促改")
    assert DISCIPLINE_TRADITIONAL[hit.start : hit.end] == "以案示警促改"  # offsets hold in the original text too


def test_text_format_equals_toml(tmp_path, coding):
    path = tmp_path / "rules.txt"
    path.write_text(RULES_TEXT, encoding="utf-8")
    plain = CodingDictionary.load(path)
    assert plain.names == coding.names
    for text in (BRANCH_REPORT, DISCIPLINE_TRADITIONAL, REPORT_SIMPLIFIED):
        assert plain.apply(text) == coding.apply(text)
    assert plain.categories[1].line == 7


def test_overlaps_counted_once_in_a_category_and_in_every_category():
    d = CodingDictionary.from_dict({"整改": {"words": ["以案促改"], "patterns": ["以案.{0,2}促改"]}, "案例": ["以案"]})
    assert d.apply("开展以案促改。") == {"整改": 1, "案例": 1}
    assert d.apply("以案示警促改，以案促改") == {"整改": 2, "案例": 2}


def test_exclude_and_require(coding):
    assert coding.apply("组织理论学习，但有人不学习。")["学习教育"] == 0
    assert coding.apply("严守纪律。")["纪律教育"] == 0
    assert coding.apply("学习条例，严守纪律。")["纪律教育"] == 1


def test_code_record_adds_counts_and_measure_categories(coding):
    rec = {
        "source": "a.txt",
        "title": "支部总结",
        "text": BRANCH_REPORT,
        "measures": [{"text": "开展以案促改专题教育"}, {"text": "召开会议"}],
    }
    coding.code_record(rec)
    assert rec["codes"]["廉洁自律"] == 4
    assert [m["codes"] for m in rec["measures"]] == [["廉洁自律"], []]
    error = {"source": "b.txt", "error": "unreadable"}
    assert coding.code_record(dict(error)) == error


BAD_FILES = {
    "bad_regex.toml": ('[廉洁]\nwords = ["廉洁"]\npatterns = ["以案(促改"]\n', ["category '廉洁'", "以案(促改", ":1:"]),
    "empty.txt": ("*学习\n三会一课\n*空类别\n*廉洁\n廉洁\n", ["category '空类别'", ":3:", "no words or patterns"]),
    "gbk.txt": ("*廉洁\n廉洁\n".encode("gbk"), ["not UTF-8", "GBK", ":1:"]),
    "syntax.toml": ('[学习\nwords = ["a"]\n', ["not a valid TOML", "line 1"]),
    "unknown_key.toml": ('[学习]\nword = ["三会一课"]\n', ["unknown key word"]),
    "empty_match.txt": ("*学习\nre:(学习)?\n", ["matches empty text", ":1:"]),
    "orphan.txt": ("三会一课\n*学习\n", [":1:", "before any category"]),
    "duplicate.txt": ("*学习\n三会一课\n*学习\n主题党日\n", ["appears twice", ":3:"]),
    "nothing.toml": ("# no category yet\n", ["no category"]),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_dictionary_is_a_clear_usage_error(tmp_path, name):
    content, expected = BAD_FILES[name]
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CodingDictionaryError) as info:
        CodingDictionary.load(path)
    for part in expected:
        assert part in str(info.value)
    doc = tmp_path / "doc.txt"
    doc.write_text(BRANCH_REPORT, encoding="utf-8")
    for args in (["code", str(path), str(doc)], ["report", str(doc), "-o", str(tmp_path / "rep"), "--coding", str(path)]):
        res = runner.invoke(app, args)
        assert res.exit_code == 2, res.output
        assert str(info.value) in res.output
    assert not (tmp_path / "rep").exists()


# --------------------------------------------------------------------------- extract --coding


@pytest.fixture(scope="module")
def extracted(tmp_path_factory, rules) -> dict[str, Path]:
    """One manifest (with a metadata column named like a code column) extracted with and without the dictionary."""
    root = tmp_path_factory.mktemp("extract")
    manifest = root / "docs.csv"
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "year", "code_学习教育"])
        w.writerow([BRANCH_REPORT, 2023, "x1"])
        w.writerow([DISCIPLINE_TRADITIONAL, 2024, "x2"])
        w.writerow([REPORT_SIMPLIFIED, 2024, "x3"])
    outs = {}
    for suffix in ("jsonl", "csv", "sqlite", "xlsx", "parquet"):
        outs[suffix] = root / f"coded.{suffix}"
        res = runner.invoke(app, ["extract", str(manifest), "-o", str(outs[suffix]), "--coding", str(rules), "-q", "-w", "1"])
        assert res.exit_code == 0, res.output
    outs["plain"] = root / "plain.jsonl"
    res = runner.invoke(app, ["extract", str(manifest), "-o", str(outs["plain"]), "-q", "-w", "1"])
    assert res.exit_code == 0, res.output
    return outs


def test_extract_coding_adds_codes_only_when_asked(extracted, coding):
    coded = list(read_records(extracted["jsonl"]))
    plain = list(read_records(extracted["plain"]))
    assert len(coded) == len(plain) == 3
    for c, p in zip(coded, plain):
        assert "codes" not in p and all("codes" not in m for m in p["measures"])
        assert list(c["codes"]) == coding.names
        assert all(isinstance(m["codes"], list) for m in c["measures"])
        without = {k: v for k, v in c.items() if k not in ("codes", "provenance")}
        without["measures"] = [{k: v for k, v in m.items() if k != "codes"} for m in c["measures"]]
        assert without == {k: v for k, v in p.items() if k != "provenance"}
    assert coded[0]["codes"]["廉洁自律"] >= 3 and coded[1]["codes"]["廉洁自律"] >= 2
    assert any("廉洁自律" in m["codes"] for m in coded[0]["measures"])
    prov = coded[0]["provenance"]
    assert prov["coding"] == "rules.toml" and len(prov["coding_sha256"]) == 12
    assert "coding" not in plain[0]["provenance"]


@pytest.mark.parametrize("suffix", ["csv", "sqlite", "xlsx", "parquet"])
def test_tables_keep_codes_through_a_round_trip(extracted, suffix):
    base = list(read_records(extracted["jsonl"]))
    back = list(read_records(extracted[suffix]))
    assert [r["codes"] for r in back] == [r["codes"] for r in base]
    assert [[m["codes"] for m in r["measures"]] for r in back] == [[m["codes"] for m in r["measures"]] for r in base]
    assert [str(r["metadata"]["code_学习教育"]) for r in back] == ["x1", "x2", "x3"]  # metadata, not a category
    frames = textkit.read(str(extracted[suffix]))
    articles = frames["articles"]
    assert articles["code_廉洁自律"].tolist() == [r["codes"]["廉洁自律"] for r in base]
    assert "meta_code_学习教育" in articles.columns
    assert "codes" in frames["measures"].columns


def test_extract_without_coding_has_no_code_columns(extracted):
    frames = textkit.read(str(extracted["plain"]))
    assert not [c for c in frames["articles"].columns if c.startswith("code_")]
    assert "codes" not in frames["measures"].columns


# --------------------------------------------------------------------------- textkit code


def test_code_command_from_documents_and_from_an_extract_output(tmp_path, rules, extracted):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "branch.txt").write_text(BRANCH_REPORT, encoding="utf-8")
    (docs / "discipline.txt").write_text(DISCIPLINE_TRADITIONAL, encoding="utf-8")
    out = tmp_path / "codes.csv"
    res = runner.invoke(app, ["code", str(rules), str(docs), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "2 documents, 4 categories" in res.output
    with out.open(encoding="utf-8-sig") as fh:
        rows = {Path(r["source"]).name: r for r in csv.DictReader(fh)}
    assert rows["branch.txt"]["code_廉洁自律"] == "4" and rows["discipline.txt"]["code_廉洁自律"] == "3"
    assert rows["discipline.txt"]["code_纪律教育"] == "2" and rows["discipline.txt"]["categories"] == "2"

    xlsx = tmp_path / "codes.xlsx"
    res = runner.invoke(app, ["code", str(rules), str(extracted["sqlite"]), "-o", str(xlsx), "--unit", "article", "-q"])
    assert res.exit_code == 0, res.output
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["source", "article", "title"] and "year" in header and "code_学习教育" in header
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    base = list(read_records(extracted["jsonl"]))
    col = header.index("code_廉洁自律")
    assert [row[col].value for row in ws.iter_rows(min_row=2)] == [r["codes"]["廉洁自律"] for r in base]


def test_code_command_rejects_a_bad_output_suffix(tmp_path, rules):
    res = runner.invoke(app, ["code", str(rules), str(tmp_path), "-o", str(tmp_path / "codes.txt")])
    assert res.exit_code == 2 and ".xlsx" in res.output


def test_coding_table_adds_up_articles_per_document(coding):
    recs = [
        {"source": "a.txt", "article": 0, "title": "一", "text": "三会一课", "metadata": {"year": 2023}},
        {"source": "a.txt", "article": 1, "title": "二", "text": "主题党日、三会一课"},
        {"source": "b.txt", "error": "unreadable"},
    ]
    rows = coding_table(recs, coding)
    assert rows[0]["articles"] == 2 and rows[0]["code_学习教育"] == 3 and rows[0]["year"] == 2023
    assert rows[1]["error"] == "unreadable" and rows[1]["articles"] == 0
    assert [r["article"] for r in coding_table(recs, coding, unit="article")] == [0, 1, None]


# --------------------------------------------------------------------------- report


def _records(prov_a: dict, prov_b: dict) -> list[dict]:
    texts = [BRANCH_REPORT, DISCIPLINE_TRADITIONAL, REPORT_SIMPLIFIED, "支部召开支委会，研究换届工作。"]
    out = []
    for n, text in enumerate(texts):
        out.append(
            {
                "source": f"docs/{n}.txt",
                "article": 0,
                "title": text.splitlines()[0],
                "text": text,
                "themes": {"education": 0.4, "mechanism": 0.3, "supervision": 0.2, "service": 0.1},
                "measures": [],
                "metadata": {"year": 2022 + n // 2, "region": "东区" if n % 2 else "西区"},
                "provenance": prov_a if n < 3 else prov_b,
            }
        )
    return out


PROV_A = {"textkit": "0.1.0", "run_started": "2026-01-02T03:04:05+00:00", "mode": "extract", "theme_model_sha256": "aaaaaaaaaaaa"}
PROV_B = {**PROV_A, "run_started": "2026-02-03T04:05:06+00:00", "theme_model_sha256": "bbbbbbbbbbbb"}


def test_report_coding_tables_by_year_and_column(tmp_path, coding, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    rep = build_report(_records(PROV_A, PROV_B), by=["region"], coding=coding, options={"by": ["region"]})
    codes = {r["category"]: r for r in rep.tables["codes"]}
    assert codes["组织建设"]["documents"] == 2 and codes["组织建设"]["share_documents"] == 0.5
    assert codes["廉洁自律"]["documents"] == 2 and codes["学习教育"]["documents"] == 2
    by_year = {r["year"]: r for r in rep.tables["codes_by_year"]}
    assert by_year["2022"]["documents"] == 2 and by_year["2022"]["廉洁自律"] == 2 and by_year["2022"]["廉洁自律_share"] == 1.0
    assert by_year["2023"]["组织建设"] == 1
    by_region = {r["region"]: r for r in rep.tables["codes_by_region"]}
    assert by_region["东区"]["纪律教育"] == 1 and by_region["西区"]["纪律教育"] == 0
    page = write_report(rep, tmp_path / "rep")
    html = page.read_text(encoding="utf-8")
    assert "编码词典" in html and "廉洁自律" in html and "codes_by_year.csv" in html
    for name in ("codes", "codes_by_year", "codes_by_region", "provenance", "report_provenance"):
        assert (tmp_path / "rep" / f"{name}.csv").is_file()
    made = {r["field"]: r["value"] for r in rep.tables["report_provenance"]}
    assert made["report_created"] == "2023-11-14T22:13:20+00:00"
    assert made["coding_sha256"] == coding.sha256 and made["textkit"] == textkit.__version__


def test_report_uses_the_codes_records_carry_and_leaves_out_coding_without_any(coding):
    recs = [coding.code_record(r) for r in _records(PROV_A, PROV_A)]
    carried = build_report(recs).tables["codes"]
    assert carried == build_report(_records(PROV_A, PROV_A), coding=coding).tables["codes"]
    assert "codes" not in build_report(_records(PROV_A, PROV_A)).tables


def test_report_provenance_summarises_mixed_runs(tmp_path):
    rep = build_report(_records(PROV_A, PROV_B))
    runs = rep.tables["provenance"]
    assert [(r["run"], r["documents"], r["theme_model_sha256"]) for r in runs] == [(1, 3, "aaaaaaaaaaaa"), (2, 1, "bbbbbbbbbbbb")]
    html = write_report(rep, tmp_path / "rep").read_text(encoding="utf-8")
    assert "记录来自 2 次运行" in html and "2026-02-03T04:05:06+00:00" in html and "bbbbbbbbbbbb" in html
    with (tmp_path / "rep" / "provenance.csv").open(encoding="utf-8-sig") as fh:
        assert [r["run_started"] for r in csv.DictReader(fh)] == [PROV_A["run_started"], PROV_B["run_started"]]
    without = build_report([{k: v for k, v in r.items() if k != "provenance"} for r in _records(PROV_A, PROV_A)])
    assert without.tables["provenance"][0]["run_started"] == "（未注明）"


def test_report_command_with_coding_on_an_extract_output(tmp_path, rules, extracted):
    res = runner.invoke(app, ["report", str(extracted["sqlite"]), "-o", str(tmp_path / "rep"), "--coding", str(rules), "-q"])
    assert res.exit_code == 0, res.output
    with (tmp_path / "rep" / "provenance.csv").open(encoding="utf-8-sig") as fh:
        (run,) = list(csv.DictReader(fh))
    assert run["coding"] == "rules.toml" and run["theme_model"] and run["articles"] == "3"
    with (tmp_path / "rep" / "codes_by_year.csv").open(encoding="utf-8-sig") as fh:
        assert [r["year"] for r in csv.DictReader(fh)] == ["2023", "2024"]


# --------------------------------------------------------------------------- speed


def test_a_large_dictionary_on_the_political_corpus_is_fast(shared, tmp_path):
    """50 categories × 20 words (frequent bigrams and trigrams of the corpus) and a few patterns, from the CLI."""
    manifests = sorted((shared / "corpora" / "political").glob("*.jsonl"))
    if not manifests:
        pytest.skip("no political corpus")
    grams: Counter = Counter()
    for line in manifests[0].read_text(encoding="utf-8").splitlines()[:5]:
        text = json.loads(line)["content"]
        grams.update(text[i : i + n] for n in (2, 3) for i in range(0, len(text) - n, 7))
    words = [g for g, _ in grams.most_common(3000) if all("\u4e00" <= c <= "\u9fff" for c in g)][:1000]
    rules = tmp_path / "big.toml"
    with rules.open("w", encoding="utf-8") as fh:
        for i in range(50):
            fh.write(f"[类别{i:02d}]\nwords = {json.dumps(words[i * 20 : (i + 1) * 20], ensure_ascii=False)}\n")
            if i % 5 == 0:
                fh.write('patterns = ["[一二三四五六七八九十]个(?:全面|自信|意识)"]\n')
    started = time.perf_counter()
    res = runner.invoke(app, ["code", str(rules), *map(str, manifests), "-o", str(tmp_path / "codes.csv"), "-q"])
    seconds = time.perf_counter() - started
    assert res.exit_code == 0, res.output
    assert seconds < 60, seconds
    with (tmp_path / "codes.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 88 and all(int(r["categories"]) > 0 for r in rows)


def test_measures_coded_together_as_one_by_one():
    d = CodingDictionary.from_dict(
        {"跨": {"patterns": ["甲[^乙]*丙"]}, "词": ["丙丁", "黨員"], "除": {"words": ["党员"], "exclude": ["预备"]}}
    )
    texts = ["甲一", "二丙", "甲丙丁", "预备党员", "黨員大会", ""]
    assert d.coded_many(texts) == [d.coded(t) for t in texts] == [[], [], ["跨", "词"], ["词"], ["词", "除"], []]


def test_code_command_lists_matches_in_context(tmp_path, rules):
    doc = tmp_path / "discipline.txt"
    doc.write_text(DISCIPLINE_TRADITIONAL, encoding="utf-8")
    res = runner.invoke(app, ["code", str(rules), str(doc), "-o", str(tmp_path / "c.csv"), "--matches", str(tmp_path / "m.csv"), "-q"])
    assert res.exit_code == 0, res.output
    with (tmp_path / "m.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    hit = next(r for r in rows if r["term"] == "以案.{0,2}促改")
    assert (hit["category"], hit["match"]) == ("廉洁自律", "以案示警促改")
    assert hit["left"].endswith("开展") and hit["right"].startswith("活动")
    assert Counter(r["category"] for r in rows) == {"廉洁自律": 3, "纪律教育": 2}


@pytest.mark.parametrize("suffix", ["jsonl", "sqlite", "csv"])
def test_coded_outputs_are_documented_in_the_schema(extracted, suffix):
    from textkit import schema

    if suffix == "jsonl":
        for rec in read_records(extracted["jsonl"]):
            schema.validate(rec)
            assert schema.undocumented_keys(rec) == []
    frames = textkit.read(str(extracted[suffix]))
    metadata = ["year", "code_学习教育"]
    for table, frame in frames.items():
        assert schema.undocumented_columns(table, frame.columns, metadata) == [], table
