"""One test per rule of the data contract's sections 1 and 2: the bad file, the expected message, the line number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from conftest import AGREEMENTS_HEADER, ATTENDANCE_HEADER, SCREENINGS_HEADER

from cinecoop.loader import LoadReport, Problem, load
from cinecoop.schema import AGREEMENT_STATUSES, AGREEMENT_TYPES

AS_OF = dt.date(2026, 11, 26)


def load_folder(folder: Path) -> tuple[duckdb.DuckDBPyConnection, LoadReport]:
    con = duckdb.connect()
    return con, load(con, folder, as_of=AS_OF)


def problems_of(report: LoadReport, file: str, severity: str = "error") -> list[Problem]:
    return [problem for problem in report.problems if problem.file == file and problem.severity == severity]


def assert_counts_balance(report: LoadReport) -> None:
    for file in report.files:
        assert file.rows_read == file.rows_loaded + file.rows_rejected, file


def screenings_with(*rows: str, header: str = SCREENINGS_HEADER) -> str:
    return header + "\n" + "\n".join(rows) + "\n"


GOOD_ROW = "S1,2025-03-01,Russian Film Days in Iran,,Film A,RU,drama,IR,Tehran,Charsou,cinema,100,1"


def test_steward_loads_valid_mini_data_with_nothing_rejected(make_data):
    con, report = load_folder(make_data())
    assert report.ok
    assert [(f.file, f.status, f.rows_read, f.rows_loaded) for f in report.files] == [
        ("screenings.csv", "ok", 2, 2),
        ("attendance.csv", "ok", 2, 2),
        ("agreements.csv", "ok", 1, 1),
        ("targets.csv", "missing", 0, 0),
        ("films.csv", "missing", 0, 0),
        ("releases.csv", "missing", 0, 0),
        ("exchange_rates.csv", "missing", 0, 0),
    ]
    row = con.execute("SELECT screening_date, film_countries, seats, sessions, format FROM screenings WHERE screening_id = 'S1'").fetchone()
    assert row == (dt.date(2025, 3, 1), ["RU"], 100, 1, "cinema")


def test_headers_match_case_insensitively_in_any_order_and_extra_columns_are_kept(make_data):
    screenings = (
        " FILM_TITLE ,Screening_ID,screening_date,Program,film_country,host_country,city,Rating\n"
        "Film A,S1,2025-03-01,Caspian Film Program,KZ,RU,Astrakhan,5\n"
    )
    attendance = "Screening_Id,TICKET_TYPE,Admissions\nS1,Paid,10\n"
    con, report = load_folder(make_data(screenings=screenings, attendance=attendance))
    assert report.file("screenings.csv").status == "ok"
    assert report.file("screenings.csv").extra_columns == ["rating"]
    assert con.execute("SELECT film_title, rating, format, sessions FROM screenings").fetchone() == ("Film A", "5", "cinema", 1)
    assert con.execute("SELECT ticket_type FROM attendance").fetchone() == ("paid",)


def test_missing_required_file_is_a_file_error_and_the_rest_loads(make_data):
    con, report = load_folder(make_data(agreements=None))
    agreements = report.file("agreements.csv")
    assert agreements.status == "missing"
    assert "agreements.csv is missing" in agreements.file_error
    assert not report.ok
    assert report.file("screenings.csv").rows_loaded == 2
    assert con.execute("SELECT count(*) FROM agreements").fetchone() == (0,)


def test_missing_optional_targets_file_is_not_an_error(make_data):
    _, report = load_folder(make_data(targets=None))
    assert report.ok
    assert report.file("targets.csv").status == "missing"
    assert report.file("targets.csv").file_error is None


def test_missing_required_column_empties_the_table_and_names_the_column(make_data):
    screenings = (
        "screening_id,screening_date,program,film_title,film_country,host_country\nS1,2025-03-01,P,Film,IR,RU\nS2,2025-03-01,P,Film,IR,RU\n"
    )
    con, report = load_folder(make_data(screenings=screenings))
    file = report.file("screenings.csv")
    assert file.status == "errors"
    assert "has no column city" in file.file_error
    assert (file.rows_read, file.rows_loaded, file.rows_rejected) == (2, 0, 2)
    assert con.execute("SELECT count(*) FROM screenings").fetchone() == (0,)
    problem = problems_of(report, "screenings.csv")[0]
    assert (problem.line, problem.column) == (1, "city")
    # attendance cannot be matched to screenings that could not be loaded: rejected, and the message says why
    assert all("screenings.csv could not be loaded" in p.message for p in problems_of(report, "attendance.csv"))
    assert_counts_balance(report)


def test_undecodable_bytes_are_a_file_error_naming_the_line(make_data):
    data = (SCREENINGS_HEADER + "\n" + GOOD_ROW + "\n").encode() + b"S2,2025-03-01,P,,Caf\xe9,IR,,IR,Tehran,,,,\n"
    _, report = load_folder(make_data(screenings=data))
    file = report.file("screenings.csv")
    assert file.status == "errors"
    assert "not UTF-8" in file.file_error
    assert "line 3" in file.file_error
    assert_counts_balance(report)


def test_empty_file_is_a_file_error(make_data):
    _, report = load_folder(make_data(attendance=""))
    assert "is empty" in report.file("attendance.csv").file_error
    # the screenings still load; their missing attendance is the file error, not a warning per screening
    assert report.file("screenings.csv").status == "ok"


def test_binary_file_is_not_a_csv(make_data):
    _, report = load_folder(make_data(agreements=b"PK\x03\x04\x00\x00binary"))
    assert "not a CSV" in report.file("agreements.csv").file_error


def test_byte_order_mark_and_semicolon_delimiter_are_detected(make_data):
    text = "\ufeff" + (SCREENINGS_HEADER + "\n" + GOOD_ROW + "\n").replace(",", ";")
    con, report = load_folder(make_data(screenings=text, attendance="screening_id;ticket_type;admissions\nS1;paid;5\n"))
    assert report.file("screenings.csv").delimiter == ";"
    assert report.file("screenings.csv").status == "ok"
    assert con.execute("SELECT screening_id, seats FROM screenings").fetchone() == ("S1", 100)


def test_tab_delimiter_is_detected(make_data):
    text = (SCREENINGS_HEADER + "\n" + GOOD_ROW + "\n").replace(",", "\t")
    con, report = load_folder(make_data(screenings=text, attendance="screening_id\tticket_type\tadmissions\nS1\tpaid\t5\n"))
    assert report.file("attendance.csv").delimiter == "\t"
    assert con.execute("SELECT admissions FROM attendance").fetchone() == (5,)


def test_quoted_fields_hold_delimiters_and_line_breaks_and_line_numbers_stay_physical(make_data):
    screenings = screenings_with(
        'S1,2025-03-01,Russian Film Days in Iran,,"Film, with comma",RU,drama,IR,Tehran,"Hall ""A""",cinema,100,1',
        'S2,2025-03-01,Russian Film Days in Iran,,"A title\nover two lines",RU,drama,IR,Tehran,,cinema,100,1',
        "S3,not-a-date,Russian Film Days in Iran,,Film C,RU,drama,IR,Tehran,,cinema,100,1",
    )
    con, report = load_folder(make_data(screenings=screenings, attendance=ATTENDANCE_HEADER + "\nS1,paid,5,,\nS2,paid,5,,\n"))
    titles = [row[0] for row in con.execute("SELECT film_title FROM screenings ORDER BY screening_id").fetchall()]
    assert titles == ["Film, with comma", "A title\nover two lines"]
    problem = problems_of(report, "screenings.csv")[0]
    assert (problem.line, problem.column, problem.value) == (5, "screening_date", "not-a-date")
    assert "is not a date" in problem.message


