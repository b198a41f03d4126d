"""The command line of data contract section 4, run as a user runs it: a real process, real files."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def cinecoop(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cinecoop", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_validate_on_the_sample_exits_0():
    result = cinecoop("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: nothing rejected" in result.stdout


def test_validate_json_has_the_contract_shape(make_data):
    folder = make_data(
        screenings="screening_id,screening_date,program,film_title,film_country,host_country,city\nS1,2025-13-01,P,F,IR,RU,Moscow\n"
    )
    result = cinecoop("validate", "--data", str(folder), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert set(report) >= {"ok", "files", "problems"}
    assert report["ok"] is False
    screenings = next(file for file in report["files"] if file["file"] == "screenings.csv")
    assert {key: screenings[key] for key in ("status", "rows_read", "rows_loaded", "rows_rejected", "warnings")} == {
        "status": "errors",
        "rows_read": 1,
        "rows_loaded": 0,
        "rows_rejected": 1,
        "warnings": 0,
    }
    statuses = {file["file"]: file["status"] for file in report["files"]}
    assert statuses["targets.csv"] == "missing"
    problem = next(p for p in report["problems"] if p["file"] == "screenings.csv")
    assert problem == {
        "file": "screenings.csv",
        "line": 2,
        "column": "screening_date",
        "value": "2025-13-01",
        "severity": "error",
        "message": "screening_date is not a real calendar date",
    }


def test_validate_exits_0_with_warnings_only(make_data):
    folder = make_data(attendance="screening_id,ticket_type,admissions\nS1,paid,500\nS2,paid,1\n")
    result = cinecoop("validate", "--data", str(folder), "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert [p["severity"] for p in report["problems"]] == ["warning"]


def test_validate_exits_1_when_a_required_file_is_missing(make_data):
    result = cinecoop("validate", "--data", str(make_data(agreements=None)), "--json")
    assert result.returncode == 1
    statuses = {file["file"]: file["status"] for file in json.loads(result.stdout)["files"]}
    assert statuses["agreements.csv"] == "missing"


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--bogus"),
        ("frobnicate",),
        ("query", "kpi_summary", "--start", "2025-13-40"),
        ("query", "kpi_summary", "--format", "xml"),
        ("validate", "--data", "/no/such/folder"),
    ],
)
def test_usage_errors_exit_2(args):
    result = cinecoop(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip()


def test_query_prints_csv_with_the_filters_bound(make_data):
    result = cinecoop("query", "kpi_summary", "--data", str(make_data()), "--program", "Russian Film Days in Iran", "--host-country", "ir")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows == [
        {
            "screenings": "1",
            "admissions": "50",
            "occupancy": "0.5",
            "films": "1",
            "agreements_signed": "1",
            "screenings_with_admissions": "1",
        }
    ]


def test_query_prints_json(make_data):
    result = cinecoop("query", "kpi_summary", "--data", str(make_data()), "--start", "2025-03-02", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"screenings": 2, "admissions": 80, "occupancy": 0.4, "films": 1, "agreements_signed": 0, "screenings_with_admissions": 2}
    ]


def test_unknown_query_is_a_clear_error_exit_1(make_data):
    result = cinecoop("query", "no_such_question", "--data", str(make_data()))
    assert result.returncode == 1
    assert "no query named 'no_such_question'" in result.stderr


def broken_catalogue(tmp_path: Path) -> Path:
    queries = tmp_path / "queries"
    shutil.copytree(ROOT / "queries", queries)
    (queries / "broken_by_design.sql").write_text(
        "-- title: Broken\n-- question: Does a broken query fail clearly?\n-- grain: none\n-- columns: x\nSELECT no_such_column\nFROM screenings\n",
        encoding="utf-8",
    )
    return queries


def test_sql_error_in_a_query_is_a_clear_message_exit_1(make_data, tmp_path):
    queries = broken_catalogue(tmp_path)
    result = cinecoop("query", "broken_by_design", "--data", str(make_data()), "--queries", str(queries))
    assert result.returncode == 1
    assert "broken_by_design.sql" in result.stderr
    assert "no_such_column" in result.stderr


def test_check_runs_every_query_and_reports_the_broken_one(make_data, tmp_path):
    queries = broken_catalogue(tmp_path)
    result = cinecoop("check", "--data", str(make_data()), "--queries", str(queries))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("ok   kpi_summary: 1 rows") for line in lines)
    failing = [line for line in lines if line.startswith("FAIL")]
    assert len(failing) == 1
    assert "broken_by_design.sql:5" in failing[0]


def test_check_on_the_sample_passes():
    result = cinecoop("check")
    assert result.returncode == 0, result.stdout


FORMULA_SCREENINGS = """screening_id,screening_date,program,event,film_title,film_country,genre,host_country,city,venue,format,seats,sessions
S1,2025-03-01,Russian Film Days in Iran,,"=HYPERLINK(""http://example.org"",""x"")",RU,drama,IR,Tehran,@SUM(A1),cinema,100,1
S2,2025-03-02,Iranian Film Week in Russia,,+Film B,IR,drama,RU,Moscow,-Karo,cinema,200,2
"""


def test_query_csv_neutralises_formula_cells_like_the_page_downloads(make_data):
    result = cinecoop("query", "admissions_by_venue", "--data", str(make_data(screenings=FORMULA_SCREENINGS)))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(row["venue"] for row in rows) == ["'-Karo", "'@SUM(A1)"]
    # Numbers stay numbers: a leading minus on a number is no formula.
    films = cinecoop("query", "admissions_by_film", "--data", str(make_data(screenings=FORMULA_SCREENINGS)))
    titles = sorted(row["film_title"] for row in csv.DictReader(io.StringIO(films.stdout)))
    assert titles == ["'+Film B", '\'=HYPERLINK("http://example.org","x")']


def test_sql_csv_neutralises_formula_cells_and_names_but_not_numbers(make_data):
    result = cinecoop(
        "sql",
        "SELECT '=1+1' AS formula, '@cmd' AS at_sign, '\tx' AS tab, 'plain' AS text, -5 AS number, ['=a', 'b'] AS list, 1 AS \"=name\"",
        "--data",
        str(make_data()),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["formula,at_sign,tab,text,number,list,'=name", "'=1+1,'@cmd,'\tx,plain,-5,'=a;b,1"]
    # JSON is not read by spreadsheets: the values stay exactly as they are.
    as_json = cinecoop("sql", "SELECT '=1+1' AS formula", "--data", str(make_data()), "--format", "json")
    assert json.loads(as_json.stdout) == [{"formula": "=1+1"}]
