"""Script conversion with OpenCC, plus the word-level fix for Taiwan-style 著.

Text is simplified with OpenCC's ``hk2s``: its HKVariantsRev dictionaries fold Hong Kong variant
characters (衞 敍 枱 衹 粧 糭) to the standard traditional ones before ``t2s``, which leaves them as they
are. On the development set and the political corpus it changes nothing that ``t2s`` converts but
those variants. ``tw2s`` is not used: its TWVariantsRev turns 么 into 幺 (什么) and every 著 into 着,
which ``fix_zhu`` does by word instead.
"""

from __future__ import annotations

import re
from functools import lru_cache

from textkit.resources import pattern

TARGETS = {
    "simplified": "t2s",
    "traditional": "s2t",
    "taiwan": "s2twp",
    "hongkong": "s2hk",
}

#: The OpenCC configuration that turns any Chinese text into the simplified text extraction works on.
TO_SIMPLIFIED = "hk2s"

# Words in which 著 is the real 著 (zhù: write, notable), longest first, from the data file;
# everywhere else after t2s it is the particle 着 that Taiwan-style text writes as 著.
_REAL_RE = re.compile(pattern("normalization_real_zhu"))
_ZHU, _ZHE = "著", "着"


@lru_cache(maxsize=8)
def converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def fix_zhu(text: str) -> tuple[str, int]:
    """Turn 著 into 着 except inside words where it really is 著."""
    if _ZHU not in text:
        return text, 0
    keep = {i for m in _REAL_RE.finditer(text) for i in range(m.start(), m.end())}
    fixed = [i for i in (m.start() for m in re.finditer(_ZHU, text)) if i not in keep]
    if not fixed:
        return text, 0
    chars = list(text)
    for i in fixed:
        chars[i] = _ZHE
    return "".join(chars), len(fixed)


def traditional_share(text: str) -> float:
    """Share of hanzi that the conversion to simplified changes: about 0 for simplified text."""
    sample = "".join(c for c in text[:5000] if "\u4e00" <= c <= "\u9fff")
    if not sample:
        return 0.0
    conv = converter(TO_SIMPLIFIED).convert(sample)
    return sum(1 for a, b in zip(sample, conv) if a != b) / len(sample)


def to_simplified(text: str) -> tuple[str, int, int]:
    """Return (text, characters changed by OpenCC, 著 fixed); Hong Kong variants are folded too."""
    conv = converter(TO_SIMPLIFIED).convert(text)
    if conv == text:
        changed = 0
    else:
        changed = _differing(text, conv) if len(conv) == len(text) else abs(len(conv) - len(text))
    conv, z = fix_zhu(conv)
    return conv, changed, z


def _differing(a: str, b: str) -> int:
    """How many positions two texts of one length differ at (``sum(map(ne, a, b))``, in NumPy)."""
    import numpy as np  # loaded by then in an extraction; a normalising command pays it for traditional text only

    codes_a = np.frombuffer(a.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    codes_b = np.frombuffer(b.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return int(np.count_nonzero(codes_a != codes_b))


def convert_script(text: str, script: str = "simplified") -> str:
    """Convert simplified text to the requested output script (``simplified`` is a no-op)."""
    if script == "simplified":
        return text
    if script not in TARGETS:
        raise ValueError(f"unknown script {script!r}; choose from {', '.join(TARGETS)}")
    return converter(TARGETS[script]).convert(text)
