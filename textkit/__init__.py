"""textkit: mine Chinese party-building documents.

Python API (the CLI is a thin layer over it)::

    import textkit
    articles = textkit.extract("……全文……")          # list[Article] with slogans, figures, measures, themes
    docs = textkit.extract_files(["reports/"])         # iterator of Document (one per file, errors included)
    summary = textkit.extract_to(["reports/", "manifest.csv"], "out.sqlite", workers=4, resume=True)
    articles = textkit.normalize("……")                 # normalisation and structure only
    tokens = textkit.segment("……")                     # jieba with the party-building lexicon
    nlp = textkit.load()                               # spaCy Language (blank zh + jieba), items in doc.spans
    model, selection = textkit.train("labelled.csv", "mine.skops")  # = textkit train labelled.csv -o mine.skops
    frames = textkit.read("out.sqlite")                # dict of pandas DataFrames: articles, measures, slogans, …
    textkit.convert("out.sqlite", "out.xlsx")          # any extract output in another format, without extracting
    coding = textkit.CodingDictionary.load("rules.toml")  # a user coding dictionary: coding.apply(text) → {category: count}
    lines = textkit.kwic("out.sqlite", "三会一课|主题党日", sort="left")  # concordance DataFrame (also folders, manifests)
    words = textkit.freq(["reports/"], by="year")       # frequency list; textkit.collocates(…, "党建") for collocations
    m = textkit.dtm("out.jsonl", min_df=2)              # document-term matrix: m.matrix (scipy), m.vocabulary, m.documents
    graph = textkit.network("out.sqlite")              # networkx co-occurrence graph of words and slogans

Heavy libraries are imported lazily so that ``import textkit`` and ``textkit --help`` stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Patterns compiled by earlier runs, ready before any textkit module compiles its own (textkit.regex).
from textkit.regex import load_compiled as _load_compiled  # noqa: E402

_load_compiled()

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable, Iterator

    from textkit.model import Article, Document
    from textkit.pipeline import Pipeline

__all__ = [
    "extract",
    "explain",
    "extract_files",
    "extract_to",
    "normalize",
    "segment",
    "load",
    "train",
    "read",
    "convert",
    "corpus_of",
    "kwic",
    "freq",
    "collocates",
    "dtm",
    "network",
    "component",
    "CodingDictionary",
    "Pipeline",
    "__version__",
]


def _pipeline(**kwargs) -> Pipeline:
    from textkit.pipeline import get_pipeline

    return get_pipeline(**kwargs)


def extract(
    text: str, *, source: str = "<text>", model: str | None = None, slogan_lexicon: str | None = None, pipes: tuple[str, ...] | None = None
) -> list[Article]:
    """Normalise, parse and extract one document's text; one Article per article it holds.

    ``pipes`` names the components to run, in order (default ``textkit.components.DEFAULT_PIPELINE``).
    """
    return _pipeline(model=model, slogan_lexicon=slogan_lexicon, pipes=_names(pipes)).process_text(text, source)


def _names(pipes) -> tuple[str, ...] | None:
    return tuple(pipes) if pipes is not None else None


def extract_files(inputs: Iterable[str], **kwargs) -> Iterator[Document]:
    """Process files, folders and globs; yields one Document per file (``error`` set on failure)."""
    from textkit.io.readers import expand_inputs

    yield from _pipeline(**kwargs).process_paths(expand_inputs(inputs))


def extract_to(
    inputs: Iterable[str],
    output: str,
    *,
    model: str | None = None,
    slogan_lexicon: str | None = None,
    structure: bool = True,
    pipes: tuple[str, ...] | None = None,
    offset_map: bool = False,
    coding: str | None = None,
    **run,
):
    """Batch extraction to a file (.jsonl, .csv, .xlsx, .parquet, .sqlite/.db), as ``textkit extract`` does.

    ``offset_map`` adds each article's runs to the input (``textkit.alignment``). ``coding`` is a coding
    dictionary file (``textkit.coding``) whose per-category counts go into every record. ``run`` takes
    ``workers``, ``engine`` (``local`` or ``dask``), ``scheduler`` and ``resume``; returns a
    ``textkit.batch.Summary``.
    """
    from textkit.batch import BatchConfig, process_to

    config = BatchConfig(
        model=model, slogans=slogan_lexicon, structure=structure, pipes=_names(pipes), offset_map=offset_map, coding=coding
    )
    return process_to(inputs, output, config, **run)


def explain(text: str, **kwargs) -> tuple[list[Article], list]:
    """Extract ``text`` and return its articles with every rule decision (``textkit.rules.Decision``):
    which candidate each extractor kept or dropped, and the rule and reason that decided."""
    from textkit.rules import tracing

    with tracing() as decisions:
        articles = extract(text, **kwargs)
    return articles, decisions


def normalize(text: str, *, source: str = "<text>", script: str = "simplified") -> list[Article]:
    """Normalised articles with their structure (no extraction)."""
    from textkit.normalization import NormalizeConfig
    from textkit.pipeline import Pipeline

    return Pipeline(normalize=NormalizeConfig(script=script), extract=False).process_text(text, source)


def segment(text: str, *, pos: bool = False, normalize_first: bool = True):
    """Tokens (or ``(token, tag)`` pairs) of the text; normalised to simplified first by default."""
    from textkit import segmentation as seg

    if normalize_first:
        from textkit.normalization import normalize_text

        text = "\n".join(a.text for a in normalize_text(text)) or text
    return seg.segment_pos(text) if pos else seg.segment(text)


def load(**config):
    """A spaCy ``Language``: blank ``zh`` with the jieba tokenizer and textkit's components."""
    from textkit.nlp import load as _load

    return _load(**config)


