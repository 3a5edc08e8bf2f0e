"""The corpus tools as ``textkit`` API functions (``textkit.kwic``, ``textkit.freq`` …).

Each takes the inputs (a path, or a list of paths: extract outputs, documents, folders,
manifests) or a ``Corpus`` already read with ``textkit.corpus_of``, and returns pandas
DataFrames (a ``networkx.Graph`` for the network). Each result carries its provenance
(``textkit.provenance.tool_provenance``: version, time, command, options, inputs and the extract
runs behind them) in ``DataFrame.attrs["provenance"]``, ``DocumentTermMatrix.provenance`` or
``graph.graph["provenance"]``; the writers put it in the files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from os import PathLike

from textkit.corpus.frequency import DocumentTermMatrix, TokenFilter, collocation_table, document_term_matrix, frequency_table
from textkit.corpus.kwic import kwic as _kwic
from textkit.corpus.network import NetworkOptions, cooccurrence_network
from textkit.corpus.source import Corpus, read_corpus
from textkit.provenance import tool_provenance, word_list_option

Inputs = str | PathLike | Iterable[str | PathLike] | Corpus

__all__ = ["corpus_of", "kwic", "freq", "collocates", "dtm", "network"]


def corpus_of(inputs: Inputs, *, slogans: bool = False) -> Corpus:
    """The text units of the inputs (see ``textkit.corpus.source``); a ``Corpus`` is returned as it is."""
    if isinstance(inputs, Corpus):
        return inputs
    if isinstance(inputs, str | PathLike):
        inputs = [inputs]
    return read_corpus([str(i) for i in inputs], slogans=slogans)


def _provenance(command: str, corpus: Corpus, options: dict) -> dict:
    """The provenance of a tool's result on ``corpus`` (added stop words recorded by count and hash)."""
    if "stopwords" in options:
        options = {**options, "stopwords": word_list_option(options["stopwords"])}
    return tool_provenance(command, options, corpus.inputs, records=corpus.origins)


def _words(stopwords: Iterable[str] | None, min_length: int, pos: Sequence[str] | None) -> TokenFilter:
    from textkit.corpus.tokens import default_stopwords

    stop = default_stopwords() | frozenset(stopwords) if stopwords else None
    return TokenFilter(stop, min_length, tuple(pos or ()))


def kwic(
    inputs: Inputs, query: str | Sequence[str], *, regex: bool = False, width: int = 20, sort: str = "source", columns=None, limit=None
):
    """Concordance lines of ``query`` (terms joined by ``|`` or given as a list match any; see
    ``textkit.corpus.kwic``) as a DataFrame with source, article, title, metadata, left, match, right."""
    corpus = corpus_of(inputs)
    table = _kwic(corpus, query, regex=regex, width=width, sort=sort, columns=columns, limit=limit)
    query = [query] if isinstance(query, str) else list(query)
    options = {"query": query, "regex": regex, "width": width, "sort": sort, "columns": columns, "limit": limit}
    table.attrs["provenance"] = _provenance("kwic", corpus, options)
    return table


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
    corpus = corpus_of(inputs)
    table = frequency_table(corpus, by=by, words=_words(stopwords, min_length, pos), top=top, min_count=min_count)
    options = {"by": by, "pos": pos, "top": top, "min_count": min_count, "min_length": min_length, "stopwords": stopwords}
    table.attrs["provenance"] = _provenance("freq", corpus, options)
    return table


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
    corpus = corpus_of(inputs)
    table = collocation_table(corpus, node, window=window, min_freq=min_freq, words=_words(stopwords, min_length, None), top=top)
    options = {"node": node, "window": window, "min_freq": min_freq, "top": top, "min_length": min_length, "stopwords": stopwords}
    table.attrs["provenance"] = _provenance("collocates", corpus, options)
    return table


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
    corpus = corpus_of(inputs)
    words = _words(stopwords, min_length, pos)
    matrix = document_term_matrix(corpus, min_df=min_df, max_df=max_df, max_features=max_features, words=words)
    options = {
        "min_df": min_df,
        "max_df": max_df,
        "max_features": max_features,
        "pos": pos,
        "min_length": min_length,
        "stopwords": stopwords,
    }
    matrix.provenance = _provenance("dtm", corpus, options)
    return matrix


def network(inputs: Inputs, *, slogans: bool = True, min_length: int = 2, stopwords: Iterable[str] | None = None, **options):
    """The co-occurrence network of words and slogans (``networkx.Graph``); ``options`` are the
    fields of ``textkit.corpus.network.NetworkOptions`` (top_words, top_slogans, within, min_cooccurrence,
    min_jaccard, top_edges). A ``Corpus`` read without slogans has none. Documents go through the slogan extractor unless ``slogans=False``."""
    from dataclasses import asdict

    corpus = corpus_of(inputs, slogans=slogans)
    settings = NetworkOptions(slogans=slogans, **options)
    graph = cooccurrence_network(corpus, settings, _words(stopwords, min_length, None))
    recorded = {**asdict(settings), "min_length": min_length, "stopwords": stopwords}
    graph.graph["provenance"] = _provenance("network", corpus, recorded)
    return graph
