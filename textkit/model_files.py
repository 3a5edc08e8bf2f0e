"""Model files: skops archives that load only when every node inside is on an exact allow-list.

Every shipped or user model (themes, clause decisions, slogans, indicators) is written with
``write_payload`` as a dict of plain values and fitted scikit-learn/NumPy objects, and read with
``read_payload``. Before anything is loaded, the archive's ``schema.json`` is walked and every
node is checked against ``ALLOWED_NODES``: exact (skops loader, type) pairs — the containers,
arrays and estimators textkit itself writes. Functions, methods, partials, operators and any type
not listed are refused, so a crafted file (e.g. a ``FunctionTransformer`` calling ``builtins.exec``)
never gets to run code. Archives are bounded in size before they are read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from textkit.errors import ModelError

#: The (skops loader, type) pairs a textkit model file may hold: what ``write_payload`` writes for the
#: shipped models and for every estimator ``textkit train`` can fit. Nothing callable (no
#: ``FunctionNode``/``MethodNode``/``PartialNode``/``OperatorFuncNode``), no type by prefix.
ALLOWED_NODES = frozenset(
    [("DictNode", "builtins.dict"), ("ListNode", "builtins.list"), ("TupleNode", "builtins.tuple")]
    + [("JsonNode", f"builtins.{t}") for t in ("str", "int", "float", "bool", "NoneType")]
    + [("TypeNode", t) for t in ("builtins.str", "builtins.int", "builtins.float", "builtins.bool")]
    + [("TypeNode", f"numpy.{t}") for t in ("float64", "float32", "int64", "int32", "bool_")]
    + [("NdArrayNode", "numpy.ndarray")]
    + [
        ("ObjectNode", f"sklearn.{t}")
        for t in (
            "feature_extraction.text.CountVectorizer",
            "feature_extraction.text.TfidfTransformer",
            "feature_extraction.text.TfidfVectorizer",
            "linear_model._logistic.LogisticRegression",
            "linear_model._ridge.RidgeClassifier",
            "multiclass.OneVsRestClassifier",
            "naive_bayes.ComplementNB",
            "pipeline.Pipeline",
            "preprocessing._label.LabelBinarizer",
        )
    ]
)

#: Bounds on a model archive before anything in it is parsed: members, bytes of all members once
#: decompressed, and bytes of its ``schema.json``.
MAX_MODEL_MEMBERS = 10_000
MAX_MODEL_BYTES = 1 << 30
MAX_SCHEMA_BYTES = 64 << 20


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
    """The object stored in a skops file, loaded only when every node in it is in ``ALLOWED_NODES``."""
    import skops.io as sio

    p = Path(path)
    if not p.is_file():
        raise ModelError(f"{p}: no such {kind} file")
    types = model_types(p, kind)
    refused = sorted({f"{loader}:{name}" for loader, name in types if (loader, name) not in ALLOWED_NODES})
    if refused:
        raise ModelError(f"{p}: refuses to load a {kind} holding types textkit does not write: {', '.join(refused[:5])}")
    try:
        return sio.load(str(p), trusted=sorted({name for _, name in types}))
    except Exception as exc:  # noqa: BLE001 - skops raises many types for broken archives
        raise ModelError(f"{p}: cannot load {kind} ({type(exc).__name__}: {exc})") from None


def model_types(path: Path, kind: str = "model") -> set[tuple[str, str]]:
    """Every (skops loader, ``module.class``) node in the archive's schema, read without loading any
    of it; ModelError for a file that is not a bounded skops archive."""
    import json

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MODEL_MEMBERS or sum(m.file_size for m in members) > MAX_MODEL_BYTES:
                raise ModelError(f"{path}: refuses a {kind} archive over {MAX_MODEL_MEMBERS} members or {MAX_MODEL_BYTES >> 20} MiB")
            info = archive.getinfo("schema.json")
            if info.file_size > MAX_SCHEMA_BYTES:
                raise ModelError(f"{path}: refuses a {kind} whose schema is over {MAX_SCHEMA_BYTES >> 20} MiB")
            with archive.open(info) as fh:
                schema = json.loads(fh.read(MAX_SCHEMA_BYTES + 1))
    except ModelError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RecursionError) as exc:
        raise ModelError(f"{path}: not a textkit {kind} (not a skops file: {type(exc).__name__})") from None
    found: set[tuple[str, str]] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "__loader__" in node or "__class__" in node:
                found.add((str(node.get("__loader__")), f"{node.get('__module__')}.{node.get('__class__')}"))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


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
