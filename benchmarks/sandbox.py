"""The sandbox's limits measured: memory bombs and an uninterruptible call on the command line (peak memory of the whole
process tree), a worker's start-up, and a leadership page and a small query while four analysts run memory bombs.

python -m benchmarks.sandbox                       # on the shipped sample; prints Markdown, writes benchmarks/results/
python -m benchmarks.sandbox --bomb-limit 1GB      # the concurrent part with a smaller memory limit per worker
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks import proctree

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "benchmarks" / "results"
GB = 1_000_000_000
STATEMENTS = {
    "repeat('x', 5000000) x 10000 rows": "SELECT repeat('x', 5000000) AS s FROM range(10000)",
    "list_sum(range(400000000))": "SELECT list_sum(range(400000000))",
    "unnest(range(300000000))": "SELECT count(*) FROM (SELECT unnest(range(300000000)))",
    "levenshtein of two 200,000-character strings": "SELECT levenshtein(repeat('a', 200000), repeat('b', 200000))",
}
# Past this the measuring process kills the tree: a measurement must never take the machine down.
GUARD_BYTES = 6 * GB


def command_line(data_dir: Path, store_dir: Path, sql: str) -> dict:
    """`python -m cinecoop sql` as an analyst runs it; the process tree's resident memory sampled every 10 ms."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CINECOOP_")}
    environment["CINECOOP_STORE_DIR"] = str(store_dir)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "cinecoop", "sql", sql, "--data", str(data_dir)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    peak, processes, killed = 0, 0, False
    while process.poll() is None:
        pids = proctree.tree(process.pid)
        processes = max(processes, len(pids))
        total = sum(proctree.resident(pid) for pid in pids)
        peak = max(peak, total)
        if total > GUARD_BYTES and not killed:
            killed = True
            os.killpg(process.pid, signal.SIGKILL)
        time.sleep(0.01)
    stdout, stderr = process.communicate()
    return {
        "seconds": time.perf_counter() - started,
        "exit_code": process.returncode,
        "peak_tree_bytes": peak,
        "processes": processes,
        "killed_by_guard": killed,
        "stderr": stderr.strip(),
        "stdout_bytes": len(stdout),
    }


def start_up(data_dir: Path, store_dir: Path, repeat: int) -> dict:
    """A worker's start (spawn to ready), and a small statement's time with no warm worker and with one."""
    os.environ["CINECOOP_STORE_DIR"] = str(store_dir)
    from cinecoop import worker
    from cinecoop.db import Database
    from cinecoop.sandbox import run_sandboxed

    database = Database(data_dir, ROOT / "queries" / "views")
    source = database.worker_source()
    starts, cold, warm = [], [], []
    for _ in range(repeat):
        started = time.perf_counter()
        one = worker._Worker(source)
        starts.append(time.perf_counter() - started)
        one.close()
    for attempt in range(repeat):
        worker.stop_all()
        worker.keep_warm(0)
        started = time.perf_counter()
        run_sandboxed(database, "SELECT 1", owner=f"cold {attempt}")
        cold.append(time.perf_counter() - started)
    worker.stop_all()
    worker.keep_warm(1)
    pool = worker.pool_for(source)
    pool.top_up()
    for attempt in range(repeat):
        while not pool._idle:
            time.sleep(0.05)
        started = time.perf_counter()
        run_sandboxed(database, "SELECT 1", owner=f"warm {attempt}")
        warm.append(time.perf_counter() - started)
    worker.stop_all()
    database.close()
    return {
        "worker_start_seconds": statistics.median(starts),
        "small_statement_cold_seconds": statistics.median(cold),
        "small_statement_warm_seconds": statistics.median(warm),
        "repeat": repeat,
    }


