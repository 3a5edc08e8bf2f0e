"""Score extraction records against gold annotations (the annotation format of the project's gold files).

Matching: slogans by their text without quotes and punctuation; figures by value and unit,
plus an overlapping indicator; measures one-to-one by character similarity (difflib ratio ≥ 0.5),
best pairs first. Used by the tests on the project's own annotated samples.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

_PUNCT = re.compile(r"[\s“”\"'‘’「」『』《》()（）【】\[\]，,。．.、；;：:！!？?…—\-]")


def _fold(s: str) -> str:
    from textkit.normalization.script import to_simplified

    return _PUNCT.sub("", to_simplified(str(s or ""))[0])


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "p": round(p, 4),
        "r": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "tp": tp,
        "pred": n_pred,
        "gold": n_gold,
    }


def _one_to_one(n_gold: int, n_pred: int, score) -> list[tuple[int, int]]:
    pairs = sorted(((s, i, j) for i in range(n_gold) for j in range(n_pred) if (s := score(i, j)) is not None), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def load_gold(folder: str | Path) -> dict[str, dict]:
    docs: dict[str, dict] = defaultdict(lambda: {"slogans": [], "figures": [], "measures": [], "articles": []})
    for path in sorted(Path(folder).glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        d = docs[Path(g["source"]).name]
        for key in d:
            d[key].extend(g.get(key, []))
    return dict(docs)


def group_records(records) -> dict[str, dict]:
    docs: dict[str, dict] = defaultdict(lambda: {"slogans": [], "figures": [], "measures": [], "articles": []})
    for rec in records:
        d = docs[Path(str(rec.get("source", ""))).name]
        d["articles"].append({"title": rec.get("title", "")})
        for key in ("slogans", "figures", "measures"):
            d[key].extend(rec.get(key) or [])
    return dict(docs)


def score(gold: dict[str, dict], pred: dict[str, dict]) -> dict:
    """Precision, recall and F1 for slogans, figures and measures, and measure status accuracy."""
    tot = defaultdict(int)
    for src, g in gold.items():
        p = pred.get(src, {"slogans": [], "figures": [], "measures": [], "articles": []})
        gs = sorted({_fold(s["text"]) for s in g["slogans"]} - {""})
        ps = sorted({_fold(s["text"]) for s in p["slogans"]} - {""})
        tot["slo_tp"] += len(set(gs) & set(ps))
        tot["slo_gold"] += len(gs)
        tot["slo_pred"] += len(ps)

        def fig(i: int, j: int, gf=g["figures"], pf=p["figures"]):
            a, b = gf[i], pf[j]
            try:
                pv = float(b.get("value"))
            except (TypeError, ValueError):
                return None
            vals = [float(a[k]) for k in ("value", "value_max") if a.get(k) is not None]
            if not any(abs(v - pv) < 1e-6 * max(1, abs(v)) for v in vals) or _fold(a.get("unit")) != _fold(b.get("unit")):
                return None
            x, y = _fold(a.get("indicator")), _fold(b.get("indicator"))
            s = SequenceMatcher(None, x, y).ratio() if x and y else 0.0
            if x and y and (x in y or y in x):
                s = max(s, 0.75)
            return s if s >= 0.5 else None

        tot["fig_tp"] += len(_one_to_one(len(g["figures"]), len(p["figures"]), fig))
        tot["fig_gold"] += len(g["figures"])
        tot["fig_pred"] += len(p["figures"])
        gm = [_fold(m["text"]) for m in g["measures"]]
        pm = [_fold(m["text"]) for m in p["measures"]]

        def mea(i: int, j: int, gm=gm, pm=pm):
            a, b = gm[i], pm[j]
            if not a or not b or len(set(a) & set(b)) / min(len(set(a)), len(set(b))) < 0.4:
                return None
            s = SequenceMatcher(None, a, b, autojunk=False).ratio()
            return s if s >= 0.5 else None

        matched = _one_to_one(len(gm), len(pm), mea)
        tot["mea_tp"] += len(matched)
        tot["mea_gold"] += len(gm)
        tot["mea_pred"] += len(pm)
        for i, j in matched:
            tot["status_n"] += 1
            tot["status_ok"] += g["measures"][i].get("status") == p["measures"][j].get("status")
        tot["art_ok"] += len(g["articles"]) == len(p["articles"])
    return {
        "slogans": _prf(tot["slo_tp"], tot["slo_pred"], tot["slo_gold"]),
        "figures": _prf(tot["fig_tp"], tot["fig_pred"], tot["fig_gold"]),
        "measures": _prf(tot["mea_tp"], tot["mea_pred"], tot["mea_gold"]),
        "status_accuracy": round(tot["status_ok"] / tot["status_n"], 4) if tot["status_n"] else None,
        "article_counts_right": tot["art_ok"],
        "documents": len(gold),
    }
