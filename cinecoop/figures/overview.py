"""Chart builders of the Overview page: admissions each way between the focus pair, and the agreement pipeline."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cinecoop.figures import theme
from cinecoop.view import View


def direction_trend_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Admissions by month, one bar per direction (A→B, B→A, co-production), months of the calendar the query grouped by;
    frame from admissions_by_month_and_direction."""
    country_a, country_b = view.focus
    figure = go.Figure()
    for _, rows, name, color in theme.directions(frame, view, others=True):
        figure.add_trace(
            go.Bar(
                y=rows["admissions"],
                name=name,
                ids=[pd.Timestamp(month).date().isoformat() for month in rows["month"]],
                marker={"color": color},
                # One bar per month, a month wide, also when the selection holds a single month.
                **theme.month_bars(rows["month"], view.calendar),
                customdata=list(
                    zip(rows["screenings"], theme.month_labels(rows["month"], view), theme.known_lines(rows, view), strict=True)
                ),
                hovertemplate=(
                    f"<b>{name}</b><br>%{{customdata[1]}}<br>"
                    + view.t("Admissions")
                    + ": %{y:,} "
                    + view.t("people")
                    + "<br>"
                    + view.t("Screenings")
                    + ": %{customdata[0]:,}%{customdata[2]}<extra></extra>"
                ),
            )
        )
    unknown = frame[frame["admissions"].isna()]
    if not unknown.empty:
        # A month's direction nobody counted has no bar: "no data" on top of the month's stack says so.
        tops = frame.groupby("month")["admissions"].sum()
        months = sorted(unknown["month"].unique())
        hovers = []
        for month in months:
            rows = unknown[unknown["month"] == month]
            lines = [theme.no_data_hover(view.direction(row.direction), row.screenings, view) for row in rows.itertuples()]
            hovers.append(f"<b>{theme.text(view.month(month))}</b><br>" + "<br>".join(lines))
        figure.add_trace(
            theme.no_data_marks(
                view,
                [theme.month_middle(month, view.calendar) for month in months],
                [tops.get(month, 0) for month in months],
                hovers,
                ids=[pd.Timestamp(month).date().isoformat() for month in months],
            )
        )
    theme.style(
        figure,
        view.t(
            "Admissions by month between {a} and {b}, each way and co-productions", a=view.country(country_a), b=view.country(country_b)
        ),
        view.t("Month"),
        theme.people_axis(view),
    )
    figure.update_layout(height=360, barmode="stack", bargap=0.15, legend={"traceorder": "normal"})
    figure.update_xaxes(**theme.month_axis(frame["month"], view))
    figure.update_yaxes(**theme.count_axis(frame.groupby("month")["admissions"].sum().max()))
    return figure


def pipeline_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Agreements by status in pipeline order; frame from agreement_pipeline_by_status."""
    ordered = frame.sort_values("stage", ascending=False)
    labels = [theme.text(view.term(status)) for status in ordered["status"]]
    figure = go.Figure(
        go.Bar(
            x=ordered["agreements"],
            y=labels,
            orientation="h",
            marker={"color": [theme.STATUS_COLORS.get(status, theme.program_color(str(status))) for status in ordered["status"]]},
            text=[view.measure(value, "agreements") for value in ordered["agreements"]],
            textposition="auto",
            hovertemplate="%{y}: %{x:,} " + view.t("agreements") + "<extra></extra>",
        )
    )
    theme.style(figure, view.t("Agreements by status today"), view.t("Agreements (count)"), None)
    figure.update_layout(height=300, showlegend=False)
    figure.update_xaxes(**theme.count_axis(frame["agreements"].max()))
    return figure
