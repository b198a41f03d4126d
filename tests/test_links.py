"""Links carry the filters (data contract section 6): invalid values are dropped with a visible note, shown as text."""

from __future__ import annotations

import datetime as dt

from conftest import ATTENDANCE_HEADER, ROOT, SCREENINGS_HEADER, open_page
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


# -- links and data at the edges of the calendars (issue 16, finding 6) ---------------------------------------
def sidebar_year_buttons(at) -> list:
    """The sidebar's period buttons (the years the data reach, then All)."""
    return [button for button in at.sidebar.button if button.label.isdigit() or button.label in ("All", "همه", "Все")]


def test_a_link_with_dates_far_outside_the_data_is_dropped_with_a_note_and_every_page_still_draws(app_env):
    app_env(ROOT / "data")
    for page in ("", "screenings", "exchange", "agreements", "regional"):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.query_params["start"] = "1989-12-31"
        at.query_params["end"] = "2101-01-01"
        open_page(at, page)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.warning[0].value.startswith("Some values in the link were ignored"), page
        shown = "\n".join(text.value for text in at.text)
        assert "start=1989-12-31 lies outside the dates the data can show" in shown, page
        assert "end=2101-01-01 lies outside the dates the data can show" in shown, page
        # The sidebar drew: its date pickers, within the data's years.
        assert len(at.sidebar.date_input) == 2, page
        assert all(picker.value is None or picker.value.year < 2100 for picker in at.sidebar.date_input), page


SEA_2101 = f"""{SCREENINGS_HEADER}
S1,2025-03-01,Caspian Film Program,,Film A,RU,drama,IR,Tehran,Charsou,cinema,100,1
S2,1480/01/01,Caspian Film Program,,Film B,IR,drama,RU,Astrakhan,Oktyabr,cinema,100,1
"""
SEA_2101_ATTENDANCE = f"""{ATTENDANCE_HEADER}
S1,paid,50,,
S2,paid,70,,
"""


def test_data_dated_1480_in_the_solar_hijri_calendar_keeps_the_year_buttons_and_pickers_working(app_env, make_data):
    # 1480/01/01 (a Solar Hijri date the contract allows) is 21 March 2101: every year button and the pickers must cope.
    app_env(make_data(screenings=SEA_2101, attendance=SEA_2101_ATTENDANCE))
    for language in ("en", "fa"):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.query_params["lang"] = language
        at.run()
        assert not at.exception, (language, [e.value for e in at.exception])
        buttons = sidebar_year_buttons(at)
        assert buttons, language
        for index in range(len(buttons)):
            sidebar_year_buttons(at)[index].click().run()
            assert not at.exception, (language, index, [e.value for e in at.exception])
            start, end = (picker.value for picker in at.sidebar.date_input)
            assert start is None or end is None or start <= end
        # The 2101 screening is reachable: the year 2101 counts its 70 admissions (the second card).
        at.sidebar.date_input[0].set_value(dt.date(2101, 1, 1)).run()
        at.sidebar.date_input[1].set_value(dt.date(2101, 12, 31)).run()
        assert not at.exception, [e.value for e in at.exception]
        assert [picker.value for picker in at.sidebar.date_input] == [dt.date(2101, 1, 1), dt.date(2101, 12, 31)]
        admissions = at.metric[1].value
        assert admissions == {"en": "70", "fa": "۷۰"}[language], (language, [(m.label, m.value) for m in at.metric])
