"""Shipped data files, loaded once per process.

Domain knowledge lives in ``textkit/data`` rather than in code:

- ``data/lexicons/NAME.txt``: a word list, one entry per line (``#`` starts a comment);
  ``words(NAME)`` returns it, ``alternation(NAME)`` turns it into a regex alternation of the
  escaped words, longest first.
- ``data/patterns/NAME.txt``: regex fragments, one per line, joined by ``|`` (``pattern(NAME)``),
  for cues that need more than a word (``达到.{0,3}以上$``).
- TSV tables with a header row (``table(NAME)``): the theme table, labels, the slogan lexicon.

Every list is checked for duplicate entries by the tests.
"""

from __future__ import annotations

import csv
import os
import re
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    """Path of a data file shipped inside the package (``name`` relative to ``textkit/data``)."""
    return _data_root() / name


@cache
def _data_root() -> Path:
    """``textkit/data``, looked up once (``resources.files`` finds the package anew on every call)."""
    return Path(str(resources.files("textkit") / "data"))


#: Seconds a load may take before ``loading`` says what is loading.
LOADING_NOTICE_AFTER = 1.0
_loading_messages: bool | None = None  # None: when stderr is a terminal (``TEXTKIT_LOADING_MESSAGES`` overrides)


def set_loading_messages(enabled: bool | None) -> None:
    """Turn the "loading …" messages on or off (``--quiet`` turns them off); None: the default."""
    global _loading_messages
    _loading_messages = enabled


def loading_messages() -> bool:
    """Whether slow loads are announced: as set, else ``TEXTKIT_LOADING_MESSAGES`` (1/0), else when
    stderr is a terminal (never in a pipe, a log or a test's captured output)."""
    if _loading_messages is not None:
        return _loading_messages
    env = os.environ.get("TEXTKIT_LOADING_MESSAGES", "").strip().lower()
    if env:
        return env not in ("0", "off", "no", "false")
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def loading(what: str, after: float | None = None) -> Iterator[None]:
    """Say ``textkit: loading WHAT…`` on stderr when the block takes longer than ``after`` seconds
    (default ``LOADING_NOTICE_AFTER``) and messages are on (``loading_messages``); silent otherwise."""
    if not loading_messages():
        yield
        return

    def say() -> None:
        try:
            print(f"textkit: loading {what}…", file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass

    timer = threading.Timer(LOADING_NOTICE_AFTER if after is None else after, say)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def cache_dir() -> Path | None:
    """textkit's private cache folder (``$TEXTKIT_CACHE``, else ``$XDG_CACHE_HOME/textkit``, else
    ``~/.cache/textkit``), created with mode 0700; None when it cannot be made, or is not a folder
    of this user that nobody else may write to (a cache others could plant files in is not used).
    ``TEXTKIT_CACHE=off`` turns caching off."""
    configured = os.environ.get("TEXTKIT_CACHE")
    if configured and configured.lower() in ("off", "0", "no", "false"):
        return None
    base = Path(configured) if configured else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "textkit"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = base.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()) or info.st_mode & 0o022:
        return None
    return base


def write_cache_file(path: Path, write) -> None:
    """Write a cache file atomically: ``write(file)`` into a temporary file beside ``path``, then renamed
    over it; any failure leaves no file (a cache is an optimisation, never an error)."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - a failed cache write only costs speed
        Path(tmp).unlink(missing_ok=True)


def _entries(path: Path) -> list[str]:
    out: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            entry = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
            if entry:
                out.append(entry)
    return out


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of ``data/lexicons/NAME.txt`` in file order."""
    return tuple(_entries(data_path(f"lexicons/{name}.txt")))


@cache
def word_set(name: str) -> frozenset[str]:
    """``words(NAME)`` as a set, for membership tests."""
    return frozenset(words(name))


@cache
def alternation(name: str) -> str:
    """``(?:w1|w2|…)`` over the escaped words of a lexicon, longest first (so 个百分点 beats 个)."""
    ordered = sorted(words(name), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"


@cache
def pattern(name: str) -> str:
    """``(?:p1|p2|…)`` over the regex fragments of ``data/patterns/NAME.txt``, in file order."""
    return "(?:" + "|".join(_entries(data_path(f"patterns/{name}.txt"))) + ")"


@cache
def patterns(name: str) -> tuple[str, ...]:
    """The regex fragments of ``data/patterns/NAME.txt`` in file order (``pattern`` joins them)."""
    return tuple(_entries(data_path(f"patterns/{name}.txt")))


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of the TSV ``data/NAME.tsv`` (header row first; ``#`` lines are comments)."""
    with data_path(f"{name}.tsv").open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines, delimiter="\t"))


def lexicon_names() -> list[str]:
    """Every shipped word list and pattern list, as ``lexicons/NAME`` / ``patterns/NAME``."""
    root = data_path("")
    return sorted(str(p.relative_to(root).with_suffix("")) for sub in ("lexicons", "patterns") for p in (root / sub).glob("*.txt"))


@lru_cache(maxsize=1)
def numeric_idioms() -> frozenset[str]:
    """Fixed expressions with numerals that are never figures (千家万户, 最后一公里 …)."""
    with data_path("numeric_idioms.txt").open(encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


def read_slogan_file(path: str | Path) -> list[tuple[str, str]]:
    """Read a slogan lexicon: TSV with ``text`` and ``kind`` columns (kind optional: motto)."""
    rows: list[tuple[str, str]] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        for i, row in enumerate(reader):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            if i == 0 and row[0].strip().lower() == "text":
                continue
            kind = row[1].strip() if len(row) > 1 and row[1].strip() else "motto"
            rows.append((row[0].strip(), kind))
    return rows


@lru_cache(maxsize=1)
def mined_slogans() -> tuple[tuple[str, str, str], ...]:
    """The mined lexicon of established 提法 (``slogans_mined.tsv``): (text, kind, source) rows."""
    path = data_path("slogans_mined.tsv")
    if not path.is_file():
        return ()
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) >= 3 and row[0].strip() and not row[0].startswith("#") and row[0] != "text":
                rows.append((row[0].strip(), row[1].strip() or "motto", row[2].strip()))
    return tuple(rows)


@lru_cache(maxsize=8)
def slogan_lexicon(extra: str | None = None) -> tuple[tuple[str, str], ...]:
    """The shipped slogan lexicon plus an optional user file."""
    rows = read_slogan_file(data_path("slogans.tsv"))
    if extra:
        rows += read_slogan_file(extra)
    seen: dict[str, str] = {}
    for text, kind in rows:
        seen.setdefault(text, kind)
    return tuple(seen.items())
