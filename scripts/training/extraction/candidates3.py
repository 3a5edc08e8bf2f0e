"""Third slogan candidate set: more political sentences with parallel runs and quotes, and the
the slogans_written documents (web news, exchange speeches, testimonials, summaries).

Candidates are proposed by ``candidates.slogan_candidates`` exactly as for ``slogans.csv``.

- political3: sentences of ``/work/shared/corpora/political`` (cleaned and converted as in
  ``sample_political.py``) that are not in ``slogans.csv``, ``clauses.csv`` or ``clauses2.csv``;
  body sentences of 10-220 characters with at most 6 candidates. Each document gets a share of
  POLITICAL_SENTENCES in proportion to the square root of its length (``sample_political.quotas``);
  a draw takes a sentence with a parallel-run candidate with probability P_PARALLEL, else one with
  a quoted candidate. random.Random(SEED).
- slogans_written: every sentence of ``slogans_written/*.txt`` (sent = 0-based sentence number, title = 0).

Output: slogans3_unlabelled.csv (the columns of slogans_unlabelled.csv). Labels:
labels/slogans/political3.lab and labels/slogans/slogans_written.lab; build_candidates.py merges them.

Run from this folder: python candidates3.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import sample_political as sp
from candidates import SLO_FIELDS, slogan_candidates, written_sentences

HERE = Path(__file__).resolve().parent
POLITICAL_SENTENCES = 200
P_PARALLEL = 0.75
MAX_CANDIDATES = 6
SEED = 21


def _seen() -> set[tuple[str, str]]:
    seen = set()
    for name in ("slogans.csv", "clauses.csv", "clauses2.csv"):
        with open(HERE / name, encoding="utf-8") as fh:
            seen |= {(r["doc"], r["sentence"]) for r in csv.DictReader(fh) if r["source"] == "political"}
    return seen


def political_sentences(corpus: Path = sp.DEFAULT_CORPUS) -> list[dict]:
    docs = sp.load(corpus)
    seen = _seen()
    rng = random.Random(SEED)
    out = []
    for doc, quota in zip(docs, sp.quotas(docs, POLITICAL_SENTENCES)):
        parallel, quoted = [], []
        for idx, text, _work, heading in doc["sents"]:
            if heading or not 10 <= len(text) <= 220 or (doc["doc"], text) in seen:
                continue
            cands = slogan_candidates(text)
            if not cands or len(cands) > MAX_CANDIDATES:
                continue
            origins = {origin for _, _, origin in cands}
            if "parallel" in origins:
                parallel.append((idx, text))
            elif "quote" in origins:
                quoted.append((idx, text))
        picked: dict[int, str] = {}
        for _ in range(quota):
            pool = parallel if (rng.random() < P_PARALLEL and parallel) or not quoted else quoted
            if not pool:
                break
            idx, text = pool.pop(rng.randrange(len(pool)))
            picked[idx] = text
        out += [{"source": "political3", "doc": doc["doc"], "sent": i, "sentence": picked[i]} for i in sorted(picked)]
    return out


def main() -> None:
    sents = political_sentences() + written_sentences(HERE / "slogans_written", "slogans_written")
    rows = []
    for s in sents:
        for k, (t, q, origin) in enumerate(slogan_candidates(s["sentence"])):
            rows.append({**s, "cand_no": k, "cand_text": t, "quoted": q, "origin": origin})
    with open(HERE / "slogans3_unlabelled.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, SLO_FIELDS)
        w.writeheader()
        w.writerows(rows)
    for src in ("political3", "slogans_written"):
        n = len({(r["doc"], r["sent"]) for r in rows if r["source"] == src})
        print(f"{src}: {n} sentences with candidates, {sum(1 for r in rows if r['source'] == src)} candidates")


if __name__ == "__main__":
    main()
