"""SpanIndex and DisjointSpans give the same answers as a scan over every span."""

from __future__ import annotations

import random

import pytest

from textkit.spans import DisjointSpans, SpanIndex


def _random_spans(rng: random.Random, n: int, nested: bool) -> list[tuple[int, int]]:
    if not nested:
        return [(s, s + rng.randint(0, 40)) for s in (rng.randint(0, 500) for _ in range(n))]
    spans: list[tuple[int, int]] = []

    def split(lo: int, hi: int, depth: int) -> None:
        pos = lo
        while pos < hi and len(spans) < n:
            end = min(hi, pos + rng.randint(5, 120))
            spans.append((pos, end))
            if depth < 3 and end - pos > 10:
                split(pos + rng.randint(0, 3), end - rng.randint(0, 3), depth + 1)
            pos = end + rng.randint(0, 5)

    split(0, 1000, 0)
    rng.shuffle(spans)
    return spans


@pytest.mark.parametrize("nested", [True, False])
@pytest.mark.parametrize("seed", range(6))
def test_span_index_matches_a_scan(seed: int, nested: bool) -> None:
    rng = random.Random(seed)
    spans = _random_spans(rng, rng.randint(0, 80), nested)
    index = SpanIndex(spans)
    for pos in range(-2, 1010, 3):
        assert index.holding(pos) == [i for i, (s, e) in enumerate(spans) if s <= pos < e]
        assert index.holding(pos, starting_before=True) == [i for i, (s, e) in enumerate(spans) if s < pos < e]
        assert index.holds(pos) == any(s <= pos < e for s, e in spans)
        end = pos + rng.randint(0, 30)
        assert index.overlaps(pos, end) == any(s < end and e > pos for s, e in spans)
        assert index.covers(pos, end) == any(s <= pos and e >= end for s, e in spans)


def test_innermost_section_is_the_last_holding_one() -> None:
    # a report's sections: 一、 (0-100) holds (一) (10-50) and (二) (50-100); 二、 (100-160)
    index = SpanIndex([(0, 100), (10, 50), (50, 100), (100, 160)])
    assert index.holding(60) == [0, 2]
    assert index.holding(50, starting_before=True) == [0]  # (二) starts here: not "under" it
    assert index.holding(170) == []


@pytest.mark.parametrize("seed", range(4))
def test_disjoint_spans_match_a_scan(seed: int) -> None:
    rng = random.Random(seed)
    chosen: list[tuple[int, int]] = []
    spans = DisjointSpans()
    for _ in range(300):
        s = rng.randint(0, 2000)
        e = s + rng.randint(1, 60)
        expected = not all(e <= cs or s >= ce for cs, ce in chosen)
        assert spans.overlaps(s, e) == expected
        if not expected:
            chosen.append((s, e))
            spans.add(s, e)
