"""The seeded sample-data generator writes the same, contract-valid, plausible data every time."""

from __future__ import annotations

import csv
import datetime as dt
import re
import time
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from cinecoop.samplegen import to_jalali, write_sample

FILES = ("screenings.csv", "attendance.csv", "agreements.csv", "targets.csv", "reference/cities.csv")
PROGRAMMES = {
    "Russian Film Days in Iran",
    "Iranian Film Week in Russia",
    "Caspian Film Program",
    "SCO Filmmakers Working Group",
    "Eurasian Film Academy",
    "Iran-Russia Animation Exchange",
    "Regular distribution",
}
AGREEMENT_TYPES = {
    "memorandum",
    "co-production",
    "distribution",
    "festival-exchange",
    "working-group",
    "academy",
    "association",
    "training",
    "other",
}
STATUSES = {"proposed", "negotiating", "signed", "in-progress", "completed", "stalled", "cancelled"}
OPEN_STATUSES = {"proposed", "negotiating", "signed", "in-progress", "stalled"}
FORMATS = {"cinema", "festival", "open-air", "online", "on-board", "tv"}
# 1 Farvardin of each Solar Hijri year, worked out from the published calendar.
NOWRUZ = {
    1400: dt.date(2021, 3, 21),
    1401: dt.date(2022, 3, 21),
    1402: dt.date(2023, 3, 21),
    1403: dt.date(2024, 3, 20),
    1404: dt.date(2025, 3, 21),
    1405: dt.date(2026, 3, 21),
    1406: dt.date(2027, 3, 21),
}
DECIMAL = re.compile(r"^\d+(\.\d{1,2})?$")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _from_jalali(text: str) -> dt.date:
    year, month, day = (int(part) for part in text.split("/"))
    offset = (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    result = NOWRUZ[year] + dt.timedelta(days=offset + day - 1)
    assert result < NOWRUZ[year + 1], text
    return result


def _parse_date(text: str) -> dt.date:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text)
    if re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", text):
        return dt.datetime.strptime(text, "%d.%m.%Y").date()
    assert re.fullmatch(r"1[34]\d{2}/\d{2}/\d{2}", text), text
    return _from_jalali(text)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    write_sample(out)
    return out


@pytest.fixture(scope="module")
def screenings(sample: Path) -> list[dict[str, str]]:
    return _read(sample / "screenings.csv")


@pytest.fixture(scope="module")
def attendance(sample: Path) -> list[dict[str, str]]:
    return _read(sample / "attendance.csv")


@pytest.fixture(scope="module")
def agreements(sample: Path) -> list[dict[str, str]]:
    return _read(sample / "agreements.csv")


