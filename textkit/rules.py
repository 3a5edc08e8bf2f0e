"""Rules as small named functions, and the trace that lets ``--explain`` say why.

An extractor's filters are an ordered tuple of rules. A rule takes a candidate and returns a
short reason (in English, for the trace) when it rejects or decides the candidate, else
``None``. ``first_reason`` runs them in order; the first reason decides. When a ``tracing()``
block is active, extractors ``note`` every decision, so ``textkit explain`` can print which rule
kept or dropped each candidate::

    with tracing() as decisions:
        textkit.extract(text)
    for d in decisions:
        print(d.kind, d.text, d.kept, d.rule, d.reason)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

Rule = Callable[..., "str | None"]


@dataclass(frozen=True)
class Decision:
    """One candidate and the rule that decided it."""

    kind: str  # the item kind of the extractor: figures, slogans, measures …
    text: str
    start: int
    end: int
    kept: bool
    rule: str
    reason: str


_TRACE: ContextVar[list[Decision] | None] = ContextVar("textkit_trace", default=None)


@contextmanager
def tracing() -> Iterator[list[Decision]]:
    """Collect the decisions of every extractor run inside the block."""
    decisions: list[Decision] = []
    token = _TRACE.set(decisions)
    try:
        yield decisions
    finally:
        _TRACE.reset(token)


def is_tracing() -> bool:
    return _TRACE.get() is not None


def note(kind: str, text: str, start: int, end: int, kept: bool, rule: str, reason: str = "") -> None:
    """Record a decision when tracing (a no-op otherwise, so extractors call it freely)."""
    trace = _TRACE.get()
    if trace is not None:
        trace.append(Decision(kind, text, start, end, kept, rule, reason))


def first_reason(rules: Sequence[Rule], *args: Any) -> tuple[str, str] | None:
    """``(rule name, reason)`` of the first rule that fires on ``args``, or None when none does."""
    for rule in rules:
        reason = rule(*args)
        if reason:
            return rule.__name__.lstrip("_"), reason
    return None


def only_when(applies: Callable[[Any], bool]) -> Callable[[Rule], Rule]:
    """Mark a rule that can fire only when ``applies(context)`` holds (a unit, an article's scan …):
    ``applicable`` leaves it out otherwise, once per context instead of asking every candidate."""

    def mark(rule: Rule) -> Rule:
        rule.applies = applies  # type: ignore[attr-defined]
        return rule

    return mark


def applicable(rules: Sequence[Rule], context: Any) -> tuple[Rule, ...]:
    """``rules`` without those ``only_when`` marks as unable to fire in ``context``; in order, so the
    first rule that fires is the same."""
    return tuple(rule for rule in rules if getattr(rule, "applies", None) is None or rule.applies(context))
