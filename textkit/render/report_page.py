"""The corpus report page: inline SVG charts with Chinese labels, the main tables, links to the CSVs.

``report_page`` receives the report's data (an object with ``tables`` (name → rows), ``columns``,
``documents``, ``articles`` and ``errors``, such as ``textkit.report.CorpusReport``) and returns HTML.
"""

from __future__ import annotations

from html import escape
from typing import Any

from textkit.labels import CHART_THEME_COLOURS, THEME_NAMES, label, label_group
from textkit.render.charts import bar_chart, heatmap, line_chart, plain_number, stacked_bars
from textkit.render.layout import page

COLUMN_NAMES = label_group("column")
TABLE_NAMES = label_group("table")
FIGURE_COLUMNS = label_group("report.figure_column")
MISSING = label("report.missing")
_GROUPS_SHOWN = 25
_HEATMAP_SLOGANS = 15

Rows = list[dict[str, Any]]


def _cell(v: Any) -> str:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return f'<td class="num">{plain_number(v, grouping=True)}</td>'
    return f"<td>{escape('' if v is None else str(v))}</td>"


def _table(rows: Rows, columns: list[str], headers: list[str], limit: int = 50) -> str:
    if not rows:
        return f'<p class="muted">{label("chart.no_data")}</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = ["<tr>" + "".join(_cell(r.get(c)) for c in columns) + "</tr>" for r in rows[:limit]]
    more = f'<p class="muted">{label("report.more_rows", limit=limit, count=len(rows))}</p>' if len(rows) > limit else ""
    return f"<table><tr>{head}</tr>{''.join(body)}</table>{more}"


def _csv_link(files: dict[str, str], name: str) -> str:
    return f' <a class="muted" href="{escape(files[name])}">CSV</a>' if name in files else ""


def _heading(title: str, files: dict[str, str], name: str) -> str:
    return f"<h2>{title}" + _csv_link(files, name) + "</h2>"


def _summary(rep) -> str:
    t = rep.tables
    text = label(
        "report.summary",
        documents=rep.documents,
        articles=rep.articles,
        measures=sum(r["measures"] for r in t.get("themes", [])),
        slogans=len(t.get("slogans", [])),
        figures=len(t.get("figures", [])),
    )
    failed = label("report.failed", count=len(rep.errors)) if rep.errors else ""
    return f"<p>{text}{failed}</p>"


def _themes_section(themes: Rows, files: dict[str, str]) -> list[str]:
    colours = [CHART_THEME_COLOURS[r["theme"]] for r in themes]
    by_articles = bar_chart(
        [(r["theme_name"], r["share_articles"] * 100) for r in themes],
        title=label("report.main_themes"),
        colour=colours,
        width=460,
        fmt="{:.1f}%",
    )
    by_measures = bar_chart(
        [(r["theme_name"], r["measures"]) for r in themes], title=label("report.measure_themes"), colour=colours, width=460
    )
    return [_heading(TABLE_NAMES["themes"], files, "themes"), '<div class="top">', by_articles, by_measures, "</div>"]


def _year_chart(rows: Rows, names: dict[str, str], title: str) -> str:
    """Mean theme weights per year as lines over every year (rows without a year left out)."""
    dated = [r for r in rows if r["year"] != MISSING]
    themes = [th for th in names if th != "other"]
    series = {th: [float(r.get(th, 0.0)) for r in dated] for th in themes}
    labels = [str(r["year"]) for r in dated]
    positions = [float(y) for y in labels] if all(y.isdigit() for y in labels) else None
    return line_chart(labels, series, title=title, positions=positions, names=names, colours=CHART_THEME_COLOURS)


def _column_section(col: str, rows: Rows, files: dict[str, str]) -> list[str]:
    """Themes by the values of one metadata column: a line per theme over every year for ``year``,
    100 % bars for the first groups of any other column."""
    names = {k: THEME_NAMES[k] for k in CHART_THEME_COLOURS}
    name = COLUMN_NAMES.get(col, col)
    if col == "year":
        chart = _year_chart(rows, names, label("report.by_column.chart", column=name))
        return [_heading(label("report.by_column", column=escape(name)), files, f"themes_by_{col}"), chart]
    groups = [(str(r[col]), {th: r[th] for th in names if th in r}) for r in rows[:_GROUPS_SHOWN]]
    chart = stacked_bars(
        groups,
        [th for th in names if th != "other"],
        title=label("report.by_column.chart", column=name),
        names=names,
        colours=CHART_THEME_COLOURS,
    )
    parts = [_heading(label("report.by_column", column=escape(name)), files, f"themes_by_{col}"), chart]
    if len(rows) > _GROUPS_SHOWN:
        parts.append(f'<p class="muted">{label("report.by_column.more", limit=_GROUPS_SHOWN, column=escape(name), count=len(rows))}</p>')
    return parts


