"""Overview: the KPI cards against the previous period and the targets, admissions each way, programmes, agreements."""

from __future__ import annotations

from cinecoop.pagespecs import PAGES
from cinecoop.ui import render


def overview() -> None:
    render.render_page(PAGES["overview"])
