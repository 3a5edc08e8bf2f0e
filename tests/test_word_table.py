"""The word table: jieba's counts and tags, read a first character at a time, equal to the full tables."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from textkit.word_table import WordTable, table_arrays

FREQ = {"党": 30, "党支": 0, "党支部": 120, "党员": 80, "学": 50, "学习": 200, "學習": 3, "组织": 90, "组": 5, "e": 2}
TAGS = {"党": "n", "党支部": "nt", "党员": "n", "学习": "v", "学": "v", "组织": "v", "走访": "v"}  # 走访: a tag, no count


@pytest.fixture()
def table() -> WordTable:
    arrays = table_arrays(FREQ, TAGS, total=580)
    assert arrays is not None
    return WordTable(arrays)


def test_the_table_equals_the_tables_it_was_built_from(table):
    assert dict(table.counts.items()) == FREQ and len(table.counts) == len(FREQ)
    assert dict(table.tags.items()) == TAGS and len(table.tags) == len(TAGS)
    assert table.total == 580
    assert table.counts["党支"] == 0 and "党支" in table.counts and table.counts.get("党支") == 0  # a prefix: count 0, present
    assert "党支" not in table.tags and table.tags.get("党支", "x") == "x"
    assert "走访" in table.tags and "走访" not in table.counts and table.counts.get("走访") is None
    assert table.tags["學習" if "學習" in TAGS else "学习"] == "v"


@pytest.mark.parametrize("key", ["党支部书记", "党支", "支部", "学习党章", "", "乡", "ee", "组织部"])
def test_absent_words_are_absent_as_in_a_dict(table, key):
    assert table.counts.get(key, -7) == FREQ.get(key, -7)
    assert (key in table.tags) == (key in TAGS)
    if key not in FREQ:
        with pytest.raises(KeyError):
            table.counts[key]


def test_keys_that_are_not_strings_are_absent(table):
    assert table.counts.get(None) is None and None not in table.tags and 3 not in table.counts


def test_only_the_looked_up_first_characters_are_read(table):
    assert table.tags.get("学习") == "v"
    assert set(table.buckets) == {"学"}
    assert table.counts.get("党员") == 80
    assert set(table.buckets) == {"学", "党"}
    assert set(table.bucket("党")) == {"党", "党支", "党支部", "党员"}


def test_tags_written_by_jieba_are_read_first(table):
    """``POSTokenizer.makesure_userdict_loaded`` updates its tag table with a user dictionary's tags."""
    table.tags.update({"走访": "vn", "慰问": "v"})
    assert table.tags["走访"] == "vn" and table.tags["慰问"] == "v" and table.tags["学习"] == "v"
    assert len(table.tags) == len(TAGS) + 1 and dict(table.tags.items())["走访"] == "vn"


def test_words_that_cannot_be_stored_give_no_table():
    assert table_arrays({"党\n员": 1}, {}, 1) is None
    assert table_arrays({"": 1}, {}, 1) is None
    assert table_arrays({"党员": 1}, {"党员": "名词"}, 1) is None


def test_a_damaged_table_is_refused(table):
    arrays = table_arrays(FREQ, TAGS, total=580)
    arrays["starts"] = arrays["starts"][:-1]
    with pytest.raises(ValueError):
        WordTable(arrays)


def test_the_default_table_is_jiebas_with_the_lexicon():
    """Built from the tokenizer's ``FREQ`` and the part-of-speech table, it holds every entry of both
    (500,000 and 350,000) and nothing else."""
    from textkit.segmentation import _full_word_tags, tokenizer

    tok, tags = tokenizer(), _full_word_tags()
    arrays = table_arrays(tok.FREQ, tags, tok.total)
    assert arrays is not None
    built = WordTable(arrays)
    assert built.total == tok.total
    assert len(built.counts) == len(tok.FREQ) > 400_000 and len(built.tags) == len(tags) > 300_000
    assert all(built.counts.get(w) == c for w, c in tok.FREQ.items())
    assert all(built.tags.get(w) == t for w, t in tags.items())
    assert built.tags["学习"].startswith("v") and built.tags["三会一课"] == tags["三会一课"]


