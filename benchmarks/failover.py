"""A replica lost without losing a reader: browser sessions on replicas behind HAProxy, one replica killed, each reader timed back.

`python -m benchmarks.failover [--replicas 2 --sessions 4] [--capacity 10,20]` starts the cluster (cinecoop.cluster) on
the sample data, opens each session's own filter link through the proxy, checks its KPI cards against `kpi_summary`
from the command line (a separate process that reads the CSV files itself), SIGKILLs the replica holding the most
sessions, and times each of its sessions until it shows the same view again, served by another replica, with the right
numbers. With --capacity it also measures what a session costs a replica (memory, page time). The figures go to
docs/reliability.md. tests/test_cluster.py runs a two-replica, four-session drill in the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.loadtest import CHROMIUM_ARGS, ERRORS, SCRIPT_FINISHED, chromium_path, kpi_matches, machine, percentile, shown_number

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reliability.md"
MARKER_START = "<!-- failover:start -->"
MARKER_END = "<!-- failover:end -->"
TIMEOUT_MS = 180_000
# Streamlit's own words while its WebSocket is down, in the status widget or the connection dialog.


@dataclass
class Session:
    """One reader: a browser context on a filter link, the replica serving it, and what it saw around the kill."""

    number: int
    link: tuple[tuple[str, str], ...]
    context: object = None
    page: object = None
    replica: str | None = None
    replica_after: str | None = None
    reconnect_seconds: float | None = None
    status_seen: list[str] = field(default_factory=list)
    # The app's WebSockets (/_stcore/stream): when each opened (monotonic time) and how many frames it brought.
    sockets: list[list[float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    @property
    def query_string(self) -> str:
        return "?" + urlencode(self.link) if self.link else ""


def links(data_dir: Path, store_dir: Path) -> list[tuple[tuple[str, str], ...]]:
    """Filter links that give different numbers on the sample: two years, a programme, a programme in one host country.

    Read from the store the cluster published (read-only, as a replica reads it)."""
    from cinecoop.db import Database

    database = Database(data_dir, store_dir=store_dir, readonly=True)
    try:
        cursor = database.cursor()
        year = cursor.execute("SELECT max(screening_date) FROM screenings").fetchall()[0][0].year
        programs = [row[0] for row in cursor.execute("SELECT program FROM screenings GROUP BY 1 ORDER BY count(*) DESC, 1").fetchall()]
        hosts = [row[0] for row in cursor.execute("SELECT host_country FROM screenings GROUP BY 1 ORDER BY count(*) DESC, 1").fetchall()]
    finally:
        database.close()
    return [
        (("start", f"{year - 1}-01-01"), ("end", f"{year - 1}-12-31")),
        (("program", programs[1]), ("dates", "all")),
        (("start", f"{year - 2}-01-01"), ("end", f"{year - 2}-12-31")),
        (("program", programs[0]), ("host", hosts[0]), ("dates", "all")),
    ]


def expected_kpis(data_dir: Path, link: tuple[tuple[str, str], ...]) -> dict[str, float | None]:
    """kpi_summary for a link's filters from `python -m cinecoop query` in its own process, loading the CSV files itself."""
    options = {"start": "--start", "end": "--end", "program": "--program", "host": "--host-country"}
    command = [sys.executable, "-m", "cinecoop", "query", "kpi_summary", "--data", str(data_dir), "--format", "json"]
    for key, value in link:
        if key in options:  # dates=all is all dates: no --start or --end
            command += [options[key], value]
    environment = dict(os.environ, CINECOOP_STORE="off")
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=environment, timeout=300, check=True)
    [row] = json.loads(done.stdout)
    return {name: None if value is None else float(value) for name, value in row.items()}


def cards(page) -> dict[str, float | None]:
    from cinecoop.kpi import CARD_METRICS

    labels = dict((label, metric) for metric, label in CARD_METRICS)
    shown = {}
    for card in page.locator('[data-testid="stMetric"]').all():
        label = card.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        if label in labels:
            shown[labels[label]] = shown_number(card.locator('[data-testid="stMetricValue"]').inner_text())
    return shown


