"""Many sessions at once: concurrent browser sessions switch pages and filters on one server; errors, page times, KPI checks.

`python -m benchmarks.loadtest [--sessions 30 --seconds 60]` starts the dashboard (cinecoop.launch) on loopback with the sample data,
drives that many Playwright browser contexts (one Debian Chromium) against it for a bounded time, prints the
median and 95th-percentile page time and writes them, with the machine, the date and the command, to
docs/reliability.md. tests/test_reliability_sessions.py runs a short five-session version in the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import math
import os
import platform
import random
import re
import shlex
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from cinecoop.browser import CHROMIUM_ARGS, chromium_path
from cinecoop.launch import serve

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reliability.md"
PAGES = ("/", "/screenings", "/exchange", "/agreements", "/regional", "/data_quality")
TITLES = {
    "/": "Overview",
    "/screenings": "Screenings and attendance",
    "/exchange": "Exchange balance",
    "/agreements": "Agreements",
    "/regional": "Regional programmes",
    "/data_quality": "Data quality",
}
# Sessions take the dashboard's languages in turn; each must only ever see its own.
LANGUAGES = ("en", "fa", "ru")
PAGE_TIMEOUT_MS = 120_000
# A page is done when Streamlit's app root says the script run is over (data-test-script-state).
SCRIPT_FINISHED = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
MARKER_START = "<!-- loadtest:start -->"
MARKER_END = "<!-- loadtest:end -->"


# -- the filters a session picks from, and the KPIs each should show -------------------------------------------
@dataclass(frozen=True)
class FilterSet:
    """One link's filters: the query string a session opens, and the same filters for the in-process query."""

    link: tuple[tuple[str, str], ...]

    def query_string(self) -> str:
        return ("?" + urlencode(self.link)) if self.link else ""

    def filters(self):
        from cinecoop.filters import Filters

        values: dict[str, list[str]] = {}
        for key, value in self.link:
            values.setdefault(key, []).append(value)
        return Filters(
            start=dt.date.fromisoformat(values["start"][0]) if "start" in values else None,
            end=dt.date.fromisoformat(values["end"][0]) if "end" in values else None,
            programs=tuple(values.get("program", [])),
            host_countries=tuple(values.get("host", [])),
        )


def filter_sets(data_dir: Path) -> tuple[list[FilterSet], dict[FilterSet, dict[str, object]]]:
    """Link filters built from the data (programmes, host countries, its last year), and kpi_summary for each, in process."""
    from cinecoop.catalogue import load_catalogue
    from cinecoop.db import Database

    database = Database(data_dir, ROOT / "queries" / "views")
    try:
        cursor = database.cursor()
        programs = [row[0] for row in cursor.execute("SELECT program FROM screenings GROUP BY 1 ORDER BY count(*) DESC, 1").fetchall()]
        hosts = [row[0] for row in cursor.execute("SELECT host_country FROM screenings GROUP BY 1 ORDER BY count(*) DESC, 1").fetchall()]
        last = cursor.execute("SELECT max(screening_date) FROM screenings").fetchall()[0][0] or dt.date.today()
        year = last.year
        # A link without dates opens on the landing year; ("dates", "all") asks for all dates, as a copied link does.
        sets = [
            FilterSet((("dates", "all"),)),
            FilterSet((("start", f"{year}-01-01"), ("end", f"{year}-12-31"))),
            FilterSet((("start", f"{year - 1}-01-01"), ("end", f"{year - 1}-12-31"))),
        ]
        if programs:
            sets.append(FilterSet((("dates", "all"), ("program", programs[0]))))
            sets.append(FilterSet((("start", f"{year}-01-01"), ("end", f"{year}-06-30"), ("program", programs[-1]))))
        if programs and hosts:
            sets.append(FilterSet((("dates", "all"), ("program", programs[0]), ("host", hosts[0]))))
        if len(programs) > 1 and len(hosts) > 1:
            sets.append(
                FilterSet(
                    (
                        ("start", f"{year - 1}-07-01"),
                        ("end", f"{year}-03-31"),
                        ("program", programs[1]),
                        ("program", programs[0]),
                        ("host", hosts[1]),
                    )
                )
            )
        query = load_catalogue()["kpi_summary"]
        expected = {}
        for filter_set in sets:
            row = database.run(query, filter_set.filters()).frame.iloc[0].to_dict()
            expected[filter_set] = {name: (None if _missing(value) else float(value)) for name, value in row.items()}
        return sets, expected
    finally:
        database.close()


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def shown_number(text: str) -> float | None:
    """A card value as a number, in any of the dashboard's languages: "12,345" / "12 345" / "۱۲٬۳۴۵" -> 12345,
    "43.3%" / "43,3 %" / "۴۳٫۳٪" -> 0.433, "—" -> None."""
    text = text.strip().translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    if text in ("—", "-", ""):
        return None
    percent = text.endswith(("%", "٪"))
    # Thousands marks (comma, no-break space, Arabic thousands separator) go; the decimal mark becomes a point.
    digits = text.rstrip("%٪").strip().replace("\u00a0", "").replace(" ", "").replace("٬", "").replace("٫", ".")
    digits = digits.replace(",", ".") if percent and "," in digits and "." not in digits else digits.replace(",", "")
    return float(digits) / 100 if percent else float(digits)


