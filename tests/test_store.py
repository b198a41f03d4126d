"""The persisted store: saved after a load, served on the next start with the same report, rebuilt when the files
change or the file in its place is not a sound store of them, and never writable from the analyst sandbox."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import AGREEMENTS_HEADER, MINI_AGREEMENTS, MINI_ATTENDANCE, MINI_SCREENINGS, ROOT, write_folder

from cinecoop import store
from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.filters import Filters
from cinecoop.sandbox import SandboxError, run_sandboxed

VIEWS = ROOT / "queries" / "views"
# The mini data: S1 50 admissions in Tehran, S2 80 in Moscow over 2 sessions, one agreement signed 2025-01-15.
MINI_KPI = {"screenings": 3, "admissions": 130, "films": 2, "agreements_signed": 1}


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """(a data folder of the mini data, an empty store folder)."""
    data = write_folder(
        tmp_path / "data", {"screenings.csv": MINI_SCREENINGS, "attendance.csv": MINI_ATTENDANCE, "agreements.csv": MINI_AGREEMENTS}
    )
    return data, tmp_path / "store"


def open_db(data: Path, store_dir: Path, **options) -> Database:
    return Database(data, VIEWS, store_dir=store_dir, **options)


def kpi(database: Database) -> dict[str, object]:
    row = database.run(load_catalogue()["kpi_summary"], Filters()).frame.iloc[0]
    return {key: int(row[key]) for key in MINI_KPI}


def contents(database: Database) -> dict[str, list[tuple]]:
    """Every row of every table and view an analyst can read, in a stable order."""
    cursor = database.cursor()
    names = [row[0] for row in cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()]
    return {name: sorted(map(repr, cursor.execute(f'SELECT * FROM "{name}"').fetchall())) for name in sorted(names)}


def store_file(database: Database) -> Path:
    assert database.store_path is not None
    return database.store_path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_operator_restart_serves_the_saved_store_with_the_same_report_and_tables(folders):
    data, store_dir = folders
    first = open_db(data, store_dir)
    try:
        assert first.store_status == "built"
        assert store_file(first) == store_dir / f"{first.fingerprint}.duckdb"
        assert "load" in first.timings
        first_contents, first_report, first_views = contents(first), first.report, first.view_errors
    finally:
        first.close()
    second = open_db(data, store_dir)
    try:
        assert second.store_status == "reused"
        assert "load" not in second.timings  # no CSV was read
        assert second.report.files == first_report.files
        assert second.report.problems == first_report.problems
        assert (second.report.loaded_at, second.report.seconds) == (first_report.loaded_at, first_report.seconds)
        assert second.view_errors == first_views
        assert contents(second) == first_contents
        assert kpi(second) == MINI_KPI
    finally:
        second.close()


def test_operator_restart_with_a_changed_file_loads_it_again(folders):
    data, store_dir = folders
    open_db(data, store_dir).close()
    (data / "attendance.csv").write_text(MINI_ATTENDANCE + "S2,student,20,,\n")
    changed = open_db(data, store_dir)
    try:
        # The store of the old files is the start: only the changed file is read again (tests/test_incremental.py).
        assert changed.store_status.startswith("updated from ")
        assert kpi(changed)["admissions"] == 150
    finally:
        changed.close()
    again = open_db(data, store_dir)
    try:
        assert again.store_status == "reused"
        assert kpi(again)["admissions"] == 150
    finally:
        again.close()


def _truncate(path: Path, other: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _foreign(path: Path, other: Path) -> None:
    path.write_text("screening_id,admissions\nS1,999999\n")


def _plain_duckdb(path: Path, other: Path) -> None:
    path.unlink()
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE screenings AS SELECT 'S1' AS screening_id, 999999 AS admissions")
    con.close()


def _set_info(path: Path, key: str, value: object) -> None:
    """Change one item of the store information, written into a new file as a save would."""
    _rewrite(path)
    con = duckdb.connect(str(path))
    comment = con.execute(f"SELECT comment FROM duckdb_tables() WHERE table_name = '{store.INFO_TABLE}'").fetchall()[0][0]
    info = json.loads(comment[len(store.MAGIC) :])
    info[key] = value
    text = (store.MAGIC + json.dumps(info)).replace("'", "''")
    con.execute(f"COMMENT ON TABLE {store.INFO_TABLE} IS '{text}'")
    con.close()
    _rewrite(path)


def _other_version(path: Path, other: Path) -> None:
    _set_info(path, "version", "0000000000000000")


def _other_files(path: Path, other: Path) -> None:
    # A sound store, but of another data folder, put in this one's place.
    path.write_bytes(other.read_bytes())


def _rewrite(path: Path, skip: str = "", empty: str = "") -> None:
    """The store written again into a new file, as a save would, without one table or with one emptied."""
    fresh = path.with_name("rewritten.duckdb")
    con = duckdb.connect()
    con.execute(f"ATTACH '{path}' AS old (READ_ONLY)")
    con.execute(f"ATTACH '{fresh}' AS new")
    tables = con.execute("SELECT table_name, comment FROM duckdb_tables() WHERE database_name = 'old' AND schema_name = 'main'").fetchall()
    for table, comment in tables:
        if table != skip:
            con.execute(f"CREATE TABLE new.main.{table} AS SELECT * FROM old.main.{table}" + (" LIMIT 0" if table == empty else ""))
            if comment:
                con.execute(f"COMMENT ON TABLE new.main.{table} IS '{comment.replace(chr(39), chr(39) * 2)}'")
    con.close()
    fresh.replace(path)


def _missing_table(path: Path, other: Path) -> None:
    _rewrite(path, skip="screening_facts")


def _emptied_table(path: Path, other: Path) -> None:
    _rewrite(path, empty="attendance")


def _changed_after_save(path: Path, other: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE screening_facts")
    con.close()


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        pytest.param(_truncate, "cut off", id="truncated"),
        pytest.param(_foreign, "not a DuckDB database", id="not-duckdb"),
        pytest.param(_plain_duckdb, "not a Cinecoop store", id="foreign-duckdb"),
        pytest.param(_other_version, "another version of the loader", id="wrong-version"),
        pytest.param(_other_files, "other data files", id="fingerprint-mismatch"),
        pytest.param(_missing_table, "lacks the table screening_facts", id="missing-table"),
        pytest.param(_emptied_table, "does not hold the rows", id="emptied-table"),
        pytest.param(_changed_after_save, "lacks the table screening_facts", id="changed-after-save"),
    ],
)
def test_a_damaged_or_foreign_store_is_rebuilt_from_the_csvs_and_never_served(folders, tmp_path, damage, reason):
    data, store_dir = folders
    other_data = write_folder(
        tmp_path / "other", {"screenings.csv": MINI_SCREENINGS, "attendance.csv": "screening_id,ticket_type,admissions\nS1,paid,7\n"}
    )
    other = open_db(other_data, tmp_path / "other-store")
    other_path = store_file(other)
    other.close()
    built = open_db(data, store_dir)
    path = store_file(built)
    built.close()
    damage(path, other_path)
    rebuilt = open_db(data, store_dir)
    try:
        assert rebuilt.store_status.startswith("rebuilt: ")
        assert reason in rebuilt.store_status
        assert "load" in rebuilt.timings
        assert kpi(rebuilt) == MINI_KPI
        assert rebuilt.report.file("attendance.csv").rows_loaded == 2
    finally:
        rebuilt.close()
    served = open_db(data, store_dir)
    try:
        assert served.store_status == "reused"
        assert kpi(served) == MINI_KPI
    finally:
        served.close()


def test_a_store_saved_on_an_earlier_day_serves_until_an_agreement_becomes_overdue(tmp_path):
    agreements = f"{AGREEMENTS_HEADER}\nA1,Memorandum,memorandum,,Org A;Org B,IR;RU,signed,2024-11-01,2025-01-15,2030-06-30,,\n"
    data = write_folder(
        tmp_path / "data", {"screenings.csv": MINI_SCREENINGS, "attendance.csv": MINI_ATTENDANCE, "agreements.csv": agreements}
    )
    built = open_db(data, tmp_path / "store")
    path, fingerprint = store_file(built), built.fingerprint
    built.close()
    later = store.open_store(path, fingerprint, dt.date(2030, 6, 30), data)  # the end date itself: not past yet
    later.connection.close()
    with pytest.raises(store.StoreError, match="become overdue"):
        store.open_store(path, fingerprint, dt.date(2030, 7, 1), data)


SANDBOX_WRITES = [
    "CREATE TABLE sneaky AS SELECT 1 AS x",
    "INSERT INTO load_problems SELECT * FROM load_problems",
    "UPDATE screenings SET admissions_note = 1",
    "DELETE FROM attendance",
    "DROP TABLE screenings",
    "COPY screenings TO '/tmp/cinecoop-store-leak.csv'",
    "ATTACH '/tmp/cinecoop-store-other.duckdb' AS other",
    "CHECKPOINT",
]


@pytest.mark.parametrize("mode", ["attach", "copy"])
def test_analyst_sandbox_cannot_change_the_store_or_read_other_files(folders, mode):
    data, store_dir = folders
    open_db(data, store_dir).close()
    database = open_db(data, store_dir, store_mode=mode)
    try:
        assert database.store_status == "reused"
        path = store_file(database)
        before = digest(path)
        for sql in [*SANDBOX_WRITES, "SELECT * FROM read_csv('/etc/hostname')"]:
            with pytest.raises(SandboxError):
                run_sandboxed(database, sql)
        # Even a statement that got past the sandbox's own checks could not write the file: it is attached read-only,
        # and file access is switched off.
        cursor = database.new_cursor()
        for sql in ("INSERT INTO load_problems SELECT * FROM load_problems", "COPY screenings TO '/tmp/cinecoop-store-leak.csv'"):
            if mode == "copy" and sql.startswith("INSERT"):
                continue  # the copy lives in memory: the file is not reachable from it at all
            with pytest.raises(duckdb.Error):
                cursor.execute(sql)
        cursor.close()
        assert run_sandboxed(database, "SELECT count(*) FROM screenings").rows == [(2,)]
    finally:
        database.close()
    assert digest(path) == before
    assert not Path("/tmp/cinecoop-store-leak.csv").exists()


def test_a_store_folder_that_cannot_be_written_still_serves_the_data(folders, tmp_path):
    data, _ = folders
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    database = open_db(data, blocker / "store")
    try:
        assert database.store_status.startswith("not saved: ")
        assert database.store_path is None
        assert kpi(database) == MINI_KPI
    finally:
        database.close()


def test_operator_can_switch_the_store_off(folders, monkeypatch):
    data, store_dir = folders
    monkeypatch.setenv(store.STORE_ENV, "off")
    database = open_db(data, store_dir)
    try:
        assert database.store_status == "off"
        assert kpi(database) == MINI_KPI
    finally:
        database.close()
    assert not store_dir.exists()


def test_a_save_leaves_no_temporary_file_and_a_dead_process_leftover_is_never_opened(folders):
    data, store_dir = folders
    store_dir.mkdir()
    leftover = store_dir / ".0123456789abcdef.4242.deadbeef.tmp"
    leftover.write_text("half a store")
    database = open_db(data, store_dir)
    try:
        assert database.store_status == "built"
    finally:
        database.close()
    names = sorted(path.name for path in store_dir.iterdir())
    # The store and its index (what it was built from, for a later update).
    assert names == sorted([leftover.name, f"{database.fingerprint}.duckdb", f"{database.fingerprint}.json"])
    store.prune(store_dir)  # a recent leftover may belong to a process still saving: kept
    assert leftover.exists()


def test_two_servers_starting_at_once_each_get_a_sound_store(folders):
    data, store_dir = folders
    script = (
        "import sys; from pathlib import Path; from cinecoop.db import Database; "
        f"d = Database(Path(sys.argv[1]), Path({str(VIEWS)!r}), store_dir=Path(sys.argv[2])); "
        "print(d.store_status, d.cursor().execute('SELECT sum(admissions) FROM screening_facts').fetchall()[0][0])"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", script, str(data), str(store_dir)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120)[0].split() for process in processes]
    assert all(process.returncode == 0 for process in processes)
    assert sorted(output[-1] for output in outputs) == ["130", "130"]
    assert not list(store_dir.glob("*.tmp"))
    after = open_db(data, store_dir)
    try:
        assert after.store_status == "reused"
        assert kpi(after) == MINI_KPI
    finally:
        after.close()
