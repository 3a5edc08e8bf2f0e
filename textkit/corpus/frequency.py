"""Word frequencies, collocations and document-term matrices over a corpus source.

Words are content tokens (``textkit.corpus.tokens``): jieba with the party lexicon, stop words,
punctuation, numbers and single characters left out. A *document* here is one text unit (an
article; most documents have one).

Collocations of a node word are counted in a window of content tokens on each side of each
occurrence of the node (within the article). Two standard association measures are given, with
N the content tokens of the corpus, R the tokens in the node's windows, C the collocate's
frequency and O its co-occurrences with the node (expected E = R·C/N):

* ``mi``: pointwise mutual information, log2(O / E);
* ``log_likelihood``: Dunning's G² = 2 Σ O_ij ln(O_ij / E_ij) over the 2×2 table (in the
  windows or not × the collocate or not); rows are sorted by it. Above 3.84 (p < 0.05) and 10.83
  (p < 0.001) the co-occurrence is unlikely to be chance. Only collocates seen more often than
  expected (O > E) are listed.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textkit.corpus.source import Corpus, TextUnit
from textkit.corpus.tokens import all_tokens, default_stopwords, is_content_token, matches_pos, token_tag


@dataclass
class TokenFilter:
    """Which tokens count as words: not stop words, at least ``min_length`` characters, of a
    part of speech starting with one of ``pos`` (all when empty)."""

    stopwords: frozenset[str] | None = None
    min_length: int = 2
    pos: tuple[str, ...] = ()
    _decided: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def keep(self, token: str) -> bool:
        """Whether ``token`` is a word (decided once per distinct token)."""
        kept = self._decided.get(token)
        if kept is None:
            stop = default_stopwords() if self.stopwords is None else self.stopwords
            kept = is_content_token(token, stop, self.min_length) and (not self.pos or matches_pos(token_tag(token), self.pos))
            self._decided[token] = kept
        return kept


def unit_tokens(unit: TextUnit, words: TokenFilter | None = None) -> list[str]:
    """The words of one text unit, in order."""
    words = words or TokenFilter()
    return [t for t in all_tokens(unit.text) if words.keep(t)]


def group_name(unit: TextUnit, column: str) -> str:
    from textkit.report import MISSING

    return unit.value(column) or MISSING


def frequency_table(corpus: Corpus, *, by: str | None = None, words: TokenFilter | None = None, top: int | None = None, min_count: int = 1):
    """The word frequency list as a DataFrame: word, tf (occurrences), df (articles with the word),
    share of documents, per_10k (occurrences per 10,000 words), rank; with ``by``, one list per value
    of that metadata column (``year`` …), first column the value; ``top`` words per list. With a
    part-of-speech filter, a ``pos`` column gives each word's tag."""
    import pandas as pd

    if by:
        corpus.check_columns([by])
    words = words or TokenFilter()
    tf: dict[str, Counter] = defaultdict(Counter)
    df: dict[str, Counter] = defaultdict(Counter)
    docs: Counter = Counter()
    for u in corpus:
        group = group_name(u, by) if by else ""
        toks = unit_tokens(u, words)
        tf[group].update(toks)
        df[group].update(set(toks))
        docs[group] += 1
    rows: list[dict[str, Any]] = []
    for group in sorted(tf, key=_group_order):
        size = sum(tf[group].values()) or 1
        ranked = sorted(((n, w) for w, n in tf[group].items() if n >= min_count), key=lambda x: (-x[0], x[1]))
        for rank, (n, w) in enumerate(ranked[:top] if top else ranked, 1):
            row: dict[str, Any] = {by: group} if by else {}
            row["rank"] = rank
            row["word"] = w
            if words.pos:
                row["pos"] = token_tag(w)
            row.update(tf=n, df=df[group][w], share_documents=round(df[group][w] / docs[group], 4), per_10k=round(n * 10000 / size, 3))
            rows.append(row)
    columns = ([by] if by else []) + ["rank", "word"] + (["pos"] if words.pos else []) + ["tf", "df", "share_documents", "per_10k"]
    return pd.DataFrame(rows, columns=columns)


def _group_order(value: str) -> tuple:
    """Numbers (years) in numeric order, then other values, the missing value last."""
    from textkit.report import MISSING

    return (value == MISSING, not value.isdigit(), int(value) if value.isdigit() else 0, value)


# --------------------------------------------------------------------------- collocations


