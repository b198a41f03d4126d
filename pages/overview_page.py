"""Overview: the five KPI cards."""

import streamlit as st

from cinecoop import app
from cinecoop.i18n import t


def overview() -> None:
    st.title(t("Overview"))
    app.show_filter_notes()
    outcome = app.run("kpi_summary")
    if outcome.ok:
        row = outcome.frame.iloc[0]
        cols = st.columns(5)
        cols[0].metric(t("Screenings"), f"{int(row['screenings']):,}")
        cols[1].metric(t("Admissions"), f"{int(row['admissions']):,}")
        cols[2].metric(t("Occupancy"), "—" if row["occupancy"] != row["occupancy"] else f"{row['occupancy']:.1%}")
        cols[3].metric(t("Films"), f"{int(row['films']):,}")
        cols[4].metric(t("Agreements signed"), f"{int(row['agreements_signed']):,}")
    else:
        st.error(outcome.error)
