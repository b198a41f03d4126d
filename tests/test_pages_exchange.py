"""The Exchange balance page and its queries: directions worked out by hand, the focus pair, the year-on-year answer."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ATTENDANCE_HEADER, ROOT, SAMPLE_DIR, SCREENINGS_HEADER, open_page
from streamlit.testing.v1 import AppTest

from cinecoop import paths
from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.figures import exchange as figures
from cinecoop.filters import Filters
from cinecoop.view import View

# Directions between IR and RU, worked out by hand from data contract section 3:
#   E1 an Iranian film in Russia -> IR→RU (100)          E2 a Russian film in Iran -> RU→IR (40)
#   E3 an IR;RU co-production in Kazakhstan -> co-production (30, wherever it is shown)
#   E4 a Kazakh film in Russia -> outside the pair (7)   E5 an IR;KZ film in Russia -> IR→RU (5: A is among its countries, B is not)
#   E6 an Iranian film in Russia the year before -> IR→RU in 2024 (80)
# So in 2025: IR→RU 105 people, 2 titles, 3 sessions; RU→IR 40; balance +65, ratio 2.625. IR→RU 2025 against 2024: +25 (+31.2%).
DIRECTION_SCREENINGS = f"""{SCREENINGS_HEADER}
E1,2025-03-01,Iranian Film Week in Russia,,Persian Garden,IR,drama,RU,Moscow,Karo,cinema,200,2
E2,2025-03-02,Russian Film Days in Iran,,Volga Tale,RU,drama,IR,Tehran,Charsou,cinema,100,1
E3,2025-03-03,Caspian Film Program,,Shared Sea,IR;RU,animation,KZ,Aktau,Arman,festival,100,1
E4,2025-03-04,Regular distribution,,Steppe,KZ,drama,RU,Moscow,Karo,cinema,100,1
E5,2025-03-05,Caspian Film Program,,Two Shores,IR;KZ,documentary,RU,Astrakhan,Oktyabr,festival,100,1
E6,2024-03-01,Iranian Film Week in Russia,,Persian Garden,IR,drama,RU,Moscow,Karo,cinema,200,1
"""
DIRECTION_ATTENDANCE = f"""{ATTENDANCE_HEADER}
E1,paid,60,,
E1,invited,40,,
E2,paid,40,,
E3,paid,30,,
E4,paid,7,,
E5,paid,5,,
E6,paid,80,,
"""


@pytest.fixture
def direction_data(make_data):
    return make_data(screenings=DIRECTION_SCREENINGS, attendance=DIRECTION_ATTENDANCE)


@pytest.fixture
def direction_db(direction_data):
    database = Database(direction_data, paths.queries_dir() / "views")
    assert database.report.file("screenings").rows_loaded == 6, database.report.problems
    yield database
    database.close()


def run(database: Database, name: str, filters: Filters | None = None) -> pd.DataFrame:
    return database.run(load_catalogue()[name], filters or Filters()).frame


def new_app(**link: str | list[str]) -> AppTest:
    """The app on this page; the link is set before the first run, since the filters read it once per session."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in link.items():
        at.query_params[key] = value
    return open_page(at, "exchange")


def year_metrics(at: AppTest) -> list[tuple[str, str, str]]:
    """The year-on-year cards (after the five KPI cards of the selection): label, value, change."""
    return [(metric.label, metric.value, metric.delta) for metric in at.metric if " in " in metric.label]


# -- known answers of the queries ---------------------------------------------------------------------
def test_each_direction_gets_the_hand_worked_admissions(direction_db):
    frame = run(direction_db, "exchange_by_year_and_direction")
    got = {(row.year, row.direction): (row.titles, row.screenings, row.admissions) for row in frame.itertuples()}
    assert got == {
        (2024, "IR→RU"): (1, 1, 80),
        (2025, "IR→RU"): (2, 3, 105),
        (2025, "RU→IR"): (1, 1, 40),
        (2025, "co-production"): (1, 1, 30),
    }


