"""A second, fresh held-out political sample of figure candidates: figures_heldout2_unlabelled.csv.

``figures_heldout.csv`` has been read while figure rules were fixed, so it is no longer unseen. This
set was drawn and labelled before any rule was changed against it. Same corpus, cleaning, eligibility
(body sentences of 10-220 characters, headings up to 40) and per-report share (square root of the
report's length) as ``sample_figures_heldout.py``, another seed (47), skipping every political
sentence of figures.csv, figures_heldout.csv, clauses.csv and clauses2.csv. Two strata, so that the
set holds enough Chinese numerals (most modern reports write figures in Arabic):

- 100 sentences with any figure candidate of ``candidates.figure_candidates``;
- 100 sentences with a Chinese-numeral candidate that has a measure word or 百分之 and no 第 before
  it (the generator's shape only: no textkit rule chose them), drawn from the sentences left;
- 60 sentences with a longer Chinese numeral (百分之…, or two or more numerals that are not a run of
  digits such as 一九五三: 三十多万人, 一百二十二项, 四十七点三万), drawn from the sentences left.
  The first two strata held only 53 Chinese-numeral figures (most of their candidates are 一个,
  四个意识, 十一五); this one was added, before any of it was read, to pass 80.

    python sample_figures_heldout2.py && python build_candidates.py --heldout2
    python eval_figures.py --file figures_heldout2.csv
"""

from __future__ import annotations

import csv
import math
import random
import re
from collections.abc import Callable

from candidates import CORPUS, HERE, figure_candidates, figure_rows, write_figure_rows

SEED = 47
ANY_SENTENCES = 100
CHINESE_SENTENCES = 100
LONG_CHINESE_SENTENCES = 60
SKIP_FILES = ("figures.csv", "figures_heldout.csv", "clauses.csv", "clauses2.csv")
CHINESE_CAND = re.compile(r"^(?:百分之)?[零〇○一二两三四五六七八九十百千万亿几]+.*[^零〇○一二两三四五六七八九十百千万亿几]$|^百分之")


def chinese_with_unit(text: str) -> bool:
    """A candidate written in Chinese numerals with a measure word or 百分之, not an ordinal."""
    return not text.startswith("第") and not re.search(r"\d", text) and bool(CHINESE_CAND.match(text))


def long_chinese(text: str) -> bool:
    """百分之…, or a Chinese numeral of two or more numerals that is not a run of digits (一九五三)."""
    if not chinese_with_unit(text):
        return False
    core = re.sub(r"[^零〇○一二两三四五六七八九十百千万亿]", "", text.replace("百分之", ""))
    return text.startswith("百分之") or (len(core) >= 2 and not re.fullmatch(r"[零〇○一二两三四五六七八九]+", core))


def quotas(weights: list[float], total: int) -> list[int]:
    """Largest-remainder shares of ``total`` in proportion to ``weights``."""
    raw = [total * w / sum(weights) for w in weights]
    q = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)[: total - sum(q)]:
        q[i] += 1
    return q


def taken_sentences(skip_files: tuple[str, ...]) -> set[tuple[str, int]]:
    """(doc, sent) of every political sentence in ``skip_files``."""
    taken = set()
    for name in skip_files:
        for r in csv.DictReader(open(HERE / name, encoding="utf-8")):
            if r["source"] == "political":
                taken.add((r["doc"], int(r["sent"])))
    return taken


def draw(docs: list[dict], skip: Callable[[str, int, str], bool], seed: int, sizes: tuple[int, int, int]) -> list[dict]:
    """Sentence records drawn in the three strata (any candidate, Chinese numeral with a measure word,
    longer Chinese numeral) of ``sizes``, each stratum from the sentences the earlier ones left; a
    report's share follows the square root of its length. ``skip(doc, sent, text)`` drops a sentence."""
    pools_any, pools_cn, pools_long = [], [], []
    for doc in docs:
        any_pool, cn_pool, long_pool = [], [], []
        for idx, text, _work, heading in doc["sents"]:
            if skip(doc["doc"], idx, text) or (not heading and not 10 <= len(text) <= 220) or (heading and len(text) > 40):
                continue
            cands = figure_candidates(text)
            if cands:
                any_pool.append((idx, text))
            if any(chinese_with_unit(t) for _, _, t in cands):
                cn_pool.append((idx, text))
            if any(long_chinese(t) for _, _, t in cands):
                long_pool.append((idx, text))
        pools_any.append(any_pool)
        pools_cn.append(cn_pool)
        pools_long.append(long_pool)
    rng = random.Random(seed)
    picked: list[dict[int, str]] = [{} for _ in docs]
    for pools, total in zip((pools_any, pools_cn, pools_long), sizes):
        weights = [math.sqrt(d["len"]) if pool else 0.0 for d, pool in zip(docs, pools)]
        for i, q in enumerate(quotas(weights, total)):
            for _ in range(q):
                left = [p for p in pools[i] if p[0] not in picked[i]]
                if not left:
                    break
                idx, text = left[rng.randrange(len(left))]
                picked[i][idx] = text
    return [
        {"source": "political", "doc": doc["doc"], "sent": idx, "sentence": chosen[idx]}
        for doc, chosen in zip(docs, picked)
        for idx in sorted(chosen)
    ]


def main() -> None:
    from sample_political import load

    taken = taken_sentences(SKIP_FILES)
    sents = draw(
        load(CORPUS), lambda doc, idx, _text: (doc, idx) in taken, SEED, (ANY_SENTENCES, CHINESE_SENTENCES, LONG_CHINESE_SENTENCES)
    )
    rows = figure_rows(sents)
    write_figure_rows("figures_heldout2_unlabelled.csv", rows)
    print(f"figures_heldout2_unlabelled.csv: {len(sents)} sentences, {len(rows)} candidates")


if __name__ == "__main__":
    main()
