"""Model files: skops archives that load only when every node inside is on an exact allow-list.

Every shipped or user model (themes, clause decisions, slogans, indicators) is written with
``write_payload`` as a dict of plain values and fitted scikit-learn/NumPy objects, and read with
``read_payload``. Before anything is loaded, the archive's ``schema.json`` is walked and every
node is checked against ``ALLOWED_NODES``: exact (skops loader, type) pairs — the containers,
arrays and estimators textkit itself writes. Functions, methods, partials, operators and any type
not listed are refused, so a crafted file (e.g. a ``FunctionTransformer`` calling ``builtins.exec``)
never gets to run code. Archives are bounded in size before they are read.

Loading skops (and with it every scikit-learn estimator module) costs seconds of CPU, too much for
one sentence. So a model file may have a *plain companion* beside it, ``NAME.arrays.npz``
(``arrays_path``): NumPy arrays of numbers or strings and one JSON header, read with
``numpy.load(allow_pickle=False)`` — nothing in it is an object, so nothing in it can run code. Its
header records the SHA-256 of the model file it was written from, and ``read_arrays`` ignores a
companion of any other file (a retrained model without a new companion is read from skops, as
before). Models write their companion when saved: a payload of plain values only is its own
companion (``write_payload``); the scikit-learn models write the arrays their inference uses
(``textkit.scoring``).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from textkit.errors import ModelError
from textkit.resources import loading

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
    """Write ``payload`` as a compressed skops file (vectoriser vocabularies with plain integers), and,
    when it holds plain values and arrays only, as its own plain companion (``write_arrays``)."""
    import skops.io as sio

    for value in payload.values():
        _plain_vocabulary(value)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    sio.dump(payload, str(path), compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    if _plain_parts(payload) is not None:
        write_arrays(path, payload)
    else:
        arrays_path(path).unlink(missing_ok=True)  # a companion of an earlier file here is stale


#: NumPy dtype kinds a plain companion may hold: booleans, integers, floats, strings (never objects).
ARRAY_KINDS = frozenset("biufU")
ARRAYS_FORMAT = "textkit-arrays"
_HEADER = "__header__"


def arrays_path(model_path: str | Path) -> Path:
    """The plain companion of a model file: ``themes.skops`` → ``themes.arrays.npz``."""
    p = Path(model_path)
    return p.with_name(f"{p.stem}.arrays.npz")


def _plain_parts(payload: dict) -> tuple[dict, dict] | None:
    """``payload`` split into JSON values and arrays of ``ARRAY_KINDS``; None when anything else is in it."""
    import numpy as np

    values: dict = {}
    arrays: dict = {}
    for key, value in payload.items():
        if isinstance(value, np.ndarray):
            if value.dtype.kind not in ARRAY_KINDS or key == _HEADER:
                return None
            arrays[key] = value
        elif isinstance(value, np.generic):
            return None
        else:
            try:
                if json.loads(json.dumps(value)) != value:
                    return None
            except (TypeError, ValueError):
                return None
            values[key] = value
    return values, arrays


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_arrays(model_path: str | Path, payload: dict) -> Path:
    """Write the plain companion of the (already written) model file ``model_path``: ``payload``'s JSON
    values and arrays, with the model file's SHA-256; ValueError for a payload with anything else."""
    import numpy as np

    parts = _plain_parts(payload)
    if parts is None:
        raise ValueError("a plain companion holds JSON values and arrays of numbers or strings only")
    values, arrays = parts
    header = {"format": ARRAYS_FORMAT, "version": 1, "source_sha256": _sha256(Path(model_path)), "values": values}
    out = arrays_path(model_path)
    with out.open("wb") as fh:
        np.savez(fh, **{_HEADER: np.array(json.dumps(header, ensure_ascii=False))}, **arrays)
    return out


def read_arrays(model_path: str | Path, kind: str = "model") -> dict | None:
    """The payload stored in the plain companion of ``model_path``, when there is one written from this
    very file; None when there is none, or it is stale or unreadable (then read the model file)."""
    import numpy as np

    companion, source = arrays_path(model_path), Path(model_path)
    if not companion.is_file() or not source.is_file():
        return None
    try:
        with zipfile.ZipFile(companion) as archive:
            members = archive.infolist()
            if len(members) > MAX_MODEL_MEMBERS or sum(m.file_size for m in members) > MAX_MODEL_BYTES:
                return None
        with np.load(companion, allow_pickle=False) as stored:
            header = json.loads(str(stored[_HEADER][()]))
            if not isinstance(header, dict) or header.get("format") != ARRAYS_FORMAT or header.get("source_sha256") != _sha256(source):
                return None
            payload = dict(header["values"])
            for name in stored.files:
                if name != _HEADER:
                    array = stored[name]
                    if array.dtype.kind not in ARRAY_KINDS:
                        return None
                    payload[name] = array
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, EOFError):
        return None
    return payload


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
    with loading("scikit-learn and skops"):
        import skops.io as sio

    p = Path(path)
    if not p.is_file():
        raise ModelError(f"{p}: no such {kind} file")
    types = model_types(p, kind)
    refused = sorted({f"{loader}:{name}" for loader, name in types if (loader, name) not in ALLOWED_NODES})
    if refused:
        raise ModelError(f"{p}: refuses to load a {kind} holding types textkit does not write: {', '.join(refused[:5])}")
    try:
        with loading(f"the {kind} ({p.name})"):
            return sio.load(str(p), trusted=sorted({name for _, name in types}))
    except Exception as exc:  # noqa: BLE001 - skops raises many types for broken archives
        raise ModelError(f"{p}: cannot load {kind} ({type(exc).__name__}: {exc})") from None


def model_types(path: Path, kind: str = "model") -> set[tuple[str, str]]:
    """Every (skops loader, ``module.class``) node in the archive's schema, read without loading any
    of it; ModelError for a file that is not a bounded skops archive."""
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
    versions the caller still reads); ModelError for anything else. From the plain companion when
    there is a current one (``read_arrays``), else from the skops file."""
    payload = read_arrays(path, kind)
    if payload is None or payload.get("format") != fmt or payload.get("version") != version:
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
