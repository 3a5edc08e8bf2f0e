"""Substance scoring: how much a submission reports that was actually done, counted and checkable.

Two notions of a "concrete" measure exist, on purpose, and this is their one description:

* ``Measure.concrete`` (set by the measure extractor, ``textkit.extractors.measures``): the
  measure's own text matches the extractor's ``CONCRETE`` cue (a number, a named body or
  activity…). It is part of the extraction output (JSONL ``measures[].concrete``) and the corpus
  report counts it (``articles.csv`` column ``concrete_measures``).
* ``is_substantive`` (here, screening only): mostly stricter, with its own cue list. The
  measure's slogans, quoted formulas and years are masked first, so "深入开展“两学一做”学习教育" or "2023年继续加强…" are not substantive;
  a figure inside the measure always makes it substantive, and a heading is substantive only with
  a figure. The screening scores and flags (``concrete_measures``, ``NO_CONCRETE_MEASURES`` …)
  and the HTML pages use this notion.

They disagree on 18 % of the measures of ``corpora/`` (107 of 580: 99 concrete for the extractor
only, 8 substantive for screening only); each output keeps its own notion.
The cues live in ``data/patterns/screening_substantive.txt``, ``screening_years.txt`` and
``screening_filler.txt`` (stock phrases of boilerplate), the stop words in ``data/stopwords.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from textkit.labels import THEMES
from textkit.model import Article, Measure
from textkit.resources import data_path, pattern
from textkit.screening.config import ScreenConfig
from textkit.screening.duplicates import compact_text

Span = tuple[int, int]

# Weights of the overall 0–100 substance score (they sum to 100).
WEIGHTS = {"concrete": 30, "done": 15, "figures": 15, "themes": 15, "slogans": 10, "plain": 15}

_SUBSTANTIVE = re.compile(pattern("screening_substantive"))
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』|‘[^’]*’")
_YEAR = re.compile(pattern("screening_years"))
_FILLER = re.compile(pattern("screening_filler"))
_FILLER_RATIO = 0.5


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The domain stop-word list shipped in ``textkit/data/stopwords.txt`` (boilerplate here, keywords in the report)."""
    with data_path("stopwords.txt").open(encoding="utf-8") as fh:
        return frozenset(ln.strip() for ln in fh if ln.strip() and not ln.startswith("#"))


def content_chars(text: str) -> int:
    """Letters, digits and hanzi in ``text`` (punctuation and spaces not counted)."""
    return len(compact_text(text)[0])


def _overlaps(s: int, e: int, spans: list[Span]) -> bool:
    return any(a < e and s < b for a, b in spans)


def slogan_spans(art: Article) -> list[Span]:
    """Offsets of every occurrence of the article's slogans."""
    spans = []
    for s in art.slogans:
        spans += [(int(a), int(b)) for a, b in (s.occurrences or [(s.start, s.end)])]
    return spans


def figure_spans(art: Article) -> list[Span]:
    """Offsets of the article's figures."""
    return [(f.start, f.end) for f in art.figures]


def is_substantive(m: Measure, art: Article, slogans: list[Span], figures: list[Span]) -> bool:
    """Whether a measure is concrete *for screening* (not ``Measure.concrete``: see the module docstring).

    Beyond its slogans, quoted formulas and years the measure must still name something countable
    or checkable (a number, a named document, a body, a regular activity); a figure inside it
    always counts. Headings count only with a figure."""
    if any(m.start <= a and b <= m.end for a, b in figures):
        return True
    if m.level == "heading":
        return False
    chars = list(art.text[m.start : m.end])
    for a, b in slogans:
        for k in range(max(a, m.start), min(b, m.end)):
            chars[k - m.start] = " "
    text = _YEAR.sub("", _QUOTED.sub("", "".join(chars)))
    return bool(_SUBSTANTIVE.search(text))


def is_boilerplate(text: str, slogan_chars: int) -> bool:
    """A sentence of filler: a stock phrase, or at least half of its characters in stop words and slogans."""
    if _FILLER.search(text):
        return True
    from textkit.segmentation import segment

    stop = stopwords()
    content = content_chars(text)
    if not content:
        return False
    filler = sum(len(t) for t in segment(text) if t in stop) + slogan_chars
    return filler / content >= _FILLER_RATIO


# --------------------------------------------------------------------------- counting


@dataclass
class _Tally:
    """What the articles of one submission hold, summed."""

    chars: int = 0
    measures: int = 0
    concrete: int = 0
    done: int = 0
    non_heading: int = 0
    figures: int = 0
    targets: int = 0
    covered: set[str] = field(default_factory=set)
    slogans: set[str] = field(default_factory=set)
    body_chars: int = 0
    boiler_chars: int = 0


def _count_article(art: Article, t: _Tally) -> None:
    t.chars += content_chars(art.text)
    s_spans = slogan_spans(art)
    f_spans = figure_spans(art)
    t.slogans.update(s.text for s in art.slogans)
    t.figures += sum(1 for f in art.figures if f.role != "target")
    t.targets += sum(1 for f in art.figures if f.role == "target")
    substantive = list(f_spans) + _count_measures(art, t, s_spans, f_spans)
    _count_boilerplate(art, t, s_spans, substantive)


