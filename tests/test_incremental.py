"""Incremental loads: when export files are added, changed or removed, the saved store is updated from its last version
by reading again only the files that changed (and those a change reaches), and the result is exactly what a full load
of the folder gives: every table, every problem, every count, rows read = loaded + rejected per file.

Each test changes a folder of monthly parts step by step; after every step it opens the folder with the store on (an
update of the previous store) and with the store off (a full load in memory) and compares the two through and through."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import AGREEMENTS_HEADER, ATTENDANCE_HEADER, MINI_AGREEMENTS, SCREENINGS_HEADER, write_folder

from cinecoop import freshness, store
from cinecoop.db import Database

AS_OF = dt.date.today()


def row(screening_id: str, day: str, title: str = "Film A", country: str = "RU", host: str = "IR", seats: str = "100") -> str:
    return f"{screening_id},{day},Russian Film Days in Iran,,{title},{country},drama,{host},Tehran,Charsou,cinema,{seats},1"


def screenings(*rows: str, header: str = SCREENINGS_HEADER) -> str:
    return header + "\n" + "\n".join(rows) + "\n"


def attendance(*rows: str) -> str:
    return ATTENDANCE_HEADER + "\n" + "\n".join(rows) + "\n"


@pytest.fixture
def stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(store.STORE_ENV, "on")
    monkeypatch.delenv(store.MODE_ENV, raising=False)
    return tmp_path / "store"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two months of screenings and attendance, agreements, and a film list: a steward's monthly exports."""
    return write_folder(
        tmp_path / "data",
        {
            "screenings/2025-01.csv": screenings(row("S1", "2025-01-10"), row("S2", "2025-01-11", "Film B", "IR", "RU")),
            "screenings/2025-02.csv": screenings(row("S3", "2025-02-01"), row("S4", "2025-02-02", "Film C", "IR;RU", seats="")),
            "attendance/2025-01.csv": attendance("S1,paid,10,1000,IRR", "S2,paid,20,200,RUB", "S2,invited,,,"),
            "attendance/2025-02.csv": attendance("S3,paid,30,3000,IRR", "S4,paid,40,,", "S1,student,5,100,IRR"),
            "agreements.csv": MINI_AGREEMENTS,
            "films.csv": "film_id,original_title,title_en\nF1,Film A,Film A\n",
        },
    )


def snapshot(database: Database) -> dict[str, object]:
    """Everything a load leaves: every table's rows (in a fixed order, columns by name), the report file by file and
    table by table, and the problems in report order."""
    cursor = database.cursor()
    tables = [
        name
        for (name,) in cursor.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY 1"
        ).fetchall()
    ]
    contents: dict[str, object] = {}
    for table in tables:
        columns = sorted(
            name
            for (name,) in cursor.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' "
                "AND table_name = $table",
                {"table": table},
            ).fetchall()
        )
        selected = ", ".join(f'"{name}"::VARCHAR' if name == "source_file" else f'"{name}"' for name in columns)
        rows = cursor.execute(f'SELECT {selected} FROM "{table}"').fetchall()
        contents[table] = (columns, sorted(rows, key=repr))

    def file(report) -> dict[str, object]:
        values = report.as_dict()
        values["required"] = report.required
        return values

    report = database.report
    return {
        "tables": contents,
        "files": [file(report_) for report_ in report.files],
        "totals": [file(report_) for report_ in report.tables],
        "problems": [problem.as_dict() for problem in report.problems],
    }


def open_both(folder: Path, stores: Path) -> tuple[Database, Database]:
    updated = Database(folder, store_dir=stores)
    full = Database(folder, store_dir=stores, use_store=False)
    return updated, full


def assert_same_as_full_load(folder: Path, stores: Path, expect_update: bool = True) -> Database:
    updated, full = open_both(folder, stores)
    try:
        if expect_update:
            assert updated.store_status.startswith("updated from "), updated.store_status
        assert snapshot(updated) == snapshot(full)
        for report in [*updated.report.files, *updated.report.tables]:
            assert report.rows_read == report.rows_loaded + report.rows_rejected, report
    finally:
        full.close()
    return updated


