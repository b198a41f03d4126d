"""Browser tests of the Workbench on the sample data: the SQL editor (Ctrl+Enter, results above), save as query, a catalogue
query and its CSV, titles shown as written, and nothing loaded from another host."""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest
from conftest import ROOT, SAMPLE_DIR, block_other_hosts, screenshot, start_server, wait_for_app

from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database

pytestmark = pytest.mark.browser

SANDBOX_SQL = (
    "SELECT program, count(*) AS screening_rows, sum(admissions) AS admissions FROM screening_facts GROUP BY program ORDER BY program"
)


@pytest.fixture(scope="module")
def sample_database():
    database = Database(SAMPLE_DIR, ROOT / "queries" / "views")
    yield database
    database.close()


def open_workbench(page, server) -> None:
    # All dates: a catalogue query runs with the sidebar's filters, which a bare link sets to the landing year.
    page.goto(f"{server.url}/workbench?dates=all")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)
    # A direct link may raise Streamlit's "Page not found" notice before st.navigation resolves the page; it is not this page's.
    dialog = page.get_by_role("dialog")
    if dialog.count() and dialog.first.is_visible():
        page.keyboard.press("Escape")


def downloaded_csv(page, panel) -> tuple[str, list[dict[str, str]]]:
    with page.expect_download(timeout=30_000) as download_info:
        panel.get_by_role("button", name="Download CSV").click()
    download = download_info.value
    text = download.path().read_bytes().decode("utf-8-sig")
    return download.suggested_filename, list(csv.DictReader(io.StringIO(text)))


def editor(page):
    return page.frame_locator('iframe[title="code_editor.code_editor"]')


