"""Mine a lexicon of established 提法 from the political corpus and the written documents.

    python scripts/training/extraction/mine_slogans.py [--corpus DIR] [-o textkit/data/slogans_mined.tsv]

Sources: ``/work/shared/corpora/political/*.jsonl`` (field ``content``, OpenCC t2s) and the 50
documents in ``written/`` and ``written2/``. A string becomes an entry when it has the shape of a
formula and recurs in at least ``--min-docs`` documents:

- shapes (``textkit/data/slogans_shapes.tsv``, matched by ``shape_formulas``): 党管X, X与自我X,
  以X促Y / 抓X促Y, 过紧日子, 应X尽X / 有X必X, X有所Y, and named systems in 制 (the word before 制 a
  dictionary word, the last two characters not an ordinary word such as 体制, 机制);
- quoted names: a phrase quoted somewhere in the sources that the slogan model accepts there;
- parallel formulas: runs of short parts sharing a frame that the slogan model accepts.

Ordinary words are kept out by the document-frequency threshold, by jieba's part of speech (a
string that is itself an ordinary dictionary word of a common tag is dropped), by the reject list
``textkit/data/lexicons/slogans_mined_reject.txt`` and by the candidates labelled
``ordinary_phrase`` in ``slogans.csv``. The output is a TSV (text, kind, source, docs) read with
the shipped lexicon; users extend it with ``--slogans FILE`` or by adding rows.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))

import train_slogan_model  # noqa: E402

from textkit.extractors.slogans import SloganExtractor, cuts_word, shape_formulas  # noqa: E402
from textkit.resources import word_set  # noqa: E402
from textkit.segmentation import word_tags  # noqa: E402

CJK = r"[\u4e00-\u9fff]"
COMMON_TAGS = ("v", "vn", "n", "a", "ad", "d", "p", "c", "r", "m", "q", "f", "s", "t", "u")
KINDS = {"system": "term"}


def read_documents(corpus: Path) -> list[tuple[str, str]]:
    """(name, simplified text) of every source document."""
    import opencc

    cc = opencc.OpenCC("t2s")
    docs = []
    for f in sorted(corpus.glob("*.jsonl")):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                docs.append((f"{r.get('title')}|{r.get('year')}", cc.convert(r.get("content") or "")))
    for folder in ("written", "written2"):
        docs += [(p.name, p.read_text(encoding="utf-8")) for p in sorted((HERE / folder).glob("*.txt"))]
    return docs


def _system_ok(s: str, tags: dict[str, str]) -> bool:
    head = s[:-1]
    return len(s) >= 4 and s[-2:] not in tags and any(head[i:] in tags and len(head[i:]) >= 2 for i in range(len(head) - 1))


def _ordinary(s: str, tags: dict[str, str]) -> bool:
    """An ordinary dictionary word of a common tag (not an idiom or a lexicon term)."""
    return tags.get(s, "")[:2] in COMMON_TAGS and len(s) <= 4


def pattern_candidates(text: str, tags: dict[str, str]) -> dict[str, str]:
    """Strings of ``text`` with a formula's shape (``shape_formulas``: the run-time shapes and named
    systems in 制), and the shape each has."""
    found: dict[str, str] = {}
    for start, end, name, _kind in shape_formulas(text, tags, runtime=False):
        s = text[start:end]
        if name == "system":
            s = _trim_system(s, tags)
            if not s or cuts_word(text, end - len(s), end, tags):
                continue
        found.setdefault(s, name)
    return found


def _trim_system(s: str, tags: dict[str, str]) -> str:
    """The shortest tail ending in 制 that is a named system (民主集中制 out of 坚持民主集中制)."""
    for i in range(len(s) - 4, -1, -1):
        if _system_ok(s[i:], tags) and s[i:-1] in tags:
            return s[i:]
    return ""


def model_candidates(text: str, extractor: SloganExtractor) -> dict[str, str]:
    """Quoted phrases and parallel runs of ``text`` that the slogan model accepts."""
    from textkit.model import Article

    article = Article(title="", text=text)
    slogans = extractor(article)
    return {re.sub(r"[，,]", "、", s.text): ("quoted:" + s.kind if s.quoted else "parallel") for s in slogans if _model_found(s)}


def _model_found(s) -> bool:
    if "的" in s.text:
        return False
    return (s.quoted and 2 <= len(s.text) <= 12) or (("、" in s.text or "，" in s.text) and len(s.text) <= 40)


def read_candidates() -> list[dict]:
    with open(HERE / "slogans.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _rejected(rows: list[dict]) -> set[str]:
    labelled = {
        r["cand_text"] for r in rows if r["is_slogan"] == "0" and r["reason_if_not"] in ("ordinary_phrase", "quality_word", "emphasis")
    }
    return labelled | set(word_set("slogans_mined_reject"))


def labelled_entries(rows: list[dict]) -> dict[str, tuple[str, int]]:
    """Unquoted slogans of the labelled candidates (``slogans.csv`` rows) that are one formula, not a
    run of parts (乡村振兴, 高质量发展, 党委领导下的院长负责制): text → (kind, labelled documents)."""
    docs: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}
    for r in rows:
        text = (r["text"] or r["cand_text"]).strip()
        if r["quoted"] == "0" and r["is_slogan"] == "1" and re.search(CJK, text) and not re.search(r"[、，,《]", text):
            docs[text].add(r["doc"])
            kinds.setdefault(text, r["kind"] or "motto")
    return {t: (kinds[t], len(d)) for t, d in docs.items()}


def mine(
    docs: list[tuple[str, str]], min_docs: int, min_docs_parallel: int, model: str | None = None, labelled: list[dict] | None = None
) -> list[tuple[str, str, str, int]]:
    """(text, kind, source, documents) of the entries; ``model``: a slogan model file other than the
    shipped one; ``labelled``: the labelled candidate rows whose unquoted slogans become entries
    (default: all of ``slogans.csv``)."""
    tags = word_tags()
    extractor = SloganExtractor(lexicon=None, model=model)
    extractor._lexicon = lambda article, found: None  # the model's finds only, not the lexicons'
    where: dict[str, set[str]] = defaultdict(set)
    how: dict[str, str] = {}
    for name, text in docs:
        for para in (p for p in text.split("\n") if p.strip()):
            for s, src in {**pattern_candidates(para, tags), **model_candidates(para, extractor)}.items():
                where[s].add(name)
                how.setdefault(s, src)
    labelled = read_candidates() if labelled is None else labelled
    reject = _rejected(labelled)
    rows = []
    for s, names in sorted(where.items()):
        needed = min_docs_parallel if how[s] == "parallel" else min_docs
        if len(names) < needed or s in reject or _ordinary(s, tags) or not re.search(CJK, s):
            continue
        source, _, kind = how[s].partition(":")
        rows.append((s, kind or KINDS.get(source, "motto"), source, len(names)))
    have = {r[0] for r in rows}
    for s, (kind, n) in labelled_entries(labelled).items():
        if s not in have:
            rows.append((s, kind, "labelled", n))
    return sorted(rows, key=lambda r: (r[2], -r[3], r[0]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default="/work/shared/corpora/political")
    ap.add_argument("-o", "--output", default=str(ROOT / "textkit" / "data" / "slogans_mined.tsv"))
    ap.add_argument("--min-docs", type=int, default=1, help="documents a pattern or quoted-name entry must occur in")
    ap.add_argument("--min-docs-parallel", type=int, default=2, help="documents a parallel run must occur in")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:  # mined with a model of the project's data alone, never the dev gold's
        model_path = Path(tmp) / "project.skops"
        model, meta = train_slogan_model.train(None)
        model.save(model_path, meta)
        rows = mine(read_documents(Path(args.corpus)), args.min_docs, args.min_docs_parallel, model=str(model_path))
    with open(args.output, "w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# Mined by scripts/training/extraction/mine_slogans.py; source = the pattern or model that proposed the entry, docs = documents it occurs in. Add rows freely.\n"
        )
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["text", "kind", "source", "docs"])
        w.writerows(rows)
    counts = defaultdict(int)
    for r in rows:
        counts[r[2]] += 1
    print(len(rows), "entries", dict(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
