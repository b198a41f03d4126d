"""The pages of one thing: a film under all its titles, a country, an agreement; reached by link, with known answers
worked out by hand from the rows below."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT, open_page, write_folder
from streamlit.testing.v1 import AppTest
from test_films import AGREEMENTS, ATTENDANCE, FILMS, SCREENINGS

from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.filters import Filters


@pytest.fixture
def films_folder(tmp_path):
    return write_folder(
        tmp_path / "films",
        {"films.csv": FILMS, "screenings.csv": SCREENINGS, "attendance.csv": ATTENDANCE, "agreements.csv": AGREEMENTS},
    )


def opened(path: str, **link: str) -> AppTest:
    """The page at its URL with the link's values (the page of one thing reads its key from the link at every run)."""
    at = open_page(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60), path)
    for key, value in link.items():
        at.query_params[key] = value
    return at.run()


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def cards(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_a_film_under_six_spellings_has_one_page_with_every_title_and_every_row(app_env, films_folder):
    app_env(films_folder)
    at = opened("film", film="F1")
    assert not at.exception
    # The Salesman: S1-S6 under six spellings (no film_id) and S13 by its film_id: 2 + 6 = 8 sessions over 7 rows,
    # 10 + 20 + 30 + 40 + 50 + 60 + 100 = 310 people.
    assert at.title[0].value == "The Salesman"
    assert cards(at)["Screenings"] == "8"
    assert cards(at)["Admissions"] == "310"
    screenings = table_with(at, "film_title")
    assert sorted(screenings["screening_id"]) == ["S1", "S13", "S2", "S3", "S4", "S5", "S6"]
    assert set(screenings["film_title"]) == {
        "Коммивояжер",
        "Коммивояжёр",
        "THE  SALESMAN",
        "The Salesman!",
        "فروشنده",
        "forushande",
        "A festival title",
    }
    facts = " | ".join(code.value for code in at.code)
    for title in ("فروشنده", "The Salesman", "Коммивояжер"):
        assert title in facts
    # Its programmes P and Q served by agreements A1 and A2.
    assert sorted(table_with(at, "film_screenings")["agreement_id"]) == ["A1", "A2"]
    # The link keeps naming the film.
    assert at.query_params["film"] == "F1"


def test_the_films_metric_counts_the_film_once_however_it_was_spelt(films_folder):
    database = Database(films_folder)
    try:
        row = database.run(load_catalogue()["kpi_summary"], Filters(programs=("Q",))).frame.iloc[0]
    finally:
        database.close()
    # Programme Q: S4, S5, S6 (The Salesman under three spellings) and S13 (The Salesman by film_id): one film.
    assert int(row["films"]) == 1


def test_a_country_page_counts_what_it_hosted_and_how_its_films_travelled(app_env, films_folder):
    app_env(films_folder)
    at = opened("country", country="IR")
    assert not at.exception
    assert at.title[0].value == "Iran"
    shown = cards(at)
    # Hosted in IR: S3 (2 sessions), S4, S5, S6, S7, S9 = 7 sessions; 30 + 40 + 50 + 60 + 5 + 7 = 192 people.
    assert (shown["Screenings hosted"], shown["Admissions hosted"]) == ("7", "192")
    # Films with IR among their countries shown elsewhere: S1, S2 (RU) and S13 (RU): 3 sessions, 10 + 20 + 100 = 130.
    assert (shown["Screenings of its films abroad"], shown["Admissions of its films abroad"]) == ("3", "130")
    # A1 (IR;RU), A2 (IR) and A3 (IR) name Iran.
    assert shown["Agreements naming it"] == "3"
    assert sorted(table_with(at, "agreement_type")["agreement_id"]) == ["A1", "A2", "A3"]


def test_an_agreement_page_shows_its_record_and_its_programme_in_its_countries(app_env, films_folder):
    app_env(films_folder)
    at = opened("agreement", agreement="A1")
    assert not at.exception
    assert at.title[0].value == "P charter"
    facts = " | ".join(code.value for code in at.code)
    assert "Org A" in facts and "memorandum" in facts.lower()
    # Programme P in IR and RU from 2024-01-01 on: S1, S2, S3 (2 sessions), S7, S8, S9, S10 = 8 sessions;
    # 10 + 20 + 30 + 5 + 6 + 7 + 8 = 86 people.
    shown = cards(at)
    assert shown["Screenings of its programme in its countries"] == "8"
    assert shown["Admissions at those screenings"] == "86"
    assert shown["Days to signature"] == "31"


@pytest.mark.parametrize(("path", "key"), [("film", "F999"), ("country", "ZZ"), ("agreement", "A999")])
def test_a_link_to_nothing_says_so_plainly(app_env, films_folder, path, key):
    app_env(films_folder)
    at = opened(path, **{path: key})
    assert not at.exception
    assert any(key in warning.value for warning in at.warning)
