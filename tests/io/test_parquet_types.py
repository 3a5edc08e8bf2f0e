"""Parquet outputs have real list, struct and map columns (plain pandas reads lists and dicts, no
``json.loads``), and textkit reads them back to the very records that were written."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import textkit
from textkit.io.outputs.parquet import Shape, decode, encode
from textkit.io.records import read_records
from textkit.io.writers import Output

from ..conftest import REPORT_SIMPLIFIED
from .samples import SCHOOL


@pytest.fixture(scope="module")
def parquet_out(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("parquet")
    (tmp / "community.txt").write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    (tmp / "school.txt").write_text(SCHOOL, encoding="utf-8")
    out = tmp / "out.parquet"
    textkit.extract_to([str(tmp / "community.txt"), str(tmp / "school.txt")], str(out), workers=1)
    return out


def _types(path: Path) -> dict[str, pa.DataType]:
    return {f.name: f.type for f in pq.read_schema(path)}


def test_list_and_dict_columns_are_parquet_lists_and_structs(parquet_out: Path):
    measures = _types(parquet_out.with_name("out.measures.parquet"))
    assert measures["themes"] == pa.list_(pa.string())
    assert pa.types.is_struct(measures["theme_scores"])
    assert {f.name for f in measures["theme_scores"]} >= {"education", "mechanism", "supervision", "service"}
    assert all(f.type == pa.float64() for f in measures["theme_scores"])
    slogans = _types(parquet_out.with_name("out.slogans.parquet"))
    assert slogans["expansion"] == pa.list_(pa.string())
    assert slogans["occurrences"] == pa.list_(pa.list_(pa.int64()))
    articles = _types(parquet_out)
    for column in ("log", "structure", "provenance"):
        assert pa.types.is_struct(articles[column]), column
    assert pa.types.is_map(articles["meta"])  # plain text files have no document properties: empty dicts
    assert articles["provenance"].field("pipes").type == pa.list_(pa.string())
    assert pa.types.is_list(articles["structure"].field("sentences").type)
    assert not any(pa.types.is_string(t) for c, t in articles.items() if c in ("meta", "log", "structure", "provenance"))


def test_plain_pandas_reads_lists_and_dicts(parquet_out: Path):
    measures = pd.read_parquet(parquet_out.with_name("out.measures.parquet"))
    first = measures.iloc[0]
    assert list(first["themes"]) and all(isinstance(t, str) for t in first["themes"])
    assert isinstance(first["theme_scores"], dict) and set(first["theme_scores"]) >= {"education", "service"}
    articles = pd.read_parquet(parquet_out)
    assert all(isinstance(p, dict) and p["textkit"] == textkit.__version__ for p in articles["provenance"])
    assert all(isinstance(s, dict) and len(s["sentences"]) > 3 for s in articles["structure"])
    slogans = pd.read_parquet(parquet_out.with_name("out.slogans.parquet"))
    assert all(len(pair) == 2 for occ in slogans["occurrences"] for pair in occ)


def test_textkit_reads_the_parquet_records_back_exactly(parquet_out: Path, tmp_path: Path):
    jsonl = tmp_path / "same.jsonl"
    textkit.convert(str(parquet_out), str(jsonl))
    assert list(read_records(jsonl)) == list(read_records(parquet_out))
    again = tmp_path / "again.parquet"
    textkit.convert(str(jsonl), str(again))
    assert list(read_records(again)) == list(read_records(parquet_out))


def _write(path: Path, records: list[dict]) -> None:
    out = Output(str(path))
    out.open()
    for rec in records:
        out.write([json.dumps(rec, ensure_ascii=False)], rec.get("source", ""), rec.get("doc_id", ""))
    out.finish()


def test_open_keys_null_values_and_mixed_types_round_trip(tmp_path: Path):
    """Dicts whose keys vary become sparse structs (absent keys do not come back as None), dicts with
    varying keys and None values become maps, and a place holding text here and a list there is JSON text."""
    base = {"source": "s", "article": 1, "title": "t", "text": "正文", "themes": {"education": 1.0}, "theme_confidence": 0.5}
    records = [
        {**base, "doc_id": "a", "meta": {"date": "2024-01-01", "pages": 3}, "log": {"x": 1, "y": None}, "provenance": {"v": "text"}},
        {**base, "doc_id": "b", "meta": {"author": "张三"}, "log": {"z": 2}, "provenance": {"v": [1, 2]}},
        {**base, "doc_id": "c", "meta": {}, "log": None, "provenance": {"v": None}},
    ]
    for rec in records:
        rec |= {"measures": [], "slogans": [], "figures": []}
    out = tmp_path / "t.parquet"
    _write(out, records)
    types = _types(out)
    assert pa.types.is_struct(types["meta"]) and {f.name for f in types["meta"]} == {"date", "pages", "author"}
    assert types["log"] == pa.map_(pa.string(), pa.int64())
    assert types["provenance"].field("v").type == pa.string()  # text in one record, a list in another: JSON text
    got = list(read_records(out))
    for rec, back in zip(records, got):
        for key in ("meta", "log", "provenance"):
            assert back[key] == rec[key], key
    assert got[0]["meta"] == {"date": "2024-01-01", "pages": 3} and "author" not in got[0]["meta"]
    cells = pd.read_parquet(out)
    assert cells["meta"][1] == {"date": None, "pages": None, "author": "张三"}
    assert dict(cells["log"][0]) == {"x": 1, "y": None}


@pytest.mark.parametrize(
    "values",
    [
        [{"a": 1, "b": "x"}, {"b": "y"}, {"c": [1.5, 2]}],
        [[{"k": 1}], [{"k": 2, "j": None}], []],
        [{"a": [1, 2]}, {"a": "two"}, {"a": {"b": 1}}],
        [{"a": None, "b": 1}, {"c": True}],
    ],
)
def test_shape_plan_encodes_and_decodes_values_exactly(values: list):
    shape = Shape()
    for v in values:
        shape.add(v)
    arrow_type, plan = shape.arrow()
    array = pa.array([encode(v, plan) for v in values], type=arrow_type)
    assert [decode(v, plan) for v in array.to_pylist(maps_as_pydicts="strict")] == values


def test_annotations_give_types_before_any_value():
    assert Shape.of_annotation("list[str]").arrow()[0] == pa.list_(pa.string())
    assert Shape.of_annotation("list[tuple[int, int]]").arrow()[0] == pa.list_(pa.list_(pa.int64()))
