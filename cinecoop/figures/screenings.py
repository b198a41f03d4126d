"""Chart builders of the Screenings and attendance page: trends, countries, the map, formats, genres, occupancy, films."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from cinecoop.figures import theme
from cinecoop.view import View

# Long names are cut on an axis (the hover shows them whole), so the bars keep their room on a 390-pixel phone and in a
# half-width chart at 1366 pixels.
LABEL_CHARACTERS = 30
MEASURE_AXES = {"admissions": "Admissions (people)", "screenings": "Screenings (sessions)"}


def short(label: object) -> str:
    """A long name cut for an axis label (the hover shows it whole), so the plot keeps its width at 1366 pixels."""
    value = str(label)
    return value if len(value) <= LABEL_CHARACTERS else value[: LABEL_CHARACTERS - 1] + "…"


def month_program_figure(frame: pd.DataFrame, view: View, measure: str = "admissions") -> go.Figure:
    """Stacked monthly bars, one colour per programme, months of the calendar the query grouped by; frame from
    screenings_by_month_and_program; the legend names the programmes in the reader's language."""
    figure = go.Figure()
    unit = view.t("people") if measure == "admissions" else view.t("sessions")
    programs = frame.groupby("program")[measure].sum().sort_values(ascending=False).index
    for program in programs:
        rows = frame[frame["program"] == program]
        name = theme.text(view.program(program))
        figure.add_trace(
            go.Bar(
                y=rows[measure],
                name=name,
                legendgroup=program,
                marker={"color": theme.program_color(program)},
                # One bar per month, a month wide, also when the selection holds a single month.
                **theme.month_bars(rows["month"], view.calendar),
                customdata=list(zip(theme.month_labels(rows["month"], view), known_lines(rows, view, measure), strict=True)),
                hovertemplate=f"<b>{name}</b><br>%{{customdata[0]}}: %{{y:,}} {unit}%{{customdata[1]}}<extra></extra>",
            )
        )
    unknown = frame[frame[measure].isna()]
    if not unknown.empty:
        # A month's programme nobody counted has no bar: "no data" on top of the month's stack says so.
        tops = frame.groupby("month")[measure].sum()
        months = sorted(unknown["month"].unique())
        hovers = []
        for month in months:
            rows = unknown[unknown["month"] == month]
            lines = [theme.no_data_hover(view.program(row.program), row.screenings, view) for row in rows.itertuples()]
            hovers.append(f"<b>{theme.text(view.month(month))}</b><br>" + "<br>".join(lines))
        figure.add_trace(
            theme.no_data_marks(
                view, [theme.month_middle(month, view.calendar) for month in months], [tops.get(month, 0) for month in months], hovers
            )
        )
    title = (
        view.t("Admissions by month and programme")
        if measure == "admissions"
        else view.t("Screenings (sessions held) by month and programme")
    )
    theme.style(figure, title, view.t("Month"), view.t(MEASURE_AXES[measure]))
    figure.update_layout(barmode="stack", height=440)
    theme.top_legend(figure, rows=2)
    figure.update_xaxes(**theme.month_axis(frame["month"], view))
    figure.update_yaxes(**theme.count_axis(frame.groupby("month")[measure].sum().max()))
    return figure


def known_lines(rows: pd.DataFrame, view: View, measure: str) -> list[str]:
    """The hover's "admissions known for ..." line, on a chart of admissions only."""
    return theme.known_lines(rows, view) if measure == "admissions" else [""] * len(rows)


