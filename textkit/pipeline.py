"""The pipeline: normalise → structure → components (slogans, figures, measures, themes by default).

``Pipeline`` holds configured components, like a spaCy ``Language`` holds its pipes. Components
are built by name from the registry (``textkit.components``), each with its config, and their
order is checked against their contracts. ``textkit.extract``, the batch runner, the CLI and the
spaCy component all use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from textkit.errors import InputError
from textkit.io.readers import RawText, read_path
from textkit.model import Article, Document
from textkit.normalization import NormalizeConfig, normalize_text
from textkit.structure import parse_structure


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
        cfg = self.normalize if not meta else NormalizeConfig(**{**self.normalize.__dict__, "meta": {**self.normalize.meta, **meta}})
        return [self.process_article(a) for a in normalize_text(text, source, cfg)]

    def process_raw(self, raw: RawText) -> Document:
        doc = Document(source=raw.source, encoding=raw.encoding, meta=raw.meta, content_hash=raw.content_hash)
        doc.articles = self.process_text(raw.text, raw.source, raw.meta)
        if not doc.articles:
            doc.error = f"{raw.source}: no text left after normalisation"
        return doc

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


_CACHE: dict[tuple, Pipeline] = {}


def get_pipeline(
    *, model: str | None = None, slogan_lexicon: str | None = None, script: str = "simplified", pipes: tuple[str, ...] | None = None
) -> Pipeline:
    """A shared pipeline per configuration: dictionaries and models load once per process."""
    key = (model, slogan_lexicon, script, pipes)
    if key not in _CACHE:
        _CACHE[key] = Pipeline(normalize=NormalizeConfig(script=script), model=model, slogan_lexicon=slogan_lexicon, pipes=pipes)
    return _CACHE[key]
