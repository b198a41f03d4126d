"""Unknown is not zero on the pages (data contract section 7): KPI cards show a dash and for how many screenings
admissions are known, the exchange year-on-year cards and "Admissions on board" never turn unknown into 0, and charts
draw "no data" where a group nobody counted would stand, never a bar of zero. Known answers worked out by hand."""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import AGREEMENTS_HEADER, ATTENDANCE_HEADER, ROOT, SCREENINGS_HEADER, open_page, uncounted_files, write_folder
from streamlit.testing.v1 import AppTest

from cinecoop import paths
from cinecoop.blocks import Context, DirectSource, collect
from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.figures import theme
from cinecoop.filters import Filters
from cinecoop.pagespecs import PAGES
from cinecoop.view import View

# Partly counted, worked by hand:
#   P1 2025-03-01 an Iranian film in Moscow, 2 sessions, 200 seats: 120 people -> known.
#   P2 2025-03-05 the same film in Kazan, 1 session: no attendance rows -> unknown.
#   P3 2025-04-10 a Russian film in Tehran, 1 session: only a blank ticket row -> unknown.
#   P4 2024-03-02 the Iranian film in Moscow, 1 session, 100 seats: 80 people.
# 2025: 4 screenings, admissions 120 known for 2 of them (P1's two sessions), occupancy 120 / 200 = 60.0 %.
# March 2025, IR→RU: 3 screenings, 120 people known for 2 of them. April 2025, RU→IR: 1 screening, nobody counted.
# IR→RU 2025 against 2024: 120 against 80, +40 (+50.0%). RU→IR 2025: unknown (and no screening in 2024).
PARTLY_SCREENINGS = f"""{SCREENINGS_HEADER}
P1,2025-03-01,Iranian Film Week in Russia,,Film X,IR,drama,RU,Moscow,Karo,cinema,200,2
P2,2025-03-05,Iranian Film Week in Russia,,Film X,IR,drama,RU,Kazan,Mir,cinema,100,1
P3,2025-04-10,Russian Film Days in Iran,,Film Y,RU,drama,IR,Tehran,Charsou,cinema,100,1
P4,2024-03-02,Iranian Film Week in Russia,,Film X,IR,drama,RU,Moscow,Karo,cinema,100,1
"""
PARTLY_ATTENDANCE = f"""{ATTENDANCE_HEADER}
P1,paid,100,,
P1,invited,20,,
P3,paid,,,
P4,paid,80,,
"""
AGREEMENTS = f"""{AGREEMENTS_HEADER}
A1,Film weeks memorandum,memorandum,Iranian Film Week in Russia,Org A;Org B,IR;RU,signed,2024-11-01,2025-01-15,,,
"""

LEADERSHIP_PAGES = ("overview", "screenings", "exchange", "agreements", "regional", "data_quality")


@pytest.fixture(scope="module")
def partly(tmp_path_factory) -> Path:
    files = {"screenings.csv": PARTLY_SCREENINGS, "attendance.csv": PARTLY_ATTENDANCE, "agreements.csv": AGREEMENTS}
    return write_folder(tmp_path_factory.mktemp("partly"), files)


@pytest.fixture(scope="module")
def uncounted(tmp_path_factory) -> Path:
    return write_folder(tmp_path_factory.mktemp("uncounted"), uncounted_files())


def opened(page: str, language: str = "en", **link: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["lang"] = language
    for key, value in link.items():
        at.query_params[key] = value
    if page != "overview":
        open_page(at, page)
    at.run()
    assert not at.exception, [element.value for element in at.exception]
    return at


def card(at: AppTest, label: str) -> str:
    return next(metric.value for metric in at.metric if metric.label == label)


def captions(at: AppTest) -> list[str]:
    return [caption.value for caption in at.caption]


def shown(folder: Path, page: str, language: str = "en", filters: Filters | None = None) -> list:
    """What a page shows for a view, collected as both renderers get it (queries run, figures built)."""
    database = Database(folder, paths.queries_dir() / "views")
    view = View.of(language, filters or Filters(), names=database.choices.names())
    return collect(PAGES[page], Context(view, DirectSource(database, load_catalogue())))


YEAR_2025 = {"start": "2025-01-01", "end": "2025-12-31"}


# -- the KPI cards ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "admissions", "occupancy", "known", "occupancy_known"),
    [
        ("en", "120", "60.0%", "known for 2 of 4 screenings", "admissions known for 2 of 4 screenings"),
        ("fa", "۱۲۰", "۶۰٫۰٪", "برای ۲ از ۴ نمایش معلوم است", "تماشاگران برای ۲ از ۴ نمایش معلوم است"),
        ("ru", "120", "60,0\u00a0%", "известно для 2 из 4 показов", "зрители известны для 2 из 4 показов"),
    ],
)
def test_a_partly_counted_year_says_under_the_cards_for_how_many_screenings_admissions_are_known(
    app_env, partly, language, admissions, occupancy, known, occupancy_known
):
    app_env(partly)
    at = opened("overview", language, **YEAR_2025, cal="gregorian")
    labels = {"en": ("Admissions", "Occupancy"), "fa": ("تماشاگران", "ضریب اشغال"), "ru": ("Зрители", "Заполняемость")}[language]
    assert (card(at, labels[0]), card(at, labels[1])) == (admissions, occupancy)
    assert known in captions(at) and occupancy_known in captions(at)


