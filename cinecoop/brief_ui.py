"""The "Brief (PDF)" button: the page in view, with its filters and language, as an A4 PDF prepared on request."""

from __future__ import annotations

import streamlit as st

from cinecoop import app, brief
from cinecoop.i18n import current_language, t


def render_brief_button(page_name: str) -> None:
    """A "Prepare brief (PDF)" button; once pressed, the download button for the brief of this view.

    The PDF takes seconds (a browser draws every chart), so it is built only when asked for, and kept for this session
    while the page, the data, the filters and the language stay the same."""
    filters = app.current_filters()
    language = current_language()
    database = app.database()
    key = f"brief_{page_name}"
    view = (page_name, database.fingerprint, filters, language)
    prepared = st.session_state.get(key)
    if prepared is not None and prepared["view"] != view:
        prepared = None
        del st.session_state[key]
    if st.button(
        t("Prepare brief (PDF)"),
        key=f"{key}_prepare",
        icon=":material/picture_as_pdf:",
        help=t("An A4 PDF of this page for the filters in force: KPI cards, charts, tables and the definitions."),
    ):
        with st.spinner(t("Preparing the brief…")):
            try:
                result = brief.build_brief(database, page_name, filters, language)
            except Exception as error:  # a brief that cannot be made says why in place; the page keeps working
                st.error(t("The brief could not be prepared. {error}", error=app.plain(error)), icon="🚫")
                return
        prepared = {"view": view, "pdf": result.pdf, "notes": list(result.notes)}
        st.session_state[key] = prepared
    if prepared is None:
        return
    for note in prepared["notes"]:
        st.caption(app.plain(note))
    st.download_button(
        t("Brief (PDF)"),
        prepared["pdf"],
        file_name=brief.file_name(page_name, filters),
        mime="application/pdf",
        key=f"{key}_download",
        icon=":material/download:",
        on_click="ignore",
    )
