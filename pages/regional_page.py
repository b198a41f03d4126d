"""Regional programmes: the Caspian Film Program, the SCO filmmakers' working group, the Eurasian Film Academy."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from cinecoop import app
from cinecoop.brief_ui import render_brief_button
from cinecoop.figures import regional as figures
from cinecoop.filters import Filters
from cinecoop.formatting import format_number, format_percent, format_year
from cinecoop.i18n import t


def _agreement_columns(show_program: bool) -> dict:
    """Labels of the agreement tables; the programme column is hidden where every row has the section's own."""
    return {
        "agreement_id": st.column_config.TextColumn(t("Id"), width="small"),
        "title": st.column_config.TextColumn(t("Title"), width="large"),
        "agreement_type": t("Type"),
        "program": t("Programme") if show_program else None,
        "status": t("Status"),
        "parties": st.column_config.TextColumn(t("Parties"), width="large"),
        "countries": t("Countries"),
        "proposed_date": st.column_config.DateColumn(t("Proposed"), format="YYYY-MM-DD"),
        "signed_date": st.column_config.DateColumn(t("Signed"), format="YYYY-MM-DD"),
        "end_date": st.column_config.DateColumn(t("Ends"), format="YYYY-MM-DD"),
        "value_usd": st.column_config.NumberColumn(t("Value (USD)"), format="%,.0f"),
        "lead_office": t("Lead office"),
    }


def programme_filters(program: str) -> Filters:
    """The user's dates and countries, with the programme set to this section's own."""
    return dataclasses.replace(app.current_filters(), programs=(program,))


def _number(value: object) -> str:
    return format_number(value)


def _kpis(program: str) -> None:
    """The five Overview numbers for this programme alone."""
    outcome = app.run("kpi_summary", programme_filters(program))
    if not outcome.ok:
        st.error(t("The key figures could not be computed. {error}", error=app.plain(outcome.error)), icon=":material/error:")
        return
    row = outcome.frame.iloc[0]
    occupancy = row["occupancy"]
    columns = st.columns(5)
    columns[0].metric(t("Screenings"), _number(row["screenings"]), help=t("Sessions held (sum of sessions)."))
    columns[1].metric(t("Admissions"), _number(row["admissions"]))
    columns[2].metric(
        t("Occupancy"),
        format_percent(occupancy),
        help=t("Admissions divided by seats, over screenings whose seats are known."),
    )
    columns[3].metric(t("Films"), _number(row["films"]), help=t("Distinct film titles shown."))
    columns[4].metric(
        t("Agreements signed"),
        _number(row["agreements_signed"]),
        help=t("Agreements of this programme signed in the date range and naming a chosen host country."),
    )


def _programme_agreements(program: str, key: str) -> None:
    st.markdown("**" + t("Agreements of the programme") + "**")
    st.caption(t("Date range: on proposed_date. The host-country filter applies: an agreement matches when it names a chosen host."))
    if app.require_files("agreements"):
        app.table_block(
            "agreement_register",
            key=f"agreements_{key}",
            filters=programme_filters(program),
            column_config=_agreement_columns(show_program=False),
        )


def _caspian() -> None:
    program = figures.CASPIAN
    st.caption(
        t(
            "The programme of the five Caspian littoral states (countries grouped CASPIAN in the reference list: "
            "Azerbaijan, Iran, Kazakhstan, Russia, Turkmenistan), including screenings on board ships."
        )
    )
    _kpis(program)
    coverage = app.run("caspian_coverage_by_country", programme_filters(program))
    events = app.run("caspian_onboard_events", programme_filters(program))
    if coverage.ok:
        covered = int(coverage.frame["covered"].astype(bool).sum())
        columns = st.columns(5)
        columns[0].metric(
            t("Littoral states covered"),
            t("{covered} of {total}", covered=format_number(covered), total=format_number(len(coverage.frame))),
            help=t("States that hosted at least one screening of the programme matching the filters."),
        )
        if events.ok:
            columns[1].metric(t("Events on board"), format_number(len(events.frame)), help=t("Distinct event, vessel and host country."))
            columns[2].metric(t("Admissions on board"), _number(events.frame["admissions"].sum() if not events.frame.empty else 0))
        missing = coverage.frame[~coverage.frame["covered"].astype(bool)]
        if not missing.empty:
            names = ", ".join(f"{app.country_name(code)} ({code})" for code in missing["country"])
            st.warning(t("Not yet covered in the selection: {states}", states=app.plain(names)), icon=":material/waves:")
    if coverage.ok and not coverage.frame["covered"].astype(bool).any():
        st.info(t("No Caspian Film Program screening matches the filters."))
        app.show_sql(coverage, "caspian_coverage")
    else:
        app.chart_block(
            "caspian_coverage_by_country",
            lambda frame: figures.caspian_coverage_figure(_named(frame, "country")),
            key="caspian_coverage",
            filters=programme_filters(program),
        )
    st.caption(t("Date range: on screening_date. With a host-country filter, only the chosen littoral states are listed."))
    st.markdown("**" + t("Events held on board") + "**")
    st.caption(
        t("Screenings of format on-board, one row per event, vessel and the country they are counted for. Date range: on screening_date.")
    )
    app.table_block(
        "caspian_onboard_events",
        key="caspian_onboard",
        filters=programme_filters(program),
        column_config={
            "event": t("Event"),
            "venue": st.column_config.TextColumn(t("Vessel (venue)"), width="medium"),
            "host_country": t("Counted for"),
            "city": t("Where"),
            "first_day": st.column_config.DateColumn(t("First day"), format="YYYY-MM-DD"),
            "last_day": st.column_config.DateColumn(t("Last day"), format="YYYY-MM-DD"),
            "screenings": st.column_config.NumberColumn(t("Screenings"), format="%,d", width="small"),
            "films": st.column_config.NumberColumn(t("Films"), format="%,d", width="small"),
            "admissions": st.column_config.NumberColumn(t("Admissions"), format="%,d", width="small"),
            "seats": st.column_config.NumberColumn(t("Seats"), format="%,d", width="small"),
        },
    )
    _programme_agreements(program, "caspian")


