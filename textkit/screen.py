"""Screen submissions: substance scores, flags with Chinese reasons, and near-duplicates.

Scores come from the extraction (concrete measures, done versus prescribed, figures, themes,
slogans, boilerplate); see ``substance`` for the formula. Duplicates come from MinHash LSH on
character shingles of the normalised text (simplified script, punctuation and spaces removed),
so a traditional-script copy of a simplified template is caught. LSH candidates are confirmed by
the exact shingle overlap and by the passages the two texts share (at least ``min_passage``
characters), which are reported with their offsets in both normalised texts.

    >>> results = screen(["submissions/"], reference=["templates/", "last_year.jsonl"])
    >>> results[0]["score"], results[0]["flags"], results[0]["duplicates"]
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from textkit.labels import THEME_NAMES, THEMES
from textkit.model import Article, Document, Measure

__all__ = ["THEME_NAMES"]
ProgressFn = Callable[[str, int, int], None]

# Weights of the overall 0–100 substance score (they sum to 100).
WEIGHTS = {"concrete": 30, "done": 15, "figures": 15, "themes": 15, "slogans": 10, "plain": 15}

# A measure counts as concrete for screening when, once its slogans, quoted formulas and years
# are taken out, it still names a number, a document, an institution or a regular activity.
_CONCRETE = re.compile(
    r"\d|[一二两三四五六七八九十百千]+[个项次名场期件家所户人本张部条篇批支]|《|制度(?!化)|台账|手册|清单|档案|公约|工作室|志愿|岗|队|"
    r"党课|民主生活会|组织生活会|主题党日|活动室|阵地|会议|平台|中心|基地|网格|责任书|承诺书"
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』|‘[^’]*’")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年(?:度)?")
# Stock phrases of filler prose (套话): a sentence holding one, without concrete content, is boilerplate.
_FILLER = re.compile(
    r"高度重视|取得了?(?:一定|明显|显著|良好|较好|积极|长足)的?(?:成绩|成效|效果|进展)|提供(?:坚强|有力|坚实)的?(?:组织|政治|思想)?(?:保证|保障|支撑)|"
    r"现将.{0,20}(?:总结|报告|汇报)如下|在.{0,12}(?:坚强|正确)领导下|以习近平新时代中国特色社会主义思想为指导|"
    r"(?:存在|还有)(?:一些|以下|不少)?(?:不足|问题|差距)|(?:不断|进一步)(?:增强|提高|提升)[^，。；]{0,12}(?:感|性|力|水平|能力)|"
    r"深度融合|同频共振|落地见效|走深走实|见行见效|再上新台阶|开创.{0,8}新局面"
)
_FILLER_RATIO = 0.5


@dataclass
class ScreenConfig:
    """Thresholds of screening; the defaults are documented in the README."""

    shingle: int = 5  # characters per shingle
    num_perm: int = 128  # MinHash permutations
    lsh_threshold: float = 0.2  # Jaccard at which LSH proposes a candidate (low, so that partial copies are candidates)
    min_passage: int = 30  # shortest shared passage reported (characters of normalised text without punctuation)
    min_copied_share: float = 0.3  # share of either text covered by shared passages that makes a duplicate
    max_passages: int = 40  # passages kept per duplicate
    full_concrete: int = 8  # concrete measures for full marks
    full_figures: int = 8  # reported figures for full marks
    few_figures: int = 3  # fewer reported figures than this: FEW_FIGURES
    slogan_heavy: float = 1.5  # slogans per concrete measure from which SLOGAN_HEAVY is raised
    only_prescribed: float = 0.2  # done share below this (with 3+ measures): ONLY_PRESCRIBED
    boilerplate_heavy: float = 0.4  # boilerplate share from which BOILERPLATE_HEAVY is raised
    min_chars: int = 200  # shorter texts: TOO_SHORT


# --------------------------------------------------------------------------- fingerprints


@dataclass
class Fingerprint:
    """A normalised text reduced for comparison: ``compact`` keeps letters, digits and hanzi only;
    ``positions[i]`` is the offset in ``text`` of ``compact[i]``; ``shingles`` the sorted unique
    32-bit hashes of its character n-grams."""

    source: str
    title: str
    text: str
    compact: str
    positions: np.ndarray
    shingles: np.ndarray

    def __len__(self) -> int:
        return len(self.compact)


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def compact_text(text: str) -> tuple[str, np.ndarray]:
    """``text`` without punctuation and spaces (ASCII letters lower-cased), and the offsets of the kept characters."""
    cp = _codepoints(text)
    low = cp | 32
    keep = (
        ((cp >= 0x4E00) & (cp <= 0x9FFF))
        | ((cp >= 0x3400) & (cp <= 0x4DBF))
        | ((cp >= 0xF900) & (cp <= 0xFAFF))
        | ((cp >= 0x20000) & (cp <= 0x3134F))
        | ((cp >= 48) & (cp <= 57))
        | ((low >= 97) & (low <= 122))
    )
    positions = np.flatnonzero(keep).astype(np.int32)
    kept = cp[keep].copy()
    kept[(kept >= 65) & (kept <= 90)] += 32
    return kept.astype("<u4").tobytes().decode("utf-32-le"), positions


def shingle_hashes(compact: str, n: int = 5) -> np.ndarray:
    """Sorted unique 32-bit hashes of the ``n``-character shingles of ``compact`` (a shorter text is one shingle)."""
    cp = _codepoints(compact).astype(np.uint64)
    if cp.size == 0:
        return np.zeros(0, dtype=np.uint32)
    n = min(n, cp.size)
    m = cp.size - n + 1
    h = np.full(m, 0xCBF29CE484222325, dtype=np.uint64)
    prime = np.uint64(0x100000001B3)
    for k in range(n):
        h = (h ^ cp[k : k + m]) * prime
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


def fingerprint(text: str, source: str = "", title: str = "", n: int = 5, *, simplified: bool = False) -> Fingerprint:
    """The fingerprint of a normalised text (converted to simplified first unless ``simplified``)."""
    if not simplified:
        from textkit.normalization.script import to_simplified

        text = to_simplified(text)[0]
    compact, positions = compact_text(text)
    return Fingerprint(source, title, text, compact, positions, shingle_hashes(compact, n))


def _identity(x: int) -> int:
    return x


def minhash(fp: Fingerprint, num_perm: int = 128):
    """A datasketch ``MinHash`` of the fingerprint's shingles (already hashed to 32 bits)."""
    from datasketch import MinHash

    m = MinHash(num_perm=num_perm, seed=1, hashfunc=_identity)
    if fp.shingles.size:
        m.update_batch(fp.shingles.tolist())
    return m


