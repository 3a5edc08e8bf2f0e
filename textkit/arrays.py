"""Small NumPy helpers shared by the scorers and screening."""

from __future__ import annotations

import numpy as np


def sorted_unique(values: np.ndarray, *, counts: bool = False):
    """``np.unique(values)`` of a 1-D array (with ``return_counts`` when ``counts``), by one sort: several
    times faster than NumPy's default for the short integer arrays of one article or one document."""
    values = np.sort(values)
    # Where a run of equal values starts, and one past the last: the counts are the differences.
    bounds = np.empty(values.size + 1, dtype=bool)
    bounds[0] = bounds[-1] = True
    np.not_equal(values[1:], values[:-1], out=bounds[1:-1])
    bounds = bounds.nonzero()[0]
    firsts = values.take(bounds[:-1])
    if not counts:
        return firsts
    return firsts, bounds[1:] - bounds[:-1]
