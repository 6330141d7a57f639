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
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd

from classifier.config import ID_COLUMN_CANDIDATES, TEXT_COLUMN_CANDIDATES
from classifier.errors import JobclassError, note, os_error_reason

#: Internal columns every chunk carries: the 1-based record number and a reason it is unusable (or None).
ROW_COLUMN = "__row"
STATUS_COLUMN = "__status"
DEFAULT_CHUNK_SIZE = 2000
_SNIFF_BYTES = 1 << 16
_READ_FORMATS = ".csv, .csv.gz, .tsv, .jsonl, .jsonl.gz, .parquet, .txt, a folder of .txt files, or - for stdin"
#: The field separators a CSV file's header is tried with, and their names.
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def column_key(name: str) -> str:
    """A column name as matched: lower case, without spaces, underscores, hyphens or dots
    ('Job Description', 'job_description' and 'JobDescription' are one name)."""
    return re.sub(r"[\s_.\-]+", "", str(name).lower())


def find_column(
    frame: pd.DataFrame,
    requested: str | None,
    candidates: Sequence[str],
    what: str,
    source: str,
    *,
    required: bool = True,
) -> str | None:
    """The column named ``requested``, else the first of ``candidates`` present.

    Names match case-, space- and underscore-insensitively (:func:`column_key`); a column
    found by a name other than a candidate's own spelling is noted on stderr.
    """
    columns = [str(column) for column in frame.columns if not str(column).startswith("__")]
    keyed: dict[str, str] = {}
    for column in columns:
        keyed.setdefault(column_key(column), column)
    if requested is not None:
        if requested in frame.columns:
            return requested
        if column_key(requested) in keyed:
            return keyed[column_key(requested)]
        raise JobclassError(
            f"{source}: no column {requested!r} (columns: {', '.join(columns) or 'none'}){_one_column_hint(columns)}"
        )
    for candidate in candidates:
        found = keyed.get(column_key(candidate))
        if found is not None:
            if found.strip().lower() not in candidates:
                note(f"{source}: {what} from column {found!r}")
            return found
    if required:
        option = f"--{what}-column"
        hint = _one_column_hint(columns) or f"; name it with {option}"
        raise JobclassError(
            f"{source}: no {what} column found (looked for {', '.join(candidates)}; "
            f"columns: {', '.join(columns) or 'none'}){hint}"
        )
    return None


def _one_column_hint(columns: Sequence[str]) -> str:
    """When the header was read as one column holding a separator: the --sep that splits it."""
    if len(columns) != 1:
        return ""
    for separator, name in SEPARATOR_NAMES.items():
        if separator in columns[0] and separator != ",":
            shown = "tab" if separator == "\t" else separator
            return f"; the header is one column holding {name}s: the file looks {name}-separated, give --sep '{shown}'"
    return ""


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


def wide_encoding(sample: bytes, widths: Sequence[int] = (4, 2)) -> str | None:
    """UTF-32 or UTF-16 without a byte-order mark, told by the zero bytes of mostly-ASCII text: the codec
    with its byte order (``utf-16-le`` ...), or None."""
    for width in widths:
        units = [sample[i : i + width] for i in range(0, len(sample) - width + 1, width)][:4096]
        if not units:
            continue
        zeros = b"\x00" * (width - 1)
        little = sum(unit[1:] == zeros and unit[:1] != b"\x00" for unit in units) / len(units)
        big = sum(unit[:-1] == zeros and unit[-1:] != b"\x00" for unit in units) / len(units)
        codec = "utf-32" if width == 4 else "utf-16"
        if little > 0.5:
            return f"{codec}-le"
        if big > 0.5:
            return f"{codec}-be"
    return None


def _byte_order(sample: bytes, codec: str, source: str) -> str:
    """UTF-16 or UTF-32 named without a byte-order mark: the byte order the zero bytes of ASCII text show."""
    found = wide_encoding(sample, (2 if codec == "utf-16" else 4,))
    if found is not None:
        return found
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
    if encoding is None and codec == "utf-8" and looks_binary(sample):
        wide = wide_encoding(sample)
        if wide is not None:
            note(f"{source}: read as {wide.upper()} (no byte-order mark; --encoding chooses)")
            chosen = codec = wide
    if not codec.startswith(("utf-16", "utf-32")) and looks_binary(sample):
        raise JobclassError(
            f"{source}: binary data, not a posting file (expected {_READ_FORMATS}); "
            "if it is text in another encoding, give --encoding"
        )
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


