"""Batch processing: tasks (files or manifest rows) → results, serially, in a process pool or on Dask.

Every task yields exactly one ``Result``: its records as JSON lines (one per article) or one
error record. Results come back in task order whatever the engine or number of workers, so the
output of a run does not depend on them. Each worker process builds its pipeline once.

Documents are processed in small batches (``process_tasks``: up to ``BATCH_DOCUMENTS`` documents and
``BATCH_SIZE`` of input), stage by stage across the batch, which keeps each stage's tables and
models in the processor's caches; every document still gets its own result or error record.

The local engine runs each batch in a supervised worker process (``Limits``): a batch that runs
longer than one document's time budget, makes its worker grow by more than the memory limit or
kills its worker is run again one document at a time; a single document past a limit gets an
error record, and its worker is replaced; workers die with the main process. Workers keep taking
batches while one is slow: results wait in a bounded reorder buffer to be given out in input order.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textkit.io.manifests import ManifestRow, is_manifest, read_manifest, title_line
from textkit.io.writers import dumps
from textkit.regex import store_compiled

if TYPE_CHECKING:
    from textkit.io.readers import RawText
    from textkit.model import Document

#: Record fields whose values are codes, never converted to another script.
_CODE_FIELDS = {
    "source",
    "doc_id",
    "kind",
    "level",
    "status",
    "scheme",
    "unit_kind",
    "role",
    "error",
    "themes",
    "theme_scores",
    "metadata",
    "codes",
    "genre",
}


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

    def size(self) -> int:
        """About how large the document is: its text's characters, or its file's bytes (0 when unknown)."""
        if self.text is not None:
            return len(self.text)
        try:
            return os.stat(self.path or self.source).st_size
        except (OSError, ValueError):
            return 0

    def content_hash(self) -> str:
        """SHA-1 of the file's bytes or the row's text (what ``--resume`` compares)."""
        if self.text is not None:
            return hashlib.sha1(self.text.encode("utf-8")).hexdigest()
        from textkit.errors import TextkitError
        from textkit.io.readers import read_bytes

        try:  # bounded, regular files only: a device or FIFO named for --resume is never read
            return hashlib.sha1(read_bytes(self.path or self.source)).hexdigest()
        except (OSError, TextkitError):
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
    offset_map: bool = False  # add each article's offset map to the input (textkit.alignment)
    coding: str | None = None  # a user coding dictionary (textkit.coding) applied to every extract record


@dataclass
class Result:
    source: str
    doc_id: str = ""
    lines: list[str] = field(default_factory=list)
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    recycle: bool = False  # the worker ran out of memory: replace it after this document


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
            continue
        manifests = folder_manifests(str(item))
        for p in expand_inputs([item]):
            if manifests and p == str(item):
                continue  # a folder holding only manifests is not empty
            yield Task(source=display_path(p), path=p)  # a file name that is not UTF-8 is shown with \xNN escapes
        for manifest in manifests:
            yield from manifest_tasks(manifest)


def folder_manifests(item: str) -> list[str]:
    """The JSON Lines corpus manifests in a folder (searched like its documents, sorted): a folder of
    ``reports.jsonl`` files is read row by row; textkit's own outputs and other JSONL files are left out."""
    from textkit.io.manifests import is_folder_manifest
    from textkit.io.readers import walk_files

    folder = Path(item)
    try:
        if not folder.is_dir():
            return []
    except OSError:  # a name too long for the file system, say: the walk gives its error record
        return []
    return [p for p in walk_files(folder, (".jsonl", ".ndjson")) if is_folder_manifest(p)]


def count_tasks(inputs: Iterable[str]) -> int:
    """How many tasks ``iter_tasks`` will yield (manifests are read once, without keeping rows)."""
    return sum(1 for _ in iter_tasks(inputs))


# -- processing one task ----------------------------------------------------------------

_PIPELINES: dict[BatchConfig, Any] = {}


