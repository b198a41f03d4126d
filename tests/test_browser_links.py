"""Browser tests of what a bare link and an oversized link show (issues 13.1 and 16.6), against `streamlit run`."""

from __future__ import annotations

import csv

import pytest
from conftest import SAMPLE_DIR, wait_for_app
from test_browser_leadership import kpi_values, open_view

pytestmark = pytest.mark.browser

CARDS = {"Screenings", "Admissions", "Occupancy", "Films", "Agreements signed"}
# targets.csv's metric names for the card labels (occupancy has none in the sample).
METRIC_OF_CARD = {"Screenings": "screenings", "Admissions": "admissions", "Films": "films", "Agreements signed": "agreements_signed"}


def test_director_opening_the_bare_link_sees_last_year_against_the_year_before_with_targets(sample_server, page):
    # The sample's data run to 31 October 2026, so a bare link lands on 2025 (the latest whole year) against 2024.
    open_view(page, sample_server.url)
    assert set(kpi_values(page)) == CARDS
    deltas = page.locator('[data-testid="stMetricDelta"]')
    assert deltas.count() == 5, "every card shows its change against the previous period without touching a control"
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_text("2024", exact=False).count() > 0, "the caption names the period compared with"
    with (SAMPLE_DIR / "targets.csv").open(encoding="utf-8") as file:
        whole_year_targets = {row["metric"] for row in csv.DictReader(file) if row["year"] == "2025" and not row["program"]}
    expected = [card for card, metric in METRIC_OF_CARD.items() if metric in whole_year_targets]
    assert len(expected) == 4
    assert main.get_by_text("of the 2025 target of", exact=False).count() == len(expected)
    assert page.locator('[data-testid="stMain"] [role="progressbar"]').count() == len(expected)
    # The address then names the period shown, so a link copied from it reopens the same view.
    assert "start=2025-01-01" in page.url and "end=2025-12-31" in page.url


def test_director_opening_a_link_of_over_a_thousand_values_is_told_it_was_ignored(sample_server, page):
    query = "&".join(f"host=IR&n{index}=1" for index in range(600))  # 1,200 values
    page.goto(f"{sample_server.url}/?{query}")
    wait_for_app(page, timeout=90_000)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stMetricValue\"]').length >= 5", timeout=90_000)
    notice = page.get_by_text("Some values in the link were ignored", exact=False)
    assert notice.count() == 1
    said = "The link holds 1,200 values, more than the 1,000 the dashboard reads; it was ignored."
    assert page.get_by_text(said, exact=False).count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0
    assert set(kpi_values(page)) == CARDS
