"""Exchange balance: what went each way between a focus pair of countries, year on year, and the flows among all countries."""

from __future__ import annotations

from dataclasses import dataclass

from cinecoop import kpi
from cinecoop.blocks import (
    QUOTES,
    Caption,
    Cards,
    CardSet,
    Chart,
    Choice,
    Column,
    Context,
    Message,
    Page,
    Paragraph,
    Say,
    Section,
    Select,
    Table,
)
from cinecoop.figures import exchange as figures
from cinecoop.filters import DEFAULT_FOCUS
from cinecoop.formatting import year_of, year_span
from cinecoop.pagespecs.common import ADMISSION_SOURCES, HEADLINE_DEFINITIONS, RELEASE_SOURCES, kpi_cards
from cinecoop.pagespecs.overview import direction_words
from cinecoop.view import View


def country_codes(ctx: Context) -> tuple[str, ...]:
    """The countries of the data, in the order of their names in the reader's language (the picker lists names)."""
    choices = ctx.source.database.choices
    return tuple(ctx.view.by_name(set(choices.hosts) | set(choices.films))) or DEFAULT_FOCUS


def country_label(code: object, view: View) -> str:
    return view.country(code)


def _focus_choice(index: int) -> Choice:
    def default(ctx: Context) -> str:
        codes = country_codes(ctx)
        wanted = ctx.view.focus[index]
        return wanted if wanted in codes else codes[min(index, len(codes) - 1)]

    def apply(view: View, value: object) -> View:
        focus = list(view.focus)
        focus[index] = str(value)
        return view.with_filters(focus=tuple(focus))

    return Choice(
        "focus_a" if index == 0 else "focus_b",
        "Country A" if index == 0 else "Country B",
        country_codes,
        default,
        format=country_label,
        kind="select",
        apply=apply,
    )


def same_country(ctx: Context) -> Message | None:
    if ctx.view.focus[0] == ctx.view.focus[1]:
        return Message("info", ctx.view.t("Choose two different countries to compare."))
    return None


def direction_caption(ctx: Context) -> str:
    return direction_words(ctx.view)


# -- year on year ---------------------------------------------------------------------------------------------
def _years(ctx: Context) -> tuple[int, ...]:
    choices = ctx.source.database.choices
    if choices.last_day is None:
        return ()
    calendar = ctx.view.calendar
    return tuple(range(year_of(choices.last_day, calendar), year_of(choices.first_day, calendar) - 1, -1))


def default_year(ctx: Context) -> int | None:
    """The year a director most likely means by "last year": the end date's year, else the latest full year in the data
    (years of the calendar chosen: a Solar Hijri year ends the day before Nowruz)."""
    choices = ctx.source.database.choices
    view = ctx.view
    if choices.last_day is None:
        return None
    if view.filters.end is not None:
        year = year_of(view.filters.end, view.calendar)
        years = _years(ctx)
        return year if year in years else (years[0] if years else None)
    last = choices.last_day
    year = year_of(last, view.calendar)
    full = last == year_span(year, view.calendar)[1]
    return year if full or year == year_of(choices.first_day, view.calendar) else year - 1


YEAR = Choice(
    "exchange_year",
    lambda ctx: ctx.view.t("Solar Hijri year") if ctx.view.calendar == "jalali" else ctx.view.t("Year"),
    _years,
    default_year,
    format=lambda value, view: view.year(value),
    kind="select",
)


def _both_years(ctx: Context) -> tuple[int, View] | None:
    view = ctx.view
    year = view.choice("exchange_year")
    if year is None:
        return None
    year = int(year)
    both = view.with_filters(start=year_span(year - 1, view.calendar)[0], end=year_span(year, view.calendar)[1])
    return year, both


@dataclass(frozen=True)
class Amount:
    """One measure of one direction in one year: its value (None when unknown: admissions of screenings nobody counted, or
    of no screenings at all), the screenings it is over and those whose admissions are known."""

    value: int | None
    screenings: int
    known: int


