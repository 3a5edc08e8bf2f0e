"""Benchmark: textkit's stages against bare ``jieba.lcut`` on the same text, in the same run.

    python scripts/bench.py                       # the political corpus in ../shared, else corpora/
    python scripts/bench.py --input DIR_OR_JSONL --limit 50

Prints characters per second for bare jieba, lexicon jieba, normalisation, structure, extraction
(slogans, figures, measures), themes and the whole pipeline, and the ratios that matter:
pipeline throughput / bare jieba, and extraction cost / segmentation cost.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_texts(source: Path, limit: int) -> list[str]:
    texts: list[str] = []
    files = [source] if source.is_file() else sorted(source.rglob("*.jsonl")) + sorted(source.rglob("*.txt"))
    for f in files:
        if f.suffix == ".jsonl":
            with f.open(encoding="utf-8") as fh:
                for line in fh:
                    rec = json.loads(line)
                    texts.append(rec.get("content") or rec.get("text") or "")
        else:
            from textkit.io.readers import read_path

            texts.append(read_path(f).text)
        if len(texts) >= limit:
            break
    return [t for t in texts[:limit] if t]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    default = ROOT.parent / "shared" / "corpora" / "political"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", type=Path, default=default if default.exists() else ROOT / "corpora")
    ap.add_argument("--limit", type=int, default=40)
    args = ap.parse_args()

    import jieba

    from textkit.normalize import normalize_text
    from textkit.pipeline import Pipeline
    from textkit.segmentation import tokenizer
    from textkit.structure import parse_structure

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    texts = load_texts(args.input, args.limit)
    chars = sum(map(len, texts))
    pipe = Pipeline()
    pipe.process_text(texts[0][:3000])  # load dictionaries and models before timing
    tok = tokenizer()

    t_jieba = timed(lambda: [jieba.lcut(t) for t in texts])
    t_lex = timed(lambda: [tok.lcut(t) for t in texts])
    arts: list = []
    t_norm = timed(lambda: arts.extend(a for t in texts for a in normalize_text(t)))
    t_struct = timed(lambda: [parse_structure(a) for a in arts])
    comps = pipe.components()
    t_extract = timed(lambda: [c.annotate(a) for a in arts for c in comps if c.name != "themes"])
    t_themes = timed(lambda: [c.annotate(a) for a in arts for c in comps if c.name == "themes"])
    t_pipe = timed(lambda: [pipe.process_text(t) for t in texts])

    def rate(t: float) -> str:
        return f"{chars / t:>12,.0f} chars/s  ({t:.2f} s)"

    print(f"corpus: {len(texts)} documents, {chars:,} characters from {args.input}")
    print(f"bare jieba.lcut      {rate(t_jieba)}")
    print(f"jieba + lexicon      {rate(t_lex)}")
    print(f"normalisation        {rate(t_norm)}")
    print(f"structure            {rate(t_struct)}")
    print(f"extraction           {rate(t_extract)}")
    print(f"themes               {rate(t_themes)}")
    print(f"whole pipeline       {rate(t_pipe)}")
    print(f"pipeline / bare jieba throughput: {t_jieba / t_pipe:.2f}x")
    print(
        f"extraction cost / segmentation cost: {t_extract / t_lex:.2f}x (normalise+structure+extract: {(t_norm + t_struct + t_extract) / t_lex:.2f}x)"
    )


if __name__ == "__main__":
    main()
