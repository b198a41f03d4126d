"""Chart builders of the Screenings and attendance page: trends, countries, the map, formats, genres, occupancy, films."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from cinecoop.figures import theme
from cinecoop.formatting import format_number, format_percent
from cinecoop.i18n import t

LABEL_CHARACTERS = 42
MEASURE_AXES = {"admissions": "Admissions (people)", "screenings": "Screenings (sessions)"}


def short(label: object) -> str:
    """A long name cut for an axis label (the hover shows it whole), so the plot keeps its width at 1366 pixels."""
    value = str(label)
    return value if len(value) <= LABEL_CHARACTERS else value[: LABEL_CHARACTERS - 1] + "…"


def month_program_figure(frame: pd.DataFrame, measure: str, calendar: str = "gregorian") -> go.Figure:
    """Stacked monthly bars, one colour per programme, months of the calendar the query grouped by; frame from
    screenings_by_month_and_program (a `program_name` column, when given, names the programmes in the legend)."""
    figure = go.Figure()
    unit = t("people") if measure == "admissions" else t("sessions")
    programs = frame.groupby("program")[measure].sum().sort_values(ascending=False).index
    for program in programs:
        rows = frame[frame["program"] == program]
        name = theme.text(rows["program_name"].iloc[0] if "program_name" in rows else program)
        figure.add_trace(
            go.Bar(
                y=rows[measure],
                name=name,
                marker={"color": theme.program_color(program)},
                # One bar per month, a month wide, also when the selection holds a single month.
                **theme.month_bars(rows["month"], calendar),
                customdata=theme.month_labels(rows["month"], calendar),
                hovertemplate=f"<b>{name}</b><br>%{{customdata}}: %{{y:,}} {unit}<extra></extra>",
            )
        )
    title = t("Admissions by month and programme") if measure == "admissions" else t("Screenings (sessions held) by month and programme")
    theme.style(figure, title, t("Month"), t(MEASURE_AXES[measure]))
    figure.update_layout(barmode="stack", height=440)
    theme.top_legend(figure, rows=2)
    figure.update_xaxes(**theme.month_axis(frame["month"], calendar))
    figure.update_yaxes(**theme.count_axis(frame.groupby("month")[measure].sum().max()))
    return figure


def host_country_figure(frame: pd.DataFrame) -> go.Figure:
    """Admissions by host country, largest on top; frame from admissions_by_host_country."""
    ordered = frame.sort_values("admissions")
    labels = [theme.text(f"{name} ({code})") for name, code in zip(ordered["country_name"], ordered["host_country"], strict=True)]
    occupancy = [t("unknown") if pd.isna(value) else format_percent(value) for value in ordered["occupancy"]]
    figure = go.Figure(
        go.Bar(
            x=ordered["admissions"],
            y=labels,
            orientation="h",
            marker={"color": theme.PALETTE[0]},
            customdata=list(zip(ordered["screenings"], occupancy, strict=True)),
            hovertemplate=(
                "<b>%{y}</b><br>"
                + t("Admissions")
                + ": %{x:,} "
                + t("people")
                + "<br>"
                + t("Screenings")
                + ": %{customdata[0]:,}<br>"
                + t("Occupancy")
                + ": %{customdata[1]}<extra></extra>"
            ),
        )
    )
    theme.style(figure, t("Admissions by host country"), theme.people_axis(), None)
    figure.update_layout(height=max(300, 60 + 28 * len(ordered)), showlegend=False)
    figure.update_xaxes(**theme.count_axis(ordered["admissions"].max()))
    return figure


def city_map_figure(frame: pd.DataFrame) -> go.Figure:
    """Screening cities as bubbles sized by admissions; frame from admissions_by_city (cities without coordinates are left out)."""
    placed = frame.dropna(subset=["lat", "lon"])
    largest = theme.finite(placed["admissions"].max(), 1.0) if not placed.empty else 1.0
    # Bubble area, not diameter, follows admissions; the largest city gets a 48-pixel bubble (unknown admissions: the smallest).
    sizes = [6 + 42 * math.sqrt(max(theme.finite(value), 0.0) / largest) if largest > 0 else 6 for value in placed["admissions"]]
    figure = go.Figure(
        go.Scattergeo(
            lat=placed["lat"],
            lon=placed["lon"],
            text=[theme.text(f"{city} ({country})") for city, country in zip(placed["city"], placed["host_country"], strict=True)],
            customdata=placed[["admissions", "screenings"]],
            marker={
                "size": sizes,
                "color": theme.PALETTE[0],
                "opacity": 0.7,
                "line": {"width": 1, "color": "white"},
                "sizemode": "diameter",
            },
            hovertemplate=(
                "<b>%{text}</b><br>"
                + t("Admissions")
                + ": %{customdata[0]:,} "
                + t("people")
                + "<br>"
                + t("Screenings")
                + ": %{customdata[1]:,}<extra></extra>"
            ),
        )
    )
    theme.style(figure, t("Screening cities, bubble size by admissions"))
    figure.update_geos(
        scope="world",
        resolution=110,
        projection_type="natural earth",
        fitbounds="locations",
        showcountries=True,
        countrycolor="rgba(128,128,128,0.6)",
        showland=True,
        landcolor="rgba(200,200,200,0.25)",
        showocean=False,
        showlakes=False,
        bgcolor="rgba(0,0,0,0)",
    )
    figure.update_layout(height=460, showlegend=False, margin={"l": 0, "r": 0, "t": 50, "b": 0})
    return figure


def format_figure(frame: pd.DataFrame) -> go.Figure:
    """Screenings and admissions by format; frame from screenings_by_format."""
    ordered = frame.sort_values("admissions")
    labels = [theme.text(t(str(value))) for value in ordered["format"]]
    figure = go.Figure(
        go.Bar(
            x=ordered["admissions"],
            y=labels,
            orientation="h",
            marker={"color": theme.PALETTE[4]},
            customdata=ordered[["screenings"]],
            hovertemplate=(
                "<b>%{y}</b><br>"
                + t("Admissions")
                + ": %{x:,} "
                + t("people")
                + "<br>"
                + t("Screenings")
                + ": %{customdata[0]:,}<extra></extra>"
            ),
        )
    )
    theme.style(figure, t("Admissions by screening format"), theme.people_axis(), None)
    figure.update_layout(height=320, showlegend=False)
    figure.update_xaxes(**theme.count_axis(ordered["admissions"].max()))
    return figure


def genre_figure(frame: pd.DataFrame) -> go.Figure:
    """Admissions by genre with animation called out in its own colour; frame from admissions_by_genre."""
    ordered = frame.sort_values("admissions")
    labels = [theme.text(t(str(value))) for value in ordered["genre"]]
    colors = [theme.PALETTE[1] if genre == "animation" else theme.PALETTE[7] for genre in ordered["genre"]]
    figure = go.Figure(
        go.Bar(
            x=ordered["admissions"],
            y=labels,
            orientation="h",
            marker={"color": colors},
            text=[format_percent(share) for share in ordered["admissions_share"]],
            textposition="auto",
            customdata=ordered[["screenings", "admissions_share"]],
            hovertemplate=(
                "<b>%{y}</b><br>"
                + t("Admissions")
                + ": %{x:,} "
                + t("people")
                + " (%{customdata[1]:.1%})<br>"
                + t("Screenings")
                + ": %{customdata[0]:,}<extra></extra>"
            ),
        )
    )
    theme.style(figure, t("Admissions by genre, animation highlighted"), theme.people_axis(), None)
    figure.update_layout(height=320, showlegend=False)
    figure.update_xaxes(**theme.count_axis(ordered["admissions"].max()))
    return figure


def occupancy_figure(frame: pd.DataFrame, overall: float | None) -> go.Figure:
    """Histogram of per-row occupancy in 10-point bands, with the overall ratio of sums marked; frame from screenings_by_occupancy_band."""
    labels = [
        format_percent(start, decimals=0) + "+" if start >= 1 else f"{format_percent(start, decimals=0)}–{format_percent(end, decimals=0)}"
        for start, end in zip(frame["band_start"], frame["band_end"], strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            x=frame["band_start"] + 0.05,
            y=frame["screening_rows"],
            width=0.095,
            marker={"color": theme.PALETTE[2]},
            customdata=list(zip(labels, frame["screenings"], strict=True)),
            hovertemplate=(
                t("Occupancy")
                + " %{customdata[0]}<br>"
                + t("Screening rows")
                + ": %{y:,}<br>"
                + t("Screenings")
                + ": %{customdata[1]:,}<extra></extra>"
            ),
        )
    )
    if overall is not None and not math.isnan(overall):
        # The KPI is a ratio of sums, so it need not sit at the middle of the per-row distribution: draw it as a named line.
        figure.add_trace(
            go.Scatter(
                x=[overall, overall],
                y=[0, float(frame["screening_rows"].max()) * 1.05],
                mode="lines",
                name=t("Occupancy KPI {share} (ratio of sums)", share=format_percent(overall)),
                line={"color": theme.PALETTE[5], "dash": "dash", "width": 2},
                hovertemplate=t("Occupancy KPI") + ": %{x:.1%}<extra></extra>",
            )
        )
    theme.style(
        figure,
        t("Screening rows by occupancy"),
        t("Occupancy of the row (admissions ÷ seats, %)"),
        t("Screening rows (count)"),
    )
    figure.update_xaxes(tickformat=".0%", dtick=0.1, range=[0, max(1.1, float(frame["band_end"].max()))])
    figure.update_yaxes(**theme.count_axis(frame["screening_rows"].max()))
    figure.update_layout(height=360, showlegend=True, bargap=0.02)
    theme.top_legend(figure)
    figure.data[0].showlegend = False
    return figure


def top_films_figure(frame: pd.DataFrame) -> go.Figure:
    """The films that drew the most people; frame from admissions_by_film."""
    ordered = frame.sort_values("admissions")
    labels = [
        theme.text(f"{short(title)} ({country})") for title, country in zip(ordered["film_title"], ordered["film_country"], strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            x=ordered["admissions"],
            y=labels,
            orientation="h",
            marker={"color": theme.PALETTE[0]},
            customdata=list(
                zip(
                    ordered["screenings"],
                    [theme.text(value) for value in ordered["host_countries"]],
                    [theme.text(value) for value in ordered["film_title"]],
                    strict=True,
                )
            ),
            hovertemplate=(
                "<b>%{customdata[2]}</b><br>"
                + t("Admissions")
                + ": %{x:,} "
                + t("people")
                + "<br>"
                + t("Screenings")
                + ": %{customdata[0]:,}<br>"
                + t("Shown in")
                + ": %{customdata[1]}<extra></extra>"
            ),
        )
    )
    theme.style(figure, t("Top {n} films by admissions", n=format_number(len(ordered))), theme.people_axis(), None)
    figure.update_layout(height=max(320, 70 + 26 * len(ordered)), showlegend=False)
    figure.update_xaxes(**theme.count_axis(ordered["admissions"].max()))
    return figure


def top_venues_figure(frame: pd.DataFrame) -> go.Figure:
    """The venues that drew the most people; frame from admissions_by_venue."""
    ordered = frame.sort_values("admissions")
    labels = [theme.text(f"{short(venue)} · {short(city)}") for venue, city in zip(ordered["venue"], ordered["city"], strict=True)]
    occupancy = [t("unknown") if pd.isna(value) else format_percent(value) for value in ordered["occupancy"]]
    figure = go.Figure(
        go.Bar(
            x=ordered["admissions"],
            y=labels,
            orientation="h",
            marker={"color": theme.PALETTE[4]},
            customdata=list(
                zip(
                    ordered["screenings"],
                    occupancy,
                    [
                        theme.text(f"{venue}, {city} ({country})")
                        for venue, city, country in ordered[["venue", "city", "host_country"]].itertuples(index=False)
                    ],
                    strict=True,
                )
            ),
            hovertemplate=(
                "<b>%{customdata[2]}</b><br>"
                + t("Admissions")
                + ": %{x:,} "
                + t("people")
                + "<br>"
                + t("Screenings")
                + ": %{customdata[0]:,}<br>"
                + t("Occupancy")
                + ": %{customdata[1]}<extra></extra>"
            ),
        )
    )
    theme.style(figure, t("Top {n} venues by admissions", n=format_number(len(ordered))), theme.people_axis(), None)
    figure.update_layout(height=max(320, 70 + 26 * len(ordered)), showlegend=False)
    figure.update_xaxes(**theme.count_axis(ordered["admissions"].max()))
    return figure
