"""The persisted store: a loaded database saved as one DuckDB file per data fingerprint, reused while the files are unchanged."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from cinecoop import loader, paths

STORE_DIR_ENV = "CINECOOP_STORE_DIR"
# "off" turns the store off: every start reads the CSV files again.
STORE_ENV = "CINECOOP_STORE"
# "readonly": a replica that serves the store `python -m cinecoop build` published, never writes the store folder and
# never reads the CSV files while a published store is sound (see docs/deploy.md).
MODE_ENV = "CINECOOP_STORE_MODE"
# The small file in the store folder that names the published store; replaced atomically by each build.
POINTER = "current"
DEFAULT_STORE_DIR = paths.PROJECT_ROOT / ".cache" / "store"
# The catalogue name a store is attached under; every cursor of the database reads it by default.
CATALOG = "cinecoop"
# The table whose comment holds what the tables cannot say (the load report, the view errors, what was saved): a
# comment adds no table or schema to the ones an analyst lists and reads.
INFO_TABLE = "load_problems"
# Bump when the layout of the store information changes.
FORMAT = 1
MAGIC = "cinecoop store "
# Stores kept in the folder; the oldest beyond this are deleted after each save (a store in use stays readable).
KEEP = 16
# A temporary file older than this is left over from a process that died while saving.
STALE_TEMP_SECONDS = 3600
# DuckDB's file header: a main header and two database headers of 4 KiB before the first block.
HEADER_BYTES = 3 * 4096
REQUIRED_TABLES = (
    "agreements",
    "attendance",
    "cities",
    "countries",
    "exchange_rates",
    "film_identities",
    "film_title_matches",
    "film_title_uses",
    "film_day_facts",
    "film_titles",
    "films",
    "gross_day_facts",
    "host_market_facts",
    "jalali_calendar",
    "load_problems",
    "occupancy_band_day_facts",
    "release_facts",
    "releases",
    "screening_day_facts",
    "screening_facts",
    "screenings",
    "source_day_facts",
    "source_facts",
    "targets",
    "venue_day_facts",
)
REQUIRED_MACROS = (
    "agreement_film_days",
    "agreement_is_overdue",
    "agreements_in_scope",
    "agreements_proposed_in",
    "agreements_signed_in",
    "directed_facts",
    "directed_film_days",
    "directed_releases",
    "directed_screening_days",
    "directed_screenings",
    "exchange_direction",
    "facts_in_scope",
    "film_days_in_scope",
    "film_key_of",
    "film_listing",
    "film_match_of",
    "gross_days_in_scope",
    "host_market_gross",
    "host_markets",
    "matches_filters",
    "occupancy",
    "occupancy_band",
    "occupancy_band_days_in_scope",
    "occupancy_of_sums",
    "releases_in_scope",
    "screening_days_in_scope",
    "screenings_in_scope",
    "screenings_with_admissions",
    "share_of_host_gross",
    "share_of_market",
    "source_days_in_scope",
    "title_key",
    "venue_days_in_scope",
)
# The code a store's contents depend on: a change to any of them makes every older store stale.
_SOURCES = ("loader.py", "csvread.py", "schema.py", "jalali.py", "core_views.sql", "store.py")


class StoreError(Exception):
    """A store file that must not be served; the message says why in plain words."""


@dataclass(frozen=True)
class Opened:
    """A store attached read-only to a fresh in-memory DuckDB (mode attach) or copied into it (mode copy)."""

    connection: duckdb.DuckDBPyConnection
    report: loader.LoadReport
    view_errors: dict[str, str]


@dataclass(frozen=True)
class Published:
    """What the pointer file says: the store to serve, the data it was built from, and a token new with every publish."""

    store: Path
    fingerprint: str
    data_dir: Path
    as_of: dt.date
    published_at: str
    build: str

    @property
    def key(self) -> str:
        """Names this publish among all: a replica takes a new store when the key changes."""
        return f"{self.fingerprint}@{self.build}"


def enabled() -> bool:
    return os.environ.get(STORE_ENV, "").strip().lower() not in ("off", "0", "false", "no")


def readonly() -> bool:
    """True for a replica (CINECOOP_STORE_MODE=readonly): serve the published store, never build one."""
    mode = os.environ.get(MODE_ENV, "").strip().lower()
    if mode not in ("", "build", "readonly"):
        raise ValueError(f"{MODE_ENV}={mode!r} is neither readonly nor build")
    return mode == "readonly"


def store_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The store folder: an explicit override, else $CINECOOP_STORE_DIR, else .cache/store in the project."""
    chosen = override or os.environ.get(STORE_DIR_ENV) or DEFAULT_STORE_DIR
    return Path(chosen).expanduser().resolve()


