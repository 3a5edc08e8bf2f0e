"""Chinese numerals read without cn2an give exactly what cn2an gives, and cn2an is not imported for them."""

from __future__ import annotations

import itertools
import random
import re
import subprocess
import sys

import pytest

from textkit.extractors import numerals

cn2an = pytest.importorskip("cn2an")


def _by_cn2an(s: str) -> float | None:
    """What ``numerals._chinese`` returned when every numeral went through cn2an."""
    s = s.translate(numerals.ZERO_FORMS).replace(numerals.SOME, "")
    if not s:
        return None
    if s[0] in "十百千万亿":
        s = "一" + s
    try:
        return float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def _read(s: str) -> float | None:
    numerals._chinese.cache_clear()
    return numerals._chinese(s)


def test_every_short_numeral_reads_as_cn2an_reads_it():
    alphabet = "零〇一二两三四五六七八九十百千万亿点几"
    differ = [s for n in (1, 2, 3) for s in map("".join, itertools.product(alphabet, repeat=n)) if _read(s) != _by_cn2an(s)]
    assert not differ


def test_every_well_formed_integer_shape_reads_as_cn2an_reads_it():
    """Each shape the fast path takes (d: any digit), up to seven characters, with random digits and decimals."""
    shapes = ["".join(t) for n in range(1, 8) for t in itertools.product("d零十百千万亿", repeat=n)]
    shapes = [s for s in shapes if re.fullmatch(numerals._INTEGER, s)]
    assert len(shapes) > 400 and "d千零d十d" in shapes and "d十d万亿" in shapes
    rnd = random.Random(16)
    differ = []
    for shape in shapes:
        for tail in ("", "点d", "点零d", "点dd", "点" + "d" * 16, "点" + "d" * 17):
            s = "".join(rnd.choice("一二两三四五六七八九") if c == "d" else c for c in shape + tail)
            if _read(s) != _by_cn2an(s):
                differ.append(s)
    runs = ["".join(rnd.choice("零一二两三四五六七八九") for _ in range(n)) for n in range(2, 18) for _ in range(5)]
    differ += [s for s in runs if _read(s) != _by_cn2an(s)]
    assert not differ


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("二十四万", 240000.0), ("一千零五", 1005.0), ("五十四万亿", 5.4e13), ("三点五", 3.5), ("一五六", 156.0), ("百万", 1e6)],
)
def test_well_formed_numerals_are_read_without_cn2an(numeral, value):
    code = f"import sys; from textkit.extractors.numerals import number; print(number({numeral!r}), 'cn2an' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [repr(value), "False"]


def test_an_unusual_numeral_still_goes_through_cn2an():
    assert _read("一百五") == 150.0  # cn2an's spoken form (一百五十)
    assert _read("一千零十") == _by_cn2an("一千零十")
