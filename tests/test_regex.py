from __future__ import annotations

import re

import pytest

from textkit.regex import compile_skipping

TEXTS = [
    "今后要进一步加强党员教育管理，必须把纪律挺在前面，已经累计培训党员1200人次。",
    "今後要進一步加強黨員教育管理，必須把紀律挺在前面，已經累計培訓黨員1200人次。",
    "2023年新增党组织12个，主要负责同志要求需要重点关注",
    "",
    "要",
    "abc 123 要求 需求 重要 必要",
]

PATTERNS = [
    r"(?<![重主需紧首必])要(?![求素点])|必须|(?<![必])需(?!求)",  # look-behinds first: gains a look-ahead
    r"(?:19|20)\d{2}年|已(?!往)|累计",
    r"(?<![每至到达])\d+(?:\.\d+)?(?:个|名|人次)(?![以之])",
    r"(?P<pre>近|约)?(?P<num>\d+)(?P<unit>人次|个)?",  # an optional group before the first character
    r"^要",  # anchored: left as it is
    r"要|需",  # literals first: the engine skips by itself
    r"(?:进一步)?",  # can match nothing: left as it is
    r"[\u4e00-\u9fff]{2}要",  # a wide range: left as it is
    r"[^，]要",  # a negated class: left as it is
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_compile_skipping_finds_the_same_matches(pattern: str) -> None:
    plain, fast = re.compile(pattern), compile_skipping(pattern)
    for text in TEXTS:
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [(m.span(), m.groups()) for m in plain.finditer(text)]
        assert bool(fast.match(text)) == bool(plain.match(text))
        assert fast.sub("#", text) == plain.sub("#", text)


def test_a_look_ahead_only_where_the_engine_cannot_skip() -> None:
    assert compile_skipping(PATTERNS[0]).pattern.startswith("(?=[")
    assert compile_skipping(PATTERNS[1]).pattern.startswith("(?=[")
    assert compile_skipping(PATTERNS[3]).pattern.startswith("(?=[")
    for pattern in PATTERNS[4:]:
        assert compile_skipping(pattern).pattern == pattern


# -- compiled patterns kept between runs ----------------------------------------------------------

_RUN = (
    "import re, sys\n"
    "import textkit.regex as tr\n"  # importing textkit loads the kept patterns
    "loaded = len(tr._stored)\n"
    "from textkit.batch import BatchConfig, pipeline_for\n"
    "pipe = pipeline_for(BatchConfig())\n"
    "arts = pipe.process_text(sys.argv[1])\n"
    "print(loaded, len(tr._stored))\n"
    "print(sorted(s.text for a in arts for s in a.slogans), sorted(f.value for a in arts for f in a.figures), len(arts[0].measures))\n"
)


def _run(env: dict, text: str) -> list[str]:
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _RUN, text], env={**os.environ, **env}, capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


@pytest.mark.parametrize("text", TEXTS[:2])
def test_kept_patterns_give_the_same_extraction_as_compiled_ones(tmp_path, text):
    """The first run compiles and keeps its patterns; the second loads them and extracts the same."""
    env = {"TEXTKIT_CACHE": str(tmp_path / "cache")}
    report = "第一党支部工作总结\n" + text + "\n坚持“三会一课”制度，落实“三重一大”决策。"
    first, second = _run(env, report), _run(env, report)
    assert first[0].split()[0] == "0" and int(first[0].split()[1]) > 200  # nothing kept, then the patterns of the pipeline
    assert second[0].split()[0] == first[0].split()[1]  # all of them loaded, none compiled anew
    assert first[1] == second[1] and "三会一课" in first[1]


def test_kept_patterns_are_the_patterns_re_compiles(tmp_path, monkeypatch):
    from textkit import regex

    monkeypatch.setenv("TEXTKIT_CACHE", str(tmp_path))
    monkeypatch.setattr(regex, "_stored", {})
    monkeypatch.setattr(regex, "MIN_SAVING", 0.0)
    sources = [compile_skipping(p).pattern for p in PATTERNS] + [r"(?P<n>[一二三四五六七八九十]+)(?P<u>[个项条])"]
    for source in sources:
        re.compile(source)
    regex.store_compiled()
    kept = dict(regex._stored)
    assert all((s, 0) in kept for s in sources)
    regex._stored.clear()
    monkeypatch.setattr(re, "_cache", {})
    assert regex.load_compiled() == len(kept)
    for source in sources:
        loaded = re._cache[str, source, 0]
        assert re.compile(source) is loaded  # re finds it in its table
        fresh = re._compiler.compile(source, 0)
        assert loaded == fresh and loaded.groupindex == fresh.groupindex  # equal code, flags and groups
        for text in TEXTS:
            assert [m.span() for m in loaded.finditer(text)] == [m.span() for m in fresh.finditer(text)]


def test_a_damaged_file_of_kept_patterns_is_ignored(tmp_path, monkeypatch):
    from textkit import regex

    monkeypatch.setenv("TEXTKIT_CACHE", str(tmp_path))
    monkeypatch.setattr(regex, "_stored", {})
    path = regex._compiled_path()
    for junk in (b"not marshal", __import__("marshal").dumps([("要", 0, 0, [1, 2, 3], 0, {}, ())])):  # bad code: _sre refuses it
        path.write_bytes(junk)
        monkeypatch.setattr(re, "_cache", {})
        assert regex.load_compiled() == 0 and not regex._stored
        assert re.compile("要").search("必要")


def test_patterns_cheap_to_compile_are_not_written(tmp_path, monkeypatch):
    from textkit import regex

    monkeypatch.setenv("TEXTKIT_CACHE", str(tmp_path))
    monkeypatch.setattr(regex, "_stored", {})
    monkeypatch.setattr(re, "_cache", {})
    re.compile("党员|群众")
    regex.store_compiled()
    assert not regex._compiled_path().exists()


def test_more_kept_patterns_than_res_own_table_holds_stay_compiled(tmp_path, monkeypatch):
    """``re`` keeps 512 patterns and drops its oldest at each new compile: with more kept than that, each
    pattern compiled at run time pushed out one loaded, to be compiled again later (250 of the
    pipeline's patterns were compiled at every start). Loading makes room for all of them."""
    from textkit import regex

    monkeypatch.setenv("TEXTKIT_CACHE", str(tmp_path))
    monkeypatch.setattr(regex, "_stored", {})
    monkeypatch.setattr(regex, "MIN_SAVING", 0.0)
    monkeypatch.setattr(re, "_MAXCACHE", 10_000)  # all 800 stay in the table while they are stored
    monkeypatch.setattr(re, "_cache", {})
    kept = [f"第{i}[条项]" for i in range(800)]
    for source in kept:
        re.compile(source)
    regex.store_compiled()
    regex._stored.clear()
    monkeypatch.setattr(re, "_cache", {})
    monkeypatch.setattr(re, "_MAXCACHE", 512)  # re's own limit
    assert regex.load_compiled() >= 800
    compiled: list[str] = []
    real = re._compiler.compile
    monkeypatch.setattr(re._compiler, "compile", lambda p, f=0: compiled.append(p) or real(p, f))
    for i in range(300):
        re.compile(f"新{i}[个名]")  # patterns nobody kept
    for i, source in enumerate(kept):
        assert re.compile(source).search(f"共第{i}条") is not None
    assert len(compiled) == 300  # the new ones only
