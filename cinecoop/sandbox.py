"""The analyst sandbox: one read-only statement over the loaded tables, with a time limit and a row cap."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import duckdb

from cinecoop.db import Database

DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_MAX_ROWS = 10_000
_READ_ONLY = {duckdb.StatementType.SELECT}
_REFUSALS = {
    "COPY": "Copying data to or from files is not allowed in the sandbox.",
    "ATTACH": "Attaching other databases is not allowed in the sandbox.",
    "DETACH": "Detaching databases is not allowed in the sandbox.",
    "LOAD": "Installing or loading extensions is not allowed in the sandbox.",
    "SET": "Changing settings is not allowed in the sandbox.",
    "VARIABLE_SET": "Changing settings or variables is not allowed in the sandbox.",
    "PRAGMA": "PRAGMA statements are not allowed in the sandbox.",
    "CALL": "CALL statements are not allowed in the sandbox; use SELECT * FROM the function instead.",
    "CREATE": "Creating tables, views or other objects is not allowed in the sandbox (it only reads).",
    "CREATE_FUNC": "Creating functions or macros is not allowed in the sandbox (it only reads).",
    "DROP": "Dropping tables or other objects is not allowed in the sandbox (it only reads).",
    "ALTER": "Altering tables is not allowed in the sandbox (it only reads).",
    "INSERT": "Inserting rows is not allowed in the sandbox (it only reads).",
    "UPDATE": "Updating rows is not allowed in the sandbox (it only reads).",
    "DELETE": "Deleting rows is not allowed in the sandbox (it only reads).",
    "EXPORT": "Exporting the database is not allowed in the sandbox.",
    "TRANSACTION": "Transactions are not allowed in the sandbox.",
}


class SandboxError(Exception):
    """A refusal or a failed query, said in one plain sentence."""


@dataclass(frozen=True)
class SandboxResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool
    seconds: float


def check_statement(cursor: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse anything but exactly one read-only statement."""
    if not sql.strip():
        raise SandboxError("There is no SQL to run.")
    try:
        statements = cursor.extract_statements(sql)
    except duckdb.Error as error:
        raise SandboxError(f"The SQL could not be parsed: {_first_line(error)}") from error
    if len(statements) != 1:
        raise SandboxError(f"Only one statement at a time is allowed; this text holds {len(statements)}.")
    kind = statements[0].type
    if kind not in _READ_ONLY:
        raise SandboxError(
            _REFUSALS.get(kind.name, f"{kind.name.replace('_', ' ').title()} statements are not allowed in the sandbox.")
            + " Only a read-only SELECT, WITH, DESCRIBE, SUMMARIZE or SHOW may run."
        )


def run_sandboxed(
    database: Database,
    sql: str,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> SandboxResult:
    """Run one read-only statement on a cursor of its own, interrupted after `timeout` seconds."""
    timeout = DEFAULT_TIMEOUT_SECONDS if timeout is None else timeout
    max_rows = DEFAULT_MAX_ROWS if max_rows is None else max_rows
    cursor = database.new_cursor()
    try:
        check_statement(cursor, sql)
        timed_out = threading.Event()

        def stop() -> None:
            timed_out.set()
            cursor.interrupt()

        timer = threading.Timer(timeout, stop)
        started = time.perf_counter()
        timer.start()
        try:
            relation = cursor.execute(sql)
            columns = [column[0] for column in relation.description or []]
            rows = relation.fetchmany(max_rows + 1)
        except duckdb.Error as error:
            if timed_out.is_set():
                raise SandboxError(f"The query ran past the time limit of {timeout:g} s and was stopped.") from error
            raise SandboxError(_explain(error)) from error
        finally:
            timer.cancel()
        truncated = len(rows) > max_rows
        return SandboxResult(columns, rows[:max_rows], truncated, time.perf_counter() - started)
    finally:
        cursor.close()


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _explain(error: duckdb.Error) -> str:
    message = _first_line(error)
    if isinstance(error, duckdb.PermissionException) or "disabled by configuration" in message:
        return "Reading files, reaching the network or loading extensions is not allowed in the sandbox."
    return f"The query failed: {message}"
