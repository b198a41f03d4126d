"""Workbench: the query catalogue with each query's SQL and result, the SQL editor (the sandbox), and what there is to query."""

from __future__ import annotations

import decimal
import json

import pandas as pd
import streamlit as st
from code_editor import code_editor

from cinecoop import formatting, paths, safecsv
from cinecoop.catalogue import GLOBAL_PARAMETERS, Query, bind_parameters, header_drift, split_header
from cinecoop.db import time_limit
from cinecoop.i18n import t
from cinecoop.sandbox import DEFAULT_MAX_ROWS, SandboxError, describe_macros, describe_tables, prepare, run_sandboxed
from cinecoop.ui import analyst, data, render, session
from cinecoop.ui.text import plain
from cinecoop.worker import shown_size

EXAMPLE_SQL = "SELECT program, sum(admissions) AS admissions\nFROM screening_facts\nGROUP BY program\nORDER BY admissions DESC\n"
EDITOR_KEY = "wb_editor"


def workbench() -> None:
    view = render.analyst_page_top("Workbench")
    if view is None:
        return
    language = view.language
    # A worker process starts now, in the background, so the first statement does not wait for one.
    prepare(data.database())
    catalogue_tab, sandbox_tab, schema_tab = st.tabs(
        [t("Query catalogue", language=language), t("SQL sandbox", language=language), t("Tables, views and macros", language=language)]
    )
    with catalogue_tab:
        _catalogue_section(language)
    with sandbox_tab:
        _sandbox_section(language)
    with schema_tab:
        _schema_section(language)


# -- the catalogue ---------------------------------------------------------------------------------
def _catalogue_section(language: str) -> None:
    queries = data.source().catalogue
    for file, message in data.database().view_errors.items():
        st.error(
            t(
                "The view file views/{file} could not be created: {message}",
                language=language,
                file=plain(file),
                message=plain(message),
            ),
            icon=":material/error:",
        )
    st.caption(
        t(
            "Every query file in `{folder}` as it is on disk now: edit one, or add one, and rerun the page (press R) to see it.",
            language=language,
            folder=str(paths.queries_dir()),
        )
    )
    if not queries:
        st.info(t("There are no query files yet. The header format is in docs/analysts.md.", language=language))
        return
    st.dataframe(_catalogue_frame(queries, language), hide_index=True, width="stretch")
    picked = st.session_state.pop("wb_pick_next", None)
    if picked in queries:
        st.session_state["wb_query"] = picked
    name = st.selectbox(
        t("Query", language=language),
        list(queries),
        # Option labels are plain text, never Markdown.
        format_func=lambda option: f"{option} — {queries[option].title}" if option in queries else option,
        key="wb_query",
    )
    if name in queries:
        _query_section(queries[name], language)


def _catalogue_frame(queries: dict[str, Query], language: str) -> pd.DataFrame:
    rows = []
    for query in queries.values():
        rows.append(
            {
                t("query", language=language): query.name,
                t("title", language=language): query.title,
                t("grain", language=language): query.grain,
                t("used by", language=language): ", ".join(query.pages) if query.pages else t("analysts only", language=language),
                t("parameters", language=language): ", ".join(query.used_parameters),
                t("chart", language=language): query.chart.kind
                if query.chart
                else query.chart_text and t("declaration has a problem", language=language),
                t("status", language=language): t("problem", language=language) if query.problems else t("ok", language=language),
            }
        )
    return pd.DataFrame(rows)


def _query_section(query: Query, language: str) -> None:
    # Every word of the header is the file's, not ours: escaped, so it shows as the characters written (finding 7 of
    # issue 16: an image in a title made the browser fetch another address).
    st.subheader(plain(query.title))
    st.markdown(t("**Question:** {value}", language=language, value=plain(query.question or "—")))
    st.markdown(t("**Grain:** {value}", language=language, value=plain(query.grain or "—")))
    pages = ", ".join(query.pages) if query.pages else t("analysts only (the header has no pages: line)", language=language)
    st.markdown(t("**Used by:** {pages}", language=language, pages=plain(pages)))
    st.caption(t("File: {path}", language=language, path=plain(str(query.path))))
    for problem in query.problems:
        st.error(f"{plain(query.path.name)}: {plain(problem)}", icon=":material/error:")
    for note in header_drift(query):
        st.warning(f"{plain(query.path.name)}: {plain(note)}", icon=":material/warning:")

    filters = session.base_view().filters
    bound = bind_parameters(query, filters)
    if query.used_parameters:
        st.markdown(t("**Parameters, with the values of the current filters**", language=language))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("parameter", language=language): f"${name}",
                        t("meaning", language=language): GLOBAL_PARAMETERS.get(name, t("not provided by the dashboard", language=language)),
                        t("value now", language=language): json.dumps(bound.get(name), default=str, ensure_ascii=False),
                    }
                    for name in query.used_parameters
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    if query.columns:
        st.markdown(t("**Columns the header promises**", language=language))
        st.dataframe(
            pd.DataFrame(query.columns, columns=[t("column", language=language), t("description", language=language)]),
            hide_index=True,
            width="stretch",
        )

    with st.expander(t("SQL", language=language), expanded=True):
        st.code(query.sql, language="sql", line_numbers=True)

    if query.problems:
        return
    # In a worker process, like the sandbox: the file may be an analyst's edit, so it runs where it cannot hurt the server.
    outcome = analyst.run_query_file(query.name, filters)
    if not outcome.ok:
        st.error(t("This query failed. {error}", language=language, error=plain(outcome.error)), icon=":material/error:")
        return
    frame = outcome.frame
    st.caption(
        t(
            "Rows: {rows} · time: {milliseconds} ms · with the current filters",
            language=language,
            rows=f"{len(frame):,}",
            milliseconds=f"{outcome.seconds * 1000:,.1f}",
        )
    )
    missing = [column for column in query.column_names if column not in frame.columns]
    if missing:
        st.warning(
            t("The header promises columns the result lacks: {columns}", language=language, columns=plain(", ".join(missing))),
            icon=":material/warning:",
        )
    _show_result(frame)
    st.download_button(
        t("Download CSV", language=language),
        safecsv.csv_bytes(frame),
        file_name=f"{query.name}.csv",
        mime="text/csv",
        key=f"wb_download_{query.name}",
        on_click="ignore",
    )


