"""The real register of distribution certificates, imported and dropped beside the sample exports: the folder
validates, and Iranian films in Russian distribution by year (releases, box office in roubles, share of the Russian
box office) equal a computation written here over the imported CSV files, not the query."""

from __future__ import annotations

import base64
import csv
import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, SAMPLE_DIR, open_page
from streamlit.testing.v1 import AppTest

from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database
from cinecoop.filters import Filters

FIXTURES = ROOT / "tests" / "fixtures" / "mkrf"


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "cinecoop", *args], cwd=ROOT, capture_output=True, text=True, timeout=300, env=environment)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The sample exports with the register's import written into the same folder (films/mkrf.csv, releases/mkrf.csv)."""
    folder = tmp_path_factory.mktemp("register") / "data"
    shutil.copytree(SAMPLE_DIR, folder)
    imported = cli(
        "import", "mkrf", "--movies", str(FIXTURES / "mkrf_movies.csv"), "--shows", str(FIXTURES / "mkrf_shows.csv"), "--out", str(folder)
    )
    assert imported.returncode in (0, 1), imported.stderr  # 1: the register has rows the importer rejects, each named
    assert (folder / "releases" / "mkrf.csv").is_file() and (folder / "films" / "mkrf.csv").is_file()
    return folder


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_sample_with_the_register_beside_it_validates(folder):
    result = cli("validate", "--data", str(folder), "--json")
    assert result.returncode == 0, result.stdout[-3000:]
    report = json.loads(result.stdout)
    files = {entry["file"]: entry for entry in report["files"]}
    register = files["releases/mkrf.csv"]
    assert register["rows_read"] == register["rows_loaded"] == len(rows_of(folder / "releases" / "mkrf.csv"))
    tables = {entry["table"]: entry for entry in report["tables"]}
    assert tables["releases"]["parts"] == ["releases/distribution.csv", "releases/mkrf.csv"]
    assert all(entry["rows_read"] == entry["rows_loaded"] + entry["rows_rejected"] for entry in report["files"] + report["tables"])


def iranian_films_in_russia(folder: Path) -> tuple[dict[tuple[int, str | None], list], dict[tuple[str, str], Decimal]]:
    """Worked out here over the CSV files, not by the query: for each year and currency of Iranian films (not
    co-productions with Russia) released in Russia, [releases, films, known gross, releases with gross]; and the whole
    Russian market's known gross by year and currency."""
    releases = [row for path in sorted((folder / "releases").glob("*.csv")) for row in rows_of(path)]
    market: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in releases:
        if row["host_country"] == "RU" and row["gross"]:
            market[(row["release_date"][:4], row["currency"])] += Decimal(row["gross"])
    expected: dict[tuple[int, str | None], list] = {}
    for row in releases:
        countries = row["film_country"].split(";")
        if row["host_country"] != "RU" or "IR" not in countries or "RU" in countries:
            continue
        key = (int(row["release_date"][:4]), row["currency"] or None)
        entry = expected.setdefault(key, [0, set(), Decimal(0), 0])
        entry[0] += 1
        entry[1].add(row["film_id"] or row["film_title"])
        if row["gross"]:
            entry[2] += Decimal(row["gross"])
            entry[3] += 1
    return expected, market


def test_iranian_films_in_russian_distribution_by_year_equal_a_computation_over_the_files(folder):
    expected, market = iranian_films_in_russia(folder)
    # The register holds Iranian films: Коммивояжер (2017), Мухаммад (2016 and 2017), Такси (2015), ...
    assert {year for year, _ in expected} >= {2015, 2016, 2017}

    database = Database(folder)
    frame = database.run(load_catalogue()["distribution_by_year_and_direction"], Filters(focus=("IR", "RU"))).frame
    frame = frame[frame["direction"] == "IR→RU"]
    got = {}
    for row in frame.itertuples():
        key = (int(row.year), None if pd.isna(row.currency) else row.currency)
        got[key] = (int(row.releases), int(row.films), None if pd.isna(row.gross) else float(row.gross), int(row.releases_with_gross))
        if key[1] is not None:
            share = float(expected[key][2] / market[(str(key[0]), key[1])])
            assert row.share_of_host_gross == pytest.approx(share), key
            # Amounts are stored to 4 decimal places (the register writes some as 52882302.120000005): equal to the cent.
            assert row.host_market_gross == pytest.approx(float(market[(str(key[0]), key[1])]), abs=0.01), key
    assert got.keys() == expected.keys()
    for key, (releases_count, films, gross, with_gross) in expected.items():
        assert got[key][0] == releases_count, key
        assert got[key][1] == len(films), key
        assert got[key][2] == (pytest.approx(float(gross), abs=0.01) if with_gross else None), key
        assert got[key][3] == with_gross, key
    # Roubles only: the register's box office is in RUB, and so is the sample's Russian market.
    assert {currency for _, currency in got} <= {"RUB", None}


