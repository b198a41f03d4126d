"""The Data quality page: counts per file, problems with their line numbers, plain file errors, the reload button."""

from __future__ import annotations

import pandas as pd
from conftest import AGREEMENTS_HEADER, MINI_SCREENINGS, ROOT, SAMPLE_DIR, open_page
from streamlit.testing.v1 import AppTest

from cinecoop import paths, safecsv
from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.filters import Filters
from cinecoop.ui import data

# Line 1 is the header, lines 2-3 the good mini rows; line 4 has a date that does not exist, line 5 repeats S1.
BAD_SCREENINGS = (
    MINI_SCREENINGS
    + "S3,2025-13-45,Russian Film Days in Iran,,Film C,RU,drama,IR,Tehran,Charsou,cinema,100,1\n"
    + "S1,2025-03-05,Russian Film Days in Iran,,Film D,RU,drama,IR,Tehran,Charsou,cinema,100,1\n"
)


def new_app() -> AppTest:
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


def texts(elements) -> str:
    return " | ".join(str(element.value) for element in elements)


def files_table(at: AppTest) -> pd.DataFrame:
    return next(frame.value for frame in at.dataframe if "read_equals_loaded_plus_rejected" in frame.value.columns)


def problems_table(at: AppTest) -> pd.DataFrame:
    return next(frame.value for frame in at.dataframe if "message" in frame.value.columns)


def test_problem_queries_give_the_lines_of_a_bad_screenings_file(make_data):
    database = Database(make_data(screenings=BAD_SCREENINGS), paths.queries_dir() / "views")
    try:
        catalogue = load_catalogue()
        lines = database.run(catalogue["problems_by_line"], Filters()).frame
        errors = lines[(lines["file"] == "screenings.csv") & (lines["severity"] == "error")]
        assert sorted(errors["line"]) == [4, 5]
        assert errors.set_index("line").loc[4, "column_name"] == "screening_date"
        assert "first used on line 2" in errors.set_index("line").loc[5, "message"]
        by_file = database.run(catalogue["problems_by_file"], Filters()).frame
        screenings = by_file[(by_file["file"] == "screenings.csv") & (by_file["severity"] == "error")]
        assert screenings["problems"].sum() == 2
        assert screenings["lines"].sum() == 2
    finally:
        database.close()


def test_problems_by_line_lists_the_first_thousand_of_each_kind_and_the_counts_keep_them_all(make_data):
    # 1,005 rows with a date that does not exist (lines 4-1008, after the header and the two good rows), then 3 rows
    # repeating an id (lines 1009-1011): the dates are one kind of problem, the ids another.
    bad_dates = "".join(f"B{n},2025-13-45,Russian Film Days in Iran,,Film C,RU,drama,IR,Tehran,Charsou,cinema,100,1\n" for n in range(1005))
    repeats = "S1,2025-03-05,Russian Film Days in Iran,,Film D,RU,drama,IR,Tehran,Charsou,cinema,100,1\n" * 3
    database = Database(make_data(screenings=MINI_SCREENINGS + bad_dates + repeats), paths.queries_dir() / "views")
    try:
        catalogue = load_catalogue()
        lines = database.run(catalogue["problems_by_line"], Filters()).frame
        dates = lines[lines["column_name"] == "screening_date"]
        assert len(dates) == 1000
        assert sorted(dates["line"]) == list(range(4, 1004))
        assert sorted(lines.loc[lines["column_name"] == "screening_id", "line"]) == [1009, 1010, 1011]
        by_file = database.run(catalogue["problems_by_file"], Filters()).frame.set_index("column_name")
        assert by_file.loc["screening_date", "problems"] == 1005
        assert by_file.loc["screening_id", "problems"] == 3
        assert database.report.table("screenings").rows_rejected == 1008
    finally:
        database.close()


def test_analyst_opens_data_quality_on_sample_sees_every_file_balanced(app_env):
    app_env(SAMPLE_DIR)
    at = open_page(new_app(), "data_quality")
    at.run()
    assert not at.exception
    table = files_table(at)
    assert list(table["file"]) == [
        "screenings.csv",
        "attendance.csv",
        "agreements.csv",
        "targets.csv",
        "films.csv",
        "releases/distribution.csv",
        "exchange_rates.csv",
    ]
    assert (table["rows_read"] == table["rows_loaded"] + table["rows_rejected"]).all()
    assert table["read_equals_loaded_plus_rejected"].str.startswith("✓").all()
    assert len(at.get("plotly_chart")) == 2
    assert str(paths.SHIPPED_DATA_DIR) in texts(at.code)