def mismatches(shown: dict, expected: dict) -> list[str]:
    from cinecoop.kpi import CARD_METRICS

    return [
        f"{metric} shows {shown.get(metric)!r}, kpi_summary gives {expected.get(metric)!r}"
        for metric, _ in CARD_METRICS
        if metric not in shown or not kpi_matches(metric, shown[metric], expected.get(metric))
    ]


def replica_of(session: Session) -> str | None:
    for cookie in session.context.cookies():
        if cookie["name"] == "cinecoop_replica":
            return cookie["value"]
    return None


def settled(page) -> bool:
    """The script has finished, the five cards are drawn, and Streamlit shows no connection trouble."""
    return bool(
        page.evaluate(
            """() => {
                const app = document.querySelector('[data-testid="stApp"]');
                if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
                if (document.querySelectorAll('[data-testid="stMetric"]').length < 5) return false;
                const status = document.querySelector('[data-testid="stStatusWidget"]');
                if (status && /connect|error/i.test(status.innerText)) return false;
                return !document.querySelector('[role="dialog"]');
            }"""
        )
    )


# Records every text Streamlit's status widget or a dialog shows, however briefly (a poll would miss a short "Connecting").
WATCH_STATUS = """() => {
    window.__statusSeen = [];
    const note = () => {
        for (const element of document.querySelectorAll('[data-testid="stStatusWidget"], [role="dialog"]')) {
            const text = element.innerText.replace(/\\s+/g, ' ').trim();
            if (text && !window.__statusSeen.includes(text)) window.__statusSeen.push(text);
        }
    };
    new MutationObserver(note).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def open_session(browser, base_url: str, session: Session) -> None:
    session.context = browser.new_context(viewport={"width": 1366, "height": 768})
    session.page = session.context.new_page()

    def socket_opened(socket) -> None:
        if "/_stcore/stream" in socket.url:
            entry = [time.monotonic(), 0]
            session.sockets.append(entry)
            socket.on("framereceived", lambda _frame: entry.__setitem__(1, entry[1] + 1))

    session.page.on("websocket", socket_opened)
    session.page.goto(base_url + "/" + session.query_string, timeout=TIMEOUT_MS)
    session.page.wait_for_selector(SCRIPT_FINISHED, timeout=TIMEOUT_MS)
    session.page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stMetric\"]').length >= 5", timeout=TIMEOUT_MS)
    session.replica = replica_of(session)
    session.page.evaluate(WATCH_STATUS)


def frames_since(session: Session, moment: float) -> int:
    """Frames brought by WebSockets opened after moment: a new session's run on the replica that took the reader."""
    return sum(frames for opened, frames in session.sockets if opened > moment)


def drill(cluster, data_dir: Path, sessions: int = 4, browser=None) -> dict:
    """Open the sessions through the proxy, kill the replica holding the most, and follow every reader back.

    Returns {"sessions": [Session...], "killed": name, "new_session_replica": name, "new_session_mismatches": [...]}.
    Uses the given Playwright browser, else launches one (Debian's Chromium)."""
    if browser is not None:
        return _drill(cluster, data_dir, sessions, browser)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            return _drill(cluster, data_dir, sessions, launched)
        finally:
            launched.close()


