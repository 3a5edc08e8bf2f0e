"""The server's state: the uploaded submissions, one loaded pipeline, and the latest screening of them all.

Each upload is stored in its own numbered folder of ``uploads/`` (written in a hidden staging folder,
then renamed, so a screening sees an upload whole or not at all); a file uploaded again under the
same name replaces the earlier one. Screening runs in one worker thread, so the web page stays
responsive, and always screens every submission uploaded so far (copies between uploads are found);
uploads that arrive meanwhile are screened by one more run when it ends. The pipeline is loaded
once and documents already processed are not processed again (``CachingPipeline``), so a new file
costs its own processing plus the comparisons.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from textkit.serve.uploads import Stored, UploadLimits, remove_tree, store_file

XLSX_NAME = "screen.xlsx"
JSON_NAME = "screen.json"


class CachingPipeline:
    """A pipeline that keeps the document of each (source, content) it processed: a second screening
    of the same upload costs no extraction. Other attributes are the wrapped pipeline's."""

    def __init__(self, pipeline: Any, max_documents: int = 5000):
        self._pipeline = pipeline
        self._documents: dict[tuple[str, str], Any] = {}
        self._max = max_documents

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pipeline, name)

    def process_raw(self, raw: Any) -> Any:
        (doc,) = self.pipe([raw])
        if isinstance(doc, Exception):
            raise doc
        return doc

    def pipe(self, raws: Sequence[Any]) -> list[Any]:
        """``Pipeline.pipe``: the documents already processed from the cache, the others processed
        together (and kept, unless they failed)."""
        out: list[Any] = [self._documents.get((raw.source, raw.content_hash)) if raw.content_hash else None for raw in raws]
        todo = [i for i, doc in enumerate(out) if doc is None]
        for i, doc in zip(todo, self._pipeline.pipe([raws[i] for i in todo])):
            out[i] = doc
            if raws[i].content_hash and not isinstance(doc, Exception):
                if len(self._documents) >= self._max:
                    self._documents.clear()
                self._documents[(raws[i].source, raws[i].content_hash)] = doc
        return out

    def forget(self) -> None:
        self._documents.clear()


@dataclass
class Row:
    """One submission in the ranked list of the web page."""

    rank: int
    page: str
    record: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        rec = self.record
        return {
            "rank": self.rank,
            "page": self.page,
            "source": rec["source"],
            "title": rec.get("title", ""),
            "score": rec.get("score", 0),
            "verdict": rec.get("verdict"),
            "flags": rec.get("flags", []),
            "error": rec.get("error"),
        }


