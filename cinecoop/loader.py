"""Validated loading of the export files into DuckDB: read as text, check and cast with set operations."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from cinecoop import jalali, paths
from cinecoop.csvread import DELIMITER_NAMES, FileError, RawFile, read_raw
from cinecoop.schema import (
    ATTENDANCE,
    EXPORT_FILES,
    FILMS,
    NOT_REQUIRED_WITH_RELEASES,
    RELEASES,
    SCREENINGS,
    SEATLESS_FORMATS,
    SIGNED_STATUSES,
    TITLE_KEY_PREFIX,
    Column,
    ExportFile,
)

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789" * 2
CORE_SQL = Path(__file__).with_name("core_views.sql")
# Columns the loader or screening_facts add; an extra export column with one of these names is renamed (name_extra).
DERIVED_COLUMNS = (
    "source_file",
    "source_line",
    "film_countries",
    "film_key",
    "film_match",
    "admissions",
    "attendance_rows",
    "year",
    "month",
    "jyear",
    "jmonth",
    "jmonth_start",
)
# Columns of a table being loaded that say how each row fared; dropped before the table is finished.
HELPER_PREFIX = "cinecoop_"
# The Solar Hijri years the calendar table holds and YYYY/MM/DD dates may name.
CALENDAR_YEARS = (1300, 1499)
# The largest whole number a column takes: year is stored as INTEGER and is a calendar year; for the counts, a bound
# far above any screening (a trillion people) keeps every sum the queries take within BIGINT.
INTEGER_MAXIMUM = {"year": 9999}
DEFAULT_INTEGER_MAXIMUM = 10**12
# Severities of load_problems: a rejected row or unusable file, a kept but suspicious row, and a fact worth knowing
# that is neither (a title that matches no film of films.csv).
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    """One reported problem: a rejected row (error), a usable but suspicious row (warning), a file error, or a fact (info)."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    severity: str  # "error", "warning" or "info"
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "severity": self.severity,
            "message": self.message,
        }

    def describe(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        column = f" column {self.column}" if self.column else ""
        value = f" value {self.value!r}" if self.value is not None else ""
        return f"{where}{column}{value}: {self.severity}: {self.message}"


@dataclass
class FileReport:
    """What loading one file gave (counts, status, facts about the file), or, with `parts`, a table's totals over its files.

    A table's files are `<table>.csv` and `<table>/*.csv`; file is then the part's path in the data folder
    (screenings/2025-02.csv). For a table's totals, file names the files it was read from (screenings.csv + screenings/*.csv)."""

    file: str
    table: str
    required: bool
    status: str = "ok"  # ok, warnings, errors, missing
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    warnings: int = 0
    file_error: str | None = None
    extra_columns: list[str] = field(default_factory=list)
    delimiter: str | None = None
    date_formats: dict[str, int] = field(default_factory=dict)
    non_latin_digits: int = 0
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    parts: list[str] = field(default_factory=list)  # a table's totals: its files in load order
    # The file's size and modification time (ns) when it was read: a later load reads again only the files that differ.
    size: int | None = None
    modified_ns: int | None = None

    @property
    def usable(self) -> bool:
        return self.file_error is None and self.status != "missing"

    def as_dict(self) -> dict[str, object]:
        values: dict[str, object] = {
            "file": self.file,
            "table": self.table,
            "status": self.status,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "warnings": self.warnings,
            "file_error": self.file_error,
            "extra_columns": self.extra_columns,
            "delimiter": DELIMITER_NAMES.get(self.delimiter or "", None),
            "date_formats": self.date_formats,
            "non_latin_digit_rows": self.non_latin_digits,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
        }
        if self.parts:
            values["parts"] = list(self.parts)
        return values


class StoredProblems(Sequence):
    """The problems of a saved store, read from its load_problems table the first time they are asked for: a store of
    millions of rows may hold a hundred thousand warnings, and a server that opens it seldom needs them as objects."""

    def __init__(self, fetch: Callable[[], list[Problem]]):
        self._fetch = fetch
        self._problems: list[Problem] | None = None

    def _all(self) -> list[Problem]:
        if self._problems is None:
            self._problems = self._fetch()
        return self._problems

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return repr(self._all())


@dataclass
class LoadReport:
    """The outcome of loading a data folder: one FileReport per file read (a missing table: one with status missing),
    and one per table with the totals over its files."""

    data_dir: Path
    reference_dir: Path
    files: list[FileReport]
    problems: Sequence[Problem]
    loaded_at: dt.datetime
    seconds: float = 0.0
    tables: list[FileReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was rejected and no required file is unusable (warnings allowed)."""
        return all(report.status in ("ok", "warnings") or (report.status == "missing" and not report.required) for report in self.files)

    def file(self, name: str) -> FileReport:
        """The file of that name (screenings/2025-02.csv), else the totals of the table so named (screenings, or
        screenings.csv when no file has that name)."""
        for report in self.files:
            if report.file == name:
                return report
        return self.table(name)

    def table(self, name: str) -> FileReport:
        """A table's totals over its files, by table name (screenings) or file name (screenings.csv)."""
        for report in self.tables:
            if name in (report.table, report.file, f"{report.table}.csv"):
                return report
        raise KeyError(name)

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "files": [report.as_dict() for report in self.files],
            "tables": [report.as_dict() for report in self.tables],
            "problems": [problem.as_dict() for problem in self.problems],
        }


def _execute(con: duckdb.DuckDBPyConnection, sql: str, parameters: dict[str, object]) -> duckdb.DuckDBPyConnection:
    """Run sql with the parameters it names (DuckDB refuses a bound parameter the statement does not use)."""
    return con.execute(sql, {name: value for name, value in parameters.items() if re.search(rf"\${name}\b", sql)})


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"


class _PartLoader:
    """Reads and checks one file of a table (screenings.csv, or a part such as screenings/2025-02.csv) into its own
    staging table, stage_<table>_<n>: typed columns, source_file and source_line, and helper columns saying which
    checks each row failed. Its problems name the file. Checks across files (repeated ids, references to other
    tables) are the table's (_TableLoader), on the parts put together."""

    def __init__(self, con: duckdb.DuckDBPyConnection, spec: ExportFile, report: FileReport, index: int, file_type: str):
        self.con = con
        self.spec = spec
        self.report = report
        self.stage = f"stage_{spec.table}_{index}"
        self.raw = f"raw_{spec.table}_{index}"
        # source_file is an ENUM of the table's file names: one byte a row where the name itself took dozens.
        self.file_type = file_type
        self._codes: list[str] | None = None
        # An update stages in memory: the stage is appended to the table, so writing it to the store file would write
        # its rows twice (a full load renames the stage into the table instead).
        self.temporary = False

    # -- expressions -----------------------------------------------------------------------------
    @staticmethod
    def _digits(expr: str) -> str:
        # translate() is costly per row; only text with non-ASCII characters (byte length above character length) needs it.
        return f"CASE WHEN strlen({expr}) = length({expr}) THEN {expr} ELSE translate({expr}, '{PERSIAN_DIGITS}', '{LATIN_DIGITS}') END"

    # Each CASE puts the common, valid case first: DuckDB evaluates later branches only for the rows left over,
    # so the regular expressions that word a message run on broken cells only.
    def _value_expr(self, column: Column) -> str:
        v = f"v_{column.name}"
        d = f"d_{column.name}"
        if column.kind == "lower":
            return f"lower({v})"
        if column.kind == "enum":
            default = f"'{column.default}'" if column.default else "NULL"
            return f"coalesce(lower({v}), {default})"
        if column.kind == "integer":
            # GLOB is the cheap strictness check: try_cast alone would take '5.5', '1e3' and '0x10'.
            value = (
                f"CASE WHEN NOT ({d} GLOB '*[!0-9]*') THEN try_cast({d} AS BIGINT) "
                f"WHEN regexp_full_match({d}, '[0-9]+\\.0*') THEN try_cast(split_part({d}, '.', 1) AS BIGINT) END"
            )
            return f"CASE WHEN {v} IS NULL THEN {column.default} ELSE {value} END" if column.default else value
        if column.kind == "decimal":
            return (
                f"CASE WHEN NOT ({d} GLOB '*[!0-9]*') THEN try_cast({d} AS DECIMAL(38, 4)) "
                f"WHEN regexp_full_match({d}, '[0-9]+\\.[0-9]*|\\.[0-9]+') THEN try_cast({d} AS DECIMAL(38, 4)) END"
            )
        if column.kind == "date":
            return (
                f"CASE WHEN length({d}) = 10 AND substr({d}, 5, 1) = '-' AND substr({d}, 8, 1) = '-' AND NOT ({d} GLOB '*[!0-9-]*') "
                f"THEN try_cast({d} AS DATE) "
                f"WHEN length({d}) = 10 AND substr({d}, 3, 1) = '.' THEN try_strptime({d}, '%d.%m.%Y')::DATE "
                f"WHEN j_{column.name} IS NOT NULL THEN {self._solar_hijri(f'j_{column.name}')} "
                f"WHEN regexp_full_match({d}, '[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}') THEN try_strptime({d}, '%Y-%m-%d')::DATE "
                f"WHEN regexp_full_match({d}, '[0-9]{{1,2}}\\.[0-9]{{1,2}}\\.[0-9]{{4}}') THEN try_strptime({d}, '%d.%m.%Y')::DATE END"
            )
        if column.kind in ("country", "currency"):
            return f"upper({v})"
        if column.kind == "country_list":
            # Most cells hold one code: lambdas (slow per row) run only on the cells that hold a list.
            return (
                f"CASE WHEN NOT contains({v}, ';') THEN [upper({v})] "
                f"ELSE list_filter(list_transform(string_split({v}, ';'), lambda x: upper(trim(x))), lambda x: x <> '') END"
            )
        if column.kind == "text_list":
            return f"list_filter(list_transform(string_split({v}, ';'), lambda x: trim(x)), lambda x: x <> '')"
        return v

    def _error_expr(self, column: Column) -> str:
        """A CASE giving the message for a broken cell of this column, NULL when it is fine."""
        v = f"v_{column.name}"
        d = f"d_{column.name}"
        t = f"t_{column.name}"
        blank = "'is required but blank'" if column.required else "NULL"
        cases: list[str] = []
        if column.kind == "enum":
            allowed = ", ".join(column.values)
            cases += [f"WHEN list_contains({_literal_list(column.values)}, lower({v})) THEN NULL", f"ELSE 'must be one of: {allowed}'"]
        elif column.kind == "integer":
            minimum = column.minimum
            maximum = INTEGER_MAXIMUM.get(column.name, DEFAULT_INTEGER_MAXIMUM)
            cases += [
                f"WHEN {t} BETWEEN {minimum} AND {maximum} THEN NULL",
                f"WHEN {t} > {maximum} THEN 'must be {maximum:,} or less'",
                f"WHEN {t} IS NOT NULL OR regexp_full_match({d}, '-[0-9]+(\\.[0-9]*)?') THEN 'must be {minimum} or more'",
                f"WHEN regexp_full_match({d}, '[0-9]+(\\.0*)?') THEN 'is too large'",
                "ELSE 'is not a whole number'",
            ]
        elif column.kind == "decimal":
            cases += [
                f"WHEN {t} IS NOT NULL THEN NULL",
                f"WHEN regexp_full_match({d}, '-[0-9]+(\\.[0-9]*)?|-\\.[0-9]+') THEN 'must be {column.minimum} or more'",
                "ELSE 'is not a number (plain digits with an optional . decimal point)'",
            ]
        elif column.kind == "date":
            cases += [
                f"WHEN {t} IS NOT NULL THEN NULL",
                f"WHEN regexp_full_match({d}, '[0-9]{{4}}/[0-9]{{1,2}}/[0-9]{{1,2}}') AND NOT (split_part({d}, '/', 1)::INTEGER BETWEEN 1300 AND 1499) "
                "THEN 'is a YYYY/MM/DD date whose year is not a Solar Hijri year from 1300 to 1499'",
                f"WHEN regexp_full_match({d}, "
                f"'[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}|[0-9]{{1,2}}\\.[0-9]{{1,2}}\\.[0-9]{{4}}|[0-9]{{4}}/[0-9]{{1,2}}/[0-9]{{1,2}}') "
                "THEN 'is not a real calendar date'",
                "ELSE 'is not a date: use YYYY-MM-DD, DD.MM.YYYY or Solar Hijri YYYY/MM/DD'",
            ]
        elif column.kind == "country":
            cases += [
                f"WHEN {self._known(t)} THEN NULL",
                "ELSE 'is not an ISO 3166-1 alpha-2 country code'",
            ]
        elif column.kind == "country_list":
            unknown = f"list_filter({t}, lambda x: NOT list_contains(ref.codes, x))"
            cases += [
                f"WHEN len({t}) = 0 THEN 'holds no country code'",
                f"WHEN len({t}) = 1 AND {self._known(f'{t}[1]')} THEN NULL",
                f"WHEN len({t}) > 1 AND {self._known(f'array_to_string({t}, {chr(39)};{chr(39)})', listed=True)} THEN NULL",
                f"ELSE 'has an unknown country code: ' || array_to_string({unknown}, ', ') || ' (use ISO 3166-1 alpha-2 codes separated by ;)'",
            ]
        elif column.kind == "text_list" and column.required:
            cases += [f"WHEN len({t}) = 0 THEN 'holds no name'"]
        elif column.kind == "currency":
            cases += [
                f"WHEN length({t}) = 3 AND NOT ({t} GLOB '*[!A-Z]*') THEN NULL",
                "ELSE 'is not a 3-letter ISO 4217 currency code'",
            ]
        if not cases and not column.required:
            return "NULL"
        return f"CASE WHEN {v} IS NULL THEN {blank} " + " ".join(cases) + " END"

    # The stage reads a view over DuckDB's CSV reader, whose row count the optimizer does not know: a join there may
    # build its hash table on the million-row side (it did for the calendar: 0.5 s a million rows). So the stage joins
    # nothing: reference codes are matched by one regular expression, compiled once; Solar Hijri dates by arithmetic.
    def _known(self, expr: str, listed: bool = False) -> str:
        """expr is a reference code (listed: codes joined by ;). list_contains() and list_has_all() search or hash
        the codes again for every row (list_has_all took microseconds a row)."""
        if self._codes is None:
            self._codes = [row[0] for row in self.con.execute("SELECT code FROM reference_code_set ORDER BY code").fetchall()]
        if not self._codes:
            return "false"
        alternatives = "(?:" + "|".join(re.escape(code).replace("'", "''") for code in self._codes) + ")"
        return f"regexp_full_match({expr}, '{alternatives + (f'(?:;{alternatives})*' if listed else '')}')"

    @staticmethod
    def _solar_hijri(key: str) -> str:
        """The Gregorian date of a yyyymmdd Solar Hijri key, NULL when no such day exists: Nowruz of the year plus the
        day's offset (jalali.to_gregorian), each year's Nowruz and Esfand length read from the one-row calendar_lists
        (written into the SQL as literals, the lists cost more to bind than a small file takes to load)."""
        year, month, day = f"({key} // 10000)", f"({key} // 100 % 100)", f"({key} % 100)"
        index = f"({year} - {CALENDAR_YEARS[0] - 1})"
        length = f"CASE WHEN {month} <= 6 THEN 31 WHEN {month} <= 11 THEN 30 ELSE cal.esfand[{index}] END"
        offset = f"CASE WHEN {month} <= 7 THEN ({month} - 1) * 31 ELSE 186 + ({month} - 7) * 30 END + {day} - 1"
        return (
            f"CASE WHEN {year} BETWEEN {CALENDAR_YEARS[0]} AND {CALENDAR_YEARS[1]} AND {month} BETWEEN 1 AND 12 "
            f"AND {day} BETWEEN 1 AND {length} THEN (cal.nowruz[{index}] + ({offset})::INTEGER)::DATE END"
        )

    def _row_rules(self) -> list[tuple[str, str]]:
        """Rules across columns of one row: (column, message expression)."""
        table = self.spec.table
        if table == "screenings":
            return [
                (
                    "seats",
                    f"CASE WHEN t_seats IS NOT NULL AND list_contains({_literal_list(SEATLESS_FORMATS)}, t_format) THEN 'must be blank for ' || t_format || ' screenings' END",
                )
            ]
        if table in ("attendance", "releases"):
            return [("currency", "CASE WHEN t_gross IS NOT NULL AND v_currency IS NULL THEN 'is required when gross is given' END")]
        if table == "films":
            return [
                (
                    "film_id",
                    f"CASE WHEN starts_with(t_film_id, '{TITLE_KEY_PREFIX}') THEN "
                    f"'must not start with {TITLE_KEY_PREFIX} (film keys starting with {TITLE_KEY_PREFIX} stand for titles that match no film)' END",
                )
            ]
        if table == "agreements":
            return [
                (
                    "signed_date",
                    f"CASE WHEN v_signed_date IS NULL AND list_contains({_literal_list(SIGNED_STATUSES)}, t_status) THEN 'is required when status is ' || t_status END",
                ),
                (
                    "signed_date",
                    "CASE WHEN t_signed_date < t_proposed_date THEN 'is before proposed_date ' || strftime(t_proposed_date, '%Y-%m-%d') END",
                ),
                (
                    "end_date",
                    "CASE WHEN t_end_date < coalesce(t_signed_date, t_proposed_date) THEN 'is before ' || "
                    "CASE WHEN t_signed_date IS NULL THEN 'proposed_date ' ELSE 'signed_date ' END || "
                    "strftime(coalesce(t_signed_date, t_proposed_date), '%Y-%m-%d') END",
                ),
            ]
        return []

    # -- building the tables -----------------------------------------------------------------------
    def stage_sql(self, positions: dict[str, int], extras: list[tuple[str, int]]) -> str:
        """One pass over the raw text that writes the table itself: the typed columns under their final names, then
        helper columns (HELPER_PREFIX*) that say whether the row broke a check, which checks, and facts for the report.
        finish() deletes the rejected rows and drops the helpers, so no copy of the table is ever made."""
        columns = self.spec.columns
        self.positions = positions
        # Three layers, so each cell is trimmed once, and its digits read once, whatever refers to them later.
        cells = ["line"]
        digits: list[str] = []
        solar: list[str] = []
        for column in columns:
            position = positions.get(column.name)
            raw = f"c{position}" if position is not None else "NULL::VARCHAR"
            cells.append(f"nullif({_trimmed(raw)}, '') AS v_{column.name}")
            if column.kind in ("integer", "decimal", "date"):
                digits.append(f"{self._digits(f'v_{column.name}')} AS d_{column.name}")
            if column.kind == "date":
                d = f"d_{column.name}"
                solar.append(
                    f"CASE WHEN contains({d}, '/') AND regexp_full_match({d}, '[0-9]{{4}}/[0-9]{{1,2}}/[0-9]{{1,2}}') THEN "
                    f"try_cast(split_part({d}, '/', 1) AS INTEGER) * 10000 + try_cast(split_part({d}, '/', 2) AS INTEGER) * 100 "
                    f"+ try_cast(split_part({d}, '/', 3) AS INTEGER) END AS j_{column.name}"
                )
        for index in sorted(set(positions.values())):
            cells.append(f"c{index} AS raw_{index}")
        for name, position in extras:
            cells.append(f"c{position} AS {_quote('x_' + name)}")
        typed = ", ".join(f"{self._value_expr(column)} AS t_{column.name}" for column in columns)
        self.checks = [(column.name, self._error_expr(column)) for column in columns if self._error_expr(column) != "NULL"]
        self.checks += self._row_rules()
        messages = [f"{message} AS m_{index}" for index, (_, message) in enumerate(self.checks)]
        has_error = " OR ".join(f"m_{index} IS NOT NULL" for index in range(len(self.checks))) or "false"
        problems = []
        for index, (name, _) in enumerate(self.checks):
            position = positions.get(name)
            raw = f"raw_{position}" if position is not None else "NULL::VARCHAR"
            problems.append(f"{{'column': '{name}', 'value': {raw}, 'message': '{name} ' || m_{index}}}")
        outputs = [f"{_string(self.report.file)}::{self.file_type} AS source_file", "line AS source_line"]
        for column in columns:
            if column.name == "film_country":
                t = f"t_{column.name}"
                outputs.append(f"CASE WHEN len({t}) = 1 THEN {t}[1] ELSE array_to_string({t}, ';') END AS {column.name}")
                outputs.append(f"{t} AS film_countries")
            elif column.kind == "integer" and column.name == "year":
                # try_cast: DuckDB may cast before it filters out the rows rejected for a year out of range.
                outputs.append(f"try_cast(t_{column.name} AS INTEGER) AS {column.name}")
            else:
                outputs.append(f"t_{column.name} AS {column.name}")
        outputs += [f"{_quote('x_' + name)} AS {_quote(name)}" for name, _ in extras]
        helpers = [
            f"has_error AS {HELPER_PREFIX}has_error",
            f"CASE WHEN has_error THEN [{', '.join(problems)}] END AS {HELPER_PREFIX}problems"
            if problems
            else f"NULL AS {HELPER_PREFIX}problems",
        ]
        date_columns = [column.name for column in columns if column.kind == "date"]
        digit_columns = [column.name for column in columns if column.kind in ("integer", "decimal", "date")]
        for name in date_columns:
            helpers.append(
                f"CASE WHEN t_{name} IS NULL THEN NULL WHEN j_{name} IS NOT NULL THEN 'Solar Hijri YYYY/MM/DD' "
                f"WHEN contains(d_{name}, '-') THEN 'YYYY-MM-DD' ELSE 'DD.MM.YYYY' END AS {HELPER_PREFIX}format_{name}"
            )
        if digit_columns:
            helpers.append("(" + " OR ".join(f"v_{name} <> d_{name}" for name in digit_columns) + f") AS {HELPER_PREFIX}non_latin")
        return (
            f"CREATE OR REPLACE {'TEMP ' if self.temporary else ''}TABLE {self.stage} AS "
            f"WITH trimmed AS (SELECT {', '.join(cells)} FROM {self.raw}), "
            f"latin AS (SELECT trimmed.*{''.join(', ' + item for item in digits)} FROM trimmed), "
            f"cells AS (SELECT latin.*{''.join(', ' + item for item in solar)} FROM latin), "
            f"typed AS (SELECT cells.*, {typed} FROM cells{' CROSS JOIN calendar_lists AS cal' if date_columns else ''}), "
            f"checked AS (SELECT typed.*, {', '.join(messages) or 'NULL AS m_none'} FROM typed "
            "CROSS JOIN reference_codes AS ref), "
            f"flagged AS (SELECT checked.*, ({has_error}) AS has_error FROM checked) "
            f"SELECT {', '.join(outputs + helpers)} FROM flagged"
        )

    def load(self, path: Path | None) -> None:
        """Stage the file at path (None: the table has no file, an empty stage); row checks run here, per file."""
        spec = self.spec
        name = self.report.file
        raw: RawFile | None = None
        if path is None:
            self.report.status = "missing"
            if self.report.required:
                self.report.file_error = f"{name} is missing from the data folder"
                self._problem(None, None, None, self.report.file_error)
            self._empty_raw()
        else:
            try:
                stat = path.stat()
                self.report.size, self.report.modified_ns = stat.st_size, stat.st_mtime_ns
                raw = read_raw(self.con, path, self.raw)
            except OSError as error:
                self._file_error(f"{name} cannot be read: {error.strerror or error}", None, None, None)
                self._empty_raw()
            except FileError as error:
                self._file_error(f"{name} {error.message}", error.line, error.column, error.value)
                self._empty_raw()
        positions: dict[str, int] = {}
        extras: list[tuple[str, int]] = []
        if raw is not None:
            self.report.delimiter = raw.delimiter
            positions = {name: index for index, name in enumerate(raw.header)}
            missing = [name for name in spec.required_columns if name not in positions]
            if missing:
                names = ", ".join(missing)
                self._file_error(f"{name} has no column {names} (the header has: {', '.join(raw.original_header)})", 1, missing[0], None)
                self.report.rows_read = self.report.rows_rejected = raw.rows_read
                self._empty_raw()
                positions, raw = {}, None
            else:
                known = {column.name for column in spec.columns}
                for name, index in positions.items():
                    if name and name not in known:
                        safe = f"{name}_extra" if name in DERIVED_COLUMNS or name.startswith(HELPER_PREFIX) else name
                        extras.append((safe, index))
                self.report.extra_columns = [name for name, _ in extras]
        self.con.execute(self.stage_sql(positions, extras))
        # The raw text is needed only by that one pass: the problems list of a broken row holds its cells.
        self.con.execute(f"DROP VIEW IF EXISTS {self.raw}")
        self.con.execute(f"DROP TABLE IF EXISTS {self.raw}_text")
        if raw is not None:
            self.report.rows_read = raw.rows_read
            for line, found in raw.ragged:
                self._problem(line, None, None, f"has {found} fields but the header has {len(raw.header)}")
            self._collect_row_errors()
            self._describe_dates()

    def _empty_raw(self) -> None:
        columns = ", ".join(f"NULL::VARCHAR AS c{i}" for i in range(len(self.spec.columns)))
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {self.raw} AS SELECT NULL::BIGINT AS line, {columns} WHERE false")

    def _file_error(self, message: str, line: int | None, column: str | None, value: str | None) -> None:
        self.report.file_error = message
        self.report.status = "errors"
        self._problem(line, column, value, message)

    def _problem(self, line: int | None, column: str | None, value: str | None, message: str, severity: str = "error") -> None:
        self.con.execute(
            "INSERT INTO load_problems VALUES ($file, $line, $column, $value, $severity, $message)",
            {"file": self.report.file, "line": line, "column": column, "value": value, "severity": severity, "message": message},
        )

    def _collect_row_errors(self) -> None:
        """Rows with a broken cell: one problem per failed check, with the cell as the file wrote it."""
        if not self.checks:
            return
        self.con.execute(
            f"INSERT INTO load_problems SELECT $file, source_line, e.column, e.value, 'error', e.message FROM ("
            f"SELECT source_line, unnest(list_filter({HELPER_PREFIX}problems, lambda e: e.message IS NOT NULL)) AS e "
            f"FROM {self.stage} WHERE {HELPER_PREFIX}has_error)",
            {"file": self.report.file},
        )

    def _describe_dates(self) -> None:
        """Which date conventions and digit systems the file used."""
        date_columns = [column.name for column in self.spec.columns if column.kind == "date"]
        if not date_columns:
            return
        formats = " UNION ALL ".join(f"SELECT {HELPER_PREFIX}format_{name} AS label FROM {self.stage}" for name in date_columns)
        self.report.date_formats = {
            label: int(count)
            for label, count in self.con.execute(
                f"SELECT label, count(*) FROM ({formats}) WHERE label IS NOT NULL GROUP BY label ORDER BY count(*) DESC, label"
            ).fetchall()
        }
        self.report.non_latin_digits = int(
            self.con.execute(f"SELECT count(*) FILTER (WHERE {HELPER_PREFIX}non_latin) FROM {self.stage}").fetchall()[0][0]
        )


class _TableLoader:
    """One table from all its files: each file staged on its own (_PartLoader), the stages put together into
    stage_<table>, the checks across files run there (repeated ids), and finish() makes the table.

    A full load stages every file. An update (incremental: a store saved before, some files added, changed or removed)
    stages only the files in `staged`; the rows of the others stay in the table as they were, and the checks across
    files compare the staged rows with them (and with the rejected rows of those files, load_rejected_rows)."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        spec: ExportFile,
        files: list[tuple[str, Path | None]],
        required: bool,
        file_type: str | None = None,
        previous: dict[str, FileReport] | None = None,
        staged: set[str] | None = None,
    ):
        self.con = con
        self.spec = spec
        self.stage = f"stage_{spec.table}"
        self.names = [name for name, _ in files]
        self.file_type = file_type or "ENUM(" + ", ".join(_string(name) for name in self.names) + ")"
        self.paths = [path for _, path in files]
        self.update = staged is not None
        self.staged = set(self.names) if staged is None else set(staged)
        previous = previous or {}
        self.parts = [
            _PartLoader(
                con,
                spec,
                FileReport(file=name, table=spec.table, required=required) if name in self.staged else previous[name],
                index,
                self.file_type,
            )
            for index, name in enumerate(self.names)
        ]
        for part in self.parts:
            part.temporary = self.update
        present = [name for name, path in files if path is not None]
        self.totals = FileReport(file=_files_label(spec, present), table=spec.table, required=required, parts=present)
        self.dropped: set[str] = set()  # an update: the files whose old rows leave the table (removed, or staged again)
        self.has_stage = False  # combine() made stage_<table> (an update leaves the tables it does not touch without one)

    @property
    def reports(self) -> list[FileReport]:
        return [part.report for part in self.parts]

    @property
    def present(self) -> bool:
        return bool(self.totals.parts)

    @property
    def usable(self) -> bool:
        """At least one of its files could be read (rows of the others are then simply not there)."""
        return any(report.usable for report in self.reports)

    @property
    def staged_names(self) -> list[str]:
        return [name for name in self.names if name in self.staged]

    def parameters(self) -> dict[str, object]:
        """The bound parameters place_sql() and the staged-file filters refer to."""
        return {f"{self.spec.table}_files": self.names, f"{self.spec.table}_staged": self.staged_names}

    def load(self) -> None:
        """Stage the files to stage (every file, in a full load) and check them across files."""
        self.stage_files(set(self.staged))
        self.combine()

    def stage_files(self, names: set[str]) -> None:
        """Read and check these files, each into its own stage (an update adds the files its changes reach)."""
        self.staged |= set(names)
        for part, path in zip(self.parts, self.paths, strict=True):
            if part.report.file in names:
                if self.update:
                    # Its old problems go now, before it reports new ones (its old rows and rejected ids go in drop()).
                    part.report = FileReport(file=part.report.file, table=self.spec.table, required=part.report.required)
                    self.con.execute("DELETE FROM load_problems WHERE file = $file", {"file": part.report.file})
                part.load(path)

    def combine(self) -> None:
        """Put the staged files together into stage_<table> and find the ids they repeat."""
        self.has_stage = True
        staged = [(part, path) for part, path in zip(self.parts, self.paths, strict=True) if part.report.file in self.staged]
        self.con.execute(f"DROP TABLE IF EXISTS {self.stage}")
        if not staged:
            # Nothing to read again (an update): an empty stage of the table's shape, for the checks that read it.
            self.con.execute(
                f"CREATE {'TEMP ' if self.update else ''}TABLE {self.stage} AS SELECT *, false AS {HELPER_PREFIX}has_error FROM {self.spec.table} LIMIT 0"
            )
        elif len(staged) == 1:
            # The usual case, one file: its stage is the table's, with no copy.
            self.con.execute(f"ALTER TABLE {staged[0][0].stage} RENAME TO {self.stage}")
        else:
            union = " UNION ALL BY NAME ".join(f"SELECT * FROM {part.stage}" for part, _ in staged)
            self.con.execute(f"CREATE {'TEMP ' if self.update else ''}TABLE {self.stage} AS {union}")
            for part, _ in staged:
                self.con.execute(f"DROP TABLE {part.stage}")
        self._collect_duplicates()

    def place_sql(self, alias: str = "") -> str:
        """A row's place in the table: files in load order, then lines (the first row of a repeated id keeps it)."""
        prefix = f"{alias}." if alias else ""
        return f"(list_position(${self.spec.table}_files, {prefix}source_file::VARCHAR)::BIGINT * {2**40} + {prefix}source_line)"

    def key_sql(self, alias: str = "") -> str | None:
        """What makes a row unique in the table (its id, or the columns unique together), as text; None when nothing does."""
        prefix = f"{alias}." if alias else ""
        if self.spec.key:
            return f"{prefix}{self.spec.key}"
        if self.spec.unique_together:
            return "to_json({" + ", ".join(f"'{name}': {prefix}{name}" for name in self.spec.unique_together) + "})::VARCHAR"
        return None

    def ref_sql(self, alias: str = "") -> str:
        """The id of the row of another table this row names (attendance: its screening; screenings, releases: the film)."""
        prefix = f"{alias}." if alias else ""
        column = _REFERENCING.get(self.spec.table)
        return f"{prefix}{column}::VARCHAR" if column else "NULL::VARCHAR"

    def _existing_keys(self, keys: str) -> str:
        """An update: the rows of the files not staged, kept or rejected, whose key is among `keys` (a query of key)."""
        key = self.key_sql()
        if not self.update or key is None:
            return "SELECT NULL::VARCHAR AS key, NULL::VARCHAR AS source_file, NULL::BIGINT AS source_line WHERE false"
        return (
            f"SELECT {key} AS key, source_file::VARCHAR AS source_file, source_line FROM {self.spec.table} "
            f"WHERE {key} IN ({keys}) "
            "UNION ALL SELECT row_key, source_file, source_line FROM load_rejected_rows "
            f"WHERE table_name = $table AND row_key IN ({keys})"
        )

    def _collect_duplicates(self) -> None:
        # One aggregate finds the repeated keys; only their rows are then joined back, so a table without repeats costs one pass.
        key = self.key_sql()
        if key is None:
            return
        spec = self.spec
        column = spec.key or spec.unique_together[-1]
        value = f"s.{column}::VARCHAR"
        if spec.key:
            message = f"'{spec.key} ' || s.key || ' repeats the id first used ' || "
        else:
            described = " || ', ' || ".join(f"coalesce(s.{name}::VARCHAR, 'all')" for name in spec.unique_together)
            message = f"'repeats the row for (' || {described} || ') first given ' || "
        repeated_in = "CASE WHEN s.source_file = r.first_file THEN '' ELSE 'in ' || r.first_file || ' ' END || 'on line ' || r.first_line"
        # A row rejected for another reason still keeps its id (the contract: "the first row keeps it"); a targets row
        # rejected for another reason does not take part (the rows compared are the ones that would load).
        eligible = "" if spec.key else f"AND NOT {HELPER_PREFIX}has_error"
        columns = ", ".join(f"{name}" for name in dict.fromkeys([column, *spec.unique_together]))
        _execute(
            self.con,
            f"INSERT INTO load_problems WITH staged AS (SELECT {key} AS key, source_file::VARCHAR AS source_file, source_line, {columns} "
            f"FROM {self.stage} WHERE {key} IS NOT NULL {eligible}), "
            f"existing AS ({self._existing_keys('SELECT key FROM staged')}), "
            "candidates AS (SELECT key, source_file, source_line, true AS is_staged FROM staged "
            "UNION ALL SELECT key, source_file, source_line, false FROM existing), "
            "repeated AS (SELECT key FROM candidates GROUP BY key HAVING count(*) > 1), "
            f"placed AS (SELECT *, {self.place_sql()} AS place FROM candidates SEMI JOIN repeated USING (key)), "
            "firsts AS (SELECT key, min(place) AS first_place, arg_min(source_file, place) AS first_file, "
            "arg_min(source_line, place) AS first_line FROM placed GROUP BY key) "
            f"SELECT s.source_file, s.source_line, $column, {value}, 'error', {message}{repeated_in} "
            "FROM placed AS p JOIN staged AS s ON p.key = s.key AND p.source_file = s.source_file AND p.source_line = s.source_line "
            "JOIN firsts AS r ON s.key = r.key WHERE p.is_staged AND p.place > r.first_place ORDER BY p.place",
            {"column": column, "table": spec.table, **self.parameters()},
        )

    def rejected_sql(self) -> str:
        """The (source_file, source_line) of the staged rows rejected so far, source_file typed as in the table."""
        return (
            f"SELECT DISTINCT try_cast(file AS {self.file_type}) AS source_file, line AS source_line FROM load_problems "
            f"WHERE severity = 'error' AND line IS NOT NULL AND list_contains(${self.spec.table}_staged, file)"
        )

    def kept_sql(self) -> str:
        """The staged rows not rejected so far (a query, for checks that run before the table is finished)."""
        return f"(SELECT s.* FROM {self.stage} AS s ANTI JOIN ({self.rejected_sql()}) AS r USING (source_file, source_line))"

    def drop(self, names: set[str]) -> None:
        """An update: take the old rows of these files out of the table, with their rejected rows, and every problem found
        in the files that are gone (those staged again said theirs anew when staged)."""
        names = set(names)
        self.dropped |= names
        if not names:
            return
        listed = {"names": sorted(names), "table": self.spec.table}
        self.con.execute(f"DELETE FROM {self.spec.table} WHERE list_contains($names, source_file::VARCHAR)", {"names": sorted(names)})
        self.con.execute("DELETE FROM load_rejected_rows WHERE table_name = $table AND list_contains($names, source_file)", listed)
        self.con.execute("DELETE FROM load_problems WHERE list_contains($names, file)", {"names": sorted(names - self.staged)})

    def finish(self) -> None:
        """Delete the rejected rows (keeping their ids in load_rejected_rows), drop the helper columns, and give the
        stage the table's name (a full load) or append it to the table (an update)."""
        table = self.spec.table
        parameters = self.parameters()
        rejected = _execute(self.con, f"SELECT count(*) FROM ({self.rejected_sql()})", parameters).fetchall()[0][0]
        if rejected:
            key = self.key_sql("s") or "NULL::VARCHAR"
            _execute(
                self.con,
                f"INSERT INTO load_rejected_rows SELECT $table, s.source_file::VARCHAR, s.source_line, {key}, {self.ref_sql('s')} "
                f"FROM {self.stage} AS s SEMI JOIN ({self.rejected_sql()}) AS r USING (source_file, source_line)",
                {"table": table, **parameters},
            )
            _execute(
                self.con,
                f"DELETE FROM {self.stage} AS s USING ({self.rejected_sql()}) AS r "
                "WHERE s.source_file = r.source_file AND s.source_line = r.source_line",
                parameters,
            )
        if not self.update:
            for name in _columns(self.con, self.stage, HELPER_PREFIX):
                self.con.execute(f"ALTER TABLE {self.stage} DROP COLUMN {_quote(name)}")
            self.con.execute(f"DROP TABLE IF EXISTS {table}")
            self.con.execute(f"ALTER TABLE {self.stage} RENAME TO {table}")
            return
        # The table's columns follow its files: an extra column no file has any more goes, a new one is added.
        base = {"source_file", "source_line", *(column.name for column in self.spec.columns)}
        if "film_country" in base:
            base.add("film_countries")
        wanted = base | {name for report in self.reports for name in report.extra_columns}
        have = _columns(self.con, table)
        staged = [name for name in _columns(self.con, self.stage) if name in wanted]
        for name in staged:
            if name not in have:
                self.con.execute(f"ALTER TABLE {table} ADD COLUMN {_quote(name)} VARCHAR")
        for name in have:
            if name not in wanted:
                self.con.execute(f"ALTER TABLE {table} DROP COLUMN {_quote(name)}")
        self.con.execute(
            f"INSERT INTO {table} ({', '.join(map(_quote, staged))}) SELECT {', '.join(map(_quote, staged))} FROM {self.stage}"
        )
        self.con.execute(f"DROP TABLE {self.stage}")


def _columns(con: duckdb.DuckDBPyConnection, table: str, prefix: str = "") -> list[str]:
    """The columns of a table of the current database, in order (those starting with prefix when given)."""
    return [
        row[0]
        for row in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name IN (current_database(), 'temp') AND schema_name = 'main' "
            "AND table_name = $table AND starts_with(column_name, $prefix) ORDER BY column_index",
            {"table": table, "prefix": prefix},
        ).fetchall()
    ]


