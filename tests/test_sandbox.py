"""The analyst sandbox refuses all but one read-only statement, says why in one sentence, and leaves the loaded tables as they were."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pandas
import pytest
from conftest import MINI_AGREEMENTS, MINI_ATTENDANCE, MINI_SCREENINGS, ROOT, write_folder

from cinecoop import worker
from cinecoop.db import DEFAULT_MEMORY_LIMIT, MEMORY_LIMIT_ENV, Database
from cinecoop.sandbox import DEFAULT_MAX_ROWS, SandboxError, run_sandboxed
from cinecoop.worker import WORKERS_ENV

HEAVY_CROSS_JOIN = "SELECT count(*) FROM range(100000) AS a, range(100000) AS b WHERE a.range + b.range = 7"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_folder(
        tmp_path_factory.mktemp("sandbox") / "data",
        {"screenings.csv": MINI_SCREENINGS, "attendance.csv": MINI_ATTENDANCE, "agreements.csv": MINI_AGREEMENTS},
    )


@pytest.fixture(scope="module")
def database(data_dir: Path) -> Database:
    loaded = Database(data_dir, ROOT / "queries" / "views")
    yield loaded
    loaded.close()


def snapshot(database: Database) -> dict[str, object]:
    """Row count and an order-free checksum of every row of every table and view, the objects there are, and the locked settings."""
    cursor = database.new_cursor()
    try:
        names = [row[0] for row in cursor.execute("SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]
        state: dict[str, object] = {
            name: cursor.execute(f'SELECT count(*), sum(hash(t)::HUGEINT) FROM "{name}" AS t').fetchone() for name in names
        }
        state["objects"] = cursor.execute(
            "SELECT table_schema, table_name, table_type FROM information_schema.tables "
            "UNION ALL SELECT schema_name, function_name, function_type FROM duckdb_functions() WHERE NOT internal ORDER BY ALL"
        ).fetchall()
        state["databases"] = cursor.execute("SELECT database_name FROM duckdb_databases() ORDER BY 1").fetchall()
        state["settings"] = cursor.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN "
            "('enable_external_access', 'lock_configuration', 'python_enable_replacements', 'memory_limit', 'temp_directory', "
            "'autoload_known_extensions', 'autoinstall_known_extensions') ORDER BY name"
        ).fetchall()
        return state
    finally:
        cursor.close()


def one_sentence(message: str) -> bool:
    """One line, one sentence: a capital first, a full stop last, no sentence break in between (an ellipsis is not one)."""
    text = message.replace("...", "…")
    return "\n" not in text and text[:1].isupper() and text.endswith(".") and not re.search(r"[.!?]\s", text[:-1])


# Each attempt, and the words its refusal must hold.
REFUSED = [
    pytest.param(
        "SELECT * FROM read_csv('/etc/passwd')", "Reading files, reaching the network or loading extensions is not allowed", id="read_csv"
    ),
    pytest.param("SELECT * FROM read_text('/etc/hostname')", "Reading files, reaching the network", id="read_text"),
    pytest.param("SELECT * FROM glob('/etc/*')", "Reading files, reaching the network", id="glob"),
    pytest.param("SELECT * FROM read_json_auto('http://example.org/x.json')", "Reading files, reaching the network", id="http"),
    pytest.param("COPY screenings TO '/tmp/cinecoop-sandbox-leak.csv'", "Copying data to or from files is not allowed", id="copy_to"),
    pytest.param("COPY screenings FROM '/etc/passwd'", "Copying data to or from files is not allowed", id="copy_from"),
    pytest.param("ATTACH '/tmp/cinecoop-sandbox.duckdb' AS other", "Attaching other databases is not allowed", id="attach"),
    pytest.param("DETACH memory", "Detaching databases is not allowed", id="detach"),
    pytest.param("INSTALL httpfs", "Installing or loading extensions is not allowed", id="install"),
    pytest.param("LOAD httpfs", "Installing or loading extensions is not allowed", id="load"),
    pytest.param("UPDATE EXTENSIONS", "This kind of statement is not allowed", id="update_extensions"),
    pytest.param("SET enable_external_access = true", "Changing settings is not allowed", id="set"),
    pytest.param("RESET lock_configuration", "Changing settings is not allowed", id="reset"),
    pytest.param("SET VARIABLE secret = 1", "Changing settings is not allowed", id="set_variable"),
    pytest.param("PRAGMA enable_profiling", "PRAGMA statements are not allowed", id="pragma"),
    pytest.param(
        "CALL pragma_version()", "CALL statements are not allowed in the sandbox; write SELECT * FROM the function instead.", id="call"
    ),
    pytest.param("CREATE TABLE stolen AS SELECT * FROM screenings", "Creating tables, views or other objects is not allowed", id="create"),
    pytest.param("CREATE MACRO leak() AS 1", "Creating tables, views or other objects is not allowed", id="create_macro"),
    pytest.param("DROP TABLE screenings", "Dropping tables or other objects is not allowed", id="drop"),
    pytest.param("ALTER TABLE screenings ADD COLUMN hacked INTEGER", "Altering tables is not allowed", id="alter"),
    pytest.param("INSERT INTO attendance SELECT * FROM attendance", "Inserting rows is not allowed", id="insert"),
    pytest.param("UPDATE attendance SET admissions = 0", "Updating rows is not allowed", id="update"),
    pytest.param("DELETE FROM attendance", "Deleting rows is not allowed", id="delete"),
    pytest.param("EXPORT DATABASE '/tmp/cinecoop-sandbox-export'", "Exporting the database is not allowed", id="export"),
    pytest.param("BEGIN TRANSACTION", "Transactions are not allowed", id="transaction"),
    pytest.param("EXPLAIN ANALYZE SELECT 1", "EXPLAIN is not allowed", id="explain"),
    pytest.param(
        "PIVOT screenings ON format USING count(*)", "A PIVOT must list its values to run in the sandbox", id="pivot_without_values"
    ),
    pytest.param(
        "SELECT 1; DROP TABLE screenings",
        "Only one statement at a time may run in the sandbox, and this text holds 2.",
        id="two_statements",
    ),
    pytest.param("SELECT 1;\nSELECT 2;", "Only one statement at a time may run in the sandbox, and this text holds 2.", id="two_selects"),
    pytest.param("", "There is no SQL to run.", id="empty"),
    pytest.param("-- only a comment", "There is no SQL statement to run, only comments.", id="comment_only"),
]


@pytest.mark.parametrize(("sql", "expected"), REFUSED)
def test_analyst_attempt_is_refused_in_one_sentence_and_leaves_the_tables_as_they_were(database, sql, expected):
    before = snapshot(database)
    with pytest.raises(SandboxError) as raised:
        run_sandboxed(database, sql)
    message = str(raised.value)
    assert expected in message
    assert one_sentence(message), message
    assert snapshot(database) == before


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        pytest.param(
            "SELECT nope FROM screenings", 'The query failed: Binder Error: Referenced column "nope" not found', id="unknown_column"
        ),
        pytest.param(
            "SELECT * FROM query('DROP TABLE screenings')",
            "The query failed: Parser Error: Expected a single SELECT statement",
            id="query_fn",
        ),
        pytest.param(
            "SELECT * FROM '/etc/passwd'", "The query failed: Catalog Error: Table with name /etc/passwd does not exist", id="path_as_table"
        ),
        pytest.param("SELEC 1", 'The SQL could not be parsed: Parser Error: syntax error at or near "SELEC"', id="syntax"),
    ],
)
def test_analyst_sql_that_fails_says_so_on_one_line_and_keeps_duckdbs_words(database, sql, expected):
    before = snapshot(database)
    with pytest.raises(SandboxError) as raised:
        run_sandboxed(database, sql)
    assert str(raised.value).startswith(expected)
    assert "\n" not in str(raised.value)
    assert "LINE 1" in raised.value.detail
    assert snapshot(database) == before


def test_analyst_query_past_the_time_limit_is_stopped_with_a_plain_refusal(database):
    before = snapshot(database)
    with pytest.raises(SandboxError) as raised:
        run_sandboxed(database, HEAVY_CROSS_JOIN, timeout=1)
    assert str(raised.value) == "The query ran past the time limit of 1 s and was stopped."
    assert snapshot(database) == before
    # The sandbox is free again: the stopped statement gave its place back.
    assert run_sandboxed(database, "SELECT 42 AS answer").rows == [(42,)]


def test_analyst_result_over_the_row_cap_is_cut_and_flagged(database):
    capped = run_sandboxed(database, "SELECT range AS n FROM range(25) ORDER BY n", max_rows=10)
    assert capped.truncated
    assert capped.rows == [(n,) for n in range(10)]
    exact = run_sandboxed(database, "SELECT range AS n FROM range(10)", max_rows=10)
    assert not exact.truncated
    assert len(exact.rows) == 10
    default = run_sandboxed(database, f"SELECT range AS n FROM range({DEFAULT_MAX_ROWS + 5})")
    assert default.truncated
    assert len(default.rows) == DEFAULT_MAX_ROWS == 10_000


def test_analyst_result_of_huge_text_is_refused_by_size(database):
    before = snapshot(database)
    with pytest.raises(SandboxError) as raised:
        run_sandboxed(database, "SELECT repeat('x', 1000) AS padding FROM range(100)", max_bytes=10_000)
    assert str(raised.value) == "The result is larger than 0.00953674 MB, so select fewer or shorter columns, or fewer rows."
    assert one_sentence(str(raised.value))
    assert snapshot(database) == before


def test_a_pandas_frame_in_the_callers_scope_cannot_be_read(database):
    secret = pandas.DataFrame({"password": ["hunter2"]})
    with pytest.raises(SandboxError) as raised:
        run_sandboxed(database, "SELECT * FROM secret")
    assert str(raised.value).startswith("The query failed: Catalog Error: Table with name secret does not exist")
    # Straight on the database's cursors too, from the very frame that holds the frame: no cursor reads Python objects by name.
    for cursor in (database.cursor(), database.new_cursor()):
        with pytest.raises(duckdb.CatalogException):
            cursor.execute("SELECT * FROM secret")
    assert secret.shape == (1, 1)
    # Two locks hold this: external access is off, and name lookups of Python objects are off for every connection
    # (a plain SET would have turned them off for the loading connection only, not for the cursors).
    setting = "SELECT current_setting('python_enable_replacements'), current_setting('enable_external_access')"
    assert run_sandboxed(database, setting).rows == [(False, False)]


def test_analyst_reads_tables_views_and_macros_with_known_answers(database):
    # Mini data: Film A, 1 session, 50 admissions in Tehran; Film B, 2 sessions, 80 admissions in Moscow.
    result = run_sandboxed(
        database,
        "WITH by_city AS (SELECT city, sum(admissions) AS admissions FROM screening_facts GROUP BY city) "
        "SELECT city, admissions FROM by_city ORDER BY city",
    )
    assert result.columns == ["city", "admissions"]
    assert [(city, int(admissions)) for city, admissions in result.rows] == [("Moscow", 80), ("Tehran", 50)]
    assert not result.truncated
    assert run_sandboxed(database, "FROM film_admissions SELECT film_title, admissions ORDER BY film_title").rows == [
        ("Film A", 50),
        ("Film B", 80),
    ]
    scoped = run_sandboxed(database, "SELECT count(*) FROM screenings_in_scope(NULL, NULL, ['Caspian Film Program'], [], [])")
    assert scoped.rows == [(0,)]
    assert [row[0] for row in run_sandboxed(database, "DESCRIBE attendance").rows] == [
        "source_file",
        "source_line",
        "screening_id",
        "ticket_type",
        "admissions",
        "gross",
        "currency",
        "source",
    ]
    # source_file, source_line, the 13 columns of the first contract, film_id, source and film_countries.
    assert len(run_sandboxed(database, "SUMMARIZE screenings").rows) == 18
    assert ("film_admissions",) in run_sandboxed(database, "SHOW TABLES").rows
    pivot = run_sandboxed(database, "PIVOT screenings ON format IN ('cinema', 'tv') USING count(*) GROUP BY city ORDER BY city")
    assert pivot.columns == ["city", "cinema", "tv"]
    assert pivot.rows == [("Moscow", 1, 0), ("Tehran", 1, 0)]


def test_repeated_column_names_get_a_suffix_in_the_frame(database):
    frame = run_sandboxed(database, "SELECT 1 AS a, 2 AS a, 3 AS a_1").frame()
    assert list(frame.columns) == ["a", "a_1", "a_1_1"]
    assert frame.iloc[0].tolist() == [1, 2, 3]


def test_a_statement_needing_more_memory_than_the_limit_is_refused(data_dir):
    small = Database(data_dir, memory_limit="64MB")
    try:
        assert run_sandboxed(small, "SELECT current_setting('memory_limit')").rows == [("61.0 MiB",)]
        before = snapshot(small)
        with pytest.raises(SandboxError) as raised:
            run_sandboxed(
                small,
                "SELECT count(DISTINCT a.range::VARCHAR || '-' || b.range::VARCHAR) FROM range(4000) AS a, range(4000) AS b",
                timeout=60,
            )
        assert str(raised.value) == "The query went over the memory limit of 64 MB and was stopped, so aggregate or filter earlier."
        assert snapshot(small) == before
    finally:
        small.close()


def test_the_memory_limit_defaults_to_two_gigabytes_and_refuses_a_malformed_setting(data_dir, monkeypatch):
    assert DEFAULT_MEMORY_LIMIT == "2GB"
    monkeypatch.delenv(MEMORY_LIMIT_ENV, raising=False)
    default = Database(data_dir)
    try:
        # DuckDB counts GB in powers of ten and shows GiB.
        assert run_sandboxed(default, "SELECT current_setting('memory_limit')").rows == [("1.8 GiB",)]
    finally:
        default.close()
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "2GB'; SET enable_external_access = true; --")
    with pytest.raises(ValueError, match="is not a size such as 2GB or 512MB"):
        Database(data_dir)


def test_one_statement_at_a_time_per_analyst_and_a_bounded_number_in_all(data_dir, monkeypatch):
    monkeypatch.setenv(WORKERS_ENV, "2")
    # A memory limit of its own makes a worker source, and so a pool, of its own, sized by the setting above.
    database = Database(data_dir, memory_limit="256MB")
    try:
        pool = worker.pool_for(database.worker_source())
        assert pool.size == 2
        with ThreadPoolExecutor(2) as threads:
            slow = [threads.submit(run_sandboxed, database, HEAVY_CROSS_JOIN, timeout=4, owner=name) for name in ("ana", "boris")]
            deadline = time.monotonic() + 60
            while pool.running() < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert pool.running() == 2
            with pytest.raises(SandboxError) as same_analyst:
                run_sandboxed(database, "SELECT 1", owner="ana")
            assert (
                str(same_analyst.value) == "You already have a query running, so run this one when that one has finished or been stopped."
            )
            with pytest.raises(SandboxError) as third_analyst:
                run_sandboxed(database, "SELECT 1", owner="chen")
            assert str(third_analyst.value) == "The sandbox is already running 2 queries, so try again when one has finished."
            for future in slow:
                with pytest.raises(SandboxError, match="time limit of 4 s"):
                    future.result(timeout=120)
        # The stopped statements gave their places back at once.
        assert pool.running() == 0
        assert run_sandboxed(database, "SELECT 1 AS one", owner="chen").rows == [(1,)]
        assert run_sandboxed(database, "SELECT 2 AS two", owner="ana").rows == [(2,)]
    finally:
        database.close()


# -- the command line uses the same sandbox -----------------------------------------------------------
def cinecoop_sql(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CINECOOP_")}
    return subprocess.run(
        [sys.executable, "-m", "cinecoop", "sql", *arguments, "--data", str(data_dir)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_analyst_cli_refusal_exits_1_with_the_sentence_on_stderr(data_dir):
    done = cinecoop_sql(data_dir, "DROP TABLE screenings")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == (
        "refused: Dropping tables or other objects is not allowed: "
        "the sandbox only runs one read-only SELECT, WITH, DESCRIBE, SUMMARIZE or SHOW statement."
    )


def test_analyst_cli_good_query_exits_0_with_csv(data_dir):
    done = cinecoop_sql(data_dir, "SELECT program, sum(admissions) AS admissions FROM screening_facts GROUP BY program ORDER BY program")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "program,admissions\nIranian Film Week in Russia,80\nRussian Film Days in Iran,50\n"
    assert done.stderr == ""


def test_analyst_cli_cut_result_notes_it_on_stderr(data_dir):
    done = cinecoop_sql(data_dir, "SELECT range AS n FROM range(8)", "--max-rows", "3")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "n\n0\n1\n2\n"
    assert done.stderr.strip() == "note: the result was cut at 3 rows"


def test_analyst_cli_time_limit_exits_1(data_dir):
    done = cinecoop_sql(data_dir, HEAVY_CROSS_JOIN, "--timeout", "1")
    assert done.returncode == 1
    assert done.stderr.strip() == "refused: The query ran past the time limit of 1 s and was stopped."
