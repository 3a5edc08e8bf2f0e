"""The pipeline: normalise → structure → components (slogans, figures, measures, themes by default).

``Pipeline`` holds configured components, like a spaCy ``Language`` holds its pipes. Components
are built by name from the registry (``textkit.components``), each with its config, and their
order is checked against their contracts. ``textkit.extract``, the batch runner, the CLI and the
spaCy component all use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from textkit.errors import InputError
from textkit.io.readers import RawText, read_path
from textkit.model import Article, Document
from textkit.normalization import NormalizeConfig, normalize_text
from textkit.structure import parse_structure

T = TypeVar("T")


@dataclass
class Pipeline:
    """Configured pipeline; build once per process and reuse."""

    normalize: NormalizeConfig = field(default_factory=NormalizeConfig)
    extract: bool = True
    slogan_lexicon: str | None = None
    model: str | None = None
    themes: bool = True
    #: Component names in run order (default: ``components.DEFAULT_PIPELINE``).
    pipes: tuple[str, ...] | None = None
    #: Per-component config, merged over the shortcuts ``slogan_lexicon`` and ``model``.
    config: Mapping[str, Mapping] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._components: list | None = None

    @property
    def pipe_names(self) -> tuple[str, ...]:
        """The components this pipeline runs, in order."""
        from textkit.components import DEFAULT_PIPELINE

        if not self.extract:
            return ()
        names = self.pipes if self.pipes is not None else DEFAULT_PIPELINE
        return tuple(n for n in names if self.themes or n != "themes")

    def components(self) -> list:
        """The configured component instances (built once, order checked)."""
        if self._components is None:
            from textkit.components import build

            config = {"slogans": {"lexicon": self.slogan_lexicon}, "themes": {"model": self.model}}
            for name, extra in self.config.items():
                config[name] = {**config.get(name, {}), **extra}
            self._components = build(self.pipe_names, config)
        return self._components

    def process_article(self, article: Article) -> Article:
        parse_structure(article)
        for comp in self.components():
            comp.annotate(article)
        return article

    def process_text(self, text: str, source: str = "<text>", meta: dict | None = None) -> list[Article]:
        return [self.process_article(a) for a in self._normalize(text, source, meta)]

    def _normalize(self, text: str, source: str, meta: dict | None) -> list[Article]:
        cfg = self.normalize if not meta else NormalizeConfig(**{**self.normalize.__dict__, "meta": {**self.normalize.meta, **meta}})
        return normalize_text(text, source, cfg)

    def process_raw(self, raw: RawText) -> Document:
        (doc,) = self.pipe([raw])
        if isinstance(doc, Exception):
            raise doc
        return doc

    def pipe(self, raws: Sequence[RawText]) -> list[Document | Exception]:
        """``process_raw`` of each text, stage by stage: every document is normalised, then every one
        parsed, then each component runs over all of them (as spaCy's ``Language.pipe`` runs batches).
        A stage's tables and model stay in the processor's caches from one document to the next,
        which makes a batch of short documents about a fifth cheaper than one document after another.
        A component with an ``annotate_batch`` method gets all the articles at once. A document whose
        processing raises gets the exception in its place; the others go on."""
        out: list[Document | Exception] = []
        for raw in raws:
            doc = Document(source=raw.source, encoding=raw.encoding, meta=raw.meta, content_hash=raw.content_hash)
            try:
                doc.articles = self._normalize(raw.text, raw.source, raw.meta)
            except Exception as exc:  # noqa: BLE001 - handed back in the document's place
                out.append(exc)
                continue
            if not doc.articles:
                doc.error = f"{raw.source}: no text left after normalisation"
            out.append(doc)
        for stage, together in ((parse_structure, None), *((c.annotate, getattr(c, "annotate_batch", None)) for c in self.components())):
            live = [(i, doc) for i, doc in enumerate(out) if isinstance(doc, Document)]
            if together is not None:  # a component that does a batch's articles at once (one model call)
                try:
                    together([article for _, doc in live for article in doc.articles])
                    continue
                except Exception:  # noqa: BLE001 - found again below, in the document it belongs to
                    pass
            for i, doc in live:
                try:
                    for article in doc.articles:
                        stage(article)
                except Exception as exc:  # noqa: BLE001 - handed back in the document's place
                    out[i] = exc
        return out

    def process_paths(self, paths: Iterable[str], batch_size: int | None = None) -> Iterator[Document]:
        """``process_path`` of each file, ``batch_size`` files (``batch.BATCH_DOCUMENTS``) at a time through
        ``pipe`` (cheaper than one after another); a failure becomes the file's ``Document.error``."""
        from textkit.batch import BATCH_DOCUMENTS

        batch_size = batch_size or BATCH_DOCUMENTS
        paths = iter(paths)
        while batch := list(islice(paths, batch_size)):
            for path, (_, doc) in zip(batch, read_and_pipe(self, batch, read_path)):
                if isinstance(doc, InputError):
                    doc = Document(source=str(path), error=str(doc))
                elif isinstance(doc, Exception):
                    doc = Document(source=str(path), error=f"{path}: internal error ({type(doc).__name__}: {doc})")
                yield doc

    def process_path(self, path: str) -> Document:
        """Read and process one file; failures become ``Document.error``, never exceptions."""
        try:
            raw = read_path(path)
        except InputError as exc:
            return Document(source=str(path), error=str(exc))
        try:
            return self.process_raw(raw)
        except RecursionError as exc:  # pragma: no cover - defensive
            return Document(source=str(path), error=f"{path}: {exc}")


def read_and_pipe(pipe, items: Sequence[T], read: Callable[[T], RawText]) -> list[tuple[RawText | None, Document | Exception]]:
    """The text ``read`` gives for each of ``items`` and its document from ``pipe.pipe`` (any object with
    that method), in order; an item whose reading or processing raises has the exception for document
    (and no text when reading failed)."""
    texts: list[RawText | Exception] = []
    for item in items:
        try:
            texts.append(read(item))
        except Exception as exc:  # noqa: BLE001 - handed back in the item's place
            texts.append(exc)
    docs = iter(pipe.pipe([t for t in texts if not isinstance(t, Exception)]))
    return [(None, t) if isinstance(t, Exception) else (t, next(docs)) for t in texts]


_CACHE: dict[tuple, Pipeline] = {}


def get_pipeline(
    *, model: str | None = None, slogan_lexicon: str | None = None, script: str = "simplified", pipes: tuple[str, ...] | None = None
) -> Pipeline:
    """A shared pipeline per configuration: dictionaries and models load once per process."""
    key = (model, slogan_lexicon, script, pipes)
    if key not in _CACHE:
        _CACHE[key] = Pipeline(normalize=NormalizeConfig(script=script), model=model, slogan_lexicon=slogan_lexicon, pipes=pipes)
    return _CACHE[key]
