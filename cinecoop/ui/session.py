"""One reader's session: the language, calendar, filters and focus they chose, read from the link once and then from the
widgets, and handed to everything else as a View. The only module that reads st.session_state for a reader's choice."""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from cinecoop.blocks import Context, Page, resolve_choices
from cinecoop.db import FilterChoices
from cinecoop.filters import DEFAULT_FOCUS, Filters, from_query_string
from cinecoop.formatting import year_of, year_span
from cinecoop.i18n import CALENDARS, LANGUAGES, default_calendar, language_or_default, t
from cinecoop.ui import data
from cinecoop.view import View

LINK_KEYS = ("start", "end", "program", "host", "film", "lang", "cal", "dates")
# The link keys of the pages of one thing (film is also the film-country filter elsewhere).
SUBJECTS = ("country", "agreement")
# A link with no dates opens on the landing period; the reader's "all dates" travels as dates=all.
ALL_DATES = ("dates", "all")
FILTER_KEYS = ("f_start", "f_end", "f_programs", "f_hosts", "f_films")
# A link holding more values than this is not read (Streamlit itself drops such a query string; cinecoop.serve lets it
# through so the reader is told instead of silently shown another view).
MAX_LINK_VALUES = 1000


# -- language and calendar ----------------------------------------------------------------------------------
def language() -> str:
    """The reader's language: from the link on the session's first run, then from the sidebar switch; English by default."""
    _read_language_link_once()
    return language_or_default(st.session_state.get("lang"))


def calendar(reader_language: str) -> str:
    """The calendar chosen in the sidebar, else the language's own (Solar Hijri for Persian readers)."""
    chosen = st.session_state.get("calendar")
    return chosen if chosen in CALENDARS else default_calendar(reader_language)


def _read_language_link_once() -> None:
    if st.session_state.get("_language_link_read"):
        return
    st.session_state["_language_link_read"] = True
    notes: list[tuple[str, str]] = []
    chosen = (st.query_params.get_all("lang") or [None])[-1]
    if chosen is not None:
        if chosen.strip().lower() in LANGUAGES:
            st.session_state["lang"] = chosen.strip().lower()
        else:
            notes.append(("lang", chosen))
    chosen_calendar = (st.query_params.get_all("cal") or [None])[-1]
    if chosen_calendar is not None:
        if chosen_calendar.strip().lower() in CALENDARS:
            st.session_state["calendar"] = chosen_calendar.strip().lower()
        else:
            notes.append(("cal", chosen_calendar))
    st.session_state["_language_notes"] = notes


