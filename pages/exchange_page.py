"""Exchange balance: what went each way between a focus pair of countries, year on year, and the flows among all countries."""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from cinecoop import app, kpi
from cinecoop.brief_ui import render_brief_button
from cinecoop.figures import exchange as figures
from cinecoop.filters import DEFAULT_FOCUS, Filters
from cinecoop.formatting import format_date, format_number, format_year, year_of, year_span
from cinecoop.i18n import current_language, t


def exchange() -> None:
    st.title(t("Exchange balance"))
    app.sample_data_banner()
    render_brief_button("exchange")
    app.show_filter_notes()
    if not app.require_files("screenings", "attendance"):
        return
    country_a, country_b = focus_pickers()
    filters = dataclasses.replace(app.current_filters(), focus=(country_a, country_b))
    if country_a == country_b:
        st.info(t("Choose two different countries to compare."))
        return
    st.caption(t("Direction") + ": " + t(kpi.DEFINITIONS["direction"]))

    year_on_year(filters)
    st.divider()

    language = current_language()  # bound for format_func, which Streamlit may call outside this run
    measure = st.radio(
        t("Show each way"),
        list(figures.MEASURES),
        format_func=lambda value: t(figures.MEASURES[value][1], language=language),
        horizontal=True,
        key="exchange_measure",
    )
    app.chart_block(
        "exchange_by_year_and_direction",
        lambda frame: figures.direction_year_figure(frame, measure, country_a, country_b, calendar=filters.calendar),
        filters=filters,
        empty_message=t("No screenings between {a} and {b} match the filters.", a=country_a, b=country_b),
    )
    app.chart_block(
        "exchange_balance_by_year",
        lambda frame: figures.balance_figure(frame, calendar=filters.calendar),
        filters=filters,
        empty_message=t("No screenings from {a} in {b} or from {b} in {a} match the filters.", a=country_a, b=country_b),
    )
    st.markdown("**" + t("Co-productions of {a} and {b}", a=country_a, b=country_b) + "**")
    app.table_block(
        "coproductions_by_film",
        filters=filters,
        column_config={
            "film_title": st.column_config.TextColumn(t("Film"), width="large"),
            "film_country": st.column_config.TextColumn(t("Made in")),
            "first_screening": st.column_config.DateColumn(t("First screening"), format="YYYY-MM-DD"),
            "screenings": st.column_config.NumberColumn(t("Screenings"), format="localized"),
            "admissions": st.column_config.NumberColumn(t("Admissions"), format="localized"),
            "host_countries": st.column_config.TextColumn(t("Shown in"), width="medium"),
        },
    )
    app.chart_block("admissions_by_film_country_and_host_country", figures.flows_figure, filters=filters)
    st.caption(t("Every country in the selection, not only the focus pair; hover a cell for the exact admissions and screenings."))


def _country_codes() -> list[str]:
    choices = app.filter_choices()
    return sorted(set(choices["hosts"]) | set(choices["films"]))


def _store_focus() -> None:
    st.session_state["focus"] = (st.session_state["focus_a"], st.session_state["focus_b"])


def focus_pickers() -> tuple[str, str]:
    """Two country pickers; the pair lives in st.session_state["focus"], where the shared filters read it."""
    codes = _country_codes() or list(DEFAULT_FOCUS)
    focus = tuple(st.session_state.get("focus", DEFAULT_FOCUS))
    for index, key in enumerate(("focus_a", "focus_b")):
        if st.session_state.get(key) not in codes:
            st.session_state[key] = focus[index] if focus[index] in codes else codes[min(index, len(codes) - 1)]
    left, right, _ = st.columns([1, 1, 2])
    language = current_language()
    left.selectbox(t("Country A"), codes, key="focus_a", on_change=_store_focus, format_func=lambda code: _country_label(code, language))
    right.selectbox(t("Country B"), codes, key="focus_b", on_change=_store_focus, format_func=lambda code: _country_label(code, language))
    _store_focus()
    return st.session_state["focus_a"], st.session_state["focus_b"]


def _country_label(code: str, language: str) -> str:
    return f"{code} · {app.country_name(code, language)}"


def _default_year(filters: Filters) -> int | None:
    """The year a director most likely means by "last year": the end date's year, else the latest full year in the data
    (years of the calendar chosen: a Solar Hijri year ends the day before Nowruz)."""
    span = app.filter_choices()["span"]
    if span[1] is None:
        return None
    if filters.end is not None:
        return year_of(filters.end, filters.calendar)
    last: dt.date = span[1]
    year = year_of(last, filters.calendar)
    full = last == year_span(year, filters.calendar)[1]
    return year if full or year == year_of(span[0], filters.calendar) else year - 1


