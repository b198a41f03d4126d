"""Entry point of the Cinecoop dashboard: page setup, navigation, the shared sidebar."""

import streamlit as st

import pages.agreement_page
import pages.agreements_page
import pages.analyst_charts_page
import pages.country_page
import pages.data_quality_page
import pages.exchange_page
import pages.film_page
import pages.overview_page
import pages.regional_page
import pages.screenings_page
import pages.workbench_page
from cinecoop import access
from cinecoop.i18n import t
from cinecoop.pagespecs import DETAIL, LEADERSHIP
from cinecoop.ui import session, sidebar, style

st.set_page_config(page_title="Cinecoop", page_icon="🎞️", layout="wide", initial_sidebar_state="auto")
# The reader's language (from the link or the sidebar switch) before any name is drawn, so the navigation speaks it too.
language = session.language()
style.style_page(language)

FUNCTIONS = {
    "overview": pages.overview_page.overview,
    "screenings": pages.screenings_page.screenings,
    "exchange": pages.exchange_page.exchange,
    "agreements": pages.agreements_page.agreements,
    "regional": pages.regional_page.regional,
    "data_quality": pages.data_quality_page.data_quality,
    "film": pages.film_page.film,
    "country": pages.country_page.country,
    "agreement": pages.agreement_page.agreement,
}
# Each page's URL is its function's name (/exchange, /agreements, /film, ...), as the links of the data contract expect.
# The pages of one film, country or agreement are reached from the charts and tables that list them, not the menu.
sections = {
    t("Leadership", language): [
        *(
            st.Page(FUNCTIONS[name], title=t(page.title, language), icon=page.icon, default=name == "overview")
            for name, page in LEADERSHIP.items()
        ),
        *(st.Page(FUNCTIONS[name], title=t(page.title, language), icon=page.icon, visibility="hidden") for name, page in DETAIL.items()),
    ],
}
# Behind sign-in, a reader who may not use them gets the pages hidden, so /workbench refuses in place.
analysts = access.current()
analyst_pages = access.visibility(analysts)
if analyst_pages:
    sections[t("Analysts", language)] = [
        st.Page(pages.workbench_page.workbench, title=t("Workbench", language), icon=":material/terminal:", visibility=analyst_pages),
        st.Page(
            pages.analyst_charts_page.analyst_charts,
            title=t("Analyst charts", language),
            icon=":material/insights:",
            visibility=analyst_pages,
        ),
    ]

page = st.navigation(sections)
# On a page of one thing the link's key names it (/film?film=F001), not a filter.
view = session.base_view(subject=DETAIL[page.url_path].subject if page.url_path in DETAIL else None)
sidebar.language_switch(view)
sidebar.filters(view)
access.sidebar(analysts, view)  # below the filters, on every page
page.run()
session.rerun_on_reconnect()
