"""The export files of the data contract: their columns, types and rules, as data."""

from __future__ import annotations

from dataclasses import dataclass, field

AGREEMENT_TYPES = (
    "memorandum",
    "co-production",
    "distribution",
    "festival-exchange",
    "working-group",
    "academy",
    "association",
    "training",
    "other",
)
AGREEMENT_STATUSES = (
    "proposed",
    "negotiating",
    "signed",
    "in-progress",
    "completed",
    "stalled",
    "cancelled",
)
# Which statuses are still open (an end_date past with one of them is overdue) is defined once, in SQL: the macro
# agreement_is_overdue in core_views.sql, which the loader's warnings and the queries both use.
SIGNED_STATUSES = ("signed", "in-progress", "completed")
FORMATS = ("cinema", "festival", "open-air", "online", "on-board", "tv")
SEATLESS_FORMATS = ("online", "tv")
TARGET_METRICS = ("screenings", "admissions", "films", "agreements_signed")


@dataclass(frozen=True)
class Column:
    """One contract column: its name, kind, whether a value is required, and kind options."""

    name: str
    kind: str  # text, lower, date, country, country_list, text_list, enum, integer, decimal, currency
    required: bool = False
    values: tuple[str, ...] = ()  # allowed values of an enum
    default: str | None = None  # used when the cell is blank
    minimum: int = 0  # integers and decimals must be at least this
    in_header: bool = False  # the header must name the column even though a cell may be blank


@dataclass(frozen=True)
class ExportFile:
    """One table of the data folder: `file` (e.g. screenings.csv) and/or the parts `<table>/*.csv`, loaded as one table."""

    table: str
    file: str
    required: bool
    columns: tuple[Column, ...]
    key: str | None = None  # a column unique across the table's files
    unique_together: tuple[str, ...] = field(default_factory=tuple)

    @property
    def required_columns(self) -> tuple[str, ...]:
        """The columns the header must name: those whose cells are required, and those marked in_header."""
        return tuple(column.name for column in self.columns if column.required or column.in_header)

    @property
    def names(self) -> tuple[str, ...]:
        """Every column's name in contract order: the header an importer or the sample generator writes."""
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    @property
    def folder(self) -> str:
        """The folder of the table's parts: screenings/ for screenings.csv."""
        return self.table


# Where a row came from (a register, a ticketing system, a press line-up); optional on every table, kept as exported.
SOURCE = Column("source", "text")


SCREENINGS = ExportFile(
    table="screenings",
    file="screenings.csv",
    required=True,
    key="screening_id",
    columns=(
        Column("screening_id", "text", required=True),
        Column("screening_date", "date", required=True),
        Column("program", "text", required=True),
        Column("event", "text"),
        Column("film_title", "text", required=True),
        Column("film_country", "country_list", required=True),
        Column("genre", "lower"),
        Column("host_country", "country", required=True),
        Column("city", "text", required=True),
        Column("venue", "text"),
        Column("format", "enum", values=FORMATS, default="cinema"),
        Column("seats", "integer", minimum=0),
        Column("sessions", "integer", minimum=1, default="1"),
        Column("film_id", "text"),
        SOURCE,
    ),
)

ATTENDANCE = ExportFile(
    table="attendance",
    file="attendance.csv",
    required=True,
    columns=(
        Column("screening_id", "text", required=True),
        Column("ticket_type", "lower", required=True),
        # Blank: the admissions are unknown (a gross-only row, a festival that counted nothing); never read as 0. The column
        # itself stays required: a ticketing export without it is most likely the wrong file.
        Column("admissions", "integer", minimum=0, in_header=True),
        Column("gross", "decimal", minimum=0),
        Column("currency", "currency"),
        SOURCE,
    ),
)

AGREEMENTS = ExportFile(
    table="agreements",
    file="agreements.csv",
    required=True,
    key="agreement_id",
    columns=(
        Column("agreement_id", "text", required=True),
        Column("title", "text", required=True),
        Column("agreement_type", "enum", required=True, values=AGREEMENT_TYPES),
        Column("program", "text"),
        Column("parties", "text_list", required=True),
        Column("countries", "country_list", required=True),
        Column("status", "enum", required=True, values=AGREEMENT_STATUSES),
        Column("proposed_date", "date", required=True),
        Column("signed_date", "date"),
        Column("end_date", "date"),
        Column("value_usd", "decimal", minimum=0),
        Column("lead_office", "text"),
        SOURCE,
    ),
)

TARGETS = ExportFile(
    table="targets",
    file="targets.csv",
    required=False,
    unique_together=("year", "metric", "program"),
    columns=(
        Column("year", "integer", required=True, minimum=1900),
        Column("metric", "enum", required=True, values=TARGET_METRICS),
        Column("program", "text"),
        Column("target", "decimal", required=True, minimum=0),
        SOURCE,
    ),
)

# One film under all its titles (contract section 3 of the v2 additions); screenings and releases name it by film_id
# or are matched to it by title.
FILMS = ExportFile(
    table="films",
    file="films.csv",
    required=False,
    key="film_id",
    columns=(
        Column("film_id", "text", required=True),
        Column("original_title", "text", required=True),
        Column("title_en", "text"),
        Column("title_fa", "text"),
        Column("title_ru", "text"),
        Column("year", "integer", minimum=1880),
        Column("countries", "country_list"),
        Column("genre", "lower"),
        Column("aliases", "text_list"),
        SOURCE,
    ),
)

# One national release of one film under one licence or certificate: a run, not a screening.
RELEASES = ExportFile(
    table="releases",
    file="releases.csv",
    required=False,
    key="release_id",
    columns=(
        Column("release_id", "text", required=True),
        Column("film_id", "text"),
        Column("film_title", "text", required=True),
        Column("film_country", "country_list", required=True),
        Column("host_country", "country", required=True),
        Column("release_date", "date", required=True),
        Column("distributor", "text"),
        Column("gross", "decimal", minimum=0),
        Column("currency", "currency"),
        Column("admissions", "integer", minimum=0),
        SOURCE,
    ),
)

# Yearly exchange rates (issue 13, item 6), optional: with them the box office also reads as one total in US dollars,
# converted at the rate of each amount's year and labelled so; without them, per currency only.
EXCHANGE_RATES = ExportFile(
    table="exchange_rates",
    file="exchange_rates.csv",
    required=False,
    unique_together=("currency", "year"),
    columns=(
        Column("currency", "currency", required=True),
        Column("year", "integer", required=True, minimum=1900),
        # The rate to the US dollar: how many units of the currency one US dollar bought that year (e.g. 92.5 roubles): large for weak currencies,
        # so four decimal places keep every rate exact enough.
        Column("rate_to_usd", "decimal", required=True, minimum=0),
        SOURCE,
    ),
)

EXPORT_FILES: tuple[ExportFile, ...] = (SCREENINGS, ATTENDANCE, AGREEMENTS, TARGETS, FILMS, RELEASES, EXCHANGE_RATES)
# A folder that holds releases needs no screenings, attendance or agreements (an importer's output alone is valid).
NOT_REQUIRED_WITH_RELEASES = ("screenings", "attendance", "agreements")
# The prefix of a film_key that stands for a title matching no film (film_key = film_id, else ~ + the title's key).
TITLE_KEY_PREFIX = "~"
