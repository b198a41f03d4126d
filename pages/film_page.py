"""The page of one film: everything the data hold about it (cinecoop/pagespecs/detail.py)."""

from __future__ import annotations

from cinecoop.pagespecs import PAGES
from cinecoop.ui import render


def film() -> None:
    render.render_page(PAGES["film"])
