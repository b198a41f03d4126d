"""Screenings and attendance: when, where, how and what was shown, how many came, how full the halls were, what it took."""

from __future__ import annotations

import pandas as pd

from cinecoop import kpi
from cinecoop.blocks import Cards, Chart, Choice, Column, Context, Page, Paragraph, Say, Section, Select, Table
from cinecoop.figures import screenings as figures
from cinecoop.pagespecs.common import ADMISSION_SOURCES, HEADLINE_DEFINITIONS, kpi_cards, no_screenings

MEASURE = Choice(
    "screenings_measure",
    "Show by month",
    ("admissions", "screenings"),
    "admissions",
    format=lambda value, view: view.t("Admissions (people)") if value == "admissions" else view.t("Screenings (sessions)"),
)


def unplaced_cities(frame: pd.DataFrame, ctx: Context) -> list[Paragraph]:
    unplaced = int(frame["lat"].isna().sum())
    if not unplaced:
        return []
    return [
        Paragraph(
            ctx.view.t(
                "{n} cities are not on the map because reference/cities.csv has no coordinates for them; they are in the CSV download.",
                n=ctx.view.number(unplaced),
            )
        )
    ]


def animation_share(frame: pd.DataFrame, ctx: Context) -> list[Paragraph]:
    """The share of admissions that animation took, which the cooperation set out to include."""
    view = ctx.view
    animation = frame[frame["genre"] == "animation"]
    if animation.empty:
        return [Paragraph(view.t("No animation in the selection."))]
    row = animation.iloc[0]
    if pd.isna(row["admissions"]):
        # Nobody counted the animation screenings: no share to give, and never "0%".
        return [
            Paragraph(
                view.t("(screenings: {screenings}; admissions known for none of them).", screenings=view.number(row["screenings"])),
                lead=view.t("Animation: admissions not known"),
            )
        ]
    known = kpi.known_for(row["screenings_with_admissions"], row["screenings"], view.language, admissions=True)
    return [
        Paragraph(
            view.t(
                "({admissions} people; screenings: {screenings}).",
                admissions=view.number(row["admissions"]),
                screenings=view.number(row["screenings"]),
            )
            + (f" {known[:1].upper()}{known[1:]}." if known else ""),
            lead=view.t("Animation: {share} of admissions", share=view.percent(row["admissions_share"])),
        )
    ]


def has_rates(ctx: Context) -> bool:
    """Whether the data folder gives yearly exchange rates (the optional exchange_rates.csv)."""
    return ctx.report.file("exchange_rates").rows_loaded > 0


def usd_total(ctx: Context) -> list[Paragraph]:
    """The box office as one sum in US dollars, said to be a conversion, with what could not be converted."""
    view = ctx.view
    outcome = ctx.run("gross_in_usd_by_currency")
    if not outcome.ok or outcome.frame.empty:
        return []
    frame = outcome.frame
    total = frame["gross_usd"].sum(min_count=1)
    missing = [
        f"{view.term(currency)} {view.list_words(view.year(int(year)) for year in str(years).split(';'))}"
        for currency, years in zip(frame["currency"], frame["years_without_rate"], strict=True)
        if isinstance(years, str) and years
    ]
    words = view.t(
        "about {usd} US dollars, converted at each year's rate ({converted} of {rows} ticket rows with an amount).",
        usd=view.measure(total, "money"),
        converted=view.number(frame["attendance_rows_converted"].sum()),
        rows=view.number(frame["attendance_rows_with_gross"].sum()),
    )
    if missing:
        words += " " + view.t("No rate for: {missing}.", missing=view.list_words(missing))
    return [Paragraph(words, lead=view.t("The box office in all currencies comes to"))]


def with_occupancy_kpi(frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """The band frame with the occupancy KPI of the same filters, which the histogram marks with a dashed line."""
    summary = ctx.run("kpi_summary")
    overall = summary.frame.iloc[0]["occupancy"] if summary.ok else None
    return frame.assign(occupancy_kpi=overall)


PAGE = Page(
    name="screenings",
    title="Screenings and attendance",
    icon=":material/movie:",
    definitions=HEADLINE_DEFINITIONS,
    sections=(
        Section(
            key="screenings",
            requires=("screenings", "attendance"),
            guard=no_screenings,
            blocks=(
                Cards(kpi_cards, key="kpi"),
                Chart(
                    "screenings_by_month_and_program",
                    lambda frame, view: figures.month_program_figure(frame, view, view.choice(MEASURE.key, "admissions")),
                    choice=MEASURE,
                    select=Select("filter:programs"),
                    sources=ADMISSION_SOURCES,
                ),
                Chart(
                    "admissions_by_city",
                    figures.city_map_figure,
                    notes=unplaced_cities,
                    select=Select("filter:host_countries"),
                    sources=ADMISSION_SOURCES,
                ),
                Chart(
                    "admissions_by_host_country",
                    figures.host_country_figure,
                    width="half",
                    select=Select("filter:host_countries"),
                    sources=ADMISSION_SOURCES,
                ),
                Chart("screenings_by_format", figures.format_figure, width="half", sources=ADMISSION_SOURCES),
                Chart("admissions_by_genre", figures.genre_figure, notes=animation_share, width="half", sources=ADMISSION_SOURCES),
                Chart(
                    "screenings_by_occupancy_band",
                    figures.occupancy_figure,
                    prepare=with_occupancy_kpi,
                    empty="No screening row matching the filters has both known admissions and known seats.",
                    caption=(
                        "The bars count screening rows by their own occupancy; rows without known seats (online, TV) are left out. "
                        "The dashed line is the occupancy KPI: "
                    ),
                    definition="occupancy",
                    width="half",
                    sources=ADMISSION_SOURCES,
                ),
                Chart("admissions_by_film", figures.top_films_figure, width="half", select=Select("open:film"), sources=ADMISSION_SOURCES),
                Chart("admissions_by_venue", figures.top_venues_figure, width="half", sources=ADMISSION_SOURCES),
                Table(
                    "gross_by_currency",
                    "Box office by currency",
                    (
                        Column("currency", "Currency", "term"),
                        Column("attendance_rows", "Ticket rows", "count"),
                        Column("admissions", "Admissions", "count", "admissions"),
                        Column("attendance_rows_with_admissions", "Ticket rows with admissions", "count"),
                        Column("gross", "Gross (in that currency)", "money"),
                    ),
                    caption=(
                        "Each currency on its own line: amounts in different currencies are never added together. "
                        "“No gross” counts the admissions of ticket rows exported without an amount."
                    ),
                    sources=ADMISSION_SOURCES,
                ),
                Section(
                    key="usd",
                    when=has_rates,
                    blocks=(
                        Say(usd_total),
                        Table(
                            "gross_in_usd_by_currency",
                            "Box office in US dollars, at yearly rates",
                            (
                                Column("currency", "Currency", "term"),
                                Column("gross", "Gross (in that currency)", "money"),
                                Column("gross_usd", "In US dollars (at yearly rates)", "money"),
                                Column("attendance_rows_converted", "Ticket rows converted", "count"),
                                Column("attendance_rows_with_gross", "Ticket rows with an amount", "count"),
                            ),
                            caption=(
                                "A conversion, not what was taken: each currency's amounts are converted at the rate of their "
                                "calendar year in exchange_rates.csv; a year without a rate is left out of the dollars."
                            ),
                            sources=ADMISSION_SOURCES,
                        ),
                    ),
                ),
            ),
        ),
    ),
)