class Screener:
    """Uploads, the worker thread and the latest results of one server."""

    def __init__(
        self, pipeline: Any, work_dir: Path, reference: list[str] | None = None, config: Any = None, limits: UploadLimits | None = None
    ):
        self.pipeline = CachingPipeline(pipeline)
        self.work_dir = Path(work_dir)
        self.uploads = self.work_dir / "uploads"
        self.runs = self.work_dir / "runs"
        self.reference = reference or None
        self.config = config
        self.limits = limits or UploadLimits()
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="textkit-screen")
        self._running = False
        self._again = False
        self._batches = 0
        self._runs = 0
        self._progress: dict[str, Any] = {}
        self._error: str | None = None
        self._rows: list[Row] = []
        self._run_dir: Path | None = None
        self._seconds: float | None = None
        self._clean_source = re.compile(re.escape(str(self.uploads) + "/") + r"\d{4}/")
        self.uploads.mkdir(parents=True, exist_ok=True)
        self.runs.mkdir(parents=True, exist_ok=True)

    # ------------------------------------------------------------------ uploads

    def add_upload(self, files: Iterable[tuple[str, BinaryIO]]) -> Stored:
        """Store one upload (a list of ``(relative name, data)``) as a new batch and start screening;
        raises ``UploadRefused`` (nothing stored) for a bad name or size."""
        with self._lock:
            self._batches += 1
            number = self._batches
        staging = self.uploads / f".incoming-{number:04d}"
        stored = Stored()
        try:
            for name, data in files:
                store_file(staging, name, data, self.limits, stored)
        except BaseException:
            remove_tree(staging)
            raise
        if not stored.files:
            remove_tree(staging)
            return stored
        self._replace_earlier(stored.files)
        staging.rename(self.uploads / f"{number:04d}")
        self.request_screening()
        return stored

    def _replace_earlier(self, names: list[str]) -> None:
        """A file uploaded again under the same name replaces the earlier upload of it."""
        for batch in self.uploads.iterdir():
            if batch.name.startswith("."):
                continue
            for name in names:
                (batch / name).unlink(missing_ok=True)

    def submissions(self) -> int:
        return sum(
            1 for p in self.uploads.rglob("*") if p.is_file() and not any(s.startswith(".") for s in p.relative_to(self.uploads).parts)
        )

    # ------------------------------------------------------------------ screening

    def request_screening(self) -> None:
        """Screen every upload in the worker thread (once more after the current run, if one is running)."""
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
            self._again = False
            self._error = None
        self._executor.submit(self._work)

    def _work(self) -> None:
        while True:
            try:
                self._screen_once()
            except Exception as exc:  # noqa: BLE001 - reported on the page, the server goes on
                with self._lock:
                    self._error = f"{type(exc).__name__}: {exc}"
            with self._lock:
                if not self._again:
                    self._running = False
                    return
                self._again = False

    def _progress_fn(self, stage: str, done: int, total: int) -> None:
        self._progress = {"stage": stage, "done": done, "total": total}

    def _screen_once(self) -> None:
        from textkit.render.pages import page_name
        from textkit.screening import rank_key, screen_documents
        from textkit.screening.html import write_screen_html
        from textkit.screening.xlsx import write_xlsx

        started = time.perf_counter()
        self._progress = {"stage": "screen", "done": 0, "total": 0}
        results = screen_documents([str(self.uploads)], self.reference, self.config, pipeline=self.pipeline, progress=self._progress_fn)
        for res in results:
            self._show_relative(res)
        with self._lock:
            self._runs += 1
            run_dir = self.runs / f"{self._runs:04d}"
        run_dir.mkdir(parents=True)
        records = [r.record() for r in results]
        write_screen_html(results, run_dir)
        write_xlsx(records, run_dir / XLSX_NAME)
        (run_dir / JSON_NAME).write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        pages = [page_name(pos, r.source) for pos, r in enumerate(results)]
        ordered = sorted(zip(records, pages), key=lambda rp: rank_key(rp[0]))
        rows = [Row(rank, page, rec) for rank, (rec, page) in enumerate(ordered, 1)]
        with self._lock:
            previous, self._run_dir, self._rows = self._run_dir, run_dir, rows
            self._seconds = time.perf_counter() - started
        if previous is not None:
            remove_tree(previous)

    def _show_relative(self, res: Any) -> None:
        """Sources as the user named them (``folder/file.txt``), not as stored in the work folder."""

        def clean(value: Any) -> Any:
            if isinstance(value, str):
                return self._clean_source.sub("", value)
            if isinstance(value, list):
                return [clean(v) for v in value]
            if isinstance(value, tuple):
                return tuple(clean(v) for v in value)
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            return value

        for name, value in vars(res).items():
            if name not in ("document", "fingerprint", "copied") and isinstance(value, str | list | dict):
                setattr(res, name, clean(value))

    # ------------------------------------------------------------------ state for the page

    def status(self) -> dict[str, Any]:
        with self._lock:
            state = "running" if self._running else "failed" if self._error else "done" if self._run_dir else "idle"
            return {
                "state": state,
                "progress": dict(self._progress) if self._running else None,
                "error": self._error,
                "seconds": round(self._seconds, 2) if self._seconds is not None else None,
                "rows": [r.as_json() for r in self._rows],
                "xlsx": f"/{XLSX_NAME}" if self._run_dir else None,
            }

    def output(self, name: str) -> Path | None:
        """A file of the latest run (a page, the sheet, the JSON) by its plain name, or None."""
        with self._lock:
            run_dir = self._run_dir
        if run_dir is None or not re.fullmatch(r"[\w\u4e00-\u9fff-]+\.(html|xlsx|json)", name):
            return None
        path = run_dir / name
        return path if path.is_file() else None

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._running

    def clear(self) -> bool:
        """Delete every upload and result; False (nothing done) while a screening runs."""
        with self._lock:
            if self._running:
                return False
            self._rows, self._run_dir, self._seconds, self._error = [], None, None, None
        remove_tree(self.uploads)
        remove_tree(self.runs)
        self.uploads.mkdir(parents=True)
        self.runs.mkdir(parents=True)
        self.pipeline.forget()
        return True

    def close(self, keep: bool = False) -> None:
        """Stop the worker (after the current run) and delete the work folder unless ``keep``."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        if not keep:
            remove_tree(self.work_dir)
