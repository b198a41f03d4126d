"""The Overview numbers the way a typical Streamlit app computes them: read the CSVs with pandas, then filter, merge
and group in Python on every rerun. The yardstick for kpi_summary; it does no validation at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cinecoop import jalali
from cinecoop.filters import Filters


@dataclass
class Frames:
    screenings: pd.DataFrame
    attendance: pd.DataFrame
    agreements: pd.DataFrame


def _day(text: str) -> dt.date | None:
    """One date cell in any of the three conventions the exports use."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = text.strip()
    if "/" in text:
        year, month, day = (int(part) for part in text.split("/"))
        return jalali.to_gregorian(year, month, day)
    if "." in text:
        return dt.datetime.strptime(text, "%d.%m.%Y").date()
    return dt.date.fromisoformat(text)


def _dates(column: pd.Series) -> pd.Series:
    # Few distinct values: parse each once and map, as a careful pandas user would.
    days = {value: _day(value) for value in column.dropna().unique()}
    return pd.to_datetime(column.map(days))


def read(folder: Path) -> Frames:
    """The load step (timed apart): read_csv and parse the dates."""
    screenings = pd.read_csv(folder / "screenings.csv", dtype={"screening_id": str, "event": str, "venue": str})
    screenings["screening_date"] = _dates(screenings["screening_date"])
    attendance = pd.read_csv(folder / "attendance.csv", dtype={"screening_id": str})
    agreements = pd.read_csv(folder / "agreements.csv", dtype=str)
    agreements["signed_date"] = _dates(agreements["signed_date"])
    return Frames(screenings, attendance, agreements)


def kpi_summary(frames: Frames, filters: Filters) -> dict[str, object]:
    """kpi_summary's five values: filter, merge the attendance summed per screening, group."""
    screenings = frames.screenings
    keep = pd.Series(True, index=screenings.index)
    if filters.start:
        keep &= screenings["screening_date"] >= pd.Timestamp(filters.start)
    if filters.end:
        keep &= screenings["screening_date"] <= pd.Timestamp(filters.end)
    if filters.programs:
        keep &= screenings["program"].isin(filters.programs)
    if filters.host_countries:
        keep &= screenings["host_country"].isin(filters.host_countries)
    if filters.film_countries:
        wanted = set(filters.film_countries)
        keep &= screenings["film_country"].str.split(";").map(lambda codes: bool(wanted & set(codes)))
    scope = screenings[keep]
    per_screening = frames.attendance.groupby("screening_id", as_index=False)["admissions"].sum()
    scope = scope.merge(per_screening, on="screening_id", how="left")
    scope["admissions"] = scope["admissions"].fillna(0)
    seated = scope[scope["seats"] > 0]
    seats = seated["seats"].sum()
    agreements = frames.agreements
    signed = agreements["signed_date"].notna()
    if filters.start:
        signed &= agreements["signed_date"] >= pd.Timestamp(filters.start)
    if filters.end:
        signed &= agreements["signed_date"] <= pd.Timestamp(filters.end)
    if filters.programs:
        signed &= agreements["program"].isin(filters.programs)
    if filters.host_countries:
        wanted_hosts = set(filters.host_countries)
        signed &= agreements["countries"].fillna("").str.split(";").map(lambda codes: bool(wanted_hosts & set(codes)))
    return {
        "screenings": int(scope["sessions"].fillna(1).sum()),
        "admissions": int(scope["admissions"].sum()),
        "occupancy": float(seated["admissions"].sum() / seats) if seats else None,
        "films": int(scope["film_title"].nunique()),
        "agreements_signed": int(signed.sum()),
    }
