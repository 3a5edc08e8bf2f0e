"""A held-out political sample of figure candidates: figures_heldout_unlabelled.csv.

The sampler of ``candidates.py`` (figure sentences only, share per report by the square root of its
length) with another seed, skipping every political sentence already in figures.csv, clauses.csv or
clauses2.csv. Its labels (labels/figures_heldout/*.lab) were written before the figure rules were
tuned against any error in it; it measures figures on political reports the rules were not read on:

    python sample_figures_heldout.py && python build_candidates.py --heldout
    python eval_figures.py --file figures_heldout.csv
"""

from __future__ import annotations

import csv

from candidates import FIG_FIELDS, HERE, figure_candidates, parse_figure, political_sentences

SEED = 31
SENTENCES = 180


def main() -> None:
    sents = political_sentences(seed=SEED, n_figures=SENTENCES, n_slogans=0, skip_files=("figures.csv", "clauses.csv", "clauses2.csv"))
    rows = [
        {**s, "cand_start": a, "cand_end": b, "cand_text": t, **parse_figure(t)}
        for s in sents
        for a, b, t in figure_candidates(s["sentence"])
    ]
    with open(HERE / "figures_heldout_unlabelled.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, FIG_FIELDS)
        w.writeheader()
        w.writerows(rows)
    print(f"figures_heldout_unlabelled.csv: {len(sents)} sentences, {len(rows)} candidates")


if __name__ == "__main__":
    main()
