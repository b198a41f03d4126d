"""Analyst charts: every query whose header declares a chart (`-- chart: ...`), drawn with no Python change."""

from __future__ import annotations

import streamlit as st

from cinecoop import analyst, app
from cinecoop.catalogue import Query
from cinecoop.figures import theme
from cinecoop.figures.declared import ChartDataError, column_units, declared_figure
from cinecoop.i18n import current_language, t
from cinecoop.sandbox import prepare


def analyst_charts() -> None:
    language = current_language()
    st.title(t("Analyst charts", language=language))
    if not app.analyst_pages_allowed():
        st.error(t("The analyst pages are not available to this account or in this deployment.", language=language), icon=":material/lock:")
        return
    app.sample_data_banner()
    app.show_filter_notes()
    st.caption(
        t(
            "Each chart here is declared in the header of its query file, e.g. `-- chart: line x=month y=admissions color=program`. "
            "Edit the file or add one, rerun the page (press R), and the chart follows; the grammar is in docs/analysts.md.",
            language=language,
        )
    )
    declared = [query for query in app.catalogue().values() if query.chart_text]
    if not declared:
        st.info(t("No query declares a chart yet.", language=language))
        return
    prepare(app.database())
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
        st.markdown(f"**{app.plain(query.title)}**")
        st.error(t("This chart could not be drawn. {error}", language=language, error=app.plain(outcome.error)), icon=":material/error:")
    elif outcome.frame.empty:
        st.markdown(f"**{app.plain(query.title)}**")
        st.info(t("Nothing matches the filters for this chart.", language=language))
    else:
        try:
            figure = declared_figure(query.chart, outcome.frame, title=query.title, units=column_units(query.columns))
        except ChartDataError as error:
            st.markdown(f"**{app.plain(query.title)}**")
            st.error(
                t("This chart could not be drawn. {error}", language=language, error=app.plain(f"{query.path.name}: {error}")),
                icon=":material/error:",
            )
        else:
            st.plotly_chart(theme.localize(figure), config=app.PLOTLY_CONFIG, key=key, width="stretch")
    app.show_sql(outcome, key)
