"""Benchmark: textkit against bare ``jieba.lcut`` on the same text, in the same run.

    python scripts/bench.py                        # build a 2,000-document corpus and measure
    python scripts/bench.py --docs 2000 --source DIR --corpus /tmp/bench-corpus
    python scripts/bench.py --stages --docs 100    # also time each stage in one process
    python scripts/bench.py --cold                 # only the CPU cost of a cold start (fresh processes)

The corpus is built (seeded, reproducible) by recombining paragraphs of real reports: the political
corpus in ../shared when present, else the project's own ``corpora/``. It prints the full pipeline's
throughput per worker and its ratio to bare jieba, the speed-up from 1 to 2 workers, and the peak
RSS of ``textkit extract`` at 500 and at 2,000 documents. ``--cold`` measures instead the CPU time
(user + system, from ``getrusage(RUSAGE_CHILDREN)``, so a busy machine does not inflate it) of
``textkit extract`` on one small report and of ``textkit classify`` of one sentence, each in fresh
processes, median of ``--repeat`` runs (targets: under 4 s and 3 s).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def source_texts(source: Path) -> list[str]:
    from textkit.io.readers import read_path

    texts: list[str] = []
    files = [source] if source.is_file() else sorted(source.rglob("*.jsonl")) + sorted(source.rglob("*.txt"))
    for f in files:
        if f.suffix == ".jsonl":
            with f.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        rec = json.loads(line)
                        texts.append(rec.get("content") or rec.get("text") or "")
        else:
            texts.append(read_path(f).text)
    return [t for t in texts if t.strip()]


def build_corpus(source: Path, out: Path, n_docs: int, seed: int = 7) -> list[Path]:
    """``n_docs`` reports made of a real report's title and paragraphs drawn from several reports."""
    texts = source_texts(source)
    paragraphs = [p.strip() for t in texts for p in t.splitlines() if len(p.strip()) >= 20]
    titles = [t.strip().splitlines()[0][:40] for t in texts]
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n_docs):
        body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(8, 24)))
        path = out / f"doc{i:05d}.txt"
        if not path.exists():
            path.write_text(rng.choice(titles) + "\n" + "\n".join(body) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def pipeline_seconds(paths: list[Path], workers: int) -> float:
    from textkit.batch import BatchConfig, Task, pipeline_for, run

    config = BatchConfig()
    pipeline_for(config)  # load dictionaries and models before timing
    start = time.perf_counter()
    for res in run((Task(str(p), path=str(p)) for p in paths), config, workers=workers):
        assert res.lines
    return time.perf_counter() - start


def peak_rss_mb(paths: list[Path], tmp: Path) -> float:
    """Peak RSS of one ``textkit extract`` process (one worker) over ``paths``."""
    listing = tmp / f"manifest-{len(paths)}.csv"
    listing.write_text("path\n" + "\n".join(str(p) for p in paths) + "\n", encoding="utf-8")
    code = (
        "import resource, sys; from textkit.cli import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    cmd = [sys.executable, "-c", code, "extract", str(listing), "-o", str(tmp / f"rss-{len(paths)}.jsonl"), "-q", "-w", "1"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
    return int(out[-1]) / 1024


COLD_REPORT = """第三党支部2025年度党建工作情况报告

今年以来，支部坚持以习近平新时代中国特色社会主义思想为指导，认真落实全面从严治党要求，扎实推进各项工作。
一、加强政治理论学习。支部全年组织集中学习12次，开展专题研讨4次，党员参学率达到98%。坚持“三会一课”制度，每月召开支部委员会会议。
二、推进基层组织建设。新发展党员2名，确定入党积极分子5名。严格落实组织生活会和民主评议党员制度，建立党员积分管理台账。
三、强化作风建设。开展廉政警示教育3场，组织党员观看警示教育片，签订廉洁承诺书36份。
四、服务群众办实事。组建党员志愿服务队，开展走访慰问活动8次，帮助群众解决实际困难20余件。
下一步，支部将以“学思想、强党性、重实践、建新功”为目标，推动党建工作与业务工作深度融合。
"""
COLD_TARGETS = {"extract": 4.0, "classify": 3.0}


def child_cpu_seconds(cmd: list[str]) -> float:
    """User + system CPU seconds of one fresh process running ``cmd`` (its children included)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cold_start(tmp: Path, repeat: int) -> dict[str, float]:
    """Median CPU seconds of a cold ``textkit extract`` of one small report and ``textkit classify`` of one sentence."""
    import statistics

    tmp.mkdir(parents=True, exist_ok=True)
    report = tmp / "cold-report.txt"
    report.write_text(COLD_REPORT, encoding="utf-8")
    cli = [sys.executable, "-m", "textkit.cli"]
    commands = {
        "extract": [*cli, "extract", str(report), "-o", str(tmp / "cold-report.jsonl"), "-q"],
        "classify": [*cli, "classify", "组织党员集中学习党章"],
    }
    medians = {}
    for name, cmd in commands.items():
        runs = [child_cpu_seconds(cmd) for _ in range(repeat)]
        medians[name] = statistics.median(runs)
        verdict = "ok" if medians[name] < COLD_TARGETS[name] else "OVER"
        print(
            f"cold {name:9s} {medians[name]:5.2f} s CPU (median of {repeat}: {', '.join(f'{r:.2f}' for r in runs)}; target < {COLD_TARGETS[name]:.0f} s: {verdict})"
        )
    return medians


def stages(texts: list[str]) -> None:
    """Time each stage in one process on the same texts."""
    from textkit.normalization import normalize_text
    from textkit.pipeline import Pipeline
    from textkit.segmentation import tokenizer
    from textkit.structure import parse_structure

    chars = sum(map(len, texts))
    pipe = Pipeline()
    pipe.process_text(texts[0][:3000])
    tok = tokenizer()

    def timed(fn) -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    import jieba

    t_jieba = timed(lambda: [jieba.lcut(t) for t in texts])
    t_lex = timed(lambda: [tok.lcut(t) for t in texts])
    arts: list = []
    t_norm = timed(lambda: arts.extend(a for t in texts for a in normalize_text(t)))
    t_struct = timed(lambda: [parse_structure(a) for a in arts])
    timings = [("bare jieba.lcut", t_jieba), ("jieba + lexicon", t_lex), ("normalisation", t_norm), ("structure", t_struct)]
    for comp in pipe.components():  # each component in pipeline order, on the articles the earlier ones annotated
        timings.append((comp.name, timed(lambda comp=comp: [comp.annotate(a) for a in arts])))
    for name, t in timings:
        print(f"  {name:20s} {chars / t:>12,.0f} chars/s  ({t:.2f} s, {t / t_jieba:.2f}× bare jieba)")


def main() -> None:
    shared = ROOT.parent / "shared" / "corpora" / "political"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=shared if shared.exists() else ROOT / "corpora", help="reports to recombine")
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/textkit-bench-corpus"), help="where the built corpus goes")
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--rss-small", type=int, default=500)
    ap.add_argument("--stages", action="store_true", help="also time each stage")
    ap.add_argument("--no-rss", action="store_true")
    ap.add_argument(
        "--cold", action="store_true", help="only measure cold-start CPU of `extract` (one small file) and `classify` (one sentence)"
    )
    ap.add_argument("--repeat", type=int, default=3, help="runs per command for --cold (the median is reported)")
    args = ap.parse_args()
    if args.cold:
        cold_start(args.corpus.parent / "textkit-cold", args.repeat)
        return

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    paths = build_corpus(args.source, args.corpus, args.docs)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    chars = sum(map(len, texts))
    mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"corpus: {len(paths)} documents, {chars:,} characters, {mb:.1f} MB, built from {args.source}")
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")

    start = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    t_jieba = time.perf_counter() - start
    t1 = pipeline_seconds(paths, 1)
    t2 = pipeline_seconds(paths, 2)
    print(f"bare jieba.lcut          {chars / t_jieba:>12,.0f} chars/s  ({t_jieba:.1f} s)")
    print(f"pipeline, 1 worker       {chars / t1:>12,.0f} chars/s  ({t1:.1f} s, {len(paths) / t1:.1f} docs/s)")
    print(f"pipeline, 2 workers      {chars / t2:>12,.0f} chars/s  ({t2:.1f} s, {len(paths) / t2:.1f} docs/s)")
    print(f"pipeline per worker / bare jieba: {t_jieba / t1:.2f}x   (target >= 0.5x)")
    print(f"speed-up 1 -> 2 workers:          {t1 / t2:.2f}x   (target >= 1.7x)")
    if args.stages:
        print("stages (one process):")
        stages(texts[: min(200, len(texts))])
    if not args.no_rss:
        small = peak_rss_mb(paths[: args.rss_small], args.corpus.parent)
        large = peak_rss_mb(paths, args.corpus.parent)
        print(
            f"peak RSS: {small:.0f} MB at {args.rss_small} documents, {large:.0f} MB at {len(paths)} ({(large / small - 1) * 100:+.1f} %; target within 10 %)"
        )


if __name__ == "__main__":
    main()
