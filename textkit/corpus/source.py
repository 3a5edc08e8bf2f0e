"""Corpus source: the text units (articles) of extract outputs or of documents, with their metadata.

An input is either an extract output (.sqlite/.db, .parquet, .xlsx, a .jsonl or .csv written by
``textkit extract``; read back with ``textkit.io.records.read_records``) or documents: files,
folders and manifests (a .jsonl/.csv/.tsv listing documents with metadata columns such as year
or title), read as ``textkit extract`` reads them and normalised on the fly (simplified script,
boilerplate removed), with no extraction. Both give the same ``TextUnit``: one article with its
source, article number, title, text and metadata.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

#: Sentence-final punctuation, as ``textkit.structure`` cuts sentences.
SENTENCE_END = "。！？!?；;"
_SPANS = {
    "sentence": re.compile(rf"[^{SENTENCE_END}\n]+[{SENTENCE_END}]*"),
    "paragraph": re.compile(r"[^\n]+"),
}
SPAN_KINDS = tuple(_SPANS)


@dataclass
class TextUnit:
    """One article of a document: where it comes from, its text and what is known about it."""

    source: str
    article: int
    title: str
    text: str
    #: Real metadata: the columns of a manifest row (or of the record's ``metadata``).
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Metadata found in the text itself (dates, authors … of the header).
    meta: dict[str, Any] = field(default_factory=dict)
    #: Slogan texts of the article (from the record, or found by the slogan extractor); None when not asked for.
    slogans: list[str] | None = None

    def value(self, column: str) -> str:
        """A metadata value as text (``title``, ``source``, ``article`` too; ``year`` falls back on
        the year of a ``date``; '' when missing), read as the report reads it (``report.meta_value``)."""
        if column in ("source", "title", "article"):
            return str(getattr(self, column))
        from textkit.report import MISSING, meta_value

        v = meta_value({"meta": self.meta, "metadata": self.metadata}, column)
        return "" if v == MISSING else v

    def spans(self, kind: str = "sentence") -> list[tuple[int, int]]:
        """``[start, end)`` of each sentence (cut at sentence-final punctuation and line ends) or
        paragraph (a line) of the text, blank ones left out."""
        return [m.span() for m in _SPANS[kind].finditer(self.text) if m.group().strip()]


@dataclass
class Corpus:
    """The text units of the inputs and the inputs (or documents) that could not be read."""

    units: list[TextUnit] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: The inputs as given to ``read_corpus`` (recorded in the provenance of what the tools write).
    inputs: list[str] = field(default_factory=list)
    #: Source, error and provenance of each record read from an extract output (the runs that made
    #: them, summarised in ``input_runs`` of the tools' provenance); documents read directly add none.
    origins: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.units)

    def __iter__(self) -> Iterator[TextUnit]:
        return iter(self.units)

    def columns(self) -> list[str]:
        """Metadata columns worth a table column: every key of the units' real metadata (first seen
        first, ``title`` aside: it is a column of its own), and ``year`` when only dates give it."""
        keys: dict[str, None] = {}
        for u in self.units:
            keys.update(dict.fromkeys(k for k in u.metadata if k != "title"))
        if "year" not in keys and any(u.value("year") for u in self.units):
            keys["year"] = None
        return list(keys)

    def check_columns(self, columns: Iterable[str]) -> None:
        """Raise ``ValueError`` naming the columns that no unit has, and those it could use."""
        fixed = {"source", "title", "article"}
        missing = [c for c in columns if c not in fixed and not any(u.value(c) for u in self.units)]
        if missing:
            found = ", ".join(["title", *self.columns()])
            raise ValueError(f"no text has the metadata column {', '.join(missing)} (columns found: {found})")


def unit_of_record(rec: dict[str, Any]) -> TextUnit:
    """The text unit of an extract record (slogans kept when the record has them)."""
    slogans = rec.get("slogans")
    return TextUnit(
        source=str(rec.get("source") or ""),
        article=int(rec.get("article") or 0),
        title=str(rec.get("title") or ""),
        text=str(rec.get("text") or ""),
        metadata=dict(rec.get("metadata") or {}),
        meta=dict(rec.get("meta") or {}),
        slogans=[s["text"] for s in slogans if s.get("text")] if isinstance(slogans, list) else None,
    )


def read_corpus(inputs: Iterable[str], *, slogans: bool = False, progress: Callable[[int], None] | None = None) -> Corpus:
    """The text units of ``inputs`` (extract outputs and documents, in the order given). With
    ``slogans``, documents go through the slogan extractor too (records already carry theirs).
    ``progress`` is called with the number of documents read so far."""
    from textkit.io.records import is_record_file, read_records
    from textkit.provenance import record_origin

    inputs = [str(i) for i in inputs]
    corpus = Corpus(inputs=inputs)
    documents: list[str] = []
    runs: dict[str, Any] = {}
    for item in inputs:
        if is_record_file(item):
            _add_documents(corpus, documents, slogans, progress)
            documents = []
            for rec in read_records(item):
                corpus.origins.append(record_origin(rec, runs))
                if rec.get("error"):
                    corpus.errors.append(str(rec["error"]))
                elif rec.get("text") is not None:
                    corpus.units.append(unit_of_record(rec))
        else:
            documents.append(str(item))
    _add_documents(corpus, documents, slogans, progress)
    return corpus


def _add_documents(corpus: Corpus, inputs: list[str], slogans: bool, progress: Callable[[int], None] | None) -> None:
    """Read, normalise (and with ``slogans`` extract the slogans of) the documents of ``inputs``."""
    if not inputs:
        return
    from textkit.batch import iter_tasks
    from textkit.errors import InputError
    from textkit.normalization import NormalizeConfig, normalize_text

    pipe = _slogan_pipeline() if slogans else None
    for n, task in enumerate(iter_tasks(inputs), 1):
        try:
            raw = task.raw()
            articles = normalize_text(raw.text, raw.source, NormalizeConfig(meta=raw.meta))
        except InputError as exc:
            corpus.errors.append(str(exc))
            continue
        if not articles:
            corpus.errors.append(f"{task.source}: no text left after normalisation")
        for a in articles:
            found = None
            if pipe is not None:
                pipe.process_article(a)
                found = [s.text for s in a.slogans]
            corpus.units.append(TextUnit(task.source, a.index, a.title, a.text, dict(task.metadata), dict(a.meta), found))
        if progress:
            progress(n)


def _slogan_pipeline():
    """A pipeline that runs the slogan extractor only (structure, then slogans)."""
    from textkit.pipeline import Pipeline

    return Pipeline(pipes=("slogans",))
