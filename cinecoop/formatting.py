"""Numbers, percents, dates and months written the way the reader's language writes them, in the chosen calendar."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

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


# -- one format per kind of measure --------------------------------------------------------------------------
@dataclass(frozen=True)
class MeasureFormat:
    """How one kind of number is written wherever it appears: a card, a table cell, a chart's axis, bar label or hover,
    the PDF brief; in every language (the language gives only the marks, the digits and the percent sign)."""

    style: str  # number, percent, share (a percent with the decimals a small share needs), year (digits only, never grouped) or plain (an identifier such as a line number)
    decimals: int = 0
    whole_from: float | None = None  # at or above this size the value is written without decimals (money)
    trim_whole: bool = False  # a whole value is written without decimals (12 days, but 12.5 days)
    signed: bool = False
    prefix: str = ""


# The one table every renderer reads (cinecoop.kpi's cards, the browser's and the brief's table cells through the column
# kinds of cinecoop.blocks.Column, the figures' labels and hovers, the axes through figures.theme.localize).
MEASURE_FORMATS: dict[str, MeasureFormat] = {
    # screenings, admissions, films, titles, agreements, rows: whole numbers with thousands grouped
    "count": MeasureFormat("number"),
    # a measured quantity of no other kind: two decimals unless whole
    "number": MeasureFormat("number", 2, trim_whole=True),
    # occupancy and shares, as ratios (0.472): a percent with one decimal (47.2%)
    "percent": MeasureFormat("percent", 1),
    # a film's share of a market, often a fraction of a percent: two significant digits below 1% ("0.0061%"), one decimal
    # from 1% up (format_share), so a small share never reads 0.0%
    "share": MeasureFormat("share", 1),
    # gross and declared values: no decimals from 1,000 up (1,378,034,650,000), cents below (12.50)
    "money": MeasureFormat("number", 2, whole_from=1000, trim_whole=True),
    # days to signature: whole when whole, else one decimal (a median of an even count)
    "days": MeasureFormat("number", 1, trim_whole=True),
    # one direction against the other (A→B ÷ B→A): two decimals after a times sign
    "ratio": MeasureFormat("number", 2, prefix="×"),
    # a change of a count (the balance of admissions), its sign always written
    "change": MeasureFormat("number", signed=True),
    "year": MeasureFormat("year"),
    "plain": MeasureFormat("plain"),
}
# The kinds of the measures the contract and the queries name (query columns), so a chart or a card finds the format of
# its measure by the column it draws.
MEASURE_KINDS: dict[str, str] = {
    "share_of_host_gross": "share",
    "screenings": "count",
    "admissions": "count",
    "films": "count",
    "titles": "count",
    "agreements": "count",
    "agreements_signed": "count",
    "screenings_with_admissions": "count",
    "screening_rows": "count",
    "sessions": "count",
    "seats": "count",
    "releases": "count",
    "occupancy": "percent",
    "admissions_share": "percent",
    "gross": "money",
    "value_usd": "money",
    "median_days": "days",
    "admissions_ratio": "ratio",
    "admissions_balance": "change",
}


def measure_kind(measure: str) -> str:
    """The kind of a measure (a query column or a kind itself); a count when the measure is not listed."""
    if measure in MEASURE_FORMATS:
        return measure
    return MEASURE_KINDS.get(measure, "count")


def format_measure(value: object, measure: str, language: str) -> str:
    """A value of a measure (a query column such as `occupancy`, or a kind such as `money`) written the one way that
    measure is written everywhere; a dash when it is unknown."""
    if is_missing(value):
        return MISSING
    rule = MEASURE_FORMATS[measure_kind(measure)]
    language = _language(language)
    if rule.style == "year":
        return format_year(value, language)
    if rule.style == "plain":
        return digits(int(value), language)
    if rule.style == "share":
        return format_share(value, language)
    number = float(value)
    decimals = rule.decimals
    if rule.whole_from is not None and abs(number) >= rule.whole_from:
        decimals = 0
    if rule.trim_whole and float(round(number, decimals)).is_integer():
        decimals = 0
    if rule.style == "percent":
        return rule.prefix + format_percent(number, language, decimals, rule.signed)
    written = format_signed(number, language, decimals) if rule.signed else format_number(number, language, decimals)
    return rule.prefix + written


def step_decimals(step: float) -> int:
    """The decimals a tick step needs (1 -> 0, 0.5 -> 1, 0.25 -> 2), so axis labels never write more than they mean."""
    for decimals in range(0, 7):
        if abs(round(step, decimals) - step) < 1e-9 * max(1.0, abs(step)):
            return decimals
    return 6


def format_tick(value: float, measure: str, language: str, step: float) -> str:
    """An axis label: the measure's marks, digits, sign and percent sign, with the decimals the tick step needs (an axis
    at 10% steps reads 10%, 20%, while the values it measures read 47.2%)."""
    rule = MEASURE_FORMATS[measure_kind(measure)]
    language = _language(language)
    if rule.style in ("percent", "share"):
        return format_percent(value, language, step_decimals(step * 100), rule.signed)
    decimals = step_decimals(step)
    # The zero line of a signed axis is 0, not +0.
    return format_signed(value, language, decimals) if rule.signed and value != 0 else format_number(value, language, decimals)


# -- names in the reader's alphabetical order ------------------------------------------------------------------
# The Persian alphabet (Unicode orders پ چ ژ گ after the Arabic letters); Arabic forms sort as their Persian letter.
PERSIAN_ALPHABET = "آاأإبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
PERSIAN_FORMS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ؤ": "و", "ئ": "ی", "‌": " "})
PERSIAN_ORDER = {letter: index for index, letter in enumerate(PERSIAN_ALPHABET)}


def collation_key(text: object, language: str) -> tuple:
    """A sort key that puts names in the order the reader's alphabet gives (ё with е in Russian; the Persian alphabet)."""
    value = str(text).casefold()
    if language == "ru":
        return (value.replace("ё", "е"), value)
    if language == "fa":
        value = value.translate(PERSIAN_FORMS)
        return tuple((0, PERSIAN_ORDER[letter]) if letter in PERSIAN_ORDER else (1, ord(letter)) for letter in value)
    return (value,)


