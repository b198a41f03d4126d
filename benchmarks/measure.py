"""One measurement in a process of its own: `python -m benchmarks.measure TASK '{json}'` prints one JSON line.

A fresh process per measurement keeps DuckDB's and the OS's in-process caches from helping, and its peak RSS
(resource.getrusage) is the memory of that task alone."""

from __future__ import annotations

import datetime as dt
import json
import re
import resource
import statistics
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()

NARROW_PROGRAM = "Russian Film Days in Iran"
NARROW_YEAR = 2025
ROOT = Path(__file__).resolve().parent.parent
VIEWS_DIR = ROOT / "queries" / "views"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


# The drill-down pages' keys (the pages' filters do not reach them): a film of the catalogue, Iran, an agreement of the
# Russian Film Days. Every generated set has them.
DETAIL_KEYS = {"film_key": "F001", "country_key": "IR", "agreement_key": "A002"}


def filter_sets() -> dict[str, object]:
    from cinecoop.filters import Filters

    return {
        "default": Filters(**DETAIL_KEYS),
        "narrow": Filters(start=dt.date(NARROW_YEAR, 1, 1), end=dt.date(NARROW_YEAR, 12, 31), programs=(NARROW_PROGRAM,), **DETAIL_KEYS),
    }


def floor(args: dict) -> dict:
    """DuckDB's own typed read_csv of the same files into tables, nothing else."""
    import duckdb

    folder = Path(args["folder"])
    con = duckdb.connect(":memory:")
    con.execute("SET temp_directory = ''")
    started, cpu = time.perf_counter(), time.process_time()
    for name in ("screenings", "attendance", "agreements", "targets"):
        path = folder / f"{name}.csv"
        if path.is_file():
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv($path)", {"path": str(path)})
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu, "peak_rss_mb": peak_rss_mb()}


def cold_load(args: dict) -> dict:
    """Database(...) on files it has never seen: load, validate, save the store, open it."""
    from cinecoop.db import Database

    imported, cpu = time.perf_counter(), time.process_time()
    database = Database(Path(args["folder"]), VIEWS_DIR, store_dir=Path(args["store_dir"]))
    seconds = time.perf_counter() - imported
    report = database.report
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "import_seconds": imported - STARTED,
        "timings": database.timings,
        "store_status": database.store_status,
        "peak_rss_mb": peak_rss_mb(),
        "rows_loaded": {table.table: table.rows_loaded for table in report.tables},
        "problems": len(report.problems),
    }


def update(args: dict) -> dict:
    """A server's next rerun after a new month's part arrived: Database(...) updates the store it was serving (the
    previous store of the folder) with the new files, then the landing page (Overview) runs its queries, uncached."""
    from cinecoop.catalogue import load_catalogue
    from cinecoop.db import Database
    from cinecoop.filters import Filters

    catalogue = load_catalogue()
    overview = sorted(
        name for name, query in catalogue.items() if "overview" in {entry.split()[0] for entry in query.pages if entry.split()}
    )
    started, cpu = time.perf_counter(), time.process_time()
    database = Database(Path(args["folder"]), VIEWS_DIR, store_dir=Path(args["store_dir"]))
    opened = time.perf_counter()
    frames = {name: database.run(catalogue[name], Filters()).frame for name in overview}
    done = time.perf_counter()
    kpi = frames["kpi_summary"].iloc[0]
    return {
        "database_seconds": opened - started,
        "page_seconds": done - opened,
        "seconds": done - started,
        "cpu_seconds": time.process_time() - cpu,
        "timings": database.timings,
        "store_status": database.store_status,
        "update_refused": database.update_refused,
        "screenings": int(kpi["screenings"]),
        "rows_loaded": {table.table: table.rows_loaded for table in database.report.tables},
        "peak_rss_mb": peak_rss_mb(),
    }


def _median_time(action, repeat: int) -> float:
    return _median_times(action, repeat)[0]


def _median_times(action, repeat: int) -> tuple[float, float]:
    """The median wall time and the median CPU time (every thread of this process) of `repeat` runs."""
    times, cpu_times = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        action()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu)
    return statistics.median(times), statistics.median(cpu_times)


