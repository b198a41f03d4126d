"""The Screenings and attendance page and its queries: hand-made data through real DuckDB, the page through AppTest."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import ATTENDANCE_HEADER, ROOT, SAMPLE_DIR, SCREENINGS_HEADER, open_page
from streamlit.testing.v1 import AppTest

from cinecoop import paths
from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.figures import screenings as figures
from cinecoop.filters import Filters
from cinecoop.view import View

# Worked by hand. Seats known on H1 (60 of 100 -> band 60-70 %), H2 (30 of 40 = 75 % -> band 70-80 %) and H3 (110 of 100 -> the
# last band, 100 % and over); H4 is online with no seats and stays out of the histogram. Occupancy KPI: (60+30+110) / 240.
# Gross in three currencies, never added: IRR 500 + 250, RUB 900, USD 40; H4's online row has no gross.
HAND_SCREENINGS = f"""{SCREENINGS_HEADER}
H1,2025-04-01,Caspian Film Program,,Sea Story,IR,animation,RU,Astrakhan,Oktyabr,cinema,100,2
H2,2025-04-02,Caspian Film Program,,Sea Story,IR,animation,IR,Rasht,Mellat,festival,40,1
H3,2025-05-03,Russian Film Days in Iran,,Volga,RU,drama,IR,Tehran,Charsou,cinema,100,1
H4,2025-05-04,Russian Film Days in Iran,,Volga,RU,drama,IR,Nowhere Town,,online,,1
"""
HAND_ATTENDANCE = f"""{ATTENDANCE_HEADER}
H1,paid,60,900,RUB
H2,paid,20,500,IRR
H2,student,10,250,IRR
H3,paid,100,40,USD
H3,invited,10,0,USD
H4,online,25,,
"""


@pytest.fixture
def hand_db(make_data):
    folder = make_data(screenings=HAND_SCREENINGS, attendance=HAND_ATTENDANCE)
    database = Database(folder, paths.queries_dir() / "views")
    assert database.report.file("screenings").rows_loaded == 4, database.report.problems
    yield database
    database.close()


def run(database: Database, name: str, filters: Filters | None = None) -> pd.DataFrame:
    return database.run(load_catalogue()[name], filters or Filters()).frame


def new_app(**link: str | list[str]) -> AppTest:
    """The app on this page; the link is set before the first run, since the filters read it once per session."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in link.items():
        at.query_params[key] = value
    return open_page(at, "screenings")


# -- known answers of the queries ---------------------------------------------------------------------
def test_gross_stays_per_currency(hand_db):
    frame = run(hand_db, "gross_by_currency").set_index("currency")
    assert frame.loc["IRR", "gross"] == 750
    assert frame.loc["RUB", "gross"] == 900
    assert frame.loc["USD", "gross"] == 40
    assert frame.loc["IRR", "admissions"] == 30
    assert pd.isna(frame.loc["no gross", "gross"])
    assert frame.loc["no gross", "admissions"] == 25
    assert sorted(frame.index) == ["IRR", "RUB", "USD", "no gross"]


def test_occupancy_bands_count_rows_with_known_seats(hand_db):
    frame = run(hand_db, "screenings_by_occupancy_band")
    bands = dict(zip(frame["band_start"].round(1), frame["screening_rows"], strict=True))
    assert bands == {0.6: 1, 0.7: 1, 1.0: 1}
    assert frame["screenings"].sum() == 4  # H1's two sessions, H2 and H3


def test_genre_share_calls_out_animation(hand_db):
    frame = run(hand_db, "admissions_by_genre").set_index("genre")
    assert frame.loc["animation", "admissions"] == 90
    assert frame.loc["animation", "admissions_share"] == pytest.approx(90 / 225)
    assert frame["admissions_share"].sum() == pytest.approx(1.0)


def test_cities_join_the_reference_coordinates_and_keep_unknown_cities(hand_db):
    frame = run(hand_db, "admissions_by_city").set_index("city")
    assert frame.loc["Tehran", "lat"] == pytest.approx(35.6892)
    assert pd.isna(frame.loc["Nowhere Town", "lat"])
    figure = figures.city_map_figure(frame.reset_index(), View())
    assert len(figure.data[0].lat) == 4 - 1


def test_month_and_programme_follow_the_filters(hand_db):
    frame = run(hand_db, "screenings_by_month_and_program", Filters(start=dt.date(2025, 5, 1), end=dt.date(2025, 5, 31)))
    assert frame[["program", "screenings", "admissions"]].values.tolist() == [["Russian Film Days in Iran", 2, 135]]


def test_programme_colours_are_the_same_everywhere(hand_db):
    figure = figures.month_program_figure(run(hand_db, "screenings_by_month_and_program"), View(), "admissions")
    colours = {trace.name: trace.marker.color for trace in figure.data}
    assert colours == {"Caspian Film Program": "#009E73", "Russian Film Days in Iran": "#0072B2"}


# -- the page ---------------------------------------------------------------------------------------
def test_director_opens_screenings_on_sample_sees_charts_and_map(app_env):
    app_env(SAMPLE_DIR)
    at = new_app().run()
    assert not at.exception
    assert at.title[0].value == "Screenings and attendance"
    assert len(at.get("plotly_chart")) >= 7
    assert any(markdown.value.startswith("**Animation:") for markdown in at.markdown)
    gross = next(frame.value for frame in at.dataframe if "currency" in frame.value.columns)
    assert gross["currency"].is_unique


