"""One reader's view as a value: language, calendar, filters, focus pair and page choices, handed down to everything that draws.

Nothing in the package keeps a reader's choice anywhere else: the UI layer reads the session and the link once per run
and builds a View; formatting, figures, KPI cards, page blocks and the PDF brief receive it as an argument. Two readers
in two languages at once are two Views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from cinecoop import formatting
from cinecoop.filters import Filters
from cinecoop.i18n import RIGHT_TO_LEFT, default_calendar, language_or_default, t, term, translate_message

LANGUAGE_INDEX = {"en": 0, "fa": 1, "ru": 2}


@dataclass(frozen=True)
class Names:
    """What one load tells every reader alike: countries in three languages and the Persian and Russian names of the
    programmes (a code or programme with no name is shown as exported), and the last day the screenings reach."""

    countries: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)
    programs: Mapping[str, tuple[str | None, str | None]] = field(default_factory=dict)
    through: dt.date | None = None

    def country(self, code: object, language: str) -> str:
        names = self.countries.get(str(code)) if code is not None else None
        if not names:
            return "" if code is None else str(code)
        return names[LANGUAGE_INDEX.get(language, 0)] or names[0] or str(code)

    def program(self, name: object, language: str) -> str:
        if not isinstance(name, str):
            return "" if name is None else str(name)
        index = {"fa": 0, "ru": 1}.get(language)
        names = self.programs.get(name)
        return (names[index] if names and index is not None else None) or name


@dataclass(frozen=True)
class View:
    """What one reader sees: the language and calendar (inside the filters), the filters and focus pair, the page's own
    choices (a measure, a year), and the day it is for. Frozen: a changed choice is a new View."""

    language: str = "en"
    filters: Filters = field(default_factory=Filters)
    choices: tuple[tuple[str, object], ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    names: Names = field(default_factory=Names, compare=False, repr=False)

    @staticmethod
    def of(language: str = "en", filters: Filters | None = None, calendar: str | None = None, **options) -> View:
        """A view in the language, in the calendar given or else the language's own (Solar Hijri for Persian)."""
        language = language_or_default(language)
        filters = filters or Filters()
        calendar = calendar or default_calendar(language)
        return View(language=language, filters=replace(filters, calendar=calendar), **options)

    # -- what the view holds ------------------------------------------------------------------------
    @property
    def calendar(self) -> str:
        return self.filters.calendar

    @property
    def focus(self) -> tuple[str, str]:
        return self.filters.focus

    @property
    def right_to_left(self) -> bool:
        return self.language in RIGHT_TO_LEFT

    def previous(self) -> Filters | None:
        """The filters of the period the changes compare with (Filters.previous, to the data's last day)."""
        return self.filters.previous(self.names.through)

    def calendar_period(self) -> bool:
        """Whether the changes compare with the same days a year earlier (a whole year or a year to date)."""
        return self.filters.calendar_period(self.names.through)

    def choice(self, key: str, default: object = None) -> object:
        return dict(self.choices).get(key, default)

    def with_choices(self, **values: object) -> View:
        merged = dict(self.choices)
        merged.update(values)
        return replace(self, choices=tuple(sorted(merged.items())))

    def with_filters(self, **changes: object) -> View:
        return replace(self, filters=replace(self.filters, **changes))

    # -- words --------------------------------------------------------------------------------------
    def t(self, text: str, **values: object) -> str:
        return t(text, self.language, **values)

    def message(self, text: object) -> object:
        """A loader message in the reader's language."""
        return translate_message(text, self.language)

    def term(self, value: object) -> str:
        """A word of the contract's lists (a status, a format, a genre, a currency...) by its name in the reader's language,
        never the code the export writes ("in-progress" reads "In progress")."""
        return term(value, self.language)

    def country(self, code: object) -> str:
        """A country code as the country's name in the reader's language (the code itself when the reference list has none)."""
        return self.names.country(code, self.language)

    def by_name(self, codes: Iterable[object]) -> list:
        """Country codes in the alphabetical order of their names in the reader's language (pickers list names, not codes)."""
        return sorted(codes, key=lambda code: formatting.collation_key(self.country(code), self.language))

    def sorted_words(self, words: Iterable[str]) -> list[str]:
        return sorted(words, key=lambda word: formatting.collation_key(word, self.language))

    def countries(self, codes: object) -> str:
        """A country list ("IR;RU" or a list of codes) as names joined the language's way."""
        if codes is None or formatting.is_missing(codes):
            return formatting.MISSING
        items = [code for code in (codes.split(";") if isinstance(codes, str) else codes) if str(code).strip()]
        return self.list_words([self.country(str(code).strip()) for code in items])

    def program(self, name: object) -> str:
        return self.names.program(name, self.language)

    def direction(self, value: object) -> str:
        """A direction between the focus pair ("IR→RU") as the reader says it: "Iran → Russia"; in Persian the arrow points
        the way the line reads ("ایران ← روسیه"). Other words of the list (co-production) are translated."""
        text = "" if value is None else str(value)
        if "→" not in text:
            return self.term(text)
        origin, destination = (part.strip() for part in text.split("→", 1))
        arrow = " ← " if self.right_to_left else " → "
        return self.country(origin) + arrow + self.country(destination)

    def list_words(self, words: Iterable[str]) -> str:
        return ("، " if self.language == "fa" else ", ").join(words)

    # -- numbers and dates --------------------------------------------------------------------------
    def number(self, value: object, decimals: int = 0) -> str:
        return formatting.format_number(value, self.language, decimals)

    def measure(self, value: object, measure: str) -> str:
        """A value of a measure (a query column such as `occupancy`, or a kind such as `money`) in the one format that
        measure has on every card, table, chart and brief (formatting.MEASURE_FORMATS)."""
        return formatting.format_measure(value, measure, self.language)

    def signed(self, value: object, decimals: int = 0) -> str:
        return formatting.format_signed(value, self.language, decimals)

    def percent(self, value: object, decimals: int = 1, signed: bool = False) -> str:
        return formatting.format_percent(value, self.language, decimals, signed)

    def share(self, value: object) -> str:
        """A share of a whole, with the decimals a small share needs ("0.0061%")."""
        return formatting.format_share(value, self.language)

    def date(self, value: object) -> str:
        return formatting.format_date(value, self.language, self.calendar)

    def day(self, value: object) -> str:
        return formatting.format_day(value, self.language, self.calendar)

    def month(self, value: object, short: bool = False) -> str:
        return formatting.format_month(value, self.language, self.calendar, short)

    def year(self, value: object) -> str:
        return formatting.format_year(value, self.language)

    def year_label(self, value: object) -> str:
        """A year of the reader's calendar as a chart or a choice names it, marked when the data stop inside it:
        "2026, to 31 Oct" (a partial year never sits unmarked beside whole ones)."""
        if formatting.is_missing(value):
            return formatting.MISSING
        year, through = int(value), self.names.through
        if (
            through is not None
            and formatting.year_of(through, self.calendar) == year
            and through < formatting.year_span(year, self.calendar)[1]
        ):
            return self.t("{year}, to {day}", year=self.year(year), day=formatting.format_day_month(through, self.language, self.calendar))
        return self.year(year)

    def period(self, start: object, end: object) -> str:
        return formatting.format_period(start, end, self.language, self.calendar)

    def digits(self, text: object) -> str:
        return formatting.digits(text, self.language)

    def join(self, parts: list[str]) -> str:
        return formatting.join_parts(parts, self.language)
