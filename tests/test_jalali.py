"""Solar Hijri calendar: known answers across year boundaries and leap years, and the queries grouping by it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import ATTENDANCE_HEADER, SCREENINGS_HEADER

from cinecoop import jalali
from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.filters import Filters

# (Solar Hijri year, month, day) and the Gregorian date as Iran's official calendar has them: 1399 and 1403 are leap
# years (Esfand has 30 days), 1402 and 1404 are not; Nowruz fell on 20 March in 2024 and on 21 March in 2021, 2025, 2026.
KNOWN = [
    ((1399, 12, 30), dt.date(2021, 3, 20)),  # the leap day of 1399
    ((1400, 1, 1), dt.date(2021, 3, 21)),  # Nowruz 1400
    ((1402, 12, 29), dt.date(2024, 3, 19)),  # 1402 is common: its Esfand ends on the 29th
    ((1403, 1, 1), dt.date(2024, 3, 20)),  # Nowruz 1403 falls on 20 March
    ((1403, 6, 31), dt.date(2024, 9, 21)),  # the last 31-day month
    ((1403, 7, 1), dt.date(2024, 9, 22)),  # Mehr: the first 30-day month
    ((1403, 10, 11), dt.date(2024, 12, 31)),  # the Gregorian year ends in Dey
    ((1403, 10, 12), dt.date(2025, 1, 1)),
    ((1403, 12, 30), dt.date(2025, 3, 20)),  # the leap day of 1403
    ((1404, 1, 1), dt.date(2025, 3, 21)),  # Nowruz 1404
    ((1404, 12, 29), dt.date(2026, 3, 20)),  # 1404 is common
    ((1405, 1, 1), dt.date(2026, 3, 21)),
]


@pytest.mark.parametrize(("solar_hijri", "gregorian"), KNOWN)
def test_a_solar_hijri_date_converts_to_its_gregorian_day(solar_hijri, gregorian):
    assert jalali.to_gregorian(*solar_hijri) == gregorian


@pytest.mark.parametrize(("solar_hijri", "gregorian"), KNOWN)
def test_a_gregorian_day_converts_back_to_its_solar_hijri_date(solar_hijri, gregorian):
    assert jalali.from_gregorian(gregorian) == solar_hijri


@pytest.mark.parametrize(("year", "leap"), [(1399, True), (1400, False), (1402, False), (1403, True), (1404, False), (1408, True)])
def test_esfand_has_thirty_days_only_in_leap_years(year, leap):
    assert jalali.is_leap(year) is leap
    assert jalali.month_length(year, 12) == (30 if leap else 29)


@pytest.mark.parametrize("date", [(1404, 12, 30), (1402, 12, 30), (1403, 13, 1), (1403, 7, 31)])
def test_a_day_that_does_not_exist_is_refused(date):
    with pytest.raises(ValueError):
        jalali.to_gregorian(*date)


def test_every_day_of_a_century_round_trips():
    for gregorian, year, month, day in jalali.calendar_rows(1380, 1420):
        assert jalali.from_gregorian(gregorian) == (year, month, day)
        assert jalali.to_gregorian(year, month, day) == gregorian


# Three screenings around Nowruz 1404: the last day of 1403 (a leap-year Esfand 30), Nowruz, and the day after.
NOWRUZ_SCREENINGS = f"""{SCREENINGS_HEADER}
N1,2025-03-20,Iranian Film Week in Russia,,Film A,IR,drama,RU,Moscow,Karo,cinema,100,1
N2,2025-03-21,Iranian Film Week in Russia,,Film B,IR,drama,RU,Moscow,Karo,cinema,100,2
N3,2025-03-22,Russian Film Days in Iran,,Film C,RU,drama,IR,Tehran,Charsou,cinema,100,3
"""
NOWRUZ_ATTENDANCE = f"""{ATTENDANCE_HEADER}
N1,paid,10,,
N2,paid,20,,
N3,paid,40,,
"""


@pytest.fixture
def nowruz_database(make_data) -> Database:
    return Database(make_data(screenings=NOWRUZ_SCREENINGS, attendance=NOWRUZ_ATTENDANCE))


def run(database: Database, name: str, calendar: str):
    return database.run(load_catalogue()[name], Filters(calendar=calendar)).frame


def test_screening_facts_carry_the_solar_hijri_year_and_month(nowruz_database):
    rows = nowruz_database.cursor().execute("SELECT screening_id, jyear, jmonth, jmonth_start FROM screening_facts ORDER BY 1").fetchall()
    assert rows == [
        ("N1", 1403, 12, dt.date(2025, 2, 19)),  # 1403/12/01 is 19 February 2025
        ("N2", 1404, 1, dt.date(2025, 3, 21)),
        ("N3", 1404, 1, dt.date(2025, 3, 21)),
    ]


def test_jalali_grouping_puts_the_day_before_nowruz_in_esfand_and_nowruz_in_farvardin(nowruz_database):
    frame = run(nowruz_database, "screenings_by_month_and_program", "jalali")
    by_month = frame.groupby("month")["admissions"].sum()
    assert {pd_date.date(): int(value) for pd_date, value in by_month.items()} == {dt.date(2025, 2, 19): 10, dt.date(2025, 3, 21): 60}


def test_gregorian_grouping_keeps_all_three_days_in_march(nowruz_database):
    frame = run(nowruz_database, "screenings_by_month_and_program", "gregorian")
    assert {month.date() for month in frame["month"]} == {dt.date(2025, 3, 1)}
    assert int(frame["admissions"].sum()) == 70


def test_kpi_by_month_lists_every_solar_hijri_month_of_the_span(nowruz_database):
    # The mini agreement A1 was signed on 2025-01-15, which is 1403/10/26 (Dey): the span runs from Dey to Farvardin,
    # and Bahman, with nothing in it, is still a row.
    frame = run(nowruz_database, "kpi_by_month", "jalali")
    assert [month.date() for month in frame["month"]] == [
        dt.date(2024, 12, 21),  # 1403/10/01
        dt.date(2025, 1, 20),  # 1403/11/01
        dt.date(2025, 2, 19),  # 1403/12/01
        dt.date(2025, 3, 21),  # 1404/01/01
    ]
    assert frame["screenings"].tolist() == [0, 0, 1, 5]
    # Dey and Bahman held no screening: nothing is known of their admissions (empty, not 0).
    assert [None if pd.isna(value) else value for value in frame["admissions"]] == [None, None, 10, 60]
    assert frame["agreements_signed"].tolist() == [1, 0, 0, 0]


def test_exchange_by_year_uses_the_solar_hijri_year_from_nowruz(nowruz_database):
    frame = run(nowruz_database, "exchange_by_year_and_direction", "jalali")
    years = {(int(row.year), row.direction): int(row.admissions) for row in frame.itertuples()}
    assert years == {(1403, "IR→RU"): 10, (1404, "IR→RU"): 20, (1404, "RU→IR"): 40}
    gregorian = run(nowruz_database, "exchange_by_year_and_direction", "gregorian")
    assert set(gregorian["year"]) == {2025}


def test_nowruz_agrees_with_the_independent_break_point_arithmetic_for_every_year_the_contract_allows():
    # cinecoop.jalali counts with jdatetime; the sample generator keeps its own jalaali-js arithmetic on purpose.
    from cinecoop.samplegen import _nowruz

    assert [jalali.nowruz(year) for year in range(1300, 1500)] == [_nowruz(year) for year in range(1300, 1500)]
    assert jalali.nowruz(1300) == dt.date(1921, 3, 21) and jalali.nowruz(1403) == dt.date(2024, 3, 20)
