"""The page of one agreement: everything the data hold about it (cinecoop/pagespecs/detail.py)."""

from __future__ import annotations

from cinecoop.pagespecs import PAGES
from cinecoop.ui import render


def agreement() -> None:
    render.render_page(PAGES["agreement"])
