"""The Overview page: KPI cards equal to the command line, the previous period, targets, empty and broken data, the glossary."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ATTENDANCE_HEADER, ROOT, SAMPLE_DIR, SCREENINGS_HEADER
from streamlit.testing.v1 import AppTest

from cinecoop import kpi
from cinecoop.filters import Filters

# The project's own copy of the data contract (v1 and its v2 additions merged), which the definitions quote word for word.
CONTRACT = ROOT / "docs" / "data-contract.md"
LABELS = {
    "Screenings": "screenings",
    "Admissions": "admissions",
    "Occupancy": "occupancy",
    "Films": "films",
    "Agreements signed": "agreements_signed",
}

# Worked by hand for the period 2025-03-01..2025-03-31 (31 days): its previous period is 2025-01-29..2025-02-28.
# Now: P1 (3 sessions, 50 people, 100 seats) -> screenings 3, admissions 50, occupancy 50 / 100 = 50.0 %, films 1.
# Before: P2 (1 session, 20 people, 80 seats) -> screenings 1, admissions 20, occupancy 25.0 %, films 1.
# P3 on 2025-01-20 lies before the previous period and counts in neither.
PERIOD_SCREENINGS = f"""{SCREENINGS_HEADER}
P1,2025-03-10,Caspian Film Program,,Film Now,IR,drama,RU,Moscow,Karo,cinema,100,3
P2,2025-02-15,Caspian Film Program,,Film Before,IR,drama,RU,Moscow,Karo,cinema,80,1
P3,2025-01-20,Caspian Film Program,,Film Earlier,IR,drama,RU,Moscow,Karo,cinema,500,5
"""
PERIOD_ATTENDANCE = f"""{ATTENDANCE_HEADER}
P1,paid,30,,
P1,invited,20,,
P2,paid,20,,
P3,paid,400,,
"""
PERIOD_TARGETS = """year,metric,program,target
2025,screenings,,10
2025,admissions,,200
2025,admissions,Caspian Film Program,100
2024,screenings,,99
"""


def new_app() -> AppTest:
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


def cards(at: AppTest) -> dict[str, object]:
    """The KPI cards on the page by metric name: value text, delta text, delta description."""
    shown = {}
    for metric in at.metric:
        if metric.label in LABELS:
            shown[LABELS[metric.label]] = metric
    return shown


def as_number(text: str) -> float | None:
    if text == "—":
        return None
    if text.endswith("%"):
        return float(text[:-1].replace(",", "")) / 100
    return float(text.replace(",", ""))


def cli_kpis(*arguments: str, data: Path = SAMPLE_DIR) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-m", "cinecoop", "query", "kpi_summary", "--data", str(data), "--format", "json", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    rows = json.loads(completed.stdout)
    return rows[0] if isinstance(rows, list) else rows["rows"][0]


def assert_cards_equal_cli(at: AppTest, expected: dict[str, object]) -> None:
    shown = cards(at)
    assert set(shown) == set(LABELS.values())
    for name, metric in shown.items():
        value = expected[name]
        if name == "occupancy":
            assert (value is None and metric.value == "—") or metric.value == f"{value:.1%}", (name, metric.value, value)
        else:
            assert as_number(metric.value) == value, (name, metric.value, value)


def test_director_opening_a_bare_link_sees_the_last_whole_year_against_the_year_before_with_targets(app_env):
    app_env(SAMPLE_DIR)
    at = new_app().run()
    assert not at.exception
    assert set(cards(at)) == set(LABELS.values())
    assert any("Sample data" in info.value for info in at.info)
    assert any(caption.value.startswith("Screenings to ") for caption in at.caption)
    assert len(at.get("plotly_chart")) >= 2
    # The sample runs to 31 October 2026: the last whole year is 2025, compared with 2024, and the link says so.
    assert (at.query_params["start"], at.query_params["end"]) == ("2025-01-01", "2025-12-31")
    for metric in cards(at).values():
        assert metric.delta, metric.label
    assert any("compare with 2024-01-01 – 2024-12-31, the same days a year earlier" in caption.value for caption in at.caption)
    # The sample's targets for 2025 (all programmes) show their progress without touching a control.
    assert len(at.get("progress")) >= 4


def test_a_persian_reader_lands_on_the_last_whole_solar_hijri_year(app_env):
    app_env(SAMPLE_DIR)
    at = new_app()
    at.query_params["lang"] = "fa"
    at.run()
    assert not at.exception
    # 1404 runs from Nowruz 2025-03-21 to 2026-03-20; the data run to 2026-10-31 (9 Aban 1405), so 1404 is the last whole year.
    assert (at.query_params["start"], at.query_params["end"]) == ("2025-03-21", "2026-03-20")


def test_all_dates_travel_in_the_link_so_a_copied_link_reopens_all_dates(app_env):
    app_env(SAMPLE_DIR)
    at = new_app()
    at.query_params["dates"] = "all"
    at.run()
    assert not at.exception
    assert at.session_state["_filters"].start is None and at.session_state["_filters"].end is None
    assert at.query_params["dates"] == "all"
    for metric in cards(at).values():
        assert metric.proto.delta_description == "choose dates"


def test_overview_kpis_equal_the_command_line_for_the_same_filters(app_env):
    app_env(SAMPLE_DIR)
    at = new_app()
    at.query_params["start"] = "2025-01-01"
    at.query_params["end"] = "2025-12-31"
    at.query_params["program"] = "Caspian Film Program"
    at.run()
    assert not at.exception
    assert_cards_equal_cli(at, cli_kpis("--program", "Caspian Film Program", "--start", "2025-01-01", "--end", "2025-12-31"))


def test_overview_kpis_equal_the_command_line_for_the_landing_year_and_for_all_dates(app_env):
    app_env(SAMPLE_DIR)
    at = new_app().run()
    assert_cards_equal_cli(at, cli_kpis("--start", "2025-01-01", "--end", "2025-12-31"))
    everything = new_app()
    everything.query_params["dates"] = "all"
    everything.run()
    assert_cards_equal_cli(everything, cli_kpis())


def test_deep_link_sets_the_sidebar_filters(app_env):
    app_env(SAMPLE_DIR)
    at = new_app()
    at.query_params["start"] = "2024-01-01"
    at.query_params["end"] = "2024-06-30"
    at.query_params["host"] = ["IR", "KZ"]
    at.run()
    assert not at.exception
    filters = at.session_state["_filters"]
    assert (filters.start.isoformat(), filters.end.isoformat()) == ("2024-01-01", "2024-06-30")
    assert filters.host_countries == ("IR", "KZ")
    assert_cards_equal_cli(at, cli_kpis("--start", "2024-01-01", "--end", "2024-06-30", "--host-country", "IR", "--host-country", "KZ"))


def test_filters_that_match_nothing_give_a_plain_message(app_env):
    app_env(SAMPLE_DIR)
    at = new_app()
    at.query_params["start"] = "2021-04-01"
    at.query_params["end"] = "2021-04-30"
    at.run()
    assert not at.exception
    assert cards(at)["screenings"].value == "0"
    assert cards(at)["occupancy"].value == "—"
    assert any("No screenings match the filters" in info.value for info in at.info)


def test_missing_attendance_names_the_file_and_keeps_the_agreements(app_env, make_data):
    app_env(make_data(attendance=None))
    at = new_app().run()
    assert not at.exception
    assert any("attendance.csv" in error.value for error in at.error)
    assert not cards(at)
    # The agreements part does not need attendance.csv: it still draws.
    assert len(at.get("plotly_chart")) == 1
    assert not any("sample" in info.value.lower() for info in at.info)


def test_previous_period_delta_is_worked_out_by_hand(app_env, make_data):
    app_env(make_data(screenings=PERIOD_SCREENINGS, attendance=PERIOD_ATTENDANCE, targets=PERIOD_TARGETS))
    at = new_app()
    at.query_params["start"] = "2025-03-01"
    at.query_params["end"] = "2025-03-31"
    at.run()
    assert not at.exception
    shown = cards(at)
    assert (shown["screenings"].value, shown["screenings"].delta) == ("3", "+2 (+200%)")
    assert (shown["admissions"].value, shown["admissions"].delta) == ("50", "+30 (+150%)")
    assert (shown["occupancy"].value, shown["occupancy"].delta) == ("50.0%", "+25.0 pp")
    assert (shown["films"].value, shown["films"].delta) == ("1", "0")
    assert any("2025-01-29 – 2025-02-28" in caption.value for caption in at.caption)
    # The range lies within 2025 with no programme chosen: the all-programmes 2025 targets apply (3 of 10, 50 of 200).
    progress = {element.proto.text: element.proto.value for element in at.get("progress")}
    assert progress == {
        "30% of the 2025 target of 10 (all programmes)": 30,
        "25% of the 2025 target of 200 (all programmes)": 25,
    }


def test_targets_follow_the_programme_and_stay_away_from_ranges_across_years(app_env, make_data):
    app_env(make_data(screenings=PERIOD_SCREENINGS, attendance=PERIOD_ATTENDANCE, targets=PERIOD_TARGETS))
    at = new_app()
    at.query_params["start"] = "2025-01-01"
    at.query_params["end"] = "2025-12-31"
    at.query_params["program"] = "Caspian Film Program"
    at.run()
    # Exactly that programme: its own admissions target (470 of 100), and no fallback to the all-programmes screenings target.
    assert [element.proto.text for element in at.get("progress")] == ["470% of the 2025 target of 100 (this programme)"]
    assert [element.proto.value for element in at.get("progress")] == [100]

    spanning = new_app()
    spanning.query_params["start"] = "2024-07-01"
    spanning.query_params["end"] = "2025-06-30"
    spanning.run()
    assert not spanning.get("progress")

    by_country = new_app()
    by_country.query_params["start"] = "2025-01-01"
    by_country.query_params["end"] = "2025-12-31"
    by_country.query_params["host"] = "RU"
    by_country.run()
    assert not by_country.get("progress")


def test_glossary_lists_every_contract_definition_word_for_word(app_env):
    app_env(SAMPLE_DIR)
    at = new_app().run()
    glossary = next(expander for expander in at.expander if expander.label.startswith("Glossary"))
    texts = [markdown.value for markdown in glossary.markdown]
    for name, definition in kpi.DEFINITIONS.items():
        assert f"**{name}**: {definition}" in texts
    helps = {metric.label: metric.help for metric in at.metric}
    assert helps["Occupancy"] == kpi.DEFINITIONS["occupancy"]
    assert helps["Agreements signed"] == kpi.DEFINITIONS["agreements_signed"]


def test_definitions_are_the_contracts_words():
    text = CONTRACT.read_text(encoding="utf-8")
    section = text.split("## 3. Metric definitions", 1)[1].split("## 4.", 1)[0]
    items = {}
    for item in re.split(r"\n- ", section)[1:]:
        words = " ".join(item.split())
        match = re.match(r"\*\*(.+?)\*\*:? (.*)$", words) or re.match(r"(Filters): (.*)$", words)
        items[match.group(1).lower()] = match.group(2)
    assert items == kpi.DEFINITIONS


@pytest.mark.parametrize(
    ("start", "end", "calendar", "through", "before"),
    [
        # Worked by hand. A whole year against the year before.
        ("2025-01-01", "2025-12-31", "gregorian", "2026-10-31", ("2024-01-01", "2024-12-31")),
        ("2025-01-01", "2025-12-31", "gregorian", None, ("2024-01-01", "2024-12-31")),
        # A year to date (to the data's last day) against the same days a year earlier.
        ("2026-01-01", "2026-10-31", "gregorian", "2026-10-31", ("2025-01-01", "2025-10-31")),
        # A whole year the data stop inside is the year so far: 2026 on data to 31 October.
        ("2026-01-01", "2026-12-31", "gregorian", "2026-10-31", ("2025-01-01", "2025-10-31")),
        # A whole February stays whole: 2024 is a leap year.
        ("2025-01-01", "2025-02-28", "gregorian", "2025-02-28", ("2024-01-01", "2024-02-29")),
        # A month that is not the year to date is any other range: the 31 days before (contract section 3).
        ("2025-01-01", "2025-01-31", "gregorian", "2026-10-31", ("2024-12-01", "2024-12-31")),
        # Any other range: the 42 days that end the day before start.
        ("2025-03-10", "2025-04-20", "gregorian", "2026-10-31", ("2025-01-27", "2025-03-09")),
        # 1404 (2025-03-21 to 2026-03-20) against 1403 (2024-03-20 to 2025-03-20, 30 days in its Esfand).
        ("2025-03-21", "2026-03-20", "jalali", "2026-10-31", ("2024-03-20", "2025-03-20")),
        # 1 Farvardin to 9 Aban 1405 (the data's last day) against 1 Farvardin to 9 Aban 1404.
        ("2026-03-21", "2026-10-31", "jalali", "2026-10-31", ("2025-03-21", "2025-10-31")),
        # The whole of 1405 on data to 9 Aban 1405: the year so far.
        ("2026-03-21", "2027-03-20", "jalali", "2026-10-31", ("2025-03-21", "2025-10-31")),
        # In the Solar Hijri calendar a Gregorian year is "any other range".
        ("2025-01-01", "2025-12-31", "jalali", "2026-10-31", ("2024-01-02", "2024-12-31")),
    ],
)
def test_previous_period_is_the_same_days_a_year_earlier_for_a_calendar_period(start, end, calendar, through, before):
    import datetime as dt

    filters = Filters(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end), calendar=calendar)
    previous = filters.previous(dt.date.fromisoformat(through) if through else None)
    assert (previous.start.isoformat(), previous.end.isoformat()) == before


def test_changes_are_written_as_the_cards_show_them():
    assert kpi.format_change("admissions", 75, 50, "en") == "+25 (+50.0%)"
    assert kpi.format_change("admissions", 150, 50, "en") == "+100 (+200%)"
    assert kpi.format_change("occupancy", 0.5, None, "en") is None
