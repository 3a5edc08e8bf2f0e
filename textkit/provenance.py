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


# --------------------------------------------------------------------------- corpus tools and code

#: The commands whose outputs carry a tool provenance (``collocates`` is ``textkit freq --collocate``).
TOOL_COMMANDS = ("kwic", "freq", "collocates", "dtm", "network", "code")
#: Name of the provenance sheet of an XLSX output, and suffix of the sidecar file of other outputs.
PROVENANCE_SHEET = "provenance"
SIDECAR_SUFFIX = ".provenance.json"


def tool_provenance(
    command: str,
    options: dict[str, Any],
    inputs: Any,
    *,
    records: Any = None,
    coding: Any = None,
) -> dict[str, Any]:
    """The provenance of an output of a corpus tool or of ``textkit code``: ``textkit`` version,
    ``created`` (now, UTC; or ``SOURCE_DATE_EPOCH``), ``command``, ``options`` (keyword → value, as
    the API takes them), ``inputs`` (as given) and ``input_runs``: the extract runs that produced the
    ``records`` read from extract outputs (each a record, or its source, error and provenance),
    summarised as the report's ``provenance.csv`` (``textkit.report.provenance_runs``); empty when
    every input is a document. ``coding`` (a ``CodingDictionary``) adds its name, hash and size."""
    import textkit
    from textkit.report import provenance_runs

    if isinstance(inputs, str | Path):
        inputs = [inputs]
    prov: dict[str, Any] = {
        "textkit": textkit.__version__,
        "created": run_time(),
        "command": command,
        "options": {k: _plain(v) for k, v in options.items()},
        "inputs": [str(i) for i in inputs or []],
        "input_runs": provenance_runs(records) if records else [],
    }
    if coding is not None:
        prov |= coding.provenance()
    return prov


def record_origin(rec: dict[str, Any], runs: dict[str, Any]) -> dict[str, Any]:
    """The source, error and provenance of a record (equal provenance dicts shared through ``runs``, so
    that a large store keeps one per run)."""
    prov = rec.get("provenance")
    if isinstance(prov, dict):
        prov = runs.setdefault(json.dumps(prov, sort_keys=True, ensure_ascii=False), prov)
    return {"source": rec.get("source"), "error": rec.get("error"), "provenance": prov}


def _plain(value: Any) -> Any:
    """An option value as JSON has it (tuples and sets as lists, paths as text)."""
    if isinstance(value, tuple | list | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def word_list_option(words: Any) -> dict[str, Any] | None:
    """How the options record a list of words (added stop words): how many, and their short SHA-256."""
    if not words:
        return None
    unique = sorted(set(words))
    return {"words": len(unique), "sha256": hashlib.sha256("\n".join(unique).encode("utf-8")).hexdigest()[:SHORT]}


def provenance_items(prov: dict[str, Any]) -> list[tuple[str, Any]]:
    """The provenance as key/value pairs with scalar values (lists and dicts as JSON text): the rows of
    the ``provenance`` sheet and the graph attributes of a GraphML file."""
    return [(k, json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v) for k, v in prov.items()]


def sidecar_path(output: str | Path) -> Path:
    """Where the provenance of ``output`` goes when its format has no place for it: ``NAME.provenance.json``
    beside it (``hits.csv`` → ``hits.provenance.json``; one for the files of a document-term matrix)."""
    p = Path(output)
    return p.with_name(p.with_suffix("").name + SIDECAR_SUFFIX)


def write_sidecar(output: str | Path, prov: dict[str, Any]) -> Path:
    """Write ``prov`` as ``NAME.provenance.json`` beside ``output`` (UTF-8, indented); returns its path."""
    from textkit.io.writers import atomic_path

    path = sidecar_path(output)
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(prov, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_sidecar(output: str | Path) -> dict[str, Any] | None:
    """The provenance written beside ``output`` (``write_sidecar``); None when there is none."""
    path = sidecar_path(output)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def add_provenance_sheet(workbook: Any, prov: dict[str, Any]) -> None:
    """Add the sheet ``provenance`` (columns key, value; one row per key) to an openpyxl workbook."""
    from openpyxl.styles import Font

    from textkit.io.tables import spreadsheet_safe

    ws = workbook.create_sheet(PROVENANCE_SHEET)
    ws.append(["key", "value"])
    for key, value in provenance_items(prov):
        ws.append([key, spreadsheet_safe(value)])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 100
    ws.freeze_panes = "A2"


def read_provenance_sheet(path: str | Path) -> dict[str, Any] | None:
    """The ``provenance`` sheet of an XLSX output as a dict (JSON text decoded); None when it has none."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        if PROVENANCE_SHEET not in wb.sheetnames:
            return None
        rows = list(wb[PROVENANCE_SHEET].iter_rows(min_row=2, values_only=True))
    finally:
        wb.close()
    return {str(k): _decoded(v) for k, v, *_ in rows}


def _decoded(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def read_output_provenance(output: str | Path) -> dict[str, Any] | None:
    """The provenance of an output of a corpus tool or of ``textkit code``: the ``provenance`` sheet of
    an XLSX file, the graph attributes of a GraphML file, the ``<meta>`` description of a GEXF file, or
    the sidecar ``NAME.provenance.json`` of any other (CSV, JSONL, Matrix Market, Parquet). None when absent."""
    p = Path(output)
    suffix = p.suffix.lower()
    if suffix == ".xlsx":
        return read_provenance_sheet(p)
    if suffix == ".graphml":
        import networkx as nx

        attrs = nx.read_graphml(p).graph
        return {k: _decoded(attrs[k]) for k in attrs if k not in ("node_default", "edge_default", "within")} or None
    if suffix == ".gexf":
        from xml.etree import ElementTree

        for el in ElementTree.parse(p).getroot().iter():
            if el.tag.rsplit("}", 1)[-1] == "description" and el.text:
                return json.loads(el.text)
        return None
    return read_sidecar(p)
