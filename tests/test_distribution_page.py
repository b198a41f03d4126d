"""The Distribution section of the Exchange balance page (issue 11, item 5): titles released each way by year, their box
office in its own currency (never added across currencies), their share of the host market, and what the sources
cover; the same in the brief. Known answers worked out by hand from the releases below."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, open_page
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from cinecoop import paths
from cinecoop.blocks import Context, DirectSource, collect
from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.filters import Filters
from cinecoop.formatting import MISSING
from cinecoop.pagespecs import PAGES
from cinecoop.view import View

RU_REGISTER = "register of distribution certificates, Ministry of Culture of Russia"
IR_REGISTER = "Iran box office"
# The Russian market in 2024 (RUB): R1 1,000,000 + R3 9,000,000 = 10,000,000; R2 gave no box office.
#   IR→RU 2024: R1 and R2, box office 1,000,000 RUB known for 1 of 2 releases, 10% of the market.
# The Iranian market in 2024: IRR R4 5,000,000,000 + R5 15,000,000,000 = 20,000,000,000; USD R6 1,000 alone.
#   RU→IR 2024: 5,000,000,000 IRR = 25% of the IRR market, and 1,000 USD = 100% of the USD one (never added together).
# The Russian market in 2025: R7 alone, a co-production: 500,000 RUB, 100%.
RELEASES = f"""release_id,film_title,film_country,host_country,release_date,distributor,gross,currency,source
R1,Persian Garden,IR,RU,2024-05-01,Nord,1000000,RUB,"{RU_REGISTER}"
R2,Two Shores,IR,RU,2024-07-01,Nord,,,"{RU_REGISTER}"
R3,Paris Nights,FR,RU,2024-06-01,Volga,9000000,RUB,"{RU_REGISTER}"
R4,Volga Tale,RU,IR,2024-03-01,Farabi,5000000000,IRR,{IR_REGISTER}
R5,Tehran Story,IR,IR,2024-04-01,Farabi,15000000000,IRR,{IR_REGISTER}
R6,Volga Tale,RU,IR,2024-09-01,Farabi,1000,USD,{IR_REGISTER}
R7,Shared Sea,IR;RU,RU,2025-02-01,Nord,500000,RUB,"{RU_REGISTER}"
"""
# year, direction, market, currency -> titles, releases, box office, releases with box office, share of the market
EXPECTED = {
    (2024, "IR→RU", "RU", "RUB"): (1, 1, 1_000_000, 1, 0.10),
    (2024, "IR→RU", "RU", None): (1, 1, None, 0, None),
    (2024, "RU→IR", "IR", "IRR"): (1, 1, 5_000_000_000, 1, 0.25),
    (2024, "RU→IR", "IR", "USD"): (1, 1, 1_000, 1, 1.0),
    (2025, "co-production", "RU", "RUB"): (1, 1, 500_000, 1, 1.0),
}
DIRECTION_NAMES = {"Iran → Russia": "IR→RU", "Russia → Iran": "RU→IR", "Co-production": "co-production"}


@pytest.fixture
def folder(make_data) -> Path:
    return make_data(extra={"releases.csv": RELEASES})


# The currencies of RELEASES as the tables name them (English), back to their codes.
CURRENCY_NAMES = {"Russian rouble": "RUB", "Iranian rial": "IRR", "US dollar": "USD"}


def value(cell: object) -> object:
    return None if cell is None or (not isinstance(cell, str) and pd.isna(cell)) else cell


def table_rows(frame: pd.DataFrame) -> dict:
    """The by-year table as the page shows it (names, years as written), keyed like EXPECTED."""
    got = {}
    for row in frame.itertuples():
        key = (int(row.year), DIRECTION_NAMES[row.direction], row.host_country, value(row.currency))
        gross = value(row.gross)
        got[key] = (
            int(row.films),
            int(row.releases),
            None if gross is None else round(float(gross)),
            int(row.releases_with_gross),
            value(row.share_of_host_gross),
        )
    return got


def opened(folder: Path, app_env, **link: str) -> AppTest:
    app_env(folder)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, entry in {"dates": "all", **link}.items():
        at.query_params[key] = entry
    open_page(at, "exchange")
    at.run()
    assert not at.exception, [element.value for element in at.exception]
    return at


def test_the_page_shows_each_way_by_year_in_its_own_currency_and_share_of_the_market(app_env, folder):
    at = opened(folder, app_env)
    assert "Distribution" in [heading.value for heading in at.subheader]
    table = next(frame for frame in at.dataframe if "releases_with_gross" in frame.value.columns)
    # The share as the cell shows it (the Styler's display text); the other columns as values.
    display = dataframe_util.convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)
    shares = [None if text == MISSING else text for text in display["share_of_host_gross"]]
    by_year = table.value.assign(share_of_host_gross=shares)
    # Names, not codes: the shown copy writes the direction and the market by name.
    assert set(by_year["direction"]) == {"Iran → Russia", "Russia → Iran", "Co-production"}
    assert set(by_year["host_country"]) == {"Russia", "Iran"}
    # Currencies too, as the box-office table of the Screenings page names them.
    assert set(by_year["currency"].dropna()) <= set(CURRENCY_NAMES)
    shown = {
        (year, direction, {"Russia": "RU", "Iran": "IR"}[market], CURRENCY_NAMES.get(currency, currency)): entry
        for (year, direction, market, currency), entry in table_rows(by_year).items()
    }
    assert shown.keys() == EXPECTED.keys()
    for key, (titles, releases, gross, with_gross, share) in EXPECTED.items():
        assert shown[key][:4] == (titles, releases, gross, with_gross), key
        # Shown as the reader reads it: "10.0%", "25.0%", "100.0%".
        assert shown[key][4] == (None if share is None else f"{share * 100:.1f}%"), key
    captions = " ".join(caption.value for caption in at.caption)
    assert f"What the sources cover: “{RU_REGISTER}”: 4 releases dated 2024-05-01 to 2025-02-01; “{IR_REGISTER}”: 3 releases" in captions
    assert f"Sources: “{RU_REGISTER}”; “{IR_REGISTER}”." in captions


def test_the_films_table_lists_each_film_released_each_way(app_env, folder):
    at = opened(folder, app_env)
    films = next(frame.value for frame in at.dataframe if "film_title" in frame.value.columns and "first_release" in frame.value.columns)
    got = sorted((row.year, row.direction, row.film_title, value(row.currency)) for row in films.itertuples())
    assert got == [
        (2024, "Iran → Russia", "Persian Garden", "Russian rouble"),
        (2024, "Iran → Russia", "Two Shores", None),
        (2024, "Russia → Iran", "Volga Tale", "Iranian rial"),
        (2024, "Russia → Iran", "Volga Tale", "US dollar"),
        (2025, "Co-production", "Shared Sea", "Russian rouble"),
    ]


def test_the_chart_gives_each_currency_its_own_bar_and_says_when_box_office_is_partly_known(folder):
    database = Database(folder, paths.queries_dir() / "views")
    view = View.of("en", Filters(), names=database.choices.names())
    items = collect(PAGES["exchange"], Context(view, DirectSource(database, load_catalogue())))
    figure = next(item.figure for item in items if item.key == "distribution_share")
    bars = {trace.name: (list(trace.x), [round(share, 4) for share in trace.y]) for trace in figure.data if trace.type == "bar"}
    assert bars == {
        "Iran → Russia": (["2024"], [0.1]),
        "Russia → Iran · IRR": (["2024"], [0.25]),
        "Russia → Iran · USD": (["2024"], [1.0]),
        "Co-production · in Russia": (["2025"], [1.0]),
    }
    forward = next(trace for trace in figure.data if trace.name == "Iran → Russia")
    assert list(forward.text) == ["10.0%"]
    assert forward.customdata[0][0] == (  # one list of hover fields per point (theme.localize)
        "<b>Iran → Russia</b> · 2024<br>Titles: 1; releases: 1<br>Box office: 1,000,000 RUB<br>The host market: 10,000,000 RUB"
        "<br>box office known for 1 of 2 releases"
    )


def test_a_year_whose_box_office_nobody_gave_is_no_data(make_data):
    folder = make_data(
        extra={"releases.csv": "release_id,film_title,film_country,host_country,release_date\nR1,Two Shores,IR,RU,2024-07-01\n"}
    )
    database = Database(folder, paths.queries_dir() / "views")
    view = View.of("en", Filters(), names=database.choices.names())
    items = collect(PAGES["exchange"], Context(view, DirectSource(database, load_catalogue())))
    figure = next(item.figure for item in items if item.key == "distribution_share")
    assert not [trace for trace in figure.data if trace.type == "bar"]
    marks = next(trace for trace in figure.data if trace.type == "scatter")
    assert (list(marks.x), list(marks.text)) == (["2024"], ["no data"])
    assert marks.customdata[0][0] == "<b>2024</b><br>Iran → Russia: 1 releases, box office not known"


def test_a_folder_without_releases_says_there_is_no_distribution_to_show(app_env, make_data):
    at = opened(make_data(), app_env)
    assert any("holds no releases" in info.value for info in at.info)
    assert not [frame for frame in at.dataframe if "releases_with_gross" in frame.value.columns]


def test_a_folder_of_releases_alone_shows_the_distribution(app_env, tmp_path):
    folder = tmp_path / "import"
    (folder / "releases").mkdir(parents=True)
    (folder / "releases" / "register.csv").write_text(RELEASES, encoding="utf-8")
    at = opened(folder, app_env)
    table = next(frame for frame in at.dataframe if "releases_with_gross" in frame.value.columns)
    # The share as the cell shows it (the Styler's display text); the other columns as values.
    display = dataframe_util.convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)
    shares = [None if text == MISSING else text for text in display["share_of_host_gross"]]
    by_year = table.value.assign(share_of_host_gross=shares)
    assert len(by_year) == len(EXPECTED)
    assert "chart_distribution_share" in [chart.key for chart in at.get("plotly_chart")]


def test_the_brief_prints_the_distribution_the_page_shows(folder, tmp_path):
    out = tmp_path / "exchange.pdf"
    completed = subprocess.run(
        [sys.executable, "-m", "cinecoop", "brief", "--page", "exchange", "--data", str(folder), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "CHROMIUM_PATH": "/nonexistent/chromium"},
    )
    assert completed.returncode == 0, completed.stderr
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "Distribution" in text and "Releases each way by year" in text
    assert "Chart omitted: Box office of films released each way between Iran and Russia, as a share of the host market, by year" in text
    for words in ("1,000,000 10.0%", "5,000,000,000 1 25.0%", "1,000 1 100.0%", "500,000 1 100.0%"):
        assert words in text, words
