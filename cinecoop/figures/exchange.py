"""Chart builders of the Exchange balance page: each way by year, the balance, and the flows among all countries."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from cinecoop import formatting
from cinecoop.figures import theme
from cinecoop.view import View

MEASURES = {
    "admissions": ("Admissions", "Admissions (people)", "people"),
    "screenings": ("Screenings", "Screenings (sessions)", "sessions"),
    "titles": ("Titles", "Titles (distinct films)", "films"),
}


def direction_year_figure(frame: pd.DataFrame, view: View, measure: str = "admissions") -> go.Figure:
    """Grouped bars by year (of the calendar the query grouped by), one per direction; frame from exchange_by_year_and_direction."""
    label, axis, unit = MEASURES[measure]
    country_a, country_b = view.focus
    figure = go.Figure()
    for _, rows, name, color in theme.directions(frame, view):
        figure.add_trace(
            go.Bar(
                x=theme.year_labels(rows["year"], view),
                y=rows[measure],
                ids=[str(int(year)) for year in rows["year"]],
                name=name,
                marker={"color": color},
                text=[view.number(value) for value in rows[measure]],
                texttemplate="%{text}",
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"<b>{name}</b><br>%{{x}}: %{{y:,}} {view.t(unit)}<extra></extra>",
            )
        )
    theme.style(
        figure,
        view.t("{measure} each way between {a} and {b}, by year", measure=view.t(label), a=country_a, b=country_b),
        theme.year_title(view),
        view.t(axis),
    )
    figure.update_layout(barmode="group", height=380)
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=theme.year_labels(sorted(frame["year"].unique()), view))
    figure.update_yaxes(**theme.count_axis(frame[measure].max()))
    return figure


def balance_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Admissions A→B minus B→A per year (of the calendar the query grouped by), labelled with the ratio; frame from
    exchange_balance_by_year."""
    country_a, country_b = str(frame["country_a"].iloc[0]), str(frame["country_b"].iloc[0])
    colors = theme.direction_colors(country_a, country_b)
    forward, backward = f"{country_a}→{country_b}", f"{country_b}→{country_a}"
    # An empty balance means a direction's screenings had no known admissions: "no data", not "no B→A".
    ratios = [
        view.t("no data")
        if _missing(balance)
        else view.t("no {direction}", direction=backward)
        if _missing(value)
        else "×" + view.number(value, 2)
        for value, balance in zip(frame["admissions_ratio"], frame["admissions_balance"], strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            x=theme.year_labels(frame["year"], view),
            y=frame["admissions_balance"],
            ids=[str(int(year)) for year in frame["year"]],
            marker={"color": [colors[forward] if theme.finite(value) >= 0 else colors[backward] for value in frame["admissions_balance"]]},
            text=ratios,
            textposition="outside",
            cliponaxis=False,
            customdata=list(zip(frame["admissions_a_to_b"], frame["admissions_b_to_a"], ratios, strict=True)),
            hovertemplate=(
                "<b>%{x}</b><br>"
                + theme.text(forward)
                + ": %{customdata[0]:,} "
                + view.t("people")
                + "<br>"
                + theme.text(backward)
                + ": %{customdata[1]:,} "
                + view.t("people")
                + "<br>"
                + view.t("Balance")
                + ": %{y:+,} "
                + view.t("people")
                + "<br>"
                + view.t("Ratio")
                + ": %{customdata[2]}<extra></extra>"
            ),
        )
    )
    theme.style(
        figure,
        view.t(
            "Balance: admissions {forward} minus {backward}; bar labels give {forward} ÷ {backward}", forward=forward, backward=backward
        ),
        theme.year_title(view),
        view.t("Difference in admissions (people)"),
    )
    figure.add_hline(y=0, line={"color": "rgba(128,128,128,0.6)", "width": 1})
    figure.update_layout(height=380, showlegend=False)
    figure.update_xaxes(type="category")
    figure.update_yaxes(tickformat="+,d", dtick=1 if theme.finite(frame["admissions_balance"].abs().max()) < 8 else None)
    return figure


def flows_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Admissions from each film-country combination (rows) to each host country (columns); frame from
    admissions_by_film_country_and_host_country. Colour follows the logarithm so small flows stay visible beside Iran–Russia."""
    origins = frame.groupby("film_country")["admissions"].sum().sort_values(ascending=False).index.tolist()
    hosts = frame.groupby("host_country")["admissions"].sum().sort_values(ascending=False).index.tolist()
    # One row per origin and host already: pivot, not pivot_table, whose sum would turn unknown admissions into 0.
    admissions = (
        frame.pivot(index="film_country", columns="host_country", values="admissions").reindex(index=origins, columns=hosts).astype(float)
    )
    screenings = frame.pivot_table(index="film_country", columns="host_country", values="screenings", aggfunc="sum").reindex(
        index=origins, columns=hosts
    )
    logged = admissions.map(lambda value: math.log10(value + 1) if not _missing(value) else None)
    top = max(1.0, math.ceil(theme.finite(logged.max().max(), 1.0)))
    ticks = list(range(0, int(top) + 1))
    figure = go.Figure(
        go.Heatmap(
            z=logged.to_numpy(),
            x=[theme.text(code) for code in hosts],
            y=[theme.text(code) for code in origins],
            customdata=_stack(admissions, screenings),
            colorscale="Blues",
            zmin=0,
            zmax=top,
            xgap=1,
            ygap=1,
            colorbar={
                "title": {"text": view.t("Admissions (people)")},
                "tickvals": ticks,
                "ticktext": [view.number(10**tick) for tick in ticks],
            },
            hoverongaps=False,
            hovertemplate=(
                view.t("Films from")
                + " %{y} "
                + view.t("shown in")
                + " %{x}<br>"
                + theme.admissions_hover(view, "%{customdata[0]:,}", "%{customdata[1]:,}")
                + "<extra></extra>"
            ),
        )
    )
    theme.style(
        figure,
        view.t("Flows among all countries: admissions by film country (rows) and host country (columns)"),
        view.t("Host country (where the films were shown)"),
        view.t("Film country (a co-production is its own row)"),
    )
    figure.update_layout(height=max(360, 110 + 22 * len(origins)))
    figure.update_xaxes(type="category")
    figure.update_yaxes(autorange="reversed", type="category")
    return figure


def _stack(admissions: pd.DataFrame, screenings: pd.DataFrame) -> list[list[list[float | None]]]:
    """Per cell [admissions, screenings] for the heatmap's hover."""
    return [
        [[None if _missing(a) else int(a), None if _missing(s) else int(s)] for a, s in zip(row_a, row_s, strict=True)]
        for row_a, row_s in zip(admissions.to_numpy(), screenings.to_numpy(), strict=True)
    ]


def _missing(value: object) -> bool:
    """None, NaN or pandas' NA: unknown admissions (never drawn as 0)."""
    return formatting.is_missing(value)