def test_the_salesman_of_the_register_has_a_film_page(folder):
    database = Database(folder)
    films = database.cursor().execute("SELECT film_key FROM film_identities WHERE film_title = 'Коммивояжер'").fetchall()
    assert len(films) == 1
    (key,) = films[0]
    details = database.run(load_catalogue()["film_details"], Filters(film_key=key)).frame.iloc[0]
    assert (details["countries"], int(details["releases"])) == ("IR;FR", 1)
    releases = database.run(load_catalogue()["releases_by_film"], Filters(film_key=key)).frame
    assert releases["release_id"].tolist() == ["121000417"]
    assert float(releases["gross"].iloc[0]) == 2_428_366.0


# -- the Exchange balance page and its brief ------------------------------------------------------------------
def test_the_exchange_page_shows_iranian_films_in_russian_distribution_as_computed_over_the_files(folder, app_env):
    expected, market = iranian_films_in_russia(folder)
    app_env(folder)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["dates"] = "all"
    open_page(at, "exchange")
    at.run()
    assert not at.exception, [element.value for element in at.exception]
    by_year = next(frame.value for frame in at.dataframe if "releases_with_gross" in frame.value.columns)
    # The page writes names, not codes: Iran → Russia, in the Russian market.
    shown = by_year[by_year["direction"] == "Iran → Russia"]
    assert set(shown["host_country"]) == {"Russia"}
    got = {
        # The currency by its name, as the page writes it, back to its code.
        (int(row.year), None if pd.isna(row.currency) else {"Russian rouble": "RUB"}[row.currency]): (
            int(row.releases),
            int(row.films),
            None if pd.isna(row.gross) else float(row.gross),
            int(row.releases_with_gross),
        )
        for row in shown.itertuples()
    }
    assert got.keys() == expected.keys()
    for key, (releases_count, films, gross, with_gross) in expected.items():
        # The table holds the box office as summed (the cell writes it without decimals: MEASURE_FORMATS["money"]).
        assert got[key][:2] == (releases_count, len(films)), key
        assert got[key][3] == with_gross, key
        assert got[key][2] == (pytest.approx(float(gross), abs=0.005) if with_gross else None), key
    # The chart's bars are each year's share of the Russian market's box office, unrounded.
    chart = next(json.loads(chart.proto.spec) for chart in at.get("plotly_chart") if chart.key == "chart_distribution_share")
    trace = next(trace for trace in chart["data"] if trace.get("type") == "bar" and trace["name"] == "Iran → Russia")
    shares = dict(zip(trace["x"], plotly_values(trace["y"]), strict=True))
    assert shares.keys() == {str(year) for (year, currency), entry in expected.items() if currency and entry[3]}
    for (year, currency), entry in expected.items():
        if currency and entry[3]:
            assert shares[str(year)] == pytest.approx(float(entry[2] / market[(str(year), currency)])), year


def test_the_exchange_brief_prints_the_same_distribution(folder, tmp_path):
    expected, market = iranian_films_in_russia(folder)
    out = tmp_path / "exchange.pdf"
    # No chart pictures (the charts are named instead): the tables are what is compared here.
    brief = cli("brief", "--page", "exchange", "--data", str(folder), "--out", str(out), env={"CHROMIUM_PATH": "/nonexistent/chromium"})
    assert brief.returncode == 0, brief.stderr
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    rows = [" ".join(line.split()) for line in text.splitlines() if "Iran → Russia Russia" in " ".join(line.split())]
    printed = {}
    for row in rows:
        # year, direction, market, titles, releases, currency, box office, releases with box office, share
        match = re.fullmatch(r"(\d{4}) Iran → Russia Russia (\d+) (\d+) (Russian rouble|—) ([\d,]+|—) (\d+) ([\d.]+%|—)", row)
        if match:
            year, titles, releases_count, currency, gross, with_gross, share = match.groups()
            printed[(int(year), None if currency == "—" else "RUB")] = (titles, releases_count, gross, with_gross, share)
    assert printed.keys() == expected.keys()
    for (year, currency), (releases_count, films, gross, with_gross) in expected.items():
        titles, releases_printed, gross_printed, with_gross_printed, share = printed[(year, currency)]
        assert (int(titles), int(releases_printed), int(with_gross_printed)) == (len(films), releases_count, with_gross)
        assert gross_printed == (f"{round(gross):,}" if with_gross else "—")
        if with_gross:
            # The share as printed, to the decimals it is printed with, is the share worked out here.
            decimals = len(share.rstrip("%").split(".")[1])
            assert float(share.rstrip("%")) == pytest.approx(float(gross / market[(str(year), currency)]) * 100, abs=0.51 * 10**-decimals)


def plotly_values(values: object) -> list:
    """A Plotly JSON array as numbers: plain lists as they are, typed arrays ({"dtype", "bdata"}) decoded as plotly.js does."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).tolist()
    return list(values or [])
