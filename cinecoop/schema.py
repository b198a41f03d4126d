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
# Statuses that still expect work; an end_date in the past with one of these is overdue.
OPEN_STATUSES = ("proposed", "negotiating", "signed", "in-progress", "stalled")
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


@dataclass(frozen=True)
class ExportFile:
    """One CSV of the data folder and the table it loads into."""

    table: str
    file: str
    required: bool
    columns: tuple[Column, ...]
    key: str | None = None  # a column unique in the file
    unique_together: tuple[str, ...] = field(default_factory=tuple)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


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
    ),
)

ATTENDANCE = ExportFile(
    table="attendance",
    file="attendance.csv",
    required=True,
    columns=(
        Column("screening_id", "text", required=True),
        Column("ticket_type", "lower", required=True),
        Column("admissions", "integer", required=True, minimum=0),
        Column("gross", "decimal", minimum=0),
        Column("currency", "currency"),
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
    ),
)

EXPORT_FILES: tuple[ExportFile, ...] = (SCREENINGS, ATTENDANCE, AGREEMENTS, TARGETS)
