"""Known-answer tests of kpi_summary (data contract section 3), worked out by hand on a tiny data set."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import AGREEMENTS_HEADER, ATTENDANCE_HEADER, SCREENINGS_HEADER

from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.filters import Filters

# S1 70 admissions of 100 seats; S2 a co-production, 2 sessions, 150 of 200; S3 a programme with an apostrophe,
# 3 sessions, seats unknown; S4 online, seats unknown; S5 in 2024, 40 of 50; S6 seats 0 (known, not above zero).
SCREENINGS = f"""{SCREENINGS_HEADER}
S1,2025-01-10,Russian Film Days in Iran,,Film A,RU,drama,IR,Tehran,,cinema,100,1
S2,2025-02-15,Russian Film Days in Iran,,Film B,IR;RU,animation,IR,Tehran,,cinema,200,2
S3,2025-03-01,Children's Film Week,,Film A,RU,drama,RU,Moscow,,cinema,,3
S4,2025-06-01,Caspian Film Program,,Film C,KZ,drama,KZ,Aktau,,online,,1
S5,2024-12-31,Caspian Film Program,,Film D,AZ,drama,AZ,Baku,,cinema,50,1
S6,2025-04-01,Caspian Film Program,,Film E,TM,drama,RU,Astrakhan,,cinema,0,1
"""
ATTENDANCE = f"""{ATTENDANCE_HEADER}
S1,paid,60,,
S1,invited,10,,
S2,paid,150,,
S3,paid,90,,
S4,online,500,,
S5,paid,40,,
S6,paid,0,,
"""
AGREEMENTS = f"""{AGREEMENTS_HEADER}
A1,Film days memorandum,memorandum,Russian Film Days in Iran,Org A;Org B,IR;RU,signed,2024-11-01,2025-03-01,,,
A2,Caspian route,festival-exchange,Caspian Film Program,Org C,AZ;KZ,in-progress,2024-01-01,2024-06-01,,,
A3,Association,association,,Org A,IR,proposed,2025-01-01,,,,
A4,Children's week,festival-exchange,Children's Film Week,Org D,RU,completed,2025-01-01,2025-05-05,,,
"""
YEAR_2025 = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)}

CASES = [
    ("no filters", Filters(), (9, 850, 260 / 350, 5, 3)),
    ("the year 2025", Filters(**YEAR_2025), (8, 810, 220 / 300, 4, 2)),
    ("a programme with an apostrophe", Filters(programs=("Children's Film Week",)), (3, 90, None, 1, 1)),
    ("host Iran", Filters(host_countries=("IR",)), (3, 220, 220 / 300, 2, 1)),
    ("film country Russia (co-production included)", Filters(film_countries=("RU",)), (6, 310, 220 / 300, 2, 3)),
    # No screening matches: nothing is known of admissions, so they are empty, not 0 (unknown is not zero).
    ("Iranian films in Russia: none", Filters(host_countries=("RU",), film_countries=("IR",)), (0, None, None, 0, 2)),
    (
        "two programmes in 2025",
        Filters(programs=("Caspian Film Program", "Russian Film Days in Iran"), **YEAR_2025),
        (5, 720, 220 / 300, 4, 1),
    ),
]


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Database:
    folder = tmp_path_factory.mktemp("kpi")
    (folder / "screenings.csv").write_text(SCREENINGS, encoding="utf-8")
    (folder / "attendance.csv").write_text(ATTENDANCE, encoding="utf-8")
    (folder / "agreements.csv").write_text(AGREEMENTS, encoding="utf-8")
    database = Database(folder)
    assert database.report.ok
    return database


@pytest.mark.parametrize(("label", "filters", "expected"), CASES, ids=[case[0] for case in CASES])
def test_kpi_summary_equals_the_hand_worked_answer(database, label, filters, expected):
    result = database.run(load_catalogue()["kpi_summary"], filters)
    assert list(result.frame.columns) == [
        "screenings",
        "admissions",
        "occupancy",
        "films",
        "agreements_signed",
        "screenings_with_admissions",
    ]
    assert len(result.frame) == 1
    row = result.frame.iloc[0]
    screenings, admissions, occupancy, films, agreements_signed = expected
    assert (int(row["screenings"]), int(row["films"]), int(row["agreements_signed"])) == (screenings, films, agreements_signed)
    assert (None if pd.isna(row["admissions"]) else int(row["admissions"])) == admissions
    # Every screening row here has attendance rows: the admissions of all matching sessions are known.
    assert int(row["screenings_with_admissions"]) == screenings
    if occupancy is None:
        assert pd.isna(row["occupancy"])  # NaN or NA: no row with known admissions and seats
    else:
        assert row["occupancy"] == pytest.approx(occupancy)


def test_previous_period_has_the_same_length_and_ends_the_day_before_start():
    filters = Filters(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31))
    previous = filters.previous()
    assert (previous.start, previous.end) == (dt.date(2025, 1, 29), dt.date(2025, 2, 28))
    assert Filters().previous() is None


def test_previous_period_kpis_are_the_kpis_of_that_period(database):
    filters = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31))
    previous = database.run(load_catalogue()["kpi_summary"], filters.previous()).frame.iloc[0]
    # 2024-12-01..2024-12-31 holds S5 only: 1 screening, 40 admissions of 50 seats
    assert (int(previous["screenings"]), int(previous["admissions"]), previous["occupancy"]) == (1, 40, pytest.approx(0.8))
