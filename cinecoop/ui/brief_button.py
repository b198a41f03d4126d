"""The "Brief (PDF)" button: the page in view, for this reader's view, as an A4 PDF prepared on request."""

from __future__ import annotations

import streamlit as st

from cinecoop import brief
from cinecoop.blocks import Page
from cinecoop.ui import data
from cinecoop.ui.text import plain
from cinecoop.view import View


def render(page: Page, view: View) -> None:
    """A "Prepare brief (PDF)" button; once pressed, the download button for the brief of this view.

    The PDF takes seconds (a browser draws every chart), so it is built only when asked for, and kept for this session
    while the page, the data and the view stay the same. The brief is made from this reader's View: nothing it does
    touches another session."""
    database = data.database()
    key = f"brief_{page.name}"
    wanted = (page.name, database.fingerprint, view)
    prepared = st.session_state.get(key)
    if prepared is not None and prepared["view"] != wanted:
        prepared = None
        del st.session_state[key]
    if st.button(
        view.t("Prepare brief (PDF)"),
        key=f"{key}_prepare",
        icon=":material/picture_as_pdf:",
        help=view.t("An A4 PDF of this page for the filters in force: KPI cards, charts, tables and the definitions."),
    ):
        with st.spinner(view.t("Preparing the brief…")):
            try:
                result = brief.build_brief(data.source(), page, view)
            except Exception as error:  # a brief that cannot be made says why in place; the page keeps working
                st.error(view.t("The brief could not be prepared. {error}", error=plain(error)), icon="🚫")
                return
        prepared = {"view": wanted, "pdf": result.pdf, "notes": list(result.notes)}
        st.session_state[key] = prepared
    if prepared is None:
        return
    for note in prepared["notes"]:
        st.caption(plain(note))
    st.download_button(
        view.t("Brief (PDF)"),
        prepared["pdf"],
        file_name=brief.file_name(page.name, view.filters),
        mime="application/pdf",
        key=f"{key}_download",
        icon=":material/download:",
        on_click="ignore",
    )
