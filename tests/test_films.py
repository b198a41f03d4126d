"""One film, many titles: films.csv, matching titles across Russian, Persian and English spellings, film_id checks,
unmatched and ambiguous titles, and the film page's queries. Known answers worked out by hand."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest
from conftest import AGREEMENTS_HEADER, ATTENDANCE_HEADER, SCREENINGS_HEADER, write_folder

from cinecoop.catalogue import GLOBAL_PARAMETERS, load_catalogue
from cinecoop.db import Database
from cinecoop.filters import Filters
from cinecoop.loader import load

FILMS = """film_id,original_title,title_en,title_fa,title_ru,year,countries,genre,aliases
F1,فروشنده,The Salesman,فروشنده,Коммивояжер,2016,IR;FR,Drama,Forushande
F2,خانه‌ای کنار رودخانه,House by the River,خانه‌ای کنار رودخانه,Дом у реки,2020,RU,drama,
F3,۲۰ روز,Twenty Days,,,2021,IR,drama,
F4,Зимний путь,Winter Road,,Зимний путь,2019,RU,drama,
F5,Kış Yolu,,,,1990,TR,drama,Winter road
"""
# The Salesman under six spellings (Russian with ё, English upper-case with doubled spaces, with punctuation, the
# Persian original, the transliteration); House by the River typed on an Arabic keyboard without the zero-width
# non-joiner; 20 days in Latin digits; a title shared by two films; a title of no film.
SCREENINGS = f"""{SCREENINGS_HEADER},film_id
S1,2025-01-10,P,,Коммивояжер,IR;FR,drama,RU,Moscow,,cinema,100,1,
S2,2025-01-11,P,,Коммивояжёр,IR;FR,drama,RU,Kazan,,cinema,100,1,
S3,2025-01-12,P,,THE  SALESMAN,IR;FR,drama,IR,Tehran,,cinema,100,2,
S4,2025-01-13,Q,,"The Salesman!",IR;FR,drama,IR,Tehran,,cinema,100,1,
S5,2025-01-14,Q,,فروشنده,IR;FR,drama,IR,Tehran,,cinema,100,1,
S6,2025-01-15,Q,,forushande,IR;FR,drama,IR,Tehran,,cinema,100,1,
S7,2025-02-01,P,,خانه اي كنار رودخانه,RU,drama,IR,Tehran,,cinema,100,1,
S8,2025-02-02,P,,Дом у реки,RU,drama,RU,Moscow,,cinema,100,1,
S9,2025-02-03,P,,20 روز,IR,drama,IR,Tehran,,cinema,100,1,
S10,2025-02-04,P,,winter road,RU,drama,RU,Moscow,,cinema,100,1,
S11,2025-02-05,P,,Unknown Film,KZ,drama,KZ,Aktau,,cinema,100,1,
S12,2025-02-06,P,,Unknown Film,KZ,drama,KZ,Aktau,,cinema,100,1,
S13,2025-02-07,Q,,A festival title,IR;FR,drama,RU,Sochi,,festival,,1,F1
"""
ATTENDANCE = f"""{ATTENDANCE_HEADER}
S1,paid,10,,
S2,paid,20,,
S3,paid,30,,
S4,paid,40,,
S5,paid,50,,
S6,paid,60,,
S7,paid,5,,
S8,paid,6,,
S9,paid,7,,
S10,paid,8,,
S11,paid,9,,
S12,paid,1,,
S13,paid,100,,
"""
AGREEMENTS = f"""{AGREEMENTS_HEADER}
A1,P charter,memorandum,P,Org A,IR;RU,signed,2024-01-01,2024-02-01,,,
A2,Q exchange,festival-exchange,Q,Org B,IR,proposed,2024-05-01,,,,
A3,Other,memorandum,R,Org C,IR,proposed,2024-05-01,,,,
"""
RELEASES = """release_id,film_id,film_title,film_country,host_country,release_date,distributor,gross,currency
121000417,,Коммивояжер,IR;FR,RU,2017-01-17,Arthouse,2428366,RUB
IR-1395-0001,F1,Forushande,IR;FR,IR,2016-08-31,Filmiran,,
"""


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Database:
    folder = write_folder(
        tmp_path_factory.mktemp("films"),
        {
            "screenings.csv": SCREENINGS,
            "attendance.csv": ATTENDANCE,
            "agreements.csv": AGREEMENTS,
            "films.csv": FILMS,
            "releases.csv": RELEASES,
        },
    )
    database = Database(folder)
    assert database.report.ok, [p for p in database.report.problems if p.severity == "error"]
    return database


def run(database: Database, name: str, filters: Filters | None = None) -> pd.DataFrame:
    return database.run(load_catalogue()[name], filters or Filters()).frame


def test_a_film_under_its_russian_persian_and_english_spellings_counts_once(database):
    keys = dict(database.cursor().execute("SELECT screening_id, film_key FROM screening_facts").fetchall())
    assert {keys[f"S{n}"] for n in range(1, 7)} | {keys["S13"]} == {"F1"}
    assert (keys["S7"], keys["S8"], keys["S9"]) == ("F2", "F2", "F3")
    # F1, F2, F3, the ambiguous "winter road" and "Unknown Film": five films.
    kpis = run(database, "kpi_summary").iloc[0]
    assert int(kpis["films"]) == 5
    assert int(run(database, "kpi_summary", Filters(programs=("Q",))).iloc[0]["films"]) == 1


def test_top_films_has_one_row_per_film_identity_with_all_its_admissions(database):
    frame = run(database, "admissions_by_film").set_index("film_key")
    # The Salesman: 10 + 20 + 30 + 40 + 50 + 60 + 100; sessions 1 + 1 + 2 + 1 + 1 + 1 + 1.
    assert (frame.loc["F1", "film_title"], int(frame.loc["F1", "admissions"]), int(frame.loc["F1", "screenings"])) == (
        "The Salesman",
        310,
        8,
    )
    assert frame.loc["F1", "host_countries"] == "IR;RU"
    assert (frame.loc["F2", "film_title"], int(frame.loc["F2", "admissions"])) == ("House by the River", 11)
    assert (frame.loc["~unknownfilm", "film_title"], int(frame.loc["~unknownfilm", "admissions"])) == ("Unknown Film", 10)
    assert len(frame) == 5


def test_a_title_matching_two_films_is_a_warning_naming_both_and_counts_as_its_own_title(database):
    warnings = [p for p in database.report.problems if p.severity == "warning" and p.column == "film_title"]
    assert [(p.file, p.line, p.value, p.message) for p in warnings] == [
        ("screenings.csv", 11, "winter road", "film_title matches 2 films: F4 (Winter Road), F5 (Kış Yolu)")
    ]
    assert database.report.file("screenings.csv").status == "warnings"
    match = database.cursor().execute("SELECT film_key, film_match, film_id FROM screening_facts WHERE screening_id = 'S10'").fetchall()
    assert match == [("~winterroad", "ambiguous", None)]


def test_titles_that_match_no_film_are_listed_as_information_once_per_file(database):
    infos = [(p.file, p.line, p.value, p.message) for p in database.report.problems if p.severity == "info"]
    assert infos == [
        ("screenings.csv", 12, "Unknown Film", "film_title matches no film in films.csv (rows with this title: 2)"),
    ]
    frame = run(database, "film_titles_unmatched")
    rows = [(r.table_name, r.film_title, r.status, r.film_key, r.row_count, r.first_file, r.first_line) for r in frame.itertuples()]
    assert rows == [
        ("screenings", "winter road", "several films", "~winterroad", 1, "screenings.csv", 11),
        ("screenings", "Unknown Film", "no film", "~unknownfilm", 2, "screenings.csv", 12),
    ]
    assert frame.set_index("film_title").loc["winter road", "candidates"] == "F4 (Winter Road), F5 (Kış Yolu)"
    # Information is neither a warning nor a rejection.
    assert database.report.file("screenings.csv").warnings == 1


def test_without_films_csv_no_title_is_listed(tmp_path):
    folder = write_folder(
        tmp_path / "data",
        {"screenings.csv": SCREENINGS.replace(",F1\n", ",\n"), "attendance.csv": ATTENDANCE, "agreements.csv": AGREEMENTS},
    )
    con = duckdb.connect()
    report = load(con, folder, dt.date(2026, 1, 1))
    assert [p for p in report.problems if p.column == "film_title"] == []
    # Each distinct title key is its own film: the Salesman's six spellings are four keys without films.csv
    # (коммивояжер = коммивояжёр, THE  SALESMAN = The Salesman!, فروشنده, forushande) plus the other six titles.
    assert con.execute("SELECT count(DISTINCT film_key) FROM screening_facts").fetchall() == [(10,)]


def test_the_film_page_shows_its_titles_every_screening_release_and_agreement(database):
    details = run(database, "film_details", Filters(film_key="F1")).iloc[0]
    assert (details["film_title"], details["title_fa"], details["title_ru"], details["countries"], details["genre"]) == (
        "The Salesman",
        "فروشنده",
        "Коммивояжер",
        "IR;FR",
        "drama",
    )
    titles = details["titles"].split("; ")
    for title in ("Коммивояжер", "Коммивояжёр", "THE  SALESMAN", "The Salesman!", "The Salesman", "forushande", "Forushande", "فروشنده"):
        assert title in titles
    assert (int(details["screenings"]), int(details["admissions"]), int(details["releases"])) == (8, 310, 2)
    screenings = run(database, "screenings_by_film", Filters(film_key="F1"))
    assert screenings["screening_id"].tolist() == ["S1", "S2", "S3", "S4", "S5", "S6", "S13"]
    assert screenings.set_index("screening_id").loc["S13", "film_match"] == "film_id"
    releases = run(database, "releases_by_film", Filters(film_key="F1"))
    assert releases["release_id"].tolist() == ["IR-1395-0001", "121000417"]
    agreements = run(database, "agreements_by_film_programs", Filters(film_key="F1"))
    # The Salesman was shown by P (S1-S3: 4 sessions) and Q (S4-S6, S13: 4 sessions).
    assert [(r.program, int(r.film_screenings), r.agreement_id) for r in agreements.itertuples()] == [("P", 4, "A1"), ("Q", 4, "A2")]


def test_a_title_of_its_own_has_a_film_page_too(database):
    details = run(database, "film_details", Filters(film_key="~unknownfilm")).iloc[0]
    assert (details["film_title"], pd.isna(details["film_id"]), details["countries"], int(details["admissions"])) == (
        "Unknown Film",
        True,
        "KZ",
        10,
    )
    assert run(database, "film_details", Filters(film_key="no such film")).empty
    assert run(database, "film_details").empty  # no film chosen: $film_key is NULL


def test_film_key_is_a_global_parameter_bound_from_the_filters():
    assert "film_key" in GLOBAL_PARAMETERS
    assert Filters(film_key="F1").parameters()["film_key"] == "F1"
    assert Filters().parameters()["film_key"] is None


@pytest.mark.parametrize(
    ("films", "screening_film_id", "problems"),
    [
        (
            FILMS,
            "F9",
            [
                ("attendance.csv", 2, "screening_id S1 names a screening that was rejected (screenings.csv line 2)"),
                ("screenings.csv", 2, "film_id F9 names no film in films.csv"),
            ],
        ),
        (
            FILMS + "F6,,Nameless,,,,,,\n",
            "F6",
            [
                ("attendance.csv", 2, "screening_id S1 names a screening that was rejected (screenings.csv line 2)"),
                ("films.csv", 7, "original_title is required but blank"),
                ("screenings.csv", 2, "film_id F6 names a film that was rejected (films.csv line 7)"),
            ],
        ),
        (
            FILMS + "~F7,Tilde,,,,,,,\n",
            "",
            [("films.csv", 7, "film_id must not start with ~ (film keys starting with ~ stand for titles that match no film)")],
        ),
        (
            b"\x00binary",
            "F1",
            [
                ("attendance.csv", 2, "screening_id S1 names a screening that was rejected (screenings.csv line 2)"),
                ("films.csv", None, "films.csv is not a CSV file: it holds binary data (NUL bytes)"),
                ("screenings.csv", 2, "film_id F1 cannot be matched: films.csv could not be loaded"),
            ],
        ),
    ],
    ids=["unknown film", "rejected film", "reserved key", "unreadable films.csv"],
)
def test_a_film_id_that_names_no_kept_film_is_rejected_saying_why(tmp_path, films, screening_film_id, problems):
    screenings = f"{SCREENINGS_HEADER},film_id\nS1,2025-01-10,P,,Some title,IR,drama,RU,Moscow,,cinema,100,1,{screening_film_id}\n"
    folder = write_folder(
        tmp_path / "data",
        {
            "screenings.csv": screenings,
            "attendance.csv": f"{ATTENDANCE_HEADER}\nS1,paid,1,,\n",
            "agreements.csv": AGREEMENTS,
            "films.csv": films,
        },
    )
    report = load(duckdb.connect(), folder, dt.date(2026, 1, 1))
    assert [(p.file, p.line, p.message) for p in report.problems if p.severity == "error"] == problems
    for file in report.files:
        assert file.rows_read == file.rows_loaded + file.rows_rejected, file


def test_a_film_with_more_than_a_thousand_screening_rows_lists_the_first_thousand_and_counts_them_all(tmp_path):
    # 1,003 rows of one film, written latest first: ids R0000-R1002 on 1,003 days from 2022-01-01 on, plus R9999 on the
    # first day (it sorts after R0000 by id). The list is the first 1,000 by date, then id: R0000, R9999, R0001-R0998.
    first = dt.date(2022, 1, 1)
    rows = [
        f"R{n:04d},{first + dt.timedelta(days=n)},P,,House by the River,RU,drama,RU,Moscow,,cinema,100,1," for n in reversed(range(1003))
    ]
    rows.append(f"R9999,{first},P,,House by the River,RU,drama,RU,Moscow,,cinema,100,1,")
    folder = write_folder(
        tmp_path,
        {
            "screenings.csv": f"{SCREENINGS_HEADER},film_id\n" + "\n".join(rows) + "\n",
            "attendance.csv": f"{ATTENDANCE_HEADER}\nR0000,paid,10,500,RUB\nR0999,paid,20,900,RUB\n",
            "agreements.csv": AGREEMENTS_HEADER + "\n",
            "films.csv": FILMS,
        },
    )
    database = Database(folder, None)
    try:
        listed = run(database, "screenings_by_film", Filters(film_key="F2"))
        assert listed["screening_id"].tolist() == ["R0000", "R9999", *[f"R{n:04d}" for n in range(1, 999)]]
        assert float(listed.set_index("screening_id").loc["R0000", "gross"]) == 500.0
        details = run(database, "film_details", Filters(film_key="F2")).iloc[0]
        assert (int(details["screenings"]), int(details["admissions"])) == (1004, 30)
    finally:
        database.close()
