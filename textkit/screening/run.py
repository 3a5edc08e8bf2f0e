"""A screening run: submissions through the pipeline, scored, compared with each other and the reference corpus, flagged."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textkit.model import Document
from textkit.screening.config import ProgressFn, ScreenConfig
from textkit.screening.duplicates import (
    PENALISED_ROLES,
    Fingerprint,
    Match,
    PassageIndex,
    compare,
    duplicate_entry,
    fingerprint,
    metadata_date,
    pair_role,
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

    def add_duplicate(self, kind: str, other: Fingerprint, match: Match, cfg: ScreenConfig, role: str) -> None:
        """Record ``other`` as a duplicate of this submission (``match`` seen from this side, ``role`` who copied whom)."""
        self.duplicates.append(duplicate_entry(kind, self.fingerprint, other, match, cfg, role))
        spans = [(s, e) for s, e, _, _ in match.passages]
        self.shared += spans
        if role in PENALISED_ROLES:
            self.copied += spans


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
        self._reference_fps: OrderedDict[int, Fingerprint] = OrderedDict()

    def add(self, res: Screening) -> None:
        if res.fingerprint is not None:
            key = self.index.add(res.fingerprint, "submission")
            if key is not None:
                self.keys[key] = len(self.results)
        self.results.append(res)

    def add_references(self, inputs: Iterable[str], progress: ProgressFn | None, errors: list[str] | None) -> None:
        self.references = index_references(self.index, inputs, self.cfg, progress, errors)

    def _reference_fp(self, key: int) -> Fingerprint:
        """A reference's fingerprint, recomputed from its text (the last 256 are kept)."""
        if key in self._reference_fps:
            self._reference_fps.move_to_end(key)
            return self._reference_fps[key]
        source, title, text = self.references[key]
        fp = self._reference_fps[key] = fingerprint(text, source, title, self.cfg.shingle, simplified=True)
        if len(self._reference_fps) > 256:
            self._reference_fps.popitem(last=False)
        return fp

    def find_duplicates(self) -> None:
        """Shared passages of each submission with the other submissions (each pair once) and the references."""
        self.index.build()
        for key, position in self.keys.items():
            res = self.results[position]
            rare = None
            for other in self.index.candidates(key):
                if other in self.keys and other < key:
                    continue  # this pair was compared from the other side
                other_fp = self._reference_fp(other) if other in self.references else self.results[self.keys[other]].fingerprint
                if other in self.references and _same_file(res.source, other_fp.source):
                    continue  # a submission that is also in the reference corpus is not its own copy
                rare = self.index.rare_chars(res.fingerprint) if rare is None else rare
                match = compare(res.fingerprint, other_fp, self.cfg, rare)
                if match is None:
                    continue
                if other in self.references:
                    res.add_duplicate("reference", other_fp, match, self.cfg, "copied_from_reference")
                    continue
                other_res = self.results[self.keys[other]]
                res.add_duplicate("submission", other_fp, match, self.cfg, pair_role(res.date, other_res.date))
                other_res.add_duplicate("submission", res.fingerprint, match.swapped(), self.cfg, pair_role(other_res.date, res.date))


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
    from textkit.batch import iter_tasks

    cfg = config or ScreenConfig()
    if pipeline is None:
        from textkit.pipeline import get_pipeline

        pipeline = get_pipeline()
    batch = _Batch(cfg)
    if reference:
        batch.add_references(reference, progress, reference_errors)
    tasks = list(iter_tasks(paths))
    for n, task in enumerate(tasks, 1):
        batch.add(_screen_one(pipeline, task, cfg))
        if progress:
            progress("screen", n, len(tasks))
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
