"""Overview: the KPI cards against the previous period and the targets, admissions each way, programmes, agreements."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import pages.data_quality_page
from cinecoop import app, kpi
from cinecoop.brief_ui import render_brief_button
from cinecoop.figures import overview as figures
from cinecoop.filters import Filters
from cinecoop.formatting import format_date, format_number, join_parts
from cinecoop.i18n import current_language, t


def overview() -> None:
    st.title(t("Overview"))
    app.sample_data_banner()
    render_brief_button("overview")
    app.show_filter_notes()
    filters = app.current_filters()
    coverage_line(filters)
    if app.require_files("screenings", "attendance"):
        kpi_cards(filters)
        st.divider()
        app.chart_block(
            "admissions_by_month_and_direction",
            lambda frame: figures.direction_trend_figure(frame, *filters.focus, calendar=filters.calendar),
            empty_message=t("No screenings between {a} and {b} match the filters.", a=filters.focus[0], b=filters.focus[1]),
        )
        st.caption(t("Direction") + ": " + t(kpi.DEFINITIONS["direction"]) + " " + t("Choose the pair on the Exchange balance page."))
        st.subheader(t("Programme scoreboard"))
        app.table_block(
            "kpis_by_program",
            column_config={
                "program": st.column_config.TextColumn(t("Programme")),
                "screenings": st.column_config.NumberColumn(t("Screenings"), format="localized", help=t(kpi.DEFINITIONS["screenings"])),
                "admissions": st.column_config.NumberColumn(t("Admissions"), format="localized", help=t(kpi.DEFINITIONS["admissions"])),
                "occupancy": st.column_config.ProgressColumn(
                    t("Occupancy"), format="percent", min_value=0.0, max_value=1.0, help=t(kpi.DEFINITIONS["occupancy"])
                ),
                "films": st.column_config.NumberColumn(t("Films"), format="localized", help=t(kpi.DEFINITIONS["films"])),
            },
        )
    st.subheader(t("Agreements"))
    if app.require_files("agreements"):
        pipeline, latest = st.columns([2, 3], gap="large")
        with pipeline:
            app.chart_block("agreement_pipeline_by_status", figures.pipeline_figure, empty_message=t("No agreements match the filters."))
            st.caption(t("Status as exported today, for the chosen programmes and host countries; the dates do not apply."))
        with latest:
            st.markdown("**" + t("Latest agreements signed") + "**")
            app.table_block(
                "latest_agreements_by_signed_date",
                column_config={
                    "signed_date": st.column_config.DateColumn(t("Signed"), format="YYYY-MM-DD", width=92),
                    "title": st.column_config.TextColumn(t("Agreement"), width=310),
                    "status": st.column_config.TextColumn(t("Status"), width=92),
                    # The narrow column keeps what a director scans; the download carries every column.
                    "agreement_type": None,
                    "program": None,
                    "countries": None,
                    "lead_office": None,
                },
            )
            st.caption(t("Type, programme, countries and lead office are in the CSV download under SQL and data."))
    glossary()


def coverage_line(filters: Filters) -> None:
    """What the data covers and how clean it is, with the way to the details."""
    report = app.database().report
    screenings_file = report.file("screenings")
    warnings = sum(file.warnings for file in report.files)
    rejected = sum(file.rows_rejected for file in report.files)
    last = format_date(screenings_file.last_date, None, filters.calendar)
    parts = [t("Screenings to {date}", date=last), t("{n} warnings", n=format_number(warnings))]
    if rejected:
        parts.append(t("{n} rows rejected", n=format_number(rejected)))
    text, link = st.columns([3, 1], vertical_alignment="center")
    text.caption(join_parts(parts))
    with link:
        st.page_link(
            st.Page(pages.data_quality_page.data_quality, title=t("Data quality"), icon=":material/fact_check:"),
            label=t("Data quality details"),
            icon=":material/fact_check:",
            query_params=filters.query_string(),
        )


def kpi_cards(filters: Filters) -> None:
    """The five KPIs of kpi_summary, their change against the previous period, a monthly sparkline and the target progress."""
    now = app.run("kpi_summary", filters)
    if not now.ok:
        st.error(t("The KPIs could not be computed. {error}", error=now.error), icon=":material/error:")
        return
    current = now.frame.iloc[0].to_dict()
    previous_filters = filters.previous()
    previous = None
    if previous_filters is not None:
        before = app.run("kpi_summary", previous_filters)
        previous = before.frame.iloc[0].to_dict() if before.ok else None
    monthly = app.run("kpi_by_month", filters)
    series = {column: monthly.frame[column].tolist() for column in monthly.frame.columns} if monthly.ok else {}
    targets = _targets(filters)
    cards = kpi.build_cards(current, previous, filters, series, targets, current_language())
    # Admissions and screenings carry the longest numbers: their cards are wider so no value is cut at 1366 pixels.
    widths = {"screenings": 1.1, "admissions": 1.25, "occupancy": 1.0, "films": 1.0, "agreements_signed": 1.1}
    for column, card in zip(st.columns([widths.get(card.metric, 1.0) for card in cards]), cards, strict=True):
        with column:
            st.metric(
                card.label,
                card.value,
                card.delta,
                delta_color=card.delta_color,
                delta_arrow="off" if card.delta_color == "off" else "auto",
                help=card.definition,
                border=True,
                chart_data=list(card.sparkline) if len(card.sparkline) > 1 else None,
                chart_type="bar",
                delta_description=card.delta_description,
            )
            if card.progress is not None:
                st.progress(min(card.progress, 1.0), text=card.progress_text)
    notes = [t("Sparklines: by month over the selected dates.")]
    if previous_filters is not None:
        notes.append(
            t(
                "Changes (arrows) compare with {period}, the previous period of the same length.",
                period=kpi.period_text(previous_filters, current_language(), filters.calendar),
            )
        )
    else:
        notes.append(t("Choose a start and an end date to compare with the previous period."))
    notes.append(
        t(
            "Targets are for a whole calendar year: progress is shown only when the dates lie within one year, "
            "with no programme or exactly one programme chosen and no country filter (no pro rata)."
        )
    )
    if filters.calendar == "jalali":
        notes.append(
            t(
                "Targets are set per Gregorian year (1 January to 31 December), so a Solar Hijri year, which runs across two "
                "Gregorian years, shows no target progress; choose dates within one Gregorian year to see it."
            )
        )
    st.caption(" ".join(notes))
    if int(current["screenings"]) == 0:
        st.info(t("No screenings match the filters. Widen the dates or clear a filter in the sidebar."))


def _targets(filters: Filters) -> dict[str, tuple[int, str | None, float]]:
    outcome = app.run("targets_by_metric", filters)
    if not outcome.ok:
        return {}
    return {
        str(row.metric): (int(row.year), None if pd.isna(row.program) else str(row.program), float(row.target))
        for row in outcome.frame.itertuples(index=False)
    }


def glossary() -> None:
    """Every metric definition of the data contract, word for word."""
    with st.expander(t("Glossary: how each number is counted")):
        st.markdown(t(kpi.ALL_FILTERS_NOTE))
        for name, definition in kpi.DEFINITIONS.items():
            st.markdown(t("**{name}**: {definition}", name=t(name), definition=t(definition)))
