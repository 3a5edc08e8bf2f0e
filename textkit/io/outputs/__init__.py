"""Output formats of ``textkit extract``, chosen by the output's suffix.

One module per format holds its writer and its reader side by side (``jsonl``, ``csv``,
``xlsx``, ``parquet``, ``sqlite``); each registers itself with ``@register_output(SUFFIX, …)``
in ``FORMATS`` (``base``). To add a format, write a module with a ``TableFormat`` or
``OutputFormat`` subclass and register it, then import the module below (or anywhere before
the output is written: a format registered by your own code is used the same way).
"""

from textkit.io.outputs import csv, jsonl, parquet, sqlite, xlsx  # noqa: F401  (register the shipped formats)
from textkit.io.outputs.base import (
    FORMATS,
    Files,
    OutputFormat,
    TableFormat,
    json_lines,
    output_format,
    register_output,
    sibling,
    table_rows,
)

__all__ = [
    "FORMATS",
    "Files",
    "OutputFormat",
    "TableFormat",
    "json_lines",
    "output_format",
    "register_output",
    "sibling",
    "table_rows",
]
