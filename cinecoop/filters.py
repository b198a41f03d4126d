"""The dashboard's global filters, their previous period, and their link (query-string) form."""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from cinecoop.i18n import CALENDARS, t

DEFAULT_FOCUS = ("IR", "RU")


@dataclass(frozen=True)
class Filters:
    """Filters of data contract section 3; None or an empty tuple means "all"."""

    start: dt.date | None = None
    end: dt.date | None = None
    programs: tuple[str, ...] = ()
    host_countries: tuple[str, ...] = ()
    film_countries: tuple[str, ...] = ()
    focus: tuple[str, str] = field(default=DEFAULT_FOCUS)
    # How queries group months and years: "gregorian" or "jalali" (Solar Hijri); the dates themselves stay Gregorian.
    calendar: str = "gregorian"
    # The film of a film page (/film?film=ID): a film_id, or ~ and a title's key (the film_key of the queries); None elsewhere.
    film_key: str | None = None
    # The country of a country page (/country?country=IR) and the agreement of an agreement page (/agreement?agreement=A1).
    country_key: str | None = None
    agreement_key: str | None = None

    def parameters(self) -> dict[str, object]:
        """Every global parameter a query may use, by its SQL name."""
        return {
            "start_date": self.start,
            "end_date": self.end,
            "programs": list(self.programs),
            "host_countries": list(self.host_countries),
            "film_countries": list(self.film_countries),
            "country_a": self.focus[0],
            "country_b": self.focus[1],
            "calendar": self.calendar if self.calendar in CALENDARS else "gregorian",
            "film_key": self.film_key,
            "country_key": self.country_key,
            "agreement_key": self.agreement_key,
        }

    def previous(self, through: dt.date | None = None) -> Filters | None:
        """The period the changes compare with; None without both dates. `through` is the last day the data reach.

        A calendar period compares with the same days a year earlier: a whole year (2025 with 2024; in the Solar Hijri
        calendar from Nowruz), and a year to date, from the year's first day to the data's last day (1 January to
        31 October 2026 with 1 January to 31 October 2025). A whole year the data stop inside is a year to date: 2026
        on data to 31 October compares with 1 January to 31 October 2025, not with all of 2025. Any other range
        compares with the period of the same length that ends the day before start (data contract, section 3)."""
        if self.start is None or self.end is None:
            return None
        year_before = _calendar_period_a_year_earlier(self.start, self.end, self.calendar, through)
        if year_before is not None:
            return replace(self, start=year_before[0], end=year_before[1])
        length = (self.end - self.start).days + 1
        end = self.start - dt.timedelta(days=1)
        return replace(self, start=end - dt.timedelta(days=length - 1), end=end)

    def calendar_period(self, through: dt.date | None = None) -> bool:
        """True when the dates are a whole year or a year to date of the calendar (what previous() compares a year back)."""
        return (
            self.start is not None
            and self.end is not None
            and _calendar_period_a_year_earlier(self.start, self.end, self.calendar, through) is not None
        )

    def query_string(self) -> dict[str, list[str]]:
        """The link form of data contract section 6 (start, end, program, host, film)."""
        link: dict[str, list[str]] = {}
        if self.start:
            link["start"] = [self.start.isoformat()]
        if self.end:
            link["end"] = [self.end.isoformat()]
        if self.programs:
            link["program"] = list(self.programs)
        if self.host_countries:
            link["host"] = list(self.host_countries)
        if self.film_countries:
            link["film"] = list(self.film_countries)
        return link

    def describe(self) -> str:
        """The filters in words, for captions and briefs."""
        parts = []
        if self.start or self.end:
            start = self.start.isoformat() if self.start else "the first screening"
            end = self.end.isoformat() if self.end else "the latest"
            parts.append(f"from {start} to {end}")
        else:
            parts.append("all dates")
        parts.append("programmes: " + (", ".join(self.programs) if self.programs else "all"))
        parts.append("host countries: " + (", ".join(self.host_countries) if self.host_countries else "all"))
        parts.append("film countries: " + (", ".join(self.film_countries) if self.film_countries else "all"))
        return "; ".join(parts)


