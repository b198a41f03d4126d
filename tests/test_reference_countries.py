"""Checks on the shipped reference table data/reference/countries.csv.

Reads the CSV with the standard library only: the packages used to build it
(requirements-reference.txt) are not installed in the test environment.
"""

import csv
import re
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parents[1] / "data" / "reference" / "countries.csv"
HEADER = ["code", "name_en", "name_fa", "name_ru", "groups", "lat", "lon"]
KNOWN_GROUPS = {"SCO", "CASPIAN", "EAEU", "BRICS", "CIS", "ECO"}


def _read():
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = [dict(zip(header, values, strict=True)) for values in reader]
    return header, rows


def _by_code():
    return {row["code"]: row for row in _read()[1]}


def _members(tag):
    return {row["code"] for row in _read()[1] if tag in row["groups"].split(";")}


def test_header():
    header, _ = _read()
    assert header == HEADER


def test_one_row_per_iso_code():
    _, rows = _read()
    codes = [row["code"] for row in rows]
    assert len(rows) == 249
    assert len(set(codes)) == 249
    for code in codes:
        assert re.fullmatch(r"[A-Z]{2}", code), code


def test_names_present():
    for row in _read()[1]:
        for column in ("name_en", "name_fa", "name_ru"):
            assert row[column].strip(), (row["code"], column)


def test_coordinates_in_range():
    for row in _read()[1]:
        lat, lon = float(row["lat"]), float(row["lon"])
        assert -90.0 <= lat <= 90.0, row["code"]
        assert -180.0 <= lon <= 180.0, row["code"]


def test_group_tags_are_known():
    for row in _read()[1]:
        if row["groups"]:
            tags = row["groups"].split(";")
            assert set(tags) <= KNOWN_GROUPS, row["code"]
            assert len(tags) == len(set(tags)), row["code"]


def test_caspian_members():
    assert _members("CASPIAN") == {"AZ", "IR", "KZ", "RU", "TM"}


def test_sco_members():
    expected = {"CN", "IN", "IR", "KZ", "KG", "PK", "RU", "TJ", "UZ", "BY"}
    assert _members("SCO") == expected


def test_known_values():
    rows = _by_code()
    assert rows["IR"]["name_en"] == "Iran"
    assert rows["IR"]["name_fa"] == "ایران"
    assert rows["RU"]["name_en"] == "Russia"
    assert rows["RU"]["name_ru"] == "Россия"
    assert rows["US"]["name_en"] == "United States"
    assert rows["KR"]["name_en"] == "South Korea"


def test_known_centroids():
    rows = _by_code()
    # (code, lat range, lon range): mainland centroids, not pulled into the ocean.
    expected = [
        ("IR", (30, 35), (51, 57)),
        ("RU", (55, 66), (85, 110)),
        ("KZ", (45, 51), (63, 71)),
        ("AZ", (39, 41.5), (46, 49)),
        ("TM", (37, 41), (57, 62)),
        ("US", (37, 45), (-102, -95)),
        ("FR", (44, 49), (0, 5)),
        ("NO", (58, 70), (7, 20)),
    ]
    for code, (lat_lo, lat_hi), (lon_lo, lon_hi) in expected:
        lat, lon = float(rows[code]["lat"]), float(rows[code]["lon"])
        assert lat_lo <= lat <= lat_hi, (code, lat)
        assert lon_lo <= lon <= lon_hi, (code, lon)
