"""Model files: skops archives that load only when every type inside is a safe one.

Every shipped or user model (themes, clause decisions …) is written with ``write_payload`` as a
dict of plain values and fitted scikit-learn/NumPy/SciPy objects, and read with ``read_payload``,
which refuses a file holding any other type before anything in it is loaded.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from textkit.errors import ModelError

SAFE_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.")


T = TypeVar("T")


def shipped_model(filename: str) -> Path:
    """The path of a model file shipped in ``textkit/models``."""
    return Path(str(resources.files("textkit") / "models" / filename))


def load_optional(load: Callable[[Path], T], filename: str, path: str | None = None) -> T | None:
    """``load(path)``, else ``load`` of the shipped ``filename``; None when that file is absent."""
    if path:
        return load(Path(path))
    shipped = shipped_model(filename)
    return load(shipped) if shipped.is_file() else None


def write_payload(payload: dict, path: str | Path) -> None:
    """Write ``payload`` as a compressed skops file (vectoriser vocabularies with plain integers)."""
    import skops.io as sio

    for value in payload.values():
        _plain_vocabulary(value)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    sio.dump(payload, str(path), compression=zipfile.ZIP_DEFLATED, compresslevel=9)


def _plain_vocabulary(obj: Any) -> None:
    """Give a fitted vectoriser (alone or in a pipeline) a vocabulary of plain ``int`` columns. With
    ``max_features`` scikit-learn leaves NumPy integers there, which skops stores one file each
    (35,000 tiny arrays to read at start-up); the columns are the same numbers."""
    steps = getattr(obj, "named_steps", None)
    for part in [obj, *(steps.values() if steps else [])]:
        vocabulary = getattr(part, "vocabulary_", None)
        if isinstance(vocabulary, dict):
            part.vocabulary_ = {term: int(col) for term, col in vocabulary.items()}


def read_payload(path: str | Path, kind: str = "model") -> Any:
    """The object stored in a skops file, loaded only when every type in it is a safe one."""
    import skops.io as sio

    p = Path(path)
    if not p.is_file():
        raise ModelError(f"{p}: no such {kind} file")
    try:  # one pass when skops trusts every type by itself (the shipped models): no separate type scan
        return sio.load(str(p))
    except Exception:  # noqa: BLE001 - a type skops does not trust by default, or no skops file:
        pass  # scan the types, judge and report them as before
    try:
        untrusted = sio.get_untrusted_types(file=str(p))
    except Exception as exc:  # skops raises several types for files that are not skops archives
        raise ModelError(f"{p}: not a textkit {kind} (not a skops file: {type(exc).__name__})") from None
    unsafe = [t for t in untrusted if not t.startswith(SAFE_PREFIXES)]
    if unsafe:
        raise ModelError(f"{p}: refuses to load types outside scikit-learn/NumPy/SciPy: {', '.join(unsafe[:5])}")
    try:
        return sio.load(str(p), trusted=untrusted)
    except Exception as exc:
        raise ModelError(f"{p}: cannot load {kind} ({type(exc).__name__}: {exc})") from None


def read_versioned(path: str | Path, fmt: str, version: int, kind: str, *, older: tuple[int, ...] = ()) -> dict:
    """A payload dict written with ``"format": fmt, "version": version`` (or one of the ``older``
    versions the caller still reads); ModelError for anything else."""
    payload = read_payload(path, kind)
    if not isinstance(payload, dict) or payload.get("format") != fmt:
        raise ModelError(f"{path}: not a textkit {kind}")
    if payload.get("version") != version and payload.get("version") not in older:
        raise ModelError(f"{path}: {kind} format {payload.get('version')} is not {version}; retrain it")
    return payload


def split_vocabulary(vectorizer: Any) -> tuple[Any, dict[str, Any]]:
    """A fitted vectoriser without its vocabulary, and the vocabulary as two arrays (terms, columns):
    skops writes a dict entry by entry, and a vocabulary of 140,000 n-grams then takes seconds to
    read; two arrays take milliseconds. ``(vectorizer, {})`` when a term would not survive a NumPy
    string array (one ending in NUL)."""
    import copy

    import numpy as np

    vocabulary = getattr(vectorizer, "vocabulary_", None)
    if not isinstance(vocabulary, dict) or not vocabulary:
        return vectorizer, {}
    terms = np.array(list(vocabulary), dtype=str)
    if terms.tolist() != list(vocabulary):
        return vectorizer, {}
    lean = copy.copy(vectorizer)
    del lean.vocabulary_
    return lean, {"vocabulary_terms": terms, "vocabulary_columns": np.array([int(c) for c in vocabulary.values()], dtype=np.int64)}


def join_vocabulary(vectorizer: Any, payload: dict) -> Any:
    """The vectoriser with the vocabulary ``split_vocabulary`` stored beside it put back (if any)."""
    if "vocabulary_terms" in payload:
        vectorizer.vocabulary_ = dict(zip(payload["vocabulary_terms"].tolist(), payload["vocabulary_columns"].tolist()))
    return vectorizer
