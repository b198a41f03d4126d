"""`make bench` end to end on the smallest set: every measure, the sessions in a real browser included, runs and the
report is written. The numbers are not judged here (tests never assert on time); a benchmark that fails after half an
hour of measuring is what this catches."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser


def test_the_benchmark_measures_every_part_and_writes_its_report(tmp_path):
    report = tmp_path / "benchmarks.md"
    env = {**os.environ, "CINECOOP_BENCH_DIR": str(tmp_path / "sets")}
    arguments = ["--sizes", "sample", "--repeat", "1", "--sessions", "1", "--session-seconds", "5", "--out", str(report)]
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    text = report.read_text()
    for section in ("## Results", "## Targets", "## Twenty sessions at once"):
        assert section in text, section
    assert "| sample |" in text
    assert "**0 errors**" in text, text.split("## Twenty sessions at once")[1][:600]
    # The raw measurements were kept beside the report, the sessions among them.
    written = completed.stderr + completed.stdout
    raw = next(ROOT / word for word in written.split() if word.startswith("benchmarks/results/bench-") and word.endswith(".json"))
    try:
        results = json.loads(raw.read_text())
        assert results["sessions"]["sessions"] == 1 and results["sessions"]["errors"] == 0
        assert set(results["sizes"]) == {"sample"}
    finally:
        raw.unlink(missing_ok=True)
