"""The house Plotly template and palette: the same programme has the same colour on every page."""

from __future__ import annotations

import datetime as dt
import html

import plotly.graph_objects as go
import plotly.io as pio

from cinecoop.i18n import t

# A palette readable on light and dark backgrounds (colour-blind-safe Okabe–Ito order, then extras).
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#8C6D31",
    "#7F7F7F",
    "#F0E442",
    "#6A3D9A",
    "#B15928",
    "#1B9E77",
)
PROGRAM_COLORS = {
    "Russian Film Days in Iran": "#0072B2",
    "Iranian Film Week in Russia": "#D55E00",
    "Caspian Film Program": "#009E73",
    "SCO Filmmakers Working Group": "#E69F00",
    "Eurasian Film Academy": "#CC79A7",
    "Iran-Russia Animation Exchange": "#56B4E9",
    "Regular distribution": "#7F7F7F",
}
DIRECTION_COLORS = {"co-production": "#009E73", "outside the pair": "#BBBBBB"}
STATUS_COLORS = {
    "proposed": "#56B4E9",
    "negotiating": "#0072B2",
    "signed": "#009E73",
    "in-progress": "#E69F00",
    "completed": "#8C6D31",
    "stalled": "#D55E00",
    "cancelled": "#7F7F7F",
}
TEMPLATE_NAME = "cinecoop"

pio.templates[TEMPLATE_NAME] = go.layout.Template(
    layout=go.Layout(
        colorway=list(PALETTE),
        font={"family": "Vazirmatn, 'Noto Sans', 'DejaVu Sans', sans-serif", "size": 13},
        title={"font": {"size": 16}, "x": 0, "xanchor": "left"},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        hoverlabel={"namelength": -1},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0, "title": {"text": ""}},
        xaxis={"automargin": True, "showgrid": False},
        yaxis={"automargin": True, "gridcolor": "rgba(128,128,128,0.2)", "separatethousands": True},
    )
)


def program_color(program: str) -> str:
    """A fixed colour per programme; unknown programmes get a stable colour from the palette."""
    if program in PROGRAM_COLORS:
        return PROGRAM_COLORS[program]
    return PALETTE[sum(program.encode("utf-8")) % len(PALETTE)]


def direction_colors(country_a: str, country_b: str) -> dict[str, str]:
    """Colours of the directions between a focus pair: A→B like the Iranian Film Week in Russia, B→A like Russian Film Days in Iran."""
    return {f"{country_a}→{country_b}": "#D55E00", f"{country_b}→{country_a}": "#0072B2", **DIRECTION_COLORS}


def color_map(values, known: dict[str, str] | None = None) -> dict[str, str]:
    known = known or {}
    return {value: known.get(value) or program_color(str(value)) for value in values}


def text(value: object) -> str:
    """A data value made safe for Plotly labels: markup shows as its characters, never as markup."""
    return html.escape(str(value), quote=False)


def style(figure: go.Figure, title: str, x_title: str | None = None, y_title: str | None = None) -> go.Figure:
    """Apply the house template, a title that says what the chart shows, and axis titles with units."""
    figure.update_layout(template=TEMPLATE_NAME, title={"text": text(title)})
    if x_title is not None:
        figure.update_xaxes(title_text=x_title)
    if y_title is not None:
        figure.update_yaxes(title_text=y_title)
    return figure


def top_legend(figure: go.Figure, rows: int = 1) -> go.Figure:
    """Room above the plot for a legend of several rows, with the title pinned to the top so the two never overlap."""
    figure.update_layout(
        margin={"t": 60 + 22 * rows},
        title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12}},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "xanchor": "left"},
    )
    return figure


# A bar on a month axis is 25 days wide (in milliseconds, the unit of Plotly's date axes), so months keep a gap between them.
MONTH_BAR_WIDTH = 25 * 24 * 3600 * 1000


def count_axis(maximum: float) -> dict[str, object]:
    """Axis settings for whole counts: thousands separators, and no repeated tick labels (0, 0, 1, 1) when counts are small."""
    settings: dict[str, object] = {"tickformat": ",d", "rangemode": "tozero"}
    if maximum < 8:
        settings["dtick"] = 1
    return settings


def monthly_axis(months) -> dict[str, object]:
    """A month axis whose labels sit under their month, with a margin so a single month still reads as a month."""
    first, last = months.min(), months.max()
    return {
        "tickformat": "%b %Y",
        "ticklabelmode": "period",
        "dtick": "M3" if months.nunique() > 12 else "M1",
        "range": [first - dt.timedelta(days=20), last + dt.timedelta(days=51)],
    }


def people_axis() -> str:
    return t("Admissions (people)")
