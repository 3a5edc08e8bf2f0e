"""Find input files and turn each into text.

Text files are decoded by detection, not assumption: byte-order marks first, then strict
UTF-8, then charset-normalizer restricted to the encodings Chinese documents use; text that
would decode but is not Chinese (Korean or Japanese in a legacy encoding, ``FOREIGN_ENCODINGS``)
is refused.
Other formats register a reader by suffix with ``register_reader`` (see ``READERS``); the
shipped ones (``textkit.io.formats``) are registered when the ``textkit.io`` package is imported.

Only regular files are read (``open_regular``): devices, FIFOs, sockets and files under
``/proc``, ``/sys`` and ``/dev`` are refused, whatever symlink leads to them, and at most
``MAX_INPUT_BYTES`` bytes are read whatever size the file reports.

Limits (module constants, read once from the environment when textkit is imported):

``TEXTKIT_MAX_INPUT_BYTES``
    ``MAX_INPUT_BYTES``, the largest input file read, in bytes (default 20 MiB, 20971520).
"""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from textkit.errors import InputError
from textkit.io.markdown import looks_like_markdown, markdown_to_text


def env_limit(name: str, default: int) -> int:
    """The positive whole number in environment variable ``name`` (``_`` allowed as a digit
    separator), else ``default``; a value that is not one is ignored with a warning."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        number = 0
    if number <= 0:
        warnings.warn(f"{name}={value!r} is not a positive whole number; using {default}", stacklevel=2)
        return default
    return number


MAX_INPUT_BYTES = env_limit("TEXTKIT_MAX_INPUT_BYTES", 20 * 1024 * 1024)
#: Folders whose files are never inputs (kernel and device interfaces), whatever the options.
PSEUDO_FS_ROOTS = ("/proc", "/sys", "/dev")
_PSEUDO_FS_TYPES = {
    "proc",
    "sysfs",
    "devtmpfs",
    "devpts",
    "debugfs",
    "tracefs",
    "securityfs",
    "configfs",
    "cgroup",
    "cgroup2",
    "bpf",
    "efivarfs",
}
CHINESE_ENCODINGS = ["utf_8", "gb18030", "big5", "big5hkscs", "utf_16", "utf_32"]
#: Byte-order marks and their codecs, longest first (UTF-32 LE starts like UTF-16 LE).
BYTE_ORDER_MARKS = [
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
    for bom, enc in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{source}: byte-order mark says {enc} but the bytes are not: {exc.reason}") from None
    nuls = data.count(b"\x00")
    if nuls * 100 <= len(data):  # NUL is valid UTF-8, but more than a stray one means UTF-16 or binary
        try:
            return data.decode("utf-8").replace("\x00", ""), "utf-8"
        except UnicodeDecodeError:
            pass
    if nuls:
        enc = _looks_utf16(data)
        if enc:
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                pass
        raise InputError(f"{source}: binary file (contains NUL bytes), not text")
    foreign = _foreign_encoding(data)
    if foreign:
        raise InputError(f"{source}: not Chinese text (looks like {foreign})")
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


#: Legacy Korean and Japanese encodings (whose bytes also decode as GB18030 or Big5), by language.
FOREIGN_ENCODINGS = {
    "euc-kr": ("euc_kr", "cp949", "johab", "iso2022_kr"),
    "shift_jis": ("shift_jis", "cp932"),
    "euc-jp": ("euc_jp",),
}
_FOREIGN_SCRIPT = {"euc-kr": ("\uac00", "\ud7a3", 0.5), "shift_jis": ("\u3040", "\u30ff", 0.05), "euc-jp": ("\u3040", "\u30ff", 0.05)}
_FOREIGN_MIN_BYTES = 200


def _foreign_encoding(data: bytes) -> str | None:
    """``euc-kr``, ``shift_jis`` or ``euc-jp`` when ``data`` is Korean or Japanese text in a legacy
    encoding (its bytes would decode as GB18030 mojibake): charset-normalizer must prefer that encoding
    over the Chinese ones, and the decoded text must be written in that language's script (half of its
    letters Hangul, or 5 % kana). Short texts (under 200 non-ASCII bytes) are never refused."""
    sample = data[:200_000]
    if sum(1 for b in sample if b > 127) < _FOREIGN_MIN_BYTES:
        return None
    from charset_normalizer import from_bytes

    codecs = [c for names in FOREIGN_ENCODINGS.values() for c in names]
    best = from_bytes(sample, cp_isolation=CHINESE_ENCODINGS + codecs).best()
    language = next((lang for lang, names in FOREIGN_ENCODINGS.items() if best is not None and best.encoding in names), None)
    if language is None:
        return None
    first, last, share = _FOREIGN_SCRIPT[language]
    letters = [c for c in str(best) if ord(c) > 127 and not c.isspace()]
    return language if letters and sum(1 for c in letters if first <= c <= last) >= share * len(letters) else None


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
    """A text file, decoded; a Markdown clip saved as text (``looks_like_markdown``) is read as Markdown."""
    data = read_bytes(path)
    text, enc = decode_bytes(data, str(path))
    meta: dict = {}
    if looks_like_markdown(text):
        plain, meta = markdown_to_text(text)
        text = plain if plain.strip() else text
    return RawText(str(path), text, enc, meta=meta, content_hash=hashlib.sha1(data).hexdigest())


def display_path(path: str | os.PathLike) -> str:
    """``path`` as printable text: bytes of a file name that are not UTF-8 become ``\\xNN``."""
    name = os.fspath(path)
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


@lru_cache(maxsize=1)
def _pseudo_fs_mounts() -> tuple[str, ...]:
    """Mount points of kernel pseudo-filesystems (procfs, sysfs, devtmpfs …) besides ``PSEUDO_FS_ROOTS``."""
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as fh:
            mounts = [line.split() for line in fh]
    except OSError:
        return ()
    return tuple(m[1] for m in mounts if len(m) > 2 and m[2] in _PSEUDO_FS_TYPES and m[1] != "/")


def is_pseudo_fs(real_path: str) -> bool:
    """Whether the resolved ``real_path`` lies under /proc, /sys, /dev or another kernel pseudo-filesystem."""
    return any(real_path == root or real_path.startswith(root.rstrip("/") + "/") for root in PSEUDO_FS_ROOTS + _pseudo_fs_mounts())


_KINDS = [
    (stat.S_ISDIR, "is a folder"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISFIFO, "is a FIFO (named pipe), not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
]


def _not_regular(mode: int) -> str:
    return next((why for test, why in _KINDS if test(mode)), "is not a regular file")


def stat_error(path: str | os.PathLike, exc: OSError) -> InputError:
    """The InputError for a failed stat or open of ``path``: missing, a symlink loop, no permission …"""
    name = display_path(path)
    reason = {
        errno.ENOENT: "no such file",
        errno.ELOOP: "symlink loop (a symbolic link that leads back to itself)",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOTDIR: "no such file (a part of the path is not a folder)",
        errno.ENAMETOOLONG: "file name too long",
    }.get(exc.errno or 0, f"cannot read ({exc.strerror or exc})")
    return InputError(f"{name}: {reason}")


def open_regular(path: str | os.PathLike) -> int:
    """A read-only descriptor of the regular file at ``path`` (symlinks followed); InputError for
    anything else: a folder, device, FIFO or socket, a file under /proc, /sys or /dev, a symlink loop.

    The type is checked with ``os.stat`` before opening (opening a device can have effects) and
    again on the open descriptor; ``O_NONBLOCK`` makes sure a FIFO swapped in between never blocks.
    """
    name = display_path(path)
    real = os.path.realpath(path)
    if is_pseudo_fs(real):
        raise InputError(f"{name}: {real} is a kernel or device file, never read as an input")
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{name}: {_not_regular(st.st_mode)}")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise stat_error(path, exc) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputError(f"{name}: {_not_regular(mode)}")
    return fd


def read_bytes(path: str | os.PathLike, limit: int | None = None) -> bytes:
    """The bytes of a regular file (see ``open_regular``), refusing more than ``limit`` bytes
    (default ``MAX_INPUT_BYTES``). The size the file reports is not trusted: at most ``limit + 1``
    bytes are read."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    fd = open_regular(path)
    try:
        data = _read_at_most(fd, limit + 1)
    except OSError as exc:
        raise InputError(f"{display_path(path)}: cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InputError(f"{display_path(path)}: file too large (over {limit / 1e6:.1f} MB; the limit is set by TEXTKIT_MAX_INPUT_BYTES)")
    return data


def _read_at_most(fd: int, most: int) -> bytes:
    """At most ``most`` bytes from ``fd``, read in chunks of the size the file reports (one read and the
    read that finds the end, for a file that does not grow): ``read(most)`` would allocate ``most``
    bytes, 20 MiB, for every small file."""
    chunk_size = max(os.fstat(fd).st_size + 1, 1 << 16)
    chunks = []
    left = most
    while left > 0:
        chunk = os.read(fd, min(left, chunk_size))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


Reader = Callable[[Path], RawText]
READERS: dict[str, Reader] = {".txt": read_text_file, ".text": read_text_file, ".md": read_text_file}  # .md: textkit.io.formats


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
    try:
        st = os.stat(p)
    except OSError as exc:
        raise stat_error(p, exc) from None
    if stat.S_ISDIR(st.st_mode):
        try:
            os.scandir(p).close()
        except OSError as exc:
            raise InputError(f"{display_path(p)}: cannot read the folder ({exc.strerror or exc})") from None
        suffixes = ", ".join(sorted(READERS))
        raise InputError(f"{display_path(p)}: a folder with no document to read (textkit reads {suffixes} and manifests)")
    reader = READERS.get(p.suffix.lower(), read_text_file)
    try:
        return reader(p)
    except InputError:
        raise
    except (OSError, ValueError, KeyError, RuntimeError, NotImplementedError) as exc:
        if "encrypted" in str(exc).lower():  # zipfile's encrypted .docx member, say
            raise InputError(f"{display_path(p)}: encrypted file, password required") from None
        if isinstance(exc, NotImplementedError):  # pypdf: a filter or feature it does not support
            raise InputError(f"{display_path(p)}: cannot read: unsupported {p.suffix.lstrip('.') or 'file'} feature ({exc})") from None
        raise InputError(f"{display_path(p)}: cannot read: {exc}") from None


SKIP_DIRS = {".git", "__pycache__", ".venv", "node_modules"}


def expand_inputs(inputs: Iterable[str | os.PathLike]) -> Iterator[str]:
    """Yield files from paths, folders (recursive, sorted) and glob patterns.

    A pattern or path that matches nothing, and a folder that cannot be listed, is yielded as is,
    so that it becomes an error record.
    """
    for raw in inputs:
        item = str(raw)
        p = Path(item)
        try:
            is_dir, exists = p.is_dir(), p.exists()
        except OSError:  # a name too long for the file system, say: read_path gives its error
            yield item
            continue
        if is_dir:
            found = False
            for path in _walk(p):
                found = True
                yield path
            if not found:  # an empty folder is an error record, not silence
                yield item
        elif exists:
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


def _walk(folder: Path) -> Iterator[str]:
    """The input files under ``folder`` (sorted, hidden and tool folders skipped); a sub-folder that
    cannot be listed is yielded itself (``read_path`` turns it into its error)."""
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        while unreadable:
            yield str(unreadable.pop(0).filename)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if Path(name).suffix.lower() in READERS and not name.startswith("."):
                yield os.path.join(root, name)
    yield from (str(e.filename) for e in unreadable)


def walk_files(folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    """The files under ``folder`` with one of ``suffixes``, found as ``_walk`` finds documents (sorted,
    hidden and tool folders skipped, unreadable sub-folders ignored)."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        found += [os.path.join(root, n) for n in sorted(files) if n.lower().endswith(suffixes) and not n.startswith(".")]
    return found
