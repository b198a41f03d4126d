"""The query catalogue: headers parsed into records, the chart grammar, parameters, views, error lines, and the docs kept in step."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import MINI_AGREEMENTS, MINI_ATTENDANCE, MINI_SCREENINGS, ROOT, write_folder

from cinecoop.catalogue import (
    CHART_KEYS,
    CHART_TYPE_KEYS,
    CHART_TYPES,
    GLOBAL_PARAMETERS,
    PAGE_NAMES,
    ChartSpec,
    bind_parameters,
    header_drift,
    load_catalogue,
    parse_chart,
    parse_query,
    used_parameters,
)
from cinecoop.db import Database, QueryError
from cinecoop.filters import Filters

DOCS = ROOT / "docs" / "analysts.md"

GOOD_QUERY = """-- title: Admissions by city
-- question: Where did people come to see the films,
--   city by city?
-- grain: one row per city
-- parameters: start_date, end_date, programs
-- columns:
--   city: the city (text)
--   admissions: admissions (people)
-- pages: Screenings, analyst
-- chart: bar x=city y=admissions title="Admissions by city"

SELECT
    city,
    sum(admissions)::BIGINT AS admissions
FROM screenings_in_scope($start_date, $end_date, $programs, [], [])
GROUP BY city
ORDER BY admissions DESC
"""


def parse(sql: str, name: str = "admissions_by_city"):
    return parse_query(name, f"/queries/{name}.sql", sql)


def data_folder(tmp_path: Path) -> Path:
    return write_folder(
        tmp_path / "data", {"screenings.csv": MINI_SCREENINGS, "attendance.csv": MINI_ATTENDANCE, "agreements.csv": MINI_AGREEMENTS}
    )


# -- the header --------------------------------------------------------------------------------------
def test_analyst_header_is_read_into_the_query_record():
    query = parse(GOOD_QUERY)
    assert query.problems == ()
    assert query.title == "Admissions by city"
    assert query.question == "Where did people come to see the films, city by city?"
    assert query.grain == "one row per city"
    assert query.declared_parameters == ("start_date", "end_date", "programs")
    assert query.columns == (("city", "the city (text)"), ("admissions", "admissions (people)"))
    assert query.column_names == ("city", "admissions")
    assert query.pages == ("screenings", "analyst")
    assert query.chart == ChartSpec("bar", {"x": "city", "y": "admissions", "title": "Admissions by city"})
    assert query.chart_text == 'bar x=city y=admissions title="Admissions by city"'
    assert query.used_parameters == ("start_date", "end_date", "programs")


def test_analyst_header_ends_where_the_sql_starts_so_error_lines_can_be_counted_from_the_file():
    query = parse(GOOD_QUERY)
    assert query.body_line == 12
    assert query.body.startswith("SELECT\n    city,")
    assert GOOD_QUERY.splitlines()[query.body_line - 1] == "SELECT"


def test_a_header_without_its_required_lines_is_reported():
    query = parse("-- title: Only a title\nSELECT 1 AS one\n")
    assert query.problems == (
        "the header has no 'question:' line",
        "the header has no 'grain:' line",
        "the header has no 'columns:' line",
    )


def test_a_file_name_that_is_not_lower_case_words_is_reported():
    query = parse(GOOD_QUERY, name="Admissions-By-City")
    assert "the file name must be lower-case letters, digits and underscores" in query.problems


def test_a_query_without_a_pages_line_is_analyst_only():
    query = parse(GOOD_QUERY.replace("-- pages: Screenings, analyst\n", ""))
    assert query.pages == ()
    assert query.analyst_only


# -- strict headers (issue 12 item 5) ------------------------------------------------------------------
def test_the_header_ends_at_the_first_blank_line_so_a_comment_after_it_is_no_part_of_any_key():
    query = parse(GOOD_QUERY.replace("\n\nSELECT", "\n\n-- A note for the reader, not a page: overview, exchange.\nSELECT"))
    assert query.problems == ()
    assert query.pages == ("screenings", "analyst")
    assert query.chart_text == 'bar x=city y=admissions title="Admissions by city"'


def test_an_unknown_header_key_is_a_problem_with_its_line():
    query = parse(GOOD_QUERY.replace("-- pages: Screenings, analyst\n", "-- pages: Screenings, analyst\n-- colour: red\n"))
    assert query.problems == (
        "line 10: the header has an unknown key 'colour:' (known: title, question, grain, parameters, columns, pages, chart)",
    )


def test_a_key_given_twice_or_a_free_line_before_the_keys_is_a_problem():
    twice = parse(GOOD_QUERY.replace("-- grain: one row per city\n", "-- grain: one row per city\n-- grain: one row per town\n"))
    assert twice.problems == ("line 5: the header gives 'grain:' twice",)
    free = parse("-- Admissions, city by city.\n" + GOOD_QUERY)
    assert free.problems == ("line 1: the header starts with 'title:'; put other comments after the blank line that ends the header",)


def test_pages_that_name_no_page_are_a_problem_and_every_page_name_is_accepted():
    wrong = parse(GOOD_QUERY.replace("-- pages: Screenings, analyst", "-- pages: screenings, a target is set for a whole year"))
    assert wrong.problems == (
        "pages: 'a target is set for a whole year' names no page (the pages are overview, screenings, exchange, agreements, "
        "regional, data_quality, film, country, agreement, analyst)",
    )
    every = parse(GOOD_QUERY.replace("Screenings, analyst", ", ".join(PAGE_NAMES)))
    assert every.problems == ()
    assert every.pages == PAGE_NAMES


def test_the_shipped_queries_keep_to_the_strict_header_rules():
    catalogue = load_catalogue(ROOT / "queries")
    assert {name: query.problems for name, query in catalogue.items() if query.problems} == {}
    assert catalogue["targets_by_metric"].pages == ("overview",)
    assert "A target is set for a whole year" in catalogue["targets_by_metric"].grain


# -- parameters --------------------------------------------------------------------------------------
def test_parameters_in_comments_and_strings_are_not_counted_and_an_apostrophe_in_a_comment_opens_no_string():
    sql = """-- question: What's $not_this?