def kpi_matches(metric: str, shown: float | None, expected: float | None) -> bool:
    if shown is None or expected is None:
        return shown is None and expected is None
    if metric == "occupancy":
        return abs(shown - expected) <= 0.0005 + 1e-9  # the card shows a tenth of a percent
    return shown == expected


# -- the sessions ------------------------------------------------------------------------------------------
@dataclass
class Tally:
    errors: int = 0
    page_seconds: list[float] = field(default_factory=list)
    kpi_mismatches: int = 0
    checks: int = 0
    language_checks: int = 0
    language_mismatches: int = 0
    briefs: int = 0
    notes: list[str] = field(default_factory=list)


async def _session(browser, number: int, base_url: str, deadline: float, sets: list[FilterSet], expected: dict, tally: Tally) -> None:
    """One director reading in their own language: open a page with a filter link, wait for the script to finish, count
    errors, check the page speaks that language and the KPIs; a Persian director also prepares a brief now and then (the
    brief is built in the server, and must not switch anybody else's language). Repeat."""
    from cinecoop.i18n import t
    from cinecoop.kpi import CARD_METRICS

    language = LANGUAGES[number % len(LANGUAGES)]
    labels = {t(label, language): metric for metric, label in CARD_METRICS}
    chooser = random.Random(number)  # each session its own fixed walk, so a run can be repeated
    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    page = await context.new_page()
    try:
        first = True
        while time.monotonic() < deadline:
            # Each director first opens the link to the Overview (filters differ by session), then wanders.
            path = "/" if first else chooser.choice(PAGES)
            filter_set = sets[number % len(sets)] if first else chooser.choice(sets)
            first = False
            started = time.perf_counter()
            link = filter_set.query_string()
            link = link + ("&" if link else "?") + f"lang={language}" if language != "en" else link
            try:
                await page.goto(base_url + path + link, timeout=PAGE_TIMEOUT_MS)
                await page.wait_for_selector(SCRIPT_FINISHED, timeout=PAGE_TIMEOUT_MS)
                finished = time.perf_counter() - started
                # A run the page starts by itself (the link written back) would begin right after: wait it out too.
                await page.wait_for_timeout(300)
                await page.wait_for_selector(SCRIPT_FINISHED, timeout=PAGE_TIMEOUT_MS)
            except Exception as error:  # a page that never finishes is an error of the run, not of the load test
                tally.errors += 1
                tally.notes.append(
                    f"session {number} {path}{filter_set.query_string()}: {type(error).__name__}: {str(error).splitlines()[0]}"
                )
                continue
            tally.page_seconds.append(finished)
            tally.language_checks += 1
            heading = (await page.locator('[data-testid="stHeading"] h1').first.inner_text()).strip()
            if heading != t(TITLES[path], language):
                tally.language_mismatches += 1
                tally.notes.append(f"session {number} ({language}) {path}: the title reads {heading!r}, not {t(TITLES[path], language)!r}")
            # The first Persian session always asks for one brief, so every run has a brief built among the others.
            if language == "fa" and path != "/" and ((number == 1 and not tally.briefs) or chooser.random() < 0.25):
                with contextlib.suppress(Exception):
                    await page.get_by_role("button", name=t("Prepare brief (PDF)", language)).click(timeout=PAGE_TIMEOUT_MS)
                    await page.get_by_role("button", name=t("Brief (PDF)", language)).wait_for(timeout=PAGE_TIMEOUT_MS)
                    tally.briefs += 1
            errors = await page.locator(ERRORS).all_inner_texts()
            if errors:
                tally.errors += len(errors)
                tally.notes.append(f"session {number} {path}{filter_set.query_string()}: {errors[0][:200]}")
            if path == "/":
                # The cards are drawn by a component the browser loads on demand, a moment after the script has finished.
                # No cards within the time limit: every KPI below then counts as a mismatch.
                with contextlib.suppress(Exception):
                    await page.wait_for_function(
                        f"() => document.querySelectorAll('[data-testid=\"stMetric\"]').length >= {len(CARD_METRICS)}",
                        timeout=PAGE_TIMEOUT_MS,
                    )
                shown = {}
                for card in await page.locator('[data-testid="stMetric"]').all():
                    label = (await card.locator('[data-testid="stMetricLabel"]').inner_text()).strip()
                    if label in labels:
                        shown[labels[label]] = shown_number(await card.locator('[data-testid="stMetricValue"]').inner_text())
                for metric, _ in CARD_METRICS:
                    tally.checks += 1
                    want = expected[filter_set].get(metric)
                    if metric not in shown or not kpi_matches(metric, shown[metric], want):
                        tally.kpi_mismatches += 1
                        tally.notes.append(
                            f"session {number} /{filter_set.query_string()}: {metric} shows {shown.get(metric)!r}, kpi_summary gives {want!r}"
                        )
    finally:
        await context.close()


