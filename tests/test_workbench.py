"""The Workbench and Analyst charts pages in AppTest: live edits of query files, errors in place, the sandbox, who may see them."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import plotly.io as pio
import pytest
from conftest import ROOT, open_page
from streamlit.testing.v1 import AppTest

from cinecoop.catalogue import load_catalogue, parse_chart
from cinecoop.figures import theme
from cinecoop.figures.declared import MAX_COLOR_VALUES, ChartDataError, column_units, declared_figure
from cinecoop.ui.analyst import SaveError, save_as_query

EXAMPLES = ("admissions_by_genre_and_year.sql", "screenings_by_format_and_program.sql", "kpi_summary.sql")
CITY_QUERY = """-- title: Screenings by city
-- question: In which cities were the films shown, and how often?
-- grain: one row per city
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   city: the city (text)
--   screenings: sessions held (count)
-- chart: bar x=city y=screenings

SELECT
    city,
    sum(sessions)::BIGINT AS screenings
FROM screenings_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
GROUP BY city
ORDER BY city
"""


@pytest.fixture
def queries(tmp_path: Path, make_data, app_env, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini data set and a copy of the example queries and views the test may edit."""
    app_env(make_data())
    folder = tmp_path / "queries"
    (folder / "views").mkdir(parents=True)
    for name in EXAMPLES:
        shutil.copy(ROOT / "queries" / name, folder / name)
    shutil.copy(ROOT / "queries" / "views" / "film_admissions.sql", folder / "views" / "film_admissions.sql")
    monkeypatch.setenv("CINECOOP_QUERIES_DIR", str(folder))
    monkeypatch.delenv("CINECOOP_ANALYST_PAGES", raising=False)
    return folder


