"""A screening run: submissions through the pipeline, scored, compared with each other and the reference corpus, flagged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from textkit.model import Document
from textkit.screening.config import ProgressFn, ScreenConfig
from textkit.screening.duplicates import (
    PENALISED_ROLES,
    Fingerprint,
    Match,
    PassageIndex,
    PassageTable,
    compare,
    duplicate_entry,
    fingerprint,
    metadata_date,
    pair_role,
    passage_table,
    union_share,
)
from textkit.screening.flags import duplicate_flag, read_error_flag, substance_flags
from textkit.screening.reference import Text, index_references, raw_text
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
    copied: list[tuple[int, int]] = field(default_factory=list)  # compact spans inside passages it copied (penalised roles)
    shared: list[tuple[int, int]] = field(default_factory=list)  # compact spans inside any shared passage
    date: tuple[int, ...] | None = None  # from its manifest row's date or year column
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

    def record_duplicate(self, entry: dict[str, Any], match: Match) -> None:
        """Record a duplicate entry (``duplicate_entry``) and the spans of its ``match``, seen from this side."""
        self.duplicates.append(entry)
        spans = [(s, e) for s, e, _, _ in match.passages]
        self.shared += spans
        if entry["role"] in PENALISED_ROLES:
            self.copied += spans


def _process(pipe, tasks: list) -> list[Document]:
    """``tasks`` through the pipeline together (``read_and_pipe``); a file that cannot be read or
    processed becomes a document with its error."""
    from textkit.errors import InputError
    from textkit.pipeline import read_and_pipe

    docs = []
    for task, (_, doc) in zip(tasks, read_and_pipe(pipe, tasks, raw_text)):
        if isinstance(doc, Exception):
            message = str(doc) if isinstance(doc, InputError) else f"{task.source}: {type(doc).__name__}: {doc}"
            doc = Document(source=task.source, error=message)
        docs.append(doc)
    return docs


def _resolve(path: str, resolved: dict[str, Path | None] | None = None) -> Path | None:
    """``path`` resolved (None when that fails), looked up in or added to ``resolved``."""
    if resolved is not None and path in resolved:
        return resolved[path]
    try:
        out: Path | None = Path(path).resolve()
    except OSError:
        out = None
    if resolved is not None:
        resolved[path] = out
    return out


def _same_file(a: str, b: str, resolved: dict[str, Path | None] | None = None) -> bool:
    """Whether two paths name the same file (their texts compared when one cannot be resolved)."""
    ra, rb = _resolve(a, resolved), _resolve(b, resolved)
    return ra == rb if ra is not None and rb is not None else a == b


def _screened(doc: Document, task, cfg: ScreenConfig) -> Screening:
    """One processed submission: its fingerprint and substance scores, or its read error."""
    res = Screening(source=doc.source, document=doc, date=metadata_date(task.metadata or {}))
    if doc.error:
        res.error = doc.error
        res.flags = [read_error_flag(doc.error)]
        return res
    text = "\n".join(a.text for a in doc.articles)
    res.fingerprint = fingerprint(text, doc.source, res.title, cfg.shingle, simplified=True)
    res.scores = substance(doc.articles, cfg)
    return res


class _Batch:
    """The screened submissions and the reference corpus in one passage index."""

    def __init__(self, cfg: ScreenConfig):
        self.cfg = cfg
        self.results: list[Screening] = []
        self.index = PassageIndex(cfg)
        self.keys: dict[int, int] = {}  # index key of a submission → position in results
        self.references: dict[int, Text] = {}  # index key of a reference → its text

    def add(self, res: Screening) -> None:
        if res.fingerprint is not None:
            key = self.index.add(res.fingerprint, "submission")
            if key is not None:
                self.keys[key] = len(self.results)
        self.results.append(res)

    def add_references(self, inputs: Iterable[str], progress: ProgressFn | None, errors: list[str] | None) -> None:
        self.references = index_references(self.index, inputs, self.cfg, progress, errors)

    def _reference_fp(self, key: int) -> Fingerprint:
        """A reference's fingerprint, computed from its text (``find_duplicates`` asks once per reference)."""
        source, title, text = self.references[key]
        return fingerprint(text, source, title, self.cfg.shingle, simplified=True)

    def _other_fp(self, key: int) -> Fingerprint:
        """The fingerprint of the other side of a pair: a reference's, computed, or a submission's."""
        if key in self.references:
            return self._reference_fp(key)
        return self.results[self.keys[key]].fingerprint

    def candidate_pairs(self) -> list[tuple[int, int]]:
        """``(submission key, other key)`` of the pairs to compare, each pair of submissions once; call after ``index.build``."""
        pairs = []
        for key in self.keys:
            for other in self.index.candidates(key):
                if other in self.keys and other < key:
                    continue  # this pair is compared from the other side
                pairs.append((key, other))
        return pairs

    def find_duplicates(self) -> None:
        """Shared passages of each submission with the other submissions (each pair once) and the references.

        The candidate pairs are compared grouped by their other side, so each reference's
        fingerprint and each other side's passage table is built once and dropped after its
        group; the duplicates are then recorded in pair order (as if compared pair by pair)."""
        self.index.build()
        pairs = self.candidate_pairs()
        groups: dict[int, list[int]] = {}
        for at, (_, other) in enumerate(pairs):
            groups.setdefault(other, []).append(at)
        found: dict[int, list[tuple[Screening, dict[str, Any], Match]]] = {}
        rare: dict[int, np.ndarray] = {}
        resolved: dict[str, Path | None] = {}
        for other, ats in groups.items():
            other_fp = self._other_fp(other)
            is_reference = other in self.references
            table: PassageTable | None = None  # built for the first pair compared, dropped after the group
            for at in ats:
                key = pairs[at][0]
                res = self.results[self.keys[key]]
                if is_reference and _same_file(res.source, other_fp.source, resolved):
                    continue  # a submission that is also in the reference corpus is not its own copy
                if key not in rare:
                    rare[key] = self.index.rare_chars(res.fingerprint)
                if table is None:
                    table = passage_table(other_fp.compact, self.cfg.shingle)
                match = compare(res.fingerprint, other_fp, self.cfg, rare[key], table)
                if match is not None:
                    found[at] = self._entries(res, other, other_fp, match)
            if is_reference:
                resolved.pop(other_fp.source, None)
        for at in sorted(found):
            for res, entry, match in found[at]:
                res.record_duplicate(entry, match)

    def _entries(self, res: Screening, other: int, other_fp: Fingerprint, match: Match) -> list[tuple[Screening, dict[str, Any], Match]]:
        """The duplicate entries a match gives, with the screening each belongs to (both sides for two submissions)."""
        if other in self.references:
            return [(res, duplicate_entry("reference", res.fingerprint, other_fp, match, self.cfg, "copied_from_reference"), match)]
        other_res = self.results[self.keys[other]]
        swapped = match.swapped()
        return [
            (res, duplicate_entry("submission", res.fingerprint, other_fp, match, self.cfg, pair_role(res.date, other_res.date)), match),
            (
                other_res,
                duplicate_entry("submission", other_fp, res.fingerprint, swapped, self.cfg, pair_role(other_res.date, res.date)),
                swapped,
            ),
        ]


