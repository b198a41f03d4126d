"""Unknown is not zero: blank admissions and screenings without attendance stay empty in every query; occupancy and
screenings_with_admissions count only what is known. Known answers worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import AGREEMENTS_HEADER, ATTENDANCE_HEADER, MINI_AGREEMENTS, SCREENINGS_HEADER, write_folder

from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.filters import Filters

# S1 RU film in IR: paid 60, invited blank -> known, 60 of 100 seats.
# S2 RU film in IR, 2 sessions: only blank rows -> unknown (its 200 seats stay out of occupancy).
# S3 IR film in RU: no attendance rows -> unknown.
# S4 IR film in RU, 3 sessions, seats unknown: 90 -> known, not in occupancy.
# S5 KZ film in KZ, seats 0: 0 people -> a known zero, not in occupancy (seats not above zero).
# S6 2024, RU film in IR: 40 of 80 seats.
# S7 2023 IR film in RU: no attendance -> unknown; S8 2023 RU film in IR: 25, seats unknown.
MIXED_SCREENINGS = f"""{SCREENINGS_HEADER}
S1,2025-01-10,P,,Film A,RU,drama,IR,Tehran,,cinema,100,1
S2,2025-02-15,P,,Film B,RU,drama,IR,Tehran,,cinema,200,2
S3,2025-03-01,P,,Film C,IR,drama,RU,Moscow,,festival,50,1
S4,2025-03-20,P,,Film D,IR,drama,RU,Moscow,,cinema,,3
S5,2025-05-05,Q,,Film E,KZ,drama,KZ,Aktau,,cinema,0,1
S6,2024-12-31,P,,Film A,RU,drama,IR,Tehran,,cinema,80,1
S7,2023-06-01,P,,Film F,IR,drama,RU,Moscow,,festival,,1
S8,2023-06-02,P,,Film G,RU,drama,IR,Tehran,,cinema,,1
"""
MIXED_ATTENDANCE = f"""{ATTENDANCE_HEADER}
S1,paid,60,,
S1,invited,,,
S2,paid,,100000,IRR
S2,invited,,,
S4,paid,90,,
S5,paid,0,,
S6,paid,40,,
S8,paid,25,,
"""
YEAR_2025 = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Database:
    folder = write_folder(
        tmp_path_factory.mktemp("mixed"),
        {"screenings.csv": MIXED_SCREENINGS, "attendance.csv": MIXED_ATTENDANCE, "agreements.csv": MINI_AGREEMENTS},
    )
    database = Database(folder)
    assert database.report.ok, database.report.problems
    return database


def run(database: Database, name: str, filters: Filters | None = None) -> pd.DataFrame:
    return database.run(load_catalogue()[name], filters or Filters()).frame


def value(cell: object) -> object:
    """A cell as a plain value: None for NULL (NaN or NA), else the number."""
    return None if pd.isna(cell) else cell


def kpis(database: Database, filters: Filters | None = None) -> tuple:
    row = run(database, "kpi_summary", filters).iloc[0]
    return (
        int(row["screenings"]),
        value(row["admissions"]),
        int(row["screenings_with_admissions"]),
        value(row["occupancy"]),
        int(row["films"]),
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # 1+2+1+3+1+1+1+1 sessions; 60+90+0+40+25 known; known sessions S1 1, S4 3, S5 1, S6 1, S8 1;
        # occupancy over S1 and S6 only: (60 + 40) / (100 + 80); films A..G.
        (Filters(), (11, 215, 7, 100 / 180, 7)),
        (YEAR_2025, (8, 150, 5, 60 / 100, 5)),
        # Russia: S3 unknown, S4 known without seats (and S7 unknown in 2023): no occupancy.
        (Filters(host_countries=("RU",)), (5, 90, 3, None, 3)),
        # Kazakhstan: a known zero stays 0.
        (Filters(host_countries=("KZ",)), (1, 0, 1, None, 1)),
        # February 2025: S2 only, all its attendance blank.
        (Filters(start=dt.date(2025, 2, 1), end=dt.date(2025, 2, 28)), (2, None, 0, None, 1)),
        # Nothing matches: nothing is known.
        (Filters(start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31)), (0, None, 0, None, 0)),
    ],
    ids=["all", "2025", "host RU", "host KZ", "February 2025", "none"],
)
def test_kpi_summary_counts_only_known_admissions(mixed, filters, expected):
    screenings, admissions, known, occupancy, films = kpis(mixed, filters)
    assert (screenings, admissions, known, films) == (expected[0], expected[1], expected[2], expected[4])
    assert occupancy == (pytest.approx(expected[3]) if expected[3] is not None else None)


def test_a_month_with_no_known_admissions_is_empty_and_a_quiet_month_has_no_screenings(mixed):
    frame = run(mixed, "kpi_by_month", YEAR_2025).set_index("month")
    months = {index.date().isoformat()[:7]: row for index, row in frame.iterrows()}
    assert list(months) == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
    got = {
        month: (int(row["screenings"]), value(row["admissions"]), int(row["screenings_with_admissions"])) for month, row in months.items()
    }
    assert got == {
        "2025-01": (1, 60, 1),
        "2025-02": (2, None, 0),
        "2025-03": (4, 90, 3),
        "2025-04": (0, None, 0),
        "2025-05": (1, 0, 1),
    }


def test_the_exchange_balance_is_empty_when_a_direction_had_screenings_but_no_known_admissions(mixed):
    frame = run(mixed, "exchange_balance_by_year").set_index("year")
    rows = {
        int(year): (
            value(row["admissions_a_to_b"]),
            value(row["admissions_b_to_a"]),
            int(row["screenings_with_admissions_a_to_b"]),
            int(row["screenings_with_admissions_b_to_a"]),
            value(row["admissions_balance"]),
        )
        for year, row in frame.iterrows()
    }
    assert rows == {
        # IR→RU: S7 without attendance; RU→IR: S8 25.
        2023: (None, 25, 0, 1, None),
        # RU→IR only: S6 40; nothing went IR→RU, which counts 0.
        2024: (None, 40, 0, 1, -40),
        # IR→RU: S3 unknown + S4 90; RU→IR: S1 60 + S2 unknown.
        2025: (90, 60, 3, 1, 30),
    }
    assert frame.loc[2025, "admissions_ratio"] == pytest.approx(90 / 60)
    assert pd.isna(frame.loc[2023, "admissions_ratio"])


def test_occupancy_bands_count_only_rows_with_known_admissions_and_seats(mixed):
    frame = run(mixed, "screenings_by_occupancy_band")
    # S1 60/100 -> band 0.6, S6 40/80 -> band 0.5; S2 (unknown) is left out though its seats are known.
    assert [(round(row.band_start, 1), int(row.screening_rows)) for row in frame.itertuples()] == [(0.5, 1), (0.6, 1)]


def test_the_programme_scoreboard_says_how_many_screenings_have_known_admissions(mixed):
    frame = run(mixed, "kpis_by_program").set_index("program")
    assert (int(frame.loc["P", "screenings"]), int(frame.loc["P", "admissions"]), int(frame.loc["P", "screenings_with_admissions"])) == (
        10,
        215,
        6,
    )
    assert (int(frame.loc["Q", "admissions"]), int(frame.loc["Q", "screenings_with_admissions"])) == (0, 1)


# -- a folder whose screenings have no attendance: no zero admissions anywhere ----------------------------------
NO_ATTENDANCE_SCREENINGS = f"""{SCREENINGS_HEADER}
N1,2025-04-14,Eurasian Film Academy,,Film A,RU,drama,IR,Tehran,,festival,300,2
N2,2025-06-12,SCO Filmmakers Working Group,,Film B,IR,animation,RU,Moscow,,festival,200,1
N3,2025-08-20,Caspian Film Program,,Film C,IR;RU,drama,RU,Caspian Sea (on board),MV Kaspiy,on-board,150,1
N4,2025-08-21,Caspian Film Program,,Film D,AZ,documentary,AZ,Baku,,open-air,,1
N5,2025-09-20,Russian Film Days in Iran,,Film A,RU,drama,IR,Isfahan,,online,,1
"""
NO_ATTENDANCE_FILMS = """film_id,original_title,title_en,countries
F1,Фильм А,Film A,RU
"""
# Releases that give no gross and no admissions: unknown too.
NO_ATTENDANCE_RELEASES = """release_id,film_title,film_country,host_country,release_date,gross,currency,admissions
R1,Film B,IR,RU,2025-03-01,,,
R2,Film A,RU,IR,2025-04-01,,,
"""
NO_ATTENDANCE_AGREEMENTS = f"""{AGREEMENTS_HEADER}
A1,Academy sessions,academy,Eurasian Film Academy,Org A,IR;RU,signed,2024-11-01,2025-01-15,,,
"""
# Columns that carry a number of people or a ratio of them: all must be empty when nobody was counted.
COUNTED_COLUMNS = ("admissions", "admissions_a_to_b", "admissions_b_to_a", "admissions_balance", "admissions_ratio", "admissions_share")
COUNTED_COLUMNS += ("hosted_admissions", "occupancy")


@pytest.fixture(scope="module")
def uncounted(tmp_path_factory) -> Database:
    folder = write_folder(
        tmp_path_factory.mktemp("uncounted"),
        {
            "screenings.csv": NO_ATTENDANCE_SCREENINGS,
            "attendance.csv": ATTENDANCE_HEADER + "\n",
            "agreements.csv": NO_ATTENDANCE_AGREEMENTS,
            "films.csv": NO_ATTENDANCE_FILMS,
            "releases.csv": NO_ATTENDANCE_RELEASES,
        },
    )
    database = Database(folder)
    assert database.report.ok, database.report.problems
    return database


def test_kpi_summary_of_screenings_without_attendance_has_empty_admissions_and_none_known(uncounted):
    assert kpis(uncounted) == (6, None, 0, None, 4)


@pytest.mark.parametrize("name", sorted(load_catalogue()))
def test_no_query_shows_zero_admissions_for_screenings_nobody_counted(uncounted, name):
    query = load_catalogue()[name]
    frame = uncounted.run(query, Filters(film_key="F1")).frame
    for column in frame.columns:
        if column in COUNTED_COLUMNS:
            assert frame[column].isna().all(), f"{name}.{column} shows {frame[column].tolist()}"
        if column.startswith("screenings_with_admissions") or column.endswith("rows_with_admissions"):
            assert (frame[column].fillna(0) == 0).all(), f"{name}.{column}"


def test_the_queries_that_show_admissions_return_rows_for_the_uncounted_folder(uncounted):
    """The test above would pass on empty results: the queries that carry admissions do return rows here."""
    catalogue = load_catalogue()
    with_rows = []
    for name, query in catalogue.items():
        frame = uncounted.run(query, Filters(film_key="F1")).frame
        if set(frame.columns) & set(COUNTED_COLUMNS) and len(frame):
            with_rows.append(name)
    assert {
        "kpi_summary",
        "kpi_by_month",
        "kpis_by_program",
        "admissions_by_film",
        "admissions_by_host_country",
        "exchange_by_year_and_direction",
        "exchange_balance_by_year",
        "caspian_coverage_by_country",
        "caspian_onboard_events",
        "sco_participation_by_member_and_year",
        "academy_screenings_by_country",
        "film_details",
        "screenings_by_film",
        "distribution_by_year_and_direction",
    } <= set(with_rows)


def test_blank_admissions_load_as_unknown_and_a_bad_one_is_still_rejected(tmp_path):
    folder = write_folder(
        tmp_path / "data",
        {
            "screenings.csv": MIXED_SCREENINGS,
            "attendance.csv": f"{ATTENDANCE_HEADER}\nS1,paid,,100,IRR\nS1,invited,x,,\n",
            "agreements.csv": MINI_AGREEMENTS,
        },
    )
    database = Database(folder)
    problems = [(p.line, p.column, p.message) for p in database.report.problems if p.file == "attendance.csv"]
    assert problems == [(3, "admissions", "admissions is not a whole number")]
    assert database.cursor().execute("SELECT admissions, gross::DOUBLE FROM attendance").fetchall() == [(None, 100.0)]


def test_attendance_without_an_admissions_column_is_still_a_file_error(tmp_path):
    folder = write_folder(
        tmp_path / "data",
        {
            "screenings.csv": MIXED_SCREENINGS,
            "attendance.csv": "screening_id,ticket_type,gross,currency\nS1,paid,100,IRR\n",
            "agreements.csv": MINI_AGREEMENTS,
        },
    )
    report = Database(folder).report
    assert report.file("attendance.csv").file_error.startswith("attendance.csv has no column admissions")