def test_analyst_with_bad_screenings_sees_read_loaded_rejected_and_lines(app_env, make_data):
    app_env(make_data(screenings=BAD_SCREENINGS))
    at = open_page(new_app(), "data_quality")
    at.run()
    assert not at.exception
    screenings = files_table(at).set_index("file").loc["screenings.csv"]
    assert (screenings["rows_read"], screenings["rows_loaded"], screenings["rows_rejected"]) == (4, 2, 2)
    assert screenings["read_equals_loaded_plus_rejected"] == "✓ 4 = 2 + 2"
    assert screenings["status"] == "Errors"  # the loader's status "errors", named
    problems = problems_table(at)
    rejected = problems[(problems["file"] == "screenings.csv") & (problems["severity"] == "Error")]
    assert sorted(rejected["line"]) == [4, 5]
    assert "2 rows were rejected" in texts(at.warning)


def test_analyst_filters_problems_by_file_severity_and_column(app_env, make_data):
    app_env(make_data(screenings=BAD_SCREENINGS))
    at = open_page(new_app(), "data_quality")
    at.run()
    at.multiselect(key="problems_by_line.file").select("screenings.csv").run()
    at.multiselect(key="problems_by_line.severity").select("error").run()
    at.multiselect(key="problems_by_line.column_name").select("screening_id").run()
    assert not at.exception
    problems = problems_table(at)
    assert list(problems["line"]) == [5]
    assert "1 of " in texts(at.caption)


def test_problem_download_is_spreadsheet_safe():
    frame = pd.DataFrame({"file": ["screenings.csv"], "line": [7], "value": ["=HYPERLINK(1)"], "message": ["-5 is not allowed"]})
    text = safecsv.csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "'-5 is not allowed" in text


def test_analyst_without_agreements_file_sees_the_file_and_reason(app_env, make_data):
    app_env(make_data(agreements=None))
    at = open_page(new_app(), "data_quality")
    at.run()
    assert not at.exception
    assert "agreements.csv could not be loaded: agreements.csv is missing from the data folder" in texts(at.error).replace("\\", "")
    agreements = files_table(at).set_index("file").loc["agreements.csv"]
    assert agreements["status"] == "Missing"


def test_analyst_with_agreements_missing_status_column_sees_the_reason_as_text(app_env, make_data):
    header = AGREEMENTS_HEADER.replace(",status", ",<b>x</b>")
    broken = header + "\nA1,Memo,memorandum,,Org A;Org B,IR;RU,draft,2024-11-01,2025-01-15,,,\n"
    app_env(make_data(agreements=broken))
    at = open_page(new_app(), "data_quality")
    at.run()
    assert not at.exception
    error = texts(at.error)
    assert "agreements.csv could not be loaded: agreements.csv has no column status" in error.replace("\\", "")
    # The header names come from the file: they reach Markdown escaped, so they show as characters.
    assert "\\<b\\>x\\</b\\>" in error
    agreements = files_table(at).set_index("file").loc["agreements.csv"]
    assert (agreements["rows_read"], agreements["rows_loaded"], agreements["rows_rejected"]) == (1, 0, 1)


def test_analyst_with_a_link_to_an_empty_month_still_sees_the_load_report(app_env):
    app_env(SAMPLE_DIR)
    at = new_app()
    at.query_params["start"] = "2021-04-01"
    at.query_params["end"] = "2021-04-30"
    at = open_page(at, "data_quality")
    at.run()
    assert not at.exception
    assert len(files_table(at)) == 7


def test_analyst_reloads_the_data_and_gets_a_fresh_load(app_env, make_data):
    app_env(make_data(screenings=BAD_SCREENINGS))
    at = open_page(new_app(), "data_quality")
    at.run()
    before = data.database()
    next(button for button in at.button if button.label == "Reload the data").click().run()
    assert not at.exception
    # The cached database was dropped and the folder read again: a new load, with the same counts.
    assert data.database() is not before
    assert files_table(at).set_index("file").loc["screenings.csv", "rows_rejected"] == 2
