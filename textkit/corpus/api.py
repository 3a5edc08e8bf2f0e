"""The corpus tools as ``textkit`` API functions (``textkit.kwic``, ``textkit.freq`` …).

Each takes the inputs (a path, or a list of paths: extract outputs, documents, folders,
manifests) or a ``Corpus`` already read with ``textkit.corpus_of``, and returns pandas
DataFrames (a ``networkx.Graph`` for the network).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from os import PathLike

from textkit.corpus.frequency import DocumentTermMatrix, TokenFilter, collocation_table, document_term_matrix, frequency_table
from textkit.corpus.kwic import kwic as _kwic
from textkit.corpus.network import NetworkOptions, cooccurrence_network
from textkit.corpus.source import Corpus, read_corpus

Inputs = str | PathLike | Iterable[str | PathLike] | Corpus

__all__ = ["corpus_of", "kwic", "freq", "collocates", "dtm", "network"]


def corpus_of(inputs: Inputs, *, slogans: bool = False) -> Corpus:
    """The text units of the inputs (see ``textkit.corpus.source``); a ``Corpus`` is returned as it is."""
    if isinstance(inputs, Corpus):
        return inputs
    if isinstance(inputs, str | PathLike):
        inputs = [inputs]
    return read_corpus([str(i) for i in inputs], slogans=slogans)


def _words(stopwords: Iterable[str] | None, min_length: int, pos: Sequence[str] | None) -> TokenFilter:
    from textkit.corpus.tokens import default_stopwords

    stop = default_stopwords() | frozenset(stopwords) if stopwords else None
    return TokenFilter(stop, min_length, tuple(pos or ()))


def kwic(
    inputs: Inputs, query: str | Sequence[str], *, regex: bool = False, width: int = 20, sort: str = "source", columns=None, limit=None
):
    """Concordance lines of ``query`` (terms joined by ``|`` or given as a list match any; see
    ``textkit.corpus.kwic``) as a DataFrame with source, article, title, metadata, left, match, right."""
    return _kwic(corpus_of(inputs), query, regex=regex, width=width, sort=sort, columns=columns, limit=limit)


def freq(
    inputs: Inputs,
    *,
    by: str | None = None,
    pos: Sequence[str] | None = None,
    top: int | None = None,
    min_count: int = 1,
    min_length: int = 2,
    stopwords: Iterable[str] | None = None,
):
    """The word frequency list (tf, df, per 10,000 words), optionally per value of the metadata column ``by``;
    ``pos`` keeps the words whose tag starts with one of these (``["n", "v"]``); ``stopwords`` adds to the shipped ones."""
    return frequency_table(corpus_of(inputs), by=by, words=_words(stopwords, min_length, pos), top=top, min_count=min_count)


def collocates(
    inputs: Inputs,
    node: str,
    *,
    window: int = 5,
    min_freq: int = 2,
    top: int | None = None,
    min_length: int = 2,
    stopwords: Iterable[str] | None = None,
):
    """Collocates of ``node`` within ``window`` words each side, with MI and log-likelihood (G²)."""
    words = _words(stopwords, min_length, None)
    return collocation_table(corpus_of(inputs), node, window=window, min_freq=min_freq, words=words, top=top)


def dtm(
    inputs: Inputs,
    *,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    max_features: int | None = None,
    pos: Sequence[str] | None = None,
    min_length: int = 2,
    stopwords: Iterable[str] | None = None,
) -> DocumentTermMatrix:
    """The document-term matrix: ``.matrix`` (scipy CSR), ``.vocabulary``, ``.documents`` (DataFrame);
    ``.long()`` gives the long format and ``textkit.corpus.frequency.write_dtm`` writes it."""
    words = _words(stopwords, min_length, pos)
    return document_term_matrix(corpus_of(inputs), min_df=min_df, max_df=max_df, max_features=max_features, words=words)


def network(inputs: Inputs, *, slogans: bool = True, min_length: int = 2, stopwords: Iterable[str] | None = None, **options):
    """The co-occurrence network of words and slogans (``networkx.Graph``); ``options`` are the
    fields of ``textkit.corpus.network.NetworkOptions`` (top_words, top_slogans, within, min_cooccurrence,
    min_jaccard, top_edges). A ``Corpus`` read without slogans has none. Documents go through the slogan extractor unless ``slogans=False``."""
    corpus = corpus_of(inputs, slogans=slogans)
    return cooccurrence_network(corpus, NetworkOptions(slogans=slogans, **options), _words(stopwords, min_length, None))
