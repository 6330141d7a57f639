"""Read and write posting files: CSV (also .gz), JSONL, Parquet, .txt, a folder of .txt, stdin.

Reading streams records in chunks and accounts for every one: a record that
cannot be used (a CSV row with too many fields, a JSONL line that is not JSON)
still yields a row, with the reason in the ``status`` column. A file that cannot
be read at all raises :class:`JobclassError` naming the file and line.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd

from classifier.config import ID_COLUMN_CANDIDATES, TEXT_COLUMN_CANDIDATES
from classifier.errors import JobclassError, os_error_reason

#: Internal columns every chunk carries: the 1-based record number and a reason it is unusable (or None).
ROW_COLUMN = "__row"
STATUS_COLUMN = "__status"
DEFAULT_CHUNK_SIZE = 2000
_SNIFF_BYTES = 1 << 16
_READ_FORMATS = ".csv, .csv.gz, .tsv, .jsonl, .jsonl.gz, .parquet, .txt, a folder of .txt files, or - for stdin"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def find_column(
    frame: pd.DataFrame,
    requested: str | None,
    candidates: Sequence[str],
    what: str,
    source: str,
    *,
    required: bool = True,
) -> str | None:
    """The column named ``requested``, else the first of ``candidates`` present (case-insensitive)."""
    columns = [str(column) for column in frame.columns if not str(column).startswith("__")]
    if requested is not None:
        if requested in frame.columns:
            return requested
        lowered = {column.lower(): column for column in columns}
        if requested.lower() in lowered:
            return lowered[requested.lower()]
        raise JobclassError(f"{source}: no column {requested!r} (columns: {', '.join(columns) or 'none'})")
    lowered = {column.lower().strip(): column for column in columns}
    for candidate in candidates:
        if candidate in lowered:
            return lowered[candidate]
    if required:
        option = f"--{what}-column"
        raise JobclassError(
            f"{source}: no {what} column found (looked for {', '.join(candidates)}; "
            f"columns: {', '.join(columns) or 'none'}); name it with {option}"
        )
    return None


# -- decoding --------------------------------------------------------------------------------------


def _utf8_else_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Decode each byte that is not UTF-8 as Windows-1252 (a stray byte in a UTF-8 file stays one character)."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("jobclass-cp1252", _utf8_else_cp1252)

#: The decoding of a file without a byte-order mark: UTF-8, each byte that is not UTF-8 read as Windows-1252.
UTF8_OR_CP1252 = "utf-8"
_ERRORS = {"utf-8": "jobclass-cp1252"}


def sniff_encoding(sample: bytes) -> str:
    """UTF-8 or UTF-16 or UTF-32 by their byte-order mark; otherwise UTF-8, whose errors decode as Windows-1252.

    A file that is Windows-1252 throughout decodes as such; a UTF-8 file with one stray
    Windows-1252 byte keeps its UTF-8 text and gets that byte's character.
    """
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if sample.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return UTF8_OR_CP1252


def decode_errors(encoding: str) -> str:
    """The error handler to decode with: the Windows-1252 fallback for plain UTF-8, else replacement."""
    return _ERRORS.get(encoding.lower().replace("_", "-"), "replace")


#: Magic bytes of archives and compressions that jobclass does not read, and what they are.
_UNREADABLE = (
    (b"PK\x03\x04", "a zip archive; unzip it first"),
    (b"BZh", "bzip2-compressed; decompress it first (or recompress with gzip)"),
    (b"\xfd7zXZ\x00", "xz-compressed; decompress it first (or recompress with gzip)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed; decompress it first (or recompress with gzip)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it first"),
)


def looks_binary(sample: bytes) -> bool:
    """True for data that is not text: NUL bytes or other control codes in more than 1 % of it."""
    if not sample:
        return False
    controls = sum(sample.count(code) for code in (*range(0, 8), 11, *range(14, 27), *range(28, 32)))
    return controls > len(sample) / 100


def _decompressed(raw: IO[bytes]) -> IO[bytes]:
    """``raw`` itself, or a gzip reader over it when it starts with the gzip magic bytes."""
    if raw.read(2) == b"\x1f\x8b":
        raw.seek(0)
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    raw.seek(0)
    return raw


def _byte_order(sample: bytes, codec: str, source: str) -> str:
    """UTF-16 or UTF-32 named without a byte-order mark: the byte order the zero bytes of ASCII text show."""
    width = 2 if codec == "utf-16" else 4
    units = [sample[i : i + width] for i in range(0, len(sample) - width + 1, width)][:4096]
    if units:
        little = sum(unit[1:] == b"\x00" * (width - 1) for unit in units) / len(units)
        big = sum(unit[:-1] == b"\x00" * (width - 1) for unit in units) / len(units)
        if little > 0.5:
            return f"{codec}-le"
        if big > 0.5:
            return f"{codec}-be"
    raise JobclassError(
        f"{source}: --encoding {codec}: the file has no byte-order mark and does not look like {codec.upper()} "
        f"text; try {codec}-le, {codec}-be or leave --encoding out"
    )


def _reading(chunks: Iterator[pd.DataFrame], source: str, compressed: bool) -> Iterator[pd.DataFrame]:
    """Chunks, with a damaged compressed file or an undecodable byte stream ended by a one-line error."""
    import zlib

    read = 0
    try:
        for chunk in chunks:
            read += len(chunk)
            yield chunk
    except (EOFError, gzip.BadGzipFile, zlib.error):
        what = "the compressed file is truncated or damaged" if compressed else "the input ended unexpectedly"
        raise JobclassError(f"{source}: {what} (after {read} postings were read)") from None
    except UnicodeError as error:
        raise JobclassError(f"{source}: cannot decode the text ({error.reason})") from None


def _text_stream(binary: IO[bytes], source: str, encoding: str | None) -> io.TextIOWrapper:
    """A decoding text stream over ``binary``; refuses empty and binary data."""
    buffered = io.BufferedReader(binary) if not isinstance(binary, io.BufferedReader) else binary  # type: ignore[arg-type]
    try:
        sample = buffered.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise JobclassError(f"{source}: cannot read ({error})") from None
    if not sample.strip():
        raise JobclassError(f"{source}: empty file, no postings in it")
    for magic, what in _UNREADABLE:
        if sample.startswith(magic):
            raise JobclassError(f"{source}: {what}")
    chosen = encoding or sniff_encoding(sample)
    try:
        codec = codecs.lookup(chosen).name
    except LookupError:
        raise JobclassError(f"{source}: unknown encoding {chosen!r}") from None
    if codec in ("utf-16", "utf-32") and not sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        chosen = codec = _byte_order(sample, codec, source)
    if not codec.startswith(("utf-16", "utf-32")) and looks_binary(sample):
        raise JobclassError(f"{source}: binary data, not a posting file (expected {_READ_FORMATS})")
    return io.TextIOWrapper(buffered, encoding=chosen, errors=decode_errors(codec), newline="")


# -- readers ----------------------------------------------------------------------------------------


def _chunks_from_records(records: Iterator[dict[str, Any]], chunk_size: int) -> Iterator[pd.DataFrame]:
    batch: list[dict[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= chunk_size:
            yield pd.DataFrame(batch, dtype=object)
            batch = []
    if batch:
        yield pd.DataFrame(batch, dtype=object)


def _csv_records(stream: io.TextIOWrapper, source: str, delimiter: str) -> Iterator[dict[str, Any]]:
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise JobclassError(f"{source}: empty file, no postings in it") from None
    except csv.Error as error:
        raise JobclassError(f"{source}: line {reader.line_num}: bad CSV ({error})") from None
    header = [name.strip() or f"column_{index + 1}" for index, name in enumerate(header)]
    _refuse_clashing_names(header, source, "columns")
    width = len(header)
    lowered = [name.lower() for name in header]
    id_at = next((lowered.index(name) for name in ID_COLUMN_CANDIDATES if name in lowered), None)
    number = 0
    while True:
        record_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                raise JobclassError(
                    f"{source}: line {record_line}: bad CSV (a quote opened in this record is never closed)"
                ) from None
            raise JobclassError(f"{source}: line {reader.line_num}: bad CSV ({error})") from None
        if not row:
            continue  # a blank line is not a record
        number += 1
        record: dict[str, Any] = {ROW_COLUMN: number, STATUS_COLUMN: None}
        if len(row) > width:
            record[STATUS_COLUMN] = f"malformed row: {len(row)} fields, header has {width} (line {reader.line_num})"
            record.update(dict(zip(header, [None] * width)))
            if id_at is not None and id_at == 0:  # the fields before the first stray comma are still in place
                record[header[id_at]] = row[id_at]
        else:
            record.update(zip(header, row + [""] * (width - len(row))))
        yield record


def _refuse_clashing_names(names: Sequence[str], source: str, what: str) -> None:
    """Refuse names that repeat or differ only in case: which one holds the text would be a guess."""
    seen: dict[str, str] = {}
    for name in names:
        key = name.strip().lower()
        if key in seen:
            how = "repeat" if seen[key] == name else "differ only in case"
            raise JobclassError(f"{source}: {what} {seen[key]!r} and {name!r} {how}; rename one")
        seen[key] = name


def _jsonl_records(stream: io.TextIOWrapper, source: str) -> Iterator[dict[str, Any]]:
    """One record per JSON line (or per object of a JSON array); each key kept as the first record spelt it."""
    spelling: dict[str, str] = {}
    first = _first_character(stream)
    if first == "[":
        yield from _json_array_records(stream, source, spelling)
        return
    number = 0
    for line_number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        number += 1
        try:
            value = json.loads(line)
        except ValueError:
            yield {ROW_COLUMN: number, STATUS_COLUMN: f"malformed row: line {line_number} is not JSON"}
            continue
        if not isinstance(value, dict):
            yield {ROW_COLUMN: number, STATUS_COLUMN: f"malformed row: line {line_number} is not a JSON object"}
            continue
        yield _json_record(value, number, f"line {line_number}", spelling)


def _first_character(stream: io.TextIOWrapper) -> str:
    """The first character that is not white space (the stream is left where it was)."""
    buffer = stream.buffer  # type: ignore[attr-defined]
    sample = buffer.peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if hasattr(buffer, "peek") else b""
    text = sample.decode(stream.encoding, errors="ignore").lstrip("\ufeff \t\r\n")
    return text[:1]


def _json_record(value: dict[str, Any], number: int, where: str, spelling: dict[str, str]) -> dict[str, Any]:
    """A record with its keys spelt as the first record spelt them; keys that clash within it mark it malformed."""
    record: dict[str, Any] = {}
    for key, item in value.items():
        name = spelling.setdefault(str(key).strip().lower(), str(key))
        if name in record:
            return {ROW_COLUMN: number, STATUS_COLUMN: f"malformed row: {where} has keys that differ only in case"}
        record[name] = _scalar(item)
    record[ROW_COLUMN] = number
    record[STATUS_COLUMN] = None
    return record


def _json_array_records(stream: io.TextIOWrapper, source: str, spelling: dict[str, str]) -> Iterator[dict[str, Any]]:
    try:
        values = json.load(stream)
    except ValueError as error:
        raise JobclassError(f"{source}: not valid JSON ({error})") from None
    if not isinstance(values, list):
        raise JobclassError(f"{source}: a JSON file must hold one array of posting objects, or one object per line")
    for number, value in enumerate(values, start=1):
        if not isinstance(value, dict):
            yield {ROW_COLUMN: number, STATUS_COLUMN: f"malformed row: item {number} is not a JSON object"}
            continue
        yield _json_record(value, number, f"item {number}", spelling)


def _scalar(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, (dict, list)) else value


def _text_file_record(path: Path, number: int, encoding: str | None) -> dict[str, Any]:
    with path.open("rb") as raw:
        data = _decompressed(raw).read()
    chosen = encoding or sniff_encoding(data[:_SNIFF_BYTES])
    try:
        text = data.decode(chosen, errors=decode_errors(codecs.lookup(chosen).name))
    except LookupError:
        raise JobclassError(f"{path}: unknown encoding {chosen!r}") from None
    return {ROW_COLUMN: number, STATUS_COLUMN: None, "id": path.stem, "description": text}


def _input_kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix, kind in (
        (".csv", "csv"),
        (".tsv", "tsv"),
        (".jsonl", "jsonl"),
        (".ndjson", "jsonl"),
        (".json", "jsonl"),
        (".parquet", "parquet"),
        (".txt", "txt"),
        (".md", "txt"),
        (".html", "txt"),
        (".htm", "txt"),
    ):
        if name.endswith(suffix):
            return kind
    raise JobclassError(f"{path}: unknown input format {path.suffix or '(no suffix)'!r}; use {_READ_FORMATS}")


def _sniff_stdin_kind(sample: bytes) -> str:
    """JSON (lines or an array), CSV or TSV with a header, else one posting of plain text."""
    head = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return "jsonl"
    lines = head.split(b"\n")
    first_line = lines[0].rstrip(b"\r").lower()
    for delimiter, kind in ((b"\t", "tsv"), (b",", "csv")):
        if delimiter not in first_line:
            continue
        names = [name.strip(b' "') for name in first_line.split(delimiter)]
        known = set(TEXT_COLUMN_CANDIDATES) | set(ID_COLUMN_CANDIDATES) | {"title", "company", "source", "date"}
        if any(name.decode(errors="ignore") in known for name in names):
            return kind
        # a header of short names, and the next lines split into as many fields: a table
        rest = [line for line in lines[1:6] if line.strip()]
        plain = all(0 < len(name) <= 40 and b" " not in name.strip() for name in names)
        if plain and rest and all(line.count(delimiter) == first_line.count(delimiter) for line in rest[:-1] or rest):
            return kind
    return "txt"


def iter_postings(
    source: str | Path,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    encoding: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Iterator[pd.DataFrame]:
    """Chunks of records (DataFrames) from a posting file, folder or ``-`` (stdin), in input order.

    Every chunk has the internal columns ``__row`` (record number) and ``__status``
    (why a record is unusable, else None) beside the file's own columns.
    ``on_progress(done, total)`` is called after each chunk with the share of the
    input read so far (bytes of the file as stored; files of a folder; 0 total for stdin).
    """
    if chunk_size < 1:
        raise JobclassError(f"chunk size must be at least 1, got {chunk_size}")

    def report(done: int, total: int) -> None:
        if on_progress is not None:
            on_progress(done, total)

    if str(source) == "-":
        binary = sys.stdin.buffer
        buffered = io.BufferedReader(binary) if not hasattr(binary, "peek") else binary
        kind = _sniff_stdin_kind(buffered.peek(_SNIFF_BYTES)[:_SNIFF_BYTES])  # type: ignore[union-attr]
        stream = _text_stream(buffered, "<stdin>", encoding)  # type: ignore[arg-type]
        if kind == "txt":
            yield pd.DataFrame([{ROW_COLUMN: 1, STATUS_COLUMN: None, "id": "stdin", "description": stream.read()}])
            return
        if kind == "jsonl":
            records = _jsonl_records(stream, "<stdin>")
        else:
            records = _csv_records(stream, "<stdin>", "\t" if kind == "tsv" else ",")
        for chunk in _reading(_chunks_from_records(records, chunk_size), "<stdin>", False):
            yield chunk
            report(0, 0)
        return
    path = Path(source)
    if not path.exists():
        raise JobclassError(f"{path}: no such file or folder")
    if path.is_dir():
        files = sorted(item for item in path.iterdir() if item.is_file() and item.suffix.lower() == ".txt")
        if not files:
            raise JobclassError(f"{path}: folder has no .txt files")
        records = (_text_file_record(item, number, encoding) for number, item in enumerate(files, start=1))
        done = 0
        for chunk in _chunks_from_records(records, chunk_size):
            yield chunk
            done += len(chunk)
            report(done, len(files))
        return
    kind = _input_kind(path)
    total = path.stat().st_size
    if kind == "parquet":
        yield from _parquet_chunks(path, chunk_size)
        report(total, total)
        return
    if kind == "txt":
        if total == 0:
            raise JobclassError(f"{path}: empty file, no posting in it")
        yield pd.DataFrame([_text_file_record(path, 1, encoding)])
        report(total, total)
        return
    with path.open("rb") as raw:
        binary = _decompressed(raw)
        stream = _text_stream(binary, str(path), encoding)
        if kind == "jsonl":
            records = _jsonl_records(stream, str(path))
        else:
            records = _csv_records(stream, str(path), "\t" if kind == "tsv" else ",")
        compressed = binary is not raw
        for chunk in _reading(_chunks_from_records(records, chunk_size), str(path), compressed):
            yield chunk
            report(min(raw.tell(), total), total)


def _parquet_chunks(path: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        raise JobclassError(f"{path}: reading Parquet needs pyarrow (pip install pyarrow)") from None
    try:
        handle = parquet.ParquetFile(path)
    except Exception as error:  # pyarrow raises its own ArrowInvalid
        raise JobclassError(f"{path}: not a readable Parquet file ({error})") from None
    number = 0
    for batch in handle.iter_batches(batch_size=chunk_size):
        frame = batch.to_pandas()
        frame.insert(0, ROW_COLUMN, range(number + 1, number + 1 + len(frame)))
        frame.insert(1, STATUS_COLUMN, None)
        number += len(frame)
        yield frame


def read_postings(source: str | Path, *, encoding: str | None = None) -> pd.DataFrame:
    """A whole posting file as one DataFrame (unusable records dropped; for training)."""
    chunks = list(iter_postings(source, chunk_size=50_000, encoding=encoding))
    frame = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame()
    frame = frame[frame[STATUS_COLUMN].isna()] if STATUS_COLUMN in frame else frame
    return frame.drop(columns=[ROW_COLUMN, STATUS_COLUMN], errors="ignore").reset_index(drop=True)


SOURCE_COLUMN = "source"
#: The source read_many gives a file without a source column (its name); internal, so never listed.
FILE_SOURCE_COLUMN = "__source"
_TABLE_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".tsv.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".json", ".parquet")


def source_name(path: str | Path) -> str:
    """A file's name without its posting suffixes: ``indeed-2025`` for ``data/indeed-2025.csv.gz``."""
    name = Path(path).name
    for suffix in (".gz", ".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet", ".txt"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or Path(path).name


def expand_inputs(inputs: str | Path | Sequence[str | Path]) -> list[Path]:
    """The posting files that paths, folders and globs name, in the order given (each glob sorted)."""
    import glob

    items = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    files: list[Path] = []
    for item in items:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            found = sorted(
                child for child in path.iterdir() if child.is_file() and child.name.lower().endswith(_TABLE_SUFFIXES)
            )
            if not found:
                raise JobclassError(f"{path}: folder has no posting files ({', '.join(_TABLE_SUFFIXES)})")
            files.extend(found)
        elif any(char in text for char in "*?[") and not path.exists():
            found = sorted(Path(match) for match in glob.glob(text, recursive=True) if Path(match).is_file())
            if not found:
                raise JobclassError(f"{text}: no file matches this pattern")
            files.extend(found)
        else:
            if not path.exists():
                raise JobclassError(f"{path}: no such file or folder")
            files.append(path)
    unique: list[Path] = []
    seen: set[Path] = set()
    for path in files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def posting_sources(frame: pd.DataFrame, path: str | Path) -> pd.Series | str:
    """Each posting's source, as text: its ``source`` column, empty values filled with the file's
    name (:func:`source_name`), or that name alone when the file has no such column."""
    existing = find_column(frame, None, (SOURCE_COLUMN,), "source", str(path), required=False)
    if existing is None:
        return source_name(path)
    values = frame[existing].astype("object")
    blank = values.isna() | (values.astype(str).str.strip() == "")
    return values.where(~blank, source_name(path)).astype(str)


def read_many(inputs: str | Path | Sequence[str | Path], *, encoding: str | None = None) -> pd.DataFrame:
    """Postings of several files as one DataFrame; each keeps its source.

    A ``source`` column is kept as it is (its empty values filled with the file's
    name); either way the internal column ``__source`` holds each posting's source
    (for a file without one, the file's name: ``source_name``).
    """
    frames = []
    for path in expand_inputs(inputs):
        frame = read_postings(path, encoding=encoding)
        frame[FILE_SOURCE_COLUMN] = posting_sources(frame, path)
        frames.append(frame)
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True, sort=False)


