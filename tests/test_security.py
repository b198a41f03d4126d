"""Issue 16, tried as a hostile or careless analyst would: memory and time bombs end in a worker process while the server
serves, and query files and view files go through the same lock as the sandbox."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import MINI_AGREEMENTS, MINI_ATTENDANCE, MINI_SCREENINGS, ROOT, open_page, write_folder
from streamlit.testing.v1 import AppTest

from benchmarks import proctree
from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database, QueryError
from cinecoop.filters import Filters
from cinecoop.sandbox import SandboxError, run_sandboxed

GB = 1_000_000_000
REPEAT_BOMB = "SELECT repeat('x', 5000000) AS s FROM range(10000)"
LIST_BOMB = "SELECT list_sum(range(400000000))"
UNNEST_BOMB = "SELECT count(*) FROM (SELECT unnest(range(300000000)))"
# One function call that DuckDB cannot interrupt: about 40 s of one core when left alone.
LEVENSHTEIN = "SELECT levenshtein(repeat('a', 200000), repeat('b', 200000)) AS distance"
MEMORY_REFUSAL = "The query went over the memory limit of 2 GB and was stopped, so aggregate or filter earlier."
TARGETS = """year,metric,program,target
2025,screenings,,10
2025,admissions,,200
"""
QUERY_HEADER = """-- title: Innocent looking
-- question: Does the catalogue run a file that changes the data?
-- grain: one row
-- parameters: none
-- columns:
--   x: one (count)
-- pages: analyst