def test_blank_lines_hold_no_row_and_do_not_shift_line_numbers(make_data):
    screenings = SCREENINGS_HEADER + "\n" + GOOD_ROW + "\n\nS2,2025-13-01,P,,Film,RU,,IR,Tehran,,,,\n"
    _, report = load_folder(make_data(screenings=screenings, attendance=ATTENDANCE_HEADER + "\nS1,paid,1,,\n"))
    assert report.file("screenings.csv").rows_read == 2
    problem = problems_of(report, "screenings.csv")[0]
    assert (problem.line, problem.message) == (4, "screening_date is not a real calendar date")


def test_row_with_the_wrong_number_of_fields_is_rejected_with_its_line(make_data):
    screenings = screenings_with(GOOD_ROW, "S2,2025-03-01,P,,Film,RU")
    _, report = load_folder(make_data(screenings=screenings))
    problem = problems_of(report, "screenings.csv")[0]
    assert problem.line == 3
    assert "has 6 fields but the header has 13" in problem.message
    assert_counts_balance(report)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2025-03-21", dt.date(2025, 3, 21)),
        ("21.03.2025", dt.date(2025, 3, 21)),
        ("1404/01/01", dt.date(2025, 3, 21)),
        ("1403/12/30", dt.date(2025, 3, 20)),
        ("1399/12/30", dt.date(2021, 3, 20)),
        ("۱۴۰۳/۰۸/۱۵", dt.date(2024, 11, 5)),
        ("١٤٠٣/٠٨/١٥", dt.date(2024, 11, 5)),
        ("۲۰۲۵-۰۳-۲۱", dt.date(2025, 3, 21)),
    ],
)
def test_dates_in_every_contract_format_and_digit_system_load(make_data, cell, expected):
    con, report = load_folder(make_data(screenings=screenings_with(GOOD_ROW.replace("2025-03-01", cell))))
    assert report.file("screenings.csv").rows_rejected == 0
    assert con.execute("SELECT screening_date FROM screenings").fetchone() == (expected,)


