"""Analyst charts: every query whose header declares a chart (`-- chart: ...`), drawn with no Python change."""

from __future__ import annotations

import streamlit as st

from cinecoop import app
from cinecoop.catalogue import Query
from cinecoop.figures import theme
from cinecoop.figures.declared import ChartDataError, column_units, declared_figure
from cinecoop.i18n import t


def analyst_charts() -> None:
    st.title(t("Analyst charts"))
    if not app.analyst_pages_allowed():
        st.error(t("The analyst pages are not available to this account or in this deployment."), icon=":material/lock:")
        return
    app.sample_data_banner()
    app.show_filter_notes()
    st.caption(
        t(
            "Each chart here is declared in the header of its query file, e.g. `-- chart: line x=month y=admissions color=program`. "
            "Edit the file or add one, rerun the page (press R), and the chart follows; the grammar is in docs/analysts.md."
        )
    )
    declared = [query for query in app.catalogue().values() if query.chart_text]
    if not declared:
        st.info(t("No query declares a chart yet."))
        return
    # One chart per row: a declared chart may hold many categories or a long legend.
    for query in declared:
        with st.container(border=True):
            _declared_chart(query)


def _declared_chart(query: Query) -> None:
    """One declared chart, or in its place what is wrong with it; the other charts render regardless."""
    key = f"declared_{query.name}"
    outcome = app.run(query.name)
    if not outcome.ok:
        st.markdown(f"**{app.plain(query.title)}**")
        st.error(t("This chart could not be drawn. {error}", error=app.plain(outcome.error)), icon=":material/error:")
    elif outcome.frame.empty:
        st.markdown(f"**{app.plain(query.title)}**")
        st.info(t("Nothing matches the filters for this chart."))
    else:
        try:
            figure = declared_figure(query.chart, outcome.frame, title=query.title, units=column_units(query.columns))
        except ChartDataError as error:
            st.markdown(f"**{app.plain(query.title)}**")
            st.error(t("This chart could not be drawn. {error}", error=app.plain(f"{query.path.name}: {error}")), icon=":material/error:")
        else:
            st.plotly_chart(theme.localize(figure), config=app.PLOTLY_CONFIG, key=key, width="stretch")
    app.show_sql(outcome, key)
