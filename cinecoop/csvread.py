"""Reading one export file as text: encoding, delimiter, header, and each record's physical line."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


class FileError(Exception):
    """The file cannot be used at all; the message says why in plain words."""

    def __init__(self, message: str, line: int | None = None, column: str | None = None, value: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.value = value


@dataclass
class RawFile:
    """A file read as text into a DuckDB table `raw_<name>` of VARCHAR columns plus `line`."""

    header: list[str]  # normalised names (trimmed, lower-case), in file order
    original_header: list[str]
    delimiter: str
    rows_read: int
    had_bom: bool
    ragged: list[tuple[int, int]] = field(default_factory=list)  # (line, fields found) of rejected records
    width: int = 0  # fields in the header line, trailing blank names included

    @property
    def columns(self) -> list[str]:
        return [f"c{i}" for i in range(len(self.header))]


def _detect_delimiter(first_line: str) -> str:
    counts = {delimiter: 0 for delimiter in DELIMITERS}
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            break  # the header ends at its first line break outside quotes (old Mac exports end lines with a lone CR)
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _decode(data: bytes) -> str:
    if b"\x00" in data[:65536]:
        raise FileError("is not a CSV file: it holds binary data (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start : error.start + 1].hex()
        raise FileError(
            f"is not UTF-8 text: the byte 0x{bad} on line {line} cannot be decoded (save the export as UTF-8)",
            line=line,
            value=f"0x{bad}",
        ) from error


def _parse_header(text: str, delimiter: str) -> tuple[list[str], int]:
    """Return the header fields and the number of physical lines the header spans."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for record in reader:
        if record and any(cell.strip() for cell in record):
            return record, reader.line_num
    raise FileError("is empty: it has no header line")


@dataclass
class _Scan:
    """What one pass over the bytes tells: the BOM, the first line, whether records are one line each, and the line count."""

    had_bom: bool
    first_line: bytes
    simple: bool
    lines: int


SCAN_CHUNK_BYTES = 8 * 1024 * 1024


def _scan(path: Path) -> _Scan:
    """Read the file in chunks (memory stays flat on large exports) and learn what the fast path needs to know.

    Only the newlines are counted everywhere: a blank line, a quoted field over several lines or a record that DuckDB
    splits differently all make DuckDB's row count differ from the line count, which sends the file to the careful
    reader (_read_fast). Carriage returns, rare in exports, are checked here, and only when the file has any."""
    with open(path, "rb") as handle:
        first = handle.read(SCAN_CHUNK_BYTES)
        if b"\x00" in first[:65536]:
            raise FileError("is not a CSV file: it holds binary data (NUL bytes)")
        had_bom = first.startswith(b"\xef\xbb\xbf")
        chunk = first[3:] if had_bom else first
        if not chunk.strip() and not handle.peek(1):
            raise FileError("is empty: it has no header line")
        first_line = chunk.split(b"\n", 1)[0]
        simple = bool(chunk) and chunk[:1] not in (b"\n", b"\r")
        # A one-column file is the exception: DuckDB reads a blank line in it as a row with an empty cell.
        single_column = first_line.count(b",") + first_line.count(b";") + first_line.count(b"\t") == 0
        newlines = returns = pairs = 0
        previous = b""  # the last byte of the previous chunk, for a pair that straddles a boundary
        while chunk:
            newlines += chunk.count(b"\n")
            if simple and b"\r" in chunk:
                returns += chunk.count(b"\r")
                pairs += chunk.count(b"\r\n") + (previous == b"\r" and chunk[:1] == b"\n")
            if simple and single_column and (b"\n\n" in chunk or b"\n\r\n" in chunk or (previous == b"\n" and chunk[:1] in (b"\n", b"\r"))):
                simple = False
            previous = chunk[-1:]
            chunk = handle.read(SCAN_CHUNK_BYTES)
    simple = simple and returns == pairs
    lines = newlines + (0 if previous == b"\n" else 1)
    return _Scan(had_bom, first_line, simple, lines)