def _files_label(spec: ExportFile, present: list[str]) -> str:
    """How a table's files are named in one phrase: screenings.csv, screenings/*.csv, or screenings.csv + screenings/*.csv."""
    names = []
    if spec.file in present:
        names.append(spec.file)
    if any(name != spec.file for name in present):
        names.append(f"{spec.folder}/*.csv")
    return " + ".join(names) or spec.file


def _string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _trimmed(expr: str) -> str:
    # trim() copies every cell; a cell of plain ASCII (byte length = character length) that neither starts nor ends
    # with a space is already trimmed. Any other cell goes through trim(), which removes Unicode space separators too.
    return f"CASE WHEN strlen({expr}) = length({expr}) AND NOT prefix({expr}, ' ') AND NOT suffix({expr}, ' ') THEN {expr} ELSE trim({expr}) END"


# What a reference to another table is called in messages: (id column, the thing it names, the file it names it in).
_REFERENCES = {"screening_id": ("screening", SCREENINGS.file), "film_id": ("film", FILMS.file)}
# The column with which a table's rows name a row of another table.
_REFERENCING = {"attendance": "screening_id", "screenings": "film_id", "releases": "film_id"}


def _references(con: duckdb.DuckDBPyConnection, child: _TableLoader, parent: _TableLoader, column: str) -> None:
    """Rows of child whose `column` names no kept row of parent are rejected too, saying why: the parent row was
    rejected (naming its file and line), there is no such row, or the parent's files could not be read at all.

    Runs before either table is finished: the parent rows kept are its staged rows without an error so far, and in an
    update also the rows its files not staged again keep in the table (their rejected rows are in load_rejected_rows)."""
    noun, parent_file = _REFERENCES[column]
    # With files that all failed, nothing can be matched; with no file at all, there is simply no such row.
    unreadable = parent.present and not parent.usable
    named = f"SELECT {column} FROM {child.stage}"
    kept_parts, rejected_parts = [], []
    if parent.has_stage:
        kept_parts.append(f"SELECT {column} FROM {parent.kept_sql()}")
        rejected_parts.append(f"SELECT {column}, source_file::VARCHAR AS source_file, source_line FROM {parent.stage}")
    if parent.update:
        kept_parts.append(f"SELECT {column} FROM {parent.spec.table} WHERE {column} IN ({named})")
        rejected_parts.append(
            f"SELECT row_key AS {column}, source_file, source_line FROM load_rejected_rows "
            f"WHERE table_name = $parent_table AND row_key IN ({named})"
        )
    kept = " UNION ALL ".join(kept_parts)
    rejected = " UNION ALL ".join(rejected_parts)
    _execute(
        con,
        "INSERT INTO load_problems "
        f"WITH kept AS ({kept}), "
        f"orphans AS (SELECT c.source_file, c.source_line, c.{column} FROM {child.stage} AS c ANTI JOIN kept AS k ON k.{column} = c.{column} "
        f"WHERE c.{column} IS NOT NULL AND NOT c.{HELPER_PREFIX}has_error), "
        f"parent_rows AS ({rejected}), "
        f"firsts AS (SELECT {column}, arg_min(source_file, {parent.place_sql()}) AS file, arg_min(source_line, {parent.place_sql()}) AS line "
        f"FROM parent_rows WHERE {column} IN (SELECT {column} FROM orphans) GROUP BY ALL) "
        f"SELECT o.source_file::VARCHAR, o.source_line, $column, o.{column}, 'error', "
        f"CASE WHEN $unreadable THEN $column || ' ' || o.{column} || ' cannot be matched: {parent_file} could not be loaded' "
        f"WHEN f.line IS NOT NULL THEN $column || ' ' || o.{column} || ' names a {noun} that was rejected (' || f.file || ' line ' || f.line || ')' "
        f"ELSE $column || ' ' || o.{column} || ' names no {noun} in {parent_file}' END "
        f"FROM orphans AS o LEFT JOIN firsts AS f USING ({column}) ORDER BY {child.place_sql('o')}",
        {"column": column, "unreadable": unreadable, "parent_table": parent.spec.table, **child.parameters(), **parent.parameters()},
    )


