"""Browser tests: every leadership page, in English, Persian and Russian, names things instead of showing their codes.

The data (tests/codes_data.py) use every status, type and format of the contract, three currencies, a co-production and
both directions between Iran and Russia, while no data value is such a code: a code on the page is the dashboard's."""

from __future__ import annotations

import re

import pytest
from codes_data import COUNTRIES, FILES, codes_in, labels_that_are_codes
from conftest import open_drawn, screenshot, start_server, write_folder

pytestmark = pytest.mark.browser

PAGES = {"overview": "", "screenings": "screenings", "exchange": "exchange", "agreements": "agreements"}
PAGES |= {"regional": "regional", "data_quality": "data_quality"}
# All dates (the landing view of a Persian reader is the last whole Solar Hijri year, which these rows do not reach) and
# every country of the data chosen as a host: the same rows as no filter, and the sidebar shows the choices as chips.
LINK = "dates=all&" + "&".join(f"host={code}" for code in COUNTRIES)
# What the reader sees: the page's and the sidebar's text, and the texts a chart or a table draws (labels of a chart's
# legend, axes, bars and notes; the cells a table shows, which its grid also gives screen readers).
# Icons are drawn from a font by their names (fact_check): those words are not shown, so they are hidden while reading.
SEEN = """() => {
  const icons = document.createElement('style');
  icons.textContent = '[data-testid="stIconMaterial"], [data-testid="stAlertDynamicIcon"] { display: none !important; }';
  document.head.appendChild(icons);
  const texts = selector => [...document.querySelectorAll(selector)].map(node => node.textContent);
  const text = selector => { const node = document.querySelector(selector); return node ? node.innerText : ''; };
  try { return {
    page: text('[data-testid="stMain"]') + '\\n' + text('[data-testid="stSidebar"]'),
    labels: [
      ...texts('[data-testid="stPlotlyChart"] :is(.legendtext, .xtick text, .ytick text, .textpoint text, .annotation-text, .bartext)'),
      ...texts('[data-testid="stDataFrame"] table :is(td, th)'),
      ...texts('[data-testid="stMultiSelect"] [data-tag] > span'),
      ...[...document.querySelectorAll('[data-testid="stSelectbox"] input')].map(input => input.value),
    ],
  }; } finally { icons.remove(); }
}"""


@pytest.fixture(scope="module")
def codes_server(tmp_path_factory):
    server = start_server(write_folder(tmp_path_factory.mktemp("codes") / "data", FILES))
    yield server
    server.stop()


def seen(page) -> tuple[str, list[str]]:
    """The page's text and labels, every tab of the page opened in turn (a closed tab's text is not on screen)."""
    shown = page.evaluate(SEEN)
    text, labels = shown["page"], shown["labels"]
    tabs = page.get_by_role("tab")
    for index in range(1, tabs.count()):
        tabs.nth(index).click()
        page.wait_for_timeout(1500)
        shown = page.evaluate(SEEN)
        text, labels = text + "\n" + shown["page"], labels + shown["labels"]
    return text, labels


@pytest.mark.parametrize("language", ["en", "fa", "ru"])
def test_a_director_reads_names_not_codes_on_every_leadership_page(codes_server, browser, language):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        for name, path in PAGES.items():
            open_drawn(page, f"{codes_server.url}/{path}?lang={language}&{LINK}")
            assert page.locator('[data-testid="stException"]').count() == 0, name
            text, labels = seen(page)
            # The data folder's path is a fact the Data quality page states, with the test's own name in it.
            folder = page.locator('[data-testid="stCode"]').all_inner_texts() if name == "data_quality" else []
            for value in folder:
                text = text.replace(value, "")
            # Its problems are told by file and column (agreements.csv · end_date): what a data steward looks for in the file.
            if name == "data_quality":
                text = re.sub(r"\.csv · [a-z_]+", ".csv", text)
            assert not codes_in(text, strict=language != "en"), f"{name} in {language}: {codes_in(text, strict=language != 'en')}"
            assert not labels_that_are_codes(labels), f"{name} in {language}: {labels_that_are_codes(labels)}"
            screenshot(page, f"names-{language}-{name}")
    finally:
        context.close()


def test_the_sidebar_and_the_focus_pair_name_countries_while_the_link_keeps_the_codes(codes_server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        open_drawn(page, f"{codes_server.url}/exchange?host=KZ&host=IR")
        sidebar = page.locator('[data-testid="stSidebar"]')
        chips = sidebar.locator('[data-testid="stMultiSelect"] [data-tag] > span').all_inner_texts()
        assert [chip.strip() for chip in chips] == ["Kazakhstan", "Iran"]
        pickers = [picker.input_value() for picker in page.locator('[data-testid="stSelectbox"] input').all()]
        assert pickers[:2] == ["Iran", "Russia"]  # the focus pair, Country A and Country B, by name (then the year)
        assert "host=KZ" in page.url and "host=IR" in page.url
    finally:
        context.close()
