"""The house Plotly template and palette: the same programme has the same colour on every page."""

from __future__ import annotations

import datetime as dt
import html
import math
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from cinecoop import formatting, kpi
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


def _has_letters_of(text: str) -> bool:
    """True when a text holds a letter of a right-to-left script (numbers alone keep their own order)."""
    return bool(formatting.ARABIC_SCRIPT.search(re.sub("[\u0660-\u066c\u06f0-\u06f9]", "", text)))


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
            # A number (-۱۲۰) keeps its sign on its left: only labels with words read from the right.
            axis.ticktext = [right_to_left(label) if _has_letters_of(str(label)) else label for label in axis.ticktext]
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
    """The chart in the reader's language: every number on it (axis labels, hovers) written by cinecoop.formatting, as the
    cards and tables write it (Plotly itself writes Latin digits, "10k" beside "10,000", and its own percent style); for
    Persian the title, legend and hover read from the right."""
    figure.update_layout(separators=SEPARATORS.get(language, ".,"))
    number_axes(figure, language)
    written_hovers(figure, language)
    if language in RIGHT_TO_LEFT:
        figure.update_layout(title={"x": 1, "xanchor": "right", "xref": "container", "pad": {"r": 12}}, hoverlabel={"align": "right"})
        legend = figure.layout.legend
        if legend.orientation != "v":
            # A legend in a row reads from the right: its first entry on the right.
            figure.update_layout(legend={"x": 1, "xanchor": "right", "traceorder": "reversed"})
        _right_to_left_texts(figure)
    return figure


# -- numbers on axes and in hovers: written by cinecoop.formatting, never by Plotly --------------------------------
# A field of a hover template that may hold a number, with its d3 format: %{y:,}, %{customdata[1]:.1%}, %{z}.
_HOVER_FIELD = re.compile(r"%\{(x|y|z|customdata(?:\[(\d+)\])?)(?::([^}]*))?\}")
# How many labels a value axis gets: fewer across (an x axis's long labels must fit a phone's 390 pixels) than up.
TICKS_UP, TICKS_ACROSS_ROOM, TICKS_ACROSS_MOST = 6, 300, 6
TICK_CHARACTER_PIXELS = 7.5


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _finite(value: object) -> bool:
    return _is_number(value) and math.isfinite(float(value))


def _values(array: object) -> list:
    if array is None:
        return []
    if isinstance(array, np.ndarray):
        return array.tolist()
    return list(array)


def _kind_of_format(spec: str | None, value: object = None) -> str:
    """The kind of measure a d3 format (an axis's tickformat, a hover field's format) stands for: a percent, a signed
    change, a count (whole) or a number."""
    spec = spec or ""
    if "%" in spec:
        return "percent"
    if spec.startswith("+"):
        return "change"
    if "f" in spec or "e" in spec or "g" in spec:
        return "number"
    if _is_number(value) and not float(value).is_integer():
        return "number"
    return "count"


def _hover_text(value: object, spec: str | None, language: str) -> str:
    """A hover field's value as the pages write that number: the format's decimals when it names them (.1f), else the
    measure's own (a percent with one decimal)."""
    if value is None or formatting.is_missing(value):
        return formatting.MISSING
    kind = _kind_of_format(spec, value)
    decimals = re.search(r"\.(\d+)[f%]", spec or "")
    if kind == "percent":
        text = formatting.format_percent(value, language, int(decimals.group(1)) if decimals else 1, signed=(spec or "").startswith("+"))
    elif kind == "number" and decimals:
        text = formatting.format_number(value, language, int(decimals.group(1)))
    else:
        text = formatting.format_measure(value, kind, language)
    # A signed number inside a right-to-left line keeps its sign on its left.
    if language in RIGHT_TO_LEFT and text[:1] in "+-":
        text = "\u202a" + text + POP_EMBEDDING
    return text


def written_hovers(figure: go.Figure, language: str) -> go.Figure:
    """Every number a hover shows (%{y:,}, %{customdata[1]:.1%}) replaced by its text, written by cinecoop.formatting and
    carried in the trace's customdata: Plotly would write it in Latin digits and its own styles."""
    for trace in figure.data:
        template = getattr(trace, "hovertemplate", None)
        if not isinstance(template, str) or "%{" not in template:
            continue
        if trace.type == "heatmap":
            _heatmap_hovers(trace, template, language)
        elif trace.type in ("bar", "scatter", "scattergl", "scattergeo"):
            _point_hovers(trace, template, language)
    return figure


