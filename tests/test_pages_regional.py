"""The Regional programmes page and its queries: Caspian coverage, SCO participation and the academy, on hand-made data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import AGREEMENTS_HEADER, ATTENDANCE_HEADER, ROOT, SAMPLE_DIR, SCREENINGS_HEADER, open_page
from streamlit.testing.v1 import AppTest

from cinecoop import paths
from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.filters import Filters

# Caspian Film Program: Russia hosts 1 + 2 sessions (130 admissions), Iran one on-board session (40 admissions);
# Kazakhstan hosts only another programme, so it is not covered; Azerbaijan and Turkmenistan host nothing.
# SCO working group: 2024 in China with an Indian film; 2025 in Russia with an IR;RU co-production.
HAND_SCREENINGS = f"""{SCREENINGS_HEADER}
C1,2025-08-01,Caspian Film Program,Caspian Film Program 2025,Film A,RU,drama,RU,Astrakhan,Hall 1,festival,100,1
C2,2025-08-02,Caspian Film Program,Caspian Film Program 2025,Film B,IR,drama,RU,Makhachkala,Hall 2,open-air,200,2
C3,2025-08-03,Caspian Film Program,Caspian Film Program 2025,Film A,RU,drama,IR,Caspian Sea (on board),MV Test deck,on-board,50,1
C4,2025-08-04,Russian Film Days in Iran,,Film C,RU,drama,KZ,Almaty,Hall 3,cinema,100,1
G1,2024-06-01,SCO Filmmakers Working Group,SCO 2024,Film D,IN,drama,CN,Beijing,Hall 4,festival,100,1
G2,2025-06-01,SCO Filmmakers Working Group,SCO 2025,Film E,IR;RU,drama,RU,Moscow,Hall 5,festival,100,3
E1,2025-04-01,Eurasian Film Academy,Academy 2025,Film F,KZ,drama,AM,Yerevan,Hall 6,festival,100,1
"""
HAND_ATTENDANCE = f"""{ATTENDANCE_HEADER}
C1,paid,50,,
C2,paid,60,,
C2,invited,20,,
C3,paid,40,,
C4,paid,70,,
G1,paid,30,,
G2,paid,90,,
E1,paid,25,,
"""
HAND_AGREEMENTS = f"""{AGREEMENTS_HEADER}
R1,Caspian charter,memorandum,Caspian Film Program,Org A;Org B,AZ;IR;KZ;RU;TM,signed,2024-01-01,2024-06-01,,,Office A
R2,Academy school,academy,,Org C,IR;RU,proposed,2025-01-01,,,,Office B
R3,Academy sessions,festival-exchange,Eurasian Film Academy,Org D,AM;RU,completed,2023-01-01,2023-02-01,2023-12-31,,Office B
R4,Unrelated memorandum,memorandum,,Org E,IR;TJ,signed,2024-01-01,2024-02-01,,,Office A
"""
LITTORAL = {"AZ", "IR", "KZ", "RU", "TM"}


@pytest.fixture
def hand_db(make_data):
    folder = make_data(screenings=HAND_SCREENINGS, attendance=HAND_ATTENDANCE, agreements=HAND_AGREEMENTS)
    database = Database(folder, paths.queries_dir() / "views")
    assert database.report.ok, database.report.problems
    yield database
    database.close()


def run(database: Database, name: str, filters: Filters | None = None) -> pd.DataFrame:
    return database.run(load_catalogue()[name], filters or Filters()).frame


def new_app() -> AppTest:
    """The app over all dates of the hand-made data (a link without dates opens on the data's last year)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["dates"] = "all"
    return at


def texts(elements) -> str:
    return " | ".join(str(element.value) for element in elements)


# -- known answers of the queries ---------------------------------------------------------------------
def test_caspian_coverage_lists_the_five_states_and_which_are_covered(hand_db):
    frame = run(hand_db, "caspian_coverage_by_country").set_index("country")
    assert set(frame.index) == LITTORAL
    assert sorted(frame.index[frame["covered"]]) == ["IR", "RU"]
    assert (frame.loc["RU", "screenings"], frame.loc["RU", "admissions"], frame.loc["RU", "films"]) == (3, 130, 2)
    assert (frame.loc["IR", "screenings"], frame.loc["IR", "admissions"], frame.loc["IR", "on_board_screenings"]) == (1, 40, 1)
    # Kazakhstan held a screening, but of another programme: no Caspian screening, so nothing is known of admissions.
    assert not frame.loc["KZ", "covered"] and frame.loc["KZ", "screenings"] == 0 and pd.isna(frame.loc["KZ", "admissions"])
    assert frame.loc["RU", "first_screening"].date() == dt.date(2025, 8, 1)


def test_caspian_coverage_follows_host_and_date_filters(hand_db):
    chosen = run(hand_db, "caspian_coverage_by_country", Filters(host_countries=("RU", "AZ", "CN"))).set_index("country")
    assert set(chosen.index) == {"RU", "AZ"}
    assert list(chosen.index[chosen["covered"]]) == ["RU"]
    first_day = run(hand_db, "caspian_coverage_by_country", Filters(start=dt.date(2025, 8, 1), end=dt.date(2025, 8, 1)))
    assert list(first_day.loc[first_day["covered"], "country"]) == ["RU"]
    assert first_day["screenings"].sum() == 1


def test_caspian_onboard_events_group_the_screenings_on_a_vessel(hand_db):
    frame = run(hand_db, "caspian_onboard_events")
    assert len(frame) == 1
    event = frame.iloc[0]
    assert (event["venue"], event["host_country"], event["screenings"], event["admissions"], event["seats"]) == (
        "MV Test deck",
        "IR",
        1,
        40,
        50,
    )


def test_sco_participation_fills_every_member_and_year(hand_db):
    frame = run(hand_db, "sco_participation_by_member_and_year")
    members = set(frame["country"])
    assert {"CN", "IN", "IR", "RU", "KZ"} <= members
    assert set(frame["year"]) == {2024, 2025}
    assert len(frame) == len(members) * 2
    cell = frame.set_index(["country", "year"])
    assert cell.loc[("CN", 2024), "hosted_screenings"] == 1 and cell.loc[("CN", 2024), "hosted_admissions"] == 30
    assert cell.loc[("IN", 2024), "film_screenings"] == 1 and cell.loc[("IN", 2024), "hosted_screenings"] == 0
    # A co-production counts for each of its countries.
    assert cell.loc[("IR", 2025), "film_screenings"] == 3 and cell.loc[("RU", 2025), "film_screenings"] == 3
    assert cell.loc[("RU", 2025), "hosted_screenings"] == 3
    assert not cell.loc[("KZ", 2024), "took_part"] and cell.loc[("IN", 2024), "took_part"]


def test_academy_agreements_take_academy_type_and_the_academy_programme(hand_db):
    assert sorted(run(hand_db, "academy_agreements")["agreement_id"]) == ["R2", "R3"]
    assert list(run(hand_db, "academy_agreements", Filters(host_countries=("AM",)))["agreement_id"]) == ["R3"]


def test_academy_screenings_by_country_counts_the_academy_only(hand_db):
    frame = run(hand_db, "academy_screenings_by_country")
    assert frame[["host_country", "screenings", "admissions"]].values.tolist() == [["AM", 1, 25]]


# -- the page in Streamlit --------------------------------------------------------------------------------
def test_director_opens_regional_on_sample_sees_three_programmes(app_env):
    app_env(SAMPLE_DIR)
    at = open_page(new_app(), "regional")
    at.run()
    assert not at.exception
    assert [tab.label for tab in at.tabs] == ["Caspian Film Program", "SCO Filmmakers Working Group", "Eurasian Film Academy"]
    assert len(at.get("plotly_chart")) == 4
    assert [metric.label for metric in at.metric].count("Admissions") == 3
    assert not at.error


def test_director_sees_uncovered_caspian_states_named(app_env, make_data):
    app_env(make_data(screenings=HAND_SCREENINGS, attendance=HAND_ATTENDANCE, agreements=HAND_AGREEMENTS))
    at = open_page(new_app(), "regional")
    at.run()
    assert not at.exception
    covered = next(metric for metric in at.metric if metric.label == "Littoral states covered")
    assert covered.value == "2 of 5"
    warning = texts(at.warning)
    for name in ("Azerbaijan", "Kazakhstan", "Turkmenistan"):
        assert name in warning
    assert "Russia" not in warning


def test_director_with_a_link_to_an_empty_month_sees_plain_nothing_messages(app_env):
    app_env(SAMPLE_DIR)
    at = new_app()
    at.query_params["start"] = "2021-04-01"
    at.query_params["end"] = "2021-04-30"
    at = open_page(at, "regional")
    at.run()
    assert not at.exception
    infos = texts(at.info)
    assert "No Caspian Film Program screening matches the filters." in infos
    assert "No SCO Filmmakers Working Group screening matches the filters." in infos
    assert "No Eurasian Film Academy screening matches the filters." in infos
    assert not at.error


def test_director_without_agreements_file_still_sees_screening_charts(app_env, make_data):
    app_env(make_data(screenings=HAND_SCREENINGS, attendance=HAND_ATTENDANCE, agreements=None))
    at = open_page(new_app(), "regional")
    at.run()
    assert not at.exception
    errors = texts(at.error)
    assert "agreements.csv" in errors and "missing" in errors
    assert len(at.get("plotly_chart")) >= 3


def test_director_with_agreements_missing_status_column_is_told_which_file_and_why(app_env, make_data):
    broken = AGREEMENTS_HEADER.replace(",status", "") + "\nA1,Memo,memorandum,,Org A;Org B,IR;RU,2024-11-01,2025-01-15,,,\n"
    app_env(make_data(screenings=HAND_SCREENINGS, attendance=HAND_ATTENDANCE, agreements=broken))
    at = open_page(new_app(), "regional")
    at.run()
    assert not at.exception
    errors = texts(at.error)
    assert "agreements.csv" in errors and "status" in errors
    assert len(at.get("plotly_chart")) >= 3
