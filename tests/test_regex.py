from __future__ import annotations

import re

import pytest

from textkit.regex import compile_skipping

TEXTS = [
    "今后要进一步加强党员教育管理，必须把纪律挺在前面，已经累计培训党员1200人次。",
    "今後要進一步加強黨員教育管理，必須把紀律挺在前面，已經累計培訓黨員1200人次。",
    "2023年新增党组织12个，主要负责同志要求需要重点关注",
    "",
    "要",
    "abc 123 要求 需求 重要 必要",
]

PATTERNS = [
    r"(?<![重主需紧首必])要(?![求素点])|必须|(?<![必])需(?!求)",  # look-behinds first: gains a look-ahead
    r"(?:19|20)\d{2}年|已(?!往)|累计",
    r"(?<![每至到达])\d+(?:\.\d+)?(?:个|名|人次)(?![以之])",
    r"(?P<pre>近|约)?(?P<num>\d+)(?P<unit>人次|个)?",  # an optional group before the first character
    r"^要",  # anchored: left as it is
    r"要|需",  # literals first: the engine skips by itself
    r"(?:进一步)?",  # can match nothing: left as it is
    r"[\u4e00-\u9fff]{2}要",  # a wide range: left as it is
    r"[^，]要",  # a negated class: left as it is
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_compile_skipping_finds_the_same_matches(pattern: str) -> None:
    plain, fast = re.compile(pattern), compile_skipping(pattern)
    for text in TEXTS:
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [(m.span(), m.groups()) for m in plain.finditer(text)]
        assert bool(fast.match(text)) == bool(plain.match(text))
        assert fast.sub("#", text) == plain.sub("#", text)


def test_a_look_ahead_only_where_the_engine_cannot_skip() -> None:
    assert compile_skipping(PATTERNS[0]).pattern.startswith("(?=[")
    assert compile_skipping(PATTERNS[1]).pattern.startswith("(?=[")
    assert compile_skipping(PATTERNS[3]).pattern.startswith("(?=[")
    for pattern in PATTERNS[4:]:
        assert compile_skipping(pattern).pattern == pattern
