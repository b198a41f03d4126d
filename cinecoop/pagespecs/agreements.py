"""Agreements: the pipeline by status, the timeline, types and partner countries, time to signature, what is stuck."""

from __future__ import annotations

from collections.abc import Callable

from cinecoop import kpi
from cinecoop.blocks import Cards, CardSet, Chart, Column, Context, Page, Section, Select, Table
from cinecoop.figures import agreements as figures
from cinecoop.pagespecs.common import AGREEMENT_COLUMNS, AGREEMENT_SOURCES, change_note, days_text
from cinecoop.view import View


def agreement_cards(ctx: Context) -> CardSet:
    """Proposed and signed in the period (with their change), the median days to signature, what is stuck today."""
    view = ctx.view
    previous_filters = view.previous()
    before = view.with_filters(start=previous_filters.start, end=previous_filters.end) if previous_filters else None

    def counted(label: str, count: Callable[[View], int], definition: str, metric: str | None = None) -> kpi.Card:
        now = count(view)
        change, sign = None, 0
        if before is not None:
            then = count(before)
            change, sign = kpi.format_change("agreements_signed", now, then, view.language), (now > then) - (now < then)
        color = "off" if sign == 0 else "normal"
        return kpi.Card(view.t(label), view.number(now), change, None, color, view.t(definition), sign=sign, metric=metric)

    days = ctx.frame("days_to_signature_by_type")
    overall = days[days["all_types"].astype(bool)]
    cards = [
        counted(
            "Agreements proposed",
            lambda scoped: int(ctx.frame("agreements_by_status", scoped)["agreements"].sum()),
            "Agreements proposed in the date range, of the chosen programmes, naming a chosen host country.",
        ),
        counted(
            "Agreements signed",
            lambda scoped: int(ctx.frame("kpi_summary", scoped).iloc[0]["agreements_signed"]),
            "Agreements signed within the dates (the same number as on the Overview).",
            metric="agreements_signed",
        ),
        kpi.Card(
            view.t("Median days to signature"),
            days_text(overall["median_days"].iloc[0], view) if not overall.empty else "—",
            definition=view.t("Median days from proposal to signature over the agreements signed within the dates."),
        ),
        kpi.Card(
            view.t("Stalled or overdue today"),
            view.number(len(ctx.frame("agreements_overdue"))),
            definition=view.t("Stalled, or still open after its end date; the dates do not apply."),
        ),
    ]
    note = change_note(view) if previous_filters is not None else view.t("All dates: no date range is set.")
    return CardSet(cards, [note])


PAGE = Page(
    name="agreements",
    title="Agreements",
    icon=":material/handshake:",
    definitions=("agreements_signed", "previous period"),
    note=(
        "Agreements follow the programme and host-country filters (an agreement matches when one of its countries is a chosen host). "
        "The film-country filter does not apply to agreements. Each chart says which date the date range applies to."
    ),
    sections=(
        Section(
            key="agreements",
            requires=("agreements",),
            blocks=(
                Cards(agreement_cards, key="agreements"),
                Chart(
                    "agreements_by_status",
                    figures.pipeline_figure,
                    caption=(
                        "The dates apply to the day each agreement was proposed. Each agreement is counted once, in its status today. "
                        "Stalled and cancelled are set apart from the road from proposal through negotiation, signature and work in "
                        "progress to completion."
                    ),
                    empty="No agreement was proposed in the date range.",
                    width="half",
                    select=Select("facet:agreement_register.status"),
                    sources=AGREEMENT_SOURCES,
                ),
                Chart(
                    "days_to_signature_by_type",
                    figures.days_to_signature_figure,
                    caption=(
                        "The dates apply to the day each agreement was signed. Days from proposal to signature; the median of an even "
                        "count is the mean of the middle two. The dashed line is the median over all types."
                    ),
                    empty="No agreement was signed in the date range.",
                    width="half",
                    sources=AGREEMENT_SOURCES,
                ),
                Chart(
                    "agreements_by_type",
                    figures.by_type_figure,
                    caption="The dates apply to the day each agreement was proposed. Bars are split by the status today.",
                    empty="No agreement was proposed in the date range.",
                    width="half",
                    sources=AGREEMENT_SOURCES,
                ),
                Chart(
                    "agreements_by_partner_country",
                    figures.by_partner_country_figure,
                    select=Select("open:country"),
                    caption=(
                        "The dates apply to the day each agreement was proposed. An agreement counts once for every country it "
                        "names, so the bars add up to more than the number of agreements."
                    ),
                    empty="No agreement was proposed in the date range.",
                    width="half",
                    sources=AGREEMENT_SOURCES,
                ),
                Table(
                    "agreements_overdue",
                    "Stalled and overdue",
                    (
                        Column("agreement_id", "Id", width="small"),
                        Column("title", "Title", width="medium"),
                        Column("status", "Status", "term"),
                        Column("reason", "Why listed", "term"),
                        Column("end_date", "End date", "date"),
                        Column("days_overdue", "Days past end", "count"),
                        Column("proposed_date", "Proposed", "date", on_paper=False),
                        Column("days_since_proposed", "Days since proposed", "count", on_paper=False),
                        Column("agreement_type", "Type", "term", on_paper=False),
                        Column("program", "Programme", "program", on_paper=False),
                        Column("lead_office", "Lead office"),
                    ),
                    caption=(
                        "Rule: an agreement is listed when it is stalled, or when it is still open (proposed, negotiating, signed, in "
                        "progress or stalled) and its end date is before today ({today}). The dates do not apply: this is the state today."
                    ),
                    empty="No agreement of the chosen programmes and host countries is stalled or past its end date.",
                    empty_level="success",
                    select=Select("open:agreement", "agreement_id"),
                    sources=AGREEMENT_SOURCES,
                ),
                Section(
                    title="Timeline",
                    key="timeline",
                    caption=(
                        "The dates apply to the day each agreement was proposed. Grey line: from proposal to signature. Thick line in the "
                        "status colour: from signature "
                        "to the end date (to today when no end date is given). Dotted line: not signed yet, up to today or the end date. "
                        "Hover a marker for the dates."
                    ),
                    blocks=(
                        Chart(
                            "agreement_timeline",
                            figures.timeline_figure,
                            select=Select("open:agreement"),
                            empty="No agreement was proposed in the date range.",
                            sources=AGREEMENT_SOURCES,
                        ),
                    ),
                ),
                Table(
                    "agreement_register",
                    "All agreements",
                    AGREEMENT_COLUMNS,
                    empty="No agreement was proposed in the date range for the chosen programmes and host countries.",
                    search="Words from a title, party, country, programme, status or office",
                    facets=("status",),
                    select=Select("open:agreement", "agreement_id"),
                    count_text=(
                        "{shown} of {total} agreements proposed in the date range. Every word typed must appear somewhere in the row."
                    ),
                    sources=AGREEMENT_SOURCES,
                ),
            ),
        ),
    ),
)
