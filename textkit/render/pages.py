"""HTML pages of a screening: one page per submission and an index page linking them.

These functions receive plain data and return HTML; ``textkit.screening.html`` prepares the data
and writes the files. A submission is its screening record (``source``, ``title``, ``score``,
``flags``, ``duplicates``, ``scores``) and its articles as dicts: ``title``, ``text`` and the
``measures`` (each with ``substantive``: concrete for screening), ``slogans`` and ``figures`` of
the extraction. The normalised text is shown with the concrete measures (background colour by
theme, hatched when only prescribed; a measure that is not concrete for screening, such as a
boilerplate sentence, is only dotted-underlined, so the page never colours what the flags call
"no concrete measures"), slogans (yellow), figures (blue, bold) and passages shared with another
document (red underline) highlighted; hovering shows the details. The record's ``verdict``
(``{code, label, reasons}``) heads the page and the index; flags show their Chinese ``label``.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from textkit.labels import THEME_COLOURS, label, label_group, theme_names
from textkit.render.charts import bar_chart
from textkit.render.layout import page

STATUS_NAMES = label_group("status")
SLOGAN_KINDS = label_group("slogan_kind")
FIGURE_KINDS = label_group("figure_kind")
FIGURE_ROLES = label_group("figure_role")
SCORE_LABELS = label_group("score")
POINT_LABELS = label_group("point")
DUPLICATE_KINDS = label_group("duplicate_kind")
INDEX_COLUMNS = label_group("index.column")
VERDICT_NAMES = label_group("verdict")
ACTION_NAMES = label_group("verdict_action")
_SHARES = {"concrete_share", "done_share", "boilerplate_share", "copied_share"}
_PASSAGES_SHOWN = 12

Span = tuple[int, int, list[str], str, "str | None"]  # start, end, classes, tooltip, anchor id
Copied = tuple[int, int, str, str]  # start, end, tooltip, anchor id


def score_class(score: int) -> str:
    return "score-high" if score >= 70 else "score-mid" if score >= 40 else "score-low"


def page_name(position: int, source: str) -> str:
    """File name of a submission's page: its position in the input and a safe form of its stem."""
    stem = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", Path(source).stem).strip("_")[:40] or "doc"
    return f"{position + 1:04d}-{stem}.html"


# --------------------------------------------------------------------------- highlighted text


def _measure_span(m: dict[str, Any]) -> Span:
    main = str(m["themes"][0]) if m["themes"] else "other"
    substantive = m["substantive"]
    tip = label(
        "page.tip.measure",
        themes=theme_names(str(t) for t in m["themes"]) or label("page.tip.no_theme"),
        status=STATUS_NAMES.get(m["status"], m["status"]),
        substance=label("page.tip.substantive" if substantive else "page.tip.general"),
    )
    if m["section"]:
        tip += "\n" + label("page.tip.section", section=m["section"])
    kind = [f"theme-{main}", "concrete"] if substantive else ["general"]  # only concrete measures are coloured
    classes = ["measure", *kind, f"status-{m['status']}"]
    return (m["start"], m["end"], classes, tip, None)


def _slogan_spans(s: dict[str, Any]) -> list[Span]:
    tip = label("page.tip.slogan", kind=SLOGAN_KINDS.get(s["kind"], s["kind"]), text=s["text"])
    if s["expansion"]:
        tip += "\n" + label("page.tip.expansion", expansion="、".join(s["expansion"]))
    return [(int(a), int(b), ["slogan", f"slogan-{s['kind']}"], tip, None) for a, b in s["occurrences"] or [(s["start"], s["end"])]]


def _figure_span(f: dict[str, Any]) -> Span:
    value = f"{f['value']:g}" + (f"–{f['value_max']:g}" if f["value_max"] is not None else "")
    tip = label(
        "page.tip.figure",
        indicator=f["indicator"] or label("page.tip.no_indicator"),
        value=value,
        unit=f["unit"],
        kind=FIGURE_KINDS.get(f["kind"], f["kind"]),
        role=FIGURE_ROLES["target" if f["role"] == "target" else "achievement"],
    )
    return (f["start"], f["end"], ["figure", f"figure-{f['kind']}"], tip, None)


def article_spans(article: dict[str, Any], copied: list[Copied] | None = None) -> list[Span]:
    """``(start, end, classes, tooltip, anchor id)`` of everything highlighted in one article (a dict, see the module docstring)."""
    spans = [_measure_span(m) for m in article["measures"]]
    for s in article["slogans"]:
        spans += _slogan_spans(s)
    spans += [_figure_span(f) for f in article["figures"]]
    spans += [(a, b, ["copied"], tip, ident) for a, b, tip, ident in copied or []]
    return spans


