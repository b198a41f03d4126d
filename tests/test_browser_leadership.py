"""Browser tests of the Overview, Screenings and attendance and Exchange balance pages in headless Chromium at 1366×768."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from conftest import (
    AGREEMENTS_HEADER,
    ATTENDANCE_HEADER,
    SCREENINGS_HEADER,
    screenshot,
    start_server,
    wait_for_app,
    whole_page_screenshot,
    write_folder,
)

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
IMG_TITLE = "<img src=x onerror=alert(1)>"
MARKDOWN_TITLE = "![x](http://example.org/p.png)"
# Film titles that would run as HTML or Markdown if any page rendered data values as markup.
HOSTILE_SCREENINGS = f"""{SCREENINGS_HEADER}
X1,2025-03-01,Iranian Film Week in Russia,,"{IMG_TITLE}",IR,drama,RU,Moscow,Karo,cinema,200,1
X2,2025-03-02,Russian Film Days in Iran,,{MARKDOWN_TITLE},RU,drama,IR,Tehran,Charsou,cinema,100,1
X3,2025-03-03,Caspian Film Program,,Plain Title,IR;RU,animation,KZ,Aktau,Arman,festival,100,1
"""
HOSTILE_ATTENDANCE = f"""{ATTENDANCE_HEADER}
X1,paid,120,,
X2,paid,80,,
X3,paid,30,,
"""
HOSTILE_AGREEMENTS = f"""{AGREEMENTS_HEADER}
A1,"{IMG_TITLE}",memorandum,Caspian Film Program,Org A;Org B,IR;RU,signed,2025-01-01,2025-02-01,,,
"""


def open_view(page, url: str) -> None:
    """Open a page and wait until every chart on it is drawn."""
    page.goto(url)
    wait_for_app(page, timeout=90_000)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=90_000)
    page.wait_for_function(
        "() => { const charts = document.querySelectorAll('[data-testid=\"stPlotlyChart\"]');"
        " return charts.length > 0 && [...charts].every(chart => chart.querySelector('.main-svg')); }",
        timeout=90_000,
    )
    # A direct link may raise Streamlit's "Page not found" notice before st.navigation resolves the page; it is not this page's.
    dialog = page.get_by_role("dialog")
    if dialog.count() and dialog.first.is_visible():
        page.keyboard.press("Escape")
    page.wait_for_timeout(800)


def kpi_values(page) -> dict[str, str]:
    """The KPI cards as the reader sees them: label -> value."""
    values = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        values[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return values


def block_other_hosts(page) -> list[str]:
    """Abort every request to a host other than the dashboard's own, and record it."""
    external: list[str] = []

    def handle(route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return external


@pytest.mark.parametrize(("path", "name"), [("", "overview"), ("screenings", "screenings"), ("exchange", "exchange")])
def test_director_opens_each_leadership_page_sees_its_charts(sample_server, page, path, name):
    open_view(page, f"{sample_server.url}/{path}")
    assert page.locator('[data-testid="stPlotlyChart"]').count() > 0
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Sample data:", exact=False).count() == 1
    whole_page_screenshot(page, name)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_director_picks_a_year_sees_new_kpis_and_a_link_that_reopens_them(sample_server, page, browser):
    open_view(page, sample_server.url)
    before = kpi_values(page)
    assert set(before) == {"Screenings", "Admissions", "Occupancy", "Films", "Agreements signed"}
    # A bare link lands on 2025, the latest whole year; the director picks the year under way.
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="2026", exact=True).click()
    # Streamlit writes the link one parameter at a time: wait for both dates.
    page.wait_for_url(lambda url: "start=2026-01-01" in url and "end=" in url, timeout=60_000)
    page.wait_for_function(
        "(before) => { const v = document.querySelectorAll('[data-testid=\"stMetricValue\"]');"
        " return v.length >= 2 && v[1].innerText.trim() !== before; }",
        arg=before["Admissions"],
        timeout=60_000,
    )
    wait_for_app(page)
    after = kpi_values(page)
    assert after["Admissions"] != before["Admissions"]
    assert after["Screenings"] != before["Screenings"]
    # A year has a previous period: each card shows its change.
    assert page.locator('[data-testid="stMetricDelta"]').count() >= 5
    screenshot(page, "overview_2026")

    link = page.url
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        colleague = context.new_page()
        open_view(colleague, link)
        assert kpi_values(colleague) == after
    finally:
        context.close()


def test_screenings_page_with_other_hosts_blocked_draws_the_map_from_its_own_files(sample_server, page):
    external = block_other_hosts(page)
    maps: list[tuple[str, int]] = []
    page.on("response", lambda response: maps.append((response.url, response.status)) if "/topojson/" in response.url else None)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    open_view(page, f"{sample_server.url}/screenings")
    page.wait_for_selector('[data-testid="stPlotlyChart"] .geo .countries path', state="attached", timeout=60_000)
    assert page.locator('[data-testid="stPlotlyChart"] .scattergeo .point').count() > 10
    assert any(url.endswith("/app/static/topojson/world_110m.json") and status == 200 for url, status in maps)
    assert not [error for error in errors if "topojson" in error]
    assert page.locator('[data-testid="stException"]').count() == 0
    assert external == []


def test_hostile_film_titles_show_as_their_characters(tmp_path, browser):
    folder = write_folder(
        tmp_path / "hostile",
        {"screenings.csv": HOSTILE_SCREENINGS, "attendance.csv": HOSTILE_ATTENDANCE, "agreements.csv": HOSTILE_AGREEMENTS},
    )
    server = start_server(folder)
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        external = block_other_hosts(page)
        open_view(page, f"{server.url}/screenings")
        charts = " ".join(page.locator('[data-testid="stPlotlyChart"]').all_text_contents())
        assert IMG_TITLE in charts
        assert MARKDOWN_TITLE in charts
        whole_page_screenshot(page, "screenings_hostile_titles")
        for path in ("", "screenings", "exchange"):
            open_view(page, f"{server.url}/{path}")
            assert page.locator('img[src="x"]').count() == 0
            assert page.locator('img[src*="example.org"]').count() == 0
            assert page.locator('[data-testid="stException"]').count() == 0
        assert dialogs == []
        # The Markdown title would fetch its image if any page rendered it as Markdown (other hosts: see the offline test).
        assert not [url for url in external if "example.org" in url]
    finally:
        context.close()
        server.stop()
