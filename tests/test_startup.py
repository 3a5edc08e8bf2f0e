"""Start-up: commands load what they need and nothing more, the fast paths give the same numbers as
the scikit-learn models, caches and model companions are safe, slow loads are announced."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest

from tests.conftest import REPORT_SIMPLIFIED
from textkit import resources
from textkit.model_files import arrays_path, read_arrays, shipped_model, write_arrays

HEAVY = ("sklearn", "skops", "scipy", "spacy", "thinc", "pandas", "pyarrow", "openpyxl", "dask")
SENTENCES = [
    "组织党员集中学习党章",
    "开展廉政警示教育，组织党员观看警示教育片",
    "健全“三会一课”制度，每月召开支部委员会会议",
    "組織黨員志願服務隊走訪慰問困難群眾",  # traditional script
    "今年天气晴朗",
    "",
]


def _run_cli(args: list[str], env: dict | None = None) -> tuple[list[str], subprocess.CompletedProcess]:
    """Run the CLI in a fresh interpreter; the modules it imported (the top-level names)."""
    code = (
        "import json, sys\n"
        "from textkit.cli import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print('MODULES=' + json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("MODULES=")][-1]
    return json.loads(line[len("MODULES=") :]), proc


def test_classify_of_a_sentence_imports_no_heavy_library():
    modules, proc = _run_cli(["classify", "组织党员集中学习党章"])
    assert proc.stdout.startswith("education")
    assert not [m for m in HEAVY if m in modules]


def test_quiet_extract_of_a_text_file_imports_no_heavy_library_and_says_nothing(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    env = {"TEXTKIT_LOADING_MESSAGES": "1", "TEXTKIT_CACHE": str(tmp_path / "fresh-cache")}  # jieba's dictionary is slow to cache
    modules, proc = _run_cli(["extract", str(report), "-o", str(tmp_path / "out.jsonl"), "-q"], env)
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") == 1
    assert not [m for m in (*HEAVY, "docx", "pypdf", "bs4", "datasketch") if m in modules]
    assert "pkg_resources" not in modules  # jieba imports it only to open its dictionary (0.15 s)
    assert proc.stderr == ""


def test_jieba_imported_without_pkg_resources_still_reads_its_files_and_leaves_the_import_working():
    code = (
        "import sys\n"
        "from textkit.segmentation import import_jieba\n"
        "jieba = import_jieba()\n"
        "assert 'pkg_resources' not in sys.modules, 'pkg_resources was imported or left blocked'\n"
        "with jieba.get_module_res(jieba.DEFAULT_DICT_NAME) as fh:\n"
        "    assert fh.readline().split()[0]\n"
        "print(jieba.lcut('组织党员学习'))\n"
        "import pkg_resources\n"
        "assert pkg_resources.resource_exists is not None\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "党员" in proc.stdout


def test_the_theme_scorer_gives_the_theme_models_numbers():
    from textkit.classify import ThemeModel
    from textkit.scoring import LinearThemes
    from textkit.themes import default_model_path, load_scorer

    scorer, full = load_scorer(), ThemeModel.load(default_model_path())
    assert isinstance(scorer, LinearThemes)
    contexts = SENTENCES[::-1]
    for got, want in zip(scorer.scores_in_context(SENTENCES, contexts), full.scores_in_context(SENTENCES, contexts)):
        assert np.array_equal(got, want)
    assert scorer.analyse(SENTENCES) == full.analyse(SENTENCES)


def test_the_clause_scorer_gives_the_clause_models_numbers():
    from textkit.clause_model import ClauseModel, clause_input, shipped_path
    from textkit.extractors.measure_filter import load_clause_model
    from textkit.scoring import LinearClauses

    inputs = [clause_input(s, heading=i % 2 == 0) for i, s in enumerate(SENTENCES)]
    fast = load_clause_model()
    assert isinstance(fast, LinearClauses)
    assert np.array_equal(fast.action_probability(inputs), ClauseModel.load(shipped_path()).action_probability(inputs))


def test_the_slogan_model_from_its_arrays_has_the_same_weights():
    from textkit.slogan_model import KINDS, SloganModel, shipped_path

    fast, full = SloganModel.load(shipped_path()), SloganModel._from_skops(shipped_path())
    assert not fast.parts_ and full.parts_  # the fast one was read without scikit-learn
    assert fast.meta_ == full.meta_
    for kind in KINDS:
        assert fast._weights(kind) == full._weights(kind)


@pytest.mark.parametrize("name", ["themes.skops", "measure_clauses.skops", "slogans.skops", "indicators.skops"])
def test_every_shipped_model_has_a_current_plain_companion(name):
    """Retraining a shipped model without writing its companion (``scripts/model_arrays.py``) fails here."""
    assert read_arrays(shipped_model(name)) is not None


def test_a_companion_of_another_file_is_ignored(tmp_path):
    model = tmp_path / "slogans.skops"
    shutil.copy(shipped_model("slogans.skops"), model)
    shutil.copy(arrays_path(shipped_model("slogans.skops")), arrays_path(model))
    assert read_arrays(model) is not None
    shutil.copy(shipped_model("indicators.skops"), model)  # the model changed, its companion did not
    assert read_arrays(model) is None


def test_a_companion_holds_no_objects(tmp_path):
    model = tmp_path / "m.skops"
    model.write_bytes(b"model")
    with pytest.raises(ValueError):
        write_arrays(model, {"format": "x", "bad": np.array([{"a": 1}], dtype=object)})
    with pytest.raises(ValueError):
        write_arrays(model, {"format": "x", "bad": object()})
    write_arrays(model, {"format": "x", "n": 3, "good": np.arange(3)})
    assert read_arrays(model)["n"] == 3
    # A companion someone made with an object (pickled) array beside a correct header is refused whole.
    header = json.loads(str(np.load(arrays_path(model))["__header__"][()]))
    with arrays_path(model).open("wb") as fh:
        np.savez(fh, __header__=np.array(json.dumps(header)), evil=np.array([{"a": 1}], dtype=object))
    assert read_arrays(model) is None


def test_the_dictionary_cache_gives_jiebas_own_tables(tmp_path, monkeypatch):
    import jieba

    from textkit import segmentation

    monkeypatch.setenv("TEXTKIT_CACHE", str(tmp_path / "cache"))
    built = segmentation._tokenizer.__wrapped__(None)  # no cache file yet: jieba's initialize, then cached
    assert list((tmp_path / "cache").glob("jieba-dict-*.npz"))
    cached = segmentation._tokenizer.__wrapped__(None)
    plain = jieba.Tokenizer()
    plain.initialize()
    plain.load_userdict(str(resources.data_path(segmentation.LEXICON)))
    assert cached.FREQ == built.FREQ == plain.FREQ and cached.total == built.total == plain.total
    assert cached.lcut("组织党员集中学习党章") == plain.lcut("组织党员集中学习党章")


def test_with_the_cache_posseg_gets_jiebas_tags_without_reading_its_dictionary(tmp_path):
    """A run that finds the dictionary cache imports jieba.posseg with an empty default dictionary and
    gives it the cached tags: the same table jieba reads from its dictionary file, 1.3 s sooner."""
    import subprocess
    import sys

    env = {**os.environ, "TEXTKIT_CACHE": str(tmp_path / "cache")}
    code = (
        "import jieba\n"
        "from textkit.segmentation import _CACHED_TAGS, _full_word_tags, tokenizer\n"
        "tokenizer()\n"
        "cached = bool(_CACHED_TAGS)\n"
        "tags = _full_word_tags()\n"  # the full table (extraction reads the word table instead)
        "import jieba.posseg as jp\n"
        "own = jp.POSTokenizer(jieba.Tokenizer()).word_tag_tab\n"
        "assert jp.dt.word_tag_tab == own, 'a tag differs'\n"
        "assert tags['学习'] == own['学习'] and tags['党支部']\n"
        "assert jp.dt.tokenizer.dictionary is None and jp.dt.word_tag_tab is not None\n"
        "print(cached, len(own))\n"
    )
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.split()[0] == "False" and second.stdout.split()[0] == "True"
    assert int(second.stdout.split()[1]) > 300_000


def test_a_cache_folder_others_may_write_to_is_not_used(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TEXTKIT_CACHE", str(folder))
    assert resources.cache_dir() == folder and folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o777)
    assert resources.cache_dir() is None
    monkeypatch.setenv("TEXTKIT_CACHE", "off")
    assert resources.cache_dir() is None


def test_the_pos_table_is_jiebas():
    code = (
        "import jieba.posseg as jp\n"  # imported first: textkit cannot reuse its table and reads its own
        "from textkit import segmentation as seg\n"
        "assert seg._default_word_tags() is None\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    code = (
        "from textkit import segmentation as seg\n"
        "pt = seg.pos_tokenizer()\n"
        "assert seg._default_word_tags() is not None\n"  # the shortcut was taken
        "import jieba.posseg as jp\n"
        "ref = jp.POSTokenizer(seg._tokenizer.__wrapped__(None))\n"  # jieba's own, on a tokenizer of its own
        "assert type(pt) is jp.POSTokenizer and pt.word_tag_tab == ref.word_tag_tab\n"
        "text = '组织党员集中学习党章，坚持三会一课'\n"
        "assert seg.segment_pos(text) == [(p.word, p.flag) for p in ref.lcut(text)]\n"
        "assert pt.word_tag_tab == ref.word_tag_tab\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_slow_load_is_announced_a_fast_one_is_not(capsys, monkeypatch):
    monkeypatch.setattr(resources, "_loading_messages", True)
    with resources.loading("the slow part", after=0.05):
        time.sleep(0.3)
    with resources.loading("the fast part", after=5):
        pass
    err = capsys.readouterr().err
    assert "loading the slow part…" in err and "fast part" not in err
    resources.set_loading_messages(False)
    with resources.loading("the silenced part", after=0.0):
        time.sleep(0.1)
    assert capsys.readouterr().err == ""


def test_loading_messages_follow_the_terminal_and_the_environment(monkeypatch):
    monkeypatch.setattr(resources, "_loading_messages", None)
    monkeypatch.delenv("TEXTKIT_LOADING_MESSAGES", raising=False)
    assert not resources.loading_messages()  # pytest's captured stderr is no terminal
    monkeypatch.setenv("TEXTKIT_LOADING_MESSAGES", "1")
    assert resources.loading_messages()
    monkeypatch.setenv("TEXTKIT_LOADING_MESSAGES", "0")
    assert not resources.loading_messages()


def test_a_saved_model_gets_a_companion_that_scores_as_it_does(tmp_path):
    from textkit.classify import ThemeModel
    from textkit.labels import LABELS
    from textkit.scoring import LinearThemes
    from textkit.themes import load_scorer

    rows = {
        "education": ["组织党员集中学习党章", "开展专题学习研讨", "举办党课学习班"],
        "mechanism": ["建立党员积分管理台账", "完善议事规则制度", "健全考核机制"],
        "supervision": ["开展廉政警示教育", "加强监督检查", "严肃执纪问责"],
        "service": ["走访慰问困难群众", "开展志愿服务活动", "为群众办实事"],
        "other": ["今年天气晴朗", "会议在礼堂举行", "全文共三部分"],
    }
    assert set(rows) == set(LABELS)
    texts = [t for label in rows for t in rows[label]]
    labels = [[label] for label in rows for _ in rows[label]]
    model = ThemeModel(C=10.0).fit(texts, labels)
    path = tmp_path / "mine.skops"
    model.save(path)
    scorer = load_scorer(str(path))
    assert isinstance(scorer, LinearThemes) and arrays_path(path).is_file()
    assert scorer.analyse(SENTENCES) == ThemeModel.load(path).analyse(SENTENCES)