def concurrent(data_dir: Path, store_dir: Path, memory_limit: str, seconds: float) -> dict:
    """Four analysts run the repeat() bomb over and over; meanwhile the Overview's queries run in the server process, and a
    fifth analyst runs a small statement."""
    os.environ["CINECOOP_STORE_DIR"] = str(store_dir)
    from cinecoop import worker
    from cinecoop.catalogue import load_catalogue
    from cinecoop.db import Database
    from cinecoop.filters import Filters
    from cinecoop.sandbox import SandboxError, run_sandboxed

    server = Database(data_dir, ROOT / "queries" / "views")
    analysts = Database(data_dir, ROOT / "queries" / "views", memory_limit=memory_limit)
    overview = [query for query in load_catalogue().values() if "overview" in query.pages]

    def page_seconds() -> float:
        started = time.perf_counter()
        for query in overview:
            server.run(query, Filters())
        return time.perf_counter() - started

    idle_page = statistics.median(page_seconds() for _ in range(5))
    stop = threading.Event()
    answers: list[str] = []

    def bombard(name: str) -> None:
        while not stop.is_set():
            try:
                run_sandboxed(analysts, STATEMENTS["repeat('x', 5000000) x 10000 rows"], owner=name, timeout=60)
            except SandboxError as error:
                answers.append(str(error))

    pool = worker.pool_for(analysts.worker_source())
    threads = [threading.Thread(target=bombard, args=(f"analyst {n}",), daemon=True) for n in range(4)]
    for thread in threads:
        thread.start()
    while pool.running() < 4:
        time.sleep(0.02)
    busy_pages, small, peak = [], [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        busy_pages.append(page_seconds())
        started = time.perf_counter()
        run_sandboxed(analysts, "SELECT 42", owner="analyst 5")
        small.append(time.perf_counter() - started)
        peak = max(peak, sum(proctree.resident(pid) for pid in proctree.tree(os.getpid())))
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    worker.stop_all()
    server.close()
    analysts.close()
    return {
        "memory_limit": memory_limit,
        "seconds": seconds,
        "overview_queries": len(overview),
        "overview_idle_seconds": idle_page,
        "overview_busy_seconds_median": statistics.median(busy_pages),
        "overview_busy_runs": len(busy_pages),
        "small_statement_seconds_median": statistics.median(small),
        "bombs_stopped": len(answers),
        "bomb_answers": sorted(set(answers)),
        "peak_tree_bytes_sampled": peak,
    }


def _gb(value: float) -> str:
    return f"{value / GB:.2f} GB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sandbox", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder (default: the shipped sample)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each start-up measurement (median shown)")
    parser.add_argument("--bomb-limit", default="2GB", help="memory limit of the four concurrent analysts' workers")
    parser.add_argument("--busy-seconds", type=float, default=20.0, help="how long the four bombs run")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="cinecoop-sandbox-bench-"))
    store_dir = scratch / "store"
    results: dict[str, object] = {"started": dt.datetime.now().isoformat(timespec="seconds"), "load_average": os.getloadavg()}
    try:
        command_line(args.data, store_dir, "SELECT 1")  # saves the store once, so each command below only opens it
        results["command_line"] = {name: command_line(args.data, store_dir, sql) for name, sql in STATEMENTS.items()}
        results["start_up"] = start_up(args.data, store_dir, args.repeat)
        results["concurrent"] = concurrent(args.data, store_dir, args.bomb_limit, args.busy_seconds)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    results["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"sandbox-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")

    print(f"Load average at the start: {', '.join(f'{value:.2f}' for value in results['load_average'])}\n")
    print("| statement (cinecoop sql, default limits) | ends after | exit | peak of the process tree | processes | message |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, run in results["command_line"].items():
        print(
            f"| {name} | {run['seconds']:.1f} s | {run['exit_code']} | {_gb(run['peak_tree_bytes'])} | {run['processes']} | "
            f"{run['stderr']} |"
        )
    up = results["start_up"]
    print(
        f"\nWorker start (spawn to ready, median of {up['repeat']}): {up['worker_start_seconds'] * 1000:.0f} ms; "
        f"a small statement with no warm worker: {up['small_statement_cold_seconds'] * 1000:.0f} ms, "
        f"with one: {up['small_statement_warm_seconds'] * 1000:.1f} ms."
    )
    busy = results["concurrent"]
    print(
        f"\nFour analysts' repeat() bombs for {busy['seconds']:g} s at {busy['memory_limit']} each ({busy['bombs_stopped']} stopped, "
        f"{'; '.join(busy['bomb_answers'])}): the Overview's {busy['overview_queries']} queries took "
        f"{busy['overview_busy_seconds_median'] * 1000:.0f} ms (median of {busy['overview_busy_runs']}; idle "
        f"{busy['overview_idle_seconds'] * 1000:.0f} ms); a fifth analyst's SELECT 42 {busy['small_statement_seconds_median'] * 1000:.0f} ms; "
        f"peak of this process tree sampled {_gb(busy['peak_tree_bytes_sampled'])}."
    )
    print(f"\nRaw: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
