"""Theme tagging of measures and articles (education, mechanism, supervision, service, other).

Measures are classified by the shipped scikit-learn model (``textkit/models/themes.skops``) or a
user's own (``--model``), each read in the context of the sentence it was cut from (see
``ThemeModel.in_context``). An article's theme weights blend the share of its measures whose main
theme each is (0.6) with the mean of their theme probabilities (0.4), both from the measures' own
text (a sentence cut into several measures would otherwise count several times), normalised to
sum to 1; an article without measures is classified from its text. The confidence is the share of measures
whose main theme is the article's top theme.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from textkit.components import component
from textkit.extractors.measures import CLAUSE_SPLIT, is_lead_in
from textkit.labels import LABELS, OTHER, THEMES
from textkit.model import Article, Measure
from textkit.model_files import read_arrays, shipped_model
from textkit.resources import data_path, loading
from textkit.scoring import THEME_MODEL_FILE, THEMES_LINEAR, LinearThemes, ThemeScoring

if TYPE_CHECKING:
    from textkit.classify import ThemeModel

VOTE_WEIGHT = 0.6
ARTICLE_TEXT_LIMIT = 3000  # characters of an article without measures that the model reads


def default_model_path() -> Path:
    """The shipped theme model (``textkit/models/themes.skops``)."""
    return shipped_model(THEME_MODEL_FILE)


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> ThemeModel:
    """The theme model at ``path`` (default: the shipped one), loaded once per process: the full
    scikit-learn ``ThemeModel`` (for ``explain``, training, its estimators)."""
    with loading("the theme model"):
        from textkit.classify import ThemeModel

        return ThemeModel.load(path or default_model_path())


@lru_cache(maxsize=4)
def load_scorer(path: str | None = None) -> ThemeScoring:
    """The theme model at ``path`` (default: the shipped one) for scoring only, loaded once per process:
    from its plain companion (``LinearThemes``: NumPy, no scikit-learn, the same numbers) when it has
    a current one, else ``load_model(path)``."""
    source = Path(path) if path else default_model_path()
    arrays = read_arrays(source, "theme model")
    if arrays is not None and arrays.get("format") == THEMES_LINEAR:
        return LinearThemes(arrays, source)
    return load_model(path)


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
    return re.compile("|".join(re.escape(k) for k in sorted(weak_lexicon(), key=lambda w: (-len(w), w))))


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


def _shares(weights: np.ndarray) -> dict[str, float]:
    """Theme weights normalised to sum to 1, rounded to 4 places."""
    total = float(weights.sum()) or 1.0
    return {t: round(float(w) / total, 4) for t, w in zip(THEMES, weights)}


def theme_text(text: str, sentence: str) -> str:
    """What the theme model reads for a measure: its text, after the lead-in clause just before it in
    its sentence (为加强…, 按照…): the extractor leaves that out of the action, but it often names the theme."""
    at = sentence.find(text)
    if at <= 0:
        return text
    before = CLAUSE_SPLIT.split(sentence[:at].rstrip("，,；;：: "))[-1].strip()
    return f"{before}，{text}" if before and is_lead_in(before) else text


def _tag_measures(model: ThemeScoring, measures: list[Measure]) -> np.ndarray:
    """Set each measure's themes and main-theme probabilities, read in the context of its sentence;
    returns the measures' own probabilities (columns ``LABELS``), without that context, for the article."""
    texts = [theme_text(m.text, m.sentence) for m in measures]
    own, _, probs, ovr = model.scores_in_context(texts, [m.sentence for m in measures], simplified=True)
    for m, themes, row in zip(measures, model.decide(probs, ovr), np.round(probs, 3).tolist()):
        m.themes = themes
        m.theme_scores = dict(zip(LABELS, row))
    return own


@component("themes", requires=("measures",), assigns=("themes", "theme_confidence"))
class ThemeTagger:
    """Pipeline component: themes for every measure, theme weights for the article."""

    def __init__(self, model: str | None = None):
        self.model = load_scorer(model)

    def annotate(self, article: Article) -> None:
        self.annotate_batch([article])

    def annotate_batch(self, articles: Sequence[Article]) -> None:
        """``annotate`` of each article, with one model call for all their measures and one for the
        opening texts of those without measures."""
        with_measures = [a for a in articles if a.text and a.measures]
        without = [a for a in articles if a.text and not a.measures]
        if with_measures:
            probs = _tag_measures(self.model, [m for a in with_measures for m in a.measures])
            at = 0
            for a in with_measures:
                self._from_measures(a, probs[at : at + len(a.measures)])
                at += len(a.measures)
        if without:
            for a, (_, dist) in zip(without, self.model.analyse([a.text[:ARTICLE_TEXT_LIMIT] for a in without], simplified=True)):
                weights = np.array([dist[t] for t in THEMES])
                a.themes = _shares(weights)
                a.theme_confidence = round(float(weights.max()), 3)
        for a in articles:
            if not a.text:
                a.themes, a.theme_confidence = {}, None

    @staticmethod
    def _from_measures(article: Article, probs: np.ndarray) -> None:
        """Blend the share of measures whose main theme each theme is (``probs``: theirs) with their mean probabilities."""
        main = probs.argmax(axis=1)
        votes = np.bincount(main, minlength=len(LABELS))[: len(THEMES)].astype(float)
        votes = votes / max(1.0, votes.sum())
        weights = VOTE_WEIGHT * votes + (1 - VOTE_WEIGHT) * (probs[:, : len(THEMES)].sum(axis=0) / len(probs))  # the mean
        article.themes = _shares(weights)
        article.theme_confidence = round(np.count_nonzero(main == weights.argmax()) / len(main), 3)  # np.mean's number