def test_the_command_line_gives_the_same_directions(direction_data):
    completed = subprocess.run(
        [sys.executable, "-m", "cinecoop", "query", "admissions_by_month_and_direction", "--data", str(direction_data), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    rows = json.loads(completed.stdout)
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["direction"]] = totals.get(row["direction"], 0) + row["admissions"]
    assert totals == {"IR→RU": 185, "RU→IR": 40, "co-production": 30}


def test_balance_is_a_to_b_minus_b_to_a_and_their_ratio(direction_db):
    frame = run(direction_db, "exchange_balance_by_year").set_index("year")
    assert frame.loc[2025, "admissions_balance"] == 65
    assert frame.loc[2025, "admissions_ratio"] == pytest.approx(105 / 40)
    assert (frame.loc[2025, "titles_a_to_b"], frame.loc[2025, "titles_b_to_a"]) == (2, 1)
    assert frame.loc[2024, "admissions_balance"] == 80
    assert pd.isna(frame.loc[2024, "admissions_ratio"])
    figure = figures.balance_figure(frame.reset_index(), View())
    # Directions by name (this view has no reference names, so the codes stand in for them); the ratio with two decimals.
    assert list(figure.data[0].text) == ["no RU → IR", "×2.62"]


def test_a_different_focus_pair_changes_the_directions(direction_db):
    frame = run(direction_db, "exchange_by_year_and_direction", Filters(focus=("KZ", "RU")))
    got = {(row.year, row.direction): row.admissions for row in frame.itertuples()}
    # The Kazakh film in Russia is KZ→RU, and so is the IR;KZ film in Russia (KZ is among its countries, RU is not);
    # the IR;RU co-production shown in Kazakhstan is now RU→KZ.
    assert got == {(2025, "KZ→RU"): 12, (2025, "RU→KZ"): 30}


def test_coproductions_are_the_films_holding_both_countries(direction_db):
    frame = run(direction_db, "coproductions_by_film")
    assert frame[["film_title", "admissions", "host_countries"]].values.tolist() == [["Shared Sea", 30, "KZ"]]


def test_flows_keep_a_coproduction_as_its_own_origin(direction_db):
    frame = run(direction_db, "admissions_by_film_country_and_host_country", Filters(start=dt.date(2025, 1, 1)))
    flows = {(row.film_country, row.host_country): row.admissions for row in frame.itertuples()}
    assert flows == {("IR", "RU"): 100, ("RU", "IR"): 40, ("IR;RU", "KZ"): 30, ("KZ", "RU"): 7, ("IR;KZ", "RU"): 5}
    assert sum(flows.values()) == 182


# -- the page ---------------------------------------------------------------------------------------
def test_director_reads_this_year_against_last_year_for_each_direction(app_env, direction_data):
    app_env(direction_data)
    at = new_app(start="2025-01-01", end="2025-12-31").run()
    assert not at.exception
    answer = next(markdown.value for markdown in at.markdown if markdown.value.startswith("**Questions leadership asks.**"))
    assert "105 in 2025, against 80 in 2024: +25 (+31.2%)" in answer
    metrics = year_metrics(at)
    assert metrics[0] == ("Admissions in 2025", "105", "+25 (+31.2%)")
    assert metrics[3] == ("Admissions in 2025", "40", "")  # RU→IR had nobody in 2024: no change to show
    assert metrics[6] == ("Admissions in 2025", "30", "")
    assert len(at.get("plotly_chart")) == 3


def test_director_picks_another_pair_and_the_focus_follows(app_env, direction_data):
    app_env(direction_data)
    at = new_app(start="2025-01-01", end="2025-12-31").run()
    at.selectbox(key="focus_a").set_value("KZ").run()
    assert not at.exception
    assert tuple(at.session_state["focus"]) == ("KZ", "RU")
    assert year_metrics(at)[0] == ("Admissions in 2025", "12", "")
    # The focus stays out of the link: only the contract's filters are there.
    assert set(at.query_params) <= {"start", "end", "program", "host", "film"}


def test_director_picking_the_same_country_twice_gets_a_plain_message(app_env, direction_data):
    app_env(direction_data)
    at = new_app().run()
    at.selectbox(key="focus_b").set_value("IR").run()
    assert not at.exception
    assert any("two different countries" in info.value for info in at.info)


def test_director_opens_exchange_on_sample_sees_the_answer_and_charts(app_env):
    app_env(SAMPLE_DIR)
    at = new_app().run()
    assert not at.exception
    assert any(markdown.value.startswith("**Questions leadership asks.**") for markdown in at.markdown)
    # The five KPI cards of the selection, then three cards (admissions, screenings, titles) for each of the three ways.
    assert len(at.metric) == 5 + 9
    assert len(year_metrics(at)) == 9
    # Each way by year, the balance, the flows, and the distribution's share of the host market (the sample has releases).
    assert len(at.get("plotly_chart")) == 4


def test_exchange_with_filters_that_match_nothing_says_so(app_env):
    app_env(SAMPLE_DIR)
    at = new_app(start="2021-04-01", end="2021-04-30").run()
    assert not at.exception
    assert any("No screenings between Iran and Russia match the filters" in info.value for info in at.info)
    assert not at.get("plotly_chart")


def test_exchange_without_attendance_names_the_file(app_env, make_data):
    app_env(make_data(attendance=None))
    at = new_app().run()
    assert not at.exception
    assert any("attendance.csv" in error.value for error in at.error)
    assert not at.metric
