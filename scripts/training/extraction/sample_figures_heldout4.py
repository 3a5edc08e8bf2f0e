"""A fourth, fresh held-out political sample of figure candidates: figures_heldout4_unlabelled.csv.

``figures_heldout.csv``, ``figures_heldout2.csv`` and ``figures_heldout3.csv`` have all been read for
errors, so none of them is unseen any more. This set was drawn and labelled
(``labels/figures_heldout4/``) before any rule was run or changed against it. The sampler of
``sample_figures_heldout2.py`` (``draw``: same corpus, cleaning, eligibility, per-report share by the
square root of the report's length and three strata) with a new seed (131), skipping every political
sentence (by document and number, and by its text) of figures.csv, every figures_heldout*.csv and
every clauses*.csv and slogans*.csv:

- 95 sentences with any figure candidate of ``candidates.figure_candidates``;
- 95 sentences with a Chinese-numeral candidate that has a measure word or 百分之 and no 第 before it;
- 100 sentences with a longer Chinese numeral (百分之…, 三十多万人, 一百二十二项), drawn from the sentences
  left. Sized before any sentence was read: heldout3 (100/100/90) held 142 Chinese-numeral figures in
  287 sentences; the third stratum is a little larger here because the earlier sets have thinned the
  reports' pools of longer Chinese numerals.

    python sample_figures_heldout4.py && python build_candidates.py --heldout4
    python eval_figures.py --file figures_heldout4.csv   # scored by the lead, once
"""

from __future__ import annotations

from candidates import CORPUS, HERE, figure_rows, write_figure_rows
from sample_figures_heldout2 import draw, taken_sentences
from sample_figures_heldout3 import seen_texts

SEED = 131
SIZES = (95, 95, 100)  # any candidate, Chinese numeral with a measure word, longer Chinese numeral
SKIP_GLOBS = ("figures.csv", "figures_heldout*.csv", "clauses*.csv", "slogans*.csv")
OUT = "figures_heldout4_unlabelled.csv"


def skip_names() -> list[str]:
    """The files whose political sentences are never drawn (this set's own output excluded)."""
    return sorted({p.name for g in SKIP_GLOBS for p in HERE.glob(g)} - {OUT, "figures_heldout4.csv"})


def main() -> None:
    from sample_political import load

    names = skip_names()
    taken = taken_sentences(tuple(names))
    texts = seen_texts(names)
    sents = draw(load(CORPUS), lambda doc, idx, text: (doc, idx) in taken or text in texts, SEED, SIZES)
    rows = figure_rows(sents)
    write_figure_rows(OUT, rows)
    print(f"{OUT}: {len(sents)} sentences, {len(rows)} candidates (skipped {len(names)} files)")


if __name__ == "__main__":
    main()
