"""Benchmark: textkit against bare ``jieba.lcut`` on the same text, in the same run.

    python scripts/bench.py                        # both corpora, 800 documents each, whole CLI processes
    python scripts/bench.py --corpora web --docs 800 --rss-docs 500,2000
    python scripts/bench.py --stages --docs 100    # also time each stage in one process
    python scripts/bench.py --stages-only --docs 400  # only the stages, in one process (quick, CPU time)
    python scripts/bench.py --cold                 # only the CPU cost of a cold start (fresh processes)
    python scripts/bench.py --sizes --stages-only --docs 50   # CPU per character of 1 KB … 1 MB documents

Two corpora are built (seeded, reproducible: the same files whatever the folder held before):

- ``political``: reports recombined from paragraphs of the political corpus in ../shared (else the
  project's own ``corpora/``), 8 to 24 paragraphs each;
- ``web``: documents of eight consecutive lines drawn from the raw files of ../shared/seeds and
  ../shared/dev/web, as users have them (half traditional script, site furniture, pinyin, garbled
  runs); fallback ``corpora/``.

For each corpus it times the whole ``textkit extract DIR -o out.jsonl --workers N`` process as a user
runs it (start-up, reading, decoding, normalisation, structure, every extractor and model, writing),
with 1 and 2 workers, and bare ``jieba.lcut`` in this process on the same text converted to simplified
script (OpenCC, as textkit reads it). It prints the ratio (jieba time / textkit time), the speed-up from
1 to 2 workers, the CPU seconds of each run and the peak memory of the measured process tree (the sum
of the proportional set sizes of ``textkit`` and its workers, sampled every 20 ms: the benchmark's own
memory is not counted, nor pages a forked worker shares with its parent twice). ``--rss-docs`` checks that peak memory stays flat as the corpus grows. ``--cold`` measures
instead the CPU time of ``textkit extract`` on one small report and of ``textkit classify`` of one
sentence, each in fresh processes, median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The shared materials (political corpus, seeds, dev pages); ``--shared`` or TEXTKIT_SHARED overrides.
SHARED = Path(os.environ.get("TEXTKIT_SHARED", ROOT.parent / "shared"))
#: Targets of the speed issue: whole process, one worker, against bare jieba; two workers against one.
TARGET_RATIO, TARGET_SPEEDUP = 0.6, 1.7


def _jsonl_texts(path: Path) -> list[tuple[str, str]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                text = rec.get("content") or rec.get("text") or ""
                out.append((rec.get("title") or text.strip().split("\n", 1)[0], text))
    return out


def source_texts(sources: list[Path]) -> list[tuple[str, str]]:
    """(title, raw text) of every report under ``sources`` (JSONL manifests and text files, decoded as
    textkit decodes them, not normalised)."""
    from textkit.io.readers import read_path

    texts: list[tuple[str, str]] = []
    for source in sources:
        files = [source] if source.is_file() else sorted(source.rglob("*.jsonl")) + sorted(source.rglob("*.txt"))
        for f in files:
            if f.suffix == ".jsonl":
                texts.extend(_jsonl_texts(f))
            else:
                text = read_path(f).text
                texts.append((text.strip().split("\n", 1)[0][:40], text))
    return [(title, text) for title, text in texts if text.strip()]


def _write_corpus(out: Path, docs: list[str]) -> list[Path]:
    """Write ``docs`` as ``doc00000.txt`` … into ``out``, removing any other document there."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"doc{i:05d}.txt" for i in range(len(docs))]
    keep = set(paths)
    for old in out.glob("*.txt"):
        if old not in keep:
            old.unlink()
    for path, doc in zip(paths, docs):
        if not path.exists() or path.read_text(encoding="utf-8") != doc:
            path.write_text(doc, encoding="utf-8")
    return paths