def pipeline_for(config: BatchConfig):
    """The pipeline of a configuration, built once per process."""
    if config not in _PIPELINES:
        import gc

        collecting = gc.isenabled()
        gc.disable()  # loading makes many objects that live as long as the process: collections would find nothing (~0.08 s)
        try:
            _PIPELINES[config] = _build_pipeline(config)
        finally:
            if collecting:
                gc.enable()
        store_compiled()  # the next start reads the patterns it compiled instead of compiling them
    return _PIPELINES[config]


def _build_pipeline(config: BatchConfig):
    """The pipeline of a configuration, loaded and warmed up."""
    from textkit.normalization import NormalizeConfig
    from textkit.pipeline import Pipeline, get_pipeline

    if config.mode == "extract":
        pipe = get_pipeline(model=config.model, slogan_lexicon=config.slogans, pipes=config.pipes)
        pipe.components()
    else:
        pipe = Pipeline(normalize=NormalizeConfig(script=config.script), extract=False)
    pipe.process_text("党支部开展“三会一课”学习2次。")  # warm up: jieba, OpenCC and the model load now, not on the first document
    if config.coding:
        coding_for(config.coding)  # a bad dictionary is found before any work
    return pipe


_CODINGS: dict[str, Any] = {}


def coding_for(path: str):
    """The coding dictionary at ``path`` (``textkit.coding.CodingDictionary``), loaded once per process."""
    if path not in _CODINGS:
        from textkit.coding import CodingDictionary

        _CODINGS[path] = CodingDictionary.load(path)
    return _CODINGS[path]


def article_fields(article, config: BatchConfig) -> dict:
    """The fields of an article's record in ``config.mode``, for ``writers.dumps``: its items stay model
    objects (``Article.to_record(plain=False)``) unless coding or a script conversion edits the record."""
    plain = bool(config.coding) or config.script != "simplified"
    if config.mode == "normalize":
        rec = {"text": article.text, "meta": article.meta, "log": dict(article.log), "structure": article.structure_dict(plain=plain)}
        if config.offset_map:
            rec["offset_map"] = article.offset_map()
        return rec
    if config.mode == "segment":
        from textkit import segmentation as seg

        if not config.pos:
            return {"tokens": seg.segment(article.text)}
        pairs = seg.segment_pos(article.text)
        return {"tokens": [w for w, _ in pairs], "pos": [t for _, t in pairs]}
    rec = article.to_record(structure=config.structure, offset_map=config.offset_map, plain=plain)
    for key in ("source", "article", "title"):
        rec.pop(key)
    return rec


def process_task(task: Task, config: BatchConfig) -> Result:
    """Process one document into its records; any failure becomes one error record."""
    return process_tasks([task], config)[0]


def process_tasks(tasks: Sequence[Task], config: BatchConfig) -> list[Result]:
    """Process documents together (``Pipeline.pipe``: stage by stage, cheaper than one after another)
    into one result each, in order; a failure becomes that document's error record only."""
    from textkit.pipeline import read_and_pipe

    try:
        pipe = pipeline_for(config)
    except Exception as exc:  # noqa: BLE001 - no pipeline (a bad model or coding file): every document says why
        return [_failure(task, exc) for task in tasks]
    results = []
    for task, (raw, doc) in zip(tasks, read_and_pipe(pipe, tasks, Task.raw)):
        if isinstance(doc, Exception):
            results.append(_failure(task, doc))
            continue
        try:
            results.append(_records(task, raw, doc, config))
        except Exception as exc:  # noqa: BLE001 - a record that cannot be written is this document's error
            results.append(_failure(task, exc))
    return results


