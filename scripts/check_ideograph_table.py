"""Check the folding table of radicals and compatibility ideographs (textkit.normalization.ideographs).

python scripts/check_ideograph_table.py                 # check the shipped table
python scripts/check_ideograph_table.py --ucd FILE      # also compare it with a copy of the UCD's
                                                        # EquivalentUnifiedIdeograph.txt

Every mapped target must be a CJK unified ideograph; wherever Python's unicodedata has an NFKC
decomposition for a mapped code point it must agree with the table; every assigned code point of
the Kangxi Radicals and CJK Radicals Supplement blocks but U+2E80 (no equivalent) must be mapped.
Exit status 1 on any problem.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

from textkit.normalization.ideographs import KANGXI_RADICALS, RADICALS_SUPPLEMENT, ideograph_folds, read_equivalents

NO_EQUIVALENT = {0x2E80}  # CJK RADICAL REPEAT
# The CJK Unified Ideographs blocks (main block and extensions A to I), for targets newer than the
# unicodedata of this Python (U+2B739 came with Unicode 15.0, Python 3.11 has 14.0).
UNIFIED_BLOCKS = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2EE5F),
    (0x30000, 0x323AF),
)


def is_unified_ideograph(ch: str) -> bool:
    """Named CJK UNIFIED IDEOGRAPH-… by unicodedata, or unknown to it but inside a unified block."""
    name = unicodedata.name(ch, "")
    if name:
        return name.startswith("CJK UNIFIED IDEOGRAPH-")
    return any(lo <= ord(ch) <= hi for lo, hi in UNIFIED_BLOCKS)


def problems(ucd: Path | None = None) -> list[str]:
    """What is wrong with the table (empty when all is well)."""
    out: list[str] = []
    table = ideograph_folds()
    for cp, target in sorted(table.items()):
        if not is_unified_ideograph(target):
            out.append(f"U+{cp:04X} → U+{ord(target):04X} is not a CJK unified ideograph")
        nfkc = unicodedata.normalize("NFKC", chr(cp))
        if nfkc != chr(cp) and nfkc != target:
            out.append(f"U+{cp:04X} → U+{ord(target):04X} but NFKC gives U+{ord(nfkc):04X}")
    for lo, hi in (RADICALS_SUPPLEMENT, KANGXI_RADICALS):
        for cp in range(lo, hi + 1):
            if unicodedata.category(chr(cp)) != "Cn" and cp not in table and cp not in NO_EQUIVALENT:
                out.append(f"U+{cp:04X} {unicodedata.name(chr(cp), '')} is not mapped")
    if ucd is not None:
        reference = read_equivalents(ucd)
        for cp in range(RADICALS_SUPPLEMENT[0], KANGXI_RADICALS[1] + 1):
            want = reference.get(cp)
            got = table.get(cp)
            if want is not None and (got is None or ord(got) != want):
                out.append(f"U+{cp:04X}: the UCD file says U+{want:04X}, the table {'nothing' if got is None else f'U+{ord(got):04X}'}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ucd", type=Path, help="a copy of EquivalentUnifiedIdeograph.txt to compare with")
    found = problems(parser.parse_args().ucd)
    for line in found:
        print(line)
    print(f"{len(ideograph_folds())} code points mapped; {len(found)} problems", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
