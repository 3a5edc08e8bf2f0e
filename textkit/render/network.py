"""The co-occurrence network as a static SVG: nodes where the report's layout put them
(``textkit.corpus.network.network_layout``, seeded, so the page is reproducible), sized by
frequency, slogans in another colour than words, edges as thick as their Jaccard coefficient."""

from __future__ import annotations

import math
from html import escape
from typing import Any

from textkit.labels import label
from textkit.render.charts import _svg, _title, text_width

WORD_COLOUR = "#4e79a7"
SLOGAN_COLOUR = "#e15759"
_MARGIN = 60
_TOP = 40


def _radius(frequency: float, low: float, high: float) -> float:
    """5–22 px by the square root of the frequency (the area grows with it)."""
    if high <= low:
        return 10.0
    share = (math.sqrt(frequency) - math.sqrt(low)) / (math.sqrt(high) - math.sqrt(low))
    return 5 + 17 * share


def network_svg(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], *, title: str, width: int = 900, height: int = 640) -> str:
    """The network drawn from ``network_nodes`` rows (node, kind, frequency, x, y in [0, 1]) and
    ``network_edges`` rows (source, target, jaccard)."""
    if not nodes:
        return f'<p class="muted">{label("chart.no_data")}</p>'
    inner_w, inner_h = width - 2 * _MARGIN, height - _TOP - _MARGIN
    at = {n["node"]: (_MARGIN + float(n["x"]) * inner_w, _TOP + 10 + float(n["y"]) * inner_h) for n in nodes}
    freqs = [float(n["frequency"]) for n in nodes]
    low, high = min(freqs), max(freqs)
    top_j = max((float(e["jaccard"]) for e in edges), default=1.0) or 1.0
    body = [_title(title)]
    for e in edges:
        if e["source"] in at and e["target"] in at:
            (x1, y1), (x2, y2) = at[e["source"]], at[e["target"]]
            stroke = 0.6 + 3.4 * float(e["jaccard"]) / top_j
            body.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#9aa0a6" stroke-opacity="0.6" '
                f'stroke-width="{stroke:.2f}"><title>{escape(e["source"])} — {escape(e["target"])}: {e["jaccard"]}</title></line>'
            )
    for n in sorted(nodes, key=lambda n: -float(n["frequency"])):  # small nodes on top of big ones
        x, y = at[n["node"]]
        r = _radius(float(n["frequency"]), low, high)
        colour = SLOGAN_COLOUR if n["kind"] == "slogan" else WORD_COLOUR
        name = escape(str(n["node"]))
        body.append(
            f'<g class="node {escape(n["kind"])}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}" fill-opacity="0.8" '
            f'stroke="#fff"><title>{name}: {n["frequency"]}</title></circle>'
            f'<text x="{x:.1f}" y="{y - r - 3:.1f}" text-anchor="middle" font-size="12">{name}</text></g>'
        )
    body.append(_legend(width))
    return _svg(width, height, body, title)


def _legend(width: int) -> str:
    """Word and slogan colours, top right."""
    items, x = [], float(width - _MARGIN)
    for key, colour in (("report.network.slogan", SLOGAN_COLOUR), ("report.network.word", WORD_COLOUR)):
        name = label(key)
        x -= text_width(name, 12) + 22
        items.append(
            f'<circle cx="{x + 6:.1f}" cy="14" r="6" fill="{colour}"/><text x="{x + 16:.1f}" y="18" font-size="12">{escape(name)}</text>'
        )
    return "".join(items)
