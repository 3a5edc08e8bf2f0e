"""Thresholds and verdict rules of screening, shared by duplicate detection, substance scoring, flags and the verdict.

``ScreenConfig()`` holds the defaults; ``load_config(path)`` reads a department's TOML file over
them. The shipped ``textkit/data/screening.toml`` documents every key (a test keeps it equal to
the defaults); copy it, edit it and pass it as ``textkit screen --config FILE``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from textkit.errors import TextkitError

#: ``progress(stage, done, total)``: called as the reference corpus and the submissions are read (total 0 = unknown).
ProgressFn = Callable[[str, int, int], None]

#: What a flag does to the verdict: ``return`` (退回), ``review`` (需复核) or ``note`` (shown, verdict unchanged).
ACTIONS = ("return", "review", "note")

#: Default action of each flag; a flag not listed (in the defaults or the file) sends to review.
DEFAULT_FLAG_ACTIONS: dict[str, str] = {
    "READ_ERROR": "return",
    "TOO_SHORT": "return",
    "SLOGANS_WITHOUT_MEASURES": "return",
    "NO_CONCRETE_MEASURES": "return",
    "FEW_CONCRETE_MEASURES": "review",
    "SLOGAN_HEAVY": "review",
    "ONLY_PRESCRIBED": "review",
    "BOILERPLATE_HEAVY": "review",
    "THEME_MISSING": "review",
    "DUPLICATE_TEMPLATE": "review",
    "DUPLICATE_SUBMISSION": "review",
    "FEW_FIGURES": "note",
}

#: The sections of the TOML file and the keys each holds (``[verdict.flags]`` is ``flag_actions``).
SECTIONS: dict[str, tuple[str, ...]] = {
    "duplicates": ("shingle", "passage_gram", "min_passage", "stock_min_docs", "stock_share", "min_copied_share", "max_passages"),
    "score": ("full_concrete", "full_figures"),
    "flags": (
        "min_chars",
        "min_concrete_measures",
        "slogan_heavy",
        "only_prescribed",
        "few_figures",
        "few_figures_per_1000_chars",
        "boilerplate_heavy",
        "required_themes",
    ),
    "verdict": ("review_copied_share", "return_copied_share", "review_below_score"),
}


class ConfigError(TextkitError):
    """A screening config file that cannot be read or holds an unknown key or a bad value."""


@dataclass
class ScreenConfig:
    """Thresholds of screening and the verdict rules; the defaults are documented in ``data/screening.toml`` and the README."""

    # duplicates
    shingle: int = 5  # characters per shingle
    passage_gram: int = 8  # characters per shingle of the passage index
    min_passage: int = 50  # shortest shared passage reported (characters of normalised text without punctuation)
    stock_min_docs: int = 6  # a shingle in this many documents (or stock_share of them, if more) is a stock phrase
    stock_share: float = 0.1
    min_copied_share: float = 0.0  # share of either text the shared passages must cover (0: any passage is reported)
    max_passages: int = 40  # passages kept per duplicate
    # score
    full_concrete: int = 8  # concrete measures for full marks
    full_figures: int = 8  # reported figures for full marks
    # flags
    min_chars: int = 200  # shorter texts: TOO_SHORT
    min_concrete_measures: int = 2  # 1 to this minus 1 concrete measures: FEW_CONCRETE_MEASURES (0: NO_CONCRETE_MEASURES)
    slogan_heavy: float = 2.0  # slogans per concrete measure from which SLOGAN_HEAVY is raised
    only_prescribed: float = 0.2  # done share below this (with 3+ measures): ONLY_PRESCRIBED
    few_figures: int = 3  # FEW_FIGURES below this many reported figures …
    few_figures_per_1000_chars: float = 3.0  # … when also below this many per 1,000 characters (short texts get leeway)
    boilerplate_heavy: float = 0.4  # boilerplate share from which BOILERPLATE_HEAVY is raised
    required_themes: tuple[str, ...] = ()  # themes every submission must cover (THEME_MISSING); none by default
    # verdict
    flag_actions: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FLAG_ACTIONS))
    review_copied_share: float = 0.15  # share of the text copied from other documents that sends to review
    return_copied_share: float = 0.5  # … and that returns the submission
    review_below_score: int = 40  # a score below this sends to review (0: never)

    def action(self, code: str) -> str:
        """What flag ``code`` does to the verdict (``return``, ``review`` or ``note``); unlisted flags send to review."""
        return self.flag_actions.get(code, "review")


def default_config_path() -> Path:
    """The shipped, commented config file (``textkit/data/screening.toml``): the defaults, to copy and edit."""
    from textkit.resources import data_path

    return data_path("screening.toml")


def _theme_code(value: Any) -> str:
    """A theme given by its code (``service``) or its Chinese name (``为民服务``), as its code."""
    from textkit.labels import THEME_NAMES, THEMES

    by_name = {THEME_NAMES[t]: t for t in THEMES}
    text = str(value).strip()
    if text in THEMES:
        return text
    if text in by_name:
        return by_name[text]
    raise ConfigError(f"required_themes: unknown theme {value!r} (one of {', '.join(THEMES)} or {'、'.join(by_name)})")


def _checked(name: str, value: Any, default: Any) -> Any:
    """``value`` of key ``name`` with the type of its default (ints may stand for floats)."""
    if name == "required_themes":
        if not isinstance(value, list):
            raise ConfigError('required_themes: expected a list of themes, e.g. ["service"]')
        return tuple(dict.fromkeys(_theme_code(v) for v in value))
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if type(value) is not type(default):
        raise ConfigError(f"{name}: expected {type(default).__name__}, got {value!r}")
    if isinstance(value, int | float) and value < 0:
        raise ConfigError(f"{name}: must not be negative, got {value!r}")
    return value


def _flag_actions(table: Any, base: dict[str, str]) -> dict[str, str]:
    if not isinstance(table, dict):
        raise ConfigError('[verdict.flags]: expected a table of FLAG_CODE = "return" | "review" | "note"')
    actions = dict(base)
    for code, action in table.items():
        if action not in ACTIONS:
            raise ConfigError(f"[verdict.flags] {code}: expected one of {', '.join(ACTIONS)}, got {action!r}")
        actions[str(code).upper()] = action
    return actions


def config_from_dict(data: dict[str, Any], base: ScreenConfig | None = None) -> ScreenConfig:
    """``base`` (the defaults) with the keys of a parsed config file (sections as in ``SECTIONS``) replaced."""
    base = base or ScreenConfig()
    defaults = {f.name: getattr(base, f.name) for f in fields(base)}
    changes: dict[str, Any] = {}
    for section, table in data.items():
        if section not in SECTIONS or not isinstance(table, dict):
            raise ConfigError(f"unknown section [{section}] (sections: {', '.join(SECTIONS)})")
        for key, value in table.items():
            if section == "verdict" and key == "flags":
                changes["flag_actions"] = _flag_actions(value, base.flag_actions)
            elif key in SECTIONS[section]:
                changes[key] = _checked(key, value, defaults[key])
            else:
                raise ConfigError(f"[{section}] unknown key {key!r} (keys: {', '.join(SECTIONS[section])})")
    return replace(base, **changes)


def load_config(path: str | Path | None = None) -> ScreenConfig:
    """The screening config of a TOML file (keys not in it keep their defaults); the defaults without ``path``."""
    if path is None:
        return ScreenConfig()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not a valid TOML file: {exc}") from None
    try:
        return config_from_dict(data)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
