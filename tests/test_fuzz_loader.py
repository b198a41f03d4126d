"""Property-based tests of the loader: random and hostile CSVs never raise, and every row read is loaded or reported."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import MINI_AGREEMENTS, MINI_ATTENDANCE, MINI_SCREENINGS, write_folder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cinecoop.loader import LoadReport, load
from cinecoop.schema import EXPORT_FILES, Column, ExportFile

# Derandomized: CI sees the same examples on every run; the count keeps each test near half a minute on two cores.
FUZZ = settings(
    # 60 examples per property keep `make test` within CI's budget; FUZZ_EXAMPLES=1000 for a deeper local run.
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
DELIMITERS = (",", ";", "\t")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
MINI = {"screenings.csv": MINI_SCREENINGS, "attendance.csv": MINI_ATTENDANCE, "agreements.csv": MINI_AGREEMENTS}
# Text from every script and symbol block; NUL is left to the random-bytes test (a NUL byte makes any file "binary").
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
SCRIPT_SAMPLES = ("Сеанс", "سینما", "映画", "영화", "סרט", "फ़िल्म", "ภาพยนตร์", "Ἕλλην", "🎬🎞️", "Z̤̈a̓l", "\u200f\u202eRTL", "ﷺ")


def load_fresh(folder: Path) -> tuple[duckdb.DuckDBPyConnection, LoadReport]:
    con = duckdb.connect()
    return con, load(con, folder)


def error_lines(report: LoadReport, file: str) -> set[int]:
    return {p.line for p in report.problems if p.file == file and p.severity == "error" and p.line is not None}


def assert_nothing_lost(con: duckdb.DuckDBPyConnection, report: LoadReport) -> None:
    """Rows read = loaded + rejected for every file, and every rejected row is a reported error on its own line."""
    for file in report.files:
        assert file.rows_read == file.rows_loaded + file.rows_rejected, file
        loaded = [row[0] for row in con.execute(f"SELECT source_line FROM {file.table}").fetchall()]
        assert len(loaded) == file.rows_loaded == len(set(loaded)), file
        if file.file_error is not None:
            # An unusable file rejects all its rows with one reported file error.
            assert file.rows_loaded == 0, file
            assert any(p.file == file.file and p.severity == "error" and p.message == file.file_error for p in report.problems)
        else:
            rejected = error_lines(report, file.file)
            assert len(rejected) == file.rows_rejected, file
            assert not rejected & set(loaded), file


# -- random bytes ---------------------------------------------------------------------------------
HEADERS = {spec.file: ",".join(column.name for column in spec.columns) for spec in EXPORT_FILES}
NOISE = st.one_of(
    st.binary(max_size=600),
    st.lists(
        st.sampled_from([b",", b";", b"\t", b'"', b"\n", b"\r", b"\r\n", b"\xef\xbb\xbf", b"\xff", b"\xd8", b"x", b"1", b" "]), max_size=80
    ).map(b"".join),
    ANY_TEXT.map(lambda text: text.encode("utf-8")),
)


@st.composite
def noisy_file(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from([spec.file for spec in EXPORT_FILES]))
    prefix = draw(st.sampled_from([b"", HEADERS[name].encode() + b"\n", b"\xef\xbb\xbf" + HEADERS[name].encode() + b"\r\n"]))
    return name, prefix + draw(NOISE)


@FUZZ
@given(noisy_file())
def test_loader_given_random_bytes_never_raises_and_loses_no_row(case: tuple[str, bytes]) -> None:
    name, data = case
    folder = Path(tempfile.mkdtemp(prefix="fuzz-bytes-"))
    try:
        write_folder(folder, {**MINI, name: data})
        con, report = load_fresh(folder)
        assert_nothing_lost(con, report)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- well-formed CSVs of random shape and content -------------------------------------------------------
def latin_or_local(digits: str) -> st.SearchStrategy[str]:
    return st.sampled_from([digits, digits.translate(PERSIAN), digits.translate(ARABIC_INDIC)])


VALID_VALUES: dict[str, st.SearchStrategy[str]] = {
    "date": st.sampled_from(["2025-03-01", "01.03.2025", "1403/12/11", "2024-02-29", "2025-02-29", "1403/13/01", "2025-3-1"]).flatmap(
        latin_or_local
    ),
    "integer": st.sampled_from(
        ["0", "1", "12", "12.0", "250", "-3", "1e3", "99999999999", "9223372036854775807", "99999999999999999999"]
    ).flatmap(latin_or_local),
    "decimal": st.sampled_from(["0", "10.5", ".5", "1000000.1234", "-1", "1,5", "1e9"]).flatmap(latin_or_local),
    "country": st.sampled_from(["IR", "ru", " KZ ", "XX", "IRN"]),
    "country_list": st.sampled_from(["IR", "IR;RU", "ru;;kz", ";", "IR;XX"]),
    "currency": st.sampled_from(["IRR", "rub", "US", "€"]),
    "enum": st.just(""),  # replaced per column by one of its values
}


def cell_values(column: Column) -> st.SearchStrategy[str]:
    if column.name == "screening_id":
        typical = st.sampled_from(["S1", "S2", "S3", "s1", "S1 "])
    elif column.name in ("agreement_id",):
        typical = st.sampled_from(["A1", "A2", "A3"])
    elif column.kind == "enum":
        typical = st.sampled_from([*column.values, column.values[0].upper(), "unknown"])
    elif column.name == "year":
        typical = st.sampled_from(["2025", "1899", "99999999999", "2147483648", "2025.0"]).flatmap(latin_or_local)
    else:
        typical = VALID_VALUES.get(column.kind, st.sampled_from(["Film A", "Tehran", "drama", "Caspian Film Program"]))
    return st.one_of(
        typical,
        typical,
        st.just(""),
        st.sampled_from(SCRIPT_SAMPLES),
        ANY_TEXT,
        st.sampled_from([",", ";", "\t", '"', '""', "\n", "\r", "\r\n", "a\rb", " \n ", "\ufeff", "=1+1", "<img src=x>"]),
        st.sampled_from([140_000, 1_100_000]).map(lambda size: "ژ" * size),
    )


def elided(text: str) -> str:
    """A generated text for a failure report: long runs of one character shortened, so huge fields stay readable."""
    return repr(re.sub(r"(.)\1{40,}", lambda match: f"{match.group(1)}…×{len(match.group(0))}…", text, flags=re.DOTALL))


@dataclass(frozen=True)
class Shape:
    """How a generated file is written: delimiter, line break, byte-order mark, final line break, quoting."""

    delimiter: str
    line_break: str
    bom: bool
    final_break: bool
    quote_all: bool


def field_text(value: str, shape: Shape) -> str:
    special = shape.delimiter in value or any(char in value for char in '"\r\n')
    if shape.quote_all or special or any(delimiter in value for delimiter in DELIMITERS):
        return '"' + value.replace('"', '""') + '"'
    return value


class ShapedFile:
    """A generated export: which file, its text, the physical line on which each record starts, how it was written.

    A plain class: Hypothesis prints a dataclass field by field, which would print a huge field in full."""

    def __init__(self, spec: ExportFile, text: str, starts: tuple[int, ...], shape: Shape):
        self.spec, self.text, self.starts, self.shape = spec, text, starts, shape

    def __repr__(self) -> str:
        return f"ShapedFile({self.spec.file}, {elided(self.text)}, starts={list(self.starts)}, {self.shape})"


@st.composite
def shaped_file(draw: st.DrawFn) -> ShapedFile:
    """A file with a usable header (every required column), rows of random values, some ragged, blank lines between."""
    spec = draw(st.sampled_from(EXPORT_FILES))
    # Optional: every column the header need not name (attendance.admissions must be named though its cells may be blank).
    optional = [column.name for column in spec.columns if column.name not in spec.required_columns]
    chosen = list(spec.required_columns) + draw(st.lists(st.sampled_from(optional), unique=True, max_size=len(optional)))
    extras = draw(
        st.lists(
            st.one_of(ANY_TEXT, st.sampled_from(SCRIPT_SAMPLES), st.sampled_from(["source_line", "Film_Countries", "x;y", 'a"b'])),
            max_size=3,
        )
    )
    names = [*chosen]
    for extra in extras:
        normal = extra.strip().lower()
        if normal and normal not in {name.strip().lower() for name in names}:
            names.append(extra)
    order = draw(st.permutations(names))
    header = [draw(st.sampled_from([name, name.upper(), f" {name} "])) if name in chosen else name for name in order]
    shape = Shape(
        delimiter=draw(st.sampled_from(DELIMITERS)),
        line_break=draw(st.sampled_from(["\n", "\r\n", "\r"])),
        bom=draw(st.booleans()),
        final_break=draw(st.booleans()),
        quote_all=draw(st.booleans()),
    )
    columns = {column.name: column for column in spec.columns}
    text = "\ufeff" if shape.bom else ""
    text += shape.delimiter.join(field_text(name, shape) for name in header)
    starts: list[int] = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            text += shape.line_break + draw(st.sampled_from(["", " ", "   "]))
        text += shape.line_break
        values = [
            draw(cell_values(columns[name.strip().lower()])) if name.strip().lower() in columns else draw(ANY_TEXT) for name in header
        ]
        ragged = draw(st.sampled_from(["no", "no", "no", "short", "long"]))
        if ragged == "short" and len(values) > 2:
            values = values[: draw(st.integers(min_value=2, max_value=len(values) - 1))]
        elif ragged == "long":
            values = [*values, draw(st.sampled_from(["extra", "x,y", "値"]))]
        starts.append(len(LINE_BREAK.findall(text)) + 1)
        text += shape.delimiter.join(field_text(value, shape) for value in values)
    if shape.final_break:
        text += shape.line_break
        text += "".join(draw(st.sampled_from(["", " "])) + shape.line_break for _ in range(draw(st.integers(min_value=0, max_value=2))))
    return ShapedFile(spec, text, tuple(starts), shape)


@FUZZ
@given(shaped_file())
def test_loader_given_any_well_formed_csv_reads_every_record_and_reports_every_rejection(case: ShapedFile) -> None:
    spec, text, starts, shape = case.spec, case.text, case.starts, case.shape
    folder = Path(tempfile.mkdtemp(prefix="fuzz-shaped-"))
    try:
        write_folder(folder, {**MINI, spec.file: text})
        con, report = load_fresh(folder)
        assert_nothing_lost(con, report)
        file = report.file(spec.file)
        # The header is usable, the text is UTF-8: never a file error, whatever the delimiter, line breaks or content.
        assert file.file_error is None, (file.file_error, shape)
        assert file.delimiter == shape.delimiter
        assert file.rows_read == len(starts)
        loaded = {row[0] for row in con.execute(f"SELECT source_line FROM {spec.table}").fetchall()}
        # Each record is loaded or rejected on the physical line where it starts (header = line 1, blank lines counted).
        assert loaded | error_lines(report, spec.file) == set(starts)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r"])
def test_loader_given_a_ragged_last_record_cut_mid_field_rejects_it_on_its_line(tmp_path: Path, line_break: str) -> None:
    """The shape of a half-copied export: the last record stops inside a quoted field, with no final line break."""
    rows = ["S1,paid,50,,", "S2,paid,80,24000,RUB", 'S2,student,"7']
    attendance = "screening_id,ticket_type,admissions,gross,currency" + line_break + line_break.join(rows)
    con, report = load_fresh(write_folder(tmp_path / "data", {**MINI, "attendance.csv": attendance}))
    assert_nothing_lost(con, report)
    file = report.file("attendance.csv")
    assert (file.rows_read, file.rows_loaded, file.rows_rejected) == (3, 2, 1)
    assert error_lines(report, "attendance.csv") == {4}


# -- the failures the fuzzing found, pinned as examples ------------------------------------------------
# A row for HEADERS["screenings.csv"]: every contract column, film_id and source blank.
GOOD_SCREENING = "S1,2025-03-01,Russian Film Days in Iran,,Film A,RU,drama,IR,Tehran,Charsou,cinema,100,1,,"


def test_loader_given_an_old_mac_file_with_semicolons_in_its_cells_still_reads_the_comma_header(tmp_path: Path) -> None:
    # A semicolon needs no quotes in a comma-separated file; here the cells hold more semicolons than the file has commas.
    rows = [GOOD_SCREENING.replace("S1", f"S{i}").replace("Charsou", "Hall;" * 20) for i in range(3)]
    text = HEADERS["screenings.csv"] + "\r" + "\r".join(rows) + "\r"
    con, report = load_fresh(write_folder(tmp_path / "data", {**MINI, "screenings.csv": text}))
    assert_nothing_lost(con, report)
    file = report.file("screenings.csv")
    assert (file.delimiter, file.file_error, file.rows_read) == (",", None, 3)


def test_loader_given_a_blank_first_line_reads_the_header_below_it(tmp_path: Path) -> None:
    text = "   \n" + HEADERS["screenings.csv"] + "\n" + GOOD_SCREENING + "\n"
    con, report = load_fresh(write_folder(tmp_path / "data", {**MINI, "screenings.csv": text}))
    assert_nothing_lost(con, report)
    file = report.file("screenings.csv")
    assert (file.file_error, file.rows_read, file.rows_loaded) == (None, 1, 1)
    assert con.execute("SELECT source_line FROM screenings").fetchall() == [(3,)]


@pytest.mark.parametrize("blank_line", ["", "\n"], ids=["one-line-records", "with-a-blank-line"])
@pytest.mark.parametrize("size", [140_000, 1_100_000])
def test_loader_given_a_huge_title_loads_it_whichever_reader_runs(tmp_path: Path, blank_line: str, size: int) -> None:
    title = "ژ" * size
    text = HEADERS["screenings.csv"] + "\n" + blank_line + GOOD_SCREENING.replace("Film A", title) + "\n"
    con, report = load_fresh(write_folder(tmp_path / "data", {**MINI, "screenings.csv": text}))
    assert_nothing_lost(con, report)
    assert report.file("screenings.csv").file_error is None
    assert con.execute("SELECT length(film_title) FROM screenings").fetchall() == [(size,)]


def test_loader_given_a_target_year_beyond_any_calendar_rejects_that_row_only(tmp_path: Path) -> None:
    targets = "year,metric,program,target\n99999999999,screenings,,5\n2025,admissions,,1000\n"
    con, report = load_fresh(write_folder(tmp_path / "data", {**MINI, "targets.csv": targets}))
    assert_nothing_lost(con, report)
    file = report.file("targets.csv")
    assert (file.rows_loaded, file.rows_rejected) == (1, 1)
    assert [p.line for p in report.problems if p.file == "targets.csv" and p.column == "year"] == [2]


def test_loader_given_admissions_too_large_to_add_up_rejects_those_rows_and_keeps_serving(tmp_path: Path) -> None:
    attendance = "screening_id,ticket_type,admissions\nS1,paid,9000000000000000000\nS1,student,9000000000000000000\nS2,paid,80\n"
    con, report = load_fresh(write_folder(tmp_path / "data", {**MINI, "attendance.csv": attendance}))
    assert_nothing_lost(con, report)
    file = report.file("attendance.csv")
    assert (file.rows_loaded, file.rows_rejected) == (1, 2)
    assert con.execute("SELECT sum(admissions) FROM screening_facts").fetchall() == [(80,)]
