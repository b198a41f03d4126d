"""The analyst sandbox: one read-only statement over the loaded tables, with a time limit, a row cap and a size cap."""

from __future__ import annotations

import atexit
import threading
import time
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from cinecoop.db import Database

DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_MAX_ROWS = 10_000
# The text a result may hold: 10,000 rows of ordinary columns are far below it, a column of huge strings is not.
DEFAULT_MAX_RESULT_BYTES = 64 * 1024 * 1024
# Sandbox statements allowed to run at once in this process (stopped ones still winding down included).
MAX_CONCURRENT = 4
# How long a refusal for the time limit waits for the stopped statement; a few long single function calls
# (building one huge list) only notice the interrupt when they finish, and the analyst need not wait for that.
STOP_WAIT_SECONDS = 0.5
FETCH_BATCH_ROWS = 500
ALLOWED = "the sandbox only runs one read-only SELECT, WITH, DESCRIBE, SUMMARIZE or SHOW statement"
_READ_ONLY = {duckdb.StatementType.SELECT}
_REFUSALS = {
    "COPY": f"Copying data to or from files is not allowed: {ALLOWED}.",
    "COPY_DATABASE": f"Copying databases is not allowed: {ALLOWED}.",
    "ATTACH": f"Attaching other databases is not allowed: {ALLOWED}.",
    "DETACH": f"Detaching databases is not allowed: {ALLOWED}.",
    "LOAD": f"Installing or loading extensions is not allowed: {ALLOWED}.",
    "EXTENSION": f"Installing or updating extensions is not allowed: {ALLOWED}.",
    "SET": f"Changing settings is not allowed: {ALLOWED}.",
    "VARIABLE_SET": f"Setting variables is not allowed: {ALLOWED}.",
    "PRAGMA": f"PRAGMA statements are not allowed: {ALLOWED}.",
    "CALL": "CALL statements are not allowed in the sandbox; write SELECT * FROM the function instead.",
    "CREATE": f"Creating tables, views or other objects is not allowed: {ALLOWED}.",
    "CREATE_FUNC": f"Creating functions or macros is not allowed: {ALLOWED}.",
    "DROP": f"Dropping tables or other objects is not allowed: {ALLOWED}.",
    "ALTER": f"Altering tables is not allowed: {ALLOWED}.",
    "INSERT": f"Inserting rows is not allowed: {ALLOWED}.",
    "UPDATE": f"Updating rows is not allowed: {ALLOWED}.",
    "DELETE": f"Deleting rows is not allowed: {ALLOWED}.",
    "MERGE_INTO": f"Merging rows into tables is not allowed: {ALLOWED}.",
    "EXPORT": f"Exporting the database is not allowed: {ALLOWED}.",
    "TRANSACTION": f"Transactions are not allowed: {ALLOWED}.",
    "PREPARE": f"Prepared statements are not allowed: {ALLOWED}.",
    "EXECUTE": f"Executing prepared statements is not allowed: {ALLOWED}.",
    "VACUUM": f"VACUUM and ANALYZE are not allowed: {ALLOWED}.",
    "ANALYZE": f"VACUUM and ANALYZE are not allowed: {ALLOWED}.",
    # EXPLAIN ANALYZE runs the statement it explains, whatever that statement is.
    "EXPLAIN": f"EXPLAIN is not allowed: {ALLOWED}.",
    # A PIVOT that must first look up its columns runs as several statements.
    "MULTI": "A PIVOT must list its values to run in the sandbox (PIVOT ... ON column IN ('a', 'b') USING ...).",
}
# At exit, how long to wait for stopped statements still winding down (DuckDB must not be torn down under them).
EXIT_WAIT_SECONDS = 60.0
_slots = threading.BoundedSemaphore(MAX_CONCURRENT)
_workers: set[threading.Thread] = set()


class SandboxError(Exception):
    """A refusal or a failed query, said in one plain sentence; `detail` keeps DuckDB's full words when it has any."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class SandboxResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool
    seconds: float

    def frame(self) -> pd.DataFrame:
        """The rows as a frame; repeated column names get a suffix (a, a_1), as DuckDB's own frames do."""
        return pd.DataFrame.from_records(self.rows, columns=unique_names(self.columns), coerce_float=False)


def unique_names(columns: list[str]) -> list[str]:
    seen: set[str] = set()
    names = []
    for column in columns:
        name, suffix = column, 0
        while name in seen:
            suffix += 1
            name = f"{column}_{suffix}"
        seen.add(name)
        names.append(name)
    return names


def check_statement(cursor: duckdb.DuckDBPyConnection, sql: str) -> duckdb.Statement:
    """The one read-only statement of sql, or a refusal."""
    if not sql.strip():
        raise SandboxError("There is no SQL to run.")
    try:
        statements = cursor.extract_statements(sql)
    except duckdb.Error as error:
        raise SandboxError(f"The SQL could not be parsed: {_first_line(error)}", str(error).strip()) from error
    if not statements:
        raise SandboxError("There is no SQL statement to run, only comments.")
    if len(statements) != 1:
        raise SandboxError(f"Only one statement at a time may run in the sandbox, and this text holds {len(statements)}.")
    statement = statements[0]
    try:
        kind = statement.type
    except ValueError as error:  # a kind this DuckDB parses but its Python API cannot name (UPDATE EXTENSIONS)
        raise SandboxError(f"This kind of statement is not allowed: {ALLOWED}.") from error
    if kind not in _READ_ONLY:
        name = kind.name
        raise SandboxError(_REFUSALS.get(name, f"{name.replace('_', ' ').capitalize()} statements are not allowed: {ALLOWED}."))
    return statement


