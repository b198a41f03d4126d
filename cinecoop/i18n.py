"""One translation function for every string a page shows: English text is the key, plain JSON files hold the rest.

Nothing here remembers a language: every call is told which one (a reader's view carries it)."""

from __future__ import annotations

import functools
import json
import re
import string
from pathlib import Path

LANGUAGES = {"en": "English", "fa": "فارسی", "ru": "Русский"}
RIGHT_TO_LEFT = {"fa"}
CALENDARS = ("gregorian", "jalali")
TRANSLATIONS_DIR = Path(__file__).with_name("translations")


def language_or_default(language: object) -> str:
    """A language code of the dashboard: the one given when it is one, else English."""
    return language if isinstance(language, str) and language in LANGUAGES else "en"


def default_calendar(language: str) -> str:
    """The calendar a reader of the language counts in unless they choose: Solar Hijri for Persian, else Gregorian."""
    return "jalali" if language == "fa" else "gregorian"


@functools.lru_cache(maxsize=8)
def _catalogue(language: str, mtime_ns: int) -> dict[str, str]:
    path = TRANSLATIONS_DIR / f"{language}.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def translations(language: str) -> dict[str, str]:
    path = TRANSLATIONS_DIR / f"{language}.json"
    return _catalogue(language, path.stat().st_mtime_ns if path.is_file() else 0)


def t(text: str, language: str, **values: object) -> str:
    """`text` in the language given (English when no translation), with {name} values filled in.

    The language is always an argument: it belongs to one reader's view (cinecoop.view.View), never to the process."""
    translated = text if language == "en" else translations(language).get(text, text)
    return translated.format(**values) if values else translated


# The words of the contract's lists (and the few words queries write into their rows) as a reader reads them in English:
# the exports keep the codes (in-progress, on-board, tv), the pages show these names. Persian and Russian names are in the
# translation files under the code itself. A genre or ticket type not listed reads as exported, with a capital letter.
TERMS: dict[str, str] = {
    # agreements.status
    "proposed": "Proposed",
    "negotiating": "Negotiating",
    "signed": "Signed",
    "in-progress": "In progress",
    "completed": "Completed",
    "stalled": "Stalled",
    "cancelled": "Cancelled",
    # agreements.agreement_type
    "memorandum": "Memorandum",
    "co-production": "Co-production",
    "distribution": "Distribution",
    "festival-exchange": "Festival exchange",
    "working-group": "Working group",
    "academy": "Academy",
    "association": "Association",
    "training": "Training",
    "other": "Other",
    # screenings.format
    "cinema": "Cinema",
    "festival": "Festival",
    "open-air": "Open-air",
    "online": "Online",
    "on-board": "On board",
    "tv": "TV",
    # screenings.genre (stored lower-case; the genres of the exports seen so far)
    "drama": "Drama",
    "family": "Family",
    "animation": "Animation",
    "comedy": "Comedy",
    "history": "History",
    "documentary": "Documentary",
    "war": "War",
    "thriller": "Thriller",
    # attendance.ticket_type (stored lower-case)
    "paid": "Paid",
    "invited": "Invited",
    "student": "Student",
    # severities of the loader's problems, and the statuses of a file
    "error": "Error",
    "warning": "Warning",
    "info": "Information",
    "ok": "OK",
    "warnings": "Warnings",
    "errors": "Errors",
    "missing": "Missing",
    # directions, and words queries write into their rows
    "outside the pair": "Outside the pair",
    "no gross": "No gross",
    "unknown": "Unknown",
    "stalled and past its end date": "Stalled and past its end date",
    "past its end date": "Past its end date",
    # attendance.currency (ISO 4217): the currencies of the cooperation's countries
    "IRR": "Iranian rial",
    "RUB": "Russian rouble",
    "USD": "US dollar",
    "EUR": "Euro",
    "CNY": "Chinese yuan",
    "INR": "Indian rupee",
    "KZT": "Kazakh tenge",
    "KGS": "Kyrgyz som",
    "AZN": "Azerbaijani manat",
    "UZS": "Uzbek sum",
    "BYN": "Belarusian rouble",
    "TMT": "Turkmen manat",
    "TJS": "Tajik somoni",
    "PKR": "Pakistani rupee",
    "AMD": "Armenian dram",
}