async def _run(base_url: str, sessions: int, seconds: float, sets: list[FilterSet], expected: dict) -> Tally:
    from playwright.async_api import async_playwright

    tally = Tally()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=list(CHROMIUM_ARGS))
        try:
            deadline = time.monotonic() + seconds
            await asyncio.gather(*(_session(browser, number, base_url, deadline, sets, expected, tally) for number in range(sessions)))
        finally:
            await browser.close()
    return tally


def run_sessions(base_url: str, sessions: int, seconds: float, data_dir: Path) -> dict:
    """Drive `sessions` concurrent browser sessions against the server at base_url (loopback only) for about `seconds`.

    Returns {"errors", "page_seconds", "kpi_mismatches", "checks", "notes"}: error elements and pages that never
    finished; the time of every page until its script finished; KPI cards on the Overview that differ from
    kpi_summary for the session's filters (computed once per filter set in process), and how many were compared."""
    host = re.match(r"^https?://([^/:]+)", base_url)
    if host is None or host.group(1) not in ("127.0.0.1", "localhost", "::1", "[::1]"):
        raise ValueError(f"the load test drives a server on this machine only, not {base_url}")
    if sessions < 1 or seconds <= 0:
        raise ValueError("sessions must be at least 1 and seconds above 0")
    sets, expected = filter_sets(Path(data_dir))
    outcome: dict[str, object] = {}

    # Playwright's async API gets a thread of its own: the caller may already hold an event loop (pytest with the sync API).
    def work() -> None:
        try:
            outcome["tally"] = asyncio.run(_run(base_url.rstrip("/"), sessions, seconds, sets, expected))
        except BaseException as error:
            outcome["error"] = error

    worker = threading.Thread(target=work, name="loadtest")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    tally: Tally = outcome["tally"]
    return {
        "errors": tally.errors,
        "page_seconds": tally.page_seconds,
        "kpi_mismatches": tally.kpi_mismatches,
        "checks": tally.checks,
        "language_checks": tally.language_checks,
        "language_mismatches": tally.language_mismatches,
        "briefs": tally.briefs,
        "notes": tally.notes,
    }


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95 -> the value 95 % of pages took at most)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(round(share * len(ordered), 9)))
    return ordered[rank - 1]


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kilobytes = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kilobytes / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    chromium = chromium_path() or "chromium"
    try:
        version = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        version = chromium
    return (
        f"{model}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; Python {platform.python_version()}; {version}"
    )


