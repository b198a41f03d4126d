"""The pages of one thing, reached from any chart or table that lists it: a film (/film?film=ID), a country
(/country?country=IR) and an agreement (/agreement?agreement=A001). Each shows everything the data hold about it, whatever
the dashboard's filters say."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from cinecoop import kpi
from cinecoop.blocks import Cards, CardSet, Chart, Column, Context, Facts, Message, Page, Section, Select, Table
from cinecoop.figures import detail as figures
from cinecoop.formatting import is_missing
from cinecoop.view import View


def _details(ctx: Context, query: str) -> pd.Series | None:
    outcome = ctx.run(query)
    return outcome.frame.iloc[0] if outcome.ok and not outcome.frame.empty else None


def _unknown(subject: str, query: str, nothing: Callable[[View], str]) -> Callable[[Context], Message | None]:
    """Stop the page with a plain message when the link names nothing the data hold."""

    def guard(ctx: Context) -> Message | None:
        key = getattr(ctx.view.filters, f"{subject}_key")
        if not key:
            return Message("info", nothing(ctx.view))
        if _details(ctx, query) is None:
            return Message("warning", ctx.view.t("The data hold nothing under {key}.", key=key))
        return None

    return guard


def admissions_card(view: View, label: str, admissions: object, known: object, sessions: object) -> kpi.Card:
    """Admissions as a card (its label in the reader's words): a dash when none is known, and for how many screenings they are known when not for all."""
    note = None
    if not is_missing(sessions) and int(sessions) and not is_missing(known) and int(known) < int(sessions):
        note = view.t("known for {known} of {screenings} screenings", known=view.number(known), screenings=view.number(sessions))
    return kpi.Card(label, view.number(admissions), delta_description=note, delta_color="off", metric="admissions")


def count_card(view: View, label: str, value: object, metric: str | None = None) -> kpi.Card:
    return kpi.Card(label, view.number(0 if is_missing(value) else value), metric=metric)


SCREENING_COLUMNS = (
    Column("screening_date", "Date", "date"),
    Column("program", "Programme", "program"),
    Column("film_title", "Title as exported", width="medium"),
    Column("host_country", "Host country", "code"),
    Column("city", "City"),
    Column("venue", "Venue", on_paper=False),
    Column("format", "Format", "term"),
    Column("sessions", "Screenings", "count", "screenings"),
    Column("admissions", "Admissions", "count", "admissions"),
    Column("gross", "Gross (in that currency)", "money", on_paper=False),
    Column("currency", "Currency", "term", on_paper=False),
    Column("source", "Source", on_paper=False),
)
AGREEMENT_LIST = (
    Column("agreement_id", "Id", width="small"),
    Column("title", "Title", width="large"),
    Column("agreement_type", "Type", "term"),
    Column("status", "Status", "term"),
    Column("countries", "Countries", "codes"),
    Column("proposed_date", "Proposed", "date"),
    Column("signed_date", "Signed", "date"),
)
OPEN_AGREEMENT = Select("open:agreement", "agreement_id")
OPEN_FILM = Select("open:film", "film_key")


# -- a film --------------------------------------------------------------------------------------------------------
def film_heading(ctx: Context) -> str:
    film = _details(ctx, "film_details")
    return ctx.view.t("Film") if film is None else str(film["film_title"])


def film_facts(ctx: Context) -> list[tuple[str, str]]:
    view, film = ctx.view, _details(ctx, "film_details")
    if film is None:
        return []

    def text(value: object) -> str:
        return "—" if is_missing(value) or value == "" else str(value)

    return [
        (view.t("Original title"), text(film["original_title"])),
        (view.t("English title"), text(film["title_en"])),
        (view.t("Persian title"), text(film["title_fa"])),
        (view.t("Russian title"), text(film["title_ru"])),
        (view.t("Every title it was exported under"), text(film["titles"])),
        (view.t("Made in"), view.countries(film["countries"]) if not is_missing(film["countries"]) else "—"),
        (view.t("Year"), view.year(film["year"])),
        (view.t("Genre"), view.term(film["genre"]) if not is_missing(film["genre"]) else "—"),
    ]


def film_cards(ctx: Context) -> CardSet:
    view, film = ctx.view, _details(ctx, "film_details")
    return CardSet(
        [
            count_card(view, view.t("Screenings"), film["screenings"], "screenings"),
            admissions_card(view, view.t("Admissions"), film["admissions"], film["screenings_with_admissions"], film["screenings"]),
            count_card(view, view.t("Releases"), film["releases"]),
            kpi.Card(view.t("First screening"), view.date(film["first_screening"])),
        ]
    )


FILM = Page(
    name="film",
    title="Film",
    icon=":material/movie_filter:",
    subject="film",
    heading=film_heading,
    definitions=("screenings", "admissions", "screenings_with_admissions", "films"),
    note="Everything the data hold about one film, under all its titles, whatever the dashboard's filters say.",
    sections=(
        Section(
            key="film",
            guard=_unknown(
                "film", "film_details", lambda view: view.t("No film is chosen: open one from a chart or table that lists films.")
            ),
            blocks=(
                Cards(film_cards, key="film_cards"),
                Facts(film_facts),
                Table(
                    "screenings_by_film",
                    "Screenings of the film",
                    SCREENING_COLUMNS,
                    caption=(
                        "One row per screening row exported, under the title it was exported with. "
                        "At most the first 1,000 by date are listed; the cards above count them all."
                    ),
                    empty="The film has no screening in the data.",
                    select=Select("open:country", "host_country"),
                ),
                Table(
                    "releases_by_film",
                    "Releases",
                    (
                        Column("release_date", "Release date", "date"),
                        Column("release_id", "Certificate"),
                        Column("film_title", "Title as exported", width="medium"),
                        Column("host_country", "Market", "code"),
                        Column("distributor", "Distributor", on_paper=False),
                        Column("gross", "Box office (in that currency)", "money"),
                        Column("currency", "Currency", "term"),
                        Column("share_of_host_gross", "Share of the market's box office", "share"),
                        Column("source", "Source", on_paper=False),
                    ),
                    empty="The film has no release in the data.",
                    select=Select("open:country", "host_country"),
                ),
                Table(
                    "agreements_by_film_programs",
                    "Agreements of the programmes that showed it",
                    (Column("program", "Programme", "program"), Column("film_screenings", "Its screenings", "count"), *AGREEMENT_LIST),
                    empty="No agreement serves the programmes that showed the film.",
                    select=OPEN_AGREEMENT,
                ),
            ),
        ),
    ),
)


# -- a country -----------------------------------------------------------------------------------------------------
def country_heading(ctx: Context) -> str:
    country = _details(ctx, "country_details")
    return ctx.view.t("Country") if country is None else ctx.view.country(country["country"])


def country_facts(ctx: Context) -> list[tuple[str, str]]:
    view, country = ctx.view, _details(ctx, "country_details")
    if country is None:
        return []
    groups = [group for group in str(country["country_groups"] or "").split(";") if group]
    return [
        (view.t("Code"), str(country["country"])),
        (view.t("English name"), str(country["name_en"])),
        (view.t("Persian name"), str(country["name_fa"])),
        (view.t("Russian name"), str(country["name_ru"])),
        (view.t("Groups"), view.list_words(groups) or "—"),
        (view.t("Screenings hosted from"), view.period(country["first_screening"], country["last_screening"])),
    ]


def country_cards(ctx: Context) -> CardSet:
    view, country = ctx.view, _details(ctx, "country_details")
    return CardSet(
        [
            count_card(view, view.t("Screenings hosted"), country["hosted_screenings"], "screenings"),
            admissions_card(
                view,
                view.t("Admissions hosted"),
                country["hosted_admissions"],
                country["hosted_screenings_with_admissions"],
                country["hosted_screenings"],
            ),
            count_card(view, view.t("Screenings of its films abroad"), country["film_screenings_abroad"]),
            admissions_card(
                view,
                view.t("Admissions of its films abroad"),
                country["film_admissions_abroad"],
                country["film_screenings_abroad_with_admissions"],
                country["film_screenings_abroad"],
            ),
            count_card(view, view.t("Agreements naming it"), country["agreements"]),
        ]
    )


COUNTRY = Page(
    name="country",
    title="Country",
    icon=":material/public:",
    subject="country",
    heading=country_heading,
    definitions=("screenings", "admissions", "screenings_with_admissions", "films"),
    note="Everything the data hold about one country: what it hosted, how its films travelled, its agreements, whatever the dashboard's filters say.",
    sections=(
        Section(
            key="country",
            guard=_unknown(
                "country",
                "country_details",
                lambda view: view.t("No country is chosen: open one from a chart or table that lists countries."),
            ),
            blocks=(
                Cards(country_cards, key="country_cards"),
                Facts(country_facts),
                Chart(
                    "country_screenings_by_year",
                    figures.country_years_figure,
                    empty="The country hosted no screening and had no film shown elsewhere.",
                    select=Select("filter:year"),
                ),
                Table(
                    "films_of_country",
                    "Its films",
                    (
                        Column("film_title", "Film", width="large"),
                        Column("film_country", "Made in", "codes"),
                        Column("screenings", "Screenings", "count", "screenings"),
                        Column("admissions", "Admissions", "count", "admissions"),
                        Column("host_countries", "Shown in", "codes", width="medium"),
                    ),
                    caption="Films made in the country, alone or as a co-production, wherever they were shown. Choose a row to open its film.",
                    empty="No film of the country was shown.",
                    select=OPEN_FILM,
                ),
                Table(
                    "agreements_of_country",
                    "Its agreements",
                    (*AGREEMENT_LIST, Column("program", "Programme", "program"), Column("end_date", "Ends", "date")),
                    caption="Choose a row to open its agreement.",
                    empty="No agreement names the country.",
                    select=OPEN_AGREEMENT,
                ),
            ),
        ),
    ),
)


# -- an agreement --------------------------------------------------------------------------------------------------
def agreement_heading(ctx: Context) -> str:
    agreement = _details(ctx, "agreement_details")
    return ctx.view.t("Agreement") if agreement is None else str(agreement["title"])


def agreement_facts(ctx: Context) -> list[tuple[str, str]]:
    view, agreement = ctx.view, _details(ctx, "agreement_details")
    if agreement is None:
        return []

    def text(value: object) -> str:
        return "—" if is_missing(value) or value == "" else str(value)

    return [
        (view.t("Id"), text(agreement["agreement_id"])),
        (view.t("Type"), view.term(agreement["agreement_type"])),
        (view.t("Programme"), view.program(agreement["program"]) if not is_missing(agreement["program"]) else "—"),
        (view.t("Status"), view.term(agreement["status"])),
        (view.t("Parties"), text(agreement["parties"]).replace(";", "; ")),
        (view.t("Countries"), view.countries(agreement["countries"])),
        (view.t("Proposed"), view.date(agreement["proposed_date"])),
        (view.t("Signed"), view.date(agreement["signed_date"])),
        (view.t("Ends"), view.date(agreement["end_date"])),
        (view.t("Value (USD)"), view.measure(agreement["value_usd"], "value_usd")),
        (view.t("Lead office"), text(agreement["lead_office"])),
        (view.t("Source"), text(agreement["source"])),
    ]


def agreement_cards(ctx: Context) -> CardSet:
    view, agreement = ctx.view, _details(ctx, "agreement_details")
    days = agreement["days_to_signature"]
    messages = []
    if bool(agreement["overdue"]):
        messages.append(Message("warning", view.t("Stalled, or still open after its end date.")))
    return CardSet(
        [
            kpi.Card(view.t("Days to signature"), view.measure(days, "days")),
            count_card(view, view.t("Screenings of its programme in its countries"), agreement["program_screenings"], "screenings"),
            admissions_card(
                view,
                view.t("Admissions at those screenings"),
                agreement["program_admissions"],
                agreement["program_screenings_with_admissions"],
                agreement["program_screenings"],
            ),
        ],
        [view.t("Screenings of the agreement's programme in the countries it names, from the day it was proposed on.")],
        messages,
    )


AGREEMENT = Page(
    name="agreement",
    title="Agreement",
    icon=":material/handshake:",
    subject="agreement",
    heading=agreement_heading,
    definitions=("screenings", "admissions", "screenings_with_admissions"),
    note="Everything the data hold about one agreement, whatever the dashboard's filters say.",
    sections=(
        Section(
            key="agreement",
            guard=_unknown(
                "agreement",
                "agreement_details",
                lambda view: view.t("No agreement is chosen: open one from a chart or table that lists agreements."),
            ),
            blocks=(
                Cards(agreement_cards, key="agreement_cards"),
                Facts(agreement_facts),
                Table(
                    "agreement_screenings_by_year",
                    "Its programme in its countries, by year",
                    (
                        Column("year", "Year", "year"),
                        Column("host_country", "Host country", "code"),
                        Column("screenings", "Screenings", "count", "screenings"),
                        Column("admissions", "Admissions", "count", "admissions"),
                    ),
                    empty="The agreement's programme held no screening in its countries after it was proposed.",
                    select=Select("open:country", "host_country"),
                ),
            ),
        ),
    ),
)

DETAIL_PAGES = (FILM, COUNTRY, AGREEMENT)
