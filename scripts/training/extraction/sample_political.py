"""Pick sentences from the political report corpus and write them as unlabelled clause rows.

Source: corpora/political/{government_work_reports,cpc_congress_reports}.jsonl (field ``content``),
converted to simplified script with OpenCC t2s. Every document (government work reports, the NPC
resolutions on them, CPC congress reports) gets a share of the sample proportional to the square
root of its length (largest remainder, at least one sentence for reports over 5,000 characters),
so that all reports and years are covered and long reports are not swamped by short ones.

Within a document, paragraphs are "work" paragraphs when they describe work done or to be done
(an action or plan cue such as 加强, 推进, 实行, 要, 将, 我们…了), otherwise "other" (narrative,
analysis, greetings, headings). Each draw takes a work sentence with probability 0.8 and another
sentence otherwise, without replacement. Sentences of 3 to 14 clauses (at most 300 characters) are eligible, plus heading
lines (one clause, no final punctuation) in the "other" pool; within a pool a sentence is drawn
with probability proportional to its number of clauses (longer sentences carry more of the clause
boundaries the classifier has to learn). Random generator: random.Random(11).

Output: political_unlabelled.csv with source, doc, sent, clause_no, clause, sentence, and empty
label columns; ``sent`` is the 0-based sentence number within the whole (converted) document.

Run: python scripts/training/extraction/sample_political.py [corpus_dir]
"""

from __future__ import annotations

import csv
import json
import math
import random
import re
import sys
from pathlib import Path

import opencc
from splitter import clauses, paragraphs, sentences

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = Path("/work/shared/corpora/political")
TARGET_SENTENCES = 275
SEED = 11
P_WORK = 0.8
FIELDS = ["source", "doc", "sent", "clause_no", "clause", "sentence", "heading", "label", "begins", "status", "theme"]

WORK = re.compile(
    r"加强|加快|推进|推动|实施|实行|开展|建立|健全|完善|落实|深化|改革|坚持|发展|提高|扩大|促进|支持|"
    r"组织|整顿|调整|压缩|减少|增加|安排|部署|采取|制定|出台|设立|取消|下放|清理|治理|整治|保障|保护|"
    r"必须|要(?!求|素|点)|应当|将|力争|我们[^。]{0,20}了"
)
CONGRESS_YEAR = {
    1: 1921,
    3: 1923,
    7: 1945,
    9: 1969,
    10: 1973,
    11: 1977,
    12: 1982,
    13: 1987,
    14: 1992,
    15: 1997,
    16: 2002,
    17: 2007,
    18: 2012,
    19: 2017,
    20: 2022,
}
NPC_FIRST = {
    1: 1954,
    2: 1959,
    3: 1964,
    4: 1975,
    5: 1978,
    6: 1983,
    7: 1988,
    8: 1993,
    9: 1998,
    10: 2003,
    11: 2008,
    12: 2013,
    13: 2018,
    14: 2023,
}
CN = {c: i for i, c in enumerate("零一二三四五六七八九十", 0)}


def cn_num(s: str) -> int:
    if s.startswith("十"):
        return 10 + (CN[s[1]] if len(s) > 1 else 0)
    if "十" in s:
        a, _, b = s.partition("十")
        return CN[a] * 10 + (CN[b] if b else 0)
    return CN[s]


def doc_year(rec: dict) -> int | None:
    if rec.get("year"):
        return int(rec["year"])
    if rec.get("congress"):
        return CONGRESS_YEAR.get(int(rec["congress"]))
    m = re.search(r"第(.+?)届全国人民代表大会第(.+?)次会议", rec["title"])
    if m:
        npc, session = cn_num(m.group(1)), cn_num(m.group(2))
        year = NPC_FIRST[npc] + session - 1
        if npc == 2 and session >= 3:  # the Second NPC did not meet in 1961
            year += 1
        return year
    return None


def clean(text: str) -> str:
    """Drop Wikisource's licence footer, endnotes and zero-width spaces; rejoin the lines that
    Wikisource links broke (a single line break after a character that cannot end a line)."""
    text = re.split(r"\n{5,}(?:本作品|这部作品)", text)[0].replace("\u200b", "")
    text = re.sub(r"(?<=[^。！？!?：:；;”’）)\n])\n(?!\n)", "", text)
    lines = [ln for ln in text.split("\n") if not re.match(r"\s*[①-⑳＠]", ln)]
    return "\n".join(lines)


def load(corpus: Path) -> list[dict]:
    cc = opencc.OpenCC("t2s")
    docs = []
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        with open(corpus / name, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                title = cc.convert(rec["title"]).strip()
                year = doc_year(rec)
                doc_id = f"{title}|{year}" if year else title
                text = clean(cc.convert(rec["content"]))
                sents = []  # (index, sentence, is_work, is_heading)
                for para in paragraphs(text):
                    work = bool(WORK.search(para))
                    for s in sentences(para):
                        heading = not re.search(r"[。！？!?]$", s)
                        sents.append((len(sents), s, work and not heading, heading))
                docs.append({"doc": doc_id, "len": len(text), "sents": sents})
    return docs


def quotas(docs: list[dict], total: int) -> list[int]:
    weights = [math.sqrt(d["len"]) for d in docs]
    raw = [total * w / sum(weights) for w in weights]
    q = [max(int(r), 1 if d["len"] > 5000 else 0) for r, d in zip(raw, docs)]
    rest = total - sum(q)
    order = sorted(range(len(docs)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in order[: max(rest, 0)]:
        q[i] += 1
    return q


def eligible(s: tuple) -> bool:
    _, text, _, heading = s
    n = len(clauses(text))
    if heading:
        return n == 1 and 2 <= len(text) <= 40
    return 3 <= n <= 14 and len(text) <= 300


def sample(docs: list[dict], seed: int, target: int, skip: set[tuple[str, str]] = frozenset()) -> list[dict]:
    """Unlabelled clause rows of sentences drawn per document (quota by length, work paragraphs
    favoured, longer sentences likelier); ``skip`` holds (doc, sentence) pairs never to draw."""
    rng = random.Random(seed)
    rows = []
    for doc, quota in zip(docs, quotas(docs, target)):
        ok = [s for s in doc["sents"] if eligible(s) and (doc["doc"], s[1]) not in skip]
        work = [s for s in ok if s[2]]
        other = [s for s in ok if not s[2]]
        picked = []
        for _ in range(quota):
            pool = work if (rng.random() < P_WORK and work) or not other else other
            if not pool:
                break
            weights = [len(clauses(t)) for _, t, _, _ in pool]
            i = rng.choices(range(len(pool)), weights=weights)[0]
            picked.append(pool.pop(i))
        for idx, text, _, _heading in sorted(picked):
            rows += [_row(doc["doc"], idx, k, c, text) for k, c in enumerate(clauses(text))]
    return rows


def _row(doc: str, sent: int, clause_no: int, clause: str, sentence: str) -> dict:
    row = dict.fromkeys(FIELDS, "")
    row.update(source="political", doc=doc, sent=sent, clause_no=clause_no, clause=clause, sentence=sentence)
    return row


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    docs = load(corpus)
    rows = sample(docs, SEED, TARGET_SENTENCES)
    out = HERE / "political_unlabelled.csv"
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, FIELDS)
        w.writeheader()
        w.writerows(rows)
    n_sent = len({(r["doc"], r["sent"]) for r in rows})
    print(f"{out.name}: {n_sent} sentences, {len(rows)} clauses from {len(docs)} documents")


if __name__ == "__main__":
    main()
