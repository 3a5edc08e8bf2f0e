"""Benchmark: extraction time on long text without punctuation (one endless "sentence").

    python scripts/bench_unpunctuated.py                 # 20k, 80k and 160k characters, every stage
    python scripts/bench_unpunctuated.py --sizes 160000 --profile

A page whose punctuation was lost (a scanned PDF, a table flattened to text) is one sentence of any
length; every stage must stay near-linear on it. The text is built from report-like phrases with
numbers, in simplified and traditional script, and no punctuation at all.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

PHRASES = (
    "全年新发展党员1280名",
    "开展三会一课活动46次",
    "整改问题线索327个完成率达到百分之九十六点五",
    "新建党群服务中心12个覆盖率提高到98%",
    "培训基层党组织书记2300余人次",
    "累計投入資金1.6億元幫扶困難黨員532戶",
    "堅持兩學一做學習教育常態化制度化",
    "查處違反中央八項規定精神問題17起處理45人",
    "五年建成村级活动场所二百三十个",
    "持续推进四个全面战略布局",
    "党员志愿者服务时长累计超过十二万小时",
    "比上年增长百分之十二点三",
)


def unpunctuated_text(chars: int, joiner: str = "") -> str:
    """Report-like phrases, repeated without punctuation (or joined by ``joiner``), cut at ``chars`` characters."""
    out: list[str] = []
    n, i = 0, 0
    while n < chars:
        phrase = PHRASES[i % len(PHRASES)]
        out.append(phrase)
        n += len(phrase) + len(joiner)
        i += 1
    return joiner.join(out)[:chars]


def time_extract(text: str) -> tuple[dict[str, float], dict[str, int]]:
    """Seconds per stage to extract one document of ``text``, and the number of items of each kind."""
    from textkit.normalization import normalize_text
    from textkit.pipeline import get_pipeline
    from textkit.structure import parse_structure

    pipe = get_pipeline()
    times: dict[str, float] = {}
    started = time.perf_counter()
    articles = normalize_text(text, "<bench>", pipe.normalize)
    times["normalize"] = time.perf_counter() - started
    for article in articles:
        t = time.perf_counter()
        parse_structure(article)
        times["structure"] = times.get("structure", 0.0) + time.perf_counter() - t
        for name, comp in zip(pipe.pipe_names, pipe.components()):
            t = time.perf_counter()
            comp.annotate(article)
            times[name] = times.get(name, 0.0) + time.perf_counter() - t
    counts = {k: sum(len(getattr(a, k)) for a in articles) for k in ("measures", "slogans", "figures")}
    return times, counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[20_000, 80_000, 160_000])
    ap.add_argument("--joiner", default="", help="Put this between the phrases (，: one endless sentence of clauses).")
    ap.add_argument("--profile", action="store_true", help="Print the top functions by cumulative time.")
    args = ap.parse_args()
    time_extract("预热一下模型")  # load models and dictionaries outside the timings
    for size in args.sizes:
        text = unpunctuated_text(size, args.joiner)
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
        times, counts = time_extract(text)
        if args.profile:
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
        stages = "  ".join(f"{k} {v:.2f}" for k, v in times.items())
        print(f"{size:>8,} chars  {sum(times.values()):7.2f} s  ({stages})  {counts}", flush=True)


if __name__ == "__main__":
    main()
