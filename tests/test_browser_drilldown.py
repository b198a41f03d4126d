"""Click to filter and drill down, in a real browser: a programme's bar filters the page and the link (a chip undoes it),
a film's row opens the film's page, a country's bar its country page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from conftest import wait_for_app

pytestmark = pytest.mark.browser

TITLE = '[data-testid="stHeading"] h1'


def link(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def settled(page) -> None:
    page.wait_for_timeout(800)
    wait_for_app(page, timeout=90_000)


def test_director_clicks_a_programme_bar_and_the_page_and_link_filter_with_a_chip_that_undoes_it(sample_server, page):
    page.goto(f"{sample_server.url}/screenings?start=2025-01-01&end=2025-12-31")
    wait_for_app(page, timeout=90_000)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".bars .point path").first.wait_for(timeout=60_000)
    # The first chart is admissions by month and programme: each colour a programme.
    chart.locator(".bars .point path").nth(3).click(force=True)
    page.wait_for_function("() => new URL(location.href).searchParams.has('program')", timeout=60_000)
    settled(page)
    programmes = link(page)["program"]
    assert len(programmes) == 1
    chip = page.get_by_role("button", name="Filtered by a click", exact=False)
    assert chip.count() == 1 and programmes[0] in chip.inner_text()
    # The sidebar says the same: one programme chosen.
    assert page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.get_by_text(programmes[0]).count() >= 1
    chip.click()
    page.wait_for_function("() => !new URL(location.href).searchParams.has('program')", timeout=60_000)
    settled(page)
    assert page.get_by_role("button", name="Filtered by a click", exact=False).count() == 0
    assert link(page)["start"] == ["2025-01-01"]


def test_director_chooses_a_film_row_and_its_film_page_opens_with_the_filters_kept(sample_server, page):
    page.goto(f"{sample_server.url}/exchange?start=2025-01-01&end=2025-12-31")
    wait_for_app(page, timeout=90_000)
    # The co-productions table: a row chosen (its checkbox at the left) opens the film.
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 55)
    page.wait_for_function("() => location.pathname.endsWith('/film')", timeout=60_000)
    settled(page)
    assert link(page)["film"][0]
    assert (link(page)["start"], link(page)["end"]) == (["2025-01-01"], ["2025-12-31"])
    assert page.locator(TITLE).first.inner_text() not in ("", "Film")
    assert page.get_by_text("Screenings of the film", exact=True).count() == 1


def test_director_clicks_a_littoral_state_and_its_country_page_opens(sample_server, page):
    page.goto(f"{sample_server.url}/regional")
    wait_for_app(page, timeout=90_000)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".bars .point path").first.wait_for(timeout=60_000)
    chart.locator(".bars .point path").last.click(force=True)
    page.wait_for_function("() => location.pathname.endsWith('/country')", timeout=60_000)
    settled(page)
    code = link(page)["country"][0]
    assert len(code) == 2 and code.isupper()
    assert page.locator(TITLE).first.inner_text() != "Country"
