"""Data quality: what each export file gave at load, every problem with its line, where and when the data was loaded."""

from __future__ import annotations

from cinecoop.pagespecs import PAGES
from cinecoop.ui import render


def data_quality() -> None:
    render.render_page(PAGES["data_quality"])