def opened(url_path: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    return open_page(at, url_path).run()


def unescaped(markdown: str) -> str:
    """The text a reader sees of Markdown whose punctuation was escaped with backslashes."""
    return re.sub(r"\\(.)", r"\1", markdown)


def errors(at: AppTest) -> list[str]:
    return [unescaped(element.value) for element in at.error]


def frame_with(at: AppTest, columns: list[str]) -> pd.DataFrame:
    return next(element.value for element in at.dataframe if list(element.value.columns) == columns)


def charts(at: AppTest) -> dict[str, dict]:
    """The Plotly charts of the run by their key (the part of the element id after the last dash)."""
    return {element.proto.id.rsplit("-", 1)[-1]: json.loads(element.proto.spec) for element in at.get("plotly_chart")}


def pick(at: AppTest, query: str) -> AppTest:
    return at.selectbox(key="wb_query").set_value(query).run()


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    path.write_text(changed, encoding="utf-8")
    return changed


# -- the Workbench's catalogue --------------------------------------------------------------------------
def test_analyst_sees_the_catalogue_and_a_querys_header_sql_and_result(queries):
    at = opened("workbench")
    assert not at.exception
    catalogue = at.dataframe[0].value
    assert catalogue["query"].tolist() == ["admissions_by_genre_and_year", "kpi_summary", "screenings_by_format_and_program"]
    assert catalogue["used by"].tolist() == ["analyst", "overview", "analyst"]
    assert catalogue["chart"].tolist() == ["bar", "", "bar"]
    assert catalogue["status"].tolist() == ["ok", "ok", "ok"]

    at = pick(at, "admissions_by_genre_and_year")
    sql = (queries / "admissions_by_genre_and_year.sql").read_text(encoding="utf-8")
    assert sql.rstrip("\n") in [element.value.rstrip("\n") for element in at.code]
    # Mini data: two drama screenings in 2025, 1 + 2 sessions, 50 + 80 admissions.
    result = frame_with(at, ["year", "genre", "screenings", "admissions", "screenings_with_admissions"])
    assert result.to_dict("records") == [
        {"year": 2025, "genre": "drama", "screenings": 3, "admissions": 130, "screenings_with_admissions": 3}
    ]
    assert any(caption.value.startswith("Rows: 1 · time:") for caption in at.caption)
    parameters = frame_with(at, ["parameter", "meaning", "value now"])
    assert parameters["parameter"].tolist() == ["$calendar", "$start_date", "$end_date", "$programs", "$host_countries", "$film_countries"]
    # A link without dates opens on the data's year to date (the mini data: 1-2 March 2025, no whole year).
    assert parameters["value now"].tolist() == ['"gregorian"', '"2025-01-01"', '"2025-03-02"', "[]", "[]", "[]"]
    assert "Download CSV" in [button.proto.label for button in at.get("download_button")]
    assert not at.exception and not at.error


def test_analyst_edits_a_query_file_and_sees_the_new_result_on_the_next_run(queries):
    at = pick(opened("workbench"), "admissions_by_genre_and_year")
    assert frame_with(at, ["year", "genre", "screenings", "admissions", "screenings_with_admissions"])["admissions"].tolist() == [130]
    edit(
        queries / "admissions_by_genre_and_year.sql",
        "sum(admissions)::BIGINT AS admissions",
        "(10 * sum(admissions))::BIGINT AS admissions",
    )
    at.run()
    assert frame_with(at, ["year", "genre", "screenings", "admissions", "screenings_with_admissions"])["admissions"].tolist() == [1300]

    at = opened("analyst_charts")
    assert charts(at)["declared_admissions_by_genre_and_year"]["data"][0]["y"] == [1300]


def test_analyst_breaks_a_query_and_sees_file_message_and_line_in_place_while_the_other_chart_renders(queries):
    text = edit(
        queries / "admissions_by_genre_and_year.sql",
        "    coalesce(genre, 'unknown') AS genre,\n",
        "    coalesce(genre, 'unknown') AS genre,\n    nope,\n",
    )
    line = text.splitlines().index("    nope,") + 1
    at = opened("analyst_charts")
    assert not at.exception
    assert errors(at) == [
        "This chart could not be drawn. admissions_by_genre_and_year.sql: "
        f'Binder Error: Referenced column "nope" not found in FROM clause! (line {line})'
    ]
    drawn = charts(at)
    assert "declared_admissions_by_genre_and_year" not in drawn
    assert drawn["declared_screenings_by_format_and_program"]["data"][0]["name"] == "Iranian Film Week in Russia"

    at = pick(opened("workbench"), "admissions_by_genre_and_year")
    assert errors(at) == [
        f'This query failed. admissions_by_genre_and_year.sql: Binder Error: Referenced column "nope" not found in FROM clause! (line {line})'
    ]
    assert any("    nope," in element.value for element in at.code)


def test_analyst_adds_a_query_file_and_sees_it_listed_and_its_chart_drawn_without_a_restart(queries):
    at = opened("workbench")
    assert "screenings_by_city" not in at.dataframe[0].value["query"].tolist()
    (queries / "screenings_by_city.sql").write_text(CITY_QUERY, encoding="utf-8")
    at.run()
    assert "screenings_by_city" in at.dataframe[0].value["query"].tolist()
    assert "screenings_by_city — Screenings by city" in at.selectbox(key="wb_query").options
    at = pick(at, "screenings_by_city")
    assert frame_with(at, ["city", "screenings"]).to_dict("records") == [
        {"city": "Moscow", "screenings": 2},
        {"city": "Tehran", "screenings": 1},
    ]
    # No pages: line, so the query counts as the analysts' own.
    assert at.dataframe[0].value.set_index("query").loc["screenings_by_city", "used by"] == "analysts only"

    at = opened("analyst_charts")
    chart = charts(at)["declared_screenings_by_city"]
    assert chart["data"][0]["x"] == ["Moscow", "Tehran"]
    assert chart["data"][0]["y"] == [2, 1]
    assert chart["layout"]["title"]["text"] == "Screenings by city"
    assert chart["layout"]["yaxis"]["title"]["text"] == "screenings (count)"


def test_analyst_declares_a_malformed_chart_and_the_page_names_the_file_and_the_key(queries):
    (queries / "screenings_by_city.sql").write_text(CITY_QUERY.replace("y=screenings", "y=screenings colour=program"), encoding="utf-8")
    at = opened("analyst_charts")
    assert not at.exception
    assert errors(at) == [
        "This chart could not be drawn. screenings_by_city.sql: "
        "chart: unknown key 'colour' (known keys: x, y, color, title, orientation, barmode, size)"
    ]
    assert {"declared_admissions_by_genre_and_year", "declared_screenings_by_format_and_program"} <= set(charts(at))


def test_analyst_declares_a_column_the_result_lacks_and_the_page_names_the_key(queries):
    (queries / "screenings_by_city.sql").write_text(CITY_QUERY.replace("y=screenings", "y=admissions"), encoding="utf-8")
    at = opened("analyst_charts")
    assert errors(at) == [
        "This chart could not be drawn. screenings_by_city.sql: "
        "chart: key 'y' names the column 'admissions', which the result does not have (it has city, screenings)"
    ]


def test_declared_chart_with_color_program_takes_the_programme_colours(queries):
    chart = charts(opened("analyst_charts"))["declared_screenings_by_format_and_program"]
    traces = {trace["name"]: trace for trace in chart["data"]}
    assert set(traces) == {"Iranian Film Week in Russia", "Russian Film Days in Iran"}
    for name, trace in traces.items():
        assert trace["marker"]["color"] == theme.PROGRAM_COLORS[name]
        assert trace["orientation"] == "h"
    assert traces["Iranian Film Week in Russia"]["x"] == [2]
    assert chart["layout"]["barmode"] == "stack"


def test_a_header_problem_shows_on_the_workbench_with_its_line(queries):
    text = edit(queries / "admissions_by_genre_and_year.sql", "$film_countries)", "$film_country)")
    line = next(number for number, content in enumerate(text.splitlines(), start=1) if "$film_country)" in content)
    at = opened("workbench")
    assert at.dataframe[0].value.set_index("query").loc["admissions_by_genre_and_year", "status"] == "problem"
    at = pick(at, "admissions_by_genre_and_year")
    assert errors(at)[0].startswith(
        f"admissions_by_genre_and_year.sql: line {line} uses $film_country, which the dashboard does not provide"
    )
    assert not at.exception


def test_a_broken_view_file_is_shown_on_the_workbench_and_the_rest_renders(queries):
    (queries / "views" / "zz_broken.sql").write_text(
        "-- title: Broken\n\nCREATE VIEW broken AS\nSELECT nope FROM screenings\n", encoding="utf-8"
    )
    at = opened("workbench")
    assert not at.exception
    assert errors(at)[0].startswith(
        'The view file views/zz_broken.sql could not be created: Binder Error: Referenced column "nope" not found'
    )
    assert errors(at)[0].endswith("(line 4)")
    assert "admissions_by_genre_and_year" in at.dataframe[0].value["query"].tolist()
    tables = frame_with(at, ["name", "kind", "columns"])
    assert tables.set_index("name").loc["film_admissions", "kind"] == "view"


# -- the sandbox on the page -----------------------------------------------------------------------------
SUBMITS = itertools.count(1)


def run_sql(at: AppTest, sql: str) -> AppTest:
    """What the editor sends on Ctrl+Enter (or its Run button): the text, with an id of its own for each press."""
    at.session_state["wb_editor"] = {
        "id": f"press{next(SUBMITS)}",
        "type": "submit",
        "lang": "sql",
        "text": sql,
        "selected": "",
        "cursor": "",
    }
    return at.run()


def test_analyst_runs_sandbox_sql_and_sees_the_result_with_rows_and_time(queries):
    at = run_sql(opened("workbench"), "SELECT city, sum(admissions) AS admissions FROM screening_facts GROUP BY city ORDER BY city")
    assert not at.exception and not at.error
    result = frame_with(at, ["city", "admissions"])
    assert result.to_dict("records") == [{"city": "Moscow", "admissions": 80}, {"city": "Tehran", "admissions": 50}]
    assert any(caption.value.startswith("Rows: 2 · time:") for caption in at.caption)
    assert "wb_sandbox_download" in [element.proto.id.rsplit("-", 1)[-1] for element in at.get("download_button")]


def test_analyst_sandbox_refusal_is_one_plain_message_without_a_traceback(queries):
    at = run_sql(opened("workbench"), "DROP TABLE screenings")
    assert not at.exception
    assert errors(at) == [
        "Dropping tables or other objects is not allowed: the sandbox only runs one read-only SELECT, WITH, DESCRIBE, SUMMARIZE or SHOW statement."
    ]
    at = run_sql(at, "SELECT count(*) AS screenings FROM screenings")
    assert frame_with(at, ["screenings"])["screenings"].tolist() == [2]


def test_analyst_sandbox_sql_error_shows_duckdbs_words_and_the_line(queries):
    at = run_sql(opened("workbench"), "SELECT\n  nope\nFROM screenings")
    assert errors(at) == ['The query failed: Binder Error: Referenced column "nope" not found in FROM clause!']
    assert any("LINE 2:" in element.value for element in at.code)


def test_analyst_sandbox_result_over_the_cap_is_cut_with_a_note(queries):
    at = run_sql(opened("workbench"), "SELECT range AS n FROM range(10050)")
    assert len(frame_with(at, ["n"])) == 10_000
    assert [warning.value for warning in at.warning] == [
        "The result was cut at 10,000 rows: add a LIMIT, a WHERE or a GROUP BY to see what you need."
    ]


def sandbox_tab_kinds(at: AppTest) -> list[str]:
    """The kinds of the SQL sandbox tab's elements, top to bottom (a container's elements in place)."""
    kinds: list[str] = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            if type(child).__name__ == "Block" and child.type == "flex_container":
                walk(child)
            else:
                kinds.append(getattr(child, "type", type(child).__name__))

    walk(at.tabs[1])
    return kinds


def test_analyst_sees_the_result_above_the_sql_with_its_numbers_grouped(queries):
    at = run_sql(
        opened("workbench"), "SELECT city, sum(admissions) * 1000 AS admissions_x1000 FROM screening_facts GROUP BY city ORDER BY city"
    )
    kinds = sandbox_tab_kinds(at)
    assert kinds.index("dataframe") < kinds.index("component_instance")
    result = next(element for element in at.dataframe if "admissions_x1000" in element.value.columns)
    assert result.value.to_dict("records") == [{"city": "Moscow", "admissions_x1000": 80000}, {"city": "Tehran", "admissions_x1000": 50000}]
    # The grid groups the thousands in the reader's locale; the download keeps the bare numbers.
    assert json.loads(result.proto.columns)["admissions_x1000"]["type_config"] == {"type": "number", "format": "localized"}


def test_the_same_press_is_not_run_twice_and_a_new_press_runs_the_new_text(queries):
    at = run_sql(opened("workbench"), "SELECT 1 AS first_run")
    assert frame_with(at, ["first_run"])["first_run"].tolist() == [1]
    at.run()  # a rerun for another reason (a filter, a download) keeps the result and runs nothing again
    assert frame_with(at, ["first_run"])["first_run"].tolist() == [1]
    at = run_sql(at, "SELECT 2 AS second_run")
    assert frame_with(at, ["second_run"])["second_run"].tolist() == [2]


FILTERED_SQL = (
    "SELECT count(*) AS screening_rows FROM screenings_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)"
)


def test_with_the_switch_on_the_sidebar_filters_are_the_sqls_parameters(queries):
    at = opened("workbench")
    at.multiselect(key="f_programs").set_value(["Russian Film Days in Iran"])
    at.toggle(key="wb_use_filters").set_value(True)
    at = run_sql(at.run(), FILTERED_SQL)
    # Mini data: one screening row of Russian Film Days in Iran (S1), one of the Iranian Film Week (S2).
    assert frame_with(at, ["screening_rows"])["screening_rows"].tolist() == [1]
    at = run_sql(at, "SELECT $nope AS x")
    assert errors(at)[0].startswith("The SQL uses $nope, which the dashboard does not provide")
    at.toggle(key="wb_use_filters").set_value(False)
    at = run_sql(at.run(), FILTERED_SQL)
    assert errors(at)[0].startswith("The query failed:")


def save(at: AppTest, name: str) -> AppTest:
    at.text_input(key="wb_save_name").input(name)
    return next(button for button in at.button if button.label == "Save as query").click().run()


def test_analyst_saves_sql_as_a_query_whose_header_passes_the_rules_and_check(queries, tmp_path):
    sql = "SELECT city, sum(admissions)::BIGINT AS admissions\nFROM screening_facts\nGROUP BY city\nORDER BY city"
    at = save(run_sql(opened("workbench"), sql), "admissions_by_city_saved")
    assert not at.exception
    path = queries / "admissions_by_city_saved.sql"
    assert [element.value for element in at.success] and not errors(at)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("-- title: Admissions by city saved\n")
    assert text.endswith("\n\n" + sql + "\n")
    query = load_catalogue(queries)["admissions_by_city_saved"]
    assert query.problems == ()
    assert query.column_names == ("city", "admissions")
    assert query.pages == ("analyst",)
    assert query.declared_parameters == ()
    # The catalogue lists it at once, picked, and `check` runs it with its promised columns.
    assert "admissions_by_city_saved" in at.dataframe[0].value["query"].tolist()
    assert at.selectbox(key="wb_query").value == "admissions_by_city_saved"
    done = subprocess.run(
        [sys.executable, "-m", "cinecoop", "check", "--data", os.environ["CINECOOP_DATA_DIR"], "--queries", str(queries)],
        cwd=ROOT,
        env={**os.environ, "CINECOOP_STORE_DIR": str(tmp_path / "store")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok   admissions_by_city_saved: 2 rows" in done.stdout


def test_a_saved_query_with_the_filters_switch_declares_the_parameters_it_uses(queries):
    at = opened("workbench")
    at.toggle(key="wb_use_filters").set_value(True)
    at = save(run_sql(at.run(), FILTERED_SQL), "screening_rows_in_scope")
    query = load_catalogue(queries)["screening_rows_in_scope"]
    assert query.problems == ()
    assert query.declared_parameters == ("start_date", "end_date", "programs", "host_countries", "film_countries")
    assert query.used_parameters == query.declared_parameters


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        pytest.param("kpi_summary", "There is already a query named kpi_summary (kpi_summary.sql), so choose another name.", id="exists"),
        pytest.param("../x", "'../x' is not a query name", id="parent_folder"),
        pytest.param("DROP", "'DROP' is not a query name", id="upper_case"),
        pytest.param("a b", "'a b' is not a query name", id="space"),
        pytest.param("x.sql", "'x.sql' is not a query name", id="dot"),
        pytest.param("1st", "'1st' is not a query name", id="digit_first"),
        pytest.param("", "'' is not a query name", id="empty"),
    ],
)
def test_save_as_query_refuses_a_name_that_exists_or_is_not_a_plain_identifier(queries, name, reason):
    before = sorted(path.name for path in queries.rglob("*"))
    kpi = (queries / "kpi_summary.sql").read_text(encoding="utf-8")
    at = save(run_sql(opened("workbench"), "SELECT 1 AS x"), name)
    assert not at.exception
    assert errors(at)[0].startswith(reason)
    assert sorted(path.name for path in queries.rglob("*")) == before
    assert (queries / "kpi_summary.sql").read_text(encoding="utf-8") == kpi
    assert not (queries.parent / "x.sql").exists()


def test_save_as_query_refuses_sql_that_breaks_the_query_file_rules(queries):
    at = save(run_sql(opened("workbench"), "DESCRIBE screenings"), "described")
    assert not errors(at)  # DESCRIBE only reads: DuckDB counts it as a SELECT, so a query file may hold it
    assert (queries / "described.sql").exists()
    with pytest.raises(SaveError, match="A query file holds one statement"):
        save_as_query("two_statements", "SELECT 1 AS x; SELECT 2 AS y", ["x"], queries)
    with pytest.raises(SaveError, match="Dropping tables or other objects is not allowed"):
        save_as_query("dropper", "DROP TABLE targets", ["x"], queries)
    assert not (queries / "two_statements.sql").exists() and not (queries / "dropper.sql").exists()


MARKUP_TITLE = "![x](http://example.com/a.png) **bold** <img src=x> :red[red] $x^2$"


def test_a_querys_title_question_and_grain_show_as_the_characters_written(queries):
    text = CITY_QUERY.replace("-- title: Screenings by city", f"-- title: {MARKUP_TITLE}")
    text = text.replace(
        "-- question: In which cities were the films shown, and how often?", "-- question: Where? ![q](http://example.com/q.png)"
    )
    (queries / "screenings_by_city.sql").write_text(text, encoding="utf-8")
    at = pick(opened("workbench"), "screenings_by_city")
    assert not at.exception
    heading = next(element.value for element in at.subheader)
    # Every Markdown mark is escaped, so the reader sees exactly the title, and no image or formula is drawn.
    assert unescaped(heading) == MARKUP_TITLE
    # The marks that would draw something are escaped: the image's "![" and "](", the link's "http:".
    assert "\\!\\[x\\](http\\://" in heading
    assert any(unescaped(element.value) == "**Question:** Where? ![q](http://example.com/q.png)" for element in at.markdown)
    assert any("\\!\\[q\\]" in element.value for element in at.markdown)
    drawn = charts(opened("analyst_charts"))
    assert drawn["declared_screenings_by_city"]["layout"]["title"]["text"].startswith("![x](http://example.com/a.png)")


# -- who may see the analyst pages ---------------------------------------------------------------------
def page_paths(at: AppTest) -> set[str]:
    return {info["url_pathname"] for info in at._registered_pages.values()}


def test_leadership_deployment_switch_hides_workbench_charts_and_sandbox(queries, monkeypatch):
    monkeypatch.setenv("CINECOOP_ANALYST_PAGES", "off")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert "workbench" not in page_paths(at)
    assert "analyst_charts" not in page_paths(at)
    assert {"exchange", "agreements"} <= page_paths(at)  # the leadership pages stay
    with pytest.raises(ValueError, match="no page with URL path 'workbench'"):
        open_page(at, "workbench")


def test_switched_off_workbench_refuses_even_when_called_directly(queries, monkeypatch):
    monkeypatch.setenv("CINECOOP_ANALYST_PAGES", "off")

    def direct() -> None:
        import pages.analyst_charts_page
        import pages.workbench_page

        pages.workbench_page.workbench()
        pages.analyst_charts_page.analyst_charts()

    at = AppTest.from_function(direct, default_timeout=60).run()
    assert not at.exception
    assert [element.value for element in at.error] == ["The analyst pages are not available to this account or in this deployment."] * 2
    assert not [toggle for toggle in at.toggle if toggle.key == "wb_use_filters"]  # no sandbox
    assert not at.get("plotly_chart")


AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "not-a-real-secret",
        "client_id": "cinecoop",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": "https://accounts.example.org/.well-known/openid-configuration",
    },
    "cinecoop": {"analysts": ["Ana.Lyst@example.org"]},
}