def _slogans_section(slogans: Rows, files: dict[str, str], top: int) -> list[str]:
    chart = bar_chart(
        [(r["slogan"], r["documents"]) for r in slogans[:top]],
        title=label("report.top_slogans.chart", count=min(top, len(slogans))),
        colour="#edc948",
    )
    return [_heading(label("report.top_slogans"), files, "slogans"), chart]


def _cooccurrence_section(slogans: Rows, pairs: Rows, files: dict[str, str]) -> list[str]:
    """The documents using both of two top slogans, as a heat map."""
    chosen = [r["slogan"] for r in slogans[:_HEATMAP_SLOGANS]]
    index = {s: i for i, s in enumerate(chosen)}
    matrix = [[0] * len(chosen) for _ in chosen]
    for r in pairs:
        i, j = index.get(r["slogan_a"]), index.get(r["slogan_b"])
        if i is not None and j is not None:
            matrix[i][j] = matrix[j][i] = r["documents"]
    chart = heatmap(chosen, matrix, title=label("report.cooccurrence.chart"))
    return [_heading(TABLE_NAMES["slogan_cooccurrence"], files, "slogan_cooccurrence"), chart]


def _network_section(nodes: Rows, edges: Rows, files: dict[str, str]) -> list[str]:
    """The co-occurrence network of words and slogans, drawn where the report's seeded layout put its nodes."""
    from textkit.render.network import network_svg

    chart = network_svg(nodes, edges, title=label("report.network.chart"))
    return [_heading(label("report.network"), files, "network_nodes"), chart]


def _keywords_section(keywords: Rows, files: dict[str, str]) -> list[str]:
    parts = [_heading(label("report.keywords"), files, "keywords"), '<div class="top">']
    for theme, colour in CHART_THEME_COLOURS.items():
        items = [(r["keyword"], r["score"] * 1000) for r in keywords if r["theme"] == theme][:12]
        if items:
            parts.append(bar_chart(items, title=f"{THEME_NAMES[theme]}", colour=colour, width=330, bar=16, fmt="{:.1f}"))
    parts.append("</div>")
    return parts


def _figures_section(summary: Rows, kinds: Rows, files: dict[str, str], top: int) -> list[str]:
    """The figures by kind (a bar chart) and the most frequent indicators with their sums and medians;
    every single figure is in figures.csv."""
    kind_names = label_group("figure_kind")
    chart = bar_chart(
        [(kind_names.get(r["kind"], r["kind"] or "-"), r["figures"]) for r in kinds],
        title=label("report.figure_kinds.chart"),
        colour="#76b7b2",
        width=460,
    )
    cols = ["indicator", "value_unit", "kind", "figures", "documents", "sum", "median", "min", "max"]
    heads = [FIGURE_COLUMNS[c] for c in cols]
    rows = [{**r, "kind": kind_names.get(r["kind"], r["kind"])} for r in summary]
    return [
        _heading(TABLE_NAMES["figures"], files, "figures"),
        chart,
        f"<h3>{label('report.top_indicators')}" + _csv_link(files, "figure_summary") + "</h3>",
        _table(rows, cols, heads, limit=top),
    ]


_CODING_LINES = 8  # categories drawn as lines over the years (the legend stays on one row)


