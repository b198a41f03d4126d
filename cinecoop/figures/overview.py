"""Chart builders of the Overview page: admissions each way between the focus pair, and the agreement pipeline."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cinecoop.figures import theme
from cinecoop.formatting import format_number
from cinecoop.i18n import t


def direction_trend_figure(frame: pd.DataFrame, country_a: str, country_b: str, calendar: str = "gregorian") -> go.Figure:
    """Admissions by month, one bar per direction (A→B, B→A, co-production), months of the calendar the query grouped by;
    frame from admissions_by_month_and_direction."""
    colors = theme.direction_colors(country_a, country_b)
    order = [f"{country_a}→{country_b}", f"{country_b}→{country_a}", "co-production"]
    figure = go.Figure()
    for direction in [*order, *sorted(set(frame["direction"]) - set(order))]:
        rows = frame[frame["direction"] == direction]
        if rows.empty:
            continue
        name = theme.text(t(direction) if direction == "co-production" else direction)
        figure.add_trace(
            go.Bar(
                y=rows["admissions"],
                name=name,
                marker={"color": colors.get(direction, theme.program_color(direction))},
                # One bar per month, a month wide, also when the selection holds a single month.
                **theme.month_bars(rows["month"], calendar),
                customdata=list(zip(rows["screenings"], theme.month_labels(rows["month"], calendar), strict=True)),
                hovertemplate=(
                    f"<b>{name}</b><br>%{{customdata[1]}}<br>"
                    + t("Admissions")
                    + ": %{y:,} "
                    + t("people")
                    + "<br>"
                    + t("Screenings")
                    + ": %{customdata[0]:,}<extra></extra>"
                ),
            )
        )
    theme.style(
        figure,
        t("Admissions by month between {a} and {b}, each way and co-productions", a=country_a, b=country_b),
        t("Month"),
        theme.people_axis(),
    )
    figure.update_layout(height=360, barmode="stack", bargap=0.15, legend={"traceorder": "normal"})
    figure.update_xaxes(**theme.month_axis(frame["month"], calendar))
    figure.update_yaxes(**theme.count_axis(frame.groupby("month")["admissions"].sum().max()))
    return figure


def pipeline_figure(frame: pd.DataFrame) -> go.Figure:
    """Agreements by status in pipeline order; frame from agreement_pipeline_by_status."""
    ordered = frame.sort_values("stage", ascending=False)
    labels = [theme.text(t(status)) for status in ordered["status"]]
    figure = go.Figure(
        go.Bar(
            x=ordered["agreements"],
            y=labels,
            orientation="h",
            marker={"color": [theme.STATUS_COLORS.get(status, theme.program_color(str(status))) for status in ordered["status"]]},
            text=[format_number(value) for value in ordered["agreements"]],
            textposition="auto",
            hovertemplate="%{y}: %{x:,} " + t("agreements") + "<extra></extra>",
        )
    )
    theme.style(figure, t("Agreements by status today"), t("Agreements (count)"), None)
    figure.update_layout(height=300, showlegend=False)
    figure.update_xaxes(**theme.count_axis(frame["agreements"].max()))
    return figure
