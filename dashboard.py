"""Entry point of the Cinecoop dashboard: page setup, navigation, the shared sidebar."""

import streamlit as st

import pages.agreements_page
import pages.analyst_charts_page
import pages.data_quality_page
import pages.exchange_page
import pages.overview_page
import pages.regional_page
import pages.screenings_page
import pages.workbench_page
from cinecoop import access
from cinecoop.pagespecs import PAGES
from cinecoop.ui import session, sidebar, style

st.set_page_config(page_title="Cinecoop", page_icon="🎞️", layout="wide", initial_sidebar_state="auto")
# The reader's view (language from the link or the sidebar switch) before any name is drawn, so the navigation speaks it too.
view = session.base_view()
style.style_page(view.language)

LEADERSHIP = {
    "overview": pages.overview_page.overview,
    "screenings": pages.screenings_page.screenings,
    "exchange": pages.exchange_page.exchange,
    "agreements": pages.agreements_page.agreements,
    "regional": pages.regional_page.regional,
    "data_quality": pages.data_quality_page.data_quality,
}
# Each page's URL is its function's name (/exchange, /agreements, ...), as the links of the data contract expect.
sections = {
    view.t("Leadership"): [
        st.Page(function, title=view.t(PAGES[name].title), icon=PAGES[name].icon, default=name == "overview")
        for name, function in LEADERSHIP.items()
    ],
}
# Behind sign-in, a reader who may not use them gets the pages hidden, so /workbench refuses in place.
analysts = access.current()
analyst_pages = access.visibility(analysts)
if analyst_pages:
    sections[view.t("Analysts")] = [
        st.Page(pages.workbench_page.workbench, title=view.t("Workbench"), icon=":material/terminal:", visibility=analyst_pages),
        st.Page(
            pages.analyst_charts_page.analyst_charts, title=view.t("Analyst charts"), icon=":material/insights:", visibility=analyst_pages
        ),
    ]

page = st.navigation(sections)
sidebar.language_switch(view)
sidebar.filters(view)
access.sidebar(analysts, view)  # below the filters, on every page
page.run()
session.rerun_on_reconnect()
