"""Every leadership page, declared once (cinecoop.blocks): the browser and the PDF brief both draw these.

A new chart goes into its page's declaration here, as a Chart(query, figure builder); nothing else needs an edit."""

from __future__ import annotations

from cinecoop.blocks import Page
from cinecoop.pagespecs import agreements, data_quality, exchange, overview, regional, screenings

PAGES: dict[str, Page] = {
    page.name: page for page in (overview.PAGE, screenings.PAGE, exchange.PAGE, agreements.PAGE, regional.PAGE, data_quality.PAGE)
}
