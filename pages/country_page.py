"""The page of one country: everything the data hold about it (cinecoop/pagespecs/detail.py)."""

from __future__ import annotations

from cinecoop.pagespecs import PAGES
from cinecoop.ui import render


def country() -> None:
    render.render_page(PAGES["country"])
