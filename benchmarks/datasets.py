"""The benchmark data sets: the committed sample, and generated sets written outside the repository and reused."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from cinecoop import paths, samplegen

BENCH_DIR_ENV = "CINECOOP_BENCH_DIR"
DEFAULT_BENCH_DIR = Path.home() / ".cache" / "cinecoop-bench"
# Written last into a generated folder: a folder without it was cut short and is written again.
MARKER = ".complete.json"
SIZES = {"sample": None, "10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}


@dataclass(frozen=True)
class DataSet:
    name: str
    folder: Path
    screening_rows: int
    attendance_rows: int
    csv_bytes: int
    generated_seconds: float | None  # None when reused or the committed sample

    @property
    def generated(self) -> bool:
        """A generated folder outside the repository (the committed sample is never written to)."""
        return self.name != "sample"


def bench_dir() -> Path:
    return Path(os.environ.get(BENCH_DIR_ENV) or DEFAULT_BENCH_DIR).expanduser().resolve()


def parse_sizes(text: str) -> list[str]:
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in SIZES]
    if unknown:
        raise ValueError(f"unknown size {', '.join(unknown)} (choose from {', '.join(SIZES)})")
    return names


def _rows(path: Path) -> int:
    """Data rows of a one-line-per-record CSV (the generator writes no multi-line fields)."""
    count = 0
    last = b"\n"
    with open(path, "rb") as handle:
        while chunk := handle.read(16 * 1024 * 1024):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (0 if last == b"\n" else 1) - 1


def _bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.glob("*.csv"))


def prepare(name: str, regenerate: bool = False) -> DataSet:
    """The data set `name`: the committed sample, or a generated folder reused when complete."""
    count = SIZES[name]
    if count is None:
        folder = paths.SHIPPED_DATA_DIR
        return DataSet(name, folder, _rows(folder / "screenings.csv"), _rows(folder / "attendance.csv"), _bytes(folder), None)
    folder = bench_dir() / name
    marker = folder / MARKER
    # The shape of the rows too: a set written before the skewed (Zipf-like) distribution is written again.
    wanted = {"screenings": count, "seed": samplegen.DEFAULT_SEED, "distribution": samplegen.DISTRIBUTION}
    if not regenerate and marker.is_file():
        saved = json.loads(marker.read_text())
        if {key: saved.get(key) for key in wanted} == wanted:
            return DataSet(name, folder, count, saved["attendance_rows"], _bytes(folder), None)
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    samplegen.write_sample(folder, screenings=count)
    seconds = time.perf_counter() - started
    attendance = _rows(folder / "attendance.csv")
    marker.write_text(json.dumps({**wanted, "attendance_rows": attendance, "seconds": round(seconds, 2)}))
    return DataSet(name, folder, count, attendance, _bytes(folder), seconds)
