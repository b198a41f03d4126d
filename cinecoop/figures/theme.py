"""The house Plotly template and palette: the same programme has the same colour on every page."""

from __future__ import annotations

import datetime as dt
import html
import re

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from cinecoop import formatting
from cinecoop.i18n import RIGHT_TO_LEFT
from cinecoop.view import View

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
# Streamlit's own font first, so charts read like the page; the app's CSS adds Persian (Vazirmatn) to that family and serves
# Vazirmatn and a Cyrillic Noto Sans from static/fonts, so the later names only matter where the page's fonts are absent.
FONT_FAMILY = "'Source Sans', Vazirmatn, 'Noto Sans', 'DejaVu Sans', sans-serif"
# Plotly's (decimal, thousands) marks per language. Plotly writes Latin digits whatever the language, so Persian keeps the
# Latin marks with them; Russian gets its decimal comma and a non-breaking space between thousands.
SEPARATORS = {"en": ".,", "ru": ",\u00a0", "fa": ".,"}

pio.templates[TEMPLATE_NAME] = go.layout.Template(
    layout=go.Layout(
        colorway=list(PALETTE),
        font={"family": FONT_FAMILY, "size": 13},
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


def directions(frame: pd.DataFrame, view: View, others: bool = False):
    """The directions between the view's focus pair that the frame holds, in reading order (A→B, B→A, co-productions, then
    any other value when `others`), each with its rows, its name in the reader's language and its colour."""
    country_a, country_b = view.focus
    colors = direction_colors(country_a, country_b)
    order = [f"{country_a}→{country_b}", f"{country_b}→{country_a}", "co-production"]
    if others:
        order += sorted(set(frame["direction"]) - set(order))
    for direction in order:
        rows = frame[frame["direction"] == direction]
        if not rows.empty:
            yield direction, rows, text(view.direction(direction)), colors.get(direction, program_color(direction))


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


def finite(value: object, default: float = 0.0) -> float:
    """A number for layout arithmetic (axis ranges, bubble sizes): an unknown value (NaN, pandas' NA) gives the default."""
    return default if formatting.is_missing(value) else float(value)


def count_axis(maximum: float) -> dict[str, object]:
    """Axis settings for whole counts: thousands separators, and no repeated tick labels (0, 0, 1, 1) when counts are small."""
    settings: dict[str, object] = {"tickformat": ",d", "rangemode": "tozero"}
    if finite(maximum) < 8:
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


def admissions_hover(view: View, admissions: str = "%{x:,}", screenings: str = "%{customdata[0]:,}") -> str:
    """The two hover lines every admissions chart ends with: the people who came and the screenings held."""
    return f"{view.t('Admissions')}: {admissions} {view.t('people')}<br>{view.t('Screenings')}: {screenings}"


def people_axis(view: View) -> str:
    return view.t("Admissions (people)")


# Right-to-left embedding around each line of a chart's text: Plotly draws SVG text left to right, which would put the
# first Persian words of a line that also holds codes or numbers (IR, RU, 1404) at its left end.
RTL_EMBEDDING, POP_EMBEDDING = "\u202b", "\u202c"
_LINE_BREAKS = re.compile(r"(<br>|<extra>.*?</extra>)")


def right_to_left(value: object) -> object:
    """Each line of a chart text embedded right to left (Plotly's <br> breaks and <extra> boxes kept outside)."""
    if not isinstance(value, str) or not value or value.startswith(RTL_EMBEDDING):
        return value
    parts = _LINE_BREAKS.split(value)
    return "".join(
        part if not part or part == "<br>" or part.startswith("<extra>") else RTL_EMBEDDING + part + POP_EMBEDDING for part in parts
    )


def _right_to_left_texts(figure: go.Figure) -> None:
    layout = figure.layout
    if layout.title.text:
        layout.title.text = right_to_left(layout.title.text)
    if layout.legend.title.text:
        layout.legend.title.text = right_to_left(layout.legend.title.text)
    for name in [key for key in layout.to_plotly_json() if key.startswith(("xaxis", "yaxis"))]:
        axis = layout[name]
        if axis.title.text:
            axis.title.text = right_to_left(axis.title.text)
        if axis.ticktext is not None:
            axis.ticktext = [right_to_left(label) for label in axis.ticktext]
    for annotation in layout.annotations:
        annotation.text = right_to_left(annotation.text)
    for trace in figure.data:
        if getattr(trace, "name", None):
            trace.name = right_to_left(trace.name)
        if getattr(trace, "hovertemplate", None) and isinstance(trace.hovertemplate, str):
            trace.hovertemplate = right_to_left(trace.hovertemplate)
        colorbar = getattr(trace, "colorbar", None)
        if colorbar is not None and colorbar.title.text:
            colorbar.title.text = right_to_left(colorbar.title.text)


def localize(figure: go.Figure, language: str) -> go.Figure:
    """The chart in the reader's language's layout: number marks, and for Persian the title, legend and hover read from the right."""
    figure.update_layout(separators=SEPARATORS.get(language, ".,"))
    if language in RIGHT_TO_LEFT:
        figure.update_layout(title={"x": 1, "xanchor": "right", "xref": "container", "pad": {"r": 12}}, hoverlabel={"align": "right"})
        legend = figure.layout.legend
        if legend.orientation != "v":
            # A legend in a row reads from the right: its first entry on the right.
            figure.update_layout(legend={"x": 1, "xanchor": "right", "traceorder": "reversed"})
        _right_to_left_texts(figure)
    return figure


# -- months and years in the chosen calendar ----------------------------------------------------------
def _starts(months) -> list[dt.date]:
    return sorted({pd.Timestamp(value).date() for value in months if not formatting.is_missing(value)})


def month_middle(start: object, calendar: str = "gregorian") -> pd.Timestamp:
    """The middle of the month that starts on `start` (a Solar Hijri month starts on its 1st, given as a Gregorian date)."""
    first = pd.Timestamp(start)
    following = pd.Timestamp(formatting.next_month_start(first, calendar))
    return first + (following - first) / 2


def month_bars(months, calendar: str = "gregorian") -> dict[str, object]:
    """Bar settings that put one month-wide bar on each month: Plotly's own month periods for Gregorian months, the middle
    of each month (as a date) for Solar Hijri months, which Plotly does not know."""
    if calendar == "jalali":
        return {"x": [month_middle(value, calendar) for value in months], "width": MONTH_BAR_WIDTH}
    return {"x": months, "xperiod": "M1", "xperiodalignment": "middle", "width": MONTH_BAR_WIDTH}


def month_labels(months, view: View) -> list[str]:
    """Each month's name and year in the reader's language, for hover labels ("March 2025", "فروردین ۱۴۰۴")."""
    return [text(view.month(value)) for value in months]


def month_axis(months, view: View) -> dict[str, object]:
    """A month axis in the reader's language and calendar: Plotly's own labels for Gregorian months in English, else one label
    per month (every third month beyond a year) written by us under each month's middle."""
    language, calendar = view.language, view.calendar
    if calendar != "jalali" and language == "en":
        return monthly_axis(pd.Series(pd.to_datetime(list(months))))
    present = _starts(months)
    # Every month of the span, with or without data, so the labels fall at regular steps.
    starts = [formatting.month_start(present[0], calendar)]
    while starts[-1] < present[-1]:
        starts.append(formatting.next_month_start(starts[-1], calendar))
    # Every month up to a year, every third up to three years, then every sixth, so the labels stand upright.
    step = 1 if len(starts) <= 12 else 3 if len(starts) <= 36 else 6
    labelled = [day for day in starts if (formatting.month_parts(day, calendar)[1] - 1) % step == 0]
    labelled = labelled or starts[:1]
    last_end = pd.Timestamp(formatting.next_month_start(starts[-1], calendar))
    return {
        "tickmode": "array",
        "tickvals": [month_middle(day, calendar) for day in labelled],
        "ticktext": [formatting.format_month(day, language, calendar, short=True) for day in labelled],
        "range": [pd.Timestamp(starts[0]) - dt.timedelta(days=20), last_end + dt.timedelta(days=20)],
    }


def date_axis(first: object, last: object, view: View) -> dict[str, object]:
    """Ticks of a date axis in the reader's language and calendar: Plotly's own in English with Gregorian dates, else the
    first day of each year (from Nowruz in the Solar Hijri calendar) over long spans, of every third or single month over short ones."""
    language, calendar = view.language, view.calendar
    if (calendar != "jalali" and language == "en") or formatting.is_missing(first) or formatting.is_missing(last):
        return {}
    start, end = pd.Timestamp(first).date(), pd.Timestamp(last).date()
    months = (end - start).days / 30.4
    step = 12 if months > 36 else 6 if months > 18 else 3 if months > 6 else 1
    ticks, day = [], formatting.month_start(start, calendar)
    while day <= end:
        if (formatting.month_parts(day, calendar)[1] - 1) % step == 0 and day >= start:
            ticks.append(day)
        day = formatting.next_month_start(day, calendar)
    labels = [
        formatting.format_year(formatting.year_of(day, calendar), language)
        if step == 12
        else formatting.format_month(day, language, calendar, short=True)
        for day in ticks
    ]
    return {"tickmode": "array", "tickvals": [pd.Timestamp(day) for day in ticks], "ticktext": labels}


def year_labels(years, view: View) -> list[str]:
    """Year numbers as category labels, in the reader's digits; the year the data stop inside is marked as partial."""
    return [view.year_label(year) for year in years]


def year_title(view: View) -> str:
    return view.t("Solar Hijri year") if view.calendar == "jalali" else view.t("Year")


def title_of(figure: go.Figure | None) -> str:
    """A chart's title as a reader reads it: markup and direction marks taken out."""
    if figure is None or not figure.layout.title or not figure.layout.title.text:
        return ""
    title = re.sub(r"<[^>]+>", " ", figure.layout.title.text)
    return " ".join(html.unescape(title).replace(RTL_EMBEDDING, "").replace(POP_EMBEDDING, "").split())