def _cuts(text: str, spans: list[Span]) -> list[int]:
    """Every offset where a span starts or ends, and both sides of each line break."""
    bounds = {0, len(text)}
    for a, b, *_ in spans:
        bounds.update((max(0, min(a, len(text))), max(0, min(b, len(text)))))
    bounds.update(i for i, c in enumerate(text) if c == "\n")
    bounds.update(i + 1 for i, c in enumerate(text) if c == "\n")
    return sorted(bounds)


def _span_html(seg: str, active: list[Span], used_ids: set[str]) -> str:
    """One ``<span>`` for a run covered by ``active``: their classes and tooltips, and the first unused anchor id."""
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
    return f'<span class="{" ".join(classes)}" title="{escape(chr(10).join(tips))}"{ident_attr}>{escape(seg)}</span>'


def _run_html(text: str, a: int, b: int, spans: list[Span], used_ids: set[str]) -> str:
    seg = text[a:b]
    if seg == "\n":
        return "</p>\n<p>"
    active = [s for s in spans if s[0] <= a and b <= s[1] and s[0] < s[1]]
    return _span_html(seg, active, used_ids) if active else escape(seg)


def highlight(text: str, spans: list[Span]) -> str:
    """The text as HTML paragraphs, each run of characters covered by the same spans in one ``<span>``."""
    cuts = _cuts(text, spans)
    used_ids: set[str] = set()
    runs = [_run_html(text, a, b, spans, used_ids) for a, b in zip(cuts, cuts[1:])]
    return ("<p>" + "".join(runs) + "</p>").replace("<p></p>", "")


def legend() -> str:
    keys = [f'<span class="key measure theme-{t}">{label("page.legend.measure", theme=theme_names([t]))}</span>' for t in THEME_COLOURS]
    keys.append(f'<span class="key measure theme-education status-prescribed">{label("page.legend.prescribed")}</span>')
    keys.append(f'<span class="key measure general">{label("page.legend.general")}</span>')
    keys.append(f'<span class="key slogan">{label("page.legend.slogan")}</span>')
    keys.append(f'<span class="key figure">{label("page.legend.figure")}</span>')
    keys.append(f'<span class="key copied">{label("page.legend.copied")}</span>')
    return f'<div class="legend">{label("page.legend")}' + "".join(keys) + f'<span class="muted">{label("page.legend.hint")}</span></div>'


# --------------------------------------------------------------------------- parts of a submission's page


def _value(key: str, v: Any) -> str:
    if v is None:
        return "—"
    if key in _SHARES and isinstance(v, int | float):
        return f"{v:.0%}"
    return escape(str(v))


def _flag_name(f: dict[str, str]) -> str:
    return f.get("label") or f["code"]


def _flags_html(flags: list[dict[str, str]]) -> str:
    if not flags:
        return f'<ul class="flags"><li class="ok">{label("page.no_flags")}</li></ul>'
    items = "".join(f'<li data-code="{escape(f["code"])}"><b>{escape(_flag_name(f))}</b>　{escape(f["message"])}</li>' for f in flags)
    return f'<ul class="flags">{items}</ul>'


def _verdict_code(rec: dict[str, Any]) -> str:
    return (rec.get("verdict") or {}).get("code", "")


def _verdict_badge(rec: dict[str, Any], css: str = "vb") -> str:
    code = _verdict_code(rec)
    if code not in VERDICT_NAMES:
        return ""
    return f'<span class="{css} verdict-{code}" data-verdict="{code}">{VERDICT_NAMES[code]}</span>'


def _verdict_html(rec: dict[str, Any]) -> str:
    """The verdict and the reasons that decided it."""
    reasons = (rec.get("verdict") or {}).get("reasons") or []
    if not _verdict_code(rec):
        return ""
    if not reasons:
        return f'<p class="reasons-title">{label("page.verdict.reasons")}</p><ul class="flags reasons"><li class="ok">{label("page.verdict.ok")}</li></ul>'
    items = "".join(
        f'<li class="action-{escape(r["action"])}" data-code="{escape(r["code"])}"><b>[{ACTION_NAMES.get(r["action"], r["action"])}]'
        f" {escape(r['label'])}</b>　{escape(r['message'])}</li>"
        for r in reasons
    )
    return f'<p class="reasons-title">{label("page.verdict.reasons")}</p><ul class="flags reasons">{items}</ul>'


def _flags_without_reasons(rec: dict[str, Any]) -> list[dict[str, str]]:
    """The flags that are not already listed as reasons of the verdict (notes)."""
    deciding = {r["code"] for r in (rec.get("verdict") or {}).get("reasons") or []}
    return [f for f in rec["flags"] if f["code"] not in deciding]


