"""Chart builders of the Regional programmes page: Caspian coverage, SCO participation, Eurasian Film Academy."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cinecoop.figures import theme
from cinecoop.view import View

CASPIAN = "Caspian Film Program"
SCO = "SCO Filmmakers Working Group"
ACADEMY = "Eurasian Film Academy"
NOT_COVERED_COLOR = "#BBBBBB"


def _country_label(name: object, code: object) -> str:
    """A country on an axis by its name in the reader's language (the code only where the reference list has no name)."""
    return theme.text(name or code)


def _country_hover_data(rows: pd.DataFrame, view: View, *counts: str) -> list[list]:
    """The hover fields of each country's bar: screenings, films, the counts named (e.g. on_board_screenings), the first
    and last screening dates and the line on known admissions."""
    extra = [rows[column].to_numpy() for column in counts]
    return [
        [int(s), int(f), *(int(values[index]) for values in extra), view.date(first), view.date(last), known]
        for index, (s, f, first, last, known) in enumerate(
            zip(
                rows["screenings"],
                rows["films"],
                rows["first_screening"],
                rows["last_screening"],
                theme.known_lines(rows, view),
                strict=True,
            )
        )
    ]


def caspian_coverage_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Admissions per littoral state; a state with no screening keeps its row, grey and marked as not covered."""
    rows = frame.sort_values(["covered", "admissions"], ascending=[True, True], na_position="first")
    labels = [_country_label(view.country(code), code) for code in rows["country"]]
    covered = rows["covered"].astype(bool).to_numpy()
    figure = go.Figure()
    figure.add_bar(
        y=labels,
        x=rows["admissions"],
        ids=list(rows["country"]),
        orientation="h",
        marker_color=[theme.program_color(CASPIAN) if is_covered else NOT_COVERED_COLOR for is_covered in covered],
        text=[
            view.measure(a, "admissions") if is_covered else view.t("not covered yet")
            for a, is_covered in zip(rows["admissions"], covered, strict=True)
        ],
        textposition="outside",
        cliponaxis=False,
        customdata=_country_hover_data(rows, view, "on_board_screenings"),
        hovertemplate="%{y}<br>"
        + view.t(
            "Admissions: %{x:,}<br>Screenings: %{customdata[0]:,}<br>Films: %{customdata[1]:,}<br>"
            "On board: %{customdata[2]:,} screenings<br>First: %{customdata[3]}<br>Last: %{customdata[4]}"
        )
        + "%{customdata[5]}<extra></extra>",
        showlegend=False,
    )
    _no_data(figure, rows, labels, view, covered)
    theme.style(figure, view.t("Caspian Film Program: admissions in each littoral state"), theme.people_axis(view), None)
    top = theme.finite(rows["admissions"].max())
    figure.update_xaxes(range=[0, max(top, 1) * 1.2])
    figure.update_layout(height=140 + 38 * len(rows))
    return figure


def _no_data(figure: go.Figure, rows: pd.DataFrame, labels: list[str], view: View, shown=None) -> None:
    """ "no data" at the foot of the bar of a country whose screenings nobody counted (when `shown` allows: a littoral state
    not covered says so already)."""
    unknown = [
        index
        for index, value in enumerate(rows["admissions"])
        if pd.isna(value) and (shown is None or shown[index]) and rows["screenings"].iloc[index]
    ]
    if unknown:
        hovers = [theme.no_data_hover(labels[index], rows["screenings"].iloc[index], view) for index in unknown]
        # The country code, as its bar carries it: a click on the mark opens the country's page as the bar would.
        codes = rows["country"] if "country" in rows else rows["host_country"]
        ids = [str(codes.iloc[index]) for index in unknown]
        figure.add_trace(
            theme.no_data_marks(view, [0] * len(unknown), [labels[index] for index in unknown], hovers, horizontal=True, ids=ids)
        )


def sco_participation_figure(frame: pd.DataFrame, view: View, measure: str = "hosted_screenings") -> go.Figure:
    """A member-by-year heatmap of one measure (hosted_screenings or film_screenings), years of the calendar the query
    grouped by; zero shows as a dash."""
    titles = {
        "hosted_screenings": (
            view.t("Screenings hosted by each member, by year"),
            view.t("Screenings hosted (sessions)"),
        ),
        "film_screenings": (
            view.t("Screenings of each member's films, by year"),
            view.t("Screenings of its films (sessions)"),
        ),
    }
    title, legend_text = titles[measure]
    names = {code: view.country(code) for code in frame["country"].unique()}
    countries = sorted(names, key=lambda code: str(names[code] or code), reverse=True)
    years = sorted(int(year) for year in frame["year"].unique())
    table = frame.pivot_table(index="country", columns="year", values=measure, aggfunc="sum", fill_value=0).reindex(
        index=countries, columns=years, fill_value=0
    )
    other = "film_screenings" if measure == "hosted_screenings" else "hosted_screenings"
    other_table = frame.pivot_table(index="country", columns="year", values=other, aggfunc="sum", fill_value=0).reindex(
        index=countries, columns=years, fill_value=0
    )
    values = table.to_numpy()
    labels = [_country_label(names[code], code) for code in countries]
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=theme.year_labels(years, view),
            y=labels,
            colorscale=[[0.0, "#F4F4F4"], [1.0, theme.program_color(SCO)]],
            zmin=0,
            text=[[view.measure(value, "screenings") if value else "—" for value in row] for row in values],
            texttemplate="%{text}",
            customdata=other_table.to_numpy(),
            hovertemplate="%{y} · %{x}<br>"
            + (
                view.t("Hosted: %{z:,} screenings<br>Its films: %{customdata:,} screenings")
                if measure == "hosted_screenings"
                else view.t("Its films: %{z:,} screenings<br>Hosted: %{customdata:,} screenings")
            )
            + "<extra></extra>",
            xgap=2,
            ygap=2,
            # The numbers are written in the cells, so the colour scale needs no bar of its own.
            showscale=False,
        )
    )
    # No title beside the member states: the chart's title names them, and on a phone the room goes to the cells.
    theme.style(figure, title, view.t("{year} · cells: {what}", year=theme.year_title(view), what=legend_text), None)
    figure.update_xaxes(type="category", side="bottom")
    figure.update_layout(height=140 + 30 * len(countries))
    return figure


def academy_screenings_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Admissions of the Eurasian Film Academy's screenings in each host country."""
    rows = frame.sort_values("admissions", ascending=True, na_position="first")
    labels = [_country_label(view.country(code), code) for code in rows["host_country"]]
    figure = go.Figure()
    figure.add_bar(
        y=labels,
        x=rows["admissions"],
        ids=list(rows["host_country"]),
        orientation="h",
        marker_color=theme.program_color(ACADEMY),
        text=[view.measure(value, "admissions") for value in rows["admissions"]],
        textposition="outside",
        cliponaxis=False,
        customdata=_country_hover_data(rows, view),
        hovertemplate="%{y}<br>"
        + view.t(
            "Admissions: %{x:,}<br>Screenings: %{customdata[0]:,}<br>Films: %{customdata[1]:,}<br>First: %{customdata[2]}<br>Last: %{customdata[3]}"
        )
        + "%{customdata[4]}<extra></extra>",
        showlegend=False,
    )
    _no_data(figure, rows, labels, view)
    theme.style(figure, view.t("Academy admissions by host country"), theme.people_axis(view), None)
    top = theme.finite(rows["admissions"].max())
    figure.update_xaxes(range=[0, max(top, 1) * 1.25])
    figure.update_layout(height=140 + 32 * len(rows))
    return figure
