"""JSON lines (``.jsonl``, ``.ndjson``, ``.json``): the records as the run wrote them, one per line.

The journal already is the output: finishing a run renames it into place.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from textkit.io.outputs.base import Files, OutputFormat, json_lines, register_output

#: Record fields that only extract outputs have (a manifest's rows have none of them).
RECORD_FIELDS = {"measures", "slogans", "figures", "themes", "error"}


@register_output(".jsonl", ".ndjson", ".json")
class JsonLines(OutputFormat):
    """One JSON object per line: every article record, then nothing else (error records among them)."""

    def write(self, journal: Path, target: Path, files: Files) -> None:
        files.rename(journal, target)

    def read_records(self, path: Path) -> Iterator[dict]:
        yield from json_lines(path)

    def is_output(self, path: Path) -> bool:
        """An extract output when its first record has extraction fields (else it is a manifest)."""
        with path.open(encoding="utf-8-sig", errors="replace") as fh:
            first = next((line for line in fh if line.strip()), "")
        try:
            rec = json.loads(first)
        except json.JSONDecodeError:
            return False
        return isinstance(rec, dict) and bool(RECORD_FIELDS & set(rec))
