"""Feature rows for the slogan model from the hand-labelled candidates of ``slogans.csv``.

Quoted candidates (``quoted`` = 1) and unquoted parallel runs (a 、 or ， inside the candidate) are
described exactly as the extractor describes them at run time (``textkit.slogan_model``); a parallel
slogan whose labelled ``text`` corrects the generator's boundaries is described by that text.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from textkit.extractors.slogans import framed, kind_of, run_parts
from textkit.segmentation import word_tags
from textkit.slogan_model import parallel_features, quote_features

HERE = Path(__file__).parent
SEPARATORS = re.compile(r"[、，,]")


def read_candidates(path: Path = HERE / "slogans.csv") -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _around(sentence: str, cand: str, quoted: bool) -> tuple[str, str] | None:
    needle = f"“{cand}”" if quoted else cand
    i = sentence.find(needle)
    if i < 0 and quoted:
        m = re.search(r"[“\"「『‘]" + re.escape(cand) + r"[”\"」』’]", sentence)
        i, needle = (m.start(), m.group(0)) if m else (-1, needle)
    if i < 0:
        return None
    return sentence[max(0, i - 8) : i], sentence[i + len(needle) : i + len(needle) + 8]


def quoted_rows(rows: list[dict]) -> list[tuple[str, int, str, dict]]:
    """(features, label, group, row) for each quoted candidate found in its sentence."""
    out = []
    for r in rows:
        if r["quoted"] != "1":
            continue
        ctx = _around(r["sentence"], r["cand_text"], True)
        if ctx is None:
            continue
        before, after = ctx
        phrase = r["cand_text"].strip().rstrip("…. ")
        feats = quote_features(phrase, before, after, kind_of(phrase, before[-12:] + "“", "”" + after))
        out.append((feats, int(r["is_slogan"]), r["doc"], r))
    return out


def parallel_rows(rows: list[dict]) -> list[tuple[str, int, str, dict]]:
    """(features, label, group, row) for each unquoted candidate made of separated parts."""
    tags = word_tags()
    out = []
    for r in rows:
        cand = r["cand_text"]
        if r["quoted"] != "0" or not SEPARATORS.search(cand) or cand.startswith("《"):
            continue
        if r["is_slogan"] == "1" and SEPARATORS.search(r["text"]) and r["text"] in r["sentence"]:
            cand = r["text"]  # the run as the extractor proposes it, not the generator's cut
        ctx = _around(r["sentence"], cand, False)
        if ctx is None:
            continue
        parts = list(run_parts(cand, tags))
        if len(parts) < 2:
            continue
        feats = parallel_features(parts, ctx[0], ctx[1], tags, framed(parts))
        out.append((feats, int(r["is_slogan"]), r["doc"], r))
    return out


def project_rows(rows: list[dict] | None = None) -> dict[str, list[tuple[str, int, str, dict]]]:
    """The model's training rows per candidate kind from the project's labelled candidates."""
    rows = read_candidates() if rows is None else rows
    return {"quoted": quoted_rows(rows), "parallel": parallel_rows(rows)}


# --- candidates of the development documents, labelled by the gold (read at training time only) ------

SHARED = Path("/work/shared")


def dev_files(shared: Path = SHARED) -> list[Path]:
    """The 29 development documents: the seeds and the web reports."""
    return sorted((shared / "seeds").glob("*.txt")) + sorted((shared / "dev" / "web").glob("*.txt"))


def _scorer(shared: Path):
    """The shared scorer module (``eval/score.py``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("shared_score", shared / "eval" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _dev_label(text: str, gold: set[str], norm) -> int | None:
    """1 when ``text`` is a gold slogan as the scorer matches them (normalised, exact); None when it
    only overlaps one as the scorer's lenient match does (a boundary question, not a no); else 0."""
    k = norm(text)
    if k in gold:
        return 1
    for g in gold:
        short, long_ = sorted((k, g), key=len)
        if short and short in long_ and len(short) / len(long_) >= 0.6:
            return None
    return 0


def dev_rows(shared: Path = SHARED, files: list[Path] | None = None) -> list[tuple[str, str, int, str]]:
    """(kind, features, label, document) for every candidate the slogan model decides in the
    development documents, as the extractor proposes them at run time (``model_candidates`` on the
    normalised articles); labelled by the gold slogans of its document. Nothing is written to disk."""
    from textkit.extractors.slogans import model_candidates
    from textkit.io.readers import read_path
    from textkit.pipeline import Pipeline

    score = _scorer(shared)
    gold = score.load_gold(str(shared / "gold"))
    pipe = Pipeline(extract=False)
    out = []
    for f in files if files is not None else dev_files(shared):
        keys = {score.norm(s.get("text")) for s in gold[f.name]["slogans"]} - {""}
        for article in pipe.process_raw(read_path(str(f))).articles:
            for kind, feats, text in model_candidates(article.text):
                label = _dev_label(text, keys, score.norm)
                if label is not None:
                    out.append((kind, feats, label, f.name))
    return out
