"""The output schema (textkit/data/schema/fields.toml → docs/schema.md, JSON Schema): real records of every
command validate, every key and column that outputs hold is documented, closed sets are closed, and the
generated files are in sync."""

from __future__ import annotations

import copy
import csv
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import textkit
from textkit import schema
from textkit.batch import BatchConfig, process_to
from textkit.cli import app
from textkit.io.records import read_tables

ROOT = Path(__file__).resolve().parent.parent
TABULAR = (".csv", ".xlsx", ".parquet", ".sqlite")

# Own sample text: a township report (simplified) with a numbered formula and its expansion, ranges,
# percentages, money, a target and a plan; a community report in traditional script.
TOWNSHIP = """青禾镇党委2024年党建工作总结
发布时间：2024-12-20 来源：青禾镇党委办公室
（青禾镇党委组织办公室 321000）

一、夯实思想根基
镇党委坚持“第一议题”制度，全年组织理论中心组学习14次，培训党员干部1.3万人次。各支部严格落实“三会一课”制度，开展主题党日活动36场。
二、推行“四议两公开”工作法
村级重大事项全面推行“四议两公开”，即：村党组织提议、村“两委”会议商议、党员大会审议、村民代表会议决议、决议公开、实施结果公开。全年规范议事82件，群众满意率达到97.5%。
三、服务群众
1、组建志愿服务队5至8支，投入帮扶资金46.2万元，为群众办实事230余件。
2、下一步要健全党员联系户制度，力争到年底网格覆盖率达到100%。
"""

COMMUNITY_TRADITIONAL = """石橋社區黨支部“紅色管家”經驗做法

一、建強組織
支部推行“黨員責任區”制度，設立黨員示範崗12個，全年走訪居民860戶。
二、做實服務
開展“兩學一做”學習教育，組織黨員參加志願服務3至4次，居民滿意度提升到95%。
"""


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    tmp = tmp_path_factory.mktemp("schema_inputs")
    (tmp / "township.txt").write_text(TOWNSHIP, encoding="utf-8")
    (tmp / "community.txt").write_text(COMMUNITY_TRADITIONAL, encoding="big5")
    (tmp / "empty.txt").write_bytes(b"")
    manifest = tmp / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "unit", "year", "region", "title", "text", "path"])
        w.writerow(["a1", "青禾镇党委", 2024, "东区", "青禾镇党建工作总结", TOWNSHIP.split("\n", 2)[2], ""])
        w.writerow(["a2", "石桥社区党支部", 2023, "西区", "", COMMUNITY_TRADITIONAL, ""])
        w.writerow(["a3", "无名单位", 2022, "北区", "", "", "missing.txt"])
    return [str(tmp / "township.txt"), str(tmp / "community.txt"), str(tmp / "empty.txt"), str(manifest)]


@pytest.fixture(scope="module")
def outputs(inputs, tmp_path_factory) -> dict[str, Path]:
    """The sample extracted to JSONL and to every tabular format."""
    tmp = tmp_path_factory.mktemp("schema_outputs")
    outs = {}
    for suffix in (".jsonl", *TABULAR):
        outs[suffix] = tmp / f"out{suffix}"
        textkit.extract_to(inputs, str(outs[suffix]), workers=1)
    return outs


@pytest.fixture(scope="module")
def records(outputs) -> list[dict]:
    return _records(outputs[".jsonl"])


@pytest.fixture(scope="module")
def other_modes(inputs, tmp_path_factory) -> dict[str, Path]:
    """normalize and segment --pos outputs (JSONL and a table format each)."""
    tmp = tmp_path_factory.mktemp("schema_modes")
    outs = {}
    for mode, suffixes in (("normalize", (".jsonl", ".csv")), ("segment", (".jsonl", ".parquet"))):
        for suffix in suffixes:
            outs[mode + suffix] = tmp / f"{mode}{suffix}"
            process_to(inputs, str(outs[mode + suffix]), BatchConfig(mode=mode, pos=mode == "segment"), workers=1)
    return outs


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema.json_schema(name))


def _errors(record: dict) -> list[str]:
    v = _validator("error" if "error" in record else "record")
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(record)]


# ----------------------------------------------------------------------------- the sample


