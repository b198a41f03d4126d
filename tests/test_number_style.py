"""One number style: a measure reads the same on a KPI card, in a table cell, in a chart's hover and on its axis, and in
the PDF brief, in each language (formatting.MEASURE_FORMATS).

The data are two screenings of one programme in one host country: 700,000 + 479,300 = 1,179,300 people on
1,500,000 + 1,000,000 = 2,500,000 seats, an occupancy of 1,179,300 / 2,500,000 = 0.47172 (47.2% with one decimal, where
Streamlit's own percent format wrote 47.17%), and one gross of 1,378,034,650,000 rials (no decimals from 1,000 up, where
the table wrote 1,378,034,650,000.00). The expected texts below are written by hand."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import ATTENDANCE_HEADER, ROOT, SCREENINGS_HEADER, open_page
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from cinecoop.figures import theme

NBSP = "\u00a0"
SCREENINGS = f"""{SCREENINGS_HEADER}
U1,2025-03-01,Caspian Film Program,,Film One,IR,drama,KZ,Aktau,Seaside Stage,cinema,1500000,1
U2,2025-04-01,Caspian Film Program,,Film Two,RU,drama,KZ,Aktau,Seaside Stage,cinema,1000000,1
"""
ATTENDANCE = f"""{ATTENDANCE_HEADER}
U1,paid,700000,1378034650000,IRR
U2,paid,479300,,
"""
EXPECTED = {
    "en": {"admissions": "1,179,300", "occupancy": "47.2%", "gross": "1,378,034,650,000", "million": "1,000,000"},
    "ru": {
        "admissions": f"1{NBSP}179{NBSP}300",
        "occupancy": f"47,2{NBSP}%",
        "gross": f"1{NBSP}378{NBSP}034{NBSP}650{NBSP}000",
        "million": f"1{NBSP}000{NBSP}000",
    },
    "fa": {"admissions": "۱٬۱۷۹٬۳۰۰", "occupancy": "۴۷٫۲٪", "gross": "۱٬۳۷۸٬۰۳۴٬۶۵۰٬۰۰۰", "million": "۱٬۰۰۰٬۰۰۰"},
}
LINK = {"start": "2025-01-01", "end": "2025-12-31"}
BIDI = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def page_run(page: str, language: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in {**LINK, "lang": language}.items():
        at.query_params[key] = value
    at = open_page(at, "" if page == "overview" else page)
    at.run()
    assert not at.exception, [element.value for element in at.exception]
    return at


def shown_cells(at: AppTest, column: str) -> list[str]:
    """The text each cell of a table's column shows: the Styler's display text, or, for a progress bar, the text
    Streamlit writes on the bar from its printf format (as the browser's sprintf does)."""
    for table in at.dataframe:
        if column not in table.value.columns:
            continue
        config = json.loads(table.proto.columns or "{}").get(column, {})
        type_config = config.get("type_config") or {}
        if type_config.get("type") == "progress":
            return [type_config["format"] % value for value in table.value[column]]
        display = dataframe_util.convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)
        return [str(value) for value in display[column]]
    raise AssertionError(f"no table shows {column}")


def chart(at: AppTest, title_words: str) -> dict:
    """The figure (as sent to the browser) whose title, shown above it, holds the words."""
    last = ""
    for node in _walk(at.main):
        if node.type == "markdown":
            last = node.value
        elif node.type == "plotly_chart" and title_words in last.replace("\\", ""):
            return json.loads(node.proto.spec)
    raise AssertionError(f"no chart titled {title_words!r}")


def _walk(node):
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for index in sorted(children):
        yield from _walk(children[index])


def brief_text(tmp_path, page: str, language: str, data) -> str:
    out = tmp_path / f"{page}-{language}.pdf"
    arguments = ["brief", "--page", page, "--lang", language, "--data", str(data), "--out", str(out)]
    arguments += ["--start", LINK["start"], "--end", LINK["end"]]
    env = {**__import__("os").environ, "CHROMIUM_PATH": "/nonexistent/chromium"}
    completed = subprocess.run([sys.executable, "-m", "cinecoop", *arguments], cwd=ROOT, capture_output=True, text=True, env=env)
    assert completed.returncode == 0, completed.stderr
    return BIDI.sub("", subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout)


