"""Find input files and turn each into text.

Text files are decoded by detection, not assumption: byte-order marks first, then strict
UTF-8, then charset-normalizer restricted to the encodings Chinese documents use.
Other formats register a reader by suffix with ``register_reader`` (see ``READERS``); the
shipped ones (``textkit.io.formats``) are registered when the ``textkit.io`` package is imported.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from textkit.errors import InputError

MAX_BYTES = 20 * 1024 * 1024
CHINESE_ENCODINGS = ["utf_8", "gb18030", "big5", "big5hkscs", "utf_16", "utf_32"]
_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]


@dataclass
class RawText:
    """The decoded text of one input, with what was learnt while reading it."""

    source: str
    text: str
    encoding: str
    meta: dict = field(default_factory=dict)
    content_hash: str = ""
    structure_hints: list = field(default_factory=list)


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    letters = [c for c in sample if not c.isspace()]
    if not letters:
        return 0.0
    good = sum(
        1
        for c in letters
        if "\u4e00" <= c <= "\u9fff" or c.isascii() or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or "\u2000" <= c <= "\u206f"
    )
    return good / len(letters)


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    # Chinese UTF-16 has few zero bytes; ASCII-heavy UTF-16 has many on one side only.
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = sample[: len(sample) // 2 * 2].decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _cjk_share(text) > 0.9 and (max(even, odd) > 0.2 or _cjk_share(text) > 0.97):
            return enc
    return None


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise InputError when it is not text."""
    if not data.strip():
        raise InputError(f"{source}: empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{source}: byte-order mark says {enc} but the bytes are not: {exc.reason}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4000]:
        enc = _looks_utf16(data)
        if enc:
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                pass
        raise InputError(f"{source}: binary file (contains NUL bytes), not text")
    candidates = []
    from charset_normalizer import from_bytes  # imported lazily: it is not needed for UTF-8

    best = from_bytes(data[:200_000], cp_isolation=CHINESE_ENCODINGS).best()
    if best is not None:
        candidates.append(best.encoding)
    candidates += [e for e in ("gb18030", "big5hkscs") if e not in candidates]
    scored = []
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_cjk_share(text) + _common_share(text), enc, text))
    if scored:
        score, enc, text = max(scored, key=lambda t: t[0])
        if score > 1.5:
            return text, enc
    raise InputError(f"{source}: undetectable text encoding (tried UTF-8, GB18030, Big5, UTF-16)")


def _common_share(text: str) -> float:
    """Share of CJK characters that belong to the common set (wrong decodings score low)."""
    from textkit.normalization.garble import common_chars
    from textkit.normalization.script import converter

    common = common_chars()
    cjk = [c for c in converter("t2s").convert(text[:20000]) if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return 0.5
    return sum(1 for c in cjk if c in common) / len(cjk)


def read_text_file(path: Path) -> RawText:
    data = read_bytes(path)
    text, enc = decode_bytes(data, str(path))
    return RawText(str(path), text, enc, content_hash=hashlib.sha1(data).hexdigest())


def read_bytes(path: Path) -> bytes:
    """The bytes of a file, refusing files above ``MAX_BYTES``."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"{path}: file too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)")
    return path.read_bytes()


Reader = Callable[[Path], RawText]
READERS: dict[str, Reader] = {".txt": read_text_file, ".text": read_text_file, ".md": read_text_file}


def register_reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Decorator: use the function to read files with these suffixes."""

    def deco(fn: Reader) -> Reader:
        for s in suffixes:
            READERS[s.lower()] = fn
        return fn

    return deco


def read_path(path: str | Path) -> RawText:
    """Read one file into text, raising InputError with a clear reason on failure."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder")
    reader = READERS.get(p.suffix.lower(), read_text_file)
    try:
        return reader(p)
    except InputError:
        raise
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"{p}: cannot read: {exc}") from None


SKIP_DIRS = {".git", "__pycache__", ".venv", "node_modules"}


def expand_inputs(inputs: Iterable[str | os.PathLike]) -> Iterator[str]:
    """Yield files from paths, folders (recursive, sorted) and glob patterns.

    A pattern or path that matches nothing is yielded as is, so that it becomes an error record.
    """
    for raw in inputs:
        item = str(raw)
        p = Path(item)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if Path(name).suffix.lower() in READERS and not name.startswith("."):
                        yield os.path.join(root, name)
        elif p.exists():
            yield item
        elif any(ch in item for ch in "*?["):
            matches = sorted(glob.glob(item, recursive=True))
            files = [m for m in matches if os.path.isfile(m)]
            if files:
                yield from files
            else:
                yield item
        else:
            yield item