def _records(task: Task, raw: RawText, doc: Document, config: BatchConfig) -> Result:
    """The result of a processed document: one JSON line per article."""
    from textkit.errors import InputError

    if doc.error:
        raise InputError(doc.error)
    lines, counts = [], Counter()
    for a in doc.articles:
        rec = {"source": task.source, "doc_id": raw.content_hash, "article": a.index, "title": a.title}
        if task.metadata:
            rec["metadata"] = task.metadata
        rec.update(article_fields(a, config))
        if "offset_map" in rec and task.text is not None and len(raw.text) > len(task.text):
            from textkit.alignment import drop_input_prefix  # offsets into the row's text, not the title line added

            rec["offset_map"] = drop_input_prefix(rec["offset_map"], len(raw.text) - len(task.text))
        if config.coding and config.mode == "extract":
            coding_for(config.coding).code_record(rec)
        lines.append(dumps(convert_record(rec, config.script)))
        counts["articles"] += 1
        counts.update(a.item_counts())
    return Result(task.source, raw.content_hash, lines, None, counts)


def _failure(task: Task, exc: Exception) -> Result:
    """The error record of a document whose processing raised ``exc``."""
    from textkit.errors import InputError

    if isinstance(exc, InputError):
        return _error(task, str(exc))
    if isinstance(exc, MemoryError):
        result = _error(task, f"{task.source}: out of memory (the document needs more than the memory limit, --doc-memory)")
        result.recycle = True
        return result
    return _error(task, f"{task.source}: internal error ({type(exc).__name__}: {exc})")


def _error(task: Task, message: str) -> Result:
    rec = {"source": task.source, "error": message}
    if task.metadata:
        rec["metadata"] = task.metadata
    return Result(task.source, "", [dumps(rec)], message, {})


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


#: Documents processed together (``process_tasks``): at most this many …
BATCH_DOCUMENTS = 32
#: … and about this much input (characters or bytes): a larger document goes alone.
BATCH_SIZE = 256 * 1024


