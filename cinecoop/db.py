"""The one module that owns DuckDB: a database per data fingerprint, a cursor per thread, named queries."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import functools
import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from cinecoop import freshness, loader, paths, sqlcheck, store
from cinecoop.catalogue import Query, bind_parameters, split_header
from cinecoop.filters import Filters
from cinecoop.schema import EXPORT_FILES
from cinecoop.view import Names

# Settings that shut files, the network, extensions and Python objects out of everything that runs after the load:
# the analysts' view files run after these, like every query.
RESTRICT = (
    "SET enable_external_access = false",
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET allow_community_extensions = false",
    # GLOBAL: a plain SET binds only this connection, and every cursor() is a connection of its own that would
    # still read a pandas frame named in its caller's scope.
    "SET GLOBAL python_enable_replacements = false",
)
# Then nothing may change a setting again (the memory limit is set in between).
LOCKDOWN = (*RESTRICT, "SET lock_configuration = true")
# How long one statement that is not ours may run: a page's query file, a view file being created, the sandbox.
TIME_LIMIT_ENV = "CINECOOP_TIME_LIMIT"
DEFAULT_TIME_LIMIT_SECONDS = 10.0
# How many threads one query gets once the data are loaded (query_threads()).
THREADS_ENV = "CINECOOP_THREADS"
DEFAULT_QUERY_THREADS = 1
# The most memory DuckDB may use for this database once loaded; over it a query fails instead of slowing the server.
# Set after the load. Served from the store, the tables live in its file and DuckDB evicts their blocks as needed, so
# the limit bounds the queries (joins, sorts) and a cache of the file. Held in memory (no store), the tables cannot be
# evicted: when they alone exceed the default, the default is added on top of them (an explicit limit is kept).
MEMORY_LIMIT_ENV = "CINECOOP_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "2GB"
MEMORY_LIMIT_PATTERN = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)


@dataclass(frozen=True)
class FilterChoices:
    """The values the dashboard's filters offer for one load, and the names the reference tables give them."""

    programs: tuple[str, ...]
    hosts: tuple[str, ...]
    films: tuple[str, ...]
    first_day: dt.date | None
    last_day: dt.date | None
    country_names: dict[str, tuple[str, str, str]]
    program_names: dict[str, tuple[str | None, str | None]]

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(sorted(self.country_names))

    def names(self) -> Names:
        """What every reader's View takes from this load: reference names and the last day of the screenings."""
        return Names(self.country_names, self.program_names, self.last_day)


def _day_or_none(value: object) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def query_threads() -> int:
    """How many threads DuckDB gives one query once the data are loaded: $CINECOOP_THREADS, else 1.

    The load itself runs on every core. The pages' queries read pre-aggregated tables of a few thousand rows, where
    handing work to other threads costs more than it saves (measured on the sample: every leadership page's queries
    took 15-40% longer with two threads than with one, on a machine other work shared), and sessions run their
    queries side by side anyway. An operator whose analysts query the row-level tables of a large store may raise it."""
    text = os.environ.get(THREADS_ENV, "").strip()
    if not text:
        return DEFAULT_QUERY_THREADS
    if not text.isdigit() or not 0 < int(text) <= 256:
        raise ValueError(f"{THREADS_ENV}={text!r} is not a number of threads from 1 to 256")
    return int(text)


def time_limit() -> float:
    """The time limit in seconds: $CINECOOP_TIME_LIMIT, else 10."""
    text = os.environ.get(TIME_LIMIT_ENV, "").strip()
    if not text:
        return DEFAULT_TIME_LIMIT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < 86_400:
        raise ValueError(f"{TIME_LIMIT_ENV}={text!r} is not a number of seconds above zero")
    return seconds


def lock_down(connection: duckdb.DuckDBPyConnection) -> None:
    """Shut out files, the network, extensions and Python objects, and lock every setting."""
    for statement in LOCKDOWN:
        connection.execute(statement)


class TimeLimitError(Exception):
    """A statement stopped at the time limit."""

    def __init__(self, seconds: float):
        super().__init__(f"The query ran past the time limit of {seconds:g} s and was stopped.")
        self.seconds = seconds