def test_sample_has_what_the_schema_describes(records):
    """The sample is realistic enough to exercise the schema: both scripts, metadata, errors, every item kind."""
    articles = [r for r in records if "error" not in r]
    errors = [r for r in records if "error" in r]
    assert len(articles) == 4 and len(errors) == 2
    assert any(r.get("metadata") for r in errors)  # the manifest row whose file is missing
    assert {r["metadata"]["unit"] for r in articles if "metadata" in r} == {"青禾镇党委", "石桥社区党支部"}
    assert any(r["log"].get("script_converted_chars") for r in articles)  # the traditional report
    assert {"date", "site_source", "unit", "postcode"} <= {k for r in articles for k in r["meta"]}
    slogans = [s for r in articles for s in r["slogans"]]
    formula = next(s for s in slogans if s["text"] == "四议两公开")
    assert formula["kind"] == "numeric" and len(formula["expansion"]) == 6 and formula["count_ok"] is True
    figures = [f for r in articles for f in r["figures"]]
    assert any(f["value_max"] is not None for f in figures)  # a range
    assert any(f["kind"] == "percent" and f["unit"] == "%" for f in figures)
    assert any(f["base_value"] != f["value"] for f in figures)  # 1.3万人次, 46.2万元
    measures = [m for r in articles for m in r["measures"]]
    assert {m["level"] for m in measures} == {"heading", "item"} and {m["status"] for m in measures} == {"done", "prescribed"}


# ------------------------------------------------------------------- (a) records validate


def test_schemas_are_valid_draft_2020_12():
    for name in schema.SCHEMA_NAMES:
        jsonschema.Draft202012Validator.check_schema(schema.json_schema(name))
        assert schema.json_schema(name)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_extract_record_validates(records):
    for rec in records:
        assert _errors(rec) == [], rec.get("source")
        schema.validate(rec)


def test_api_records_validate():
    """``Article.to_record()`` of ``textkit.extract`` (no doc_id, metadata or provenance) fits the same schema."""
    for text in (TOWNSHIP, COMMUNITY_TRADITIONAL):
        for article in textkit.extract(text):
            rec = json.loads(json.dumps(article.to_record(), ensure_ascii=False))
            assert _errors(rec) == []


def test_normalize_and_segment_records_validate(other_modes):
    for mode in ("normalize", "segment"):
        recs = _records(other_modes[f"{mode}.jsonl"])
        assert any("error" not in r for r in recs)
        for rec in recs:
            assert _errors(rec) == [], (mode, rec.get("source"))
    assert any("pos" in r for r in _records(other_modes["segment.jsonl"]))


def test_records_read_back_from_tables_validate(outputs):
    """What ``read_records`` rebuilds from a typed table format is a valid record too (CSV and Excel cannot
    tell an empty text from a missing one: a measure's empty ``section`` comes back as None)."""
    from textkit.io.records import read_records

    for suffix in (".parquet", ".sqlite"):
        recs = list(read_records(outputs[suffix]))
        assert recs
        for rec in recs:
            assert _errors(json.loads(json.dumps(rec, ensure_ascii=False))) == [], suffix


# --------------------------------------------------------------- (b) everything documented


def test_every_record_key_is_documented(records, other_modes):
    recs = records + _records(other_modes["normalize.jsonl"]) + _records(other_modes["segment.jsonl"])
    for rec in recs:
        assert schema.undocumented_keys(rec) == [], rec.get("source")


def _metadata_keys(records: list[dict]) -> set[str]:
    return {k for r in records for k in r.get("metadata") or {}}


def _tables(path: Path) -> dict[str, list[str]]:
    """Table → its columns, as the file holds them."""
    tables, _ = read_tables(path)
    return {t: list(rows[0]) for t, rows in tables.items() if rows}


@pytest.mark.parametrize("suffix", TABULAR)
def test_every_table_column_is_documented(outputs, records, suffix):
    metadata = _metadata_keys(records)
    tables = _tables(outputs[suffix])
    assert {"articles", "measures", "slogans", "figures", "errors"} <= set(tables)
    for table, columns in tables.items():
        assert schema.undocumented_columns(table, columns, metadata) == [], (suffix, table)
    assert "meta_title" in tables["articles"]  # the manifest's title column clashes with the fixed one


