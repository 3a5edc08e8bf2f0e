"""Read back the article records that ``textkit extract`` wrote, whatever the output format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def read_records(path: str | Path) -> Iterator[dict]:
    """Yield the records of an extract output (``.jsonl``); error records are included (they have ``error``)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        with p.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)
        return
    raise ValueError(f"{p}: cannot read records from {suffix or '(no suffix)'} files")
