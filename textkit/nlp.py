"""spaCy integration: a blank ``zh`` pipeline whose tokenizer is jieba with textkit's lexicon.

spaCy does not save jieba's user words with a pipeline, so the tokenizer is a registered
factory (``textkit.JiebaTokenizer.v1``) that loads the shipped lexicon itself: a pipeline
saved with ``nlp.to_disk`` reloads with the same tokens. The ``textkit`` component runs the
same structure parser and extractors as the CLI and stores them as ``doc.spans`` groups:
``sections``, ``items``, ``sentences``, ``slogans``, ``figures``, ``measures``.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

SPAN_GROUPS = ("sections", "items", "sentences", "slogans", "figures", "measures")


class JiebaTokenizer:
    """Tokenizer that normalises the text (optional) and segments it with the lexicon-loaded jieba."""

    def __init__(self, vocab, normalize: bool = True, user_dict: str | None = None):
        self.vocab = vocab
        self.normalize = normalize
        self.user_dict = user_dict

    def __call__(self, text: str) -> Doc:
        from textkit.segmentation import tokenizer

        title = ""
        meta: dict = {}
        if self.normalize:
            from textkit.normalization import NormalizeConfig, normalize_text

            arts = normalize_text(text, config=NormalizeConfig(split_compilations=False))
            if arts:
                title, meta = arts[0].title, arts[0].meta
                text = "\n".join(x for x in (title, arts[0].text) if x)
        words = [w for w in tokenizer(self.user_dict).cut(text)]
        spaces = [False] * len(words)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data["title"] = title
        doc.user_data["meta"] = meta
        return doc

    # serialisation: the settings are in the config; the lexicon ships with the package
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> JiebaTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> JiebaTokenizer:
        return self


@registry.tokenizers("textkit.JiebaTokenizer.v1")
def create_jieba_tokenizer(normalize: bool = True, user_dict: str | None = None):
    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, normalize=normalize, user_dict=user_dict)

    return make


@Language.factory("textkit", default_config={"extract": True, "slogan_lexicon": None, "model": None})
def create_textkit_component(nlp: Language, name: str, extract: bool, slogan_lexicon: str | None, model: str | None):
    return TextkitComponent(extract=extract, slogan_lexicon=slogan_lexicon, model=model)


class TextkitComponent:
    """Parses structure and extracts items from ``doc.text`` into span groups."""

    def __init__(self, extract: bool = True, slogan_lexicon: str | None = None, model: str | None = None):
        from textkit.pipeline import Pipeline

        self.pipeline = Pipeline(extract=extract, slogan_lexicon=slogan_lexicon, model=model)

    def __call__(self, doc: Doc) -> Doc:
        from textkit.model import Article

        title = doc.user_data.get("title", "")
        # the doc holds the title line, then the body; the article is the body, as textkit.extract sees it
        offset = len(title) + 1 if title and doc.text.startswith(title + "\n") else 0
        text = doc.text[offset:]
        art = Article(title=title, text=text)
        pos = 0
        for line in text.split("\n"):
            art.paragraphs.append((pos, pos + len(line)))
            pos += len(line) + 1
        from textkit.normalization.garble import find_garbled

        art.garbled = find_garbled(text)
        self.pipeline.process_article(art)
        groups = {
            "sections": [(s.start, s.heading_end, f"H{s.level}") for s in art.sections],
            "items": [(i.start, i.head_end or i.end, i.scheme) for i in art.items],
            "sentences": [(s.start, s.end, "SENT") for s in art.sentences],
            "slogans": [(o[0], o[1], s.kind) for s in art.slogans for o in s.occurrences],
            "figures": [(f.start, f.end, f.kind) for f in art.figures],
            "measures": [(m.start, m.end, m.status) for m in art.measures],
        }
        for name, spans in groups.items():
            out = []
            for s, e, label in spans:
                span = doc.char_span(s + offset, e + offset, label=label, alignment_mode="expand")
                if span is not None:
                    out.append(span)
            doc.spans[name] = out
        doc.user_data["article"] = art.to_record(structure=False)
        return doc


def load(*, extract: bool = True, normalize: bool = True, slogan_lexicon: str | None = None, model: str | None = None) -> Language:
    """Blank ``zh`` pipeline with the textkit tokenizer and component (no model download)."""
    config = {"nlp": {"tokenizer": {"@tokenizers": "textkit.JiebaTokenizer.v1", "normalize": normalize}}}
    nlp = spacy.blank("zh", config=config)
    nlp.add_pipe("textkit", config={"extract": extract, "slogan_lexicon": slogan_lexicon, "model": model})
    return nlp