def _node_tokens(node: str) -> list[str]:
    from textkit.normalization.script import to_simplified

    return all_tokens(to_simplified(node.strip())[0])


def collocation_table(
    corpus: Corpus, node: str, *, window: int = 5, min_freq: int = 2, words: TokenFilter | None = None, top: int | None = None
):
    """Collocates of ``node`` (any script; a phrase of several tokens works too) within ``window``
    words on each side: collocate, freq (co-occurrences), left, right, collocate_freq, expected,
    mi, log_likelihood (see the module docstring), sorted by log-likelihood. ``ValueError`` when
    the node is empty."""
    import pandas as pd

    seq = _node_tokens(node)
    if not seq:
        raise ValueError("the node word is empty: give the word whose collocates to count")
    words = words or TokenFilter()
    total: Counter = Counter()
    left: Counter = Counter()
    right: Counter = Counter()
    n_tokens = window_tokens = occurrences = 0
    for u in corpus:
        toks = all_tokens(u.text)
        keep_at = [i for i, t in enumerate(toks) if words.keep(t)]
        content = [toks[i] for i in keep_at]
        total.update(content)
        n_tokens += len(content)
        for i in _find_sequence(toks, seq):
            occurrences += 1
            before = bisect_left(keep_at, i)
            after = bisect_left(keep_at, i + len(seq))
            lw, rw = content[max(0, before - window) : before], content[after : after + window]
            left.update(lw)
            right.update(rw)
            window_tokens += len(lw) + len(rw)
    columns = ["collocate", "freq", "left", "right", "collocate_freq", "expected", "mi", "log_likelihood"]
    node_words = set(seq)
    rows = []
    for w, o in (left + right).items():
        if o < min_freq or w in node_words:
            continue
        expected = window_tokens * total[w] / n_tokens
        if o <= expected:
            continue
        rows.append(
            {
                "collocate": w,
                "freq": o,
                "left": left[w],
                "right": right[w],
                "collocate_freq": total[w],
                "expected": round(expected, 3),
                "mi": round(math.log2(o / expected), 4),
                "log_likelihood": round(log_likelihood(o, window_tokens, total[w], n_tokens), 3),
            }
        )
    rows.sort(key=lambda r: (-r["log_likelihood"], -r["freq"], r["collocate"]))
    table = pd.DataFrame(rows[:top] if top else rows, columns=columns)
    table.attrs.update(node=node, node_freq=occurrences, window=window, tokens=n_tokens)
    return table


def _find_sequence(tokens: Sequence[str], seq: Sequence[str]) -> Iterable[int]:
    first, n = seq[0], len(seq)
    for i, t in enumerate(tokens):
        if t == first and (n == 1 or list(tokens[i : i + n]) == list(seq)):
            yield i


def log_likelihood(o11: int, r1: int, c1: int, n: int) -> float:
    """Dunning's G² of the 2×2 table with ``o11`` joint, ``r1`` row and ``c1`` column totals, ``n`` in all."""
    cells = [(o11, r1, c1), (r1 - o11, r1, n - c1), (c1 - o11, n - r1, c1), (n - r1 - c1 + o11, n - r1, n - c1)]
    g2 = 0.0
    for o, row, col in cells:
        if o > 0 and row > 0 and col > 0:
            g2 += o * math.log(o * n / (row * col))
    return 2 * g2


# --------------------------------------------------------------------------- document-term matrix


@dataclass
class DocumentTermMatrix:
    """Word counts per document: ``matrix`` (scipy CSR, documents × terms), ``vocabulary`` (the
    terms, in column order) and ``documents`` (a DataFrame: row, source, article, title, metadata, in row
    order); ``provenance``: what made it (``textkit.provenance.tool_provenance``; empty when built
    without ``textkit.dtm``)."""

    matrix: Any
    vocabulary: list[str]
    documents: Any
    provenance: dict[str, Any] = field(default_factory=dict)

    def terms(self):
        """The vocabulary as a DataFrame: column (1-based, as in Matrix Market), term, tf, df."""
        import numpy as np
        import pandas as pd

        m = self.matrix
        return pd.DataFrame(
            {
                "column": np.arange(1, len(self.vocabulary) + 1),
                "term": self.vocabulary,
                "tf": np.asarray(m.sum(axis=0)).ravel(),
                "df": np.asarray((m > 0).sum(axis=0)).ravel(),
            }
        )

    def long(self):
        """Long format: one row per non-zero cell (row, source, article, term, count)."""
        import pandas as pd

        coo = self.matrix.tocoo()
        docs = self.documents
        return pd.DataFrame(
            {
                "row": coo.row + 1,
                "source": docs["source"].to_numpy()[coo.row],
                "article": docs["article"].to_numpy()[coo.row],
                "term": pd.Categorical.from_codes(coo.col, categories=self.vocabulary),
                "count": coo.data,
            }
        ).sort_values(["row", "term"], kind="stable", ignore_index=True)