class _Batches:
    """``tasks`` taken a batch at a time for ``process_tasks``. When the tasks left fit in one batch
    per worker, each batch takes an even share of them (of ``workers``), so that no worker ends long
    after the others."""

    def __init__(self, tasks: Iterable[Task], workers: int = 1) -> None:
        self._tasks = iter(tasks)
        self._ahead: deque[Task] = deque()  # taken from ``tasks``, not yet in a batch
        self._ended = False
        self._workers = max(1, workers)

    @property
    def exhausted(self) -> bool:
        return self._ended and not self._ahead

    def take(self, documents: int | None = None) -> list[Task]:
        """The next batch: up to ``documents`` tasks (``BATCH_DOCUMENTS``) and ``BATCH_SIZE`` of input (one
        task at least); [] at the end."""
        documents = documents or BATCH_DOCUMENTS
        while not self._ended and len(self._ahead) < documents * self._workers:
            task = next(self._tasks, None)
            if task is None:
                self._ended = True
            else:
                self._ahead.append(task)
        if self._ended:
            documents = min(documents, -(-len(self._ahead) // self._workers))
        batch: list[Task] = []
        total = 0
        while self._ahead and len(batch) < documents:
            size = self._ahead[0].size()
            if batch and total + size > BATCH_SIZE:
                break
            batch.append(self._ahead.popleft())
            total += size
        return batch


def batched(tasks: Iterable[Task]) -> Iterator[list[Task]]:
    """``tasks`` in the batches that ``process_tasks`` (and ``Pipeline.pipe``) take at a time."""
    pending = _Batches(tasks)
    while batch := pending.take():
        yield batch


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


#: Results that may wait for an earlier, slower document before they are given out in order.
REORDER_WINDOW = 256
#: How often (seconds) the main process looks at its workers' clocks and memory.
_TICK = 0.2


@dataclass(frozen=True)
class Limits:
    """What one document may take in a worker of the local engine (0 = no limit).

    ``seconds``: wall-clock time of one document (``--doc-timeout``, ``TEXTKIT_DOC_TIMEOUT``);
    ``memory_mb``: how much a worker may grow beyond its state after loading the pipeline while
    it processes one document (``--doc-memory``, ``TEXTKIT_DOC_MEMORY``; resident memory, and on
    Linux the address space too). Past either, the document gets an error record and the worker is
    replaced."""

    seconds: float = 60.0
    memory_mb: float = 2048.0

    @classmethod
    def from_env(cls, seconds: float | None = None, memory_mb: float | None = None) -> Limits:
        """The given limits, else ``TEXTKIT_DOC_TIMEOUT``/``TEXTKIT_DOC_MEMORY``, else the defaults; ValueError for a bad value."""
        values = {}
        for name, given, var in (("seconds", seconds, "TEXTKIT_DOC_TIMEOUT"), ("memory_mb", memory_mb, "TEXTKIT_DOC_MEMORY")):
            raw = given if given is not None else os.environ.get(var)
            if raw is None or raw == "":
                continue
            try:
                value = float(raw)
            except ValueError:
                raise ValueError(f"{var}: expected a number, got {raw!r}") from None
            if not value >= 0 or value == float("inf"):
                raise ValueError(f"{var}: expected a number ≥ 0 (0 = no limit), got {raw!r}")
            values[name] = value
        return cls(**values)

    @property
    def active(self) -> bool:
        return bool(self.seconds or self.memory_mb)


def run(
    tasks: Iterable[Task],
    config: BatchConfig,
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    window: int | None = None,
    limits: Limits | None = None,
) -> Iterator[Result]:
    """Results of ``tasks`` in order. ``engine`` is ``local`` (``workers`` supervised processes) or
    ``dask`` (a distributed scheduler at ``scheduler``). At most ``window`` results wait for an
    earlier document (``REORDER_WINDOW`` by default), so memory does not grow with the number of
    documents. ``limits`` (default: ``Limits.from_env()``) apply to the local engine; with none
    (both 0) and one worker, documents are processed in this process. The local engine processes
    documents in batches (``BATCH_DOCUMENTS``, ``BATCH_SIZE``), stage by stage; every document still
    gets its own result."""
    if engine == "dask":
        yield from _run_dask(tasks, config, scheduler, window or 64)
        return
    limits = Limits.from_env() if limits is None else limits
    if workers <= 1 and not limits.active:
        for batch in batched(tasks):
            yield from process_tasks(batch, config)
    else:
        yield from _run_workers(tasks, config, max(1, workers), window or REORDER_WINDOW, limits)


def _init_worker(config: BatchConfig) -> None:
    import logging

    from textkit.segmentation import import_jieba

    import_jieba().setLogLevel(logging.WARNING)
    pipeline_for(config)


def _die_with_parent(parent_pid: int, kernel_signal: bool) -> None:
    """End this worker when the main process ends, even by ``kill -9``: on Linux the kernel sends
    SIGKILL (``PR_SET_PDEATHSIG``; only asked for when the main thread started the worker, as the
    signal follows the thread that forked); everywhere a daemon thread checks the parent each second."""
    import signal
    import sys
    import threading
    import time

    if kernel_signal and sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
            pass
    if os.getppid() != parent_pid:  # the parent died before we asked
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="textkit-parent-watch", daemon=True).start()


def _memory() -> tuple[int, int]:
    """(resident, virtual) bytes of this process."""
    import psutil

    info = psutil.Process().memory_info()
    return info.rss, info.vms


def _worker_main(conn, config: BatchConfig, memory_mb: float, parent_pid: int, kernel_signal: bool) -> None:
    """A worker: load the pipeline, report ready with its memory, then process tasks until told to stop."""
    import signal

    _die_with_parent(parent_pid, kernel_signal)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the handler inherited from the main process
    _init_worker(config)
    rss, vms = _memory()
    if memory_mb:
        try:
            import resource

            limit = vms + int(memory_mb * 2**20)
            hard = resource.getrlimit(resource.RLIMIT_AS)[1]
            resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
        except (ImportError, ValueError, OSError):  # pragma: no cover - no RLIMIT_AS here: the main process watches the RSS
            pass
    conn.send(("ready", rss))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        indices, tasks = job
        results = process_tasks(tasks, config)
        conn.send((indices, results))
        if any(result.recycle for result in results):
            return


class _Worker:
    """One worker process of ``_run_workers`` and the batch of documents it is on."""

    def __init__(self, ctx, config: BatchConfig, limits: Limits):
        import threading

        here, there = ctx.Pipe()
        kernel_signal = threading.current_thread() is threading.main_thread()
        self.proc = ctx.Process(target=_worker_main, args=(there, config, limits.memory_mb, os.getpid(), kernel_signal), daemon=True)
        self.proc.start()
        there.close()  # only the worker holds its end: its death is seen as the end of the pipe
        self.conn = here
        self.base_rss: int | None = None  # set when the worker reports ready
        self.job: list[tuple[int, Task]] | None = None  # (input position, task) of each document of its batch
        self.started = self.checked = 0.0
        self.retiring = False  # it ran out of memory and ends after its results
        self._process: Any = None  # its psutil.Process, for the memory checks

    @property
    def idle(self) -> bool:
        return self.base_rss is not None and self.job is None and not self.retiring

    def assign(self, job: list[tuple[int, Task]]) -> None:
        import time

        self.job = job
        self.started = time.monotonic()
        self.conn.send(([i for i, _ in job], [t for _, t in job]))

    def rss(self) -> int:
        import psutil

        try:
            if self._process is None:  # made once: it reads the process's start time to guard against a reused pid
                self._process = psutil.Process(self.proc.pid)
            return self._process.memory_info().rss
        except psutil.Error:
            return 0

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)  # a process stuck in the kernel (a dead network share) is left to end by itself
        self.conn.close()


