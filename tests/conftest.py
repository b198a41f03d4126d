"""Shared fixtures: tiny data folders written by the test, Streamlit's AppTest, a real server and browser."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from cinecoop.browser import CHROMIUM_ARGS, chromium_path
from cinecoop.launch import Replica, free_port, serve

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data"
ARTIFACTS = ROOT / "artifacts"

SCREENINGS_HEADER = "screening_id,screening_date,program,event,film_title,film_country,genre,host_country,city,venue,format,seats,sessions"
ATTENDANCE_HEADER = "screening_id,ticket_type,admissions,gross,currency"
AGREEMENTS_HEADER = (
    "agreement_id,title,agreement_type,program,parties,countries,status,proposed_date,signed_date,end_date,value_usd,lead_office"
)

# A small valid data set used when a test only changes one file.
MINI_SCREENINGS = f"""{SCREENINGS_HEADER}
S1,2025-03-01,Russian Film Days in Iran,Russian Film Days in Iran 2025,Film A,RU,drama,IR,Tehran,Charsou,cinema,100,1
S2,2025-03-02,Iranian Film Week in Russia,,Film B,IR,drama,RU,Moscow,Karo,cinema,200,2
"""
MINI_ATTENDANCE = f"""{ATTENDANCE_HEADER}
S1,paid,50,100000000,IRR
S2,paid,80,24000,RUB
"""
MINI_AGREEMENTS = f"""{AGREEMENTS_HEADER}
A1,Russian Film Days memorandum,memorandum,Russian Film Days in Iran,Iran Cinema Organization;Russian Ministry of Culture,IR;RU,signed,2024-11-01,2025-01-15,,,
"""


# A folder whose screenings nobody counted (unknown is not zero, data contract section 7): screenings in 2024 and 2025 of every programme, an attendance file with its header only.
# Sessions: N1 2 + N2 1 + N3 1 + N4 1 + N5 1 + N6 3 + N7 2 + N8 1 = 12; on board: N3 and N8, 1 session each.
UNCOUNTED_SCREENINGS = f"""{SCREENINGS_HEADER}
N1,2025-04-14,Eurasian Film Academy,,Film A,RU,drama,IR,Tehran,Charsou,festival,300,2
N2,2025-06-12,SCO Filmmakers Working Group,,Film B,IR,animation,RU,Moscow,Karo,festival,200,1
N3,2025-08-20,Caspian Film Program,Caspian Film Days 2025,Film C,IR;RU,drama,RU,Caspian Sea (on board),MV Kaspiy,on-board,150,1
N4,2025-08-21,Caspian Film Program,,Film D,AZ,documentary,AZ,Baku,,open-air,,1
N5,2025-09-20,Russian Film Days in Iran,,Film A,RU,drama,IR,Isfahan,,online,,1
N6,2024-05-10,Iranian Film Week in Russia,,Film B,IR,animation,RU,Moscow,Karo,cinema,120,3
N7,2024-06-11,Russian Film Days in Iran,,Film A,RU,drama,IR,Tehran,Charsou,cinema,100,2
N8,2024-08-22,Caspian Film Program,Caspian Film Days 2024,Film C,IR;RU,drama,IR,Caspian Sea (on board),MV Kaspiy,on-board,150,1
"""
UNCOUNTED_AGREEMENTS = f"""{AGREEMENTS_HEADER}
A1,Academy sessions,academy,Eurasian Film Academy,Org A;Org B,IR;RU,signed,2024-11-01,2025-01-15,,,
A2,Caspian film days,memorandum,Caspian Film Program,Org A;Org C,IR;RU;AZ,signed,2024-02-01,2024-03-15,,,
"""
UNCOUNTED_FILMS = """film_id,original_title,title_en,countries
F1,Фильм А,Film A,RU
F2,Фильм Б,Film B,IR
"""


def uncounted_files() -> dict[str, str]:
    """The files of a folder whose screenings nobody counted: every programme in 2024 and 2025, attendance.csv with its
    header only."""
    return {
        "screenings.csv": UNCOUNTED_SCREENINGS,
        "attendance.csv": ATTENDANCE_HEADER + "\n",
        "agreements.csv": UNCOUNTED_AGREEMENTS,
        "films.csv": UNCOUNTED_FILMS,
    }


def write_folder(folder: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write export files into folder; None leaves a file out. Text is written as UTF-8 exactly as given."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if content is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return folder


@pytest.fixture
def make_data(tmp_path: Path) -> Callable[..., Path]:
    """make_data(screenings=..., attendance=..., agreements=..., targets=..., extra={name: text}) -> folder.

    Files not given get the mini valid data; pass None to leave a file out."""
    counter = {"n": 0}
    default = object()

    def factory(screenings=default, attendance=default, agreements=default, targets=None, extra=None) -> Path:
        counter["n"] += 1
        folder = tmp_path / f"data{counter['n']}"
        files: dict[str, str | bytes | None] = {
            "screenings.csv": MINI_SCREENINGS if screenings is default else screenings,
            "attendance.csv": MINI_ATTENDANCE if attendance is default else attendance,
            "agreements.csv": MINI_AGREEMENTS if agreements is default else agreements,
            "targets.csv": targets,
        }
        files.update(extra or {})
        return write_folder(folder, files)

    return factory


@pytest.fixture(autouse=True)
def loopback_server_address() -> Iterator[None]:
    """AppTest runs the app as `make run` serves it, on 127.0.0.1 (the analyst pages follow the listening address)."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


