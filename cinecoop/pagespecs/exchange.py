"""Exchange balance: what went each way between a focus pair of countries, year on year, and the flows among all countries."""

from __future__ import annotations

from cinecoop import kpi
from cinecoop.blocks import Caption, Cards, CardSet, Chart, Choice, Column, Context, Message, Page, Paragraph, Say, Section, Select, Table
from cinecoop.figures import exchange as figures
from cinecoop.filters import DEFAULT_FOCUS
from cinecoop.formatting import year_of, year_span
from cinecoop.pagespecs.common import HEADLINE_DEFINITIONS, kpi_cards
from cinecoop.view import View


def country_codes(ctx: Context) -> tuple[str, ...]:
    choices = ctx.source.database.choices
    return tuple(sorted(set(choices.hosts) | set(choices.films))) or DEFAULT_FOCUS


def country_label(code: object, view: View) -> str:
    return f"{code} · {view.country(code)}"


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
    return ctx.view.t("Direction") + ": " + ctx.view.t(kpi.DEFINITIONS["direction"])


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


def _value(frame, direction: str, measure: str, year: int) -> int:
    rows = frame[(frame["direction"] == direction) & (frame["year"] == year)]
    return int(rows[measure].sum()) if not rows.empty else 0


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
    now, before = _value(outcome.frame, forward, "admissions", year), _value(outcome.frame, forward, "admissions", year - 1)
    return [
        Paragraph(
            view.t(
                "How many people saw films from {a_name} in {b_name}? {now} in {year}, against {before} in {previous}: {change}.",
                a_name=view.country(country_a),
                b_name=view.country(country_b),
                now=view.number(now),
                year=view.year(year),
                before=view.number(before),
                previous=view.year(year - 1),
                change=kpi.year_change_text(now, before, view.language),
            ),
            lead=view.t("Questions leadership asks."),
        )
    ]


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
            current, previous = _value(frame, direction, measure, year), _value(frame, direction, measure, year - 1)
            change = current - previous
            cards.append(
                kpi.Card(
                    label=view.t("{measure} in {year}", measure=view.t(label), year=view.year(year)),
                    value=view.number(current),
                    delta=kpi.year_change_text(current, previous, view.language) if previous else None,
                    delta_description=view.t("vs {previous}: {value}", previous=view.year(year - 1), value=view.number(previous)),
                    delta_color="off" if change == 0 else "normal",
                    sign=(change > 0) - (change < 0),
                )
            )
        return CardSet(cards)

    return build


def direction_heading(which: str):
    def text(ctx: Context) -> str:
        view = ctx.view
        a, b = view.focus
        if which == "forward":
            return f"{a}→{b} · " + view.t("Films from {a} shown in {b}", a=a, b=b)
        if which == "backward":
            return f"{b}→{a} · " + view.t("Films from {b} shown in {a}", a=a, b=b)
        return view.t("co-production") + " · " + view.t("Co-productions of {a} and {b}, anywhere", a=a, b=b)

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
                ),
                Chart(
                    "exchange_balance_by_year",
                    figures.balance_figure,
                    empty="No screenings from {a} in {b} or from {b} in {a} match the filters.",
                    select=Select("filter:year"),
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
                        Column("host_countries", "Shown in", "codes", width="medium"),
                    ),
                    caption="Choose a row to open its film.",
                    select=Select("open:film", "film_key"),
                ),
                Chart(
                    "admissions_by_film_country_and_host_country",
                    figures.flows_figure,
                    caption="Every country in the selection, not only the focus pair; hover a cell for the exact admissions and screenings.",
                ),
            ),
        ),
    ),
)