# The warnings found on the screening rows (their admissions against their seats and their attendance rows): a full
# load finds them on every row, an update on the rows whose facts it made again (`scope`, a condition on screening_facts).
def _screening_warnings(con: duckdb.DuckDBPyConnection, attendance_usable: bool, scope: str = "true") -> None:
    con.execute(
        "INSERT INTO load_problems SELECT source_file::VARCHAR, source_line, 'seats', seats::VARCHAR, 'warning', "
        "'admissions ' || admissions || ' are above the ' || seats || ' seats of this screening' "
        f"FROM screening_facts WHERE seats IS NOT NULL AND admissions > seats AND {scope}"
    )
    if attendance_usable:
        con.execute(
            "INSERT INTO load_problems SELECT source_file::VARCHAR, source_line, 'screening_id', screening_id, 'warning', "
            "'screening ' || screening_id || ' has no attendance rows in attendance.csv' "
            f"FROM screening_facts WHERE attendance_rows = 0 AND {scope}"
        )


def _warnings(con: duckdb.DuckDBPyConnection, attendance_usable: bool, as_of: dt.date) -> None:
    _screening_warnings(con, attendance_usable)
    con.execute(f"INSERT INTO load_problems {overdue_sql('agreements')}", {"as_of": as_of})
    _title_problems(con)