def _calendar_period_a_year_earlier(start: dt.date, end: dt.date, calendar: str, through: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The same days a year earlier for a whole year or a year to date of the calendar (see Filters.previous); None for
    any other range."""
    from cinecoop import jalali

    if end < start:
        return None
    if calendar == "jalali":
        year = jalali.from_gregorian(start)[0]
        first, last = jalali.nowruz(year), jalali.nowruz(year + 1) - dt.timedelta(days=1)
    else:
        year = start.year
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if start != first or end > last:
        return None
    if through is not None and start <= through < end:
        end = through  # the data stop inside the range: the year so far
    elif end != last and end != through:
        return None
    return _same_days_a_year_earlier(start, end, calendar)


def _same_days_a_year_earlier(start: dt.date, end: dt.date, calendar: str) -> tuple[dt.date, dt.date]:
    """For a range from the first day of a year (of the calendar) to a day of that same year: the same days a year earlier,
    where a month that ends the range whole stays whole (1403 had 30 days in Esfand, 1404 has 29; February has 28 or 29
    days)."""
    from cinecoop import jalali

    if calendar == "jalali":
        year, month, day = jalali.from_gregorian(end)
        whole = day == jalali.month_length(year, month)
        last = jalali.month_length(year - 1, month) if whole else min(day, jalali.month_length(year - 1, month))
        return jalali.nowruz(year - 1), jalali.to_gregorian(year - 1, month, last)
    month_days = calendar_module.monthrange(end.year - 1, end.month)[1]
    whole = end.day == calendar_module.monthrange(end.year, end.month)[1]
    return dt.date(start.year - 1, 1, 1), dt.date(end.year - 1, end.month, month_days if whole else min(end.day, month_days))


def parse_date(text: str) -> dt.date | None:
    """A YYYY-MM-DD date from a link or the command line, None when it is not one."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class LinkReading:
    """Filters read from a link, and a note for each value that was dropped."""

    filters: Filters
    dropped: tuple[str, ...]


def from_query_string(
    params: dict[str, list[str]],
    known_programs: set[str],
    known_countries: set[str],
    language: str = "en",
    bounds: tuple[dt.date, dt.date] | None = None,
) -> LinkReading:
    """Read filters from a link; invalid values (and dates outside `bounds`, the dates the data can have) are dropped
    with a note in the language, never raised."""
    dropped: list[str] = []

    def one_date(name: str) -> dt.date | None:
        values = params.get(name) or []
        if not values:
            return None
        value = parse_date(values[-1])
        if value is None:
            dropped.append(t("{name}={value} is not a YYYY-MM-DD date", language, name=name, value=repr(values[-1])))
        elif bounds is not None and not bounds[0] <= value <= bounds[1]:
            dropped.append(
                t(
                    "{name}={value} lies outside the dates the data can show ({first} to {last})",
                    language,
                    name=name,
                    value=value.isoformat(),
                    first=bounds[0].isoformat(),
                    last=bounds[1].isoformat(),
                )
            )
            value = None
        return value

    def many(name: str, known: set[str], note: Callable[[str], str], upper: bool = False) -> tuple[str, ...]:
        kept: list[str] = []
        for value in params.get(name) or []:
            candidate = value.strip().upper() if upper else value
            if candidate in known:
                if candidate not in kept:
                    kept.append(candidate)
            else:
                dropped.append(note(repr(value)))
        return tuple(kept)

    start = one_date("start")
    end = one_date("end")
    if start and end and start > end:
        dropped.append(t("start {start} is after end {end}; both dates were dropped", language, start=start, end=end))
        start = end = None
    filters = Filters(
        start=start,
        end=end,
        programs=many("program", known_programs, lambda value: t("program={value} is not a known programme", language, value=value)),
        host_countries=many(
            "host", known_countries, lambda value: t("host={value} is not a known country code", language, value=value), upper=True
        ),
        film_countries=many(
            "film", known_countries, lambda value: t("film={value} is not a known country code", language, value=value), upper=True
        ),
    )
    return LinkReading(filters, tuple(dropped))