def document_term_matrix(
    corpus: Corpus,
    *,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    max_features: int | None = None,
    words: TokenFilter | None = None,
) -> DocumentTermMatrix:
    """The document-term matrix of the corpus (one row per text unit), with scikit-learn's
    ``CountVectorizer`` on textkit's words: ``min_df``/``max_df`` as a number of documents (int) or
    a share (float); ``max_features`` keeps the most frequent terms. Terms are in sorted order."""
    import pandas as pd
    from sklearn.feature_extraction.text import CountVectorizer

    words = words or TokenFilter()
    token_lists = [unit_tokens(u, words) for u in corpus]
    vectorizer = CountVectorizer(analyzer=_identity, min_df=min_df, max_df=max_df, max_features=max_features)
    try:
        matrix = vectorizer.fit_transform(token_lists).tocsr()
        vocabulary = vectorizer.get_feature_names_out().tolist()
    except ValueError as exc:  # no term left
        raise ValueError(f"no term left for the document-term matrix ({exc})") from None
    cols = corpus.columns()
    documents = pd.DataFrame(
        [
            {"row": i, "source": u.source, "article": u.article, "title": u.title, **{c: u.value(c) for c in cols}}
            for i, u in enumerate(corpus, 1)
        ],
        columns=["row", "source", "article", "title", *cols],
    )
    return DocumentTermMatrix(matrix, vocabulary, documents)


def _identity(tokens: list[str]) -> list[str]:
    return tokens


DTM_SUFFIXES = (".mtx", ".parquet")


def dtm_paths(output: str | Path) -> dict[str, Path]:
    """The files ``write_dtm`` writes for ``output``: ``matrix`` (.mtx), ``vocabulary`` and
    ``documents`` (.csv beside it), or ``long`` (.parquet) and ``documents`` (NAME.documents.parquet)."""
    p = Path(output)
    suffix = p.suffix.lower()
    if suffix not in DTM_SUFFIXES:
        raise ValueError(f"{p}: write the document-term matrix as .mtx (Matrix Market) or .parquet (long format)")
    stem = p.with_suffix("")
    if suffix == ".mtx":
        return {"matrix": p, "vocabulary": Path(f"{stem}.vocab.csv"), "documents": Path(f"{stem}.docs.csv")}
    return {"long": p, "documents": Path(f"{stem}.docs.parquet")}


def write_dtm(dtm: DocumentTermMatrix, output: str | Path) -> dict[str, Path]:
    """Write the matrix: ``.mtx`` gives the sparse Matrix Market file with ``NAME.vocab.csv`` (its
    columns) and ``NAME.docs.csv`` (its rows, with metadata); ``.parquet`` the long format (row,
    source, article, term, count) with ``NAME.docs.parquet``. The provenance goes to
    ``NAME.provenance.json`` (with the files it covers; Parquet files also keep it in their
    ``attrs``). Returns the files written, the provenance as ``provenance``."""
    from textkit.io.writers import atomic_path
    from textkit.provenance import write_sidecar

    paths = dtm_paths(output)
    prov = {**dtm.provenance, "files": [p.name for p in paths.values()]} if dtm.provenance else {}
    if "matrix" in paths:
        import scipy.io

        from textkit.corpus.export import write_table

        with atomic_path(paths["matrix"]) as tmp, tmp.open("wb") as fh:
            scipy.io.mmwrite(fh, dtm.matrix, comment="textkit document-term matrix: rows in .docs.csv, columns in .vocab.csv")
        write_table(dtm.terms(), paths["vocabulary"], provenance={})
        write_table(dtm.documents, paths["documents"], provenance={})
    else:
        for key, table in (("long", dtm.long()), ("documents", dtm.documents.astype({"article": "int64"}))):
            if prov:
                table.attrs["provenance"] = prov
            with atomic_path(paths[key]) as tmp:
                table.to_parquet(tmp, index=False)
    if prov:
        paths["provenance"] = write_sidecar(output, prov)
    return paths
