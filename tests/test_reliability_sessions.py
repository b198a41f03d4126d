"""Many sessions at once: ten browser sessions in English, Persian and Russian switch pages and filters on one server while
Persian briefs are built; no error, every KPI right, every page in its own session's language."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_DIR

from benchmarks.loadtest import run_sessions

pytestmark = pytest.mark.browser


def test_ten_directors_in_three_languages_switching_pages_at_once_each_see_their_own_language_and_the_right_kpis(
    sample_server,
) -> None:
    result = run_sessions(sample_server.url, sessions=10, seconds=30, data_dir=SAMPLE_DIR)
    assert result["page_seconds"], result["notes"]
    assert result["errors"] == 0, result["notes"]
    # Every session opens the Overview first, so each one compared its five KPI cards at least once.
    assert result["checks"] >= 10 * 5
    assert result["kpi_mismatches"] == 0, result["notes"]
    assert result["language_checks"] >= 10
    assert result["language_mismatches"] == 0, result["notes"]
