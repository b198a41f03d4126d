"""The Solar Hijri (Jalali) calendar, as the kept library jdatetime counts it, in the few shapes the loader and pages use.

jdatetime was checked against the astronomical 33-year-cycle arithmetic this module held before (jalaali-js): the same
Nowruz and the same leap years for every year from 1300 to 1499, the years the data contract allows."""

from __future__ import annotations

from datetime import date, timedelta

import jdatetime


def is_leap(jy: int) -> bool:
    """True when Esfand of jy has 30 days."""
    return jdatetime.date(jy, 1, 1).isleap()


def month_length(jy: int, jm: int) -> int:
    """Days in Jalali month jm (1-12) of year jy."""
    if jm <= 6:
        return 31
    if jm <= 11:
        return 30
    return 30 if is_leap(jy) else 29


def nowruz(jy: int) -> date:
    """The Gregorian date of 1 Farvardin of jy."""
    return jdatetime.date(jy, 1, 1).togregorian()


def to_gregorian(jy: int, jm: int, jd: int) -> date:
    """Convert a Jalali date; raises ValueError when it does not exist."""
    if not 1 <= jm <= 12 or not 1 <= jd <= month_length(jy, jm):
        raise ValueError(f"{jy}/{jm:02d}/{jd:02d} is not a Solar Hijri date")
    return jdatetime.date(jy, jm, jd).togregorian()


def from_gregorian(day: date) -> tuple[int, int, int]:
    """Convert a Gregorian date to (year, month, day) in the Solar Hijri calendar."""
    converted = jdatetime.date.fromgregorian(date=day)
    return converted.year, converted.month, converted.day


def calendar_rows(first_year: int = 1300, last_year: int = 1499) -> list[tuple[date, int, int, int]]:
    """Every day of Jalali years first_year..last_year as (gregorian, jy, jm, jd)."""
    rows: list[tuple[date, int, int, int]] = []
    for jy in range(first_year, last_year + 1):
        day = nowruz(jy)
        for jm in range(1, 13):
            for jd in range(1, month_length(jy, jm) + 1):
                rows.append((day, jy, jm, jd))
                day += timedelta(days=1)
    return rows
