"""A third, fresh held-out political sample of figure candidates: figures_heldout3_unlabelled.csv.

``figures_heldout.csv`` and ``figures_heldout2.csv`` have both been read while figure rules were fixed,
so neither is unseen any more. This set was drawn and labelled (``labels/figures_heldout3/``) before
any rule was changed against it. The sampler of ``sample_figures_heldout2.py`` (``draw``: same corpus,
cleaning, eligibility, per-report share by the square root of the report's length and three strata)
with a new seed (83), skipping every political sentence (by document and number, and by its text) of
figures.csv, figures_heldout.csv, figures_heldout2.csv and every clauses*.csv and slogans*.csv:

- 100 sentences with any figure candidate of ``candidates.figure_candidates``;
- 100 sentences with a Chinese-numeral candidate that has a measure word or 百分之 and no 第 before it;
- 90 sentences with a longer Chinese numeral (百分之…, 三十多万人, 一百二十二项), drawn from the sentences
  left. Heldout2's third stratum of 60 brought its Chinese-numeral figures to 96; this one was sized at
  90, before any sentence was read, to pass 100.

    python sample_figures_heldout3.py && python build_candidates.py --heldout3
    python eval_figures.py --file figures_heldout3.csv
"""

from __future__ import annotations

import csv

from candidates import CORPUS, HERE, figure_rows, write_figure_rows
from sample_figures_heldout2 import draw, taken_sentences

SEED = 83
SIZES = (100, 100, 90)  # any candidate, Chinese numeral with a measure word, longer Chinese numeral
SKIP_FILES = ("figures.csv", "figures_heldout.csv", "figures_heldout2.csv")
SKIP_GLOBS = ("clauses*.csv", "slogans*.csv")


def seen_texts(names: list[str]) -> set[str]:
    """Every political sentence (any source political*) of the files ``names``."""
    out = set()
    for name in names:
        with open(HERE / name, encoding="utf-8") as fh:
            out |= {r["sentence"] for r in csv.DictReader(fh) if r.get("source", "").startswith("political")}
    return out


def main() -> None:
    from sample_political import load

    names = list(SKIP_FILES) + sorted(p.name for g in SKIP_GLOBS for p in HERE.glob(g))
    taken = taken_sentences(tuple(names))
    texts = seen_texts(names)
    sents = draw(load(CORPUS), lambda doc, idx, text: (doc, idx) in taken or text in texts, SEED, SIZES)
    rows = figure_rows(sents)
    write_figure_rows("figures_heldout3_unlabelled.csv", rows)
    print(f"figures_heldout3_unlabelled.csv: {len(sents)} sentences, {len(rows)} candidates (skipped {len(names)} files)")


if __name__ == "__main__":
    main()