def build_political(sources: list[Path], out: Path, n_docs: int, seed: int = 7) -> list[Path]:
    """``n_docs`` reports made of a real report's title and 8–24 paragraphs drawn from several reports."""
    texts = source_texts(sources)
    paragraphs = [p.strip() for _, t in texts for p in t.splitlines() if len(p.strip()) >= 20]
    titles = [title.strip()[:40] for title, _ in texts]
    rng = random.Random(seed)
    docs = []
    for _ in range(n_docs):
        body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(8, 24)))
        docs.append(rng.choice(titles) + "\n" + "\n".join(body) + "\n")
    return _write_corpus(out, docs)


def build_web(sources: list[Path], out: Path, n_docs: int, seed: int = 7) -> list[Path]:
    """``n_docs`` documents of a real page's first line and eight consecutive lines of a real page,
    furniture, pinyin, garbled runs and script as they come."""
    pages = [[ln for ln in t.splitlines() if ln.strip()] for _, t in source_texts(sources)]
    pages = [p for p in pages if len(p) >= 2]
    rng = random.Random(seed)
    docs = []
    for _ in range(n_docs):
        page = rng.choice(pages)
        at = rng.randrange(1, max(2, len(page) - 7))
        docs.append("\n".join([page[0], *page[at : at + 8]]) + "\n")
    return _write_corpus(out, docs)


def corpus_sources(kind: str) -> list[Path]:
    """Where a corpus is drawn from: ../shared when present, else the project's ``corpora/``."""
    if kind == "political":
        shared = SHARED / "corpora" / "political"
        return [shared] if shared.exists() else [ROOT / "corpora"]
    shared = [SHARED / "seeds", SHARED / "dev" / "web"]
    return [p for p in shared if p.exists()] or [ROOT / "corpora"]


def build_corpus(kind: str, out: Path, n_docs: int) -> list[Path]:
    builder = build_political if kind == "political" else build_web
    return builder(corpus_sources(kind), out, n_docs)


def corpus_digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for p in paths:
        digest.update(p.read_bytes())
    return digest.hexdigest()[:12]


def converted(texts: list[str]) -> list[str]:
    """The texts in simplified script, as textkit converts them (OpenCC t2s and the 著 fix)."""
    from textkit.normalization.script import to_simplified

    return [to_simplified(t)[0] for t in texts]


def _pss(pid: int) -> int:
    """Proportional set size in bytes (shared pages split among the processes sharing them), so the
    memory of forked workers is not counted twice; the RSS where ``smaps_rollup`` is missing."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import psutil

    try:
        return psutil.Process(pid).memory_info().rss
    except psutil.Error:
        return 0


def _tree_sample(proc, cpu_seen: dict[int, float]) -> int:
    """Memory in bytes of ``proc`` and its descendants (PSS, 0 for any that has gone); records the CPU
    seconds each has used so far in ``cpu_seen`` (workers may end without being waited for, and then
    ``RUSAGE_CHILDREN`` never counts them)."""
    import psutil

    try:
        members = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in members:
        try:
            t = p.cpu_times()
            cpu_seen[p.pid] = t.user + t.system
        except psutil.Error:
            pass
    return sum(_pss(p.pid) for p in members)


def run_process(cmd: list[str], *, memory: bool = True) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system of the process and its workers) and peak memory (MB, PSS)
    of the process tree running ``cmd``, sampled every 20 ms; without ``memory`` nothing is sampled
    (peak 0): reading a process's ``smaps_rollup`` walks its page tables under its memory lock, and
    every 20 ms that slows the measured workers (2 workers: 7.1 s wall unsampled, 9.5 s sampled)."""
    import resource

    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, cpu_seen = 0, {}
    while proc.poll() is None:
        if memory:
            peak = max(peak, _tree_sample(proc, cpu_seen))
        time.sleep(0.02)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.read().decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    waited = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, max(waited, sum(cpu_seen.values())), peak / 2**20


def extract_cmd(corpus: Path, out: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "textkit.cli", "extract", str(corpus), "-o", str(out), "-q", "--workers", str(workers)]


def whole_process(corpus: Path, tmp: Path, workers: int, *, memory: bool = True) -> tuple[float, float, float]:
    """``textkit extract`` of the whole corpus folder in a fresh process (a new output each time)."""
    out = tmp / f"out-{corpus.name}-{workers}.jsonl"
    for stale in tmp.glob(f"out-{corpus.name}-{workers}.jsonl*"):
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    return run_process(extract_cmd(corpus, out, workers), memory=memory)