# -- writers ----------------------------------------------------------------------------------------


def output_format(path: str | Path | None) -> str:
    """``csv``, ``jsonl``, ``parquet`` or ``table`` (no path: a readable table on stdout)."""
    if path is None or str(path) == "-":
        return "table"
    name = str(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix, kind in ((".csv", "csv"), (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".parquet", "parquet")):
        if name.endswith(suffix):
            return kind
    raise JobclassError(f"{path}: unknown output format; use .csv, .jsonl or .parquet")


def default_file_mode() -> int:
    """The mode a newly created file gets under the current umask (temporary files start as 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _same_file(first: Path, second: Path) -> bool:
    try:
        if os.path.realpath(first) == os.path.realpath(second):
            return True
        return first.exists() and second.exists() and os.path.samefile(first, second)
    except OSError:
        return False


def refuse_overwriting_inputs(output: str | Path | None, inputs: Iterable[str | Path], what: str = "output") -> None:
    """Refuse an output that is (or links to) one of the files read: it would replace its own input."""
    if output is None or str(output) == "-":
        return
    target = Path(output)
    for source in inputs:
        if str(source) == "-":
            continue
        source_path = Path(source)
        if source_path.is_dir():
            try:
                inside = Path(os.path.realpath(target)).is_relative_to(os.path.realpath(source_path))
            except OSError:
                inside = False
            if inside and target.suffix.lower() == ".txt":
                raise JobclassError(f"{target}: the {what} would be written into the input folder {source_path}")
            continue
        if _same_file(target, source_path):
            raise JobclassError(
                f"{target}: the {what} is the input file {source_path}; it would replace it (write elsewhere)"
            )


def check_writable(path: str | Path, what: str = "output") -> Path:
    """Make sure a file can be created at ``path`` (its folder made if missing) before any long work."""
    path = Path(path)
    try:
        if path.is_dir():
            raise JobclassError(f"{path}: is a folder; name a file for the {what}")
        blocking = next((parent for parent in path.parents if parent.exists() and not parent.is_dir()), None)
        if blocking is not None:
            raise JobclassError(f"{path}: cannot write the {what} here ({blocking} is a file, not a folder)")
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".check", dir=path.parent)
        os.close(handle)
        os.unlink(name)
    except OSError as error:
        raise JobclassError(f"{path}: cannot write the {what} here ({os_error_reason(error)})") from None
    return path


def write_files_atomically(contents: dict[Path, str]) -> None:
    """Write several text files so that either all appear complete or none changes (temporary files, renamed)."""
    temporaries: list[tuple[Path, Path]] = []
    try:
        for path, text in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
            temporaries.append((Path(name), path))
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.chmod(name, default_file_mode())
        for temporary, path in temporaries:
            os.replace(temporary, path)
    except OSError as error:
        target = temporaries[-1][1] if temporaries else next(iter(contents), "output")
        raise JobclassError(f"{target}: cannot write ({os_error_reason(error)}); nothing was written") from None
    finally:
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)


class AtomicWriter:
    """Write result chunks to a temporary file beside ``path``; rename it into place on :meth:`commit`.

    An interrupted run leaves no file under the output name (and any old one untouched).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.kind = output_format(self.path)
        if self.path.is_dir():
            raise JobclassError(f"{self.path}: is a folder; name an output file (.csv, .jsonl or .parquet)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise JobclassError(f"{self.path}: cannot create output folder ({error.strerror})") from None
        try:
            handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        except OSError as error:
            raise JobclassError(f"{self.path}: cannot write here ({error.strerror})") from None
        os.close(handle)
        self._temporary = Path(name)
        self._stream: IO[Any] | None = None
        self._parquet_writer: Any = None
        self._header_written = False

    def write(self, frame: pd.DataFrame) -> None:
        try:
            self._write(frame)
        except OSError as error:
            self.abort()
            raise JobclassError(f"{self.path}: cannot write ({os_error_reason(error)}); nothing was written") from None

    def _write(self, frame: pd.DataFrame) -> None:
        if self.kind == "parquet":
            self._write_parquet(frame)
            return
        if self._stream is None:
            opener = gzip.open if str(self.path).lower().endswith(".gz") else open
            self._stream = opener(  # type: ignore[operator]
                self._temporary, "wt", encoding="utf-8", errors="replace", newline=""
            )
        if self.kind == "csv":
            # CRLF line ends (RFC 4180) make the csv module quote a bare carriage return in a field.
            frame.to_csv(self._stream, index=False, header=not self._header_written, lineterminator="\r\n")
        else:
            for record in frame.to_dict(orient="records"):
                self._stream.write(json.dumps(_jsonable(record), ensure_ascii=False) + "\n")
        self._header_written = True

    def _write_parquet(self, frame: pd.DataFrame) -> None:
        try:
            import pyarrow as arrow
            import pyarrow.parquet as parquet
        except ImportError:
            raise JobclassError(f"{self.path}: writing Parquet needs pyarrow (pip install pyarrow)") from None
        frame = _one_type_per_column(frame)
        try:
            table = arrow.Table.from_pandas(frame, preserve_index=False)
            if self._parquet_writer is None:
                self._parquet_writer = parquet.ParquetWriter(self._temporary, table.schema)
            table = table.cast(self._parquet_writer.schema)
        except (arrow.ArrowInvalid, arrow.ArrowTypeError, arrow.ArrowNotImplementedError, ValueError) as error:
            self.abort()
            detail = str(error).splitlines()[0]
            raise JobclassError(
                f"{self.path}: a column changes type part-way ({detail}); Parquet needs one type per column: "
                "write .csv or .jsonl, or give the ids one type"
            ) from None
        self._parquet_writer.write_table(table)

    def commit(self, empty: pd.DataFrame | None = None) -> Path:
        """Close and rename into place; ``empty`` (the output's columns, no rows) is written when nothing was,
        so an input without postings still gives a file with a header (or a Parquet schema)."""
        try:
            if not self._header_written and empty is not None:
                self._write(empty)
            if self._stream is not None:
                self._stream.close()
                self._stream = None
            if self._parquet_writer is not None:
                self._parquet_writer.close()
                self._parquet_writer = None
            os.chmod(self._temporary, default_file_mode())
            os.replace(self._temporary, self.path)
        except OSError as error:
            self.abort()
            raise JobclassError(f"{self.path}: cannot write ({os_error_reason(error)}); nothing was written") from None
        return self.path

    def abort(self) -> None:
        for closer in (self._stream, self._parquet_writer):
            if closer is not None:
                try:
                    closer.close()
                except OSError:  # the disk is full: the temporary file goes anyway
                    pass
        self._stream = self._parquet_writer = None
        self._temporary.unlink(missing_ok=True)

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def _one_type_per_column(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns that mix kinds of values (ids that are numbers and words) as text, for Parquet."""
    changed = {}
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object:
            continue
        kinds = {type(value) for value in column if value is not None and value == value}
        if len(kinds) > 1 and not kinds <= {int, bool} and not kinds <= {int, float}:
            changed[name] = [None if value is None or value != value else str(value) for value in column]
        elif kinds <= {int} and column.isna().any():
            changed[name] = pd.array(column.tolist(), dtype="Int64")  # whole numbers with gaps stay whole
    return frame.assign(**changed) if changed else frame


def _jsonable(record: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in record.items():
        if isinstance(value, float) and value != value:
            value = None
        elif hasattr(value, "item"):
            value = value.item()
        out[key] = value
    return out


def id_column(frame: pd.DataFrame) -> str | None:
    """The id column, if the input has one."""
    return find_column(frame, None, ID_COLUMN_CANDIDATES, "id", "input", required=False)