def test_extraction_reads_the_table_not_jiebas_full_tables(tmp_path):
    """With the table cached, extracting a report (both scripts) builds neither jieba's 500,000-entry
    dictionary nor the 350,000 tags, and jieba.posseg is imported without reading its dictionary file;
    the first run, without the cache, builds the table. Both runs find the same items."""
    env = {**os.environ, "TEXTKIT_CACHE": str(tmp_path / "cache")}
    code = (
        "import json, sys\n"
        "from textkit import Pipeline\n"
        "from textkit import segmentation as seg\n"
        "text = '关于党支部工作的总结\\n一、加强学习。村党支部书记带头走访困难群众32户，压减会议文件，坚持“三会一课”制度。\\n'\n"
        "text += '二、服務群眾。社區黨委聯合轄區單位開展志願服務，為獨居老人送去米麵油，共計一百二十份。\\n'\n"
        "doc = Pipeline().process_text(text)\n"
        "items = sorted(repr(i.text) for a in doc for i in [*a.measures, *a.slogans, *a.figures])\n"
        "seg.hmm_pos('稳中有进')\n"  # as the extractors do with a run of unknown characters
        "jp = sys.modules['jieba.posseg']\n"
        "print(json.dumps({'full': seg._tokenizer.cache_info().currsize, 'tags': seg._full_word_tags.cache_info().currsize,\n"
        "  'posseg_table': type(jp.dt.word_tag_tab).__name__, 'items': items}))\n"
    )
    import json

    runs = [
        json.loads(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout)
        for _ in range(2)
    ]
    assert list((tmp_path / "cache").glob("jieba-table-*.npz"))
    assert runs[0]["full"] == 1  # built the table from the full tables
    assert runs[1]["full"] == 0 and runs[1]["tags"] == 0 and runs[1]["posseg_table"] == "_Tags"
    assert runs[0]["items"] == runs[1]["items"] and len(runs[1]["items"]) >= 3


@pytest.fixture(scope="module")
def default_table() -> WordTable:
    from textkit.segmentation import _full_word_tags, tokenizer

    arrays = table_arrays(tokenizer().FREQ, _full_word_tags(), tokenizer().total)
    assert arrays is not None
    return WordTable(arrays)


@pytest.mark.parametrize(
    "text",
    [
        "村党支部书记带头走访困难群众，压减会议文件，下调收费标准，坚持“三会一课”制度",
        "社區黨委聯合轄區單位開展志願服務，為獨居老人送去米麵油，共計一百二十份",
        "锲而不舍抓落实久久为功见成效稳中有进过上了好日子",
        "嗯嗯哦哦呃𠀀𠀁",
        "全村集体收入计划到二零零零年翻一番",  # 二零零零年: paths of equal probability (the longer word wins)
    ],
)
def test_the_table_finds_jiebas_best_paths(default_table, text):
    """Segmenting through the table (one first character's dictionary per position) finds jieba's
    best path, ties included."""
    from textkit import segmentation as seg

    light = seg._TableTokenizer(default_table)
    full = seg.tokenizer()
    for block in seg.import_jieba().re_han_default.findall(text):
        route: dict = {}
        full.calc(block, full.get_DAG(block), route)  # jieba's own best path
        jiebas = [route[i][1] for i in range(len(block))]
        assert seg._route(light, block) == jiebas and seg._route(full, block) == jiebas
    assert "".join(w for w, _ in seg._dag_words(light, text)) == text
    assert [w for w, _ in seg._dag_words(light, text)] == [w for w, _ in seg._dag_words(full, text)]


def test_without_a_cache_folder_extraction_uses_jiebas_full_tables(tmp_path):
    """``TEXTKIT_CACHE=off``: no word table; the full tables give the same items as the table does."""
    code = (
        "import json\n"
        "from textkit import Pipeline\n"
        "from textkit import segmentation as seg\n"
        "doc = Pipeline().process_text('一、加强学习。村党支部书记带头走访困难群众32户，压减会议文件，坚持“三会一课”制度。')\n"
        "print(json.dumps({'table': seg.word_table() is not None, 'full': seg._tokenizer.cache_info().currsize,\n"
        "  'items': sorted(repr(i.text) for a in doc for i in [*a.measures, *a.slogans, *a.figures])}))\n"
    )
    import json

    def run(cache: str) -> dict:
        env = {**os.environ, "TEXTKIT_CACHE": cache}
        return json.loads(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout)

    off, cached = run("off"), run(str(tmp_path / "cache"))
    assert not off["table"] and off["full"] == 1 and cached["table"]
    assert off["items"] == cached["items"] and len(off["items"]) >= 3


def test_a_damaged_table_file_is_rebuilt(tmp_path, monkeypatch):
    from textkit import segmentation as seg

    monkeypatch.setenv("TEXTKIT_CACHE", str(tmp_path))
    built = seg.word_table.__wrapped__()
    path = seg._word_table_path()
    assert built is not None and path.is_file()
    path.write_bytes(b"PK\x03\x04 not a table")
    again = seg.word_table.__wrapped__()
    assert again is not None and again.tags["学习"] == built.tags["学习"] and again.counts.get("党支部") == built.counts.get("党支部")
    assert path.stat().st_size > 1_000_000  # written again
