"""One store, many readers: `python -m cinecoop build` publishes a store; replicas serve it read-only and take a new one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import MINI_ATTENDANCE, MINI_SCREENINGS, ROOT
from streamlit.testing.v1 import AppTest

from cinecoop import cli, store
from cinecoop.db import Database, source_key

# The mini data: S1 (1 session, 100 seats, 50 admissions) and S2 (2 sessions, 200 seats, 80 admissions).
MORE_SCREENINGS = MINI_SCREENINGS + "S3,2025-03-03,Caspian Film Program,,Film C,KZ,animation,KZ,Aktau,Port,cinema,50,1\n"
MORE_ATTENDANCE = MINI_ATTENDANCE + "S3,paid,40,,\n"


def build(data: Path, folder: Path, capsys) -> tuple[int, dict]:
    code = cli.main(["build", "--data", str(data), "--store", str(folder), "--json"])
    return code, json.loads(capsys.readouterr().out)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file of the store folder with its size and modification time: what a writer would change."""
    return {path.name: (path.stat().st_size, path.stat().st_mtime_ns) for path in sorted(folder.iterdir())}


def admissions(database: Database) -> int:
    return int(database.cursor().execute("SELECT sum(admissions) FROM screening_facts").fetchall()[0][0])


@pytest.fixture
def replica_env(monkeypatch, tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    monkeypatch.setenv("CINECOOP_STORE_DIR", str(folder))
    monkeypatch.delenv("CINECOOP_STORE", raising=False)
    return folder


def test_build_publishes_a_store_once_and_a_second_build_of_the_same_files_changes_nothing(make_data, tmp_path, capsys):
    data, folder = make_data(), tmp_path / "store"
    code, first = build(data, folder, capsys)
    assert code == 0
    assert (first["status"], first["changed"], first["held_back"], first["rows_rejected"]) == ("built", True, [], 0)
    pointer = json.loads((folder / "current").read_text())
    assert pointer["store"] == Path(first["store"]).name and (folder / pointer["store"]).is_file()
    assert pointer["data_dir"] == str(data.resolve())
    before = snapshot(folder)
    code, second = build(data, folder, capsys)
    assert code == 0
    assert (second["status"], second["changed"], second["key"]) == ("reused", False, first["key"])
    assert snapshot(folder)["current"] == before["current"]  # the pointer was not rewritten: replicas reload nothing


def test_a_replica_serves_the_published_store_without_reading_the_csv_files_or_writing_the_store_folder(
    make_data, replica_env, monkeypatch, capsys
):
    data = make_data()
    assert build(data, replica_env, capsys)[0] == 0
    # The exports are now garbage: a replica that parsed them would load nothing.
    for name in ("screenings.csv", "attendance.csv", "agreements.csv"):
        (data / name).write_text("not,a,contract,file\n1,2,3,4\n")
    before = snapshot(replica_env)
    monkeypatch.setenv("CINECOOP_STORE_MODE", "readonly")
    database = Database(data, ROOT / "queries" / "views")
    try:
        assert database.store_status == "published"
        assert admissions(database) == 50 + 80
        assert "load" not in database.timings  # no CSV load ran
        assert (
            database.fingerprint
            == json.loads((replica_env / "current").read_text())["fingerprint"]
            + "@"
            + json.loads((replica_env / "current").read_text())["build"]
        )
    finally:
        database.close()
    assert snapshot(replica_env) == before


def test_a_replica_with_nothing_published_yet_loads_the_files_in_memory_and_writes_nothing(make_data, replica_env, monkeypatch):
    monkeypatch.setenv("CINECOOP_STORE_MODE", "readonly")
    data = make_data()
    database = Database(data, ROOT / "queries" / "views")
    try:
        assert database.store_status.startswith("not published: nothing is published yet")
        assert admissions(database) == 130
    finally:
        database.close()
    assert not replica_env.exists() or not list(replica_env.iterdir())


def test_a_replica_takes_a_newly_published_store_at_its_next_rerun(make_data, replica_env, app_env, monkeypatch, capsys):
    data = make_data()
    assert build(data, replica_env, capsys)[0] == 0
    app_env(data)
    monkeypatch.setenv("CINECOOP_STORE_MODE", "readonly")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["dates"] = "all"  # all dates: the new screening falls after the landing period of the first data
    at.run()
    assert not at.exception
    assert {metric.label: metric.value for metric in at.metric}["Admissions"] == "130"
    key = source_key(data)
    # New exports arrive; until a build publishes them the replica keeps serving the published store.
    (data / "screenings.csv").write_text(MORE_SCREENINGS)
    (data / "attendance.csv").write_text(MORE_ATTENDANCE)
    assert source_key(data) == key
    at.run()
    assert {metric.label: metric.value for metric in at.metric}["Admissions"] == "130"
    code, result = build(data, replica_env, capsys)
    assert (code, result["changed"]) == (0, True)
    assert source_key(data) != key
    at.run()
    assert not at.exception
    assert {metric.label: metric.value for metric in at.metric}["Admissions"] == "170"  # 50 + 80 + 40


def test_a_half_written_export_is_saved_but_not_published_and_the_build_says_why(make_data, tmp_path, capsys):
    data, folder = make_data(), tmp_path / "store"
    assert build(data, folder, capsys)[0] == 0
    pointer = (folder / "current").read_bytes()
    # A copy caught mid-row: the last record stops without a line break and has too few fields.
    (data / "attendance.csv").write_text(MINI_ATTENDANCE + "S2,reduced,1")
    code, result = build(data, folder, capsys)
    assert code == 1
    assert result["changed"] is False
    [reason] = result["held_back"]
    assert reason.startswith("attendance.csv changed at ") and "looks incomplete: line 4" in reason
    assert (folder / "current").read_bytes() == pointer
    # Once the file is whole the next build publishes it.
    (data / "attendance.csv").write_text(MINI_ATTENDANCE + "S2,reduced,1\n")
    code, result = build(data, folder, capsys)
    assert (code, result["changed"]) == (0, True)


def test_a_pointer_that_names_something_else_than_a_store_is_refused(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "current").write_text(json.dumps({"store": "../../etc/passwd", "fingerprint": "x", "data_dir": "/", "as_of": "2025-01-01"}))
    with pytest.raises(store.StoreError, match="is not one a build wrote"):
        store.read_pointer(folder)


def test_an_unknown_store_mode_is_refused_in_plain_words(monkeypatch):
    monkeypatch.setenv("CINECOOP_STORE_MODE", "read-only")
    with pytest.raises(ValueError, match="CINECOOP_STORE_MODE='read-only' is neither readonly nor build"):
        store.readonly()


def test_build_refuses_when_the_store_is_switched_off(make_data, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CINECOOP_STORE", "off")
    code = cli.main(["build", "--data", str(make_data()), "--store", str(tmp_path / "store")])
    assert code == 1
    assert "CINECOOP_STORE=off: there is no store to build" in capsys.readouterr().err
    assert not os.path.exists(tmp_path / "store" / "current")
