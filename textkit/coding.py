"""User coding dictionaries: a researcher's own categories of words and patterns, counted in texts.

Like KH Coder's coding rules or a LIWC dictionary, a coding dictionary names categories and what
codes a text for each. It is a UTF-8 file in one of two forms.

TOML (``.toml``)::

    [廉洁自律]
    words = ["廉洁", "八项规定", "作风建设"]
    patterns = ["以案.{0,2}促改"]     # regular expressions (Python ``re``)
    exclude = ["廉洁文化节"]           # optional: a text containing any of these is not coded
    require = ["党员"]                 # optional: a text must also contain all of these

    学习教育 = ["三会一课", "主题党日"]  # a category with words only

Plain text (any other suffix), as KH Coder users write it: ``*category`` opens a category, then
one entry per line; ``re:`` starts a pattern, ``-`` an excluded word, ``+`` a required word, ``#``
a comment::

    *廉洁自律
    廉洁
    八项规定
    re:以案.{0,2}促改

Words and patterns may be written in either script: they are converted to simplified Chinese (with
full-width letters and digits folded), and so is every text before matching, so 黨風廉政 codes
党风廉政 and the reverse. Each category is one compiled regular expression (its words, longest
first) plus one per pattern; a category's count in a text is the number of its non-overlapping
matches (where two overlap, the one that starts first, then the longer, is kept), categories
counted independently (a word may code several categories).

API, shaped like a scikit-learn transformer::

    coding = CodingDictionary.load("rules.toml")
    coding.apply("……")            # {"廉洁自律": 2, "学习教育": 0}
    coding.matches("……")          # [Match(category, term, start, end, text), …]
    coding.code_record(record)    # an extract record with ``codes`` (and ``codes`` on each measure)
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from pathlib import Path
from typing import Any

from textkit.errors import TextkitError

#: Record field (article: category → count; measure: list of categories) and article column prefix.
CODES_FIELD = "codes"
CODE_COLUMN_PREFIX = "code_"
_TEXT_KEYS = ("words", "patterns", "exclude", "require")
_BAD_NAME = re.compile(r"[\x00-\x1f\"'`\\\[\]]")
MAX_NAME = 60


class CodingDictionaryError(TextkitError):
    """A coding dictionary that cannot be used; the message names the file, line or category."""


@dataclass(frozen=True)
class Match:
    """One match of a category in a text: offsets into the (simplified) text, the dictionary entry that matched."""

    category: str
    term: str
    start: int
    end: int
    text: str


@dataclass
class Category:
    """A category: its words, patterns, and the words that exclude or are required for it."""

    name: str
    words: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    require: list[str] = field(default_factory=list)
    line: int | None = None  # where it starts in a plain-text file

    @cached_property
    def word_regex(self) -> re.Pattern | None:
        """The words as one alternation, longest first (a plain alternation of literals keeps ``re``'s
        fast paths: groups or patterns in it make it several times slower)."""
        words = sorted(self.words, key=lambda w: (-len(w), w))
        return re.compile("|".join(map(re.escape, words))) if words else None

    @cached_property
    def pattern_regexes(self) -> list[tuple[str, re.Pattern]]:
        return [(p, re.compile(p)) for p in self.patterns]

    def applies_to(self, text: str) -> bool:
        """False when the text contains an excluded word or lacks a required one."""
        return not any(w in text for w in self.exclude) and all(w in text for w in self.require)

    def count(self, text: str) -> int:
        """Non-overlapping matches of the category in (simplified) ``text``."""
        if not self.applies_to(text):
            return 0
        if not self.patterns:
            return len(self.word_regex.findall(text)) if self.word_regex else 0
        return len(self._spans(text))

    def matches(self, text: str) -> Iterator[Match]:
        if not self.applies_to(text):
            return
        for start, end, term in self._spans(text):
            yield Match(self.name, term, start, end, text[start:end])

    def _spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, term) of every match of a word or pattern, overlaps resolved leftmost, then longest, then words first."""
        found = [(m.start(), m.end(), m.group()) for m in self.word_regex.finditer(text)] if self.word_regex else []
        if not self.patterns:
            return found
        found += [(m.start(), m.end(), p) for p, rx in self.pattern_regexes for m in rx.finditer(text) if m.end() > m.start()]
        found.sort(key=lambda s: (s[0], s[0] - s[1]))
        kept: list[tuple[int, int, str]] = []
        for span in found:
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        return kept