def _themes_rows(sc: dict[str, Any]) -> str:
    covered = theme_names(sc.get("themes_covered", [])) or "—"
    missing = theme_names(sc.get("themes_missing", [])) or "—"
    return (
        f"<tr><th>{label('page.themes_covered')}</th><td>{escape(covered)}</td></tr>"
        f"<tr><th>{label('page.themes_missing')}</th><td>{escape(missing)}</td></tr>"
    )


def _scores_html(rec: dict[str, Any]) -> str:
    sc = rec.get("scores") or {}
    if not sc:
        return ""
    rows = [f'<tr><th>{escape(name)}</th><td class="num">{_value(k, sc.get(k))}</td></tr>' for k, name in SCORE_LABELS.items() if k in sc]
    rows.append(_themes_rows(sc))
    points = sc.get("points") or {}
    chart = bar_chart(
        [(POINT_LABELS.get(k, k), v) for k, v in points.items()],
        title=label("page.points", substance=sc.get("substance", 0)),
        width=420,
        bar=16,
        fmt="{:.1f}",
    )
    return f'<div class="top"><table>{"".join(rows)}</table><div>{chart}</div></div>'


def _duplicate_kind(d: dict[str, Any]) -> str:
    return DUPLICATE_KINDS["reference" if d["kind"] == "reference" else "submission"]


def _passage_html(di: int, pi: int, p: dict[str, Any]) -> str:
    excerpt = p["text"] if len(p["text"]) <= 160 else p["text"][:150] + "……"
    where = label(
        "page.passage.where", start=p["start"], end=p["end"], other_start=p["other_start"], other_end=p["other_end"], chars=p["chars"]
    )
    return (
        f'<div class="passage">{escape(excerpt)}<br><span class="muted">'
        f'<a href="#copy-{di}-{pi}">{label("page.passage.here")}</a> {where}</span></div>'
    )


def _duplicate_html(di: int, d: dict[str, Any]) -> list[str]:
    title = f"《{d['title']}》" if d.get("title") else ""
    summary = label(
        "page.duplicate",
        similarity=d["similarity"],
        copied_share=d["copied_share"],
        other_copied_share=d["other_copied_share"],
        jaccard=d["jaccard"],
        count=len(d["passages"]),
    )
    parts = [f'<p><b>{_duplicate_kind(d)}</b> {escape(title)} <span class="source">{escape(d["source"])}</span><br>{summary}</p>']
    parts += [_passage_html(di, pi, p) for pi, p in enumerate(d["passages"][:_PASSAGES_SHOWN])]
    if len(d["passages"]) > _PASSAGES_SHOWN:
        parts.append(f'<p class="muted">{label("page.passage.more", count=len(d["passages"]) - _PASSAGES_SHOWN)}</p>')
    return parts


def _duplicates_html(rec: dict[str, Any]) -> str:
    dups = rec.get("duplicates") or []
    if not dups:
        return ""
    parts = [f"<h2>{label('page.duplicates')}</h2>"]
    for di, d in enumerate(dups):
        parts += _duplicate_html(di, d)
    return "".join(parts)


def _items_html(articles: list[dict[str, Any]]) -> str:
    rows = [
        f"<tr><td>{escape(m['text'])}</td><td>{escape(theme_names(str(t) for t in m['themes']))}</td>"
        f"<td>{STATUS_NAMES.get(m['status'], m['status'])}</td>"
        f"<td>{label('page.tip.substantive' if m['substantive'] else 'page.tip.general')}</td></tr>"
        for art in articles
        for m in art["measures"]
    ]
    if not rows:
        return ""
    head = "".join(f"<th>{label(f'page.measure_list.{k}')}</th>" for k in ("measure", "themes", "status", "kind"))
    return (
        f"<details><summary>{label('page.measure_list', count=len(rows))}</summary><table><tr>{head}</tr>{''.join(rows)}</table></details>"
    )


def _copied_spans(duplicates: list[dict[str, Any]]) -> list[Copied]:
    """``(start, end, tooltip, anchor id)`` of every shared passage, in the submission's normalised text."""
    out = []
    for di, d in enumerate(duplicates):
        name = f"《{d['title']}》" if d.get("title") else ""
        tip = (
            label("page.tip.copied", kind=_duplicate_kind(d), name=name)
            + "\n"
            + label("page.tip.copied_source", source=d["source"], similarity=d["similarity"])
        )
        out += [(p["start"], p["end"], tip, f"copy-{di}-{pi}") for pi, p in enumerate(d["passages"])]
    return out


