"""Chart builders of the Exchange balance page: each way by year, the balance, and the flows among all countries."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from cinecoop import formatting, kpi
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
                text=[view.measure(value, measure) for value in rows[measure]],
                texttemplate="%{text}",
                textposition="outside",
                cliponaxis=False,
                customdata=theme.known_lines(rows, view) if measure == "admissions" else [""] * len(rows),
                hovertemplate=f"<b>{name}</b><br>%{{x}}: %{{y:,}} {view.t(unit)}%{{customdata}}<extra></extra>",
            )
        )
    unknown = frame[frame[measure].isna()]
    if not unknown.empty:
        # A year's direction nobody counted has no bar: "no data" at the foot of the year says which.
        years = sorted(unknown["year"].unique())
        hovers = []
        for year in years:
            rows = unknown[unknown["year"] == year]
            lines = [theme.no_data_hover(view.direction(row.direction), row.screenings, view) for row in rows.itertuples()]
            hovers.append(f"<b>{theme.text(view.year_label(year))}</b><br>" + "<br>".join(lines))
        figure.add_trace(
            theme.no_data_marks(view, theme.year_labels(years, view), [0] * len(years), hovers, ids=[str(int(year)) for year in years])
        )
    theme.style(
        figure,
        view.t(
            "{measure} each way between {a} and {b}, by year", measure=view.t(label), a=view.country(country_a), b=view.country(country_b)
        ),
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
    forward_code, backward_code = f"{country_a}→{country_b}", f"{country_b}→{country_a}"
    # The directions by name ("Iran → Russia"); the colours stay keyed by the codes.
    forward, backward = view.direction(forward_code), view.direction(backward_code)
    # An empty balance means a direction's screenings had no known admissions: "no data", not "no B→A".
    ratios = [
        view.t("no data")
        if _missing(balance)
        else view.t("no {direction}", direction=backward)
        if _missing(value)
        else view.measure(value, "admissions_ratio")
        for value, balance in zip(frame["admissions_ratio"], frame["admissions_balance"], strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            x=theme.year_labels(frame["year"], view),
            y=frame["admissions_balance"],
            ids=[str(int(year)) for year in frame["year"]],
            marker={
                "color": [
                    colors[forward_code] if theme.finite(value) >= 0 else colors[backward_code] for value in frame["admissions_balance"]
                ]
            },
            text=ratios,
            textposition="outside",
            cliponaxis=False,
            customdata=list(zip(_side_texts(frame, "a_to_b", view), _side_texts(frame, "b_to_a", view), ratios, strict=True)),
            hovertemplate=(
                "<b>%{x}</b><br>"
                + theme.text(forward)
                + ": %{customdata[0]}<br>"
                + theme.text(backward)
                + ": %{customdata[1]}<br>"
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
    unknown = [index for index, balance in enumerate(frame["admissions_balance"]) if _missing(balance)]
    if unknown:
        # An empty balance has no bar to carry its label: "no data" stands on the zero line instead.
        years = [frame["year"].iloc[index] for index in unknown]
        forwards, backwards = _side_texts(frame, "a_to_b", view), _side_texts(frame, "b_to_a", view)
        hovers = [
            f"<b>{theme.text(view.year_label(frame['year'].iloc[index]))}</b><br>{theme.text(forward)}: {forwards[index]}"
            f"<br>{theme.text(backward)}: {backwards[index]}<br>{theme.text(view.t('Balance'))}: {view.t('no data')}"
            for index in unknown
        ]
        figure.add_trace(
            theme.no_data_marks(view, theme.year_labels(years, view), [0] * len(years), hovers, ids=[str(int(year)) for year in years])
        )
    figure.add_hline(y=0, line={"color": "rgba(128,128,128,0.6)", "width": 1})
    figure.update_layout(height=380, showlegend=False)
    figure.update_xaxes(type="category")
    figure.update_yaxes(tickformat="+,d", dtick=1 if theme.finite(frame["admissions_balance"].abs().max()) < 8 else None)
    return figure


def _side_texts(frame: pd.DataFrame, side: str, view: View) -> list[str]:
    """One direction's admissions in each year of the balance, as the hover writes them: the people, "no screenings" (which
    counts 0 in the balance) or "no data", with for how many screenings they are known when not for all."""
    texts = []
    for admissions, screenings, known in zip(
        frame[f"admissions_{side}"], frame[f"screenings_{side}"], frame[f"screenings_with_admissions_{side}"], strict=True
    ):
        if _missing(admissions):
            texts.append(view.t("no data") if screenings else view.t("no screenings"))
            continue
        note = kpi.known_for(known, screenings, view.language, admissions=True)
        texts.append(f"{view.number(admissions)} {view.t('people')}" + (f" ({theme.text(note)})" if note else ""))
    return texts


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
            x=[theme.text(view.country(code)) for code in hosts],
            y=[theme.text(view.countries(codes)) for codes in origins],
            customdata=_stack(admissions, screenings),
            colorscale="Blues",
            zmin=0,
            zmax=top,
            xgap=1,
            ygap=1,
            colorbar={
                "title": {"text": view.t("Admissions (people)")},
                "tickvals": ticks,
                "ticktext": [view.measure(10**tick, "admissions") for tick in ticks],
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
    unknown = frame[frame["admissions"].isna()]
    if not unknown.empty:
        # A cell whose screenings nobody counted would be as blank as a flow that never happened: it says "no data".
        figure.add_trace(
            go.Scatter(
                x=[theme.text(code) for code in unknown["host_country"]],
                y=[theme.text(code) for code in unknown["film_country"]],
                mode="text",
                text=[view.t("no data")] * len(unknown),
                textfont={"color": theme.NO_DATA_COLOR, "size": 9},
                customdata=[
                    view.t("Films from")
                    + f" {theme.text(row.film_country)} "
                    + view.t("shown in")
                    + f" {theme.text(row.host_country)}<br>"
                    + theme.no_data_hover(view.t("Admissions"), row.screenings, view)
                    for row in unknown.itertuples()
                ],
                hovertemplate="%{customdata}<extra></extra>",
                name=view.t("no data"),
                showlegend=False,
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


def distribution_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Each way's share of the host market's box office by year, a bar per direction (and per market for co-productions,
    per currency where a market has several); box office in its own currency in the hover, never added across currencies.
    A year and direction whose box office nobody gave is "no data". Frame from distribution_by_year_and_direction."""
    country_a, country_b = view.focus
    colors = theme.direction_colors(country_a, country_b)
    frame = frame.assign(year_text=[view.year(year) for year in frame["year"]])
    known = frame[frame["gross"].notna() & frame["currency"].notna()]
    currencies = known.groupby(["direction", "host_country"])["currency"].nunique()
    releases = frame.groupby(["year", "direction", "host_country"])["releases"].sum()
    with_gross = frame.groupby(["year", "direction", "host_country"])["releases_with_gross"].sum()
    figure = go.Figure()
    groups = known.groupby(["direction", "host_country", "currency"], sort=False)
    order = {f"{country_a}→{country_b}": 0, f"{country_b}→{country_a}": 1, "co-production": 2}
    for (direction, host, currency), rows in sorted(groups, key=lambda item: (order.get(item[0][0], 3), item[0][1], item[0][2])):
        name = view.direction(direction)
        if direction == "co-production":
            name += " · " + view.t("in {country}", country=view.country(host))
        if currencies.get((direction, host), 1) > 1:
            name += f" · {currency}"
        hovers = [
            "<br>".join(
                line
                for line in [
                    f"<b>{theme.text(name)}</b> · {row.year_text}",
                    view.t("Titles: {films}; releases: {releases}", films=view.number(row.films), releases=view.number(row.releases)),
                    view.t("Box office: {gross} {currency}", gross=view.number(row.gross), currency=theme.text(currency)),
                    view.t("The host market: {gross} {currency}", gross=view.number(row.host_market_gross), currency=theme.text(currency)),
                    _gross_known(with_gross[(row.year, direction, host)], releases[(row.year, direction, host)], view),
                ]
                if line
            )
            for row in rows.itertuples()
        ]
        figure.add_trace(
            go.Bar(
                x=rows["year_text"],
                y=rows["share_of_host_gross"],
                name=theme.text(name),
                marker={"color": colors.get(direction, theme.program_color(direction))},
                text=[view.share(value) for value in rows["share_of_host_gross"]],
                textposition="outside",
                cliponaxis=False,
                customdata=hovers,
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    # A year and direction with releases but no box office known anywhere: "no data", not a share of zero.
    unknown = []
    for (year_text, direction, host), rows in frame.groupby(["year_text", "direction", "host_country"], sort=False):
        if rows["gross"].notna().any():
            continue
        name = view.direction(direction) + (
            " · " + view.t("in {country}", country=view.country(host)) if direction == "co-production" else ""
        )
        unknown.append((year_text, name, int(rows["releases"].sum())))
    if unknown:
        years = list(dict.fromkeys(year for year, _, _ in unknown))
        hovers = [
            f"<b>{year}</b><br>"
            + "<br>".join(
                theme.text(view.t("{name}: {releases} releases, box office not known", name=name, releases=view.number(releases)))
                for other, name, releases in unknown
                if other == year
            )
            for year in years
        ]
        figure.add_trace(theme.no_data_marks(view, years, [0] * len(years), hovers))
    theme.style(
        figure,
        view.t(
            "Box office of films released each way between {a} and {b}, as a share of the host market, by year",
            a=view.country(country_a),
            b=view.country(country_b),
        ),
        theme.year_title(view),
        view.t("Share of the host market's box office"),
    )
    figure.update_layout(barmode="group", height=380)
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=[view.year(year) for year in sorted(frame["year"].unique())])
    figure.update_yaxes(tickformat=".2~%", rangemode="tozero")
    return figure


def _gross_known(known: object, total: object, view: View) -> str:
    """ "box office known for 3 of 5 releases" when some releases gave none; "" when all did."""
    if int(known) >= int(total):
        return ""
    return theme.text(view.t("box office known for {known} of {total} releases", known=view.number(known), total=view.number(total)))
