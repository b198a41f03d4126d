"""The KPI cards: the contract's metric definitions word for word, values, changes against the previous period, target progress."""

from __future__ import annotations

from dataclasses import dataclass

from cinecoop import formatting
from cinecoop.filters import Filters
from cinecoop.formatting import format_measure, format_number, format_percent, format_period, format_signed
from cinecoop.i18n import t
from cinecoop.view import View

# Data contract section 3 (docs/data-contract.md), word for word: the cards' hover help, the glossary and the PDF brief all read them from here.
DEFINITIONS: dict[str, str] = {
    "filters": (
        "a date range [start, end] (inclusive) on screening_date; programmes (screenings.program in the list); "
        "host countries; film countries (a screening matches when any of its film_country codes is in the list)."
    ),
    "screenings": "the sum of `sessions` over the screening rows that match the filters.",
    "admissions": (
        "the sum of attendance.admissions over those screening rows; a screening with no attendance rows, or only blank admissions, "
        "has unknown admissions and adds nothing; empty (never 0) when no matching row has known admissions."
    ),
    "screenings_with_admissions": (
        'the sum of `sessions` over the matching screening rows whose admissions are known, so a reader sees "admissions known for 80 of 96 screenings".'
    ),
    "occupancy": (
        "the admissions of the matching screening rows whose admissions are known and whose seats are known and above zero, "
        "divided by the sum of their seats; empty when there is no such row. Ratios are always ratios of sums, never averages of per-row ratios."
    ),
    "films": (
        "the number of distinct films among the matching screening rows: a film of films.csv under all its titles "
        "(named by film_id, or matched by title), else a distinct title."
    ),
    "agreements_signed": (
        "agreements whose signed_date lies in the date range, whose program is in the programme filter (when given), "
        "and whose countries overlap the host-country filter (when given). The film-country filter does not apply to agreements."
    ),
    "direction": (
        "between a focus pair of countries A and B (by default Iran and Russia): a screening is A→B when host_country is B "
        "and A is among its film countries but B is not; B→A likewise; a screening whose film countries hold both A and B "
        "is a co-production; anything else is outside the pair."
    ),
    "previous period": (
        "the same days a year earlier when the dates are a whole year or a year to date of the calendar (2025 against 2024; "
        "1 January to 31 October 2026 against 1 January to 31 October 2025); any other range: the period of the same length "
        "that ends the day before start."
    ),
}
ALL_FILTERS_NOTE = 'All filters are optional; an empty filter means "all".'

# The five cards of the Overview, in order, with the label a director reads.
CARD_METRICS: tuple[tuple[str, str], ...] = (
    ("screenings", "Screenings"),
    ("admissions", "Admissions"),
    ("occupancy", "Occupancy"),
    ("films", "Films"),
    ("agreements_signed", "Agreements signed"),
)
RATIO_METRICS = frozenset({"occupancy"})


def is_missing(value: object) -> bool:
    """None, NaN, or pandas' NA (an unknown count: admissions of screenings none of which has known admissions)."""
    return formatting.is_missing(value)


def format_value(metric: str, value: object, language: str) -> str:
    """A card value as a director reads it, in the one format of its measure (formatting.MEASURE_FORMATS): counts with
    thousands grouped, occupancy as a percent with one decimal, a dash when empty; in the marks and digits of the language."""
    if is_missing(value):
        return "—"
    return format_measure(value, metric, language)


def change_amount(metric: str, current: object, previous: object) -> float | None:
    """The change as a number in the unit the card shows it (people, sessions... or percentage points); None when unknown."""
    if is_missing(current) or is_missing(previous):
        return None
    if metric in RATIO_METRICS:
        return round((float(current) - float(previous)) * 100, 1)
    return float(int(current) - int(previous))


def format_change(metric: str, current: object, previous: object, language: str) -> str | None:
    """The change from the previous period: a signed count and percent, or percentage points for a ratio; None when unknown.

    The sign stays a leading ASCII "+" or "-" in every language: Streamlit reads the direction of a card's arrow from it."""
    if is_missing(current) or is_missing(previous):
        return None
    if metric in RATIO_METRICS:
        points = (float(current) - float(previous)) * 100
        unit = t("pp", language=language)
        if round(points, 1) == 0:
            return format_number(0, language, 1) + " " + unit
        return format_signed(points, language, 1) + " " + unit
    difference = int(current) - int(previous)
    if difference == 0:
        return format_number(0, language)
    if int(previous) == 0:
        return format_signed(difference, language)
    share = difference / int(previous)
    # Whole percents from a doubling up: the card is narrow and a tenth of a percent adds nothing there.
    percent = format_percent(share, language, decimals=0 if abs(share) >= 1 else 1, signed=True)
    return f"{format_signed(difference, language)} ({percent})"


def period_text(filters: Filters, language: str, calendar: str = "gregorian") -> str:
    """A period as two dates, for captions: ISO dates in English, else as the language (and calendar) writes them."""
    return format_period(filters.start, filters.end, language, calendar) if filters.start and filters.end else ""


