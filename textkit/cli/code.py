"""``textkit code``: apply a coding dictionary to extract outputs or documents, without extracting."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from textkit.cli.options import EXIT_ALL_FAILED, AllowOutsidePaths, Quiet, exit_for_failures
from textkit.cli.progress import StageBars

TABLE_SUFFIXES = (".csv", ".xlsx", ".jsonl")


def code(
    dictionary: Annotated[Path, typer.Argument(help="Coding dictionary: .toml, or a text file of *category lines and terms.")],
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Extract outputs (.jsonl, .sqlite, .csv, .xlsx, .parquet), or files, folders and manifests.", show_default=False
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help="Table: .csv (UTF-8 with BOM), .xlsx or .jsonl; '-' for CSV on standard output.")
    ] = "-",
    unit: Annotated[str, typer.Option("--unit", help="One row per document (its articles added up) or per article.")] = "document",
    matches: Annotated[
        Path | None,
        typer.Option(
            "--matches", help="Also write every match with its context (.csv, .xlsx or .jsonl), to check what each category codes."
        ),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Processes for documents that need normalising.", min=1)] = 1,
    allow_outside_paths: AllowOutsidePaths = False,
    quiet: Quiet = False,
) -> None:
    """Count a coding dictionary's categories in every document: a document × category table with metadata.

    Extract outputs are read back (no re-extraction); documents, folders and manifests are only
    normalised. Columns: source, title, metadata, articles, chars, categories (how many were
    coded) and code_CATEGORY (matches of each category). --matches lists every match in context.
    The provenance (dictionary hash, options, inputs and the extract runs behind them) is the sheet
    provenance of an .xlsx file, NAME.provenance.json beside a .csv or .jsonl file.
    """
    from textkit.coding import CodingDictionary, code_provenance, coding_table, iter_records
    from textkit.errors import TextkitError

    if unit not in ("document", "article"):
        typer.echo(f"error: --unit must be document or article, not {unit!r}", err=True)
        raise typer.Exit(2)
    for path in (output, str(matches) if matches else "-"):
        if path != "-" and Path(path).suffix.lower() not in TABLE_SUFFIXES:
            typer.echo(f"error: {path}: the output must end in {', '.join(TABLE_SUFFIXES)} (or be '-')", err=True)
            raise typer.Exit(2)
    started = time.perf_counter()
    try:
        coding = CodingDictionary.load(dictionary)
    except TextkitError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    origins: list[dict[str, Any]] = []
    with StageBars(quiet) as bars:
        try:
            records = iter_records(inputs, workers=workers, progress=lambda n, total: bars("documents", n, total), origins=origins)
            if matches:
                records = list(records)
            rows = coding_table(records, coding, unit=unit)
        except (OSError, ValueError, TextkitError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    if not rows:
        typer.echo("no input records", err=True)
        raise typer.Exit(EXIT_ALL_FAILED)
    prov = code_provenance(coding, inputs, {"unit": unit, "matches": bool(matches)}, origins)
    write_table(rows, output, prov)
    if matches:
        from textkit.coding import MATCH_COLUMNS, match_rows

        write_table(list(match_rows(records, coding)) or [dict.fromkeys(MATCH_COLUMNS)], str(matches), prov)
    failed = sum(1 for r in rows if r.get("error"))
    if not quiet:
        coded = sum(1 for r in rows if r["categories"])
        typer.echo(
            f"{len(rows)} {unit}s, {len(coding.names)} categories, {coded} coded, {failed} failed; "
            f"{time.perf_counter() - started:.1f} s → {output}",
            err=True,
        )
    exit_for_failures(failed, len(rows) - failed)


def write_table(rows: list[dict[str, Any]], output: str, provenance: dict[str, Any] | None = None) -> None:
    """The rows as CSV (standard output for '-'), XLSX (bold frozen header, filters, widths) or JSON lines;
    ``provenance`` goes to the sheet ``provenance`` of XLSX, to ``NAME.provenance.json`` beside a file of
    another format (none on standard output)."""
    import csv
    import sys

    from textkit.io.tables import spreadsheet_safe
    from textkit.provenance import write_sidecar

    fields = list(dict.fromkeys(k for r in rows for k in r))
    suffix = Path(output).suffix.lower() if output != "-" else ""
    if suffix in ("", ".csv") and output == "-":
        w = csv.writer(sys.stdout)
        w.writerow([spreadsheet_safe(f) for f in fields])
        w.writerows([spreadsheet_safe(r.get(f)) for f in fields] for r in rows)
        return
    if suffix == ".csv":
        from textkit.report import write_csv

        write_csv(rows, Path(output))
        if provenance:
            write_sidecar(output, provenance)
        return
    from textkit.io.writers import atomic_path

    if suffix == ".jsonl":
        from textkit.io.writers import dumps

        with atomic_path(output) as tmp, tmp.open("w", encoding="utf-8") as fh:
            fh.writelines(dumps(r) + "\n" for r in rows)
        if provenance:
            write_sidecar(output, provenance)
        return
    from textkit.corpus.export import write_xlsx

    write_xlsx(rows, fields, output, "codes", provenance)