def _count_measures(art: Article, t: _Tally, s_spans: list[Span], f_spans: list[Span]) -> list[Span]:
    """Count the measures; returns the spans of the substantive ones."""
    spans = []
    for m in art.measures:
        t.measures += 1
        if m.level != "heading":
            t.non_heading += 1
            t.done += m.status == "done"
        if is_substantive(m, art, s_spans, f_spans):
            t.concrete += 1
            spans.append((m.start, m.end))
            t.covered.update(str(x) for x in m.themes if str(x) in THEMES)
    return spans


def _slogan_chars(start: int, end: int, s_spans: list[Span]) -> int:
    return sum(min(b, end) - max(a, start) for a, b in s_spans if a < end and start < b)


def _count_boilerplate(art: Article, t: _Tally, s_spans: list[Span], substantive: list[Span]) -> None:
    """Body characters (headings without substance left out), and those in boilerplate sentences."""
    headings = [(s.start, s.heading_end) for s in art.sections]
    for sent in art.sentences:
        inside = _overlaps(sent.start, sent.end, substantive)
        if not inside and _overlaps(sent.start, sent.end, headings):
            continue
        text = art.text[sent.start : sent.end]
        n = content_chars(text)
        t.body_chars += n
        if n and not inside and is_boilerplate(text, _slogan_chars(sent.start, sent.end, s_spans)):
            t.boiler_chars += n


# --------------------------------------------------------------------------- scores


def _done_share(t: _Tally) -> float:
    return t.done / t.non_heading if t.non_heading else 0.0


def _slogan_ratio(t: _Tally) -> float | None:
    return len(t.slogans) / t.concrete if t.concrete else None


def _boilerplate_share(t: _Tally) -> float:
    return t.boiler_chars / t.body_chars if t.body_chars else 0.0


def _slogan_balance(t: _Tally) -> float:
    """1 up to one slogan per substantive measure, 0 from three (and without any)."""
    return 0.0 if not t.concrete else max(0.0, min(1.0, (3 - _slogan_ratio(t)) / 2))


def _points(t: _Tally, cfg: ScreenConfig) -> dict[str, float]:
    return {
        "concrete": WEIGHTS["concrete"] * min(1.0, t.concrete / cfg.full_concrete),
        "done": WEIGHTS["done"] * _done_share(t),
        "figures": WEIGHTS["figures"] * min(1.0, t.figures / cfg.full_figures),
        "themes": WEIGHTS["themes"] * len(t.covered) / len(THEMES),
        "slogans": WEIGHTS["slogans"] * _slogan_balance(t),
        "plain": WEIGHTS["plain"] * (1 - _boilerplate_share(t)) if t.concrete else 0.0,
    }


def _share(num: float, den: float, digits: int) -> float:
    """``num / den`` rounded, 0.0 when ``den`` is 0."""
    return round(num / den, digits) if den else 0.0


def _scores(t: _Tally, articles: int, cfg: ScreenConfig) -> dict[str, Any]:
    points = _points(t, cfg)
    return {
        "chars": t.chars,
        "articles": articles,
        "measures": t.measures,
        "concrete_measures": t.concrete,
        "concrete_share": _share(t.concrete, t.measures, 3),
        "done_share": round(_done_share(t), 3),
        "prescribed_share": round(1 - _done_share(t), 3) if t.non_heading else 0.0,
        "figures": t.figures,
        "target_figures": t.targets,
        "figures_per_1000_chars": _share(1000 * t.figures, t.chars, 2),
        "slogans": len(t.slogans),
        "slogans_per_concrete_measure": _share(len(t.slogans), t.concrete, 2) if t.concrete else None,
        "themes_covered": [x for x in THEMES if x in t.covered],
        "themes_missing": [x for x in THEMES if x not in t.covered],
        "boilerplate_share": round(_boilerplate_share(t), 3),
        "points": {k: round(v, 1) for k, v in points.items()},
        "substance": round(sum(points.values()), 1),
    }


def substance(articles: list[Article], cfg: ScreenConfig | None = None) -> dict[str, Any]:
    """Substance scores of one submission (all its articles together).

    * ``concrete_measures``: measures that are substantive for screening (see ``is_substantive``);
    * ``done_share``: share of (non-heading) measures reported as done rather than prescribed (要…);
    * ``figures``: figures reported as achievements (targets are counted apart);
    * ``themes_covered`` / ``themes_missing``: themes of the substantive measures (main or secondary);
    * ``slogans_per_concrete_measure``: distinct slogans divided by substantive measures;
    * ``boilerplate_share``: share of the body's characters (headings left out) in sentences that hold
      no substantive measure and no figure and are filler: a stock phrase (高度重视, 取得了明显成效,
      提供坚强保证…) or at least half of their characters in stop words and slogans.

    ``substance`` (0–100) = 30·min(1, concrete/8) + 15·done_share + 15·min(1, figures/8)
    + 15·covered/4 + 10·slogan_balance + 15·(1 − boilerplate_share), where slogan_balance is 1 up
    to one slogan per concrete measure and falls to 0 at three, and the last two terms are 0
    without any concrete measure.
    """
    cfg = cfg or ScreenConfig()
    tally = _Tally()
    for art in articles:
        _count_article(art, tally)
    return _scores(tally, len(articles), cfg)