def detect_separator(header: str, default: str) -> str:
    """The field separator of a CSV header line: ``default`` when it splits the line into fields, else
    the one of :data:`SEPARATOR_NAMES` that splits it into the most (``default`` when none does)."""

    def fields(separator: str) -> int:
        try:
            return len(next(csv.reader([header], delimiter=separator), []))
        except csv.Error:
            return 0

    if fields(default) >= 2:
        return default
    counts = {separator: fields(separator) for separator in SEPARATOR_NAMES if separator != default}
    best = max(counts, key=lambda separator: counts[separator])
    return best if counts[best] >= 2 else default


def _header_line(stream: io.TextIOWrapper) -> str:
    """The first line of a stream not yet read (the stream is left where it was)."""
    buffer = stream.buffer  # type: ignore[attr-defined]
    sample = buffer.peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if hasattr(buffer, "peek") else b""
    text = sample.decode(stream.encoding, errors="ignore").lstrip("\ufeff")
    return text.splitlines()[0] if text else ""


def _csv_records(
    stream: io.TextIOWrapper, source: str, default: str, sep: str | None = None
) -> Iterator[dict[str, Any]]:
    """Records of a CSV file separated by ``sep``, else by the separator its header shows (see
    :func:`detect_separator`; a separator other than the file type's ``default`` is noted)."""
    delimiter = sep
    if delimiter is None:
        delimiter = detect_separator(_header_line(stream), default)
        if delimiter != default:
            name = SEPARATOR_NAMES[delimiter]
            note(f"{source}: read as {name}-separated (the header has no {SEPARATOR_NAMES[default]}s; --sep chooses)")
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
    for delimiter, kind in ((b"\t", "tsv"), (b",", "csv"), (b";", "csv"), (b"|", "csv")):
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


def is_stream(source: str | Path) -> bool:
    """True for standard input (``-``) and for files that can be read only once: a FIFO, a process
    substitution (``<(zcat postings.csv.gz)``), a device."""
    if str(source) == "-":
        return True
    path = Path(source)
    try:
        return path.exists() and not path.is_dir() and not path.is_file()
    except OSError:
        return False


