"""Data quality: what each export file gave at load, every problem with its line, where and when the data was loaded."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from cinecoop import app
from cinecoop.brief_ui import render_brief_button
from cinecoop.figures import quality as figures
from cinecoop.figures import theme
from cinecoop.formatting import format_number
from cinecoop.i18n import current_language, t, translate_message


def _source(report, fingerprint: str) -> None:
    """Where the data was loaded from and when, with the button that reads the folder again."""
    st.subheader(t("Where the data comes from"))
    folders = st.columns(2, gap="medium")
    with folders[0]:
        st.caption(t("Data folder"))
        st.code(str(report.data_dir), language=None)
    with folders[1]:
        st.caption(t("Reference tables (countries, cities)"))
        st.code(str(report.reference_dir), language=None)
    facts = st.columns([2, 1, 2, 2], gap="medium", vertical_alignment="bottom")
    with facts[0]:
        st.caption(t("Loaded at (server time)"))
        st.code(report.loaded_at.strftime("%Y-%m-%d %H:%M:%S"), language=None)
    with facts[1]:
        st.caption(t("Load time"))
        st.code(t("{seconds} s", seconds=format_number(report.seconds, None, 2)), language=None)
    with facts[2]:
        st.caption(t("Data fingerprint"))
        st.code(fingerprint, language=None)
    with facts[3]:
        if st.button(
            t("Reload the data"),
            help=t("Read the data folder again now and forget every cached result."),
            icon=":material/refresh:",
            width="stretch",
        ):
            app.reload_data()
            st.rerun()


def _summary(files: pd.DataFrame, report) -> None:
    """A plain sentence of how the load went, then one plain message per file that could not be used."""
    rejected = int(files["rows_rejected"].sum())
    warnings = int(files["warnings"].sum())
    unusable = files[files["file_error"] != ""]
    if unusable.empty and rejected == 0:
        st.success(
            t("Every file loaded; no row was rejected. {warnings} warnings about usable rows.", warnings=format_number(warnings)),
            icon=":material/check_circle:",
        )
    elif unusable.empty:
        st.warning(
            t(
                "{rejected} rows were rejected and left out of every table; {warnings} warnings.",
                rejected=format_number(rejected),
                warnings=format_number(warnings),
            ),
            icon=":material/warning:",
        )
    for row in unusable.itertuples():
        st.error(
            t("{file} could not be loaded: {reason}", file=app.plain(row.file), reason=app.plain(translate_message(row.file_error))),
            icon=":material/error:",
        )
    optional_missing = [file.file for file in report.files if file.status == "missing" and not file.required]
    for name in optional_missing:
        st.info(t("{file} is not in the data folder; it is optional, so nothing depends on it.", file=app.plain(name)))


def _files_table(files: pd.DataFrame, report) -> None:
    st.subheader(t("Files"))
    st.caption(t("For every file, rows read = rows loaded + rows rejected. A warning keeps its row; a rejected row is left out."))
    st.caption(
        t(
            "Date formats used: which date convention each file was written in (YYYY-MM-DD, DD.MM.YYYY or Solar Hijri YYYY/MM/DD) "
            "and how many values of each; Solar Hijri dates and Persian or Arabic digits are read as they come."
        )
    )
    shown = files.drop(columns=["balanced"])
    # The table speaks the reader's language; the download keeps the report's own words.
    readable = figures.files_frame(report, current_language()).drop(columns=["balanced"])
    app.show_table(
        readable,
        hide_index=True,
        width="stretch",
        placeholder="—",
        column_config={
            "file": t("File"),
            "required": st.column_config.CheckboxColumn(t("Required")),
            "status": t("Status"),
            "rows_read": st.column_config.NumberColumn(t("Rows read"), format="%,d"),
            "rows_loaded": st.column_config.NumberColumn(t("Loaded"), format="%,d"),
            "rows_rejected": st.column_config.NumberColumn(t("Rejected"), format="%,d"),
            "warnings": st.column_config.NumberColumn(t("Warnings"), format="%,d"),
            "read_equals_loaded_plus_rejected": t("Read = loaded + rejected"),
            "first_date": st.column_config.DateColumn(t("First date"), format="YYYY-MM-DD"),
            "last_date": st.column_config.DateColumn(t("Last date"), format="YYYY-MM-DD"),
            "date_formats": st.column_config.TextColumn(t("Date formats used (values)"), width="medium"),
            "non_latin_digit_rows": st.column_config.NumberColumn(t("Rows with Persian or Arabic digits"), format="%,d"),
            "extra_columns": t("Extra columns kept"),
            "delimiter": t("Delimiter"),
            "file_error": st.column_config.TextColumn(t("File error"), width="large"),
        },
    )
    if not files["balanced"].all():
        st.error(
            t("For at least one file, rows read differ from rows loaded + rejected: report this to the data team."), icon=":material/error:"
        )
    st.download_button(
        t("Download the file summary (CSV)"),
        app.csv_bytes(shown),
        file_name="load_summary.csv",
        mime="text/csv",
        key="download_load_summary",
        on_click="ignore",
    )


def _problems() -> None:
    st.subheader(t("Problems by line"))
    st.caption(t("Line numbers are the physical lines of the file; the header is line 1. Errors were rejected, warnings were kept."))
    outcome = app.run("problems_by_line")
    if not outcome.ok:
        st.error(t("This table could not be shown. {error}", error=app.plain(outcome.error)), icon=":material/error:")
        return
    problems = outcome.frame
    if problems.empty:
        st.success(t("The loader reported no problem."), icon=":material/check_circle:")
        app.show_sql(outcome, "problems_by_line")
        return
    columns = st.columns(3)
    language = current_language()  # bound for format_func, which Streamlit may call outside this run
    files = columns[0].multiselect(t("File"), sorted(problems["file"].dropna().unique()), key="dq_files", placeholder=t("All files"))
    severities = columns[1].multiselect(
        t("Severity"),
        sorted(problems["severity"].dropna().unique()),
        key="dq_severities",
        format_func=lambda severity: t(severity, language=language),
        placeholder=t("Errors and warnings"),
    )
    names = sorted(problems["column_name"].dropna().unique())
    chosen_columns = columns[2].multiselect(t("Column"), names, key="dq_columns", placeholder=t("All columns"))
    shown = problems
    if files:
        shown = shown[shown["file"].isin(files)]
    if severities:
        shown = shown[shown["severity"].isin(severities)]
    if chosen_columns:
        shown = shown[shown["column_name"].isin(chosen_columns)]
    st.caption(t("{shown} of {total} problems.", shown=format_number(len(shown)), total=format_number(len(problems))))
    if shown.empty:
        st.info(t("No problem matches these choices."))
    else:
        # The loader's messages in the reader's language; the download below keeps them as the loader wrote them.
        app.show_table(
            shown.assign(message=[translate_message(message) for message in shown["message"]]),
            hide_index=True,
            width="stretch",
            height=min(420, 38 + 35 * len(shown)),
            placeholder="—",
            column_config={
                "file": t("File"),
                "line": st.column_config.NumberColumn(t("Line"), format="%d"),
                "severity": t("Severity"),
                "column_name": t("Column"),
                "value": st.column_config.TextColumn(t("Value")),
                "message": st.column_config.TextColumn(t("Message"), width="large"),
            },
        )
    st.download_button(
        t("Download these problems (CSV)"),
        app.csv_bytes(shown),
        file_name="load_problems.csv",
        mime="text/csv",
        key="download_problems",
        on_click="ignore",
        icon=":material/download:",
    )
    app.show_sql(dataclasses.replace(outcome, frame=shown), "problems_by_line")


def data_quality() -> None:
    st.title(t("Data quality"))
    app.sample_data_banner()
    render_brief_button("data_quality")
    database = app.database()
    report = database.report
    files = figures.files_frame(report)
    _summary(files, report)
    _source(report, database.fingerprint)
    _files_table(files, report)

    left, right = st.columns(2, gap="medium")
    with left:
        app.chart_block("problems_by_file", figures.problems_by_file_figure, empty_message=t("The loader reported no problem."))
    with right:
        if files["first_date"].notna().any():
            st.plotly_chart(
                theme.localize(figures.file_dates_figure(files)), config=app.PLOTLY_CONFIG, key="chart_file_dates", width="stretch"
            )
            st.caption(
                t(
                    "From the file summary above: screening_date for screenings.csv; for agreements.csv, from the first "
                    "proposed_date to the latest proposed or signed date. Rows loaded only."
                )
            )
        else:
            st.info(t("No file with dates was loaded."))

    _problems()
