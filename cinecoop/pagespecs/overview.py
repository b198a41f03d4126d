"""Overview: the KPI cards against the previous period and the targets, admissions each way, programmes, agreements."""

from __future__ import annotations

from cinecoop.blocks import Action, Caption, Cards, Chart, Column, Context, Page, Section, Select, Table
from cinecoop.figures import overview as figures
from cinecoop.pagespecs.common import ADMISSION_SOURCES, AGREEMENT_SOURCES, HEADLINE_DEFINITIONS, kpi_cards


def coverage(ctx: Context) -> str:
    """What the data covers and how clean it is (the Data quality page has the details)."""
    view = ctx.view
    report = ctx.report
    warnings = sum(file.warnings for file in report.files)
    rejected = sum(file.rows_rejected for file in report.files)
    parts = [
        view.t("Screenings to {date}", date=view.date(report.file("screenings").last_date)),
        view.t("{n} warnings", n=view.number(warnings)),
    ]
    if rejected:
        parts.append(view.t("{n} rows rejected", n=view.number(rejected)))
    return view.join(parts)


def direction_words(view) -> str:
    """The contract's definition of a direction, said with the names of the focus pair (the glossary keeps its own words)."""
    a, b = view.focus
    return view.t(
        "Direction: a screening counts as {forward} when it is held in {b} and its film was made in {a} but not in {b}; "
        "{backward} likewise; a film made by both {a} and {b} is a co-production, wherever it is shown; anything else is "
        "outside the pair.",
        forward=view.direction(f"{a}→{b}"),
        backward=view.direction(f"{b}→{a}"),
        a=view.country(a),
        b=view.country(b),
    )


def direction_caption(ctx: Context) -> str:
    view = ctx.view
    return direction_words(view) + " " + view.t("Choose the pair on the Exchange balance page.")


PAGE = Page(
    name="overview",
    title="Overview",
    icon=":material/dashboard:",
    requires=(),
    shows_focus=True,
    definitions=(*HEADLINE_DEFINITIONS, "direction"),
    sections=(
        Section(blocks=(Caption(coverage), Action("data_quality_link")), key="coverage"),
        Section(
            key="numbers",
            requires=("screenings", "attendance"),
            blocks=(
                Cards(kpi_cards, key="kpi"),
                Chart(
                    "admissions_by_month_and_direction",
                    figures.direction_trend_figure,
                    caption=direction_caption,
                    select=Select("filter:month"),
                    empty="No screenings between {a} and {b} match the filters.",
                    sources=ADMISSION_SOURCES,
                ),
                Table(
                    "kpis_by_program",
                    "Programme scoreboard",
                    (
                        Column("program", "Programme", "program"),
                        Column("screenings", "Screenings", "count", "screenings"),
                        Column("admissions", "Admissions", "count", "admissions"),
                        Column("screenings_with_admissions", "Screenings with known admissions", "count", "screenings_with_admissions"),
                        Column("occupancy", "Occupancy", "progress", "occupancy"),
                        Column("films", "Films", "count", "films"),
                    ),
                    caption="Choose a row to see that programme alone.",
                    select=Select("filter:programs", "program"),
                    sources=ADMISSION_SOURCES,
                ),
            ),
        ),
        Section(
            title="Agreements",
            key="agreements",
            requires=("agreements",),
            blocks=(
                Chart(
                    "agreement_pipeline_by_status",
                    figures.pipeline_figure,
                    caption="Status as exported today, for the chosen programmes and host countries; the dates do not apply.",
                    empty="No agreements match the filters.",
                    width="half",
                    sources=AGREEMENT_SOURCES,
                ),
                Table(
                    "latest_agreements_by_signed_date",
                    "Latest agreements signed",
                    (
                        Column("signed_date", "Signed", "date"),
                        Column("title", "Agreement", width="large"),
                        Column("status", "Status", "term"),
                    ),
                    caption="Type, programme, countries and lead office are in the CSV download under SQL and data. Choose a row to open its agreement.",
                    width="half",
                    select=Select("open:agreement", "agreement_id"),
                    sources=AGREEMENT_SOURCES,
                ),
            ),
        ),
    ),
)