# --------------------------------------------------------------------------- passages and comparison


def shared_passages(a: str, b: str, n: int = 5, min_len: int = 30) -> list[tuple[int, int, int, int]]:
    """Common substrings of ``a`` and ``b`` at least ``min_len`` long, as ``(a_start, a_end, b_start, b_end)``.

    Greedy string tiling from left to right in ``a``: at each position the longest match in ``b``
    starting with the same ``n``-gram is taken and the scan jumps past it.
    """
    if len(a) < min_len or len(b) < min_len:
        return []
    index: dict[str, list[int]] = {}
    for j in range(len(b) - n + 1):
        index.setdefault(b[j : j + n], []).append(j)
    out: list[tuple[int, int, int, int]] = []
    la, lb = len(a), len(b)
    i = 0
    while i <= la - n:
        cands = index.get(a[i : i + n])
        if cands:
            best, best_j = 0, -1
            for j in cands[:32]:
                k = n
                while i + k < la and j + k < lb and a[i + k] == b[j + k]:
                    k += 1
                if k > best:
                    best, best_j = k, j
            if best >= min_len:
                out.append((i, i + best, best_j, best_j + best))
                i += best
                continue
        i += 1
    return out


@dataclass
class Match:
    """How two fingerprints overlap; passages in compact offsets of ``a`` and ``b``."""

    jaccard: float
    containment: float  # share of a's shingles found in b
    coverage: float  # share of b's shingles found in a
    passages: list[tuple[int, int, int, int]]
    share_a: float  # share of a's characters inside shared passages
    share_b: float

    def swapped(self) -> Match:
        return Match(
            self.jaccard, self.coverage, self.containment, sorted((c, d, a, b) for a, b, c, d in self.passages), self.share_b, self.share_a
        )


