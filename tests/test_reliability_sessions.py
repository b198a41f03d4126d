"""Many sessions at once: five browser sessions switch pages and filters on one server; no error, every KPI right."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_DIR

from benchmarks.loadtest import run_sessions

pytestmark = pytest.mark.browser


def test_five_directors_switching_pages_and_filters_at_once_see_no_error_and_the_right_kpis(sample_server) -> None:
    result = run_sessions(sample_server.url, sessions=5, seconds=25, data_dir=SAMPLE_DIR)
    assert result["page_seconds"], result["notes"]
    assert result["errors"] == 0, result["notes"]
    # Every session opens the Overview first, so each one compared its five KPI cards at least once.
    assert result["checks"] >= 5 * 5
    assert result["kpi_mismatches"] == 0, result["notes"]