def report_section(result: dict, sessions: int, seconds: float, command: str, data_dir: Path) -> str:
    times = result["page_seconds"]
    median = statistics.median(times) if times else float("nan")
    p95 = percentile(times, 0.95) if times else float("nan")
    lines = [
        MARKER_START,
        "## Many sessions at once: the load test",
        "",
        f"- Date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- Machine: {machine()}",
        f"- Command: `{command}`",
        f"- Data: `{data_dir}`; one `streamlit run` on 127.0.0.1, one headless Chromium with {sessions} browser contexts",
        f"- Load average when the run began: {result.get('load_before', '?')} (other work on the machine competes for the same cores)",
        "",
        "| sessions | seconds | pages | median page time | 95th percentile | errors | KPI checks | KPI mismatches "
        "| pages in another session's language | briefs prepared |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {sessions} | {seconds:g} | {len(times)} | {median:.2f} s | {p95:.2f} s | {result['errors']} | {result['checks']} "
        f"| {result['kpi_mismatches']} | {result['language_mismatches']} of {result['language_checks']} | {result['briefs']} |",
        "",
        "A page's time runs from the browser asking for the link (a page of the six leadership pages with start, end,",
        "program and host filters) until Streamlit reports that the page's script has finished; the browser then draws",
        "the charts. Every KPI card a session saw on the Overview was compared with `kpi_summary` for its filters.",
        "Sessions read in English, Persian and Russian in turn (lang= in their links); every page's title was checked to be",
        "in the session's own language, while the Persian sessions prepared PDF briefs in the same server process.",
        MARKER_END,
    ]
    return "\n".join(lines)


def write_report(section: str) -> None:
    """Replace the load test's section of docs/reliability.md (or add it), leaving the rest of the file as it is."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Reliability\n"
    if MARKER_START in text and MARKER_END in text:
        before, rest = text.split(MARKER_START, 1)
        after = rest.split(MARKER_END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help="concurrent browser sessions (default 30)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the sessions run (default 60)")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder the server reads (default data/)")
    parser.add_argument("--no-write", action="store_true", help="print the figures without writing docs/reliability.md")
    args = parser.parse_args(argv)
    data_dir = args.data.resolve()
    server = serve(data_dir, ROOT / "artifacts" / "loadtest-streamlit.log")
    load_before = " ".join(f"{value:.1f}" for value in os.getloadavg())
    try:
        result = run_sessions(server.url, args.sessions, args.seconds, data_dir)
    finally:
        server.stop()
    result["load_before"] = load_before
    times = result["page_seconds"]
    for note in result["notes"][:20]:
        print(note)
    if times:
        print(f"{args.sessions} sessions, {args.seconds:g} s: {len(times)} pages, median {statistics.median(times):.2f} s, "
              f"95th percentile {percentile(times, 0.95):.2f} s")  # fmt: skip
    print(f"errors {result['errors']}, KPI mismatches {result['kpi_mismatches']} of {result['checks']} checks")
    if not args.no_write:
        command = "python -m benchmarks.loadtest " + shlex.join(argv if argv is not None else sys.argv[1:])
        write_report(report_section(result, args.sessions, args.seconds, command.strip(), data_dir))
        print(f"written to {DOC.relative_to(ROOT)}")
    return 0 if result["errors"] == 0 and result["kpi_mismatches"] == 0 and times else 1


if __name__ == "__main__":
    raise SystemExit(main())
