"""The reference corpus of a screening (known templates, last year's submissions), read into the passage index."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from textkit.io.records import is_record_file
from textkit.screening.config import ProgressFn, ScreenConfig
from textkit.screening.duplicates import PassageIndex, fingerprint

Text = tuple[str, str, str]  # source, title, normalised text


def raw_text(task):
    """The text of a batch task, with a manifest row's metadata merged into its meta."""
    raw = task.raw()
    raw.meta = {**raw.meta, **task.metadata}
    return raw


def iter_reference_texts(inputs: Iterable[str], errors: list[str] | None = None) -> Iterator[Text]:
    """``(source, title, normalised text)`` of each reference document. Files, folders and manifests
    are read and normalised (no extraction); extract outputs (``.jsonl``, ``.sqlite`` …) are read
    back with ``read_records``. Unreadable inputs are appended to ``errors`` and skipped."""
    errors = errors if errors is not None else []
    for item in inputs:
        if is_record_file(item):
            yield from _record_file_texts(item, errors)
        else:
            yield from _document_texts(item, errors)


def _record_file_texts(item: str, errors: list[str]) -> Iterator[Text]:
    try:
        yield from _record_texts(Path(item))
    except (OSError, ValueError, KeyError) as exc:
        errors.append(f"{item}: {exc}")


def _document_texts(item: str, errors: list[str]) -> Iterator[Text]:
    """Files, folders and manifests: read and normalised, one text per document."""
    from textkit.batch import iter_tasks
    from textkit.errors import InputError
    from textkit.normalization import normalize_text

    for task in iter_tasks([item]):
        try:
            arts = normalize_text(raw_text(task).text, task.source)
        except InputError as exc:
            errors.append(str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - a bad reference file must not stop the batch
            errors.append(f"{task.source}: {type(exc).__name__}: {exc}")
            continue
        if arts:
            yield task.source, arts[0].title, "\n".join(a.text for a in arts)


def _record_texts(path: Path) -> Iterator[Text]:
    """Extract records grouped by source: one text per document, in simplified script."""
    from textkit.io.records import read_records
    from textkit.normalization.script import to_simplified

    source, title, texts = None, "", []
    for rec in read_records(path):
        if rec.get("error") or not rec.get("text"):
            continue
        if rec.get("source") != source:
            if source is not None and texts:
                yield source, title, "\n".join(texts)
            source, title, texts = rec.get("source"), rec.get("title") or "", []
        texts.append(to_simplified(rec["text"])[0])  # in case it was written in traditional script
    if source is not None and texts:
        yield source, title, "\n".join(texts)


def index_references(
    index: PassageIndex, inputs: Iterable[str], cfg: ScreenConfig, progress: ProgressFn | None = None, errors: list[str] | None = None
) -> dict[int, Text]:
    """Add the reference corpus to ``index``; ``{key: (source, title, text)}`` of the documents added
    (only the text is kept: fingerprints are recomputed on demand to save memory)."""
    added: dict[int, Text] = {}
    for n, (source, title, text) in enumerate(iter_reference_texts(inputs, errors), 1):
        key = index.add(fingerprint(text, source, title, cfg.shingle, simplified=True), "reference")
        if key is not None:
            added[key] = (source, title, text)
        if progress:
            progress("reference", n, 0)
    return added