def _amount(frame, direction: str, measure: str, year: int) -> Amount:
    rows = frame[(frame["direction"] == direction) & (frame["year"] == year)]
    screenings = int(rows["screenings"].sum())
    known = int(rows["screenings_with_admissions"].fillna(0).sum())
    if measure != "admissions":
        # Screenings and titles are counts: a year without screenings that way has 0 of them.
        return Amount(int(rows[measure].sum()), screenings, known)
    # Unknown is not zero: a year whose screenings that way have no known admissions (or that has none) has no number.
    value = rows["admissions"].sum(min_count=1)
    return Amount(None if kpi.is_missing(value) else int(value), screenings, known)


def _amount_text(amount: Amount, view: View) -> str:
    """A year's admissions in a sentence: the number, or why there is none."""
    if amount.value is not None:
        return view.number(amount.value)
    return view.t("not known") if amount.screenings else view.t("no screenings")


def quick_answer(ctx: Context) -> list[Paragraph | Message]:
    """The question leadership asks first: how many people saw films from A in B this year, against last year."""
    view = ctx.view
    chosen = _both_years(ctx)
    if chosen is None:
        return []
    year, both = chosen
    outcome = ctx.run("exchange_by_year_and_direction", both)
    if not outcome.ok:
        return [Message("error", view.t("This comparison could not be computed. {error}", error=outcome.error))]
    country_a, country_b = view.focus
    forward = f"{country_a}→{country_b}"
    now, before = _amount(outcome.frame, forward, "admissions", year), _amount(outcome.frame, forward, "admissions", year - 1)
    names = {"a_name": view.country(country_a), "b_name": view.country(country_b), "year": view.year(year), "previous": view.year(year - 1)}
    if now.value is not None and before.value is not None:
        answer = view.t(
            "How many people saw films from {a_name} in {b_name}? {now} in {year}, against {before} in {previous}: {change}.",
            now=view.number(now.value),
            before=view.number(before.value),
            change=kpi.year_change_text(now.value, before.value, view.language),
            **names,
        )
    else:
        answer = view.t(
            "How many people saw films from {a_name} in {b_name}? {now} in {year}, against {before} in {previous}.",
            now=_amount_text(now, view),
            before=_amount_text(before, view),
            **names,
        )
    for amount, which in ((now, year), (before, year - 1)):
        known = kpi.known_for(amount.known, amount.screenings, view.language, admissions=True)
        if known:
            answer += " " + view.t("In {year}, {known}.", year=view.year(which), known=known)
    return [Paragraph(answer, lead=view.t("Questions leadership asks."))]


MEASURES = (("admissions", "Admissions"), ("screenings", "Screenings"), ("titles", "Titles"))


def direction_cards(which: str):
    """The three cards of one direction (A→B, B→A or co-productions) in the chosen year, against the year before."""

    def build(ctx: Context) -> CardSet:
        view = ctx.view
        chosen = _both_years(ctx)
        if chosen is None:
            return CardSet([])
        year, both = chosen
        frame = ctx.frame("exchange_by_year_and_direction", both)
        country_a, country_b = view.focus
        direction = {"forward": f"{country_a}→{country_b}", "backward": f"{country_b}→{country_a}", "co": "co-production"}[which]
        cards = []
        for measure, label in MEASURES:
            current, previous = _amount(frame, direction, measure, year), _amount(frame, direction, measure, year - 1)
            both_known = current.value is not None and previous.value is not None
            change = current.value - previous.value if both_known else 0
            cards.append(
                kpi.Card(
                    label=view.t("{measure} in {year}", measure=view.t(label), year=view.year(year)),
                    value=view.number(current.value),
                    delta=kpi.year_change_text(current.value, previous.value, view.language) if both_known and previous.value else None,
                    delta_description=view.t("vs {previous}: {value}", previous=view.year(year - 1), value=view.number(previous.value)),
                    delta_color="off" if change == 0 else "normal",
                    sign=(change > 0) - (change < 0),
                    coverage=kpi.known_for(current.known, current.screenings, view.language) if measure == "admissions" else None,
                )
            )
        return CardSet(cards)

    return build