@functools.cache
def code_version() -> str:
    """A hash of the DuckDB version, the store format and the source of every module that shapes the loaded tables."""
    digest = hashlib.sha256(f"{duckdb.__version__}|{FORMAT}".encode())
    here = Path(__file__).parent
    for name in _SOURCES:
        digest.update(name.encode())
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def store_path(folder: Path, data_fingerprint: str) -> Path:
    return folder / f"{data_fingerprint}.duckdb"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# -- saving -----------------------------------------------------------------------------------------
class Builder:
    """A new store being written. The load runs straight into it (ATTACH, then USE), so the loaded tables can leave
    memory for the file as they are written: loading in memory and copying afterwards took about as long, but needed
    the whole load in memory first (measured on 10M screening rows: 7.5 GB against under 3 GB). publish() checkpoints
    the file under a temporary name and renames it into place, so no process ever opens a half-written store."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, copy_of: Path | None = None):
        self.con = con
        self.path = path
        self.temporary = path.with_name(f".{path.stem}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        self.name = f"cinecoop_new_{secrets.token_hex(4)}"
        self.attached = False
        path.parent.mkdir(parents=True, exist_ok=True)
        if copy_of is not None:
            # An update starts from a copy of the store it updates: that one stays whole for whoever reads it meanwhile.
            shutil.copyfile(copy_of, self.temporary)
        con.execute(f"ATTACH {_quote(str(self.temporary))} AS {self.name}")
        self.attached = True
        con.execute(f"USE {self.name}")

    @classmethod
    def updating(cls, con: duckdb.DuckDBPyConnection, path: Path, previous: Previous) -> tuple[Builder, loader.LoadReport]:
        """A builder over a copy of the previous store, checked through as open_store checks a store; with its load report."""
        builder = cls(con, path, copy_of=previous.store)
        try:
            # The file, its information and its length are checked; its tables are not counted here: a table the update
            # needs and cannot read stops it (a full load follows), and the store it publishes is checked in full.
            info = _check(con, builder.name, builder.temporary.stat().st_size, previous.fingerprint, None, count=False)
            report = _report_from_json(info["report"], [], previous.data_dir)
        except BaseException:
            builder.discard()
            raise
        builder.view_errors = dict(info.get("view_errors") or {})
        return builder, report

    def publish(
        self,
        data_fingerprint: str,
        report: loader.LoadReport,
        view_errors: dict[str, str],
        as_of: dt.date,
        inputs: dict[str, list[int] | None] | None = None,
    ) -> None:
        """Save the store under its final name; `inputs` (the stat of every input file) lets a later start update it."""
        con, name = self.con, self.name
        counts = _counts(con, name, _tables(con, name))
        saved_at = dt.datetime.now().isoformat()
        info = {
            "format": FORMAT,
            "version": code_version(),
            "fingerprint": data_fingerprint,
            "as_of": as_of.isoformat(),
            "saved_at": saved_at,
            "tables": counts,
            "report": _report_json(report),
            "view_errors": view_errors,
        }
        con.execute(f"COMMENT ON TABLE {name}.main.{INFO_TABLE} IS {_quote(MAGIC + json.dumps(info))}")
        con.execute("USE memory")
        con.execute(f"DETACH {name}")  # detaching checkpoints: every block is in the file
        self.attached = False
        with open(self.temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(self.temporary, self.path)
        if inputs is not None:
            _write_index(self.path, data_fingerprint, report.data_dir, saved_at, inputs)
        prune(self.path.parent, keep=self.path)

    def discard(self) -> None:
        """Drop the half-built store (after a failed load or save); never raises."""
        if self.attached:
            with contextlib.suppress(duckdb.Error):
                self.con.execute("USE memory")
                self.con.execute(f"DETACH {self.name}")
            self.attached = False
        for leftover in (self.temporary, self.temporary.with_name(self.temporary.name + ".wal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)


def prune(folder: Path, keep: Path | None = None) -> None:
    """Delete stores beyond the KEEP most recently used, and temporary files left by dead processes; never the published one."""
    now = time.time()
    with contextlib.suppress(StoreError):
        published = read_pointer(folder)
        if published is not None and published.store != keep:
            # Replicas serve it: stores are deleted only as far back as the newest (this one), so it stays too.
            touch(published.store)
    stores = []
    for candidate in folder.glob("*"):
        try:
            stat = candidate.stat()
        except OSError:
            continue
        if candidate.name.endswith((".tmp", ".tmp.wal")):
            if now - stat.st_mtime > STALE_TEMP_SECONDS:
                candidate.unlink(missing_ok=True)
        elif candidate.suffix == ".duckdb" and candidate != keep:
            stores.append((stat.st_mtime, candidate))
        elif candidate.suffix == INDEX_SUFFIX and not candidate.with_suffix(".duckdb").exists():
            candidate.unlink(missing_ok=True)
    stores.sort(reverse=True)
    for _, old in stores[KEEP - 1 :]:
        old.unlink(missing_ok=True)
        old.with_suffix(INDEX_SUFFIX).unlink(missing_ok=True)


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'main' ORDER BY table_name",
        {"catalog": catalog},
    ).fetchall()
    return [row[0] for row in rows]


def _counts(con: duckdb.DuckDBPyConnection, catalog: str, tables: list[str]) -> dict[str, int]:
    """The rows of each table of the catalog, in one statement (a store holds some thirty tables)."""
    if not tables:
        return {}
    union = " UNION ALL ".join(
        f"SELECT {_quote(table)} AS name, count(*) AS rows FROM {catalog}.main.{_identifier(table)}" for table in tables
    )
    return {name: int(rows) for name, rows in con.execute(union).fetchall()}


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _report_json(report: loader.LoadReport) -> dict[str, object]:
    # The folders are left out: they are known when the store is opened, and an analyst can read the comment.
    return {
        "loaded_at": report.loaded_at.isoformat(),
        "seconds": report.seconds,
        "files": [_file_json(file_report) for file_report in report.files],
        "tables": [_file_json(file_report) for file_report in report.tables],
    }


def _file_json(file_report: loader.FileReport) -> dict[str, object]:
    values = dataclasses.asdict(file_report)
    for key in ("first_date", "last_date"):
        values[key] = values[key].isoformat() if values[key] else None
    return values


def _file_from_json(item: dict) -> loader.FileReport:
    item = dict(item)
    for key in ("first_date", "last_date"):
        item[key] = dt.date.fromisoformat(item[key]) if item[key] else None
    return loader.FileReport(**item)


def _report_from_json(values: dict, problems: list[loader.Problem], data_dir: Path) -> loader.LoadReport:
    return loader.LoadReport(
        data_dir,
        paths.reference_dir(data_dir),
        [_file_from_json(item) for item in values["files"]],
        problems,
        dt.datetime.fromisoformat(values["loaded_at"]),
        float(values["seconds"]),
        [_file_from_json(item) for item in values["tables"]],
    )


# -- opening ----------------------------------------------------------------------------------------
def open_store(path: Path, data_fingerprint: str, as_of: dt.date, data_dir: Path, mode: str = "attach") -> Opened:
    """The store at path, checked through and through before anything is served from it; StoreError says why not."""
    if mode not in ("attach", "copy"):
        raise ValueError(f"unknown store mode {mode!r}")
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(16)
    except FileNotFoundError as error:
        raise StoreError("there is no store for these files yet") from error
    except OSError as error:
        raise StoreError(f"the store cannot be read: {error.strerror or error}") from error
    # Every DuckDB file says DUCK at byte 8; anything else is not one, and is never handed to DuckDB.
    if len(head) < 12 or head[8:12] != b"DUCK":
        raise StoreError("the file is not a DuckDB database")
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET temp_directory = ''")
        try:
            con.execute(f"ATTACH {_quote(str(path))} AS {CATALOG} (READ_ONLY)")
        except duckdb.Error as error:
            raise StoreError(f"DuckDB cannot open the file: {_first_line(error)}") from error
        info = _check(con, CATALOG, size, data_fingerprint, as_of)
        if mode == "copy":
            con.execute(f"COPY FROM DATABASE {CATALOG} TO memory")
            con.execute(f"DETACH {CATALOG}")
        else:
            con.execute(f"USE {CATALOG}")
        catalog = "memory" if mode == "copy" else CATALOG
        report = _report_from_json(info["report"], loader.StoredProblems(functools.partial(_problems, con, catalog)), data_dir)
        return Opened(con, report, dict(info["view_errors"]))
    except StoreError:
        con.close()
        raise
    except duckdb.Error as error:
        con.close()
        raise StoreError(f"reading the store failed: {_first_line(error)}") from error
    except BaseException:
        con.close()
        raise


def _check(
    con: duckdb.DuckDBPyConnection, catalog: str, size: int, data_fingerprint: str, as_of: dt.date | None, count: bool = True
) -> dict:
    """The store attached as `catalog`, checked through; its information. as_of None: the day does not matter (an
    update finds the overdue warnings again)."""
    comment = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE database_name = $name AND schema_name = 'main' AND table_name = $table",
        {"name": catalog, "table": INFO_TABLE},
    ).fetchall()
    if not comment or not (comment[0][0] or "").startswith(MAGIC):
        raise StoreError("the file is a DuckDB database but not a Cinecoop store (it has no store information)")
    info = json.loads(comment[0][0][len(MAGIC) :])
    if info.get("format") != FORMAT or info.get("version") != code_version():
        raise StoreError("the store was written by another version of the loader")
    if info.get("fingerprint") != data_fingerprint:
        raise StoreError("the store was written for other data files")
    tables = set(_tables(con, catalog))
    expected: dict[str, int] = info.get("tables") or {}
    missing = sorted((set(REQUIRED_TABLES) | set(expected)) - tables)
    if missing:
        raise StoreError(f"the store lacks the table {', '.join(missing)}")
    _check_blocks(con, catalog, size, sorted(tables))
    if not count:
        return info
    found = _counts(con, catalog, list(expected))
    for table, rows in expected.items():
        if found[table] != rows:
            raise StoreError(f"the table {table} does not hold the rows it held when saved")
    macros = {
        row[0]
        for row in con.execute(
            "SELECT function_name FROM duckdb_functions() WHERE database_name = $name AND NOT internal", {"name": catalog}
        ).fetchall()
    }
    if not set(REQUIRED_MACROS) <= macros:
        raise StoreError(f"the store lacks the macro {', '.join(sorted(set(REQUIRED_MACROS) - macros))}")
    saved_on = dt.date.fromisoformat(info["as_of"])
    if as_of is not None and saved_on != as_of:
        # The overdue warnings depend on the day; the store still serves when they would come out the same today.
        overdue = loader.overdue_sql(f"{catalog}.main.agreements", catalog)
        then = con.execute(overdue, {"as_of": saved_on}).fetchall()
        now = con.execute(overdue, {"as_of": as_of}).fetchall()
        if sorted(then) != sorted(now):
            raise StoreError(f"agreements have become overdue since the store was saved on {saved_on.isoformat()}")
    return info


def _check_blocks(con: duckdb.DuckDBPyConnection, catalog: str, size: int, tables: list[str]) -> None:
    """Every block the tables use lies inside the file. DuckDB checks a block's checksum only when a query reads it,
    so a file cut short would open and then fail in the middle of a page. The file's header counts its blocks: a file
    as long as that holds them all (one query, however large the store). Only a shorter file has the table metadata
    read for the blocks each table names (a scan of every table's storage, which grows with the rows)."""
    sized = con.execute(
        "SELECT block_size, total_blocks FROM pragma_database_size() WHERE database_name = $name", {"name": catalog}
    ).fetchall()
    if not sized:
        raise StoreError("DuckDB cannot size the file")
    block_size, total_blocks = sized[0]
    if size >= HEADER_BYTES + total_blocks * block_size:
        return
    scans = " UNION ALL ".join(
        f"SELECT greatest(max(block_id), max(list_max(additional_block_ids))) AS block FROM pragma_storage_info({_quote(f'{catalog}.main.{table}')})"
        for table in tables
    )
    last = con.execute(f"SELECT max(block) FROM ({scans})").fetchall()[0][0]
    if last is not None and size < HEADER_BYTES + (last + 1) * block_size:
        raise StoreError("the file is shorter than the blocks it lists: it was cut off")


def _problems(con: duckdb.DuckDBPyConnection, catalog: str = CATALOG) -> list[loader.Problem]:
    """Every problem of the store, on a cursor of its own (they may be asked for from any thread)."""
    cursor = con.cursor()
    try:
        return [loader.Problem(*row) for row in cursor.execute(loader.problems_sql(f"{catalog}.main.load_problems")).fetchall()]
    finally:
        cursor.close()


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def touch(path: Path) -> None:
    """Mark a store as used, so pruning keeps it."""
    with contextlib.suppress(OSError):
        os.utime(path)


# -- updating a store: which one to start from ------------------------------------------------------------------------
# Beside each store, what it was built from (its data folder and the size and modification time of every input file),
# so a start with changed files finds the store to update without opening every store of the folder.
INDEX_SUFFIX = ".json"


@dataclass(frozen=True)
class Previous:
    """A store of the same data folder and code version, from which an update can start."""

    store: Path
    fingerprint: str
    data_dir: Path
    saved_at: str
    inputs: dict[str, list[int] | None]


def _write_index(path: Path, data_fingerprint: str, data_dir: Path, saved_at: str, inputs: dict[str, list[int] | None]) -> None:
    values = {
        "fingerprint": data_fingerprint,
        "data_dir": str(Path(data_dir).resolve()),
        "version": code_version(),
        "saved_at": saved_at,
        "inputs": inputs,
    }
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    with contextlib.suppress(OSError):
        temporary.write_text(json.dumps(values), encoding="utf-8")
        os.replace(temporary, path.with_suffix(INDEX_SUFFIX))


def latest(folder: Path, data_dir: Path, exclude: Path | None = None) -> Previous | None:
    """The newest store of data_dir written by this code version (its index says so), other than `exclude`; None when
    there is none. The store itself is checked through when an update copies it."""
    wanted = str(Path(data_dir).resolve())
    found: Previous | None = None
    for index in folder.glob(f"*{INDEX_SUFFIX}"):
        store = index.with_suffix(".duckdb")
        if store == exclude or not store.is_file():
            continue
        try:
            values = json.loads(index.read_text(encoding="utf-8"))
            if values["data_dir"] != wanted or values["version"] != code_version() or store.stem != values["fingerprint"]:
                continue
            candidate = Previous(store, values["fingerprint"], Path(values["data_dir"]), str(values["saved_at"]), dict(values["inputs"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if found is None or candidate.saved_at > found.saved_at:
            found = candidate
    return found


# -- publishing for replicas -------------------------------------------------------------------------
def read_pointer(folder: Path) -> Published | None:
    """The store published in folder, or None when nothing was published; StoreError when the pointer is unreadable."""
    try:
        text = (folder / POINTER).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"the pointer {folder / POINTER} cannot be read: {error.strerror or error}") from error
    try:
        values = json.loads(text)
        name = values["store"]
        if Path(name).name != name or not name.endswith(".duckdb"):
            raise ValueError(f"{name!r} is not a store file name")
        return Published(
            folder / name,
            str(values["fingerprint"]),
            Path(values["data_dir"]),
            dt.date.fromisoformat(values["as_of"]),
            str(values["published_at"]),
            str(values["build"]),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise StoreError(f"the pointer {folder / POINTER} is not one a build wrote: {error}") from error


def write_pointer(folder: Path, path: Path, data_fingerprint: str, data_dir: Path, as_of: dt.date) -> Published:
    """Name path as the published store: written under a temporary name, synced, then renamed over the old pointer,
    so a replica reads either the old pointer or the new one, never a half-written one."""
    published = Published(path, data_fingerprint, data_dir, as_of, dt.datetime.now().isoformat(timespec="seconds"), secrets.token_hex(6))
    values = {
        "store": path.name,
        "fingerprint": data_fingerprint,
        "data_dir": str(data_dir),
        "as_of": as_of.isoformat(),
        "published_at": published.published_at,
        "build": published.build,
        "version": code_version(),
    }
    temporary = folder / f".{POINTER}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(values, indent=1) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, folder / POINTER)
    return published


@contextlib.contextmanager
def build_lock(folder: Path):
    """One build at a time per store folder (a second waits): two builds never publish over each other."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".build.lock", "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
