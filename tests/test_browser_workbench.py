"""Browser tests of the Workbench on the sample data: run SQL, run a catalogue query, download each result's CSV."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from conftest import ROOT, SAMPLE_DIR, screenshot, wait_for_app

from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database

pytestmark = pytest.mark.browser

SANDBOX_SQL = (
    "SELECT program, count(*) AS screening_rows, sum(admissions) AS admissions FROM screening_facts GROUP BY program ORDER BY program"
)


@pytest.fixture(scope="module")
def sample_database():
    database = Database(SAMPLE_DIR, ROOT / "queries" / "views")
    yield database
    database.close()


def open_workbench(page, server) -> None:
    page.goto(f"{server.url}/workbench")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)
    # A direct link may raise Streamlit's "Page not found" notice before st.navigation resolves the page; it is not this page's.
    dialog = page.get_by_role("dialog")
    if dialog.count() and dialog.first.is_visible():
        page.keyboard.press("Escape")


def downloaded_csv(page, panel) -> tuple[str, list[dict[str, str]]]:
    with page.expect_download(timeout=30_000) as download_info:
        panel.get_by_role("button", name="Download CSV").click()
    download = download_info.value
    text = download.path().read_bytes().decode("utf-8-sig")
    return download.suggested_filename, list(csv.DictReader(io.StringIO(text)))


def test_analyst_runs_sandbox_sql_and_downloads_the_result_as_csv(sample_server, page, sample_database):
    open_workbench(page, sample_server)
    page.get_by_role("tab", name="SQL sandbox").click()
    panel = page.locator('[role="tabpanel"]:visible')
    panel.locator("textarea").fill(SANDBOX_SQL)
    panel.get_by_role("button", name="Run").click()
    panel.get_by_text("Rows: ", exact=False).wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert panel.locator('[data-testid="stDataFrame"]').count() == 1
    expected = sample_database.run_sql(SANDBOX_SQL)
    assert panel.get_by_text(f"Rows: {len(expected)} ·", exact=False).count() == 1

    name, rows = downloaded_csv(page, panel)
    assert name == "sandbox.csv"
    assert rows == [
        {"program": program, "screening_rows": str(count), "admissions": str(int(admissions))}
        for program, count, admissions in expected.itertuples(index=False)
    ]
    screenshot(page, "workbench-sandbox")


def test_analyst_picks_a_catalogue_query_and_downloads_its_csv(sample_server, page, sample_database):
    open_workbench(page, sample_server)
    panel = page.locator('[role="tabpanel"]:visible')
    picker = panel.locator('[data-testid="stSelectbox"]')
    picker.click()
    page.keyboard.type("admissions_by_genre_and_year")
    page.keyboard.press("Enter")
    panel.get_by_role("heading", name="Admissions by genre and year").wait_for(timeout=30_000)
    panel.get_by_text("Rows: ", exact=False).wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0

    file_name, rows = downloaded_csv(page, panel)
    assert file_name == "admissions_by_genre_and_year.csv"
    expected = sample_database.run(load_catalogue(ROOT / "queries")["admissions_by_genre_and_year"]).frame
    assert rows == [
        {
            "year": str(year),
            "genre": genre,
            "screenings": str(screenings),
            "admissions": "" if pd.isna(admissions) else str(admissions),  # unknown admissions download as an empty cell
            "screenings_with_admissions": str(known),
        }
        for year, genre, screenings, admissions, known in expected.itertuples(index=False)
    ]
    screenshot(page, "workbench-catalogue")
