"""Screenings and attendance: when, where, how and what was shown, how many came, how full the halls were, what it took."""

from __future__ import annotations

import streamlit as st

from cinecoop import app, kpi
from cinecoop.brief_ui import render_brief_button
from cinecoop.figures import screenings as figures
from cinecoop.formatting import format_number, format_percent
from cinecoop.i18n import current_language, t


def screenings() -> None:
    st.title(t("Screenings and attendance"))
    app.sample_data_banner()
    render_brief_button("screenings")
    app.show_filter_notes()
    if not app.require_files("screenings", "attendance"):
        return
    filters = app.current_filters()
    summary = app.run("kpi_summary", filters)
    if summary.ok and int(summary.frame.iloc[0]["screenings"]) == 0:
        st.info(t("No screenings match the filters. Widen the dates or clear a filter in the sidebar."))
        return
    overall = summary.frame.iloc[0]["occupancy"] if summary.ok else None

    language = current_language()  # bound for format_func, which Streamlit may call outside this run
    measure = st.radio(
        t("Show by month"),
        ["admissions", "screenings"],
        format_func=lambda value: (
            t("Admissions (people)", language=language) if value == "admissions" else t("Screenings (sessions)", language=language)
        ),
        horizontal=True,
        key="screenings_measure",
    )
    app.chart_block(
        "screenings_by_month_and_program",
        lambda frame: figures.month_program_figure(app.program_names(frame), measure, calendar=filters.calendar),
    )

    city_map = app.chart_block("admissions_by_city", figures.city_map_figure)
    if city_map.ok and not city_map.frame.empty:
        unplaced = int(city_map.frame["lat"].isna().sum())
        if unplaced:
            st.caption(
                t(
                    "{n} cities are not on the map because reference/cities.csv has no coordinates for them; they are in the CSV download.",
                    n=format_number(unplaced),
                )
            )

    countries, formats = st.columns(2, gap="large")
    with countries:
        app.chart_block("admissions_by_host_country", lambda frame: figures.host_country_figure(app.country_names(frame, "host_country")))
    with formats:
        app.chart_block("screenings_by_format", figures.format_figure)

    genres, occupancy = st.columns(2, gap="large")
    with genres:
        genre = app.chart_block("admissions_by_genre", figures.genre_figure)
        if genre.ok and not genre.frame.empty:
            animation = genre.frame[genre.frame["genre"] == "animation"]
            if animation.empty:
                st.caption(t("No animation in the selection."))
            else:
                row = animation.iloc[0]
                st.markdown(
                    t(
                        "**Animation: {share} of admissions** ({admissions} people; screenings: {screenings}).",
                        share=format_percent(row["admissions_share"]),
                        admissions=format_number(row["admissions"]),
                        screenings=format_number(row["screenings"]),
                    )
                )
    with occupancy:
        app.chart_block("screenings_by_occupancy_band", lambda frame: figures.occupancy_figure(frame, overall))
        st.caption(
            t(
                "The bars count screening rows by their own occupancy; rows without known seats (online, TV) are left out. "
                "The dashed line is the occupancy KPI: "
            )
            + t(kpi.DEFINITIONS["occupancy"])
        )

    films, venues = st.columns(2, gap="large")
    with films:
        app.chart_block("admissions_by_film", figures.top_films_figure)
    with venues:
        app.chart_block("admissions_by_venue", figures.top_venues_figure)

    st.subheader(t("Box office by currency"))
    st.caption(
        t(
            "Each currency on its own line: amounts in different currencies are never added together. "
            "“no gross” counts the admissions of ticket rows exported without an amount."
        )
    )
    currencies = app.run("gross_by_currency", filters)
    rows = len(currencies.frame) if currencies.ok else 10
    app.table_block(
        "gross_by_currency",
        column_config={
            "currency": st.column_config.TextColumn(t("Currency")),
            "attendance_rows": st.column_config.NumberColumn(t("Ticket rows"), format="localized"),
            "admissions": st.column_config.NumberColumn(t("Admissions"), format="localized"),
            "gross": st.column_config.NumberColumn(t("Gross (in that currency)"), format="accounting"),
        },
        # Every currency in view at once: a scroll bar would hide the ones a reader did not think to look for.
        height=35 * (max(rows, 1) + 1) + 3,
    )