@pytest.fixture
def clean_streamlit_caches() -> Iterator[None]:
    """AppTest keeps st.cache_* between instances: clear them around each test."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, clean_streamlit_caches: None) -> Callable[[Path], None]:
    """Point the app at a data folder for AppTest runs."""

    def use(folder: Path) -> None:
        monkeypatch.setenv("CINECOOP_DATA_DIR", str(folder))

    return use


def start_server(data_dir: Path, env: dict[str, str] | None = None, log: Path | None = None) -> Replica:
    """The dashboard on a free loopback port, reading data_dir, its log in artifacts/ unless given."""
    port = free_port()
    return serve(data_dir, log or (ARTIFACTS / f"streamlit-{port}.log"), env=env, timeout=90, port=port)


@pytest.fixture(scope="session")
def sample_server() -> Iterator[Replica]:
    server = start_server(SAMPLE_DIR)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=list(CHROMIUM_ARGS))
        yield launched
        launched.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    opened = context.new_page()
    yield opened
    context.close()


LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def block_other_hosts(page) -> list[str]:
    """Abort every request of the page's browser context (its iframes included) to a host other than the dashboard's own,
    and record it."""
    external: list[str] = []

    def handle(route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    page.context.route("**/*", handle)
    return external


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script (no running indicator, app view present)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-testid=\"stStatusWidget\"]'); return !s || !s.innerText.includes('Running'); }",
        timeout=timeout,
    )
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-testid=\"stStatusWidget\"]'); return !s || !s.innerText.includes('Running'); }",
        timeout=timeout,
    )


def open_drawn(page, url: str, settle: bool = False) -> None:
    """Open a page of the app and wait until it has run, its charts are drawn and no placeholder is left; a direct
    link's "Page not found" notice (raised before st.navigation resolves the page) is closed. With `settle`, wait also
    until the page stops growing and its fonts are in (before measuring it or taking its picture)."""
    page.goto(url)
    wait_for_app(page, timeout=90_000)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=90_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=90_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')].every(chart => chart.querySelector('.main-svg'))",
        timeout=90_000,
    )
    dialog = page.get_by_role("dialog")
    if dialog.count() and dialog.first.is_visible():
        page.keyboard.press("Escape")
    if not settle:
        page.wait_for_timeout(1000)
        return
    height = -1
    for _ in range(60):
        now = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        if now == height:
            break
        height = now
        page.wait_for_timeout(700)
    page.evaluate("document.fonts.ready")


def screenshot(page, name: str) -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# Whole-page pictures of the pages, for a person to look at (no test reads them): `make screenshots` sets this;
# `make test` leaves them out (each took a resize, a redraw and a picture of a page up to 16,000 pixels tall).
SCREENSHOTS_ENV = "CINECOOP_SCREENSHOTS"


def whole_page_screenshot(page, name: str, width: int = 1366, height: int = 768) -> Path | None:
    """With CINECOOP_SCREENSHOTS=1, the whole page at this width under artifacts/screenshots/<name>.png: the window grows
    to the content's height (Streamlit scrolls inside its own pane), then returns to the screen's size."""
    if os.environ.get(SCREENSHOTS_ENV, "").strip().lower() not in ("1", "yes", "true"):
        return None
    full = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]'); return m ? m.scrollHeight : document.body.scrollHeight; }"
    )
    page.set_viewport_size({"width": width, "height": max(height, min(int(full) + 40, 16000))})
    page.wait_for_timeout(1500)
    path = screenshot(page, name)
    page.set_viewport_size({"width": width, "height": height})
    return path


def open_page(at, url_path: str):
    """Make the next AppTest run open the page with this URL path (callable pages have no file to switch to)."""
    if not at._registered_pages:
        at.run()
    for page_hash, info in at._registered_pages.items():
        if info.get("url_pathname") == url_path:
            at._page_hash = page_hash
            return at
    raise ValueError(f"no page with URL path {url_path!r}: {[info.get('url_pathname') for info in at._registered_pages.values()]}")
