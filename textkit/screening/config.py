"""Thresholds of screening, shared by duplicate detection, substance scoring and flags."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: ``progress(stage, done, total)``: called as the reference corpus and the submissions are read (total 0 = unknown).
ProgressFn = Callable[[str, int, int], None]


@dataclass
class ScreenConfig:
    """Thresholds of screening; the defaults are documented in the README."""

    shingle: int = 5  # characters per shingle
    passage_gram: int = 8  # characters per shingle of the passage index
    min_passage: int = 50  # shortest shared passage reported (characters of normalised text without punctuation)
    stock_min_docs: int = 6  # a shingle in this many documents (or stock_share of them, if more) is a stock phrase
    stock_share: float = 0.1
    min_copied_share: float = 0.0  # share of either text the shared passages must cover (0: any passage is reported)
    max_passages: int = 40  # passages kept per duplicate
    full_concrete: int = 8  # concrete measures for full marks
    full_figures: int = 8  # reported figures for full marks
    few_figures: int = 3  # fewer reported figures than this: FEW_FIGURES
    slogan_heavy: float = 1.5  # slogans per concrete measure from which SLOGAN_HEAVY is raised
    only_prescribed: float = 0.2  # done share below this (with 3+ measures): ONLY_PRESCRIBED
    boilerplate_heavy: float = 0.4  # boilerplate share from which BOILERPLATE_HEAVY is raised
    min_chars: int = 200  # shorter texts: TOO_SHORT
