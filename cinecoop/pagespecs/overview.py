"""Overview: the KPI cards against the previous period and the targets, admissions each way, programmes, agreements."""

from __future__ import annotations

from cinecoop import kpi
from cinecoop.blocks import Action, Caption, Cards, Chart, Column, Context, Page, Section, Select, Table
from cinecoop.figures import overview as figures
from cinecoop.pagespecs.common import HEADLINE_DEFINITIONS, kpi_cards


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


def direction_caption(ctx: Context) -> str:
    view = ctx.view
    return view.t("Direction") + ": " + view.t(kpi.DEFINITIONS["direction"]) + " " + view.t("Choose the pair on the Exchange balance page.")


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
                ),
                Table(
                    "kpis_by_program",
                    "Programme scoreboard",
                    (
                        Column("program", "Programme", "program"),
                        Column("screenings", "Screenings", "count", "screenings"),
                        Column("admissions", "Admissions", "count", "admissions"),
                        Column("occupancy", "Occupancy", "progress", "occupancy"),
                        Column("films", "Films", "count", "films"),
                    ),
                    caption="Choose a row to see that programme alone.",
                    select=Select("filter:programs", "program"),
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
                ),
            ),
        ),
    ),
)
