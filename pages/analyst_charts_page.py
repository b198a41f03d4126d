"""Analyst charts: every query whose header declares a chart (`-- chart: ...`), drawn with no Python change."""

from __future__ import annotations

import streamlit as st

from cinecoop.blocks import Outcome
from cinecoop.catalogue import Query
from cinecoop.figures import theme
from cinecoop.figures.declared import ChartDataError, column_units, declared_figure
from cinecoop.ui import data, render
from cinecoop.ui.text import plain
from cinecoop.view import View


def analyst_charts() -> None:
    view = render.analyst_page_top("Analyst charts")
    if view is None:
        return
    st.caption(
        view.t(
            "Each chart here is declared in the header of its query file, e.g. `-- chart: line x=month y=admissions color=program`. "
            "Edit the file or add one, rerun the page (press R), and the chart follows; the grammar is in docs/analysts.md."
        )
    )
    source = data.source()
    declared = [query for query in source.catalogue.values() if query.chart_text]
    if not declared:
        st.info(view.t("No query declares a chart yet."))
        return
    # One chart per row: a declared chart may hold many categories or a long legend.
    for query in declared:
        with st.container(border=True):
            _declared_chart(query, source.run(query.name, view), view)


def _declared_chart(query: Query, outcome: Outcome, view: View) -> None:
    """One declared chart, or in its place what is wrong with it; the other charts render regardless."""
    key = f"declared_{query.name}"
    if not outcome.ok:
        st.markdown(f"**{plain(query.title)}**")
        st.error(view.t("This chart could not be drawn. {error}", error=plain(outcome.error)), icon=":material/error:")
    elif outcome.frame.empty:
        st.markdown(f"**{plain(query.title)}**")
        st.info(view.t("Nothing matches the filters for this chart."))
    else:
        try:
            figure = declared_figure(query.chart, outcome.frame, title=query.title, units=column_units(query.columns))
        except ChartDataError as error:
            st.markdown(f"**{plain(query.title)}**")
            st.error(view.t("This chart could not be drawn. {error}", error=plain(f"{query.path.name}: {error}")), icon=":material/error:")
        else:
            st.plotly_chart(theme.localize(figure, view.language), config=render.PLOTLY_CONFIG, key=key, width="stretch")
    render.sql_view(outcome, key, view)