def year_on_year(filters: Filters) -> None:
    """The quick answer: admissions, screenings and titles each way in one year (of the calendar chosen) against the year before."""
    country_a, country_b = filters.focus
    span = app.filter_choices()["span"]
    default = _default_year(filters)
    if default is None:
        return
    years = list(range(year_of(span[1], filters.calendar), year_of(span[0], filters.calendar) - 1, -1))
    if default not in years:
        years = sorted({*years, default}, reverse=True)
    st.subheader(t("Year on year"))
    language = current_language()
    # The choice is kept per calendar: 1404 and 2025 are different years.
    year = st.selectbox(
        t("Solar Hijri year") if filters.calendar == "jalali" else t("Year"),
        years,
        index=years.index(default),
        key="exchange_year" if filters.calendar == "gregorian" else "exchange_year_jalali",
        format_func=lambda value: format_year(value, language),
        width=160,
    )
    both_years = dataclasses.replace(filters, start=year_span(year - 1, filters.calendar)[0], end=year_span(year, filters.calendar)[1])
    outcome = app.run("exchange_by_year_and_direction", both_years)
    if not outcome.ok:
        st.error(t("This comparison could not be computed. {error}", error=outcome.error), icon=":material/error:")
        return
    frame = outcome.frame

    def value(direction: str, measure: str, in_year: int) -> int:
        rows = frame[(frame["direction"] == direction) & (frame["year"] == in_year)]
        return int(rows[measure].sum()) if not rows.empty else 0

    forward, backward = f"{country_a}→{country_b}", f"{country_b}→{country_a}"
    now, before = value(forward, "admissions", year), value(forward, "admissions", year - 1)
    st.markdown(
        t(
            "**Questions leadership asks.** How many people saw films from {a_name} in {b_name}? "
            "**{now}** in {year}, against **{before}** in {previous}: {change}.",
            a_name=app.plain(app.country_name(country_a)),
            b_name=app.plain(app.country_name(country_b)),
            now=format_number(now),
            year=format_year(year),
            before=format_number(before),
            previous=format_year(year - 1),
            change=kpi.year_change_text(now, before),
        )
    )
    labels = {
        forward: t("Films from {a} shown in {b}", a=country_a, b=country_b),
        backward: t("Films from {b} shown in {a}", a=country_a, b=country_b),
        "co-production": t("Co-productions of {a} and {b}, anywhere", a=country_a, b=country_b),
    }
    measures = (("admissions", t("Admissions")), ("screenings", t("Screenings")), ("titles", t("Titles")))
    for direction, label in labels.items():
        # Admissions get the widest cell: theirs is the longest number and the change a director asks about first.
        heading, *cells = st.columns([0.9, 1.3, 1.05, 1.05], vertical_alignment="center")
        heading.markdown(f"**{direction if direction != 'co-production' else t('co-production')}**  \n{label}")
        for cell, (measure, measure_label) in zip(cells, measures, strict=True):
            current, previous = value(direction, measure, year), value(direction, measure, year - 1)
            change = current - previous
            cell.metric(
                t("{measure} in {year}", measure=measure_label, year=format_year(year)),
                format_number(current),
                kpi.year_change_text(current, previous) if previous else None,
                delta_color="off" if change == 0 else "normal",
                delta_arrow="off" if change == 0 else "auto",
                delta_description=t("vs {previous}: {value}", previous=format_year(year - 1), value=format_number(previous)),
            )
    last = span[1]
    if filters.calendar == "jalali":
        first_day, last_day = year_span(year - 1, "jalali")[0], year_span(year, "jalali")[1]
        notes = [
            t(
                "Whole Solar Hijri years {previous} and {year} ({start} to {end}), whatever dates the sidebar sets; the other filters apply.",
                previous=format_year(year - 1),
                year=format_year(year),
                start=format_date(first_day, None, "jalali"),
                end=format_date(last_day, None, "jalali"),
            )
        ]
    else:
        notes = [
            t(
                "Whole calendar years {previous} and {year}, whatever dates the sidebar sets; the other filters apply.",
                previous=format_year(year - 1),
                year=format_year(year),
            )
        ]
    if last is not None and year_of(last, filters.calendar) == year and last != year_span(year, filters.calendar)[1]:
        notes.append(t("The data for {year} runs to {date} only.", year=format_year(year), date=format_date(last, None, filters.calendar)))
    st.caption(" ".join(notes))
