"""Releases: releases_by_film_country_and_year against a computation written here (the whole market is the
denominator whatever the filters; a co-production counts under each country), the focus pair's distribution, a
folder of an import's output alone, and provenance kept through to sources_by_table."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal

import pandas as pd
import pytest
from conftest import ATTENDANCE_HEADER, MINI_AGREEMENTS, MINI_SCREENINGS, ROOT, write_folder

from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.filters import Filters

REGISTER = "register of distribution certificates, Ministry of Culture of Russia"
CELL = f'"{REGISTER}"'  # quoted: the source holds the delimiter
# Gross figures of the first rows are the register's own (121000417 Коммивояжер, 121005017 Мухаммад); R3's is unknown.
RELEASES = f"""release_id,film_id,film_title,film_country,host_country,release_date,distributor,gross,currency,admissions,source
121000417,,Коммивояжер,IR;FR,RU,2017-01-17,Arthouse,2428366,RUB,,{CELL}
121031416,,Мухаммад,IR,RU,2016-11-25,Nur,2522174,RUB,,{CELL}
121018615,,Такси,IR,RU,2017-03-20,,,,,{CELL}
R4,,Big Film,US,RU,2017-02-01,Major,100000000,RUB,250000,{CELL}
R5,,Russian Hit,RU,RU,2017-05-05,Local,50000000,RUB,,{CELL}
R6,,Russian Drama,RU,IR,2017-06-01,Filmiran,3000000000,IRR,,Iranian box office report
R7,,Another Big Film,US,IR,2017-07-01,Filmiran,7000000000,IRR,,Iranian box office report
R8,,Small Iranian Film,IR,RU,2016-03-01,Arthouse,1000000,RUB,,{CELL}
R9,,Other Big Film,US,RU,2016-04-01,Major,99000000,RUB,,{CELL}
R10,,The Salesman,IR;FR,RU,2017-09-01,Arthouse,10000,RUB,30,{CELL}
"""
FILMS = "film_id,original_title,title_en,title_ru,countries\nF1,Forushande,The Salesman,Коммивояжер,IR;FR\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_folder(
        tmp_path_factory.mktemp("releases"),
        {
            "screenings.csv": MINI_SCREENINGS,
            "attendance.csv": f"{ATTENDANCE_HEADER}\nS1,paid,50,,\nS2,paid,80,,\n",
            "agreements.csv": MINI_AGREEMENTS,
            "films.csv": FILMS,
            "releases/register.csv": RELEASES,
        },
    )


@pytest.fixture(scope="module")
def database(folder) -> Database:
    database = Database(folder)
    assert database.report.ok, database.report.problems
    return database


def run(database: Database, name: str, filters: Filters | None = None) -> pd.DataFrame:
    return database.run(load_catalogue()[name], filters or Filters()).frame


# -- the computation the query must agree with, written independently over the CSV rows -------------------------
def release_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(RELEASES)))


def film_of(row: dict[str, str]) -> str:
    # By hand: Коммивояжер and The Salesman are titles of F1; every other title is a film of its own.
    return "F1" if row["film_title"] in ("Коммивояжер", "The Salesman") else row["film_title"]


def expected_by_country(keep) -> dict[tuple, tuple]:
    market: dict[tuple, Decimal] = defaultdict(Decimal)
    for row in release_rows():
        if row["gross"]:
            market[(row["release_date"][:4], row["host_country"], row["currency"])] += Decimal(row["gross"])
    groups: dict[tuple, list[dict[str, str]]] = defaultdict(list)
    for row in release_rows():
        if keep(row):
            for country in row["film_country"].split(";"):
                groups[(int(row["release_date"][:4]), country, row["host_country"], row["currency"] or None)].append(row)
    expected = {}
    for (year, country, host, currency), rows in groups.items():
        known = [Decimal(row["gross"]) for row in rows if row["gross"]]
        gross = sum(known) if known else None
        share = float(gross / market[(str(year), host, currency)]) if gross is not None else None
        expected[(year, country, host, currency)] = (len(rows), len({film_of(row) for row in rows}), gross, len(known), share)
    return expected


def got_by_country(frame: pd.DataFrame) -> dict[tuple, tuple]:
    got = {}
    for row in frame.itertuples():
        currency = None if pd.isna(row.currency) else row.currency
        gross = None if pd.isna(row.gross) else Decimal(str(row.gross)).normalize()
        share = None if pd.isna(row.share_of_host_gross) else row.share_of_host_gross
        got[(int(row.year), row.film_country, row.host_country, currency)] = (
            int(row.releases),
            int(row.films),
            gross,
            int(row.releases_with_gross),
            share,
        )
    return got


def assert_same(got: dict, expected: dict) -> None:
    assert got.keys() == expected.keys()
    for key, (releases, films, gross, with_gross, share) in expected.items():
        assert got[key][:2] == (releases, films), key
        assert got[key][2] == (gross.normalize() if gross is not None else None), key
        assert got[key][3] == with_gross, key
        assert got[key][4] == (pytest.approx(share) if share is not None else None), key


def test_releases_by_film_country_and_year_equals_the_computation_over_the_rows(database):
    frame = run(database, "releases_by_film_country_and_year")
    assert list(frame.columns) == [
        "year",
        "film_country",
        "host_country",
        "currency",
        "releases",
        "films",
        "gross",
        "releases_with_gross",
        "share_of_host_gross",
    ]
    assert_same(got_by_country(frame), expected_by_country(lambda row: True))
    # The two releases of The Salesman in 2017 (Коммивояжер and its re-release) are two releases of one film, counted
    # under Iran and under France: 2,428,366 + 10,000 roubles of a 152,438,366-rouble market.
    row = frame[(frame["year"] == 2017) & (frame["film_country"] == "IR") & (frame["currency"] == "RUB")].iloc[0]
    assert (int(row["releases"]), int(row["films"]), float(row["gross"])) == (2, 1, 2_438_366)
    assert row["share_of_host_gross"] == pytest.approx(2_438_366 / 152_438_366)


def test_the_whole_market_stays_the_denominator_under_filters(database):
    filters = Filters(
        start=pd.Timestamp("2017-01-01").date(), end=pd.Timestamp("2017-02-28").date(), host_countries=("RU",), film_countries=("IR",)
    )
    frame = run(database, "releases_by_film_country_and_year", filters)

    def keep(row):
        return (
            "2017-01-01" <= row["release_date"] <= "2017-02-28" and row["host_country"] == "RU" and "IR" in row["film_country"].split(";")
        )

    expected = expected_by_country(keep)
    assert set(expected) == {(2017, "IR", "RU", "RUB"), (2017, "FR", "RU", "RUB")}
    assert_same(got_by_country(frame), expected)
    assert frame["share_of_host_gross"].tolist() == pytest.approx([2_428_366 / 152_438_366] * 2)


def test_the_focus_pairs_distribution_each_way_by_year(database):
    frame = run(database, "distribution_by_year_and_direction")
    got = {
        (int(r.year), r.direction, None if pd.isna(r.currency) else r.currency): (
            int(r.releases),
            int(r.films),
            None if pd.isna(r.gross) else float(r.gross),
            None if pd.isna(r.share_of_host_gross) else round(r.share_of_host_gross, 6),
            None if pd.isna(r.admissions) else int(r.admissions),
        )
        for r in frame.itertuples()
    }
    assert got == {
        (2016, "IR→RU", "RUB"): (2, 2, 3_522_174.0, round(3_522_174 / 102_522_174, 6), None),
        (2017, "IR→RU", "RUB"): (2, 1, 2_438_366.0, round(2_438_366 / 152_438_366, 6), 30),
        (2017, "IR→RU", None): (1, 1, None, None, None),
        (2017, "RU→IR", "IRR"): (1, 1, 3_000_000_000.0, 0.3, None),
    }
    titles = run(database, "distribution_titles_by_year_and_direction")
    salesman = titles[titles["film_key"] == "F1"].iloc[0]
    assert (salesman["film_title"], int(salesman["releases"]), str(salesman["first_release"])[:10]) == ("The Salesman", 2, "2017-01-17")


def test_a_release_never_adds_to_screenings_or_admissions(database):
    kpis = run(database, "kpi_summary").iloc[0]
    assert (int(kpis["screenings"]), int(kpis["admissions"]), int(kpis["films"])) == (3, 130, 2)


def test_sources_are_kept_in_the_tables_and_listed_per_table(database):
    frame = run(database, "sources_by_table")
    releases = frame[frame["table_name"] == "releases"].set_index("source")
    assert (int(releases.loc[REGISTER, "row_count"]), int(releases.loc["Iranian box office report", "row_count"])) == (8, 2)
    assert releases.loc[REGISTER, "files"] == "releases/register.csv"
    assert str(releases.loc[REGISTER, "first_date"])[:10] == "2016-03-01"
    screenings = frame[frame["table_name"] == "screenings"]
    assert screenings["source"].isna().all() and int(screenings["row_count"].sum()) == 2
    assert database.cursor().execute("SELECT DISTINCT source FROM release_facts WHERE host_country = 'IR'").fetchall() == [
        ("Iranian box office report",)
    ]


# -- an import's output alone ------------------------------------------------------------------------------------
def validate(folder) -> tuple[int, dict]:
    result = subprocess.run(
        [sys.executable, "-m", "cinecoop", "validate", "--data", str(folder), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CINECOOP_STORE": "off"},
    )
    return result.returncode, json.loads(result.stdout)


def test_a_folder_of_releases_and_films_alone_validates_with_the_other_tables_missing(tmp_path):
    folder = write_folder(
        tmp_path / "import",
        {
            "films/mkrf.csv": "film_id,original_title,countries,source\nmkrf-121000417,Коммивояжер,IR;FR,register\n",
            "releases/mkrf.csv": "release_id,film_id,film_title,film_country,host_country,release_date,gross,currency,source\n"
            "121000417,mkrf-121000417,Коммивояжер,IR;FR,RU,2017-01-17,2428366,RUB,register\n",
        },
    )
    code, report = validate(folder)
    assert code == 0, report
    statuses = {entry["file"]: (entry["status"], entry["file_error"]) for entry in report["files"]}
    assert statuses["screenings.csv"] == statuses["attendance.csv"] == statuses["agreements.csv"] == ("missing", None)
    assert statuses["releases/mkrf.csv"] == ("ok", None) and statuses["films/mkrf.csv"] == ("ok", None)
    database = Database(folder)
    kpis = run(database, "kpi_summary").iloc[0]
    assert (int(kpis["screenings"]), pd.isna(kpis["admissions"]), int(kpis["screenings_with_admissions"])) == (0, True, 0)
    frame = run(database, "releases_by_film_country_and_year")
    assert sorted(frame["film_country"]) == ["FR", "IR"] and frame["share_of_host_gross"].tolist() == [1.0, 1.0]


def test_a_folder_with_neither_screenings_nor_releases_is_a_file_error(tmp_path):
    folder = write_folder(tmp_path / "empty", {"films.csv": FILMS})
    code, report = validate(folder)
    assert code == 1
    statuses = {entry["file"]: (entry["status"], entry["file_error"]) for entry in report["files"]}
    assert statuses["screenings.csv"] == ("missing", "screenings.csv is missing from the data folder")
    assert statuses["agreements.csv"] == ("missing", "agreements.csv is missing from the data folder")