class _Watchdog:
    """One thread for the whole process that interrupts each watched cursor at its deadline. It runs only while a
    statement is watched, so an idle process (a command that has finished) has no thread of ours left."""

    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._watched: dict[object, tuple[float, duckdb.DuckDBPyConnection, list[bool]]] = {}
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def limit(self, cursor: duckdb.DuckDBPyConnection, seconds: float) -> Iterator[list[bool]]:
        """Interrupt the cursor if the block is still running after `seconds`; yields [stopped]."""
        token, stopped = object(), [False]
        with self._wake:
            self._watched[token] = (time.monotonic() + seconds, cursor, stopped)
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="cinecoop-time-limit", daemon=True)
                self._thread.start()
            self._wake.notify()
        try:
            yield stopped
        finally:
            # Under the lock: once the block is left, its cursor is never interrupted (the next statement on it is not this one).
            with self._wake:
                self._watched.pop(token, None)
                self._wake.notify()

    def _watch(self) -> None:
        with self._wake:
            while self._watched:
                self._wake.wait(self._expire())
            self._thread = None

    def _expire(self) -> float | None:
        """Interrupt the cursors past their deadline; the seconds until the next one. A function of its own, so this
        thread's frame holds no cursor while it waits."""
        now = time.monotonic()
        for token, (deadline, cursor, stopped) in list(self._watched.items()):
            if deadline <= now:
                stopped[0] = True
                cursor.interrupt()
                del self._watched[token]
        deadlines = [deadline for deadline, _, _ in self._watched.values()]
        return min(deadlines) - now if deadlines else None

    def settle(self) -> None:
        """Let the thread end when nothing is watched (at exit: no thread of ours outlives the work)."""
        with self._wake:
            thread = self._thread
            self._wake.notify()
        if thread is not None:
            thread.join(timeout=1.0)


_watchdog = _Watchdog()
atexit.register(_watchdog.settle)


@contextlib.contextmanager
def limited(cursor: duckdb.DuckDBPyConnection, seconds: float) -> Iterator[None]:
    """Run the block under a time limit: the cursor is interrupted at the limit and TimeLimitError raised."""
    with _watchdog.limit(cursor, seconds) as stopped:
        try:
            yield
        except duckdb.Error as error:
            if stopped[0] and isinstance(error, duckdb.InterruptException):
                raise TimeLimitError(seconds) from error
            raise


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


def inputs(data_dir: Path, views_dir: Path | None = None) -> dict[str, list[int] | None]:
    """Every input a database is built from, by name (the export files and their parts, the reference tables, the
    analysts' views): its size and modification time in nanoseconds, None when it is missing."""
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
    found: dict[str, list[int] | None] = {}
    for name, path in candidates:
        try:
            stat = path.stat() if path is not None else None
        except OSError:
            stat = None
        found[name] = [stat.st_size, stat.st_mtime_ns] if stat is not None else None
    return found