def _title_problems(con: duckdb.DuckDBPyConnection) -> None:
    """Exported titles that match no film of films.csv (information) or several films (a warning naming them), once per
    file and title, on the first line that carries it. Only when films.csv holds films: without it there is nothing to match."""
    con.execute(
        "INSERT INTO load_problems SELECT u.source_file, u.first_line, 'film_title', u.film_title, "
        "CASE WHEN len(m.film_ids) = 0 THEN 'info' ELSE 'warning' END, "
        "CASE WHEN len(m.film_ids) = 0 THEN 'film_title matches no film in films.csv (rows with this title: ' || u.row_count || ')' "
        "ELSE 'film_title matches ' || len(m.film_ids) || ' films: ' || m.films_named END "
        "FROM film_title_uses AS u JOIN film_title_matches AS m USING (film_title) "
        "WHERE len(m.film_ids) <> 1 AND EXISTS (SELECT 1 FROM films) ORDER BY u.source_file, u.first_line"
    )


def overdue_sql(table: str, catalog: str | None = None) -> str:
    """The warnings for agreements past their end_date on $as_of while still open (the only warnings that depend on the
    day), by the macro agreement_is_overdue of core_views.sql (in `catalog` when the database is attached, not in use)."""
    macro = f"{catalog}.main.agreement_is_overdue" if catalog else "agreement_is_overdue"
    return (
        "SELECT source_file::VARCHAR, source_line, 'end_date', strftime(end_date, '%Y-%m-%d'), 'warning', "
        "'end_date ' || strftime(end_date, '%Y-%m-%d') || ' has passed but the status is still ' || status "
        f"FROM {table} WHERE {macro}(end_date, status, $as_of)"
    )