def read_raw(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> RawFile:
    """Read `path` into a view `table` (line + all-text columns c0..cN) and return what was learnt about the file.

    Large well-formed files go through DuckDB's reader; files with multi-line fields, blank lines, ragged rows or
    bad bytes go through Python's csv module, which knows each record's physical line."""
    scan = _scan(path)
    try:
        first_line = scan.first_line.decode("utf-8")
    except UnicodeDecodeError:
        first_line = None
    # A blank first line (spaces only) is left to the careful reader, which skips it and finds the header below.
    if first_line is not None and first_line.strip() and scan.simple and first_line.count('"') % 2 == 0:
        delimiter = _detect_delimiter(first_line)
        header, _ = _parse_header(first_line, delimiter)
        raw = _prepare(header, delimiter, scan.had_bom)
        if _read_fast(con, path, table, raw, scan.lines):
            return raw
    return read_careful(con, path, table)


def read_careful(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> RawFile:
    """Read `path` with Python's csv module into a temporary table, and make `table` a view of it."""
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise FileError("is not a CSV file: it holds binary data (NUL bytes)")
    had_bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if had_bom else data
    if not body.strip():
        raise FileError("is empty: it has no header line")
    text = _decode(body)
    # The header may hold quoted line breaks: the detector reads on to its first line break outside quotes.
    delimiter = _detect_delimiter(text[:65536])
    header, _ = _parse_header(text, delimiter)
    raw = _prepare(header, delimiter, had_bom)
    _read_careful(con, table, raw, text)
    return raw


def _prepare(original_header: list[str], delimiter: str, had_bom: bool) -> RawFile:
    header = [name.strip().lower() for name in original_header]
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if not name:
            # A trailing delimiter in the header gives blank names; only blank names elsewhere are an error.
            if any(header[position:]):
                raise FileError(f"has a blank column name in position {position} of the header", line=1)
            continue
        if name in seen:
            raise FileError(f"names the column '{name}' twice in its header", line=1, column=name)
        seen[name] = position
    raw = RawFile(header, list(original_header), delimiter, 0, had_bom)
    raw.width = len(header)
    while raw.header and not raw.header[-1]:
        raw.header.pop()
    raw.original_header = raw.original_header[: len(raw.header)]
    return raw


def _read_fast(con: duckdb.DuckDBPyConnection, path: Path, table: str, raw: RawFile, lines: int) -> bool:
    """DuckDB's reader, in parallel, when every record is one physical line; False when the file needs the careful path.

    A blank line, a quoted field over several lines or a record DuckDB splits differently all make its row count
    differ from the file's line count. (Numbering rows as they are read, with row_number() over the reader instead of
    this table, saved a copy but made the whole load run on one core.)"""
    names = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(raw.width))
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table}_text AS SELECT {', '.join(raw.columns)} "
            "FROM read_csv($path, header = true, all_varchar = true, delim = $delim, quote = '\"', "
            "escape = '\"', strict_mode = true, null_padding = false, "
            f"auto_detect = false, columns = {{{names}}}, encoding = 'utf-8')",
            {"path": str(path), "delim": raw.delimiter},
        )
    except duckdb.Error:
        return False
    count = con.execute(f"SELECT count(*) FROM {table}_text").fetchall()[0][0]
    if count != lines - 1:
        con.execute(f"DROP TABLE {table}_text")
        return False
    # A fresh table's rowid follows file order, so the physical line is rowid + 2 (the header is line 1).
    con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT rowid + 2 AS line, * FROM {table}_text")
    raw.rows_read = count
    return True


def _read_careful(con: duckdb.DuckDBPyConnection, table: str, raw: RawFile, text: str) -> None:
    """Python's csv module, record by record, for files with multi-line fields, blank lines or ragged rows."""
    columns = raw.columns
    # A field may be as long as the file (a pasted synopsis); the csv module's default cap is 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=raw.delimiter, strict=False)
    lines: list[int] = []
    values: list[list[str | None]] = [[] for _ in columns]
    header_done = False
    previous_end = 0
    try:
        for record in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not record or (len(record) == 1 and not record[0].strip()):
                continue  # blank lines hold no row
            if not header_done:
                header_done = True
                continue
            raw.rows_read += 1
            if len(record) > len(columns) and not any(cell.strip() for cell in record[len(columns) :]):
                record = record[: len(columns)]
            if len(record) != len(columns):
                raw.ragged.append((start, len(record)))
                continue
            lines.append(start)
            for position in range(len(columns)):
                values[position].append(record[position] or None)
    except csv.Error as error:
        raise FileError(f"is not a readable CSV file: {error} near line {reader.line_num}") from error
    arrays = {"line": pa.array(lines, type=pa.int64())}
    for name, column_values in zip(columns, values, strict=True):
        arrays[name] = pa.array(column_values, type=pa.string())
    arrow_table = pa.table(arrays)
    con.register(f"{table}_arrow", arrow_table)
    try:
        con.execute(f"create or replace temp table {table}_text as select * from {table}_arrow")
    finally:
        con.unregister(f"{table}_arrow")
    con.execute(f"create or replace temp view {table} as select * from {table}_text")
