"""`make bench`: measure load, page queries, the pandas way, memory, restart and concurrent sessions, and write the report.

python -m benchmarks.run                                   # sample, 10k, 100k, 1m, 10m; 3 runs; docs/benchmarks.md
python -m benchmarks.run --sizes 10k,100k --repeat 1 --quick
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import importlib.util
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import datasets, report

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "benchmarks" / "results"
DEFAULT_SIZES = "sample,10k,100k,1m,10m"
QUICK_SIZES = "sample,10k,100k"
TASK_TIMEOUT_SECONDS = 3600


def _log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def task(name: str, arguments: dict, env: dict[str, str] | None = None) -> dict:
    """Run benchmarks.measure TASK in a fresh process; its wall time as seen from here is `wall_seconds`."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure", name, json.dumps(arguments)],
        cwd=ROOT,
        env=dict(os.environ, **(env or {})),
        capture_output=True,
        text=True,
        timeout=TASK_TIMEOUT_SECONDS,
    )
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"benchmarks.measure {name} failed:\n{completed.stderr[-4000:]}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["wall_seconds"] = wall
    return result


def median(values: list[float]) -> float | None:
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def machine() -> dict[str, object]:
    memory_kb = 0
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in ("duckdb", "pandas", "pyarrow", "streamlit", "plotly", "numpy"):
        try:
            versions[package] = importlib.import_module(package).__version__
        except Exception:  # a missing package is reported as such, not a crash of the benchmark
            versions[package] = "not installed"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout.strip())
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
    }


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def measure_size(data: datasets.DataSet, repeat: int, scratch: Path) -> dict:
    """Every single-process measurement of one data set."""
    folder = str(data.folder)
    out: dict[str, object] = {"load_average_before": load_average()}
    floors, loads, starts = [], [], []
    store = scratch / f"store-{data.name}"
    for run in range(repeat):
        # Interleaved, so all three see the same machine. The load and validation runs with the store off (everything
        # in memory); the first start writes the store into an empty folder, as a server does the first time.
        floors.append(task("floor", {"folder": folder}))
        loads.append(task("cold_load", {"folder": folder, "store_dir": str(store)}, env={"CINECOOP_STORE": "off"}))
        shutil.rmtree(store, ignore_errors=True)
        starts.append(task("cold_load", {"folder": folder, "store_dir": str(store)}))
        _log(
            f"  {data.name} run {run + 1}: floor {floors[-1]['seconds']:.2f}s, load {loads[-1]['seconds']:.2f}s, "
            f"first start {starts[-1]['seconds']:.2f}s ({starts[-1]['store_status']})"
        )
    out["floor"] = floors
    out["cold_load"] = loads
    out["first_start"] = starts
    _log(f"  {data.name}: page queries")
    out["serve"] = task("serve", {"folder": folder, "store_dir": str(store), "repeat": repeat, "mode": "attach"})
    _log(f"  {data.name}: the pandas way")
    out["pandas"] = task("pandas", {"folder": folder, "repeat": repeat})
    _log(f"  {data.name}: restarts")
    out["restart"] = {
        mode: [task("restart", {"folder": folder, "store_dir": str(store), "mode": mode}) for _ in range(repeat)]
        for mode in ("attach", "copy")
    }
    out["store_bytes"] = sum(path.stat().st_size for path in store.glob("*.duckdb"))
    if data.generated:
        _log(f"  {data.name}: a new month's part added to the store")
        out["update"] = measure_update(data, store, repeat)
    _log(f"  {data.name}: where the load's time goes")
    out["load_steps"] = task("load_steps", {"folder": folder})
    shutil.rmtree(store, ignore_errors=True)
    out["load_average_after"] = load_average()
    return out


# The new month's part: the month after the generated sets' last day, a hundredth of the set's screening rows.
UPDATE_MONTH = dt.date(2026, 11, 1)
UPDATE_SHARE = 0.01


def measure_update(data: datasets.DataSet, store: Path, repeat: int) -> list[dict]:
    """A new month's part (screenings/2026-11.csv and attendance/2026-11.csv, 1% of the rows) dropped into the folder
    of a loaded store: each run starts from the store of the folder as it was (the one the first start built), in a
    fresh process, until the Overview's queries have answered. The folder is put back as it was afterwards."""
    from cinecoop import samplegen

    base = {path.name for path in store.iterdir()}
    rows = max(1, int(data.screening_rows * UPDATE_SHARE))
    width = max(6, len(str(data.screening_rows)))
    parts = samplegen.write_month(data.folder, UPDATE_MONTH, rows, data.screening_rows + 1, width)
    runs = []
    try:
        for run in range(repeat):
            for path in parts:
                os.utime(path, ns=(time.time_ns(), time.time_ns() + run))  # a new modification time: a new file to the store
            result = task("update", {"folder": str(data.folder), "store_dir": str(store)})
            result["part_rows"] = rows
            runs.append(result)
            _log(
                f"  {data.name} update {run + 1}: {result['seconds']:.2f}s ({result['database_seconds']:.2f}s store, "
                f"{result['page_seconds']:.2f}s Overview) {result['store_status']}"
            )
            for path in store.iterdir():
                if path.name not in base:
                    path.unlink(missing_ok=True)
    finally:
        for path in parts:
            path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                path.parent.rmdir()
        for path in store.iterdir():
            if path.name not in base:
                path.unlink(missing_ok=True)
    return runs