def test_a_wholly_counted_selection_has_no_note_under_its_cards(app_env, partly):
    app_env(partly)
    at = opened("overview", start="2024-01-01", end="2024-12-31")
    assert card(at, "Admissions") == "80"
    assert not [caption for caption in captions(at) if "known for" in caption]


@pytest.mark.parametrize("page", ["overview", "screenings", "exchange"])
def test_screenings_nobody_counted_show_a_dash_and_known_for_0_of_12(app_env, uncounted, page):
    app_env(uncounted)
    at = opened(page, dates="all")
    assert (card(at, "Screenings"), card(at, "Admissions"), card(at, "Occupancy")) == ("12", "—", "—")
    assert "known for 0 of 12 screenings" in captions(at)
    assert "admissions known for 0 of 12 screenings" in captions(at)


def test_the_programme_scoreboard_says_how_many_screenings_have_known_admissions(app_env, partly):
    app_env(partly)
    at = opened("overview", **YEAR_2025)
    board = next(frame.value for frame in at.dataframe if "program" in frame.value.columns).set_index("program")
    # Iranian Film Week in Russia: P1 (2 sessions, 120 people) and P2 (unknown); Russian Film Days: P3, unknown.
    assert int(board.loc["Iranian Film Week in Russia", "admissions"]) == 120
    assert int(board.loc["Iranian Film Week in Russia", "screenings_with_admissions"]) == 2
    assert pd.isna(board.loc["Russian Film Days in Iran", "admissions"])
    assert int(board.loc["Russian Film Days in Iran", "screenings_with_admissions"]) == 0


# -- the exchange year on year and the Caspian cards -----------------------------------------------------------------
def year_cards(at: AppTest) -> list[tuple[str, str, str, str]]:
    return [(metric.label, metric.value, metric.delta, metric.proto.delta_description) for metric in at.metric if " in " in metric.label]


def test_the_exchange_year_cards_keep_unknown_admissions_unknown(app_env, partly):
    app_env(partly)
    at = opened("exchange", **YEAR_2025)
    answer = next(markdown.value for markdown in at.markdown if markdown.value.startswith("**Questions leadership asks.**"))
    assert "120 in 2025, against 80 in 2024: +40 (+50.0%). In 2025, admissions known for 2 of 3 screenings." in answer
    cards = year_cards(at)
    assert cards[0] == ("Admissions in 2025", "120", "+40 (+50.0%)", "vs 2024: 80")
    assert "known for 2 of 3 screenings" in captions(at)
    # RU→IR: P3 only, nobody counted; no Russian film was shown in Iran in 2024.
    assert cards[3] == ("Admissions in 2025", "—", "", "vs 2024: —")
    assert cards[4][:2] == ("Screenings in 2025", "1")
    assert "known for 0 of 1 screenings" in captions(at)


def test_the_exchange_quick_answer_says_not_known_rather_than_zero(app_env, uncounted):
    app_env(uncounted)
    at = opened("exchange", start="2025-01-01", end="2025-12-31")
    answer = next(markdown.value for markdown in at.markdown if markdown.value.startswith("**Questions leadership asks.**"))
    # IR→RU: N2 in 2025 (1 session) and N6 in 2024 (3 sessions), nobody counted either.
    assert "not known in 2025, against not known in 2024." in answer
    assert "In 2025, admissions known for 0 of 1 screenings. In 2024, admissions known for 0 of 3 screenings." in answer
    admissions = [entry for entry in year_cards(at) if entry[0] == "Admissions in 2025"]
    assert [entry[1] for entry in admissions] == ["—", "—", "—"]
    assert all(entry[3] == "vs 2024: —" for entry in admissions)


def test_admissions_on_board_are_unknown_when_nobody_counted_them(app_env, uncounted):
    app_env(uncounted)
    at = opened("regional", dates="all")
    assert card(at, "Events on board") == "2"
    assert card(at, "Admissions on board") == "—"
    assert "known for 0 of 2 screenings" in captions(at)


# -- the charts ----------------------------------------------------------------------------------------------
def counted_values(figure: go.Figure) -> list[tuple[str, object]]:
    """Every number a bar or heatmap of the figure stands for, with its trace name (scatter marks are not bars)."""
    values = []
    for trace in figure.data:
        if trace.type == "bar":
            axis = trace.x if trace.orientation == "h" else trace.y
            values += [(trace.name, value) for value in axis]
        elif trace.type == "heatmap" and trace.showscale is not False:
            values += [(trace.name, value) for row in trace.z for value in row]
    return values


