"""The server's caching pipeline: an upload screened again is not extracted again, in batches too."""

from __future__ import annotations

import pytest

from textkit.io.readers import RawText
from textkit.pipeline import get_pipeline
from textkit.serve.screener import CachingPipeline

from ..conftest import REPORT_SIMPLIFIED, REPORT_TRADITIONAL


class _Counting:
    """A pipeline that notes the sources it processes; ``炸`` in a text makes its document fail."""

    def __init__(self) -> None:
        self.inner = get_pipeline()
        self.seen: list[str] = []

    def pipe(self, raws):
        self.seen += [r.source for r in raws]
        return [ValueError("boom") if "炸" in r.text else doc for r, doc in zip(raws, self.inner.pipe(raws))]


def _raw(source: str, text: str) -> RawText:
    return RawText(source, text, "utf-8", content_hash=f"hash-{len(text)}-{source}")


def test_documents_processed_once_are_served_from_the_cache():
    counting = _Counting()
    cache = CachingPipeline(counting)
    first = cache.pipe([_raw("a.txt", REPORT_SIMPLIFIED), _raw("b.txt", REPORT_TRADITIONAL)])
    assert counting.seen == ["a.txt", "b.txt"] and first[1].articles[0].measures
    again = cache.pipe([_raw("b.txt", REPORT_TRADITIONAL), _raw("c.txt", REPORT_SIMPLIFIED)])
    assert counting.seen == ["a.txt", "b.txt", "c.txt"]  # only the new one
    assert again[0] is first[1]
    assert cache.process_raw(_raw("a.txt", REPORT_SIMPLIFIED)) is first[0]
    cache.forget()
    cache.process_raw(_raw("a.txt", REPORT_SIMPLIFIED))
    assert counting.seen[-1] == "a.txt"


def test_a_failed_document_is_not_kept():
    counting = _Counting()
    cache = CachingPipeline(counting)
    bad = _raw("bad.txt", REPORT_SIMPLIFIED + "\n炸")
    (doc,) = cache.pipe([bad])
    assert isinstance(doc, ValueError)
    with pytest.raises(ValueError, match="boom"):
        cache.process_raw(bad)
    assert counting.seen == ["bad.txt", "bad.txt"]
