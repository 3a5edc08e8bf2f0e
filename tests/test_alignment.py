"""Offset maps from the normalised text back to the user's input (``textkit.alignment``)."""

from __future__ import annotations

import json
import re
from collections import Counter

import textkit
from textkit.alignment import _changed_length_runs, compose, deletion_runs, identity_map, span_to_input, to_input
from textkit.batch import BatchConfig, Task, process_task
from textkit.normalization import normalize_text
from textkit.normalization.chars import basic_clean
from textkit.normalization.pinyin import remove_pinyin
from textkit.normalization.script import to_simplified

from .conftest import REPORT_SIMPLIFIED

# A web page holding two reports in traditional script: breadcrumb and header lines, inline pinyin,
# full-width digits, spaces around numbers, a zero-width space, a decoration, lines broken
# mid-sentence, page numbers, Windows line ends.
RAW = (
    "首頁 > 黨建動態 > 工作總結\r\n"
    "發布時間：2024-01-15  來源：縣委組織部  瀏覽次數：326\r\n"
    "第一篇：城關鎮黨委2023年黨建工作總結\r\n"
    "一、強化政治引領\r\n"
    "鎮黨委堅持以學(xué)促幹(gàn)，嚴格落實“三會一課”製度，全年召開黨委會24次，\r\n"
    "開展集中學習 １２ 次，黨員參學率達到９６％。\u200b\r\n"
    "二、下步打算\r\n"
    "一是要繼續加強黨員教育管理；二是要推進“兩學一做”學習教育常態化制度化。\r\n"
    "- 3 -\r\n"
    "第二篇：東街社區黨支部工作報告\r\n"
    "◆ 社區黨支部建立“支部+網格”工作機制，共設網格黨小組8個，\r\n"
    "走訪群眾560戶，解決群眾急難愁盼問題45件。\r\n"
    "第 2 頁\r\n"
    "支部將深入開展“我為群眾辦實事”實踐活動，不斷提升服務水平。\r\n"
)


def _as_normalised(raw_span: str) -> str:
    """An input substring as normalisation would write it: cleaned, pinyin removed, simplified,
    without the spaces and line breaks that tidying and line joining drop."""
    text = remove_pinyin(basic_clean(raw_span, Counter()))[0]
    return re.sub(r"\s", "", to_simplified(text)[0])


def _spans(article) -> list[tuple[int, int]]:
    """Every item occurrence and sentence of an article."""
    spans = [(s.start, s.end) for s in article.sentences]
    for item in [*article.slogans, *article.figures, *article.measures]:
        spans += getattr(item, "occurrences", None) or [(item.start, item.end)]
    return spans


def _assert_maps_back(article, raw: str) -> None:
    """Each run is monotone and copies its input characters; every item and sentence maps back to
    an input substring that normalises to the item's text."""
    offset_map = article.offset_map()
    norm_end = input_end = 0
    for n, i, length in offset_map:
        assert n >= norm_end and i >= input_end and length > 0
        norm_end, input_end = n + length, i + length
        assert _as_normalised(raw[i : i + length]) == re.sub(r"\s", "", article.text[n : n + length])
    spans = _spans(article)
    assert spans
    for start, end in spans:
        s, e = span_to_input(offset_map, start, end)
        assert _as_normalised(raw[s:e]) == re.sub(r"\s", "", article.text[start:end]), (article.text[start:end], raw[s:e])
        assert to_input(offset_map, start) == s


def test_runs_compose_and_map_offsets():
    assert deletion_runs(10, [(2, 4), (6, 7)]) == [(0, 0, 2), (2, 4, 2), (4, 7, 3)]
    assert compose([(0, 0, 2), (2, 4, 2)], [(0, 10, 3), (3, 20, 5)]) == [(0, 10, 2), (2, 21, 2)]
    offset_map = [[0, 5, 3], [4, 12, 2]]  # character 3 is a paragraph break with no input of its own
    assert [to_input(offset_map, k) for k in range(6)] == [5, 6, 7, 8, 12, 13]
    assert to_input(offset_map, 3, end=True) == 8 and to_input(offset_map, 4, end=True) == 12
    assert span_to_input(offset_map, 1, 5) == (6, 13)
    assert span_to_input(offset_map, 2, 2) == (7, 7)
    assert identity_map(0) == [] and to_input([], 7) == 7


def test_script_conversion_of_another_length_is_aligned_line_by_line():
    runs = _changed_length_runs("甲乙\n丙丁戊", "甲x乙\n丙丁戊")
    assert to_input([list(r) for r in runs], 1) == 2 and to_input([list(r) for r in runs], 3) == 4


def test_traditional_web_page_with_two_articles_maps_back():
    articles = textkit.extract(RAW)
    assert len(articles) == 2
    first, second = articles
    assert "以学促干" in first.text and "dǎo" not in first.text and "首页" not in first.text
    assert "- 3 -" not in first.text and "第 2 页" not in second.text
    for article in articles:
        _assert_maps_back(article, RAW)
    # offsets of the second article refer to the whole input
    head = RAW.index("第二篇")
    assert to_input(second.offset_map(), 0) > head
    slogan = next(s for s in first.slogans if s.text == "以学促干")
    s, e = span_to_input(first.offset_map(), slogan.start, slogan.end)
    assert RAW[s:e] == "以學(xué)促幹(gàn)"[: e - s] and RAW[s:e].startswith("以學(xué)促幹")
    figure = next(f for f in first.figures if f.text == "集中学习12次")
    assert RAW[slice(*span_to_input(first.offset_map(), figure.start, figure.end))] == "集中學習 １２ 次"