def fingerprint(data_dir: Path, views_dir: Path | None = None) -> str:
    """A hash of the names, sizes and modification times of every input the database is built from."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode())
    for name, stat in inputs(data_dir, views_dir).items():
        digest.update((f"{name}:-" if stat is None else f"{name}:{stat[0]}:{stat[1]}").encode())
    return digest.hexdigest()[:16]


def _same_but_exports(before: dict[str, list[int] | None], now: dict[str, list[int] | None]) -> bool:
    """Whether two sets of inputs differ only in export files (the reference tables and the views are the same)."""

    def others(found: dict[str, list[int] | None]) -> dict[str, list[int] | None]:
        return {name: stat for name, stat in found.items() if name.startswith(("reference/", "views/"))}

    return others(before) == others(now)


class Database:
    """One loaded data folder in an in-process DuckDB, locked read-only after the load."""

    def __init__(
        self,
        data_dir: Path,
        views_dir: Path | None = None,
        memory_limit: str | None = None,
        store_dir: Path | None = None,
        store_mode: str = "attach",
        readonly: bool | None = None,
        use_store: bool | None = None,
    ):
        self.data_dir = data_dir
        self.views_dir = views_dir
        # A replica (CINECOOP_STORE_MODE=readonly) serves what the last build published; its key names that publish.
        self.readonly = store.enabled() and (store.readonly() if readonly is None else readonly)
        self.published = None
        if self.readonly:
            try:
                self.published = store.read_pointer(store.store_dir(store_dir))
            except store.StoreError as error:
                self._pointer_error = str(error)
        self.fingerprint = self.published.key if self.published else fingerprint(data_dir, views_dir)
        explicit_limit = memory_limit or os.environ.get(MEMORY_LIMIT_ENV)
        memory_limit = (explicit_limit or DEFAULT_MEMORY_LIMIT).strip()
        if not MEMORY_LIMIT_PATTERN.match(memory_limit):
            raise ValueError(f"{MEMORY_LIMIT_ENV}={memory_limit!r} is not a size such as 2GB or 512MB")
        # The limit as set: a worker process running analysts' SQL gets this much on top of what it holds.
        self.query_memory_limit = memory_limit
        self.timings: dict[str, float] = {}
        # Why the store of these files was loaded in full rather than updated from the last one (None: it was not refused).
        self.update_refused: str | None = None
        self.store_mode = store_mode
        self._use_store = store.enabled() if use_store is None else use_store
        self._connection = self._open(data_dir, views_dir, store_dir, store_mode)
        try:
            self.memory_limit = self._limit_memory(memory_limit, explicit=bool(explicit_limit))
            self.threads = query_threads()
            self._connection.execute(f"SET threads = {self.threads}")
            lock_down(self._connection)
        except BaseException:
            self._connection.close()
            raise
        self._local = threading.local()
        self.loaded_at = dt.datetime.now()

    def _open(self, data_dir: Path, views_dir: Path | None, store_dir: Path | None, store_mode: str) -> duckdb.DuckDBPyConnection:
        """The saved store of these files when there is a sound one, else a load from the CSV files, saved for next time."""
        self.store_path: Path | None = None
        as_of = dt.date.today()
        if not self._use_store:
            self.store_status = "off"
            return self._load(self._memory(), data_dir, views_dir, as_of)
        if self.readonly:
            return self._open_published(data_dir, views_dir, store_mode)
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
        current = inputs(data_dir, views_dir)
        updated = self._update(path, data_dir, as_of, store_mode, current)
        if updated is not None:
            return updated
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
            builder.publish(self.fingerprint, self.report, self.view_errors, as_of, current)
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

    def _update(
        self, path: Path, data_dir: Path, as_of: dt.date, store_mode: str, current: dict[str, list[int] | None]
    ) -> duckdb.DuckDBPyConnection | None:
        """The store of these files made from the newest store of the same folder: a copy of it, with the export files
        that changed read again (loader.update). None when there is no such store, the reference tables or the views
        changed, or the change needs a full load; the store is then built from the files."""
        previous = store.latest(path.parent, data_dir, exclude=path)
        if previous is None or not _same_but_exports(previous.inputs, current):
            return None
        started = time.perf_counter()
        connection = self._memory()
        try:
            builder, report = store.Builder.updating(connection, path, previous)
        except (OSError, duckdb.Error, store.StoreError):
            connection.close()
            return None
        try:
            self.report = loader.update(connection, data_dir, report, as_of)
            self.view_errors = builder.view_errors
            builder.publish(self.fingerprint, self.report, self.view_errors, as_of, current)
            self.timings["update"] = time.perf_counter() - started
            started = time.perf_counter()
            opened = store.open_store(path, self.fingerprint, as_of, data_dir, store_mode)
            self.timings["store_open"] = time.perf_counter() - started
        except (loader.FullLoadNeeded, OSError, duckdb.Error, store.StoreError) as error:
            # Whatever stops an update, a full load gives the right answer; the reason is kept for whoever asks why.
            self.update_refused = f"{type(error).__name__}: {_first_line(str(error))}"
            logging.getLogger(__name__).info("store %s not updated from %s: %s", path.name, previous.store.name, self.update_refused)
            builder.discard()
            connection.close()
            return None
        except BaseException:
            builder.discard()
            connection.close()
            raise
        connection.close()
        self.store_path, self.store_status = path, f"updated from {previous.store.name}"
        return opened.connection

    def _open_published(self, data_dir: Path, views_dir: Path | None, store_mode: str) -> duckdb.DuckDBPyConnection:
        """A replica's database: the published store, read-only; nothing in the store folder is written (not even an mtime).

        Until a sound store is published the replica loads the CSV files in memory, so readers get pages meanwhile."""
        published = self.published
        if published is None:
            reason = getattr(self, "_pointer_error", None) or "nothing is published yet (run python -m cinecoop build)"
        else:
            started = time.perf_counter()
            try:
                # The store's own day: a replica cannot rebuild; the daily build refreshes the overdue warnings.
                opened = store.open_store(published.store, published.fingerprint, published.as_of, published.data_dir, store_mode)
            except store.StoreError as error:
                reason = str(error)
            else:
                self.timings["store_open"] = time.perf_counter() - started
                self.report, self.view_errors = opened.report, opened.view_errors
                self.data_dir = published.data_dir
                self.store_path, self.store_status = published.store, "published"
                return opened.connection
        self.store_status = f"not published: {reason}"
        self.fingerprint = f"unpublished:{fingerprint(data_dir, views_dir)}"
        return self._load(self._memory(), data_dir, views_dir, dt.date.today())

    @staticmethod
    def _memory() -> duckdb.DuckDBPyConnection:
        connection = duckdb.connect(":memory:")
        # An in-memory database spills to .tmp in the working directory; with no temp directory the memory limit is a hard one.
        connection.execute("SET temp_directory = ''")
        return connection

    def _load(
        self, connection: duckdb.DuckDBPyConnection, data_dir: Path, views_dir: Path | None, as_of: dt.date
    ) -> duckdb.DuckDBPyConnection:
        """Load the CSV files into the connection's current database (memory, or a store being built), then the analysts'
        views, with files, the network and extensions already shut out."""
        started = time.perf_counter()
        try:
            self.report = loader.load(connection, data_dir, as_of)
            for statement in RESTRICT:
                connection.execute(statement)
            self.view_errors = create_views(connection, views_dir)
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

    def execute(self, sql: str, parameters: dict[str, Any] | None = None) -> pd.DataFrame:
        """Rows of one statement with its parameters bound, on this thread's cursor."""
        return self.cursor().execute(sql, parameters or {}).df()

    @functools.cached_property
    def choices(self) -> FilterChoices:
        """What the filters can choose from in these data: programmes, countries, the span of dates."""
        rows = self.execute
        # From the pre-aggregated facts (every screening row is in them): a few thousand rows however large the data.
        programs = rows("SELECT DISTINCT program FROM screening_day_facts ORDER BY 1")["program"].tolist()
        programs += [
            name
            for name in rows("SELECT DISTINCT program FROM agreements WHERE program IS NOT NULL ORDER BY 1")["program"]
            if name not in programs
        ]
        hosts = rows("SELECT DISTINCT host_country FROM screening_day_facts ORDER BY 1")["host_country"].tolist()
        films = rows("SELECT DISTINCT unnest(film_countries) AS code FROM screening_day_facts ORDER BY 1")["code"].tolist()
        span = rows("SELECT min(screening_date) AS first, max(screening_date) AS last FROM screening_day_facts").iloc[0]
        countries = {
            row.code: (row.name_en, row.name_fa, row.name_ru)
            for row in rows("SELECT code, name_en, name_fa, name_ru FROM countries").itertuples(index=False)
        }
        program_names = {
            row.program: (row.name_fa, row.name_ru)
            for row in rows("SELECT program, name_fa, name_ru FROM program_names").itertuples(index=False)
        }
        return FilterChoices(
            programs=tuple(programs),
            hosts=tuple(hosts),
            films=tuple(films),
            first_day=_day_or_none(span["first"]),
            last_day=_day_or_none(span["last"]),
            country_names=countries,
            program_names=program_names,
        )

    def frame(self, sql: str, parameters: dict[str, Any] | None = None, seconds: float | None = None) -> pd.DataFrame:
        """The result of a statement from a query file, on this thread's cursor, stopped at the time limit (TimeLimitError)."""
        cursor = self.cursor()
        with limited(cursor, time_limit() if seconds is None else seconds):
            return cursor.execute(sql, parameters or {}).df()

    def run(self, query: Query, filters: Filters | None = None, seconds: float | None = None) -> QueryResult:
        """Run a named query with the filters bound as the parameters it uses; a query whose file breaks the rules never runs."""
        if query.problems:
            raise QueryError(query.name, query.path, "; ".join(query.problems))
        parameters = bind_parameters(query, filters or Filters())
        started = time.perf_counter()
        try:
            frame = self.frame(query.body, parameters, seconds)
        except TimeLimitError as error:
            raise QueryError(query.name, query.path, str(error)) from error
        except duckdb.Error as error:
            raise QueryError(query.name, query.path, _first_line(str(error)), file_line(str(error), query.body_line)) from error
        return QueryResult(frame, query.sql, parameters, time.perf_counter() - started)

    def worker_source(self):
        """How a worker process opens this data read-only: the saved store, else the folder (it loads it itself)."""
        from cinecoop.worker import Source

        return Source(
            data_dir=str(self.data_dir),
            views_dir=str(self.views_dir) if self.views_dir is not None else None,
            fingerprint=self.fingerprint,
            store_path=str(self.store_path) if self.store_path is not None else None,
            memory_limit=self.query_memory_limit,
        )

    def tables(self) -> list[str]:
        rows = (
            self.cursor()
            .execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name")
            .fetchall()
        )
        return [row[0] for row in rows]

    def close(self) -> None:
        self._connection.close()