def record_text(record: dict[str, Any]) -> str:
    """What is coded of a record: its title and text."""
    return "\n".join(t for t in (record.get("title"), record.get("text")) if t)


def simplify(text: str) -> str:
    """Text as dictionaries and texts are compared: full-width letters and digits folded, simplified script
    (``to_simplified``: OpenCC and the 著/着 fix). Offsets are kept wherever the conversion maps character to
    character (nearly always)."""
    from textkit.normalization.chars import fold_width
    from textkit.normalization.script import to_simplified

    return to_simplified(fold_width(text))[0]


@dataclass
class CodingDictionary:
    """Categories of words and patterns (see the module docstring); ``load`` a file or build from ``Category``."""

    categories: list[Category]
    source: str = "<dictionary>"
    sha256: str = ""

    def __post_init__(self) -> None:
        _check(self.categories, self.source)

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path) -> CodingDictionary:
        """Read a dictionary file (TOML for ``.toml``, else the plain-text form); raises
        ``CodingDictionaryError`` naming the line or category of any problem."""
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise CodingDictionaryError(f"{p}: cannot read the coding dictionary ({exc.strerror or exc})") from None
        text = _decode(data, p)
        toml = p.suffix.lower() == ".toml" or (p.suffix.lower() not in (".txt", ".dic") and _looks_like_toml(text))
        categories = _parse_toml(text, p) if toml else _parse_text(text, p)
        return cls(categories, str(p), hashlib.sha256(data).hexdigest()[:12])

    @classmethod
    def from_dict(cls, mapping: dict[str, Any], source: str = "<dict>") -> CodingDictionary:
        """From ``{category: [words]}`` or ``{category: {"words": […], "patterns": […], …}}``."""
        return cls(_categories_from_mapping(mapping, source), source)

    # -- applying ------------------------------------------------------------------------------

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.categories]

    def apply(self, text: str) -> dict[str, int]:
        """Category → number of matches in ``text`` (every category, 0 when it does not occur)."""
        text = simplify(text)
        return {c.name: c.count(text) for c in self.categories}

    __call__ = apply

    def matches(self, text: str) -> list[Match]:
        """Every match of every category with its offsets into ``simplify(text)``, in text order."""
        text = simplify(text)
        return sorted((m for c in self.categories for m in c.matches(text)), key=lambda m: (m.start, m.end, m.category))

    def coded(self, text: str) -> list[str]:
        """The categories that occur in ``text``."""
        return [name for name, n in self.apply(text).items() if n]

    def coded_many(self, texts: list[str]) -> list[list[str]]:
        """The categories that occur in each of ``texts``, as ``coded`` gives them, for many short texts at
        once: each category's words and patterns are searched once in the texts joined by line breaks (a
        pattern match across two texts sends both to a search of their own)."""
        raw = [t.replace("\n", " ") for t in texts]
        joined = simplify("\n".join(raw))
        if len(joined) != sum(len(t) + 1 for t in raw) - 1:  # the script conversion changed a length
            raw = [simplify(t).replace("\n", " ") for t in raw]
            joined = "\n".join(raw)
        starts = list(accumulate((len(t) + 1 for t in raw[:-1]), initial=0))
        simple = [joined[a : a + len(t)] for a, t in zip(starts, raw)]

        def index(at: int) -> int:
            return bisect_right(starts, at) - 1

        found: list[list[str]] = [[] for _ in texts]
        for c in self.categories:
            hit: set[int] = set()
            if c.word_regex is not None:
                hit.update(index(m.start()) for m in c.word_regex.finditer(joined))
            for _, rx in c.pattern_regexes:
                recheck: set[int] = set()
                for m in rx.finditer(joined):
                    first, last = index(m.start()), index(max(m.start(), m.end() - 1))
                    if first == last:
                        hit.add(first)
                    else:
                        recheck.update(range(first, last + 1))
                hit.update(i for i in recheck - hit if rx.search(simple[i]))
            if c.exclude or c.require:
                hit = {i for i in hit if c.applies_to(simple[i])}
            for i in sorted(hit):
                found[i].append(c.name)
        return found

    def code_record(self, record: dict[str, Any]) -> dict[str, Any]:
        """An extract (or normalise) record with ``codes`` added: category → count in its text (title
        included), and on each measure the list of its categories. Error records are returned as they are."""
        if record.get("error"):
            return record
        record[CODES_FIELD] = self.apply(record_text(record))
        measures = [m for m in record.get("measures") or [] if isinstance(m, dict)]
        for m, codes in zip(measures, self.coded_many([m.get("text") or "" for m in measures])):
            m[CODES_FIELD] = codes
        return record

    def code_records(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for rec in records:
            yield self.code_record(rec)

    def provenance(self) -> dict[str, Any]:
        """What identifies this dictionary in a provenance field."""
        return {"coding": Path(self.source).name, "coding_sha256": self.sha256, "coding_categories": len(self.categories)}

    def table(self, inputs: str | Path | Iterable[str | Path], *, unit: str = "document", workers: int = 1):
        """``textkit code`` as a DataFrame: one row per document or article of the inputs (``coding_table``),
        its provenance in ``attrs["provenance"]`` (``textkit.provenance.tool_provenance``)."""
        import pandas as pd

        paths = _paths(inputs)
        origins: list[dict[str, Any]] = []
        frame = pd.DataFrame(coding_table(iter_records(paths, workers=workers, origins=origins), self, unit=unit))
        frame.attrs["provenance"] = code_provenance(self, paths, {"unit": unit}, origins)
        return frame

    def match_table(self, inputs: str | Path | Iterable[str | Path], *, workers: int = 1):
        """``textkit code --matches`` as a DataFrame: every match in context (``match_rows``), with ``attrs["provenance"]``."""
        import pandas as pd

        paths = _paths(inputs)
        origins: list[dict[str, Any]] = []
        frame = pd.DataFrame(list(match_rows(iter_records(paths, workers=workers, origins=origins), self)), columns=MATCH_COLUMNS)
        frame.attrs["provenance"] = code_provenance(self, paths, {"matches": True}, origins)
        return frame


def _paths(inputs: str | Path | Iterable[str | Path]) -> list[str]:
    return [str(inputs)] if isinstance(inputs, str | Path) else [str(i) for i in inputs]


def code_provenance(coding: CodingDictionary, inputs: list[str], options: dict[str, Any], origins: list[dict[str, Any]]) -> dict[str, Any]:
    """The provenance of a coding table (``textkit.provenance.tool_provenance``, with the dictionary's name, hash and size)."""
    from textkit.provenance import tool_provenance

    return tool_provenance("code", options, inputs, records=origins, coding=coding)


# --------------------------------------------------------------------------- parsing


def _decode(data: bytes, path: Path) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess = ""
        try:
            data.decode("gb18030")
            guess = " (it looks like GBK/GB18030)"
        except UnicodeDecodeError:
            pass
        raise CodingDictionaryError(f"{path}:{line}: the coding dictionary is not UTF-8{guess}; save it as UTF-8") from None


def _looks_like_toml(text: str) -> bool:
    for line in text.splitlines():
        s = line.strip()
        if s and not s.startswith("#"):
            return not s.startswith("*")
    return False


#: A table header or key written bare with characters that TOML 1.0 allows only in quoted keys (Chinese).
_BARE_HEADER = re.compile(r"^(\s*\[)\s*([^\]\[\"'#]*[^\x00-\x7f][^\]\[\"'#]*?)\s*(\].*)$")
_BARE_KEY = re.compile(r"^(\s*)([^\s=\"'\[\]#,][^=\"'\[\]#,]*[^\x00-\x7f][^=\"'\[\]#,]*?|[^\x00-\x7f][^=\"'\[\]#,]*?)(\s*=)")


def quote_bare_keys(text: str) -> str:
    """The TOML text with bare Chinese keys quoted (``[廉洁自律]`` → ``["廉洁自律"]``, ``学习 = […]`` →
    ``"学习" = […]``): TOML 1.0 wants them quoted, people writing a dictionary by hand do not. Lines are kept."""
    out = []
    for line in text.split("\n"):
        line = _BARE_HEADER.sub(lambda m: f'{m[1]}"{m[2]}"{m[3]}', line)
        out.append(_BARE_KEY.sub(lambda m: f'{m[1]}"{m[2].strip()}"{m[3]}', line))
    return "\n".join(out)


def _parse_toml(text: str, path: Path) -> list[Category]:
    try:
        data = tomllib.loads(quote_bare_keys(text))
    except tomllib.TOMLDecodeError as exc:
        raise CodingDictionaryError(f"{path}: not a valid TOML coding dictionary: {exc}") from None
    lines = text.splitlines()
    cats = _categories_from_mapping(data, str(path))
    for c in cats:  # the line of each table header, for error messages
        c.line = next((i for i, s in enumerate(lines, 1) if s.strip().strip("[]").strip().strip("\"'") == c.name), None)
    return cats


def _categories_from_mapping(data: dict[str, Any], source: str) -> list[Category]:
    cats = []
    for name, value in data.items():
        where = f"{source}: category {name!r}"
        if isinstance(value, list):
            value = {"words": value}
        if not isinstance(value, dict):
            raise CodingDictionaryError(f"{where}: expected a table with words/patterns or a list of words, got {type(value).__name__}")
        unknown = sorted(set(value) - set(_TEXT_KEYS))
        if unknown:
            raise CodingDictionaryError(
                f"{where}: unknown key {', '.join(unknown)} (use {', '.join(_TEXT_KEYS)}; "
                "a category written as NAME = [words] must come before the first [category] table)"
            )
        lists = {}
        for key in _TEXT_KEYS:
            items = value.get(key, [])
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
                raise CodingDictionaryError(f"{where}: {key} must be a list of strings")
            lists[key] = items
        cats.append(Category(str(name), **lists))
    return cats


def _parse_text(text: str, path: Path) -> list[Category]:
    cats: list[Category] = []
    prefixes = (("re:", "patterns"), ("-", "exclude"), ("+", "require"))
    for n, raw in enumerate(text.splitlines(), 1):
        s = raw.strip()
        if not s or s.startswith("#"):
            continue
        if s.startswith("*"):
            cats.append(Category(s[1:].strip(), line=n))
            continue
        if not cats:
            raise CodingDictionaryError(f"{path}:{n}: {s!r} comes before any category; start a category with *name")
        key, value = next(((k, s[len(p) :].strip()) for p, k in prefixes if s.startswith(p)), ("words", s))
        if not value:
            raise CodingDictionaryError(f"{path}:{n}: empty {key[:-1] if key != 'exclude' else 'excluded word'}")
        getattr(cats[-1], key).append(value)
    return cats


def _check(categories: list[Category], source: str) -> None:
    """Normalise every entry to simplified and compile each category; raise ``CodingDictionaryError`` on any problem."""
    if not categories:
        raise CodingDictionaryError(f"{source}: the coding dictionary has no category")
    seen: set[str] = set()
    for c in categories:
        where = f"{source}:{c.line}: category {c.name!r}" if c.line else f"{source}: category {c.name!r}"
        c.name = c.name.strip()
        if not c.name or len(c.name) > MAX_NAME or _BAD_NAME.search(c.name):
            raise CodingDictionaryError(f"{where}: a category name must be 1–{MAX_NAME} characters without quotes, brackets or backslashes")
        if c.name in seen:
            raise CodingDictionaryError(f"{where}: the category appears twice")
        seen.add(c.name)
        for key in _TEXT_KEYS:
            values = [simplify(v.strip()) for v in getattr(c, key)]
            if any(not v for v in values):
                raise CodingDictionaryError(f"{where}: an empty entry in {key}")
            setattr(c, key, list(dict.fromkeys(values)))
        if not c.words and not c.patterns:
            raise CodingDictionaryError(f"{where}: the category has no words or patterns")
        for p in c.patterns:
            try:
                rx = re.compile(p)
            except re.error as exc:
                raise CodingDictionaryError(f"{where}: bad pattern {p!r}: {exc}") from None
            if rx.fullmatch(""):
                raise CodingDictionaryError(f"{where}: pattern {p!r} matches empty text")


# --------------------------------------------------------------------------- documents × categories


def iter_records(
    inputs: Iterable[str],
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    origins: list[dict[str, Any]] | None = None,
) -> Iterator[dict[str, Any]]:
    """Article records of the inputs, without extraction: extract outputs (any format) are read back;
    files, folders and manifests are normalised (``textkit normalize``, ``workers`` processes), which
    splits compilations into articles and keeps a manifest's metadata. Failed documents give records with ``error``.
    ``origins`` collects the source, error and provenance of each record read from an extract output."""
    import json

    from textkit.io.records import is_record_file, read_records
    from textkit.provenance import record_origin

    docs: list[str] = []
    runs: dict[str, Any] = {}
    for item in inputs:
        if is_record_file(item):
            for rec in read_records(item):
                if origins is not None:
                    origins.append(record_origin(rec, runs))
                yield rec
        else:
            docs.append(item)
    if not docs:
        return
    from textkit.batch import BatchConfig, iter_tasks, run

    tasks = list(iter_tasks(docs))
    for n, res in enumerate(run(tasks, BatchConfig(mode="normalize", structure=False), workers=workers), 1):
        for line in res.lines:
            yield json.loads(line)
        if progress:
            progress(n, len(tasks))


def coding_table(records: Iterable[dict[str, Any]], coding: CodingDictionary, *, unit: str = "document") -> list[dict[str, Any]]:
    """One row per document (``unit="document"``: its articles added up) or per article: source, title,
    metadata, articles, characters, the number of categories coded and one count column per category
    (``code_CATEGORY``). Records are always coded afresh (``codes`` they carry may come from another dictionary)."""
    if unit not in ("document", "article"):
        raise ValueError(f"unit must be document or article, not {unit!r}")
    names = coding.names
    rows: dict[tuple, dict[str, Any]] = {}
    for rec in records:
        key = (rec.get("source"),) if unit == "document" else (rec.get("source"), rec.get("article"))
        row = rows.get(key)
        if row is None:
            row = rows[key] = {"source": rec.get("source")}
            if unit == "article":
                row["article"] = rec.get("article")
            row["title"] = rec.get("title") or ""
            row.update({k: v for k, v in (rec.get("metadata") or {}).items() if not isinstance(v, list | dict)})
            row |= {"articles": 0, "chars": 0, "error": None}
            row |= dict.fromkeys(names, 0)
        if rec.get("error"):
            row["error"] = rec["error"]
            continue
        codes = coding.apply(record_text(rec))
        row["articles"] += 1
        row["chars"] += len(rec.get("text") or "")
        for name in names:
            row[name] += int(codes.get(name) or 0)
    out = []
    for row in rows.values():
        counts = {name: row.pop(name) for name in names}
        row["categories"] = sum(1 for n in counts.values() if n)
        row.update({_column(row, CODE_COLUMN_PREFIX + name): n for name, n in counts.items()})
        if row["error"] is None:
            del row["error"]
        out.append(row)
    return out


def _column(row: dict[str, Any], name: str) -> str:
    return name if name not in row else f"{name}_"


#: The columns of ``match_rows`` (``textkit code --matches``).
MATCH_COLUMNS = ["source", "article", "category", "term", "start", "end", "left", "match", "right"]


def match_rows(records: Iterable[dict[str, Any]], coding: CodingDictionary, *, width: int = 15) -> Iterator[dict[str, Any]]:
    """Every match in the records, to check what a dictionary codes: source, article, category, term,
    offsets and the matched text with ``width`` characters of context each side (in the simplified text)."""
    for rec in records:
        if rec.get("error"):
            continue
        text = simplify(record_text(rec))
        for m in coding.matches(text):
            yield {
                "source": rec.get("source"),
                "article": rec.get("article"),
                "category": m.category,
                "term": m.term,
                "start": m.start,
                "end": m.end,
                "left": text[max(0, m.start - width) : m.start].replace("\n", " "),
                "match": m.text,
                "right": text[m.end : m.end + width].replace("\n", " "),
            }
