"""Components with contracts: the registry of the stages that run after structure parsing.

Like spaCy's factories, every component is registered under a name with what it needs and what
it sets (its *contract*)::

    from textkit.components import component

    @component("toys", requires=("structure",), item=Toy, span_label="kind")
    class ToyFinder:
        def __init__(self, **config): ...
        def annotate(self, article): article.extras["toys"] = [...]

A component may also define ``annotate_batch(articles)``, the same for many articles at once (one
model call for a batch of documents); ``annotate`` is what it does to one. A batch that raises is
done again article by article, so the method must set its results only after the work that may fail.

``requires`` names what must be on the article before the component runs: ``text`` and
``structure`` (sections, list items, sentences) are always there; anything else must be assigned
by an earlier component (``figures`` requires ``slogans``, whose numbered formulas are not
figures). ``assigns`` defaults to the component's name. A component that produces items declares
their dataclass (``item``): the item kind's name is its first assigned field, and from it textkit
derives the record field, the table and its columns, the batch counter and the spaCy span group.

Other packages register components with an entry point in the group ``textkit_components``
(``toys = "mypkg.toys:ToyFinder"``); a pipeline is built from names and config by ``build``,
which checks the order.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import catalogue

#: What every article has before the first component runs (normalisation and structure parsing).
PROVIDED = ("text", "structure")
#: The shipped components, in the order a default pipeline runs them.
DEFAULT_PIPELINE = ("genre", "slogans", "figures", "measures", "measure_filter", "themes")
#: Modules that register the shipped components when imported (extractors before models).
BUILTIN_MODULES = (
    "textkit.genre",
    "textkit.extractors.slogans",
    "textkit.extractors.figures",
    "textkit.extractors.measures",
    "textkit.extractors.measure_filter",
    "textkit.themes",
)
ITEM_MODULES = BUILTIN_MODULES[1:4]

registry = catalogue.create("textkit", "components", entry_points=True)
_CONTRACTS: dict[str, Contract] = {}
_entry_points_loaded = False


class PipelineError(ValueError):
    """A pipeline that cannot run: an unknown component or one whose requirements come too late."""


@dataclass(frozen=True)
class Contract:
    """What a component is called, needs, sets and produces."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    item: type | None = None
    span_label: str = ""

    @property
    def item_kind(self) -> str | None:
        """The kind of item produced (record field, table and span group), if any."""
        return self.assigns[0] if self.item is not None else None


def component(
    name: str,
    *,
    requires: Sequence[str] = ("structure",),
    assigns: Sequence[str] | None = None,
    item: type | None = None,
    span_label: str = "",
) -> Callable[[type], type]:
    """Class decorator that registers a component under ``name`` with its contract."""

    def register(cls: type) -> type:
        contract = Contract(name, tuple(requires), tuple(assigns or (name,)), item, span_label)
        cls.name = name
        cls.contract = contract
        _CONTRACTS[name] = contract
        registry.register(name, func=cls)
        return cls

    return register


_imported: set[str] = set()


def unregister(name: str) -> None:
    """Forget a registered component (for notebooks and tests that register throwaway ones)."""
    _CONTRACTS.pop(name, None)
    catalogue.REGISTRY.pop((*registry.namespace, name), None)


def _import(modules: Iterable[str]) -> None:
    for module in modules:
        if module not in _imported:
            importlib.import_module(module)
            _imported.add(module)


def _load_entry_points() -> None:
    global _entry_points_loaded
    if not _entry_points_loaded:
        _entry_points_loaded = True
        for name, cls in registry.get_entry_points().items():
            if name not in _CONTRACTS and hasattr(cls, "contract"):
                _CONTRACTS[name] = cls.contract


def get(name: str) -> type:
    """The component class registered as ``name``."""
    if name not in _CONTRACTS:
        _import(BUILTIN_MODULES)
        _load_entry_points()
    if name not in _CONTRACTS:
        raise PipelineError(f"unknown component {name!r}; registered: {', '.join(names())}")
    return registry.get(name)


def names() -> list[str]:
    """Every registered component name."""
    _import(BUILTIN_MODULES)
    _load_entry_points()
    return list(_CONTRACTS)


def contract(name: str) -> Contract:
    return get(name).contract


def item_kinds() -> dict[str, Contract]:
    """Item kind → contract of its producer, for every registered component that produces items.

    Only the extractor modules are imported (not the theme model), so the table layer stays light.
    """
    _import(ITEM_MODULES)
    _load_entry_points()
    key = tuple(_CONTRACTS.values())
    if key not in _KINDS_CACHE:
        _KINDS_CACHE.clear()
        _KINDS_CACHE[key] = {c.item_kind: c for c in key if c.item_kind}
    return _KINDS_CACHE[key]


_KINDS_CACHE: dict[tuple[Contract, ...], dict[str, Contract]] = {}


def annotate_all(component, articles: Sequence) -> None:
    """Run ``component`` on ``articles``: at once through its ``annotate_batch`` when it has one, else one by one."""
    together = getattr(component, "annotate_batch", None)
    if together is not None:
        together(articles)
    else:
        for article in articles:
            component.annotate(article)


def check_order(contracts: Sequence[Contract]) -> None:
    """Raise ``PipelineError`` when a component requires what no earlier component assigns."""
    available = set(PROVIDED)
    for c in contracts:
        missing = [r for r in c.requires if r not in available]
        if missing:
            raise PipelineError(f"component {c.name!r} requires {', '.join(missing)}, which no component before it assigns")
        available.update(c.assigns)


def build(pipes: Sequence[str], config: Mapping[str, Mapping] | None = None) -> list:
    """Instances of the named components, in order, each with its config; the order is checked."""
    classes = [get(name) for name in pipes]
    check_order([cls.contract for cls in classes])
    config = config or {}
    return [cls(**dict(config.get(cls.contract.name, {}))) for cls in classes]
