"""Reading a register's CSV in the forms it is really met in: encoding, delimiter, wrapped lines, split titles.

The forms (real-sources.md, section 5):

- as published: UTF-8, comma-separated;
- re-saved by a spreadsheet in a Russian locale: Windows-1251 or UTF-8 with a byte-order mark, semicolon-separated;
- re-saved by a spreadsheet that took each comma-separated line for one cell: every line becomes one quoted field
  (its quotes doubled) followed by empty `;` fields up to the widest line, and a `;` inside the original line
  splits it into further cells. Joining a line's cells with `;` again gives the original line back;
- text fields holding an unquoted comma (titles such as `Плюмбум, или Опасная игра`), which give a row more
  fields than the header. The row is rebuilt by trying each free-text column as the one that holds the extra
  commas and keeping the one placement where every column with a known shape (a certificate number, a date,
  an amount) holds a value of that shape.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cinecoop.importers.common import Problem, UnusableFile

Shape = Callable[[str], bool]

_BOMS = {b"\xef\xbb\xbf": "utf-8"}
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")
FORM_COMMA = "comma-separated"
FORM_SEMICOLON = "semicolon-separated"
FORM_TAB = "tab-separated"
FORM_WRAPPED = "each line wrapped in one quoted field followed by empty ';' fields (a spreadsheet's re-save), unwrapped"
_PLAIN_FORMS = {",": FORM_COMMA, ";": FORM_SEMICOLON, "\t": FORM_TAB}


@dataclass
class Record:
    """One data row: its physical line (where it starts), its values by column, and how it was rebuilt if it was."""

    line: int
    values: dict[str, str]
    rebuilt_column: str | None = None  # the column whose unquoted commas were put back together


@dataclass
class Sheet:
    """A register file read into rows, with the rows that could not be split into its columns."""

    file: str
    encoding: str
    form: str
    columns: list[str]
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # rows that could not be split into columns

    @property
    def rows_read(self) -> int:
        return len(self.records) + len({problem.line for problem in self.problems})


def decode(file: str, data: bytes) -> tuple[str, str]:
    """The text of a file and a label of its encoding: UTF-8 (with or without BOM), else Windows-1251."""
    if any(data.startswith(bom) for bom in _WIDE_BOMS):
        raise UnusableFile(file, "is UTF-16 text: save it as CSV in UTF-8 or in Windows-1251")
    if b"\x00" in data[:65536]:
        raise UnusableFile(file, "is not a CSV file: it holds binary data (NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 with a byte-order mark"
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start + 3) + 1
            raise UnusableFile(
                file,
                f"starts with a UTF-8 byte-order mark but the byte 0x{data[error.start + 3]:02x} on line {line} is not UTF-8",
                line=line,
            ) from error
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as utf8_error:
        # A spreadsheet in a Russian locale saves "CSV" in Windows-1251, the only other encoding such files come in.
        # Every byte but 0x98 is a Windows-1251 character, so this cannot tell a file in yet another encoding; the
        # notes say which encoding was used, and the Cyrillic country names then fail to read as countries.
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise UnusableFile(
                file, f"is neither UTF-8 nor Windows-1251 text: the byte 0x{data[error.start]:02x} on line {line} is neither", line=line
            ) from error
        line = data.count(b"\n", 0, utf8_error.start) + 1
        return text, f"Windows-1251 (not UTF-8: the byte 0x{data[utf8_error.start]:02x} on line {line})"


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, fields) of each record; blank lines hold no record but count as lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    end = 0
    for fields in reader:
        start = end + 1
        end = reader.line_num
        if fields and any(value.strip() for value in fields):
            yield start, fields


def _strip_trailing_blanks(fields: list[str]) -> list[str]:
    end = len(fields)
    while end and not fields[end - 1]:
        end -= 1
    return fields[:end]


def _unwrap(cells: list[str]) -> list[str] | None:
    """The fields of a wrapped line: its cells joined by `;` again, read as one comma-separated line."""
    inner = list(csv.reader(io.StringIO(";".join(_strip_trailing_blanks(cells)), newline="")))
    return inner[0] if len(inner) == 1 else None


def _header_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip(" \t;,"):
            return line
    return ""


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for current in line:
        if current == '"':
            quoted = not quoted
        elif current == char and not quoted:
            count += 1
    return count


def _detect_form(text: str) -> tuple[str, bool]:
    """(outer delimiter, wrapped) from the header, and from the rows when the header cannot tell."""
    header = _header_line(text)
    for delimiter in (";", "\t"):
        if _count_outside_quotes(header, delimiter):
            first = next(_records(header, delimiter), (0, []))[1]
            if len([name for name in first if name.strip()]) >= 2:
                return delimiter, False
    if not _count_outside_quotes(header, ","):
        return ",", False
    if _count_outside_quotes(header, ";"):
        return ";", True  # a comma-separated header padded with empty `;` cells: the spreadsheet's re-save
    # No padding (no line had a `;`): wrapped lines read as one field each when taken as they are.
    width = len(next(_records(header, ","), (0, []))[1])
    plain = wrapped = 0
    for number, (_, cells) in enumerate(_records(text, ";")):
        if number == 0:
            continue
        if number > 2000:
            break
        unwrapped = _unwrap(cells)
        wrapped += unwrapped is not None and len(unwrapped) == width
    for number, (_, fields) in enumerate(_records(text, ",")):
        if number == 0:
            continue
        if number > 2000:
            break
        plain += len(fields) == width
    return (";", True) if wrapped > plain else (",", False)


def read_sheet(
    path: Path,
    required: Sequence[str],
    shapes: dict[str, Shape] | None = None,
    free_text: Sequence[str] = (),
    display_name: str | None = None,
) -> Sheet:
    """Read a register file; raise UnusableFile when it cannot be used at all.

    `required` columns must be in the header (names matched case-insensitively, in any order; a record's values
    are keyed by the lower-case name). `shapes` says what a value of a column looks like (blank allowed unless the
    shape refuses it); `free_text` lists the columns that may hold unquoted commas. Each rebuilt row says which
    column was rebuilt.
    """
    file = display_name or path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnusableFile(file, f"cannot be read: {error.strerror or error}") from error
    text, encoding = decode(file, data)
    if not text.strip(" \t\r\n;,"):
        raise UnusableFile(file, "is empty: it has no header line")
    delimiter, wrapped = _detect_form(text)
    records = _records(text, delimiter)
    first = next(records, None)
    if first is None:
        raise UnusableFile(file, "is empty: it has no header line")
    header_line, header = first
    if wrapped:
        header = _unwrap(header) or header
    names = [name.strip() for name in _strip_trailing_blanks(header)]
    columns = [name.lower() for name in names]
    wanted = {name.lower() for name in (*required, *(shapes or {}), *free_text)}
    for name in dict.fromkeys(columns):
        if name in wanted and columns.count(name) > 1:
            raise UnusableFile(file, f"has the column {name} twice: which one holds the data is ambiguous", line=header_line, column=name)
    missing = [name for name in required if name.lower() not in columns]
    if missing:
        raise UnusableFile(
            file,
            f"has no column {', '.join(missing)} (its columns are: {', '.join(names) or 'none'})",
            line=header_line,
            column=", ".join(missing),
        )
    sheet = Sheet(file=file, encoding=encoding, form=FORM_WRAPPED if wrapped else _PLAIN_FORMS[delimiter], columns=columns)
    shapes = {name: shape for name, shape in (shapes or {}).items() if name in columns}
    rebuildable = [columns.index(name) for name in free_text if name in columns]
    width = len(columns)
    for line, cells in records:
        fields = _unwrap(cells) if wrapped else cells
        if fields is None:
            sheet.problems.append(Problem(file, line, None, None, "a line break inside the wrapped line splits the row: it cannot be read"))
            continue
        if not any(value.strip() for value in fields):
            continue
        fitted, rebuilt = _fit(fields, columns, shapes, rebuildable)
        if fitted is None:
            sheet.problems.append(Problem(file, line, None, None, _misfit_message(len(fields), width)))
            continue
        fields = fitted
        sheet.records.append(Record(line, dict(zip(columns, fields, strict=True)), rebuilt))
    return sheet


def _fit(fields: list[str], columns: list[str], shapes: dict[str, Shape], rebuildable: list[int]) -> tuple[list[str] | None, str | None]:
    """The row as one value per column, and the column rebuilt from several fields (None when none was)."""
    width = len(columns)
    if len(fields) == width:
        return fields, None
    if len(fields) > width:
        rebuilt = _rebuild(fields, columns, shapes, rebuildable)
        if rebuilt is not None:
            return rebuilt
        # Empty fields past the header's width are a trailing delimiter, not data (docs/decisions.md).
        trimmed = fields[:width] + _strip_trailing_blanks(fields[width:])
        if len(trimmed) < len(fields):
            return _fit(trimmed, columns, shapes, rebuildable)
    return None, None


def _misfit_message(found: int, width: int) -> str:
    if found < width:
        return f"has {found} fields but the header has {width}"
    return (
        f"has {found} fields but the header has {width}, and no single text column can take the extra commas with "
        "every other column in its shape: the row cannot be split into its columns"
    )


def _rebuild(fields: list[str], columns: list[str], shapes: dict[str, Shape], rebuildable: list[int]) -> tuple[list[str], str] | None:
    """The row with the extra fields joined back into the one text column where every shape fits, if exactly one."""
    extra = len(fields) - len(columns)
    fits: list[tuple[list[str], str]] = []
    for index in rebuildable:
        candidate = [*fields[:index], ",".join(fields[index : index + extra + 1]), *fields[index + extra + 1 :]]
        if all(shape(candidate[columns.index(name)]) for name, shape in shapes.items()):
            fits.append((candidate, columns[index]))
    return fits[0] if len(fits) == 1 else None
