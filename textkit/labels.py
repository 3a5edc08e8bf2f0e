"""Labels and colours, from one table: ``data/themes.tsv`` (themes) and ``data/labels.tsv`` (flags, UI).

The theme table's order is the model's column order; ``other`` is the label for none of them.
A loaded theme model is checked against it (``textkit.classify``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from types import MappingProxyType

from textkit.resources import table

OTHER = "other"
_ROWS = {row["name"]: row for row in table("themes")}

#: Every label a theme model predicts, in column order (``other`` last).
LABELS: tuple[str, ...] = (*(n for n in _ROWS if n != OTHER), OTHER)
#: The four themes (labels without ``other``).
THEMES: tuple[str, ...] = LABELS[:-1]
#: Chinese name of each label, as staff read it.
THEME_NAMES: dict[str, str] = {n: r["label"] for n, r in _ROWS.items()}
#: Highlight colour of each label on the HTML pages.
THEME_COLOURS: dict[str, str] = {n: r["page_colour"] for n, r in _ROWS.items()}
#: Series colour of each label in the report's charts.
CHART_THEME_COLOURS: dict[str, str] = {n: r["chart_colour"] for n, r in _ROWS.items()}


def theme_names(themes: Iterable[str]) -> str:
    """Chinese names of ``themes`` joined by 、 (an unknown label stays as it is)."""
    return "、".join(THEME_NAMES.get(t, t) for t in themes)


# --------------------------------------------------------------------------- user-interface text


@cache
def ui_text() -> dict[str, str]:
    """Every Chinese user-interface text of ``data/labels.tsv`` by key (flag messages, sheet, pages, report)."""
    return {row["key"]: row["zh"] for row in table("labels")}


def label(key: str, **fields: object) -> str:
    """The Chinese text of ``key``; with ``fields``, its ``{name}`` placeholders filled (``str.format``)."""
    text = ui_text()[key]
    return text.format(**fields) if fields else text


@cache
def label_group(prefix: str) -> Mapping[str, str]:
    """The texts whose key is ``prefix.NAME``, by ``NAME``, in file order (``label_group("status")["done"]``); read-only."""
    start = prefix + "."
    return MappingProxyType({k[len(start) :]: v for k, v in ui_text().items() if k.startswith(start) and "." not in k[len(start) :]})
