"""Parts several pages share: the KPI cards with their previous period and targets, column sets, coverage words."""

from __future__ import annotations

import pandas as pd

from cinecoop import kpi
from cinecoop.blocks import CardSet, Column, Context, Message
from cinecoop.view import View

# The contract's headline definitions, footnoted in the brief and listed in every page's glossary.
HEADLINE_DEFINITIONS = (
    "screenings",
    "admissions",
    "screenings_with_admissions",
    "occupancy",
    "films",
    "agreements_signed",
    "previous period",
)

# The tables a part's rows come from, for its "Source: ..." caption (blocks.source_text): admissions are screenings and
# their ticket rows; the SCO grid counts screenings only.
ADMISSION_SOURCES = ("screenings", "attendance")
SCREENING_SOURCES = ("screenings",)
AGREEMENT_SOURCES = ("agreements",)
RELEASE_SOURCES = ("releases",)

AGREEMENT_COLUMNS = (
    Column("agreement_id", "Id", width="small"),
    Column("title", "Title", width="large"),
    Column("agreement_type", "Type", "term"),
    Column("program", "Programme", "program"),
    Column("status", "Status", "term"),
    Column("parties", "Parties", width="large", on_paper=False),
    Column("countries", "Countries", "codes"),
    Column("proposed_date", "Proposed", "date"),
    Column("signed_date", "Signed", "date"),
    Column("end_date", "Ends", "date", on_paper=False),
    Column("value_usd", "Value (USD)", "money"),
    Column("lead_office", "Lead office", on_paper=False),
)
PROGRAMME_AGREEMENT_COLUMNS = tuple(column for column in AGREEMENT_COLUMNS if column.name != "program")


def no_screenings(ctx: Context) -> Message | None:
    """Stop a part that draws screenings when none match the filters, with the way out."""
    outcome = ctx.run("kpi_summary")
    if outcome.ok and int(outcome.frame.iloc[0]["screenings"] or 0) == 0:
        return Message("info", ctx.view.t("No screenings match the filters. Widen the dates or clear a filter in the sidebar."))
    return None


def targets(ctx: Context) -> dict[str, tuple[int, str | None, float]]:
    """The targets that apply to the view's filters, as targets_by_metric gives them."""
    outcome = ctx.run("targets_by_metric")
    if not outcome.ok:
        return {}
    return {
        str(row.metric): (int(row.year), None if pd.isna(row.program) else str(row.program), float(row.target))
        for row in outcome.frame.itertuples(index=False)
    }


def kpi_cards(ctx: Context, with_trend: bool = True) -> CardSet:
    """The five KPIs of kpi_summary, their change against the previous period, a monthly sparkline and the target progress."""
    view = ctx.view
    current = ctx.frame("kpi_summary").iloc[0].to_dict()
    previous_filters = view.previous()
    previous = None
    if previous_filters is not None:
        before = ctx.run("kpi_summary", view.with_filters(**_fields(previous_filters)))
        previous = before.frame.iloc[0].to_dict() if before.ok else None
    series: dict[str, list[float]] = {}
    if with_trend:
        monthly = ctx.run("kpi_by_month")
        series = {column: monthly.frame[column].tolist() for column in monthly.frame.columns} if monthly.ok else {}
    cards = kpi.build_cards(current, previous, view, series, targets(ctx))
    messages = []
    if int(current["screenings"] or 0) == 0:
        messages.append(Message("info", view.t("No screenings match the filters. Widen the dates or clear a filter in the sidebar.")))
    return CardSet(cards, card_notes(view, with_trend), messages)


def programme_kpi_cards(ctx: Context) -> CardSet:
    """The five KPIs for one programme's section (its view names the programme), with no sparkline."""
    return kpi_cards(ctx, with_trend=False)


def card_notes(view: View, with_trend: bool = True) -> list[str]:
    """The sentences under the KPI cards: what the sparklines and changes compare with, and when targets apply."""
    notes = [view.t("Sparklines: by month over the selected dates.")] if with_trend else []
    previous_filters = view.previous()
    if previous_filters is not None:
        notes.append(change_note(view, arrows=True))
    else:
        notes.append(view.t("Choose a start and an end date to compare with the previous period."))
    notes.append(
        view.t(
            "Targets are for a whole calendar year: progress is shown only when the dates lie within one year, "
            "with no programme or exactly one programme chosen and no country filter (no pro rata)."
        )
    )
    if view.calendar == "jalali":
        notes.append(
            view.t(
                "Targets are set per Gregorian year (1 January to 31 December), so a Solar Hijri year, which runs across two "
                "Gregorian years, shows no target progress; choose dates within one Gregorian year to see it."
            )
        )
    return [" ".join(notes)]


def change_note(view: View, arrows: bool = False) -> str:
    """What the changes compare with: the same days a year earlier (a whole year or a year to date), else the period of
    the same length before."""
    period = kpi.period_text(view.previous(), view.language, view.calendar)
    if view.calendar_period():
        words = (
            "Changes (arrows) compare with {period}, the same days a year earlier."
            if arrows
            else "Changes compare with {period}, the same days a year earlier."
        )
    else:
        words = (
            "Changes (arrows) compare with {period}, the previous period of the same length."
            if arrows
            else "Changes compare with {period}, the previous period of the same length."
        )
    return view.t(words, period=period)


def _fields(filters) -> dict:
    return {"start": filters.start, "end": filters.end}


def days_text(value: object, view: View) -> str:
    """A number of days: whole when it is whole, else with one decimal."""
    return view.measure(value, "days")


def program_scope(program: str):
    """A section's view with the programme filter set to its own programme."""
    return lambda view: view.with_filters(programs=(program,))
