"""Duplicate search reuses each reference's fingerprint and passage table, and finds what pair-by-pair comparison found.

The plain greedy string tiling below is ``shared_passages`` as it was before it visited only
promising positions on a reusable table; ``_find_pair_by_pair`` is the search as it was before the
pairs were grouped by their other side. The texts are written for these tests.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from tests.screening.samples import COPY_TRADITIONAL, HALF_COPY, ORIGINAL, ORIGINAL_TRADITIONAL, TEMPLATE, TEMPLATE_B
from tests.screening.test_copies import NEIGHBOUR_PASSAGE, _doc
from textkit.screening import ScreenConfig, duplicates
from textkit.screening import run as screening_run
from textkit.screening.duplicates import compare, duplicate_entry, fingerprint, pair_role, passage_table, shared_passages
from textkit.screening.run import Screening, _Batch, _same_file

# Characters for texts that share nothing by chance (own sample wording, no repeated 8-grams between documents).
HANZI = "党支部组织生活会主题活动学习教育群众服务社区乡村振兴基层治理制度建设廉政监督志愿队伍党员干部责任清单走访慰问帮扶困难家庭"


def _greedy_tiling(a: str, b: str, n: int = 5, min_len: int = 30, table=None) -> list[tuple[int, int, int, int]]:
    """Shared passages by plain greedy string tiling: every position of ``a``, runs extended character by character."""
    if len(a) < min_len or len(b) < min_len:
        return []
    index: dict[str, list[int]] = {}
    for j in range(len(b) - n + 1):
        index.setdefault(b[j : j + n], []).append(j)
    out = []
    la, lb, i = len(a), len(b), 0
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


def _find_pair_by_pair(batch: _Batch) -> None:
    """The duplicate search comparing pair by pair, each reference fingerprinted again for each pair."""
    batch.index.build()
    cfg = batch.cfg
    for key, position in batch.keys.items():
        res = batch.results[position]
        for other in batch.index.candidates(key):
            if other in batch.keys and other < key:
                continue
            if other in batch.references:
                source, title, text = batch.references[other]
                other_fp = fingerprint(text, source, title, cfg.shingle, simplified=True)
                if _same_file(res.source, other_fp.source):
                    continue
            else:
                other_fp = batch.results[batch.keys[other]].fingerprint
            match = compare(res.fingerprint, other_fp, cfg, batch.index.rare_chars(res.fingerprint))
            if match is None:
                continue
            if other in batch.references:
                res.record_duplicate(duplicate_entry("reference", res.fingerprint, other_fp, match, cfg, "copied_from_reference"), match)
                continue
            other_res = batch.results[batch.keys[other]]
            role, other_role = pair_role(res.date, other_res.date), pair_role(other_res.date, res.date)
            res.record_duplicate(duplicate_entry("submission", res.fingerprint, other_fp, match, cfg, role), match)
            swapped = match.swapped()
            other_res.record_duplicate(duplicate_entry("submission", other_fp, res.fingerprint, swapped, cfg, other_role), swapped)


def _outcome(batch: _Batch) -> list[tuple]:
    return [(r.source, r.duplicates, r.shared, r.copied) for r in batch.results]


@pytest.mark.parametrize("seed", range(2))
def test_shared_passages_equal_plain_greedy_tiling(seed):
    """Ties, repeats beyond 32 occurrences, runs to the end of either text, short texts: the same passages."""
    rng = random.Random(seed)

    def noise(letters: str, most: int) -> str:
        return "".join(rng.choice(letters) for _ in range(rng.randint(0, most)))

    for _ in range(250):
        letters = HANZI[: rng.randint(2, 8)]
        common = noise(letters, 100)
        a = noise(letters, 120) + common + noise(letters, 120) + common[: rng.randint(0, 100)]
        b = noise(letters, 120) + common + noise(letters, 50) + common + noise(letters, 30)
        n, min_len = rng.choice([2, 3, 5, 8]), rng.choice([1, 4, 12, 30])
        expected = _greedy_tiling(a, b, n, min_len)
        assert shared_passages(a, b, n, min_len) == expected
        assert shared_passages(a, b, n, min_len, passage_table(b, n)) == expected


def test_shared_passages_refuses_another_texts_table():
    a = b = TEMPLATE
    assert shared_passages(a, b, 5, 30, passage_table(b, 5))
    with pytest.raises(ValueError):
        shared_passages(a, b, 5, 30, passage_table(ORIGINAL, 5))
    with pytest.raises(ValueError):
        shared_passages(a, b, 5, 30, passage_table(b, 4))


def _realistic_batch(root: Path) -> _Batch:
    """Two templates and an unrelated report as references; submissions copying them, each other, or nothing."""
    refs = root / "reference"
    refs.mkdir(exist_ok=True)
    for name, text in [("template.txt", TEMPLATE), ("template_b.txt", TEMPLATE_B), ("original.txt", ORIGINAL_TRADITIONAL)]:
        (refs / name).write_text(text, encoding="utf-8")
    submissions = [
        ("copy_traditional.txt", COPY_TRADITIONAL, (2024, 3)),
        ("half_copy.txt", HALF_COPY, None),
        ("original.txt", ORIGINAL, None),
        (str(refs / "original.txt"), ORIGINAL_TRADITIONAL, None),  # also in the reference corpus: not its own copy
        ("pasted.txt", _doc(1, TEMPLATE.split("\n")[5], NEIGHBOUR_PASSAGE), (2024, 5)),
        ("neighbour.txt", _doc(3, NEIGHBOUR_PASSAGE), (2024, 4)),
        ("copy_of_copy.txt", COPY_TRADITIONAL.replace("黨員", "共產黨員", 2), None),
    ]
    batch = _Batch(ScreenConfig())
    batch.add_references([str(refs)], None, None)
    for source, text, date in submissions:
        batch.add(Screening(source=source, fingerprint=fingerprint(text, source), date=date))
    return batch


def test_grouped_search_finds_what_pair_by_pair_search_found(tmp_path, monkeypatch):
    grouped = _realistic_batch(tmp_path)
    grouped.find_duplicates()
    monkeypatch.setattr(duplicates, "shared_passages", _greedy_tiling)
    pair_by_pair = _realistic_batch(tmp_path)
    _find_pair_by_pair(pair_by_pair)
    assert _outcome(grouped) == _outcome(pair_by_pair)
    kinds = Counter(d["kind"] for r in grouped.results for d in r.duplicates)
    assert kinds["reference"] >= 4 and kinds["submission"] >= 4  # the example holds both kinds
    itself = grouped.results[3]
    assert all(Path(d["source"]).name != "original.txt" or d["kind"] == "submission" for d in itself.duplicates)


def _random_text(rng: random.Random, chars: int) -> str:
    return "".join(rng.choice(HANZI) for _ in range(chars))


def test_each_reference_fingerprint_and_table_built_once_per_run(tmp_path, monkeypatch):
    """300 references (more than a small cache holds), each pasted into two submissions far apart in
    the run: one fingerprint and one passage table per reference, one table per other submission."""
    rng = random.Random(11)
    passages = [_random_text(rng, 64) for _ in range(300)]
    refs = tmp_path / "reference"
    refs.mkdir()
    for k, passage in enumerate(passages):
        (refs / f"ref{k:03d}.txt").write_text(f"参考材料{k}\n\n{passage}。\n", encoding="utf-8")
    batch = _Batch(ScreenConfig())
    batch.add_references([str(refs)], None, None)
    for wave in range(2):  # the second wave pastes the same references again, after all 300 were used
        for s in range(150):
            text = f"{_random_text(rng, 30)}。{passages[2 * s]}。{_random_text(rng, 30)}。{passages[2 * s + 1]}。"
            source = f"sub{wave}_{s:03d}.txt"
            batch.add(Screening(source=source, fingerprint=fingerprint(text, source)))

    fingerprints: Counter[str] = Counter()
    tables: Counter[str] = Counter()
    real_fingerprint, real_table = screening_run.fingerprint, duplicates.passage_table

    def counted_fingerprint(text, source="", *args, **kwargs):
        fingerprints[source] += 1
        return real_fingerprint(text, source, *args, **kwargs)

    def counted_table(text, n=5):
        tables[text] += 1
        return real_table(text, n)

    monkeypatch.setattr(screening_run, "fingerprint", counted_fingerprint)
    monkeypatch.setattr(screening_run, "passage_table", counted_table)
    monkeypatch.setattr(duplicates, "passage_table", counted_table)
    batch.find_duplicates()

    kinds = Counter(d["kind"] for r in batch.results for d in r.duplicates)
    assert kinds == {"reference": 600, "submission": 300}  # each submission: its two references and its twin
    assert len(fingerprints) == 300 and max(fingerprints.values()) == 1
    assert len(tables) == 300 + 150 and max(tables.values()) == 1  # the references and the second wave