SELECT $start_date, 'it''s $nor_this' AS "$or_this" /* $nor_these
   $lines */
FROM screening_facts
WHERE program = ANY($programs) -- $nor_this_one
  AND $start_date IS NOT NULL
"""
    assert used_parameters(sql) == ("start_date", "programs")


def test_an_unknown_parameter_is_reported_with_its_line():
    sql = GOOD_QUERY.replace("$programs, [], []", "$programs, $host_countrys, []")
    query = parse(sql)
    assert len(query.problems) == 1
    assert query.problems[0].startswith("line 15 uses $host_countrys, which the dashboard does not provide (known: $start_date")
    assert GOOD_QUERY.splitlines()[14].startswith("FROM screenings_in_scope")


def test_only_the_parameters_a_query_uses_are_bound():
    query = parse(GOOD_QUERY)
    filters = Filters(start=dt.date(2025, 1, 1), programs=("Caspian Film Program",), host_countries=("IR",))
    assert bind_parameters(query, filters) == {"start_date": dt.date(2025, 1, 1), "end_date": None, "programs": ["Caspian Film Program"]}


def test_header_and_sql_disagreeing_on_parameters_gives_notes_not_problems():
    sql = GOOD_QUERY.replace("-- parameters: start_date, end_date, programs", "-- parameters: start_date, end_date, host_countries")
    query = parse(sql)
    assert query.problems == ()
    assert header_drift(query) == [
        "the header lists $host_countries but the SQL does not use it",
        "the SQL uses $programs but the header's parameters: line does not list it",
    ]
    assert header_drift(parse(GOOD_QUERY)) == []


# -- the chart grammar -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "options"),
    [
        ("line x=month y=admissions color=program", "line", {"x": "month", "y": "admissions", "color": "program"}),
        (
            "BAR x=genre y=admissions orientation=H barmode=Stack",
            "bar",
            {"x": "genre", "y": "admissions", "orientation": "h", "barmode": "stack"},
        ),
        ("area x=month y=screenings color=format", "area", {"x": "month", "y": "screenings", "color": "format"}),
        (
            "scatter x=seats y=admissions size=screenings color=program",
            "scatter",
            {"x": "seats", "y": "admissions", "size": "screenings", "color": "program"},
        ),
        (
            "pie x=program y=admissions title='Share of admissions'",
            "pie",
            {"x": "program", "y": "admissions", "title": "Share of admissions"},
        ),
        ('table title="Top films"', "table", {"title": "Top films"}),
        ('bar x="film title" y=admissions', "bar", {"x": "film title", "y": "admissions"}),
    ],
)
def test_a_well_formed_chart_declaration_is_parsed(text, kind, options):
    assert parse_chart(text) == ChartSpec(kind, options)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "chart: the chart type is missing (one of line, bar, area, scatter, pie, table)"),
        ("x=month y=admissions", "chart: the chart type must come first (one of line, bar, area, scatter, pie, table), before 'x=month'"),
        ("donut x=program y=admissions", "chart: unknown chart type 'donut' (use one of line, bar, area, scatter, pie, table)"),
        (
            "line x=month y=admissions colour=program",
            "chart: unknown key 'colour' (known keys: x, y, color, title, orientation, barmode, size)",
        ),
        ("line x=month admissions", "chart: 'admissions' is not key=value"),
        ("line x=month y=", "chart: key 'y' has no value"),
        ("line x=month y=admissions x=year", "chart: key 'x' is given twice"),
        ("line x=month", "chart: key 'y' is required for a line chart"),
        ("pie y=admissions", "chart: key 'x' is required for a pie chart"),
        (
            "bar x=genre y=admissions size=screenings",
            "chart: key 'size' does not apply to a bar chart (it takes x, y, color, title, orientation, barmode)",
        ),
        ("line x=month y=admissions barmode=stack", "chart: key 'barmode' does not apply to a line chart (it takes x, y, color, title)"),
        ("bar x=genre y=admissions orientation=sideways", "chart: key 'orientation' must be v or h, not 'sideways'"),
        ("bar x=genre y=admissions barmode=overlay", "chart: key 'barmode' must be group or stack, not 'overlay'"),
        ('line x=month y=admissions title="Unclosed', "chart: a quote is not closed"),
        ("table x=film_title", "chart: key 'x' does not apply to a table chart (it takes title)"),
    ],
)
def test_a_malformed_chart_declaration_is_refused_naming_the_key(text, message):
    with pytest.raises(ValueError) as raised:
        parse_chart(text)
    assert str(raised.value) == message


def test_a_malformed_chart_is_recorded_in_the_query_problems_and_keeps_its_text():
    query = parse(GOOD_QUERY.replace("-- chart: bar x=city y=admissions", "-- chart: bar x=city y=admissions colour=program"))
    assert query.chart is None
    assert query.chart_text.startswith("bar x=city y=admissions colour=program")
    assert query.problems == ("chart: unknown key 'colour' (known keys: x, y, color, title, orientation, barmode, size)",)


def test_every_chart_type_says_which_keys_it_takes():
    assert set(CHART_TYPE_KEYS) == set(CHART_TYPES)
    for keys in CHART_TYPE_KEYS.values():
        assert set(keys) <= set(CHART_KEYS)


# -- the folder --------------------------------------------------------------------------------------
def test_the_catalogue_is_the_folder_as_it_is_on_disk_views_apart(tmp_path):
    folder = tmp_path / "queries"
    write_folder(
        folder,
        {
            "admissions_by_city.sql": GOOD_QUERY,
            "views/film_totals.sql": "CREATE VIEW film_totals AS SELECT 1 AS one",
            "broken_bytes.sql": b"-- title: \xff\xfe\nSELECT 1",
        },
    )
    catalogue = load_catalogue(folder)
    assert list(catalogue) == ["admissions_by_city", "broken_bytes"]
    assert catalogue["broken_bytes"].problems[0].startswith("cannot be read:")
    (folder / "admissions_by_city.sql").write_text(GOOD_QUERY.replace("Admissions by city", "People by city", 1), encoding="utf-8")
    (folder / "films_by_genre.sql").write_text(GOOD_QUERY.replace("Admissions by city", "Films by genre", 1), encoding="utf-8")
    catalogue = load_catalogue(folder)
    assert catalogue["admissions_by_city"].title == "People by city"
    assert catalogue["films_by_genre"].title == "Films by genre"


# -- running, error lines, views ---------------------------------------------------------------------
def test_a_failing_query_names_its_file_and_the_line_of_the_error(tmp_path):
    database = Database(data_folder(tmp_path))
    broken = parse(GOOD_QUERY.replace("    city,\n", "    city,\n    nope,\n", 1))
    with pytest.raises(QueryError) as raised:
        database.run(broken)
    assert raised.value.line == 14
    assert broken.sql.splitlines()[13] == "    nope,"
    assert str(raised.value).startswith('/queries/admissions_by_city.sql:14: Binder Error: Referenced column "nope" not found')
    syntax = parse(GOOD_QUERY.replace("GROUP BY city", "GROUP city", 1))
    with pytest.raises(QueryError) as raised:
        database.run(syntax)
    assert raised.value.line == 16
    assert "syntax error" in raised.value.message


def test_a_query_runs_with_its_header_and_gives_the_known_answer(tmp_path):
    database = Database(data_folder(tmp_path))
    result = database.run(parse(GOOD_QUERY))
    assert result.frame.to_dict("records") == [{"city": "Moscow", "admissions": 80}, {"city": "Tehran", "admissions": 50}]


def test_the_shipped_film_admissions_view_is_created_at_load_with_the_known_answer(tmp_path):
    database = Database(data_folder(tmp_path), ROOT / "queries" / "views")
    assert database.view_errors == {}
    rows = (
        database.cursor()
        .execute("SELECT film_title, screenings, admissions, occupancy FROM film_admissions ORDER BY film_title")
        .fetchall()
    )
    # Film A: 1 session, 50 of 100 seats; Film B: 2 sessions, 80 of 200 seats.
    assert rows == [("Film A", 1, 50, 0.5), ("Film B", 2, 80, 0.4)]


def test_a_broken_view_is_reported_by_file_and_line_and_the_other_views_still_load(tmp_path):
    views = write_folder(
        tmp_path / "views",
        {
            "a_broken.sql": "-- title: Broken\n-- grain: none\n\nCREATE VIEW broken AS\nSELECT nope\nFROM screenings\n",
            "b_good.sql": "CREATE VIEW good AS SELECT count(*) AS screenings FROM screenings\n",
        },
    )
    database = Database(data_folder(tmp_path), views)
    assert list(database.view_errors) == ["a_broken.sql"]
    assert database.view_errors["a_broken.sql"].startswith('Binder Error: Referenced column "nope" not found')
    assert database.view_errors["a_broken.sql"].endswith("(line 5)")
    assert database.cursor().execute("SELECT screenings FROM good").fetchall() == [(2,)]


# -- the analysts' guide keeps up with the code -------------------------------------------------------
def test_the_analyst_guide_documents_every_chart_key_type_and_parameter():
    text = DOCS.read_text(encoding="utf-8")
    for key in CHART_KEYS:
        assert re.search(rf"^\| `{key}` \|", text, flags=re.M), f"chart key {key} is not in the table of docs/analysts.md"
    for kind in CHART_TYPES:
        assert f"`{kind}`" in text, kind
    for parameter in GLOBAL_PARAMETERS:
        assert f"`${parameter}`" in text, parameter
    for setting in ("CINECOOP_ANALYST_PAGES", "CINECOOP_MEMORY_LIMIT", "[auth]", "analysts = ["):
        assert setting in text, setting


def test_the_analyst_guide_lists_every_table_view_column_and_macro(tmp_path):
    text = DOCS.read_text(encoding="utf-8")
    database = Database(data_folder(tmp_path), ROOT / "queries" / "views")
    cursor = database.cursor()
    for table, column in cursor.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
    ).fetchall():
        assert f"`{table}`" in text, table
        assert f"`{column}`" in text, f"{table}.{column}"
    for (macro,) in cursor.execute(
        "SELECT function_name FROM duckdb_functions() WHERE NOT internal AND function_type LIKE '%macro'"
    ).fetchall():
        assert f"`{macro}(" in text, macro