def train(data: str, output: str | None = None, *, folds: int = 5, compare: bool = True, replace_shipped: bool = False):
    """``textkit train DATA -o OUTPUT``: select a theme model by cross-validation, fit it, save it with
    ``OUTPUT.metrics.json`` (nothing is written without ``output``; an ``output`` inside the textkit
    package is refused unless ``replace_shipped``). Returns the fitted
    ``ThemeModel`` and the ``Selection`` (per-candidate reports, ``metrics``). See
    ``textkit.classify.select_model`` for in-memory data."""
    from pathlib import Path

    from textkit.classify import train as _train
    from textkit.cli.train import inside_package

    if output is not None and not replace_shipped and inside_package(Path(output)):
        raise ValueError(f"{output} is inside the textkit package; write the model elsewhere or pass replace_shipped=True")
    return _train(data, output, folds=folds, compare=compare, replace_shipped=replace_shipped)


def read(path: str) -> dict:
    """Any output of ``textkit extract`` (.jsonl, .csv, .xlsx, .parquet, .sqlite) as a dict of pandas
    DataFrames: ``articles``, ``measures``, ``slogans``, ``figures`` (one per item kind) and ``errors``.
    List and dict cells (themes, expansion, metadata …) come back as Python lists and dicts."""
    from textkit.io.records import read_frames

    return read_frames(path)


def convert(source: str, target: str) -> list:
    """Write an extract output (.jsonl, .csv, .xlsx, .parquet, .sqlite, a store of any size) in the format of
    ``target``'s suffix, without extracting again; returns the files written. The source is never overwritten."""
    from textkit.io.records import convert as _convert

    return _convert(source, target)


#: Corpus tools (``textkit.corpus.api``), imported when first used.
_CORPUS_API = ("corpus_of", "kwic", "freq", "collocates", "dtm", "network")


def __getattr__(name: str):
    if name in _CORPUS_API:
        from textkit.corpus import api

        return getattr(api, name)
    if name == "Pipeline":
        from textkit.pipeline import Pipeline

        return Pipeline
    if name == "CodingDictionary":
        from textkit.coding import CodingDictionary

        return CodingDictionary
    if name == "component":
        from textkit.components import component

        return component
    raise AttributeError(name)
