"""HTML pages of a screening: one page per submission and an index page linking them.

Pages are self-contained (inline CSS and SVG, no scripts, fonts or styles from the network) and
use the system's CJK fonts. The normalised text is shown with measures (background colour by
theme, hatched when only prescribed), slogans (yellow), figures (blue, bold) and passages shared
with another document (red underline) highlighted; hovering shows the details.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from textkit.labels import THEME_COLOURS
from textkit.render.charts import FONT_STACK, bar_chart

SLOGAN_COLOUR = "#ffe14d"
FIGURE_COLOUR = "#1d4ed8"
COPIED_COLOUR = "#e02424"
STATUS_NAMES = {"done": "已落实", "prescribed": "部署要求"}
SLOGAN_KINDS = {"numeric": "数字提法", "campaign": "活动名称", "motto": "口号", "term": "工作法/品牌"}
FIGURE_KINDS = {
    "count": "数量",
    "percent": "比例",
    "money": "金额",
    "frequency": "频次",
    "duration": "时长",
    "age": "年龄",
    "other": "其他",
}
SCORE_LABELS = {
    "chars": "正文字数",
    "measures": "措施",
    "concrete_measures": "具体措施",
    "concrete_share": "具体措施占比",
    "done_share": "已落实占比",
    "figures": "数字指标",
    "target_figures": "目标数字",
    "figures_per_1000_chars": "每千字数字指标",
    "slogans": "口号提法",
    "slogans_per_concrete_measure": "每条具体措施的口号数",
    "boilerplate_share": "套话占比",
    "copied_share": "与他文相同的文字占比",
}
POINT_LABELS = {
    "concrete": "具体措施",
    "done": "已落实",
    "figures": "数字指标",
    "themes": "方面覆盖",
    "slogans": "口号适度",
    "plain": "少套话",
}
_SHARES = {"concrete_share", "done_share", "boilerplate_share", "copied_share"}

CSS = f"""
*{{box-sizing:border-box}}
body{{margin:0;padding:24px 32px;font-family:{FONT_STACK};color:#1f2328;background:#fff;line-height:1.75;font-size:16px}}
a{{color:#0b57d0}} h1{{font-size:24px;margin:0 0 4px}} h2{{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ddd}}
.source{{color:#666;font-size:13px;word-break:break-all}}
.top{{display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap}}
.score{{font-size:44px;font-weight:bold;width:110px;height:110px;border-radius:12px;display:flex;align-items:center;justify-content:center;color:#fff}}
.score-high{{background:#2e7d32}} .score-mid{{background:#ef8f00}} .score-low{{background:#c62828}}
table{{border-collapse:collapse;font-size:14px}} td,th{{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}}
th{{background:#f4f6f8}} td.num{{text-align:right}}
ul.flags{{list-style:none;padding:0;margin:8px 0}} ul.flags li{{margin:4px 0;padding:6px 10px;border-left:4px solid #c62828;background:#fdf1f1}}
ul.flags li.ok{{border-left-color:#2e7d32;background:#eff8f0}}
code{{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:12px;background:#eee;padding:1px 4px;border-radius:3px}}
.legend span.key{{display:inline-block;margin:2px 10px 2px 0;padding:0 6px;font-size:14px}}
.doc p{{margin:0 0 10px;text-indent:2em}} .doc h3{{font-size:18px;margin:18px 0 8px}}
.measure{{border-radius:2px;padding:1px 0}}
.theme-education{{background-color:{THEME_COLOURS["education"]}}} .theme-mechanism{{background-color:{THEME_COLOURS["mechanism"]}}}
.theme-supervision{{background-color:{THEME_COLOURS["supervision"]}}} .theme-service{{background-color:{THEME_COLOURS["service"]}}}
.theme-other{{background-color:{THEME_COLOURS["other"]}}}
.status-prescribed{{background-image:repeating-linear-gradient(135deg,rgba(255,255,255,.6) 0 3px,transparent 3px 7px)}}
.slogan{{background-color:{SLOGAN_COLOUR};background-image:none;font-weight:bold}}
.figure{{color:{FIGURE_COLOUR};font-weight:bold}}
.copied{{border-bottom:3px solid {COPIED_COLOUR}}}
.passage{{font-size:14px;color:#333;background:#fafafa;border-left:3px solid {COPIED_COLOUR};padding:4px 8px;margin:4px 0}}
.badge{{display:inline-block;font-size:11px;padding:0 5px;margin:1px 2px;border-radius:3px;background:#fde2e2;color:#8a1c1c;white-space:nowrap}}
.muted{{color:#777;font-size:13px}}
.sc{{display:inline-block;min-width:2.4em;text-align:center;color:#fff;border-radius:3px;font-weight:bold}}
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def score_class(score: int) -> str:
    return "score-high" if score >= 70 else "score-mid" if score >= 40 else "score-low"


def page_name(position: int, source: str) -> str:
    """File name of a submission's page: its position in the input and a safe form of its stem."""
    stem = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", Path(source).stem).strip("_")[:40] or "doc"
    return f"{position + 1:04d}-{stem}.html"


# --------------------------------------------------------------------------- highlighted text


def _theme_name(theme: str) -> str:
    from textkit.screen import THEME_NAMES

    return THEME_NAMES.get(theme, theme)


def article_spans(article, copied: list[tuple[int, int, str, str]] | None = None) -> list[tuple[int, int, list[str], str, str | None]]:
    """``(start, end, classes, tooltip, anchor id)`` of everything highlighted in one article."""
    from textkit.screen import is_concrete, slogan_spans

    s_spans = slogan_spans(article)
    f_spans = [(f.start, f.end) for f in article.figures]
    spans: list[tuple[int, int, list[str], str, str | None]] = []
    for m in article.measures:
        main = str(m.themes[0]) if m.themes else "other"
        concrete = is_concrete(m, article, s_spans, f_spans)
        themes = "、".join(_theme_name(str(t)) for t in m.themes) or "其他"
        tip = f"措施 · {themes} · {STATUS_NAMES.get(m.status, m.status)} · {'具体' if concrete else '原则性'}"
        if m.section:
            tip += f"\n所在部分：{m.section}"
        classes = ["measure", f"theme-{main}", f"status-{m.status}"] + (["concrete"] if concrete else [])
        spans.append((m.start, m.end, classes, tip, None))
    for s in article.slogans:
        tip = f"口号 · {SLOGAN_KINDS.get(s.kind, s.kind)} · {s.text}"
        if s.expansion:
            tip += "\n即：" + "、".join(s.expansion)
        for a, b in s.occurrences or [(s.start, s.end)]:
            spans.append((int(a), int(b), ["slogan", f"slogan-{s.kind}"], tip, None))
    for f in article.figures:
        value = f"{f.value:g}" + (f"–{f.value_max:g}" if f.value_max is not None else "")
        tip = f"数字 · {f.indicator or '（无指标名）'} = {value}{f.unit} · {FIGURE_KINDS.get(f.kind, f.kind)} · {'目标' if f.role == 'target' else '实绩'}"
        spans.append((f.start, f.end, ["figure", f"figure-{f.kind}"], tip, None))
    for a, b, tip, ident in copied or []:
        spans.append((a, b, ["copied"], tip, ident))
    return spans


def highlight(text: str, spans: list[tuple[int, int, list[str], str, str | None]]) -> str:
    """The text as HTML paragraphs, each run of characters covered by the same spans in one ``<span>``."""
    bounds = {0, len(text)}
    for a, b, *_ in spans:
        bounds.update((max(0, min(a, len(text))), max(0, min(b, len(text)))))
    bounds.update(i for i, c in enumerate(text) if c == "\n")
    bounds.update(i + 1 for i, c in enumerate(text) if c == "\n")
    cuts = sorted(bounds)
    out = ["<p>"]
    used_ids: set[str] = set()
    for a, b in zip(cuts, cuts[1:]):
        seg = text[a:b]
        if seg == "\n":
            out.append("</p>\n<p>")
            continue
        active = [s for s in spans if s[0] <= a and b <= s[1] and s[0] < s[1]]
        if not active:
            out.append(escape(seg))
            continue
        classes: list[str] = []
        tips: list[str] = []
        anchor = None
        for _, _, cls, tip, ident in active:
            classes += [c for c in cls if c not in classes]
            if tip not in tips:
                tips.append(tip)
            if ident and ident not in used_ids:
                anchor = ident
                used_ids.add(ident)
        ident_attr = f' id="{anchor}"' if anchor else ""
        out.append(f'<span class="{" ".join(classes)}" title="{escape(chr(10).join(tips))}"{ident_attr}>{escape(seg)}</span>')
    out.append("</p>")
    return "".join(out).replace("<p></p>", "")


def legend() -> str:
    keys = [f'<span class="key measure theme-{t}">措施·{_theme_name(t)}</span>' for t in THEME_COLOURS]
    keys.append('<span class="key measure theme-education status-prescribed">部署要求（斜纹）</span>')
    keys.append('<span class="key slogan">口号提法</span>')
    keys.append('<span class="key figure">数字指标</span>')
    keys.append('<span class="key copied">与他文相同</span>')
    return '<div class="legend">图例：' + "".join(keys) + '<span class="muted">（鼠标悬停查看详情）</span></div>'


# --------------------------------------------------------------------------- pages


def _value(key: str, v: Any) -> str:
    if v is None:
        return "—"
    if key in _SHARES and isinstance(v, int | float):
        return f"{v:.0%}"
    return escape(str(v))


def _flags_html(flags: list[dict[str, str]]) -> str:
    if not flags:
        return '<ul class="flags"><li class="ok">未发现问题</li></ul>'
    return '<ul class="flags">' + "".join(f"<li><code>{escape(f['code'])}</code> {escape(f['message'])}</li>" for f in flags) + "</ul>"


def _scores_html(rec: dict[str, Any]) -> str:
    from textkit.screen import THEME_NAMES

    sc = rec.get("scores") or {}
    if not sc:
        return ""
    rows = [f'<tr><th>{escape(label)}</th><td class="num">{_value(k, sc.get(k))}</td></tr>' for k, label in SCORE_LABELS.items() if k in sc]
    covered = "、".join(THEME_NAMES[t] for t in sc.get("themes_covered", [])) or "—"
    missing = "、".join(THEME_NAMES[t] for t in sc.get("themes_missing", [])) or "—"
    rows.append(f"<tr><th>涉及方面</th><td>{escape(covered)}</td></tr><tr><th>缺少方面</th><td>{escape(missing)}</td></tr>")
    points = sc.get("points") or {}
    chart = bar_chart(
        [(POINT_LABELS.get(k, k), v) for k, v in points.items()],
        title=f"得分构成（实质分 {sc.get('substance', 0):g}）",
        width=420,
        bar=16,
        fmt="{:.1f}",
    )
    return f'<div class="top"><table>{"".join(rows)}</table><div>{chart}</div></div>'


def _duplicates_html(rec: dict[str, Any]) -> str:
    dups = rec.get("duplicates") or []
    if not dups:
        return ""
    parts = ["<h2>雷同材料</h2>"]
    for di, d in enumerate(dups):
        kind = "参考材料" if d["kind"] == "reference" else "本批材料"
        title = f"《{d['title']}》" if d.get("title") else ""
        parts.append(
            f'<p><b>{kind}</b> {escape(title)} <span class="source">{escape(d["source"])}</span><br>'
            f"相似度 {d['similarity']:.0%}：本文 {d['copied_share']:.0%} 的文字与之相同，对方 {d['other_copied_share']:.0%} 的文字出现在本文中"
            f"（字符 Jaccard {d['jaccard']:.2f}），共 {len(d['passages'])} 段。</p>"
        )
        for pi, p in enumerate(d["passages"][:12]):
            excerpt = p["text"] if len(p["text"]) <= 160 else p["text"][:150] + "……"
            parts.append(
                f'<div class="passage">{escape(excerpt)}<br><span class="muted"><a href="#copy-{di}-{pi}">本文</a> {p["start"]}–{p["end"]}，'
                f"对方 {p['other_start']}–{p['other_end']}，{p['chars']} 字</span></div>"
            )
        if len(d["passages"]) > 12:
            parts.append(f'<p class="muted">另有 {len(d["passages"]) - 12} 段未列出。</p>')
    return "".join(parts)


def _items_html(doc) -> str:
    rows = []
    for art in doc.articles:
        for m in art.measures:
            themes = "、".join(_theme_name(str(t)) for t in m.themes)
            rows.append(f"<tr><td>{escape(m.text)}</td><td>{escape(themes)}</td><td>{STATUS_NAMES.get(m.status, m.status)}</td></tr>")
    if not rows:
        return ""
    return f"<details><summary>措施列表（{len(rows)}条）</summary><table><tr><th>措施</th><th>方面</th><th>状态</th></tr>{''.join(rows)}</table></details>"


def submission_page(screening, index_href: str = "index.html") -> str:
    """The page of one screened submission (a ``textkit.screen.Screening``)."""
    rec = screening.record()
    title = rec.get("title") or Path(rec["source"]).name
    head = (
        f'<p><a href="{escape(index_href)}">← 返回总览</a></p>'
        f'<div class="top"><div class="score {score_class(rec["score"])}" title="综合得分">{rec["score"]}</div>'
        f'<div><h1>{escape(title)}</h1><div class="source">{escape(rec["source"])}</div>{_flags_html(rec["flags"])}</div></div>'
    )
    body = [head, _scores_html(rec), _duplicates_html(rec)]
    doc = screening.document
    if doc is not None and doc.articles:
        body.append("<h2>正文（规范化后）</h2>" + legend())
        copied = _copied_spans(screening)
        base = 0
        parts = []
        for art in doc.articles:
            local = [(a - base, b - base, tip, ident) for a, b, tip, ident in copied if a < base + len(art.text) and b > base]
            if art.title and len(doc.articles) > 1:
                parts.append(f"<h3>{escape(art.title)}</h3>")
            parts.append(highlight(art.text, article_spans(art, local)))
            base += len(art.text) + 1
        body.append('<div class="doc">' + "".join(parts) + "</div>")
        body.append(_items_html(doc))
    return _page(f"{title} · 筛查结果", "\n".join(body))


def _copied_spans(screening) -> list[tuple[int, int, str, str]]:
    """``(start, end, tooltip, anchor id)`` of every shared passage, in the submission's normalised text."""
    out = []
    for di, d in enumerate(screening.duplicates):
        name = f"《{d['title']}》" if d.get("title") else ""
        tip = f"与{'参考材料' if d['kind'] == 'reference' else '本批材料'}{name}相同\n{d['source']}（相似度 {d['similarity']:.0%}）"
        out += [(p["start"], p["end"], tip, f"copy-{di}-{pi}") for pi, p in enumerate(d["passages"])]
    return out


def index_page(screenings: list, names: list[str]) -> str:
    """The index: submissions ranked by score, with flags and duplicates, linking to their pages
    (``names[i]`` is the page of ``screenings[i]``)."""
    from textkit.screen import ranked

    recs = ranked([{**s.record(), "_page": name} for s, name in zip(screenings, names)])
    counts: dict[str, int] = {}
    for r in recs:
        for f in r["flags"]:
            counts[f["code"]] = counts.get(f["code"], 0) + 1
    rows = []
    for rank, r in enumerate(recs, 1):
        href = r["_page"]
        title = r.get("title") or Path(r["source"]).name
        badges = "".join(f'<span class="badge" title="{escape(f["message"])}">{escape(f["code"])}</span>' for f in r["flags"])
        dups = "<br>".join(f"{escape(d['source'])}（{d['similarity']:.0%}）" for d in r.get("duplicates", []))
        link = f'<a href="{escape(href)}">{escape(title)}</a>' if href else escape(title)
        rows.append(
            f'<tr><td class="num">{rank}</td><td><span class="sc {score_class(r["score"])}">{r["score"]}</span></td>'
            f'<td>{link}<div class="source">{escape(r["source"])}</div></td><td>{badges}</td><td class="source">{dups}</td></tr>'
        )
    summary = "；".join(f"<code>{escape(k)}</code> {v}份" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])) or "无"
    body = (
        f"<h1>材料筛查总览</h1><p>共 {len(recs)} 份材料。问题统计：{summary}</p>"
        "<table><tr><th>排名</th><th>得分</th><th>材料</th><th>问题</th><th>雷同来源</th></tr>" + "".join(rows) + "</table>"
    )
    return _page("材料筛查总览", body)


def write_screen_html(screenings: list, out_dir: str | Path) -> Path:
    """Write one page per submission and ``index.html`` into ``out_dir``; returns the index path."""
    from textkit.io.writers import atomic_path

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names = [page_name(pos, s.source) for pos, s in enumerate(screenings)]  # by position: a source may come twice
    for s, name in zip(screenings, names):
        with atomic_path(out / name) as tmp:
            tmp.write_text(submission_page(s), encoding="utf-8")
    index = out / "index.html"
    with atomic_path(index) as tmp:  # the index appears last, when every page is written
        tmp.write_text(index_page(screenings, names), encoding="utf-8")
    return index
