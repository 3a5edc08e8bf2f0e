"""A screening run: submissions through the pipeline, scored, compared with each other and the reference corpus, flagged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textkit.model import Document
from textkit.screening.config import ProgressFn, ScreenConfig
from textkit.screening.duplicates import DuplicateIndex, Fingerprint, Match, compare, duplicate_entry, fingerprint, minhash, union_share
from textkit.screening.flags import duplicate_flag, read_error_flag, substance_flags
from textkit.screening.reference import build_reference_index, raw_text
from textkit.screening.substance import substance
from textkit.screening.verdict import verdict


@dataclass
class Screening:
    """The screening of one submission: its document, scores, flags, duplicates and verdict."""

    source: str
    document: Document | None = None
    fingerprint: Fingerprint | None = None
    scores: dict[str, Any] = field(default_factory=dict)
    flags: list[dict[str, str]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    score: int = 0
    error: str | None = None
    copied: list[tuple[int, int]] = field(default_factory=list)  # compact spans inside shared passages
    verdict: dict[str, Any] = field(default_factory=dict)  # {code, label, reasons} (textkit.screening.verdict)

    @property
    def title(self) -> str:
        if self.document and self.document.articles:
            return self.document.articles[0].title
        return ""

    def record(self) -> dict[str, Any]:
        """The JSON object written to ``screen.json``."""
        rec: dict[str, Any] = {
            "source": self.source,
            "title": self.title,
            "score": self.score,
            "verdict": self.verdict,
            "flags": self.flags,
            "duplicates": self.duplicates,
            "scores": self.scores,
        }
        if self.error:
            rec["error"] = self.error
        return rec

    def add_duplicate(self, kind: str, other: Fingerprint, match: Match, cfg: ScreenConfig) -> None:
        """Record ``other`` as a duplicate of this submission (``match`` seen from this side)."""
        self.duplicates.append(duplicate_entry(kind, self.fingerprint, other, match, cfg))
        self.copied += [(s, e) for s, e, _, _ in match.passages]


def _process(pipe, task) -> Document:
    from textkit.errors import InputError

    try:
        return pipe.process_raw(raw_text(task))
    except InputError as exc:
        return Document(source=task.source, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return Document(source=task.source, error=f"{task.source}: {type(exc).__name__}: {exc}")


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return a == b


def _screen_one(pipeline, task, cfg: ScreenConfig) -> Screening:
    """One submission through the pipeline: its fingerprint and substance scores, or its read error."""
    doc = _process(pipeline, task)
    res = Screening(source=doc.source, document=doc)
    if doc.error:
        res.error = doc.error
        res.flags = [read_error_flag(doc.error)]
        return res
    text = "\n".join(a.text for a in doc.articles)
    res.fingerprint = fingerprint(text, doc.source, res.title, cfg.shingle, simplified=True)
    res.scores = substance(doc.articles, cfg)
    return res


class _Batch:
    """The screened submissions, indexed for comparison with each other."""

    def __init__(self, cfg: ScreenConfig):
        self.cfg = cfg
        self.results: list[Screening] = []
        self.index = DuplicateIndex(cfg)
        self.keys: dict[int, int] = {}  # index key → position in results
        self.hashes: dict[int, Any] = {}
        self.pairs: dict[tuple[int, int], Match | None] = {}  # each pair of submissions compared once

    def add(self, res: Screening) -> None:
        if res.fingerprint is not None:
            mh = minhash(res.fingerprint, self.cfg.num_perm)
            key = self.index.add(res.fingerprint, mh)
            if key is not None:
                self.keys[key] = len(self.results)
                self.hashes[key] = mh
        self.results.append(res)

    def _fp(self, key: int) -> Fingerprint:
        return self.results[self.keys[key]].fingerprint

    def _match(self, key: int, other: int) -> Match | None:
        """The match of submission ``key`` with ``other``, seen from ``key``."""
        lo, hi = min(key, other), max(key, other)
        if (lo, hi) not in self.pairs:
            self.pairs[(lo, hi)] = compare(self._fp(lo), self._fp(hi), self.cfg)
        match = self.pairs[(lo, hi)]
        return match.swapped() if match is not None and key == hi else match

    def submission_duplicates(self, key: int) -> None:
        res = self.results[self.keys[key]]
        for other in self.index.candidates(self.hashes[key], res.fingerprint.shingles):
            match = self._match(key, other) if other != key else None
            if match is not None:
                res.add_duplicate("submission", self._fp(other), match, self.cfg)

    def reference_duplicates(self, key: int, ref_index: DuplicateIndex) -> None:
        res = self.results[self.keys[key]]
        for ref in ref_index.candidates(self.hashes[key], res.fingerprint.shingles):
            ref_fp = ref_index.fingerprint(ref)
            if _same_file(res.source, ref_fp.source):
                continue  # a submission that is also in the reference corpus is not its own copy
            match = compare(res.fingerprint, ref_fp, self.cfg)
            if match is not None:
                res.add_duplicate("reference", ref_fp, match, self.cfg)

    def find_duplicates(self, ref_index: DuplicateIndex | None) -> None:
        """Near-duplicates of each submission among the others, then in the reference corpus."""
        for key in self.keys:
            self.submission_duplicates(key)
            if ref_index is not None and len(ref_index):
                self.reference_duplicates(key, ref_index)


def _finish(res: Screening, cfg: ScreenConfig) -> None:
    """Sort the duplicates, discount the copied share from the substance score, raise the flags, give the verdict."""
    if not res.error:
        _score_and_flag(res, cfg)
    res.verdict = verdict(res.flags, res.scores, res.duplicates, res.score, cfg)


def _score_and_flag(res: Screening, cfg: ScreenConfig) -> None:
    res.duplicates.sort(key=lambda d: (d["kind"] != "reference", -d["similarity"]))
    copied_share = union_share(res.fingerprint, res.copied) if res.copied else 0.0
    res.scores["copied_share"] = round(copied_share, 3)
    res.score = int(round(res.scores["substance"] * (1 - copied_share)))
    res.flags = [duplicate_flag(d) for d in res.duplicates] + substance_flags(res.scores, cfg)


def screen_documents(
    paths: Iterable[str],
    reference: Iterable[str] | None = None,
    config: ScreenConfig | None = None,
    *,
    pipeline=None,
    progress: ProgressFn | None = None,
    reference_errors: list[str] | None = None,
) -> list[Screening]:
    """Screen submissions (files, folders, globs, manifests) against each other and a reference corpus."""
    from textkit.batch import iter_tasks

    cfg = config or ScreenConfig()
    if pipeline is None:
        from textkit.pipeline import get_pipeline

        pipeline = get_pipeline()
    ref_index = build_reference_index(reference, cfg, progress, reference_errors) if reference else None
    tasks = list(iter_tasks(paths))
    batch = _Batch(cfg)
    for n, task in enumerate(tasks, 1):
        batch.add(_screen_one(pipeline, task, cfg))
        if progress:
            progress("screen", n, len(tasks))
    batch.find_duplicates(ref_index)
    for res in batch.results:
        _finish(res, cfg)
    return batch.results


def screen(
    paths: Iterable[str],
    reference: Iterable[str] | None = None,
    config: ScreenConfig | None = None,
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """Screen submissions; one JSON-ready dict per input file (``source``, ``title``, ``score``,
    ``verdict``, ``flags``, ``duplicates``, ``scores``), in input order. See ``screen_documents`` for the options."""
    return [r.record() for r in screen_documents(paths, reference, config, **kwargs)]


def rank_key(rec: dict[str, Any]) -> tuple:
    """Sort key of a screening record: read errors last, then the best score first, then the source."""
    return (bool(rec.get("error")), -rec.get("score", 0), rec["source"])


def ranked(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records sorted best first (read errors last)."""
    return sorted(records, key=rank_key)
