"""Start the dashboard: `streamlit run dashboard.py` in this process, with Streamlit's legacy pages/ mode off.

Streamlit treats a folder named pages/ beside the entry script as a version-1 multipage app until the first
st.navigation call of the process, so the very first visitor of a deep link (/exchange?...) would see a
"Page not found" dialog. The dashboard uses st.navigation only, so the legacy mode is switched off up front.

Streamlit also drops a link of more than 1,000 parameters without a word, before the app can see it; the limit is
raised here so that the app itself sees such a link and tells the reader it was ignored (ui/session.py). The length
limit of the query string (512Ki characters) still bounds what is parsed."""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.state import query_params
from streamlit.web import cli

from cinecoop.paths import PROJECT_ROOT

DASHBOARD = PROJECT_ROOT / "dashboard.py"
# Enough for any link the length limit lets through (each value takes at least two characters, "a&"); the app reads
# at most ui.session.MAX_LINK_VALUES of them and notes the rest.
LINK_FIELDS_PARSED = query_params.CLIENT_STATE_QUERY_STRING_MAX_LENGTH // 2


def main(arguments: list[str] | None = None) -> None:
    PagesManager.uses_pages_directory = False
    query_params.CLIENT_STATE_QUERY_STRING_MAX_FIELDS = LINK_FIELDS_PARSED  # type: ignore[misc]
    sys.argv = ["streamlit", "run", str(DASHBOARD), *(sys.argv[1:] if arguments is None else arguments)]
    cli.main()


if __name__ == "__main__":
    main()