def shingle_overlap(a: np.ndarray, b: np.ndarray) -> tuple[int, float, float]:
    """Shared shingles of two sorted unique hash arrays, and the share of each array they are."""
    if not a.size or not b.size:
        return 0, 0.0, 0.0
    inter = int(np.intersect1d(a, b, assume_unique=True).size)
    return inter, inter / a.size, inter / b.size


def compare(a: Fingerprint, b: Fingerprint, cfg: ScreenConfig) -> Match | None:
    """Confirm a candidate pair; ``None`` unless shared passages cover ``min_copied_share`` of either text.

    Passages hold fewer characters than the shingles they share, so pairs whose exact shingle
    overlap is below 0.9 · ``min_copied_share`` on both sides are dropped before passages are sought."""
    inter, cont, cov = shingle_overlap(a.shingles, b.shingles)
    if max(cont, cov) < 0.9 * cfg.min_copied_share:
        return None
    passages = shared_passages(a.compact, b.compact, cfg.shingle, cfg.min_passage)
    copied = sum(e - s for s, e, _, _ in passages)
    share_a, share_b = copied / max(1, len(a)), copied / max(1, len(b))
    if max(share_a, share_b) < cfg.min_copied_share:
        return None
    jac = inter / (a.shingles.size + b.shingles.size - inter)
    return Match(round(jac, 3), round(cont, 3), round(cov, 3), passages, round(share_a, 3), round(share_b, 3))


def _passage_dicts(a: Fingerprint, b: Fingerprint, passages: list[tuple[int, int, int, int]], limit: int) -> list[dict]:
    out = []
    for s, e, bs, be in sorted(passages, key=lambda p: p[0] - p[1])[:limit]:
        start, end = int(a.positions[s]), int(a.positions[e - 1]) + 1
        other_start, other_end = int(b.positions[bs]), int(b.positions[be - 1]) + 1
        out.append(
            {"text": a.text[start:end], "start": start, "end": end, "other_start": other_start, "other_end": other_end, "chars": e - s}
        )
    return sorted(out, key=lambda p: p["start"])


def _union_share(fp: Fingerprint, spans: Iterable[tuple[int, int]]) -> float:
    covered = np.zeros(len(fp), dtype=bool)
    for s, e in spans:
        covered[s:e] = True
    return float(covered.mean()) if len(fp) else 0.0


class DuplicateIndex:
    """MinHash LSH over documents.

    ``candidates`` asks the LSH, then drops the candidates whose overlap, estimated from the
    MinHash signatures and the set sizes, is far below ``min_copied_share`` in both directions,
    then those whose exact shingle overlap is, so that passages are sought (with the full
    fingerprint, rebuilt from the stored text for references to save memory) for few pairs.
    """

    def __init__(self, cfg: ScreenConfig, keep_fingerprints: bool = True):
        from datasketch import MinHashLSH

        self.cfg = cfg
        self.lsh = MinHashLSH(threshold=cfg.lsh_threshold, num_perm=cfg.num_perm, weights=(0.3, 0.7))
        self.keep = keep_fingerprints
        self.entries: list[tuple[str, str, str]] = []  # source, title, text
        self._signatures: list[np.ndarray] = []
        self._sizes: list[int] = []
        self._shingles: list[np.ndarray] = []  # 4 bytes a shingle: cheaper to keep than to recompute
        self._matrix: tuple[np.ndarray, np.ndarray] | None = None
        self._fps: dict[int, Fingerprint] = {}
        self._cache: OrderedDict[int, Fingerprint] = OrderedDict()

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, fp: Fingerprint, mh=None) -> int | None:
        """Index a fingerprint; returns its key, or None when the text is too short to compare."""
        if len(fp) < self.cfg.min_passage:
            return None
        mh = mh if mh is not None else minhash(fp, self.cfg.num_perm)
        key = len(self.entries)
        self.entries.append((fp.source, fp.title, fp.text))
        self._signatures.append(np.asarray(mh.hashvalues, dtype=np.uint64))
        self._sizes.append(int(fp.shingles.size))
        self._shingles.append(fp.shingles)
        self._matrix = None
        if self.keep:
            self._fps[key] = fp
        self.lsh.insert(key, mh)
        return key

    def candidates(self, mh, query_shingles: np.ndarray) -> list[int]:
        """Keys of the documents that may share ``min_copied_share`` of either text with the query."""
        keys = sorted(self.lsh.query(mh))
        size = query_shingles.size
        if not keys or not size:
            return []
        if self._matrix is None:
            self._matrix = (np.vstack(self._signatures), np.asarray(self._sizes, dtype=float))
        sigs, sizes = self._matrix[0][keys], self._matrix[1][keys]
        jac = (sigs == np.asarray(mh.hashvalues, dtype=np.uint64)).mean(axis=1)
        # share of the smaller set in the intersection, and its standard error from that of the Jaccard estimate
        inter = jac * (size + sizes) / (1 + jac)
        smaller = np.minimum(size, np.maximum(sizes, 1))
        share = inter / smaller
        err = np.sqrt(jac * (1 - jac) / len(mh.hashvalues)) * (size + sizes) / (smaller * (1 + jac) ** 2)
        keys = [k for k, s in zip(keys, share + 2 * err) if s >= self.cfg.min_copied_share]
        # then the exact shingle overlap, as ``compare`` does, before any fingerprint is rebuilt
        limit = 0.9 * self.cfg.min_copied_share
        return [k for k in keys if max(shingle_overlap(query_shingles, self._shingles[k])[1:]) >= limit]

    def fingerprint(self, key: int) -> Fingerprint:
        if key in self._fps:
            return self._fps[key]
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        source, title, text = self.entries[key]
        fp = fingerprint(text, source, title, self.cfg.shingle, simplified=True)
        self._cache[key] = fp
        if len(self._cache) > 256:
            self._cache.popitem(last=False)
        return fp