COLD_REPORT = """第三党支部2025年度党建工作情况报告

今年以来，支部坚持以习近平新时代中国特色社会主义思想为指导，认真落实全面从严治党要求，扎实推进各项工作。
一、加强政治理论学习。支部全年组织集中学习12次，开展专题研讨4次，党员参学率达到98%。坚持“三会一课”制度，每月召开支部委员会会议。
二、推进基层组织建设。新发展党员2名，确定入党积极分子5名。严格落实组织生活会和民主评议党员制度，建立党员积分管理台账。
三、强化作风建设。开展廉政警示教育3场，组织党员观看警示教育片，签订廉洁承诺书36份。
四、服务群众办实事。组建党员志愿服务队，开展走访慰问活动8次，帮助群众解决实际困难20余件。
下一步，支部将以“学思想、强党性、重实践、建新功”为目标，推动党建工作与业务工作深度融合。
"""
COLD_TARGETS = {"extract": 3.0, "classify": 3.0}  # CPU seconds (issue 16: one small file under 3 s)
COLD_MEMORY_TARGET = 250  # MB, peak of the process tree (issue 16)


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
        peak = run_process(cmd)[2]
        verdict = "ok" if peak < COLD_MEMORY_TARGET else "OVER"
        print(f"cold {name:9s} peak memory {peak:5.0f} MB (PSS of the process tree; target < {COLD_MEMORY_TARGET} MB: {verdict})")
        runs = [child_cpu_seconds(cmd) for _ in range(repeat)]
        medians[name] = statistics.median(runs)
        verdict = "ok" if medians[name] < COLD_TARGETS[name] else "OVER"
        print(
            f"cold {name:9s} {medians[name]:5.2f} s CPU (median of {repeat}: {', '.join(f'{r:.2f}' for r in runs)}; target < {COLD_TARGETS[name]:.0f} s: {verdict})"
        )
    return medians


def stages(texts: list[str]) -> None:
    """Time each stage in one process on the same texts."""
    from textkit.batch import BATCH_DOCUMENTS
    from textkit.components import annotate_all
    from textkit.normalization import normalize_text
    from textkit.pipeline import Pipeline
    from textkit.segmentation import tokenizer
    from textkit.structure import parse_structure

    chars = sum(map(len, texts))
    pipe = Pipeline()
    pipe.process_text(texts[0][:3000])
    tok = tokenizer()

    def timed(fn) -> float:  # CPU seconds: steadier than wall time on a shared machine
        start = time.process_time()
        fn()
        return time.process_time() - start

    import jieba

    simplified = converted(texts)
    t_jieba = timed(lambda: [jieba.lcut(t) for t in simplified])
    t_lex = timed(lambda: [tok.lcut(t) for t in simplified])
    arts: list = []
    t_norm = timed(lambda: arts.extend(a for t in texts for a in normalize_text(t)))
    t_struct = timed(lambda: [parse_structure(a) for a in arts])
    timings = [("bare jieba.lcut", t_jieba), ("jieba + lexicon", t_lex), ("normalisation", t_norm), ("structure", t_struct)]
    # Each component in pipeline order, on the articles the earlier ones annotated, a batch at a time
    # as the batch runner gives them (its annotate_batch when it has one).
    batches = [arts[i : i + BATCH_DOCUMENTS] for i in range(0, len(arts), BATCH_DOCUMENTS)]
    for comp in pipe.components():
        timings.append((comp.name, timed(lambda comp=comp: [annotate_all(comp, batch) for batch in batches])))
    for name, t in timings:
        print(f"    {name:20s} {chars / t:>12,.0f} chars/s  ({t:.2f} s, {t / t_jieba:.2f}× bare jieba)")


