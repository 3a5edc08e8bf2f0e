"""Components with contracts: the registry, order checks, the contract every component keeps, and a
user's own extractor flowing into every output and into doc.spans."""

from __future__ import annotations

import copy
import csv
import importlib
import json
import sqlite3
from dataclasses import asdict

import pytest

import textkit
from tests.conftest import REPORT_SIMPLIFIED, REPORT_TRADITIONAL
from textkit import components
from textkit.components import DEFAULT_PIPELINE, PROVIDED, PipelineError
from textkit.pipeline import Pipeline

TOY = "branches"
TOY_DOC = "第二党支部工作总结\n一、抓学习\n第二党支部组织党员学习“三会一课”制度8次，机关党支部开展结对共建。\n"


@pytest.fixture
def toy():
    """Register the toy component from the tests folder (its import is the registration)."""
    import tests.components.toy_component as module

    importlib.reload(module)
    yield module
    components.unregister(TOY)


def test_shipped_components_are_registered_with_contracts():
    assert set(DEFAULT_PIPELINE) <= set(components.names())
    kinds = components.item_kinds()
    assert {k: c.name for k, c in kinds.items()} == {"slogans": "slogans", "figures": "figures", "measures": "measures"}
    assert components.contract("figures").requires == ("structure", "slogans")
    assert components.contract("themes").assigns == ("themes", "theme_confidence")


def test_order_is_checked_against_contracts():
    with pytest.raises(PipelineError, match="'figures' requires slogans"):
        components.build(["figures", "slogans"])
    with pytest.raises(PipelineError, match="'themes' requires measures"):
        Pipeline(pipes=("themes",)).components()
    with pytest.raises(PipelineError, match="unknown component 'nosuch'"):
        components.build(["nosuch"])


def test_a_pipeline_built_from_names_runs_only_those():
    (art,) = textkit.extract(REPORT_SIMPLIFIED, pipes=("slogans",))
    assert art.slogans and not art.figures and not art.measures and not art.themes


@pytest.mark.parametrize("name", [n for n in DEFAULT_PIPELINE])
@pytest.mark.parametrize("text", [REPORT_SIMPLIFIED, REPORT_TRADITIONAL], ids=["simplified", "traditional"])
def test_every_shipped_component_keeps_its_contract(name, text):
    check_contract(name, text)


def test_the_toy_component_keeps_the_contract(toy):
    check_contract(TOY, TOY_DOC)


def check_contract(name: str, text: str) -> None:
    """Declares requires/assigns; items inside the article text; running it twice changes nothing."""
    contract = components.contract(name)
    assert contract.assigns and all(isinstance(r, str) for r in contract.requires)
    pipes = [n for n in DEFAULT_PIPELINE if n != name and components.contract(n).assigns[0] in _needs(name)] + [name]
    (art,) = textkit.normalize(text)
    comps = components.build(pipes)
    for comp in comps:
        comp.annotate(art)
    once = copy.deepcopy(art.to_record())
    comps[-1].annotate(art)
    assert art.to_record() == once, f"{name} is not idempotent"
    if contract.item_kind:
        items = art.items_of(contract.item_kind)
        assert items, f"{name} found nothing in the sample"
        for item in items:
            spans = getattr(item, "occurrences", None) or [(item.start, item.end)]
            for s, e in spans:
                assert 0 <= s < e <= len(art.text)


def _needs(name: str) -> set[str]:
    """Everything a component needs, transitively, beyond what structure parsing provides."""
    need, todo = set(), list(components.contract(name).requires)
    while todo:
        r = todo.pop()
        if r in PROVIDED or r in need:
            continue
        need.add(r)
        producer = next(n for n in components.names() if r in components.contract(n).assigns)
        todo += components.contract(producer).requires
    return need


def test_a_user_component_reaches_every_output_and_the_spacy_doc(toy, tmp_path):
    src = tmp_path / "report.txt"
    src.write_text(TOY_DOC, encoding="utf-8")
    pipes = (*DEFAULT_PIPELINE, TOY)

    (art,) = textkit.extract(TOY_DOC, pipes=pipes)
    found = [b.text for b in art.extras[TOY]]
    assert found == ["第二党支部", "机关党支部"]

    summary = textkit.extract_to([str(src)], str(tmp_path / "out.jsonl"), pipes=pipes, workers=1)
    assert summary.items[TOY] == 2
    (rec,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [b["text"] for b in rec[TOY]] == found and rec[TOY][0] == asdict(art.extras[TOY][0])

    textkit.extract_to([str(src)], str(tmp_path / "out.csv"), pipes=pipes, workers=1)
    with (tmp_path / "out.branches.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["text"] for r in rows] == found and rows[0]["kind"] == "branch"
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as fh:
        assert next(csv.DictReader(fh))["n_branches"] == "2"

    textkit.extract_to([str(src)], str(tmp_path / "out.sqlite"), pipes=pipes, workers=1)
    con = sqlite3.connect(tmp_path / "out.sqlite")
    assert [r[0] for r in con.execute("SELECT text FROM branches ORDER BY position")] == found
    con.close()

    nlp = textkit.load(pipes=list(pipes))
    doc = nlp(TOY_DOC)
    assert [(s.text, s.label_) for s in doc.spans[TOY]] == [("第二党支部", "branch"), ("机关党支部", "branch")]
    assert [s.text for s in doc.spans["slogans"]] == ["三会一课"]