def create_views(con: duckdb.DuckDBPyConnection, views_dir: Path | None) -> dict[str, str]:
    """Create the analysts' reusable views (queries/views/*.sql) in name order; return errors by file.

    Each file holds only CREATE VIEW / CREATE MACRO statements (sqlcheck.view_statements), runs in a transaction of its
    own under the time limit, and is rolled back whole when it would replace what the load or an earlier file made, or
    hide one of DuckDB's own functions behind a macro of the same name (a macro `sum` would change every sum)."""
    errors: dict[str, str] = {}
    if views_dir is None or not views_dir.is_dir():
        return errors
    builtin = {row[0] for row in con.execute("SELECT DISTINCT function_name FROM duckdb_functions() WHERE internal").fetchall()}
    core = _objects(con)
    seconds = time_limit()
    for path in sorted(views_dir.glob("*.sql")):
        try:
            first_line, body = split_header(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            errors[path.name] = f"cannot be read: {error}"
            continue
        try:
            statements = sqlcheck.view_statements(body)
        except sqlcheck.RuleError as error:
            errors[path.name] = error.message + (f" (line {error.line + first_line - 1})" if error.line else "")
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for item in statements:
                where = f" (line {first_line + item.line - 1})"
                before = _objects(con)
                # The statement's own text, exactly the slice that was checked, so DuckDB's error names its line.
                try:
                    with limited(con, seconds):
                        con.execute(item.statement.query)
                except duckdb.Error as error:
                    line = _error_line(str(error))
                    raise _ViewProblem(
                        _first_line(str(error)) + (f" (line {first_line + item.line - 2 + line})" if line else where)
                    ) from error
                except TimeLimitError as error:
                    raise _ViewProblem(f"{error}{where}") from error
                problem = _replaced(core, before, _objects(con), builtin)
                if problem:
                    raise _ViewProblem(problem + where)
        except _ViewProblem as problem:
            con.execute("ROLLBACK")
            errors[path.name] = str(problem)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        else:
            con.execute("COMMIT")
    return errors


class _ViewProblem(Exception):
    pass


def _objects(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str, str], tuple[str, ...]]:
    """Every table, view and macro of the current database, with what defines it."""
    rows = con.execute(
        "SELECT 'table', schema_name, table_name, sql FROM duckdb_tables() WHERE database_name = current_database() "
        "UNION ALL SELECT 'view', schema_name, view_name, sql FROM duckdb_views() WHERE database_name = current_database() AND NOT internal "
        "UNION ALL SELECT if(function_type = 'table_macro', 'table macro', function_type), schema_name, function_name, "
        "concat_ws(' | ', array_to_string(parameters, ', '), macro_definition) "
        "FROM duckdb_functions() WHERE database_name = current_database() AND NOT internal"
    ).fetchall()
    objects: dict[tuple[str, str, str], list[str]] = {}
    for kind, schema, name, definition in rows:
        objects.setdefault((kind, schema, name), []).append(definition or "")
    return {key: tuple(sorted(definitions)) for key, definitions in objects.items()}