def bench_corpus(kind: str, args: argparse.Namespace) -> None:
    import jieba

    folder = args.corpus / f"{kind}-{args.docs}"
    paths = build_corpus(kind, folder, args.docs)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    simplified = converted(texts)
    chars = sum(map(len, simplified))
    print(
        f"\n[{kind}] {len(paths)} documents, {chars:,} characters, {sum(p.stat().st_size for p in paths) / 1e6:.1f} MB, digest {corpus_digest(paths)}"
    )
    print(f"  built from {', '.join(str(s) for s in corpus_sources(kind))}")
    if args.stages_only:
        print("  stages (one process, start-up excluded, CPU seconds):")
        stages(texts)
        return

    def timed_jieba() -> tuple[float, float]:
        start, cpu_start = time.perf_counter(), time.process_time()
        for t in simplified:
            jieba.lcut(t)
        return time.perf_counter() - start, time.process_time() - cpu_start

    # Rounds of (jieba, 1 worker, jieba, 2 workers) back to back: the ratios are taken within a round,
    # jieba's time being the mean of its runs just before and just after the one-worker run, so a
    # machine whose speed drifts (shared hosts) moves both sides of each ratio; the median is reported.
    ratios, cpu_ratios, speedups = [], [], []
    for r in range(args.rounds):
        before = timed_jieba()
        one = whole_process(folder, args.corpus, 1, memory=False)  # memory: --rss-docs
        after = timed_jieba()
        runs = {1: one, 2: whole_process(folder, args.corpus, 2, memory=False)}
        t_jieba, cpu_jieba = ((b + a) / 2 for b, a in zip(before, after))
        ratios.append(t_jieba / runs[1][0])
        cpu_ratios.append(cpu_jieba / runs[1][1])
        speedups.append(runs[1][0] / runs[2][0])
        print(
            f"  round {r + 1}: bare jieba.lcut (simplified text) {chars / t_jieba:>10,.0f} chars/s  ({t_jieba:.1f} s: {before[0]:.1f} s before, {after[0]:.1f} s after)"
        )
        for w, (wall, cpu, _peak) in runs.items():
            print(
                f"           textkit extract, {w} worker{'s' if w > 1 else ' '}  {chars / wall:>10,.0f} chars/s  ({wall:.1f} s wall, {cpu:.1f} s CPU)"
            )
        print(f"           ratio {ratios[-1]:.2f}x (CPU {cpu_ratios[-1]:.2f}x), 2 workers {speedups[-1]:.2f}x one")
    ratio, cpu_ratio, speedup = (statistics.median(v) for v in (ratios, cpu_ratios, speedups))
    print(
        f"  whole process, 1 worker / bare jieba: {ratio:.2f}x median of {args.rounds}  (target >= {TARGET_RATIO}x: {'ok' if ratio >= TARGET_RATIO else 'MISSED'})"
    )
    print(f"  the same in CPU seconds:              {cpu_ratio:.2f}x  (steadier on a busy machine)")
    print(
        f"  speed-up 1 -> 2 workers:              {speedup:.2f}x median  (target >= {TARGET_SPEEDUP}x: {'ok' if speedup >= TARGET_SPEEDUP else 'MISSED'})"
    )
    if args.stages:
        print("  stages (one process, start-up excluded, CPU seconds):")
        stages(texts[: min(200, len(texts))])


SIZES = (1_000, 10_000, 100_000, 1_000_000)
#: A document this many times longer may cost this much more per character (issue 16: within 20 %).
TARGET_SIZE_RATIO = 1.2