def direction_heading(which: str):
    def text(ctx: Context) -> str:
        view = ctx.view
        a, b = view.focus
        names = {"a": view.country(a), "b": view.country(b)}
        if which == "forward":
            return view.join([view.direction(f"{a}→{b}"), view.t("Films from {a} shown in {b}", **names)])
        if which == "backward":
            return view.join([view.direction(f"{b}→{a}"), view.t("Films from {b} shown in {a}", **names)])
        return view.join([view.term("co-production"), view.t("Co-productions of {a} and {b}, anywhere", **names)])

    return text


def year_notes(ctx: Context) -> str:
    view = ctx.view
    chosen = _both_years(ctx)
    if chosen is None:
        return ""
    year, _ = chosen
    if view.calendar == "jalali":
        first_day, last_day = year_span(year - 1, "jalali")[0], year_span(year, "jalali")[1]
        notes = [
            view.t(
                "Whole Solar Hijri years {previous} and {year} ({start} to {end}), whatever dates the sidebar sets; the other filters apply.",
                previous=view.year(year - 1),
                year=view.year(year),
                start=view.date(first_day),
                end=view.date(last_day),
            )
        ]
    else:
        notes = [
            view.t(
                "Whole calendar years {previous} and {year}, whatever dates the sidebar sets; the other filters apply.",
                previous=view.year(year - 1),
                year=view.year(year),
            )
        ]
    last = ctx.source.database.choices.last_day
    if last is not None and year_of(last, view.calendar) == year and last != year_span(year, view.calendar)[1]:
        notes.append(view.t("The data for {year} runs to {date} only.", year=view.year(year), date=view.date(last)))
    return " ".join(notes)


# -- distribution: releases each way ---------------------------------------------------------------------------
def distribution_guard(ctx: Context) -> Message | None:
    """The section needs two countries and some releases; a folder without releases says so plainly."""
    same = same_country(ctx)
    if same is not None:
        return same
    if ctx.report.table("releases").rows_loaded == 0:
        return Message(
            "info",
            ctx.view.t(
                "The data folder holds no releases (releases.csv or releases/*.csv, e.g. an import of a register of distribution "
                "certificates), so there is no distribution to show."
            ),
        )
    return None


def distribution_coverage(ctx: Context) -> str:
    """What the release sources cover (every source named by the releases, its rows and dates), then what such a source
    can and cannot say."""
    view = ctx.view
    parts = []
    outcome = ctx.run("sources_by_table")
    if outcome.ok:
        opening, closing = QUOTES.get(view.language, QUOTES["en"])
        for row in outcome.frame[outcome.frame["table_name"] == "releases"].itertuples():
            parts.append(
                view.t(
                    "{source}: {rows} releases dated {first} to {last}",
                    source=f"{opening}{row.source}{closing}" if isinstance(row.source, str) else view.t("source not stated"),
                    rows=view.number(row.row_count),
                    first=view.date(row.first_date),
                    last=view.date(row.last_date),
                )
            )
    covered = view.t("What the sources cover: {sources}.", sources=("؛ " if view.language == "fa" else "; ").join(parts)) if parts else ""
    note = view.t(
        "A register of distribution certificates lists every certificate of its market, with the box office its ticketing system "
        "knew, but no admissions, cities or screenings. The share of the host market is the box office of these films divided by "
        "the box office of every release of that market, year and currency in the data. Box office is in each market's own "
        "currency and never added across currencies."
    )
    return " ".join(part for part in (covered, note) if part)


DISTRIBUTION_COLUMNS = (
    Column("year", "Year", "year"),
    Column("direction", "Direction", "direction"),
    Column("host_country", "Market", "code"),
    Column("films", "Titles", "count"),
    Column("releases", "Releases", "count"),
    Column("currency", "Currency", "term"),
    Column("gross", "Box office (in that currency)", "money"),
    Column("releases_with_gross", "Releases with known box office", "count"),
    Column("share_of_host_gross", "Share of the host market", "share"),
    Column("admissions", "Admissions (where the source gives them)", "count", on_paper=False),
)

