"""Read the numbers of figure candidates: Arabic, Chinese and mixed numerals, with their multiplier.

Only a figure candidate's own numeral is read (never free text), so 三重一大 or 一是 elsewhere are
not touched. Chinese numerals go through cn2an after three small repairs: 〇 is 零, a leading
十/百/千/万 without a digit gets 一 (百万 → 一百万), and 几 is dropped and marks the number as
approximate (十几 → 10, 几十 → 10). Inner multipliers multiply (1万600 → 10600, 一万二千三百四十五 →
12345); a trailing 万/亿/万亿 is kept for the unit, as the guidelines write it (近百万元 → 100 万元,
五十四万亿元 → 54 万亿元, 一亿二千万户 → 12000 万户).
"""

from __future__ import annotations

import re
from functools import lru_cache

from textkit.resources import words

MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
TRAILING = ("万亿", "亿", "万")  # multipliers a numeral may end with (longest first)
SOME = "几"  # 十几, 几十: an approximate number
ZERO_FORMS = str.maketrans({"〇": "零", "○": "零", "◯": "零"})
CN_NUMERALS = "".join(words("figures_numerals"))
CN_DIGITS = "零〇○◯一二两三四五六七八九"
CN_DIGIT_RUN = re.compile(f"[{CN_DIGITS}]+")
CN_DIGITS_BEFORE = re.compile(f"[{CN_DIGITS}]+$")
ARABIC_INNER = re.compile(r"^(\d+(?:\.\d+)?)(万亿|亿|万)(\d+)$")


def _arabic(s: str) -> float | None:
    """1,200 → 1200; 1万600 → 10600; None when not Arabic."""
    if s.replace(".", "", 1).isdecimal():  # most candidates: plain digits (12, 3.5), nothing to repair
        return float(s)
    s = s.replace(",", "").replace("，", "").replace(" ", "").replace("．", ".").replace("·", ".")  # 19·5, 8 ．8
    try:
        return float(s)
    except ValueError:
        pass
    m = ARABIC_INNER.match(s)
    if m:
        return float(m.group(1)) * MULTIPLIERS[m.group(2)] + float(m.group(3))
    return None


# Well-formed numerals are read here without cn2an, whose import costs about 0.25 s of start-up (it
# compiles two large patterns and builds converters textkit does not use). They are the integers of
# cn2an's own grammar (``Cn2An.__get_pattern``, "normal" mode) that its clean-up leaves unchanged
# (零 never stands before 十 or 百, a section after 万/亿 without 零 starts with its thousands, 百
# or 千 is never followed directly by 十), each optionally with 点 and up to 16 decimal digits, and
# runs of two or more digits (一五六 → 156, as cn2an reads them). Their value is computed as cn2an
# computes it (``_positional``, ``_decimals``); the tests compare both on every such numeral up to
# nine characters. Anything else (一百五, 一千零十, 一两百 …) still goes through cn2an.
_AS_DIGIT = str.maketrans(dict.fromkeys("一二两三四五六七八九", "d"))  # the grammar needs no digit values
_UPTO_99 = "(?:d?十d?|d)"
_HUNDREDS = "d百(?:零d|d十d?)?"
_THOUSANDS = f"d千(?:零(?:d十d?|d)|{_HUNDREDS})?"
_UPTO_9999 = f"(?:{_THOUSANDS}|{_HUNDREDS}|{_UPTO_99})"
_AFTER_ZERO = f"(?:{_HUNDREDS}|d十d?|d)"  # a section after 零: no leading 十 (零十 is cleaned up)
_WAN = f"{_UPTO_9999}万(?:零{_AFTER_ZERO}|{_THOUSANDS})?"
_UPTO_WAN = f"(?:{_WAN}|{_UPTO_9999})"
_AFTER_ZERO_YI = f"(?:{_THOUSANDS}|{_AFTER_ZERO})(?:万(?:零{_AFTER_ZERO}|{_THOUSANDS})?)?"  # below 亿, after 零
_INTEGER = f"(?:零|{_UPTO_WAN}亿(?:零{_AFTER_ZERO_YI}|{_WAN})?|{_UPTO_WAN})"
_PLAIN_NUMERAL = re.compile(f"(?P<int>{_INTEGER})(?:点(?P<dec>[零d]{{1,16}}))?|(?P<digits>[零d]{{2,}})")
_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}


def _positional(s: str) -> int:
    """The value of a numeral read right to left as cn2an reads it (``Cn2An.__integer_convert``)."""
    total, unit, big = 0, 1, 1
    last = len(s) - 1
    for i, ch in enumerate(reversed(s)):
        digit = _DIGIT_VALUE.get(ch)
        if digit is not None:
            total += digit * unit
            continue
        unit = _UNIT_VALUE[ch]
        if unit % 10_000 == 0:  # 万, 亿, and 万 after 亿 (万亿)
            if unit > big:
                big = unit
            else:
                big = unit = unit * big
        if unit < big:
            unit *= big
        if i == last:
            total += unit
    return total