def _point_hovers(trace, template: str, language: str) -> None:
    xs, ys = _values(getattr(trace, "x", None)), _values(getattr(trace, "y", None))
    count = max(len(xs), len(ys), len(_values(trace.customdata)))
    if count == 0:
        return
    original = _values(trace.customdata)
    # One list of fields per point: a customdata of one value per point becomes its field 0.
    scalar = bool(original) and not isinstance(original[0], (list, tuple, np.ndarray))
    rows = [[row] if scalar else list(row) for row in original]
    rows += [[] for _ in range(count - len(rows))]
    width = max((len(row) for row in rows), default=0)
    rows = [row + [None] * (width - len(row)) for row in rows]
    replacements: dict[str, int] = {}

    def field_values(field: str, index: str | None) -> list:
        if field == "x":
            return xs
        if field == "y":
            return ys
        position = int(index) if index is not None else 0
        return [row[position] if position < len(row) else None for row in rows]

    def replace(match: re.Match) -> str:
        field, index, spec = match.group(1), match.group(2), match.group(3)
        if field == "z":
            return match.group(0)
        values = field_values(field, index)
        if not any(_is_number(value) or formatting.is_missing(value) for value in values):
            return "%{customdata[" + str(index or 0) + "]}" if field == "customdata" else match.group(0)
        if match.group(0) not in replacements:
            replacements[match.group(0)] = width + len(replacements)
            for row, value in zip(rows, values + [None] * (count - len(values)), strict=False):
                row.append(_hover_text(value, spec, language) if _is_number(value) or formatting.is_missing(value) else str(value))
        return "%{customdata[" + str(replacements[match.group(0)]) + "]}"

    written = _HOVER_FIELD.sub(replace, template)
    if replacements or scalar:
        trace.customdata = rows
        trace.hovertemplate = written


def _heatmap_hovers(trace, template: str, language: str) -> None:
    z = [_values(row) for row in _values(trace.z)]
    if not z:
        return
    original = [_values(row) for row in _values(trace.customdata)]

    def fields(row: int, column: int) -> list:
        """A cell's fields: a customdata of one value per cell becomes its field 0."""
        extra = original[row][column] if row < len(original) and column < len(original[row]) else None
        if isinstance(extra, (list, tuple, np.ndarray)):
            return list(extra)
        return [extra] if original else []

    cells = [[fields(row, column) for column in range(len(values))] for row, values in enumerate(z)]
    width = max((len(cell) for row in cells for cell in row), default=0)
    for row in cells:
        for cell in row:
            cell.extend([None] * (width - len(cell)))
    replacements: dict[str, int] = {}

    def replace(match: re.Match) -> str:
        field, index, spec = match.group(1), match.group(2), match.group(3)
        if field in ("x", "y"):
            return match.group(0)
        if match.group(0) not in replacements:
            replacements[match.group(0)] = width + len(replacements)
            position = int(index) if index is not None else 0
            for row, values in zip(cells, z, strict=True):
                for cell, value_z in zip(row, values, strict=True):
                    value = value_z if field == "z" else (cell[position] if position < width else None)
                    cell.append(_hover_text(value, spec, language) if _is_number(value) or formatting.is_missing(value) else str(value))
        return "%{customdata[" + str(replacements[match.group(0)]) + "]}"

    written = _HOVER_FIELD.sub(replace, template)
    if replacements:
        trace.customdata = cells
        trace.hovertemplate = written


def _axis_name(reference: str | None, letter: str) -> str:
    """The layout key of a trace's axis reference: "x" -> "xaxis", "y2" -> "yaxis2"."""
    reference = reference or letter
    return f"{letter}axis{reference[1:]}"


def nice_step(span: float, count: int) -> float:
    """The step of 1, 2 or 5 times a power of ten nearest to cutting the span in `count` parts (as Plotly's own ticks)."""
    if span <= 0:
        return 1.0
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    return min((factor * power for factor in (1, 2, 5, 10)), key=lambda step: abs(math.log(step / raw)))


