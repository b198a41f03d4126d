"""The one module that owns DuckDB: a database per data fingerprint, a cursor per thread, named queries."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from cinecoop import loader, paths
from cinecoop.catalogue import Query, bind_parameters
from cinecoop.filters import Filters
from cinecoop.schema import EXPORT_FILES

# Settings that make the loaded database read-only for everything that runs after the load.
LOCKDOWN = (
    "SET enable_external_access = false",
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET allow_community_extensions = false",
    "SET python_enable_replacements = false",
    "SET lock_configuration = true",
)


class QueryError(Exception):
    """A named query could not run; the message names the file and carries DuckDB's words."""

    def __init__(self, query_name: str, path: Path | None, message: str, line: int | None = None):
        where = f"{path}" + (f":{line}" if line else "") if path else query_name
        super().__init__(f"{where}: {message}")
        self.query_name = query_name
        self.path = path
        self.message = message
        self.line = line


@dataclass(frozen=True)
class QueryResult:
    """A query's rows as a frame, with what ran and how long it took."""

    frame: pd.DataFrame
    sql: str
    parameters: dict[str, Any]
    seconds: float


def fingerprint(data_dir: Path, views_dir: Path | None = None) -> str:
    """A hash of the names, sizes and modification times of every input the database is built from."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode())
    candidates = [loader.find_file(data_dir, spec.file) for spec in EXPORT_FILES]
    reference = paths.reference_dir(data_dir)
    candidates += [reference / "countries.csv", reference / "cities.csv"]
    if views_dir is not None and views_dir.is_dir():
        candidates += sorted(views_dir.glob("*.sql"))
    for path in candidates:
        if path is None or not path.exists():
            digest.update(b"-")
            continue
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


class Database:
    """One loaded data folder in an in-process DuckDB, locked read-only after the load."""

    def __init__(self, data_dir: Path, views_dir: Path | None = None, memory_limit: str | None = None):
        self.data_dir = data_dir
        self.fingerprint = fingerprint(data_dir, views_dir)
        self._connection = duckdb.connect(":memory:")
        self.report = loader.load(self._connection, data_dir)
        self.view_errors = _create_views(self._connection, views_dir)
        if memory_limit:
            self._connection.execute(f"SET memory_limit = '{memory_limit}'")
        for statement in LOCKDOWN:
            self._connection.execute(statement)
        self._local = threading.local()
        self.loaded_at = dt.datetime.now()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's own cursor: a DuckDB connection is not shared across threads."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._connection.cursor()
            self._local.cursor = cursor
        return cursor

    def new_cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own, for work that may be interrupted (the sandbox)."""
        return self._connection.cursor()

    def interrupt(self) -> None:
        cursor = getattr(self._local, "cursor", None)
        if cursor is not None:
            cursor.interrupt()

    def run_sql(self, sql: str, parameters: dict[str, Any] | None = None) -> pd.DataFrame:
        return self.cursor().execute(sql, parameters or {}).df()

    def run(self, query: Query, filters: Filters | None = None) -> QueryResult:
        """Run a named query with the filters bound as the parameters it uses."""
        parameters = bind_parameters(query, filters or Filters())
        started = time.perf_counter()
        try:
            frame = self.cursor().execute(query.sql, parameters).df()
        except duckdb.Error as error:
            raise QueryError(query.name, query.path, _first_line(str(error)), _error_line(str(error))) from error
        return QueryResult(frame, query.sql, parameters, time.perf_counter() - started)

    def tables(self) -> list[str]:
        rows = (
            self.cursor()
            .execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name")
            .fetchall()
        )
        return [row[0] for row in rows]

    def close(self) -> None:
        self._connection.close()


def _create_views(con: duckdb.DuckDBPyConnection, views_dir: Path | None) -> dict[str, str]:
    """Create the analysts' reusable views (queries/views/*.sql) in name order; return errors by file."""
    errors: dict[str, str] = {}
    if views_dir is None or not views_dir.is_dir():
        return errors
    for path in sorted(views_dir.glob("*.sql")):
        try:
            con.execute(path.read_text(encoding="utf-8"))
        except (duckdb.Error, UnicodeDecodeError) as error:
            errors[path.name] = _first_line(str(error))
    return errors


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else message


def _error_line(message: str) -> int | None:
    """The file line of a DuckDB error that quotes 'LINE n:' (the whole file is the statement)."""
    for text in message.splitlines():
        if text.startswith("LINE ") and ":" in text:
            try:
                return int(text[5 : text.index(":")])
            except ValueError:
                return None
    return None


_databases: dict[str, Database] = {}
_lock = threading.Lock()


def open_database(data_dir: Path | None = None, queries_dir: Path | None = None) -> Database:
    """The database for the current state of data_dir, loaded once per fingerprint in this process."""
    data_dir = paths.data_dir(data_dir)
    views_dir = paths.queries_dir(queries_dir) / "views"
    key = f"{data_dir}|{fingerprint(data_dir, views_dir)}"
    with _lock:
        database = _databases.get(key)
        if database is None:
            for old_key in [k for k in _databases if k.startswith(f"{data_dir}|")]:
                _databases.pop(old_key)
            database = Database(data_dir, views_dir)
            _databases[key] = database
        return database
