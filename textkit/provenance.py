"""What produced an output: textkit version, model and lexicon hashes, options and run time.

``textkit extract`` (``textkit.batch.process_to``) adds the same ``provenance`` field to every
record it writes, so that JSONL records, table rows (an ``articles`` column) and stores can be
tied to the code, models and options that made them.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from textkit.batch import BatchConfig

#: Hex digits kept of each SHA-256 (enough to tell files apart, short enough to read).
SHORT = 12


@lru_cache(maxsize=16)
def _file_sha256(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:SHORT]


def file_hash(path: str | Path) -> str | None:
    """Short SHA-256 of a file (cached per path, size and modification time); None when it is absent."""
    p = Path(path)
    if not p.is_file():
        return None
    st = p.stat()
    return _file_sha256(str(p.resolve()), st.st_size, st.st_mtime_ns)


def lexicon_hash(extra: str | None = None) -> str:
    """Short SHA-256 of the slogan lexicon in use (the shipped list plus the user's file)."""
    from textkit.resources import slogan_lexicon

    text = json.dumps(slogan_lexicon(extra), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:SHORT]


def run_time() -> str:
    """Now (UTC, ISO 8601 to the second), or the time in ``SOURCE_DATE_EPOCH`` when it is set."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return when.isoformat(timespec="seconds")


def provenance(config: BatchConfig, started: datetime | None = None) -> dict[str, Any]:
    """The provenance of a run with ``config`` started at ``started`` (default: now, UTC; or the time
    in ``SOURCE_DATE_EPOCH`` when it is set, the reproducible-builds convention, so that two runs
    give byte-identical outputs)."""
    import os

    import textkit

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if started is None and epoch.isdigit():
        started = datetime.fromtimestamp(int(epoch), UTC)
    when = (started or datetime.now(UTC)).isoformat(timespec="seconds")
    prov: dict[str, Any] = {"textkit": textkit.__version__, "run_started": when, "mode": config.mode, "script": config.script}
    if config.mode == "extract":
        from textkit.components import DEFAULT_PIPELINE
        from textkit.model_files import shipped_model
        from textkit.scoring import THEME_MODEL_FILE
        from textkit.slogan_model import MODEL_FILE as SLOGAN_MODEL_FILE

        theme_model = Path(config.model) if config.model else shipped_model(THEME_MODEL_FILE)
        prov |= {
            "pipes": list(config.pipes or DEFAULT_PIPELINE),
            "theme_model": theme_model.name,
            "theme_model_sha256": file_hash(theme_model),
            "slogan_model_sha256": file_hash(shipped_model(SLOGAN_MODEL_FILE)),
            "slogan_lexicon": Path(config.slogans).name if config.slogans else None,
            "slogan_lexicon_sha256": lexicon_hash(config.slogans),
            "structure": config.structure,
        }
        if config.coding:
            from textkit.batch import coding_for

            prov |= coding_for(config.coding).provenance()
    elif config.mode == "segment":
        prov["pos"] = config.pos
    if config.offset_map:
        prov["offset_map"] = True
    return prov


def add_to_line(line: str, field_json: str) -> str:
    """A JSON-object line with ``"provenance": FIELD`` appended (its other fields unchanged, in order)."""
    body = line.rstrip()
    if not body.endswith("}"):
        return line
    return f'{body[:-1]}{", " if body != "{}" else ""}"provenance": {field_json}}}'