def term(value: object, language: str) -> str:
    """A word of the contract's lists (a status, a format, a genre, a currency...) as the reader reads it: its name in the
    language, never the code the export writes (in-progress reads "In progress", "در حال اجرا", "выполняется")."""
    if value is None:
        return ""
    code = str(value)
    english = TERMS.get(code)
    if english is None:
        # Not a word of the lists: a lower-case word reads with its capital letter (a genre the list does not know yet).
        english = code[:1].upper() + code[1:] if code[:1].islower() and code.replace("-", "").replace(" ", "").isalpha() else code
    if language == "en":
        return english
    catalogue = translations(language)
    translated = catalogue.get(code) or catalogue.get(english) or english
    # A name stands alone (a legend entry, a cell, a bar's label): it starts with a capital letter, as in English.
    return translated[:1].upper() + translated[1:]


# The loader's words about files and rows (load_problems.message, FileReport.file_error) as templates, so the Data quality
# page can show them in the reader's language; a message that fits none is shown as the loader wrote it.
MESSAGE_TEMPLATES = (
    "{column} is required but blank",
    "{column} must be one of: {allowed}",
    "{column} must be {limit} or less",
    "{column} must be {limit} or more",
    "{column} is too large",
    "{column} is not a whole number",
    "{column} is not a number (plain digits with an optional . decimal point)",
    "{column} is a YYYY/MM/DD date whose year is not a Solar Hijri year from 1300 to 1499",
    "{column} is not a real calendar date",
    "{column} is not a date: use YYYY-MM-DD, DD.MM.YYYY or Solar Hijri YYYY/MM/DD",
    "{column} is not an ISO 3166-1 alpha-2 country code",
    "{column} holds no country code",
    "{column} has an unknown country code: {codes} (use ISO 3166-1 alpha-2 codes separated by ;)",
    "{column} holds no name",
    "{column} is not a 3-letter ISO 4217 currency code",
    "{column} must be blank for {format} screenings",
    "{column} is required when gross is given",
    "{column} is required when status is {status}",
    "{column} is before proposed_date {date}",
    "{column} is before signed_date {date}",
    "{column} {value} repeats the id first used on line {line}",
    "{column} {value} repeats the id first used in {file} on line {line}",
    "repeats the row for ({values}) first given on line {line}",
    "repeats the row for ({values}) first given in {file} on line {line}",
    "screening_id {value} cannot be matched: screenings.csv could not be loaded",
    "screening_id {value} names a screening that was rejected ({file} line {line})",
    "screening_id {value} names no screening in screenings.csv",
    "film_id {value} cannot be matched: films.csv could not be loaded",
    "film_id {value} names a film that was rejected ({file} line {line})",
    "film_id {value} names no film in films.csv",
    "{column} must not start with ~ (film keys starting with ~ stand for titles that match no film)",
    "{column} matches no film in films.csv (rows with this title: {rows})",
    "{column} matches {count} films: {films}",
    "admissions {admissions} are above the {seats} seats of this screening",
    "screening {value} has no attendance rows in attendance.csv",
    "end_date {date} has passed but the status is still {status}",
    "{file} is missing from the data folder",
    "{file} has no column {columns} (the header has: {header})",
    "{file} is not a CSV file: it holds binary data (NUL bytes)",
    "{file} is not UTF-8 text: the byte {byte} on line {line} cannot be decoded (save the export as UTF-8)",
    "{file} is empty: it has no header line",
    "{file} has a blank column name in position {position} of the header",
    "{file} names the column {column} twice in its header",
    "{file} is not a readable CSV file: {error} near line {line}",
    "{file} changed while it was being read",
)
# Captured values that are words of the contract's lists, shown translated; the others (columns, codes, dates) stay as they are.
TRANSLATED_VALUES = {"status", "format"}


@functools.lru_cache(maxsize=1)
def _message_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    patterns = []
    for template in MESSAGE_TEMPLATES:
        pattern = ""
        for literal, field, _, _ in string.Formatter().parse(template):
            pattern += re.escape(literal)
            if field is not None:
                pattern += f"(?P<{field}>.+?)"
        patterns.append((template, re.compile(pattern, re.S)))
    return tuple(patterns)


def translate_message(message: object, language: str) -> object:
    """A loader message in the reader's language, its values (columns, codes, dates, line numbers) kept as they are."""
    if language == "en" or not isinstance(message, str) or not message:
        return message
    catalogue = translations(language)
    if message in catalogue:
        return catalogue[message]
    for template, pattern in _message_patterns():
        match = pattern.fullmatch(message)
        if match and template in catalogue:
            values = {
                name: catalogue.get(value, value) if name in TRANSLATED_VALUES else value for name, value in match.groupdict().items()
            }
            return catalogue[template].format(**values)
    return message