def _show_result(frame: pd.DataFrame) -> None:
    """A result with its numbers written for reading (thousands grouped, the reader's digits); the download keeps them raw."""
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column].dropna()
        # DECIMAL values arrive as Python decimals in a text column: shown as the numbers they are.
        if shown[column].dtype == object and len(values) and all(isinstance(value, decimal.Decimal) for value in values):
            shown[column] = pd.to_numeric(shown[column].map(lambda value: None if value is None else float(value)))
    config = {
        column: st.column_config.NumberColumn(format="localized")
        for column in shown.columns
        if pd.api.types.is_numeric_dtype(shown[column]) and not pd.api.types.is_bool_dtype(shown[column])
    }
    render.show_frame(shown, session.base_view(), config)


# -- the SQL editor (the sandbox) ------------------------------------------------------------------
def _editor_buttons(language: str) -> list[dict]:
    return [
        {
            "name": t("Run (Ctrl+Enter)", language=language),
            "feather": "Play",
            "primary": True,
            "hasText": True,
            "showWithIcon": True,
            "commands": ["submit"],
            "alwaysOn": True,
            "style": {"bottom": "0.44rem", "right": "0.4rem"},
        }
    ]


def _sandbox_section(language: str) -> None:
    database = data.database()
    st.caption(
        t(
            "One read-only statement (SELECT, WITH, DESCRIBE, SUMMARIZE or SHOW) over the loaded tables, run in a process of its "
            "own: no files, no network, no settings, stopped after {seconds} s or at {memory} of memory, at most {rows} rows. "
            "Press Ctrl+Enter (Cmd+Enter on a Mac) or Run to run it; the result shows above the SQL.",
            language=language,
            seconds=formatting.digits(f"{time_limit():g}", language),
            memory=formatting.digits(shown_size(database.query_memory_limit), language),
            rows=formatting.format_number(DEFAULT_MAX_ROWS, language),
        )
    )
    use_filters = st.toggle(
        t("Apply the sidebar filters as the query parameters", language=language),
        key="wb_use_filters",
        help=t(
            # Dollars escaped: a tooltip is Markdown, where $...$ is a formula.
            "On: the SQL may use \\$start_date, \\$end_date, \\$programs, \\$host_countries, \\$film_countries, \\$country_a, "
            "\\$country_b and \\$calendar, bound to the sidebar as for the query files. Off: write the values into the SQL.",
            language=language,
        ),
    )
    results = st.container()  # filled below, once the editor has said what to run: the result reads above the SQL
    response = code_editor(
        EXAMPLE_SQL,
        lang="sql",
        key=EDITOR_KEY,
        height=[8, 30],
        buttons=_editor_buttons(language),
        # Ace's own light theme, served with the component: its Streamlit themes import a web font from another host.
        props={
            "theme": "chrome",
            "fontSize": 14,
            "showPrintMargin": False,
            # The component's default top margin scrolls the text away from its line numbers once the editor has focus.
            "scrollMargin": [0, 0, 0, 0],
            # Suggestions on Ctrl+Space only: a list popping up at every word would take the Enter key.
            "enableLiveAutocompletion": False,
            "enableBasicAutocompletion": True,
            "style": {"border": "1px solid rgba(49, 51, 63, 0.2)", "borderRadius": "0.5rem"},
        },
        options={"showLineNumbers": True, "wrap": True, "tabSize": 4},
    )
    submitted = (response or {}).get("type") == "submit" and (response or {}).get("id")
    # Each Ctrl+Enter or Run sends a new id; a rerun for any other reason (a filter, a download) runs nothing again.
    if submitted and response["id"] != st.session_state.get("wb_submitted"):
        st.session_state["wb_submitted"] = response["id"]
        st.session_state["wb_attempt"] = _attempt(response.get("text") or "", use_filters)
        st.session_state.pop("wb_saved", None)
    attempt = st.session_state.get("wb_attempt")
    with results:
        if attempt:
            _show_attempt(attempt, language)
    if attempt and "frame" in attempt:
        _save_section(attempt, language)


