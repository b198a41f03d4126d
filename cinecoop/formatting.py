"""Numbers, percents, dates and months written the way the reader's language writes them, in the chosen calendar."""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from cinecoop import jalali
from cinecoop.i18n import language_or_default

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# (thousands mark, decimal mark, what goes between a number and its percent sign, the percent sign)
MARKS = {
    "en": (",", ".", "", "%"),
    # Russian groups thousands with a non-breaking space (so a number never wraps) and writes "45,3 %".
    "ru": ("\u00a0", ",", "\u00a0", "%"),
    # Persian: the Arabic thousands separator and decimal mark, and the Arabic percent sign.
    "fa": ("٬", "٫", "", "٪"),
}
MISSING = "—"

GREGORIAN_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
    "ru": ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"),
    "fa": ("ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"),
}
GREGORIAN_MONTHS_SHORT = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "ru": ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
    "fa": GREGORIAN_MONTHS["fa"],
}
JALALI_MONTHS = {
    "en": ("Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand"),
    "ru": ("фарвардин", "ордибехешт", "хордад", "тир", "мордад", "шахривар", "мехр", "абан", "азар", "дей", "бахман", "эсфанд"),
    "fa": ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"),
}


def _language(language: str) -> str:
    return language_or_default(language)


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value)) or bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other containers are values, not gaps
        return False


def digits(text: object, language: str) -> str:
    """Text with its Latin digits written as Persian digits when the reader reads Persian."""
    return str(text).translate(PERSIAN_DIGITS) if _language(language) == "fa" else str(text)


def _marks(text: str, language: str) -> str:
    """Python's "1,234.5" with the language's thousands and decimal marks and digits."""
    group, decimal, _, _ = MARKS[language]
    swapped = text.replace(",", "\0").replace(".", decimal).replace("\0", group)
    return digits(swapped, language)


def format_number(value: object, language: str, decimals: int = 0) -> str:
    """A number with thousands grouped and `decimals` places, in the language's marks and digits; a dash when missing."""
    if is_missing(value):
        return MISSING
    language = _language(language)
    return _marks(f"{float(value):,.{decimals}f}" if decimals else f"{round(float(value)):,}", language)


def format_signed(value: object, language: str, decimals: int = 0) -> str:
    """A change with its sign always written (+12 / -12), for deltas."""
    if is_missing(value):
        return MISSING
    language = _language(language)
    return _marks(f"{float(value):+,.{decimals}f}" if decimals else f"{round(float(value)):+,}", language)


def format_percent(value: object, language: str, decimals: int = 1, signed: bool = False) -> str:
    """A ratio (0.453) as a percent ("45.3%", "45,3 %", "۴۵٫۳٪")."""
    if is_missing(value):
        return MISSING
    language = _language(language)
    _, _, space, sign = MARKS[language]
    number = f"{float(value) * 100:{'+' if signed else ''},.{decimals}f}"
    return _marks(number, language) + space + sign


def _as_date(value: object) -> dt.date | None:
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return pd.Timestamp(value).date()