def test_generating_the_sample_twice_gives_identical_bytes(sample: Path, tmp_path: Path) -> None:
    write_sample(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (sample / name).read_bytes(), name


def test_another_seed_gives_other_screenings(sample: Path, tmp_path: Path) -> None:
    write_sample(tmp_path, seed=7)
    assert (tmp_path / "screenings.csv").read_bytes() != (sample / "screenings.csv").read_bytes()


def test_sample_row_counts_are_in_range(sample: Path, screenings: list, attendance: list, agreements: list) -> None:
    assert 3_000 <= len(screenings) <= 6_000
    assert 2.5 <= len(attendance) / len(screenings) <= 3.2
    assert 40 <= len(agreements) <= 80
    assert 150 <= len({row["film_title"] for row in screenings}) <= 300
    assert len(_read(sample / "targets.csv")) >= 20
    total_bytes = sum((sample / name).stat().st_size for name in FILES)
    assert total_bytes < 3_000_000


def test_every_programme_appears_in_screenings(screenings: list) -> None:
    assert {row["program"] for row in screenings} == PROGRAMMES


def test_russian_film_days_start_in_2025_in_five_iranian_cities(screenings: list) -> None:
    rows = [row for row in screenings if row["program"] == "Russian Film Days in Iran"]
    assert min(_parse_date(row["screening_date"]) for row in rows).year == 2025
    assert {row["host_country"] for row in rows} == {"IR"}
    assert {"Tehran", "Isfahan", "Mashhad", "Shiraz", "Tabriz"} <= {row["city"] for row in rows}
    assert "Russian Film Days in Iran 2025" in {row["event"] for row in rows}
    assert all("RU" in row["film_country"].split(";") for row in rows)


def test_all_five_caspian_states_host_the_caspian_film_program(screenings: list) -> None:
    hosts = {row["host_country"] for row in screenings if row["program"] == "Caspian Film Program"}
    assert {"AZ", "IR", "KZ", "RU", "TM"} <= hosts


def test_some_caspian_screenings_happen_on_board(screenings: list) -> None:
    on_board = [row for row in screenings if row["format"] == "on-board"]
    assert on_board
    assert {row["city"] for row in on_board} == {"Caspian Sea (on board)"}
    assert {row["program"] for row in on_board} == {"Caspian Film Program"}
    assert "RU" in {row["host_country"] for row in on_board}
    caspian_genres = {row["genre"] for row in screenings if row["program"] == "Caspian Film Program"}
    assert "animation" in caspian_genres


def test_sco_participation_grows_by_year(screenings: list) -> None:
    hosts_by_year: dict[int, set[str]] = {}
    for row in screenings:
        if row["program"] == "SCO Filmmakers Working Group":
            hosts_by_year.setdefault(_parse_date(row["screening_date"]).year, set()).add(row["host_country"])
    years = sorted(hosts_by_year)
    assert len(hosts_by_year[years[-1]]) > len(hosts_by_year[years[0]])


def test_screenings_are_valid_under_the_contract(screenings: list) -> None:
    ids = [row["screening_id"] for row in screenings]
    assert len(ids) == len(set(ids))
    dates = [_parse_date(row["screening_date"]) for row in screenings]
    assert min(dates) >= dt.date(2022, 1, 1)
    assert max(dates) <= dt.date(2026, 10, 31)
    for row in screenings:
        assert row["film_title"] == row["film_title"].strip() != ""
        assert all(re.fullmatch(r"[A-Z]{2}", code) for code in row["film_country"].split(";"))
        assert re.fullmatch(r"[A-Z]{2}", row["host_country"])
        assert row["genre"] == row["genre"].lower()
        assert row["format"] in FORMATS
        assert int(row["sessions"]) >= 1
        if row["format"] in ("online", "tv"):
            assert row["seats"] == ""
        elif row["seats"]:
            assert int(row["seats"]) >= 0
    films: dict[str, tuple[str, str]] = {}
    for row in screenings:
        assert films.setdefault(row["film_title"], (row["film_country"], row["genre"])) == (row["film_country"], row["genre"])


def test_mixed_date_formats_are_a_minority_in_iran_and_russia(screenings: list) -> None:
    iran = [row["screening_date"] for row in screenings if row["host_country"] == "IR"]
    russia = [row["screening_date"] for row in screenings if row["host_country"] == "RU"]
    jalali = sum("/" in text for text in iran)
    day_first = sum("." in text for text in russia)
    assert 0 < jalali < len(iran) / 2
    assert 0 < day_first < len(russia) / 2
    assert any("/" in row["screening_date"] for row in screenings if row["program"] == "Russian Film Days in Iran")


def test_attendance_is_valid_with_realistic_warnings(screenings: list, attendance: list) -> None:
    seats = {row["screening_id"]: row["seats"] for row in screenings}
    admissions: Counter[str] = Counter()
    for row in attendance:
        assert row["screening_id"] in seats
        assert row["ticket_type"] in {"paid", "invited", "student", "online"}
        # Blank admissions are unknown (data contract, unknown is not zero): the row still names its screening.
        admissions[row["screening_id"]] += int(row["admissions"] or 0)
        if row["gross"]:
            assert DECIMAL.match(row["gross"]), row
            assert re.fullmatch(r"[A-Z]{3}", row["currency"])
    pairs = [(row["screening_id"], row["ticket_type"]) for row in attendance]
    assert len(pairs) == len(set(pairs))
    without_attendance = [sid for sid in seats if sid not in admissions]
    assert 0.003 <= len(without_attendance) / len(seats) <= 0.02
    overbooked = [sid for sid, total in admissions.items() if seats[sid] and total > int(seats[sid])]
    assert 0 < len(overbooked) / len(seats) <= 0.01
    currencies = {row["currency"] for row in attendance}
    assert {"IRR", "RUB", "KZT", "AZN", "TMT", "USD"} <= currencies


def test_agreements_cover_every_type_and_status(agreements: list) -> None:
    assert {row["agreement_type"] for row in agreements} == AGREEMENT_TYPES
    assert {row["status"] for row in agreements} == STATUSES


def test_agreements_follow_the_contract_rules(agreements: list, screenings: list) -> None:
    ids = [row["agreement_id"] for row in agreements]
    assert len(ids) == len(set(ids))
    programmes = {row["program"] for row in screenings}
    for row in agreements:
        assert row["title"] and row["parties"]
        assert all(re.fullmatch(r"[A-Z]{2}", code) for code in row["countries"].split(";"))
        assert row["program"] == "" or row["program"] in programmes
        proposed = dt.date.fromisoformat(row["proposed_date"])
        signed = dt.date.fromisoformat(row["signed_date"]) if row["signed_date"] else None
        if row["status"] in ("signed", "in-progress", "completed"):
            assert signed is not None, row
        if signed:
            assert signed >= proposed, row
        if row["end_date"]:
            assert dt.date.fromisoformat(row["end_date"]) >= (signed or proposed), row
        if row["value_usd"]:
            assert DECIMAL.match(row["value_usd"])
    overdue = [
        row
        for row in agreements
        if row["end_date"] and row["status"] in OPEN_STATUSES and dt.date.fromisoformat(row["end_date"]) < dt.date(2026, 11, 26)
    ]
    assert 2 <= len(overdue) <= 5


def test_agreements_include_the_ones_from_the_meeting(agreements: list) -> None:
    association = [row for row in agreements if row["agreement_type"] == "association" and row["status"] == "proposed"]
    assert any(row["parties"] == "Russian Union of Filmmakers;Iran Cinema Organization" for row in association)
    assert any(row["program"] == "Caspian Film Program" and row["agreement_type"] == "working-group" for row in agreements)
    assert any(row["program"] == "Eurasian Film Academy" and row["agreement_type"] == "academy" for row in agreements)
    sco = [row for row in agreements if row["program"] == "SCO Filmmakers Working Group" and row["agreement_type"] == "working-group"]
    assert any(len(row["countries"].split(";")) == 10 for row in sco)
    memorandum = [row for row in agreements if row["program"] == "Russian Film Days in Iran" and row["agreement_type"] == "memorandum"]
    assert memorandum and memorandum[0]["signed_date"].startswith("2025")
    assert (
        sum("Farabi Cinema Foundation" in row["parties"].split(";") for row in agreements if row["agreement_type"] == "distribution") >= 3
    )


def test_targets_name_known_metrics_and_programmes(sample: Path) -> None:
    targets = _read(sample / "targets.csv")
    assert {row["metric"] for row in targets} == {"screenings", "admissions", "films", "agreements_signed"}
    assert {row["year"] for row in targets} == {"2024", "2025", "2026"}
    assert {row["program"] for row in targets} - {""} <= PROGRAMMES
    assert any(row["program"] == "" for row in targets)
    assert all(float(row["target"]) >= 0 for row in targets)


def test_cities_reference_covers_every_screening_place(sample: Path, screenings: list) -> None:
    cities = _read(sample / "reference" / "cities.csv")
    places = {(row["city"], row["country"]) for row in cities}
    assert len(places) == len(cities)
    assert {(row["city"], row["host_country"]) for row in screenings} <= places
    for row in cities:
        assert re.fullmatch(r"-?\d+\.\d{4}", row["lat"]) and re.fullmatch(r"-?\d+\.\d{4}", row["lon"])
    ship = [row for row in cities if row["city"] == "Caspian Sea (on board)"]
    assert ship and all(abs(float(row["lat"]) - 41.5) < 1 and abs(float(row["lon"]) - 50.5) < 1 for row in ship)


@pytest.mark.parametrize(
    ("gregorian", "jalali"),
    [
        (dt.date(2025, 3, 21), (1404, 1, 1)),
        (dt.date(2024, 3, 20), (1403, 1, 1)),
        (dt.date(2025, 3, 20), (1403, 12, 30)),  # 1403 is a leap year
        (dt.date(2024, 3, 19), (1402, 12, 29)),
        (dt.date(2022, 1, 1), (1400, 10, 11)),
        (dt.date(2026, 10, 31), (1405, 8, 9)),
    ],
)
def test_solar_hijri_conversion_known_answers(gregorian: dt.date, jalali: tuple[int, int, int]) -> None:
    assert to_jalali(gregorian) == jalali


def test_solar_hijri_conversion_round_trips_every_day_of_the_range() -> None:
    day = dt.date(2022, 1, 1)
    while day <= dt.date(2026, 10, 31):
        assert _from_jalali("{:04d}/{:02d}/{:02d}".format(*to_jalali(day))) == day
        day += dt.timedelta(days=1)


def test_a_large_set_has_the_requested_rows_and_is_quick(tmp_path: Path) -> None:
    started = time.perf_counter()
    write_sample(tmp_path, screenings=20_000)
    elapsed = time.perf_counter() - started
    con = duckdb.connect()
    screenings_path, attendance_path = str(tmp_path / "screenings.csv"), str(tmp_path / "attendance.csv")
    rows, distinct_ids = con.execute(
        "SELECT count(*), count(DISTINCT screening_id) FROM read_csv($path, all_varchar = true)", {"path": screenings_path}
    ).fetchone()
    attendance_rows, orphans = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE s.screening_id IS NULL) "
        "FROM read_csv($attendance, all_varchar = true) a "
        "LEFT JOIN read_csv($screenings, all_varchar = true) s USING (screening_id)",
        {"attendance": attendance_path, "screenings": screenings_path},
    ).fetchone()
    assert rows == distinct_ids == 20_000
    assert 50_000 <= attendance_rows <= 65_000
    assert orphans == 0
    assert elapsed < 20
    for name in ("agreements.csv", "targets.csv", "reference/cities.csv"):
        assert (tmp_path / name).is_file()


