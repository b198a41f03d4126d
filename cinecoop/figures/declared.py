"""Charts declared in a query's header (`-- chart: line x=month y=admissions color=program`), drawn with Plotly."""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re

import pandas as pd
import plotly.graph_objects as go

from cinecoop.catalogue import ChartSpec
from cinecoop.figures import theme
from cinecoop.formatting import MISSING

# More series than this is a table, not a chart: the analyst should aggregate first.
MAX_COLOR_VALUES = 30
# Words in a column description's parentheses that name what the column holds rather than a unit.
NOT_UNITS = {"text", "date", "month", "year", "boolean", "ISO code", "ISO codes"}
# Columns whose values have a fixed colour on every page.
KNOWN_COLORS = {"program": theme.PROGRAM_COLORS, "status": theme.STATUS_COLORS, "direction": theme.DIRECTION_COLORS}


class ChartDataError(ValueError):
    """The result does not fit the declaration; the message names the chart key and the column."""


def declared_figure(spec: ChartSpec, frame: pd.DataFrame, title: str = "", units: dict[str, str] | None = None) -> go.Figure:
    """The chart a header declares, drawn from the query's result with the house template.

    `title` is used when the declaration has none; `units` maps a column to the unit its axis title shows ("people")."""
    _check_columns(spec, frame)
    units = units or {}
    if spec.kind == "table":
        figure = _table(frame)
        return theme.style(figure, spec.get("title") or title)
    if spec.kind == "pie":
        figure = theme.style(_pie(spec, frame), spec.get("title") or title)
        return figure.update_layout(legend=_side_legend())
    figure = _xy(spec, frame)
    x, y = spec.options["x"], spec.options["y"]
    x_title, y_title = _axis_title(x, units), _axis_title(y, units)
    if spec.kind == "bar" and spec.get("orientation") == "h":
        x_title, y_title = y_title, x_title
    theme.style(figure, spec.get("title") or title, x_title, y_title)
    if spec.kind == "bar":
        figure.update_layout(barmode=spec.get("barmode", "group"))
    if spec.get("color"):
        figure.update_layout(legend=_side_legend(theme.text(spec.options["color"])))
    return figure