def test_screenings_with_filters_that_match_nothing_says_so(app_env):
    app_env(SAMPLE_DIR)
    at = new_app(start="2021-04-01", end="2021-04-30").run()
    assert not at.exception
    assert any("No screenings match the filters" in info.value for info in at.info)
    assert not at.get("plotly_chart")


def test_screenings_without_attendance_names_the_file(app_env, make_data):
    app_env(make_data(attendance=None))
    at = new_app().run()
    assert not at.exception
    assert any("attendance.csv" in error.value for error in at.error)
    assert not at.get("plotly_chart")


def test_screenings_deep_link_filters_the_gross_table(app_env, make_data):
    app_env(make_data(screenings=HAND_SCREENINGS, attendance=HAND_ATTENDANCE))
    at = new_app(host="RU").run()
    assert not at.exception
    assert at.session_state["_filters"].host_countries == ("RU",)
    gross = next(frame.value for frame in at.dataframe if "currency" in frame.value.columns)
    # The currency by its name (the CSV download keeps the code RUB).
    assert gross[["currency", "gross"]].values.tolist() == [["Russian rouble", 900]]


# -- box office in US dollars at yearly rates (issue 13, item 6) ---------------------------------------
# Worked by hand. R1 (2024) took 920 RUB at 92 a dollar = 10 USD; R2 (2025) 850 RUB at 85 = 10 USD: the same roubles
# convert at their own year's rate. I1 (2025) took 1,000,000 IRR but the file gives IRR a rate for 2024 only, so it stays
# out of the dollars and is named. U1 (2025) took 5 USD, which needs no rate. Total 25 USD; 3 of 4 rows with an amount.
RATES_SCREENINGS = f"""{SCREENINGS_HEADER}
R1,2024-03-01,Russian Film Days in Iran,,Volga,RU,drama,IR,Tehran,Charsou,cinema,100,1
R2,2025-03-01,Russian Film Days in Iran,,Volga,RU,drama,IR,Tehran,Charsou,cinema,100,1
I1,2025-04-01,Caspian Film Program,,Sea Story,IR,animation,RU,Astrakhan,Oktyabr,cinema,100,1
U1,2025-05-01,Caspian Film Program,,Sea Story,IR,animation,RU,Astrakhan,Oktyabr,cinema,100,1
"""
RATES_ATTENDANCE = f"""{ATTENDANCE_HEADER}
R1,paid,10,920,RUB
R2,paid,10,850,RUB
I1,paid,10,1000000,IRR
U1,paid,10,5,USD
"""
RATES = """currency,year,rate_to_usd,source
RUB,2024,92,hand
RUB,2025,85,hand
IRR,2024,500000,hand
"""


def test_usd_total_converts_each_year_at_its_own_rate(make_data):
    folder = make_data(screenings=RATES_SCREENINGS, attendance=RATES_ATTENDANCE, extra={"exchange_rates.csv": RATES})
    database = Database(folder, paths.queries_dir() / "views")
    try:
        assert database.report.file("exchange_rates").rows_loaded == 3, database.report.problems
        frame = run(database, "gross_in_usd_by_currency").set_index("currency")
    finally:
        database.close()
    assert frame.loc["RUB", "gross_usd"] == 20
    assert frame.loc["RUB", "gross"] == 920 + 850
    assert frame.loc["USD", "gross_usd"] == 5
    assert pd.isna(frame.loc["IRR", "gross_usd"])
    assert frame.loc["IRR", "years_without_rate"] == "2025"
    assert frame["attendance_rows_with_gross"].sum() == 4
    assert frame["attendance_rows_converted"].sum() == 3


def test_usd_section_is_labelled_a_conversion_and_only_shown_with_rates(make_data, app_env):
    with_rates = make_data(screenings=RATES_SCREENINGS, attendance=RATES_ATTENDANCE, extra={"exchange_rates.csv": RATES})
    app_env(with_rates)
    at = new_app(dates="all")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Box office in US dollars, at yearly rates" in [h.value for h in at.subheader]
    said = " ".join(m.value for m in at.markdown)
    assert "about 25 US dollars, converted at each year's rate (3 of 4 ticket rows with an amount)" in said
    assert "No rate for: Iranian rial 2025." in said  # the currency by its name
    usd = next(frame.value for frame in at.dataframe if "gross_usd" in frame.value.columns)
    assert usd.set_index("currency").loc["RUB", "gross_usd"] == 20
    # The per-currency table is still there, amounts never added across currencies.
    assert any("currency" in frame.value.columns and "gross_usd" not in frame.value.columns for frame in at.dataframe)

    without = make_data(screenings=RATES_SCREENINGS, attendance=RATES_ATTENDANCE)
    app_env(without)
    at = new_app(dates="all")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Box office in US dollars, at yearly rates" not in [h.value for h in at.subheader]
    assert not any("gross_usd" in frame.value.columns for frame in at.dataframe)
    assert "US dollars" not in " ".join(m.value for m in at.markdown)
