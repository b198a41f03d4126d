"""Leadership never sees a traceback: an unexpected error shows a plain message, its details go to the server log."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import MINI_AGREEMENTS, MINI_ATTENDANCE, MINI_SCREENINGS, SAMPLE_DIR, screenshot, start_server, wait_for_app, write_folder

pytestmark = pytest.mark.browser

# What a traceback or an error's details would show: Python frames, file paths, DuckDB's error class and words.
TRACEBACK_SIGNS = re.compile(r"Traceback|File \"|\.py\b|line \d+, in|BinderException|Binder Error|Referenced column|/work/|/tmp/")


def data_folder(root: Path) -> Path:
    """Mini exports with their own copy of the reference tables, so the test can corrupt one."""
    folder = write_folder(root, {"screenings.csv": MINI_SCREENINGS, "attendance.csv": MINI_ATTENDANCE, "agreements.csv": MINI_AGREEMENTS})
    shutil.copytree(SAMPLE_DIR / "reference", folder / "reference")
    return folder


def drop_column(path: Path, name: str) -> None:
    """Rewrite a CSV without one column, as a hand edit in a spreadsheet might; the modification time moves on."""
    lines = path.read_text(encoding="utf-8").splitlines()
    position = lines[0].split(",").index(name)
    kept = [",".join(cell for index, cell in enumerate(line.split(",")) if index != position) for line in lines]
    stamp = path.stat().st_mtime_ns + 1_000_000_000
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))


def page_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_director_opening_the_dashboard_on_a_corrupted_reference_file_sees_a_plain_message_and_no_traceback(page, tmp_path: Path) -> None:
    folder = data_folder(tmp_path / "data")
    # The countries reference table loses its lat column: the load fails in a way no page expects.
    drop_column(folder / "reference" / "countries.csv", "lat")
    server = start_server(folder, log=tmp_path / "streamlit.log")
    try:
        page.goto(server.url)
        wait_for_app(page, timeout=90_000)
        page.wait_for_selector('[data-testid="stException"]', timeout=60_000)
        screenshot(page, "no-traceback-reference-corrupted")
        message = page.locator('[data-testid="stException"]').first.inner_text()
        assert "This app has encountered an error" in message
        assert not TRACEBACK_SIGNS.search(page_text(page)), page_text(page)
        assert page.locator('[data-testid="stExceptionTraceRow"], [data-testid="stExceptionTraceback"]').count() == 0
        # The details are in the server's log, for whoever runs the server.
        log = server.log()
        assert "Traceback" in log
        assert "BinderException" in log and '"lat"' in log
    finally:
        server.stop()


def test_director_keeps_the_figures_when_a_reference_file_is_corrupted_while_the_dashboard_serves(page, tmp_path: Path) -> None:
    folder = data_folder(tmp_path / "data")
    server = start_server(folder, log=tmp_path / "streamlit.log")
    try:
        page.goto(server.url)
        wait_for_app(page, timeout=90_000)
        page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
        before = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        drop_column(folder / "reference" / "countries.csv", "lat")
        page.reload()
        wait_for_app(page, timeout=90_000)
        page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
        screenshot(page, "no-traceback-reference-corrupted-while-serving")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stMetricValue"]').all_inner_texts() == before
        banner = page.locator('[data-testid="stAlertContentWarning"]').filter(has_text="could not be loaded")
        assert banner.count() == 1
        assert "showing the data loaded at" in banner.inner_text()
        assert "Traceback" not in page_text(page)
    finally:
        server.stop()
