"""Labels and colours, from one table: ``data/themes.tsv`` (themes) and ``data/labels.tsv`` (flags, UI).

The theme table's order is the model's column order; ``other`` is the label for none of them.
A loaded theme model is checked against it (``textkit.classify``).
"""

from __future__ import annotations

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