def test_frames_columns_are_documented(outputs, records):
    frames = textkit.read(str(outputs[".jsonl"]))
    for table, frame in frames.items():
        assert schema.undocumented_columns(table, frame.columns, _metadata_keys(records)) == [], table


def test_other_modes_columns_are_documented(other_modes, inputs):
    metadata = _metadata_keys(_records(other_modes["normalize.jsonl"]))
    for name in ("normalize.csv", "segment.parquet"):
        for table, columns in _tables(other_modes[name]).items():
            assert schema.undocumented_columns(table, columns, metadata) == [], (name, table)


def test_every_sqlite_table_is_documented(outputs):
    con = sqlite3.connect(outputs[".sqlite"])
    names = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    con.close()
    described = {n.removeprefix("table.") for n in schema.objects() if n.startswith("table.")}
    assert [n for n in names if n not in described and not n.startswith("articles_fts")] == []


def test_documented_table_columns_match_the_writer():
    """The columns docs/schema.md lists are those the table layer writes (with every article field)."""
    from textkit.io.tables import ARTICLE_EXTRA_TYPES, ITEM_KINDS, Layout

    layout = Layout()
    layout.has_themes = True
    layout.article_extra = list(ARTICLE_EXTRA_TYPES)
    for table in ("articles", *ITEM_KINDS, "errors"):
        listed = [c for c in schema.table_columns(table) if c != "{metadata key}"]
        assert listed == layout.columns(table), table
        assert schema.undocumented_columns(table, listed) == [], table


# ---------------------------------------------------------------- new fields are detected


def test_a_new_record_field_is_named(records):
    rec = copy.deepcopy(next(r for r in records if "error" not in r))
    rec["char_map"] = [[0, 0]]
    rec["figures"][0]["unit_kind"] = "people"
    rec["meta"]["publisher"] = "某出版社"
    assert schema.undocumented_keys(rec) == ["char_map", "figures[].unit_kind", "meta.publisher"]
    assert any("char_map" in e for e in _errors(rec))  # closed objects reject it
    err = copy.deepcopy(next(r for r in records if "error" in r))
    err["codes"] = {}
    assert schema.undocumented_keys(err) == ["codes"]


def test_a_new_column_is_named():
    assert schema.undocumented_columns("measures", ["item_id", "tags", "year"], ["year"]) == ["tags"]
    assert schema.undocumented_columns("kwic", ["left", "speaker"], ["year"]) == ["speaker"]
    assert schema.undocumented_columns("concordance", ["left"]) == ["left"]  # a table fields.toml does not describe
    assert schema.undocumented_columns("coding", ["code_廉洁", "code_"]) == ["code_"]  # a placeholder stands for some text


# ----------------------------------------------------------------------------- closed sets

CLOSED = [
    ("measures", "level", "section"),
    ("measures", "status", "planned"),
    ("measures", "themes", ["politics"]),
    ("slogans", "kind", "slogan"),
    ("figures", "kind", "ratio"),
    ("figures", "role", "goal"),
]


@pytest.mark.parametrize(("kind", "name", "value"), CLOSED)
def test_a_value_outside_a_closed_set_fails(records, kind, name, value):
    rec = copy.deepcopy(next(r for r in records if "error" not in r and r[kind]))
    assert _errors(rec) == []
    rec[kind][0][name] = value
    assert any(name in e for e in _errors(rec))


def test_closed_sets_of_record_parts(records):
    rec = copy.deepcopy(next(r for r in records if "error" not in r))
    bad = copy.deepcopy(rec)
    bad["themes"]["other"] = 0.1  # article themes are the four themes only
    bad["measures"][0]["theme_scores"]["politics"] = 0.1
    bad["structure"]["sections"][0]["scheme"] = "A."
    bad["provenance"]["mode"] = "train"
    bad["provenance"]["script"] = "cantonese"
    paths = {e.split(":")[0] for e in _errors(bad)}
    assert {"themes", "measures/0/theme_scores", "structure/sections/0/scheme", "provenance/mode", "provenance/script"} <= paths


