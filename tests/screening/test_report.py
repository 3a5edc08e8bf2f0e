"""Corpus report: tables, CSV files, the HTML page and the ``report`` command."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from tests.screening.samples import COPY_TRADITIONAL, HALF_COPY, ORIGINAL, ORIGINAL_TRADITIONAL, SLOGANS_ONLY, TEMPLATE
from textkit.report import build_report, detect_columns, meta_value, write_report

DOCS = [
    ("reports/branch.txt", TEMPLATE, {"unit": "青石镇", "year": 2022, "region": "东区"}),
    ("reports/school.txt", COPY_TRADITIONAL, {"unit": "青石镇", "year": 2023, "region": "东区"}),
    ("reports/hospital.txt", ORIGINAL, {"unit": "市第二人民医院", "year": 2023, "region": "西区"}),
    ("reports/street.txt", ORIGINAL_TRADITIONAL, {"unit": "南湖街道", "year": 2023, "region": "西区"}),
    ("reports/slogans.txt", SLOGANS_ONLY, {"unit": "南湖街道", "date": "2022-06-30", "region": "西区"}),
    ("reports/community.txt", HALF_COPY, {"unit": "柳树湾社区", "year": 2023}),
]


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory) -> Path:
    """An extract output of the sample documents, with manifest-like metadata."""
    from textkit.pipeline import get_pipeline

    pipe = get_pipeline()
    path = tmp_path_factory.mktemp("report") / "extract.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for source, text, meta in DOCS:
            for art in pipe.process_text(text, source, meta):
                rec = {**art.to_record(), "metadata": meta}  # as a manifest row gives it
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"source": "reports/broken.doc", "error": "reports/broken.doc: cannot read"}) + "\n")
    return path


@pytest.fixture(scope="module")
def report(jsonl, tmp_path_factory):
    from textkit.io.records import read_records

    rep = build_report(read_records(jsonl))
    out = tmp_path_factory.mktemp("report_out")
    page = write_report(rep, out)
    return rep, out, page


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_counts_and_columns(report):
    rep, _, _ = report
    assert rep.documents == 6 and rep.articles == 6
    assert rep.errors == ["reports/broken.doc: reports/broken.doc: cannot read"]
    assert rep.columns == ["unit", "year", "region"]


def test_theme_distribution_overall_and_by_column(report):
    rep, out, _ = report
    themes = _csv(out / "themes.csv")
    assert [r["theme"] for r in themes] == ["education", "mechanism", "supervision", "service", "other"]
    assert sum(int(r["articles_main"]) for r in themes) == 6
    assert sum(float(r["share_articles"]) for r in themes) == pytest.approx(1.0, abs=1e-3)
    assert sum(float(r["mean_weight"]) for r in themes) == pytest.approx(1.0, abs=1e-2)
    by_unit = {r["unit"]: r for r in _csv(out / "themes_by_unit.csv")}
    assert set(by_unit) == {"青石镇", "市第二人民医院", "南湖街道", "柳树湾社区"}
    assert by_unit["青石镇"]["articles"] == "2"
    years = [r["year"] for r in _csv(out / "themes_by_year.csv")]
    assert years == ["2022", "2023"]  # 2022 from meta.date of the slogans document
    regions = {r["region"] for r in _csv(out / "themes_by_region.csv")}
    assert regions == {"东区", "西区", "（未注明）"}


def test_slogans_counted_by_documents(report):
    _, out, _ = report
    slogans = {r["slogan"]: r for r in _csv(out / "slogans.csv")}
    # 三会一课 is in the template, its traditional copy and the slogans-only text
    assert slogans["三会一课"]["documents"] == "3"
    assert slogans["三会一课"]["kind"] == "numeric"
    counts = [int(r["documents"]) for r in _csv(out / "slogans.csv")]
    assert counts == sorted(counts, reverse=True)
    pairs = _csv(out / "slogan_cooccurrence.csv")
    both = {(r["slogan_a"], r["slogan_b"]): int(r["documents"]) for r in pairs}
    key = ("三会一课", "我为群众办实事") if ("三会一课", "我为群众办实事") in both else ("我为群众办实事", "三会一课")
    assert both[key] == 2  # template and its copy


def test_figures_table(report):
    _, out, _ = report
    figures = _csv(out / "figures.csv")
    hospital = [r for r in figures if r["source"] == "reports/hospital.txt"]
    assert len(hospital) >= 10
    assert {"indicator", "value", "value_unit", "kind", "role", "unit", "year"} <= set(figures[0])
    assert all(r["unit"] == "市第二人民医院" for r in hospital)
    assert any(r["kind"] == "percent" and float(r["value"]) == 96.5 and r["value_unit"] == "%" for r in hospital)


def test_keywords_per_theme_skip_stop_words(report):
    from textkit.screening.substance import stopwords

    _, out, _ = report
    rows = _csv(out / "keywords.csv")
    themes = {r["theme"] for r in rows}
    assert {"education", "service"} <= themes
    stop = stopwords()
    assert len(stop) >= 300 and {"进一步", "切实", "扎实", "工作", "开展", "加强"} <= stop
    assert not any(r["keyword"] in stop for r in rows)
    assert all(len(r["keyword"]) >= 2 and not re.search(r"\d", r["keyword"]) for r in rows)
    top_service = [r["keyword"] for r in rows if r["theme"] == "service"][:10]
    assert {"群众", "服务", "患者", "慰问", "帮扶"} & set(top_service)


def test_csv_files_open_in_excel(report):
    _, out, _ = report
    for path in out.glob("*.csv"):
        assert path.read_bytes()[:3] == b"\xef\xbb\xbf", path.name


def test_page_is_offline_with_svg_charts_and_chinese_labels(report):
    _, out, page = report
    html = page.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html
    assert html.count("<svg") >= 6
    for label in ("主题分布", "按单位的主题分布", "高频口号提法", "口号共现", "各主题关键词", "数字指标", "思想教育", "三会一课"):
        assert label in html
    assert "Noto Sans CJK SC" in html and "WenQuanYi Micro Hei" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html
    for name in ("themes.csv", "slogans.csv", "figures.csv", "keywords.csv", "slogan_cooccurrence.csv"):
        assert f'href="{name}"' in html and (out / name).is_file()


def test_meta_helpers():
    assert meta_value({"meta": {"date": "2021-03-01"}}, "year") == "2021"
    assert meta_value({"meta": {"year": 2020.0}}, "year") == "2020"
    assert meta_value({"meta": {}}, "unit") == "（未注明）"
    recs = [{"metadata": {"unit": f"u{i % 3}", "abstract": f"long text {i}", "kind": "x" if i % 2 else "y"}} for i in range(10)]
    assert detect_columns(recs) == ["unit", "kind"]


def test_cli_report_from_jsonl_and_from_folder(jsonl, tmp_path):
    from typer.testing import CliRunner

    from textkit.cli import app

    out = tmp_path / "rep"
    run = CliRunner().invoke(app, ["report", str(jsonl), "-o", str(out), "--by", "region", "-q"])
    assert run.exit_code == 3, run.output  # one error record in the input
    assert (out / "report.html").is_file() and (out / "themes_by_region.csv").is_file()
    assert not (out / "themes_by_unit.csv").exists()
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(ORIGINAL, encoding="utf-8")
    (folder / "b.txt").write_text(ORIGINAL_TRADITIONAL, encoding="utf-16")
    out2 = tmp_path / "rep2"
    run = CliRunner().invoke(app, ["report", str(folder), "-o", str(out2), "-q"])
    assert run.exit_code == 0, run.output
    rows = _csv(out2 / "articles.csv")
    assert sorted(Path(r["source"]).name for r in rows) == ["a.txt", "b.txt"]


def test_report_of_a_manifest_uses_its_columns(tmp_path):
    import csv

    from textkit.report import build_report, load_records

    for name, text in (("a.txt", ORIGINAL), ("b.txt", TEMPLATE), ("c.txt", ORIGINAL_TRADITIONAL)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    with manifest.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["path", "unit", "year", "region"])
        w.writerow(["a.txt", "医院", "2023", "西区"])
        w.writerow(["b.txt", "镇政府", "2022", "东区"])
        w.writerow(["c.txt", "街道", "2023", "西区"])
    rep = build_report(load_records([str(manifest)]))
    assert rep.columns == ["unit", "year", "region"]
    assert {r["unit"] for r in rep.tables["themes_by_unit"]} == {"医院", "镇政府", "街道"}
    assert [(r["region"], r["articles"]) for r in rep.tables["themes_by_region"]] == [("西区", 2), ("东区", 1)]
