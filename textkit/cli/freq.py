"""``textkit freq`` (word frequencies, collocations) and ``textkit dtm`` (document-term matrix)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from textkit.cli.corpus import (
    CorpusInputs,
    MinLength,
    PosOpt,
    StopwordsFile,
    extra_stopwords,
    load_corpus,
    pos_list,
    usage_error,
)

_SHOWN = 30


def freq(
    inputs: CorpusInputs,
    by: Annotated[str | None, typer.Option("--by", help="One list per value of this metadata column (year, unit, region …).")] = None,
    pos: PosOpt = None,
    top: Annotated[int | None, typer.Option("--top", help="Words per list (default: all in a file, 30 on the terminal).", min=1)] = None,
    min_count: Annotated[int, typer.Option("--min-count", help="Leave out words seen fewer times.", min=1)] = 1,
    min_length: MinLength = 2,
    stopwords: StopwordsFile = None,
    collocate: Annotated[
        str | None, typer.Option("--collocate", help="Instead of the list: the collocates of this node word (MI and log-likelihood).")
    ] = None,
    window: Annotated[int, typer.Option("--window", help="Collocation window: words on each side of the node.", min=1)] = 5,
    min_freq: Annotated[int, typer.Option("--min-freq", help="Collocates seen fewer times with the node are left out.", min=1)] = 2,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the table to .csv or .xlsx instead of printing it.")] = None,
) -> None:
    """Word frequency list: term frequency, document frequency (articles) and words per 10,000, per --by value if given.

    Words are jieba tokens with the party lexicon; stop words, punctuation, numbers and single
    characters are left out. With --collocate WORD, the words within --window words of WORD, sorted
    by log-likelihood (G²), with mutual information.
    """
    from textkit.corpus.api import collocates
    from textkit.corpus.api import freq as frequencies
    from textkit.corpus.export import check_table_path, write_table

    if output is not None:
        try:
            check_table_path(output)
        except ValueError as exc:
            raise usage_error(str(exc)) from None
    if collocate is not None and not collocate.strip():
        raise usage_error("the node word is empty")
    extra = extra_stopwords(stopwords)
    corpus = load_corpus(inputs)
    limit = top if top or output is not None else _SHOWN
    try:
        if collocate is not None:
            table = collocates(corpus, collocate, window=window, min_freq=min_freq, top=limit, min_length=min_length, stopwords=extra)
        else:
            table = frequencies(corpus, by=by, pos=pos_list(pos), top=limit, min_count=min_count, min_length=min_length, stopwords=extra)
    except ValueError as exc:
        raise usage_error(str(exc)) from None
    if collocate is not None:
        typer.echo(f"{collocate}: {table.attrs['node_freq']} occurrences, {len(table)} collocates (window ±{window})", err=True)
    if output is not None:
        write_table(table, output, sheet="collocates" if collocate else "frequencies")
        typer.echo(f"{len(table)} rows → {output}", err=True)
    elif not table.empty:
        typer.echo(table.to_string(index=False))


def dtm(
    inputs: CorpusInputs,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="NAME.mtx (Matrix Market, with NAME.vocab.csv and NAME.docs.csv) or NAME.parquet (long format)."
        ),
    ],
    min_df: Annotated[
        float, typer.Option("--min-df", help="Terms in fewer documents are dropped: a count (1 or more) or a share (below 1).", min=0)
    ] = 1,
    max_df: Annotated[
        float, typer.Option("--max-df", help="Terms in more documents are dropped: a share (up to 1) or a count (above 1).", min=0)
    ] = 1.0,
    max_features: Annotated[int | None, typer.Option("--max-features", help="Keep the most frequent terms only.", min=1)] = None,
    pos: PosOpt = None,
    min_length: MinLength = 2,
    stopwords: StopwordsFile = None,
) -> None:
    """Document-term matrix: one row per article, one column per word, word counts in the cells."""
    from textkit.corpus.api import dtm as document_term_matrix
    from textkit.corpus.frequency import dtm_paths, write_dtm

    try:
        dtm_paths(output)
    except ValueError as exc:
        raise usage_error(str(exc)) from None
    extra = extra_stopwords(stopwords)
    corpus = load_corpus(inputs)
    try:
        matrix = document_term_matrix(
            corpus,
            min_df=int(min_df) if min_df >= 1 else min_df,
            max_df=float(max_df) if max_df <= 1 else int(max_df),
            max_features=max_features,
            pos=pos_list(pos),
            min_length=min_length,
            stopwords=extra,
        )
    except ValueError as exc:
        raise usage_error(str(exc)) from None
    files = write_dtm(matrix, output)
    rows, cols = matrix.matrix.shape
    typer.echo(f"{rows} documents × {cols} terms, {matrix.matrix.nnz} non-zero → {', '.join(str(f) for f in files.values())}", err=True)
