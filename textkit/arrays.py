"""Small NumPy helpers shared by the scorers and screening."""

from __future__ import annotations

import numpy as np


def sorted_unique(values: np.ndarray, *, counts: bool = False):
    """``np.unique(values)`` of a 1-D array (with ``return_counts`` when ``counts``), by one sort: several
    times faster than NumPy's default for the short integer arrays of one article or one document."""
    values = np.sort(values)
    first = np.empty(values.size, dtype=bool)
    first[:1] = True
    np.not_equal(values[1:], values[:-1], out=first[1:])
    starts = first.nonzero()[0]
    if not counts:
        return values[starts]
    return values[starts], np.diff(np.append(starts, values.size))
