"""Tables in parts: screenings.csv and/or screenings/*.csv load as one table; ids unique across parts, problems name the
part and its line, rows read = loaded + rejected per part and per table, and the fingerprint, the freshness check and
the saved store all see the parts."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import AGREEMENTS_HEADER, ATTENDANCE_HEADER, MINI_AGREEMENTS, ROOT, SCREENINGS_HEADER, write_folder

from cinecoop import freshness, store
from cinecoop.db import Database, fingerprint
from cinecoop.loader import LoadReport, find_parts, load
from cinecoop.schema import SCREENINGS

AS_OF = dt.date(2026, 11, 26)


def row(screening_id: str, day: str = "2025-03-01", title: str = "Film A") -> str:
    return f"{screening_id},{day},Russian Film Days in Iran,,{title},RU,drama,IR,Tehran,Charsou,cinema,100,1"


def screenings(*rows: str) -> str:
    return SCREENINGS_HEADER + "\n" + "\n".join(rows) + "\n"


def attendance(*rows: str) -> str:
    return ATTENDANCE_HEADER + "\n" + "\n".join(rows) + "\n"


def load_folder(folder: Path) -> tuple[duckdb.DuckDBPyConnection, LoadReport]:
    con = duckdb.connect()
    return con, load(con, folder, as_of=AS_OF)


def counts(report: LoadReport) -> dict[str, tuple[str, int, int, int]]:
    return {file.file: (file.status, file.rows_read, file.rows_loaded, file.rows_rejected) for file in report.files}


def assert_balanced(report: LoadReport) -> None:
    for file in [*report.files, *report.tables]:
        assert file.rows_read == file.rows_loaded + file.rows_rejected, file


@pytest.fixture
def monthly(tmp_path: Path) -> Path:
    """Two monthly screening exports and their attendance, no screenings.csv: a folder of parts only."""
    return write_folder(
        tmp_path / "monthly",
        {
            "screenings/2025-01.csv": screenings(row("S1", "2025-01-10"), row("S2", "2025-01-11")),
            "screenings/2025-02.csv": screenings(row("S3", "2025-02-01"), row("S4", "2025-02-02")),
            "attendance/2025-01.csv": attendance("S1,paid,10,,", "S2,paid,20,,"),
            # Attendance of February names a January screening too: the parts are one table.
            "attendance/2025-02.csv": attendance("S3,paid,30,,", "S4,paid,40,,", "S1,invited,5,,"),
            "agreements.csv": MINI_AGREEMENTS,
        },
    )


def test_steward_loads_a_folder_of_monthly_parts_as_one_table_with_counts_per_part_and_per_table(monthly):
    con, report = load_folder(monthly)
    assert report.ok
    assert counts(report) == {
        "screenings/2025-01.csv": ("ok", 2, 2, 0),
        "screenings/2025-02.csv": ("ok", 2, 2, 0),
        "attendance/2025-01.csv": ("ok", 2, 2, 0),
        "attendance/2025-02.csv": ("ok", 3, 3, 0),
        "agreements.csv": ("ok", 1, 1, 0),
        "targets.csv": ("missing", 0, 0, 0),
        "films.csv": ("missing", 0, 0, 0),
        "releases.csv": ("missing", 0, 0, 0),
        "exchange_rates.csv": ("missing", 0, 0, 0),
    }
    totals = report.table("screenings")
    assert (totals.file, totals.status, totals.rows_read, totals.rows_loaded, totals.parts) == (
        "screenings/*.csv",
        "ok",
        4,
        4,
        ["screenings/2025-01.csv", "screenings/2025-02.csv"],
    )
    assert (totals.first_date, totals.last_date) == (dt.date(2025, 1, 10), dt.date(2025, 2, 2))
    assert report.file("screenings") is totals
    assert report.table("attendance").rows_loaded == 5
    # S1: 10 paid in January's file + 5 invited in February's = 15.
    assert con.execute("SELECT admissions FROM screening_facts WHERE screening_id = 'S1'").fetchall() == [(15,)]
    assert con.execute("SELECT source_file::VARCHAR, source_line FROM screenings WHERE screening_id = 'S3'").fetchall() == [
        ("screenings/2025-02.csv", 2)
    ]
    assert_balanced(report)


def test_an_id_repeated_in_a_later_part_is_rejected_naming_the_part_and_line_of_the_first(tmp_path):
    folder = write_folder(
        tmp_path / "data",
        {
            "screenings.csv": screenings(row("S1"), row("S2")),
            "screenings/2025-02.csv": screenings(row("S3"), row("S1", title="Film B"), row("S3")),
            "attendance.csv": attendance("S1,paid,1,,", "S2,paid,1,,", "S3,paid,1,,"),
            "agreements.csv": MINI_AGREEMENTS,
        },
    )
    con, report = load_folder(folder)
    errors = [(p.file, p.line, p.column, p.value, p.message) for p in report.problems if p.severity == "error"]
    assert errors == [
        ("screenings/2025-02.csv", 3, "screening_id", "S1", "screening_id S1 repeats the id first used in screenings.csv on line 2"),
        ("screenings/2025-02.csv", 4, "screening_id", "S3", "screening_id S3 repeats the id first used on line 2"),
    ]
    # The first row keeps the id.
    assert con.execute("SELECT film_title FROM screenings WHERE screening_id = 'S1'").fetchall() == [("Film A",)]
    assert counts(report)["screenings/2025-02.csv"] == ("errors", 3, 1, 2)
    assert counts(report)["screenings.csv"] == ("ok", 2, 2, 0)
    totals = report.table("screenings")
    assert (totals.file, totals.status, totals.rows_read, totals.rows_loaded, totals.rows_rejected) == (
        "screenings.csv + screenings/*.csv",
        "errors",
        5,
        3,
        2,
    )
    assert not report.ok
    assert_balanced(report)


def test_problems_name_the_part_and_its_physical_line_and_attendance_of_a_rejected_screening_names_its_part(monthly):
    write_folder(
        monthly,
        {
            "screenings/2025-02.csv": screenings(row("S3", "2025-02-01"), row("S4", "2025-02-31")),
            "attendance/2025-03.csv": attendance("S4,paid,1,,", "S9,paid,1,,"),
        },
    )
    _, report = load_folder(monthly)
    problems = [(p.file, p.line, p.column, p.message) for p in report.problems if p.severity == "error"]
    assert problems == [
        (
            "attendance/2025-02.csv",
            3,
            "screening_id",
            "screening_id S4 names a screening that was rejected (screenings/2025-02.csv line 3)",
        ),
        (
            "attendance/2025-03.csv",
            2,
            "screening_id",
            "screening_id S4 names a screening that was rejected (screenings/2025-02.csv line 3)",
        ),
        ("attendance/2025-03.csv", 3, "screening_id", "screening_id S9 names no screening in screenings.csv"),
        ("screenings/2025-02.csv", 3, "screening_date", "screening_date is not a real calendar date"),
    ]
    assert counts(report)["attendance/2025-03.csv"] == ("errors", 2, 0, 2)
    assert report.table("attendance").rows_rejected == 3
    assert_balanced(report)


def test_one_unusable_part_keeps_the_rows_of_the_others_and_is_reported_as_a_file_error(monthly):
    (monthly / "screenings" / "2025-03.csv").write_bytes(b"screening_id,screening_date\nS5,2025-03-01\n")
    con, report = load_folder(monthly)
    broken = report.file("screenings/2025-03.csv")
    assert (broken.status, broken.rows_read, broken.rows_rejected) == ("errors", 1, 1)
    assert broken.file_error.startswith("screenings/2025-03.csv has no column program")
    totals = report.table("screenings")
    # The table is still usable: its other files loaded.
    assert totals.usable and totals.status == "errors" and totals.rows_loaded == 4
    assert con.execute("SELECT count(*) FROM screenings").fetchall() == [(4,)]
    assert_balanced(report)


def test_hidden_and_lock_files_and_other_endings_are_not_parts(monthly):
    write_folder(
        monthly,
        {
            "screenings/.~lock.2025-02.csv#": "locked",
            "screenings/~$2025-02.csv": "lock",
            "screenings/.hidden.csv": "x",
            "screenings/notes.txt": "not a part",
            "screenings/2025-03.CSV": screenings(row("S5", "2025-03-01")),
        },
    )
    assert [name for name, _ in find_parts(monthly, SCREENINGS)] == [
        "screenings/2025-01.csv",
        "screenings/2025-02.csv",
        "screenings/2025-03.CSV",
    ]


def test_validate_json_lists_every_part_and_the_table_totals(monthly):
    result = subprocess.run(
        [sys.executable, "-m", "cinecoop", "validate", "--data", str(monthly), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CINECOOP_STORE": "off"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    contract_keys = {"file", "status", "rows_read", "rows_loaded", "rows_rejected", "warnings"}
    assert all(contract_keys <= set(entry) for entry in report["files"] + report["tables"])
    files = {entry["file"]: (entry["table"], entry["rows_read"]) for entry in report["files"]}
    assert files["screenings/2025-01.csv"] == ("screenings", 2)
    assert files["attendance/2025-02.csv"] == ("attendance", 3)
    tables = {entry["table"]: entry for entry in report["tables"]}
    assert (tables["screenings"]["rows_read"], tables["screenings"]["parts"]) == (4, ["screenings/2025-01.csv", "screenings/2025-02.csv"])
    assert tables["films"]["status"] == "missing"


def test_the_fingerprint_sees_a_part_added_changed_or_removed(monthly):
    first = fingerprint(monthly)
    part = monthly / "screenings" / "2025-03.csv"
    part.write_text(screenings(row("S5", "2025-03-01")), encoding="utf-8")
    added = fingerprint(monthly)
    assert added != first
    os.utime(part, ns=(part.stat().st_mtime_ns + 10**9,) * 2)
    assert fingerprint(monthly) != added
    part.unlink()
    assert fingerprint(monthly) == first


def facts(folder: Path) -> freshness.LoadFacts:
    con, report = load_folder(folder)
    return freshness.observe(report, con, folder, dt.datetime(2025, 6, 1, 12, 0))


def test_a_part_withdrawn_is_a_normal_load_but_a_table_whose_every_part_has_gone_is_held_back(monthly):
    before = facts(monthly)
    (monthly / "screenings" / "2025-02.csv").unlink()
    assert freshness.judge(before, facts(monthly)).accept
    (monthly / "screenings" / "2025-01.csv").unlink()
    verdict = freshness.judge(before, facts(monthly))
    assert [(holdback.kind, holdback.file) for holdback in verdict.holdbacks] == [("missing", "screenings.csv")]


def test_a_part_cut_short_is_held_back_naming_the_part(monthly):
    before = facts(monthly)
    part = monthly / "attendance" / "2025-02.csv"
    part.write_bytes(part.read_bytes() + b"S2,inv")
    [holdback] = freshness.judge(before, facts(monthly)).holdbacks
    assert (holdback.kind, holdback.file, holdback.line) == ("cut_short", "attendance/2025-02.csv", 5)


def test_the_saved_store_keeps_the_parts_and_the_table_totals(monthly, tmp_path, monkeypatch):
    monkeypatch.setenv(store.STORE_ENV, "on")
    built = Database(monthly, store_dir=tmp_path / "store")
    reused = Database(monthly, store_dir=tmp_path / "store")
    try:
        assert (built.store_status, reused.store_status) == ("built", "reused")
        assert reused.report.as_dict() == built.report.as_dict()
        assert reused.report.table("screenings").parts == ["screenings/2025-01.csv", "screenings/2025-02.csv"]
        assert reused.cursor().execute("SELECT count(*) FROM screenings").fetchall() == [(4,)]
    finally:
        built.close()
        reused.close()


def test_a_quoted_apostrophe_in_a_part_name_is_safe(tmp_path):
    folder = write_folder(
        tmp_path / "data",
        {
            "screenings/director's cut.csv": screenings(row("S1")),
            "attendance.csv": attendance("S1,paid,1,,"),
            "agreements.csv": AGREEMENTS_HEADER + "\n",
        },
    )
    con, report = load_folder(folder)
    assert report.ok
    assert con.execute("SELECT source_file::VARCHAR FROM screenings").fetchall() == [("screenings/director's cut.csv",)]
