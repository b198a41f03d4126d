"""Chart builders of the Overview page: admissions each way between the focus pair, and the agreement pipeline."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cinecoop.figures import theme
from cinecoop.i18n import t


def direction_trend_figure(frame: pd.DataFrame, country_a: str, country_b: str) -> go.Figure:
    """Admissions by month, one line per direction (A→B, B→A, co-production); frame from admissions_by_month_and_direction."""
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
                x=rows["month"],
                y=rows["admissions"],
                name=name,
                marker={"color": colors.get(direction, theme.program_color(direction))},
                # One bar per calendar month, a month wide, also when the selection holds a single month.
                xperiod="M1",
                xperiodalignment="middle",
                width=theme.MONTH_BAR_WIDTH,
                customdata=rows[["screenings"]],
                hovertemplate=(
                    f"<b>{name}</b><br>%{{x|%B %Y}}<br>"
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
    figure.update_xaxes(**theme.monthly_axis(frame["month"]))
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
            text=ordered["agreements"],
            textposition="auto",
            hovertemplate="%{y}: %{x:,} " + t("agreements") + "<extra></extra>",
        )
    )
    theme.style(figure, t("Agreements by status today"), t("Agreements (count)"), None)
    figure.update_layout(height=300, showlegend=False)
    figure.update_xaxes(**theme.count_axis(frame["agreements"].max()))
    return figure