@dataclass(frozen=True)
class Card:
    """One KPI card: what it shows, its change, its trend and its target."""

    label: str
    value: str
    delta: str | None = None
    delta_description: str | None = None
    # Streamlit colours any text delta green or red; no change must read as neutral.
    delta_color: str = "normal"
    definition: str | None = None  # the text shown on hover
    sparkline: tuple[float, ...] = ()
    progress: float | None = None
    progress_text: str | None = None
    metric: str | None = None  # the kpi_summary column, for the cards of the contract's metrics
    sign: int = 0  # the direction of the change (+1, -1, 0), for the brief's colours
    coverage: str | None = None  # for how many screenings the number is known, when not for all ("known for 80 of 96 screenings")

    @property
    def footnote(self) -> str | None:
        """The DEFINITIONS entry the brief footnotes on the label."""
        return self.metric if self.metric in DEFINITIONS else None


def progress_against(value: object, target: float | None) -> float | None:
    """The share of the target reached (may exceed 1); None without a target or a value."""
    if target is None or is_missing(value) or target <= 0:
        return None
    return float(value) / float(target)


def build_cards(
    current: dict[str, object],
    previous: dict[str, object] | None,
    view: View,
    monthly: dict[str, list[float]],
    targets: dict[str, tuple[int, str | None, float]],
) -> list[Card]:
    """The five cards from kpi_summary's row now and in the previous period, the monthly series, and the targets that apply,
    written in the view's language."""
    language = view.language
    previous_filters = view.previous()
    cards = []
    for metric, label in CARD_METRICS:
        value = current.get(metric)
        delta_color = "normal"
        if previous is None or previous_filters is None:
            delta = None
            description = t("choose dates", language=language)
        else:
            delta = format_change(metric, value, previous.get(metric), language)
            # The card is too narrow for the change and its period side by side; the caption under the cards names the period.
            description = None
            if delta is None:
                description = t("nothing to compare", language=language)
            elif change_amount(metric, value, previous.get(metric)) == 0:
                delta_color = "off"
        amount = change_amount(metric, value, previous.get(metric)) if previous is not None and previous_filters is not None else None
        sign = 0 if delta_color == "off" or not amount else (1 if amount > 0 else -1)
        series = tuple(float(point) for point in monthly.get(metric, []) if not is_missing(point))
        progress = progress_text = None
        if metric in targets:
            year, program, target = targets[metric]
            progress = progress_against(value, target)
            if progress is not None:
                scope = t("all programmes", language=language) if program is None else t("this programme", language=language)
                progress_text = t(
                    "{share} of the {year} target of {target} ({scope})",
                    language=language,
                    share=format_percent(progress, language, decimals=0),
                    year=_year(year, view),
                    target=format_number(target, language),
                    scope=scope,
                )
        cards.append(
            Card(
                metric=metric,
                coverage=coverage_text(metric, current, language),
                label=t(label, language=language),
                value=format_value(metric, value, language),
                delta=delta,
                delta_description=description,
                delta_color=delta_color,
                definition=t(DEFINITIONS[metric], language=language),
                sparkline=series,
                progress=progress,
                progress_text=progress_text,
                sign=sign,
            )
        )
    return cards


# The cards whose number is known only for the screenings whose admissions are known.
COUNTED_METRICS = frozenset({"admissions", "occupancy"})


def known_for(known: object, total: object, language: str, admissions: bool = False) -> str | None:
    """ "known for 80 of 96 screenings" when the admissions of some of the screenings are unknown ("admissions known for
    ..." where the number shown is another, e.g. occupancy); None when all are known, or when there are no screenings
    (nothing to know)."""
    if is_missing(total) or int(total) == 0:
        return None
    known = 0 if is_missing(known) else int(known)
    if known >= int(total):
        return None
    values = {"known": format_number(known, language), "total": format_number(int(total), language)}
    if admissions:
        return t("admissions known for {known} of {total} screenings", language=language, **values)
    return t("known for {known} of {total} screenings", language=language, **values)


def coverage_text(metric: str, row: dict[str, object], language: str) -> str | None:
    """The note of an admissions or occupancy card: for how many of the selection's screenings admissions are known."""
    if metric not in COUNTED_METRICS:
        return None
    return known_for(row.get("screenings_with_admissions"), row.get("screenings"), language, admissions=metric != "admissions")


def year_change_text(current: int, previous: int, language: str) -> str:
    """A year-on-year change for the quick answers: "+12,345 (+8.1%)", or words when the earlier year had none."""
    if previous == 0:
        return t("none the year before", language=language) if current else t("none in either year", language=language)
    return f"{format_signed(current - previous, language)} ({format_percent((current - previous) / previous, language, signed=True)})"


def _year(year: int, view: View) -> str:
    """A target's year: Gregorian by contract, so named as such when the reader counts years in the Solar Hijri calendar."""
    if view.calendar == "jalali":
        return view.t("{year} (Gregorian)", year=view.year(year))
    return view.year(year)