def test_mixed_date_formats_in_one_file_are_reported_by_convention(make_data):
    screenings = screenings_with(
        GOOD_ROW,
        GOOD_ROW.replace("S1", "S2").replace("2025-03-01", "02.03.2025"),
        GOOD_ROW.replace("S1", "S3").replace("2025-03-01", "1403/12/13"),
    )
    _, report = load_folder(make_data(screenings=screenings))
    assert report.file("screenings.csv").date_formats == {"YYYY-MM-DD": 1, "DD.MM.YYYY": 1, "Solar Hijri YYYY/MM/DD": 1}


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1500/01/01", "screening_date is a YYYY/MM/DD date whose year is not a Solar Hijri year from 1300 to 1499"),
        ("2025/03/01", "screening_date is a YYYY/MM/DD date whose year is not a Solar Hijri year from 1300 to 1499"),
        ("1402/12/30", "screening_date is not a real calendar date"),
        ("2025-02-30", "screening_date is not a real calendar date"),
        ("31.04.2025", "screening_date is not a real calendar date"),
        ("March 1, 2025", "screening_date is not a date: use YYYY-MM-DD, DD.MM.YYYY or Solar Hijri YYYY/MM/DD"),
        ("", "screening_date is required but blank"),
    ],
)
def test_bad_dates_are_rejected_with_a_plain_message(make_data, cell, message):
    _, report = load_folder(
        make_data(screenings=screenings_with(GOOD_ROW, GOOD_ROW.replace("S1", "S2").replace("2025-03-01", f'"{cell}"')))
    )
    problem = problems_of(report, "screenings.csv")[0]
    assert (problem.line, problem.column, problem.value, problem.message) == (3, "screening_date", cell or None, message)


@pytest.mark.parametrize(
    ("column_index", "cell", "column", "message"),
    [
        (0, "", "screening_id", "screening_id is required but blank"),
        (2, "", "program", "program is required but blank"),
        (4, " ", "film_title", "film_title is required but blank"),
        (5, "XX", "film_country", "film_country has an unknown country code: XX (use ISO 3166-1 alpha-2 codes separated by ;)"),
        (5, "IR;ZZ", "film_country", "film_country has an unknown country code: ZZ (use ISO 3166-1 alpha-2 codes separated by ;)"),
        (5, ";", "film_country", "film_country holds no country code"),
        (7, "IRN", "host_country", "host_country is not an ISO 3166-1 alpha-2 country code"),
        (8, "", "city", "city is required but blank"),
        (10, "drive-in", "format", "format must be one of: cinema, festival, open-air, online, on-board, tv"),
        (11, "-5", "seats", "seats must be 0 or more"),
        (11, "12.5", "seats", "seats is not a whole number"),
        (12, "0", "sessions", "sessions must be 1 or more"),
        (12, "two", "sessions", "sessions is not a whole number"),
    ],
)
def test_screening_rules_reject_the_row_naming_line_column_and_value(make_data, column_index, cell, column, message):
    cells = GOOD_ROW.split(",")
    cells[column_index] = cell
    _, report = load_folder(make_data(screenings=screenings_with(GOOD_ROW.replace("S1", "S0"), ",".join(cells))))
    problems = problems_of(report, "screenings.csv")
    assert [(p.line, p.column, p.message) for p in problems] == [(3, column, message)]
    assert problems[0].value == (cell if cell.strip() else (cell or None))
    assert_counts_balance(report)


