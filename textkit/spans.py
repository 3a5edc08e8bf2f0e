"""Position queries over many character spans in O(log n), so that long documents cost no more per
character than short ones.

``SpanIndex`` answers "does a span overlap / cover / hold this?" with the spans sorted by start and the
furthest end reached so far, and lists the spans holding a position by walking a chain of enclosing
spans (parents), which is as long as the nesting is deep. It is exact for any spans, nested or not.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cached_property
from itertools import accumulate


class SpanIndex:
    """Half-open spans ``[start, end)``; queries return positions in the order the spans were given."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        given = list(spans)
        order = sorted(range(len(given)), key=lambda i: (given[i][0], -given[i][1], i))
        self.spans = given
        self.order = order
        self.starts = [given[i][0] for i in order]
        self.ends = [given[i][1] for i in order]
        self.reach = list(accumulate(self.ends, max))

    @cached_property
    def parent(self) -> list[int]:
        """For each span (sorted position), the nearest earlier span still open at its start, or -1.

        Every span that holds a position is on the parent chain of the last span starting at or before
        it: one that is not was closed before a later span started, hence before the position."""
        parent: list[int] = []
        stack: list[int] = []
        for k, start in enumerate(self.starts):
            while stack and self.ends[stack[-1]] <= start:
                stack.pop()
            parent.append(stack[-1] if stack else -1)
            stack.append(k)
        return parent

    def __len__(self) -> int:
        return len(self.spans)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span overlaps ``[start, end)``."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.reach[i - 1] > start

    def covers(self, start: int, end: int) -> bool:
        """Whether a span holds all of ``[start, end)``."""
        i = bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end

    def holds(self, pos: int) -> bool:
        """Whether a span holds the character at ``pos``."""
        i = bisect_right(self.starts, pos)
        return i > 0 and self.reach[i - 1] > pos

    def holding(self, pos: int, *, starting_before: bool = False) -> list[int]:
        """Indices (into the spans as given, ascending) of the spans that hold ``pos``; with
        ``starting_before``, only those that start strictly before it."""
        k = (bisect_left if starting_before else bisect_right)(self.starts, pos) - 1
        found = []
        while k >= 0:
            if self.ends[k] > pos:
                found.append(self.order[k])
            k = self.parent[k]
        found.sort()
        return found


class DisjointSpans:
    """Spans added one by one that never overlap each other, with overlap tests in O(log n)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span overlaps ``[start, end)``."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
