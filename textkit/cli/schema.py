"""``textkit schema``: what every field of the records and every column of the tables means."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer


class SchemaName(StrEnum):
    record = "record"
    error = "error"


def schema(
    name: Annotated[SchemaName, typer.Argument(help="With --json: the article record or the error record.")] = SchemaName.record,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON Schema (draft 2020-12) of a JSONL line instead.")] = False,
) -> None:
    """The output schema as Markdown (docs/schema.md), or as JSON Schema with --json."""
    from textkit.schema import json_schema, markdown

    if as_json:
        typer.echo(json.dumps(json_schema(name.value), ensure_ascii=False, indent=2))
    else:
        typer.echo(markdown(), nl=False)