# -- the dates the data can show --------------------------------------------------------------------------------
def date_bounds(choices: FilterChoices, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day a date filter may name: the whole years (Gregorian and Solar Hijri) the data's dates lie in."""
    first = choices.first_day or today or dt.date.today()
    last = choices.last_day or today or dt.date.today()
    starts = [year_span(year_of(first, name), name)[0] for name in CALENDARS]
    ends = [year_span(year_of(last, name), name)[1] for name in CALENDARS]
    return min(starts), max(ends)


def year_buttons(choices: FilterChoices, reader_calendar: str, count: int = 2) -> list[int]:
    """The latest years of the calendar that the data's dates reach, newest first (at most `count`)."""
    if choices.last_day is None or choices.first_day is None:
        return []
    last, first = year_of(choices.last_day, reader_calendar), year_of(choices.first_day, reader_calendar)
    return [year for year in range(last, max(first, last - count + 1) - 1, -1)]


# -- the period a bare link opens on ------------------------------------------------------------------------------
LANDING_ENV = "CINECOOP_LANDING_PERIOD"
LANDING_PERIODS = ("last-year", "year-to-date")


def landing_period(choices: FilterChoices, reader_calendar: str, setting: str | None = None) -> tuple[dt.date, dt.date] | None:
    """The dates a link without dates opens on, in the reader's calendar: the latest year the data cover whole (2025 on
    data to 31 October 2026), or with CINECOOP_LANDING_PERIOD=year-to-date the latest year up to the data's last day
    (1 January-31 October 2026). Data that cover no whole year open on their year to date. None without data."""
    first, last = choices.first_day, choices.last_day
    if first is None or last is None:
        return None
    setting = (setting if setting is not None else os.environ.get(LANDING_ENV, "")).strip().lower() or LANDING_PERIODS[0]
    year = year_of(last, reader_calendar)
    start, end = year_span(year, reader_calendar)
    if setting == "year-to-date" or last == end:
        return (start, last) if setting == "year-to-date" else (start, end)
    previous_start, previous_end = year_span(year - 1, reader_calendar)
    if first <= previous_end:
        return previous_start, previous_end
    return start, last


# -- filters ------------------------------------------------------------------------------------------------------
def read_filter_link_once(choices: FilterChoices, reader_language: str, subject: str | None = None) -> None:
    """Set the filter widgets from the link once per session; note every value that was dropped. On the page of one thing
    the link key that names it (`subject`: /film?film=F001) is not read as a filter."""
    if st.session_state.get("_link_read"):
        return
    st.session_state["_link_read"] = True
    params = {key: st.query_params.get_all(key) for key in LINK_KEYS[:5] if key != subject}
    values = sum(len(st.query_params.get_all(key)) for key in st.query_params)
    notes: list[str] = []
    if values > MAX_LINK_VALUES:
        notes.append(
            t(
                "The link holds {n} values, more than the {limit} the dashboard reads; it was ignored.",
                reader_language,
                n=f"{values:,}",
                limit=f"{MAX_LINK_VALUES:,}",
            )
        )
        params = {}
    known_countries = set(choices.countries)
    reading = from_query_string(params, set(choices.programs), known_countries, reader_language, date_bounds(choices))
    st.session_state["_link_notes"] = notes + list(reading.dropped)
    filters = reading.filters
    start, end = filters.start, filters.end
    all_dates = ALL_DATES[1] in [value.strip().lower() for value in st.query_params.get_all(ALL_DATES[0])]
    if not params.get("start") and not params.get("end") and not all_dates:
        # A link without dates opens on a period that answers at once: cards with their change and targets.
        start, end = landing_period(choices, calendar(reader_language)) or (None, None)
    st.session_state["f_start"] = start
    st.session_state["f_end"] = end
    st.session_state["f_programs"] = list(filters.programs)
    st.session_state["f_hosts"] = list(filters.host_countries)
    st.session_state["f_films"] = list(filters.film_countries)
    present = set(choices.hosts) | set(choices.films)
    st.session_state["_extra_country_options"] = [
        code for code in (*filters.host_countries, *filters.film_countries) if code not in present
    ]


def link_notes(view: View) -> list[str]:
    """A note for every value of the link that was dropped, and for dates chosen the wrong way round."""
    notes = list(st.session_state.get("_link_notes", []))
    for key, value in st.session_state.get("_language_notes", []):
        if key == "lang":
            notes.append(view.t("lang={value} is not a language of the dashboard (en, fa or ru)", value=repr(value)))
        else:
            notes.append(view.t("cal={value} is not a calendar of the dashboard (gregorian or jalali)", value=repr(value)))
    start, end = st.session_state.get("f_start"), st.session_state.get("f_end")
    if start and end and start > end:
        notes.append(
            view.t("The start date {start} is after the end date {end}; the dates are ignored.", start=view.date(start), end=view.date(end))
        )
    return notes


def subject_key(subject: str) -> str | None:
    """The thing a page of one thing shows, as its link names it (the last value of its key), or None."""
    values = [value.strip() for value in st.query_params.get_all(subject) if value.strip()]
    return values[-1] if values else None


def base_view(subject: str | None = None) -> View:
    """The reader's view from the session: language, calendar, the sidebar's filters and the focus pair."""
    database = data.database()
    choices = database.choices
    reader_language = language()
    read_filter_link_once(choices, reader_language, subject)
    # Streamlit drops the state of the sidebar's widgets when a click switches pages mid-run (st.switch_page); the
    # filters are kept aside each run and put back, so a date picker never falls back to its default (today).
    kept = st.session_state.setdefault("_kept_filters", {})
    for key in FILTER_KEYS:
        if key in st.session_state:
            kept[key] = st.session_state[key]
        elif key in kept:
            st.session_state[key] = kept[key]
    start, end = st.session_state.get("f_start"), st.session_state.get("f_end")
    if start and end and start > end:
        start = end = None
    filters = Filters(
        start=start,
        end=end,
        programs=tuple(st.session_state.get("f_programs", [])),
        host_countries=tuple(st.session_state.get("f_hosts", [])),
        film_countries=tuple(st.session_state.get("f_films", [])),
        focus=tuple(st.session_state.get("focus", DEFAULT_FOCUS)),
        calendar=calendar(reader_language),
    )
    return View(
        language=reader_language,
        filters=filters,
        today=dt.date.today(),
        names=choices.names(),
    )


def reader_view(page: Page | None = None) -> View:
    """The view a page is drawn for: the session's view with the page's own choices (measure, year, focus, searches) and,
    on the page of one thing, that thing."""
    view = base_view(page.subject if page is not None else None)
    if page is not None and page.subject:
        view = view.with_filters(**{f"{page.subject}_key": subject_key(page.subject)})
    if page is not None:
        chosen = {choice.key: st.session_state.get(choice.key) for choice in page.choices()}
        view = resolve_choices(page, Context(view, data.source()), chosen)
        searches = {}
        for table in page.tables():
            if table.search is not None and st.session_state.get(f"{table.name}.search"):
                searches[f"{table.name}.search"] = st.session_state[f"{table.name}.search"]
            for column in table.facets:
                picked = st.session_state.get(f"{table.name}.{column}")
                if picked:
                    searches[f"{table.name}.{column}"] = tuple(picked)
        view = view.with_choices(**searches)
        if any(choice.key in ("focus_a", "focus_b") for choice in page.controls):
            st.session_state["focus"] = view.focus
    st.session_state["_view"] = view
    st.session_state["_filters"] = view.filters
    return view


def write_link(view: View, subject: str | None = None) -> None:
    """Keep the address bar equal to the filters in force, so a copied URL reopens this view (in the reader's language);
    on the page of one thing, its key stays in the link."""
    wanted = view.filters.query_string()
    if subject:
        key = getattr(view.filters, f"{subject}_key")
        wanted.pop(subject, None)
        if key:
            wanted[subject] = [key]
    if view.filters.start is None and view.filters.end is None:
        wanted[ALL_DATES[0]] = [ALL_DATES[1]]
    if view.language != "en":
        wanted["lang"] = [view.language]
    if view.calendar != default_calendar(view.language):
        wanted["cal"] = [view.calendar]
    current = {key: st.query_params.get_all(key) for key in (*LINK_KEYS, *SUBJECTS)}
    current = {key: values for key, values in current.items() if values}
    if current != wanted:
        for key in (*LINK_KEYS, *SUBJECTS):
            if key in st.query_params and key not in wanted:
                del st.query_params[key]
        for key, values in wanted.items():
            st.query_params[key] = values if len(values) > 1 else values[0]


# Streamlit's frontend asks for a new run after its WebSocket reconnects only when the page has a fragment that reruns on
# a timer; otherwise it expects the same server to resume the session. Behind a proxy the reader may come back to another
# replica, whose fresh session would then draw nothing until the reader clicks, and that click's rerun would read the
# filters from the link over the widget just changed. This fragment draws nothing and reruns (cheaply) once an hour;
# its only purpose is that a reconnect reruns the page at once, reading the view back from the link.
RECONNECT_RERUN_EVERY = dt.timedelta(hours=1)


@st.fragment(run_every=RECONNECT_RERUN_EVERY)
def rerun_on_reconnect() -> None:
    """Call once per run: after a lost connection the page reruns at once on whichever replica takes the reader."""
