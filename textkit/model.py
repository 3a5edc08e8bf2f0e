"""The data model that flows through the pipeline.

document → articles → sections / list items → sentences → extracted items.
Every span is a half-open ``[start, end)`` range of character offsets into
``Article.text`` (the normalised article body).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any

_SCALARS = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


@dataclass
class _Box:
    value: Any


def as_plain(obj: Any) -> Any:
    """``dataclasses.asdict`` for records: the same dicts, lists and tuples, several times faster on
    the flat items of an article (scalars are not deep-copied; anything unusual goes through ``asdict``)."""
    t = type(obj)
    if t in _SCALARS:
        return obj
    if t is list:
        return [x if type(x) in _SCALARS else as_plain(x) for x in obj]
    if t is tuple:
        return tuple([x if type(x) in _SCALARS else as_plain(x) for x in obj])
    if t is dict:
        return {k if type(k) in _SCALARS else as_plain(k): v if type(v) in _SCALARS else as_plain(v) for k, v in obj.items()}
    fields_ = plain_fields(obj)
    if fields_ is None:
        return asdict(_Box(obj))["value"]
    out = fields_.copy()
    for name, v in out.items():
        if type(v) not in _SCALARS:
            out[name] = as_plain(v)
    return out


def plain_fields(obj: Any) -> dict[str, Any] | None:
    """The fields of dataclass instance ``obj`` by name, in order, values as they are (its own
    ``__dict__`` when that holds the fields in order and nothing else: do not change it); None when
    ``obj`` is no dataclass instance."""
    t = type(obj)
    names = _FIELD_NAMES.get(t)
    if names is None:
        if not is_dataclass(obj) or isinstance(obj, type):
            return None
        names = _FIELD_NAMES[t] = tuple(f.name for f in fields(obj))
    own = getattr(obj, "__dict__", None)
    if own is not None and len(own) == len(names) and tuple(own) == names:
        return own
    return {name: getattr(obj, name) for name in names}


def _plain_list(items: list) -> list:
    return [as_plain(x) for x in items]


@dataclass
class Section:
    """A heading and the body it governs, up to the next heading of the same or higher level."""

    heading: str
    level: int
    scheme: str  # e.g. "一、", "(一)", "1、", "plain"
    start: int  # heading start
    end: int  # end of the section body
    heading_end: int
    parent: int | None = None


@dataclass
class ListItem:
    """A numbered or enumerated list item (一是…, 1、…, 首先…); ``head`` is its first sentence."""

    marker: str
    scheme: str
    index: int
    start: int  # start of the item text after the marker
    end: int
    head_end: int
    marker_start: int
    section: int | None = None


@dataclass
class Sentence:
    start: int
    end: int
    clauses: list[tuple[int, int]] = field(default_factory=list)
    section: int | None = None
    paragraph: int = 0


@dataclass
class Slogan:
    text: str
    kind: str  # numeric | campaign | motto | term
    quoted: bool
    expansion: list[str] = field(default_factory=list)
    occurrences: list[tuple[int, int]] = field(default_factory=list)
    count_ok: bool | None = None  # for numbered formulas with an expansion
    start: int = 0
    end: int = 0
    sentence: str = ""


@dataclass
class Figure:
    text: str
    value: float
    unit: str
    indicator: str
    kind: str  # count | percent | money | frequency | duration | age | other
    approx: bool = False
    value_max: float | None = None
    base_value: float | None = None
    base_unit: str = ""
    role: str = "achievement"  # achievement | target
    relates_to: int | None = None  # index of the figure a completion rate belongs to
    start: int = 0
    end: int = 0
    sentence: str = ""


@dataclass
class Measure:
    text: str
    level: str  # heading | item
    status: str  # done | prescribed
    section: str = ""
    concrete: bool = False
    themes: list[str] = field(default_factory=list)
    theme_scores: dict[str, float] = field(default_factory=dict)
    start: int = 0
    end: int = 0
    sentence: str = ""


#: Item kinds with their own field on ``Article``.
BUILTIN_ITEM_KINDS = ("slogans", "figures", "measures")


@dataclass
class Article:
    title: str
    text: str
    source: str = ""
    index: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    log: Counter = field(default_factory=Counter)
    garbled: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    slogans: list[Slogan] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    themes: dict[str, float] = field(default_factory=dict)
    theme_confidence: float | None = None
    #: The article's genre (``textkit.genre.GENRES``) and how sure it is; None when no genre component ran.
    genre: str | None = None
    genre_confidence: float | None = None
    #: Items of kinds that registered components add (``extras["toys"]``), beside the built-in three.
    extras: dict[str, list] = field(default_factory=dict)
    #: Where the text came from in the input (``textkit.alignment.ArticleTrace``), for the offset map.
    trace: Any = field(default=None, repr=False, compare=False)

    def item_counts(self) -> dict[str, int]:
        """Number of items of each kind (built-in and extra)."""
        return {**{k: len(getattr(self, k)) for k in BUILTIN_ITEM_KINDS}, **{k: len(v) for k, v in self.extras.items()}}

    def items_of(self, kind: str) -> list:
        """The items of one kind: a built-in field (slogans, figures, measures) or an extra kind."""
        return getattr(self, kind) if kind in BUILTIN_ITEM_KINDS else self.extras.get(kind, [])

    def structure_dict(self, *, plain: bool = True) -> dict[str, Any]:
        """The record's ``structure`` field (``plain``: see ``to_record``)."""
        items = _plain_list if plain else list
        return {
            "paragraphs": [list(p) for p in self.paragraphs],
            "sections": items(self.sections),
            "items": items(self.items),
            "sentences": [[s.start, s.end] for s in self.sentences],
            "garbled": [list(g) for g in self.garbled],
        }

    def offset_map(self) -> list[list[int]]:
        """Runs ``[text_start, input_start, length]`` mapping ``text`` offsets to the input
        (``textkit.alignment.to_input``)."""
        from textkit.alignment import offset_map

        return offset_map(self)

    def to_record(self, *, structure: bool = True, offset_map: bool = False, plain: bool = True) -> dict[str, Any]:
        """The JSON record of ``textkit extract`` (fields read by the shared scorer, and more);
        ``offset_map`` adds the runs that map text offsets to the input. ``plain=False`` leaves the
        items (slogans, figures, measures, sections …) as the model's objects, not copied into dicts,
        for a record that only goes to ``textkit.io.writers.dumps`` (which writes each as its
        ``as_plain`` dict): the JSON is the same, made without the copies."""
        items = _plain_list if plain else list
        rec: dict[str, Any] = {
            "source": self.source,
            "article": self.index,
            "title": self.title,
            "meta": self.meta,
            "text": self.text,
            "slogans": items(self.slogans),
            "figures": items(self.figures),
            "measures": items(self.measures),
            **{kind: items(found) for kind, found in self.extras.items()},
            "themes": self.themes,
            "theme_confidence": self.theme_confidence,
            "genre": self.genre,
            "genre_confidence": self.genre_confidence,
            "log": dict(self.log),
        }
        if offset_map:
            rec["offset_map"] = self.offset_map()
        if structure:
            rec["structure"] = self.structure_dict(plain=plain)
        return rec


@dataclass
class Document:
    """One input file: its articles, or the error that stopped it."""

    source: str
    articles: list[Article] = field(default_factory=list)
    error: str | None = None
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    content_hash: str = ""