def _attempt(sql: str, use_filters: bool) -> dict:
    """Run the text in a worker and keep what the page shows, so a rerun (a filter, a download) keeps the result."""
    try:
        result = run_sandboxed(
            data.database(), sql, owner=analyst.analyst_id(), parameters=analyst.filter_parameters() if use_filters else None
        )
    except SandboxError as error:
        return {"sql": sql, "error": str(error), "detail": error.detail}
    frame = result.frame()
    return {"sql": sql, "frame": frame, "columns": list(frame.columns), "truncated": result.truncated, "seconds": result.seconds}


def _show_attempt(attempt: dict, language: str) -> None:
    if "error" in attempt:
        st.error(plain(attempt["error"]), icon=":material/error:")
        if attempt["detail"]:
            st.code(attempt["detail"], language=None)
        return
    frame = attempt["frame"]
    st.caption(
        t(
            "Rows: {rows} · time: {milliseconds} ms",
            language=language,
            rows=f"{len(frame):,}",
            milliseconds=f"{attempt['seconds'] * 1000:,.1f}",
        )
    )
    if attempt["truncated"]:
        st.warning(
            t(
                "The result was cut at {rows} rows: add a LIMIT, a WHERE or a GROUP BY to see what you need.",
                language=language,
                rows=f"{len(frame):,}",
            ),
            icon=":material/content_cut:",
        )
    _show_result(frame)
    st.download_button(
        t("Download CSV", language=language),
        safecsv.csv_bytes(frame),
        file_name="sandbox.csv",
        mime="text/csv",
        key="wb_sandbox_download",
        on_click="ignore",
    )


def _save_section(attempt: dict, language: str) -> None:
    """Save the SQL that produced the result above as a new query file, with a header skeleton to fill in."""
    with st.form("wb_save_form", border=False):
        name = st.text_input(
            t("Save as query: the new file's name", language=language),
            key="wb_save_name",
            placeholder="admissions_by_city",
            help=t(
                "Lower-case letters, digits and underscores, starting with a letter; the file is queries/NAME.sql, with a header "
                "to complete (question, grain, what each column holds).",
                language=language,
            ),
        )
        if st.form_submit_button(t("Save as query", language=language), icon=":material/save:"):
            try:
                saved = analyst.save_as_query(name, attempt["sql"], attempt["columns"])
            except analyst.SaveError as error:
                st.session_state["wb_saved"] = {"error": str(error)}
            else:
                st.session_state["wb_saved"] = {"path": str(saved.path)}
                # The catalogue tab was drawn before this form: run again so it lists the new query, picked.
                st.session_state["wb_pick_next"] = saved.path.stem
                st.rerun()
    saved = st.session_state.get("wb_saved")
    if saved and "error" in saved:
        st.error(plain(saved["error"]), icon=":material/error:")
    elif saved:
        st.success(
            t(
                "Saved {path}. Write its question and grain, and what each column holds; it is in the catalogue now.",
                language=language,
                path=plain(saved["path"]),
            ),
            icon=":material/check:",
        )


# -- what there is to query ------------------------------------------------------------------------
def _schema_section(language: str) -> None:
    database = data.database()
    st.markdown(t("**Tables and views**", language=language))
    columns = describe_tables(database)
    tables = (
        columns.assign(column=columns["column_name"] + " " + columns["data_type"])
        .groupby(["name", "kind"], sort=False)["column"]
        .agg(", ".join)
        .reset_index()
        .rename(
            columns={"name": t("name", language=language), "kind": t("kind", language=language), "column": t("columns", language=language)}
        )
    )
    st.dataframe(tables, hide_index=True, width="stretch")
    st.markdown(t("**Macros**", language=language))
    st.dataframe(
        describe_macros(database).rename(
            columns={
                "name": t("name", language=language),
                "kind": t("kind", language=language),
                "parameters": t("parameters", language=language),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.markdown(
        t(
            "**Parameters of the query files** (bound from the sidebar filters; in the SQL sandbox too, when its switch applies them)",
            language=language,
        )
    )
    st.dataframe(
        pd.DataFrame(
            [
                {t("parameter", language=language): f"${name}", t("meaning", language=language): meaning}
                for name, meaning in GLOBAL_PARAMETERS.items()
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    views = paths.queries_dir() / "views"
    files = sorted(views.glob("*.sql")) if views.is_dir() else []
    st.markdown(t("**View files** (`{folder}`, created when the data are loaded)", language=language, folder=str(views)))
    if not files:
        st.caption(t("No view files yet.", language=language))
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        # An expander's label is Markdown: the file's name is escaped like any text from a file.
        with st.expander(plain(path.name)):
            error = database.view_errors.get(path.name)
            if error:
                st.error(plain(error), icon=":material/error:")
            header = [line.strip().removeprefix("--").strip() for line in text.splitlines()[: split_header(text)[0] - 1]]
            if any(header):
                st.text("\n".join(line for line in header if line))
            st.code(text, language="sql", line_numbers=True)
