"""Rules propose, a trained model decides: the measures whose clauses the clause model does not
take for an action are dropped (results, principles, background, problems the rules let through).

A proposed measure is kept when its clauses' P(action), aggregated by ``aggregate`` (``max``: its
most action-like clause; ``mean``: all its clauses), reaches ``threshold``. The decisions
are traced (``textkit explain``): kept or dropped, with that aggregated probability.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from math import fsum
from pathlib import Path

from textkit.components import component
from textkit.model import Article, Measure
from textkit.model_files import read_arrays, shipped_model
from textkit.resources import loading
from textkit.rules import is_tracing, note
from textkit.scoring import CLAUSE_MODEL_FILE, CLAUSES_LINEAR, LinearClauses, clause_inputs

CLAUSE_CUT = re.compile(r"[，,；;。：:！!？?]")
THRESHOLD = 0.4
AGGREGATE = "mean"


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
    return _clause_inputs([measure])[0]


def _clause_inputs(measures: list[Measure]) -> tuple[list[str], list[int]]:
    """The clauses of every measure, as the model reads them (``clause_inputs`` of its non-blank clauses,
    or of its whole text), in one list, and where each measure's clauses start (then the end)."""
    inputs: list[str] = []
    bounds = [0]  # measure i's clauses are inputs[bounds[i] : bounds[i + 1]]
    split = CLAUSE_CUT.split
    for m in measures:
        parts = [c for c in split(m.text) if c.strip()] or [m.text]
        inputs += clause_inputs(parts, m.level == "heading")
        bounds.append(len(inputs))
    return inputs, bounds


def _mean(values: list[float]) -> float:
    """``statistics.fmean`` of a non-empty list (``fsum(values) / len(values)``) without its checks."""
    return fsum(values) / len(values)


AGGREGATES: dict[str, Callable[[list[float]], float]] = {"max": max, "mean": _mean}


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
        self.annotate_batch([article])

    def annotate_batch(self, articles: Sequence[Article]) -> None:
        """``annotate`` of each article, with one model call for the clauses of all their measures."""
        articles = [a for a in articles if a.measures]
        measures = [m for a in articles for m in a.measures]
        if not measures:
            return
        inputs, bounds = _clause_inputs(measures)
        probs = self.model.action_probability(inputs).tolist()
        agg = AGGREGATES[self.aggregate]
        tracing = is_tracing()
        keep = []
        for m, lo, hi in zip(measures, bounds, bounds[1:]):
            p = agg(probs[lo:hi])
            keep.append(p >= self.threshold)
            if tracing:
                note("measures", m.text, m.start, m.end, keep[-1], "clause_model", f"P(action) {p:.2f}")
        decisions = iter(keep)
        for a in articles:
            a.measures = [m for m in a.measures if next(decisions)]