def _finish(res: Screening, cfg: ScreenConfig) -> None:
    """Sort the duplicates, discount the copied share from the substance score, raise the flags, give the verdict."""
    if not res.error:
        _score_and_flag(res, cfg)
    res.verdict = verdict(res.flags, res.scores, res.duplicates, res.score, cfg)


def _score_and_flag(res: Screening, cfg: ScreenConfig) -> None:
    res.duplicates.sort(key=lambda d: (not d["penalised"], d["kind"] != "reference", -d["similarity"]))
    copied_share = union_share(res.fingerprint, res.copied) if res.copied else 0.0
    res.scores["copied_share"] = round(copied_share, 3)  # copied from references, earlier or undated submissions
    res.scores["shared_share"] = round(union_share(res.fingerprint, res.shared), 3) if res.shared else 0.0
    res.score = int(round(res.scores["substance"] * (1 - copied_share)))
    res.flags = [duplicate_flag(d) for d in res.duplicates if d["penalised"]] + substance_flags(res.scores, cfg)


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
    from textkit.batch import batched, iter_tasks

    cfg = config or ScreenConfig()
    if pipeline is None:
        from textkit.pipeline import get_pipeline

        pipeline = get_pipeline()
    batch = _Batch(cfg)
    if reference:
        batch.add_references(reference, progress, reference_errors)
    tasks = list(iter_tasks(paths))
    done = 0
    for some in batched(tasks):
        for task, doc in zip(some, _process(pipeline, some)):
            batch.add(_screened(doc, task, cfg))
            done += 1
            if progress:
                progress("screen", done, len(tasks))
    batch.find_duplicates()
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