def _coding_section(t: dict[str, Rows], files: dict[str, str], columns: list[str]) -> list[str]:
    """Documents coded by each category of the coding dictionary: shares overall (bars), over the years
    (lines, the most frequent categories) and by each report column (a table)."""
    codes = t.get("codes")
    if not codes:
        return []
    chart = bar_chart(
        [(r["category"], r["share_documents"] * 100) for r in codes], title=label("report.codes.chart"), colour="#b07aa1", fmt="{:.1f}%"
    )
    heads = [label(f"report.codes.column.{c}") for c in ("category", "documents", "share_documents", "articles", "matches")]
    shown = [{**r, "share_documents": f"{r['share_documents']:.1%}"} for r in codes]
    parts = [
        _heading(label("report.codes"), files, "codes"),
        chart,
        _table(shown, ["category", "documents", "share_documents", "articles", "matches"], heads),
    ]
    top = [r["category"] for r in sorted(codes, key=lambda r: -r["documents"])[:_CODING_LINES]]
    for col in [c for c in (["year"] + [c for c in columns if c != "year"]) if f"codes_by_{c}" in t]:
        rows = t[f"codes_by_{col}"]
        name = COLUMN_NAMES.get(col, col)
        parts.append(f"<h3>{label('report.codes.by_column', column=escape(name))}" + _csv_link(files, f"codes_by_{col}") + "</h3>")
        if col == "year":
            dated = [r for r in rows if r["year"] != MISSING]
            labels = [str(r["year"]) for r in dated]
            positions = [float(y) for y in labels] if all(y.isdigit() for y in labels) else None
            series = {c: [float(r[f"{c}_share"]) * 100 for r in dated] for c in top}
            parts.append(
                line_chart(labels, series, title=label("report.codes.year_chart", count=len(top)), positions=positions, fmt="{:.0f}%")
            )
        else:
            cols = [col, "documents", *top]
            parts.append(_table(rows, cols, [name, label("report.codes.column.documents"), *top], limit=_GROUPS_SHOWN))
    return parts


def _provenance_section(t: dict[str, Rows], files: dict[str, str]) -> list[str]:
    """What produced the records (one column per run, a summary line when several are mixed) and the report."""
    runs = t.get("provenance", [])
    parts = [_heading(label("report.provenance"), files, "provenance")]
    if runs:
        summary = "; ".join(
            label(
                "report.provenance.run", started=r.get("run_started", MISSING), textkit=r.get("textkit", MISSING), documents=r["documents"]
            )
            for r in runs[:5]
        )
        parts.append(f"<p>{label('report.provenance.runs', count=len(runs))}{escape(summary)}{'…' if len(runs) > 5 else ''}</p>")
        fields = list(dict.fromkeys(k for r in runs for k in r if k != "run"))
        shown = runs[:10]
        rows = [{"field": f, **{str(r["run"]): r.get(f) for r in shown}} for f in fields]
        heads = [label("report.provenance.field"), *(label("report.provenance.column", run=r["run"]) for r in shown)]
        parts.append(_table(rows, ["field", *(str(r["run"]) for r in shown)], heads))
    made = t.get("report_provenance", [])
    if made:
        parts.append(f"<h3>{label('report.provenance.report')}" + _csv_link(files, "report_provenance") + "</h3>")
        parts.append(_table(made, ["field", "value"], [label("report.provenance.field"), label("report.provenance.value")]))
    return parts


def _downloads_section(files: dict[str, str], errors: list[str]) -> list[str]:
    links = "".join(f'<li><a href="{escape(f)}">{escape(f)}</a> {escape(TABLE_NAMES.get(n, n))}</li>' for n, f in files.items())
    parts = [f"<h2>{label('report.downloads')}</h2><ul>{links}</ul>"]
    if errors:
        errs = "".join(f"<li>{escape(e)}</li>" for e in errors[:50])
        parts.append(f"<h2>{label('report.errors')}</h2><ul>{errs}</ul>")
    return parts


def report_page(rep, files: dict[str, str], *, top: int = 30) -> str:
    """The HTML of a corpus report (see the module docstring); ``files`` maps table names to their CSV files."""
    t = rep.tables
    slogans = t.get("slogans", [])
    parts = [f"<h1>{label('report.title')}</h1>", _summary(rep)]
    parts += _themes_section(t.get("themes", []), files)
    for col in rep.columns:
        parts += _column_section(col, t.get(f"themes_by_{col}", []), files)
    parts += _slogans_section(slogans, files, top)
    parts += _cooccurrence_section(slogans, t.get("slogan_cooccurrence", []), files)
    parts += _keywords_section(t.get("keywords", []), files)
    parts += _network_section(t.get("network_nodes", []), t.get("network_edges", []), files)
    parts += _figures_section(t.get("figure_summary", []), t.get("figure_kinds", []), files, top)
    parts += _coding_section(t, files, rep.columns)
    parts += _provenance_section(t, files)
    parts += _downloads_section(files, rep.errors)
    return page(label("report.title"), "\n".join(parts))
