"""Exchange balance: what went each way between a focus pair of countries, year on year, and the flows among all countries."""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from cinecoop import app, kpi
from cinecoop.figures import exchange as figures
from cinecoop.filters import DEFAULT_FOCUS, Filters
from cinecoop.i18n import t


def exchange() -> None:
    st.title(t("Exchange balance"))
    app.sample_data_banner()
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

    measure = st.radio(
        t("Show each way"),
        list(figures.MEASURES),
        format_func=lambda value: t(figures.MEASURES[value][1]),
        horizontal=True,
        key="exchange_measure",
    )
    app.chart_block(
        "exchange_by_year_and_direction",
        lambda frame: figures.direction_year_figure(frame, measure, country_a, country_b),
        filters=filters,
        empty_message=t("No screenings between {a} and {b} match the filters.", a=country_a, b=country_b),
    )
    app.chart_block(
        "exchange_balance_by_year",
        figures.balance_figure,
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
    left.selectbox(t("Country A"), codes, key="focus_a", on_change=_store_focus, format_func=_country_label)
    right.selectbox(t("Country B"), codes, key="focus_b", on_change=_store_focus, format_func=_country_label)
    _store_focus()
    return st.session_state["focus_a"], st.session_state["focus_b"]


def _country_label(code: str) -> str:
    return f"{code} · {app.country_name(code)}"


def _default_year(filters: Filters) -> int | None:
    """The year a director most likely means by "last year": the end date's year, else the latest full year in the data."""
    span = app.filter_choices()["span"]
    if span[1] is None:
        return None
    if filters.end is not None:
        return filters.end.year
    last: dt.date = span[1]
    return last.year if (last.month, last.day) == (12, 31) or last.year == span[0].year else last.year - 1


def year_on_year(filters: Filters) -> None:
    """The quick answer: admissions, screenings and titles each way in one calendar year against the year before."""
    country_a, country_b = filters.focus
    span = app.filter_choices()["span"]
    default = _default_year(filters)
    if default is None:
        return
    years = list(range(span[1].year, span[0].year - 1, -1))
    if default not in years:
        years = sorted({*years, default}, reverse=True)
    st.subheader(t("Year on year"))
    year = st.selectbox(t("Year"), years, index=years.index(default), key="exchange_year", width=160)
    calendar = dataclasses.replace(filters, start=dt.date(year - 1, 1, 1), end=dt.date(year, 12, 31))
    outcome = app.run("exchange_by_year_and_direction", calendar)
    if not outcome.ok:
        st.error(t("This comparison could not be computed. {error}", error=outcome.error), icon="🚫")
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
            now=f"{now:,}",
            year=year,
            before=f"{before:,}",
            previous=year - 1,
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
                t("{measure} in {year}", measure=measure_label, year=year),
                f"{current:,}",
                kpi.year_change_text(current, previous) if previous else None,
                delta_color="off" if change == 0 else "normal",
                delta_arrow="off" if change == 0 else "auto",
                delta_description=t("vs {previous}: {value}", previous=year - 1, value=f"{previous:,}"),
            )
    last = span[1]
    notes = [
        t(
            "Whole calendar years {previous} and {year}, whatever dates the sidebar sets; the other filters apply.",
            previous=year - 1,
            year=year,
        )
    ]
    if last is not None and last.year == year and (last.month, last.day) != (12, 31):
        notes.append(t("The data for {year} runs to {date} only.", year=year, date=last.isoformat()))
    st.caption(" ".join(notes))
