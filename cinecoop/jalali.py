"""Solar Hijri (Jalali) calendar arithmetic, used to build the calendar table once."""

from __future__ import annotations

from datetime import date, timedelta

# The 33-year cycle break points of the astronomical Jalali calendar (jalaali-js).
_BREAKS = (
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097,
    2192, 2262, 2324, 2394, 2456, 3178,
)  # fmt: skip


def _jal_cal(jy: int) -> tuple[int, int, int]:
    """Return (leap, gregorian year, March day of Nowruz) for Jalali year jy."""
    gy = jy + 621
    leap_j = -14
    jp = _BREAKS[0]
    jump = 0
    for jm in _BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += jump // 33 * 8 + (jump % 33) // 4
        jp = jm
    n = jy - jp
    leap_j += n // 33 * 8 + (n % 33 + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leap_j += 1
    leap_g = gy // 4 - (gy // 100 + 1) * 3 // 4 - 150
    march = 20 + leap_j - leap_g
    if jump - n < 6:
        n = n - jump + (jump + 4) // 33 * 33
    leap = ((n + 1) % 33 - 1) % 4
    if leap == -1:
        leap = 4
    return leap, gy, march


def is_leap(jy: int) -> bool:
    """True when Esfand of jy has 30 days."""
    return _jal_cal(jy)[0] == 0


def month_length(jy: int, jm: int) -> int:
    """Days in Jalali month jm (1-12) of year jy."""
    if jm <= 6:
        return 31
    if jm <= 11:
        return 30
    return 30 if is_leap(jy) else 29


def nowruz(jy: int) -> date:
    """The Gregorian date of 1 Farvardin of jy."""
    _, gy, march = _jal_cal(jy)
    return date(gy, 3, march)


def to_gregorian(jy: int, jm: int, jd: int) -> date:
    """Convert a Jalali date; raises ValueError when it does not exist."""
    if not 1 <= jm <= 12 or not 1 <= jd <= month_length(jy, jm):
        raise ValueError(f"{jy}/{jm:02d}/{jd:02d} is not a Solar Hijri date")
    offset = (jm - 1) * 31 if jm <= 7 else 186 + (jm - 7) * 30
    return nowruz(jy) + timedelta(days=offset + jd - 1)


def from_gregorian(day: date) -> tuple[int, int, int]:
    """Convert a Gregorian date to (year, month, day) in the Solar Hijri calendar."""
    jy = day.year - 621
    if day < nowruz(jy):
        jy -= 1
    offset = (day - nowruz(jy)).days
    if offset < 186:
        return jy, offset // 31 + 1, offset % 31 + 1
    offset -= 186
    return jy, offset // 30 + 7, offset % 30 + 1


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
