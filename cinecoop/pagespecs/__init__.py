"""Every page of the dashboard, declared once (cinecoop.blocks): the browser and the PDF brief both draw these.

A new chart goes into its page's declaration here, as a Chart(query, figure builder); nothing else needs an edit."""

from __future__ import annotations

from cinecoop.blocks import Page
from cinecoop.pagespecs import agreements, data_quality, detail, exchange, overview, regional, screenings

# The leadership pages, in the navigation's order.
LEADERSHIP: dict[str, Page] = {
    page.name: page for page in (overview.PAGE, screenings.PAGE, exchange.PAGE, agreements.PAGE, regional.PAGE, data_quality.PAGE)
}
# The pages of one thing (a film, a country, an agreement): reached from the charts and tables that list them, not the menu.
DETAIL: dict[str, Page] = {page.name: page for page in detail.DETAIL_PAGES}
PAGES: dict[str, Page] = {**LEADERSHIP, **DETAIL}
