"""A folder whose screenings nobody counted, served for real and read in headless Chromium, in English and Persian: no
admissions value on any leadership page reads 0. Cards show a dash and "known for 0 of 12 screenings"; tables leave the
cell empty; charts send no bar of zero (the figure data the page holds, read from plotly.js) and say "no data"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import start_server, uncounted_files, wait_for_app, write_folder

from cinecoop.formatting import format_number
from cinecoop.i18n import t

pytestmark = pytest.mark.browser

# The sessions of the folder's screenings (conftest.UNCOUNTED_SCREENINGS): 2 + 1 + 1 + 1 + 1 + 3 + 2 + 1.
SESSIONS = 12
PAGES = ("", "screenings", "exchange", "agreements", "regional", "data_quality")
# The pages whose charts draw admissions, and how many of their charts at least must say "no data" (worked out from the
# folder: Overview the months each way; Screenings months, host countries, formats, genres, films, venues; Exchange each
# way by year, the balance, the flows; Regional the Caspian states and the academy's countries).
NO_DATA_CHARTS = {"": 1, "screenings": 6, "exchange": 3, "regional": 2}

# Everything a chart holds that could show a number: bars (value axis), heatmaps, marks with text; NaN read as null.
FIGURES_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].map(gd => {
    const plain = v => (v === undefined || v === null) ? [] : Array.from(v, x => (typeof x === 'number' && Number.isNaN(x)) ? null : x);
    return (gd._fullData || []).map(trace => ({
        type: trace.type,
        name: trace.name || '',
        orientation: trace.orientation || 'v',
        x: plain(trace.x),
        y: plain(trace.y),
        z: trace.z ? Array.from(trace.z, row => plain(row)) : [],
        text: Array.isArray(trace.text) ? trace.text.map(String) : (trace.text ? [String(trace.text)] : []),
        showscale: trace.showscale !== false,
        visible: trace.visible !== false,
    }));
})"""
# The cells of every table as the grid's accessible copy holds them, with its headings.
TABLES_JS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(table => ({
    headings: [...table.querySelectorAll('[role=columnheader]')].map(cell => cell.textContent.trim()),
    rows: [...table.querySelectorAll('[role=row]')].map(row => [...row.querySelectorAll('[role=gridcell]')].map(cell => cell.textContent.trim()))
        .filter(cells => cells.length),
}))"""
ZEROS = {"0", "۰"}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[object]:
    folder = write_folder(tmp_path_factory.mktemp("uncounted") / "data", uncounted_files())
    server = start_server(folder)
    yield server
    server.stop()


def bare(text: str) -> str:
    """Text without the direction marks Persian chart texts are wrapped in."""
    return text.replace("\u202b", "").replace("\u202c", "").strip()


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, timeout=90_000)
    dialog = page.get_by_role("dialog")
    if dialog.count() and dialog.first.is_visible():
        page.keyboard.press("Escape")


def draw_every_tab(page) -> None:
    """Open each tab in turn (the Regional programmes), so every chart in it is drawn."""
    tabs = page.get_by_role("tab")
    for index in range(tabs.count()):
        tabs.nth(index).click()
        page.wait_for_timeout(700)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')].every(chart => chart.querySelector('.js-plotly-plot'))",
        timeout=60_000,
    )


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize("path", PAGES)
def test_a_reader_sees_no_zero_admissions_for_screenings_nobody_counted(server, browser, language, path):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        open_page(page, f"{server.url}/{path}?dates=all&lang={language}")
        if path == "regional":
            draw_every_tab(page)
        if path in NO_DATA_CHARTS:
            page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot', state="attached", timeout=90_000)
        page.wait_for_timeout(1000)
        words = {name: t(name, language) for name in ("Admissions", "Occupancy", "Admissions on board", "no data")}

        # Cards: a dash for admissions and occupancy, and for how many screenings they are known.
        cards = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stMetric"]')].map(card => ({
                label: card.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
                value: card.querySelector('[data-testid="stMetricValue"]').innerText.trim()}))"""
        )
        counted = [card for card in cards if card["label"] in (words["Admissions"], words["Occupancy"], words["Admissions on board"])]
        counted += [
            card for card in cards if card["label"].startswith(t("{measure} in {year}", language, measure=words["Admissions"], year=""))
        ]
        assert all(card["value"] == "—" for card in counted), counted
        captions = [bare(text) for text in page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()]
        if path in ("", "screenings", "exchange"):
            assert len(counted) >= 2, cards
            known = t(
                "known for {known} of {total} screenings",
                language,
                known=format_number(0, language),
                total=format_number(SESSIONS, language),
            )
            assert known in captions, captions

        # Tables: an admissions cell is empty, never 0.
        for table in page.evaluate(TABLES_JS):
            for column, heading in enumerate(table["headings"]):
                if heading == words["Admissions"]:
                    cells = [row[column] for row in table["rows"] if column < len(row)]
                    assert cells and not (set(cells) & ZEROS), (heading, cells)

        # Charts of admissions: no bar of zero, no "0" written on a bar, an admissions heatmap without values, and "no data"
        # instead. (The Agreements and Data quality pages draw counts of agreements and of problems, where 0 is a number.)
        if path not in NO_DATA_CHARTS:
            return
        figures = page.evaluate(FIGURES_JS)
        said_no_data = 0
        for traces in figures:
            for trace in traces:
                if trace["type"] == "bar":
                    values = trace["x"] if trace["orientation"] == "h" else trace["y"]
                    assert 0 not in values, trace
                    assert not {bare(text) for text in trace["text"]} & ZEROS, trace
                elif trace["type"] == "heatmap" and trace["showscale"]:
                    assert all(value is None for row in trace["z"] for value in row), trace["z"]
            if any(trace["type"] == "scatter" and words["no data"] in map(bare, trace["text"]) for trace in traces):
                said_no_data += 1
        assert said_no_data >= NO_DATA_CHARTS[path], (path, said_no_data)
        # Every admissions bar the pages send holds no value at all (the Overview's agreements are counts, above 0).
        bars = [trace for traces in figures for trace in traces if trace["type"] == "bar"]
        numbers = [
            value
            for trace in bars
            for value in (trace["x"] if trace["orientation"] == "h" else trace["y"])
            if isinstance(value, (int, float))
        ]
        assert numbers == ([2] if path == "" else []), numbers
    finally:
        context.close()