def _replaced(core: dict, before: dict, after: dict, builtin: set[str]) -> str | None:
    """Why a view file's objects may not stay: one it replaced or dropped, or a macro hiding a DuckDB function."""
    for key, definition in before.items():
        if after.get(key) != definition:
            kind, _, name = key
            owner = "the load makes" if key in core else "an earlier view file makes"
            return f"It would replace the {kind} {name}, which {owner}, so give the new one another name."
    for kind, _, name in sorted(after.keys() - before.keys()):
        if kind in ("macro", "table macro") and name in builtin:
            return f"The {kind} {name} would hide DuckDB's own function {name} in every query, so give it another name."
    return None


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


def source_key(data_dir: Path, views_dir: Path | None = None, store_dir: Path | None = None) -> str:
    """What a database of data_dir is built from now: the data fingerprint, or for a replica the publish it would serve
    (the pointer file is read, a few hundred bytes; the CSV files only stat'ed when nothing sound is published)."""
    if store.enabled() and store.readonly():
        try:
            published = store.read_pointer(store.store_dir(store_dir))
        except store.StoreError:
            published = None
        if published is not None:
            return published.key
        return f"unpublished:{fingerprint(data_dir, views_dir)}"
    return fingerprint(data_dir, views_dir)


@dataclass(frozen=True)
class Build:
    """What `python -m cinecoop build` did: the store, whether the pointer now names it, and why not when it does not."""

    store_path: Path | None
    status: str  # the database's store status: built, rebuilt: ..., reused, not saved: ...
    published: store.Published | None
    changed: bool  # the pointer was replaced (replicas take the new store at their next rerun)
    holdbacks: tuple[str, ...] = ()
    report: loader.LoadReport | None = None


