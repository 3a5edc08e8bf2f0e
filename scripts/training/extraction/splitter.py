"""Sentence and clause splitter shared by sample_political.py and split_written.py.

- A paragraph is a line of text. A sentence ends at 。！？ (full or half width), together with
  any closing quotes or brackets that follow; a line without final punctuation (a title or a
  heading) is one sentence.
- A clause ends at ，；。！？： (full width, and the half-width , ; : ! ? except between two
  digits, as in 1,200 or 10:30; a full-width comma used as a thousands separator, as in
  3，500万吨, does not cut either). Clauses are cut everywhere, inside quotation marks too, as
  textkit's measure extractor cuts them; the clause text is kept without its punctuation.
"""

from __future__ import annotations

import re

_SENT_END = "。！？!?"
_CLOSERS = "”’」』）)】》"
_SENT_RE = re.compile(f"[^{_SENT_END}]*(?:[{_SENT_END}]+[{_CLOSERS}]*|$)")
_CLAUSE_RE = re.compile(r"(?!(?<=\d)[，,]\d{3}(?!\d))[，；。！？：]|(?<!\d)[,;:!?]|[,;:!?](?!\d)")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def sentences(paragraph: str) -> list[str]:
    out = []
    for m in _SENT_RE.finditer(paragraph):
        s = m.group(0).strip()
        if s and not re.fullmatch(f"[{_SENT_END}{_CLOSERS}\\s]*", s):
            out.append(s)
    return out


def clauses(sentence: str) -> list[str]:
    parts = _CLAUSE_RE.split(sentence)
    out = [p.strip() for p in parts]
    return [p for p in out if p and not re.fullmatch(f"[{_CLOSERS}\\s]*", p)]