def serve(args: dict) -> dict:
    """The queries behind each page, from the saved store, uncached (DuckDB's time) and through the app's result cache."""
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from cinecoop import loader
    from cinecoop.catalogue import bind_parameters, load_catalogue
    from cinecoop.db import Database, QueryError
    from cinecoop.ui import data as ui_data

    repeat = int(args["repeat"])
    started = time.perf_counter()
    database = Database(Path(args["folder"]), VIEWS_DIR, store_dir=Path(args["store_dir"]), store_mode=args.get("mode", "attach"))
    open_seconds = time.perf_counter() - started
    catalogue = load_catalogue()
    pages: dict[str, list[str]] = {}
    # The dashboard's pages (pages/<name>_page.py) and the analyst charts; a header line that runs on makes up no page.
    known = {path.name.removesuffix("_page.py") for path in (ROOT / "pages").glob("*_page.py")} | {"analyst"}
    for query in catalogue.values():
        for page in {entry.split()[0] for entry in query.pages if entry.split()} & known:
            pages.setdefault(page, []).append(query.name)
    results: dict[str, dict] = {}
    errors: dict[str, str] = {}
    for filters_name, filters in filter_sets().items():
        per_query: dict[str, dict[str, float]] = {}
        for name, query in sorted(catalogue.items()):
            if not any(query.pages):
                continue
            try:
                first = time.perf_counter()
                database.run(query, filters)
                first_seconds = time.perf_counter() - first
                uncached, uncached_cpu = _median_times(lambda query=query, filters=filters: database.run(query, filters), max(repeat, 5))
            except QueryError as error:
                errors[name] = str(error).splitlines()[0]
                continue
            parameters = bind_parameters(query, filters)
            key = json.dumps(parameters, default=str, sort_keys=True)

            def cached(query=query, parameters=parameters, key=key) -> None:
                # What app.run() does on a hit: the cache lookup, then a copy of the frame for the page.
                frame, _ = ui_data._cached_frame(database.fingerprint, query.body, key, database, parameters)
                frame.copy()

            cached()  # the miss that fills the cache
            per_query[name] = {
                "first": first_seconds,
                "uncached": uncached,
                "uncached_cpu": uncached_cpu,
                "cached": _median_time(cached, max(repeat, 5)),
            }
        results[filters_name] = {
            "queries": per_query,
            "pages": {
                page: {
                    "queries": len([name for name in names if name in per_query]),
                    "uncached": sum(per_query[name]["uncached"] for name in names if name in per_query),
                    "uncached_cpu": sum(per_query[name]["uncached_cpu"] for name in names if name in per_query),
                    "cached": sum(per_query[name]["cached"] for name in names if name in per_query),
                    "first": sum(per_query[name]["first"] for name in names if name in per_query),
                }
                for page, names in sorted(pages.items())
            },
        }
    kpi = {}
    for filters_name, filters in filter_sets().items():
        row = database.run(catalogue["kpi_summary"], filters).frame.iloc[0]
        kpi[filters_name] = {key: _plain(row[key]) for key in row.index}
    cursor = database.cursor()
    sizes = {
        table: cursor.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        for table in ("screening_facts", "attendance", *loader.AGGREGATES, "source_facts")
    }
    return {
        "store_status": database.store_status,
        "open_seconds": open_seconds,
        "page_queries": pages,
        "results": results,
        "errors": errors,
        "kpi": kpi,
        "table_rows": sizes,
        "peak_rss_mb": peak_rss_mb(),
    }


def _plain(value: object) -> object:
    """A number from a frame as a plain Python value (NaN and NA as None)."""
    if value is None or value != value:
        return None
    return value.item() if hasattr(value, "item") else value


