"""Inline SVG charts with Chinese labels: horizontal bars, 100 % stacked bars, a heat map, a line chart.

Hand-written SVG (no JavaScript, no fonts or scripts from the network); text uses the CJK font
stack of the pages, so labels render with the system's Chinese fonts.
"""

from __future__ import annotations

import math
from decimal import Decimal
from html import escape

from textkit.labels import label

FONT_STACK = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", '
    '"Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "SimHei", sans-serif'
)
_SVG_FONT = FONT_STACK.replace('"', "'")
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]


def text_width(text: str, size: float = 13) -> float:
    """Approximate rendered width: CJK characters and punctuation (—, …, “) one em, others about 0.6 em."""
    return sum(size if ord(c) >= 0x2000 else 0.6 * size for c in text)


def _fmt(v: float, fmt: str) -> str:
    return fmt.format(v)


def plain_number(value: float, *, grouping: bool = False) -> str:
    """A number as written, never in scientific notation: ``1590.0`` → ``1590`` (``1,590`` with
    ``grouping``), ``96.5`` → ``96.5``, ``1e-05`` → ``0.00001``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            value = int(value)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return format(number, ",f" if grouping else "f")


def _plain(v: float) -> str:
    """A count or value as written: no ``.0`` on whole numbers, no scientific notation, thousands grouped."""
    return plain_number(v, grouping=True)


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(title)}" font-family="{_SVG_FONT}" font-size="13">'
    )
    return head + f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"


def _title(title: str) -> str:
    return f'<text x="8" y="18" font-size="15" font-weight="bold">{escape(title)}</text>'


def _empty(width: int, title: str) -> str:
    """A chart without data: its title and a note."""
    return _svg(width, 40, [f'<text x="8" y="24" fill="#666">{label("chart.no_data")}</text>'], title)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(
    items: list[tuple[str, float]],
    *,
    title: str,
    colour: str | list[str] = PALETTE[0],
    width: int = 680,
    bar: int = 22,
    fmt: str = "{:.0f}",
    max_label: int = 24,
) -> str:
    """Horizontal bars, one per ``(label, value)``, labels on the left, values at the bar ends."""
    if not items:
        return _empty(width, title)
    labels = [_shorten(lab, max_label) for lab, _ in items]
    left = min(width * 0.45, max(text_width(lab) for lab in labels) + 16)
    vmax = max(v for _, v in items) or 1.0
    room = width - left - 70
    top = 30
    body = [_title(title)]
    for k, ((_, v), lab) in enumerate(zip(items, labels)):
        y = top + k * (bar + 6)
        w = max(1.0, room * v / vmax) if v > 0 else 0
        c = colour[k % len(colour)] if isinstance(colour, list) else colour
        body.append(f'<text x="{left - 8:.0f}" y="{y + bar * 0.72:.1f}" text-anchor="end">{escape(lab)}</text>')
        body.append(
            f'<rect x="{left:.0f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{c}"><title>{escape(items[k][0])}：{_fmt(v, fmt)}</title></rect>'
        )
        body.append(f'<text x="{left + w + 6:.1f}" y="{y + bar * 0.72:.1f}" fill="#333">{_fmt(v, fmt)}</text>')
    return _svg(width, top + len(items) * (bar + 6) + 8, body, title)


def _legend(keys: list[str], names: dict[str, str], colours: dict[str, str]) -> list[str]:
    """A row of colour swatches with the key names, above the bars."""
    body = []
    x = 8.0
    for k in keys:
        body.append(f'<rect x="{x:.0f}" y="28" width="12" height="12" fill="{colours[k]}"/>')
        body.append(f'<text x="{x + 16:.0f}" y="39">{escape(names.get(k, k))}</text>')
        x += 16 + text_width(names.get(k, k)) + 14
    return body


def _stacked_segment(x: float, y: float, w: float, bar: int, colour: str, tip: str, share: float) -> list[str]:
    out = [f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour}"><title>{escape(tip)}</title></rect>']
    if w > 34:
        out.append(f'<text x="{x + w / 2:.1f}" y="{y + bar * 0.72:.1f}" text-anchor="middle" fill="#111" font-size="11">{share:.0%}</text>')
    return out


def _shares(values: dict[str, float], keys: list[str]) -> list[tuple[str, float]]:
    """Each key's share of the group's total (negative values count as 0)."""
    total = sum(max(0.0, values.get(k, 0.0)) for k in keys) or 1.0
    return [(k, max(0.0, values.get(k, 0.0)) / total) for k in keys]


def _stacked_segments(
    group: str, shares: list[tuple[str, float]], names: dict[str, str], colours: dict[str, str], x: float, y: float, room: float, bar: int
) -> list[str]:
    """The segments of one 100 % bar from ``x``, one per key with a positive share."""
    body = []
    for k, share in shares:
        w = room * share
        if w <= 0:
            continue
        body += _stacked_segment(x, y, w, bar, colours[k], f"{group} · {names.get(k, k)}：{share:.0%}", share)
        x += w
    return body


def stacked_bars(
    groups: list[tuple[str, dict[str, float]]],
    keys: list[str],
    *,
    title: str,
    names: dict[str, str] | None = None,
    colours: dict[str, str] | None = None,
    width: int = 680,
    bar: int = 22,
) -> str:
    """One 100 % bar per group, split by ``keys``; a legend on top."""
    names = names or {}
    colours = colours or {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}
    if not groups:
        return _empty(width, title)
    labels = [_shorten(g, 20) for g, _ in groups]
    left = min(width * 0.4, max(text_width(lab) for lab in labels) + 16)
    room = width - left - 12
    body = [_title(title), *_legend(keys, names, colours)]
    top = 50
    for n, ((group, values), lab) in enumerate(zip(groups, labels)):
        y = top + n * (bar + 6)
        body.append(f'<text x="{left - 8:.0f}" y="{y + bar * 0.72:.1f}" text-anchor="end">{escape(lab)}</text>')
        body += _stacked_segments(group, _shares(values, keys), names, colours, left, y, room, bar)
    return _svg(width, top + len(groups) * (bar + 6) + 8, body, title)


def _shade(v: float, vmax: float, rgb: tuple[int, int, int]) -> str:
    """White for 0, ``rgb`` for ``vmax``, linear in between."""
    r, g, b = rgb
    a = v / vmax
    return f"rgb({int(255 - (255 - r) * a)},{int(255 - (255 - g) * a)},{int(255 - (255 - b) * a)})"


def _heat_labels(short: list[str], left: float, top: float, cell: int) -> list[str]:
    """Row labels on the left, column labels slanted on top."""
    body = []
    for i, lab in enumerate(short):
        y = top + i * cell
        body.append(f'<text x="{left - 6:.0f}" y="{y + cell * 0.68:.1f}" text-anchor="end" font-size="12">{escape(lab)}</text>')
        x = left + i * cell + cell * 0.6
        body.append(f'<text transform="translate({x:.1f},{top - 6:.1f}) rotate(-45)" font-size="12">{escape(lab)}</text>')
    return body


def _heat_cell(i: int, j: int, v: float, tip: str, origin: tuple[float, float], cell: int, fill: str) -> list[str]:
    left, top = origin
    x, y = left + j * cell, top + i * cell
    out = [f'<rect x="{x:.0f}" y="{y:.0f}" width="{cell - 1}" height="{cell - 1}" fill="{fill}"><title>{escape(tip)}</title></rect>']
    if v and i != j:
        out.append(f'<text x="{x + cell / 2:.1f}" y="{y + cell * 0.66:.1f}" text-anchor="middle" font-size="10">{_plain(v)}</text>')
    return out


def _off_diagonal_max(matrix: list[list[float]]) -> float:
    """The largest value off the diagonal (1 when there is none or it is 0), the top of the colour scale."""
    return max((v for i, row in enumerate(matrix) for j, v in enumerate(row) if i != j), default=0) or 1


def heatmap(labels: list[str], matrix: list[list[float]], *, title: str, cell: int = 26, colour: str = "#e15759") -> str:
    """A symmetric matrix (e.g. co-occurrence counts) as shaded cells with the counts written in."""
    if not labels:
        return _empty(400, title)
    short = [_shorten(lab, 12) for lab in labels]
    left = max(text_width(lab) for lab in short) + 12
    top = 30 + left * 0.72
    n = len(labels)
    vmax = _off_diagonal_max(matrix)
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    body = [_title(title), *_heat_labels(short, left, top, cell)]
    for i in range(n):
        for j in range(n):
            v = matrix[i][j]
            fill = "#f0f0f0" if i == j else _shade(v, vmax, rgb)
            body += _heat_cell(i, j, v, f"{labels[i]} × {labels[j]}：{_plain(v)}", (left, top), cell, fill)
    return _svg(left + n * cell + 60, top + n * cell + 10, body, title)


def _x_labels(labels: list[str], xs: list[float], y: float) -> list[str]:
    """Labels under the x axis, thinned so they do not overlap (every label stays in the points' tooltips)."""
    gap = text_width(max(labels, key=len), 11) + 6
    out, last = [], -math.inf
    for i, (lab, x) in enumerate(zip(labels, xs)):
        if x - last >= gap and (i == len(labels) - 1 or xs[-1] - x >= gap):
            out.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="11">{escape(lab)}</text>')
            last = x
    if last < xs[-1]:
        out.append(f'<text x="{xs[-1]:.1f}" y="{y:.1f}" text-anchor="middle" font-size="11">{escape(labels[-1])}</text>')
    return out


def line_chart(
    labels: list[str],
    series: dict[str, list[float]],
    *,
    title: str,
    positions: list[float] | None = None,
    names: dict[str, str] | None = None,
    colours: dict[str, str] | None = None,
    width: int = 880,
    height: int = 220,
    fmt: str = "{:.2f}",
) -> str:
    """One line per series over every label on the x axis (e.g. every year, however many), a legend on top;
    each point has a tooltip with its label and value. ``positions`` (e.g. the years as numbers) place the
    points in proportion, so gaps in a series show; by default the labels are evenly spaced."""
    names = names or {}
    keys = list(series)
    colours = colours or {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}
    if not labels or not keys:
        return _empty(width, title)
    left, top, right = 44.0, 56.0, 16.0
    pos = positions if positions and len(positions) == len(labels) else list(range(len(labels)))
    span = (max(pos) - min(pos)) or 1.0
    xs = [left + (width - left - right) * (p - min(pos)) / span for p in pos]
    vmax = max((v for vs in series.values() for v in vs), default=0) or 1.0
    body = [_title(title), *_legend(keys, names, colours)]
    for frac in (0.0, 0.5, 1.0):
        y = top + height * (1 - frac)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>')
        body.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{_fmt(vmax * frac, fmt)}</text>')
    for k in keys:
        ys = [top + height * (1 - v / vmax) for v in series[k]]
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
        body.append(f'<polyline fill="none" stroke="{colours[k]}" stroke-width="2" points="{pts}"/>')
        for i, (x, y) in enumerate(zip(xs, ys)):
            tip = f"{labels[i]} · {names.get(k, k)}：{_fmt(series[k][i], fmt)}"
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colours[k]}"><title>{escape(tip)}</title></circle>')
    body += _x_labels(labels, xs, top + height + 16)
    return _svg(width, top + height + 26, body, title)
