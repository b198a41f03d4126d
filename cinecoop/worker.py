"""Analysts' SQL in separate, killable processes: an OS memory limit, a hard time limit, the data opened read-only.

The server (or the command line) keeps a pool of worker processes per loaded database. A worker opens the saved store
read-only, or loads the data folder into its own memory when there is no store, locks DuckDB down, and then caps its
own address space (RLIMIT_AS) at what it holds plus the memory limit. A statement past the time limit is answered at
the limit and its worker is killed (SIGKILL): DuckDB cannot ignore that, even inside one long function call. A
worker that runs out of memory fails alone. Either way the server keeps serving and a fresh worker takes the place.
`python -m cinecoop.worker` is the worker's side; nothing else runs it.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from cinecoop import paths

WORKERS_ENV = "CINECOOP_SANDBOX_WORKERS"
# Statements running at once in worker processes, across all analysts (one each): with the default memory limit of
# 2 GB each, the operator sizes this to the machine (6 workers at most 6 x ~2.3 GB).
DEFAULT_WORKERS = 6
# Idle workers kept started, so a statement does not wait for Python and DuckDB to start (about a second).
WARM_WORKERS = 1
# How long a worker may take to open the data: a folder loaded without a store takes as long as the load.
START_TIMEOUT_SECONDS = 300.0
# Address space a worker may add beyond what it holds when ready plus the memory limit: Python's own objects while a
# result is read and pickled, DuckDB's allocations outside its buffer manager, thread stacks.
SLACK_BYTES = 256 * 1024 * 1024
# Fewer libraries' thread pools and malloc arenas in the worker: each reserves address space the limit would count.
WORKER_ENVIRONMENT = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2"}


@dataclass(frozen=True)
class Source:
    """How a worker opens the same data as the server, read-only: the saved store, else the folder loaded in its own memory."""

    data_dir: str
    views_dir: str | None
    fingerprint: str
    store_path: str | None
    memory_limit: str


@dataclass(frozen=True)
class Request:
    """One statement for a worker. mode "rows" returns columns and rows (the sandbox), "frame" a pandas frame (a query file)."""

    sql: str
    parameters: dict[str, Any] | None
    mode: str
    max_rows: int
    max_bytes: int
    allowed: str
    where: str


class WorkerError(Exception):
    """A statement a worker did not answer, said in one plain sentence; `detail` keeps DuckDB's full words when it has any."""

    def __init__(self, message: str, detail: str = "", line: int | None = None):
        super().__init__(message)
        self.detail = detail
        self.line = line


def shown_size(size: str) -> str:
    """'2GB' as '2 GB' for a reader."""
    text = size.strip()
    for index, char in enumerate(text):
        if char.isalpha():
            return f"{text[:index].strip()} {text[index:]}"
    return text


def memory_message(memory_limit: str) -> str:
    return f"The query went over the memory limit of {shown_size(memory_limit)} and was stopped, so aggregate or filter earlier."


# -- the server's side ---------------------------------------------------------------------------------
class _TimeLimit(Exception):
    pass


class _Died(Exception):
    pass


