"""Theme tagging of measures and articles (education, mechanism, supervision, service, other).

Measures are classified by the shipped scikit-learn model (``textkit/models/themes.skops``) or a
user's own (``--model``). An article's theme weights blend the share of its measures whose main
theme each is (0.6) with the mean of their theme probabilities (0.4), normalised to sum to 1; an
article without measures is classified from its text. The confidence is the share of measures
whose main theme is the article's top theme.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from textkit.classify import LABELS, OTHER, THEMES, ThemeModel
from textkit.components import component
from textkit.model import Article
from textkit.resources import data_path

MODEL_FILE = "themes.skops"
VOTE_WEIGHT = 0.6


def default_model_path() -> Path:
    from importlib import resources

    return Path(str(resources.files("textkit") / "models" / MODEL_FILE))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> ThemeModel:
    """The theme model at ``path`` (default: the shipped one), loaded once per process."""
    return ThemeModel.load(path or default_model_path())


@lru_cache(maxsize=1)
def weak_lexicon() -> dict[str, list[tuple[str, float]]]:
    """keyword → [(theme, weight)] from the weak-labelling lexicon (used to pre-label training data)."""
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


def weak_label(text: str) -> list[str]:
    """Weak label of a sentence: the top lexicon theme and any within 60 % of it, else ``other``."""
    sc = lexicon_scores(text)
    if not sc:
        return [OTHER]
    top = sc.most_common(1)[0][1]
    return [t for t, v in sc.most_common() if v >= 0.6 * top][:2]


@component("themes", requires=("measures",), assigns=("themes", "theme_confidence"))
class ThemeTagger:
    """Pipeline component: themes for every measure, theme weights for the article."""

    name = "themes"

    def __init__(self, model: str | None = None):
        self.model = load_model(model)

    def annotate(self, article: Article) -> None:
        measures = article.measures
        if not article.text:
            article.themes, article.theme_confidence = {}, None
            return
        if not measures:
            ((_, dist),) = self.model.analyse([article.text[:3000]], simplified=True)
            weights = np.array([dist[t] for t in THEMES])
            article.themes = {t: round(float(w) / (float(weights.sum()) or 1.0), 4) for t, w in zip(THEMES, weights)}
            article.theme_confidence = round(float(weights.max()), 3)
            return
        probs, ovr = self.model.scores([m.text for m in measures], simplified=True)
        for m, themes, row in zip(measures, self.model.decide(probs, ovr), np.round(probs, 3).tolist()):
            m.themes = themes
            m.theme_scores = dict(zip(LABELS, row))
        main = probs.argmax(axis=1)
        votes = np.bincount(main, minlength=len(LABELS))[: len(THEMES)].astype(float)
        votes = votes / max(1.0, votes.sum())
        weights = VOTE_WEIGHT * votes + (1 - VOTE_WEIGHT) * probs[:, : len(THEMES)].mean(axis=0)
        total = float(weights.sum()) or 1.0
        article.themes = {t: round(float(w) / total, 4) for t, w in zip(THEMES, weights)}
        top = int(np.argmax(weights))
        article.theme_confidence = round(float(np.mean(main == top)), 3)