@pytest.mark.parametrize("language", ["en", "ru", "fa"])
def test_a_measure_reads_the_same_on_a_card_a_table_a_chart_and_the_brief(app_env, make_data, tmp_path, language):
    expected = EXPECTED[language]
    folder = make_data(screenings=SCREENINGS, attendance=ATTENDANCE)
    app_env(folder)

    overview = page_run("overview", language)
    cards = [metric.value for metric in overview.metric]
    # The five cards: screenings, admissions, occupancy, films, agreements signed.
    assert cards[1] == expected["admissions"]
    assert cards[2] == expected["occupancy"]
    assert shown_cells(overview, "admissions") == [expected["admissions"]]
    assert shown_cells(overview, "occupancy") == [expected["occupancy"]]

    screenings = page_run("screenings", language)
    hosts = chart(
        screenings,
        {"en": "Admissions by host country", "ru": "Зрители по странам показа", "fa": "تماشاگران به تفکیک کشور میزبان"}[language],
    )
    hover = [BIDI.sub("", str(value)) for value in hosts["data"][0]["customdata"][0]]
    assert expected["admissions"] in hover and expected["occupancy"] in hover
    axis = hosts["layout"]["xaxis"]
    ticks = dict(zip(axis["tickvals"], axis["ticktext"], strict=True))
    assert ticks[1_000_000] == expected["million"]  # never Plotly's "1M", and in the reader's digits
    assert shown_cells(screenings, "gross") == [expected["gross"], "—"]  # the rows without an amount: no gross

    # pdftotext gives a non-breaking space back as a plain one.
    on_paper = {name: text.replace(NBSP, " ") for name, text in expected.items()}
    overview_brief = brief_text(tmp_path, "overview", language, folder)
    assert overview_brief.count(on_paper["admissions"]) >= 2  # the card and the scoreboard
    assert overview_brief.count(on_paper["occupancy"]) >= 2
    screenings_brief = brief_text(tmp_path, "screenings", language, folder)
    assert on_paper["gross"] in screenings_brief


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ["0", "20,000", "40,000", "60,000"]), ("ru", ["0", f"20{NBSP}000", f"40{NBSP}000", f"60{NBSP}000"])],
)
def test_a_count_axis_writes_thousands_as_the_text_does_never_10k(language, expected):
    # 0 to 120,000 in about six steps: a step of 20,000.
    figure = go.Figure(go.Bar(x=["a", "b"], y=[120_000, 20_000]))
    figure.update_yaxes(tickformat=",d")
    theme.localize(figure, language)
    assert list(figure.layout.yaxis.ticktext)[:4] == expected


def test_a_persian_chart_writes_persian_digits_on_its_axes_and_in_its_hovers():
    figure = go.Figure(go.Bar(x=[0.05, 0.15], y=[1234, 56], hovertemplate="%{y:,} people<br>%{x:.1%}<extra></extra>", width=0.1))
    figure.update_xaxes(tickformat=".0%", dtick=0.1, range=[0, 0.3])
    figure.update_yaxes(tickformat=",d")
    theme.localize(figure, "fa")
    assert list(figure.layout.xaxis.ticktext) == ["۰٪", "۱۰٪", "۲۰٪", "۳۰٪"]
    assert list(figure.layout.yaxis.ticktext)[:3] == ["۰", "۲۰۰", "۴۰۰"]  # 0 to 1,234 in steps of 200
    # The hover's numbers are written by the dashboard and carried in customdata: Plotly would write 1,234 and 5.0%.
    assert figure.data[0].customdata == (["۱٬۲۳۴", "۵٫۰٪"], ["۵۶", "۱۵٫۰٪"])
    assert "%{y" not in figure.data[0].hovertemplate and "%{customdata[0]}" in figure.data[0].hovertemplate


def test_a_heatmap_hover_keeps_its_own_fields_and_gets_its_numbers_written():
    figure = go.Figure(
        go.Heatmap(z=[[1200, None]], x=["a", "b"], y=["r"], customdata=[[[7], [None]]], hovertemplate="%{x}: %{z:,} / %{customdata[0]:,}")
    )
    theme.localize(figure, "ru")
    assert figure.data[0].customdata[0][0] == [7, f"1{NBSP}200", "7"]
    assert figure.data[0].customdata[0][1][1:] == ["—", "—"]
    assert figure.data[0].hovertemplate == "%{x}: %{customdata[1]} / %{customdata[2]}"


def test_unknown_admissions_read_as_a_dash_not_zero():
    figure = go.Figure(go.Bar(x=["a", "b"], y=[pd.NA, 12.0], hovertemplate="%{y:,}"))
    theme.localize(figure, "en")
    assert [row[-1] for row in figure.data[0].customdata] == ["—", "12"]


def test_the_briefs_chart_drawer_draws_persian_digits_offline():
    """kaleido's Chromium draws the brief's charts with no network: the Persian digits of a Persian chart's axes must come
    from a font it finds on the machine (DejaVu Sans has them), not from a web font it cannot load. A chart labelled with
    Persian digits is drawn differently from the same chart labelled with Latin digits and from one labelled with
    characters no font has (drawn as empty boxes)."""
    import io

    from PIL import Image, ImageChops

    from cinecoop import brief
    from cinecoop.browser import chromium_path

    browser = chromium_path()
    if browser is None:
        pytest.fail("no Chromium to draw the brief's charts (apt-get install chromium)")

    def labelled(labels: list[str]) -> go.Figure:
        figure = go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 2, 3]))
        figure.update_yaxes(tickmode="array", tickvals=[1, 2, 3], ticktext=labels, tickfont={"size": 28})
        return figure.update_layout(template=theme.TEMPLATE_NAME, width=400, height=300)

    persian, latin, missing = brief.render_charts(
        [labelled(["۱۲۳", "۴۵۶", "۷۸۹"]), labelled(["123", "456", "789"]), labelled(["\ue001\ue002\ue003"] * 3)], browser
    )
    pictures = [Image.open(io.BytesIO(png)).convert("RGB") for png in (persian, latin, missing)]
    assert ImageChops.difference(pictures[0], pictures[1]).getbbox() is not None
    assert ImageChops.difference(pictures[0], pictures[2]).getbbox() is not None
