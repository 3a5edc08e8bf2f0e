"""Documents processed together (``Pipeline.pipe``, ``batch.process_tasks``) give what each gives alone,
and a document that fails fails alone."""

from __future__ import annotations

import pytest

from textkit import batch
from textkit.batch import BatchConfig, Task, process_task, process_tasks
from textkit.io.readers import RawText, read_path
from textkit.pipeline import get_pipeline
from textkit.themes import ThemeTagger

from .conftest import CORPORA, REPORT_SIMPLIFIED, REPORT_TRADITIONAL, make_fragile

# Both scripts, one document of several articles' worth of headings, a short one and an empty one.
TEXTS = {
    **{p.name: read_path(p).text for p in sorted(CORPORA.glob("0[1-4]*.txt"))},  # 04 is not UTF-8
    "traditional.txt": REPORT_TRADITIONAL,
    "simplified.txt": REPORT_SIMPLIFIED,
    "short.txt": "村党支部坚持“三会一课”制度，全年召开党员大会4次。",
    "blank.txt": "   \n",
}


def _raw(name: str, text: str) -> RawText:
    return RawText(name, text, "utf-8", content_hash=name)


def _records(doc) -> list[dict]:
    return [a.to_record() for a in doc.articles]


def test_a_batch_gives_each_document_what_it_gets_alone():
    pipe = get_pipeline()
    together = pipe.pipe([_raw(n, t) for n, t in TEXTS.items()])
    for (name, text), doc in zip(TEXTS.items(), together):
        alone = pipe.pipe([_raw(name, text)])[0]
        assert _records(doc) == _records(alone), name
        assert doc.error == alone.error
    assert together[-1].error and "no text left" in together[-1].error
    assert sum(len(d.articles[0].measures) for d in together[:-1]) > 20  # the batch really extracted something


@pytest.mark.parametrize("component", ["slogans", "themes"])
def test_a_document_a_component_fails_on_fails_alone(monkeypatch, component: str):
    """A per-article component (slogans) and a batch one (themes): the failing document gets the
    exception, every other its full result."""
    pipe = get_pipeline()
    cls = type(next(c for c in pipe.components() if c.name == component))
    assert (component == "themes") == (cls is ThemeTagger)
    make_fragile(monkeypatch, cls)
    names = list(TEXTS)[:3]
    raws = [_raw(names[0], TEXTS[names[0]]), _raw("bad.txt", TEXTS[names[1]] + "\n炸"), _raw(names[2], TEXTS[names[2]])]
    out = pipe.pipe(raws)
    assert isinstance(out[1], ValueError)
    for raw, doc in zip(raws[::2], out[::2]):
        assert _records(doc) == _records(pipe.pipe([raw])[0])


def test_process_tasks_gives_one_result_per_document_in_order():
    tasks = [Task(n, text=t) for n, t in TEXTS.items()]
    tasks.insert(2, Task("missing.txt", path="/nonexistent/missing.txt"))
    results = process_tasks(tasks, BatchConfig())
    assert [r.source for r in results] == [t.source for t in tasks]
    assert [r.source for r in results if r.error] == ["missing.txt", "blank.txt"]
    for task, result in zip(tasks, results):
        assert result.lines == process_task(task, BatchConfig()).lines, task.source
    traditional = next(r for r in results if r.source == "traditional.txt")
    assert traditional.counts["measures"] > 0 and traditional.counts["slogans"] > 0


def test_batches_hold_few_documents_and_a_large_one_goes_alone(monkeypatch):
    monkeypatch.setattr(batch, "BATCH_DOCUMENTS", 3)
    monkeypatch.setattr(batch, "BATCH_SIZE", 100)
    sizes = [10, 10, 10, 10, 500, 30, 80, 10]
    pending = batch._Batches(Task(f"d{i}", text="党" * n) for i, n in enumerate(sizes))
    taken = []
    while b := pending.take():
        taken.append([len(t.text) for t in b])
    assert taken == [[10, 10, 10], [10], [500], [30], [80, 10]]
    assert pending.exhausted


def test_workers_share_the_last_batches_evenly(monkeypatch):
    monkeypatch.setattr(batch, "BATCH_DOCUMENTS", 4)
    pending = batch._Batches([Task(f"d{i}", text="党") for i in range(10)], workers=2)
    taken = []
    while b := pending.take():
        taken.append(len(b))
    assert taken == [4, 3, 2, 1]


def test_process_paths_gives_each_file_what_process_path_gives(tmp_path):
    names = ["traditional.txt", "short.txt", "blank.txt", "simplified.txt"]
    for name in names:
        (tmp_path / name).write_text(TEXTS[name], encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    paths = [str(tmp_path / n) for n in ("binary.txt", *names)]
    pipe = get_pipeline()
    docs = list(pipe.process_paths(paths, batch_size=2))
    assert [d.source for d in docs] == paths
    assert [bool(d.error) for d in docs] == [True, False, False, True, False]
    for path, doc in zip(paths, docs):
        alone = pipe.process_path(path)
        assert (doc.error, _records(doc)) == (alone.error, _records(alone)), path