def touch_later(path: Path) -> None:
    """Give a rewritten file a modification time that differs even on a coarse clock."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_a_new_months_part_is_read_alone_and_the_pages_show_it(folder, stores):
    first = Database(folder, store_dir=stores)
    assert first.store_status == "built"
    first_totals = first.cursor().execute("SELECT sum(screenings) FROM screening_day_facts").fetchall()
    first.close()
    write_folder(
        folder,
        {
            "screenings/2025-03.csv": screenings(row("S5", "2025-03-05"), row("S6", "2025-03-06", "Film B", "IR", "RU")),
            "attendance/2025-03.csv": attendance("S5,paid,50,5000,IRR", "S6,paid,60,600,RUB"),
        },
    )
    updated = assert_same_as_full_load(folder, stores)
    try:
        cursor = updated.cursor()
        # Worked out by hand: four screenings of one session each before, two more in March.
        assert first_totals == [(4,)]
        assert cursor.execute("SELECT sum(screenings) FROM screening_day_facts").fetchall() == [(6,)]
        assert cursor.execute("SELECT admissions FROM screening_facts WHERE screening_id = 'S5'").fetchall() == [(50,)]
        assert updated.report.file("screenings/2025-03.csv").rows_loaded == 2
        assert "update" in updated.timings and "load" not in updated.timings
    finally:
        updated.close()


def test_a_changed_part_is_read_again_with_its_new_rows_problems_and_counts(folder, stores):
    Database(folder, store_dir=stores).close()
    part = folder / "attendance" / "2025-02.csv"
    # S3's admissions change, S4 loses its attendance (so it is warned about), a row names no screening.
    part.write_text(attendance("S3,paid,31,3100,IRR", "S1,student,5,100,IRR", "S9,paid,1,,"), encoding="utf-8")
    touch_later(part)
    updated = assert_same_as_full_load(folder, stores)
    try:
        cursor = updated.cursor()
        assert cursor.execute("SELECT screening_id, admissions FROM screening_facts ORDER BY 1").fetchall() == [
            ("S1", 15),
            ("S2", 20),
            ("S3", 31),
            ("S4", None),
        ]
        assert updated.report.file("attendance/2025-02.csv").rows_rejected == 1
        warned = [(p.file, p.line, p.message) for p in updated.report.problems if p.severity == "warning" and p.column == "screening_id"]
        assert warned == [("screenings/2025-02.csv", 3, "screening S4 has no attendance rows in attendance.csv")]
    finally:
        updated.close()


def test_a_removed_part_takes_its_rows_out_and_attendance_naming_them_is_rejected(folder, stores):
    Database(folder, store_dir=stores).close()
    (folder / "screenings" / "2025-02.csv").unlink()
    updated = assert_same_as_full_load(folder, stores)
    try:
        errors = [(p.file, p.line, p.message) for p in updated.report.problems if p.severity == "error"]
        assert errors == [
            ("attendance/2025-02.csv", 2, "screening_id S3 names no screening in screenings.csv"),
            ("attendance/2025-02.csv", 3, "screening_id S4 names no screening in screenings.csv"),
        ]
        assert updated.cursor().execute("SELECT count(*) FROM screening_facts").fetchall() == [(2,)]
    finally:
        updated.close()


def test_a_part_that_sorts_first_keeps_a_repeated_id_and_the_later_row_is_rejected(folder, stores):
    Database(folder, store_dir=stores).close()
    # 2024-12 sorts before 2025-01: its S1 is now the first, January's S1 the repeat (and January's attendance of S1 stays).
    write_folder(folder, {"screenings/2024-12.csv": screenings(row("S1", "2024-12-30", "Film Z"))})
    updated = assert_same_as_full_load(folder, stores)
    try:
        errors = [(p.file, p.line, p.message) for p in updated.report.problems if p.severity == "error"]
        assert errors == [
            ("screenings/2025-01.csv", 2, "screening_id S1 repeats the id first used in screenings/2024-12.csv on line 2"),
        ]
        assert updated.cursor().execute("SELECT film_title FROM screenings WHERE screening_id = 'S1'").fetchall() == [("Film Z",)]
    finally:
        updated.close()
    # And when that part goes again, January's S1 is back, with its attendance: the folder is as it was at first, so
    # the first store serves again.
    (folder / "screenings" / "2024-12.csv").unlink()
    again = assert_same_as_full_load(folder, stores, expect_update=False)
    assert again.store_status == "reused"
    again.close()


def test_attendance_that_arrives_before_its_screenings_is_rejected_then_loads_when_they_come(folder, stores):
    Database(folder, store_dir=stores).close()
    write_folder(folder, {"attendance/2025-03.csv": attendance("S7,paid,70,,", "S8,paid,80,,")})
    updated = assert_same_as_full_load(folder, stores)
    assert updated.report.file("attendance/2025-03.csv").rows_rejected == 2
    updated.close()
    write_folder(folder, {"screenings/2025-03.csv": screenings(row("S7", "2025-03-07"), row("S8", "2025-03-08"))})
    updated = assert_same_as_full_load(folder, stores)
    try:
        assert updated.report.file("attendance/2025-03.csv").rows_loaded == 2
        assert updated.cursor().execute("SELECT sum(admissions) FROM screening_facts WHERE screening_id IN ('S7', 'S8')").fetchall() == [
            (150,)
        ]
    finally:
        updated.close()


def test_columns_bad_rows_unusable_parts_agreements_and_releases_follow_an_update(folder, stores):
    Database(folder, store_dir=stores).close()
    header = SCREENINGS_HEADER + ",note"
    write_folder(
        folder,
        {
            # A new extra column, a row with a bad date and a repeated id inside the part.
            "screenings/2025-03.csv": screenings(
                row("S5", "2025-03-05") + ",first", row("S6", "2025-02-30") + ",", row("S5", "2025-03-07") + ",again", header=header
            ),
            # A part that cannot be used at all: it has no admissions column.
            "attendance/2025-03.csv": "screening_id,ticket_type\nS5,paid\n",
            "agreements.csv": MINI_AGREEMENTS + "A2,Caspian memorandum,memorandum,,Org,IR;RU,signed,2025-01-01,2025-02-01,,,\n",
            "releases/register.csv": "release_id,film_title,film_country,host_country,release_date,gross,currency\n"
            "R1,Film A,RU,IR,2025-02-01,1000,IRR\nR2,Film B,IR,RU,2025-02-03,,\n",
        },
    )
    updated = assert_same_as_full_load(folder, stores, expect_update=False)
    try:
        # Releases appeared: every table's requirements change with them, so this is a full load.
        assert not updated.store_status.startswith("updated")
    finally:
        updated.close()
    write_folder(
        folder,
        {
            "releases/register.csv": "release_id,film_title,film_country,host_country,release_date,gross,currency\nR1,Film A,RU,IR,2025-02-01,1500,IRR\n"
        },
    )
    touch_later(folder / "releases" / "register.csv")
    (folder / "screenings" / "2025-03.csv").unlink()
    assert_same_as_full_load(folder, stores).close()


def test_a_changed_film_list_or_reference_table_loads_in_full(folder, stores):
    Database(folder, store_dir=stores).close()
    (folder / "films.csv").write_text("film_id,original_title,title_en\nF1,Film A,Film A\nF2,Film B,Film B\n", encoding="utf-8")
    touch_later(folder / "films.csv")
    rebuilt = assert_same_as_full_load(folder, stores, expect_update=False)
    assert rebuilt.store_status.startswith("built") or rebuilt.store_status.startswith("rebuilt")
    rebuilt.close()


def test_a_half_written_part_is_held_back_and_read_again_once_whole(folder, stores):
    good = Database(folder, store_dir=stores)
    keeper = freshness.Keeper()
    keeper.choose(good.fingerprint, lambda: good, lambda _: True)
    part = folder / "screenings" / "2025-03.csv"
    whole = screenings(row("S5", "2025-03-05"), row("S6", "2025-03-06"))
    part.write_text(whole[: whole.rindex("2025-03-06") + 4], encoding="utf-8")  # cut in the middle of a date
    cut = assert_same_as_full_load(folder, stores)
    assert keeper.choose(cut.fingerprint, lambda: cut, lambda _: True) is good
    [holdback] = keeper.verdict(cut.fingerprint).holdbacks
    assert (holdback.kind, holdback.file) == ("cut_short", "screenings/2025-03.csv")
    part.write_text(whole, encoding="utf-8")
    touch_later(part)
    complete = assert_same_as_full_load(folder, stores)
    try:
        assert keeper.choose(complete.fingerprint, lambda: complete, lambda _: True) is complete
        assert complete.report.file("screenings/2025-03.csv").rows_loaded == 2
    finally:
        cut.close()
        good.close()
        complete.close()


def test_an_updated_store_is_reused_after_a_restart_and_a_damaged_copy_is_never_served(folder, stores):
    Database(folder, store_dir=stores).close()
    write_folder(folder, {"screenings/2025-03.csv": screenings(row("S5", "2025-03-05"))})
    updated = Database(folder, store_dir=stores)
    assert updated.store_status.startswith("updated from ")
    path = updated.store_path
    updated.close()
    again = Database(folder, store_dir=stores)
    try:
        assert again.store_status == "reused" and again.store_path == path
    finally:
        again.close()
    # The store an update starts from is checked like any store: cut short, it is not updated but rebuilt from the files.
    write_folder(folder, {"screenings/2025-04.csv": screenings(row("S6", "2025-04-05"))})
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)
    rebuilt = assert_same_as_full_load(folder, stores, expect_update=False)
    try:
        assert not rebuilt.store_status.startswith("updated")
    finally:
        rebuilt.close()


def test_agreements_in_parts_are_updated_part_by_part(folder, stores):
    (folder / "agreements.csv").unlink()
    write_folder(
        folder,
        {
            "agreements/2024.csv": MINI_AGREEMENTS,
            "agreements/2025.csv": AGREEMENTS_HEADER + "\nA2,Academy,academy,,Org,IR,proposed,2025-01-01,,2025-06-01,,\n",
        },
    )
    Database(folder, store_dir=stores).close()
    write_folder(folder, {"agreements/2025.csv": AGREEMENTS_HEADER + "\nA1,Again,academy,,Org,IR,proposed,2025-01-01,,,,\n"})
    touch_later(folder / "agreements" / "2025.csv")
    updated = assert_same_as_full_load(folder, stores)
    try:
        errors = [(p.file, p.line, p.message) for p in updated.report.problems if p.severity == "error"]
        assert errors == [("agreements/2025.csv", 2, "agreement_id A1 repeats the id first used in agreements/2024.csv on line 2")]
    finally:
        updated.close()
