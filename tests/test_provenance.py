"""Provenance (data contract, section 1: the optional source column): the sources of the selected rows under the charts
and tables that show them, every source of every table on the Data quality page, and its titles that match no film or
several. Known answers worked out by hand from the rows below."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, open_page, write_folder
from streamlit.testing.v1 import AppTest

from cinecoop import paths
from cinecoop.blocks import Context, DirectSource, collect
from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.filters import Filters
from cinecoop.pagespecs import PAGES
from cinecoop.view import View

REGISTER = "register of distribution certificates, Ministry of Culture of Russia"
# 2025: S1 and S2 from the ticketing export (S2's ticket rows from the Kino-Ticket system, S1's say nothing);
# 2024: S3 from a press line-up, no ticket rows; S4 (2024) names no source at all.
SCREENINGS = """screening_id,screening_date,program,film_title,film_country,host_country,city,venue,seats,sessions,source
S1,2025-03-01,Iranian Film Week in Russia,Persian Garden,IR,RU,Moscow,Karo,200,2,ticketing export
S2,2025-03-02,Russian Film Days in Iran,Volga Tale,RU,IR,Tehran,Charsou,100,1,ticketing export
S3,2024-04-01,Iranian Film Week in Russia,Persian Garden,IR,RU,Kazan,Mir,100,1,press line-up
S4,2024-04-02,Russian Film Days in Iran,Shared Sea,IR;RU,IR,Tehran,Charsou,100,1,
"""
ATTENDANCE = """screening_id,ticket_type,admissions,gross,currency,source
S1,paid,150,,,
S2,paid,60,,,Kino-Ticket
S2,invited,10,,,Kino-Ticket
S4,paid,40,,,
"""
AGREEMENTS = """agreement_id,title,agreement_type,program,parties,countries,status,proposed_date,signed_date,source
A1,Film weeks memorandum,memorandum,Iranian Film Week in Russia,Org A;Org B,IR;RU,signed,2024-11-01,2025-01-15,cooperation office register
"""
# Films: "The Salesman" is F1; "Shared Sea" and "Общее море" are F2 and F3 (a title two films share): ambiguous.
FILMS = """film_id,original_title,title_en,aliases,source
F1,Фурушанде,The Salesman,Persian Garden,film catalogue
F2,Общее море,Shared Sea,,film catalogue
F3,Shared Sea,,,film catalogue
"""
RELEASES = f"""release_id,film_title,film_country,host_country,release_date,gross,currency,source
R1,The Salesman,IR,RU,2024-05-01,1000000,RUB,"{REGISTER}"
R2,Other Film,FR,RU,2024-06-01,9000000,RUB,"{REGISTER}"
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    files = {
        "screenings.csv": SCREENINGS,
        "attendance.csv": ATTENDANCE,
        "agreements.csv": AGREEMENTS,
        "films.csv": FILMS,
        "releases.csv": RELEASES,
    }
    return write_folder(tmp_path_factory.mktemp("sourced"), files)


@pytest.fixture(scope="module")
def database(folder) -> Database:
    database = Database(folder, paths.queries_dir() / "views")
    assert database.report.ok, database.report.problems
    return database