# --------------------------------------------------------------------------- reference corpus


def iter_reference_texts(inputs: Iterable[str], errors: list[str] | None = None) -> Iterator[tuple[str, str, str]]:
    """``(source, title, normalised text)`` of each reference document. Files, folders and manifests
    are read and normalised (no extraction); extract outputs (``.jsonl``, ``.sqlite`` …) are read
    back with ``read_records``. Unreadable inputs are appended to ``errors`` and skipped."""
    from textkit.batch import iter_tasks
    from textkit.errors import InputError
    from textkit.normalization import normalize_text
    from textkit.report import is_record_file

    for item in inputs:
        if is_record_file(item):
            try:
                yield from _record_texts(Path(item))
            except (OSError, ValueError, KeyError) as exc:
                if errors is not None:
                    errors.append(f"{item}: {exc}")
            continue
        for task in iter_tasks([item]):
            try:
                raw = _raw_text(task)
                arts = normalize_text(raw.text, task.source)
            except InputError as exc:
                if errors is not None:
                    errors.append(str(exc))
                continue
            except Exception as exc:  # noqa: BLE001 - a bad reference file must not stop the batch
                if errors is not None:
                    errors.append(f"{task.source}: {type(exc).__name__}: {exc}")
                continue
            if arts:
                yield task.source, arts[0].title, "\n".join(a.text for a in arts)


def _raw_text(task):
    """The text of a batch task, with a manifest row's metadata merged into its meta."""
    raw = task.raw()
    raw.meta = {**raw.meta, **task.metadata}
    return raw


def _record_texts(path: Path) -> Iterator[tuple[str, str, str]]:
    from textkit.io.records import read_records
    from textkit.normalization.script import to_simplified

    source, title, texts = None, "", []
    for rec in read_records(path):
        if rec.get("error") or not rec.get("text"):
            continue
        if rec.get("source") != source:
            if source is not None and texts:
                yield source, title, "\n".join(texts)
            source, title, texts = rec.get("source"), rec.get("title") or "", []
        texts.append(to_simplified(rec["text"])[0])  # in case it was written in traditional script
    if source is not None and texts:
        yield source, title, "\n".join(texts)


def build_reference_index(inputs: Iterable[str], cfg: ScreenConfig, progress: ProgressFn | None = None, errors: list[str] | None = None):
    """A ``DuplicateIndex`` of the reference corpus (fingerprints recomputed on demand to save memory)."""
    index = DuplicateIndex(cfg, keep_fingerprints=False)
    for n, (source, title, text) in enumerate(iter_reference_texts(inputs, errors), 1):
        index.add(fingerprint(text, source, title, cfg.shingle, simplified=True))
        if progress:
            progress("reference", n, 0)
    return index


