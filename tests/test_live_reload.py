"""Exports replaced while the dashboard serves: new data on the next rerun, the last good data while a file is half-written."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pytest
from conftest import MINI_AGREEMENTS, MINI_ATTENDANCE, MINI_SCREENINGS, ROOT, open_page, write_folder
from streamlit.testing.v1 import AppTest

from cinecoop import freshness
from cinecoop.db import Database, fingerprint
from cinecoop.freshness import FileFacts, Holdback, Keeper, LoadFacts, judge
from cinecoop.loader import load

LABELS = {"Screenings": "screenings", "Admissions": "admissions", "Films": "films", "Agreements signed": "agreements_signed"}
# MINI data by hand: S1 has 50 admissions, S2 80; sessions 1 + 2; two films; one agreement signed.
MINI_CARDS = {"screenings": "3", "admissions": "130", "films": "2", "agreements_signed": "1"}
# The attendance export of next week, and the same file caught half-copied: its last record stops after "1".
NEXT_ATTENDANCE = MINI_ATTENDANCE + "S2,student,15,,\n"
CUT_ATTENDANCE = NEXT_ATTENDANCE[: NEXT_ATTENDANCE.index("S2,student,1") + len("S2,student,1")]
LOADED = dt.datetime(2025, 3, 14, 14, 55)
CHANGED = dt.datetime(2025, 3, 14, 15, 2)


# -- the rule, on facts written by hand ----------------------------------------------------------------------
def facts(*files: FileFacts, settled: bool = True, at: dt.datetime = LOADED) -> LoadFacts:
    return LoadFacts(at, files, settled)


def whole(name: str = "attendance.csv", **changes: object) -> FileFacts:
    values = {"file": name, "required": name != "targets.csv", "present": True, "last_line": 9_812}
    values.update(changes)
    return FileFacts(**values)


def test_the_first_load_is_shown_whatever_it_holds() -> None:
    assert judge(None, facts(whole(present=False), whole(ends_with_line_break=False, last_line_problem="has 3 fields"))).accept


def test_a_complete_file_with_rejected_rows_is_a_normal_load() -> None:
    # Rejected rows inside a complete file (final line break, last record loaded or not) are shown on Data quality.
    new = facts(whole(last_line_problem="admissions is not a whole number"))
    assert judge(facts(whole()), new).accept


@pytest.mark.parametrize(
    ("before", "now", "kind"),
    [
        (whole(), whole(present=False), "missing"),
        (whole(), whole(file_error="attendance.csv has no column admissions (the header has: screening_id)"), "unusable"),
        (whole(), whole(file_error="attendance.csv is empty: it has no header line"), "unusable"),
        (whole(), whole(ends_with_line_break=False, last_line_problem="has 3 fields but the header has 5"), "cut_short"),
        (whole(), whole(ends_with_line_break=False), "cut_short"),
        (whole("targets.csv"), whole("targets.csv", file_error="targets.csv is not UTF-8 text"), "unusable"),
    ],
    ids=["deleted", "missing-column", "emptied", "last-record-rejected", "line-break-gone", "optional-file-broken"],
)
def test_a_file_that_was_usable_and_now_looks_half_written_holds_the_new_load_back(before, now, kind) -> None:
    verdict = judge(facts(before), facts(now))
    assert not verdict.accept
    assert [(holdback.kind, holdback.file) for holdback in verdict.holdbacks] == [(kind, now.file)]


@pytest.mark.parametrize(
    ("before", "now"),
    [
        (whole(file_error="attendance.csv is empty: it has no header line"), whole(file_error="attendance.csv is not UTF-8 text")),
        (whole(present=False), whole(present=False)),
        (whole("targets.csv"), whole("targets.csv", present=False)),
        (whole(ends_with_line_break=False), whole(ends_with_line_break=False)),
    ],
    ids=["already-unusable", "still-missing", "optional-file-removed", "exporter-never-ends-with-a-line-break"],
)
def test_a_state_that_is_no_worse_than_the_last_good_one_is_shown(before, now) -> None:
    assert judge(facts(before), facts(now)).accept


def test_a_load_during_which_the_files_changed_is_held_back() -> None:
    verdict = judge(facts(whole()), facts(whole(), settled=False))
    assert [holdback.kind for holdback in verdict.holdbacks] == ["unsettled"]


def test_the_banner_names_the_file_the_time_the_line_and_the_load_shown() -> None:
    holdback = Holdback("cut_short", "attendance.csv", "has 3 fields but the header has 5", CHANGED, 9_812)
    assert freshness.describe(holdback, LOADED, LOADED.date(), "en") == (
        "attendance.csv changed at 15:02 but looks incomplete: line 9,812 has 3 fields but the header has 5; "
        "showing the data loaded at 14:55."
    )
    unusable = Holdback("unusable", "screenings.csv", "has no column city (the header has: screening_id)", CHANGED)
    assert freshness.describe(unusable, LOADED, dt.date(2025, 3, 15), "en") == (
        "screenings.csv changed at 2025-03-14 15:02 but cannot be used: has no column city (the header has: screening_id); "
        "showing the data loaded at 2025-03-14 14:55."
    )


# -- the rule on real files and a real DuckDB load --------------------------------------------------------------
def test_observe_reads_a_cut_file_as_cut_short_and_a_whole_file_as_whole(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "data", {"screenings.csv": MINI_SCREENINGS, "attendance.csv": CUT_ATTENDANCE, "agreements.csv": MINI_AGREEMENTS}
    )
    con = duckdb.connect()
    cut = freshness.observe(load(con, folder), con, folder, LOADED).file("attendance.csv")
    assert (cut.usable, cut.ends_with_line_break, cut.last_line, cut.last_line_problem) == (
        True,
        False,
        4,
        "has 3 fields but the header has 5",
    )
    write_folder(folder, {"attendance.csv": NEXT_ATTENDANCE})
    con = duckdb.connect()
    complete = freshness.observe(load(con, folder), con, folder, LOADED).file("attendance.csv")
    assert (complete.ends_with_line_break, complete.last_line, complete.last_line_problem) == (True, 4, None)


def test_keeper_serves_the_last_good_database_until_the_file_is_whole(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "data", {"screenings.csv": MINI_SCREENINGS, "attendance.csv": MINI_ATTENDANCE, "agreements.csv": MINI_AGREEMENTS}
    )
    keeper = Keeper()

    def current() -> Database:
        return keeper.choose(fingerprint(folder), lambda: Database(folder), lambda db: fingerprint(folder) == db.fingerprint)

    def admissions(db: Database) -> int:
        return db.cursor().execute("SELECT sum(admissions) FROM attendance").fetchall()[0][0]

    first = current()
    assert admissions(first) == 130
    write_folder(folder, {"attendance.csv": CUT_ATTENDANCE})
    assert current() is first
    assert [holdback.kind for holdback in keeper.verdict(fingerprint(folder)).holdbacks] == ["cut_short"]
    write_folder(folder, {"attendance.csv": NEXT_ATTENDANCE})
    assert admissions(current()) == 145
    assert keeper.verdict(fingerprint(folder)).accept


def test_keeper_after_a_reload_still_holds_a_half_written_file_back(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "data", {"screenings.csv": MINI_SCREENINGS, "attendance.csv": MINI_ATTENDANCE, "agreements.csv": MINI_AGREEMENTS}
    )
    keeper = Keeper()

    def current() -> Database:
        return keeper.choose(fingerprint(folder), lambda: Database(folder), lambda db: fingerprint(folder) == db.fingerprint)

    first = current()
    write_folder(folder, {"attendance.csv": CUT_ATTENDANCE})
    assert current() is first
    keeper.forget()  # "Reload the data" pressed while the copy is still running
    assert current() is first
    assert not keeper.verdict(fingerprint(folder)).accept


def test_keeper_serves_the_last_good_database_when_a_load_raises(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "data", {"screenings.csv": MINI_SCREENINGS, "attendance.csv": MINI_ATTENDANCE, "agreements.csv": MINI_AGREEMENTS}
    )
    keeper = Keeper()
    first = keeper.choose("a", lambda: Database(folder), lambda db: True)

    def broken() -> Database:
        raise duckdb.BinderException("Referenced column lat not found")

    assert keeper.choose("b", broken, lambda db: True) is first
    assert [(holdback.kind, holdback.detail) for holdback in keeper.verdict("b").holdbacks] == [
        ("failed", "Referenced column lat not found")
    ]


# -- the dashboard: AppTest on the real script, real files replaced between reruns --------------------------------------
@pytest.fixture
def live_folder(tmp_path: Path, app_env) -> Path:
    folder = write_folder(
        tmp_path / "live", {"screenings.csv": MINI_SCREENINGS, "attendance.csv": MINI_ATTENDANCE, "agreements.csv": MINI_AGREEMENTS}
    )
    app_env(folder)
    return folder


def overview(at: AppTest | None = None) -> AppTest:
    at = at or AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)  # the Overview is the default page
    at.run()
    assert not at.exception, [item.value for item in at.exception]
    return at


def cards(at: AppTest) -> dict[str, str]:
    return {LABELS[metric.label]: metric.value for metric in at.metric if metric.label in LABELS}


def banners(at: AppTest) -> list[str]:
    """The freshness warnings on the page, as the reader sees them (Markdown escapes removed)."""
    texts = [warning.value.replace("\\", "") for warning in at.warning]
    return [text for text in texts if "showing the data loaded at" in text]


def replace(folder: Path, name: str, content: str | None) -> None:
    """Replace (or delete) an export as a copy would; the modification time moves on so the fingerprint changes."""
    path = folder / name
    if content is None:
        path.unlink()
        return
    stamp = path.stat().st_mtime_ns + 1_000_000_000 if path.exists() else None
    path.write_bytes(content.encode("utf-8"))
    if stamp is not None:
        os.utime(path, ns=(stamp, stamp))


def test_director_sees_replaced_exports_on_the_next_rerun_without_a_restart(live_folder: Path) -> None:
    at = overview()
    assert cards(at) == MINI_CARDS
    replace(live_folder, "attendance.csv", NEXT_ATTENDANCE)
    overview(at)
    assert cards(at)["admissions"] == "145"
    assert banners(at) == []


def test_director_keeps_the_last_good_figures_while_attendance_is_half_copied_then_sees_the_new_ones(live_folder: Path) -> None:
    at = overview()
    replace(live_folder, "attendance.csv", CUT_ATTENDANCE)
    overview(at)
    assert cards(at) == MINI_CARDS
    [banner] = banners(at)
    assert banner.startswith("attendance.csv changed at ")
    assert "but looks incomplete: line 4 has 3 fields but the header has 5; showing the data loaded at" in banner
    replace(live_folder, "attendance.csv", NEXT_ATTENDANCE)
    overview(at)
    assert cards(at)["admissions"] == "145"
    assert banners(at) == []


def test_director_keeps_the_last_good_figures_when_attendance_loses_a_column_then_sees_the_fix(live_folder: Path) -> None:
    at = overview()
    replace(live_folder, "attendance.csv", "screening_id,ticket_type,gross,currency\nS1,paid,,\n")
    overview(at)
    assert cards(at) == MINI_CARDS
    assert not at.error, [error.value for error in at.error]
    [banner] = banners(at)
    assert "attendance.csv changed at " in banner
    assert "but cannot be used: has no column admissions (the header has: screening_id, ticket_type, gross, currency)" in banner
    replace(live_folder, "attendance.csv", NEXT_ATTENDANCE)
    overview(at)
    assert (cards(at)["admissions"], banners(at)) == ("145", [])


def test_director_keeps_the_last_good_figures_when_screenings_is_deleted_then_sees_it_return(live_folder: Path) -> None:
    at = overview()
    replace(live_folder, "screenings.csv", None)
    overview(at)
    assert cards(at) == MINI_CARDS
    [banner] = banners(at)
    assert banner.startswith("screenings.csv has gone from the data folder (noticed at ")
    write_folder(live_folder, {"screenings.csv": MINI_SCREENINGS.replace("Film B", "Film C")})
    overview(at)
    assert cards(at) == MINI_CARDS
    assert banners(at) == []
    assert not at.error


def test_data_steward_sees_rows_rejected_in_a_complete_file_as_a_normal_load(live_folder: Path) -> None:
    at = overview()
    replace(live_folder, "attendance.csv", MINI_ATTENDANCE + "S2,student,many,,\n")
    overview(at)
    assert banners(at) == []
    assert cards(at)["admissions"] == "130"
    coverage = " ".join(caption.value for caption in at.caption)
    assert "1 rows rejected" in coverage or "1 row rejected" in coverage


def test_the_data_quality_page_reports_the_last_good_load_while_a_file_is_half_copied(live_folder: Path) -> None:
    at = open_page(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60), "data_quality")
    at.run()
    replace(live_folder, "attendance.csv", CUT_ATTENDANCE)
    at.run()
    assert not at.exception
    assert len(banners(at)) == 1
    # The last good load had nothing rejected: the page says so, rather than reporting the half-copied row.
    assert any("no row was rejected" in success.value for success in at.success)