def _in_calendar(value: object, calendar: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date in the calendar, None when there is no date."""
    day = _as_date(value)
    if day is None:
        return None
    return jalali.from_gregorian(day) if calendar == "jalali" else (day.year, day.month, day.day)


def format_date(value: object, language: str, calendar: str = "gregorian") -> str:
    """A date as the reader writes it: 2025-03-21 (English), 21.03.2025 (Russian), ۲۰۲۵/۰۳/۲۱ (Persian);
    in the Solar Hijri calendar YYYY/MM/DD in every language (۱۴۰۴/۰۱/۰۱)."""
    parts = _in_calendar(value, calendar)
    if parts is None:
        return MISSING
    language = _language(language)
    year, month, day_of_month = parts
    if language == "ru" and calendar != "jalali":
        return f"{day_of_month:02d}.{month:02d}.{year:04d}"
    if language == "en" and calendar != "jalali":
        return f"{year:04d}-{month:02d}-{day_of_month:02d}"
    return digits(f"{year:04d}/{month:02d}/{day_of_month:02d}", language)


def format_year(year: object, language: str) -> str:
    """A year number (Gregorian or Solar Hijri, as the data gives it) in the language's digits, never grouped."""
    if is_missing(year):
        return MISSING
    return digits(str(int(year)), language)


def month_parts(value: object, calendar: str = "gregorian") -> tuple[int, int]:
    """(year, month) of a date in the calendar."""
    day = _as_date(value)
    if calendar == "jalali":
        year, month, _ = jalali.from_gregorian(day)
        return year, month
    return day.year, day.month


def format_month(value: object, language: str, calendar: str = "gregorian", short: bool = False) -> str:
    """The month a date lies in, with its year: "March 2025", "март 2025", "فروردین ۱۴۰۴"."""
    if is_missing(value):
        return MISSING
    language = _language(language)
    year, month = month_parts(value, calendar)
    names = JALALI_MONTHS if calendar == "jalali" else (GREGORIAN_MONTHS_SHORT if short else GREGORIAN_MONTHS)
    return f"{names[language][month - 1]} {format_year(year, language)}"


# Russian names a day of a month in the genitive ("21 марта 2025").
GREGORIAN_MONTHS_OF = {
    **GREGORIAN_MONTHS,
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"),
}


def format_day(value: object, language: str, calendar: str = "gregorian") -> str:
    """A day in words, for sentences: "21 March 2025", "21 марта 2025", "۲۱ مارس ۲۰۲۵", "۱ فروردین ۱۴۰۴"."""
    parts = _in_calendar(value, calendar)
    if parts is None:
        return MISSING
    language = _language(language)
    year, month, day_of_month = parts
    names = JALALI_MONTHS if calendar == "jalali" else GREGORIAN_MONTHS_OF
    return f"{digits(day_of_month, language)} {names[language][month - 1]} {format_year(year, language)}"


def format_day_month(value: object, language: str, calendar: str = "gregorian") -> str:
    """A day and its month, without the year, for "2026, to 31 Oct": "31 Oct", "31 окт", "۹ آبان"."""
    parts = _in_calendar(value, calendar)
    if parts is None:
        return MISSING
    language = _language(language)
    _, month, day_of_month = parts
    names = JALALI_MONTHS if calendar == "jalali" else GREGORIAN_MONTHS_SHORT
    return f"{digits(day_of_month, language)} {names[language][month - 1]}"


def join_parts(parts: list[str], language: str) -> str:
    """Short facts in one line: "a · b"; Persian uses its semicolon, since a middle dot reads like the Persian zero (۰)."""
    return ("؛ " if _language(language) == "fa" else " · ").join(parts)


def format_period(start: object, end: object, language: str, calendar: str = "gregorian") -> str:
    """Two dates joined by an en dash, for captions."""
    return f"{format_date(start, language, calendar)} – {format_date(end, language, calendar)}"


def month_start(value: object, calendar: str = "gregorian") -> dt.date:
    """The first day (a Gregorian date) of the month the date lies in, in the calendar."""
    day = _as_date(value)
    if calendar == "jalali":
        year, month, _ = jalali.from_gregorian(day)
        return jalali.to_gregorian(year, month, 1)
    return day.replace(day=1)


def next_month_start(value: object, calendar: str = "gregorian") -> dt.date:
    """The first day of the month after the one that starts at (or holds) the date."""
    first = month_start(value, calendar)
    if calendar == "jalali":
        year, month, _ = jalali.from_gregorian(first)
        return first + dt.timedelta(days=jalali.month_length(year, month))
    return (first + dt.timedelta(days=32)).replace(day=1)


def year_span(year: int, calendar: str = "gregorian") -> tuple[dt.date, dt.date]:
    """The first and last (Gregorian) days of a year of the calendar: a Solar Hijri year runs from Nowruz to the day before the next."""
    if calendar == "jalali":
        return jalali.nowruz(year), jalali.nowruz(year + 1) - dt.timedelta(days=1)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def year_of(value: object, calendar: str = "gregorian") -> int:
    """The year of the calendar a date lies in."""
    return month_parts(value, calendar)[0]


# -- tables shown in the app: formatted display, raw values underneath ------------------------------
NUMBER_TYPES = {"number", "progress"}
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# The widest table that is laid out right to left in Persian (more columns than this overflow the page at 1366 pixels).
MIRRORED_COLUMNS = 6


def _type_of(config: object) -> str | None:
    if isinstance(config, dict):
        return (config.get("type_config") or {}).get("type")
    return None


def _printf_decimals(config: dict) -> int | None:
    """The decimals a NumberColumn's printf or preset format asks for, None when it names none."""
    text = str((config.get("type_config") or {}).get("format") or "")
    if text in ("percent",):
        return None
    if "." in text and "f" in text:
        try:
            return int(text.split(".", 1)[1].split("f", 1)[0])
        except ValueError:
            return None
    return 0 if ("d" in text or text in ("localized", "plain", "accounting", "%,d")) else None


def display_table(
    frame: pd.DataFrame, column_config: dict | None, language: str, calendar: str = "gregorian"
) -> tuple[object, dict | None, list[str] | None]:
    """A table as the reader reads it: numbers and dates written in the language (and calendar) through a pandas Styler,
    while the grid still sorts by the raw values and downloads keep them; English in the Gregorian calendar is left as it was.
    In Persian the columns run from right to left.

    Returns (what to give st.dataframe, its column configuration, its column order or None)."""
    language = _language(language)
    order = None
    config = dict(column_config or {})
    if language == "fa":
        hidden = {column for column, entry in config.items() if entry is None and column in config}
        shown = [str(column) for column in frame.columns if column not in hidden]
        # A table that fits reads from the right; a wider one scrolls sideways from the left edge, so it keeps its order
        # and opens on the columns that name each row.
        order = shown[::-1] if len(shown) <= MIRRORED_COLUMNS else None
        # Persian text reads from the right edge of its cell, as the columns do (numbers already sit there). Text in Latin
        # letters (titles as exported, codes) keeps to the left, so a long title is cut at its end, not at its start.
        for column in frame.columns:
            if column in hidden or pd.api.types.is_numeric_dtype(frame[column]) or _type_of(config.get(column)) in NUMBER_TYPES:
                continue
            if not any(isinstance(value, str) and ARABIC_SCRIPT.search(value) for value in frame[column]):
                continue
            entry = config.get(column)
            entry = {"label": entry} if isinstance(entry, str) else dict(entry or {})
            entry["alignment"] = entry.get("alignment") or "right"
            config[column] = entry
    if frame.empty or (language == "en" and calendar == "gregorian"):
        return frame, (config if language == "fa" else column_config), order
    formatters: dict[str, object] = {}
    for column in frame.columns:
        entry = config.get(column)
        if entry is None and column in config:
            continue  # a hidden column
        kind = _type_of(entry)
        series = frame[column]
        numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
        if kind in NUMBER_TYPES or (kind is None and numeric):
            fmt = str(((entry or {}).get("type_config") or {}).get("format") or "") if isinstance(entry, dict) else ""
            if kind == "progress" or fmt == "percent":
                formatters[column] = lambda value, language=language: format_percent(value, language)
            else:
                decimals = _printf_decimals(entry) if isinstance(entry, dict) else None
                if decimals is None:
                    decimals = 0 if pd.api.types.is_integer_dtype(series) else 2
                formatters[column] = lambda value, language=language, decimals=decimals: format_number(value, language, decimals)
            if isinstance(entry, dict):
                config[column] = _without_format(entry, "number")
        elif kind == "date" or (kind is None and _holds_dates(series)):
            formatters[column] = lambda value, language=language: format_date(value, language, calendar)
            if isinstance(entry, dict):
                config[column] = _without_format(entry, "date")
    if not formatters:
        return frame, config, order
    return frame.style.format(formatters, na_rep=MISSING), config, order


def _holds_dates(series: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(series):
        return True
    sample = series.dropna()
    return not sample.empty and isinstance(sample.iloc[0], dt.date)


def _without_format(entry: dict, kind: str) -> dict:
    """The column's label, help and width kept, its own format dropped: the grid then shows the Styler's text
    (a progress bar becomes a number column, since a bar has no place for that text)."""
    kept = dict(entry)
    kept["type_config"] = {"type": kind}
    return kept