def _side_legend(title: str = "") -> dict:
    # Beside the plot: above it, a legend of many entries wraps upward into the title.
    return {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top", "title": {"text": title}}


def column_units(columns: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """The unit of each header column, from the parentheses that end its description: `admissions: admissions (people)`."""
    units = {}
    for name, description in columns:
        match = re.search(r"\(([^()]*)\)\s*$", description)
        unit = match.group(1).split(",")[0].strip() if match else ""
        if unit and unit not in NOT_UNITS and not unit.startswith("list"):
            units[name] = unit
    return units


def _check_columns(spec: ChartSpec, frame: pd.DataFrame) -> None:
    for key in ("x", "y", "color", "size"):
        column = spec.get(key)
        if column is None:
            continue
        if column not in frame.columns:
            raise ChartDataError(
                f"chart: key '{key}' names the column '{column}', which the result does not have (it has {', '.join(map(str, frame.columns))})"
            )
        if key in ("y", "size") and not _numeric(frame[column]):
            raise ChartDataError(f"chart: key '{key}' names the column '{column}', which does not hold numbers")
    color = spec.get("color")
    if color is not None:
        count = frame[color].nunique(dropna=False)
        if count > MAX_COLOR_VALUES:
            raise ChartDataError(
                f"chart: key 'color' names the column '{color}', which has {count:,} different values; "
                f"a chart shows at most {MAX_COLOR_VALUES}, so group the rest in the SQL"
            )


def _numeric(series: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(series):
        return False
    if pd.api.types.is_numeric_dtype(series):
        return True
    values = series.dropna()
    return not values.empty and all(isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool) for value in values)


def _axis_title(column: str, units: dict[str, str]) -> str:
    unit = units.get(column)
    return theme.text(f"{column} ({unit})" if unit else column)


def _labels(series: pd.Series) -> list:
    """Values for Plotly: text escaped so markup shows as its characters; numbers and dates as they are."""
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
        return series.tolist()
    return [_label(value) for value in series]


def _label(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return MISSING  # the dash every table shows for a blank, in every language
    if isinstance(value, (int, float, decimal.Decimal, dt.date, dt.datetime, pd.Timestamp)) and not isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple)):
        return theme.text(";".join(str(item) for item in value))
    return theme.text(value)


def _numbers(series: pd.Series) -> list:
    return [None if pd.isna(value) else float(value) for value in series]


def _colors_for(column: str, values: list[object]) -> dict[object, str]:
    """Programmes, statuses and directions keep their house colours; anything else takes the palette in order."""
    known = KNOWN_COLORS.get(column)
    if known is not None:
        return {value: known.get(str(value)) or theme.program_color(str(value)) for value in values}
    return {value: theme.PALETTE[index % len(theme.PALETTE)] for index, value in enumerate(values)}


def _groups(spec: ChartSpec, frame: pd.DataFrame) -> list[tuple[object, pd.DataFrame]]:
    color = spec.get("color")
    if color is None:
        return [(None, frame)]
    keys = frame[color].astype(object).where(frame[color].notna(), None)
    order = list(dict.fromkeys(keys.tolist()))
    return [(value, frame[keys.map(lambda key, value=value: key == value)]) for value in order]


def _xy(spec: ChartSpec, frame: pd.DataFrame) -> go.Figure:
    x, y = spec.options["x"], spec.options["y"]
    color = spec.get("color")
    groups = _groups(spec, frame)
    colors = _colors_for(color, [value for value, _ in groups]) if color else {}
    figure = go.Figure()
    ordered_x = pd.api.types.is_numeric_dtype(frame[x]) or pd.api.types.is_datetime64_any_dtype(frame[x])
    for value, rows in groups:
        if spec.kind in ("line", "area") and ordered_x:
            rows = rows.sort_values(x, kind="stable")
        name = _label(value) if color else theme.text(y)
        line_color = colors.get(value)
        xs, ys = _labels(rows[x]), _numbers(rows[y])
        if spec.kind == "bar":
            bar_colors = None
            if not color and x in KNOWN_COLORS:
                bar_colors = [_colors_for(x, rows[x].tolist())[item] for item in rows[x]]
            marker = {"color": line_color or bar_colors} if (line_color or bar_colors) else {}
            if spec.get("orientation") == "h":
                figure.add_trace(go.Bar(x=ys, y=xs, orientation="h", name=name, marker=marker))
            else:
                figure.add_trace(go.Bar(x=xs, y=ys, name=name, marker=marker))
        elif spec.kind == "scatter":
            marker = {"color": line_color} if line_color else {}
            size = spec.get("size")
            if size:
                sizes = [value or 0 for value in _numbers(rows[size])]
                largest = max([value for value in _numbers(frame[size]) if value is not None] or [1]) or 1
                marker.update(size=sizes, sizemode="area", sizeref=2.0 * largest / 40**2, sizemin=2)
            figure.add_trace(go.Scatter(x=xs, y=ys, mode="markers", name=name, marker=marker))
        else:
            line = {"color": line_color} if line_color else {}
            stack = {"stackgroup": "one"} if spec.kind == "area" else {}
            figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers" if len(rows) < 40 else "lines", name=name, line=line, **stack))
    figure.update_layout(showlegend=bool(color))
    axis = figure.update_yaxes if spec.kind == "bar" and spec.get("orientation") == "h" else figure.update_xaxes
    if not ordered_x:
        # Categories in the order of the result, as the SQL sorted them, not in the order the first series meets them.
        axis(categoryorder="array", categoryarray=list(dict.fromkeys(_labels(frame[x]))))
    if pd.api.types.is_integer_dtype(frame[x]):
        # Years and other whole numbers: no 2,024.5 between the ticks.
        axis(tickformat="d", dtick=1 if frame[x].nunique() <= 20 else None)
    if spec.kind == "bar" and spec.get("orientation") == "h":
        figure.update_yaxes(autorange="reversed")  # the first row of the result on top, as the SQL ordered it
        figure.update_xaxes(separatethousands=True)
    return figure


def _pie(spec: ChartSpec, frame: pd.DataFrame) -> go.Figure:
    x, y = spec.options["x"], spec.options["y"]
    pie = go.Pie(labels=_labels(frame[x]), values=_numbers(frame[y]), sort=False, hole=0.4)
    if x in KNOWN_COLORS:
        colors = _colors_for(x, frame[x].tolist())
        pie.marker = {"colors": [colors[value] for value in frame[x]]}
    return go.Figure(pie)


def _table(frame: pd.DataFrame) -> go.Figure:
    header = [theme.text(column) for column in frame.columns]
    cells = [[_cell(value) for value in frame[column]] for column in frame.columns]
    return go.Figure(go.Table(header={"values": header, "align": "left"}, cells={"values": cells, "align": "left"}))


def _cell(value: object) -> str:
    label = _label(value)
    if isinstance(label, float):
        return f"{label:,.4g}" if abs(label) < 1e4 and not label.is_integer() else f"{label:,.0f}"
    if isinstance(label, int):
        return f"{label:,}"
    if isinstance(label, pd.Timestamp):
        return label.date().isoformat() if label == label.normalize() else label.isoformat(sep=" ")
    if isinstance(label, (dt.date, dt.datetime)):
        return label.isoformat()
    return str(label)
