"""Browser tests: every leadership page on a phone (390×844), a tablet (768×1024) and a laptop (1366×768), in English and
Persian: nothing wider than the screen, the sidebar out of the way on narrow screens, cards two to a row on a phone,
no toolbar over a chart, tables scrolling inside their own box. With CINECOOP_SCREENSHOTS=1 (`make screenshots`) each
page is also saved as a whole-page screenshot under artifacts/screenshots/ (layout-<language>-<width>-<page>.png), to be
looked at: a person reads them, no test does, so `make test` leaves them out."""

from __future__ import annotations

import pytest
from conftest import open_drawn, whole_page_screenshot

pytestmark = pytest.mark.browser

PAGES = {"overview": "", "screenings": "screenings", "exchange": "exchange", "agreements": "agreements"}
PAGES |= {"regional": "regional", "data_quality": "data_quality"}
SIZES = {"phone": (390, 844), "tablet": (768, 1024), "desktop": (1366, 768)}
WIDTHS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {page: document.documentElement.scrollWidth, window: window.innerWidth, main: main.scrollWidth, mainBox: main.clientWidth};
}"""


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize("size", list(SIZES))
def test_every_leadership_page_fits_the_screen_it_is_read_on(sample_server, browser, size, language):
    width, height = SIZES[size]
    touch = width < 1024
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=touch, has_touch=touch)
    try:
        page = context.new_page()
        for name, path in PAGES.items():
            open_drawn(page, f"{sample_server.url}/{path}?lang={language}", settle=True)
            assert page.locator('[data-testid="stException"]').count() == 0, name
            widths = page.evaluate(WIDTHS)
            assert widths["page"] <= widths["window"], f"{name}: the page is wider than the screen {widths}"
            assert widths["main"] <= widths["mainBox"], f"{name}: the page's content is wider than its pane {widths}"
            for table in page.locator('[data-testid="stDataFrame"]').all():
                box = table.bounding_box() if table.is_visible() else None  # a table in a closed tab is not drawn
                assert box is None or (box["x"] >= -1 and box["x"] + box["width"] <= width + 1), f"{name}: a table sticks out {box}"
            sidebar = page.locator('[data-testid="stSidebar"]')
            expanded = sidebar.get_attribute("data-collapsed") != "true" and sidebar.is_visible()
            # Streamlit's "auto": the sidebar starts closed on a screen up to 768 pixels wide, open on a wider one.
            assert expanded == (width > 768), f"{name}: sidebar {'open' if expanded else 'closed'} at {width} pixels"
            whole_page_screenshot(page, f"layout-{language}-{width}-{name}", width, height)
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_on_a_phone_the_cards_are_two_to_a_row_and_no_toolbar_covers_a_chart(sample_server, browser, language):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_drawn(page, f"{sample_server.url}/?lang={language}", settle=True)
        cards = [box for box in (card.bounding_box() for card in page.locator('[data-testid="stMetric"]').all()) if box]
        assert len(cards) == 5
        rows = sorted({round(box["y"]) for box in cards})
        assert len(rows) == 3, cards  # 2 + 2 + 1
        for box in cards[:4]:
            assert 120 <= box["width"] <= 195, box  # half the screen, less the gap
        # A card's value shows whole: no "2,232,…" (its text is no wider than its box).
        for value in page.locator('[data-testid="stMetricValue"] > div').all():
            assert value.evaluate("node => node.scrollWidth <= node.clientWidth + 1"), value.inner_text()
        # The chart's toolbar is not drawn over it, even after a tap; its title is text above it, wrapping, not cut.
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.tap()
        page.wait_for_timeout(500)
        assert not page.locator('[data-testid="stPlotlyChart"] .modebar-container').first.is_visible()
        assert not "".join(chart.locator(".gtitle").all_text_contents()).strip()
        title = page.get_by_text("Admissions by month between", exact=False).first if language == "en" else None
        if title is not None:
            box = title.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    finally:
        context.close()
