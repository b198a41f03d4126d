"""Two readers at once on one server, and a third who arrives after them: none sees another's language, calendar or filters.

The Persian reader prepares a brief (the PDF is built in the server process, in Persian and the Solar Hijri calendar)
while the English reader clicks through pages; then a new visitor opens the dashboard with a bare link."""

from __future__ import annotations

import re

import pytest
from conftest import wait_for_app

from cinecoop.i18n import t

pytestmark = pytest.mark.browser

TITLE = '[data-testid="stHeading"] h1'
PERSIAN_LETTERS = "[\u0600-\u06ff]"


def title(page) -> str:
    return page.locator(TITLE).first.inner_text().strip()


def chosen(page, label: str) -> str:
    """The option picked in one of the sidebar's radio groups (language, calendar), by the group's label."""
    # The link is written back on the first run (the landing dates), which reruns the page: wait for the sidebar again.
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]').first.wait_for(timeout=60_000)
    for radio in page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]').all():
        if label in radio.locator('[data-testid="stWidgetLabel"]').first.inner_text():
            return radio.locator("label:has(input:checked)").first.inner_text().strip()
    raise AssertionError(f"no radio group {label!r} in the sidebar")


def start_date(page) -> str:
    return page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"] input').first.input_value()


def test_a_persian_brief_being_prepared_leaves_an_english_reader_and_a_new_visitor_in_their_own_view(sample_server, browser):
    persian = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True).new_page()
    english = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    try:
        persian.goto(f"{sample_server.url}/?lang=fa&start=2025-03-21&end=2026-03-20")
        wait_for_app(persian, timeout=90_000)
        english.goto(f"{sample_server.url}/screenings")
        wait_for_app(english, timeout=90_000)
        assert title(persian) == t("Overview", "fa")
        assert title(english) == "Screenings and attendance"

        # The Persian reader asks for the brief; while the server builds it, the English reader moves on.
        persian.get_by_role("button", name=t("Prepare brief (PDF)", "fa")).click()
        english.get_by_role("link", name="Exchange balance").click()
        wait_for_app(english, timeout=90_000)
        persian.get_by_role("button", name=t("Brief (PDF)", "fa"), exact=True).wait_for(timeout=180_000)
        # After the brief, the English reader's next pages are still English and Gregorian, on their own landing year.
        english.get_by_role("link", name="Agreements").click()
        wait_for_app(english, timeout=90_000)
        assert title(english) == "Agreements"
        assert chosen(english, "Language") == "English"
        assert chosen(english, "Calendar") == "Gregorian"
        assert start_date(english) == "2025-01-01"  # 2025, the latest whole Gregorian year; not the Persian reader's 1404
        main = english.locator('[data-testid="stMain"]').inner_text()
        assert not re.search(PERSIAN_LETTERS, main), "Persian words on the English reader's page"

        # A new visitor with a bare link gets the default view: English, Gregorian, the latest whole year (2025).
        newcomer = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        try:
            newcomer.goto(sample_server.url)
            wait_for_app(newcomer, timeout=90_000)
            assert title(newcomer) == "Overview"
            assert chosen(newcomer, "Language") == "English"
            assert chosen(newcomer, "Calendar") == "Gregorian"
            assert start_date(newcomer) == "2025-01-01"
        finally:
            newcomer.context.close()

        # And the Persian reader is still in Persian and the Solar Hijri calendar, with the dates of the link.
        persian.get_by_role("link", name=t("Exchange balance", "fa")).click()
        wait_for_app(persian, timeout=90_000)
        assert title(persian) == t("Exchange balance", "fa")
        assert chosen(persian, t("Calendar", "fa")) == t("Solar Hijri", "fa")
        assert start_date(persian) == "2025-03-21"
    finally:
        persian.context.close()
        english.context.close()