def test_shipped_lexicon_kinds_are_in_the_closed_set():
    from textkit.resources import mined_slogans, slogan_lexicon

    kinds = set(schema.objects()["slogans"].fields["kind"].enum)
    assert {k for _, k in slogan_lexicon(None)} <= kinds
    assert {k for _, k, _ in mined_slogans()} <= kinds


def test_every_example_fits_its_field():
    """The examples in fields.toml have the field's type and are in its closed set."""
    objs = schema.objects()
    for obj in objs.values():
        for f in obj.fields.values():
            if not f.has_example or "#" in f.type or "{" in f.name:
                continue
            sub = schema._field_schema(f)
            assert not list(jsonschema.Draft202012Validator(sub).iter_errors(f.example)), (obj.name, f.name, f.example)


# ------------------------------------------------------------------- descriptions and code


def test_every_field_has_a_meaning():
    for obj in schema.objects().values():
        assert obj.title and obj.about, obj.name
        for f in obj.fields.values():
            assert f.meaning, f"{obj.name}.{f.name}"


def test_a_stale_or_missing_description_fails(monkeypatch):
    desc = copy.deepcopy(schema.descriptions())
    desc["figures"]["unit_kind"] = {"meaning": "a field the dataclass does not have"}
    del desc["measures"]["concrete"]
    monkeypatch.setattr(schema, "descriptions", lambda: desc)
    with pytest.raises(schema.SchemaError) as err:
        schema.objects()
    assert "figures.unit_kind" in str(err.value) and "measures.concrete" in str(err.value)


def test_a_registered_item_kind_documents_itself():
    """A component of another package describes its item fields with dataclass metadata."""
    from textkit.components import component, unregister

    @dataclass
    class Toy:
        text: str = field(default="", metadata={"meaning": "The toy's name."})
        colour: str = field(default="red", metadata={"meaning": "Its colour.", "enum": ["red", "blue"]})
        spans: list[tuple[int, int]] = field(default_factory=list)  # undocumented

    @component("toys_schema_test", item=Toy)
    class ToyFinder:
        def annotate(self, article):
            article.extras["toys_schema_test"] = []

    try:
        with pytest.raises(schema.SchemaError, match=r"toys_schema_test\.spans"):
            schema.objects()
        Toy.__dataclass_fields__["spans"].metadata = {"meaning": "Where it is."}
        rec = schema.json_schema("record")
        toy = rec["$defs"]["toys_schema_test"]
        assert toy["properties"]["colour"]["enum"] == ["red", "blue"]
        assert toy["properties"]["spans"]["items"]["prefixItems"][0]["type"] == "integer"
        assert "toys_schema_test" in rec["properties"]
        assert "toys_schema_test" not in schema.json_schema("record", builtin_only=True)["properties"]
    finally:
        unregister("toys_schema_test")


def test_types_come_from_the_dataclasses():
    fig = schema.objects()["figures"].fields
    assert fig["value_max"].type == "number|null" and fig["relates_to"].type == "integer|null"
    assert schema.objects()["slogans"].fields["occurrences"].type == "list[span]"
    assert schema.objects()["section"].fields["parent"].type == "integer|null"


# ------------------------------------------------------------------------ generated files


def test_generated_files_are_in_sync():
    stale = [
        str(path.relative_to(ROOT))
        for path, text in schema.generated_files(ROOT).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"{', '.join(stale)} out of date: run `python scripts/build_schema.py`"


def test_shipped_schema_is_the_generated_one():
    for name in schema.SCHEMA_NAMES:
        assert schema.shipped_json_schema(name) == schema.json_schema(name, builtin_only=True)


def test_docs_cover_the_asked_fields():
    text = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    for name in ("`level`", "`kind`", "`role`", "`concrete`", "`base_value`", "`position`", "`relates_to`", "`count_ok`"):
        assert name in text
    assert "**undocumented**" not in text
    assert "docs/schema.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_cli_prints_the_schema():
    runner = CliRunner()
    res = runner.invoke(app, ["schema"])
    assert res.exit_code == 0 and res.output == schema.markdown()
    for name in schema.SCHEMA_NAMES:
        res = runner.invoke(app, ["schema", "--json", name])
        assert res.exit_code == 0 and json.loads(res.output) == schema.json_schema(name)
    assert runner.invoke(app, ["schema", "--json", "figures"]).exit_code == 2
