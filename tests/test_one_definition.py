"""One page, one definition: what the browser shows is what the brief prints, in the reader's language through and through.

The comparisons are black-box: the page through AppTest on one side, the PDF of `python -m cinecoop brief` read back with
pdftotext on the other, for the same link. Charts are compared by title (with no browser to draw them, the brief names
each chart it would have drawn), cards by label, headings by their words."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AGREEMENTS_HEADER, ROOT, SAMPLE_DIR, open_page
from streamlit.testing.v1 import AppTest

from cinecoop import paths
from cinecoop.db import Database
from cinecoop.i18n import t
from cinecoop.schema import EXPORT_FILES

NO_BROWSER = {"CHROMIUM_PATH": "/nonexistent/chromium"}
# The contract's date formats, named as the exports write them.
DATE_FORMATS = {"YYYY-MM-DD", "DD.MM.YYYY", "YYYY/MM/DD"}
# A word in Latin letters or digits (pdftotext may run a Persian word straight into a Latin one: they split here).
LATIN_WORD = re.compile(r"[A-Za-z0-9_./'’-]+")
PAGES = ("overview", "screenings", "exchange", "agreements", "regional", "data_quality")
# A Solar Hijri year: 1 Farvardin 1404 (2025-03-21) to 29 Esfand 1404 (2026-03-20).
YEAR_1404 = ("2025-03-21", "2026-03-20")
BIDI_MARKS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
GREGORIAN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
    "январь",
    "февраль",
    "март",
    "апрель",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]


def run_brief(tmp_path: Path, page: str, language: str, *link: str, data: Path = SAMPLE_DIR) -> str:
    out = tmp_path / f"{page}-{language}.pdf"
    arguments = ["brief", "--page", page, "--lang", language, "--data", str(data), "--out", str(out), *link]
    completed = subprocess.run(
        [sys.executable, "-m", "cinecoop", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env={**__import__("os").environ, **NO_BROWSER},
    )
    assert completed.returncode == 0, completed.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(BIDI_MARKS.sub("", text).split())


def normalized(text: str) -> str:
    return " ".join(BIDI_MARKS.sub("", text).replace("\\", "").split())


def browser_view(page: str, **link: str) -> dict[str, list[str]]:
    """What the page shows in the browser: chart titles, card labels, headings and tab names, table count."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in link.items():
        at.query_params[key] = value
    at = open_page(at, "" if page == "overview" else page)
    at.run()
    assert not at.exception, [element.value for element in at.exception]
    charts = [normalized(title) for title in chart_titles(at.main)]
    assert len(charts) == len(at.main.get("plotly_chart")) and all(charts), charts
    return {
        "charts": charts,
        "cards": [normalized(metric.label) for metric in at.main.metric],
        "headings": [normalized(heading.value) for heading in at.main.subheader] + [normalized(tab.label) for tab in at.main.tabs],
    }


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize("page", PAGES)
def test_the_brief_prints_every_block_the_page_shows(app_env, tmp_path, page, language):
    app_env(SAMPLE_DIR)
    start, end = YEAR_1404
    shown = browser_view(page, start=start, end=end, lang=language)
    printed = letters(run_brief(tmp_path, page, language, "--start", start, "--end", end))
    omitted = letters(t("Chart omitted: {title}", language, title=""))
    assert printed.count(omitted) == len(shown["charts"]), shown["charts"]
    for title in shown["charts"]:
        assert letters(t("Chart omitted: {title}", language, title=title)) in printed, title
    for label in shown["cards"]:
        assert letters(label) in printed, label
    for heading in shown["headings"]:
        assert letters(heading) in printed, heading


def chart_titles(block) -> list[str]:
    """Each chart's title as the page shows it: the text written above the chart (the browser takes the title out of the
    chart, where it would be cut on a phone), else the title inside the chart."""
    titles: list[str] = []
    last_text = ""
    for node in walk(block):
        if node.type == "markdown":
            last_text = node.value
        elif node.type == "plotly_chart":
            inside = json.loads(node.proto.spec)["layout"].get("title", {}).get("text", "")
            above = re.fullmatch(r"\*\*(.*)\*\*", last_text, re.S)
            titles.append(re.sub(r"<[^>]+>", " ", inside) if inside else (above.group(1) if above else ""))
            last_text = ""
    return titles


def walk(node):
    """The elements under a block of AppTest's tree, in the order the page draws them."""
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for index in sorted(children):
        yield from walk(children[index])


