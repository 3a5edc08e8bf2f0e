"""Shipped data files, loaded once per process."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from textkit.segmentation import data_path, pos_tokenizer, tokenizer


@lru_cache(maxsize=1)
def numeric_idioms() -> frozenset[str]:
    """Fixed expressions with numerals that are never figures (千家万户, 最后一公里 …)."""
    with data_path("numeric_idioms.txt").open(encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """Part-of-speech tag of each dictionary word (jieba's tag set, lexicon tags included)."""
    pt = pos_tokenizer()
    pt.lcut("初始化")  # makes posseg merge the user dictionary's tags
    tags = dict(pt.word_tag_tab)
    tags.update(getattr(tokenizer(), "user_word_tag_tab", {}))
    return tags


def read_slogan_file(path: str | Path) -> list[tuple[str, str]]:
    """Read a slogan lexicon: TSV with ``text`` and ``kind`` columns (kind optional: motto)."""
    rows: list[tuple[str, str]] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        for i, row in enumerate(reader):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            if i == 0 and row[0].strip().lower() == "text":
                continue
            kind = row[1].strip() if len(row) > 1 and row[1].strip() else "motto"
            rows.append((row[0].strip(), kind))
    return rows


@lru_cache(maxsize=8)
def slogan_lexicon(extra: str | None = None) -> tuple[tuple[str, str], ...]:
    """The shipped slogan lexicon plus an optional user file."""
    rows = read_slogan_file(data_path("slogans.tsv"))
    if extra:
        rows += read_slogan_file(extra)
    seen: dict[str, str] = {}
    for text, kind in rows:
        seen.setdefault(text, kind)
    return tuple(seen.items())