def _run_workers(tasks: Iterable[Task], config: BatchConfig, workers: int, window: int, limits: Limits) -> Iterator[Result]:
    """Results of ``tasks`` in order from ``workers`` supervised processes, each on one batch of
    documents at a time. An idle worker takes the next batch as long as fewer than ``window``
    results wait for an earlier one. A batch gets one document's time budget and memory limit: past
    either, or when its worker dies, the worker is replaced and the batch's documents run again one
    at a time; a single document past them gets an error record."""
    import multiprocessing as mp
    import time
    from multiprocessing.connection import wait

    # fork (Linux): workers inherit the parent's loaded pipeline, copy-on-write, and start at once;
    # elsewhere each worker loads it before it reports ready.
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    import gc

    if method == "fork":
        pipeline_for(config)
        import psutil  # noqa: F401 - imported once here, not in every worker (_memory)

        gc.freeze()  # the loaded pipeline is left out of the workers' collections: they neither scan it nor copy its pages
    memory_limit = int(limits.memory_mb * 2**20)
    pending = _Batches(tasks, workers)
    alone: deque[tuple[int, Task]] = deque()  # documents of a failed batch, to run again one at a time
    submitted = given_out = 0  # tasks sent to workers / results given out, in input order
    done: dict[int, Result] = {}
    pool: list[_Worker] = []

    def next_job() -> list[tuple[int, Task]]:
        nonlocal submitted
        if alone:
            return [alone.popleft()]
        room = given_out + window - submitted
        batch = pending.take(min(BATCH_DOCUMENTS, room)) if room > 0 and not pending.exhausted else []
        job = list(enumerate(batch, submitted))
        submitted += len(job)
        return job

    def replace(worker: _Worker, message: str) -> None:
        """A new worker for one whose batch failed: its documents run again alone, or the lone one gets ``message``."""
        job = worker.job or []
        worker.stop()
        pool.remove(worker)
        if len(job) == 1:
            index, task = job[0]
            done[index] = _error(task, f"{task.source}: {message}")
        else:
            alone.extend(job)
        pool.append(_Worker(ctx, config, limits))

    try:
        pool.extend(_Worker(ctx, config, limits) for _ in range(workers))
        while True:
            for worker in pool:
                if worker.idle:
                    job = next_job()
                    if job:
                        worker.assign(job)
            while given_out in done:
                yield done.pop(given_out)
                given_out += 1
            if pending.exhausted and not alone and given_out == submitted:
                return
            ready = wait([w.conn for w in pool], _TICK)
            for worker in list(pool):
                if worker.conn in ready:
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):
                        if worker.job is None:
                            if worker.base_rss is None:
                                worker.proc.join(5)
                                code = worker.proc.exitcode
                                raise RuntimeError(f"a worker process failed to start (exit code {code})") from None
                            worker.stop()  # ended after running out of memory, or killed while idle
                            pool.remove(worker)
                            pool.append(_Worker(ctx, config, limits))
                            continue
                        worker.proc.join(1)
                        code = worker.proc.exitcode
                        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                        replace(worker, f"the worker process died while processing this document ({how})")
                        continue
                    if message[0] == "ready":
                        worker.base_rss = message[1]
                        continue
                    job, worker.job = worker.job or [], None
                    for (index, task), result in zip(job, message[1]):
                        if result.recycle and len(job) > 1:
                            alone.append((index, task))  # out of memory among others: alone, it may fit
                        else:
                            done[index] = result
                    worker.retiring = any(result.recycle for result in message[1])
                    continue
                if worker.job is None or worker.conn.poll():
                    continue  # idle, or its results came in meanwhile (read on the next round)
                now = time.monotonic()
                if limits.seconds and now - worker.started > limits.seconds:
                    replace(worker, f"took longer than the time budget of {limits.seconds:g} s (--doc-timeout); skipped")
                elif memory_limit and now - worker.checked >= _TICK:
                    worker.checked = now
                    if worker.rss() - (worker.base_rss or 0) > memory_limit:
                        replace(worker, f"used more than the memory limit of {limits.memory_mb:g} MB (--doc-memory); skipped")
    finally:
        for worker in pool:
            worker.stop()
        gc.unfreeze()  # this process collects its objects again (a long-lived caller runs batches after batches)


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
                pending.append((batch, client.submit(process_tasks, batch, config, pure=False)))
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
    fresh: bool = False,
    limits: Limits | None = None,
    on_start: Any = None,
    on_result: Any = None,
) -> Summary:
    """Process ``inputs`` into ``output`` (format by suffix; ``-`` for JSON lines on standard output).

    The output is locked for the run (``textkit.io.writers.OutputLocked`` if another run has it).
    Results are journalled as they come and the output appears only when the run ends; with
    ``resume`` the documents already stored completely (same source, same content hash) are
    skipped; without it, the journal of an unfinished run stops the run (``textkit.io.writers.UnfinishedRun``,
    a ValueError) unless ``fresh`` discards it. ``limits`` bound each document (``Limits``; default from the environment).
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
    if resume and fresh:
        raise ValueError("--resume continues an unfinished run and --fresh discards it: give one of them")
    limits = Limits.from_env() if limits is None else limits
    out = Output(output, resume=resume, fresh=fresh)
    out.lock()  # before anything else: a second run on this output stops here
    try:
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
        from textkit.io.writers import dumps
        from textkit.provenance import add_to_line, provenance

        provenance_json = dumps(provenance(config))
        try:
            results = run(
                unseen(iter_tasks(inputs)),
                config,
                workers=min(workers or default_workers(), summary.total),  # no idle worker for a short input
                engine=engine,
                scheduler=scheduler,
                limits=limits,
            )
            with closing(results):  # a failed write stops the workers at once
                for res in results:
                    out.write([add_to_line(line, provenance_json) for line in res.lines], res.source, res.doc_id)
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
    finally:
        out.unlock()