# -- real-source cases in the sample (films under many titles, unknown admissions, releases, sources) -----------
def test_films_and_releases_are_generated_identically_too(sample: Path, tmp_path: Path) -> None:
    write_sample(tmp_path)
    for name in ("films.csv", "releases/distribution.csv"):
        assert (tmp_path / name).read_bytes() == (sample / name).read_bytes(), name


def test_some_films_are_exported_under_a_second_spelling_that_films_csv_lists(sample: Path, screenings: list) -> None:
    films = _read(sample / "films.csv")
    exported = {row["film_title"] for row in screenings}
    twice = []
    for film in films:
        spellings = {film["original_title"], film["title_en"], film["title_fa"], film["title_ru"], *film["aliases"].split(";")} - {""}
        if len(spellings & exported) >= 2:
            twice.append(film["film_id"])
    assert len(twice) >= 5
    # Russian ticketing drops the ё, Iranian ticketing on an Arabic keyboard writes ي and ك: both still name a film.
    assert "Лед и пламя" in exported and "Лёд и пламя" in {film["title_ru"] for film in films}
    assert any("ي" in title or "ك" in title for title in exported)


def test_some_screenings_have_unknown_admissions(sample: Path, screenings: list, attendance: list) -> None:
    line_up = [row for row in screenings if row["source"] == "press line-up"]
    with_attendance = {row["screening_id"] for row in attendance}
    assert line_up and not {row["screening_id"] for row in line_up} & with_attendance
    blank = [row for row in attendance if row["admissions"] == ""]
    assert blank and {row["ticket_type"] for row in blank} <= {"online", "invited"}
    assert {row["source"] for row in screenings} == {"ticketing export", "press line-up"}


