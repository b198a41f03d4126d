"""CSV that a spreadsheet opens as data: a text cell that would run as a formula gets a leading apostrophe."""

from __future__ import annotations

from typing import Any

import pandas as pd

# What a spreadsheet takes for the start of a formula (a tab or carriage return first can hide one from the eye).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text value a spreadsheet would run as a formula, with a leading apostrophe; any other value as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and column names that a spreadsheet would run as formulas get a leading apostrophe."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell)
    safe.columns = [safe_cell(str(column)) if str(column).startswith(FORMULA_PREFIXES) else column for column in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as spreadsheet-safe UTF-8 CSV with a byte order mark (spreadsheets then read Persian and Russian right)."""
    return spreadsheet_safe(frame).to_csv(index=False).encode("utf-8-sig")
