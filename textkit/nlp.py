"""spaCy integration: a blank ``zh`` pipeline whose tokenizer is jieba with textkit's lexicon.

spaCy does not save jieba's user words with a pipeline, so the tokenizer is a registered
factory (``textkit.JiebaTokenizer.v1``) that loads the shipped lexicon itself: a pipeline
saved with ``nlp.to_disk`` reloads with the same tokens. The ``textkit`` component runs the
same structure parser and components as the CLI and stores them as ``doc.spans`` groups:
``sections``, ``items``, ``sentences``, then one group per item kind (``slogans``, ``figures``,
``measures`` and any registered component's). Every registered component is also a spaCy factory
of its own, ``textkit_NAME`` (``nlp.add_pipe("textkit_figures")``), after ``register_spacy_factories()``
(``load`` calls it).

``doc.text`` is the normalised text (title line, then body); the user's string is ``doc._.input_text``
and ``doc.user_data["offset_map"]`` maps one to the other (``textkit.alignment``), so that
``span._.input_start`` / ``span._.input_end`` give any span's place in the input. Item spans carry
their item's fields as extensions: ``span._.themes``, ``span._.theme``, ``span._.status``,
``span._.value``, ``span._.unit``, ``span._.indicator``, ``span._.kind``, ``span._.expansion`` …
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from textkit.alignment import identity_map, span_to_input


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
        input_text = text
        offset_map = identity_map(len(text))
        if self.normalize:
            from textkit.alignment import offset_map as article_offset_map
            from textkit.normalization import NormalizeConfig, normalize_text

            arts = normalize_text(text, config=NormalizeConfig(split_compilations=False))
            if arts:
                title, meta = arts[0].title, arts[0].meta
                text = "\n".join(x for x in (title, arts[0].text) if x)
                offset_map = article_offset_map(arts[0], title=True)
        words = [w for w in tokenizer(self.user_dict).cut(text)]
        spaces = [False] * len(words)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data["title"] = title
        doc.user_data["meta"] = meta
        doc.user_data["input_text"] = input_text
        doc.user_data["offset_map"] = offset_map
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


STRUCTURE_GROUPS = ("sections", "items", "sentences")
#: Item fields that are not span extensions: the span has them (text, offsets) or they are long.
_NOT_EXTENSIONS = frozenset({"text", "start", "end", "sentence", "occurrences"})


def _input_text(doc: Doc) -> str:
    return doc.user_data.get("input_text", doc.text)


def _offset_map(doc: Doc) -> list[list[int]]:
    found = doc.user_data.get("offset_map")
    return found if found is not None else identity_map(len(doc.text))


def _input_start(span: Span) -> int:
    return span_to_input(_offset_map(span.doc), span.start_char, span.end_char)[0]


def _input_end(span: Span) -> int:
    return span_to_input(_offset_map(span.doc), span.start_char, span.end_char)[1]


def register_extensions() -> None:
    """``doc._.input_text``, ``doc._.offset_map``, ``span._.input_start`` and ``span._.input_end``
    (idempotent; item field extensions are added as items appear, ``_item_extension``)."""
    for name, getter in (("input_text", _input_text), ("offset_map", _offset_map)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=getter)
    for name, getter in (("input_start", _input_start), ("input_end", _input_end)):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=getter)


#: ``doc.user_data`` key of an item span's fields: (this tag, span group, start_char, end_char).
ITEM_VALUES = "textkit_item"


def _item_extension(name: str) -> None:
    """``span._.NAME``: the field of the item behind the span, looked up by the span's group (its
    ``span.id_``) and offsets, so that a section heading and the measure on the same characters keep
    their own values (spaCy's stored extensions are keyed by offsets only)."""
    if not Span.has_extension(name):

        def getter(span: Span, name: str = name):
            return span.doc.user_data.get((ITEM_VALUES, span.id_, span.start_char, span.end_char), {}).get(name)

        Span.set_extension(name, getter=getter)


register_extensions()


@Language.factory("textkit", default_config={"extract": True, "slogan_lexicon": None, "model": None, "pipes": None})
def create_textkit_component(nlp: Language, name: str, extract: bool, slogan_lexicon: str | None, model: str | None, pipes: list | None):
    return TextkitComponent(extract=extract, slogan_lexicon=slogan_lexicon, model=model, pipes=pipes)


#: The textkit Article behind each live Doc (kept out of ``doc.user_data`` so that ``doc.to_bytes``
#: and ``DocBin`` can serialise the doc; the spans and their values are in the doc itself).
_ARTICLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: The components (their contracts) that have annotated each live Doc, in order.
_CONTRACTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _article(doc: Doc):
    """The article behind a doc: the body after the title line, with its structure (built once per doc)."""
    from textkit.model import Article
    from textkit.normalization.garble import find_garbled
    from textkit.structure import parse_structure

    if doc not in _ARTICLES:
        title = doc.user_data.get("title", "")
        offset = len(title) + 1 if title and doc.text.startswith(title + "\n") else 0
        text = doc.text[offset:]
        art = Article(title=title, text=text)
        pos = 0
        for line in text.split("\n"):
            art.paragraphs.append((pos, pos + len(line)))
            pos += len(line) + 1
        art.garbled = find_garbled(text)
        parse_structure(art)
        _ARTICLES[doc] = art
        doc.user_data["textkit_offset"] = offset
        _set_spans(doc, "sections", [(s.start, s.heading_end, f"H{s.level}") for s in art.sections])
        _set_spans(doc, "items", [(i.start, i.head_end or i.end, i.scheme) for i in art.items])
        _set_spans(doc, "sentences", [(s.start, s.end, "SENT") for s in art.sentences])
        _set_sentence_starts(doc)
    return _ARTICLES[doc]


def _set_sentence_starts(doc: Doc) -> None:
    """``doc.sents`` from textkit's sentences: a sentence starts at each span of the ``sentences``
    group (and at the first token, so a title line is a sentence of its own)."""
    starts = {span.start for span in doc.spans["sentences"]} | {0}
    for token in doc:
        token.is_sent_start = token.i in starts


def _set_spans(doc: Doc, group: str, spans: list[tuple[int, int, str]]) -> None:
    offset = doc.user_data.get("textkit_offset", 0)
    out = []
    for s, e, label in spans:
        span = doc.char_span(s + offset, e + offset, label=label, alignment_mode="expand", span_id=group)
        if span is not None:
            out.append(span)
    doc.spans[group] = out


def _set_item_spans(doc: Doc, group: str, items: list, label_field: str) -> None:
    """The span group of one item kind; each span carries its item's fields as extensions
    (``span._.value``; a measure's first theme as ``span._.theme``)."""
    offset = doc.user_data.get("textkit_offset", 0)
    out = []
    for item in items:
        values = _item_values(item)
        label = str(values.get(label_field, "")) if label_field else ""
        for s, e in getattr(item, "occurrences", None) or [(item.start, item.end)]:
            span = doc.char_span(s + offset, e + offset, label=label, alignment_mode="expand", span_id=group)
            if span is None:
                continue
            doc.user_data[(ITEM_VALUES, group, span.start_char, span.end_char)] = values
            out.append(span)
    doc.spans[group] = out


def _item_values(item) -> dict:
    """An item's fields that become span extensions (registered on first use)."""
    if not is_dataclass(item):
        return {}
    values = {f.name: getattr(item, f.name) for f in fields(item) if f.name not in _NOT_EXTENSIONS}
    if "themes" in values:
        values["theme"] = values["themes"][0] if values["themes"] else None
    for name in values:
        _item_extension(name)
    return values


def item_spans(items: list, label_field: str) -> list[tuple[int, int, str]]:
    """Span triples of items: each occurrence of an item that has several, else its own offsets."""
    out = []
    for item in items:
        label = str(getattr(item, label_field, "")) if label_field else ""
        for s, e in getattr(item, "occurrences", None) or [(item.start, item.end)]:
            out.append((s, e, label))
    return out


def _annotate(doc: Doc, components: list) -> Doc:
    return _annotate_many([doc], components)[0]


def _annotate_many(docs: list[Doc], components: list) -> list[Doc]:
    """Run ``components`` on the docs' articles, each component over all of them (its ``annotate_batch``
    when it has one), then set the docs' item spans."""
    from textkit.components import annotate_all, check_order

    arts = [_article(doc) for doc in docs]
    for doc in docs:
        check_order([*_CONTRACTS.get(doc, []), *(comp.contract for comp in components)])
    for comp in components:
        annotate_all(comp, arts)
    for doc, art in zip(docs, arts):
        done = _CONTRACTS.setdefault(doc, [])
        done += [comp.contract for comp in components]
        for contract in done:  # after every component: a later one may change earlier items (measure_filter)
            if contract.item_kind:
                _set_item_spans(doc, contract.item_kind, art.items_of(contract.item_kind), contract.span_label)
        doc.user_data["article"] = art.to_record(structure=False)
    return docs


def _pipe(one, docs: Iterable[Doc], components: list, batch_size: int | None) -> Iterator[Doc]:
    """``one(doc)`` of each doc, ``batch_size`` docs at a time (``batch.BATCH_DOCUMENTS``) through
    ``_annotate_many`` (stage by stage, cheaper than doc by doc); a batch that raises is done again
    doc by doc, so the error comes with the doc that caused it."""
    from textkit.batch import BATCH_DOCUMENTS

    batch_size = batch_size or BATCH_DOCUMENTS
    docs = iter(docs)
    while batch := list(islice(docs, batch_size)):
        try:
            done = _annotate_many(batch, components)
        except Exception:  # noqa: BLE001 - raised again below by the doc it belongs to
            done = None
        if done is None:
            for doc in batch:
                yield one(doc)
        else:
            yield from done


class TextkitComponent:
    """Parses structure and runs textkit's components on ``doc.text``; items go to span groups."""

    def __init__(self, extract: bool = True, slogan_lexicon: str | None = None, model: str | None = None, pipes: list | None = None):
        from textkit.pipeline import Pipeline

        self.pipeline = Pipeline(extract=extract, slogan_lexicon=slogan_lexicon, model=model, pipes=tuple(pipes) if pipes else None)

    def __call__(self, doc: Doc) -> Doc:
        return _annotate(doc, self.pipeline.components())

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """What ``nlp.pipe`` calls: the docs annotated ``batch_size`` at a time."""
        return _pipe(self, docs, self.pipeline.components(), batch_size)


class SingleComponent:
    """One registered textkit component as a spaCy pipe (``nlp.add_pipe("textkit_figures")``)."""

    def __init__(self, name: str, config: dict):
        from textkit.components import get

        self.component = get(name)(**config)

    def __call__(self, doc: Doc) -> Doc:
        return _annotate(doc, [self.component])

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """What ``nlp.pipe`` calls: the docs annotated ``batch_size`` at a time."""
        return _pipe(self, docs, [self.component], batch_size)


def register_spacy_factories() -> None:
    """A spaCy factory ``textkit_NAME`` for every registered component (config: the component's own)."""
    from textkit.components import names

    for name in names():
        factory = f"textkit_{name}"
        if not Language.has_factory(factory):
            Language.factory(factory, default_config={"config": {}}, func=_single_factory(name))


def _single_factory(component_name: str):
    def create(nlp: Language, name: str, config: dict) -> SingleComponent:
        return SingleComponent(component_name, dict(config or {}))

    return create


register_spacy_factories()


def load(
    *, extract: bool = True, normalize: bool = True, slogan_lexicon: str | None = None, model: str | None = None, pipes: list | None = None
) -> Language:
    """Blank ``zh`` pipeline with the textkit tokenizer and component (no model download)."""
    config = {"nlp": {"tokenizer": {"@tokenizers": "textkit.JiebaTokenizer.v1", "normalize": normalize}}}
    register_spacy_factories()
    nlp = spacy.blank("zh", config=config)
    nlp.add_pipe("textkit", config={"extract": extract, "slogan_lexicon": slogan_lexicon, "model": model, "pipes": pipes})
    return nlp