@pytest.mark.parametrize(
    ("user", "sees_analyst_pages"),
    [
        pytest.param({"is_logged_in": False}, False, id="signed_out"),
        pytest.param({"is_logged_in": True, "email": "ana.lyst@example.org"}, True, id="listed_analyst"),
        pytest.param({"is_logged_in": True, "email": "director@example.org"}, False, id="not_on_the_list"),
        pytest.param({"is_logged_in": True, "email": "ana.lyst@example.org", "email_verified": False}, False, id="unverified_address"),
    ],
)
def test_with_sign_in_configured_only_listed_analysts_see_the_analyst_pages(queries, user, sees_analyst_pages):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.secrets = AUTH
    at.user = user
    at.run()
    assert not at.exception
    # Behind sign-in the pages stay registered, hidden from the menu of a reader refused, so /workbench refuses in place.
    open_page(at, "workbench").run()
    refusals = [element.value for element in at.error]
    assert ("The analyst pages are not available to this account or in this deployment." in refusals) is not sees_analyst_pages
    assert bool([toggle for toggle in at.toggle if toggle.key == "wb_use_filters"]) is sees_analyst_pages  # the sandbox


def test_signed_out_visitor_is_offered_sign_in_in_the_sidebar(queries):
    import importlib.util

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.secrets = AUTH
    at.user = {"is_logged_in": False}
    at.run()
    if importlib.util.find_spec("authlib") is None:
        assert [warning.value for warning in at.sidebar.warning] == [
            "Analyst sign-in needs the Authlib package on the server (pip install Authlib)."
        ]
    else:
        assert "Sign in (analysts)" in [button.label for button in at.sidebar.button]