def build_store(data_dir: Path, views_dir: Path | None = None, store_dir: Path | None = None) -> Build:
    """Build (or reuse) the store of data_dir as it is now and publish it for the replicas.

    A load that looks half-written against the published one (cinecoop.freshness) is saved but not published: the
    replicas keep the last good store. The load runs in this process only, never in a replica."""
    from cinecoop import freshness

    if not store.enabled():
        raise ValueError(f"{store.STORE_ENV}=off: there is no store to build")
    folder = store.store_dir(store_dir)
    with store.build_lock(folder):
        before = fingerprint(data_dir, views_dir)
        database = Database(data_dir, views_dir, store_dir=folder, readonly=False)
        try:
            if database.store_path is None:
                return Build(None, database.store_status, None, False, report=database.report)
            try:
                current = store.read_pointer(folder)
            except store.StoreError:
                current = None  # a pointer nobody can read is replaced by a sound one
            unchanged = current is not None and (current.store, current.fingerprint) == (database.store_path, database.fingerprint)
            if unchanged and database.store_status == "reused":
                return Build(database.store_path, database.store_status, current, False, report=database.report)
            keeper = freshness.Keeper()
            last_good = _published_database(current, data_dir, views_dir, folder) if current is not None else None
            try:
                if last_good is not None:
                    keeper.choose(last_good.fingerprint, lambda: last_good, lambda _: True)
                keeper.choose(database.fingerprint, lambda: database, lambda _: fingerprint(data_dir, views_dir) == before)
                verdict = keeper.verdict(database.fingerprint)
            finally:
                if last_good is not None:
                    last_good.close()
            if verdict is not None and not verdict.accept:
                shown = last_good.loaded_at if last_good is not None else dt.datetime.now()
                reasons = tuple(freshness.describe(holdback, shown, dt.date.today(), "en") for holdback in verdict.holdbacks)
                return Build(database.store_path, database.store_status, current, False, reasons, database.report)
            published = store.write_pointer(folder, database.store_path, database.fingerprint, data_dir, dt.date.today())
            return Build(database.store_path, database.store_status, published, True, report=database.report)
        finally:
            database.close()


