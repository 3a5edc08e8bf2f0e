"""Chinese UI text lives in data/labels.tsv; render modules only turn data into HTML."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

from textkit.labels import label, label_group, ui_text
from textkit.resources import table

PACKAGE = Path(__file__).resolve().parents[2] / "textkit"
UI_MODULES = [*sorted((PACKAGE / "screening").glob("*.py")), *sorted((PACKAGE / "render").glob("*.py")), PACKAGE / "report.py"]
CJK = re.compile(r"[\u3400-\u9fff]")


def _literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef) and n.body and isinstance(n.body[0], ast.Expr)
    }
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_label_keys_are_unique():
    keys = Counter(row["key"] for row in table("labels"))
    assert [k for k, n in keys.items() if n > 1] == []


def test_every_key_the_code_asks_for_exists():
    used: set[str] = set()
    groups: set[str] = set()
    for path in UI_MODULES:
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\blabel\(\s*["']([\w.]+)["']""", source))
        groups |= set(re.findall(r"""\blabel_group\(\s*["']([\w.]+)["']""", source))
    assert used and groups
    assert sorted(used - set(ui_text())) == []
    assert sorted(g for g in groups if not label_group(g)) == []


@pytest.mark.parametrize(
    "code",
    [
        "TOO_SHORT",
        "SLOGANS_WITHOUT_MEASURES",
        "NO_CONCRETE_MEASURES",
        "FEW_CONCRETE_MEASURES",
        "SLOGAN_HEAVY",
        "ONLY_PRESCRIBED",
        "FEW_FIGURES",
        "THEME_MISSING",
        "BOILERPLATE_HEAVY",
        "DUPLICATE_TEMPLATE",
        "DUPLICATE_SUBMISSION",
        "READ_ERROR",
    ],
)
def test_every_flag_has_a_message_and_a_short_label(code):
    assert CJK.search(label(f"flag.{code}"))
    assert CJK.search(label(f"flag_label.{code}")) and len(label(f"flag_label.{code}")) <= 8


def test_label_fills_placeholders_and_groups_keep_file_order():
    assert label("index.flag_count", count=3) == "3份"
    assert list(label_group("status")) == ["done", "prescribed"]
    assert list(label_group("sheet.column"))[:3] == ["rank", "verdict", "score"]


def test_ui_modules_hold_almost_no_chinese_in_code():
    total = sum(len(CJK.findall(s)) for path in UI_MODULES for s in _literals(path))
    assert total <= 40


@pytest.mark.parametrize("path", sorted((PACKAGE / "render").glob("*.py")), ids=lambda p: p.name)
def test_render_modules_do_not_import_screening_or_report(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in modules if m.startswith(("textkit.screening", "textkit.report", "textkit.pipeline", "textkit.batch"))]