def _text_html(articles: list[dict[str, Any]], copied: list[Copied]) -> str:
    """The highlighted text of every article; ``copied`` offsets count the articles joined by line breaks."""
    base = 0
    parts = []
    for art in articles:
        text = art["text"]
        local = [(a - base, b - base, tip, ident) for a, b, tip, ident in copied if a < base + len(text) and b > base]
        if art["title"] and len(articles) > 1:
            parts.append(f"<h3>{escape(art['title'])}</h3>")
        parts.append(highlight(text, article_spans(art, local)))
        base += len(text) + 1
    return '<div class="doc">' + "".join(parts) + "</div>"


def _head_html(rec: dict[str, Any], title: str, index_href: str) -> str:
    notes = _flags_without_reasons(rec) if _verdict_code(rec) else rec["flags"]
    flags = _flags_html(notes) if notes or not _verdict_code(rec) else ""
    return (
        f'<p><a href="{escape(index_href)}">{label("page.back")}</a></p>'
        f'<div class="top"><div><div class="score {score_class(rec["score"])}" title="{label("page.score")}">{rec["score"]}</div>'
        f'<div title="{label("page.verdict")}">{_verdict_badge(rec, "verdict")}</div></div>'
        f'<div class="head-main"><h1>{escape(title)}</h1><div class="source">{escape(rec["source"])}</div>{_verdict_html(rec)}{flags}</div></div>'
    )


# --------------------------------------------------------------------------- pages


def submission_page(rec: dict[str, Any], articles: list[dict[str, Any]], index_href: str = "index.html") -> str:
    """The page of one screened submission: its record and its articles (dicts, see the module docstring)."""
    title = rec.get("title") or Path(rec["source"]).name
    body = [_head_html(rec, title, index_href), _scores_html(rec), _duplicates_html(rec)]
    if articles:
        body.append(f"<h2>{label('page.text')}</h2>" + legend())
        body.append(_text_html(articles, _copied_spans(rec.get("duplicates") or [])))
        body.append(_items_html(articles))
    return page(label("page.title", title=title), "\n".join(body))


def _flag_summary(recs: list[dict[str, Any]]) -> str:
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for r in recs:
        for f in r["flags"]:
            counts[f["code"]] = counts.get(f["code"], 0) + 1
            names[f["code"]] = _flag_name(f)
    ordered = sorted(counts.items(), key=lambda kv: -kv[1])
    return "；".join(f"{escape(names[k])} {label('index.flag_count', count=v)}" for k, v in ordered) or label("index.no_flags")


def _verdict_summary(recs: list[dict[str, Any]]) -> str:
    counts = {code: sum(1 for r in recs if _verdict_code(r) == code) for code in VERDICT_NAMES}
    parts = [label("index.verdict_count", verdict=name, count=counts[code]) for code, name in VERDICT_NAMES.items()]
    return f"<p>{label('index.verdicts', verdicts='；'.join(parts))}</p>" if any(counts.values()) else ""


def _index_row(rank: int, r: dict[str, Any], href: str) -> str:
    title = r.get("title") or Path(r["source"]).name
    notes = {f["code"] for f in _flags_without_reasons(r)} if _verdict_code(r) else set()
    badges = "".join(
        f'<span class="badge{" note" if f["code"] in notes else ""}" data-code="{escape(f["code"])}" title="{escape(f["message"])}">'
        f"{escape(_flag_name(f))}</span>"
        for f in r["flags"]
    )
    dups = "<br>".join(f"{escape(d['source'])}（{d['similarity']:.0%}）" for d in r.get("duplicates", []))
    link = f'<a href="{escape(href)}">{escape(title)}</a>' if href else escape(title)
    return (
        f'<tr><td class="num">{rank}</td><td>{_verdict_badge(r)}</td><td><span class="sc {score_class(r["score"])}">{r["score"]}</span></td>'
        f'<td>{link}<div class="source">{escape(r["source"])}</div></td><td>{badges}</td><td class="source">{dups}</td></tr>'
    )


def index_page(ranked_pages: list[tuple[dict[str, Any], str]]) -> str:
    """The index: ``(record, page file)`` of each submission, best first, with flags and duplicates, linking to the pages."""
    recs = [rec for rec, _ in ranked_pages]
    rows = [_index_row(rank, rec, href) for rank, (rec, href) in enumerate(ranked_pages, 1)]
    head = "".join(f"<th>{h}</th>" for h in INDEX_COLUMNS.values())
    body = (
        f"<h1>{label('index.title')}</h1>{_verdict_summary(recs)}<p>{label('index.summary', count=len(recs), flags=_flag_summary(recs))}</p>"
        f"<table><tr>{head}</tr>" + "".join(rows) + "</table>"
    )
    return page(label("index.title"), body)
