"""The sidebar every page shares: the language and calendar switches and the filters, written back into the link."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from cinecoop import formatting
from cinecoop.formatting import year_span
from cinecoop.i18n import CALENDARS, LANGUAGES
from cinecoop.ui import data, session
from cinecoop.view import View


def _store_language() -> None:
    st.session_state["lang"] = st.session_state["_lang_choice"]


def _store_calendar() -> None:
    st.session_state["calendar"] = st.session_state["_calendar_choice"]


def _reset_filters() -> None:
    st.session_state["f_start"] = None
    st.session_state["f_end"] = None
    st.session_state["f_programs"] = []
    st.session_state["f_hosts"] = []
    st.session_state["f_films"] = []


def _set_period(start: dt.date | None, end: dt.date | None) -> None:
    st.session_state["f_start"] = start
    st.session_state["f_end"] = end


def language_switch(view: View) -> None:
    """The language and calendar switches at the top of the sidebar; both are remembered through the session."""
    st.session_state["_lang_choice"] = view.language
    st.session_state["_calendar_choice"] = view.calendar
    with st.sidebar:
        st.radio(
            view.t("Language"), list(LANGUAGES), format_func=LANGUAGES.get, key="_lang_choice", on_change=_store_language, horizontal=True
        )
        st.radio(
            view.t("Calendar"),
            list(CALENDARS),
            format_func=lambda value: view.t("Solar Hijri") if value == "jalali" else view.t("Gregorian"),
            key="_calendar_choice",
            on_change=_store_calendar,
            horizontal=True,
            help=view.t("How months and years are counted on every page; a Solar Hijri year runs from Nowruz (about 21 March)."),
        )


def filters(view: View) -> None:
    """The shared filters: dates (bounded by the data), year buttons for the years the data reach, programmes, countries."""
    choices = data.database().choices
    first, last = session.date_bounds(choices, view.today)
    # A date kept from an earlier load of other data must not put the widget outside its bounds.
    for key in ("f_start", "f_end"):
        value = st.session_state.get(key)
        if value is not None and not first <= value <= last:
            st.session_state[key] = None
    extra = st.session_state.get("_extra_country_options", [])
    with st.sidebar:
        st.subheader(view.t("Filters"))
        st.date_input(view.t("From"), key="f_start", format="YYYY-MM-DD", min_value=first, max_value=last)
        st.date_input(view.t("To"), key="f_end", format="YYYY-MM-DD", min_value=first, max_value=last)
        chosen_start, chosen_end = st.session_state.get("f_start"), st.session_state.get("f_end")
        if view.calendar == "jalali" and (chosen_start or chosen_end):
            # The date pickers are Gregorian; the reader of the Solar Hijri calendar sees the same dates in it.
            st.caption(
                view.t(
                    "In the Solar Hijri calendar: {start} to {end}",
                    start=view.date(chosen_start) if chosen_start else "…",
                    end=view.date(chosen_end) if chosen_end else "…",
                )
            )
        years = session.year_buttons(choices, view.calendar)
        columns = st.columns(len(years) + 1)
        for column, year in zip(columns, years, strict=False):
            start, end = year_span(year, view.calendar)
            column.button(
                view.year(year),
                on_click=_set_period,
                args=(max(start, first), min(end, last)),
                help=(
                    view.t("Solar Hijri year {year}: {start} to {end}", year=view.year(year), start=view.day(start), end=view.day(end))
                    if view.calendar == "jalali"
                    else view.t("Calendar year {year}", year=view.year(year))
                ),
                width="stretch",
                key=f"year_{view.calendar}_{year}",
            )
        columns[-1].button(view.t("All"), on_click=_set_period, args=(None, None), help=view.t("All dates"), width="stretch")
        st.multiselect(
            view.t("Programmes"),
            sorted(choices.programs, key=lambda name: formatting.collation_key(view.program(name), view.language)),
            key="f_programs",
            format_func=view.program,
            placeholder=view.t("All programmes"),
        )
        for label, codes, key, everything in (
            ("Host countries", choices.hosts, "f_hosts", "All host countries"),
            ("Film countries", choices.films, "f_films", "All film countries"),
        ):
            st.multiselect(
                view.t(label),
                # Names, not codes, in the order of the reader's alphabet (the link keeps the codes).
                view.by_name(set(codes) | set(extra)),
                key=key,
                format_func=view.country,
                placeholder=view.t(everything),
            )
        st.button(view.t("Reset filters"), on_click=_reset_filters, width="stretch")
