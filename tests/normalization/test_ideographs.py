"""Kangxi radicals, CJK radicals and compatibility ideographs are folded to the unified ideographs they
stand for before script conversion and garble detection (PDFs printed from a browser carry them)."""

from __future__ import annotations

import importlib.util
import unicodedata

import pytest

from textkit.normalization import normalize_text
from textkit.normalization.garble import find_garbled
from textkit.normalization.ideographs import (
    COMPATIBILITY_IDEOGRAPHS,
    KANGXI_RADICALS,
    RADICALS_SUPPLEMENT,
    fold_ideographs,
    ideograph_folds,
    read_equivalents,
)
from textkit.pipeline import get_pipeline

from ..conftest import REPORT_SIMPLIFIED, REPORT_TRADITIONAL, ROOT
from ..pdfgen import write_pdf

BLOCKS = [RADICALS_SUPPLEMENT, KANGXI_RADICALS, *COMPATIBILITY_IDEOGRAPHS]


def _in_blocks(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in BLOCKS)


def _with_radicals(text: str) -> str:
    """``text`` written as a browser's PDF gives it: every character that some radical or compatibility
    ideograph stands for written with that code point (a radical preferred)."""
    inverse: dict[str, str] = {}
    for cp, target in sorted(ideograph_folds().items(), reverse=True):
        inverse[target] = chr(cp)  # lowest code point last: radicals win over compatibility forms
    return "".join(inverse.get(c, c) for c in text)


def _check_script():
    spec = importlib.util.spec_from_file_location("check_ideograph_table", ROOT / "scripts" / "check_ideograph_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_both_radical_blocks_read_as_the_characters_they_stand_for():
    simplified = normalize_text("标题\n⾏⽂⼈⺠⻘⻓⻔，⼯作⻛⽓⻅成效。")[0]
    assert simplified.text == "行文人民青长门，工作风气见成效。"
    assert simplified.log["ideographs_folded"] == 11 and simplified.garbled == []
    traditional = normalize_text("標題\n⾨⻑⾵⾒：發揮⿓頭作⽤")[0]  # Kangxi 門 長 風 見 龍 用 become simplified
    assert traditional.text == "门长风见：发挥龙头作用"


def test_no_code_point_of_the_blocks_survives_but_the_one_without_equivalent():
    every = "".join(chr(cp) for lo, hi in BLOCKS for cp in range(lo, hi + 1) if unicodedata.category(chr(cp)) != "Cn")
    folded, n = fold_ideographs(every)
    assert len(folded) == len(every)  # one character for one: offsets are kept
    left = {c for c in folded if _in_blocks(c)}
    # the twelve unified ideographs (Unified_Ideograph=Yes) that live in the compatibility block stay
    unified_in_compat_block = {
        chr(cp) for cp in (0xFA0E, 0xFA0F, 0xFA11, 0xFA13, 0xFA14, 0xFA1F, 0xFA21, 0xFA23, 0xFA24, 0xFA27, 0xFA28, 0xFA29)
    }
    assert left == unified_in_compat_block | {"\u2e80"}  # and CJK RADICAL REPEAT: Unicode gives no equivalent
    assert n == len(every) - len(left)


def test_compatibility_ideographs_fold_canonically():
    assert fold_ideographs("\uf900\uf9dc\U0002f800") == ("豈隆丽", 3)
    assert fold_ideographs("\ufa0e") == ("\ufa0e", 0)  # a unified ideograph that lives in the block stays
    assert fold_ideographs("没有部首的文字") == ("没有部首的文字", 0)


def test_the_shipped_table_passes_its_checks():
    check = _check_script()
    assert check.problems() == []
    mapping = read_equivalents()
    assert len(mapping) == 114 and min(mapping) == 0x2E81 and max(mapping) == 0x2EF3
    # where Unicode gives a decomposition for a radical of the supplement, the table agrees with it
    assert chr(mapping[0x2E9F]) == unicodedata.normalize("NFKC", "\u2e9f") == "母"


def test_the_check_catches_a_wrong_mapping(monkeypatch, tmp_path):
    check = _check_script()
    table = dict(ideograph_folds())
    table[0x2EA0] = "。"  # not an ideograph
    table[0x2F08] = "入"  # NFKC says 人
    monkeypatch.setattr(check, "ideograph_folds", lambda: table)
    found = check.problems()
    assert any("U+2EA0" in p and "not a CJK unified ideograph" in p for p in found)
    assert any("U+2F08" in p and "NFKC" in p for p in found)
    ucd = tmp_path / "ucd.txt"
    ucd.write_text("2EA0 ; 6C11 # CJK RADICAL CIVILIAN\n", encoding="utf-8")
    assert any("the UCD file says U+6C11" in p for p in check.problems(ucd))


def test_radical_text_is_no_longer_garbled_and_extraction_reads_it():
    with_radicals = _with_radicals(REPORT_SIMPLIFIED)
    assert sum(map(_in_blocks, with_radicals)) > 0.1 * len(REPORT_SIMPLIFIED)
    assert find_garbled(with_radicals)  # as read: flagged, extraction would skip these spans
    pipe = get_pipeline()
    for clean in (REPORT_SIMPLIFIED, REPORT_TRADITIONAL):
        expected = pipe.process_text(clean)[0]
        got = pipe.process_text(_with_radicals(clean))[0]
        assert got.text == expected.text and got.garbled == []
        assert [m.text for m in got.measures] == [m.text for m in expected.measures] != []
        assert [s.text for s in got.slogans] == [s.text for s in expected.slogans]
        assert [f.text for f in got.figures] == [f.text for f in expected.figures] != []


@pytest.mark.parametrize("text", ["⺠", "⻓征", "中国⼈⺠"])
def test_short_texts(text):
    assert not any(_in_blocks(c) for c in fold_ideographs(text)[0])


@pytest.mark.parametrize("report", [REPORT_SIMPLIFIED, REPORT_TRADITIONAL], ids=["simplified", "traditional"])
def test_a_pdf_with_radicals_reads_as_the_same_pdf_without(tmp_path, report):
    lines = [ln for ln in report.splitlines() if ln.strip()]
    clean = write_pdf(tmp_path / "clean.pdf", [lines])
    printed = write_pdf(tmp_path / "printed.pdf", [[_with_radicals(ln) for ln in lines]])
    pipe = get_pipeline()
    expected, got = pipe.process_path(str(clean)).articles[0], pipe.process_path(str(printed)).articles[0]
    assert (got.title, got.text) == (expected.title, expected.text)
    assert not any(_in_blocks(c) for c in got.title + got.text) and got.garbled == []
    assert [m.text for m in got.measures] == [m.text for m in expected.measures] != []
