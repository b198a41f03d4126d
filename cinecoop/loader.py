"""Validated loading of the export files into DuckDB: read as text, check and cast with set operations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from cinecoop import jalali, paths
from cinecoop.csvread import DELIMITER_NAMES, FileError, RawFile, read_raw
from cinecoop.schema import (
    ATTENDANCE,
    EXPORT_FILES,
    OPEN_STATUSES,
    SCREENINGS,
    SEATLESS_FORMATS,
    SIGNED_STATUSES,
    Column,
    ExportFile,
)

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789" * 2
CORE_SQL = Path(__file__).with_name("core_views.sql")
# Columns the loader adds; an extra export column with one of these names is renamed.
DERIVED_COLUMNS = ("source_line", "film_countries")


@dataclass(frozen=True)
class Problem:
    """One reported problem: a rejected row (error), a usable but suspicious row (warning), or a file error."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    severity: str  # "error" or "warning"
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
    """What loading one file gave: counts, status, and facts about the file."""

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

    @property
    def usable(self) -> bool:
        return self.file_error is None and self.status != "missing"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
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


@dataclass
class LoadReport:
    """The outcome of loading a data folder."""

    data_dir: Path
    reference_dir: Path
    files: list[FileReport]
    problems: list[Problem]
    loaded_at: dt.datetime
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when nothing was rejected and no required file is unusable (warnings allowed)."""
        return all(report.status in ("ok", "warnings") or (report.status == "missing" and not report.required) for report in self.files)

    def file(self, name: str) -> FileReport:
        return next(report for report in self.files if report.file == name or report.table == name)

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "files": [report.as_dict() for report in self.files],
            "problems": [problem.as_dict() for problem in self.problems],
        }


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"


class _FileLoader:
    """Builds and runs the validation SQL for one export file."""

    def __init__(self, con: duckdb.DuckDBPyConnection, spec: ExportFile, report: FileReport):
        self.con = con
        self.spec = spec
        self.report = report
        self.stage = f"stage_{spec.table}"

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
                f"WHEN j_{column.name} IS NOT NULL THEN cal_{column.name}.gregorian "
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
            cases += [
                f"WHEN {t} >= {minimum} THEN NULL",
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
                f"WHEN list_contains(ref.codes, {t}) THEN NULL",
                "ELSE 'is not an ISO 3166-1 alpha-2 country code'",
            ]
        elif column.kind == "country_list":
            unknown = f"list_filter({t}, lambda x: NOT list_contains(ref.codes, x))"
            cases += [
                f"WHEN len({t}) = 0 THEN 'holds no country code'",
                f"WHEN len({t}) = 1 AND list_contains(ref.codes, {t}[1]) THEN NULL",
                f"WHEN len({t}) > 1 AND list_has_all(ref.codes, {t}) THEN NULL",
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
        if table == "attendance":
            return [("currency", "CASE WHEN t_gross IS NOT NULL AND v_currency IS NULL THEN 'is required when gross is given' END")]
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
        """One pass over the raw text: typed values (t_*), a message per check (m_*), and facts for the report."""
        columns = self.spec.columns
        self.positions = positions
        cells = ["line"]
        joins = []
        for column in columns:
            position = positions.get(column.name)
            raw = f"c{position}" if position is not None else "NULL::VARCHAR"
            cells.append(f"nullif(trim({raw}), '') AS v_{column.name}")
            if column.kind in ("integer", "decimal", "date"):
                cells.append(f"{self._digits(f'nullif(trim({raw}), {chr(39)}{chr(39)})')} AS d_{column.name}")
            if column.kind == "date":
                d = self._digits(f"nullif(trim({raw}), '')")
                cells.append(
                    f"CASE WHEN regexp_full_match({d}, '[0-9]{{4}}/[0-9]{{1,2}}/[0-9]{{1,2}}') THEN "
                    f"try_cast(split_part({d}, '/', 1) AS INTEGER) * 10000 + try_cast(split_part({d}, '/', 2) AS INTEGER) * 100 "
                    f"+ try_cast(split_part({d}, '/', 3) AS INTEGER) END AS j_{column.name}"
                )
                joins.append(f"LEFT JOIN jalali_calendar AS cal_{column.name} ON cal_{column.name}.jkey = cells.j_{column.name}")
        for name, position in extras:
            cells.append(f"c{position} AS {_quote('x_' + name)}")
        typed = ", ".join(f"{self._value_expr(column)} AS t_{column.name}" for column in columns)
        self.checks = [(column.name, self._error_expr(column)) for column in columns if self._error_expr(column) != "NULL"]
        self.checks += self._row_rules()
        messages = [f"{message} AS m_{index}" for index, (_, message) in enumerate(self.checks)]
        has_error = " OR ".join(f"m_{index} IS NOT NULL" for index in range(len(self.checks))) or "false"
        outputs = ["line", *(f"t_{column.name}" for column in columns), *(_quote("x_" + name) for name, _ in extras)]
        facts = []
        date_columns = [column.name for column in columns if column.kind == "date"]
        digit_columns = [column.name for column in columns if column.kind in ("integer", "decimal", "date")]
        for name in date_columns:
            facts.append(
                f"CASE WHEN t_{name} IS NULL THEN NULL WHEN j_{name} IS NOT NULL THEN 'Solar Hijri YYYY/MM/DD' "
                f"WHEN contains(d_{name}, '-') THEN 'YYYY-MM-DD' ELSE 'DD.MM.YYYY' END AS f_{name}"
            )
        if digit_columns:
            facts.append("(" + " OR ".join(f"v_{name} <> d_{name}" for name in digit_columns) + ") AS non_latin")
        return (
            f"CREATE OR REPLACE TEMP TABLE {self.stage} AS "
            f"WITH cells AS (SELECT {', '.join(cells)} FROM raw_{self.spec.table}), "
            f"typed AS (SELECT cells.*, {typed} FROM cells {' '.join(joins)}), "
            f"checked AS (SELECT typed.*, {', '.join(messages) or 'NULL AS m_none'} FROM typed CROSS JOIN reference_codes AS ref) "
            f"SELECT {', '.join(outputs + facts + [f'm_{index}' for index in range(len(self.checks))])}, "
            f"({has_error}) AS has_error FROM checked"
        )

    def final_sql(self, extras: list[tuple[str, int]]) -> str:
        outputs = ["line AS source_line"]
        for column in self.spec.columns:
            if column.kind == "country_list" and self.spec.table == "screenings":
                outputs.append(f"array_to_string(t_{column.name}, ';') AS {column.name}")
                outputs.append(f"t_{column.name} AS film_countries")
            elif column.kind == "integer" and column.name == "year":
                outputs.append(f"t_{column.name}::INTEGER AS {column.name}")
            else:
                outputs.append(f"t_{column.name} AS {column.name}")
        for name, _ in extras:
            outputs.append(f"{_quote('x_' + name)} AS {_quote(name)}")
        return (
            f"CREATE OR REPLACE TABLE {self.spec.table} AS SELECT {', '.join(outputs)} FROM {self.stage} "
            f"WHERE line NOT IN (SELECT line FROM load_problems WHERE file = $file AND severity = 'error' AND line IS NOT NULL) "
            "ORDER BY line"
        )

    def load(self, path: Path | None) -> None:
        spec = self.spec
        raw: RawFile | None = None
        if path is None:
            self.report.status = "missing"
            if spec.required:
                self.report.file_error = f"{spec.file} is missing from the data folder"
                self._problem(None, None, None, self.report.file_error)
            self._empty_raw()
        else:
            try:
                raw = read_raw(self.con, path, f"raw_{spec.table}")
            except FileError as error:
                self._file_error(f"{spec.file} {error.message}", error.line, error.column, error.value)
                self._empty_raw()
        positions: dict[str, int] = {}
        extras: list[tuple[str, int]] = []
        if raw is not None:
            self.report.delimiter = raw.delimiter
            self.report.rows_read = raw.rows_read
            positions = {name: index for index, name in enumerate(raw.header)}
            missing = [name for name in spec.required_columns if name not in positions]
            if missing:
                names = ", ".join(missing)
                self._file_error(
                    f"{spec.file} has no column {names} (the header has: {', '.join(raw.original_header)})", 1, missing[0], None
                )
                self.report.rows_rejected = raw.rows_read
                self._empty_raw()
                positions, raw = {}, None
            else:
                known = {column.name for column in spec.columns}
                for name, index in positions.items():
                    if name and name not in known:
                        safe = f"{name}_extra" if name in DERIVED_COLUMNS else name
                        extras.append((safe, index))
                self.report.extra_columns = [name for name, _ in extras]
                for line, found in raw.ragged:
                    self._problem(line, None, None, f"has {found} fields but the header has {len(raw.header)}")
        self.con.execute(self.stage_sql(positions, extras))
        if raw is not None:
            self._collect_row_errors()
            self._collect_duplicates()
            self._describe_dates()

    def _empty_raw(self) -> None:
        columns = ", ".join(f"NULL::VARCHAR AS c{i}" for i in range(len(self.spec.columns)))
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW raw_{self.spec.table} AS SELECT NULL::BIGINT AS line, {columns} WHERE false")

    def _file_error(self, message: str, line: int | None, column: str | None, value: str | None) -> None:
        self.report.file_error = message
        self.report.status = "errors"
        self._problem(line, column, value, message)

    def _problem(self, line: int | None, column: str | None, value: str | None, message: str, severity: str = "error") -> None:
        self.con.execute(
            "INSERT INTO load_problems VALUES ($file, $line, $column, $value, $severity, $message)",
            {"file": self.spec.file, "line": line, "column": column, "value": value, "severity": severity, "message": message},
        )

    def _collect_row_errors(self) -> None:
        """Rows with a broken cell: one problem per check, the raw cell value joined back from the file text."""
        if not self.checks:
            return
        structs = []
        for index, (name, _) in enumerate(self.checks):
            position = self.positions.get(name)
            raw = f"raw.c{position}" if position is not None else "NULL::VARCHAR"
            structs.append(f"{{'column': '{name}', 'value': {raw}, 'message': '{name} ' || stage.m_{index}}}")
        self.con.execute(
            f"INSERT INTO load_problems SELECT $file, line, e.column, e.value, 'error', e.message FROM ("
            f"SELECT stage.line, unnest(list_filter([{', '.join(structs)}], lambda e: e.message IS NOT NULL)) AS e "
            f"FROM (SELECT * FROM {self.stage} WHERE has_error) AS stage JOIN raw_{self.spec.table} AS raw ON raw.line = stage.line)",
            {"file": self.spec.file},
        )

    def _collect_duplicates(self) -> None:
        spec = self.spec
        if spec.key:
            self.con.execute(
                f"INSERT INTO load_problems SELECT $file, line, $key, t_{spec.key}, 'error', "
                f"'{spec.key} ' || t_{spec.key} || ' repeats the id first used on line ' || first_line "
                f"FROM (SELECT line, t_{spec.key}, min(line) OVER (PARTITION BY t_{spec.key}) AS first_line "
                f"FROM {self.stage} WHERE t_{spec.key} IS NOT NULL) WHERE line > first_line",
                {"file": spec.file, "key": spec.key},
            )
        if spec.unique_together:
            keys = ", ".join(f"coalesce(t_{name}::VARCHAR, '')" for name in spec.unique_together)
            described = " || ', ' || ".join(f"coalesce(t_{name}::VARCHAR, 'all')" for name in spec.unique_together)
            self.con.execute(
                f"INSERT INTO load_problems SELECT $file, line, $column, t_{spec.unique_together[-1]}::VARCHAR, 'error', "
                f"'repeats the row for (' || described || ') first given on line ' || first_line "
                f"FROM (SELECT line, t_{spec.unique_together[-1]}, {described} AS described, "
                f"min(line) OVER (PARTITION BY {keys}) AS first_line FROM {self.stage} WHERE NOT has_error) "
                "WHERE line > first_line",
                {"file": spec.file, "column": spec.unique_together[-1]},
            )

    def _describe_dates(self) -> None:
        """Which date conventions and digit systems the file used, and the range of its first date column."""
        date_columns = [column.name for column in self.spec.columns if column.kind == "date"]
        if not date_columns:
            return
        formats = " UNION ALL ".join(f"SELECT f_{name} AS label FROM {self.stage}" for name in date_columns)
        self.report.date_formats = {
            label: int(count)
            for label, count in self.con.execute(
                f"SELECT label, count(*) FROM ({formats}) WHERE label IS NOT NULL GROUP BY label ORDER BY count(*) DESC"
            ).fetchall()
        }
        self.report.non_latin_digits = int(self.con.execute(f"SELECT count(*) FILTER (WHERE non_latin) FROM {self.stage}").fetchall()[0][0])

    def finish(self) -> None:
        self.con.execute(self.final_sql(self._extras()), {"file": self.spec.file})

    def _extras(self) -> list[tuple[str, int]]:
        return [(name, 0) for name in self.report.extra_columns]


def _orphans(con: duckdb.DuckDBPyConnection, screenings_usable: bool) -> None:
    """Attendance rows whose screening is unknown or was rejected are rejected too, saying why."""
    con.execute(
        "INSERT INTO load_problems "
        "SELECT 'attendance.csv', a.line, 'screening_id', a.t_screening_id, 'error', "
        "CASE WHEN NOT $screenings_usable THEN 'screening_id ' || a.t_screening_id || ' cannot be matched: screenings.csv could not be loaded' "
        "WHEN rejected.line IS NOT NULL THEN 'screening_id ' || a.t_screening_id || ' names a screening that was rejected (screenings.csv line ' || rejected.line || ')' "
        "ELSE 'screening_id ' || a.t_screening_id || ' names no screening in screenings.csv' END "
        "FROM stage_attendance AS a "
        "LEFT JOIN screenings AS s ON s.screening_id = a.t_screening_id "
        "LEFT JOIN (SELECT t_screening_id, min(line) AS line FROM stage_screenings GROUP BY ALL) AS rejected "
        "ON rejected.t_screening_id = a.t_screening_id "
        "WHERE a.t_screening_id IS NOT NULL AND s.screening_id IS NULL AND NOT a.has_error",
        {"screenings_usable": screenings_usable},
    )


def _warnings(con: duckdb.DuckDBPyConnection, attendance_usable: bool, as_of: dt.date) -> None:
    con.execute(
        "INSERT INTO load_problems SELECT 'screenings.csv', source_line, 'seats', seats::VARCHAR, 'warning', "
        "'admissions ' || admissions || ' are above the ' || seats || ' seats of this screening' "
        "FROM screening_facts WHERE seats IS NOT NULL AND admissions > seats"
    )
    if attendance_usable:
        con.execute(
            "INSERT INTO load_problems SELECT 'screenings.csv', source_line, 'screening_id', screening_id, 'warning', "
            "'screening ' || screening_id || ' has no attendance rows in attendance.csv' "
            "FROM screening_facts WHERE attendance_rows = 0"
        )
    con.execute(
        "INSERT INTO load_problems SELECT 'agreements.csv', source_line, 'end_date', strftime(end_date, '%Y-%m-%d'), 'warning', "
        "'end_date ' || strftime(end_date, '%Y-%m-%d') || ' has passed but the status is still ' || status "
        f"FROM agreements WHERE end_date < $as_of AND list_contains({_literal_list(OPEN_STATUSES)}, status)",
        {"as_of": as_of},
    )


def _load_reference(con: duckdb.DuckDBPyConnection, reference: Path) -> None:
    con.execute(
        "CREATE OR REPLACE TABLE countries AS SELECT upper(trim(code)) AS code, name_en, name_fa, name_ru, "
        "list_filter(string_split(coalesce(groups, ''), ';'), lambda g: g <> '') AS groups, lat::DOUBLE AS lat, lon::DOUBLE AS lon "
        "FROM read_csv($path, header = true, all_varchar = true)",
        {"path": str(reference / "countries.csv")},
    )
    con.execute("CREATE OR REPLACE TEMP TABLE reference_codes AS SELECT list(code ORDER BY code) AS codes FROM countries")
    cities = reference / "cities.csv"
    if cities.is_file():
        con.execute(
            "CREATE OR REPLACE TABLE cities AS SELECT trim(city) AS city, upper(trim(country)) AS country, lat::DOUBLE AS lat, lon::DOUBLE AS lon "
            "FROM read_csv($path, header = true, all_varchar = true)",
            {"path": str(cities)},
        )
    else:
        con.execute("CREATE OR REPLACE TABLE cities (city VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE)")


def _load_calendar(con: duckdb.DuckDBPyConnection) -> None:
    rows = jalali.calendar_rows()
    table = pa.table(
        {
            "gregorian": pa.array([row[0] for row in rows], type=pa.date32()),
            "jyear": pa.array([row[1] for row in rows], type=pa.int32()),
            "jmonth": pa.array([row[2] for row in rows], type=pa.int32()),
            "jday": pa.array([row[3] for row in rows], type=pa.int32()),
        }
    )
    con.register("calendar_arrow", table)
    con.execute(
        "CREATE OR REPLACE TABLE jalali_calendar AS SELECT gregorian, jyear, jmonth, jday, "
        "jyear * 10000 + jmonth * 100 + jday AS jkey FROM calendar_arrow ORDER BY gregorian"
    )
    con.unregister("calendar_arrow")


def find_file(folder: Path, name: str) -> Path | None:
    """The export named `name` in folder, matching the file name case-insensitively."""
    exact = folder / name
    if exact.is_file():
        return exact
    if folder.is_dir():
        for candidate in folder.iterdir():
            if candidate.name.lower() == name and candidate.is_file():
                return candidate
    return None


def load(con: duckdb.DuckDBPyConnection, data_dir: Path, as_of: dt.date | None = None) -> LoadReport:
    """Load every export of data_dir into con; tables of unusable files are created empty."""
    started = dt.datetime.now()
    as_of = as_of or dt.date.today()
    reference = paths.reference_dir(data_dir)
    con.execute(
        "CREATE OR REPLACE TABLE load_problems (file VARCHAR, line BIGINT, column_name VARCHAR, value VARCHAR, severity VARCHAR, message VARCHAR)"
    )
    _load_reference(con, reference)
    _load_calendar(con)
    loaders = {}
    for spec in EXPORT_FILES:
        report = FileReport(file=spec.file, table=spec.table, required=spec.required)
        loader = _FileLoader(con, spec, report)
        loader.load(find_file(data_dir, spec.file))
        loaders[spec.table] = loader
    loaders[SCREENINGS.table].finish()
    _orphans(con, loaders[SCREENINGS.table].report.usable)
    for table in ("attendance", "agreements", "targets"):
        loaders[table].finish()
    con.execute(CORE_SQL.read_text(encoding="utf-8"))
    _warnings(con, loaders[ATTENDANCE.table].report.usable, as_of)
    reports = [loader.report for loader in loaders.values()]
    _count(con, reports)
    for loader in loaders.values():
        con.execute(f"DROP TABLE IF EXISTS {loader.stage}")
    problems = [
        Problem(*row)
        for row in con.execute(
            "SELECT file, line, column_name, value, severity, message FROM load_problems "
            "ORDER BY file, line NULLS FIRST, severity, column_name"
        ).fetchall()
    ]
    return LoadReport(data_dir, reference, reports, problems, started, (dt.datetime.now() - started).total_seconds())


def _count(con: duckdb.DuckDBPyConnection, reports: list[FileReport]) -> None:
    counts = {
        row[0]: row[1:]
        for row in con.execute(
            "SELECT file, count(DISTINCT line) FILTER (WHERE severity = 'error' AND line IS NOT NULL), "
            "count(*) FILTER (WHERE severity = 'warning') FROM load_problems GROUP BY file"
        ).fetchall()
    }
    for report in reports:
        rows_loaded = con.execute(f"SELECT count(*) FROM {report.table}").fetchall()[0][0]
        rejected, warnings = counts.get(report.file, (0, 0))
        report.rows_loaded = rows_loaded
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
        if report.table == "screenings":
            report.first_date, report.last_date = con.execute("SELECT min(screening_date), max(screening_date) FROM screenings").fetchall()[
                0
            ]
        elif report.table == "agreements":
            report.first_date, report.last_date = con.execute(
                "SELECT min(proposed_date), max(greatest(proposed_date, signed_date)) FROM agreements"
            ).fetchall()[0]
