"""A held-out political sample of figure candidates: figures_heldout_unlabelled.csv.

The sampler of ``candidates.py`` (figure sentences only, share per report by the square root of its
length) with another seed, skipping every political sentence already in figures.csv, clauses.csv or
clauses2.csv. Its labels (labels/figures_heldout/*.lab) were written before the figure rules were
tuned against any error in it; it measures figures on political reports the rules were not read on:

    python sample_figures_heldout.py && python build_candidates.py --heldout
    python eval_figures.py --file figures_heldout.csv
"""

from __future__ import annotations

from candidates import figure_rows, political_sentences, write_figure_rows

SEED = 31
SENTENCES = 180


def main() -> None:
    sents = political_sentences(seed=SEED, n_figures=SENTENCES, n_slogans=0, skip_files=("figures.csv", "clauses.csv", "clauses2.csv"))
    rows = figure_rows(sents)
    write_figure_rows("figures_heldout_unlabelled.csv", rows)
    print(f"figures_heldout_unlabelled.csv: {len(sents)} sentences, {len(rows)} candidates")


if __name__ == "__main__":
    main()
