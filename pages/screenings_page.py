"""Screenings and attendance: when, where, how and what was shown, how many came, how full the halls were, what it took."""

from __future__ import annotations

from cinecoop.pagespecs import PAGES
from cinecoop.ui import render


def screenings() -> None:
    render.render_page(PAGES["screenings"])