class _Worker:
    """One worker process and the two pipes to it."""

    def __init__(self, source: Source):
        self.source = source
        request_read, request_write = os.pipe()
        response_read, response_write = os.pipe()
        environment = {**os.environ, **WORKER_ENVIRONMENT}
        started = time.perf_counter()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "cinecoop.worker", str(request_read), str(response_write)],
                pass_fds=(request_read, response_write),
                cwd=paths.PROJECT_ROOT,
                env=environment,
                stdin=subprocess.DEVNULL,
                # Nothing a worker prints may reach the command line's output (the CSV); its stderr goes to the log.
                stdout=subprocess.DEVNULL,
            )
        finally:
            os.close(request_read)
            os.close(response_write)
        self.requests = Connection(request_write, readable=False)
        self.responses = Connection(response_read, writable=False)
        try:
            self.requests.send(source)
            if not self.responses.poll(START_TIMEOUT_SECONDS):
                raise WorkerError(f"The sandbox could not open the data within {START_TIMEOUT_SECONDS:g} s.")
            kind, details = self.responses.recv()
        except (EOFError, OSError) as error:
            self.kill()
            raise WorkerError("The sandbox could not start: its process ended while opening the data.") from error
        except BaseException:
            self.kill()
            raise
        if kind != "ready":
            self.kill()
            raise WorkerError(f"The sandbox could not open the data: {details}")
        self.details = {**details, "start_seconds": time.perf_counter() - started}

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def call(self, request: Request, timeout: float) -> tuple:
        try:
            self.requests.send(request)
            if not self.responses.poll(timeout):
                raise _TimeLimit
            return self.responses.recv()
        except (EOFError, OSError) as error:
            raise _Died from error

    def kill(self) -> None:
        """SIGKILL: the statement cannot delay it, and its memory is the system's again at once."""
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=30)
        for connection in (self.requests, self.responses):
            with contextlib.suppress(OSError):
                connection.close()

    def close(self) -> None:
        """An idle worker's end: closing its request pipe ends its loop; kill it if it lingers."""
        with contextlib.suppress(OSError):
            self.requests.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=2)
        self.kill()


class Pool:
    """The worker processes of one database: at most one running statement per analyst and `size` overall, `warm` kept started."""

    def __init__(self, source: Source, size: int | None = None, warm: int | None = None):
        self.source = source
        self.size = size or workers_allowed()
        self.warm = _settings["warm"] if warm is None else warm
        self.closed = False
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._running: dict[str, _Worker | None] = {}
        self._starting = 0
        self.started = 0  # workers started over the pool's life (a replaced one counts again)
        self.killed = 0

    def running(self) -> int:
        """Statements running now."""
        with self._lock:
            return len(self._running)

    def running_pids(self) -> list[int]:
        """The worker processes running a statement now."""
        with self._lock:
            return [worker.process.pid for worker in self._running.values() if worker is not None]

    def run(self, owner: str, request: Request, timeout: float) -> tuple:
        """The worker's answer to one statement, or a WorkerError (busy, time limit, memory, a worker that died)."""
        with self._lock:
            if owner in self._running:
                raise WorkerError("You already have a query running, so run this one when that one has finished or been stopped.")
            if len(self._running) >= self.size:
                raise WorkerError(f"The sandbox is already running {self.size} queries, so try again when one has finished.")
            self._running[owner] = None
            worker = self._idle.pop() if self._idle else None
        reusable = False
        try:
            if worker is None or not worker.alive:
                if worker is not None:
                    worker.kill()
                worker = self._start()
            with self._lock:
                self._running[owner] = worker
            try:
                response = worker.call(request, timeout)
            except _TimeLimit:
                worker.kill()
                self.killed += 1
                raise WorkerError(f"The query ran past the time limit of {timeout:g} s and was stopped.") from None
            except _Died:
                code = worker.process.wait()
                worker.kill()
                raise WorkerError(
                    memory_message(self.source.memory_limit)
                    if code in (-signal.SIGKILL, -signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS)
                    else f"The process running the query ended unexpectedly (exit code {code}), so run it again."
                ) from None
            # After running out of memory a worker's heap may stay large: a fresh one takes its place.
            reusable = not (response[0] == "error" and response[1] == "memory")
            if not reusable:
                worker.kill()
            return response
        finally:
            with self._lock:
                self._running.pop(owner, None)
                keep = reusable and worker is not None and worker.alive and not self.closed and len(self._idle) < self.warm
                if keep:
                    self._idle.append(worker)
            if not keep and worker is not None and worker.alive:
                worker.close()
            self.top_up()

    def _start(self) -> _Worker:
        worker = _Worker(self.source)
        with self._lock:
            self.started += 1
        return worker

    def top_up(self) -> None:
        """Start workers in the background until `warm` of them wait idle (never past the pool's size)."""
        with self._lock:
            missing = self.warm - len(self._idle) - self._starting
            room = self.size + self.warm - len(self._running) - len(self._idle) - self._starting
            count = 0 if self.closed else max(0, min(missing, room))
            self._starting += count
        for _ in range(count):
            threading.Thread(target=self._start_idle, name="cinecoop-worker-start", daemon=True).start()

    def _start_idle(self) -> None:
        worker = None
        try:
            worker = self._start()
        except Exception as error:  # the next statement starts its own worker and says why if it cannot
            print(f"cinecoop: a sandbox worker did not start: {error}", file=sys.stderr)
        finally:
            with self._lock:
                self._starting -= 1
                if worker is not None and not self.closed and len(self._idle) < self.warm:
                    self._idle.append(worker)
                    worker = None
        if worker is not None:
            worker.close()

    def close(self) -> None:
        """Stop every idle worker; running ones are stopped when their statement returns."""
        with self._lock:
            self.closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.close()

    def kill_all(self) -> None:
        with self._lock:
            self.closed = True
            workers = self._idle + [worker for worker in self._running.values() if worker is not None]
            self._idle = []
        for worker in workers:
            worker.kill()


