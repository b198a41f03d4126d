"""Regional programmes: the Caspian Film Program, the SCO filmmakers' working group, the Eurasian Film Academy."""

from __future__ import annotations

from cinecoop.pagespecs import PAGES
from cinecoop.ui import render


def regional() -> None:
    render.render_page(PAGES["regional"])