def iter_postings(
    source: str | Path,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    encoding: str | None = None,
    sep: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Iterator[pd.DataFrame]:
    """Chunks of records (DataFrames) from a posting file, folder or ``-`` (stdin), in input order.

    Every chunk has the internal columns ``__row`` (record number) and ``__status``
    (why a record is unusable, else None) beside the file's own columns.
    ``sep``: the CSV field separator (default: what the header shows, see :func:`detect_separator`).
    ``on_progress(done, total)`` is called after each chunk with the share of the
    input read so far (bytes of the file as stored; files of a folder; 0 total for stdin).
    A FIFO or process substitution is read once, like stdin; a file's content, not its name,
    tells a spreadsheet, Parquet or an archive.
    """
    if chunk_size < 1:
        raise JobclassError(f"chunk size must be at least 1, got {chunk_size}")

    def report(done: int, total: int) -> None:
        if on_progress is not None:
            on_progress(done, total)

    if is_stream(source):
        name = "<stdin>" if str(source) == "-" else str(source)
        known = _known_kind(Path(name)) if name != "<stdin>" else None
        if name == "<stdin>":
            yield from _stream_chunks(sys.stdin.buffer, name, known, encoding, sep, chunk_size, report)
            return
        try:
            with open(source, "rb") as raw:
                yield from _stream_chunks(raw, name, known, encoding, sep, chunk_size, report)
        except OSError as error:
            raise JobclassError(f"{name}: cannot read ({os_error_reason(error)})") from None
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
    kind = _content_kind(path) or _input_kind(path)
    total = path.stat().st_size
    if kind in ("parquet", "excel"):
        yield from (_parquet_chunks if kind == "parquet" else _excel_chunks)(path, chunk_size)
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
            records = _csv_records(stream, str(path), "\t" if kind == "tsv" else ",", sep)
        compressed = binary is not raw
        for chunk in _reading(_chunks_from_records(records, chunk_size), str(path), compressed):
            yield chunk
            report(min(raw.tell(), total), total)


def _stream_chunks(
    binary: IO[bytes],
    name: str,
    kind: str | None,
    encoding: str | None,
    sep: str | None,
    chunk_size: int,
    report: Callable[[int, int], None],
) -> Iterator[pd.DataFrame]:
    """Chunks from a stream read once (stdin, a FIFO): its kind from its name, else from its first bytes."""
    buffered = binary if hasattr(binary, "peek") else io.BufferedReader(binary)  # type: ignore[arg-type]
    compressed = buffered.peek(2)[:2] == b"\x1f\x8b"  # type: ignore[union-attr]
    if compressed:
        buffered = io.BufferedReader(gzip.GzipFile(fileobj=buffered))  # type: ignore[arg-type]
    sample = buffered.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]  # type: ignore[union-attr]
    if sample.startswith((b"PK\x03\x04", b"PAR1", b"\xd0\xcf\x11\xe0")):
        raise JobclassError(f"{name}: {_binary_kind(sample)}; a stream cannot be read as one: save it to a file first")
    if kind not in ("csv", "tsv", "jsonl", "txt"):
        kind = _sniff_stdin_kind(sample)
    stream = _text_stream(buffered, name, encoding)  # type: ignore[arg-type]
    if kind == "txt":
        yield pd.DataFrame([{ROW_COLUMN: 1, STATUS_COLUMN: None, "id": "stdin", "description": stream.read()}])
        return
    if kind == "jsonl":
        records = _jsonl_records(stream, name)
    else:
        records = _csv_records(stream, name, "\t" if kind == "tsv" else ",", sep)
    for chunk in _reading(_chunks_from_records(records, chunk_size), name, compressed):
        yield chunk
        report(0, 0)


def _known_kind(path: Path) -> str | None:
    """The kind a file's name gives, or None when its suffix is not one jobclass knows."""
    try:
        return _input_kind(path)
    except JobclassError:
        return None


_EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def _content_kind(path: Path) -> str | None:
    """What a file is by its first bytes when that settles it (a workbook, Parquet), with a note when its
    name says otherwise; refuses archives and old Office files with what to do. None: go by the name."""
    try:
        with path.open("rb") as raw:
            head = raw.read(8)
    except OSError as error:
        raise JobclassError(f"{path}: cannot read ({os_error_reason(error)})") from None
    named = path.name.lower()
    if head.startswith(b"PAR1"):
        if not named.endswith(".parquet"):
            note(f"{path}: a Parquet file (by its content), read as such")
        return "parquet"
    if head.startswith(b"PK\x03\x04") or named.endswith(_EXCEL_SUFFIXES):
        if _is_workbook(path):
            if not named.endswith(_EXCEL_SUFFIXES):
                note(f"{path}: an Excel workbook (by its content), read as such")
            return "excel"
        if named.endswith(_EXCEL_SUFFIXES) and head.startswith(b"PK\x03\x04"):
            raise JobclassError(f"{path}: not a readable Excel workbook (a damaged zip, or one without sheets)")
        if named.endswith(_EXCEL_SUFFIXES):
            raise JobclassError(f"{path}: not an Excel workbook by its content; if it is CSV, name it .csv")
        raise JobclassError(f"{path}: {_binary_kind(head, path)}")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise JobclassError(f"{path}: {_binary_kind(head, path)}")
    return None


