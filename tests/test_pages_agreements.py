"""The Agreements page and its queries: real DuckDB on hand-made agreements, real Streamlit through AppTest."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import AGREEMENTS_HEADER, ROOT, SAMPLE_DIR, open_page
from streamlit.testing.v1 import AppTest

from cinecoop import paths
from cinecoop.blocks import matching_rows
from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.figures import agreements as figures
from cinecoop.filters import Filters
from cinecoop.view import View

# Three signed agreements worked out by hand: days from proposal to signature are 10, 100 and 30.
# memorandum: 10 and 100 -> median 55 (the mean of the middle two); training: 30; all types: 10, 30, 100 -> 30.
# Open agreements around them test the overdue rule: end_date 2024-06-30 has passed, 2099-01-01 has not.
HAND_AGREEMENTS = f"""{AGREEMENTS_HEADER}
K1,Memorandum one,memorandum,Caspian Film Program,Org A;Org B,IR;RU,completed,2024-01-01,2024-01-11,2024-12-31,1000,Office A
K2,Memorandum two,memorandum,,Org A;Org C,IR;KZ,signed,2024-02-01,2024-05-11,2099-01-01,,Office A
K3,Training course,training,Eurasian Film Academy,Org D,RU,in-progress,2024-03-01,2024-03-31,2024-06-30,500,Office B
K4,Stalled without end,co-production,,Org E;Org F,IR;RU,stalled,2023-01-01,,,,Office B
K5,Stalled and overdue,other,,Org E,RU,stalled,2023-06-01,,2024-06-30,,Office C
K6,Negotiating forever,association,,Org G,AZ;IR,negotiating,2022-01-01,,2024-06-30,,Office C
K7,Cancelled long ago,other,,Org H,TM,cancelled,2021-01-01,,2022-01-01,,Office C
K8,Proposed for later,academy,,Org I,KZ,proposed,2025-06-01,,2099-01-01,,Office A
"""


@pytest.fixture
def hand_db(make_data):
    folder = make_data(agreements=HAND_AGREEMENTS)
    database = Database(folder, paths.queries_dir() / "views")
    assert database.report.file("agreements").rows_loaded == 8, database.report.problems
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
def test_days_to_signature_gives_hand_worked_medians(hand_db):
    frame = run(hand_db, "days_to_signature_by_type")
    overall = frame[frame["all_types"]].iloc[0]
    assert overall["agreements_signed"] == 3
    assert overall["median_days"] == 30
    assert (overall["shortest_days"], overall["longest_days"]) == (10, 100)
    by_type = frame[~frame["all_types"]].set_index("agreement_type")
    assert by_type.loc["memorandum", "median_days"] == 55
    assert by_type.loc["memorandum", "agreements_signed"] == 2
    assert by_type.loc["training", "median_days"] == 30


def test_days_to_signature_applies_the_date_range_to_signed_date(hand_db):
    frame = run(hand_db, "days_to_signature_by_type", Filters(start=dt.date(2024, 3, 1), end=dt.date(2024, 12, 31)))
    overall = frame[frame["all_types"]].iloc[0]
    # K2 (signed 2024-05-11, 100 days) and K3 (signed 2024-03-31, 30 days); K1 was signed in January.
    assert overall["agreements_signed"] == 2
    assert overall["median_days"] == 65


def test_days_to_signature_is_empty_when_nothing_was_signed(hand_db):
    assert run(hand_db, "days_to_signature_by_type", Filters(start=dt.date(1999, 1, 1), end=dt.date(1999, 12, 31))).empty


def test_overdue_lists_stalled_and_open_agreements_past_their_end(hand_db):
    frame = run(hand_db, "agreements_overdue").set_index("agreement_id")
    # K3 in-progress and K6 negotiating are past 2024-06-30; K4 is stalled; K5 is both. K1 completed, K7 cancelled, K2/K8 not due.
    assert sorted(frame.index) == ["K3", "K4", "K5", "K6"]
    assert frame.loc["K4", "reason"] == "stalled"
    assert frame.loc["K5", "reason"] == "stalled and past its end date"
    assert frame.loc["K3", "reason"] == "past its end date"
    assert frame.loc["K6", "days_overdue"] == (dt.date.today() - dt.date(2024, 6, 30)).days
    assert pd.isna(frame.loc["K4", "days_overdue"])


def test_overdue_follows_programme_and_host_filters_not_dates(hand_db):
    assert list(run(hand_db, "agreements_overdue", Filters(programs=("Eurasian Film Academy",)))["agreement_id"]) == ["K3"]
    assert sorted(run(hand_db, "agreements_overdue", Filters(host_countries=("AZ",)))["agreement_id"]) == ["K6"]
    dated = run(hand_db, "agreements_overdue", Filters(start=dt.date(1999, 1, 1), end=dt.date(1999, 12, 31)))
    assert len(dated) == 4


def test_partner_countries_count_each_agreement_once_per_country(hand_db):
    frame = run(hand_db, "agreements_by_partner_country")
    totals = frame.groupby("country")["agreements"].sum().to_dict()
    assert totals == {"IR": 4, "RU": 4, "KZ": 2, "AZ": 1, "TM": 1}
    names = frame.drop_duplicates("country").set_index("country")["country_name"].to_dict()
    assert names["KZ"] == "Kazakhstan"
    stalled_ru = frame[(frame["country"] == "RU") & (frame["status"] == "stalled")]["agreements"].sum()
    assert stalled_ru == 2


def test_status_type_and_timeline_apply_the_date_range_to_proposed_date(hand_db):
    in_2024 = Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    statuses = run(hand_db, "agreements_by_status", in_2024).set_index("status")["agreements"].to_dict()
    assert statuses == {"signed": 1, "in-progress": 1, "completed": 1}
    assert run(hand_db, "agreements_by_type", in_2024)["agreements"].sum() == 3
    assert list(run(hand_db, "agreement_timeline", in_2024)["agreement_id"]) == ["K1", "K2", "K3"]
    everything = run(hand_db, "agreements_by_status")
    assert list(everything["status"]) == ["proposed", "negotiating", "signed", "in-progress", "completed", "stalled", "cancelled"]
    assert everything["agreements"].sum() == 8


def test_register_host_filter_matches_any_country_of_the_agreement(hand_db):
    frame = run(hand_db, "agreement_register", Filters(host_countries=("KZ",)))
    assert sorted(frame["agreement_id"]) == ["K2", "K8"]
    assert frame.set_index("agreement_id").loc["K2", "parties"] == "Org A; Org C"


# -- search and labels ----------------------------------------------------------------------------------
def test_search_keeps_rows_holding_every_word_and_never_reads_markup():
    frame = pd.DataFrame(
        {
            "title": ["Caspian charter", "<img src=x onerror=alert(1)>", "Animation exchange"],
            "countries": ["AZ;IR;RU", "IR;RU", "IR;RU"],
            "value_usd": [1.0, None, 3.0],
        }
    )
    assert list(matching_rows(frame, "caspian az")["title"]) == ["Caspian charter"]
    assert list(matching_rows(frame, "  ")["title"]) == list(frame["title"])
    assert list(matching_rows(frame, "onerror=")["title"]) == ["<img src=x onerror=alert(1)>"]
    assert matching_rows(frame, "ANIMATION EXCHANGE").shape[0] == 1
    assert matching_rows(frame, "nothing-like-this").empty


def test_timeline_shows_a_markup_title_as_characters():
    frame = pd.DataFrame(
        {
            "agreement_id": ["X1"],
            "title": ["<img src=x onerror=alert(1)>"],
            "agreement_type": ["other"],
            "program": [None],
            "status": ["proposed"],
            "proposed_date": [pd.Timestamp("2025-01-01")],
            "signed_date": [pd.NaT],
            "end_date": [pd.NaT],
        }
    )
    figure = figures.timeline_figure(frame, View(today=dt.date(2025, 6, 1)))
    labels = [label for trace in figure.data if trace.y is not None for label in trace.y if label]
    assert all("<img" not in label for label in labels)
    # The row's label holds the title's first 26 characters (the hover has it whole), escaped like the rest.
    assert any("&lt;img src=x onerror=alert(…" in label for label in labels)
    hover = [row for trace in figure.data if trace.customdata is not None for row in trace.customdata]
    assert hover and hover[0][1] == "&lt;img src=x onerror=alert(1)&gt;"


# -- the page in Streamlit --------------------------------------------------------------------------------
def test_director_opens_agreements_on_sample_sees_kpis_charts_and_tables(app_env):
    app_env(SAMPLE_DIR)
    at = open_page(new_app(), "agreements")
    at.run()
    assert not at.exception
    labels = [metric.label for metric in at.metric]
    assert labels == ["Agreements proposed", "Agreements signed", "Median days to signature", "Stalled or overdue today"]
    assert len(at.get("plotly_chart")) == 5
    assert len(at.dataframe) == 2
    assert "film-country filter does not apply to agreements" in texts(at.caption)


def test_director_with_a_link_to_an_empty_month_sees_plain_nothing_messages(app_env):
    app_env(SAMPLE_DIR)
    at = new_app()
    at.query_params["start"] = "2021-04-01"
    at.query_params["end"] = "2021-04-30"
    at = open_page(at, "agreements")
    at.run()
    assert not at.exception
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics["Agreements proposed"] == "0"
    assert metrics["Agreements signed"] == "0"
    assert metrics["Median days to signature"] == "—"
    infos = texts(at.info)
    assert "No agreement was proposed in the date range." in infos
    assert "No agreement was signed in the date range." in infos
    assert not at.error


def test_director_without_agreements_file_is_told_which_file_and_why(app_env, make_data):
    app_env(make_data(agreements=None))
    at = open_page(new_app(), "agreements")
    at.run()
    assert not at.exception
    errors = texts(at.error)
    assert "agreements.csv" in errors and "missing" in errors
    assert not at.get("plotly_chart")


def test_director_with_agreements_missing_status_column_is_told_which_file_and_why(app_env, make_data):
    broken = AGREEMENTS_HEADER.replace(",status", "") + "\nA1,Memo,memorandum,,Org A;Org B,IR;RU,2024-11-01,2025-01-15,,,\n"
    app_env(make_data(agreements=broken))
    at = open_page(new_app(), "agreements")
    at.run()
    assert not at.exception
    errors = texts(at.error)
    assert "agreements.csv" in errors and "status" in errors


def test_director_searching_agreements_sees_only_matching_rows(app_env, make_data):
    app_env(make_data(agreements=HAND_AGREEMENTS))
    at = open_page(new_app(), "agreements")
    at.run()
    at.text_input(key="agreement_register.search").input("stalled").run()
    assert not at.exception
    register = at.dataframe[-1].value
    assert sorted(register["agreement_id"]) == ["K4", "K5"]
    assert "2 of 8 agreements proposed in the date range" in texts(at.caption)
