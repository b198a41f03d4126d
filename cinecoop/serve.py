"""Start the dashboard: `streamlit run dashboard.py` in this process, with Streamlit's legacy pages/ mode off.

Streamlit treats a folder named pages/ beside the entry script as a version-1 multipage app until the first
st.navigation call of the process, so the very first visitor of a deep link (/exchange?...) would see a
"Page not found" dialog. The dashboard uses st.navigation only, so the legacy mode is switched off up front."""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from cinecoop.paths import PROJECT_ROOT

DASHBOARD = PROJECT_ROOT / "dashboard.py"


def main(arguments: list[str] | None = None) -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(DASHBOARD), *(sys.argv[1:] if arguments is None else arguments)]
    cli.main()


if __name__ == "__main__":
    main()