def format_percent(value: object, language: str, decimals: int = 1, signed: bool = False) -> str:
    """A ratio (0.453) as a percent ("45.3%", "45,3 %", "۴۵٫۳٪")."""
    if is_missing(value):
        return MISSING
    language = _language(language)
    _, _, space, sign = MARKS[language]
    number = f"{float(value) * 100:{'+' if signed else ''},.{decimals}f}"
    return _marks(number, language) + space + sign


def format_share(value: object, language: str) -> str:
    """A share of a whole (a film's share of a market) as a percent with two significant digits below 1%: 0.0061 of a
    percent is "0.0061%", not "0.0%"; one decimal from 1% up."""
    if is_missing(value):
        return MISSING
    size = abs(float(value)) * 100
    decimals = 1 if size == 0 or size >= 1 else min(4, 1 - math.floor(math.log10(size)))
    return format_percent(value, language, decimals)


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
    # A preset (localized, plain, accounting) names no decimals: the column's values decide (whole numbers or two decimals).
    return 0 if (text.startswith("%") and "d" in text) else None


def display_table(
    frame: pd.DataFrame,
    column_config: dict | None,
    language: str,
    calendar: str = "gregorian",
    kinds: dict[str, str] | None = None,
) -> tuple[object, dict | None, list[str] | None]:
    """A table as the reader reads it: numbers and dates written in the language (and calendar) through a pandas Styler,
    each number by the format of its kind (MEASURE_FORMATS: `kinds` maps a column to a kind of blocks.Column), so a cell
    reads as the same measure reads on a card or a chart; the grid still sorts by the raw values and downloads keep them.
    A column with no kind (an analyst's ad-hoc result) is written in the language's marks and digits, and left to its own
    column format in English.
    A column of kind "bar" keeps the progress bar its configuration draws (and the text that configuration writes).
    In Persian the columns run from right to left.

    Returns (what to give st.dataframe, its column configuration, its column order or None)."""
    language = _language(language)
    kinds = dict(kinds or {})
    order = None
    config = dict(column_config or {})
    hidden = {column for column, entry in config.items() if entry is None}
    if language == "fa":
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
    if frame.empty:
        return frame, config, order
    formatters: dict[str, object] = {}
    for column in frame.columns:
        if column in hidden:
            continue
        entry = config.get(column)
        kind = kinds.get(column)
        type_name = _type_of(entry)
        series = frame[column]
        numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
        if kind == "bar":
            continue
        if kind == "progress":
            kind = "percent"
        if kind is None and language == "en":
            continue  # a column no declaration gives a kind (an analyst's result) keeps its own format in English
        if kind is None and (type_name in NUMBER_TYPES or numeric):
            fmt = str(((entry or {}).get("type_config") or {}).get("format") or "") if isinstance(entry, dict) else ""
            if type_name == "progress" or fmt == "percent":
                kind = "percent"
            elif pd.api.types.is_integer_dtype(series) or (isinstance(entry, dict) and _printf_decimals(entry) == 0):
                kind = "count"
            else:
                kind = "number"
        if kind in MEASURE_FORMATS:
            formatters[column] = lambda value, language=language, kind=kind: format_measure(value, kind, language)
            if isinstance(entry, dict):
                config[column] = _without_format(entry, "number")
        elif kind == "date" or (kind is None and type_name in (None, "date") and _holds_dates(series)):
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
