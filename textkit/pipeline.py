"""The pipeline: normalise → structure → extract (slogans, figures, measures) → themes.

``Pipeline`` holds configured components, like a spaCy ``Language`` holds its pipes; each
component is a small object with one job. ``textkit.extract`` and the CLI both use it.
"""

from __future__ import annotations

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

    def __post_init__(self) -> None:
        self._components = None

    def components(self) -> list:
        if self._components is None:
            from textkit.extractors.figures import FigureExtractor
            from textkit.extractors.measures import MeasureExtractor
            from textkit.extractors.slogans import SloganExtractor

            self._components = [SloganExtractor(lexicon=self.slogan_lexicon), FigureExtractor(), MeasureExtractor()]
            if self.themes:
                from textkit.themes import ThemeTagger

                self._components.append(ThemeTagger(self.model))
        return self._components

    def process_article(self, article: Article) -> Article:
        parse_structure(article)
        if self.extract:
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


def get_pipeline(*, model: str | None = None, slogan_lexicon: str | None = None, script: str = "simplified") -> Pipeline:
    """A shared pipeline per configuration: dictionaries and models load once per process."""
    key = (model, slogan_lexicon, script)
    if key not in _CACHE:
        _CACHE[key] = Pipeline(normalize=NormalizeConfig(script=script), model=model, slogan_lexicon=slogan_lexicon)
    return _CACHE[key]
