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

from cinecoop import loader, paths, store
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
# The most memory DuckDB may use for this database once loaded; over it a query fails instead of slowing the server.
# Set after the load. Served from the store, the tables live in its file and DuckDB evicts their blocks as needed, so
# the limit bounds the queries (joins, sorts) and a cache of the file. Held in memory (no store), the tables cannot be
# evicted: when they alone exceed the default, the default is added on top of them (an explicit limit is kept).
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
    candidates: list[tuple[str, Path | None]] = []
    for spec in EXPORT_FILES:
        # Every file of the table (screenings.csv and screenings/*.csv): a part added, removed or changed is a new load.
        candidates += loader.find_parts(data_dir, spec) or [(spec.file, None)]
    reference = paths.reference_dir(data_dir)
    # Every reference table the loader may read (countries, cities, programme names...), so a saved store never outlives one.
    references = [reference / "countries.csv", *sorted(path for path in reference.glob("*.csv") if path.name != "countries.csv")]
    candidates += [(f"reference/{path.name}", path) for path in references]
    if views_dir is not None and views_dir.is_dir():
        candidates += [(f"views/{path.name}", path) for path in sorted(views_dir.glob("*.sql"))]
    for name, path in candidates:
        if path is None or not path.exists():
            digest.update(f"{name}:-".encode())
            continue
        stat = path.stat()
        digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


class Database:
    """One loaded data folder in an in-process DuckDB, locked read-only after the load."""

    def __init__(
        self,
        data_dir: Path,
        views_dir: Path | None = None,
        memory_limit: str | None = None,
        store_dir: Path | None = None,
        store_mode: str = "attach",
    ):
        self.data_dir = data_dir
        self.fingerprint = fingerprint(data_dir, views_dir)
        explicit_limit = memory_limit or os.environ.get(MEMORY_LIMIT_ENV)
        memory_limit = (explicit_limit or DEFAULT_MEMORY_LIMIT).strip()
        if not MEMORY_LIMIT_PATTERN.match(memory_limit):
            raise ValueError(f"{MEMORY_LIMIT_ENV}={memory_limit!r} is not a size such as 2GB or 512MB")
        self.timings: dict[str, float] = {}
        self.store_mode = store_mode
        self._connection = self._open(data_dir, views_dir, store_dir, store_mode)
        try:
            self.memory_limit = self._limit_memory(memory_limit, explicit=bool(explicit_limit))
            for statement in LOCKDOWN:
                self._connection.execute(statement)
        except BaseException:
            self._connection.close()
            raise
        self._local = threading.local()
        self.loaded_at = dt.datetime.now()

    def _open(self, data_dir: Path, views_dir: Path | None, store_dir: Path | None, store_mode: str) -> duckdb.DuckDBPyConnection:
        """The saved store of these files when there is a sound one, else a load from the CSV files, saved for next time."""
        self.store_path: Path | None = None
        as_of = dt.date.today()
        if not store.enabled():
            self.store_status = "off"
            return self._load(self._memory(), data_dir, views_dir, as_of)
        path = store.store_path(store.store_dir(store_dir), self.fingerprint)
        started = time.perf_counter()
        try:
            opened = store.open_store(path, self.fingerprint, as_of, data_dir, store_mode)
        except store.StoreError as error:
            reason = str(error)
        else:
            self.timings["store_open"] = time.perf_counter() - started
            self.report, self.view_errors = opened.report, opened.view_errors
            self.store_path, self.store_status = path, "reused"
            store.touch(path)
            return opened.connection
        connection = self._memory()
        try:
            builder = store.Builder(connection, path)
        except (OSError, duckdb.Error) as error:
            # A folder that cannot be written (read-only disk, full disk) costs the next start a load, nothing more.
            self.store_status = f"not saved: {_first_line(str(error))}"
            return self._load(connection, data_dir, views_dir, as_of)
        try:
            self._load(connection, data_dir, views_dir, as_of)
            started = time.perf_counter()
            builder.publish(self.fingerprint, self.report, self.view_errors, as_of)
            self.timings["store_save"] = time.perf_counter() - started
            started = time.perf_counter()
            opened = store.open_store(path, self.fingerprint, as_of, data_dir, store_mode)
            self.timings["store_open"] = time.perf_counter() - started
        except (OSError, duckdb.Error, store.StoreError) as error:
            builder.discard()
            connection.close()
            self.store_status = f"not saved: {_first_line(str(error))}"
            return self._load(self._memory(), data_dir, views_dir, as_of)
        except BaseException:
            builder.discard()
            connection.close()
            raise
        connection.close()
        self.store_path = path
        self.store_status = "built" if reason.startswith("there is no store") else f"rebuilt: {reason}"
        return opened.connection

    @staticmethod
    def _memory() -> duckdb.DuckDBPyConnection:
        connection = duckdb.connect(":memory:")
        # An in-memory database spills to .tmp in the working directory; with no temp directory the memory limit is a hard one.
        connection.execute("SET temp_directory = ''")
        return connection

    def _load(
        self, connection: duckdb.DuckDBPyConnection, data_dir: Path, views_dir: Path | None, as_of: dt.date
    ) -> duckdb.DuckDBPyConnection:
        """Load the CSV files into the connection's current database (memory, or a store being built)."""
        started = time.perf_counter()
        try:
            self.report = loader.load(connection, data_dir, as_of)
            self.view_errors = _create_views(connection, views_dir)
        except BaseException:
            connection.close()
            raise
        self.timings["load"] = time.perf_counter() - started
        return connection

    def _limit_memory(self, memory_limit: str, explicit: bool) -> str:
        try:
            self._connection.execute(f"SET memory_limit = '{memory_limit}'")
            return memory_limit
        except duckdb.Error as error:
            if explicit:
                raise ValueError(
                    f"the loaded data need more memory than {MEMORY_LIMIT_ENV}={memory_limit}: {_first_line(str(error))}"
                ) from error
        # Tables held in memory (no store) cannot be evicted: the default then leaves its size for queries on top of them.
        held = self._connection.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchall()[0][0] or 0
        raised = f"{int(held) + _bytes(memory_limit)}B"
        self._connection.execute(f"SET memory_limit = '{raised}'")
        return raised

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's own cursor: a DuckDB connection is not shared across threads."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self.new_cursor()
            self._local.cursor = cursor
        return cursor

    def new_cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own, for work that may be interrupted (the sandbox)."""
        cursor = self._connection.cursor()
        if self.store_path is not None and self.store_mode == "attach":
            # A cursor starts in the empty in-memory catalogue; the attached store is where the tables are.
            cursor.execute(f"USE {store.CATALOG}")
        return cursor

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


def _bytes(size: str) -> int:
    """The bytes of a size such as 2GB or 512 MiB (powers of ten for KB/MB/GB/TB, as DuckDB counts them)."""
    number, unit = re.match(r"^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$", size.strip()).groups()
    scale = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
    return int(float(number) * scale[unit.lower()])


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