def letters(text: str) -> str:
    """Only the letters and digits of a text, in order: pdftotext moves spaces and commas around the Latin runs of a
    Persian line, but never the letters themselves."""
    # pdftotext writes the lam-alef ligature of a Persian line as alef-lam: both sides are written the same way here.
    return re.sub(r"[\W_]+", "", BIDI_MARKS.sub("", text)).replace("لا", "ال")


def name_words(folder: Path) -> set[str]:
    """Every word of every text the data hold (titles, venues, parties, paths, file names...): names, which stay in
    their own script; and the words that name things of the contract (column and table names, the product, formats)."""
    database = Database(folder, paths.queries_dir() / "views")
    try:
        texts: set[str] = {str(folder.resolve()), str(database.report.reference_dir), database.fingerprint}
        for table in database.tables():
            frame = database.execute(f"SELECT * FROM {table}")
            for column in frame.columns:
                texts.update(str(value) for value in frame[column].dropna() if isinstance(value, str))
        texts.update(file.file for file in database.report.files)
    finally:
        database.close()
    identifiers = {column.name for spec in EXPORT_FILES for column in spec.columns} | {spec.table for spec in EXPORT_FILES}
    identifiers |= {f"{spec.table}.{column.name}" for spec in EXPORT_FILES for column in spec.columns}
    words = {word for text in texts | identifiers for word in LATIN_WORD.findall(text)}
    # A name may wrap at a hyphen, slash or dot in a narrow column: its parts are names too.
    words |= {part for word in list(words) for part in re.split(r"[-/.]", word) if part}
    # pdftotext joins a word wrapped at its hyphen back together without the hyphen (co-productions -> coproductions);
    # a long name wrapped inside a narrow column leaves its start on one line and its end on the next.
    words |= {word.replace("-", "") for word in list(words)}
    words |= {word[:cut] for word in list(words) if len(word) >= 8 for cut in range(1, len(word))}
    words |= {word[cut:] for word in list(words) if len(word) >= 8 for cut in range(1, len(word))}
    # The product's name, settings a reader is told to set, formats, and the letters of the contract's definitions.
    return words | {"Cinecoop", "CINECOOP_DATA_DIR", "CHROMIUM_PATH", "CSV", "SQL", "PDF", "A", "B", "start", "end"} | DATE_FORMATS


def foreign_words(text: str, allowed: set[str]) -> list[str]:
    """Latin words that are neither names from the data nor identifiers, nor ISO country and currency codes."""
    words = {word.strip(".,;:-") for word in LATIN_WORD.findall(text) if re.search("[A-Za-z]", word)}
    return sorted(words - allowed - {word.strip(".,;:-") for word in allowed} - {""}, key=str.lower)


def latin_digits(text: str, allowed: set[str]) -> list[str]:
    """Numbers written in Latin digits, outside names (a path, a title with a number, the data fingerprint)."""
    stripped = {word.strip(".,;:-") for word in allowed}
    return [word for word in LATIN_WORD.findall(text) if re.search("[0-9]", word) and word.strip(".,;:-") not in stripped]


@pytest.mark.parametrize("page", PAGES)
def test_persian_solar_hijri_brief_has_no_gregorian_month_latin_digit_or_english_caption(tmp_path, page):
    start, end = YEAR_1404
    printed = run_brief(tmp_path, page, "fa", "--start", start, "--end", end)
    allowed = name_words(SAMPLE_DIR)
    assert not [month for month in GREGORIAN_MONTHS if month in printed.split()]
    assert not latin_digits(printed, allowed), latin_digits(printed, allowed)[:20]
    english = [word for word in foreign_words(printed, allowed) if not re.fullmatch(r"[A-Z_]{2,}", word)]
    assert not english, english[:40]


@pytest.mark.parametrize("page", PAGES)
def test_russian_brief_has_no_english_caption(tmp_path, page):
    printed = run_brief(tmp_path, page, "ru", "--start", "2025-01-01", "--end", "2025-12-31")
    english = [word for word in foreign_words(printed, name_words(SAMPLE_DIR)) if not re.fullmatch(r"[A-Z_]{2,}", word)]
    assert not english, english[:40]


def test_an_unbroken_title_of_150_letters_wraps_in_the_brief(make_data, tmp_path):
    long_title = "Co" + "production" * 15
    folder = make_data(
        agreements=f"{AGREEMENTS_HEADER}\nA1,{long_title},memorandum,Russian Film Days in Iran,Org A,IR;RU,signed,2025-01-01,2025-02-01,,,\n"
    )
    printed = run_brief(tmp_path, "agreements", "en", data=folder)
    # Every letter of the title is on paper, wrapped over lines (pdftotext joins them with spaces).
    assert long_title in printed.replace(" ", "")
