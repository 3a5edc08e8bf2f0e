"""Flags: the rules that raise a flag on a screened submission, each with its reason in Chinese.

A flag is ``{"code": CODE, "label": …, "message": …}``: the code for programs, a short Chinese
label for badges and the reason in Chinese; both live in ``data/labels.tsv`` (keys
``flag_label.CODE`` and ``flag.CODE``). ``SUBSTANCE_RULES`` is the ordered tuple of rules on the substance scores:
each takes the scores and the config and returns a flag or ``None``; the flags of a submission are
its duplicate flags, then those rules' flags in this order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textkit.labels import label, theme_names, ui_text
from textkit.screening.config import ScreenConfig

Flag = dict[str, str]
Scores = dict[str, Any]
FlagRule = Callable[[Scores, ScreenConfig], "Flag | None"]


def flag_label(code: str) -> str:
    """The short Chinese label of flag ``code`` (``data/labels.tsv`` key ``flag_label.CODE``; the code if it has none)."""
    return ui_text().get(f"flag_label.{code}", code)


def flag(code: str, **fields: Any) -> Flag:
    """The flag ``code`` with its label and its message (``data/labels.tsv`` key ``flag.CODE``) filled from ``fields``."""
    return {"code": code, "label": flag_label(code), "message": label(f"flag.{code}", **fields)}


# --------------------------------------------------------------------------- rules on the substance scores


def too_short(sc: Scores, cfg: ScreenConfig) -> Flag | None:
    """TOO_SHORT: fewer than ``min_chars`` characters of text."""
    return flag("TOO_SHORT", chars=sc["chars"]) if sc["chars"] < cfg.min_chars else None


def slogans_without_measures(sc: Scores, cfg: ScreenConfig) -> Flag | None:
    """SLOGANS_WITHOUT_MEASURES: two slogans or more and no concrete measure."""
    if sc["concrete_measures"] or sc["slogans"] < 2:
        return None
    return flag("SLOGANS_WITHOUT_MEASURES", slogans=sc["slogans"])


def no_concrete_measures(sc: Scores, cfg: ScreenConfig) -> Flag | None:
    """NO_CONCRETE_MEASURES: no concrete measure (and fewer than two slogans, else the flag above)."""
    if sc["concrete_measures"] or sc["slogans"] >= 2:
        return None
    detail = (
        label("flag.NO_CONCRETE_MEASURES.general", measures=sc["measures"]) if sc["measures"] else label("flag.NO_CONCRETE_MEASURES.none")
    )
    return flag("NO_CONCRETE_MEASURES", detail=detail)


def few_concrete_measures(sc: Scores, cfg: ScreenConfig) -> Flag | None:
    """FEW_CONCRETE_MEASURES: at least one concrete measure, but fewer than ``min_concrete_measures``."""
    if 0 < sc["concrete_measures"] < cfg.min_concrete_measures:
        return flag("FEW_CONCRETE_MEASURES", concrete_measures=sc["concrete_measures"], minimum=cfg.min_concrete_measures)
    return None


def slogan_heavy(sc: Scores, cfg: ScreenConfig) -> Flag | None:
    """SLOGAN_HEAVY: at least ``slogan_heavy`` slogans per concrete measure."""
    ratio = sc["slogans_per_concrete_measure"]
    if not sc["concrete_measures"] or ratio is None or ratio < cfg.slogan_heavy:
        return None
    return flag("SLOGAN_HEAVY", slogans_per_concrete_measure=ratio)


def only_prescribed(sc: Scores, cfg: ScreenConfig) -> Flag | None:
    """ONLY_PRESCRIBED: three measures or more, and a done share below ``only_prescribed``."""
    if sc["measures"] >= 3 and sc["done_share"] < cfg.only_prescribed:
        return flag("ONLY_PRESCRIBED", done_share=sc["done_share"])
    return None


def few_figures(sc: Scores, cfg: ScreenConfig) -> Flag | None:
    """FEW_FIGURES: in a text long enough to judge, fewer than ``few_figures`` reported figures and
    fewer than ``few_figures_per_1000_chars`` per 1,000 characters (two figures in a short note are enough)."""
    per_1000 = 1000 * sc["figures"] / sc["chars"] if sc["chars"] else 0.0
    if sc["figures"] < cfg.few_figures and per_1000 < cfg.few_figures_per_1000_chars and sc["chars"] >= cfg.min_chars:
        return flag("FEW_FIGURES", figures=sc["figures"])
    return None


def theme_missing(sc: Scores, cfg: ScreenConfig) -> Flag | None:
    """THEME_MISSING: concrete measures, but none in a theme the config requires (``required_themes``; none by default)."""
    missing = [t for t in cfg.required_themes if t in sc["themes_missing"]]
    if sc["concrete_measures"] and missing:
        return flag("THEME_MISSING", themes=theme_names(missing))
    return None


def boilerplate_heavy(sc: Scores, cfg: ScreenConfig) -> Flag | None:
    """BOILERPLATE_HEAVY: concrete measures, but at least ``boilerplate_heavy`` of the body is boilerplate."""
    if sc["concrete_measures"] and sc["boilerplate_share"] >= cfg.boilerplate_heavy:
        return flag("BOILERPLATE_HEAVY", boilerplate_share=sc["boilerplate_share"])
    return None


#: The rules on the substance scores, in the order their flags are listed.
SUBSTANCE_RULES: tuple[FlagRule, ...] = (
    too_short,
    slogans_without_measures,
    no_concrete_measures,
    few_concrete_measures,
    slogan_heavy,
    only_prescribed,
    few_figures,
    theme_missing,
    boilerplate_heavy,
)


def substance_flags(sc: Scores, cfg: ScreenConfig) -> list[Flag]:
    """Flags on the substance scores, each ``{code, message}`` with the reason in Chinese."""
    return [f for rule in SUBSTANCE_RULES if (f := rule(sc, cfg))]


# --------------------------------------------------------------------------- duplicates and read errors


def duplicate_flag(dup: dict[str, Any]) -> Flag:
    """DUPLICATE_TEMPLATE (a reference document) or DUPLICATE_SUBMISSION (another submission) for a duplicate entry."""
    name = f"《{dup['title']}》（{dup['source']}）" if dup["title"] else dup["source"]
    detail = label(
        "flag.duplicate_detail",
        copied_share=dup["copied_share"],
        passages=len(dup["passages"]),
        other_copied_share=dup["other_copied_share"],
    )
    code = "DUPLICATE_TEMPLATE" if dup["kind"] == "reference" else "DUPLICATE_SUBMISSION"
    return flag(code, name=name, detail=detail)


def read_error_flag(error: str) -> Flag:
    """READ_ERROR: the submission could not be read or processed."""
    return flag("READ_ERROR", error=error)
