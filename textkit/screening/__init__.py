"""Screen submissions: a verdict (通过 / 需复核 / 退回) with its reasons, substance scores, flags with Chinese reasons, and near-duplicates.

One module per concept:

* ``duplicates``: shared passages (passage index of rare shingles, stock phrases, who copied whom);
* ``substance``: substance scores, and ``is_substantive`` (concrete *for screening*; the module
  docstring tells it apart from the extractor's ``Measure.concrete``);
* ``flags``: the rules that raise flags, with their Chinese messages (``data/labels.tsv``);
* ``reference``: the reference corpus, read into the passage index;
* ``run``: ``screen_documents`` / ``screen`` over submissions, and ``ranked``;
* ``verdict``: the verdict of a submission from its flags, copied share and score;
* ``config``: ``ScreenConfig``, the thresholds and verdict rules, and ``load_config`` for a department's
  TOML file (``data/screening.toml`` documents every key); ``xlsx`` and ``html``: the sheet and the pages.

    >>> results = screen(["submissions/"], reference=["templates/", "last_year.jsonl"])
    >>> results[0]["verdict"]["label"], results[0]["score"], results[0]["flags"], results[0]["duplicates"]
"""

from __future__ import annotations

from textkit.screening.config import ScreenConfig, load_config
from textkit.screening.run import Screening, rank_key, ranked, screen, screen_documents

__all__ = ["ScreenConfig", "Screening", "load_config", "rank_key", "ranked", "screen", "screen_documents"]