def _drill(cluster, data_dir: Path, sessions: int, browser) -> dict:
    chosen = links(data_dir, cluster.store_dir)
    expected = {link: expected_kpis(data_dir, link) for link in chosen}
    readers = [Session(number, chosen[number % len(chosen)]) for number in range(sessions)]
    late = Session(sessions, chosen[0])
    try:
        for reader in readers:
            open_session(browser, cluster.url, reader)
            reader.mismatches += mismatches(cards(reader.page), expected[reader.link])
        held: dict[str, int] = {}
        for reader in readers:
            held[reader.replica] = held.get(reader.replica, 0) + 1
        victim_name = max(held, key=lambda name: (held[name], name))
        victim = next(replica for replica in cluster.replicas if replica.name == victim_name)
        victim.kill()
        killed_at = time.monotonic()
        waiting = [reader for reader in readers if reader.replica == victim_name]
        deadline = killed_at + TIMEOUT_MS / 1000
        while waiting and time.monotonic() < deadline:
            for reader in list(waiting):
                # Back: a new WebSocket brought the new session's run, the page is settled, the cookie names a live replica.
                # settled() first: Playwright's sync API delivers the WebSocket events only while it is called.
                if settled(reader.page) and frames_since(reader, killed_at) and replica_of(reader) not in (None, victim_name):
                    reader.reconnect_seconds = time.monotonic() - killed_at
                    waiting.remove(reader)
            readers[0].page.wait_for_timeout(200)
        for reader in readers:
            reader.replica_after = replica_of(reader)
            if reader.replica == victim_name and reader.reconnect_seconds is None:
                reader.errors.append(f"not back within {TIMEOUT_MS / 1000:.0f} s of the kill")
                continue
            page = reader.page
            reader.status_seen = [" ".join(text.split()) for text in page.evaluate("() => window.__statusSeen || []")]
            page.wait_for_timeout(500)  # a rerun the page starts by itself (the link written back) begins right away
            page.wait_for_selector(SCRIPT_FINISHED, timeout=TIMEOUT_MS)
            reader.errors += page.locator(ERRORS).all_inner_texts()
            if page.url.split("?", 1)[-1] != reader.query_string.lstrip("?"):
                reader.errors.append(f"the link changed to {page.url}")
            reader.mismatches += mismatches(cards(page), expected[reader.link])
        # A reader arriving after the kill is served too.
        open_session(browser, cluster.url, late)
        late_mismatches = mismatches(cards(late.page), expected[late.link])
    finally:
        for reader in [*readers, late]:
            if reader.context is not None:
                reader.context.close()
                reader.context = reader.page = None
    return {"sessions": readers, "killed": victim_name, "new_session_replica": late.replica, "new_session_mismatches": late_mismatches}


# -- what a session costs a replica ----------------------------------------------------------------------------
def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def capacity(cluster, data_dir: Path, sessions: int, seconds: float) -> dict:
    """Memory of each replica before and after `sessions` readers spread over the cluster, and the load test's page times."""
    from benchmarks.loadtest import run_sessions

    idle = {replica.name: rss_mb(replica.process.pid) for replica in cluster.replicas}
    result = run_sessions(cluster.url, sessions, seconds, data_dir)
    busy = {replica.name: rss_mb(replica.process.pid) for replica in cluster.replicas}
    return {"sessions": sessions, "seconds": seconds, "idle_mb": idle, "busy_mb": busy, **result}