def problems_sql(table: str) -> str:
    """Every recorded problem in report order: by file, line, severity, column and message (so a load that found them in
    another order, an update, lists them the same way)."""
    return (
        f"SELECT file, line, column_name, value, severity, message FROM {table} "
        "ORDER BY file, line NULLS FIRST, severity, column_name, message, rowid"
    )


def _load_reference(con: duckdb.DuckDBPyConnection, reference: Path) -> None:
    con.execute(
        "CREATE OR REPLACE TABLE countries AS SELECT upper(trim(code)) AS code, name_en, name_fa, name_ru, "
        "list_filter(string_split(coalesce(groups, ''), ';'), lambda g: g <> '') AS groups, lat::DOUBLE AS lat, lon::DOUBLE AS lon "
        "FROM read_csv($path, header = true, all_varchar = true)",
        {"path": str(reference / "countries.csv")},
    )
    _reference_helpers(con)
    cities = reference / "cities.csv"
    if cities.is_file():
        con.execute(
            "CREATE OR REPLACE TABLE cities AS SELECT trim(city) AS city, upper(trim(country)) AS country, lat::DOUBLE AS lat, lon::DOUBLE AS lon "
            "FROM read_csv($path, header = true, all_varchar = true)",
            {"path": str(cities)},
        )
    else:
        con.execute("CREATE OR REPLACE TABLE cities (city VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE)")
    # Optional: programme names in Persian and Russian; a programme not listed keeps its name as exported.
    programs = reference / "programs.csv"
    if programs.is_file():
        con.execute(
            "CREATE OR REPLACE TABLE program_names AS SELECT trim(program) AS program, nullif(trim(name_fa), '') AS name_fa, "
            "nullif(trim(name_ru), '') AS name_ru FROM read_csv($path, header = true, all_varchar = true) WHERE nullif(trim(program), '') IS NOT NULL",
            {"path": str(programs)},
        )
    else:
        con.execute("CREATE OR REPLACE TABLE program_names (program VARCHAR, name_fa VARCHAR, name_ru VARCHAR)")


