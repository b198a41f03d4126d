"""Regional programmes: the Caspian Film Program, the SCO filmmakers' working group, the Eurasian Film Academy."""

from __future__ import annotations

from dataclasses import replace

from cinecoop import kpi
from cinecoop.blocks import Caption, Cards, CardSet, Chart, Column, Context, Message, Page, Section, Select, Table
from cinecoop.figures import regional as figures
from cinecoop.pagespecs.common import (
    ADMISSION_SOURCES,
    AGREEMENT_COLUMNS,
    AGREEMENT_SOURCES,
    HEADLINE_DEFINITIONS,
    PROGRAMME_AGREEMENT_COLUMNS,
    SCREENING_SOURCES,
    program_scope,
    programme_kpi_cards,
)

PROGRAMME_AGREEMENTS = Table(
    "agreement_register",
    "Agreements of the programme",
    PROGRAMME_AGREEMENT_COLUMNS,
    caption=(
        "The dates apply to the day each agreement was proposed. The host-country filter applies: an agreement matches when it "
        "names a chosen host."
    ),
    select=Select("open:agreement", "agreement_id"),
    sources=AGREEMENT_SOURCES,
)


def programme_section(program: str, key: str, caption: str, blocks: tuple, agreements: Table = PROGRAMME_AGREEMENTS) -> Section:
    """One programme's tab: its own five KPIs and parts (whatever the programme filter says), then its agreements."""
    return Section(
        title=lambda ctx: ctx.view.program(program),
        key=key,
        tab=True,
        scope=program_scope(program),
        caption=caption,
        blocks=(
            Section(
                key=f"{key}_numbers", requires=("screenings", "attendance"), blocks=(Cards(programme_kpi_cards, key=f"{key}_kpi"), *blocks)
            ),
            Section(key=f"{key}_agreements", requires=("agreements",), blocks=(replace(agreements, key=f"agreements_{key}"),)),
        ),
    )


# -- Caspian ----------------------------------------------------------------------------------------------
def caspian_cards(ctx: Context) -> CardSet:
    """How many littoral states the programme reached, its events on board and their admissions; who is not covered yet."""
    view = ctx.view
    coverage = ctx.frame("caspian_coverage_by_country")
    covered = int(coverage["covered"].astype(bool).sum())
    cards = [
        kpi.Card(
            view.t("Littoral states covered"),
            view.t("{covered} of {total}", covered=view.number(covered), total=view.number(len(coverage))),
            definition=view.t("States that hosted at least one screening of the programme matching the filters."),
        )
    ]
    events = ctx.run("caspian_onboard_events")
    if events.ok:
        # Unknown is not zero: events whose screenings nobody counted add nothing, and none counted at all is no number.
        admissions = events.frame["admissions"].sum(min_count=1)
        cards.append(
            kpi.Card(
                view.t("Events on board"), view.number(len(events.frame)), definition=view.t("Distinct event, vessel and host country.")
            )
        )
        known = kpi.known_for(events.frame["screenings_with_admissions"].sum(), events.frame["screenings"].sum(), view.language)
        cards.append(kpi.Card(view.t("Admissions on board"), view.number(admissions), coverage=known))
    messages = []
    missing = coverage[~coverage["covered"].astype(bool)]
    if not missing.empty:
        names = view.list_words(view.country(code) for code in missing["country"])
        messages.append(Message("warning", view.t("Not yet covered in the selection: {states}", states=names)))
    return CardSet(cards, messages=messages)


CASPIAN = programme_section(
    figures.CASPIAN,
    "caspian",
    "The programme of the five Caspian littoral states (Azerbaijan, Iran, Kazakhstan, Russia and Turkmenistan, as the "
    "reference list of countries groups them), including screenings on board ships.",
    (
        Cards(caspian_cards, key="caspian_coverage_cards"),
        Chart(
            "caspian_coverage_by_country",
            figures.caspian_coverage_figure,
            key="caspian_coverage",
            caption=(
                "The dates apply to the day of each screening. With a host-country filter, only the chosen littoral states are listed."
            ),
            empty="No Caspian Film Program screening matches the filters.",
            is_empty=lambda frame: frame.empty or not frame["covered"].astype(bool).any(),
            select=Select("open:country"),
            sources=ADMISSION_SOURCES,
        ),
        Table(
            "caspian_onboard_events",
            "Events held on board",
            (
                Column("event", "Event"),
                Column("venue", "Vessel (venue)", width="medium"),
                Column("host_country", "Counted for", "code"),
                Column("city", "Where"),
                Column("first_day", "First day", "date"),
                Column("last_day", "Last day", "date"),
                Column("screenings", "Screenings", "count", "screenings"),
                Column("films", "Films", "count", "films"),
                Column("admissions", "Admissions", "count", "admissions"),
                Column("screenings_with_admissions", "Screenings with known admissions", "count", "screenings_with_admissions"),
                Column("seats", "Seats", "count"),
            ),
            key="caspian_onboard",
            caption=(
                "Screenings on board a ship, one row per event, vessel and the country they are counted for. "
                "The dates apply to the day of each screening."
            ),
            sources=ADMISSION_SOURCES,
        ),
    ),
)


