"""Workbench: the query catalogue with each query's SQL and result, the ad-hoc SQL sandbox, and what there is to query."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from cinecoop import app, paths
from cinecoop.catalogue import GLOBAL_PARAMETERS, Query, bind_parameters, header_drift, split_header
from cinecoop.i18n import t
from cinecoop.sandbox import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_SECONDS, SandboxError, describe_macros, describe_tables, run_sandboxed

SANDBOX_PLACEHOLDER = "SELECT program, sum(admissions) AS admissions\nFROM screening_facts\nGROUP BY program\nORDER BY admissions DESC"


def workbench() -> None:
    st.title(t("Workbench"))
    if not app.analyst_pages_allowed():
        # Navigation already hides the page; this also keeps the sandbox shut if the page is reached another way.
        st.error(t("The analyst pages are not available to this account or in this deployment."), icon=":material/lock:")
        return
    app.sample_data_banner()
    app.show_filter_notes()
    catalogue_tab, sandbox_tab, schema_tab = st.tabs([t("Query catalogue"), t("SQL sandbox"), t("Tables, views and macros")])
    with catalogue_tab:
        _catalogue_section()
    with sandbox_tab:
        _sandbox_section()
    with schema_tab:
        _schema_section()


# -- the catalogue ---------------------------------------------------------------------------------
def _catalogue_section() -> None:
    queries = app.catalogue()
    for file, message in app.database().view_errors.items():
        st.error(
            t("The view file views/{file} could not be created: {message}", file=app.plain(file), message=app.plain(message)),
            icon=":material/error:",
        )
    st.caption(
        t(
            "Every query file in `{folder}` as it is on disk now: edit one, or add one, and rerun the page (press R) to see it.",
            folder=str(paths.queries_dir()),
        )
    )
    if not queries:
        st.info(t("There are no query files yet. The header format is in docs/analysts.md."))
        return
    st.dataframe(_catalogue_frame(queries), hide_index=True, width="stretch")
    name = st.selectbox(
        t("Query"),
        list(queries),
        format_func=lambda option: f"{option} — {queries[option].title}" if option in queries else option,
        key="wb_query",
    )
    if name in queries:
        _query_section(queries[name])


def _catalogue_frame(queries: dict[str, Query]) -> pd.DataFrame:
    rows = []
    for query in queries.values():
        rows.append(
            {
                t("query"): query.name,
                t("title"): query.title,
                t("grain"): query.grain,
                t("used by"): ", ".join(query.pages) if query.pages else t("analysts only"),
                t("parameters"): ", ".join(query.used_parameters),
                t("chart"): query.chart.kind if query.chart else query.chart_text and t("declaration has a problem"),
                t("status"): t("problem") if query.problems else t("ok"),
            }
        )
    return pd.DataFrame(rows)


def _query_section(query: Query) -> None:
    st.subheader(query.title)
    st.markdown(t("**Question:** {value}", value=app.plain(query.question or "—")))
    st.markdown(t("**Grain:** {value}", value=app.plain(query.grain or "—")))
    pages = ", ".join(query.pages) if query.pages else t("analysts only (the header has no pages: line)")
    st.markdown(t("**Used by:** {pages}", pages=app.plain(pages)))
    st.caption(t("File: `{path}`", path=str(query.path)))
    for problem in query.problems:
        st.error(f"{app.plain(query.path.name)}: {app.plain(problem)}", icon=":material/error:")
    for note in header_drift(query):
        st.warning(f"{app.plain(query.path.name)}: {app.plain(note)}", icon=":material/warning:")

    filters = app.current_filters()
    bound = bind_parameters(query, filters)
    if query.used_parameters:
        st.markdown(t("**Parameters, with the values of the current filters**"))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("parameter"): f"${name}",
                        t("meaning"): GLOBAL_PARAMETERS.get(name, t("not provided by the dashboard")),
                        t("value now"): json.dumps(bound.get(name), default=str, ensure_ascii=False),
                    }
                    for name in query.used_parameters
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    if query.columns:
        st.markdown(t("**Columns the header promises**"))
        st.dataframe(pd.DataFrame(query.columns, columns=[t("column"), t("description")]), hide_index=True, width="stretch")

    with st.expander(t("SQL"), expanded=True):
        st.code(query.sql, language="sql", line_numbers=True)

    if query.problems:
        return
    outcome = app.run(query.name, filters)
    if not outcome.ok:
        st.error(t("This query failed. {error}", error=app.plain(outcome.error)), icon=":material/error:")
        return
    frame = outcome.frame
    st.caption(
        t(
            "Rows: {rows} · time: {milliseconds} ms · with the current filters",
            rows=f"{len(frame):,}",
            milliseconds=f"{outcome.seconds * 1000:,.1f}",
        )
    )
    missing = [column for column in query.column_names if column not in frame.columns]
    if missing:
        st.warning(
            t("The header promises columns the result lacks: {columns}", columns=app.plain(", ".join(missing))),
            icon=":material/warning:",
        )
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        t("Download CSV"),
        app.csv_bytes(frame),
        file_name=f"{query.name}.csv",
        mime="text/csv",
        key=f"wb_download_{query.name}",
        on_click="ignore",
    )


# -- the sandbox -----------------------------------------------------------------------------------
def _sandbox_section() -> None:
    st.caption(
        t(
            "One read-only statement (SELECT, WITH, DESCRIBE, SUMMARIZE or SHOW) over the loaded tables: no files, no network, "
            "no settings, stopped after {seconds} s, at most {rows} rows. The sidebar filters do not apply here and there are no "
            "query parameters: write the values into the SQL.",
            seconds=f"{DEFAULT_TIMEOUT_SECONDS:g}",
            rows=f"{DEFAULT_MAX_ROWS:,}",
        )
    )
    with st.form("wb_sandbox_form", border=False):
        sql = st.text_area(t("SQL"), key="wb_sql", height=180, placeholder=SANDBOX_PLACEHOLDER)
        submitted = st.form_submit_button(t("Run"), type="primary")
    if submitted:
        st.session_state["wb_attempt"] = _attempt(sql)
    attempt = st.session_state.get("wb_attempt")
    if attempt:
        _show_attempt(attempt)


def _attempt(sql: str) -> dict:
    """Run the text in the sandbox and keep what the page shows, so a rerun (a filter, a download) keeps the result."""
    try:
        result = run_sandboxed(app.database(), sql)
    except SandboxError as error:
        return {"error": str(error), "detail": error.detail}
    return {"frame": result.frame(), "truncated": result.truncated, "seconds": result.seconds}


def _show_attempt(attempt: dict) -> None:
    if "error" in attempt:
        st.error(app.plain(attempt["error"]), icon=":material/error:")
        if attempt["detail"]:
            st.code(attempt["detail"], language=None)
        return
    frame = attempt["frame"]
    st.caption(t("Rows: {rows} · time: {milliseconds} ms", rows=f"{len(frame):,}", milliseconds=f"{attempt['seconds'] * 1000:,.1f}"))
    if attempt["truncated"]:
        st.warning(
            t("The result was cut at {rows} rows: add a LIMIT, a WHERE or a GROUP BY to see what you need.", rows=f"{len(frame):,}"),
            icon=":material/content_cut:",
        )
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        t("Download CSV"),
        app.csv_bytes(frame),
        file_name="sandbox.csv",
        mime="text/csv",
        key="wb_sandbox_download",
        on_click="ignore",
    )


# -- what there is to query ------------------------------------------------------------------------
def _schema_section() -> None:
    database = app.database()
    st.markdown(t("**Tables and views**"))
    columns = describe_tables(database)
    tables = (
        columns.assign(column=columns["column_name"] + " " + columns["data_type"])
        .groupby(["name", "kind"], sort=False)["column"]
        .agg(", ".join)
        .reset_index()
        .rename(columns={"name": t("name"), "kind": t("kind"), "column": t("columns")})
    )
    st.dataframe(tables, hide_index=True, width="stretch")
    st.markdown(t("**Macros**"))
    st.dataframe(
        describe_macros(database).rename(columns={"name": t("name"), "kind": t("kind"), "parameters": t("parameters")}),
        hide_index=True,
        width="stretch",
    )
    st.markdown(t("**Parameters of the query files** (bound from the filters; not available in the sandbox)"))
    st.dataframe(
        pd.DataFrame([{t("parameter"): f"${name}", t("meaning"): meaning} for name, meaning in GLOBAL_PARAMETERS.items()]),
        hide_index=True,
        width="stretch",
    )
    views = paths.queries_dir() / "views"
    files = sorted(views.glob("*.sql")) if views.is_dir() else []
    st.markdown(t("**View files** (`{folder}`, created when the data are loaded)", folder=str(views)))
    if not files:
        st.caption(t("No view files yet."))
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        with st.expander(path.name):
            error = database.view_errors.get(path.name)
            if error:
                st.error(app.plain(error), icon=":material/error:")
            header = [line.strip().removeprefix("--").strip() for line in text.splitlines()[: split_header(text)[0] - 1]]
            if any(header):
                st.text("\n".join(line for line in header if line))
            st.code(text, language="sql", line_numbers=True)