def no_data_hovers(figure: go.Figure) -> list[str]:
    return [text for trace in figure.data if trace.type == "scatter" and trace.customdata is not None for text in trace.customdata]


@pytest.mark.parametrize("page", LEADERSHIP_PAGES)
def test_no_chart_draws_a_zero_bar_for_screenings_nobody_counted(uncounted, page):
    items = shown(uncounted, page)
    # The charts of admissions: their query gives admissions (agreements and the load's problems are counts, zero or not).
    charts = [item for item in items if item.kind == "chart" and {"admissions", "admissions_balance"} & set(item.outcome.frame.columns)]
    maps = [item for item in charts if item.figure.data[0].type == "scattergeo"]
    # The map has no bars: a city nobody counted is a grey bubble whose hover says "no data".
    for item in maps:
        assert [row[0] for row in item.figure.data[0].customdata] == ["no data"] * len(item.figure.data[0].customdata)
        assert set(item.figure.data[0].marker.color) == {theme.NO_DATA_COLOR}
    charts = [item for item in charts if item not in maps]
    for item in charts:
        values = counted_values(item.figure)
        assert values, item.key
        assert not [value for _, value in values if value is not None and not pd.isna(value)], item.key
    if page in ("overview", "screenings", "exchange", "regional"):
        assert charts and all(no_data_hovers(item.figure) for item in charts), page


def test_every_admissions_chart_of_the_uncounted_folder_says_no_data_for_each_group(uncounted):
    expected = {
        # Seven months with screenings, each with one group nobody counted.
        "admissions_by_month_and_direction": 7,
        "screenings_by_month_and_program": 7,
        # One mark per host country (AZ, IR, RU), format (5), genre (3), film (4), venue (6).
        "admissions_by_host_country": 3,
        "screenings_by_format": 5,
        "admissions_by_genre": 3,
        "admissions_by_film": 4,
        "admissions_by_venue": 6,
        # Two years, each way unknown; the balance of both years is empty.
        "exchange_by_year_and_direction": 2,
        "exchange_balance_by_year": 2,
        # The littoral states covered (AZ, IR, RU); the uncovered ones say "not covered yet" instead.
        "caspian_coverage": 3,
        "academy_screenings": 1,
    }
    found = {}
    for page in ("overview", "screenings", "exchange", "regional"):
        for item in shown(uncounted, page):
            if item.kind == "chart" and item.key in expected:
                found[item.key] = len(no_data_hovers(item.figure))
    assert found == expected


def test_a_partly_counted_month_says_so_in_its_hover_and_an_uncounted_one_says_no_data(partly):
    items = shown(partly, "overview", filters=Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)))
    figure = next(item.figure for item in items if item.key == "admissions_by_month_and_direction")
    forward = next(trace for trace in figure.data if trace.name == "Iran → Russia")
    assert list(forward.y) == [120]
    assert forward.customdata[0][2] == "<br>admissions known for 2 of 3 screenings"
    assert no_data_hovers(figure) == ["<b>April 2025</b><br>Russia → Iran: no data (admissions known for none of its 1 screenings)"]


def test_the_balance_of_a_year_with_an_uncounted_side_is_no_data_and_its_hover_says_why(partly):
    items = shown(partly, "exchange", filters=Filters(start=dt.date(2024, 1, 1), end=dt.date(2025, 12, 31)))
    figure = next(item.figure for item in items if item.key == "exchange_balance_by_year")
    bars = figure.data[0]
    # 2024: 80 against no Russian film in Iran (counts 0); 2025: RU→IR nobody counted.
    assert [None if pd.isna(value) else value for value in bars.y] == [80, None]
    assert no_data_hovers(figure) == [
        # The data stop on 10 April 2025: the year is marked as partial wherever it is drawn.
        "<b>2025, to 10 Apr</b><br>IR→RU: 120 people (admissions known for 2 of 3 screenings)<br>RU→IR: no data<br>Balance: no data"
    ]
    assert list(bars.customdata[0][:2]) == ["80 people", "no screenings"]


def test_the_plotly_json_the_browser_gets_has_no_zero_admissions(app_env, uncounted):
    """The figures as Streamlit sends them to the browser, in Persian: bars without a value, "no data" in the reader's words."""
    app_env(uncounted)
    at = opened("screenings", "fa", dates="all")
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert figures
    for figure in figures:
        for trace in figure["data"]:
            if trace.get("type") == "bar":
                values = plotly_values(trace.get("x") if trace.get("orientation") == "h" else trace.get("y"))
                assert values and all(value is None or math.isnan(value) for value in values), values
    words = [text for figure in figures for trace in figure["data"] if trace.get("type") == "scatter" for text in trace.get("text") or []]
    assert words and all(word.strip("\u202b\u202c") == "بدون داده" for word in words)


def plotly_values(values: object) -> list:
    """A Plotly JSON array as numbers: plain lists as they are, typed arrays ({"dtype", "bdata"}) decoded as plotly.js does."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).tolist()
    return list(values or [])
