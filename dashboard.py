"""Entry point of the Cinecoop dashboard: page setup, navigation, the shared sidebar filters."""

import streamlit as st

import pages.agreements_page
import pages.analyst_charts_page
import pages.data_quality_page
import pages.exchange_page
import pages.overview_page
import pages.regional_page
import pages.screenings_page
import pages.workbench_page
from cinecoop import app
from cinecoop.i18n import t

st.set_page_config(page_title="Cinecoop", page_icon="🎞️", layout="wide", initial_sidebar_state="expanded")
# The reader's language (from the link or the sidebar switch) before any name is drawn, so the navigation speaks it too.
app.setup_language()

# Each page's URL is its function's name (/exchange, /agreements, ...), as the links of the data contract expect.
sections = {
    t("Leadership"): [
        st.Page(pages.overview_page.overview, title=t("Overview"), icon=":material/dashboard:", default=True),
        st.Page(pages.screenings_page.screenings, title=t("Screenings and attendance"), icon=":material/movie:"),
        st.Page(pages.exchange_page.exchange, title=t("Exchange balance"), icon=":material/compare_arrows:"),
        st.Page(pages.agreements_page.agreements, title=t("Agreements"), icon=":material/handshake:"),
        st.Page(pages.regional_page.regional, title=t("Regional programmes"), icon=":material/sailing:"),
        st.Page(pages.data_quality_page.data_quality, title=t("Data quality"), icon=":material/fact_check:"),
    ],
}
# Behind sign-in, a reader who may not use them gets the pages hidden, so /workbench refuses in place.
analyst_pages = app.analyst_pages_visibility()
if analyst_pages:
    sections[t("Analysts")] = [
        st.Page(pages.workbench_page.workbench, title=t("Workbench"), icon=":material/terminal:", visibility=analyst_pages),
        st.Page(pages.analyst_charts_page.analyst_charts, title=t("Analyst charts"), icon=":material/insights:", visibility=analyst_pages),
    ]

page = st.navigation(sections)
app.sidebar_filters()
page.run()
app.rerun_on_reconnect()
