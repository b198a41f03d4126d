"""The analyst sandbox: one read-only statement over the loaded tables, run in a worker process with a time limit, a
memory limit, a row cap and a size cap; the Workbench's runs of query files go the same way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from cinecoop import sqlcheck, worker
from cinecoop.catalogue import GLOBAL_PARAMETERS, Query, used_parameters
from cinecoop.db import DEFAULT_TIME_LIMIT_SECONDS, Database, file_line, time_limit

DEFAULT_TIMEOUT_SECONDS = DEFAULT_TIME_LIMIT_SECONDS
DEFAULT_MAX_ROWS = 10_000
# The text a result may hold: 10,000 rows of ordinary columns are far below it, a column of huge strings is not.
DEFAULT_MAX_RESULT_BYTES = 64 * 1024 * 1024
ALLOWED = sqlcheck.SANDBOX_ALLOWED
# Who runs a statement from the command line: each command is a process with a pool of its own.
COMMAND_LINE = "command line"


class SandboxError(Exception):
    """A refusal or a failed query, said in one plain sentence; `detail` keeps DuckDB's full words when it has any."""

    def __init__(self, message: str, detail: str = "", line: int | None = None):
        super().__init__(message)
        self.detail = detail
        self.line = line


@dataclass(frozen=True)
class SandboxResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool
    seconds: float

    def frame(self) -> pd.DataFrame:
        """The rows as a frame; repeated column names get a suffix (a, a_1), as DuckDB's own frames do."""
        return pd.DataFrame.from_records(self.rows, columns=unique_names(self.columns), coerce_float=False)


@dataclass(frozen=True)
class QueryRun:
    """A query file's result from a worker, with the parameters bound and the time it took there."""

    frame: pd.DataFrame
    parameters: dict[str, Any]
    seconds: float


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


def check_statement(sql: str) -> sqlcheck.Checked:
    """The one read-only statement of sql, or a SandboxError saying why not."""
    try:
        return sqlcheck.read_only_statement(sql)
    except sqlcheck.RuleError as error:
        raise SandboxError(str(error), error.detail, error.line) from error


def bind(sql: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """The dashboard parameters the SQL uses, from `parameters` (DuckDB refuses unused ones); an unknown `$name` is refused."""
    used = used_parameters(sql)
    unknown = [name for name in used if name not in GLOBAL_PARAMETERS]
    if unknown:
        raise SandboxError(
            f"The SQL uses ${unknown[0]}, which the dashboard does not provide (it provides "
            + ", ".join(f"${name}" for name in GLOBAL_PARAMETERS)
            + ")."
        )
    return {name: parameters[name] for name in used}


def _limits(timeout: float | None, max_rows: int | None, max_bytes: int | None) -> tuple[float, int, int]:
    timeout = time_limit() if timeout is None else timeout
    max_rows = DEFAULT_MAX_ROWS if max_rows is None else max_rows
    max_bytes = DEFAULT_MAX_RESULT_BYTES if max_bytes is None else max_bytes
    if timeout <= 0 or max_rows < 1 or max_bytes < 1:
        raise SandboxError("The time limit, the row cap and the size cap must all be above zero.")
    return timeout, max_rows, max_bytes


def _ask(database: Database, owner: str, request: worker.Request, timeout: float) -> tuple:
    try:
        return worker.pool_for(database.worker_source()).run(owner, request, timeout)
    except worker.WorkerError as error:
        raise SandboxError(str(error), error.detail) from error


def run_sandboxed(
    database: Database,
    sql: str,
    timeout: float | None = None,
    max_rows: int | None = None,
    max_bytes: int | None = None,
    owner: str = COMMAND_LINE,
    parameters: dict[str, Any] | None = None,
) -> SandboxResult:
    """Run one read-only statement in a worker process of `owner` (one at a time each); stopped at `timeout` seconds.

    With `parameters` (the sidebar filters as the query files get them), the `$names` the SQL uses are bound."""
    timeout, max_rows, max_bytes = _limits(timeout, max_rows, max_bytes)
    check_statement(sql)  # a refusal needs no worker
    bound = bind(sql, parameters) if parameters is not None else None
    request = worker.Request(sql, bound, "rows", max_rows, max_bytes, sqlcheck.SANDBOX_ALLOWED, "in the sandbox")
    response = _ask(database, owner, request, timeout)
    if response[0] == "error":
        _, _, message, detail = response
        raise SandboxError(message, detail)
    _, columns, rows, truncated, seconds = response
    return SandboxResult(columns, rows, truncated, seconds)


def run_query(
    database: Database,
    query: Query,
    parameters: dict[str, Any],
    owner: str = COMMAND_LINE,
    timeout: float | None = None,
    max_bytes: int | None = None,
) -> QueryRun:
    """Run a query file in a worker process of `owner` with its parameters bound; errors name the file and the line."""
    if query.problems:
        raise SandboxError(f"{query.path.name}: " + "; ".join(query.problems))
    timeout, _, max_bytes = _limits(timeout, None, max_bytes)
    bound = {name: parameters[name] for name in query.used_parameters if name in parameters}
    request = worker.Request(query.body, bound, "frame", 1, max_bytes, sqlcheck.QUERY_ALLOWED, "in a query file")
    try:
        response = _ask(database, owner, request, timeout)
    except SandboxError as error:
        raise SandboxError(f"{query.path.name}: {error}", error.detail) from error
    if response[0] == "error":
        _, _, message, detail = response
        line = file_line(detail, query.body_line) if detail else None
        raise SandboxError(
            f"{query.path.name}: {message.removeprefix('The query failed: ')}" + (f" (line {line})" if line else ""), detail, line
        )
    _, frame, seconds = response
    return QueryRun(frame, bound, seconds)


def prepare(database: Database) -> None:
    """Start a worker in the background, so the page's first statement does not wait for one."""
    worker.pool_for(database.worker_source()).top_up()


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