def test_country_codes_and_lists_are_stored_upper_case_and_trimmed(make_data):
    row = "S1,2025-03-01,Iran-Russia Animation Exchange,,Toon,ir ; ru,Animation,ru,Moscow,,Open-Air,,"
    con, report = load_folder(make_data(screenings=screenings_with(row)))
    assert report.file("screenings.csv").rows_rejected == 0
    assert con.execute("SELECT film_country, film_countries, host_country, genre, format, seats, sessions FROM screenings").fetchone() == (
        "IR;RU",
        ["IR", "RU"],
        "RU",
        "animation",
        "open-air",
        None,
        1,
    )


@pytest.mark.parametrize("screen_format", ["online", "tv"])
def test_seats_must_be_blank_for_online_and_tv(make_data, screen_format):
    row = GOOD_ROW.replace("cinema", screen_format)
    _, report = load_folder(make_data(screenings=screenings_with(row)))
    assert [(p.column, p.message) for p in problems_of(report, "screenings.csv")] == [
        ("seats", f"seats must be blank for {screen_format} screenings")
    ]


def test_repeated_screening_id_keeps_the_first_and_names_its_line(make_data):
    screenings = screenings_with(GOOD_ROW, GOOD_ROW.replace("S1", "S2"), GOOD_ROW.replace("Film A", "Film B"))
    con, report = load_folder(make_data(screenings=screenings))
    problem = problems_of(report, "screenings.csv")[0]
    assert (problem.line, problem.column, problem.value) == (4, "screening_id", "S1")
    assert problem.message == "screening_id S1 repeats the id first used on line 2"
    assert con.execute("SELECT film_title FROM screenings WHERE screening_id = 'S1'").fetchone() == ("Film A",)


def test_attendance_orphans_are_rejected_and_say_why(make_data):
    screenings = screenings_with(GOOD_ROW, GOOD_ROW.replace("S1", "S2").replace("2025-03-01", "bad"))
    attendance = ATTENDANCE_HEADER + "\nS1,paid,5,,\nS2,paid,5,,\nS9,paid,5,,\n"
    _, report = load_folder(make_data(screenings=screenings, attendance=attendance))
    messages = [(p.line, p.message) for p in problems_of(report, "attendance.csv")]
    assert messages == [
        (3, "screening_id S2 names a screening that was rejected (screenings.csv line 3)"),
        (4, "screening_id S9 names no screening in screenings.csv"),
    ]
    assert_counts_balance(report)


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("S1,,5,,", "ticket_type", "ticket_type is required but blank"),
        ("S1,paid,-3,,", "admissions", "admissions must be 0 or more"),
        ("S1,paid,many,,", "admissions", "admissions is not a whole number"),
        ("S1,paid,5,-10,IRR", "gross", "gross must be 0 or more"),
        ("S1,paid,5,1.2.3,IRR", "gross", "gross is not a number (plain digits with an optional . decimal point)"),
        ("S1,paid,5,100,", "currency", "currency is required when gross is given"),
        ("S1,paid,5,100,RUBLES", "currency", "currency is not a 3-letter ISO 4217 currency code"),
    ],
)
def test_attendance_rules_reject_the_row(make_data, row, column, message):
    _, report = load_folder(make_data(screenings=screenings_with(GOOD_ROW), attendance=ATTENDANCE_HEADER + "\nS1,paid,1,,\n" + row + "\n"))
    assert [(p.line, p.column, p.message) for p in problems_of(report, "attendance.csv")] == [(3, column, message)]


def test_attendance_values_are_normalised(make_data):
    con, _ = load_folder(make_data(attendance=ATTENDANCE_HEADER + "\nS1, Student ,۱۲, 1500.50 ,irr\nS2,paid,3,,\n"))
    assert con.execute("SELECT ticket_type, admissions, gross::VARCHAR, currency FROM attendance WHERE screening_id = 'S1'").fetchone() == (
        "student",
        12,
        "1500.5000",
        "IRR",
    )


AGREEMENT_ROW = "A1,Title,memorandum,,Org A;Org B,IR;RU,signed,2025-01-01,2025-02-01,2026-12-31,1000,Office"


