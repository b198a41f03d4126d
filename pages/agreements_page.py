"""Agreements: the pipeline by status, the timeline, types and partner countries, time to signature, what is stuck."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from cinecoop import app
from cinecoop.brief_ui import render_brief_button
from cinecoop.figures import agreements as figures
from cinecoop.formatting import format_date, format_number
from cinecoop.i18n import current_calendar, t

DATE_COLUMNS = ("proposed_date", "signed_date", "end_date")


def matching_rows(frame: pd.DataFrame, search: str) -> pd.DataFrame:
    """Rows where every word of the search appears in some cell (case-insensitive); the search never reaches SQL."""
    words = search.casefold().split()
    if not words or frame.empty:
        return frame
    cells = frame.astype("string").fillna("")
    joined = cells.apply(lambda row: " ".join(row).casefold(), axis=1)
    keep = pd.Series(True, index=frame.index)
    for word in words:
        keep &= joined.str.contains(word, regex=False)
    return frame[keep]


def _with_country_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Country names in the reader's language from the reference list (the query gives the English name)."""
    return app.country_names(frame, "country")


def _as_dates(frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame.copy()
    for column in DATE_COLUMNS:
        if column in shown:
            shown[column] = pd.to_datetime(shown[column]).dt.date
    return shown


def _kpis() -> None:
    filters = app.current_filters()
    by_status = app.run("agreements_by_status")
    signed = app.run("kpi_summary")
    days = app.run("days_to_signature_by_type")
    overdue = app.run("agreements_overdue")
    columns = st.columns(4)
    columns[0].metric(
        t("Agreements proposed"),
        format_number(by_status.frame["agreements"].sum()) if by_status.ok else "—",
        help=t("Agreements proposed in the date range, of the chosen programmes, naming a chosen host country."),
    )
    columns[1].metric(
        t("Agreements signed"),
        format_number(signed.frame["agreements_signed"].iloc[0]) if signed.ok else "—",
        help=t("Agreements whose signed_date lies in the date range (the same number as on the Overview)."),
    )
    overall = days.frame[days.frame["all_types"].astype(bool)] if days.ok else pd.DataFrame()
    columns[2].metric(
        t("Median days to signature"),
        _days(overall["median_days"].iloc[0]) if not overall.empty else "—",
        help=t("Median days from proposed_date to signed_date over the agreements signed in the date range."),
    )
    columns[3].metric(
        t("Stalled or overdue today"),
        format_number(len(overdue.frame)) if overdue.ok else "—",
        help=t("Stalled, or open with an end_date before today; the date range does not apply."),
    )
    if filters.start is None and filters.end is None:
        st.caption(t("All dates: no date range is set."))


def _days(value: object) -> str:
    """Days with one decimal, the decimal dropped when it is zero."""
    return format_number(value, None, 0 if float(value).is_integer() else 1)


def _overdue() -> None:
    outcome = app.run("agreements_overdue")
    if not outcome.ok:
        st.error(t("This table could not be shown. {error}", error=app.plain(outcome.error)), icon=":material/error:")
        return
    if outcome.frame.empty:
        st.success(
            t("No agreement of the chosen programmes and host countries is stalled or past its end date."), icon=":material/check_circle:"
        )
    else:
        app.show_table(
            _as_dates(outcome.frame),
            hide_index=True,
            width="stretch",
            placeholder="—",
            column_config={
                "agreement_id": st.column_config.TextColumn(t("Id"), width="small"),
                "title": st.column_config.TextColumn(t("Title"), width="medium"),
                "status": t("Status"),
                "reason": t("Why listed"),
                "end_date": st.column_config.DateColumn(t("End date"), format="YYYY-MM-DD"),
                "days_overdue": st.column_config.NumberColumn(t("Days past end"), format="%d"),
                "proposed_date": st.column_config.DateColumn(t("Proposed"), format="YYYY-MM-DD"),
                "days_since_proposed": st.column_config.NumberColumn(t("Days since proposed"), format="%d"),
                "agreement_type": t("Type"),
                "program": t("Programme"),
                "lead_office": t("Lead office"),
            },
        )
    app.show_sql(outcome, "agreements_overdue")


def _register() -> None:
    st.subheader(t("All agreements"))
    outcome = app.run("agreement_register")
    if not outcome.ok:
        st.error(t("This table could not be shown. {error}", error=app.plain(outcome.error)), icon=":material/error:")
        return
    search = st.text_input(
        t("Search the agreements"),
        key="agreements_search",
        type="search",
        placeholder=t("Words from a title, party, country code, programme, status or office"),
    )
    found = matching_rows(outcome.frame, search)
    st.caption(
        t(
            "{shown} of {total} agreements proposed in the date range. Every word typed must appear somewhere in the row.",
            shown=format_number(len(found)),
            total=format_number(len(outcome.frame)),
        )
    )
    if outcome.frame.empty:
        st.info(t("No agreement was proposed in the date range for the chosen programmes and host countries."))
    elif found.empty:
        st.info(t("No agreement matches the search."))
    else:
        app.show_table(
            _as_dates(found),
            hide_index=True,
            width="stretch",
            placeholder="—",
            column_config={
                "agreement_id": st.column_config.TextColumn(t("Id"), width="small"),
                "title": st.column_config.TextColumn(t("Title"), width="large"),
                "agreement_type": t("Type"),
                "program": t("Programme"),
                "status": t("Status"),
                "parties": st.column_config.TextColumn(t("Parties"), width="large"),
                "countries": t("Countries"),
                "proposed_date": st.column_config.DateColumn(t("Proposed"), format="YYYY-MM-DD"),
                "signed_date": st.column_config.DateColumn(t("Signed"), format="YYYY-MM-DD"),
                "end_date": st.column_config.DateColumn(t("Ends"), format="YYYY-MM-DD"),
                "value_usd": st.column_config.NumberColumn(t("Value (USD)"), format="%,.0f"),
                "lead_office": t("Lead office"),
            },
        )
    # The download and the SQL view carry exactly the rows shown.
    app.show_sql(dataclasses.replace(outcome, frame=found), "agreement_register")


def agreements() -> None:
    st.title(t("Agreements"))
    app.sample_data_banner()
    render_brief_button("agreements")
    app.show_filter_notes()
    st.caption(
        t(
            "Agreements follow the programme and host-country filters (an agreement matches when one of its countries is a chosen host). "
            "The film-country filter does not apply to agreements. Each chart says which date the date range applies to."
        )
    )
    if not app.require_files("agreements"):
        st.info(t("The agreement charts need agreements.csv; the other pages keep working. The Data quality page has the details."))
        return
    _kpis()

    left, right = st.columns(2, gap="medium")
    with left:
        app.chart_block("agreements_by_status", figures.pipeline_figure, empty_message=t("No agreement was proposed in the date range."))
        st.caption(
            t(
                "Date range: on proposed_date. Each agreement is counted once, in its status today. "
                "Stalled and cancelled are set apart from the road proposed → negotiating → signed → in-progress → completed."
            )
        )
    with right:
        app.chart_block(
            "days_to_signature_by_type",
            figures.days_to_signature_figure,
            empty_message=t("No agreement was signed in the date range."),
        )
        st.caption(
            t(
                "Date range: on signed_date. Days from proposed_date to signed_date; the median of an even count is the mean of "
                "the middle two. The dashed line is the median over all types."
            )
        )

    left, right = st.columns(2, gap="medium")
    with left:
        app.chart_block("agreements_by_type", figures.by_type_figure, empty_message=t("No agreement was proposed in the date range."))
        st.caption(t("Date range: on proposed_date. Bars are split by the status today."))
    with right:
        app.chart_block(
            "agreements_by_partner_country",
            lambda frame: figures.by_partner_country_figure(_with_country_names(frame)),
            empty_message=t("No agreement was proposed in the date range."),
        )
        st.caption(
            t(
                "Date range: on proposed_date. An agreement counts once for every country it names, "
                "so the bars add up to more than the number of agreements."
            )
        )

    st.subheader(t("Stalled and overdue"))
    st.caption(
        t(
            "Rule: an agreement is listed when its status is stalled, or when its status is still open (proposed, negotiating, "
            "signed, in-progress or stalled) and its end_date is before today ({today}). The date range does not apply: this is "
            "the state today.",
            today=format_date(dt.date.today(), None, current_calendar()),
        )
    )
    _overdue()

    st.subheader(t("Timeline"))
    st.caption(
        t(
            "Date range: on proposed_date. Grey line: from proposal to signature. Thick line in the status colour: from signature "
            "to the end date (to today when no end date is given). Dotted line: not signed yet, up to today or the end date. "
            "Hover a marker for the dates."
        )
    )
    app.chart_block(
        "agreement_timeline",
        lambda frame: figures.timeline_figure(frame, dt.date.today()),
        empty_message=t("No agreement was proposed in the date range."),
    )

    _register()