def number_axes(figure: go.Figure, language: str) -> go.Figure:
    """Labels of every value axis (counts, people, days, percents) written by cinecoop.formatting at round steps, in the
    reader's digits and marks; category, date and log axes, and axes already labelled, are left as they are."""
    extents: dict[str, list[float]] = {}
    stacked: dict[str, dict[object, list[float]]] = {}
    across: set[str] = set()
    barmode = figure.layout.barmode
    for trace in figure.data:
        if trace.type not in ("bar", "scatter", "scattergl"):
            for letter in ("x", "y"):
                reference = getattr(trace, f"{letter}axis", None)
                if reference is not None or trace.type in ("heatmap", "histogram", "box"):
                    extents.setdefault(_axis_name(reference, letter), []).append(float("nan"))
            continue
        horizontal = trace.type == "bar" and trace.orientation == "h"
        for letter in ("x", "y"):
            name = _axis_name(getattr(trace, f"{letter}axis", None), letter)
            values = _values(getattr(trace, letter, None))
            if letter == "x":
                across.add(name)
            if any(not _is_number(value) and value is not None for value in values):
                extents.setdefault(name, []).append(float("nan"))  # categories or dates
                continue
            numbers = [float(value) for value in values if _finite(value)]
            value_axis = (letter == "x") == horizontal if trace.type == "bar" else True
            if trace.type == "bar" and value_axis:
                numbers.append(0.0)
                if barmode in ("stack", "relative"):
                    positions = _values(getattr(trace, "y" if horizontal else "x", None))
                    sums = stacked.setdefault(name, {})
                    for position, value in zip(positions, values, strict=False):
                        if _finite(value):
                            side = sums.setdefault((str(position), float(value) >= 0), [0.0])
                            side[0] += float(value)
            extents.setdefault(name, []).extend(numbers)
    for name, sums in stacked.items():
        extents[name].extend(total[0] for total in sums.values())
    for name, numbers in extents.items():
        if not numbers or any(math.isnan(value) for value in numbers):
            continue
        axis = figure.layout[name]
        if axis is None or axis.type in ("category", "date", "log", "multicategory") or axis.tickvals is not None:
            continue
        if axis.showticklabels is False or axis.matches is not None:
            continue
        low, high = min(numbers), max(numbers)
        if axis.range is not None and all(_finite(end) for end in axis.range):
            low, high = min(axis.range), max(axis.range)
        if axis.rangemode == "tozero":
            low, high = min(low, 0.0), max(high, 0.0)
        measure = _kind_of_format(axis.tickformat)
        if measure == "count" and not (axis.tickformat or "").endswith("d") and any(not float(v).is_integer() for v in numbers):
            measure = "number"
        if _is_number(axis.dtick):
            step = float(axis.dtick)
        else:
            step = _tick_step(low, high, measure, language, name in across and name.startswith("x"))
        first = math.floor(low / step + 1e-9) * step
        last = math.ceil(high / step - 1e-9) * step
        # Plotly pads an automatic range (a bar's label outside its end): a tick or two beyond the data may be drawn.
        if axis.range is None:
            last += step * 2
            if low < 0:
                first -= step
        ticks = [round(first + index * step, 10) for index in range(round((last - first) / step) + 1)]
        figure.layout[name].update(
            tickmode="array", tickvals=ticks, ticktext=[formatting.format_tick(value, measure, language, step) for value in ticks]
        )
    return figure


def _tick_step(low: float, high: float, measure: str, language: str, across: bool) -> float:
    """The step of an axis: about six labels up a chart; across it as many as fit a phone's width side by side."""
    count = TICKS_UP
    if across:
        widest = max(len(formatting.format_tick(value, measure, language, nice_step(high - low, 4))) for value in (low, high))
        count = max(2, min(TICKS_ACROSS_MOST, int(TICKS_ACROSS_ROOM // ((widest + 3) * TICK_CHARACTER_PIXELS))))
    step = nice_step(high - low, count)
    if measure in ("count", "change"):
        step = max(1.0, math.ceil(step))
    return step


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


# -- unknown admissions: "no data", never a zero bar ---------------------------------------------------------------
NO_DATA_COLOR = "#8C8C8C"


def known_lines(frame: pd.DataFrame, view: View) -> list[str]:
    """Per row, a hover line saying for how many of its screenings admissions are known, when not for all (else "")."""
    if "screenings_with_admissions" not in frame or "screenings" not in frame:
        return [""] * len(frame)
    lines = []
    for known, total in zip(frame["screenings_with_admissions"], frame["screenings"], strict=True):
        note = kpi.known_for(known, total, view.language, admissions=True)
        lines.append("<br>" + text(note) if note else "")
    return lines


def no_data_hover(name: object, screenings: object, view: View) -> str:
    """The hover line of a group whose admissions nobody counted."""
    return text(
        view.t("{name}: no data (admissions known for none of its {screenings} screenings)", name=name, screenings=view.number(screenings))
    )


def no_data_marks(view: View, x: list, y: list, hovers: list[str], horizontal: bool = False, ids: list[str] | None = None) -> go.Scatter:
    """The words "no data" where a bar would stand for a group (a month, a year, a country) whose admissions are unknown:
    a grey mark at the bar's foot (or the top of its stack), never a bar of height zero. `hovers` say which groups; `ids`
    are what its bar would carry, so a click on the mark filters or opens as a click on the bar would."""
    return go.Scatter(
        ids=ids,
        x=list(x),
        y=list(y),
        mode="markers+text",
        text=[view.t("no data")] * len(hovers),
        textposition="middle right" if horizontal else "top center",
        textfont={"color": NO_DATA_COLOR, "size": 11},
        # An open line symbol is stroked in the marker colour: grey, whatever the colourway would give the trace.
        marker={
            "symbol": "line-ns-open" if horizontal else "line-ew-open",
            "size": 14,
            "color": NO_DATA_COLOR,
            "line": {"width": 2, "color": NO_DATA_COLOR},
        },
        customdata=hovers,
        hovertemplate="%{customdata}<extra></extra>",
        name=view.t("no data"),
        showlegend=False,
        cliponaxis=False,
    )