# -- the report --------------------------------------------------------------------------------------------------
def report_section(outcome: dict, capacities: list[dict], replicas: int, command: str) -> str:
    readers = outcome["sessions"]
    moved = [reader for reader in readers if reader.replica == outcome["killed"]]
    times = [reader.reconnect_seconds for reader in moved if reader.reconnect_seconds is not None]
    errors = sum(len(reader.errors) for reader in readers)
    wrong = sum(len(reader.mismatches) for reader in readers)
    seen = sorted({text for reader in moved for text in reader.status_seen})
    lines = [
        MARKER_START,
        "## A replica lost: the failover drill",
        "",
        f"- Date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- Machine: {machine()}",
        f"- Command: `{command}`",
        f"- Cluster: HAProxy {haproxy_version()} in front of {replicas} replicas (`python -m cinecoop.cluster`), the sample data"
        " published once by `python -m cinecoop build`; one headless Chromium, one browser context per reader",
        f"- Load average when the run began: {outcome.get('load_before', '?')}",
        "",
        "| readers | on the killed replica | back on another replica | time to reconnect (median / max) | errors seen | KPI cards wrong |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {len(readers)} | {len(moved)} | {len(times)} | "
        + (f"{statistics.median(times):.1f} s / {max(times):.1f} s" if times else "—")
        + f" | {errors} | {wrong} |",
        "",
        "Each reader opened the Overview through the proxy with a filter link of its own; the replica holding the most readers",
        f"({outcome['killed']}) was killed with SIGKILL. A reader's time to reconnect runs from the kill until its page showed",
        "the same link again, served by another replica (its sticky cookie rewritten), with Streamlit's script finished and",
        "no connection notice. Every KPI card, before and after, equalled `python -m cinecoop query kpi_summary` run for",
        "the same filters in a separate process reading the CSV files. A reader who arrived after the kill was served by"
        f" {outcome['new_session_replica']}.",
        "",
        "What the readers on the killed replica saw meanwhile: " + ("; ".join(f"“{text}”" for text in seen) if seen else "nothing") + ".",
        "Errors on the pages (`stException`, error alerts, a reader not back): "
        + ("; ".join(error for reader in readers for error in reader.errors) if errors else "none")
        + ".",
    ]
    for entry in capacities:
        times_all = entry["page_seconds"]
        lines += [
            "",
            f"Sessions held: {entry['sessions']} concurrent browser sessions over {replicas} replicas for {entry['seconds']:g} s "
            f"({len(times_all)} pages, median {statistics.median(times_all):.1f} s, 95th percentile {percentile(times_all, 0.95):.1f} s, "
            f"errors {entry['errors']}, KPI mismatches {entry['kpi_mismatches']} of {entry['checks']}). Memory per replica "
            + ", ".join(
                f"{name} {entry['idle_mb'][name]:.0f} MB before the run → {entry['busy_mb'][name]:.0f} MB after"
                for name in sorted(entry["idle_mb"])
            )
            + ".",
        ]
    lines.append(MARKER_END)
    return "\n".join(lines)


def haproxy_version() -> str:
    from cinecoop.cluster import haproxy_binary

    try:
        first = subprocess.run([haproxy_binary(), "-v"], capture_output=True, text=True, timeout=30).stdout.splitlines()[0]
        return first.split()[2]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def write_report(section: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    if MARKER_START in text and MARKER_END in text:
        before, rest = text.split(MARKER_START, 1)
        text = before + section + rest.split(MARKER_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    from cinecoop.cluster import Cluster

    parser = argparse.ArgumentParser(prog="python -m benchmarks.failover", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=4, help="readers in the failover drill (default 4)")
    parser.add_argument("--capacity", default="", help="comma-separated session counts for the load runs, e.g. 10,20 (default none)")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each load run (default 60)")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--no-write", action="store_true", help="print the figures without writing docs/reliability.md")
    args = parser.parse_args(argv)
    data_dir = args.data.resolve()
    workdir = ROOT / "artifacts" / "failover"
    load_before = " ".join(f"{value:.1f}" for value in os.getloadavg())
    capacities = []
    cluster = Cluster(workdir, replicas=args.replicas, data_dir=data_dir, store_dir=workdir / "store").start()
    try:
        for count in [int(part) for part in args.capacity.split(",") if part.strip()]:
            capacities.append(capacity(cluster, data_dir, count, args.seconds))
        outcome = drill(cluster, data_dir, args.sessions)
    finally:
        cluster.stop()
    outcome["load_before"] = load_before
    command = "python -m benchmarks.failover " + shlex.join(argv if argv is not None else sys.argv[1:])
    section = report_section(outcome, capacities, args.replicas, command.strip())
    print(section)
    if not args.no_write:
        write_report(section)
    readers = outcome["sessions"]
    return 0 if not any(reader.errors or reader.mismatches for reader in readers) and not outcome["new_session_mismatches"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