# --------------------------------------------------------------------------- substance


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The domain stop-word list shipped in ``textkit/data/stopwords.txt``."""
    from textkit.resources import data_path

    with data_path("stopwords.txt").open(encoding="utf-8") as fh:
        return frozenset(ln.strip() for ln in fh if ln.strip() and not ln.startswith("#"))


def _content_chars(text: str) -> int:
    return len(compact_text(text)[0])


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < e and s < b for a, b in spans)


def slogan_spans(art: Article) -> list[tuple[int, int]]:
    """Offsets of every occurrence of the article's slogans."""
    spans = []
    for s in art.slogans:
        spans += [(int(a), int(b)) for a, b in (s.occurrences or [(s.start, s.end)])]
    return spans


def is_concrete(m: Measure, art: Article, slogans: list[tuple[int, int]], figures: list[tuple[int, int]]) -> bool:
    """Concrete for screening: beyond its slogans, quoted formulas and years the measure still names
    something countable or checkable (a number, a named document, a body, a regular activity);
    a figure always counts. Headings count only with a figure."""
    if any(m.start <= a and b <= m.end for a, b in figures):
        return True
    if m.level == "heading":
        return False
    chars = list(art.text[m.start : m.end])
    for a, b in slogans:
        for k in range(max(a, m.start), min(b, m.end)):
            chars[k - m.start] = " "
    text = _YEAR.sub("", _QUOTED.sub("", "".join(chars)))
    return bool(_CONCRETE.search(text))


def _is_boilerplate(text: str, slogan_chars: int) -> bool:
    if _FILLER.search(text):
        return True
    from textkit.segmentation import segment

    stop = stopwords()
    content = _content_chars(text)
    if not content:
        return False
    filler = sum(len(t) for t in segment(text) if t in stop) + slogan_chars
    return filler / content >= _FILLER_RATIO