def _is_workbook(path: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _convert_command(path: Path | str) -> str:
    import shlex

    return f"libreoffice --headless --convert-to csv {shlex.quote(str(path))}"


def _binary_kind(head: bytes, path: Path | None = None) -> str:
    """What a binary file is, by its first bytes, and what to do with it (a line's end, no content)."""
    shown = path if path is not None else "FILE"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return f"an old Office file (.xls or .doc), not a posting file; save it as CSV: {_convert_command(shown)}"
    if head.startswith(b"PAR1"):
        return "a Parquet file"
    if head.startswith(b"PK\x03\x04") and path is not None:
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                names = [name for name in archive.namelist() if not name.endswith("/")]
        except (zipfile.BadZipFile, OSError, ValueError):
            names = []
        if any(name.startswith("word/") for name in names):
            return "a Word document (.docx), not a posting file; save it as text or CSV"
        if "content.xml" in names:
            return f"an OpenDocument file (.ods/.odt); save it as CSV: {_convert_command(shown)}"
        held = f" holding {', '.join(names[:3])}{', ...' if len(names) > 3 else ''}" if names else ""
        return f"a zip archive{held}; unzip it first (unzip {shown})"
    return "a zip archive; unzip it first"


def _excel_chunks(path: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    """The first sheet of a workbook, in chunks (a workbook is read whole: it is never large)."""
    try:
        import openpyxl  # noqa: F401 - pandas reads .xlsx through it
    except ImportError:
        raise JobclassError(
            f"{path}: an Excel workbook; reading it needs openpyxl (pip install 'jobclass[excel]'), "
            f"or convert it: {_convert_command(path)}"
        ) from None
    try:
        with pd.ExcelFile(path, engine="openpyxl") as workbook:
            sheets = workbook.sheet_names
            frame = pd.read_excel(workbook, sheet_name=sheets[0], dtype=object)
    except Exception as error:  # openpyxl and zipfile raise many kinds on a damaged workbook
        raise JobclassError(f"{path}: not a readable Excel workbook ({type(error).__name__})") from None
    if len(sheets) > 1:
        note(f"{path}: read the first of {len(sheets)} sheets, {sheets[0]!r}")
    frame.columns = [str(column) for column in frame.columns]
    _refuse_clashing_names(list(frame.columns), str(path), "columns")
    frame = frame.astype(object).where(frame.notna(), None)
    for start in range(0, len(frame), chunk_size):
        chunk = frame.iloc[start : start + chunk_size].reset_index(drop=True)
        chunk.insert(0, ROW_COLUMN, range(start + 1, start + 1 + len(chunk)))
        chunk.insert(1, STATUS_COLUMN, None)
        yield chunk


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


def read_postings(source: str | Path, *, encoding: str | None = None, sep: str | None = None) -> pd.DataFrame:
    """A whole posting file as one DataFrame (unusable records dropped; for training)."""
    chunks = list(iter_postings(source, chunk_size=50_000, encoding=encoding, sep=sep))
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


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    """What tells whether a file was replaced or written since: device, inode, size, change time (None: absent)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


class OutputLock:
    """An exclusive lock on an output name, held by one run at a time (``flock`` on a ``.NAME.lock`` file
    beside it, removed on release; the operating system drops the lock of a process that dies)."""

    def __init__(self, path: Path) -> None:
        import fcntl

        self.path = path.parent / f".{path.name}.lock"
        self._handle: int | None = None
        for _ in range(5):
            try:
                handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                return  # a folder that takes no lock file: the check at commit still guards the output
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(handle, 32).decode("ascii", "replace").strip()
                os.close(handle)
                by = f" (process {holder})" if holder.isdigit() else ""
                raise JobclassError(
                    f"{path}: another jobclass run is writing this file{by}; wait for it or choose another output"
                ) from None
            except OSError:  # a file system without locks
                os.close(handle)
                return
            if _identity(self.path) is not None and os.fstat(handle).st_ino == os.stat(self.path).st_ino:
                os.ftruncate(handle, 0)
                os.write(handle, str(os.getpid()).encode("ascii"))
                self._handle = handle
                return
            os.close(handle)  # the lock file was removed by its last holder while this one opened it: again

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass
        os.close(self._handle)
        self._handle = None


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
        self._lock = OutputLock(self.path)
        self._before = _identity(self.path)
        try:
            handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        except OSError as error:
            self._lock.release()
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
            if _identity(self.path) != self._before:
                self.abort()
                raise JobclassError(
                    f"{self.path}: another program wrote this file while this run went on; this run's results "
                    "were not written (run again, or choose another output)"
                )
            os.replace(self._temporary, self.path)
        except OSError as error:
            self.abort()
            raise JobclassError(f"{self.path}: cannot write ({os_error_reason(error)}); nothing was written") from None
        self._lock.release()
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
        self._lock.release()

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