# -- SCO ------------------------------------------------------------------------------------------------------
def sco_cards(ctx: Context) -> CardSet:
    view = ctx.view
    participation = ctx.frame("sco_participation_by_member_and_year")
    if participation.empty:
        return CardSet([], messages=[Message("info", view.t("No SCO Filmmakers Working Group screening matches the filters."))])
    latest = int(participation["year"].max())
    this_year = participation[participation["year"] == latest]
    return CardSet(
        [
            kpi.Card(
                view.t("Members active in {year}", year=view.year(latest)),
                view.t("{part} of {total}", part=view.number(this_year["took_part"].astype(bool).sum()), total=view.number(len(this_year))),
                definition=view.t("Members that hosted a screening or had a film shown in the latest year of the selection."),
            ),
            kpi.Card(view.t("Host members in {year}", year=view.year(latest)), view.number((this_year["hosted_screenings"] > 0).sum())),
        ]
    )


def sco_caption(ctx: Context) -> str:
    if ctx.view.calendar == "jalali":
        return ctx.view.t(
            "The dates apply to the day of each screening; the years are Solar Hijri years (from Nowruz). A co-production counts "
            "for each of its countries. A dash means the member took no part that year."
        )
    return ctx.view.t(
        "The dates apply to the day of each screening; the years are calendar years. A co-production counts for each of its "
        "countries. A dash means the member took no part that year."
    )


SCO_EMPTY = "No SCO Filmmakers Working Group screening matches the filters."
SCO = programme_section(
    figures.SCO,
    "sco",
    "The working group of filmmakers from the SCO member states (as the reference list of countries groups them). "
    "A member takes part in a year when it hosts screenings or its films are shown.",
    (
        Cards(sco_cards, key="sco_cards"),
        *(
            Chart(
                "sco_participation_by_member_and_year",
                lambda frame, view, measure=measure: figures.sco_participation_figure(frame, view, measure),
                key=key,
                empty=SCO_EMPTY,
                width="half",
                sources=SCREENING_SOURCES,
            )
            for measure, key in (("hosted_screenings", "sco_hosted"), ("film_screenings", "sco_films"))
        ),
        Caption(sco_caption),
    ),
)


# -- Eurasian Film Academy --------------------------------------------------------------------------------------
ACADEMY = programme_section(
    figures.ACADEMY,
    "academy",
    "The Eurasian Film Academy: its screenings, and the academy agreements of every programme.",
    (
        Chart(
            "academy_screenings_by_country",
            figures.academy_screenings_figure,
            key="academy_screenings",
            caption="The dates apply to the day of each screening.",
            empty="No Eurasian Film Academy screening matches the filters.",
            select=Select("open:country"),
            sources=ADMISSION_SOURCES,
        ),
    ),
    Table(
        "academy_agreements",
        "Academy agreements",
        AGREEMENT_COLUMNS,
        caption="Academy agreements, and agreements serving the Eurasian Film Academy. The dates apply to the day each agreement "
        "was proposed. The host-country filter applies.",
        select=Select("open:agreement", "agreement_id"),
        sources=AGREEMENT_SOURCES,
    ),
)

PAGE = Page(
    name="regional",
    title="Regional programmes",
    icon=":material/sailing:",
    definitions=HEADLINE_DEFINITIONS,
    note=(
        "Each section shows its own programme, so the programme filter does not apply here; "
        "the date range, host-country and film-country filters do."
    ),
    sections=(CASPIAN, SCO, ACADEMY),
)