def _decimals(s: str) -> float:
    """The value of the digits after 点, summed as cn2an sums them (``Cn2An.__decimal_convert``)."""
    total = 0
    for i in range(len(s) - 1, -1, -1):
        total += _DIGIT_VALUE[s[i]] * 10 ** -(i + 1)
    return round(total, len(s))


@lru_cache(maxsize=4096)  # the same few numerals (三, 两, 十) come back all the time
def _chinese(s: str) -> float | None:
    """A Chinese numeral (after the repairs of the module docstring): a well-formed integer directly,
    anything else by cn2an; None when unreadable."""
    s = s.translate(ZERO_FORMS).replace(SOME, "")
    if not s:
        return None
    if s[0] in "十百千万亿":
        s = "一" + s
    plain = _PLAIN_NUMERAL.fullmatch(s.translate(_AS_DIGIT))
    if plain:
        if plain["digits"]:
            return float(int("".join(str(_DIGIT_VALUE[c]) for c in s)))
        if not plain["dec"]:
            return float(_positional(s))
        whole, decimals = s.split("点")
        return float(round(_positional(whole) + _decimals(decimals), len(decimals)))
    import cn2an

    try:
        return float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def number(s: str) -> float | None:
    """Arabic, Chinese or mixed numeral to a number; None when it is not one."""
    value = _arabic(s)
    return value if value is not None else _chinese(s)


# A year in Chinese digits (二〇二三年, 二○二四年, 一九九八年): four digits, none of 两 十 百, before 年.
_YEAR_DIGITS = "零〇○◯一二三四五六七八九"
# The look-behind (no numeral before the first digit) is tested after the first digit, as a two-character
# look-behind: a pattern that opens with a character class lets the engine skip the text fast (4x).
CHINESE_YEAR = re.compile(f"[{_YEAR_DIGITS}](?<![{_YEAR_DIGITS}两十百千万][{_YEAR_DIGITS}])[{_YEAR_DIGITS}]{{3}}(?=年)")
_TO_ARABIC = str.maketrans({c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "◯": "0"})


def arabic_years(text: str) -> str:
    """``text`` with years written in Chinese digits read as Arabic (二〇二三年 → 2023年), for the rules that
    read figures: each year keeps its length, so offsets into the text as written still hold."""
    return CHINESE_YEAR.sub(lambda m: m.group().translate(_TO_ARABIC), text) if CHINESE_YEAR.search(text) else text


def is_digit_string(s: str, before: str = "") -> bool:
    """二〇二三, 一九五三: Chinese digits written one by one (a year or a code), three or more. ``before``:
    the text before ``s``, whose Chinese digits count too (二○二四: a zero written as a circle, ○ or ◯,
    is no numeral of a figure, so a candidate starts after it)."""
    tail = CN_DIGITS_BEFORE.search(before)
    s = (tail.group() if tail else "") + s
    return len(s) >= 3 and bool(CN_DIGIT_RUN.fullmatch(s))


def multiplier(num: str, mult: str = "") -> str:
    """The multiplier ``read`` keeps for the unit: ``mult`` as written after the number, else a lone 万/亿, else the
    trailing 万/亿/万亿 of a Chinese numeral (cheap: no number is read)."""
    if mult:
        return mult
    if num in TRAILING:
        return num
    if not num[:1].isdigit():
        for trailing in TRAILING:
            if num.endswith(trailing) and len(num) > len(trailing):
                return trailing
    return ""


@lru_cache(maxsize=4096)  # the same numerals (2023, 三, 12) come back in every document; the result is immutable
def read(num: str, mult: str = "") -> tuple[float | None, str, bool]:
    """Value, multiplier kept for the unit, and approximate (几) of a candidate's numeral.

    ``mult`` is a multiplier written after an Arabic number (3.5万); a Chinese numeral's own
    trailing 万/亿 is split off the same way (二十四万 → 24, 万)."""
    approx = SOME in num
    if num in TRAILING and not mult:  # 万人以上, 近万元: a lone multiplier is one of it (1 万人)
        return 1.0, num, approx
    mult = multiplier(num, mult)
    if mult and not num[:1].isdigit():  # 一亿六千余万: the 万 belongs to 六千 (1.6亿 = 16000 万)
        whole = num if num.endswith(mult) else num + mult
        value = number(whole)
        if value is None:  # 四十七点三万亿: a decimal before the multiplier, read on its own
            value = number(whole[: -len(mult)])
            return value, mult, approx
        return round(value / MULTIPLIERS[mult], 6), mult, approx
    value = number(num)
    return value, mult, approx


ADJACENT = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def adjacent_range(num: str) -> tuple[int, int] | None:
    """两三, 三五, 七八: two small numerals side by side are an approximate range (2 to 3), not 23."""
    if len(num) != 2 or num[0] not in ADJACENT or num[1] not in ADJACENT:
        return None
    low, high = ADJACENT[num[0]], ADJACENT[num[1]]
    return (low, high) if 1 <= high - low <= 2 else None


def plain(x: float) -> float:
    """An integral float as int (3.0 → 3), other numbers unchanged."""
    return int(x) if x == int(x) else x