def city_map_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Screening cities as bubbles sized by admissions; frame from admissions_by_city (cities without coordinates are left out)."""
    placed = frame.dropna(subset=["lat", "lon"])
    largest = theme.finite(placed["admissions"].max(), 1.0) if not placed.empty else 1.0
    # Bubble area, not diameter, follows admissions; the largest city gets a 48-pixel bubble (unknown admissions: the smallest).
    sizes = [6 + 42 * math.sqrt(max(theme.finite(value), 0.0) / largest) if largest > 0 else 6 for value in placed["admissions"]]
    figure = go.Figure(
        go.Scattergeo(
            lat=placed["lat"],
            lon=placed["lon"],
            # The host country is what a click filters by; the city after | keeps each bubble's id its own.
            ids=[f"{country}|{city}" for city, country in zip(placed["city"], placed["host_country"], strict=True)],
            text=[
                theme.text(f"{city} ({view.country(country)})")
                for city, country in zip(placed["city"], placed["host_country"], strict=True)
            ],
            # Written here in the reader's digits: an unknown number reads "no data" (Plotly would write NaN).
            customdata=list(
                zip(
                    [view.t("no data") if pd.isna(value) else f"{view.number(value)} {view.t('people')}" for value in placed["admissions"]],
                    [view.number(value) for value in placed["screenings"]],
                    theme.known_lines(placed, view),
                    strict=True,
                )
            ),
            marker={
                "size": sizes,
                # A city nobody counted is grey: its small bubble is not a small audience.
                "color": [theme.NO_DATA_COLOR if pd.isna(value) else theme.PALETTE[0] for value in placed["admissions"]],
                "opacity": 0.7,
                "line": {"width": 1, "color": "white"},
                "sizemode": "diameter",
            },
            hovertemplate="<b>%{text}</b><br>"
            + f"{view.t('Admissions')}: %{{customdata[0]}}<br>{view.t('Screenings')}: %{{customdata[1]}}%{{customdata[2]}}<extra></extra>",
        )
    )
    theme.style(figure, view.t("Screening cities, bubble size by admissions"))
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


def occupancy_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Histogram of per-row occupancy in 10-point bands, with the overall ratio of sums marked; frame from
    screenings_by_occupancy_band, with the occupancy KPI of the same filters in an `occupancy_kpi` column when it is known."""
    overall = frame["occupancy_kpi"].iloc[0] if "occupancy_kpi" in frame and not frame.empty else None
    overall = None if overall is None or pd.isna(overall) else float(overall)
    labels = [
        view.percent(start, 0) + "+" if start >= 1 else f"{view.percent(start, 0)}–{view.percent(end, 0)}"
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
                view.t("Occupancy")
                + " %{customdata[0]}<br>"
                + view.t("Screening rows")
                + ": %{y:,}<br>"
                + view.t("Screenings")
                + ": %{customdata[1]:,}<extra></extra>"
            ),
        )
    )
    if overall is not None:
        # The KPI is a ratio of sums, so it need not sit at the middle of the per-row distribution: draw it as a named line.
        figure.add_trace(
            go.Scatter(
                x=[overall, overall],
                y=[0, float(frame["screening_rows"].max()) * 1.05],
                mode="lines",
                name=view.t("Occupancy KPI {share} (ratio of sums)", share=view.measure(overall, "occupancy")),
                line={"color": theme.PALETTE[5], "dash": "dash", "width": 2},
                hovertemplate=view.t("Occupancy KPI") + ": %{x:.1%}<extra></extra>",
            )
        )
    theme.style(
        figure,
        view.t("Screening rows by occupancy"),
        view.t("Occupancy of the row (admissions ÷ seats, %)"),
        view.t("Screening rows (count)"),
    )
    figure.update_xaxes(tickformat=".0%", dtick=0.1, range=[0, max(1.1, float(frame["band_end"].max()))])
    figure.update_yaxes(**theme.count_axis(frame["screening_rows"].max()))
    figure.update_layout(height=360, showlegend=True, bargap=0.02)
    theme.top_legend(figure)
    figure.data[0].showlegend = False
    return figure


def ranked_bars(
    frame: pd.DataFrame,
    view: View,
    labels: list[str],
    title: str,
    details: list[tuple[str, list[str]]],
    color: str | list[str] = theme.PALETTE[0],
    names: list[str] | None = None,
    text: list[str] | None = None,
    height: int | None = None,
    ids: list[str] | None = None,
) -> go.Figure:
    """Admissions as horizontal bars, the largest on top: the shape of every "by ..." and "top ..." chart of the page.

    `frame` is already in the order to draw (smallest first, so the largest is on top); `labels` name the bars on the axis,
    `names` in full in the hover (the axis label may be cut short); `details` are the hover's further lines, each a label
    and its values already written in the reader's digits."""
    known = theme.known_lines(frame, view)
    customdata = list(zip(names or labels, *(values for _, values in details), known, strict=True))
    hover = "<b>%{customdata[0]}</b><br>" + view.t("Admissions") + ": %{x:,} " + view.t("people")
    hover += "".join(f"<br>{label}: %{{customdata[{index}]}}" for index, (label, _) in enumerate(details, start=1))
    hover += f"%{{customdata[{len(details) + 1}]}}"
    bar = go.Bar(x=frame["admissions"], y=labels, orientation="h", marker={"color": color}, customdata=customdata, ids=ids)
    bar.hovertemplate = hover + "<extra></extra>"
    if text is not None:
        bar.text, bar.textposition = text, "auto"
    figure = go.Figure(bar)
    unknown = [index for index, value in enumerate(frame["admissions"]) if pd.isna(value)]
    if unknown:
        # Nobody counted these: "no data" where their bar would start, never a bar of zero.
        hovers = [theme.no_data_hover((names or labels)[index], frame["screenings"].iloc[index], view) for index in unknown]
        marks = theme.no_data_marks(view, [0] * len(unknown), [labels[index] for index in unknown], hovers, horizontal=True)
        # What the bars carry: a click on the mark filters or opens as a click on the bar would.
        marks.ids = [ids[index] for index in unknown] if ids else None
        figure.add_trace(marks)
    theme.style(figure, title, theme.people_axis(view), None)
    figure.update_layout(height=height or max(320, 70 + 26 * len(frame)), showlegend=False)
    figure.update_xaxes(**theme.count_axis(frame["admissions"].max()))
    return figure


