"""The corpus report page: inline SVG charts with Chinese labels, the main tables, links to the CSVs."""

from __future__ import annotations

from html import escape
from typing import Any

from textkit.labels import CHART_THEME_COLOURS
from textkit.render.charts import bar_chart, heatmap, stacked_bars
from textkit.render.pages import _page

COLUMN_NAMES = {"unit": "单位", "year": "年份", "region": "地区", "author": "作者", "source_type": "来源类型"}
TABLE_NAMES = {
    "themes": "主题分布",
    "slogans": "口号提法",
    "slogan_cooccurrence": "口号共现",
    "keywords": "各主题关键词",
    "figures": "数字指标",
    "articles": "文章清单",
}


def _table(rows: list[dict[str, Any]], columns: list[str], headers: list[str], limit: int = 50) -> str:
    if not rows:
        return '<p class="muted">（无数据）</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for r in rows[:limit]:
        cells = []
        for c in columns:
            v = r.get(c)
            if isinstance(v, float):
                cells.append(f'<td class="num">{v:.3g}</td>')
            elif isinstance(v, int):
                cells.append(f'<td class="num">{v}</td>')
            else:
                cells.append(f"<td>{escape('' if v is None else str(v))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f'<p class="muted">只列出前 {limit} 行，共 {len(rows)} 行，完整数据见 CSV。</p>' if len(rows) > limit else ""
    return f"<table><tr>{head}</tr>{''.join(body)}</table>{more}"


def _csv_link(files: dict[str, str], name: str) -> str:
    return f' <a class="muted" href="{escape(files[name])}">CSV</a>' if name in files else ""


def report_page(rep, files: dict[str, str], *, top: int = 30) -> str:
    """The HTML of a ``textkit.report.CorpusReport``; ``files`` maps table names to their CSV files."""
    from textkit.screen import THEME_NAMES

    t = rep.tables
    names = {k: THEME_NAMES[k] for k in CHART_THEME_COLOURS}
    parts = [
        "<h1>党建材料语料报告</h1>",
        f"<p>{rep.documents} 份文件，{rep.articles} 篇文章；措施 {sum(r['measures'] for r in t.get('themes', []))} 条，"
        f"口号提法 {len(t.get('slogans', []))} 种，数字指标 {len(t.get('figures', []))} 个。"
        + (f"{len(rep.errors)} 个文件读取失败。" if rep.errors else "")
        + "</p>",
    ]
    # themes overall
    themes = t.get("themes", [])
    parts.append("<h2>主题分布" + _csv_link(files, "themes") + "</h2>")
    parts.append('<div class="top">')
    parts.append(
        bar_chart(
            [(r["theme_name"], r["share_articles"] * 100) for r in themes],
            title="文章的主要主题（%）",
            colour=[CHART_THEME_COLOURS[r["theme"]] for r in themes],
            width=460,
            fmt="{:.1f}%",
        )
    )
    parts.append(
        bar_chart(
            [(r["theme_name"], r["measures"]) for r in themes],
            title="措施的主题（条）",
            colour=[CHART_THEME_COLOURS[r["theme"]] for r in themes],
            width=460,
        )
    )
    parts.append("</div>")
    # themes by metadata column
    for col in rep.columns:
        key = f"themes_by_{col}"
        rows = t.get(key, [])
        label = COLUMN_NAMES.get(col, col)
        parts.append(f"<h2>按{escape(label)}的主题分布" + _csv_link(files, key) + "</h2>")
        groups = [(str(r[col]), {th: r[th] for th in names if th in r}) for r in rows[:25]]
        parts.append(
            stacked_bars(
                groups,
                [th for th in names if th != "other"],
                title=f"各{label}文章的平均主题权重",
                names=names,
                colours=CHART_THEME_COLOURS,
            )
        )
        if len(rows) > 25:
            parts.append(f'<p class="muted">只画出前 25 个{escape(label)}，共 {len(rows)} 个。</p>')
    # slogans
    slogans = t.get("slogans", [])
    parts.append("<h2>高频口号提法" + _csv_link(files, "slogans") + "</h2>")
    parts.append(
        bar_chart(
            [(r["slogan"], r["documents"]) for r in slogans[:top]],
            title=f"使用文件数最多的 {min(top, len(slogans))} 个口号提法",
            colour="#edc948",
        )
    )
    # co-occurrence
    co = t.get("slogan_cooccurrence", [])
    parts.append("<h2>口号共现" + _csv_link(files, "slogan_cooccurrence") + "</h2>")
    chosen = [r["slogan"] for r in slogans[:15]]
    index = {s: i for i, s in enumerate(chosen)}
    matrix = [[0] * len(chosen) for _ in chosen]
    for r in co:
        i, j = index.get(r["slogan_a"]), index.get(r["slogan_b"])
        if i is not None and j is not None:
            matrix[i][j] = matrix[j][i] = r["documents"]
    parts.append(heatmap(chosen, matrix, title="同一文件中同时出现的文件数"))
    # keywords
    kw = t.get("keywords", [])
    parts.append("<h2>各主题关键词（TF-IDF）" + _csv_link(files, "keywords") + "</h2>")
    parts.append('<div class="top">')
    for theme, colour in CHART_THEME_COLOURS.items():
        items = [(r["keyword"], r["score"] * 1000) for r in kw if r["theme"] == theme][:12]
        if items:
            parts.append(bar_chart(items, title=f"{THEME_NAMES[theme]}", colour=colour, width=330, bar=16, fmt="{:.1f}"))
    parts.append("</div>")
    # figures
    figs = t.get("figures", [])
    parts.append("<h2>数字指标" + _csv_link(files, "figures") + "</h2>")
    cols = ["source", *rep.columns, "indicator", "value", "value_unit", "kind", "role", "text"]
    heads = ["文件", *[COLUMN_NAMES.get(c, c) for c in rep.columns], "指标", "数值", "单位", "类型", "实绩/目标", "原文"]
    parts.append(_table(figs, cols, heads, limit=100))
    # downloads
    links = "".join(f'<li><a href="{escape(f)}">{escape(f)}</a> {escape(TABLE_NAMES.get(n, n))}</li>' for n, f in files.items())
    parts.append(f"<h2>全部表格（CSV，UTF-8）</h2><ul>{links}</ul>")
    if rep.errors:
        errs = "".join(f"<li>{escape(e)}</li>" for e in rep.errors[:50])
        parts.append(f"<h2>读取失败</h2><ul>{errs}</ul>")
    return _page("党建材料语料报告", "\n".join(parts))
