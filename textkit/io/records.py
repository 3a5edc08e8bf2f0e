"""Read back the records that ``textkit extract`` wrote, whatever the output format.

JSONL gives the records as written; CSV, Excel, Parquet and SQLite are rebuilt from their tables
(one record per article, then the error records). CSV stores every value as text: metadata read
back from CSV are strings, and Excel cells are cut at 32,000 characters. The reader of each
format lives with its writer in ``textkit.io.outputs``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from textkit.io.outputs import OutputFormat, output_format


def _format(p: Path) -> OutputFormat:
    fmt = output_format(p)
    if fmt is None:
        raise ValueError(f"{p}: cannot read tables from {p.suffix.lower() or '(no suffix)'} files")
    return fmt


def read_tables(path: str | Path) -> tuple[dict[str, list[dict]], dict]:
    """The tables of a tabular output (``articles``, ``measures``, ``slogans``, ``figures``, ``errors``)
    and the declared kind of their columns (SQLite keeps them; other formats give ``{}``)."""
    p = Path(path)
    return _format(p).read_tables(p)


def read_records(path: str | Path) -> Iterator[dict]:
    """Yield the records of an extract output; error records are included (they have ``error``)."""
    p = Path(path)
    yield from _format(p).read_records(p)


def is_record_file(path: str | Path) -> bool:
    """Whether ``path`` is an extract output (read back with ``read_records``) rather than documents
    or a manifest of documents: databases, Parquet and Excel always; JSONL whose first record has
    extraction fields; CSV whose header has ``article_id`` (each format decides: ``OutputFormat.is_output``)."""
    p = Path(path)
    fmt = output_format(p)
    return fmt is not None and p.is_file() and fmt.is_output(p)


def read_frames(path: str | Path) -> dict:
    """The tables of any extract output (.jsonl, .csv, .xlsx, .parquet, .sqlite) as pandas DataFrames:
    ``articles``, one per item kind (``measures``, ``slogans``, ``figures``), ``errors``. List and
    dict cells (themes, expansion, metadata …) are Python lists and dicts."""
    from textkit.io.tables import frames_from_records

    return frames_from_records(read_records(path))


def convert(source: str | Path, target: str | Path) -> list[Path]:
    """Write the records of the extract output ``source`` as ``target`` in the format of its suffix
    (.jsonl, .csv, .xlsx, .parquet, .sqlite …), without extracting again and without the size limit
    of input documents; returns the files written. The records are streamed through the output's
    journal (one record in memory at a time from JSONL, SQLite and Parquet), and the output appears
    only when it is complete, as after ``textkit extract``. ValueError for a source that is not an
    extract output, an unknown target suffix, or a target that would overwrite the source."""
    from textkit.io.outputs import sibling
    from textkit.io.tables import TABLES
    from textkit.io.writers import Output, UnfinishedRun, check_output, dumps

    src, dst = Path(source), Path(target)
    if not src.is_file():
        raise ValueError(f"{src}: no such file")
    check_output(str(dst))
    if not is_record_file(src):
        raise ValueError(f"{src}: not an output of textkit extract (.jsonl, .csv, .xlsx, .parquet, .sqlite)")
    written = {dst, *(sibling(dst, t) for t in TABLES)} if output_format(dst).file_per_table else {dst}
    if any(p.exists() and p.resolve() == src.resolve() for p in written):
        raise ValueError(f"{dst}: converting would overwrite the source {src}; choose another output")
    out = Output(str(dst))
    out.lock()
    try:
        try:
            out.open()
        except UnfinishedRun:
            raise ValueError(
                f"{dst}: an unfinished textkit run on this output has a journal ({out.journal}); finish it with --resume, "
                "start it over with --fresh, or convert to another output"
            ) from None
        try:
            for rec in read_records(src):
                out.write([dumps(rec)], rec.get("source", ""), rec.get("doc_id", ""))
            return out.finish()
        except BaseException:
            out.close()
            out.journal.unlink(missing_ok=True)  # a conversion is run again from its source: no journal to resume
            out.index.unlink(missing_ok=True)
            raise
    finally:
        out.unlock()