def test_signed_in_visitor_off_the_list_is_told_so_and_may_sign_out(queries):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.secrets = AUTH
    at.user = {"is_logged_in": True, "email": "director@example.org"}
    at.run()
    assert "This account is not on the analyst list, so the analyst pages stay hidden." in [caption.value for caption in at.sidebar.caption]
    assert "Sign out" in [button.label for button in at.sidebar.button]


# -- the declared figure itself ------------------------------------------------------------------------
def test_declared_chart_shows_markup_in_data_as_characters():
    frame = pd.DataFrame(
        {
            "film_title": ["<img src=x onerror=alert(1)>", "![x](http://example.org/p.png)"],
            "genre": ["<b>drama</b>", "animation"],
            "admissions": [5, 7],
        }
    )
    figure = declared_figure(parse_chart("bar x=film_title y=admissions color=genre title='<i>Top</i> films'"), frame)
    assert [trace.name for trace in figure.data] == ["&lt;b&gt;drama&lt;/b&gt;", "animation"]
    assert figure.data[0].x == ("&lt;img src=x onerror=alert(1)&gt;",)
    assert figure.data[1].x == ("![x](http://example.org/p.png)",)
    assert figure.layout.title.text == "&lt;i&gt;Top&lt;/i&gt; films"
    table = declared_figure(parse_chart("table"), frame)
    assert list(table.data[0].cells.values[0]) == ["&lt;img src=x onerror=alert(1)&gt;", "![x](http://example.org/p.png)"]