def _occupancy_texts(values: pd.Series, view: View) -> list[str]:
    return [view.t("unknown") if pd.isna(value) else view.measure(value, "occupancy") for value in values]


def _counts(values: pd.Series, view: View) -> list[str]:
    return [view.measure(value, "count") for value in values]


def host_country_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Admissions by host country, largest on top; frame from admissions_by_host_country."""
    ordered = frame.sort_values("admissions", na_position="first")
    labels = [theme.text(short(view.country(code))) for code in ordered["host_country"]]
    details = [
        (view.t("Screenings"), _counts(ordered["screenings"], view)),
        (view.t("Occupancy"), _occupancy_texts(ordered["occupancy"], view)),
    ]
    title = view.t("Admissions by host country")
    return ranked_bars(ordered, view, labels, title, details, height=max(300, 60 + 28 * len(ordered)), ids=list(ordered["host_country"]))


def format_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Screenings and admissions by format; frame from screenings_by_format."""
    ordered = frame.sort_values("admissions", na_position="first")
    labels = [theme.text(view.term(value)) for value in ordered["format"]]
    details = [(view.t("Screenings"), _counts(ordered["screenings"], view))]
    return ranked_bars(ordered, view, labels, view.t("Admissions by screening format"), details, theme.PALETTE[4], height=320)


def genre_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Admissions by genre with animation called out in its own colour; frame from admissions_by_genre."""
    ordered = frame.sort_values("admissions", na_position="first")
    labels = [theme.text(view.term(value)) for value in ordered["genre"]]
    colors = [theme.PALETTE[1] if genre == "animation" else theme.PALETTE[7] for genre in ordered["genre"]]
    shares = [view.measure(share, "admissions_share") for share in ordered["admissions_share"]]
    details = [(view.t("Share of admissions"), shares), (view.t("Screenings"), _counts(ordered["screenings"], view))]
    title = view.t("Admissions by genre, animation highlighted")
    return ranked_bars(ordered, view, labels, title, details, colors, text=shares, height=320)


def top_films_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """The films that drew the most people; frame from admissions_by_film."""
    ordered = frame.sort_values("admissions", na_position="first")
    titles = ordered["film_title"]
    labels = [theme.text(short(title)) for title in titles]
    made_in = [theme.text(view.countries(value)) for value in ordered["film_country"]]
    shown_in = [theme.text(view.countries(value)) for value in ordered["host_countries"]]
    details = [
        (view.t("Made in"), made_in),
        (view.t("Screenings"), _counts(ordered["screenings"], view)),
        (view.t("Shown in"), shown_in),
    ]
    title = view.t("Top {n} films by admissions", n=view.number(len(ordered)))
    keys = list(ordered["film_key"]) if "film_key" in ordered else None
    return ranked_bars(ordered, view, labels, title, details, names=[theme.text(value) for value in titles], ids=keys)


def top_venues_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """The venues that drew the most people; frame from admissions_by_venue."""
    ordered = frame.sort_values("admissions", na_position="first")
    places = list(ordered[["venue", "city", "host_country"]].itertuples(index=False))
    labels = [theme.text(f"{short(venue)} · {short(city)}") for venue, city, _ in places]
    names = [theme.text(f"{venue}, {city} ({view.country(country)})") for venue, city, country in places]
    details = [
        (view.t("Screenings"), _counts(ordered["screenings"], view)),
        (view.t("Occupancy"), _occupancy_texts(ordered["occupancy"], view)),
    ]
    title = view.t("Top {n} venues by admissions", n=view.number(len(ordered)))
    return ranked_bars(ordered, view, labels, title, details, theme.PALETTE[4], names=names)
