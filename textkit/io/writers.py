"""Record writers. Output goes to a temporary file renamed into place when the run ends, so a killed
run never leaves a half-written file that looks complete."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def _default(obj: Any):
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if hasattr(obj, "item"):
        return obj.item()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, default=_default)


class JsonlWriter:
    """Writes one JSON object per line to ``path`` (``-`` for standard output)."""

    suffixes = (".jsonl", ".ndjson", ".json")

    def __init__(self, path: str | os.PathLike, *, append: bool = False):
        self.path = str(path)
        self._fh = None
        self._tmp = None
        self.append = append

    def __enter__(self) -> JsonlWriter:
        if self.path == "-":
            import sys

            self._fh = sys.stdout
            return self
        target = Path(self.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
        self._fh = os.fdopen(fd, "w", encoding="utf-8")
        if self.append and target.exists():
            with target.open(encoding="utf-8") as old:
                for line in old:
                    if line.strip():
                        self._fh.write(line if line.endswith("\n") else line + "\n")
        return self

    def write(self, record: dict) -> None:
        self._fh.write(dumps(record) + "\n")

    def flush(self) -> None:
        self._fh.flush()

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.path == "-":
            self._fh.flush()
            return
        self._fh.close()
        os.replace(self._tmp, self.path)


WRITERS = {s: JsonlWriter for s in JsonlWriter.suffixes}


def open_writer(path: str, **kwargs):
    """The writer for ``path``'s suffix; raise ValueError for an unknown one."""
    if path == "-":
        return JsonlWriter(path)
    suffix = Path(path).suffix.lower()
    if suffix not in WRITERS:
        raise ValueError(f"unsupported output format {suffix or '(none)'}: use one of {', '.join(sorted(WRITERS))}")
    return WRITERS[suffix](path, **kwargs)
