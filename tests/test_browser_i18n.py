"""Browser tests of the dashboard in Persian and Russian: right to left, fonts served locally, every page drawn in each
language (`make screenshots` saves each one whole)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from conftest import wait_for_app, whole_page_screenshot

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# URL paths of the pages (the Overview is the default page, at /).
PAGES = {"overview": "", "screenings": "screenings", "exchange": "exchange", "agreements": "agreements"}
PAGES |= {"regional": "regional", "data_quality": "data_quality", "workbench": "workbench", "analyst_charts": "analyst_charts"}


def open_in(page, url: str) -> None:
    """Open a page of the app and wait until it has run and its charts are drawn."""
    page.goto(url)
    wait_for_app(page, timeout=90_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')].every(chart => chart.querySelector('.main-svg'))",
        timeout=90_000,
    )
    # A direct link may raise Streamlit's "Page not found" notice before st.navigation resolves the page; it is not this page's.
    dialog = page.get_by_role("dialog")
    if dialog.count() and dialog.first.is_visible():
        page.keyboard.press("Escape")
    # Cards, tables and charts arrive one after another: wait until no placeholder is left and the page stops growing.
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=90_000)
    height = -1
    for _ in range(60):
        now = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        if now == height:
            break
        height = now
        page.wait_for_timeout(1000)
    page.evaluate("document.fonts.ready")


def test_a_persian_reader_opening_lang_fa_reads_the_page_right_to_left_in_vazirmatn_served_locally(sample_server, page):
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    open_in(page, f"{sample_server.url}/?lang=fa")
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=90_000)
    directions = page.evaluate(
        "() => ['stAppViewContainer', 'stSidebar'].map(id => getComputedStyle(document.querySelector(`[data-testid=\"${id}\"]`)).direction)"
    )
    assert directions == ["rtl", "rtl"]
    assert page.locator('[data-testid="stHeading"] h1').first.inner_text() == "نمای کلی"
    # A card's value takes its direction from its own first letter: numbers keep their order inside the right-to-left cards.
    assert page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stMetricValue\"]')).unicodeBidi") == "plaintext"
    loaded = page.evaluate(
        "() => [...document.fonts].filter(face => face.status === 'loaded').map(face => face.family.replaceAll('\"', ''))"
    )
    assert "Source Sans" in loaded and any("Vazirmatn" in family or family == "Source Sans" for family in loaded)
    fonts = page.evaluate(
        "() => performance.getEntriesByType('resource').map(entry => entry.name).filter(name => name.includes('/static/fonts/'))"
    )
    assert any(name.endswith("Vazirmatn-Variable.woff2") for name in fonts), fonts
    assert hosts <= LOCAL_HOSTS, f"requests left the machine: {sorted(hosts - LOCAL_HOSTS)}"


def test_a_russian_reader_keeps_the_page_left_to_right(sample_server, page):
    open_in(page, f"{sample_server.url}/exchange?lang=ru")
    assert page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stAppViewContainer\"]')).direction") == "ltr"
    assert page.locator('[data-testid="stHeading"] h1').first.inner_text() == "Баланс обмена"


@pytest.mark.parametrize("language", ["fa", "ru", "en"])
def test_every_page_in_each_language_draws_without_an_error(sample_server, page, language):
    for name, path in PAGES.items():
        open_in(page, f"{sample_server.url}/{path}?lang={language}")
        assert page.locator('[data-testid="stException"]').count() == 0, f"/{path} in {language}"
        whole_page_screenshot(page, f"i18n-{language}-{name}")