def run_sandboxed(
    database: Database,
    sql: str,
    timeout: float | None = None,
    max_rows: int | None = None,
    max_bytes: int | None = None,
) -> SandboxResult:
    """Run one read-only statement on a cursor of its own; refuse it after `timeout` seconds whether or not it has stopped."""
    timeout = DEFAULT_TIMEOUT_SECONDS if timeout is None else timeout
    max_rows = DEFAULT_MAX_ROWS if max_rows is None else max_rows
    max_bytes = DEFAULT_MAX_RESULT_BYTES if max_bytes is None else max_bytes
    if timeout <= 0 or max_rows < 1 or max_bytes < 1:
        raise SandboxError("The time limit, the row cap and the size cap must all be above zero.")
    cursor = database.new_cursor()
    try:
        statement = check_statement(cursor, sql)
    except BaseException:
        cursor.close()
        raise
    if not _slots.acquire(blocking=False):
        cursor.close()
        raise SandboxError(f"The sandbox is already running {MAX_CONCURRENT} queries, so try again when one has finished.")
    run = _Run(cursor, statement, max_rows, max_bytes)
    # A thread of its own, so the answer comes at the time limit even when DuckDB notices the interrupt late.
    worker = threading.Thread(target=run.work, name="cinecoop-sandbox", daemon=True)
    started = time.perf_counter()
    _workers.add(worker)
    worker.start()
    if not run.done.wait(timeout):
        run.stop()
        run.done.wait(STOP_WAIT_SECONDS)
        raise SandboxError(f"The query ran past the time limit of {timeout:g} s and was stopped.")
    seconds = time.perf_counter() - started
    if run.error is not None:
        raise run.error
    return SandboxResult(run.columns, run.rows[:max_rows], len(run.rows) > max_rows, seconds)


class _Run:
    """One statement running on its own cursor in a worker thread; the cursor is closed when it ends."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, statement: duckdb.Statement, max_rows: int, max_bytes: int):
        self.cursor = cursor
        self.statement = statement
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self.columns: list[str] = []
        self.rows: list[tuple[Any, ...]] = []
        self.error: SandboxError | None = None
        self.done = threading.Event()
        self._lock = threading.Lock()
        self._closed = False

    def work(self) -> None:
        try:
            # The statement object that was checked, not the text again: what runs is exactly what was allowed.
            relation = self.cursor.execute(self.statement)
            self.columns = [column[0] for column in relation.description or []]
            size = 0
            # One row past the cap says whether there were more.
            while len(self.rows) <= self.max_rows:
                batch = relation.fetchmany(min(FETCH_BATCH_ROWS, self.max_rows + 1 - len(self.rows)))
                if not batch:
                    break
                size += sum(_approximate_size(row) for row in batch)
                if size > self.max_bytes:
                    self.error = SandboxError(
                        f"The result is larger than {self.max_bytes / 1024 / 1024:g} MB, so select fewer or shorter columns, or fewer rows."
                    )
                    return
                self.rows.extend(batch)
        except duckdb.Error as error:
            self.error = SandboxError(_explain(error), str(error).strip())
        except Exception as error:  # a value Python cannot take (an exotic type): still one plain sentence, never a traceback
            self.error = SandboxError(f"The result could not be read: {_first_line(error)}")
        finally:
            with self._lock:
                self._closed = True
                self.cursor.close()
            _slots.release()
            _workers.discard(threading.current_thread())
            self.done.set()

    def stop(self) -> None:
        with self._lock:
            if not self._closed:
                self.cursor.interrupt()


@atexit.register
def _wait_for_stopped_statements() -> None:
    deadline = time.monotonic() + EXIT_WAIT_SECONDS
    for worker in list(_workers):
        worker.join(max(0.0, deadline - time.monotonic()))


def _approximate_size(value: Any) -> int:
    if isinstance(value, (str, bytes, bytearray)):
        return len(value)
    if isinstance(value, (list, tuple)):
        return 8 + sum(_approximate_size(item) for item in value)
    if isinstance(value, dict):
        return 8 + sum(_approximate_size(key) + _approximate_size(item) for key, item in value.items())
    return 8


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _explain(error: duckdb.Error) -> str:
    message = _first_line(error)
    if isinstance(error, duckdb.PermissionException) or "disabled by configuration" in message:
        return (
            "Reading files, reaching the network or loading extensions is not allowed in the sandbox, which only reads the loaded tables."
        )
    if isinstance(error, duckdb.OutOfMemoryException):
        return "The query needed more memory than the dashboard allows, so aggregate or filter earlier."
    if isinstance(error, duckdb.InterruptException):
        return "The query was stopped."
    return f"The query failed: {message}"


def describe_tables(database: Database) -> pd.DataFrame:
    """Every table and view an analyst can read, with its columns and their types, in order."""
    return (
        database.cursor()
        .execute(
            "SELECT c.table_name AS name, if(t.table_type = 'VIEW', 'view', 'table') AS kind, c.column_name AS column_name, c.data_type AS data_type "
            "FROM information_schema.columns AS c "
            "JOIN information_schema.tables AS t USING (table_catalog, table_schema, table_name) "
            "WHERE c.table_schema = 'main' ORDER BY c.table_name, c.ordinal_position"
        )
        .df()
    )


def describe_macros(database: Database) -> pd.DataFrame:
    """The macros the load defines (screenings_in_scope, exchange_direction, ...) and those of the views folder."""
    return (
        database.cursor()
        .execute(
            "SELECT function_name AS name, if(function_type = 'table_macro', 'table macro', 'macro') AS kind, "
            "array_to_string(parameters, ', ') AS parameters "
            "FROM duckdb_functions() WHERE NOT internal AND function_type IN ('macro', 'table_macro') ORDER BY function_name"
        )
        .df()
    )
