"""Browser tests of the Agreements, Regional programmes and Data quality pages on the sample data, in headless Chromium."""

from __future__ import annotations

import csv

import pytest
from conftest import SAMPLE_DIR, wait_for_app, whole_page_screenshot

pytestmark = pytest.mark.browser


def open_view(page, server, path: str) -> None:
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
    # A direct link may raise Streamlit's "Page not found" notice before st.navigation resolves the page; it is not this page's.
    dialog = page.get_by_role("dialog")
    if dialog.count() and dialog.first.is_visible():
        page.keyboard.press("Escape")
    page.wait_for_timeout(800)


def test_director_opens_agreements_sees_pipeline_timeline_and_register(sample_server, page):
    open_view(page, sample_server, "agreements")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stPlotlyChart"]').count() >= 5
    assert page.locator('[data-testid="stMetric"]').count() == 4
    assert page.get_by_text("Where the agreements proposed in the period stand today").count() >= 1
    assert page.locator('[data-testid="stDataFrame"]').count() >= 2
    # Said under the title, and again in the glossary's definition of agreements signed.
    assert page.get_by_text("The film-country filter does not apply to agreements", exact=False).count() >= 1
    whole_page_screenshot(page, "agreements")


def test_director_searches_agreements_sees_fewer_rows(sample_server, page):
    with (SAMPLE_DIR / "agreements.csv").open(encoding="utf-8") as file:
        total = sum(1 for _ in csv.DictReader(file))  # every agreement, on all dates
    open_view(page, sample_server, "agreements?dates=all")
    all_rows = page.get_by_text(f"{total} of {total} agreements proposed in the date range", exact=False)
    all_rows.wait_for(timeout=30_000)
    search = page.get_by_label("Search the agreements")
    search.fill("Caspian")
    search.press("Enter")
    all_rows.wait_for(state="detached", timeout=30_000)
    wait_for_app(page)
    caption = page.get_by_text(f"of {total} agreements proposed in the date range", exact=False).inner_text()
    shown = int(caption.split(" of ")[0].replace(",", ""))
    assert 0 < shown < total
    assert page.locator('[data-testid="stException"]').count() == 0


def test_director_opens_regional_sees_each_programme_tab(sample_server, page):
    open_view(page, sample_server, "regional")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Caspian Film Program: admissions in each littoral state").count() >= 1
    whole_page_screenshot(page, "regional_caspian")
    page.get_by_role("tab", name="SCO Filmmakers Working Group").click()
    page.wait_for_timeout(1200)
    assert page.get_by_text("Screenings hosted by each member, by year").count() >= 1
    whole_page_screenshot(page, "regional_sco")
    page.get_by_role("tab", name="Eurasian Film Academy").click()
    page.wait_for_timeout(1200)
    assert page.get_by_text("Academy admissions by host country").count() >= 1
    whole_page_screenshot(page, "regional_academy")
    assert page.locator('[data-testid="stException"]').count() == 0


def test_analyst_opens_data_quality_sees_problems_table_and_download(sample_server, page):
    open_view(page, sample_server, "data_quality")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_role("heading", name="Problems by line").count() == 1
    assert page.locator('[data-testid="stDataFrame"]').count() >= 2
    # The problems' rows (as filtered on the page) download from the table's own "SQL and data" view.
    page.get_by_text("SQL and data").last.click()
    page.get_by_role("button", name="Download CSV").last.wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Reload the data").count() == 1
    whole_page_screenshot(page, "data_quality")
