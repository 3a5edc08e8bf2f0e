"""Long text without punctuation (a page whose punctuation was lost) is extracted in linear time.

The work of the figure, indicator and measure rules is counted (characters read around each number,
candidate spans weighed, characters searched for a status cue): four times the text must cost about
four times the work, not sixteen. One generous time bound catches what the counts do not see.
"""

from __future__ import annotations

import time

import pytest

import textkit
from textkit import indicator_model
from textkit.extractors import figures, measures

# Report-like phrases with numbers, in both scripts (written for this test).
PHRASES = (
    "全年新发展党员1280名",
    "开展主题党日活动46次",
    "整改问题线索327个完成率达到百分之九十六点五",
    "新建党群服务中心12个覆盖率提高到98%",
    "累計投入資金1.6億元幫扶困難黨員532戶",
    "查處違反中央八項規定精神問題17起處理45人",
    "五年建成村级活动场所二百三十个",
    "党员志愿者服务时长累计超过十二万小时",
    "要进一步完善便民服务网络比上年增长百分之十二点三",
)


def long_text(chars: int, joiner: str = "") -> str:
    """The phrases repeated, with nothing (or ``joiner``) between them, cut at ``chars`` characters."""
    parts, n = [], 0
    while n < chars:
        parts.append(PHRASES[len(parts) % len(PHRASES)])
        n += len(parts[-1]) + len(joiner)
    return joiner.join(parts)[:chars]


class WorkCounter:
    """Counts the characters and candidate spans the extraction rules read (patched in with monkeypatch)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.work = 0
        counter = self
        candidate_init, spans, words_init, status_cue = (
            figures.Candidate.__init__,
            indicator_model._spans,
            indicator_model._Words.__init__,
            measures.status_cue,
        )

        def counted_candidate(self, *args, **kwargs):
            candidate_init(self, *args, **kwargs)
            counter.work += len(self.before) + len(self.after)

        def counted_spans(*args, **kwargs):
            for span in spans(*args, **kwargs):
                counter.work += 1
                yield span

        def counted_words(self, s_text, lo, hi):
            words_init(self, s_text, lo, hi)
            counter.work += hi - lo

        def counted_status_cue(text):
            counter.work += len(text)
            return status_cue(text)

        monkeypatch.setattr(figures.Candidate, "__init__", counted_candidate)
        monkeypatch.setattr(indicator_model, "_spans", counted_spans)
        monkeypatch.setattr(indicator_model._Words, "__init__", counted_words)
        monkeypatch.setattr(measures, "status_cue", counted_status_cue)

    def extract(self, text: str) -> tuple[int, int]:
        """The work of extracting ``text`` (caches cleared first) and the number of figures found."""
        indicator_model._words.cache_clear()
        self.work = 0
        articles = textkit.extract("标题\n" + text)
        return self.work, sum(len(a.figures) for a in articles)


@pytest.mark.parametrize("joiner", ["", "，"], ids=["no-punctuation", "one-endless-sentence"])
def test_work_grows_linearly_with_unpunctuated_text(monkeypatch: pytest.MonkeyPatch, joiner: str) -> None:
    counter = WorkCounter(monkeypatch)
    small_work, small_figures = counter.extract(long_text(4_000, joiner))
    large_work, large_figures = counter.extract(long_text(16_000, joiner))
    assert small_figures > 100 and large_figures > 3.5 * small_figures  # the text is read to its end
    ratio = large_work / small_work
    assert ratio < 5.5, f"4x the text cost {ratio:.1f}x the work: extraction is no longer linear in the sentence length"


def test_a_long_page_without_punctuation_is_extracted_in_bounded_time() -> None:
    text = long_text(60_000)
    started = time.perf_counter()
    articles = textkit.extract("标题\n" + text)
    took = time.perf_counter() - started
    assert sum(len(a.figures) for a in articles) > 3_000
    assert took < 60, f"60,000 characters without punctuation took {took:.0f} s (about 4 s expected): a quadratic step is back"
