"""Main-theme accuracy of a theme model on the measures of the clause-labelled reports.

    python scripts/training/eval_themes_clauses.py [--model M.skops]

The clause files of ``scripts/training/extraction`` (``clauses*.csv``) label every clause of a
sentence; a measure is a run of ``measure`` clauses of one sentence, a new one starting at each
``begins=1``, with its main theme on its clauses. Each measure is the stretch of its sentence from
its first clause to its last, read by the model alone (``own``) and in its sentence (``context``,
as the pipeline reads it). None of these sentences is in the theme training set. Three sets: the
political reports and the written reports of ``clauses.csv`` and ``clauses2.csv``, and the written
reports of the later files.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent / "extraction"
SETS = {
    "written": ("clauses.csv", "clauses2.csv"),
    "political": ("clauses.csv", "clauses2.csv"),
    "written, later files": ("clauses3.csv", "clauses4.csv", "clauses5.csv"),
}


@dataclass
class LabelledMeasure:
    """A measure of a clause-labelled sentence: its clauses, sentence, main theme and document."""

    source: str
    doc: str
    sentence: str
    theme: str
    clauses: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The stretch of the sentence from the first clause to the last (the clauses joined when not found)."""
        first, last = self.clauses[0], self.clauses[-1]
        a = self.sentence.find(first)
        b = self.sentence.find(last, max(a, 0))
        if a < 0 or b < 0:
            return "，".join(self.clauses)
        return self.sentence[a : b + len(last)]


def read_measures(path: Path) -> list[LabelledMeasure]:
    """The measures with a theme in one clause file."""
    out: list[LabelledMeasure] = []
    current: LabelledMeasure | None = None
    key = None
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            here = (row["source"], row["doc"], row["sent"])
            if row["label"] != "measure":
                current = None
                continue
            if current is None or row["begins"] == "1" or here != key:
                current = LabelledMeasure(row["source"], row["doc"], row["sentence"], row["theme"].strip(), [row["clause"]])
                out.append(current)
            else:
                current.clauses.append(row["clause"])
            key = here
    return [m for m in out if m.theme]


def measure_sets(folder: Path = HERE) -> dict[str, list[LabelledMeasure]]:
    """The three evaluation sets (see the module docstring)."""
    out = {}
    for name, files in SETS.items():
        measures = [m for f in files if (folder / f).exists() for m in read_measures(folder / f)]
        political = [m for m in measures if m.source == "political"]
        out[name] = political if name == "political" else [m for m in measures if m.source != "political"]
    return out


def accuracy(model, measures: list[LabelledMeasure], *, context: bool, lead_in: bool = True) -> float:
    """Share of measures whose predicted main theme is the labelled one (read as the pipeline reads
    them: after a lead-in clause just before them, unless ``lead_in`` is false)."""
    from textkit.themes import theme_text

    if not measures:
        return 0.0
    texts = [theme_text(m.text, m.sentence) if lead_in else m.text for m in measures]
    probs, ovr = model.scores(texts, contexts=[m.sentence for m in measures] if context else None)
    themes = model.decide(probs, ovr)
    return sum(t[0] == m.theme for t, m in zip(themes, measures)) / len(measures)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="theme model (default: the shipped one)")
    args = ap.parse_args(argv)
    from textkit.themes import load_model

    model = load_model(args.model)
    for name, measures in measure_sets().items():
        docs = len({(m.source, m.doc) for m in measures})
        print(
            f"{name:22s} {len(measures):5d} measures of {docs:3d} documents: main-theme accuracy "
            f"{accuracy(model, measures, context=True):.3f} in context, {accuracy(model, measures, context=False):.3f} alone"
            f" (without lead-ins: {accuracy(model, measures, context=True, lead_in=False):.3f} in context)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
