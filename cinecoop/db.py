"""The one module that owns DuckDB: a database per data fingerprint, a cursor per thread, named queries."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from cinecoop import loader, paths
from cinecoop.catalogue import Query, bind_parameters, split_header
from cinecoop.filters import Filters
from cinecoop.schema import EXPORT_FILES

# Settings that make the loaded database read-only for everything that runs after the load.
LOCKDOWN = (
    "SET enable_external_access = false",
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET allow_community_extensions = false",
    # GLOBAL: a plain SET binds only this connection, and every cursor() is a connection of its own that would
    # still read a pandas frame named in its caller's scope.
    "SET GLOBAL python_enable_replacements = false",
    "SET lock_configuration = true",
)
# The most memory DuckDB may use for this database (tables, joins, sorts); over it a query fails instead of slowing the server.
MEMORY_LIMIT_ENV = "CINECOOP_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "2GB"
MEMORY_LIMIT_PATTERN = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)


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
        # An in-memory database spills to .tmp in the working directory; with no temp directory the memory limit is a hard one.
        self._connection.execute("SET temp_directory = ''")
        self.report = loader.load(self._connection, data_dir)
        self.view_errors = _create_views(self._connection, views_dir)
        memory_limit = (memory_limit or os.environ.get(MEMORY_LIMIT_ENV) or DEFAULT_MEMORY_LIMIT).strip()
        if not MEMORY_LIMIT_PATTERN.match(memory_limit):
            raise ValueError(f"{MEMORY_LIMIT_ENV}={memory_limit!r} is not a size such as 2GB or 512MB")
        try:
            self._connection.execute(f"SET memory_limit = '{memory_limit}'")
        except duckdb.Error as error:
            self._connection.close()
            raise ValueError(
                f"the loaded data need more memory than {MEMORY_LIMIT_ENV}={memory_limit}: {_first_line(str(error))}"
            ) from error
        self.memory_limit = memory_limit
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
            frame = self.cursor().execute(query.body, parameters).df()
        except duckdb.Error as error:
            raise QueryError(query.name, query.path, _first_line(str(error)), file_line(str(error), query.body_line)) from error
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
            first_line, body = split_header(path.read_text(encoding="utf-8"))
            con.execute(body)
        except UnicodeDecodeError as error:
            errors[path.name] = f"cannot be read: {error}"
        except duckdb.Error as error:
            line = file_line(str(error), first_line)
            errors[path.name] = _first_line(str(error)) + (f" (line {line})" if line else "")
    return errors


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else message


def file_line(message: str, first_line: int = 1) -> int | None:
    """The file line of a DuckDB error about SQL that starts on first_line of its file (after the header comment)."""
    line = _error_line(message)
    return None if line is None else line + first_line - 1


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