@pytest.mark.parametrize(
    ("index", "cell", "column", "message"),
    [
        (2, "treaty", "agreement_type", "agreement_type must be one of: " + ", ".join(AGREEMENT_TYPES)),
        (4, " ; ", "parties", "parties holds no name"),
        (5, "", "countries", "countries is required but blank"),
        (6, "done", "status", "status must be one of: " + ", ".join(AGREEMENT_STATUSES)),
        (8, "", "signed_date", "signed_date is required when status is signed"),
        (8, "2024-12-31", "signed_date", "signed_date is before proposed_date 2025-01-01"),
        (9, "2025-01-15", "end_date", "end_date is before signed_date 2025-02-01"),
        (10, "-1", "value_usd", "value_usd must be 0 or more"),
    ],
)
def test_agreement_rules_reject_the_row(make_data, index, cell, column, message):
    cells = AGREEMENT_ROW.split(",")
    cells[index] = cell
    _, report = load_folder(make_data(agreements=AGREEMENTS_HEADER + "\n" + ",".join(cells) + "\n"))
    assert [(p.line, p.column, p.message) for p in problems_of(report, "agreements.csv")] == [(2, column, message)]


def test_unsigned_agreement_end_date_is_checked_against_proposed_date(make_data):
    row = "A1,Title,association,,Org A,IR;RU,proposed,2025-05-01,,2025-04-01,,"
    _, report = load_folder(make_data(agreements=AGREEMENTS_HEADER + "\n" + row + "\n"))
    assert [p.message for p in problems_of(report, "agreements.csv")] == ["end_date is before proposed_date 2025-05-01"]


def test_repeated_agreement_id_is_rejected(make_data):
    _, report = load_folder(make_data(agreements=AGREEMENTS_HEADER + "\n" + AGREEMENT_ROW + "\n" + AGREEMENT_ROW + "\n"))
    assert [p.message for p in problems_of(report, "agreements.csv")] == ["agreement_id A1 repeats the id first used on line 2"]


def test_targets_rules_and_repeats(make_data):
    targets = "year,metric,program,target\n2025,admissions,,1000\n2025,tickets,,5\n2025,films,,-1\n2025,admissions,,2000\nx,films,,1\n"
    _, report = load_folder(make_data(targets=targets))
    assert [(p.line, p.column, p.message) for p in problems_of(report, "targets.csv")] == [
        (3, "metric", "metric must be one of: screenings, admissions, films, agreements_signed"),
        (4, "target", "target must be 0 or more"),
        (5, "program", "repeats the row for (2025, admissions, all) first given on line 2"),
        (6, "year", "year is not a whole number"),
    ]
    assert_counts_balance(report)


def test_suspicious_rows_are_kept_with_warnings(make_data):
    screenings = screenings_with(GOOD_ROW, GOOD_ROW.replace("S1", "S2"))
    attendance = ATTENDANCE_HEADER + "\nS1,paid,90,,\nS1,invited,20,,\n"
    agreements = (
        AGREEMENTS_HEADER
        + "\nA1,Old plan,memorandum,,Org,IR,negotiating,2024-01-01,,2025-01-01,,\nA2,Done,memorandum,,Org,IR,completed,2024-01-01,2024-02-01,2025-01-01,,\n"
    )
    con, report = load_folder(make_data(screenings=screenings, attendance=attendance, agreements=agreements))
    warnings = [(p.file, p.line, p.column, p.message) for p in report.problems if p.severity == "warning"]
    assert warnings == [
        ("agreements.csv", 2, "end_date", "end_date 2025-01-01 has passed but the status is still negotiating"),
        ("screenings.csv", 2, "seats", "admissions 110 are above the 100 seats of this screening"),
        ("screenings.csv", 3, "screening_id", "screening S2 has no attendance rows in attendance.csv"),
    ]
    assert report.ok
    assert con.execute("SELECT count(*) FROM screenings").fetchone() == (2,)
    assert report.file("screenings.csv").status == "warnings"


def test_a_file_with_many_problems_loses_nothing(make_data):
    rows = [GOOD_ROW.replace("S1", f"S{i}") for i in range(1, 30)]
    rows[3] = rows[3].replace("2025-03-01", "bad")
    rows[7] = rows[7].replace("S8", "S2")
    rows[9] = "too,few"
    con, report = load_folder(make_data(screenings=screenings_with(*rows)))
    file = report.file("screenings.csv")
    assert (file.rows_read, file.rows_loaded, file.rows_rejected) == (29, 26, 3)
    assert con.execute("SELECT count(*) FROM screenings").fetchone() == (26,)


def test_sample_data_loads_with_nothing_rejected():
    _, report = load_folder(Path(__file__).resolve().parent.parent / "data")
    assert report.ok
    assert all(file.rows_rejected == 0 for file in report.files)
    assert_counts_balance(report)
