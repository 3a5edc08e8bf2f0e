"""A toy output format, registered from the tests folder: one tab-separated line per record
(source, article, title, number of measures) — what a user's own format module looks like."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from textkit.io.outputs import Files, OutputFormat, json_lines, register_output


@register_output(".toy")
class ToyLines(OutputFormat):
    """``source<TAB>article<TAB>title<TAB>measures`` per article; error records as ``source<TAB>error``."""

    def write(self, journal: Path, target: Path, files: Files) -> None:
        with files.new(target).open("w", encoding="utf-8") as fh:
            for rec in json_lines(journal):
                if "error" in rec:
                    fh.write(f"{rec['source']}\t!{rec['error']}\n")
                else:
                    fh.write(f"{rec['source']}\t{rec['article']}\t{rec['title']}\t{len(rec['measures'])}\n")

    def read_records(self, path: Path) -> Iterator[dict]:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                source, *rest = line.rstrip("\n").split("\t")
                if rest[0].startswith("!"):
                    yield {"source": source, "error": rest[0][1:]}
                else:
                    yield {"source": source, "article": int(rest[0]), "title": rest[1], "n_measures": int(rest[2])}