def test_declared_line_chart_uses_the_house_template_programme_colours_and_units():
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(["2025-02-01", "2025-01-01", "2025-01-01", "2025-02-01"]),
            "program": ["Caspian Film Program", "Caspian Film Program", "Russian Film Days in Iran", "Russian Film Days in Iran"],
            "admissions": [20, 10, 30, 40],
        }
    )
    units = column_units((("month", "first day of the month (date)"), ("admissions", "admissions (people)")))
    assert units == {"admissions": "people"}  # "(date)" says what the column holds, not a unit
    figure = declared_figure(parse_chart("line x=month y=admissions color=program"), frame, title="Admissions by month", units=units)
    assert [(trace.name, trace.line.color) for trace in figure.data] == [
        ("Caspian Film Program", theme.PROGRAM_COLORS["Caspian Film Program"]),
        ("Russian Film Days in Iran", theme.PROGRAM_COLORS["Russian Film Days in Iran"]),
    ]
    assert list(figure.data[0].y) == [10, 20]  # sorted along x
    assert figure.layout.title.text == "Admissions by month"
    assert figure.layout.yaxis.title.text == "admissions (people)"
    assert figure.layout.template.layout.colorway == pio.templates[theme.TEMPLATE_NAME].layout.colorway


def test_declared_pie_bubble_and_area_charts_are_drawn():
    frame = pd.DataFrame({"program": ["Caspian Film Program", "Regular distribution"], "admissions": [3, 9], "seats": [10, 30]})
    pie = declared_figure(parse_chart("pie x=program y=admissions"), frame)
    assert pie.data[0].type == "pie"
    assert list(pie.data[0].marker.colors) == [theme.PROGRAM_COLORS["Caspian Film Program"], theme.PROGRAM_COLORS["Regular distribution"]]
    bubble = declared_figure(parse_chart("scatter x=seats y=admissions size=admissions"), frame)
    assert list(bubble.data[0].marker.size) == [3, 9]
    area = declared_figure(parse_chart("area x=seats y=admissions"), frame)
    assert area.data[0].stackgroup == "one"


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        (
            "bar x=genre y=admissions",
            "chart: key 'x' names the column 'genre', which the result does not have (it has program, admissions, seats)",
        ),
        ("bar x=program y=program", "chart: key 'y' names the column 'program', which does not hold numbers"),
        ("scatter x=seats y=admissions size=program", "chart: key 'size' names the column 'program', which does not hold numbers"),
    ],
)
def test_declared_chart_that_does_not_fit_the_result_names_the_key(declaration, message):
    frame = pd.DataFrame({"program": ["Caspian Film Program"], "admissions": [3], "seats": [10]})
    with pytest.raises(ChartDataError) as raised:
        declared_figure(parse_chart(declaration), frame)
    assert str(raised.value) == message


def test_declared_chart_with_too_many_colours_asks_to_group_first():
    frame = pd.DataFrame({"film": [f"Film {n}" for n in range(MAX_COLOR_VALUES + 1)], "year": 2025, "admissions": 1})
    with pytest.raises(ChartDataError, match="has 31 different values; a chart shows at most 30"):
        declared_figure(parse_chart("bar x=year y=admissions color=film"), frame)
