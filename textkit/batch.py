"""Batch processing: tasks (files or manifest rows) → results, serially, in a process pool or on Dask.

Every task yields exactly one ``Result``: its records as JSON lines (one per article) or one
error record. Results come back in task order whatever the engine or number of workers, so the
output of a run does not depend on them. Each worker process builds its pipeline once.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textkit.io.manifests import ManifestRow, is_manifest, read_manifest, title_line
from textkit.io.writers import dumps

#: Record fields whose values are codes, never converted to another script.
_CODE_FIELDS = {"source", "doc_id", "kind", "level", "status", "scheme", "unit_kind", "role", "error", "themes", "theme_scores", "metadata"}


@dataclass
class Task(ManifestRow):
    """One input document: a file, or a manifest row with its text or path and metadata (the fields
    of ``io.manifests.ManifestRow``), and how to read it."""

    def raw(self):
        """The task's text as a ``RawText`` (read from its file, or the row's own); raises InputError."""
        from textkit.errors import InputError
        from textkit.io.readers import RawText, read_path

        if self.error:
            raise InputError(self.error)
        if self.text is not None:
            text = self.text
            title = title_line(self.metadata)
            if title and not text.lstrip().startswith(title):
                text = f"{title}\n{text}"  # a manifest's title column is the article's title line
            return RawText(self.source, text, "manifest", content_hash=hashlib.sha1(self.text.encode("utf-8")).hexdigest())
        if not self.path:
            raise InputError(f"{self.source}: manifest row has neither text nor path")
        return read_path(self.path)

    def content_hash(self) -> str:
        """SHA-1 of the file's bytes or the row's text (what ``--resume`` compares)."""
        if self.text is not None:
            return hashlib.sha1(self.text.encode("utf-8")).hexdigest()
        try:
            return hashlib.sha1(Path(self.path or self.source).read_bytes()).hexdigest()
        except OSError:
            return ""


@dataclass(frozen=True)
class BatchConfig:
    """What to do with each document (picklable: it travels to worker processes)."""

    mode: str = "extract"  # extract | normalize | segment
    model: str | None = None
    slogans: str | None = None
    script: str = "simplified"
    structure: bool = True
    pos: bool = False
    pipes: tuple[str, ...] | None = None  # component names (default: textkit.components.DEFAULT_PIPELINE)


@dataclass
class Result:
    source: str
    doc_id: str = ""
    lines: list[str] = field(default_factory=list)
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)


# -- tasks ------------------------------------------------------------------------------


def manifest_tasks(manifest: str) -> Iterator[Task]:
    """Tasks from the rows of a CSV/TSV/JSONL manifest (see ``textkit.io.manifests``)."""
    for row in read_manifest(manifest):
        yield Task(row.source, row.path, row.text, row.metadata, row.error)


def iter_tasks(inputs: Iterable[str]) -> Iterator[Task]:
    """Tasks from files, folders, globs and manifests (a .csv/.tsv/.jsonl input is a manifest)."""
    from textkit.io.readers import display_path, expand_inputs

    for item in inputs:
        if is_manifest(str(item)):
            yield from manifest_tasks(str(item))
        else:
            for p in expand_inputs([item]):
                yield Task(source=display_path(p), path=p)  # a file name that is not UTF-8 is shown with \xNN escapes


def count_tasks(inputs: Iterable[str]) -> int:
    """How many tasks ``iter_tasks`` will yield (manifests are read once, without keeping rows)."""
    return sum(1 for _ in iter_tasks(inputs))


# -- processing one task ----------------------------------------------------------------

_PIPELINES: dict[BatchConfig, Any] = {}


def pipeline_for(config: BatchConfig):
    """The pipeline of a configuration, built once per process."""
    if config not in _PIPELINES:
        from textkit.normalization import NormalizeConfig
        from textkit.pipeline import Pipeline, get_pipeline

        if config.mode == "extract":
            pipe = get_pipeline(model=config.model, slogan_lexicon=config.slogans, pipes=config.pipes)
            pipe.components()
        else:
            pipe = Pipeline(normalize=NormalizeConfig(script=config.script), extract=False)
        pipe.process_text("党支部开展“三会一课”学习2次。")  # warm up: jieba, OpenCC and the model load now, not on the first document
        _PIPELINES[config] = pipe
    return _PIPELINES[config]


def article_fields(article, config: BatchConfig) -> dict:
    if config.mode == "normalize":
        return {"text": article.text, "meta": article.meta, "log": dict(article.log), "structure": article.structure_dict()}
    if config.mode == "segment":
        from textkit import segmentation as seg

        if not config.pos:
            return {"tokens": seg.segment(article.text)}
        pairs = seg.segment_pos(article.text)
        return {"tokens": [w for w, _ in pairs], "pos": [t for _, t in pairs]}
    rec = article.to_record(structure=config.structure)
    for key in ("source", "article", "title"):
        rec.pop(key)
    return rec


def process_task(task: Task, config: BatchConfig) -> Result:
    """Process one document into its records; any failure becomes one error record."""
    from textkit.errors import InputError

    try:
        raw = task.raw()
        doc = pipeline_for(config).process_raw(raw)
        if doc.error:
            raise InputError(doc.error)
        lines, counts = [], Counter()
        for a in doc.articles:
            rec = {"source": task.source, "doc_id": raw.content_hash, "article": a.index, "title": a.title}
            if task.metadata:
                rec["metadata"] = task.metadata
            rec.update(article_fields(a, config))
            lines.append(dumps(convert_record(rec, config.script)))
            counts["articles"] += 1
            counts.update(a.item_counts())
        return Result(task.source, raw.content_hash, lines, None, counts)
    except InputError as exc:
        return _error(task, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a batch
        return _error(task, f"{task.source}: internal error ({type(exc).__name__}: {exc})")


def _error(task: Task, message: str) -> Result:
    rec = {"source": task.source, "error": message}
    if task.metadata:
        rec["metadata"] = task.metadata
    return Result(task.source, "", [dumps(rec)], message, {})


def process_batch(tasks: list[Task], config: BatchConfig) -> list[Result]:
    return [process_task(t, config) for t in tasks]


def convert_record(rec: dict, script: str) -> dict:
    """The record with its text fields in ``script`` (codes and sources left alone)."""
    if script == "simplified":
        return rec
    from textkit.normalization import convert_script

    def conv(v):
        if isinstance(v, str):
            return convert_script(v, script)
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, dict):
            return {k: (x if k in _CODE_FIELDS else conv(x)) for k, x in v.items()}
        return v

    return {k: (v if k in _CODE_FIELDS else conv(v)) for k, v in rec.items()}


# -- engines ----------------------------------------------------------------------------


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run(
    tasks: Iterable[Task],
    config: BatchConfig,
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    window: int | None = None,
) -> Iterator[Result]:
    """Results of ``tasks`` in order. ``engine`` is ``local`` (``workers`` processes; 1 = this one)
    or ``dask`` (a distributed scheduler at ``scheduler``). At most ``window`` tasks are in flight,
    so memory does not grow with the number of documents."""
    if engine == "dask":
        yield from _run_dask(tasks, config, scheduler, window or 64)
    elif workers <= 1:
        for task in tasks:
            yield process_task(task, config)
    else:
        yield from _run_pool(tasks, config, workers, window or workers * 8)


def _init_worker(config: BatchConfig) -> None:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    pipeline_for(config)


def _run_pool(tasks: Iterable[Task], config: BatchConfig, workers: int, window: int) -> Iterator[Result]:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork (Linux): workers inherit the parent's loaded pipeline, copy-on-write, and start at once;
    # elsewhere each worker loads it in its initializer.
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    if method == "fork":
        pipeline_for(config)

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=mp.get_context(method), initializer=_init_worker, initargs=(config,))

    it = iter(tasks)
    pool = new_pool()
    pending: deque = deque()

    def refill() -> None:
        while len(pending) < window:
            task = next(it, None)
            if task is None:
                return
            pending.append((task, pool.submit(process_task, task, config)))

    try:
        refill()
        while pending:
            task, fut = pending.popleft()
            try:
                result = fut.result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory, a crash in a library). Any document in flight may
                # be the cause: rerun them one at a time in a fresh pool, in order, so that a document
                # that kills its worker when alone gets the error record and the others their results.
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
                suspects = [task] + [t for t, _ in pending]
                pending.clear()
                for suspect in suspects:
                    pool = new_pool() if pool is None else pool
                    try:
                        yield pool.submit(process_task, suspect, config).result()
                    except BrokenProcessPool:
                        pool.shutdown(wait=False, cancel_futures=True)
                        pool = None
                        yield _error(suspect, f"{suspect.source}: the worker process died while processing this document")
                pool = new_pool() if pool is None else pool
                refill()
                continue
            refill()
            yield result
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _run_dask(tasks: Iterable[Task], config: BatchConfig, scheduler: str | None, window: int) -> Iterator[Result]:
    """Batches of 8 documents on a Dask cluster. Workers open file paths themselves, so the inputs
    (and any --model/--slogans file) must be on a filesystem they share; a manifest's text rows
    travel with the task. A batch whose worker fails becomes error records for its documents."""
    try:
        from dask.distributed import Client
    except ImportError as exc:  # pragma: no cover - optional dependency
        raise RuntimeError("the dask engine needs `pip install textkit[dask]`") from exc
    if not scheduler:
        raise ValueError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    chunk = 8
    client = Client(scheduler)
    try:
        it = iter(tasks)
        pending: deque = deque()

        def submit_next() -> bool:
            batch = [t for _, t in zip(range(chunk), it)]
            if batch:
                pending.append((batch, client.submit(process_batch, batch, config, pure=False)))
            return bool(batch)

        while len(pending) < max(1, window // chunk) and submit_next():
            pass
        while pending:
            batch, fut = pending.popleft()
            try:
                results = fut.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker must not stop the run
                results = [_error(t, f"{t.source}: the Dask worker failed ({type(exc).__name__}: {exc})") for t in batch]
            fut.release()
            submit_next()
            yield from results
    finally:
        client.close()


# -- a whole run ------------------------------------------------------------------------


@dataclass
class Summary:
    """What a run did (``documents`` counts the documents processed in this run)."""

    total: int = 0
    documents: int = 0
    skipped: int = 0
    failed: int = 0
    articles: int = 0
    items: Counter = field(default_factory=Counter)  # item kind → count (measures, slogans, figures, any registered kind)
    seconds: float = 0.0
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def measures(self) -> int:
        return self.items["measures"]

    @property
    def slogans(self) -> int:
        return self.items["slogans"]

    @property
    def figures(self) -> int:
        return self.items["figures"]

    @property
    def ok(self) -> int:
        return self.documents - self.failed + self.skipped


def process_to(
    inputs: Iterable[str],
    output: str,
    config: BatchConfig = BatchConfig(),
    *,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
    on_start: Any = None,
    on_result: Any = None,
) -> Summary:
    """Process ``inputs`` into ``output`` (format by suffix; ``-`` for JSON lines on standard output).

    Results are journalled as they come and the output appears only when the run ends; with
    ``resume`` the documents already stored (same source, same content hash) are skipped.
    ``on_start(summary)`` is called once the inputs are counted, ``on_result(result, summary)``
    after each document. On KeyboardInterrupt the journal is kept and the exception re-raised.
    """
    import time

    from textkit.io.writers import Output

    inputs = list(inputs)
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    if resume and output == "-":
        raise ValueError("--resume needs an output file")
    out = Output(output, resume=resume)
    summary = Summary(total=count_tasks(inputs))
    if not summary.total:
        return summary
    stored = out.open()
    summary.notes += out.notes
    if on_start:
        on_start(summary)

    stored_sources = {source for source, _ in stored}

    def unseen(tasks: Iterable[Task]) -> Iterator[Task]:
        for t in tasks:  # only a source already stored is read and hashed here
            if t.source in stored_sources and (t.source, t.content_hash()) in stored:
                summary.skipped += 1
                continue
            yield t

    started = time.perf_counter()
    try:
        for res in run(unseen(iter_tasks(inputs)), config, workers=workers or default_workers(), engine=engine, scheduler=scheduler):
            out.write(res.lines)
            summary.documents += 1
            summary.failed += res.error is not None
            summary.articles += res.counts.get("articles", 0)
            summary.items.update({k: v for k, v in res.counts.items() if k != "articles"})
            summary.seconds = time.perf_counter() - started
            if on_result:
                on_result(res, summary)
        summary.written = out.finish()
    except BaseException:
        out.close()
        raise
    summary.seconds = time.perf_counter() - started
    return summary
