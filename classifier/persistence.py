"""Save a model with its metadata (joblib), and load it without running code from the file.

``joblib.load`` unpickles, and unpickling can call any function the file names.
:func:`load_model` reads the same joblib format through an unpickler that admits
only the types a jobclass model is made of; anything else is refused.
"""

from __future__ import annotations

import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

import joblib
from joblib import numpy_pickle

from classifier.errors import JobclassError, ModelError, os_error_reason
from classifier.postings import check_writable, default_file_mode

FORMAT = "jobclass-model"
FORMAT_VERSION = 2  # 2: skill and word features in one "features" step

#: (module, name) pairs a model file may name. Everything else is refused.
_ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {
        ("builtins", "dict"),
        ("builtins", "list"),
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("builtins", "tuple"),
        ("builtins", "slice"),
        ("builtins", "object"),
        ("builtins", "int"),
        ("builtins", "float"),
        ("builtins", "str"),
        ("builtins", "bytes"),
        ("builtins", "bool"),
        ("builtins", "complex"),
        ("collections", "OrderedDict"),
        ("copyreg", "_reconstructor"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy", "float64"),
        ("numpy", "int64"),
        ("numpy", "int32"),
        ("numpy", "bool_"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy.core.multiarray", "scalar"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "scalar"),
        ("numpy.random._pickle", "__randomstate_ctor"),
        ("numpy.random._pickle", "__bit_generator_ctor"),
        ("numpy.random._mt19937", "MT19937"),
        ("numpy.random.mtrand", "RandomState"),
        ("joblib.numpy_pickle", "NumpyArrayWrapper"),
        ("scipy.sparse._csr", "csr_matrix"),
        ("sklearn.pipeline", "Pipeline"),
        ("sklearn.linear_model._logistic", "LogisticRegression"),
        ("sklearn.calibration", "CalibratedClassifierCV"),
        ("sklearn.calibration", "_CalibratedClassifier"),
        ("sklearn.calibration", "_SigmoidCalibration"),
        ("sklearn.isotonic", "IsotonicRegression"),
        ("sklearn.preprocessing._label", "LabelEncoder"),
        ("sklearn.utils._bunch", "Bunch"),
        ("classifier.features", "SkillFeatures"),
        ("classifier.features", "PostingFeatures"),
        ("classifier.calibration", "CalibratedLinear"),
        ("classifier.calibration", "ShortTextCalibrated"),
        ("classifier.taxonomy", "Taxonomy"),
        ("classifier.taxonomy", "Skill"),
    }
)
#: numpy's per-type dtype classes (numpy.dtypes.Float64DType, ...) are plain data too.
_ALLOWED_MODULES = frozenset({"numpy.dtypes"})


class _Refused(pickle.UnpicklingError):
    """The file names a type outside the allow-list."""


class _NeedsSklearn(Exception):
    """A lite load met a class with no lite stand-in; the file is loaded again with scikit-learn."""


class _SafeUnpickler(numpy_pickle.NumpyUnpickler):
    """joblib's unpickler, restricted to the types of a jobclass model; ``lite``: builds the
    prediction-only classes of :mod:`classifier.lite` instead of scikit-learn's."""

    def __init__(self, *args: Any, lite: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lite = lite

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED or module in _ALLOWED_MODULES:
            if self.lite:
                from classifier.lite import LITE_CLASSES

                stand_in = LITE_CLASSES.get((module, name))
                if stand_in is not None:
                    return stand_in
                if module.startswith("sklearn."):
                    raise _NeedsSklearn(f"{module}.{name}")
            return super().find_class(module, name)
        raise _Refused(f"it names {module}.{name}, which a jobclass model never contains")


def _safe_joblib_load(path: Path, lite: bool = False) -> Any:
    with path.open("rb") as raw:
        with numpy_pickle._validate_fileobject_and_memmap(raw, str(path), None) as (handle, _):
            if isinstance(handle, str):  # joblib < 0.10 format: not something jobclass ever wrote
                raise _Refused("it is in an old joblib format")
            unpickler = _SafeUnpickler(str(path), handle, ensure_native_byte_order=True, lite=lite)
            return unpickler.load()


def save_model(path: str | Path, pipeline: object, metadata: dict[str, Any]) -> Path:
    """Write the pipeline and its metadata to ``path`` atomically (temp file, then rename)."""
    path = check_writable(path, "model")
    payload = {"format": FORMAT, "format_version": FORMAT_VERSION, "metadata": metadata, "pipeline": pipeline}
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            joblib.dump(payload, stream, compress=3)
        os.chmod(temporary, default_file_mode())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise JobclassError(f"{path}: cannot write the model ({os_error_reason(error)}); nothing was written") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def load_model(path: str | Path, *, lite: bool = False) -> tuple[object, dict[str, Any]]:
    """Load ``(pipeline, metadata)`` from a file written by :func:`save_model`, safely.

    ``lite``: for prediction only, without importing scikit-learn: the pipeline is made of
    :mod:`classifier.lite`'s classes (:func:`classifier.lite.to_sklearn` converts it), unless
    the file names a class they do not cover, which loads with scikit-learn as usual.
    Raises :class:`ModelError` with a one-line message for a missing, empty,
    truncated, foreign, unsafe or incompatible file.
    """
    path = Path(path)
    if not path.exists():
        raise ModelError(f"{path}: model file not found")
    if path.is_dir():
        raise ModelError(f"{path}: is a folder, not a model file")
    if path.stat().st_size == 0:
        raise ModelError(f"{path}: empty file, not a jobclass model")
    foreign = _foreign_kind(path)
    if foreign is not None:
        raise ModelError(
            f"{path}: not a readable jobclass model: it is {foreign} (a model is the .joblib file 'jobclass train' "
            "writes)"
        )
    try:
        try:
            payload = _safe_joblib_load(path, lite=lite)
        except _NeedsSklearn:
            payload = _safe_joblib_load(path)
    except _Refused as error:
        raise ModelError(f"{path}: refused, not a safe jobclass model ({error})") from None
    except MemoryError:
        raise ModelError(_out_of_memory(path)) from None
    except (
        pickle.UnpicklingError,
        EOFError,
        ValueError,
        OSError,
        IndexError,
        KeyError,
        TypeError,
        AttributeError,
        ImportError,
        io.UnsupportedOperation,
        UnicodeDecodeError,
        RecursionError,
    ) as error:
        # the error's own text may quote the file's bytes (a posting file given as a model): its kind only
        raise ModelError(
            f"{path}: not a readable jobclass model (truncated or corrupt: {type(error).__name__})"
        ) from None
    except Exception as error:  # zlib and lzma raise their own error types on corrupt streams
        raise ModelError(f"{path}: not a readable jobclass model ({type(error).__name__})") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ModelError(f"{path}: not a jobclass model (no jobclass metadata in it)")
    version = payload.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelError(
            f"{path}: written in model format {version}, this jobclass reads format {FORMAT_VERSION}; retrain it"
        )
    metadata = payload.get("metadata")
    if not isinstance(metadata, dict) or "pipeline" not in payload:
        raise ModelError(f"{path}: jobclass model without pipeline or metadata")
    _check_compatible(path, metadata)
    return payload["pipeline"], metadata


#: How the files joblib writes begin: a pickle, or its zlib, gzip, bz2, xz or lzma compression.
_MODEL_STARTS = (b"\x80", b"\x78", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"\x5d\x00\x00")


def _foreign_kind(path: Path) -> str | None:
    """What a file that cannot be a model is, by its first bytes, in a few words; None when it may be one.
    Never quotes the file: it may be private."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(_MODEL_STARTS):
        return None
    if head.startswith(b"PK\x03\x04"):
        return "a zip archive (or a spreadsheet)"
    if head.startswith(b"PAR1"):
        return "a Parquet file"
    from classifier.postings import looks_binary

    if looks_binary(head):
        return "binary data of another kind"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            return "binary data of another kind"
        text = head[: error.start].decode("utf-8")
    first = text.lstrip("\ufeff \t\r\n")[:1]
    if first in ("{", "["):
        return "a JSON file (text)"
    line = text.splitlines()[0] if text.splitlines() else ""
    if any(separator in line for separator in (",", "\t", ";")):
        return "a text file that looks like CSV (postings?)"
    return "a text file"


def _out_of_memory(path: Path) -> str:
    """Loading ran out of memory: say so, how much the process held and may hold, and the model's size."""
    from classifier.errors import memory_in_use, out_of_memory_reason

    in_use = memory_in_use()
    held = f", {in_use / 1e6:,.0f} MB of it in use" if in_use else ""
    return (
        f"{path}: {out_of_memory_reason()}{held} while loading the model ({path.stat().st_size / 1e6:,.1f} MB on "
        "disk, several times that once loaded); raise the limit"
    )


def _major_minor(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split(".")[:2]:
        digits = "".join(char for char in piece if char.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def sklearn_version() -> str:
    """The installed scikit-learn's version, without importing it (that takes about a second)."""
    import sys

    if "sklearn" in sys.modules:
        return str(sys.modules["sklearn"].__version__)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("scikit-learn")
    except PackageNotFoundError:  # an unusual install: ask the package itself
        import sklearn

        return str(sklearn.__version__)


def _check_compatible(path: Path, metadata: dict[str, Any]) -> None:
    installed = sklearn_version()
    trained_with = str(metadata.get("sklearn_version", ""))
    if trained_with and _major_minor(trained_with)[:1] != _major_minor(installed)[:1]:
        raise ModelError(f"{path}: trained with scikit-learn {trained_with}, this is {installed}; retrain the model")
