from __future__ import annotations

import pytest

import textkit
from textkit.segmentation import lexicon_size, segment, segment_pos, token_spans

from .conftest import CORPORA, REPORT_SIMPLIFIED, REPORT_TRADITIONAL, make_fragile


def test_lexicon_is_large_and_keeps_terms_whole():
    assert lexicon_size() >= 1000
    toks = segment("党支部严格落实三会一课制度，按时召开民主生活会，充分发挥先锋模范作用，抓好党风廉政建设")
    for term in ("三会一课", "民主生活会", "党风廉政建设"):
        assert term in toks
    assert "先锋模范作用" in toks or "党员先锋模范作用" in toks


def test_pos_tags_and_spans():
    pairs = segment_pos("支部建立了党员积分管理制度")
    assert all(tag for _, tag in pairs) and "".join(w for w, _ in pairs) == "支部建立了党员积分管理制度"
    text = "开展主题党日活动"
    assert all(text[s:e] == w for w, s, e in token_spans(text))


def test_traditional_and_simplified_give_the_same_tokens():
    assert textkit.segment(REPORT_TRADITIONAL) == textkit.segment(REPORT_SIMPLIFIED)


def test_spacy_pipeline_tokens_and_spans(tmp_path):
    nlp = textkit.load()
    doc = nlp(REPORT_TRADITIONAL)
    assert "三会一课" in [t.text for t in doc]
    assert {"sections", "sentences", "slogans", "figures", "measures"} <= set(doc.spans)
    assert "三会一课" in [s.text for s in doc.spans["slogans"]]
    assert any(s.text.startswith("强化组织引领") for s in doc.spans["sections"])
    nlp.to_disk(tmp_path / "pipe")
    import spacy

    again = spacy.load(tmp_path / "pipe")
    assert [t.text for t in again("要严格落实三会一课制度")] == ["要", "严格", "落实", "三会一课", "制度"]


def test_spacy_spans_are_the_items_textkit_extract_finds():
    text = (CORPORA / "01_village_branch.txt").read_text(encoding="utf-8")
    doc = textkit.load()(text)
    (article,) = textkit.extract(text)
    assert [s.text for s in doc.spans["measures"]] == [article.text[m.start : m.end] for m in article.measures]
    assert [s.text for s in doc.spans["figures"]] == [article.text[f.start : f.end] for f in article.figures]


def _spans(doc) -> dict:
    return {group: [(s.start_char, s.end_char, s.label_) for s in doc.spans[group]] for group in sorted(doc.spans)}


def test_nlp_pipe_gives_each_doc_what_nlp_gives_it(monkeypatch):
    """``nlp.pipe`` runs the components a batch at a time; every doc gets the spans ``nlp(text)`` gives,
    and a doc a component fails on raises its own error."""
    from textkit.extractors.slogans import SloganExtractor

    texts = [
        REPORT_SIMPLIFIED,
        REPORT_TRADITIONAL,
        (CORPORA / "01_village_branch.txt").read_text(encoding="utf-8"),
        "支部召开党员大会2次。",
    ]
    nlp = textkit.load()
    alone = [_spans(nlp(t)) for t in texts]
    assert [_spans(d) for d in nlp.pipe(texts, batch_size=3)] == alone
    assert sum(len(spans["measures"]) for spans in alone) > 10
    make_fragile(monkeypatch, SloganExtractor)
    docs = nlp.pipe([texts[0], "支部党员大会炸了", texts[1]])
    assert _spans(next(docs)) == alone[0]
    with pytest.raises(ValueError, match="boom"):
        next(docs)


@pytest.mark.parametrize("report", [REPORT_SIMPLIFIED, REPORT_TRADITIONAL])
def test_doc_sents_are_textkits_sentences(report):
    """``doc.sents`` works (no E030) and starts a sentence at each span of the sentences group."""
    doc = textkit.load()(report)
    sents = list(doc.sents)
    starts = {s.start for s in sents}
    assert len(sents) >= len(doc.spans["sentences"]) > 2
    assert all(span.start in starts for span in doc.spans["sentences"])


def test_one_dictionary_whether_named_or_not():
    from textkit.segmentation import pos_tokenizer, tokenizer

    assert tokenizer() is tokenizer(None)
    assert pos_tokenizer() is pos_tokenizer(None)


FAST_CASES = [
    "村党支部书记带头走访困难群众，压减会议文件，下调收费标准",
    "社區黨委聯合轄區單位開展志願服務，為獨居老人送去米麵油",
    "2023年共发展党员12名，培训入党积极分子86人次。",
    "网格员小李和老王每周巡查两次，发现隐患及时上报",
    "GDP增长5.2%，CPI保持稳定；App上线后用户达3万余人",
    "锲而不舍抓落实，久久为功见成效",
    "嗯嗯哦哦呃",
    "",
]


@pytest.mark.parametrize("text", FAST_CASES)
def test_fast_cut_and_tag_test_agree_with_jieba(text: str) -> None:
    """``fast_lcut`` gives jieba's tokens and ``any_tag`` the answer of every tag of ``segment_pos``."""
    from textkit.normalization import convert_script
    from textkit.segmentation import any_tag, fast_lcut, pos_tokenizer, tokenizer

    tests = (
        lambda t: t.startswith("v") and t != "vn",
        lambda t: t.startswith("n"),
        lambda t: t == "x",
        lambda t: t == "m",
        lambda t: t == "ad",
    )
    for t in (text, convert_script(text, "traditional"), text[3:17]):
        assert fast_lcut(t) == tokenizer().lcut(t)
        tags = [w.flag for w in pos_tokenizer().cut(t)]
        for test in tests:
            assert any_tag(t, test) == any(test(tag) for tag in tags)


@pytest.mark.parametrize("run", ["越大越好", "稳中有进", "和以", "过上了", "讲出了好", "居民樂業", "將高達765万人", "ab12中c"])
def test_hmm_pos_is_jiebas_hmm(run: str) -> None:
    """``hmm_pos`` finds the path of jieba's part-of-speech HMM (what it does with unknown runs)."""
    from textkit.segmentation import hmm_pos, pos_tokenizer

    jieba_hmm = pos_tokenizer()._POSTokenizer__cut_detail  # the private method it reproduces
    assert list(hmm_pos(run)) == [(w.word, w.flag) for w in jieba_hmm(run)]


def test_the_part_of_speech_table_is_held_once():
    """jieba's 350,000 word tags are kept in one table keyed by the tokenizer's own strings (it was
    three copies, about 50 MB): the full table (``word_tags()`` without a cached word table) is the
    part-of-speech tokenizer's table. Checked in a fresh interpreter, as a run starts (another test
    may have imported jieba.posseg first here)."""
    import subprocess
    import sys

    code = (
        "from textkit.segmentation import _full_word_tags, pos_tokenizer, tokenizer\n"
        "tags = _full_word_tags()\n"
        "assert tags is pos_tokenizer().word_tag_tab\n"
        "assert tags['学习'].startswith('v') and tags['党支部']\n"
        "key = next(k for k in tokenizer().FREQ if k == '组织')\n"
        "assert next(k for k in tags if k == '组织') is key\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
