"""Chart builders of the pages of one thing: a country's years."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cinecoop.figures import theme
from cinecoop.formatting import is_missing
from cinecoop.view import View


def country_years_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Admissions by year: at the country's own screenings, and at its films' screenings abroad (grouped bars); a year
    whose admissions are unknown has no bar but says "no data"; frame from country_screenings_by_year."""
    country = view.country(view.filters.country_key)
    figure = go.Figure()
    years = [int(year) for year in frame["year"]]
    labels = theme.year_labels(years, view)
    parts = (
        ("hosted", view.t("At screenings in {country}", country=country), theme.PALETTE[0]),
        ("film", view.t("{country}'s films abroad", country=country), theme.PALETTE[1]),
    )
    for prefix, name, color in parts:
        admissions_column = "hosted_admissions" if prefix == "hosted" else "film_admissions_abroad"
        screenings_column = "hosted_screenings" if prefix == "hosted" else "film_screenings_abroad"
        known_column = "hosted_screenings_with_admissions" if prefix == "hosted" else "film_screenings_abroad_with_admissions"
        admissions = [None if is_missing(value) else float(value) for value in frame[admissions_column]]
        texts = [
            view.t("no data") if value is None and screenings else (view.number(value) if value is not None else "")
            for value, screenings in zip(admissions, frame[screenings_column], strict=True)
        ]
        known = [
            view.t("known for {known} of {screenings} screenings", known=view.number(k), screenings=view.number(s))
            for k, s in zip(frame[known_column], frame[screenings_column], strict=True)
        ]
        figure.add_bar(
            x=labels,
            y=admissions,
            name=theme.text(name),
            marker_color=color,
            ids=[str(year) for year in years],
            text=texts,
            textposition="outside",
            cliponaxis=False,
            customdata=known,
            hovertemplate="<b>%{x}</b><br>" + theme.text(name) + ": %{text}<br>%{customdata}<extra></extra>",
        )
    theme.style(
        figure,
        view.t("Admissions by year: in {country}, and of its films abroad", country=country),
        theme.year_title(view),
        theme.people_axis(view),
    )
    figure.update_layout(barmode="group", height=380)
    figure.update_xaxes(type="category")
    theme.top_legend(figure)
    return figure
