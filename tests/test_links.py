"""Links carry the filters (data contract section 6): invalid values are dropped with a visible note, shown as text."""

from __future__ import annotations

import datetime as dt

from conftest import ROOT
from streamlit.testing.v1 import AppTest

from cinecoop.filters import from_query_string

PROGRAMS = {"Caspian Film Program", "Children's Film Week"}
COUNTRIES = {"IR", "RU", "KZ"}


def test_a_link_is_read_into_filters_and_bad_values_are_dropped_with_a_note():
    reading = from_query_string(
        {"start": ["2025-01-01"], "end": ["2025-13-01"], "program": ["Caspian Film Program", "Nope"], "host": ["ir", "XX"], "film": ["KZ"]},
        PROGRAMS,
        COUNTRIES,
    )
    assert reading.filters.start == dt.date(2025, 1, 1)
    assert reading.filters.end is None
    assert reading.filters.programs == ("Caspian Film Program",)
    assert reading.filters.host_countries == ("IR",)
    assert reading.filters.film_countries == ("KZ",)
    assert reading.dropped == (
        "end='2025-13-01' is not a YYYY-MM-DD date",
        "program='Nope' is not a known programme",
        "host='XX' is not a known country code",
    )


def test_start_after_end_drops_both_dates_with_a_note():
    reading = from_query_string({"start": ["2025-12-31"], "end": ["2025-01-01"]}, PROGRAMS, COUNTRIES)
    assert (reading.filters.start, reading.filters.end) == (None, None)
    assert "after end" in reading.dropped[0]


def test_filters_write_the_contract_link_form():
    reading = from_query_string({"program": ["Children's Film Week"], "host": ["RU", "IR"], "start": ["2025-01-01"]}, PROGRAMS, COUNTRIES)
    assert reading.filters.query_string() == {"start": ["2025-01-01"], "program": ["Children's Film Week"], "host": ["RU", "IR"]}


def test_director_opening_a_crafted_link_sees_the_value_as_plain_text(app_env):
    app_env(ROOT / "data")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["program"] = "![x](http://example.org/p.png)"
    at.query_params["start"] = "yesterday"
    at.run()
    assert not at.exception
    assert at.warning[0].value.startswith("Some values in the link were ignored")
    shown = "\n".join(text.value for text in at.text)
    assert "program='![x](http://example.org/p.png)' is not a known programme" in shown
    assert "start='yesterday' is not a YYYY-MM-DD date" in shown
    # nothing from the link reaches Markdown
    assert all("example.org" not in markdown.value for markdown in at.markdown)
    assert all("example.org" not in warning.value for warning in at.warning)