def _reference_helpers(con: duckdb.DuckDBPyConnection) -> None:
    """The country codes as the checks read them (temporary: a load's working tables, never saved)."""
    con.execute("CREATE OR REPLACE TEMP TABLE reference_codes AS SELECT list(code ORDER BY code) AS codes FROM countries")
    con.execute("CREATE OR REPLACE TEMP TABLE reference_code_set AS SELECT DISTINCT code FROM countries WHERE code IS NOT NULL")


def _calendar_years(con: duckdb.DuckDBPyConnection) -> None:
    first_year, last_year = CALENDAR_YEARS
    years = [(year, jalali.nowruz(year), 366 if jalali.is_leap(year) else 365) for year in range(first_year, last_year + 1)]
    con.execute("CREATE OR REPLACE TEMP TABLE calendar_years (jyear INTEGER, nowruz DATE, days INTEGER)")
    con.executemany("INSERT INTO calendar_years VALUES (?, ?, ?)", years)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE calendar_lists AS "
        "SELECT list(nowruz ORDER BY jyear) AS nowruz, list(days - 336 ORDER BY jyear) AS esfand FROM calendar_years"
    )


def _load_calendar(con: duckdb.DuckDBPyConnection) -> None:
    """Every day of the Solar Hijri years CALENDAR_YEARS: Python works out each year's Nowruz and length (the 33-year
    cycle arithmetic), DuckDB expands the days (six months of 31 days, five of 30, Esfand of 29 or 30). The years'
    Nowruz and Esfand lengths also go into the one-row calendar_lists, which the loader reads Solar Hijri dates with."""
    _calendar_years(con)
    con.execute(
        "CREATE OR REPLACE TABLE jalali_calendar AS "
        "WITH days AS (SELECT jyear, (nowruz + day_offset::INTEGER)::DATE AS gregorian, day_offset::INTEGER AS day_offset "
        "FROM calendar_years, range(days) AS offsets(day_offset)), "
        "parts AS (SELECT gregorian, jyear, "
        "CASE WHEN day_offset < 186 THEN day_offset // 31 + 1 ELSE (day_offset - 186) // 30 + 7 END::INTEGER AS jmonth, "
        "CASE WHEN day_offset < 186 THEN day_offset % 31 + 1 ELSE (day_offset - 186) % 30 + 1 END::INTEGER AS jday FROM days) "
        "SELECT gregorian, jyear, jmonth, jday, jyear * 10000 + jmonth * 100 + jday AS jkey FROM parts ORDER BY gregorian"
    )
    con.execute("DROP TABLE calendar_years")


def find_file(folder: Path, name: str) -> Path | None:
    """The export named `name` in folder, matching the file name case-insensitively; name may be a part (screenings/x.csv)."""
    if "/" in name:
        directory, _, base = name.rpartition("/")
        found = _find_directory(folder, directory)
        return find_file(found, base) if found is not None else None
    exact = folder / name
    if exact.is_file():
        return exact
    if folder.is_dir():
        for candidate in folder.iterdir():
            if candidate.name.lower() == name.lower() and candidate.is_file():
                return candidate
    return None


def _find_directory(folder: Path, name: str) -> Path | None:
    exact = folder / name
    if exact.is_dir():
        return exact
    if folder.is_dir():
        for candidate in folder.iterdir():
            if candidate.name.lower() == name.lower() and candidate.is_dir():
                return candidate
    return None


def find_parts(folder: Path, spec: ExportFile) -> list[tuple[str, Path]]:
    """A table's files in load order, as (name in reports, path): <table>.csv, then <table>/*.csv by file name.

    Hidden files and office lock files (starting with . or ~) in the folder are not parts."""
    parts: list[tuple[str, Path]] = []
    single = find_file(folder, spec.file)
    if single is not None:
        parts.append((spec.file, single))
    directory = _find_directory(folder, spec.folder)
    if directory is not None:
        for path in sorted(directory.iterdir(), key=lambda candidate: candidate.name):
            if path.suffix.lower() == ".csv" and not path.name.startswith((".", "~")) and path.is_file():
                parts.append((f"{spec.folder}/{path.name}", path))
    return parts


def load(con: duckdb.DuckDBPyConnection, data_dir: Path, as_of: dt.date | None = None) -> LoadReport:
    """Load every table of data_dir into con, each from its file and/or parts; tables without a usable file are created empty."""
    started = dt.datetime.now()
    as_of = as_of or dt.date.today()
    reference = paths.reference_dir(data_dir)
    con.execute(
        "CREATE OR REPLACE TABLE load_problems (file VARCHAR, line BIGINT, column_name VARCHAR, value VARCHAR, severity VARCHAR, message VARCHAR)"
    )
    con.execute(
        "CREATE OR REPLACE TABLE load_rejected_rows (table_name VARCHAR, source_file VARCHAR, source_line BIGINT, row_key VARCHAR, row_ref VARCHAR)"
    )
    _load_reference(con, reference)
    _load_calendar(con)
    found = {spec.table: find_parts(data_dir, spec) for spec in EXPORT_FILES}
    # An import's output (releases, films) is a valid folder on its own: screenings, attendance and agreements may then be missing.
    with_releases = bool(found[RELEASES.table])
    # In a store file a table's file names are text (compressed there to about a byte a row), so a later update can add
    # a file; held in memory, an ENUM of the table's file names keeps them to a byte a row.
    file_type = "VARCHAR" if _persistent(con) else None
    tables: dict[str, _TableLoader] = {}
    for spec in EXPORT_FILES:
        required = spec.required and not (with_releases and spec.table in NOT_REQUIRED_WITH_RELEASES)
        files: list[tuple[str, Path | None]] = list(found[spec.table]) or [(spec.file, None)]
        tables[spec.table] = _TableLoader(con, spec, files, required, file_type)
        tables[spec.table].load()
    _check_references(con, tables)
    for table in tables.values():
        table.finish()
    con.execute(CORE_SQL.read_text(encoding="utf-8"))
    _warnings(con, tables[ATTENDANCE.table].usable, as_of)
    _count(con, list(tables.values()))
    return _report(con, data_dir, reference, tables, started)


def _check_references(con: duckdb.DuckDBPyConnection, tables: dict[str, _TableLoader]) -> None:
    # References in dependency order: a screening rejected for its film_id takes its attendance rows with it. Only the
    # staged rows are checked (an update checks the tables it touched).
    for child, parent, column in (
        (SCREENINGS.table, FILMS.table, "film_id"),
        (RELEASES.table, FILMS.table, "film_id"),
        (ATTENDANCE.table, SCREENINGS.table, "screening_id"),
    ):
        if tables[child].has_stage:
            _references(con, tables[child], tables[parent], column)


def _report(
    con: duckdb.DuckDBPyConnection, data_dir: Path, reference: Path, tables: dict[str, _TableLoader], started: dt.datetime
) -> LoadReport:
    problems = [Problem(*row) for row in con.execute(problems_sql("load_problems")).fetchall()]
    files = [report for table in tables.values() for report in table.reports]
    totals = [table.totals for table in tables.values()]
    return LoadReport(data_dir, reference, files, problems, started, (dt.datetime.now() - started).total_seconds(), totals)


