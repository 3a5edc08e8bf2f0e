"""``textkit network``: co-occurrence network of words and slogans as GEXF or GraphML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from textkit.cli.corpus import CorpusInputs, MinLength, StopwordsFile, extra_stopwords, load_corpus, usage_error


def network(
    inputs: CorpusInputs,
    output: Annotated[Path, typer.Option("--output", "-o", help="net.gexf (Gephi) or net.graphml (Cytoscape, igraph, R).")],
    within: Annotated[str, typer.Option("--within", help="Co-occurrence unit: sentence or paragraph.")] = "sentence",
    top_words: Annotated[int, typer.Option("--top-words", help="The most frequent words taken as nodes.", min=0)] = 60,
    top_slogans: Annotated[int, typer.Option("--top-slogans", help="The most frequent slogans taken as nodes.", min=0)] = 20,
    min_cooccurrence: Annotated[int, typer.Option("--min-cooccurrence", help="Edges need this many sentences with both.", min=1)] = 2,
    min_jaccard: Annotated[float, typer.Option("--min-jaccard", help="Edges need this Jaccard coefficient.", min=0, max=1)] = 0.05,
    top_edges: Annotated[int | None, typer.Option("--top-edges", help="Keep the strongest edges only (by Jaccard).", min=1)] = 150,
    slogans: Annotated[
        bool, typer.Option("--slogans/--no-slogans", help="Slogans as nodes (documents go through the slogan extractor).")
    ] = True,
    min_length: MinLength = 2,
    stopwords: StopwordsFile = None,
) -> None:
    """Co-occurrence network: the most frequent words and slogans, linked when they share sentences.

    Nodes have kind (word/slogan), frequency, sentences and documents; edges weight (sentences
    with both) and jaccard (both / either), the association filter.
    """
    from textkit.corpus.api import network as build_network
    from textkit.corpus.network import NETWORK_SUFFIXES, write_network
    from textkit.corpus.source import SPAN_KINDS

    if output.suffix.lower() not in NETWORK_SUFFIXES:
        raise usage_error(f"{output}: write the network as .gexf or .graphml")
    if within not in SPAN_KINDS:
        raise usage_error(f"--within must be one of {', '.join(SPAN_KINDS)}")
    extra = extra_stopwords(stopwords)
    corpus = load_corpus(inputs, slogans=slogans)
    graph = build_network(
        corpus,
        slogans=slogans,
        min_length=min_length,
        stopwords=extra,
        top_words=top_words,
        top_slogans=top_slogans,
        within=within,
        min_cooccurrence=min_cooccurrence,
        min_jaccard=min_jaccard,
        top_edges=top_edges,
    )
    write_network(graph, output)
    kinds = [d["kind"] for _, d in graph.nodes(data=True)]
    typer.echo(
        f"{graph.number_of_nodes()} nodes ({kinds.count('word')} words, {kinds.count('slogan')} slogans), "
        f"{graph.number_of_edges()} edges → {output}",
        err=True,
    )
