"""Exchange balance: what went each way between a focus pair of countries, year on year, and the flows among all countries."""

from __future__ import annotations

from cinecoop.pagespecs import PAGES
from cinecoop.ui import render


def exchange() -> None:
    render.render_page(PAGES["exchange"])
