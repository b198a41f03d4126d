"""Workbench: the query catalogue with each query's SQL and result, the ad-hoc SQL sandbox, and what there is to query."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from cinecoop import paths, safecsv
from cinecoop.catalogue import GLOBAL_PARAMETERS, Query, bind_parameters, header_drift, split_header
from cinecoop.sandbox import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_SECONDS, SandboxError, describe_macros, describe_tables, run_sandboxed
from cinecoop.ui import data, render
from cinecoop.ui.text import plain
from cinecoop.view import View

SANDBOX_PLACEHOLDER = "SELECT program, sum(admissions) AS admissions\nFROM screening_facts\nGROUP BY program\nORDER BY admissions DESC"


def workbench() -> None:
    view = render.analyst_page_top("Workbench")
    if view is None:
        return
    catalogue_tab, sandbox_tab, schema_tab = st.tabs([view.t("Query catalogue"), view.t("SQL sandbox"), view.t("Tables, views and macros")])
    with catalogue_tab:
        _catalogue_section(view)
    with sandbox_tab:
        _sandbox_section(view)
    with schema_tab:
        _schema_section(view)


# -- the catalogue ---------------------------------------------------------------------------------
def _catalogue_section(view: View) -> None:
    queries = data.source().catalogue
    for file, message in data.database().view_errors.items():
        st.error(
            view.t("The view file views/{file} could not be created: {message}", file=plain(file), message=plain(message)),
            icon=":material/error:",
        )
    st.caption(
        view.t(
            "Every query file in `{folder}` as it is on disk now: edit one, or add one, and rerun the page (press R) to see it.",
            folder=str(paths.queries_dir()),
        )
    )
    if not queries:
        st.info(view.t("There are no query files yet. The header format is in docs/analysts.md."))
        return
    st.dataframe(_catalogue_frame(queries, view), hide_index=True, width="stretch")
    name = st.selectbox(
        view.t("Query"),
        list(queries),
        format_func=lambda option: f"{option} — {queries[option].title}" if option in queries else option,
        key="wb_query",
    )
    if name in queries:
        _query_section(queries[name], view)


def _catalogue_frame(queries: dict[str, Query], view: View) -> pd.DataFrame:
    rows = []
    for query in queries.values():
        rows.append(
            {
                view.t("query"): query.name,
                view.t("title"): query.title,
                view.t("grain"): query.grain,
                view.t("used by"): ", ".join(query.pages) if query.pages else view.t("analysts only"),
                view.t("parameters"): ", ".join(query.used_parameters),
                view.t("chart"): query.chart.kind if query.chart else query.chart_text and view.t("declaration has a problem"),
                view.t("status"): view.t("problem") if query.problems else view.t("ok"),
            }
        )
    return pd.DataFrame(rows)


def _query_section(query: Query, view: View) -> None:
    st.subheader(query.title)
    st.markdown(view.t("**Question:** {value}", value=plain(query.question or "—")))
    st.markdown(view.t("**Grain:** {value}", value=plain(query.grain or "—")))
    pages = ", ".join(query.pages) if query.pages else view.t("analysts only (the header has no pages: line)")
    st.markdown(view.t("**Used by:** {pages}", pages=plain(pages)))
    st.caption(view.t("File: `{path}`", path=str(query.path)))
    for problem in query.problems:
        st.error(f"{plain(query.path.name)}: {plain(problem)}", icon=":material/error:")
    for note in header_drift(query):
        st.warning(f"{plain(query.path.name)}: {plain(note)}", icon=":material/warning:")

    filters = view.filters
    bound = bind_parameters(query, filters)
    if query.used_parameters:
        st.markdown(view.t("**Parameters, with the values of the current filters**"))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        view.t("parameter"): f"${name}",
                        view.t("meaning"): GLOBAL_PARAMETERS.get(name, view.t("not provided by the dashboard")),
                        view.t("value now"): json.dumps(bound.get(name), default=str, ensure_ascii=False),
                    }
                    for name in query.used_parameters
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    if query.columns:
        st.markdown(view.t("**Columns the header promises**"))
        st.dataframe(pd.DataFrame(query.columns, columns=[view.t("column"), view.t("description")]), hide_index=True, width="stretch")

    with st.expander(view.t("SQL"), expanded=True):
        st.code(query.sql, language="sql", line_numbers=True)

    if query.problems:
        return
    outcome = data.source().run(query.name, view)
    if not outcome.ok:
        st.error(view.t("This query failed. {error}", error=plain(outcome.error)), icon=":material/error:")
        return
    frame = outcome.frame
    st.caption(
        view.t(
            "Rows: {rows} · time: {milliseconds} ms · with the current filters",
            rows=f"{len(frame):,}",
            milliseconds=f"{outcome.seconds * 1000:,.1f}",
        )
    )
    missing = [column for column in query.column_names if column not in frame.columns]
    if missing:
        st.warning(
            view.t("The header promises columns the result lacks: {columns}", columns=plain(", ".join(missing))),
            icon=":material/warning:",
        )
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        view.t("Download CSV"),
        safecsv.csv_bytes(frame),
        file_name=f"{query.name}.csv",
        mime="text/csv",
        key=f"wb_download_{query.name}",
        on_click="ignore",
    )


# -- the sandbox -----------------------------------------------------------------------------------
def _sandbox_section(view: View) -> None:
    st.caption(
        view.t(
            "One read-only statement (SELECT, WITH, DESCRIBE, SUMMARIZE or SHOW) over the loaded tables: no files, no network, "
            "no settings, stopped after {seconds} s, at most {rows} rows. The sidebar filters do not apply here and there are no "
            "query parameters: write the values into the SQL.",
            seconds=f"{DEFAULT_TIMEOUT_SECONDS:g}",
            rows=f"{DEFAULT_MAX_ROWS:,}",
        )
    )
    with st.form("wb_sandbox_form", border=False):
        sql = st.text_area(view.t("SQL"), key="wb_sql", height=180, placeholder=SANDBOX_PLACEHOLDER)
        submitted = st.form_submit_button(view.t("Run"), type="primary")
    if submitted:
        st.session_state["wb_attempt"] = _attempt(sql)
    attempt = st.session_state.get("wb_attempt")
    if attempt:
        _show_attempt(attempt, view)


def _attempt(sql: str) -> dict:
    """Run the text in the sandbox and keep what the page shows, so a rerun (a filter, a download) keeps the result."""
    try:
        result = run_sandboxed(data.database(), sql)
    except SandboxError as error:
        return {"error": str(error), "detail": error.detail}
    return {"frame": result.frame(), "truncated": result.truncated, "seconds": result.seconds}


def _show_attempt(attempt: dict, view: View) -> None:
    if "error" in attempt:
        st.error(plain(attempt["error"]), icon=":material/error:")
        if attempt["detail"]:
            st.code(attempt["detail"], language=None)
        return
    frame = attempt["frame"]
    st.caption(view.t("Rows: {rows} · time: {milliseconds} ms", rows=f"{len(frame):,}", milliseconds=f"{attempt['seconds'] * 1000:,.1f}"))
    if attempt["truncated"]:
        st.warning(
            view.t("The result was cut at {rows} rows: add a LIMIT, a WHERE or a GROUP BY to see what you need.", rows=f"{len(frame):,}"),
            icon=":material/content_cut:",
        )
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        view.t("Download CSV"),
        safecsv.csv_bytes(frame),
        file_name="sandbox.csv",
        mime="text/csv",
        key="wb_sandbox_download",
        on_click="ignore",
    )


# -- what there is to query ------------------------------------------------------------------------
def _schema_section(view: View) -> None:
    database = data.database()
    st.markdown(view.t("**Tables and views**"))
    columns = describe_tables(database)
    tables = (
        columns.assign(column=columns["column_name"] + " " + columns["data_type"])
        .groupby(["name", "kind"], sort=False)["column"]
        .agg(", ".join)
        .reset_index()
        .rename(columns={"name": view.t("name"), "kind": view.t("kind"), "column": view.t("columns")})
    )
    st.dataframe(tables, hide_index=True, width="stretch")
    st.markdown(view.t("**Macros**"))
    st.dataframe(
        describe_macros(database).rename(columns={"name": view.t("name"), "kind": view.t("kind"), "parameters": view.t("parameters")}),
        hide_index=True,
        width="stretch",
    )
    st.markdown(view.t("**Parameters of the query files** (bound from the filters; not available in the sandbox)"))
    st.dataframe(
        pd.DataFrame([{view.t("parameter"): f"${name}", view.t("meaning"): meaning} for name, meaning in GLOBAL_PARAMETERS.items()]),
        hide_index=True,
        width="stretch",
    )
    views = paths.queries_dir() / "views"
    files = sorted(views.glob("*.sql")) if views.is_dir() else []
    st.markdown(view.t("**View files** (`{folder}`, created when the data are loaded)", folder=str(views)))
    if not files:
        st.caption(view.t("No view files yet."))
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        with st.expander(path.name):
            error = database.view_errors.get(path.name)
            if error:
                st.error(plain(error), icon=":material/error:")
            header = [line.strip().removeprefix("--").strip() for line in text.splitlines()[: split_header(text)[0] - 1]]
            if any(header):
                st.text("\n".join(line for line in header if line))
            st.code(text, language="sql", line_numbers=True)
