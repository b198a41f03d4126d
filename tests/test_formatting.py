"""Numbers, percents, dates and months as each language writes them: known answers worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from cinecoop import formatting, i18n
from cinecoop.formatting import format_date, format_month, format_number, format_percent, format_signed

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "language", "decimals", "expected"),
    [
        (1234567, "en", 0, "1,234,567"),
        (1234567, "ru", 0, f"1{NBSP}234{NBSP}567"),
        (1234567, "fa", 0, "۱٬۲۳۴٬۵۶۷"),
        (1234.5, "en", 2, "1,234.50"),
        (1234.5, "ru", 2, f"1{NBSP}234,50"),
        (1234.5, "fa", 2, "۱٬۲۳۴٫۵۰"),
        (0, "fa", 0, "۰"),
        (999, "ru", 0, "999"),
        (-1500, "ru", 0, f"-1{NBSP}500"),
        (None, "fa", 0, "—"),
        (float("nan"), "en", 0, "—"),
    ],
)
def test_a_number_is_grouped_and_written_in_the_language(value, language, decimals, expected):
    assert format_number(value, language, decimals) == expected


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [(0.4534, "en", "45.3%"), (0.4534, "ru", f"45,3{NBSP}%"), (0.4534, "fa", "۴۵٫۳٪"), (1.0, "fa", "۱۰۰٫۰٪"), (None, "ru", "—")],
)
def test_a_ratio_is_written_as_a_percent(value, language, expected):
    assert format_percent(value, language) == expected


def test_a_change_keeps_a_leading_ascii_sign_in_every_language():
    # Streamlit reads the direction of a metric's arrow from a leading "-".
    assert format_signed(1234, "en") == "+1,234"
    assert format_signed(-1234, "fa") == "-۱٬۲۳۴"
    assert format_percent(-0.051, "fa", signed=True) == "-۵٫۱٪"
    assert format_percent(0.5, "ru", decimals=0, signed=True) == f"+50{NBSP}%"


@pytest.mark.parametrize(
    ("day", "language", "calendar", "expected"),
    [
        (dt.date(2025, 3, 21), "en", "gregorian", "2025-03-21"),
        (dt.date(2025, 3, 21), "ru", "gregorian", "21.03.2025"),
        (dt.date(2025, 3, 21), "fa", "gregorian", "۲۰۲۵/۰۳/۲۱"),
        (dt.date(2025, 3, 21), "fa", "jalali", "۱۴۰۴/۰۱/۰۱"),
        (dt.date(2025, 3, 20), "fa", "jalali", "۱۴۰۳/۱۲/۳۰"),
        (dt.date(2021, 3, 20), "en", "jalali", "1399/12/30"),
        (pd.Timestamp("2024-12-31"), "ru", "jalali", "1403/10/11"),
        (None, "fa", "jalali", "—"),
    ],
)
def test_a_date_is_written_in_the_language_and_calendar(day, language, calendar, expected):
    assert format_date(day, language, calendar) == expected


@pytest.mark.parametrize(
    ("day", "language", "calendar", "expected"),
    [
        (dt.date(2025, 3, 21), "fa", "jalali", "فروردین ۱۴۰۴"),
        (dt.date(2025, 3, 20), "fa", "jalali", "اسفند ۱۴۰۳"),
        (dt.date(2025, 3, 20), "en", "jalali", "Esfand 1403"),
        (dt.date(2025, 3, 1), "en", "gregorian", "March 2025"),
        (dt.date(2025, 3, 1), "ru", "gregorian", "март 2025"),
        (dt.date(2025, 3, 1), "fa", "gregorian", "مارس ۲۰۲۵"),
    ],
)
def test_a_month_is_named_in_the_language_and_calendar(day, language, calendar, expected):
    assert format_month(day, language, calendar) == expected


def test_a_solar_hijri_year_runs_from_nowruz_to_the_day_before_the_next():
    assert formatting.year_span(1403, "jalali") == (dt.date(2024, 3, 20), dt.date(2025, 3, 20))
    assert formatting.year_span(2025, "gregorian") == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert formatting.year_of(dt.date(2025, 3, 20), "jalali") == 1403
    assert formatting.year_of(dt.date(2025, 3, 21), "jalali") == 1404


def test_months_start_and_follow_in_each_calendar():
    assert formatting.month_start(dt.date(2025, 3, 20), "jalali") == dt.date(2025, 2, 19)
    assert formatting.next_month_start(dt.date(2025, 2, 19), "jalali") == dt.date(2025, 3, 21)  # Esfand 1403 has 30 days
    assert formatting.next_month_start(dt.date(2025, 12, 1), "gregorian") == dt.date(2026, 1, 1)


def test_persian_readers_default_to_the_solar_hijri_calendar():
    assert i18n.default_calendar("fa") == "jalali"
    assert i18n.default_calendar("ru") == "gregorian"
    assert i18n.default_calendar("en") == "gregorian"


def test_a_table_is_shown_formatted_while_its_values_stay_raw():
    frame = pd.DataFrame({"program": ["A"], "admissions": [12345], "occupancy": [0.5], "first": [dt.date(2025, 3, 21)]})
    config = {"admissions": {"label": "Admissions", "type_config": {"type": "number", "format": "localized"}}}
    shown, shown_config, order = formatting.display_table(frame, config, "fa", "jalali")
    html = shown.to_html()
    assert "۱۲٬۳۴۵" in html and "۱۴۰۴/۰۱/۰۱" in html and "۰٫۵۰" in html
    assert shown.data["admissions"].tolist() == [12345]  # the grid sorts and downloads by the raw value
    # The column's own format would override the Styler's text, so it is dropped; the label stays.
    assert shown_config["admissions"] == {"label": "Admissions", "type_config": {"type": "number"}}
    assert order == ["first", "occupancy", "admissions", "program"]  # Persian tables read from the right
    # English is written by the same rules (a percent with one decimal, money without decimals from 1,000 up), not by the
    # grid's own number format, so a cell reads as the card and the chart read the same measure.
    kinds = {"admissions": "count", "occupancy": "percent", "first": "date"}
    english, english_config, no_order = formatting.display_table(frame, config, "en", "gregorian", kinds)
    html = english.to_html()
    assert "12,345" in html and "50.0%" in html and "2025-03-21" in html
    assert english.data["occupancy"].tolist() == [0.5]
    assert english_config["admissions"] == {"label": "Admissions", "type_config": {"type": "number"}}
    assert no_order is None
    # A table no declaration gives kinds (an analyst's result) keeps its own column format in English.
    untouched, same_config, _ = formatting.display_table(frame, config, "en", "gregorian")
    assert untouched is frame and same_config["admissions"] == config["admissions"]


@pytest.mark.parametrize(
    ("value", "measure", "language", "expected"),
    [
        # occupancy: a percent with one decimal in every language (the scoreboard's 47.17% read 47.2% like the card)
        (0.47172, "occupancy", "en", "47.2%"),
        (0.47172, "occupancy", "ru", f"47,2{NBSP}%"),
        (0.47172, "occupancy", "fa", "۴۷٫۲٪"),
        (0.5, "percent", "en", "50.0%"),
        # money: no decimals from 1,000 up (1,378,034,650,000.00 rials read 1,378,034,650,000), cents below, none when whole
        (1378034650000.0, "gross", "en", "1,378,034,650,000"),
        (1378034650000.0, "money", "fa", "۱٬۳۷۸٬۰۳۴٬۶۵۰٬۰۰۰"),
        (999.5, "money", "en", "999.50"),
        (1000.4, "money", "ru", f"1{NBSP}000"),
        (250.0, "value_usd", "en", "250"),
        # counts: whole, grouped
        (2232560, "admissions", "en", "2,232,560"),
        (2232560, "admissions", "ru", f"2{NBSP}232{NBSP}560"),
        (2232560.0, "screenings", "fa", "۲٬۲۳۲٬۵۶۰"),
        # days: whole when whole, else one decimal
        (12.0, "median_days", "en", "12"),
        (12.5, "days", "ru", "12,5"),
        # a ratio of one direction to the other, a signed balance, a year, a line number
        (2.625, "admissions_ratio", "en", "×2.62"),
        (-1500, "admissions_balance", "fa", "-۱٬۵۰۰"),
        (1404, "year", "fa", "۱۴۰۴"),
        (2025, "year", "en", "2025"),
        (12345, "plain", "ru", "12345"),
        (None, "occupancy", "fa", "—"),
        (float("nan"), "money", "en", "—"),
        (pd.NA, "admissions", "ru", "—"),
    ],
)
def test_each_measure_has_one_format_in_each_language(value, measure, language, expected):
    assert formatting.format_measure(value, measure, language) == expected


@pytest.mark.parametrize(
    ("value", "measure", "language", "step", "expected"),
    [
        (10000, "count", "en", 5000, "10,000"),  # never Plotly's "10k"
        (10000, "count", "ru", 5000, f"10{NBSP}000"),
        (150000, "admissions", "fa", 50000, "۱۵۰٬۰۰۰"),
        (0.3, "percent", "en", 0.1, "30%"),  # an axis at 10% steps needs no decimal
        (0.25, "percent", "ru", 0.05, f"25{NBSP}%"),
        (0.025, "percent", "en", 0.025, "2.5%"),
        (2.5, "days", "fa", 0.5, "۲٫۵"),
        (-200, "change", "en", 100, "-200"),
    ],
)
def test_an_axis_label_is_written_as_the_text_writes_the_measure(value, measure, language, step, expected):
    assert formatting.format_tick(value, measure, language, step) == expected


def test_names_sort_in_the_order_of_the_readers_alphabet():
    persian = ["گرجستان", "پاکستان", "ایران", "چین", "روسیه", "ژاپن", "قزاقستان"]
    # Unicode puts پ چ ژ گ after every Arabic letter; the Persian alphabet does not.
    assert sorted(persian, key=lambda name: formatting.collation_key(name, "fa")) == [
        "ایران", "پاکستان", "چین", "روسیه", "ژاپن", "قزاقستان", "گرجستان",
    ]  # fmt: skip
    assert sorted(["Ёлка", "Египет", "Жуковка", "Ереван"], key=lambda name: formatting.collation_key(name, "ru")) == [
        "Египет", "Ёлка", "Ереван", "Жуковка",
    ]  # fmt: skip


def test_a_table_too_wide_for_the_page_keeps_its_column_order_in_persian():
    # Seven columns overflow the page: the table opens on its first columns, the ones that name each row.
    frame = pd.DataFrame({name: ["x"] for name in "abcdefg"} | {"g": ["اکران عمومی"]})
    _, config, order = formatting.display_table(frame, {}, "fa", "jalali")
    assert order is None
    assert config["g"]["alignment"] == "right"  # Persian text sits on the right of its cell
    assert "a" not in config  # a title in Latin letters keeps to the left, so a long one is cut at its end
    _, _, order = formatting.display_table(frame[list("abc")], {"c": None}, "fa", "jalali")
    assert order == ["b", "a"]  # a hidden column stays hidden
