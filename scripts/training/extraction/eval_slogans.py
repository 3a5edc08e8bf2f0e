"""Score the slogan extractor on the hand-labelled candidates of ``slogans.csv``.

    python scripts/training/extraction/eval_slogans.py [--source political|written|written2]

Each labelled sentence is extracted on its own. Gold: the ``text`` of its candidates with
is_slogan = 1; judged negatives: the ``cand_text`` of the others. A predicted slogan equal to a gold
text (separators ignored) is right, one equal to a negative is wrong, any other is unjudged.
Prints precision (right / judged), recall (right / gold) and F1, per source and overall. The slogan
model was trained on these rows: its honest score is the document-grouped CV that
``train_slogan_model.py`` prints.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from pathlib import Path

import textkit

HERE = Path(__file__).parent


def _key(text: str) -> str:
    return re.sub(r"[、，,\s“”\"]", "", text)


def sentences(path: Path) -> dict[tuple[str, str, str], dict]:
    """(source, doc, sent) → the sentence, its gold slogans and its judged negatives."""
    out: dict[tuple[str, str, str], dict] = {}
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            s = out.setdefault((r["source"], r["doc"], r["sent"]), {"sentence": r["sentence"], "gold": set(), "neg": set()})
            if r["is_slogan"] == "1":
                s["gold"].add(_key(r["text"] or r["cand_text"]))
            else:
                s["neg"].add(_key(r["cand_text"]))
    for s in out.values():
        s["neg"] -= s["gold"]
    return out


def score(data: dict, only: str | None = None) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (source, _, _), s in data.items():
        if only and source != only:
            continue
        pred = {_key(sl.text) for a in textkit.extract(s["sentence"]) for sl in a.slogans}
        for c in (counts[source], counts["all"]):
            c["tp"] += len(pred & s["gold"])
            c["fp"] += len(pred & s["neg"])
            c["unjudged"] += len(pred - s["gold"] - s["neg"])
            c["gold"] += len(s["gold"])
    return counts


def report(source: str, c: dict[str, int]) -> None:
    p = c["tp"] / max(1, c["tp"] + c["fp"])
    r = c["tp"] / max(1, c["gold"])
    f = 2 * p * r / max(1e-9, p + r)
    print(f"{source:9s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {c['tp']}, fp {c['fp']}, unjudged {c['unjudged']}, gold {c['gold']})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--csv", default=str(HERE / "slogans.csv"))
    ap.add_argument("--source")
    args = ap.parse_args(argv)
    for source, c in sorted(score(sentences(Path(args.csv)), args.source).items()):
        report(source, c)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
