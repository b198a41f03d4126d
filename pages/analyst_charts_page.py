"""Analyst charts: every query whose header declares a chart (`-- chart: ...`), drawn with no Python change."""

from __future__ import annotations

import streamlit as st

from cinecoop.catalogue import Query
from cinecoop.figures import theme
from cinecoop.figures.declared import ChartDataError, column_units, declared_figure
from cinecoop.i18n import t
from cinecoop.sandbox import prepare
from cinecoop.ui import analyst, data, render, session
from cinecoop.ui.text import plain


def analyst_charts() -> None:
    view = render.analyst_page_top("Analyst charts")
    if view is None:
        return
    language = view.language
    st.caption(
        t(
            "Each chart here is declared in the header of its query file, e.g. `-- chart: line x=month y=admissions color=program`. "
            "Edit the file or add one, rerun the page (press R), and the chart follows; the grammar is in docs/analysts.md.",
            language=language,
        )
    )
    declared = [query for query in data.source().catalogue.values() if query.chart_text]
    if not declared:
        st.info(t("No query declares a chart yet.", language=language))
        return
    prepare(data.database())
    # One chart per row: a declared chart may hold many categories or a long legend.
    for query in declared:
        with st.container(border=True):
            _declared_chart(query, language)


def _declared_chart(query: Query, language: str) -> None:
    """One declared chart, or in its place what is wrong with it; the other charts render regardless."""
    key = f"declared_{query.name}"
    # In a worker process with the sandbox's time and memory limits: these are the analysts' own files.
    outcome = analyst.run_query_file(query.name)
    # The title is the file's words: escaped, never Markdown.
    if not outcome.ok:
        st.markdown(f"**{plain(query.title)}**")
        st.error(t("This chart could not be drawn. {error}", language=language, error=plain(outcome.error)), icon=":material/error:")
    elif outcome.frame.empty:
        st.markdown(f"**{plain(query.title)}**")
        st.info(t("Nothing matches the filters for this chart.", language=language))
    else:
        try:
            figure = declared_figure(query.chart, outcome.frame, title=query.title, units=column_units(query.columns))
        except ChartDataError as error:
            st.markdown(f"**{plain(query.title)}**")
            st.error(
                t("This chart could not be drawn. {error}", language=language, error=plain(f"{query.path.name}: {error}")),
                icon=":material/error:",
            )
        else:
            st.plotly_chart(theme.localize(figure, language), config=render.PLOTLY_CONFIG, key=key, width="stretch")
    render.sql_view(outcome, key, session.base_view())