def substance(articles: list[Article], cfg: ScreenConfig | None = None) -> dict[str, Any]:
    """Substance scores of one submission (all its articles together).

    * ``concrete_measures``: measures that are concrete for screening (see ``is_concrete``);
    * ``done_share``: share of (non-heading) measures reported as done rather than prescribed (要…);
    * ``figures``: figures reported as achievements (targets are counted apart);
    * ``themes_covered`` / ``themes_missing``: themes of the concrete measures (main or secondary);
    * ``slogans_per_concrete_measure``: distinct slogans divided by concrete measures;
    * ``boilerplate_share``: share of the body's characters (headings left out) in sentences that hold
      no concrete measure and no figure and are filler: a stock phrase (高度重视, 取得了明显成效,
      提供坚强保证…) or at least half of their characters in stop words and slogans.

    ``substance`` (0–100) = 30·min(1, concrete/8) + 15·done_share + 15·min(1, figures/8)
    + 15·covered/4 + 10·slogan_balance + 15·(1 − boilerplate_share), where slogan_balance is 1 up
    to one slogan per concrete measure and falls to 0 at three, and the last two terms are 0
    without any concrete measure.
    """
    cfg = cfg or ScreenConfig()
    measures = concrete = done = non_heading = figures = targets = 0
    covered: set[str] = set()
    slogans: set[str] = set()
    body_chars = boiler_chars = 0
    chars = 0
    for art in articles:
        chars += _content_chars(art.text)
        s_spans = slogan_spans(art)
        f_spans = [(f.start, f.end) for f in art.figures]
        slogans.update(s.text for s in art.slogans)
        figures += sum(1 for f in art.figures if f.role != "target")
        targets += sum(1 for f in art.figures if f.role == "target")
        substantive = list(f_spans)
        for m in art.measures:
            measures += 1
            if m.level != "heading":
                non_heading += 1
                done += m.status == "done"
            if is_concrete(m, art, s_spans, f_spans):
                concrete += 1
                substantive.append((m.start, m.end))
                covered.update(str(t) for t in m.themes if str(t) in THEMES)
        headings = [(s.start, s.heading_end) for s in art.sections]
        for sent in art.sentences:
            if _overlaps(sent.start, sent.end, headings) and not _overlaps(sent.start, sent.end, substantive):
                continue
            text = art.text[sent.start : sent.end]
            n = _content_chars(text)
            body_chars += n
            if n and not _overlaps(sent.start, sent.end, substantive):
                sl = sum(min(b, sent.end) - max(a, sent.start) for a, b in s_spans if a < sent.end and sent.start < b)
                if _is_boilerplate(text, sl):
                    boiler_chars += n
    done_share = done / non_heading if non_heading else 0.0
    ratio = len(slogans) / concrete if concrete else None
    boiler = boiler_chars / body_chars if body_chars else 0.0
    balance = 0.0 if not concrete else max(0.0, min(1.0, (3 - ratio) / 2))
    points = {
        "concrete": WEIGHTS["concrete"] * min(1.0, concrete / cfg.full_concrete),
        "done": WEIGHTS["done"] * done_share,
        "figures": WEIGHTS["figures"] * min(1.0, figures / cfg.full_figures),
        "themes": WEIGHTS["themes"] * len(covered) / len(THEMES),
        "slogans": WEIGHTS["slogans"] * balance,
        "plain": WEIGHTS["plain"] * (1 - boiler) if concrete else 0.0,
    }
    return {
        "chars": chars,
        "articles": len(articles),
        "measures": measures,
        "concrete_measures": concrete,
        "concrete_share": round(concrete / measures, 3) if measures else 0.0,
        "done_share": round(done_share, 3),
        "prescribed_share": round(1 - done_share, 3) if non_heading else 0.0,
        "figures": figures,
        "target_figures": targets,
        "figures_per_1000_chars": round(1000 * figures / chars, 2) if chars else 0.0,
        "slogans": len(slogans),
        "slogans_per_concrete_measure": round(ratio, 2) if ratio is not None else None,
        "themes_covered": [t for t in THEMES if t in covered],
        "themes_missing": [t for t in THEMES if t not in covered],
        "boilerplate_share": round(boiler, 3),
        "points": {k: round(v, 1) for k, v in points.items()},
        "substance": round(sum(points.values()), 1),
    }


def _names(themes: Iterable[str]) -> str:
    return "、".join(THEME_NAMES.get(t, t) for t in themes)


def substance_flags(sc: dict[str, Any], cfg: ScreenConfig) -> list[dict[str, str]]:
    """Flags on the substance scores, each ``{code, message}`` with the reason in Chinese."""
    flags: list[dict[str, str]] = []

    def flag(code: str, message: str) -> None:
        flags.append({"code": code, "message": message})

    if sc["chars"] < cfg.min_chars:
        flag("TOO_SHORT", f"正文过短（{sc['chars']}字），难以评估工作实绩")
    concrete, slogans = sc["concrete_measures"], sc["slogans"]
    if not concrete and slogans >= 2:
        flag("SLOGANS_WITHOUT_MEASURES", f"只有口号提法，没有具体措施（口号提法{slogans}个，具体措施0条）")
    elif not concrete:
        detail = f"{sc['measures']}条措施均为原则性表述" if sc["measures"] else "未找到任何措施"
        flag("NO_CONCRETE_MEASURES", f"没有具体措施：{detail}")
    elif sc["slogans_per_concrete_measure"] is not None and sc["slogans_per_concrete_measure"] >= cfg.slogan_heavy:
        flag("SLOGAN_HEAVY", f"口号提法多于具体措施（每条具体措施{sc['slogans_per_concrete_measure']}个口号提法）")
    if sc["measures"] >= 3 and sc["done_share"] < cfg.only_prescribed:
        flag("ONLY_PRESCRIBED", f"措施多为部署要求（“要……”），已落实的做法只占{sc['done_share']:.0%}")
    if sc["figures"] < cfg.few_figures and sc["chars"] >= cfg.min_chars:
        flag("FEW_FIGURES", f"缺少数据支撑：只报告了{sc['figures']}个数字指标")
    if concrete and sc["themes_missing"]:
        flag("THEME_MISSING", f"未涉及{_names(sc['themes_missing'])}方面的具体措施")
    if concrete and sc["boilerplate_share"] >= cfg.boilerplate_heavy:
        flag("BOILERPLATE_HEAVY", f"套话空话较多：{sc['boilerplate_share']:.0%}的文字没有具体内容")
    return flags