def pandas_way(args: dict) -> dict:
    """kpi_summary's numbers computed with pandas on frames already read (the read is timed apart)."""
    from benchmarks import pandas_way as way

    started = time.perf_counter()
    frames = way.read(Path(args["folder"]))
    read_seconds = time.perf_counter() - started
    repeat = int(args["repeat"])
    out = {"read_seconds": read_seconds}
    for filters_name, filters in filter_sets().items():
        values = way.kpi_summary(frames, filters)
        out[filters_name] = {"seconds": _median_time(lambda filters=filters: way.kpi_summary(frames, filters), repeat), "values": values}
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def restart(args: dict) -> dict:
    """A new server process on unchanged files: the store opened, then the Overview's headline numbers."""
    from cinecoop.catalogue import load_catalogue
    from cinecoop.db import Database
    from cinecoop.filters import Filters

    imported = time.perf_counter()
    database = Database(Path(args["folder"]), VIEWS_DIR, store_dir=Path(args["store_dir"]), store_mode=args.get("mode", "attach"))
    opened = time.perf_counter()
    database.run(load_catalogue()["kpi_summary"], Filters())
    done = time.perf_counter()
    return {
        "import_seconds": imported - STARTED,
        "database_seconds": opened - imported,
        "kpi_seconds": done - opened,
        "in_process_seconds": done - STARTED,
        "cpu_seconds": time.process_time(),
        "store_status": database.store_status,
        "loaded_from_csv": "load" in database.timings,
        "peak_rss_mb": peak_rss_mb(),
    }


_STEPS = (
    (re.compile(r"CREATE OR REPLACE TEMP TABLE raw_([a-z]+)_\d+_text"), "read {0} (DuckDB read_csv, all text)"),
    (re.compile(r"CREATE OR REPLACE TABLE stage_([a-z]+)_\d+ AS"), "type and check {0} (one pass, written as the table)"),
    (re.compile(r"repeats the id|repeats the row"), "repeated ids and rows"),
    (re.compile(r"names no \w+ in"), "rows naming a screening or film that is not there"),
    (re.compile(r"CREATE OR REPLACE TABLE screening_facts AS"), "screening_facts (admissions per screening, film, calendar)"),
    (
        re.compile(
            r"CREATE OR REPLACE TABLE (screening_day_facts|film_day_facts|venue_day_facts|occupancy_band_day_facts|gross_day_facts|source_facts) AS"
        ),
        "pre-aggregated facts (six tables)",
    ),
    (re.compile(r"CREATE OR REPLACE (TABLE|MACRO)"), "film titles, release facts, macros (rest of core_views.sql)"),
    (re.compile(r"^\s*(DELETE|ALTER|DROP|INSERT INTO load_rejected_rows)"), "finish the tables (rejected rows, helper columns)"),
)


class _TimedConnection:
    """A connection that adds each statement's time to the step it belongs to (core_views.sql statement by statement)."""

    def __init__(self, con, steps: dict[str, float]):
        self._con = con
        self._steps = steps

    def execute(self, sql, parameters=None):
        from cinecoop import loader

        if parameters is None and sql == loader.CORE_SQL.read_text(encoding="utf-8"):
            for statement in self._con.extract_statements(sql):
                self.execute(statement.query)
            return self._con
        started = time.perf_counter()
        try:
            return self._con.execute(sql, parameters) if parameters is not None else self._con.execute(sql)
        finally:
            label = "other statements (reference tables, calendar, counts, warnings)"
            for pattern, template in _STEPS:
                match = pattern.search(sql)
                if match:
                    label = template.format(*match.groups())
                    break
            self._steps[label] = self._steps.get(label, 0.0) + time.perf_counter() - started

    def __getattr__(self, name):
        return getattr(self._con, name)


def load_steps(args: dict) -> dict:
    """Where the load's time goes: each statement's time by step, in memory (the store off), once."""
    import duckdb

    from cinecoop import loader

    con = duckdb.connect(":memory:")
    con.execute("SET temp_directory = ''")
    steps: dict[str, float] = {}
    started = time.perf_counter()
    loader.load(_TimedConnection(con, steps), Path(args["folder"]))
    total = time.perf_counter() - started
    steps["Python (file scans, building the SQL, the report)"] = total - sum(steps.values())
    return {"seconds": total, "steps": steps, "peak_rss_mb": peak_rss_mb()}


TASKS = {
    "floor": floor,
    "cold_load": cold_load,
    "serve": serve,
    "pandas": pandas_way,
    "restart": restart,
    "load_steps": load_steps,
    "update": update,
}


def main(argv: list[str]) -> int:
    task, arguments = argv[0], json.loads(argv[1])
    result = TASKS[task](arguments)
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
