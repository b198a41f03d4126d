"""The pre-aggregated facts give the leadership queries exactly the numbers the row-level tables give.

Every catalogue query that reads screening_day_facts, film_day_facts, venue_day_facts, occupancy_band_day_facts,
gross_day_facts, source_day_facts or source_facts has its row-level version in tests/fixtures/row_level/ (the query as it read
screening_facts and attendance before). Both run with the same parameters on the sample, on a generated skewed set
and on a small hand-made folder of edge cases (unknown admissions, zero and unknown seats, a film under two titles
whose rows disagree on its countries, co-productions both ways round, ticket rows that name their source and rows
that do not, dates on both sides of Nowruz and of a month's
end), for filters the pages use (none, one programme and one year, a range that cuts months in two, host and film
countries, a selection with no rows), both calendars, two focus pairs and the keys of the detail pages (a country, an
agreement, a film); the frames must be equal to the last digit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import AGREEMENTS_HEADER, ATTENDANCE_HEADER, ROOT, SAMPLE_DIR, SCREENINGS_HEADER, write_folder

from cinecoop.catalogue import bind_parameters, load_catalogue, split_header
from cinecoop.filters import Filters
from cinecoop.loader import AGGREGATES as AGGREGATED_TABLES
from cinecoop.loader import load
from cinecoop.samplegen import write_sample

ROW_LEVEL = ROOT / "tests" / "fixtures" / "row_level"
REFERENCES = sorted(ROW_LEVEL.glob("*.sql"))
# Every pre-aggregated table the loader makes (a new one is covered as soon as it is listed there), and source_facts.
AGGREGATES = (*AGGREGATED_TABLES, "source_facts")
AS_OF = dt.date(2026, 11, 26)

FILTERS = {
    "none": Filters(),
    "one programme, one year": Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), programs=("Russian Film Days in Iran",)),
    "days cutting months": Filters(start=dt.date(2024, 3, 7), end=dt.date(2025, 10, 13)),
    "hosts and film countries": Filters(host_countries=("RU", "IR", "KZ"), film_countries=("IR", "KZ")),
    "Solar Hijri 1404": Filters(start=dt.date(2025, 3, 21), end=dt.date(2026, 3, 20), calendar="jalali"),
    "other focus pair": Filters(focus=("RU", "KZ"), calendar="jalali"),
    "nothing selected": Filters(programs=("No such programme",)),
    # The detail pages: one country, one agreement, one film (their own key; the dashboard filters do not apply).
    "Iran's page": Filters(country_key="IR"),
    "Kazakhstan's page, Solar Hijri": Filters(country_key="KZ", calendar="jalali"),
    "an agreement's page": Filters(agreement_key="A002"),
    "a film's page": Filters(film_key="F001"),
}

EDGE_SCREENINGS = f"""{SCREENINGS_HEADER},film_id
E1,2025-03-20,Caspian Film Program,Caspian Film Program 2025,The Tailor,IR;RU,,IR,Rasht,,festival,400,2,
E2,2025-03-21,Caspian Film Program,Caspian Film Program 2025,Portnoy,RU;IR,drama,RU,Astrakhan,Deck,on-board,0,1,F1
E3,2025-03-31,Caspian Film Program,Caspian Film Program 2025,The Tailor,IR,drama,RU,Astrakhan,Deck,on-board,,1,
E4,2025-04-01,Russian Film Days in Iran,,Winter Road,RU,drama,IR,Tehran,Charsou,cinema,100,1,
E5,2025-04-01,Russian Film Days in Iran,,Winter Road,RU,,IR,Tehran,Charsou,online,,3,
E6,2024-12-31,Iranian Film Week in Russia,,The Tailor,IR,drama,RU,Moscow,Karo,cinema,50,1,
E7,2025-01-01,Iranian Film Week in Russia,,Salesman,IR,comedy,RU,Moscow,Karo,tv,,1,
E8,2025-10-13,SCO Filmmakers Working Group,,Steppe,KZ,documentary,KZ,Almaty,Arman,cinema,200,1,
E9,2025-10-14,SCO Filmmakers Working Group,,Steppe,KZ;RU,documentary,RU,Moscow,Karo,cinema,200,2,
E10,2025-10-14,Eurasian Film Academy,,Steppe,KZ;RU,documentary,KZ,Almaty,,festival,300,1,
"""
EDGE_ATTENDANCE = f"""{ATTENDANCE_HEADER},source
E1,paid,300,3000000,IRR,box office A
E1,invited,,,,box office A
E2,paid,40,400,USD,kiosk
E3,paid,,,,
E4,paid,120,1200000,IRR,box office A
E4,student,,500000,IRR,
E5,online,75,,,kiosk
E6,paid,20,4000,RUB,box office B
E7,online,,,,
E8,paid,150,300000,KZT,kiosk
E9,paid,100,30000,RUB,box office B
E9,invited,10,,,
"""
EDGE_FILMS = """film_id,original_title,title_en,title_ru,countries
F1,The Tailor,The Tailor,Портной,IR;RU
"""


def _write_edge_cases(folder: Path) -> Path:
    return write_folder(
        folder,
        {
            "screenings.csv": EDGE_SCREENINGS,
            "attendance.csv": EDGE_ATTENDANCE,
            "agreements.csv": AGREEMENTS_HEADER + "\n",
            "films.csv": EDGE_FILMS,
        },
    )


@pytest.fixture(scope="module", params=["sample", "generated", "edge cases"])
def loaded(request, tmp_path_factory) -> duckdb.DuckDBPyConnection:
    if request.param == "sample":
        folder = SAMPLE_DIR
    elif request.param == "generated":
        folder = tmp_path_factory.mktemp("generated")
        write_sample(folder, screenings=20_000)
    else:
        folder = _write_edge_cases(tmp_path_factory.mktemp("edge"))
    con = duckdb.connect()
    report = load(con, folder, as_of=AS_OF)
    assert report.table("screenings").rows_loaded > 0
    yield con
    con.close()


def _reference(name: str) -> str:
    _, body = split_header((ROW_LEVEL / f"{name}.sql").read_text(encoding="utf-8"))
    return body


def test_every_query_that_reads_the_aggregates_has_a_row_level_version_and_no_other_does():
    catalogue = load_catalogue()
    reading = {
        name
        for name, query in catalogue.items()
        if any(table in query.body for table in (*AGGREGATES, "_days_in_scope", "_days(", "film_listing("))
    }
    assert reading == {path.stem for path in REFERENCES}
    for path in REFERENCES:
        body = _reference(path.stem)
        assert not any(table in body for table in AGGREGATES), f"{path.name} must read the row-level tables"


@pytest.mark.parametrize("name", [path.stem for path in REFERENCES])
def test_the_aggregated_query_gives_the_row_level_numbers(loaded, name):
    query = load_catalogue()[name]
    reference = _reference(name)
    for label, filters in FILTERS.items():
        parameters = bind_parameters(query, filters)
        aggregated = loaded.execute(query.body, parameters).df()
        row_level = loaded.execute(reference, parameters).df()
        try:
            pd.testing.assert_frame_equal(aggregated, row_level, check_exact=True)
        except AssertionError as error:
            raise AssertionError(f"{name}, filters {label!r}: {error}") from None


def test_edge_cases_reach_the_aggregates_as_written(tmp_path):
    """The hand-made rows, worked out by hand: unknown stays unknown, occupancy keeps its own numerator and denominator."""
    con = duckdb.connect()
    load(con, _write_edge_cases(tmp_path / "edge"), as_of=AS_OF)
    rows = con.execute(
        "SELECT screening_date, program, format, screenings, admissions, screenings_with_admissions, occupied_admissions, "
        "occupied_seats FROM screening_day_facts WHERE program = 'Caspian Film Program' ORDER BY screening_date"
    ).fetchall()
    assert rows == [
        # E1: 300 known of 2 sessions, 400 seats; the invited row is blank, so 300 is what is known.
        (dt.date(2025, 3, 20), "Caspian Film Program", "festival", 2, 300, 2, 300, 400),
        # E2: 0 seats, so its 40 admissions stay out of occupancy.
        (dt.date(2025, 3, 21), "Caspian Film Program", "on-board", 1, 40, 1, None, None),
        # E3: only a blank attendance row: admissions unknown.
        (dt.date(2025, 3, 31), "Caspian Film Program", "on-board", 1, None, 0, None, None),
    ]
    # E1 and E2 are one film (The Tailor by title, F1 by id); E3 names it too, by title. Its rows hold IR;RU, RU;IR and IR.
    films = con.execute("SELECT DISTINCT film_key FROM film_day_facts WHERE program = 'Caspian Film Program'").fetchall()
    assert films == [("F1",)]
    currencies = con.execute(
        "SELECT currency, with_gross, sum(attendance_rows), sum(admissions), sum(gross) FROM gross_day_facts GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert [(c, w, int(n), a, None if g is None else float(g)) for c, w, n, a, g in currencies] == [
        ("IRR", True, 3, 420, 4_700_000.0),
        ("KZT", True, 1, 150, 300_000.0),
        ("RUB", True, 2, 120, 34_000.0),
        ("USD", True, 1, 40, 400.0),
        (None, False, 5, 85, None),
    ]
