"""Corpus report on a long, government-report-like corpus: every year charted, plain numbers,
units only from real metadata, figures summarised by indicator, unknown ``--by`` columns."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest

from textkit.report import build_report, write_report

YEARS = [*range(1954, 1966), *range(1975, 2026)]  # 63 years, with the gap of the real series


def _figure(indicator: str, value: float, unit: str, kind: str = "count", role: str = "achievement") -> dict[str, Any]:
    return {"indicator": indicator, "value": value, "unit": unit, "kind": kind, "role": role, "text": f"{indicator}{value:g}{unit}"}


def _record(year: int, n: int) -> dict[str, Any]:
    """One annual work report as an extract record: the header line parsed as ``meta.unit`` (as the
    extractor does for an adoption note), the real organisation in ``metadata``."""
    figures = [
        _figure("新增城镇就业", 1100.0 + n * 10, "万人"),
        _figure("培训党员", 1590.0 + n, "人"),
        _figure("国内生产总值增长", 5.2 if n % 2 else 6.75, "%", kind="percent"),
    ]
    return {
        "source": f"reports/{year}.txt",
        "article": 0,
        "title": f"{year}年政府工作报告",
        "text": f"各位代表：现在，我代表本级政府报告{year}年的工作。",
        "themes": {"education": 0.2 + (year % 7) / 20, "institution": 0.3, "supervision": 0.1, "service": 0.25},
        "measures": [{"text": "加强基层党组织建设，每月开展主题党日活动。", "themes": ["institution"], "concrete": True}],
        "slogans": [{"text": "全面从严治党", "kind": "slogan", "occurrences": [[0, 6]]}],
        "figures": figures,
        "meta": {"unit": f"{year}年3月5日第十届人民代表大会第一次会议通过"},
        "metadata": {"year": year, **({"单位": "市人民政府"} if n % 3 == 0 else {"unit": "县人民政府"} if n % 3 == 1 else {})},
    }


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return [_record(y, n) for n, y in enumerate(YEARS)]


@pytest.fixture(scope="module")
def written(records, tmp_path_factory):
    rep = build_report(records)
    out = tmp_path_factory.mktemp("corpus_report")
    page = write_report(rep, out)
    return rep, out, page.read_text(encoding="utf-8")


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_year_is_charted(written):
    rep, out, html = written
    assert [r["year"] for r in rep.tables["themes_by_year"]] == [str(y) for y in YEARS]
    chart = next(s for s in re.findall(r"<svg.*?</svg>", html, re.S) if "年份" in s)
    for year in YEARS:  # the first and the most recent years alike
        assert f"<title>{year} · " in chart, year
    assert "1954" in chart and "2025" in chart
    assert len(_csv(out / "themes_by_year.csv")) == len(YEARS)


SCIENTIFIC = re.compile(r"\d(?:\.\d+)?[eE][+-]?\d")


def test_plain_numbers():
    from textkit.render.charts import plain_number

    assert plain_number(1590.0) == "1590" and plain_number(1590.0, grouping=True) == "1,590"
    assert plain_number(96.5) == "96.5" and plain_number(0.4321) == "0.4321"
    assert plain_number(1e-05) == "0.00001" and plain_number(2.5e16, grouping=True) == "25,000,000,000,000,000"
    assert plain_number(12) == "12" and plain_number(-3.0) == "-3"


def test_no_scientific_notation_in_page_or_tables(written):
    _, out, html = written
    assert not SCIENTIFIC.search(re.sub(r"#[0-9a-fA-F]{3,8}\b", "", html))  # colours such as #2e7d32 left out
    for path in out.glob("*.csv"):
        assert not SCIENTIFIC.search(path.read_text(encoding="utf-8-sig")), path.name
    figures = _csv(out / "figures.csv")
    assert {"1590", "6.75", "5.2"} <= {r["value"] for r in figures}


def test_units_only_from_real_metadata(written, records):
    rep, out, html = written
    units = {r["unit"]: r["articles"] for r in rep.tables["themes_by_unit"]}
    per_kind = len(YEARS) // 3
    assert units == {"市人民政府": per_kind, "县人民政府": per_kind, "（未注明）": len(YEARS) - 2 * per_kind}
    assert "人民代表大会" not in html  # the adoption note parsed from the header is no unit
    assert "单位" not in rep.columns  # the Chinese column name is the unit column, not another one
    assert {r["unit"] for r in _csv(out / "articles.csv")} == set(units)
    from textkit.report import meta_value

    assert meta_value({"meta": {"unit": "某次会议通过"}}, "unit") == "（未注明）"
    assert meta_value({"meta": {"unit": "某次会议通过"}, "metadata": {"单位": "青石镇党委"}}, "unit") == "青石镇党委"


def test_figures_summarised_by_indicator_and_kind(written):
    rep, out, html = written
    n = len(YEARS)
    summary = {(r["indicator"], r["value_unit"], r["kind"]): r for r in _csv(out / "figure_summary.csv")}
    assert set(summary) == {("新增城镇就业", "万人", "count"), ("培训党员", "人", "count"), ("国内生产总值增长", "%", "percent")}
    jobs = summary[("新增城镇就业", "万人", "count")]
    assert int(jobs["figures"]) == int(jobs["documents"]) == n
    assert float(jobs["sum"]) == sum(1100 + k * 10 for k in range(n))
    assert float(jobs["median"]) == 1100 + (n - 1) // 2 * 10 and jobs["min"] == "1100"
    growth = summary[("国内生产总值增长", "%", "percent")]
    assert growth["sum"] == "" and growth["min"] == "5.2" and growth["max"] == "6.75"  # shares are not summed
    kinds = {r["kind"]: int(r["figures"]) for r in _csv(out / "figure_kinds.csv")}
    assert kinds == {"count": 2 * n, "percent": n}
    assert len(_csv(out / "figures.csv")) == 3 * n  # every figure still in the CSV
    section = html[html.index("<h2>数字指标") : html.index("全部表格")]
    assert "新增城镇就业" in section and "比例" in section and "数量" in section
    assert f"{sum(1100 + k * 10 for k in range(n)):,}" in section  # the sum, with thousands grouped
    assert "新增城镇就业1100万人" not in section  # single figures' texts are not dumped on the page


def test_unknown_by_column_is_a_usage_error(records, tmp_path):
    from typer.testing import CliRunner

    from textkit.cli import app
    from textkit.report import UnknownColumnError

    with pytest.raises(UnknownColumnError, match="region"):
        build_report(records, by=["year", "region"])
    path = tmp_path / "extract.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[:8]), encoding="utf-8")
    out = tmp_path / "rep"
    run = CliRunner().invoke(app, ["report", str(path), "-o", str(out), "--by", "region", "-q"])
    assert run.exit_code == 2, run.output
    assert "region" in run.output and "unit, year" in run.output  # what is missing and what could be used
    assert not (out / "report.html").exists()
    run = CliRunner().invoke(app, ["report", str(path), "-o", str(out), "--by", "单位", "-q"])
    assert run.exit_code == 0, run.output  # the Chinese name of the unit column is the unit column
    assert (out / "themes_by_unit.csv").is_file()


def test_year_line_chart_spaces_years_in_proportion():
    from textkit.render.charts import line_chart

    years = [1964, 1975, 1976]
    svg = line_chart([str(y) for y in years], {"a": [1.0, 2.0, 3.0]}, title="t", positions=[float(y) for y in years])
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)]
    assert xs[1] - xs[0] == pytest.approx(11 * (xs[2] - xs[1]), rel=0.01)  # the eleven-year gap shows
