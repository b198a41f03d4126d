"""Measures defined once: the direction between the focus pair, occupancy and "overdue" live in core_views.sql as
macros that every query uses, and no query turns unknown admissions into 0."""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest
from conftest import MINI_AGREEMENTS, MINI_ATTENDANCE, MINI_SCREENINGS, ROOT, write_folder

from cinecoop import store
from cinecoop.loader import load

QUERY_FILES = sorted((ROOT / "queries").rglob("*.sql"))
OPEN_STATUS_LIST = re.compile(r"'proposed',\s*'negotiating',\s*'signed',\s*'in-progress',\s*'stalled'")
OCCUPANCY_BY_HAND = re.compile(r"FILTER\s*\(\s*WHERE\s+seats\s*>\s*0|/\s*nullif\(\s*sum\(\s*seats", re.IGNORECASE)
DIRECTION_BY_HAND = re.compile(r"exchange_direction\(", re.IGNORECASE)
ADMISSIONS_AS_ZERO = re.compile(
    r"coalesce\(\s*(sum\(\s*)?([\w.]*\.)?(admissions|hosted_admissions|admissions_a_to_b|admissions_b_to_a)\s*\)?\s*,\s*0\s*\)",
    re.IGNORECASE,
)


def sql_of(path) -> str:
    """The file without its comments, so a header may name what the SQL must not do."""
    return "\n".join(line.split("--", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("path", QUERY_FILES, ids=[path.name for path in QUERY_FILES])
def test_no_query_repeats_a_measure_defined_once_or_turns_unknown_admissions_into_zero(path):
    sql = sql_of(path)
    assert not OPEN_STATUS_LIST.search(sql), "use agreement_is_overdue(end_date, status, as_of)"
    assert not OCCUPANCY_BY_HAND.search(sql), "use occupancy(admissions, seats)"
    assert not DIRECTION_BY_HAND.search(sql), "use directed_screenings(...) or directed_releases(...)"
    assert not ADMISSIONS_AS_ZERO.search(sql), "unknown admissions must stay NULL"


def test_each_measure_is_defined_once_in_core_views_and_the_store_requires_it(tmp_path):
    core = (ROOT / "cinecoop" / "core_views.sql").read_text(encoding="utf-8")
    for macro in ("occupancy", "screenings_with_admissions", "directed_screenings", "agreement_is_overdue", "exchange_direction"):
        assert len(re.findall(rf"CREATE OR REPLACE MACRO {macro}\(", core)) == 1, macro
    assert len(OPEN_STATUS_LIST.findall(core)) == 1
    folder = write_folder(
        tmp_path, {"screenings.csv": MINI_SCREENINGS, "attendance.csv": MINI_ATTENDANCE, "agreements.csv": MINI_AGREEMENTS}
    )
    con = duckdb.connect()
    load(con, folder)
    macros = {row[0] for row in con.execute("SELECT function_name FROM duckdb_functions() WHERE NOT internal").fetchall()}
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert set(store.REQUIRED_MACROS) <= macros
    assert set(store.REQUIRED_TABLES) <= tables


def test_the_overdue_macro_is_the_one_the_loader_warns_with(tmp_path):
    agreements = (
        MINI_AGREEMENTS
        + "A2,Open,memorandum,,Org,IR,stalled,2024-01-01,,2025-01-01,,\n"
        + "A3,Closed,memorandum,,Org,IR,completed,2024-01-01,2024-02-01,2025-01-01,,\n"
    )
    folder = write_folder(tmp_path, {"screenings.csv": MINI_SCREENINGS, "attendance.csv": MINI_ATTENDANCE, "agreements.csv": agreements})
    con = duckdb.connect()
    report = load(con, folder, dt.date(2026, 1, 1))
    warned = [p.line for p in report.problems if p.column == "end_date"]
    flagged = con.execute(
        "SELECT source_line FROM agreements WHERE agreement_is_overdue(end_date, status, DATE '2026-01-01') ORDER BY source_line"
    ).fetchall()
    assert warned == [line for (line,) in flagged] == [3]
