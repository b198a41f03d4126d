"""The house Plotly template and palette: the same programme has the same colour on every page."""

from __future__ import annotations

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


def people_axis() -> str:
    return t("Admissions (people)")