# --------------------------------------------------------------------------- screening


@dataclass
class Screening:
    """The screening of one submission: its document, scores, flags and duplicates."""

    source: str
    document: Document | None = None
    fingerprint: Fingerprint | None = None
    scores: dict[str, Any] = field(default_factory=dict)
    flags: list[dict[str, str]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    score: int = 0
    error: str | None = None
    copied: list[tuple[int, int]] = field(default_factory=list)  # compact spans inside shared passages

    @property
    def title(self) -> str:
        if self.document and self.document.articles:
            return self.document.articles[0].title
        return ""

    def record(self) -> dict[str, Any]:
        """The JSON object written to ``screen.json``."""
        rec: dict[str, Any] = {
            "source": self.source,
            "title": self.title,
            "score": self.score,
            "flags": self.flags,
            "duplicates": self.duplicates,
            "scores": self.scores,
        }
        if self.error:
            rec["error"] = self.error
        return rec


def _process(pipe, task) -> Document:
    from textkit.errors import InputError

    try:
        return pipe.process_raw(_raw_text(task))
    except InputError as exc:
        return Document(source=task.source, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return Document(source=task.source, error=f"{task.source}: {type(exc).__name__}: {exc}")


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return a == b


def _duplicate_entry(kind: str, a: Fingerprint, b: Fingerprint, match: Match, cfg: ScreenConfig) -> dict[str, Any]:
    return {
        "source": b.source,
        "title": b.title,
        "kind": kind,
        "similarity": round(max(match.share_a, match.share_b), 3),
        "copied_share": match.share_a,
        "other_copied_share": match.share_b,
        "jaccard": match.jaccard,
        "containment": match.containment,
        "coverage": match.coverage,
        "passages": _passage_dicts(a, b, match.passages, cfg.max_passages),
    }


def _duplicate_flag(dup: dict[str, Any]) -> dict[str, str]:
    name = f"《{dup['title']}》（{dup['source']}）" if dup["title"] else dup["source"]
    n = len(dup["passages"])
    detail = f"本文{dup['copied_share']:.0%}的文字与之相同（{n}段），对方{dup['other_copied_share']:.0%}的文字出现在本文中"
    if dup["kind"] == "reference":
        return {"code": "DUPLICATE_TEMPLATE", "message": f"与参考材料{name}雷同：{detail}"}
    return {"code": "DUPLICATE_SUBMISSION", "message": f"与本批其他材料{name}雷同：{detail}"}


def screen_documents(
    paths: Iterable[str],
    reference: Iterable[str] | None = None,
    config: ScreenConfig | None = None,
    *,
    pipeline=None,
    progress: ProgressFn | None = None,
    reference_errors: list[str] | None = None,
) -> list[Screening]:
    """Screen submissions (files, folders, globs, manifests) against each other and a reference corpus."""
    from textkit.batch import iter_tasks

    cfg = config or ScreenConfig()
    if pipeline is None:
        from textkit.pipeline import get_pipeline

        pipeline = get_pipeline()
    ref_index = build_reference_index(reference, cfg, progress, reference_errors) if reference else None
    tasks = list(iter_tasks(paths))
    results: list[Screening] = []
    sub_index = DuplicateIndex(cfg)
    keys: dict[int, int] = {}  # index key → position in results
    hashes: dict[int, Any] = {}
    for n, task in enumerate(tasks, 1):
        doc = _process(pipeline, task)
        res = Screening(source=doc.source, document=doc)
        if doc.error:
            res.error = doc.error
            res.flags = [{"code": "READ_ERROR", "message": f"无法读取或处理：{doc.error}"}]
        else:
            text = "\n".join(a.text for a in doc.articles)
            res.fingerprint = fingerprint(text, doc.source, res.title, cfg.shingle, simplified=True)
            res.scores = substance(doc.articles, cfg)
            mh = minhash(res.fingerprint, cfg.num_perm)
            key = sub_index.add(res.fingerprint, mh)
            if key is not None:
                keys[key] = len(results)
                hashes[key] = mh
        results.append(res)
        if progress:
            progress("screen", n, len(tasks))
    # near-duplicates among the submissions (each pair compared once)
    pairs: dict[tuple[int, int], Match | None] = {}
    for key, pos in keys.items():
        res = results[pos]
        for other in sub_index.candidates(hashes[key], res.fingerprint.shingles):
            if other == key:
                continue
            lo, hi = min(key, other), max(key, other)
            if (lo, hi) not in pairs:
                pairs[(lo, hi)] = compare(results[keys[lo]].fingerprint, results[keys[hi]].fingerprint, cfg)
            match = pairs[(lo, hi)]
            if match is None:
                continue
            if key == hi:
                match = match.swapped()
            res.duplicates.append(_duplicate_entry("submission", res.fingerprint, results[keys[other]].fingerprint, match, cfg))
            res.copied += [(s, e) for s, e, _, _ in match.passages]
        if ref_index is not None and len(ref_index):
            for ref in ref_index.candidates(hashes[key], res.fingerprint.shingles):
                ref_fp = ref_index.fingerprint(ref)
                if _same_file(res.source, ref_fp.source):
                    continue  # a submission that is also in the reference corpus is not its own copy
                match = compare(res.fingerprint, ref_fp, cfg)
                if match is not None:
                    res.duplicates.append(_duplicate_entry("reference", res.fingerprint, ref_fp, match, cfg))
                    res.copied += [(s, e) for s, e, _, _ in match.passages]
    for res in results:
        if res.error:
            continue
        res.duplicates.sort(key=lambda d: (d["kind"] != "reference", -d["similarity"]))
        copied_share = _union_share(res.fingerprint, res.copied) if res.copied else 0.0
        res.scores["copied_share"] = round(copied_share, 3)
        res.score = int(round(res.scores["substance"] * (1 - copied_share)))
        res.flags = [_duplicate_flag(d) for d in res.duplicates] + substance_flags(res.scores, cfg)
    return results


def screen(
    paths: Iterable[str],
    reference: Iterable[str] | None = None,
    config: ScreenConfig | None = None,
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """Screen submissions; one JSON-ready dict per input file (``source``, ``score``, ``flags``,
    ``duplicates``, ``scores``), in input order. See ``screen_documents`` for the options."""
    return [r.record() for r in screen_documents(paths, reference, config, **kwargs)]


def ranked(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records sorted best first (read errors last)."""
    return sorted(records, key=lambda r: (bool(r.get("error")), -r.get("score", 0), r["source"]))


def write_xlsx(records: list[dict[str, Any]], path: str | Path) -> None:
    """A ranked sheet: rank, score, source, title, flags, duplicates' sources and the main scores."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "筛查结果"
    header = [
        "排名",
        "得分",
        "文件",
        "标题",
        "问题代码",
        "问题说明",
        "雷同来源",
        "最高雷同比例",
        "具体措施",
        "已落实比例",
        "数字指标",
        "口号提法",
        "涉及方面",
        "缺少方面",
        "套话比例",
        "复制比例",
    ]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for rank, rec in enumerate(ranked(records), 1):
        sc = rec.get("scores") or {}
        dups = rec.get("duplicates") or []
        ws.append(
            [
                rank,
                rec.get("score", 0),
                rec["source"],
                rec.get("title", ""),
                ", ".join(f["code"] for f in rec["flags"]),
                "\n".join(f["message"] for f in rec["flags"]),
                "\n".join(d["source"] for d in dups),
                max((d["similarity"] for d in dups), default=None),
                sc.get("concrete_measures"),
                sc.get("done_share"),
                sc.get("figures"),
                sc.get("slogans"),
                _names(sc.get("themes_covered", [])),
                _names(sc.get("themes_missing", [])),
                sc.get("boilerplate_share"),
                sc.get("copied_share"),
            ]
        )
    widths = [6, 6, 40, 36, 36, 60, 40, 10, 8, 10, 8, 8, 24, 24, 8, 8]
    for col, w in zip("ABCDEFGHIJKLMNOP", widths):
        ws.column_dimensions[col].width = w
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col in "HJOP":  # similarity, done share, boilerplate share, copied share
        for cell in ws[col][1:]:
            cell.number_format = "0%"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wb.save(str(path))