def size_scaling(kind: str) -> None:
    """CPU per character of single documents of 1 KB to 1 MB (one process, pipeline loaded first):
    nothing may grow faster than linearly with document length. Each size is timed on about 1 MB of
    such documents, built (seeded) from the body paragraphs of the corpus's sources: the lines that
    normalisation keeps in their own report (a licence or site footer drawn into the middle of a
    long document would end it there, and the rest would not be processed at all). The share of the
    input that reaches the extractors is printed to show that it did."""
    from textkit.normalization import normalize_text
    from textkit.pipeline import Pipeline

    paragraphs = [
        ln.strip()
        for _, t in source_texts(corpus_sources(kind))
        for a in normalize_text(t)
        for ln in a.text.splitlines()
        if len(ln.strip()) >= 8
    ]
    rng = random.Random(11)
    pipe = Pipeline()
    pipe.process_text(paragraphs[0])
    per_char, kept = {}, {}
    for size in SIZES:
        docs = []
        for _ in range(max(1, SIZES[-1] // size)):
            parts, length = [], 0
            while length < size:
                parts.append(rng.choice(paragraphs))
                length += len(parts[-1]) + 1
            docs.append("\n".join(parts)[:size])
        chars, processed = sum(map(len, docs)), 0
        start = time.process_time()
        for doc in docs:
            processed += sum(len(a.text) for a in pipe.process_text(doc))
        per_char[size] = (time.process_time() - start) / chars * 1e6
        kept[size] = processed / chars
    base = per_char[10_000]
    print(f"  CPU per character by document size [{kind}] (one process):")
    for size, us in per_char.items():
        print(f"    {size:>9,} chars  {us:6.2f} µs/char  ({us / base:.2f}× the 10 KB cost; {kept[size]:.0%} of it extracted from)")
    worst = per_char[SIZES[-1]] / base
    print(f"  1 MB / 10 KB: {worst:.2f}×  (target <= {TARGET_SIZE_RATIO}: {'ok' if worst <= TARGET_SIZE_RATIO else 'MISSED'})")


def rss_growth(kind: str, args: argparse.Namespace) -> None:
    """Peak memory of one-worker runs on growing corpora (it should stay flat)."""
    peaks = []
    for n in args.rss_docs:
        folder = args.corpus / f"{kind}-{n}"
        build_corpus(kind, folder, n)
        peaks.append((n, whole_process(folder, args.corpus, 1)[2]))
    first = peaks[0][1]
    print(
        f"  peak memory (PSS) [{kind}]: "
        + ", ".join(f"{p:.0f} MB at {n}" for n, p in peaks)
        + f"  ({(peaks[-1][1] / first - 1) * 100:+.1f} %; target within 10 %)"
    )


def compile_package() -> None:
    """Byte-compile textkit, as ``pip install .`` does: an editable checkout (or PYTHONDONTWRITEBYTECODE)
    would otherwise compile every module from source in each measured process."""
    import compileall

    compileall.compile_dir(str(ROOT / "textkit"), quiet=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", default="political,web", help="corpora to build and measure: political, web or both")
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/textkit-bench"), help="where the built corpora go")
    ap.add_argument("--docs", type=int, default=800)
    ap.add_argument("--rss-docs", default="500,2000", help="corpus sizes for the peak-memory check")
    ap.add_argument("--stages", action="store_true", help="also time each stage in one process")
    ap.add_argument("--sizes", action="store_true", help="also time single documents of 1 KB to 1 MB (CPU per character)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of jieba, 1 worker, 2 workers (the median ratio is reported)")
    ap.add_argument("--stages-only", action="store_true", help="only time each stage in one process, on the whole corpus")
    ap.add_argument("--no-rss", action="store_true", help="skip the peak-memory check")
    ap.add_argument(
        "--cold", action="store_true", help="only measure cold-start CPU of `extract` (one small file) and `classify` (one sentence)"
    )
    ap.add_argument("--repeat", type=int, default=3, help="runs per command for --cold (the median is reported)")
    ap.add_argument("--shared", type=Path, help="folder of the shared materials (default ../shared)")
    args = ap.parse_args()
    if args.shared:
        global SHARED
        SHARED = args.shared
    args.rss_docs = [int(n) for n in args.rss_docs.split(",")]
    compile_package()
    if args.cold:
        cold_start(args.corpus / "cold", args.repeat)
        return

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    args.corpus.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    kinds = [k.strip() for k in args.corpora.replace("both", "political,web").split(",") if k.strip()]
    unknown = sorted(set(kinds) - {"political", "web"})
    if unknown:
        ap.error(f"unknown corpus {', '.join(unknown)}: choose political, web or both")
    for kind in kinds:
        bench_corpus(kind, args)
    if args.sizes:
        for kind in kinds:
            size_scaling(kind)
    if not args.no_rss:
        for kind in kinds:
            rss_growth(kind, args)


if __name__ == "__main__":
    main()
