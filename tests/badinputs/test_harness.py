"""The bad-input harness judges what it is shown: strict JSON, one record per input, clear errors, safe cells."""

from __future__ import annotations

import json
from pathlib import Path

from tests.badinputs.generate import BadInput
from tests.badinputs.harness import SECRET, Run, attribute, batch_problems, documents, kind_problems, parse_output, spreadsheet_problems


def _run(root: Path, kinds: list[BadInput], lines: list[dict], *, returncode: int = 3, stderr: str = "") -> Run:
    records = parse_output(b"\n".join(json.dumps(r, ensure_ascii=False).encode() for r in lines))
    run = Run(kinds, ["textkit"], returncode, None, stderr, records, 1.0)
    attribute(run, root)
    return run


def test_output_lines_that_are_not_strict_json_or_unicode_are_flagged():
    records = parse_output(b'{"source": "a", "x": NaN}\n{"source": "b"}\n\xff{"source": "c"}\n{"source": "\\ud800"}\n[1]\n')
    assert [r.source for r in records] == ["a", "b", "", "\ud800", ""]
    assert ["NaN" in " ".join(r.problems) for r in records] == [True, False, False, False, False]
    assert records[1].problems == []
    assert any("not UTF-8" in p for p in records[2].problems)
    assert any("surrogate" in p for p in records[3].problems)
    assert any("not a JSON object" in p for p in records[4].problems)


def test_records_are_grouped_into_documents():
    recs = parse_output(
        b"\n".join(
            json.dumps(r).encode()
            for r in [
                {"source": "a", "article": 0},
                {"source": "a", "article": 1},
                {"source": "a", "error": "a: broken"},
                {"source": "b", "article": 0},
                {"source": "b", "article": 0},  # two rows with one id: two documents
            ]
        )
    )
    assert [len(d) for d in documents(recs)] == [2, 1, 1, 1]


def test_kind_problems_name_what_is_wrong(tmp_path):
    refused = BadInput("refused", ("x.txt",), ("x.txt",), expect="error")
    read = BadInput("read", ("y.txt",), ("y.txt",), expect="ok")
    manifest = BadInput("m", ("m.csv",), ("m.csv",), manifest="m.csv", rows=2)
    good = BadInput("good_last", ("zz_good_last.txt",), ("zz_good_last.txt",), expect="ok")
    kinds = [refused, read, manifest, good]
    run = _run(
        tmp_path,
        kinds,
        [
            {"source": "x.txt", "article": 0, "text": SECRET},
            {"source": "y.txt", "error": "y.txt: internal error (KeyError: 'x')"},
            {"source": "m.csv#1", "article": 0},
            {"source": "zz_good_last.txt", "article": 0},
        ],
    )
    assert any("must be refused" in p for p in kind_problems(refused, run))
    assert any("secret" in p for p in kind_problems(refused, run))
    assert any("internal error" in p for p in kind_problems(read, run))
    assert any("must be read" in p for p in kind_problems(read, run))
    assert kind_problems(manifest, run) == ["1 documents for 2 inputs: ['m.csv#1']"]
    assert kind_problems(good, run) == [] and batch_problems(run) == []
    stopped = _run(
        tmp_path, kinds, [{"source": "x.txt", "error": "x.txt: empty file"}], returncode=1, stderr="Traceback (most recent call last):"
    )
    assert kind_problems(refused, stopped) == []
    assert kind_problems(read, stopped)[0].startswith("no record (the run stopped: exit code 1")
    assert len(batch_problems(stopped)) == 3  # exit code, traceback, good document not processed


def test_formula_cells_are_found_in_csv_and_excel(tmp_path, monkeypatch):
    import textkit.io.tables

    bad = parse_output(json.dumps({"source": "=HYPERLINK(1)", "error": "@SUM(1)"}).encode())
    assert spreadsheet_problems(bad, tmp_path / "escaped") == []  # textkit's writers escape them …
    monkeypatch.setattr(textkit.io.tables, "spreadsheet_safe", lambda value: value)
    found = spreadsheet_problems(bad, tmp_path / "bad")  # … and the harness finds them when they do not
    assert any(".csv" in p for p in found) and any(".xlsx" in p for p in found)
    safe = parse_output(json.dumps({"source": "doc.txt", "error": "doc.txt: empty file, -5"}).encode())
    assert spreadsheet_problems(safe, tmp_path / "safe") == []


def test_an_error_must_say_what_the_kind_demands_not_just_name_the_file(tmp_path):
    bomb = BadInput("bomb", ("limit.docx",), ("limit.docx",), expect="error", message="(?i)limit")
    vague = _run(tmp_path, [bomb], [{"source": "limit.docx", "error": "limit.docx: not a valid .docx file (XMLSyntaxError)"}])
    clear = _run(tmp_path, [bomb], [{"source": "limit.docx", "error": "limit.docx: expands beyond the 200 MB limit"}])
    assert any("does not match" in p for p in kind_problems(bomb, vague))
    assert kind_problems(bomb, clear) == []