def _sco() -> None:
    program = figures.SCO
    filters = programme_filters(program)
    st.caption(
        t(
            "The working group of filmmakers from the SCO member states (countries grouped SCO in the reference list). "
            "A member takes part in a year when it hosts screenings or its films are shown."
        )
    )
    _kpis(program)
    participation = app.run("sco_participation_by_member_and_year", programme_filters(program))
    if participation.ok and not participation.frame.empty:
        latest = int(participation.frame["year"].max())
        this_year = participation.frame[participation.frame["year"] == latest]
        columns = st.columns(5)
        columns[0].metric(
            t("Members active in {year}", year=format_year(latest)),
            t("{part} of {total}", part=format_number(this_year["took_part"].astype(bool).sum()), total=format_number(len(this_year))),
            help=t("Members that hosted a screening or had a film shown in the latest year of the selection."),
        )
        columns[1].metric(
            t("Host members in {year}", year=format_year(latest)),
            format_number((this_year["hosted_screenings"] > 0).sum()),
        )
    if participation.ok and participation.frame.empty:
        st.info(t("No SCO Filmmakers Working Group screening matches the filters."))
        app.show_sql(participation, "sco_participation")
    else:
        left, right = st.columns(2, gap="medium")
        with left:
            app.chart_block(
                "sco_participation_by_member_and_year",
                lambda frame: figures.sco_participation_figure(_named(frame, "country"), "hosted_screenings", calendar=filters.calendar),
                key="sco_hosted",
                filters=programme_filters(program),
            )
        with right:
            app.chart_block(
                "sco_participation_by_member_and_year",
                lambda frame: figures.sco_participation_figure(_named(frame, "country"), "film_screenings", calendar=filters.calendar),
                key="sco_films",
                filters=programme_filters(program),
            )
        st.caption(
            t(
                "Date range: on screening_date, by Solar Hijri year (from Nowruz). A co-production counts for each of its countries. "
                "A dash means the member took no part that year."
            )
            if filters.calendar == "jalali"
            else t(
                "Date range: on screening_date, by calendar year. A co-production counts for each of its countries. "
                "A dash means the member took no part that year."
            )
        )
    _programme_agreements(program, "sco")


def _academy() -> None:
    program = figures.ACADEMY
    st.caption(t("The Eurasian Film Academy: its screenings, and the academy agreements of every programme."))
    _kpis(program)
    app.chart_block(
        "academy_screenings_by_country",
        lambda frame: figures.academy_screenings_figure(_named(frame, "host_country")),
        key="academy_screenings",
        filters=programme_filters(program),
        empty_message=t("No Eurasian Film Academy screening matches the filters."),
    )
    st.caption(t("Date range: on screening_date."))
    st.markdown("**" + t("Academy agreements") + "**")
    st.caption(
        t(
            "Agreements of type academy, or serving the Eurasian Film Academy. Date range: on proposed_date. The host-country filter applies."
        )
    )
    if app.require_files("agreements"):
        app.table_block(
            "academy_agreements",
            key="academy_agreements",
            filters=programme_filters(program),
            column_config=_agreement_columns(show_program=True),
        )


def _named(frame: pd.DataFrame, code_column: str) -> pd.DataFrame:
    """Country names in the reader's language from the reference list (the queries give English)."""
    return app.country_names(frame, code_column)


def regional() -> None:
    st.title(t("Regional programmes"))
    app.sample_data_banner()
    render_brief_button("regional")
    app.show_filter_notes()
    st.caption(
        t(
            "Each section shows its own programme, so the programme filter does not apply here; "
            "the date range, host-country and film-country filters do."
        )
    )
    app.require_files("screenings", "attendance")
    caspian, sco, academy = st.tabs([app.program_name(figures.CASPIAN), app.program_name(figures.SCO), app.program_name(figures.ACADEMY)])
    with caspian:
        _caspian()
    with sco:
        _sco()
    with academy:
        _academy()
