"""Agreements: the pipeline by status, the timeline, types and partner countries, time to signature, what is stuck."""

from __future__ import annotations

from cinecoop.pagespecs import PAGES
from cinecoop.ui import render


def agreements() -> None:
    render.render_page(PAGES["agreements"])
