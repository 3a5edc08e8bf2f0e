"""Theme tagging of measures and articles (education, mechanism, supervision, service, other)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import lru_cache

from textkit.model import Article
from textkit.segmentation import data_path

THEMES = ("education", "mechanism", "supervision", "service")


@lru_cache(maxsize=1)
def weak_lexicon() -> dict[str, list[tuple[str, float]]]:
    """keyword → [(theme, weight)] from the shipped weak-labelling lexicon."""
    out: dict[str, list[tuple[str, float]]] = {}
    with data_path("weak_lexicon.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out.setdefault(row["keyword"], []).append((row["theme"], float(row["weight"])))
    return out


@lru_cache(maxsize=1)
def _keyword_re() -> re.Pattern:
    return re.compile("|".join(re.escape(k) for k in sorted(weak_lexicon(), key=len, reverse=True)))


def lexicon_scores(text: str) -> Counter:
    """Theme scores of a text from the weak-labelling keywords it contains (each keyword once)."""
    scores: Counter = Counter()
    lex = weak_lexicon()
    for kw in set(_keyword_re().findall(text)):
        for theme, w in lex[kw]:
            scores[theme] += w
    return scores


class ThemeTagger:
    """Assign themes to measures and weights to the article."""

    name = "themes"

    def __init__(self, model: str | None = None):
        self.model = model

    def annotate(self, article: Article) -> None:
        totals: Counter = Counter()
        for m in article.measures:
            sc = lexicon_scores(m.text)
            if not sc:
                m.themes = ["other"]
                continue
            ranked = [t for t, v in sc.most_common() if v >= sc.most_common(1)[0][1] * 0.6][:2]
            m.themes = ranked
            m.theme_scores = {t: round(v / sum(sc.values()), 3) for t, v in sc.items()}
            totals[ranked[0]] += 1
        n = sum(totals[t] for t in THEMES) or 1
        article.themes = {t: round(totals[t] / n, 3) for t in THEMES}