def plain(value: object) -> object:
    """A cell as a plain value: None for an empty one, a date for a day."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, pd.Timestamp) else value


def rows(database: Database, name: str, filters: Filters | None = None) -> list[tuple]:
    frame = database.run(load_catalogue()[name], filters or Filters()).frame
    return [tuple(plain(value) for value in row) for row in frame.itertuples(index=False)]


YEAR_2025 = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
YEAR_2024 = Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))


def test_the_sources_of_the_selected_rows_are_those_the_rows_name(database):
    assert rows(database, "sources_in_scope", YEAR_2025) == [
        # Agreements are chosen by programme and country (which date applies differs from chart to chart).
        ("agreements", "cooperation office register", 1, dt.date(2024, 11, 1), dt.date(2024, 11, 1)),
        ("attendance", "Kino-Ticket", 2, None, None),
        ("screenings", "ticketing export", 2, dt.date(2025, 3, 1), dt.date(2025, 3, 2)),
    ]
    assert rows(database, "sources_in_scope", YEAR_2024) == [
        ("agreements", "cooperation office register", 1, dt.date(2024, 11, 1), dt.date(2024, 11, 1)),
        ("releases", REGISTER, 2, dt.date(2024, 5, 1), dt.date(2024, 6, 1)),
        # S4 names no source: it is left out, never listed as a source of its own.
        ("screenings", "press line-up", 1, dt.date(2024, 4, 1), dt.date(2024, 4, 1)),
    ]


def captions_of(database: Database, page: str, filters: Filters, language: str = "en") -> dict[str, str]:
    """Each chart's and table's caption on the page, by its key (the caption that follows it, or precedes a table)."""
    view = View.of(language, filters, names=database.choices.names())
    items = collect(PAGES[page], Context(view, DirectSource(database, load_catalogue())))
    found: dict[str, str] = {}
    for index, item in enumerate(items):
        if item.kind == "chart" and index + 1 < len(items) and items[index + 1].kind == "caption":
            found[item.key] = items[index + 1].text
        if item.kind == "table" and items[index - 1].kind == "caption":
            found[item.key] = items[index - 1].text
    return found


def test_a_chart_of_admissions_names_the_sources_of_its_screenings_and_ticket_rows(database):
    captions = captions_of(database, "overview", YEAR_2025)
    # Each source in quotation marks when there are several: a source's own words may hold commas and semicolons.
    assert captions["admissions_by_month_and_direction"].endswith(" Sources: “ticketing export”; “Kino-Ticket”.")
    assert captions["kpis_by_program"].endswith(" Sources: “ticketing export”; “Kino-Ticket”.")
    # The agreements' own source under the agreements.
    assert captions["agreement_pipeline_by_status"].endswith(" Source: cooperation office register.")
    earlier = captions_of(database, "overview", YEAR_2024)
    assert earlier["admissions_by_month_and_direction"].endswith(" Source: press line-up.")


def test_the_captions_name_the_sources_in_persian_as_exported(database):
    captions = captions_of(database, "screenings", YEAR_2025, "fa")
    assert captions["admissions_by_host_country"] == "منبع‌ها: «ticketing export»؛ «Kino-Ticket»."


def test_a_folder_whose_rows_name_no_source_gets_no_source_caption(make_data):
    database = Database(make_data(), paths.queries_dir() / "views")
    for page in ("overview", "screenings", "exchange", "agreements", "regional"):
        assert not [text for text in captions_of(database, page, Filters()).values() if "Source" in text], page


def new_app(folder: Path, app_env) -> AppTest:
    app_env(folder)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    open_page(at, "data_quality")
    at.run()
    assert not at.exception, [element.value for element in at.exception]
    return at


def test_the_data_quality_page_lists_every_source_of_every_table_with_its_rows_and_dates(app_env, folder):
    at = new_app(folder, app_env)
    sources = next(frame.value for frame in at.dataframe if "row_count" in frame.value.columns and "first_line" not in frame.value.columns)
    got = [
        (row.table_name, plain(row.source), int(row.row_count), plain(row.first_date), plain(row.last_date)) for row in sources.itertuples()
    ]
    day = dt.date.fromisoformat
    assert got == [
        ("agreements", "cooperation office register", 1, day("2024-11-01"), day("2024-11-01")),
        # S2's two ticket rows come from Kino-Ticket; S1's and S4's say nothing (listed last among equals).
        ("attendance", "Kino-Ticket", 2, None, None),
        ("attendance", None, 2, None, None),
        ("films", "film catalogue", 3, None, None),
        ("releases", REGISTER, 2, day("2024-05-01"), day("2024-06-01")),
        ("screenings", "ticketing export", 2, day("2025-03-01"), day("2025-03-02")),
        ("screenings", "press line-up", 1, day("2024-04-01"), day("2024-04-01")),
        ("screenings", None, 1, day("2024-04-02"), day("2024-04-02")),
    ]


def test_the_data_quality_page_warns_of_a_title_naming_two_films_and_lists_one_naming_none(app_env, folder):
    at = new_app(folder, app_env)
    assert "1 titles match several films of films.csv" in " ".join(warning.value for warning in at.warning)
    assert "2 titles match no film of films.csv" in " ".join(info.value for info in at.info)
    titles = next(frame.value for frame in at.dataframe if "first_line" in frame.value.columns)
    got = {(row.film_title, row.status, row.table_name, int(row.row_count), int(row.first_line)) for row in titles.itertuples()}
    # "Shared Sea" is S4 (line 5) and names F2 and F3; "Volga Tale" is S2 (line 3) and "Other Film" R2 (line 3): no film.
    # "Persian Garden" is an alias of F1 and "The Salesman" its English title: matched.
    assert got == {
        ("Shared Sea", "several films", "screenings", 1, 5),
        ("Volga Tale", "no film", "screenings", 1, 3),
        ("Other Film", "no film", "releases", 1, 3),
    }
    assert titles.set_index("film_title").loc["Shared Sea", "candidates"].startswith("F2 (Shared Sea)")


def test_without_films_the_page_says_titles_are_not_matched(app_env, make_data):
    at = new_app(make_data(), app_env)
    assert any("films.csv holds no films" in info.value for info in at.info)
    assert not [frame for frame in at.dataframe if "first_line" in frame.value.columns]