"""


def clean_environment(**extra: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CINECOOP_")}
    return {**environment, **extra}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return write_folder(
        tmp_path / "data",
        {"screenings.csv": MINI_SCREENINGS, "attendance.csv": MINI_ATTENDANCE, "agreements.csv": MINI_AGREEMENTS, "targets.csv": TARGETS},
    )


@pytest.fixture
def queries_dir(tmp_path: Path) -> Path:
    """A copy of the shipped catalogue and views the test may add to."""
    folder = tmp_path / "queries"
    shutil.copytree(ROOT / "queries", folder)
    return folder


@pytest.fixture(params=["store off", "store on"])
def store_setting(request, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """Both ways a server runs: tables held in memory (writable), and the saved store attached read-only."""
    monkeypatch.setenv("CINECOOP_STORE_DIR", str(tmp_path / "store"))
    if request.param == "store off":
        monkeypatch.setenv("CINECOOP_STORE", "off")
    else:
        monkeypatch.delenv("CINECOOP_STORE", raising=False)
    return request.param


# -- measuring a process tree ------------------------------------------------------------------------
class TreeMemory:
    """The resident memory of a process and all its descendants, sampled every 10 ms; the tree is killed past `guard`
    (so a run that would take the machine down fails the test instead)."""

    def __init__(self, process: subprocess.Popen, guard: int):
        self.process, self.guard = process, guard
        self.peak = 0
        self.killed_at: int | None = None
        self.pids: set[int] = set()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while self.process.poll() is None:
            pids = proctree.tree(self.process.pid)
            self.pids.update(pids)
            total = sum(proctree.resident(pid) for pid in pids)
            self.peak = max(self.peak, total)
            if total > self.guard and self.killed_at is None:
                self.killed_at = total
                os.killpg(self.process.pid, signal.SIGKILL)
            time.sleep(0.01)

    def join(self) -> None:
        self._thread.join(timeout=30)


def cinecoop_sql(data_dir: Path, statement: str, *arguments: str, guard: int = 3 * GB) -> tuple[subprocess.CompletedProcess, TreeMemory]:
    process = subprocess.Popen(
        [sys.executable, "-m", "cinecoop", "sql", statement, "--data", str(data_dir), *arguments],
        cwd=ROOT,
        env=clean_environment(CINECOOP_STORE_DIR=str(data_dir.parent / "store")),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # one process group: the guard can end the whole tree
    )
    memory = TreeMemory(process, guard)
    try:
        stdout, stderr = process.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
    memory.join()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), memory


# -- finding 1: the memory limit holds for values built inside one function call --------------------
@pytest.mark.parametrize("statement", [REPEAT_BOMB, LIST_BOMB, UNNEST_BOMB], ids=["repeat", "list_sum", "unnest"])
def test_a_memory_bomb_on_the_command_line_ends_with_a_clear_message_and_the_process_tree_stays_under_3_gb(data_dir, statement):
    done, memory = cinecoop_sql(data_dir, statement, guard=3 * GB)
    assert memory.killed_at is None, f"the process tree reached {memory.killed_at / GB:.2f} GB and was killed by the test"
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert done.stderr.strip() == f"refused: {MEMORY_REFUSAL}"
    assert memory.peak < 3 * GB
    # The worker ran in a process of its own, and none is left behind.
    assert len(memory.pids) >= 2
    assert not [pid for pid in memory.pids if Path(f"/proc/{pid}").exists() and proctree.resident(pid)]


# -- finding 2: stopped is stopped -----------------------------------------------------------------------
def test_four_uninterruptible_statements_on_the_command_line_are_killed_at_the_limit_and_the_commands_end(data_dir):
    # Built once, so the four commands only read the saved store.
    cinecoop_sql(data_dir, "SELECT 1")
    started = time.monotonic()
    with ThreadPoolExecutor(4) as threads:
        runs = list(threads.map(lambda _: cinecoop_sql(data_dir, LEVENSHTEIN, "--timeout", "2"), range(4)))
    elapsed = time.monotonic() - started
    for done, _ in runs:
        assert done.returncode == 1
        assert done.stderr.strip() == "refused: The query ran past the time limit of 2 s and was stopped."
    # Left alone, each statement runs about 40 s of a core; killed, each command ends soon after its limit (the bound is
    # generous for a loaded machine, and far below the time the four statements would take).
    assert elapsed < 30, f"the four commands took {elapsed:.0f} s"


@pytest.fixture
def database(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CINECOOP_STORE_DIR", str(tmp_path / "store"))
    loaded = Database(data_dir, ROOT / "queries" / "views")
    yield loaded
    loaded.close()


def test_four_analysts_uninterruptible_statements_are_killed_at_the_limit_and_free_their_places_at_once(database):
    from cinecoop import worker

    pool = worker.pool_for(database.worker_source())
    started = time.monotonic()
    with ThreadPoolExecutor(4) as threads:
        futures = [threads.submit(run_sandboxed, database, LEVENSHTEIN, timeout=5, owner=f"analyst {n}") for n in range(4)]
        deadline = time.monotonic() + 60
        while len(pool.running_pids()) < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        running = pool.running_pids()
        assert len(running) == 4
        for future in futures:
            with pytest.raises(SandboxError) as raised:
                future.result(timeout=60)
            assert str(raised.value) == "The query ran past the time limit of 5 s and was stopped."
    # Each place is free again, and each worker that ran a statement is gone (killed, not left computing).
    assert pool.running() == 0
    assert run_sandboxed(database, "SELECT 42 AS answer", owner="analyst 5").rows == [(42,)]
    assert not [pid for pid in running if Path(f"/proc/{pid}").exists()]
    assert time.monotonic() - started < 30


def test_while_four_analysts_run_memory_bombs_a_leadership_page_renders_and_another_analyst_runs_a_small_query(
    data_dir, tmp_path, monkeypatch, clean_streamlit_caches
):
    monkeypatch.setenv("CINECOOP_STORE_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("CINECOOP_DATA_DIR", str(data_dir))
    # A smaller limit than the default keeps four bombs at once kind to a shared test machine; the mechanism is the same.
    analysts = Database(data_dir, ROOT / "queries" / "views", memory_limit="768MB")
    stop = threading.Event()
    answers: list[str] = []

    def bombard(name: str) -> None:
        while not stop.is_set():
            try:
                run_sandboxed(analysts, REPEAT_BOMB, owner=name, timeout=60)
            except SandboxError as error:
                answers.append(str(error))

    from cinecoop import worker

    pool = worker.pool_for(analysts.worker_source())
    threads = [threading.Thread(target=bombard, args=(f"analyst {n}",), daemon=True) for n in range(4)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while pool.running() < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert pool.running() == 4
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.query_params["start"] = "2025-03-01"
        at.query_params["end"] = "2025-03-31"
        at.run()
        assert not at.exception
        # Mini data: two screenings in March 2025 (1 + 2 sessions), 50 + 80 admissions; targets 10 screenings, 200 admissions.
        progress = {element.proto.text: element.proto.value for element in at.get("progress")}
        assert progress == {"30% of the 2025 target of 10 (all programmes)": 30, "65% of the 2025 target of 200 (all programmes)": 65}
        assert run_sandboxed(analysts, "SELECT 42 AS answer", owner="analyst 5").rows == [(42,)]
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        analysts.close()
    assert answers
    assert set(answers) == {"The query went over the memory limit of 768 MB and was stopped, so aggregate or filter earlier."}


# -- finding 3: query files go through the sandbox's lock --------------------------------------------
def exchange_rows(database: Database, queries_dir: Path) -> list[tuple]:
    frame = database.run(load_catalogue(queries_dir)["exchange_by_year_and_direction"], Filters()).frame
    return [(int(row.year), row.direction, int(row.admissions)) for row in frame.itertuples()]


def targets_count(database: Database) -> int:
    return database.cursor().execute("SELECT count(*) FROM targets").fetchall()[0][0]


ATTACKS = {
    "drop_targets": "DROP TABLE IF EXISTS targets; SELECT 1 AS x\n",
    "replace_macro": ("CREATE OR REPLACE MACRO exchange_direction(film_countries, host_country, country_a, country_b) AS 'nowhere'\n"),
    "temp_macro": "CREATE TEMP MACRO exchange_direction(film_countries, host_country, country_a, country_b) AS 'nowhere'\n",
    "set_setting": "SET enable_external_access = true\n",
    "copy_out": "COPY (SELECT 1 AS x) TO '/tmp/cinecoop-query-file-leak.csv'\n",
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_query_file_that_would_change_the_database_is_refused_and_every_reader_keeps_the_data(
    data_dir, queries_dir, store_setting, attack
):
    Path("/tmp/cinecoop-query-file-leak.csv").unlink(missing_ok=True)
    (queries_dir / f"zz_{attack}.sql").write_text(QUERY_HEADER + ATTACKS[attack], encoding="utf-8")
    database = Database(data_dir, queries_dir / "views")
    try:
        # Mini data: Film B (IR) drew 80 people in Moscow (IR→RU), Film A (RU) 50 in Tehran (RU→IR).
        assert exchange_rows(database, queries_dir) == [(2025, "IR→RU", 80), (2025, "RU→IR", 50)]
        query = load_catalogue(queries_dir)[f"zz_{attack}"]
        assert query.problems, "the file's statement rules were not checked"
        with pytest.raises(QueryError):
            database.run(query, Filters())
        assert targets_count(database) == 2
        assert exchange_rows(database, queries_dir) == [(2025, "IR→RU", 80), (2025, "RU→IR", 50)]
        assert database.cursor().execute("SELECT current_setting('enable_external_access')").fetchall() == [(False,)]
    finally:
        database.close()
    assert not Path("/tmp/cinecoop-query-file-leak.csv").exists()


def test_a_query_file_refusal_says_which_line_and_why(data_dir, queries_dir):
    query_text = QUERY_HEADER + "SELECT 1 AS x;\nDROP TABLE IF EXISTS targets\n"
    (queries_dir / "zz_two.sql").write_text(query_text, encoding="utf-8")
    query = load_catalogue(queries_dir)["zz_two"]
    drop_line = query_text.splitlines().index("DROP TABLE IF EXISTS targets") + 1
    assert query.problems == (f"line {drop_line}: A query file holds one statement, and this one holds 2.",)
    (queries_dir / "zz_two.sql").write_text(QUERY_HEADER + "\n\nDROP TABLE targets\n", encoding="utf-8")
    assert load_catalogue(queries_dir)["zz_two"].problems == (
        "line 11: Dropping tables or other objects is not allowed: a query file holds one read-only SELECT or WITH statement.",
    )


def test_an_analyst_opening_a_dropping_query_in_the_workbench_leaves_the_overview_targets_for_everyone(
    data_dir, queries_dir, app_env, monkeypatch
):
    monkeypatch.setenv("CINECOOP_STORE", "off")
    monkeypatch.setenv("CINECOOP_QUERIES_DIR", str(queries_dir))
    monkeypatch.delenv("CINECOOP_ANALYST_PAGES", raising=False)
    app_env(data_dir)
    (queries_dir / "zz_drop_targets.sql").write_text(QUERY_HEADER + ATTACKS["drop_targets"], encoding="utf-8")
    workbench = open_page(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60), "workbench").run()
    workbench.selectbox(key="wb_query").set_value("zz_drop_targets").run()
    assert not workbench.exception
    shown = [re.sub(r"\\(.)", r"\1", element.value) for element in workbench.error]
    assert any("A query file holds one statement, and this one holds 2." in text for text in shown), shown
    overview = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    overview.query_params["start"] = "2025-03-01"
    overview.query_params["end"] = "2025-03-31"
    overview.run()
    assert not overview.exception
    progress = {element.proto.text: element.proto.value for element in overview.get("progress")}
    assert progress == {"30% of the 2025 target of 10 (all programmes)": 30, "65% of the 2025 target of 200 (all programmes)": 65}


TRIPLE_CROSS_JOIN = "SELECT count(*) AS x FROM range(2000) AS a, range(2000) AS b, range(2000) AS c WHERE a.range + b.range + c.range = 7\n"


def test_a_query_file_past_the_time_limit_is_stopped(data_dir, queries_dir, monkeypatch):
    monkeypatch.setenv("CINECOOP_TIME_LIMIT", "1")
    (queries_dir / "zz_cross_join.sql").write_text(QUERY_HEADER + TRIPLE_CROSS_JOIN, encoding="utf-8")
    database = Database(data_dir, queries_dir / "views")
    try:
        query = load_catalogue(queries_dir)["zz_cross_join"]
        assert query.problems == ()
        started = time.monotonic()
        with pytest.raises(QueryError) as raised:
            database.run(query, Filters())
        assert str(raised.value).endswith("zz_cross_join.sql: The query ran past the time limit of 1 s and was stopped.")
        assert time.monotonic() - started < 15
        # The cursor is free for the next statement.
        assert database.run(load_catalogue(queries_dir)["kpi_summary"], Filters()).frame["screenings"].tolist() == [3]
    finally:
        database.close()


# -- finding 4: view files are created after the lockdown, under the same rules ------------------------
LEAK = Path("/tmp/cinecoop-view-file-leak.csv")
VIEW_ATTACKS = {
    "a_copy.sql": (f"COPY (SELECT 42 AS answer) TO '{LEAK}'\n", "Copying data to or from files is not allowed"),
    "b_passwd.sql": (
        "CREATE OR REPLACE VIEW passwd AS\nSELECT * FROM read_csv('/etc/passwd', header = false)\n",
        'Permission Error: Cannot access file "/etc/passwd"',
    ),
    "c_table.sql": ("CREATE TABLE passwd_copy AS SELECT * FROM read_text('/etc/passwd')\n", "Creating a table is not allowed"),
    "d_macro.sql": (
        "CREATE OR REPLACE MACRO exchange_direction(film_countries, host_country, country_a, country_b) AS 'nowhere'\n",
        "It would replace the macro exchange_direction, which the load makes, so give the new one another name.",
    ),
    "e_sum.sql": ("CREATE MACRO sum(x) AS 0\n", "The macro sum would hide DuckDB's own function sum in every query"),
    "f_set.sql": ("SET enable_external_access = true\n", "Changing settings is not allowed"),
    "g_attach.sql": ("ATTACH '/tmp/cinecoop-view-attach.duckdb' AS other\n", "Attaching other databases is not allowed"),
}


def test_view_files_that_reach_files_or_change_the_loaded_objects_are_refused_and_named_with_their_line(
    data_dir, queries_dir, store_setting
):
    LEAK.unlink(missing_ok=True)
    Path("/tmp/cinecoop-view-attach.duckdb").unlink(missing_ok=True)
    for name, (sql, _) in VIEW_ATTACKS.items():
        (queries_dir / "views" / name).write_text("-- title: A view\n\n" + sql, encoding="utf-8")
    database = Database(data_dir, queries_dir / "views")
    try:
        for name, (_, reason) in VIEW_ATTACKS.items():
            assert reason in database.view_errors.get(name, ""), (name, database.view_errors)
            assert database.view_errors[name].endswith("(line 3)") or name == "b_passwd.sql", database.view_errors[name]
        assert database.view_errors["b_passwd.sql"].endswith("(line 4)")
        # The shipped view still loads, and nothing of the attempts is left.
        assert "film_admissions.sql" not in database.view_errors
        names = {row[0] for row in database.cursor().execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert "film_admissions" in names
        assert not {"passwd", "passwd_copy"} & names
        assert exchange_rows(database, queries_dir) == [(2025, "IR→RU", 80), (2025, "RU→IR", 50)]
        assert database.cursor().execute("SELECT sum(x) FROM (VALUES (2), (3)) AS t(x)").fetchall() == [(5,)]
    finally:
        database.close()
    assert not LEAK.exists()
    assert not Path("/tmp/cinecoop-view-attach.duckdb").exists()


def test_check_names_each_file_that_breaks_the_rules_with_its_line_and_why(data_dir, queries_dir):
    (queries_dir / "views" / "a_copy.sql").write_text("-- title: A view\n\n" + VIEW_ATTACKS["a_copy.sql"][0], encoding="utf-8")
    (queries_dir / "zz_drop_targets.sql").write_text(QUERY_HEADER + ATTACKS["drop_targets"], encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cinecoop", "check", "--data", str(data_dir), "--queries", str(queries_dir)],
        cwd=ROOT,
        env=clean_environment(CINECOOP_STORE_DIR=str(data_dir.parent / "store")),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    failing = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert failing == [
        "FAIL view a_copy.sql: Copying data to or from files is not allowed: a view file holds only CREATE [OR REPLACE] VIEW "
        "and CREATE [OR REPLACE] MACRO statements. (line 3)",
        f"FAIL zz_drop_targets: {queries_dir / 'zz_drop_targets.sql'}: line 9: A query file holds one statement, and this one holds 2.",
    ]
    assert not LEAK.exists()