DISTRIBUTION = Section(
    title="Distribution",
    key="distribution",
    guard=distribution_guard,
    caption=distribution_coverage,
    blocks=(
        Chart(
            "distribution_by_year_and_direction",
            figures.distribution_figure,
            key="distribution_share",
            empty="No releases between {a} and {b} match the filters.",
            sources=RELEASE_SOURCES,
        ),
        Table(
            "distribution_by_year_and_direction",
            "Releases each way by year",
            DISTRIBUTION_COLUMNS,
            key="distribution_by_year",
            caption="Dates and countries from the sidebar apply to the release date and to the films' and markets' countries; releases have no programme.",
            empty="No releases between {a} and {b} match the filters.",
            sources=RELEASE_SOURCES,
        ),
        Table(
            "distribution_titles_by_year_and_direction",
            "Films released each way",
            (
                Column("year", "Year", "year"),
                Column("direction", "Direction", "direction"),
                Column("film_title", "Film", width="large"),
                Column("host_country", "Market", "code"),
                Column("first_release", "First release", "date"),
                Column("releases", "Releases", "count"),
                Column("distributors", "Distributors", width="medium", on_paper=False),
                Column("currency", "Currency", "term"),
                Column("gross", "Box office (in that currency)", "money"),
                Column("share_of_host_gross", "Share of the host market", "share"),
            ),
            key="distribution_titles",
            empty="No releases between {a} and {b} match the filters.",
            search="Search the films",
            count_text="{shown} of {total} films.",
            sources=RELEASE_SOURCES,
        ),
    ),
)

MEASURE = Choice(
    "exchange_measure",
    "Show each way",
    tuple(figures.MEASURES),
    "admissions",
    format=lambda value, view: view.t(figures.MEASURES[value][1]),
)

PAGE = Page(
    name="exchange",
    title="Exchange balance",
    icon=":material/compare_arrows:",
    shows_focus=True,
    definitions=(*HEADLINE_DEFINITIONS, "direction"),
    controls=(_focus_choice(0), _focus_choice(1)),
    sections=(
        Section(
            key="balance",
            requires=("screenings", "attendance"),
            guard=same_country,
            blocks=(
                Cards(kpi_cards, key="kpi"),
                Caption(direction_caption),
                Section(
                    title="Year on year",
                    key="year_on_year",
                    blocks=(
                        YEAR,
                        Say(quick_answer),
                        Caption(direction_heading("forward")),
                        Cards(direction_cards("forward"), key="forward"),
                        Caption(direction_heading("backward")),
                        Cards(direction_cards("backward"), key="backward"),
                        Caption(direction_heading("co")),
                        Cards(direction_cards("co"), key="co"),
                        Caption(year_notes),
                    ),
                ),
                Chart(
                    "exchange_by_year_and_direction",
                    lambda frame, view: figures.direction_year_figure(frame, view, view.choice(MEASURE.key, "admissions")),
                    choice=MEASURE,
                    empty="No screenings between {a} and {b} match the filters.",
                    select=Select("filter:year"),
                    sources=ADMISSION_SOURCES,
                ),
                Chart(
                    "exchange_balance_by_year",
                    figures.balance_figure,
                    empty="No screenings from {a} in {b} or from {b} in {a} match the filters.",
                    select=Select("filter:year"),
                    sources=ADMISSION_SOURCES,
                ),
                Table(
                    "coproductions_by_film",
                    "Co-productions of {a} and {b}",
                    (
                        Column("film_title", "Film", width="large"),
                        Column("film_country", "Made in", "codes"),
                        Column("first_screening", "First screening", "date"),
                        Column("screenings", "Screenings", "count", "screenings"),
                        Column("admissions", "Admissions", "count", "admissions"),
                        Column("screenings_with_admissions", "Screenings with known admissions", "count", "screenings_with_admissions"),
                        Column("host_countries", "Shown in", "codes", width="medium"),
                    ),
                    caption="Choose a row to open its film.",
                    select=Select("open:film", "film_key"),
                    sources=ADMISSION_SOURCES,
                ),
                Chart(
                    "admissions_by_film_country_and_host_country",
                    figures.flows_figure,
                    caption="Every country in the selection, not only the focus pair; hover a cell for the exact admissions and screenings.",
                    sources=ADMISSION_SOURCES,
                ),
            ),
        ),
        DISTRIBUTION,
    ),
)
