"""The leadership brief as a reader gets it: real PDFs from the sample data, read back with poppler's own tools."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AGREEMENTS_HEADER, ARTIFACTS, ROOT, SAMPLE_DIR

from cinecoop import brief, kpi
from cinecoop.blocks import Chart, DirectSource, Section
from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database, open_database
from cinecoop.filters import Filters
from cinecoop.pagespecs import PAGES
from cinecoop.view import View

BRIEF_ARTIFACTS = ARTIFACTS / "brief"
YEAR_2025 = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
NO_BROWSER = {"CHROMIUM_PATH": "/nonexistent/chromium"}
PERSIAN_TITLE = "جشنواره فیلم‌های ایرانی در مسکو"
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
MARKDOWN_TITLE = "![x](http://example.org/p.png)"
CYRILLIC_TITLE = "Фестиваль русского кино"
# Bidi marks pdftotext puts around right-to-left runs; they are not part of the text.
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is missing: apt-get install -y poppler-utils (make unit installs it)")
    return path


def pdf_text(path: Path, page: int | None = None) -> str:
    """The PDF's text with runs of whitespace made single spaces, so a line break never splits what a test looks for."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    output = subprocess.run([poppler("pdftotext"), *pages, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(BIDI_MARKS.sub("", output).split())


def pdf_pages(path: Path) -> int:
    info = subprocess.run([poppler("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def pdf_images(path: Path) -> list[int]:
    """The page number of every image in the PDF (pdfimages -list, its two heading lines skipped)."""
    listing = subprocess.run([poppler("pdfimages"), "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return [int(line.split()[0]) for line in listing.splitlines()[2:] if line.strip()]


def pdf_fonts(path: Path) -> str:
    return subprocess.run([poppler("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout


def save_page_one(path: Path, name: str) -> Path:
    """Page one as a PNG in artifacts/brief/, to look at."""
    BRIEF_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = BRIEF_ARTIFACTS / name
    subprocess.run([poppler("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(path), str(target)], check=True)
    return target.with_suffix(".png")


def cinecoop(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "cinecoop", *args], cwd=ROOT, capture_output=True, text=True, timeout=240, env=environment)


@pytest.fixture(scope="module")
def sample() -> Database:
    return open_database(SAMPLE_DIR)


def view_of(database: Database, filters: Filters, language: str = "en") -> View:
    choices = database.choices
    return View.of(language, filters, names=choices.names())


def kpi_row(database: Database, filters: Filters) -> dict:
    return database.run(load_catalogue()["kpi_summary"], filters).frame.iloc[0].to_dict()


def card_texts(database: Database, filters: Filters) -> list[str]:
    """The five card values and their changes, formatted by cinecoop.kpi as the cards print them."""
    now = kpi_row(database, filters)
    texts = [kpi.format_value(metric, now[metric], "en") for metric, _ in kpi.CARD_METRICS]
    if filters.previous() is not None:
        before = kpi_row(database, filters.previous())
        texts += [kpi.format_change(metric, now[metric], before[metric], "en") for metric, _ in kpi.CARD_METRICS]
    return [text for text in texts if text]


def expected_charts(database: Database, page: str, filters: Filters) -> int:
    """The charts the page declares whose rows are not empty for these filters (each becomes one image), counted by
    running each chart's query on the section's filters here, not through the brief."""
    catalogue = load_catalogue()
    view = view_of(database, filters)

    def count(section: Section, scoped: View) -> int:
        scoped = section.scope(scoped) if section.scope else scoped
        total = 0
        for block in section.blocks:
            if isinstance(block, Section):
                total += count(block, scoped)
            elif isinstance(block, Chart):
                if block.frame is not None:
                    frame = block.frame(type("Ctx", (), {"report": database.report, "view": scoped})())
                else:
                    frame = database.run(catalogue[block.query], scoped.filters).frame
                total += not (block.is_empty(frame) if block.is_empty else frame.empty)
        return total

    return sum(count(section, view) for section in PAGES[page].sections)


@pytest.mark.parametrize(
    ("filters", "words"),
    [
        (Filters(), "all dates; programmes: all; host countries: all; film countries: all"),
        (YEAR_2025, "from 2025-01-01 to 2025-12-31; programmes: all; host countries: all; film countries: all"),
        (Filters(start=dt.date(2024, 3, 1)), "from 2024-03-01 to the latest; programmes: all; host countries: all; film countries: all"),
        (
            Filters(end=dt.date(2024, 3, 1), programs=("Caspian Film Program", "Children's Film Week"), host_countries=("IR", "RU")),
            "from the first screening to 2024-03-01; programmes: Caspian Film Program, Children's Film Week; "
            "host countries: Iran, Russia; film countries: all",
        ),
        (Filters(film_countries=("KZ",)), "all dates; programmes: all; host countries: all; film countries: Kazakhstan"),
    ],
)
def test_brief_words_the_filters_with_names_in_the_readers_language(sample, filters, words):
    assert brief.filters_in_words(view_of(sample, filters)) == words


def test_persian_brief_words_the_filters_in_persian_digits_and_the_solar_hijri_calendar(sample):
    words = brief.filters_in_words(
        view_of(sample, Filters(start=dt.date(2025, 3, 21), end=dt.date(2026, 3, 20), host_countries=("IR",)), "fa")
    )
    # 2025-03-21 is 1 Farvardin 1404 and 2026-03-20 is 29 Esfand 1404 (worked out from the Nowruz dates of 1404 and 1405).
    assert "۱۴۰۴/۰۱/۰۱" in words and "۱۴۰۴/۱۲/۲۹" in words
    assert "ایران" in words
    assert not re.search("[0-9]", words)


@pytest.mark.browser
def test_director_runs_the_brief_command_and_gets_the_overview_with_cards_charts_and_definitions(sample, tmp_path):
    out = tmp_path / "overview.pdf"
    result = cinecoop("brief", "--page", "overview", "--start", "2025-01-01", "--end", "2025-12-31", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out}"
    text = pdf_text(out)
    assert "Overview" in text
    assert "from 2025-01-01 to 2025-12-31; programmes: all" in text
    for value in card_texts(sample, YEAR_2025):
        assert value in text, value
    assert "Changes (arrows) compare with 2024-01-01 – 2024-12-31, the same days a year earlier" in text
    assert re.search(r"\d+% of the 2025 target of 2,500 \(all programmes\)", text)
    assert "Sample data: these figures come from the bundled sample exports" in text
    assert "screenings from 2022-01-20 to 2026-10-31" in text
    assert "Programme scoreboard" in text and "Regular distribution" in text
    for definition in ("screenings", "admissions", "occupancy", "direction"):
        assert " ".join(kpi.DEFINITIONS[definition].replace("`", "").split()) in text
    pages = pdf_pages(out)
    assert f"page 1 of {pages}" in text and f"page {pages} of {pages}" in text
    assert len(pdf_images(out)) == expected_charts(sample, "overview", YEAR_2025) == 2
    assert save_page_one(out, "overview").is_file()


@pytest.mark.browser
@pytest.mark.parametrize("page", ["screenings", "exchange", "agreements", "regional", "data_quality"])
def test_director_gets_each_page_as_a_brief_with_its_numbers_and_charts(sample, tmp_path, page):
    out = tmp_path / f"{page}.pdf"
    notes = brief.write_brief(DirectSource(sample, load_catalogue()), PAGES[page], view_of(sample, YEAR_2025), out)
    assert notes == []
    text = pdf_text(out)
    assert "from 2025-01-01 to 2025-12-31; programmes: all" in text
    if page in ("screenings", "exchange"):
        for value in card_texts(sample, YEAR_2025):
            assert value in text, value
    elif page == "agreements":
        signed = int(kpi_row(sample, YEAR_2025)["agreements_signed"])
        before = int(kpi_row(sample, YEAR_2025.previous())["agreements_signed"])
        assert "Agreements signed¹" in text
        assert f" {signed:,} " in text
        assert kpi.format_change("agreements_signed", signed, before, "en") in text
        catalogue = load_catalogue()
        for agreement in sample.run(catalogue["agreement_register"], YEAR_2025).frame["agreement_id"]:
            assert agreement in text, agreement
    elif page == "regional":
        for program in ("Caspian Film Program", "SCO Filmmakers Working Group", "Eurasian Film Academy"):
            scoped = Filters(start=YEAR_2025.start, end=YEAR_2025.end, programs=(program,))
            for value in card_texts(sample, scoped):
                assert value in text, (program, value)
    else:
        report = sample.report
        # pdftotext reads the card labels as one line and the values as the next.
        assert "Files loaded Rows loaded Rows rejected Warnings" in text
        loaded = sum(file.rows_loaded for file in report.files)
        rejected = sum(file.rows_rejected for file in report.files)
        warnings = sum(file.warnings for file in report.files)
        assert f"{len(report.files)} of {len(report.files)} {loaded:,} {rejected:,} {warnings:,}" in text
        for file in report.files:
            assert file.file in text
    assert len(pdf_images(out)) == expected_charts(sample, page, YEAR_2025) > 0
    assert save_page_one(out, page).is_file()


def test_long_table_continues_on_the_next_pages_with_its_heading_row_and_no_row_cut(sample, tmp_path):
    out = tmp_path / "agreements.pdf"
    result = cinecoop("brief", "--page", "agreements", "--out", str(out), env=NO_BROWSER)
    assert result.returncode == 0, result.stderr
    register = sample.run(load_catalogue()["agreement_register"], Filters()).frame
    pages = [pdf_text(out, page) for page in range(1, pdf_pages(out) + 1)]
    start = next(index for index, text in enumerate(pages) if "All agreements" in text)
    holding = [index for index in range(start, len(pages)) if any(agreement in pages[index] for agreement in register["agreement_id"])]
    assert len(holding) >= 2, "63 agreements fill more than one page"
    for index in holding:
        assert "Proposed" in pages[index] and "Value (USD)" in pages[index], f"page {index + 1} has rows but no heading row"
    for row in register.itertuples():
        on_pages = [index for index in holding if row.agreement_id in pages[index]]
        assert on_pages, f"{row.agreement_id} is missing"
        # A row never breaks across pages: its proposed date is on the page that has its id.
        assert any(row.proposed_date.date().isoformat() in pages[index] for index in on_pages), row.agreement_id


def test_brief_without_a_browser_keeps_text_and_tables_and_says_the_charts_were_left_out(sample, tmp_path):
    out = tmp_path / "overview-no-charts.pdf"
    result = cinecoop("brief", "--start", "2025-01-01", "--end", "2025-12-31", "--out", str(out), env=NO_BROWSER)
    assert result.returncode == 0, result.stderr
    assert "note: Charts omitted: no browser for rendering" in result.stderr
    assert result.stdout.strip() == f"wrote {out}"
    text = pdf_text(out)
    assert "Charts omitted: no browser for rendering" in text
    assert "Chart omitted: Admissions by month between Iran and Russia" in text
    assert "Chart omitted: Agreements by status today" in text
    for value in card_texts(sample, YEAR_2025):
        assert value in text, value
    scoreboard = sample.run(load_catalogue()["kpis_by_program"], YEAR_2025).frame
    for row in scoreboard.itertuples():
        assert row.program in text and f"{row.admissions:,}" in text
    assert pdf_images(out) == []
    assert save_page_one(out, "overview-no-browser").is_file()


@pytest.fixture
def titled_data(make_data) -> Path:
    """Signed agreements titled in Persian (with a zero-width non-joiner), Cyrillic, and markup that must stay characters."""
    return make_data(
        agreements=f"""{AGREEMENTS_HEADER}
A1,{PERSIAN_TITLE},memorandum,Russian Film Days in Iran,Org A,IR;RU,signed,2025-01-01,2025-02-01,,,
A2,{HOSTILE_TITLE},memorandum,Russian Film Days in Iran,Org B,IR;RU,signed,2025-01-01,2025-02-02,,,
A3,{MARKDOWN_TITLE},memorandum,Russian Film Days in Iran,Org C,IR;RU,signed,2025-01-01,2025-02-03,,,
A4,{CYRILLIC_TITLE},memorandum,Russian Film Days in Iran,Org D,IR;RU,signed,2025-01-01,2025-02-04,,,
"""
    )


def test_markup_persian_and_cyrillic_titles_print_as_their_characters(titled_data, tmp_path):
    out = tmp_path / "en.pdf"
    result = cinecoop("brief", "--data", str(titled_data), "--out", str(out), env=NO_BROWSER)
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    for title in (HOSTILE_TITLE, MARKDOWN_TITLE, PERSIAN_TITLE, CYRILLIC_TITLE):
        assert title in text
    assert "Sample data" not in text


def test_persian_brief_shapes_persian_with_its_own_font(titled_data, tmp_path):
    out = tmp_path / "fa.pdf"
    result = cinecoop("brief", "--data", str(titled_data), "--lang", "fa", "--out", str(out), env=NO_BROWSER)
    assert result.returncode == 0, result.stderr
    assert PERSIAN_TITLE in pdf_text(out)
    fonts = pdf_fonts(out)
    assert "Vazirmatn" in fonts and "DejaVuSans" in fonts
    assert save_page_one(out, "overview-fa").is_file()


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (["--page", "budget", "--out", "x.pdf"], 2, "there is no page 'budget' to brief"),
        (["--page", "overview"], 2, "the following arguments are required: --out"),
        (["--start", "2025-12-31", "--end", "2025-01-01", "--out", "x.pdf"], 2, "--start 2025-12-31 is after --end 2025-01-01"),
        (["--lang", "de", "--out", "x.pdf"], 2, "invalid choice: 'de'"),
        (["--out", "/nonexistent/folder/brief.pdf"], 1, "the folder /nonexistent/folder does not exist"),
    ],
)
def test_brief_command_says_plainly_what_is_wrong(arguments, code, message):
    result = cinecoop("brief", *arguments)
    assert result.returncode == code
    assert message in result.stderr
    assert result.stdout == ""


def test_analyst_presses_prepare_and_gets_the_download_button(app_env, monkeypatch):
    from streamlit.testing.v1 import AppTest

    def script() -> None:
        from cinecoop.pagespecs import PAGES
        from cinecoop.ui import brief_button, session

        brief_button.render(PAGES["data_quality"], session.base_view())

    app_env(SAMPLE_DIR)
    monkeypatch.setenv("CHROMIUM_PATH", NO_BROWSER["CHROMIUM_PATH"])
    at = AppTest.from_function(script, default_timeout=120)
    at.run()
    assert not at.exception
    assert len(at.get("download_button")) == 0, "nothing is built before it is asked for"
    at.button(key="brief_data_quality_prepare").click().run()
    assert not at.exception
    downloads = at.get("download_button")
    assert len(downloads) == 1
    assert downloads[0].proto.label == "Brief (PDF)"
    assert any("Charts omitted: no browser for rendering" in caption.value.replace("\\", "") for caption in at.caption)