def test_releases_go_both_ways_with_box_office_in_the_markets_currency(sample: Path) -> None:
    releases = _read(sample / "releases" / "distribution.csv")
    film_ids = {row["film_id"] for row in _read(sample / "films.csv")}
    assert len({row["release_id"] for row in releases}) == len(releases)
    assert all(row["film_id"] == "" or row["film_id"] in film_ids for row in releases)
    assert {(row["host_country"], row["currency"]) for row in releases} == {("RU", "RUB"), ("IR", "IRR")}
    iranian_in_russia = [row for row in releases if row["host_country"] == "RU" and "IR" in row["film_country"].split(";")]
    russian_in_iran = [row for row in releases if row["host_country"] == "IR" and "RU" in row["film_country"].split(";")]
    assert len(iranian_in_russia) >= 10 and len(russian_in_iran) >= 10
    # The rest of each market is there too, so a share of the host market is not 100 %.
    assert any(row["host_country"] == "RU" and "IR" not in row["film_country"] for row in releases)
    assert all(DECIMAL.match(row["gross"]) for row in releases)
    assert all(row["source"] for row in releases)


# -- large (benchmark) sets are skewed like real box office ---------------------------------------------------------
def test_a_large_set_is_skewed_a_few_films_and_programmes_take_most_rows(tmp_path: Path) -> None:
    write_sample(tmp_path, screenings=20_000)
    rows = _read(tmp_path / "screenings.csv")
    films = Counter(row["film_title"] for row in rows).most_common()
    programmes = Counter(row["program"] for row in rows).most_common()
    # A uniform draw over some 180 titles and seven programmes would give the top ten films about 6% and the top two
    # programmes about 29%.
    assert sum(count for _, count in films[:10]) > 0.6 * len(rows)
    assert sum(count for _, count in programmes[:2]) > 0.6 * len(rows)
    assert programmes[0][0] == "Regular distribution"
    assert len(films) > 100  # the long tail is still there


def test_a_new_months_part_continues_the_ids_and_falls_in_its_month(tmp_path: Path) -> None:
    from cinecoop.samplegen import write_month

    write_sample(tmp_path, screenings=2_000)
    screenings_part, attendance_part = write_month(tmp_path, dt.date(2026, 11, 1), 300, 2_001, 6)
    assert (screenings_part.relative_to(tmp_path).as_posix(), attendance_part.relative_to(tmp_path).as_posix()) == (
        "screenings/2026-11.csv",
        "attendance/2026-11.csv",
    )
    part = _read(screenings_part)
    assert [row["screening_id"] for row in part] == [f"S{number:06d}" for number in range(2_001, 2_301)]
    days = set()
    for row in part:
        text = row["screening_date"]
        day = (
            _from_jalali(text)
            if "/" in text
            else dt.datetime.strptime(text, "%d.%m.%Y").date()
            if "." in text
            else dt.date.fromisoformat(text)
        )
        days.add(day)
    assert min(days) >= dt.date(2026, 11, 1) and max(days) <= dt.date(2026, 11, 30)
    ids = {row["screening_id"] for row in part}
    assert {row["screening_id"] for row in _read(attendance_part)} <= ids