def _persistent(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the current database is a file (a store being built), not memory."""
    rows = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    return bool(rows and rows[0][0])


# The tables an update may take part by part; films change every row's film, so a changed films file means a full load.
_PART_BY_PART = ("screenings", "attendance", "agreements", "releases")
# The pre-aggregated tables of core_views.sql, each materialised from the table macro <name>_of(...) over the screening
# facts (and, for WITH_ATTENDANCE, their ticket rows); an update remakes the rows of the days it touches.
AGGREGATES = (
    "screening_day_facts",
    "film_day_facts",
    "venue_day_facts",
    "occupancy_band_day_facts",
    "gross_day_facts",
    "source_day_facts",
)
# The pre-aggregated tables summed over the ticket rows as well as the screenings.
WITH_ATTENDANCE = ("gross_day_facts", "source_day_facts")
# The small tables core_views.sql makes whole, again after an update that can change them.
_REMADE_ON_UPDATE = ("film_title_matches", "film_identities")
_REMADE_WITH_RELEASES = ("release_facts", "host_market_facts")


class FullLoadNeeded(Exception):
    """An update cannot give what a full load of the folder gives; the message says why."""


def changed_files(previous: LoadReport, data_dir: Path) -> dict[str, tuple[set[str], set[str]]]:
    """Per table, the files to read again (added, or changed in size or modification time) and the files gone, against
    the load the previous report describes. Raises FullLoadNeeded when a part-by-part update cannot follow the change."""
    found = {spec.table: find_parts(data_dir, spec) for spec in EXPORT_FILES}
    with_releases = bool(found[RELEASES.table])
    before = {report.file: report for report in previous.files}
    changes: dict[str, tuple[set[str], set[str]]] = {}
    for spec in EXPORT_FILES:
        required = spec.required and not (with_releases and spec.table in NOT_REQUIRED_WITH_RELEASES)
        try:
            totals = previous.table(spec.table)
        except KeyError as error:
            raise FullLoadNeeded(f"the last load has no {spec.table} table") from error
        if totals.required != required:
            raise FullLoadNeeded(f"{spec.table} became {'required' if required else 'optional'}")
        now = {name: path for name, path in found[spec.table]}
        if bool(now) != bool(totals.parts):
            raise FullLoadNeeded(f"{spec.table} {'appeared' if now else 'has no file any more'}")
        read_again = set()
        for name, path in now.items():
            old = before.get(name)
            stat = path.stat()
            if old is None or old.status == "missing" or (old.size, old.modified_ns) != (stat.st_size, stat.st_mtime_ns):
                read_again.add(name)
        gone = set(totals.parts) - set(now)
        if (read_again or gone) and spec.table not in _PART_BY_PART:
            if spec.table == FILMS.table:
                raise FullLoadNeeded("films changed: every row's film may change")
            read_again, gone = set(now), set(totals.parts)
        changes[spec.table] = (read_again, gone)
    return changes


def update(con: duckdb.DuckDBPyConnection, data_dir: Path, previous: LoadReport, as_of: dt.date | None = None) -> LoadReport:
    """Bring a loaded database (a copy of a store, its current database) up to the folder as it is now, reading again only
    the files that changed and the ones whose rows a change reaches (the same id in another file, attendance of a changed
    screening). Gives exactly what load() of the folder would give; raises FullLoadNeeded when it cannot."""
    started = dt.datetime.now()
    as_of = as_of or dt.date.today()
    reference = paths.reference_dir(data_dir)
    changes = changed_files(previous, data_dir)
    _reference_helpers(con)
    _calendar_years(con)
    found = {spec.table: find_parts(data_dir, spec) for spec in EXPORT_FILES}
    before = {report.file: report for report in previous.files}
    tables: dict[str, _TableLoader] = {}
    for spec in EXPORT_FILES:
        totals = previous.table(spec.table)
        files: list[tuple[str, Path | None]] = list(found[spec.table]) or [(spec.file, None)]
        read_again, _ = changes[spec.table]
        tables[spec.table] = _TableLoader(con, spec, files, totals.required, "VARCHAR", before, read_again)
        tables[spec.table].stage_files(read_again)
    # The files a change reaches: an id of a staged or dropped row found in another file (its first row may move), and
    # attendance naming such a screening (it may now name one, or no longer).
    changed_ids: dict[str, str] = {}
    for name in ("screenings", "agreements", "releases"):
        table = tables[name]
        read_again, gone = changes[name]
        if read_again or gone:
            changed_ids[name] = _changed_keys(con, table, read_again | gone)
            table.stage_files(_reached(con, table, changed_ids[name], "key", read_again | gone))
    attendance = tables[ATTENDANCE.table]
    read_again, gone = changes[ATTENDANCE.table]
    if "screenings" in changed_ids:
        attendance.stage_files(_reached(con, attendance, changed_ids["screenings"], "ref", read_again | gone))
    for name in (SCREENINGS.table, ATTENDANCE.table, FILMS.table):
        if tables[name].usable != previous.table(name).usable:
            raise FullLoadNeeded(f"{name} {'became' if tables[name].usable else 'is no longer'} usable")
    # What the facts of the screenings need again: the screenings named by attendance rows about to be dropped.
    dropped_attendance = sorted(attendance.staged | changes[ATTENDANCE.table][1])
    con.execute(
        "CREATE OR REPLACE TEMP TABLE update_named_screenings AS SELECT DISTINCT screening_id FROM attendance "
        "WHERE list_contains($names, source_file::VARCHAR)",
        {"names": dropped_attendance},
    )
    # From here on the store's tables change: in one transaction, so its file is written once (at the checkpoint that
    # publishes it) rather than at every statement. The files were staged before it, in memory, where a table's row
    # numbers (the lines) are its own.
    con.execute("BEGIN TRANSACTION")
    for spec in EXPORT_FILES:
        tables[spec.table].drop(tables[spec.table].staged | changes[spec.table][1])
    # Only the tables the update touched are checked and finished; the others stay as they were.
    touched = [table for table in tables.values() if table.staged or table.dropped]
    for table in touched:
        table.combine()
    _check_references(con, tables)
    for table in touched:
        table.finish()
    titled = _update_derived(con, tables, changes)
    con.execute("DELETE FROM load_problems WHERE severity = 'warning' AND column_name = 'end_date'")
    con.execute(f"INSERT INTO load_problems {overdue_sql('agreements')}", {"as_of": as_of})
    if titled:
        con.execute("DELETE FROM load_problems WHERE column_name = 'film_title' AND severity IN ('info', 'warning')")
        _title_problems(con)
    _count(con, list(tables.values()), only={name: table.staged for name, table in tables.items()})
    report = _report(con, data_dir, reference, tables, started)
    con.execute("COMMIT")
    return report


def _changed_keys(con: duckdb.DuckDBPyConnection, table: _TableLoader, files: set[str]) -> str:
    """A temporary table of the ids a change touches: those of the staged rows and of the rows of the files going."""
    name = f"update_keys_{table.spec.table}"
    key = table.key_sql()
    staged = [part.stage for part in table.parts if part.report.file in table.staged]
    sources = [f"SELECT {key} AS key FROM {stage}" for stage in staged]
    sources.append(f"SELECT {key} AS key FROM {table.spec.table} WHERE list_contains($files, source_file::VARCHAR)")
    sources.append("SELECT row_key AS key FROM load_rejected_rows WHERE table_name = $table AND list_contains($files, source_file)")
    _execute(
        con,
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT DISTINCT key FROM ({' UNION ALL '.join(sources)}) WHERE key IS NOT NULL",
        {"files": sorted(files), "table": table.spec.table},
    )
    return name


def _reached(con: duckdb.DuckDBPyConnection, table: _TableLoader, keys: str, kind: str, changing: set[str]) -> set[str]:
    """The files of table, other than those changing, with a row (kept or rejected) whose key (kind "key") or whose
    reference (kind "ref") is among the ids of the temporary table `keys`."""
    column = table.key_sql() if kind == "key" else table.ref_sql()
    rejected = "row_key" if kind == "key" else "row_ref"
    rows = _execute(
        con,
        f"SELECT DISTINCT source_file::VARCHAR FROM {table.spec.table} WHERE {column} IN (SELECT key FROM {keys}) "
        f"UNION SELECT DISTINCT source_file FROM load_rejected_rows WHERE table_name = $table AND {rejected} IN (SELECT key FROM {keys})",
        {"table": table.spec.table},
    ).fetchall()
    return {row[0] for row in rows if row[0] in table.names and row[0] not in changing}


def _update_derived(con: duckdb.DuckDBPyConnection, tables: dict[str, _TableLoader], changes: dict[str, tuple[set[str], set[str]]]) -> bool:
    """The tables core_views.sql derives, made again where the update reached them: the facts of the screenings it
    touched, the days they fall on in every pre-aggregated table, the titles of the files it read, the small tables whole.
    True when the titles were made again (their problems then too)."""
    screenings, attendance, releases = tables[SCREENINGS.table], tables[ATTENDANCE.table], tables[RELEASES.table]
    statements = _core_statements(con)
    parameters = {
        "screening_files": sorted(screenings.staged),
        "screenings_dropped": sorted(screenings.dropped),
        "attendance_files": sorted(attendance.staged),
        "release_files": sorted(releases.staged),
        "releases_dropped": sorted(releases.dropped),
        "files": sorted({name for table in tables.values() for name in table.staged}),
        "dropped": sorted({name for table in tables.values() for name in table.dropped | table.staged}),
    }
    run = functools.partial(_execute, con)
    if releases.staged or releases.dropped:
        for name in _REMADE_WITH_RELEASES:
            con.execute(statements[name])
    titled = screenings.staged or screenings.dropped or releases.staged or releases.dropped
    facts_touched = screenings.staged or screenings.dropped or attendance.staged or attendance.dropped
    if titled:
        _update_titles(con, statements, parameters)
        con.execute(statements["film_identities"])
    if facts_touched:
        _update_facts(con, parameters, attendance.usable)
    run("DELETE FROM source_facts WHERE list_contains($dropped, source_file)", parameters)
    run("INSERT INTO source_facts BY NAME SELECT * FROM source_facts_rows() WHERE list_contains($files, source_file)", parameters)
    return bool(titled)


def _update_titles(con: duckdb.DuckDBPyConnection, statements: dict[str, str], parameters: dict[str, object]) -> None:
    """The exported titles of the files read again, and the matches of every title (few: one row per distinct title)."""
    run = functools.partial(_execute, con)
    run(
        "DELETE FROM film_title_uses WHERE (table_name = 'screenings' AND list_contains($screenings_dropped, source_file)) "
        "OR (table_name = 'releases' AND list_contains($releases_dropped, source_file))",
        parameters,
    )
    run(
        "INSERT INTO film_title_uses BY NAME SELECT * FROM film_title_uses_rows() "
        "WHERE (table_name = 'screenings' AND list_contains($screening_files, source_file)) "
        "OR (table_name = 'releases' AND list_contains($release_files, source_file))",
        parameters,
    )
    con.execute(statements["film_title_matches"])


def _update_facts(con: duckdb.DuckDBPyConnection, parameters: dict[str, object], attendance_usable: bool) -> None:
    """The facts of the screenings an update touched, their warnings, and every pre-aggregated row of their days."""
    run = functools.partial(_execute, con)
    # The screenings whose facts change: the staged ones, and those whose attendance rows were dropped or staged.
    run(
        "CREATE OR REPLACE TEMP TABLE update_screenings AS SELECT screening_id FROM screenings "
        "WHERE list_contains($screening_files, source_file::VARCHAR) "
        "UNION SELECT screening_id FROM update_named_screenings "
        "UNION SELECT screening_id FROM attendance WHERE list_contains($attendance_files, source_file::VARCHAR)",
        parameters,
    )
    # Two conditions, each on its own, so each can skip the row groups it does not need (files are stored together, and
    # a month's screening ids are close together).
    facts = ("list_contains($screenings_dropped, source_file::VARCHAR)", "screening_id IN (SELECT screening_id FROM update_screenings)")
    run(
        "CREATE OR REPLACE TEMP TABLE update_old_facts AS "
        + " UNION ".join(
            f"SELECT source_file::VARCHAR AS source_file, source_line, screening_date FROM screening_facts WHERE {where}" for where in facts
        ),
        parameters,
    )
    for where in facts:
        run(f"DELETE FROM screening_facts WHERE {where}", parameters)
    _follow_columns(con, "screening_facts", "screenings")
    # Each set of rows taken out on its own first: a plain semi join skips the row groups whose ids lie elsewhere.
    for name, table in (("update_screening_rows", "screenings"), ("update_attendance_rows", "attendance")):
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {table} WHERE screening_id IN (SELECT screening_id FROM update_screenings)"
        )
    con.execute("INSERT INTO screening_facts BY NAME SELECT * FROM screening_facts_of('update_screening_rows', 'update_attendance_rows')")
    # The warnings on those screening rows, found again.
    con.execute(
        "DELETE FROM load_problems WHERE severity = 'warning' AND column_name IN ('seats', 'screening_id') "
        "AND (file, line) IN (SELECT source_file, source_line FROM update_old_facts)"
    )
    _screening_warnings(con, attendance_usable, "screening_id IN (SELECT screening_id FROM update_screenings)")
    # Every pre-aggregated row of the days those screenings were and are on.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE update_days AS SELECT screening_date FROM update_old_facts "
        "UNION SELECT screening_date FROM screening_facts WHERE screening_id IN (SELECT screening_id FROM update_screenings)"
    )
    first, last = con.execute("SELECT min(screening_date), max(screening_date) FROM update_days").fetchall()[0]
    # The facts of those days (every screening on them, touched or not) and their attendance rows, taken out once.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE update_day_facts AS SELECT * FROM screening_facts WHERE screening_date BETWEEN $first AND $last "
        "AND screening_date IN (SELECT screening_date FROM update_days)",
        {"first": first, "last": last},
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE update_day_attendance AS SELECT * FROM attendance "
        "WHERE screening_id IN (SELECT screening_id FROM update_day_facts)"
    )
    for name in AGGREGATES:
        con.execute(f"DELETE FROM {name} WHERE screening_date IN (SELECT screening_date FROM update_days)")
        sources = "'update_day_facts', 'update_day_attendance'" if name in WITH_ATTENDANCE else "'update_day_facts'"
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM {name}_of({sources})")


def _follow_columns(con: duckdb.DuckDBPyConnection, derived: str, table: str) -> None:
    """Give a derived table the extra columns its table gained in an update, and drop those it lost."""
    source = set(_columns(con, table))
    have = _columns(con, derived)
    for name in _columns(con, table):
        if name not in have:
            con.execute(f"ALTER TABLE {derived} ADD COLUMN {_quote(name)} VARCHAR")
    added = {"film_key", "film_match", "admissions", "attendance_rows", "year", "month", "jyear", "jmonth", "jmonth_start"}
    for name in have:
        if name not in source and name not in added:
            con.execute(f"ALTER TABLE {derived} DROP COLUMN {_quote(name)}")


def _core_statements(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The statements of core_views.sql that make a table, by the table's name."""
    statements = {}
    for statement in con.extract_statements(CORE_SQL.read_text(encoding="utf-8")):
        match = re.search(r"CREATE OR REPLACE TABLE (\w+) AS", statement.query)
        if match:
            statements[match.group(1)] = statement.query
    return statements


# The date column whose span a file's report gives.
_DATE_SPAN = {
    "screenings": ("screening_date", "screening_date"),
    "agreements": ("proposed_date", "greatest(proposed_date, signed_date)"),
    "releases": ("release_date", "release_date"),
}


def _count(con: duckdb.DuckDBPyConnection, tables: list[_TableLoader], only: dict[str, set[str]] | None = None) -> None:
    """Rows loaded, rejected and warned about for every file, and the totals of each table (sums over its files).

    An update counts the rows of the files it read again (`only`); the others hold the rows they held."""
    counts = {
        row[0]: row[1:]
        for row in con.execute(
            "SELECT file, count(DISTINCT line) FILTER (WHERE severity = 'error' AND line IS NOT NULL), "
            "count(*) FILTER (WHERE severity = 'warning') FROM load_problems GROUP BY file"
        ).fetchall()
    }
    for table in tables:
        name = table.spec.table
        first, last = _DATE_SPAN.get(name, ("NULL::DATE", "NULL::DATE"))
        counted = None if only is None else sorted(only.get(name, set()))
        where = "" if counted is None else "WHERE list_contains($files, source_file::VARCHAR) "
        facts = (
            {
                row[0]: row[1:]
                for row in _execute(
                    con,
                    f"SELECT source_file::VARCHAR, count(*), min({first}), max({last}) FROM {name} {where}GROUP BY source_file",
                    {"files": counted},
                ).fetchall()
            }
            if counted is None or counted
            else {}
        )
        for report in table.reports:
            if counted is None or report.file in counted:
                report.rows_loaded, report.first_date, report.last_date = facts.get(report.file, (0, None, None))
            rejected, warnings = counts.get(report.file, (0, 0))
            report.warnings = warnings
            if report.file_error is None:
                report.rows_rejected = rejected
            if report.status == "missing":
                continue
            if report.file_error is not None or report.rows_rejected:
                report.status = "errors"
            elif warnings:
                report.status = "warnings"
            else:
                report.status = "ok"
        _total(table)


def _total(table: _TableLoader) -> None:
    """A table's totals: sums over its files; missing without files, errors when any file had them; the file error
    of the table when none of its files could be used (a required table without files: the missing file)."""
    totals, reports = table.totals, table.reports
    if not table.present:
        totals.status, totals.file_error = "missing", reports[0].file_error
        return
    for name in ("rows_read", "rows_loaded", "rows_rejected", "warnings", "non_latin_digits"):
        setattr(totals, name, sum(getattr(report, name) for report in reports))
    statuses = {report.status for report in reports}
    totals.status = "errors" if "errors" in statuses else "warnings" if "warnings" in statuses else "ok"
    if not table.usable:
        totals.file_error = next(report.file_error for report in reports if report.file_error)
    totals.extra_columns = list(dict.fromkeys(name for report in reports for name in report.extra_columns))
    delimiters = {report.delimiter for report in reports if report.delimiter}
    totals.delimiter = delimiters.pop() if len(delimiters) == 1 else None
    for report in reports:
        for label, count in report.date_formats.items():
            totals.date_formats[label] = totals.date_formats.get(label, 0) + count
    firsts = [report.first_date for report in reports if report.first_date]
    lasts = [report.last_date for report in reports if report.last_date]
    totals.first_date = min(firsts) if firsts else None
    totals.last_date = max(lasts) if lasts else None
