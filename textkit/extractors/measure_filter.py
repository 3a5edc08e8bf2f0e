"""Rules propose, a trained model decides: the measures whose clauses the clause model does not
take for an action are dropped (results, principles, background, problems the rules let through).

A proposed measure is kept when its clauses' P(action), aggregated by ``aggregate`` (``max``: its
most action-like clause; ``mean``: all its clauses), reaches ``threshold``. The decisions
are traced (``textkit explain``): kept or dropped, with that aggregated probability.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from statistics import fmean

from textkit.components import component
from textkit.model import Article, Measure
from textkit.model_files import read_arrays, shipped_model
from textkit.resources import loading
from textkit.rules import note
from textkit.scoring import CLAUSE_MODEL_FILE, CLAUSES_LINEAR, LinearClauses, clause_input

CLAUSE_CUT = re.compile(r"[，,；;。：:！!？?]")
THRESHOLD = 0.4
AGGREGATE = "mean"
AGGREGATES: dict[str, Callable[[list[float]], float]] = {"max": max, "mean": fmean}


@lru_cache(maxsize=4)
def load_clause_model(path: str | None = None):
    """The clause model at ``path`` (default: the shipped one), loaded once per process: from its plain
    companion (``LinearClauses``, no scikit-learn) when it has a current one, else the ``ClauseModel``."""
    source = Path(path) if path else shipped_model(CLAUSE_MODEL_FILE)
    arrays = read_arrays(source, "clause model")
    if arrays is not None and arrays.get("format") == CLAUSES_LINEAR:
        return LinearClauses(arrays, source)
    with loading("the clause model"):
        from textkit.clause_model import ClauseModel

        return ClauseModel.load(source)


def measure_clauses(measure: Measure) -> list[str]:
    """The clauses of a measure, as the model reads them."""
    parts = [c for c in CLAUSE_CUT.split(measure.text) if c.strip()] or [measure.text]
    return [clause_input(c, measure.level == "heading") for c in parts]


@component("measure_filter", requires=("measures",), assigns=("measures",))
class MeasureFilter:
    """Drop proposed measures that the clause model does not take for actions."""

    def __init__(self, model: str | None = None, threshold: float = THRESHOLD, aggregate: str = AGGREGATE):
        if aggregate not in AGGREGATES:
            raise ValueError(f"measure_filter: aggregate must be one of {tuple(AGGREGATES)}, not {aggregate!r}")
        self.model = load_clause_model(model)
        self.threshold = threshold
        self.aggregate = aggregate

    def annotate(self, article: Article) -> None:
        if not article.measures:
            return
        inputs, owner = [], []
        for i, m in enumerate(article.measures):
            clauses = measure_clauses(m)
            inputs += clauses
            owner += [i] * len(clauses)
        probs = self.model.action_probability(inputs)
        per_measure: list[list[float]] = [[] for _ in article.measures]
        for i, p in zip(owner, probs.tolist()):
            per_measure[i].append(p)
        agg = AGGREGATES[self.aggregate]
        kept = []
        for m, ps in zip(article.measures, per_measure):
            p = agg(ps)
            keep = p >= self.threshold
            note("measures", m.text, m.start, m.end, keep, "clause_model", f"P(action) {p:.2f}")
            if keep:
                kept.append(m)
        article.measures = kept
