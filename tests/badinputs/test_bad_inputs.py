"""Bad and hostile inputs (issue 12): every input gives exactly one record, none stops the batch.

The corpus (``generate.py``) is run through ``textkit extract`` in processes of its own under a
memory limit and time limits, so a crash, a hang or a memory blow-up is caught. First the whole
corpus in one batch (``python -m textkit``), a good document last; when that run has problems, the kinds that stopped the batch when
the corpus was written (``ISOLATED``) run each on its own, the rest in one shared batch, so that
one kind cannot hide the results of the others (these runs are forked from a fork server that has
textkit loaded, to save its start-up). The runs happen once per session (shared between
pytest-xdist workers through a lock file); each kind is then one test over its records.

A kind that fails today is marked ``xfail(strict=True)`` in ``KNOWN_FAILURES``: when a fix makes it
pass, the unexpected pass fails the suite, and the mark is to be removed.
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import shutil
import stat
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.badinputs.generate import GOOD_LAST, GOOD_TEXT, BadInput, corpus_bytes, generate, unpunctuated_chinese
from tests.badinputs.harness import Run, batch_problems, kind_problems, run_extract, spreadsheet_problems, warm_up

WHOLE_TIME_LIMIT = float(os.environ.get("TEXTKIT_BADINPUTS_TIMEOUT", "240"))  # seconds for the whole corpus
STALL_LIMIT = 45.0  # seconds without new output before a run counts as stuck
SOLO_STALL_LIMITS = {"measures": 8.0, None: 15.0}  # for a kind run alone, with one component or all

# Kinds that stopped, or got stuck in, the whole batch when the corpus was written: when the whole
# corpus cannot run in one batch, each of these runs alone (with the good document after it), with the
# components named here: "measures" where reading, manifests or writing are attacked (one component
# starts in 2 s instead of 5 s), None (all components) where the text itself is.
ISOLATED: dict[str, str | None] = {
    "name_not_utf8": "measures",
    "name_too_long_missing": "measures",
    "symlink_dev_urandom": "measures",
    "fifo": "measures",
    "html_many_br": "measures",
    "csv_whitespace_only": "measures",
    "csv_ragged_first_row_long": "measures",
    "csv_ragged_all_rows": "measures",
    "csv_only_commas": "measures",
    "csv_utf16_bom": "measures",
    "csv_utf16_no_bom": "measures",
    "csv_invalid_utf8_late": "measures",
    "csv_mixed_encodings": "measures",
    "csv_binary_junk": "measures",
    "csv_is_a_zip": "measures",
    "csv_gzip": "measures",
    "tsv_ragged": "measures",
    "manifest_path_dev_urandom": "measures",
    "manifest_path_fifo": "measures",
    "jsonl_invalid_utf8": "measures",
    "jsonl_nested_5000": "measures",
    "jsonl_nested_objects_5000": "measures",
    "jsonl_lone_surrogate_metadata": "measures",
    "jsonl_lone_surrogate_title": "measures",
    "jsonl_lone_surrogate_id": "measures",
    "jsonl_huge_int": "measures",
    "jsonl_utf16": "measures",
    "giant_single_line": "measures",
    "unpunctuated_chinese_40k": None,
}

# Kinds that fail today, by reason (one line each); a fix turns its kinds into unexpected passes.
_FAILING_TODAY: dict[str, str] = {
    # reason -> kind names (space-separated) of inputs textkit does not yet handle; empty since issue 12
}
KNOWN_FAILURES = {name: reason for reason, names in _FAILING_TODAY.items() for name in names.split()}
# Kinds that fail today only on some machines: /etc/shadow is readable only by root.
FAILING_ONLY_WHERE = {"manifest_path_etc_shadow": os.access("/etc/shadow", os.R_OK)}

# -- the corpus (written when the module is imported: the kinds parametrize the tests) --------------


def _remove(folder: str) -> None:
    """Delete the corpus, its unreadable folder included."""
    for parent, dirs, _ in os.walk(folder):
        for d in dirs:
            if not os.path.islink(os.path.join(parent, d)):
                os.chmod(os.path.join(parent, d), stat.S_IRWXU)
    shutil.rmtree(folder, ignore_errors=True)


CORPUS = Path(tempfile.mkdtemp(prefix="textkit-badinputs-"))
atexit.register(_remove, str(CORPUS))
KINDS = generate(CORPUS)
RUNNABLE = [k for k in KINDS if not k.skip]
GOOD = KINDS[-1]


# -- the runs, once per session ----------------------------------------------------------------


@dataclass
class Outcome:
    """What the runs found: batch-level problems of the whole-corpus run and of the shared run (None when
    it was not needed), and the problems of each kind."""

    whole: list[str]
    shared: list[str] | None
    kinds: dict[str, list[str]]
    seconds: float


def _judge(kind: BadInput, run: Run, folder: Path, *, alone: bool) -> list[str]:
    problems = (batch_problems(run) if alone else []) + kind_problems(kind, run)
    if kind.formula:
        sheet = folder / f"sheet-{kind.name}"
        sheet.mkdir()
        problems += spreadsheet_problems(run.by_kind.get(kind.name, []), sheet)
    return problems


def _run_everything(folder: Path) -> Outcome:
    started = time.monotonic()
    warming = threading.Thread(target=warm_up)  # the fork server loads while the whole corpus runs
    warming.start()
    whole = run_extract(CORPUS, RUNNABLE, folder / "whole.jsonl", timeout=WHOLE_TIME_LIMIT, stall=STALL_LIMIT, launcher="exec")
    warming.join()
    whole_problems = batch_problems(whole)
    if not whole_problems:
        kinds = {k.name: _judge(k, whole, folder, alone=False) for k in RUNNABLE}
        return Outcome(whole_problems, None, kinds, time.monotonic() - started)

    shared_kinds = [k for k in RUNNABLE if k.name not in ISOLATED]
    solo_kinds = [k for k in RUNNABLE if k.name in ISOLATED]

    def solo(kind: BadInput) -> Run:
        out = folder / f"solo-{kind.name}.jsonl"
        pipes = ISOLATED[kind.name]
        return run_extract(CORPUS, [kind, GOOD], out, timeout=60, stall=SOLO_STALL_LIMITS[pipes], workers=1, pipes=pipes)

    with ThreadPoolExecutor(4) as pool:
        shared_future = pool.submit(run_extract, CORPUS, shared_kinds, folder / "shared.jsonl", timeout=WHOLE_TIME_LIMIT, stall=STALL_LIMIT)
        solo_runs = dict(zip([k.name for k in solo_kinds], pool.map(solo, solo_kinds)))
        shared = shared_future.result()
    kinds = {k.name: _judge(k, shared, folder, alone=False) for k in shared_kinds}
    kinds |= {k.name: _judge(k, solo_runs[k.name], folder, alone=True) for k in solo_kinds}
    return Outcome(whole_problems, batch_problems(shared), kinds, time.monotonic() - started)


@pytest.fixture(scope="module")
def outcome(tmp_path_factory) -> Outcome:
    """The runs' findings, computed by the first pytest(-xdist) process and read by the others."""
    base = tmp_path_factory.getbasetemp()
    shared_base = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    cache = shared_base / "textkit-badinputs-outcome.json"
    with (shared_base / "textkit-badinputs.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if cache.exists():
            return Outcome(**json.loads(cache.read_text(encoding="utf-8")))
        result = _run_everything(tmp_path_factory.mktemp("badinput-runs"))
        cache.write_text(json.dumps(result.__dict__, ensure_ascii=False), encoding="utf-8")
        return result


# -- tests ------------------------------------------------------------------------------------

REQUIRED = [  # the inputs issue 12 names, by kind
    "csv_utf16_bom",
    "csv_ragged_first_row_long",
    "jsonl_invalid_utf8",
    "jsonl_nested_5000",
    "jsonl_lone_surrogate_metadata",
    "name_not_utf8",
    "jsonl_nan",
    "jsonl_1e400",
    "csv_empty",
    "csv_header_only",
    "manifest_path_dev_zero",
    "manifest_path_dev_urandom",
    "manifest_path_proc_environ",
    "manifest_path_dotdot_group",
    "manifest_path_etc_passwd",
    "symlink_dev_zero",
    "symlink_self_loop",
    "fifo",
    "unreadable_file",
    "unreadable_folder",
    "docx_zip_bomb",
    "pdf_decompression_bomb",
    "pdf_encrypted_aes128_empty_password",
    "pdf_encrypted_aes256_user_password",
    "html_nested_2000",
    "unpunctuated_chinese_40k",
    "euc_kr_korean",
    "formula_title_txt_equals_hyperlink",
    "formula_csv_plus",
    "formula_csv_minus",
    "formula_csv_at",
    "formula_csv_tab",
    "formula_csv_cr",
]


def test_corpus_has_every_kind_of_the_issue_and_stays_small():
    names = [k.name for k in KINDS]
    assert len(names) == len(set(names)) >= 150
    assert not [n for n in REQUIRED if n not in names]
    assert not [n for n in {*ISOLATED, *KNOWN_FAILURES} if n not in names]
    assert corpus_bytes(CORPUS) < 5_000_000
    assert KINDS[-1].inputs == (GOOD_LAST,) and KINDS[-1].expect == "ok"


def test_each_source_belongs_to_one_kind():
    """A record is given to the kind whose input or manifest row names its source: no two kinds may claim one."""
    from tests.badinputs.generate import canonical

    owners: dict[str, str] = {}
    for k in KINDS:
        for p in k.claims:
            other = owners.setdefault(canonical(p, CORPUS), k.name)
            assert other == k.name, f"{p} belongs to {other} and {k.name}"
    for k in KINDS:
        for j in KINDS:
            if k.manifest and j is not k:
                assert not any(j.owns(s, CORPUS) for s in (k.manifest, k.manifest + "#1")), (k.name, j.name)


def test_generation_is_deterministic(tmp_path):
    def digest(root: Path) -> dict[str, str]:
        import hashlib

        out = {}
        for folder, _, names in os.walk(root):
            for name in names:
                p = os.path.join(folder, name)
                st = os.lstat(p)
                rel = os.path.relpath(p, root)
                if stat.S_ISREG(st.st_mode) and os.access(p, os.R_OK):
                    out[rel] = hashlib.sha1(Path(p).read_bytes()).hexdigest()
                else:
                    out[rel] = os.readlink(p) if stat.S_ISLNK(st.st_mode) else stat.S_IFMT(st.st_mode)
        return out

    again = generate(tmp_path / "again")
    assert [k.name for k in again] == [k.name for k in KINDS]
    assert digest(tmp_path / "again") == digest(CORPUS)


def test_whole_corpus_runs_in_one_batch(outcome):
    """Exit 0 or 3, no traceback, every record from an input, the good document at the end processed,
    within the time limit and memory limit."""
    assert outcome.whole == []


def test_shared_batch_of_the_other_kinds_runs_to_the_end(outcome):
    if outcome.shared is None:
        pytest.skip("the whole corpus ran in one batch")
    assert outcome.shared == []


def _kind_param(kind: BadInput):
    marks = []
    if kind.skip:
        marks.append(pytest.mark.skip(reason=kind.skip))
    elif kind.name in KNOWN_FAILURES and FAILING_ONLY_WHERE.get(kind.name, True):
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[kind.name]))
    return pytest.param(kind, id=kind.name, marks=marks)


@pytest.mark.parametrize("kind", [_kind_param(k) for k in KINDS])
def test_bad_input_gives_one_clear_record(kind: BadInput, outcome):
    """One record (or one error record with a clear message) per input, strict JSON, no secret read,
    no formula cell in CSV or Excel output; alone-run kinds also: the batch went on to the good document."""
    problems = outcome.kinds[kind.name]
    assert not problems, f"{kind.name} ({kind.note or kind.expect}): " + " ;; ".join(problems)


@pytest.mark.slow
def test_long_unpunctuated_text_is_processed_in_bounded_time(tmp_path):
    """160,000 characters of Chinese without punctuation, full of numbers: processed in under 30 s."""
    (tmp_path / "long.txt").write_text(unpunctuated_chinese(160_000), encoding="utf-8")
    (tmp_path / GOOD_LAST).write_text(GOOD_TEXT, encoding="utf-8")
    kinds = [BadInput("long", ("long.txt",), ("long.txt",)), BadInput("good_last", (GOOD_LAST,), (GOOD_LAST,), expect="ok")]
    run = run_extract(tmp_path, kinds, tmp_path / "out.jsonl", timeout=30, stall=30, workers=1)
    assert batch_problems(run) == []
    assert kind_problems(kinds[0], run) == []