_pools: dict[Source, Pool] = {}
_pools_lock = threading.Lock()
# The process's own setting (not a reader's): how many idle workers each new pool keeps started.
_settings = {"warm": WARM_WORKERS}


def keep_warm(count: int) -> None:
    """Idle workers each new pool keeps started: the server keeps one; the command line, which runs one statement, none."""
    _settings["warm"] = count


def workers_allowed() -> int:
    text = os.environ.get(WORKERS_ENV, "").strip()
    if not text:
        return DEFAULT_WORKERS
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{WORKERS_ENV}={text!r} is not a whole number of workers above zero")
    return int(text)


def pool_for(source: Source) -> Pool:
    """The pool of this database; the pools of the same folder's older data are closed."""
    with _pools_lock:
        pool = _pools.get(source)
        if pool is None:
            for old in [key for key in _pools if key.data_dir == source.data_dir and key.views_dir == source.views_dir]:
                _pools.pop(old).close()
            pool = _pools[source] = Pool(source)
        return pool


@atexit.register
def stop_all() -> None:
    """Kill every worker of this process (at exit, and in tests)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.kill_all()


# -- the worker's side -----------------------------------------------------------------------------
FETCH_BATCH_ROWS = 500


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _resident() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _watch_parent(parent: int) -> None:
    """End the worker when the process that started it is gone (a server killed hard leaves no worker behind)."""

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(1.0)

    threading.Thread(target=watch, name="cinecoop-parent-watch", daemon=True).start()


def _open(source: Source):
    """A locked-down, read-only DuckDB connection on the data of `source`."""
    import duckdb

    from cinecoop import db, store

    if source.store_path is not None:
        connection = duckdb.connect(":memory:")
        try:
            connection.execute("SET temp_directory = ''")
            connection.execute(f"ATTACH {store._quote(source.store_path)} AS {store.CATALOG} (READ_ONLY)")
            connection.execute(f"USE {store.CATALOG}")
            connection.execute(f"SET memory_limit = {store._quote(source.memory_limit)}")
            db.lock_down(connection)
        except BaseException:
            connection.close()
            raise
        return connection, None
    # No saved store: the worker loads the folder into its own memory, views included, exactly as the server did.
    database = db.Database(
        Path(source.data_dir), Path(source.views_dir) if source.views_dir else None, memory_limit=source.memory_limit, use_store=False
    )
    return database.new_cursor(), database


def _approximate_size(value: Any) -> int:
    if isinstance(value, (str, bytes, bytearray)):
        return len(value)
    if isinstance(value, (list, tuple)):
        return 8 + sum(_approximate_size(item) for item in value)
    if isinstance(value, dict):
        return 8 + sum(_approximate_size(key) + _approximate_size(item) for key, item in value.items())
    return 8


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _too_large(max_bytes: int) -> tuple:
    return (
        "error",
        "too_large",
        f"The result is larger than {max_bytes / 1024 / 1024:g} MB, so select fewer or shorter columns, or fewer rows.",
        "",
    )


def _serve(connection, request: Request, memory_limit: str) -> tuple:
    import duckdb

    from cinecoop import sqlcheck

    started = time.perf_counter()
    try:
        # Checked again here, whatever the server checked: what runs is the statement object that passed.
        checked = sqlcheck.read_only_statement(request.sql, request.allowed, request.where)
    except sqlcheck.RuleError as error:
        return ("error", "refused", str(error), error.detail)
    try:
        relation = (
            connection.execute(checked.statement, request.parameters) if request.parameters else connection.execute(checked.statement)
        )
        if request.mode == "frame":
            frame = relation.df()
            if int(frame.memory_usage(deep=True).sum()) > request.max_bytes:
                return _too_large(request.max_bytes)
            return ("frame", frame, time.perf_counter() - started)
        columns = [column[0] for column in relation.description or []]
        rows: list[tuple] = []
        size = 0
        # One row past the cap says whether there were more.
        while len(rows) <= request.max_rows:
            batch = relation.fetchmany(min(FETCH_BATCH_ROWS, request.max_rows + 1 - len(rows)))
            if not batch:
                break
            size += sum(_approximate_size(row) for row in batch)
            if size > request.max_bytes:
                return _too_large(request.max_bytes)
            rows.extend(batch)
        return ("rows", columns, rows[: request.max_rows], len(rows) > request.max_rows, time.perf_counter() - started)
    except (duckdb.OutOfMemoryException, MemoryError) as error:
        return ("error", "memory", memory_message(memory_limit), str(error).strip())
    except duckdb.Error as error:
        message = _first_line(error)
        if isinstance(error, duckdb.PermissionException) or "disabled by configuration" in message:
            return (
                "error",
                "refused",
                f"Reading files, reaching the network or loading extensions is not allowed {request.where}, which only reads the loaded tables.",
                str(error).strip(),
            )
        return ("error", "failed", f"The query failed: {message}", str(error).strip())
    except Exception as error:  # a value Python cannot take (an exotic type): still one plain sentence, never a traceback
        return ("error", "failed", f"The result could not be read: {_first_line(error)}", "")


def main(arguments: list[str]) -> int:
    requests = Connection(int(arguments[0]), writable=False)
    responses = Connection(int(arguments[1]), readable=False)
    _watch_parent(os.getppid())
    # SIGINT (Ctrl+C in the command line's terminal) is the parent's to handle; the parent ends the worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        source: Source = requests.recv()
    except EOFError:
        return 0
    started = time.perf_counter()
    try:
        # `_database` holds the loaded tables when there is no store: it lives as long as this function, the worker's life.
        connection, _database = _open(source)
        connection.execute("SELECT 1").fetchall()  # DuckDB's threads and first allocations exist before the limit is measured
    except Exception as error:
        responses.send(("failed", _first_line(error)))
        return 1
    from cinecoop.db import _bytes

    limit = _address_space() + _bytes(source.memory_limit) + SLACK_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    responses.send(
        (
            "ready",
            {
                "open_seconds": time.perf_counter() - started,
                "address_space_limit": limit,
                "resident_bytes": _resident(),
                "opened": dt.datetime.now().isoformat(),
            },
        )
    )
    while True:
        try:
            request = requests.recv()
        except (EOFError, OSError):
            return 0
        try:
            response = _serve(connection, request, source.memory_limit)
        except MemoryError:
            response = ("error", "memory", memory_message(source.memory_limit), "")
        try:
            responses.send(response)
        except OSError:
            return 0
        except MemoryError:
            responses.send(("error", "memory", memory_message(source.memory_limit), ""))
        except Exception as error:  # a value pickle cannot take
            responses.send(("error", "failed", f"The result could not be read: {_first_line(error)}", ""))
        del response  # the result's memory is free before the next request waits


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