def _process_cpu(pid: int) -> float:
    """User and system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, over all cores (Linux /proc/stat)."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK"), sum(ticks) / os.sysconf("SC_CLK_TCK")


def measure_sessions(sessions: int, seconds: float, scratch: Path) -> dict:
    """Twenty sessions at once on the sample data, through benchmarks.loadtest when it exists."""
    if importlib.util.find_spec("benchmarks.loadtest") is None:
        return {"skipped": "benchmarks/loadtest.py does not exist yet"}
    loadtest = importlib.import_module("benchmarks.loadtest")
    run_sessions = getattr(loadtest, "run_sessions", None)
    if run_sessions is None:
        return {"skipped": "benchmarks/loadtest.py has no run_sessions() yet"}
    from cinecoop.launch import serve

    data = datasets.prepare("sample")
    store = scratch / "store-sessions"
    # The store is built before the server starts, as after any first start: the sessions measure page reruns, not a load.
    task("cold_load", {"folder": str(data.folder), "store_dir": str(store)})
    server = serve(data.folder, scratch / "streamlit.log", env={"CINECOOP_STORE_DIR": str(store)})
    try:
        # Whose CPU the page time is: the server's own, against the whole machine's (browsers and other work included).
        server_before, machine_before = _process_cpu(server.process.pid), _machine_cpu()
        result = run_sessions(server.url, sessions, seconds, data.folder)
        server_cpu = _process_cpu(server.process.pid) - server_before
        busy, total = (after - before for after, before in zip(_machine_cpu(), machine_before, strict=True))
    finally:
        server.stop()
    page_seconds = sorted(result.get("page_seconds") or [])
    return {
        "server_cpu_seconds": server_cpu,
        "machine_busy_share": busy / total if total else None,
        "machine_cpu_seconds": busy,
        "notes": list(result.get("notes") or [])[:10],
        "checks": int(result.get("checks", 0)),
        "sessions": sessions,
        "seconds": seconds,
        "errors": int(result.get("errors", 0)),
        "kpi_mismatches": int(result.get("kpi_mismatches", 0)),
        "reruns": len(page_seconds),
        "median_seconds": median(page_seconds),
        "p95_seconds": page_seconds[min(len(page_seconds) - 1, int(0.95 * len(page_seconds)))] if page_seconds else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help=f"comma-separated data sets (default {DEFAULT_SIZES}; with --quick {QUICK_SIZES})")
    parser.add_argument("--repeat", type=int, help="runs per measurement, the median is reported (default 3; with --quick 1)")
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, one run, a short session test; writes benchmarks/results/quick.md"
    )
    parser.add_argument("--out", type=Path, help="the Markdown report (default docs/benchmarks.md, or benchmarks/results/quick.md)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions of the load test (default 20)")
    parser.add_argument("--session-seconds", type=float, help="how long the sessions run (default 60; with --quick 20)")
    parser.add_argument("--no-sessions", action="store_true", help="skip the concurrent-sessions test")
    parser.add_argument("--regenerate", action="store_true", help="write the generated data sets again")
    args = parser.parse_args(argv)
    sizes = datasets.parse_sizes(args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES))
    repeat = args.repeat or (1 if args.quick else 3)
    out = args.out or (RESULTS_DIR / "quick.md" if args.quick else ROOT / "docs" / "benchmarks.md")
    command = "python -m benchmarks.run" + (" " + shlex.join(argv if argv is not None else sys.argv[1:]) if (argv or sys.argv[1:]) else "")
    started = dt.datetime.now()
    results: dict[str, object] = {
        "date": started.isoformat(timespec="seconds"),
        "command": command,
        "repeat": repeat,
        "machine": machine(),
        "load_average_start": load_average(),
        "sizes": {},
    }
    _log(f"benchmarks: sizes {', '.join(sizes)}, {repeat} run(s) each; load average {results['load_average_start']}")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    raw = RESULTS_DIR / f"bench-{started:%Y%m%d-%H%M%S}.json"
    scratch = Path(tempfile.mkdtemp(prefix="cinecoop-bench-", dir=datasets.bench_dir() if datasets.bench_dir().exists() else None))
    try:
        for name in sizes:
            _log(f"{name}: preparing the data set")
            data = datasets.prepare(name, regenerate=args.regenerate)
            measured = measure_size(data, repeat, scratch)
            measured["data"] = {
                "folder": str(data.folder),
                "screening_rows": data.screening_rows,
                "attendance_rows": data.attendance_rows,
                "csv_bytes": data.csv_bytes,
                "generated_seconds": data.generated_seconds,
            }
            results["sizes"][name] = measured
            # Kept after each data set: a run that fails later (a 10M set takes half an hour) keeps what it measured.
            raw.write_text(json.dumps(results, indent=1, default=str))
        if args.no_sessions:
            results["sessions"] = {"skipped": "--no-sessions"}
        else:
            _log("sessions: concurrent page reruns on the sample")
            results["sessions"] = measure_sessions(args.sessions, args.session_seconds or (20.0 if args.quick else 60.0), scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    results["load_average_end"] = load_average()
    results["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    raw.write_text(json.dumps(results, indent=1, default=str))
    report.write(results, out)
    _log(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} and {raw.relative_to(ROOT)}")
    print(report.summary_text(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