def _published_database(published: store.Published, data_dir: Path, views_dir: Path | None, folder: Path) -> Database | None:
    """The published store opened as a replica would (read-only), to judge a new load against; None when unsound."""
    database = Database(data_dir, views_dir, store_dir=folder, readonly=True)
    if database.store_status != "published" or database.store_path != published.store:
        database.close()
        return None
    return database


class Provider:
    """The databases of this process, one per data folder and fingerprint, shared by every session of the dashboard, the
    command line, the brief and the benchmarks; the one place a Database is made.

    A load whose files look half-written (cinecoop.freshness) does not replace the last good load of its folder, which is
    served instead until the files are whole."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._databases: dict[tuple[Path, Path, str], Database] = {}
        self._loading: dict[tuple[Path, Path, str], threading.Lock] = {}
        self._keepers: dict[tuple[Path, Path], freshness.Keeper] = {}

    @staticmethod
    def _folders(data_dir: Path | str | None, queries_dir: Path | str | None) -> tuple[Path, Path]:
        return paths.data_dir(data_dir).resolve(), paths.queries_dir(queries_dir).resolve() / "views"

    def keeper(self, data_dir: Path | str | None = None, queries_dir: Path | str | None = None) -> freshness.Keeper:
        folders = self._folders(data_dir, queries_dir)
        with self._lock:
            return self._keepers.setdefault(folders, freshness.Keeper())

    def database(self, data_dir: Path | str | None = None, queries_dir: Path | str | None = None) -> Database:
        """The database of the folder as it is now (or its last good load while the files look half-written)."""
        folder, views = self._folders(data_dir, queries_dir)
        # A replica (CINECOOP_STORE_MODE=readonly) keys on the published store: a new build is taken at the next rerun.
        key = source_key(folder, views)
        return self.keeper(folder, views.parent).choose(
            key, lambda: self._load(folder, views, key), lambda loaded: source_key(folder, views) == loaded.fingerprint
        )

    def _load(self, folder: Path, views: Path, key: str) -> Database:
        wanted = (folder, views, key)
        with self._lock:
            loaded = self._databases.get(wanted)
            if loaded is not None:
                return loaded
            lock = self._loading.setdefault(wanted, threading.Lock())
        with lock:  # one load per fingerprint, however many sessions ask at once
            with self._lock:
                loaded = self._databases.get(wanted)
            if loaded is None:
                loaded = Database(folder, views)
            with self._lock:
                self._databases[wanted] = loaded
                self._loading.pop(wanted, None)
                good = self._keepers.get((folder, views.parent))
                kept = {wanted} | ({(folder, views, good.good.fingerprint)} if good is not None and good.good is not None else set())
                # Older loads of the folder are let go (the sessions still holding one finish their run with it).
                for other in [other for other in self._databases if other[:2] == (folder, views) and other not in kept]:
                    self._databases.pop(other)
            return loaded

    def forget(self, data_dir: Path | str | None = None, queries_dir: Path | str | None = None) -> None:
        """Read the folder again at the next request; the last good load stays until a new one passes the same test."""
        folder, views = self._folders(data_dir, queries_dir)
        with self._lock:
            for other in [other for other in self._databases if other[:2] == (folder, views)]:
                self._databases.pop(other)
        self.keeper(folder, views.parent).forget()


PROVIDER = Provider()


def open_database(data_dir: Path | str | None = None, queries_dir: Path | str | None = None) -> Database:
    """The database for the current state of data_dir, loaded once per fingerprint in this process."""
    return PROVIDER.database(data_dir, queries_dir)