def test_unchanged_simplified_text_maps_to_itself():
    text = "全年开展集中学习12次，党员参学率达到96%。\n支部建立“支部+网格”工作机制，走访群众560户。"
    (article,) = normalize_text(text)
    assert article.text == text
    assert article.offset_map() == [[0, 0, len(text)]]
    assert all(to_input(article.offset_map(), k) == k for k in range(len(text) + 1))


def test_record_carries_the_map_only_when_asked(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(RAW, encoding="utf-8")
    plain = [json.loads(x) for x in process_task(Task(source=str(path), path=str(path)), BatchConfig()).lines]
    mapped = [json.loads(x) for x in process_task(Task(source=str(path), path=str(path)), BatchConfig(offset_map=True)).lines]
    assert all("offset_map" not in r for r in plain)
    assert [r["offset_map"] for r in mapped] == [a.offset_map() for a in textkit.extract(RAW)]
    assert [{k: v for k, v in r.items() if k != "offset_map"} for r in mapped] == plain
    from textkit import schema

    for record in mapped:
        schema.validate(record)
        assert schema.undocumented_keys(record) == []


def test_manifest_row_offsets_refer_to_its_text_not_the_title_line_added():
    text = "全年开展集中学习12次，党员参学率达到96%。"
    task = Task(source="row1", text=text, metadata={"title": "城关镇党委工作总结"})
    (record,) = [json.loads(x) for x in process_task(task, BatchConfig(offset_map=True)).lines]
    assert record["title"] == "城关镇党委工作总结" and record["text"] == text
    assert record["offset_map"] == [[0, 0, len(text)]]


def test_spacy_spans_map_to_the_input_and_carry_item_fields():
    raw = RAW[RAW.index("第一篇") :].split("第二篇")[0].replace("第一篇：", "")
    doc = textkit.load()(raw)
    (article,) = textkit.extract(raw)
    assert doc._.input_text == raw and doc.user_data["input_text"] == raw
    assert doc.text == article.title + "\n" + article.text
    for group in ("sentences", "slogans", "figures", "measures"):
        assert doc.spans[group]
        for span in doc.spans[group]:
            assert _as_normalised(raw[span._.input_start : span._.input_end]) == re.sub(r"\s", "", span.text)
    record = article.to_record()
    expected = {
        "slogans": [(s["kind"], s["expansion"]) for s in record["slogans"] for _ in s["occurrences"] or [0]],
        "figures": [(f["value"], f["unit"], f["indicator"], f["kind"], f["base_value"]) for f in record["figures"]],
        "measures": [(m["themes"], (m["themes"] or [None])[0], m["status"], m["concrete"]) for m in record["measures"]],
    }
    got = {
        "slogans": [(s._.kind, s._.expansion) for s in doc.spans["slogans"]],
        "figures": [(f._.value, f._.unit, f._.indicator, f._.kind, f._.base_value) for f in doc.spans["figures"]],
        "measures": [(m._.themes, m._.theme, m._.status, m._.concrete) for m in doc.spans["measures"]],
    }
    assert got == expected
    assert any(m[0] for m in got["measures"]) and any(f[0] for f in got["figures"])


HEADED_REPORT = "第一黨支部2024年工作總結\n一、加強理論學習。支部全年組織集中學習12次，黨員參學率達到98%，堅持“三會一課”制度。\n"


def test_a_section_and_the_measure_on_its_heading_keep_their_own_fields():
    """spaCy keys stored extension values by offsets only; textkit's are keyed by span group too."""
    doc = textkit.load()(HEADED_REPORT)
    (section,) = doc.spans["sections"]
    heading_measure = next(m for m in doc.spans["measures"] if (m.start_char, m.end_char) == (section.start_char, section.end_char))
    assert heading_measure._.status == "done" and heading_measure._.themes
    assert section._.status is None and section._.themes is None


def test_docs_serialise_with_their_spans_fields_and_input_offsets():
    from spacy.tokens import Doc, DocBin

    nlp = textkit.load()
    doc = nlp(HEADED_REPORT)
    for back in (
        Doc(nlp.vocab).from_bytes(doc.to_bytes()),
        next(DocBin(store_user_data=True).from_bytes(_docbin_bytes(doc)).get_docs(nlp.vocab)),
    ):
        assert back._.input_text == HEADED_REPORT
        assert [(f.text, f._.value, f._.unit, f._.input_start) for f in back.spans["figures"]] == [
            (f.text, f._.value, f._.unit, f._.input_start) for f in doc.spans["figures"]
        ]
        assert [s.text for s in back.sents] == [s.text for s in doc.sents]


def _docbin_bytes(doc) -> bytes:
    from spacy.tokens import DocBin

    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    return bin_.to_bytes()


def test_spacy_without_normalisation_maps_identity():
    doc = textkit.load(normalize=False)(REPORT_SIMPLIFIED)
    assert doc.text == doc._.input_text == REPORT_SIMPLIFIED
    span = doc.spans["sentences"][2]
    assert (span._.input_start, span._.input_end) == (span.start_char, span.end_char)


def test_every_seed_item_maps_back(shared):
    from textkit.io.readers import read_path

    paths = sorted(p for p in (shared / "seeds").iterdir() if p.is_file())
    assert paths
    for path in paths:
        raw = read_path(str(path)).text
        for article in textkit.extract(raw):
            _assert_maps_back(article, raw)
