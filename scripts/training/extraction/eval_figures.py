"""Score textkit's figures on the hand-labelled candidates of ``figures.csv``.

Each labelled sentence is run through ``textkit.extract`` on its own; every predicted figure is
matched to the labelled candidate its span overlaps (greedy: same value first, then overlap).
Reports precision/recall/F1 of is_figure, value+unit accuracy and indicator agreement on the
matched figures (indicator agreement as in ``../shared/eval/score.py``: similarity ≥ 0.5 or one
contains the other), and the share of figures written in Chinese numerals read right (matched,
value and unit right). ``--errors`` prints the misses.

    python scripts/training/extraction/eval_figures.py [--source written2] [--errors]
    python scripts/training/extraction/eval_figures.py --file figures_heldout.csv   # held-out political set
    python scripts/training/extraction/eval_figures.py --file figures_heldout3.csv  # the fresh one (see README)
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHINESE_DIGIT = re.compile("[零〇一二两三四五六七八九十百千]")


def _num(x) -> float | None:
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def same_value(gold: dict, value) -> bool:
    pv = _num(value)
    if pv is None:
        return False
    for key in ("value", "value_max"):
        gv = _num(gold.get(key))
        if gv is not None and abs(gv - pv) <= 1e-6 * max(1.0, abs(gv)):
            return True
    return False


def norm_unit(u: str) -> str:
    u = (u or "").replace("％", "%").replace("百分之", "%")
    return "%" if u.lower() in ("percent", "pct") else u


def indicator_ok(gold: str, pred: str) -> bool:
    if not gold or not pred:
        return False
    if gold in pred or pred in gold:
        return True
    return SequenceMatcher(None, gold, pred, autojunk=False).ratio() >= 0.5


def chinese_numeral(row: dict) -> bool:
    """A figure written (at least partly) in Chinese digits: 一万元, 百分之三点二, 近百万元 (not 3.5万)."""
    return bool(CHINESE_DIGIT.search(row["cand_text"]))


def load(source: str | None, name: str = "figures.csv") -> dict[str, list[dict]]:
    by_sentence: dict[str, list[dict]] = defaultdict(list)
    with open(HERE / name, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if source and row["source"] != source:
                continue
            by_sentence[row["sentence"]].append(row)
    return by_sentence


def match(cands: list[dict], figures: list) -> list[tuple[dict, object]]:
    """Pairs (candidate, figure), greedy on (same value, overlap)."""
    scored = []
    for i, c in enumerate(cands):
        cs, ce = int(c["cand_start"]), int(c["cand_end"])
        for j, f in enumerate(figures):
            overlap = min(ce, f.end) - max(cs, f.start)
            if overlap > 0:
                scored.append((2.0 * same_value(c, f.value) + overlap / (ce - cs), i, j))
    pairs, used_c, used_f = [], set(), set()
    for _, i, j in sorted(scored, reverse=True):
        if i not in used_c and j not in used_f:
            used_c.add(i)
            used_f.add(j)
            pairs.append((cands[i], figures[j]))
    return pairs, len(figures) - len(used_f)


def _figures(sentence: str) -> list:
    import textkit

    return [f for a in textkit.extract(sentence) for f in a.figures]


def evaluate(by_sentence: dict[str, list[dict]], show_errors: bool) -> dict:
    t = defaultdict(int)
    for sentence, cands in by_sentence.items():
        pairs, unmatched = match(cands, _figures(sentence))
        t["fp"] += unmatched
        t["gold"] += sum(c["is_figure"] == "1" for c in cands)
        cn_here, cn_right_before = sum(c["is_figure"] == "1" and chinese_numeral(c) for c in cands), t["cn_right"]
        t["cn_gold"] += cn_here
        matched = {id(c) for c, _ in pairs}
        for c in cands:
            if c["is_figure"] == "1" and id(c) not in matched and show_errors:
                print(f"MISS  {c['cand_text']:<14} {c['value']} {c['unit']} | {sentence[:70]}")
        for c, f in pairs:
            _score_pair(t, c, f, sentence, show_errors)
        if cn_here:  # a sentence is right when every Chinese-numeral figure in it is read right
            t["cn_sentences"] += 1
            t["cn_sentences_right"] += t["cn_right"] - cn_right_before == cn_here
    return t


def _score_pair(t: dict, c: dict, f, sentence: str, show_errors: bool) -> None:
    if c["is_figure"] != "1":
        t["fp"] += 1
        if show_errors:
            print(f"FALSE {c['cand_text']:<14} ({c['reason_if_not']}) -> {f.value} {f.unit} | {sentence[:70]}")
        return
    t["tp"] += 1
    vu = same_value(c, f.value) and norm_unit(c["unit"]) == norm_unit(f.unit)
    ind = indicator_ok(c["indicator"], f.indicator)
    t["vu"] += vu
    t["ind"] += ind
    t["full"] += vu and ind
    if chinese_numeral(c):
        t["cn_right"] += vu
    if show_errors and not vu:
        print(f"VALUE {c['cand_text']:<14} gold {c['value']} {c['unit']} pred {f.value} {f.unit} | {sentence[:70]}")
    elif show_errors and not ind:
        print(f"INDIC {c['cand_text']:<14} gold {c['indicator']} pred {f.indicator} | {sentence[:70]}")


def report(t: dict) -> None:
    n_pred = t["tp"] + t["fp"]
    p = t["tp"] / n_pred if n_pred else 0.0
    r = t["tp"] / t["gold"] if t["gold"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    tp = max(t["tp"], 1)
    print(f"is_figure   P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (tp {t['tp']}, pred {n_pred}, gold {t['gold']})")
    print(f"value+unit  {t['vu'] / tp:.3f} of matched figures; indicator {t['ind'] / tp:.3f}; both {t['full'] / tp:.3f}")
    full_r = t["full"] / t["gold"] if t["gold"] else 0.0
    full_p = t["full"] / n_pred if n_pred else 0.0
    full_f = 2 * full_p * full_r / (full_p + full_r) if full_p + full_r else 0.0
    print(f"full figure F1 {full_f:.3f} (value, unit and indicator right)")
    vu_p = t["vu"] / n_pred if n_pred else 0.0
    vu_r = t["vu"] / t["gold"] if t["gold"] else 0.0
    print(f"value+unit F1 {2 * vu_p * vu_r / (vu_p + vu_r) if vu_p + vu_r else 0:.3f} (value and unit right, indicator aside)")
    cn = t["cn_gold"]
    print(f"Chinese numerals read right {t['cn_right']}/{cn} = {t['cn_right'] / cn if cn else 0:.3f}")
    ns = t["cn_sentences"]
    print(
        f"sentences with Chinese-numeral figures all read right {t['cn_sentences_right']}/{ns} = {t['cn_sentences_right'] / ns if ns else 0:.3f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", help="political | written | written2 (default: all)")
    ap.add_argument("--errors", action="store_true", help="print misses, false figures and wrong readings")
    ap.add_argument(
        "--file", default="figures.csv", help="labelled candidates in this folder (figures_heldout*.csv: held-out political sets)"
    )
    args = ap.parse_args()
    report(evaluate(load(args.source, args.file), args.errors))


if __name__ == "__main__":
    main()