def run_in_editor(page, sql: str) -> None:
    """Replace the editor's text with sql, as a paste, and press Ctrl+Enter."""
    page.get_by_role("tab", name="SQL sandbox").click()
    editor(page).locator("#REACT_ACE_EDITOR .ace_content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(sql)
    page.keyboard.press("Control+Enter")


def test_analyst_runs_sandbox_sql_with_ctrl_enter_sees_it_above_the_editor_and_downloads_it_as_csv(sample_server, page, sample_database):
    external = block_other_hosts(page)
    open_workbench(page, sample_server)
    run_in_editor(page, SANDBOX_SQL)
    panel = page.locator('[role="tabpanel"]:visible')
    expected = sample_database.execute(SANDBOX_SQL)
    panel.get_by_text(f"Rows: {len(expected)} ·", exact=False).wait_for(timeout=60_000)
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    # The result reads above the SQL that made it.
    result_box = panel.locator('[data-testid="stDataFrame"]').bounding_box()
    editor_box = page.locator('iframe[title="code_editor.code_editor"]').bounding_box()
    assert result_box["y"] + result_box["height"] <= editor_box["y"]

    name, rows = downloaded_csv(page, panel)
    assert name == "sandbox.csv"
    assert rows == [
        {"program": program, "screening_rows": str(count), "admissions": str(int(admissions))}
        for program, count, admissions in expected.itertuples(index=False)
    ]
    screenshot(page, "workbench-sandbox")
    # The editor, its highlighting and its fonts all come from the dashboard's own server.
    assert external == []


def test_analyst_picks_a_catalogue_query_and_downloads_its_csv(sample_server, page, sample_database):
    open_workbench(page, sample_server)
    panel = page.locator('[role="tabpanel"]:visible')
    picker = panel.locator('[data-testid="stSelectbox"]')
    picker.click()
    page.keyboard.type("admissions_by_genre_and_year")
    page.keyboard.press("Enter")
    panel.get_by_role("heading", name="Admissions by genre and year").wait_for(timeout=30_000)
    panel.get_by_text("Rows: ", exact=False).wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0

    file_name, rows = downloaded_csv(page, panel)
    assert file_name == "admissions_by_genre_and_year.csv"
    expected = sample_database.run(load_catalogue(ROOT / "queries")["admissions_by_genre_and_year"]).frame
    assert rows == [
        {
            "year": str(year),
            "genre": genre,
            "screenings": str(screenings),
            "admissions": "" if pd.isna(admissions) else str(admissions),  # unknown admissions download as an empty cell
            "screenings_with_admissions": str(known),
        }
        for year, genre, screenings, admissions, known in expected.itertuples(index=False)
    ]
    screenshot(page, "workbench-catalogue")


MARKUP_TITLE = "![x](http://example.com/a.png) Admissions by genre"
MARKUP_QUESTION = "Which genres? ![q](http://example.com/q.png)"


@pytest.fixture(scope="module")
def analyst_server(tmp_path_factory):
    """A server on the sample data with a query folder of its own: the shipped queries, one with Markdown in its header."""
    folder = tmp_path_factory.mktemp("analyst")
    queries = folder / "queries"
    shutil.copytree(ROOT / "queries", queries)
    text = (queries / "admissions_by_genre_and_year.sql").read_text(encoding="utf-8")
    text = text.replace("-- title: Admissions by genre and year", f"-- title: {MARKUP_TITLE}", 1)
    text = text.replace(text.splitlines()[1], f"-- question: {MARKUP_QUESTION}", 1)
    (queries / "markup_title.sql").write_text(text, encoding="utf-8")
    server = start_server(SAMPLE_DIR, env={"CINECOOP_QUERIES_DIR": str(queries), "CINECOOP_STORE_DIR": str(folder / "store")})
    server.queries = queries
    yield server
    server.stop()


def test_a_title_with_an_image_in_markdown_shows_as_written_and_fetches_nothing(analyst_server, page):
    external = block_other_hosts(page)
    open_workbench(page, analyst_server)
    panel = page.locator('[role="tabpanel"]:visible')
    panel.locator('[data-testid="stSelectbox"]').click()
    page.keyboard.type("markup_title")
    page.keyboard.press("Enter")
    panel.get_by_text("Rows: ", exact=False).wait_for(timeout=60_000)
    wait_for_app(page)
    assert external == []
    assert page.locator("img[src*='example.com']").count() == 0
    assert panel.get_by_role("heading", name=MARKUP_TITLE).count() == 1
    # Once in the header's description, once in the file's SQL shown below it.
    assert panel.get_by_text(MARKUP_QUESTION, exact=False).count() == 2


def save_as(page, name: str) -> None:
    form = page.locator('[data-testid="stForm"]')
    form.get_by_role("textbox").fill(name)
    form.get_by_test_id("stBaseButton-secondaryFormSubmit").click()
    wait_for_app(page)


@pytest.mark.parametrize("name", ["kpi_summary", "../x", "DROP", "a b"])
def test_save_as_query_refuses_a_name_that_exists_or_is_not_a_plain_identifier(analyst_server, page, name):
    open_workbench(page, analyst_server)
    run_in_editor(page, "SELECT 1 AS x")
    page.locator('[role="tabpanel"]:visible').get_by_text("Rows: 1 ·", exact=False).wait_for(timeout=60_000)
    wait_for_app(page)
    before = sorted(path.name for path in analyst_server.queries.parent.rglob("*.sql"))
    save_as(page, name)
    reason = "There is already a query named kpi_summary" if name == "kpi_summary" else f"'{name}' is not a query name"
    page.locator('[data-testid="stAlertContentError"]').filter(has_text=reason).wait_for(timeout=30_000)
    assert sorted(path.name for path in analyst_server.queries.parent.rglob("*.sql")) == before


def test_analyst_saves_the_sql_as_a_new_query_that_the_catalogue_lists(analyst_server, page, sample_database):
    external = block_other_hosts(page)
    open_workbench(page, analyst_server)
    run_in_editor(page, SANDBOX_SQL)
    page.locator('[role="tabpanel"]:visible').get_by_text("Rows: ", exact=False).wait_for(timeout=60_000)
    wait_for_app(page)
    save_as(page, "screening_rows_by_program")
    page.get_by_text("Saved ", exact=False).wait_for(timeout=30_000)
    query = load_catalogue(analyst_server.queries)["screening_rows_by_program"]
    assert query.problems == ()
    assert query.column_names == ("program", "screening_rows", "admissions")
    assert query.sql.endswith(SANDBOX_SQL + "\n")
    # The catalogue lists it at once, picked, and runs it with its new header's title.
    page.get_by_role("tab", name="Query catalogue").click()
    panel = page.locator('[role="tabpanel"]:visible')
    panel.get_by_role("heading", name="Screening rows by program").wait_for(timeout=60_000)
    panel.get_by_text(f"Rows: {len(sample_database.execute(SANDBOX_SQL))} · time:", exact=False).wait_for(timeout=60_000)
    assert external == []
