"""The leadership brief: what a dashboard page shows, as an A4 PDF with its KPI cards, charts, tables and definitions."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import html
import io
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import plotly
import plotly.graph_objects as go
from fpdf import FPDF
from fpdf.bidi import auto_detect_base_direction
from fpdf.drawing_primitives import convert_to_device_color
from fpdf.enums import TextDirection
from fpdf.fonts import FontFace
from PIL import Image

from cinecoop import i18n, kpi, paths
from cinecoop.catalogue import Query, load_catalogue
from cinecoop.db import Database, QueryError
from cinecoop.figures import agreements as agreement_figures
from cinecoop.figures import exchange as exchange_figures
from cinecoop.figures import overview as overview_figures
from cinecoop.figures import quality as quality_figures
from cinecoop.figures import regional as regional_figures
from cinecoop.figures import screenings as screening_figures
from cinecoop.filters import Filters
from cinecoop.i18n import t

FONTS_DIR = paths.PROJECT_ROOT / "fonts"
TOPOJSON_DIR = paths.STATIC_DIR / "topojson"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
# Who may name the browser: CHROMIUM_PATH as the tests read it, BROWSER_PATH as kaleido and choreographer read it.
BROWSER_ENV = ("CHROMIUM_PATH", "BROWSER_PATH")
# Charts are drawn at the width of a full-width chart on the dashboard (1366-pixel screen), so legends wrap as they do there.
RENDER_WIDTH = 900
# The dashboard's charts take Streamlit's narrow Source Sans; the nearest font every Debian Chromium has is Liberation Sans
# (Arial's metrics). DejaVu Sans, wider, is the fallback, and supplies the Persian and Cyrillic letters.
CHART_FONT = "'Liberation Sans', Arial, 'DejaVu Sans', sans-serif"
RENDER_SCALE = 2
RENDER_TIMEOUT = 60
DEFAULT_CHART_HEIGHT = 450
# Every request the chart browser makes goes to a closed local port: plotly.js, the maps and fonts are files on disk,
# so a chart that would fetch anything from another host fails here instead of leaking the view to it.
OFFLINE_PROXY = "http://127.0.0.1:9"
MAX_TABLE_ROWS = 500
NO_BROWSER_NOTE = "Charts omitted: no browser for rendering was found (CHROMIUM_PATH names one); the text and tables are complete."
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹"
TABLE_FONT_SIZE = 7.2
CELL_PADDING = (1.1, 1.3)  # millimetres above and below, left and right

# One chart browser at a time: each is a Chromium, and the server has two cores.
_render_lock = threading.Lock()


class BriefError(ValueError):
    """The brief cannot be made as asked (an unknown page); the message says what to ask instead."""


# -- the registry: what each page's brief holds ---------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One table column: the query column, its heading (English, through t()), how to write its values, the definition it footnotes."""

    name: str
    label: str
    kind: str = "text"  # text, list (codes joined by ;), count, plain, percent, money, money0, days, date, year
    definition: str | None = None  # the DEFINITIONS key footnoted on the heading


@dataclass(frozen=True)
class ChartItem:
    """A chart of the page: a catalogue query (or a frame made from the load report) drawn by the page's own builder."""

    query: str | None
    build: Callable[[pd.DataFrame, Context], go.Figure]
    caption: str = ""
    caption_definition: str | None = None  # a DEFINITIONS entry the caption ends with, word for word
    empty_message: str = "Nothing matches the filters for this chart."
    is_empty: Callable[[pd.DataFrame], bool] = lambda frame: frame.empty
    frame: Callable[[Context], pd.DataFrame] | None = None


@dataclass(frozen=True)
class TableItem:
    """A table of the page, every row of it, continued across PDF pages with its heading row repeated."""

    query: str | None
    title: str
    columns: tuple[Column, ...]
    caption: str = ""
    empty_message: str = "Nothing matches the filters for this table."
    frame: Callable[[Context], pd.DataFrame] | None = None


@dataclass(frozen=True)
class Section:
    """A part of the page: its heading, its cards (kpi, agreements, load or none), its charts and tables."""

    title: str | None = None
    cards: str | None = None
    items: tuple[ChartItem | TableItem, ...] = ()
    caption: str = ""
    program: str | None = None  # a regional section shows its own programme whatever the programme filter says


@dataclass(frozen=True)
class PageBrief:
    """One page's brief: its title, the files it needs, its sections, the definitions footnoted."""

    title: str
    sections: tuple[Section, ...]
    requires: tuple[str, ...] = ()
    definitions: tuple[str, ...] = ()
    note: str = ""
    shows_focus: bool = False  # the page compares the focus pair of countries

    def chart_items(self) -> Iterator[tuple[Section, ChartItem]]:
        for section in self.sections:
            for item in section.items:
                if isinstance(item, ChartItem):
                    yield section, item


@dataclass
class Context:
    """What the builders need besides a frame: the data, the filters of the section, the language, today."""

    database: Database
    catalogue: dict[str, Query]
    filters: Filters
    language: str
    today: dt.date
    names: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    occupancy_kpi: float | None = None

    def country_name(self, code: str) -> str:
        names = self.names.get(code)
        if not names:
            return code
        index = {"en": 0, "fa": 1, "ru": 2}.get(self.language, 0)
        return names[index] or names[0] or code

    def named(self, frame: pd.DataFrame, code_column: str) -> pd.DataFrame:
        """Country names in the reader's language, as the pages add them before drawing."""
        named = frame.copy()
        named["country_name"] = [self.country_name(code) for code in named[code_column]]
        return named

    def occupancy(self) -> float | None:
        """The occupancy KPI of the filters, for the dashed line of the occupancy histogram."""
        if self.occupancy_kpi is None:
            row = run_query(self, "kpi_summary").iloc[0]
            self.occupancy_kpi = None if kpi.is_missing(row["occupancy"]) else float(row["occupancy"])
        return self.occupancy_kpi


AGREEMENT_COLUMNS = (
    Column("agreement_id", "Id"),
    Column("title", "Title"),
    Column("agreement_type", "Type"),
    Column("program", "Programme"),
    Column("status", "Status"),
    Column("countries", "Countries", "list"),
    Column("proposed_date", "Proposed", "date"),
    Column("signed_date", "Signed", "date"),
    Column("value_usd", "Value (USD)", "money0"),
)
PROGRAMME_AGREEMENT_COLUMNS = tuple(column for column in AGREEMENT_COLUMNS if column.name != "program")
HEADLINE_DEFINITIONS = ("screenings", "admissions", "occupancy", "films", "agreements_signed", "previous period")
FOCUS_CAPTION = "Direction: between a focus pair of countries A and B; here A is {a} and B is {b}."


def _regional_section(program: str, items: tuple[ChartItem | TableItem, ...], caption: str) -> Section:
    return Section(title=program, cards="kpi", items=items, caption=caption, program=program)


PAGES: dict[str, PageBrief] = {
    "overview": PageBrief(
        title="Overview",
        requires=("screenings", "attendance", "agreements"),
        shows_focus=True,
        definitions=(*HEADLINE_DEFINITIONS, "direction"),
        sections=(
            Section(
                cards="kpi",
                items=(
                    ChartItem(
                        "admissions_by_month_and_direction",
                        lambda frame, ctx: overview_figures.direction_trend_figure(frame, *ctx.filters.focus),
                        caption=FOCUS_CAPTION,
                        empty_message="No screenings between {a} and {b} match the filters.",
                    ),
                    TableItem(
                        "kpis_by_program",
                        "Programme scoreboard",
                        (
                            Column("program", "Programme"),
                            Column("screenings", "Screenings", "count", "screenings"),
                            Column("admissions", "Admissions", "count", "admissions"),
                            Column("occupancy", "Occupancy", "percent", "occupancy"),
                            Column("films", "Films", "count", "films"),
                        ),
                    ),
                ),
            ),
            Section(
                title="Agreements",
                items=(
                    ChartItem(
                        "agreement_pipeline_by_status",
                        lambda frame, ctx: overview_figures.pipeline_figure(frame),
                        caption="Status as exported today, for the chosen programmes and host countries; the dates do not apply.",
                        empty_message="No agreements match the filters.",
                    ),
                    TableItem(
                        "latest_agreements_by_signed_date",
                        "Latest agreements signed",
                        (
                            Column("signed_date", "Signed", "date"),
                            Column("title", "Agreement"),
                            Column("program", "Programme"),
                            Column("status", "Status"),
                        ),
                    ),
                ),
            ),
        ),
    ),
    "screenings": PageBrief(
        title="Screenings and attendance",
        requires=("screenings", "attendance"),
        definitions=HEADLINE_DEFINITIONS,
        sections=(
            Section(
                cards="kpi",
                items=(
                    ChartItem(
                        "screenings_by_month_and_program",
                        lambda frame, ctx: screening_figures.month_program_figure(frame, "admissions"),
                    ),
                    ChartItem("admissions_by_city", lambda frame, ctx: screening_figures.city_map_figure(frame)),
                    ChartItem("admissions_by_host_country", lambda frame, ctx: screening_figures.host_country_figure(frame)),
                    ChartItem("screenings_by_format", lambda frame, ctx: screening_figures.format_figure(frame)),
                    ChartItem("admissions_by_genre", lambda frame, ctx: screening_figures.genre_figure(frame)),
                    ChartItem(
                        "screenings_by_occupancy_band",
                        lambda frame, ctx: screening_figures.occupancy_figure(frame, ctx.occupancy()),
                        caption=(
                            "The bars count screening rows by their own occupancy; rows without known seats (online, TV) are left out. "
                            "The dashed line is the occupancy KPI: "
                        ),
                        caption_definition="occupancy",
                    ),
                    ChartItem("admissions_by_film", lambda frame, ctx: screening_figures.top_films_figure(frame)),
                    ChartItem("admissions_by_venue", lambda frame, ctx: screening_figures.top_venues_figure(frame)),
                    TableItem(
                        "gross_by_currency",
                        "Box office by currency",
                        (
                            Column("currency", "Currency"),
                            Column("attendance_rows", "Ticket rows", "count"),
                            Column("admissions", "Admissions", "count", "admissions"),
                            Column("gross", "Gross (in that currency)", "money"),
                        ),
                        caption=(
                            "Each currency on its own line: amounts in different currencies are never added together. "
                            "“no gross” counts the admissions of ticket rows exported without an amount."
                        ),
                    ),
                ),
            ),
        ),
    ),
    "exchange": PageBrief(
        title="Exchange balance",
        requires=("screenings", "attendance"),
        shows_focus=True,
        definitions=(*HEADLINE_DEFINITIONS, "direction"),
        sections=(
            Section(
                cards="kpi",
                caption=FOCUS_CAPTION,
                items=(
                    TableItem(
                        "exchange_by_year_and_direction",
                        "Each way by year",
                        (
                            Column("year", "Year", "year"),
                            Column("direction", "Direction"),
                            Column("admissions", "Admissions", "count", "admissions"),
                            Column("screenings", "Screenings", "count", "screenings"),
                            Column("titles", "Titles", "count"),
                        ),
                        empty_message="No screenings between {a} and {b} match the filters.",
                    ),
                    ChartItem(
                        "exchange_by_year_and_direction",
                        lambda frame, ctx: exchange_figures.direction_year_figure(frame, "admissions", *ctx.filters.focus),
                        empty_message="No screenings between {a} and {b} match the filters.",
                    ),
                    ChartItem(
                        "exchange_balance_by_year",
                        lambda frame, ctx: exchange_figures.balance_figure(frame),
                        empty_message="No screenings from {a} in {b} or from {b} in {a} match the filters.",
                    ),
                    TableItem(
                        "coproductions_by_film",
                        "Co-productions of {a} and {b}",
                        (
                            Column("film_title", "Film"),
                            Column("film_country", "Made in", "list"),
                            Column("first_screening", "First screening", "date"),
                            Column("screenings", "Screenings", "count", "screenings"),
                            Column("admissions", "Admissions", "count", "admissions"),
                            Column("host_countries", "Shown in", "list"),
                        ),
                    ),
                    ChartItem(
                        "admissions_by_film_country_and_host_country",
                        lambda frame, ctx: exchange_figures.flows_figure(frame),
                        caption="Every country in the selection, not only the focus pair.",
                    ),
                ),
            ),
        ),
    ),
    "agreements": PageBrief(
        title="Agreements",
        requires=("agreements",),
        definitions=("agreements_signed", "previous period"),
        note=(
            "Agreements follow the programme and host-country filters (an agreement matches when one of its countries is a chosen host). "
            "The film-country filter does not apply to agreements. Each chart says which date the date range applies to."
        ),
        sections=(
            Section(
                cards="agreements",
                items=(
                    ChartItem(
                        "agreements_by_status",
                        lambda frame, ctx: agreement_figures.pipeline_figure(frame),
                        caption="Date range: on proposed_date. Each agreement is counted once, in its status today.",
                        empty_message="No agreement was proposed in the date range.",
                    ),
                    ChartItem(
                        "days_to_signature_by_type",
                        lambda frame, ctx: agreement_figures.days_to_signature_figure(frame),
                        caption="Date range: on signed_date. Days from proposed_date to signed_date.",
                        empty_message="No agreement was signed in the date range.",
                    ),
                    ChartItem(
                        "agreements_by_type",
                        lambda frame, ctx: agreement_figures.by_type_figure(frame),
                        caption="Date range: on proposed_date. Bars are split by the status today.",
                        empty_message="No agreement was proposed in the date range.",
                    ),
                    ChartItem(
                        "agreements_by_partner_country",
                        lambda frame, ctx: agreement_figures.by_partner_country_figure(ctx.named(frame, "country")),
                        caption=(
                            "Date range: on proposed_date. An agreement counts once for every country it names, "
                            "so the bars add up to more than the number of agreements."
                        ),
                        empty_message="No agreement was proposed in the date range.",
                    ),
                    TableItem(
                        "agreements_overdue",
                        "Stalled and overdue",
                        (
                            Column("agreement_id", "Id"),
                            Column("title", "Title"),
                            Column("status", "Status"),
                            Column("reason", "Why listed"),
                            Column("end_date", "End date", "date"),
                            Column("days_overdue", "Days past end", "count"),
                            Column("lead_office", "Lead office"),
                        ),
                        caption=(
                            "Stalled, or still open with an end_date before today ({today}). The date range does not apply: "
                            "this is the state today."
                        ),
                        empty_message="No agreement of the chosen programmes and host countries is stalled or past its end date.",
                    ),
                    ChartItem(
                        "agreement_timeline",
                        lambda frame, ctx: agreement_figures.timeline_figure(frame, ctx.today),
                        caption=(
                            "Date range: on proposed_date. Grey line: from proposal to signature. Thick line in the status colour: "
                            "from signature to the end date (to today when no end date is given). Dotted line: not signed yet."
                        ),
                        empty_message="No agreement was proposed in the date range.",
                    ),
                    TableItem(
                        "agreement_register",
                        "All agreements",
                        AGREEMENT_COLUMNS,
                        caption="Agreements proposed in the date range, of the chosen programmes and host countries.",
                        empty_message="No agreement was proposed in the date range for the chosen programmes and host countries.",
                    ),
                ),
            ),
        ),
    ),
    "regional": PageBrief(
        title="Regional programmes",
        requires=("screenings", "attendance"),
        definitions=HEADLINE_DEFINITIONS,
        note=(
            "Each section shows its own programme, so the programme filter does not apply here; "
            "the date range, host-country and film-country filters do."
        ),
        sections=(
            _regional_section(
                regional_figures.CASPIAN,
                (
                    ChartItem(
                        "caspian_coverage_by_country",
                        lambda frame, ctx: regional_figures.caspian_coverage_figure(ctx.named(frame, "country")),
                        caption="Date range: on screening_date. With a host-country filter, only the chosen littoral states are listed.",
                        empty_message="No Caspian Film Program screening matches the filters.",
                        is_empty=lambda frame: frame.empty or not frame["covered"].astype(bool).any(),
                    ),
                    TableItem(
                        "caspian_onboard_events",
                        "Events held on board",
                        (
                            Column("event", "Event"),
                            Column("venue", "Vessel (venue)"),
                            Column("host_country", "Counted for"),
                            Column("first_day", "First day", "date"),
                            Column("last_day", "Last day", "date"),
                            Column("screenings", "Screenings", "count", "screenings"),
                            Column("films", "Films", "count", "films"),
                            Column("admissions", "Admissions", "count", "admissions"),
                        ),
                    ),
                    TableItem("agreement_register", "Agreements of the programme", PROGRAMME_AGREEMENT_COLUMNS),
                ),
                "The programme of the five Caspian littoral states (countries grouped CASPIAN in the reference list: "
                "Azerbaijan, Iran, Kazakhstan, Russia, Turkmenistan), including screenings on board ships.",
            ),
            _regional_section(
                regional_figures.SCO,
                (
                    ChartItem(
                        "sco_participation_by_member_and_year",
                        lambda frame, ctx: regional_figures.sco_participation_figure(ctx.named(frame, "country"), "hosted_screenings"),
                        empty_message="No SCO Filmmakers Working Group screening matches the filters.",
                    ),
                    ChartItem(
                        "sco_participation_by_member_and_year",
                        lambda frame, ctx: regional_figures.sco_participation_figure(ctx.named(frame, "country"), "film_screenings"),
                        caption=(
                            "Date range: on screening_date, by calendar year. A co-production counts for each of its countries. "
                            "A dash means the member took no part that year."
                        ),
                        empty_message="No SCO Filmmakers Working Group screening matches the filters.",
                    ),
                    TableItem("agreement_register", "Agreements of the programme", PROGRAMME_AGREEMENT_COLUMNS),
                ),
                "The working group of filmmakers from the SCO member states (countries grouped SCO in the reference list). "
                "A member takes part in a year when it hosts screenings or its films are shown.",
            ),
            _regional_section(
                regional_figures.ACADEMY,
                (
                    ChartItem(
                        "academy_screenings_by_country",
                        lambda frame, ctx: regional_figures.academy_screenings_figure(ctx.named(frame, "host_country")),
                        caption="Date range: on screening_date.",
                        empty_message="No Eurasian Film Academy screening matches the filters.",
                    ),
                    TableItem("academy_agreements", "Academy agreements", AGREEMENT_COLUMNS),
                ),
                "The Eurasian Film Academy: its screenings, and the academy agreements of every programme.",
            ),
        ),
    ),
    "data_quality": PageBrief(
        title="Data quality",
        sections=(
            Section(
                cards="load",
                items=(
                    TableItem(
                        None,
                        "Files",
                        (
                            Column("file", "File"),
                            Column("status", "Status"),
                            Column("rows_read", "Rows read", "count"),
                            Column("rows_loaded", "Loaded", "count"),
                            Column("rows_rejected", "Rejected", "count"),
                            Column("warnings", "Warnings", "count"),
                            Column("read_equals_loaded_plus_rejected", "Read = loaded + rejected"),
                            Column("first_date", "First date", "date"),
                            Column("last_date", "Last date", "date"),
                        ),
                        caption="For every file, rows read = rows loaded + rows rejected. A warning keeps its row; a rejected row is left out.",
                        frame=lambda ctx: quality_figures.files_frame(ctx.database.report),
                    ),
                    ChartItem(
                        "problems_by_file",
                        lambda frame, ctx: quality_figures.problems_by_file_figure(frame),
                        empty_message="The loader reported no problem.",
                    ),
                    ChartItem(
                        None,
                        lambda frame, ctx: quality_figures.file_dates_figure(frame),
                        empty_message="No file with dates was loaded.",
                        is_empty=lambda frame: not frame["first_date"].notna().any(),
                        frame=lambda ctx: quality_figures.files_frame(ctx.database.report),
                    ),
                    TableItem(
                        "problems_by_line",
                        "Problems by line",
                        (
                            Column("file", "File"),
                            Column("line", "Line", "plain"),
                            Column("severity", "Severity"),
                            Column("column_name", "Column"),
                            Column("value", "Value"),
                            Column("message", "Message"),
                        ),
                        caption=(
                            "Line numbers are the physical lines of the file; the header is line 1. "
                            "Errors were rejected, warnings were kept."
                        ),
                        empty_message="The loader reported no problem.",
                    ),
                ),
            ),
        ),
    ),
}
PAGE_NAMES = tuple(PAGES)


# -- numbers: the cards, the queries ---------------------------------------------------------------------
@dataclass(frozen=True)
class CardView:
    """A card as printed: label, value, change (with its sign for the colour), a note, the target progress."""

    label: str
    value: str
    delta: str | None = None
    sign: int = 0
    note: str | None = None
    progress: float | None = None
    progress_text: str | None = None
    definition: str | None = None


@dataclass(frozen=True)
class Brief:
    """A finished brief: the PDF, the notes for whoever asked for it, and how many charts it holds of how many planned."""

    pdf: bytes
    notes: list[str]
    charts_drawn: int
    charts_planned: int


def run_query(ctx: Context, name: str, filters: Filters | None = None) -> pd.DataFrame:
    """A catalogue query's rows for the section's filters; a missing or broken query raises QueryError with its words."""
    query = ctx.catalogue.get(name)
    if query is None:
        raise QueryError(name, None, t("The query file queries/{name}.sql is missing.", language=ctx.language, name=name))
    if query.problems:
        raise QueryError(name, query.path, "; ".join(query.problems))
    return ctx.database.run(query, filters or ctx.filters).frame


def _targets(ctx: Context) -> dict[str, tuple[int, str | None, float]]:
    """The targets that apply to the filters, as the Overview reads them from targets_by_metric."""
    try:
        frame = run_query(ctx, "targets_by_metric")
    except QueryError:
        return {}
    return {
        str(row.metric): (int(row.year), None if pd.isna(row.program) else str(row.program), float(row.target))
        for row in frame.itertuples(index=False)
    }


def kpi_cards(ctx: Context) -> tuple[list[CardView], list[str]]:
    """The five KPI cards of the Overview for the section's filters (kpi.build_cards), and the caption under them."""
    current = run_query(ctx, "kpi_summary").iloc[0].to_dict()
    previous_filters = ctx.filters.previous()
    previous = run_query(ctx, "kpi_summary", previous_filters).iloc[0].to_dict() if previous_filters else None
    cards = kpi.build_cards(current, previous, ctx.filters, {}, _targets(ctx))
    views = []
    for card in cards:
        amount = kpi.change_amount(card.metric, current.get(card.metric), previous.get(card.metric)) if previous else None
        sign = 0 if card.delta_color == "off" or not amount else (1 if amount > 0 else -1)
        views.append(
            CardView(
                label=card.label,
                value=card.value,
                delta=card.delta,
                sign=sign,
                note=card.delta_description,
                progress=card.progress,
                progress_text=card.progress_text,
                definition=card.metric,
            )
        )
    return views, _card_notes(ctx, previous_filters)


def _card_notes(ctx: Context, previous_filters: Filters | None) -> list[str]:
    language = ctx.language
    if previous_filters is not None:
        notes = [
            t(
                "Changes compare with {period}, the previous period of the same length.",
                language=language,
                period=kpi.period_text(previous_filters),
            )
        ]
    else:
        notes = [t("Choose a start and an end date to compare with the previous period.", language=language)]
    notes.append(
        t(
            "Targets are for a whole calendar year: progress is shown only when the dates lie within one year, "
            "with no programme or exactly one programme chosen and no country filter (no pro rata).",
            language=language,
        )
    )
    return notes


def agreement_cards(ctx: Context) -> tuple[list[CardView], list[str]]:
    """The Agreements page's four figures: proposed and signed (with their change), median days to signature, stuck today."""
    language = ctx.language
    previous_filters = ctx.filters.previous()
    by_status = run_query(ctx, "agreements_by_status")
    proposed = int(by_status["agreements"].sum())
    signed = int(run_query(ctx, "kpi_summary").iloc[0]["agreements_signed"])
    proposed_change = signed_change = None
    proposed_sign = signed_sign = 0
    if previous_filters is not None:
        proposed_before = int(run_query(ctx, "agreements_by_status", previous_filters)["agreements"].sum())
        signed_before = int(run_query(ctx, "kpi_summary", previous_filters).iloc[0]["agreements_signed"])
        proposed_change = kpi.format_change("agreements_signed", proposed, proposed_before)
        signed_change = kpi.format_change("agreements_signed", signed, signed_before)
        proposed_sign = (proposed > proposed_before) - (proposed < proposed_before)
        signed_sign = (signed > signed_before) - (signed < signed_before)
    days = run_query(ctx, "days_to_signature_by_type")
    overall = days[days["all_types"].astype(bool)]
    median = f"{float(overall['median_days'].iloc[0]):,.1f}".removesuffix(".0") if not overall.empty else "—"
    overdue = run_query(ctx, "agreements_overdue")
    cards = [
        CardView(t("Agreements proposed", language=language), f"{proposed:,}", proposed_change, proposed_sign),
        CardView(t("Agreements signed", language=language), f"{signed:,}", signed_change, signed_sign, definition="agreements_signed"),
        CardView(t("Median days to signature", language=language), median),
        CardView(t("Stalled or overdue today", language=language), f"{len(overdue):,}"),
    ]
    notes = []
    if previous_filters is not None:
        notes.append(
            t(
                "Changes compare with {period}, the previous period of the same length.",
                language=language,
                period=kpi.period_text(previous_filters),
            )
        )
    notes.append(
        t(
            "Proposed: on proposed_date; signed: on signed_date; median days from proposed_date to signed_date over the "
            "agreements signed in the date range; stalled or overdue: the state today, whatever the dates.",
            language=language,
        )
    )
    return cards, notes


def load_cards(ctx: Context) -> tuple[list[CardView], list[str]]:
    """What the load gave: files usable, rows loaded, rows rejected, warnings."""
    language = ctx.language
    files = ctx.database.report.files
    usable = sum(1 for file in files if file.usable)
    cards = [
        CardView(t("Files loaded", language=language), t("{loaded} of {total}", language=language, loaded=usable, total=len(files))),
        CardView(t("Rows loaded", language=language), f"{sum(file.rows_loaded for file in files):,}"),
        CardView(t("Rows rejected", language=language), f"{sum(file.rows_rejected for file in files):,}"),
        CardView(t("Warnings", language=language), f"{sum(file.warnings for file in files):,}"),
    ]
    return cards, [t("A warning keeps its row; a rejected row is left out of every table.", language=language)]


CARD_BUILDERS: dict[str, Callable[[Context], tuple[list[CardView], list[str]]]] = {
    "kpi": kpi_cards,
    "agreements": agreement_cards,
    "load": load_cards,
}


def filters_in_words(filters: Filters, language: str = "en") -> str:
    """The filters as Filters.describe() words them, each part through t() so the brief speaks the reader's language."""
    parts = []
    if filters.start or filters.end:
        start = filters.start.isoformat() if filters.start else t("the first screening", language=language)
        end = filters.end.isoformat() if filters.end else t("the latest", language=language)
        parts.append(t("from {start} to {end}", language=language, start=start, end=end))
    else:
        parts.append(t("all dates", language=language))
    everything = t("all", language=language)
    parts.append(t("programmes: {values}", language=language, values=", ".join(filters.programs) or everything))
    parts.append(t("host countries: {values}", language=language, values=", ".join(filters.host_countries) or everything))
    parts.append(t("film countries: {values}", language=language, values=", ".join(filters.film_countries) or everything))
    return "; ".join(parts)


# -- the charts: drawn by Chromium through kaleido --------------------------------------------------------
def _executable(path: str) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def browser_path() -> str | None:
    """The Chromium that draws the charts, found the way the tests find it; None when there is none.

    CHROMIUM_PATH (or kaleido's BROWSER_PATH), else `chromium` or `chromium-browser` on PATH, else /usr/bin/chromium.
    A path set in the environment is final: when it names no browser the brief says so instead of using another one."""
    for name in BROWSER_ENV:
        chosen = os.environ.get(name, "").strip()
        if chosen:
            return chosen if _executable(chosen) else None
    for candidate in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and _executable(candidate):
            return candidate
    return None


def render_charts(figures: list[go.Figure], browser: str) -> list[bytes]:
    """PNG images of the figures at the brief's width, drawn offline by one Chromium session (plotly.js and the maps from disk)."""
    import kaleido

    topojson = TOPOJSON_DIR.as_uri() + "/"
    for figure in figures:
        figure.update_layout(font_family=CHART_FONT)

    async def draw() -> list[bytes]:
        images = []
        async with kaleido.Kaleido(
            path=browser, n=1, timeout=RENDER_TIMEOUT, plotlyjs=PLOTLY_JS, mathjax=False, proxy_server=OFFLINE_PROXY
        ) as browser_session:
            for figure in figures:
                height = int(figure.layout.height or DEFAULT_CHART_HEIGHT)
                opts = {"format": "png", "width": RENDER_WIDTH, "height": height, "scale": RENDER_SCALE}
                images.append(await browser_session.calc_fig(figure, opts=opts, topojson=topojson))
        return images

    outcome: dict[str, object] = {}

    def work() -> None:
        # A thread of its own: the caller may be inside an event loop (Streamlit's script thread is not, the tests' may be).
        try:
            outcome["images"] = asyncio.run(draw())
        except BaseException as error:
            outcome["error"] = error

    with _render_lock:
        thread = threading.Thread(target=work, name="cinecoop-brief-charts", daemon=True)
        thread.start()
        thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["images"]  # type: ignore[return-value]


# -- collecting what the page shows ------------------------------------------------------------------
@dataclass
class Block:
    """One thing to print, in order: a heading, a paragraph, cards, a chart or a table."""

    kind: str  # heading, subheading, caption, message, cards, chart, table
    text: str = ""
    cards: list[CardView] = field(default_factory=list)
    figure: go.Figure | None = None
    frame: pd.DataFrame | None = None
    columns: tuple[Column, ...] = ()
    image: bytes | None = None


def _values(ctx: Context) -> dict[str, object]:
    return {"a": ctx.filters.focus[0], "b": ctx.filters.focus[1], "today": ctx.today.isoformat()}


def _frame(item: ChartItem | TableItem, ctx: Context) -> pd.DataFrame:
    return item.frame(ctx) if item.frame is not None else run_query(ctx, item.query or "")


def collect(spec: PageBrief, ctx: Context, notes: list[str]) -> list[Block]:
    """Run the page's queries and builders into blocks; a failing part becomes a message in place, as on the page."""
    language = ctx.language
    blocks: list[Block] = []
    report = ctx.database.report
    for table in spec.requires:
        file = report.file(table)
        if not file.usable and file.required:
            message = t("{file} could not be loaded: {reason}", language=language, file=file.file, reason=file.file_error or file.status)
            blocks.append(Block("message", message))
            notes.append(message)
    if spec.note:
        blocks.append(Block("caption", t(spec.note, language=language)))
    base = ctx.filters
    said: set[str] = set()
    for section in spec.sections:
        ctx.filters = replace(base, programs=(section.program,)) if section.program else base
        ctx.occupancy_kpi = None
        values = _values(ctx)
        if section.title:
            blocks.append(Block("heading", t(section.title, language=language, **values)))
        if section.caption:
            blocks.append(Block("caption", t(section.caption, language=language, **values)))
        if section.cards:
            try:
                cards, card_notes = CARD_BUILDERS[section.cards](ctx)
                blocks.append(Block("cards", cards=cards))
                # Said once: the regional sections' cards share their notes.
                blocks.extend(Block("caption", note) for note in card_notes if note not in said)
                said.update(card_notes)
            except (QueryError, IndexError, KeyError) as error:
                blocks.append(Block("message", t("The KPIs could not be computed. {error}", language=language, error=error)))
        for item in section.items:
            blocks.extend(_item_blocks(item, ctx, values))
    ctx.filters = base
    return blocks


def _item_blocks(item: ChartItem | TableItem, ctx: Context, values: dict[str, object]) -> list[Block]:
    language = ctx.language
    blocks: list[Block] = []
    if isinstance(item, TableItem):
        blocks.append(Block("subheading", t(item.title, language=language, **values)))
        if item.caption:
            blocks.append(Block("caption", t(item.caption, language=language, **values)))
        try:
            frame = _frame(item, ctx)
        except QueryError as error:
            return [*blocks, Block("message", t("This table could not be shown. {error}", language=language, error=error))]
        if frame.empty:
            return [*blocks, Block("caption", t(item.empty_message, language=language, **values))]
        if not any(column.name in frame.columns for column in item.columns):
            wanted = ", ".join(column.name for column in item.columns)
            error = f"{item.query or item.title}: none of the columns {wanted}"
            return [*blocks, Block("message", t("This table could not be shown. {error}", language=language, error=error))]
        if len(frame) > MAX_TABLE_ROWS:
            blocks.append(
                Block(
                    "caption",
                    t(
                        "The first {shown} of {total} rows; the dashboard and its CSV download have them all.",
                        language=language,
                        shown=f"{MAX_TABLE_ROWS:,}",
                        total=f"{len(frame):,}",
                    ),
                )
            )
            frame = frame.head(MAX_TABLE_ROWS)
        return [*blocks, Block("table", frame=frame, columns=item.columns)]
    try:
        frame = _frame(item, ctx)
    except QueryError as error:
        return [Block("message", t("This chart could not be drawn. {error}", language=language, error=error))]
    if item.is_empty(frame):
        return [Block("caption", t(item.empty_message, language=language, **values))]
    try:
        figure = item.build(frame, ctx)
    except Exception as error:  # a builder that cannot draw these rows: say so in place, keep the rest of the brief
        return [Block("message", t("This chart could not be drawn. {error}", language=language, error=error))]
    blocks.append(Block("chart", figure=figure))
    if item.caption:
        caption = t(item.caption, language=language, **values)
        if item.caption_definition:
            caption += t(kpi.DEFINITIONS[item.caption_definition], language=language)
        blocks.append(Block("caption", caption))
    return blocks


def _country_names(database: Database) -> dict[str, tuple[str, str, str]]:
    try:
        frame = database.run_sql("SELECT code, name_en, name_fa, name_ru FROM countries")
    except Exception:  # no reference table: codes stand for themselves
        return {}
    return {str(row.code): (row.name_en, row.name_fa, row.name_ru) for row in frame.itertuples(index=False)}


# -- the PDF -----------------------------------------------------------------------------------------------
TEXT = (33, 37, 41)
MUTED = (96, 103, 112)
ACCENT = (0, 114, 178)
RULE = (206, 212, 218)
UP = (0, 128, 64)
DOWN = (196, 43, 28)
SAMPLE_FILL = (255, 243, 205)
NOTE_FILL = (232, 240, 250)
ERROR_FILL = (252, 228, 226)
HEADING_FILL = (232, 236, 241)
ZEBRA = (247, 248, 250)


def has_arabic_script(text: str) -> bool:
    return bool(ARABIC_SCRIPT.search(text))


def is_right_to_left(text: str) -> bool:
    return auto_detect_base_direction(text) == TextDirection.RTL


def marker(index: int) -> str:
    return SUPERSCRIPTS[index - 1] if 1 <= index <= len(SUPERSCRIPTS) else f"[{index}]"


def cell_text(value: object, kind: str, language: str = "en") -> str:
    """A table cell as the page writes it: thousands separators, percents, ISO dates, a dash when empty."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)) and getattr(value, "ndim", 0) > 0:
        return "; ".join(str(item) for item in value.tolist())
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return "—"
    if isinstance(value, bool):
        return t("yes", language=language) if value else t("no", language=language)
    if kind == "list":
        # "AM;AZ;BY;CN;..." would be one unbreakable word wider than its column.
        return "; ".join(part.strip() for part in str(value).split(";"))
    if kind == "count":
        return f"{int(value):,}"
    if kind in ("plain", "year"):
        return str(int(value))
    if kind == "percent":
        return f"{float(value):.1%}"
    if kind == "money":
        return f"{float(value):,.2f}"
    if kind == "money0":
        return f"{float(value):,.0f}"
    if kind == "days":
        return f"{float(value):,.1f}".removesuffix(".0")
    if kind == "date":
        return pd.Timestamp(value).date().isoformat()
    return str(value)


class BriefPDF(FPDF):
    """A4 pages with the brief's fonts, Persian shaped right to left, and a footer with the page number."""

    def __init__(self, language: str, footer_text: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.language = language
        self.footer_text = footer_text
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(True, margin=17)
        self.add_font("dejavu", "", str(FONTS_DIR / "DejaVuSans.ttf"))
        self.add_font("dejavu", "B", str(FONTS_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font("vazirmatn", "", str(FONTS_DIR / "Vazirmatn-Regular.ttf"))
        self.add_font("vazirmatn", "B", str(FONTS_DIR / "Vazirmatn-Bold.ttf"))
        # HarfBuzz joins Persian letters and the Unicode bidi algorithm orders each paragraph by its first strong letter.
        self.set_text_shaping(True)
        # Vazirmatn has no Cyrillic and no arrows (IR→RU): those come from DejaVu Sans.
        self.set_fallback_fonts(["dejavu"], exact_match=False)
        self.set_lang(language)
        self.set_creator("Cinecoop")
        self.set_author("Cinecoop")

    def family(self, text: str) -> str:
        return "vazirmatn" if has_arabic_script(text) else "dejavu"

    def use(self, text: str, size: float, bold: bool = False, color: tuple[int, int, int] = TEXT) -> None:
        self.set_font(self.family(text), "B" if bold else "", size)
        self.set_text_color(*color)

    def align_for(self, text: str) -> str:
        return "R" if is_right_to_left(text) else "L"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y() - 1.5, self.w - self.r_margin, self.get_y() - 1.5)
        number = t("page {page} of {pages}", language=self.language, page=self.page_no(), pages="{nb}")
        width = self.epw / 2
        self.use(self.footer_text, 7, color=MUTED)
        self.cell(width + 20, 5, self.footer_text, align=self.align_for(self.footer_text))
        self.use(number, 7, color=MUTED)
        self.set_x(self.w - self.r_margin - width + 20)
        self.cell(width - 20, 5, number, align="R")

    def paragraph(self, text: str, size: float = 9, bold: bool = False, color: tuple[int, int, int] = TEXT, after: float = 1.5) -> None:
        self.use(text, size, bold, color)
        self.multi_cell(0, size * 0.48, text, align=self.align_for(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(after)

    def boxed(self, text: str, fill: tuple[int, int, int], size: float = 8.5, bold: bool = False) -> None:
        """A paragraph on a coloured band: the sample notice, the notes, an error in place."""
        self.use(text, size, bold)
        pad = 2.2
        line = size * 0.48
        lines = self.multi_cell(self.epw - 2 * pad, line, text, dry_run=True, output="LINES")
        height = len(lines) * line + 2 * pad
        if self.will_page_break(height):
            self.add_page()
        top = self.get_y()
        self.set_fill_color(*fill)
        self.rect(self.l_margin, top, self.epw, height, style="F")
        self.set_xy(self.l_margin + pad, top + pad)
        self.multi_cell(self.epw - 2 * pad, line, text, align=self.align_for(text), new_x="LMARGIN", new_y="NEXT")
        self.set_y(top + height + 2.5)

    def heading(self, text: str, size: float = 12.5, keep: float = 40) -> None:
        # A heading never sits alone at the foot of a page: it goes over with what follows it.
        if self.will_page_break(keep):
            self.add_page()
        self.ln(2)
        self.paragraph(text, size=size, bold=True, color=TEXT, after=1)

    def card_row(self, cards: list[CardView], markers: dict[str, int]) -> None:
        """The cards side by side, as on the page: label, value, change against the previous period, target progress."""
        gap = 3.0
        count = len(cards)
        width = (self.epw - gap * (count - 1)) / count
        inner = width - 4
        rows = [self._card_lines(card, inner, markers) for card in cards]
        height = max(sum(line_height * len(lines) for _, _, _, _, line_height, lines in row) for row in rows)
        height += 5 + max((3.5 if card.progress is not None else 0) for card in cards)
        if self.will_page_break(height):
            self.add_page()
        top = self.get_y()
        right_to_left = self.language in i18n.RIGHT_TO_LEFT
        for index, (card, row) in enumerate(zip(cards, rows, strict=True)):
            slot = count - 1 - index if right_to_left else index
            left = self.l_margin + slot * (width + gap)
            self.set_draw_color(*RULE)
            self.set_line_width(0.3)
            self.rect(left, top, width, height, style="D")
            y = top + 2
            for text, size, bold, color, line_height, lines in row:
                if text == "":
                    continue
                self.use(text, size, bold, color)
                self.set_xy(left + 2, y)
                self.multi_cell(inner, line_height, text, align=self.align_for(text))
                y += line_height * len(lines)
            if card.progress is not None:
                y += 0.8
                self.set_fill_color(*HEADING_FILL)
                self.rect(left + 2, y, inner, 1.8, style="F")
                self.set_fill_color(*ACCENT)
                self.rect(left + 2, y, inner * min(max(card.progress, 0.0), 1.0), 1.8, style="F")
        self.set_xy(self.l_margin, top + height + 2)

    def _card_lines(self, card: CardView, width: float, markers: dict[str, int]) -> list[tuple]:
        label = card.label + (marker(markers[card.definition]) if card.definition in markers else "")
        delta_color = UP if card.sign > 0 else DOWN if card.sign < 0 else MUTED
        parts = [
            (label, 7.5, False, MUTED),
            (card.value, 14, True, TEXT),
            (card.delta or "", 7.5, True, delta_color),
            (card.note or "", 7, False, MUTED),
            (card.progress_text or "", 6.8, False, MUTED),
        ]
        measured = []
        for text, size, bold, color in parts:
            line_height = size * 0.47
            if not text:
                measured.append(("", size, bold, color, line_height, []))
                continue
            self.use(text, size, bold, color)
            lines = self.multi_cell(width, line_height, text, dry_run=True, output="LINES")
            measured.append((text, size, bold, color, line_height, lines))
        return measured

    def chart(self, png: bytes) -> None:
        """A chart image at the text width; taller than a page, it shrinks to fit, centred."""
        picture = Image.open(io.BytesIO(png)).convert("RGB")
        width = self.epw
        height = width * picture.height / picture.width
        room = self.page_break_trigger - self.t_margin - 2
        if height > room:
            width, height = width * room / height, room
        if self.will_page_break(height + 1):
            self.add_page()
        left = self.l_margin + (self.epw - width) / 2
        self.image(picture, x=left, y=self.get_y(), w=width, h=height)
        self.set_y(self.get_y() + height + 1.5)

    def data_table(self, frame: pd.DataFrame, columns: tuple[Column, ...], markers: dict[str, int]) -> None:
        """Every row, continued across pages with the heading row repeated; numbers right-aligned; data values as plain text."""
        present = [column for column in columns if column.name in frame.columns]
        right_to_left = self.language in i18n.RIGHT_TO_LEFT
        if right_to_left:
            # A Persian reader starts a table at the right, as the cards above it.
            present.reverse()
        numeric = ("count", "plain", "percent", "money", "money0", "days", "year")
        align = tuple("RIGHT" if column.kind in numeric or right_to_left else "LEFT" for column in present)
        headings = [
            t(column.label, language=self.language) + (marker(markers[column.definition]) if column.definition in markers else "")
            for column in present
        ]
        cells = [
            [cell_text(value, column.kind, self.language) for value, column in zip(record, present, strict=True)]
            for record in frame[[column.name for column in present]].itertuples(index=False, name=None)
        ]
        self.set_font("dejavu", "", TABLE_FONT_SIZE)
        self.set_text_color(*TEXT)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        # The striped rows take the current fill colour on some of fpdf2's drawing paths: make it the stripe colour.
        self.set_fill_color(*ZEBRA)
        widths = self.column_widths(headings, cells)
        if self.will_page_break(22):
            self.add_page()
        with self.table(
            col_widths=widths,
            text_align=align,
            width=self.epw,
            line_height=self.font_size * 1.35,
            padding=(CELL_PADDING[0], CELL_PADDING[1]),
            borders_layout="HORIZONTAL_LINES",
            # A device colour: the table hands this one to set_fill_color unconverted.
            cell_fill_color=convert_to_device_color(ZEBRA),
            cell_fill_mode="ROWS",
            headings_style=FontFace(emphasis="BOLD", color=TEXT, fill_color=HEADING_FILL),
            repeat_headings=1,
            markdown=False,
        ) as table:
            heading_row = table.row()
            for heading in headings:
                heading_row.cell(heading, style=FontFace(family=self.family(heading), emphasis="BOLD"))
            for texts in cells:
                row = table.row()
                for text in texts:
                    row.cell(text, style=FontFace(family="vazirmatn") if has_arabic_script(text) else None)
        self.ln(2)

    def column_widths(self, headings: list[str], cells: list[list[str]]) -> tuple[float, ...]:
        """Widths from the text itself: no column narrower than its longest word, the room left shared by the typical length."""
        padding = 2 * CELL_PADDING[1] + 0.6
        shortest: list[float] = []
        widest: list[float] = []
        typical: list[float] = []
        for index, heading in enumerate(headings):
            self.set_font(self.family(heading), "B", TABLE_FONT_SIZE)
            word = max(self.get_string_width(part) for part in heading.split() or [""])
            whole = self.get_string_width(heading)
            total = 0.0
            for texts in cells:
                text = texts[index]
                self.set_font(self.family(text), "", TABLE_FONT_SIZE)
                length = self.get_string_width(text)
                word = max(word, *(self.get_string_width(part) for part in text.split() or [""]))
                whole = max(whole, length)
                total += length
            shortest.append(word + padding)
            widest.append(whole + padding)
            typical.append(total / max(len(cells), 1) + padding)
        room = self.epw
        if sum(widest) <= room:
            return tuple(width * room / sum(widest) for width in widest)
        if sum(shortest) >= room:
            return tuple(shortest)
        # Long titles get the room: what a column still lacks at its shortest, weighed by how long its texts usually are.
        wanted = [max(usual - short, 0.0) for usual, short in zip(typical, shortest, strict=True)]
        if sum(wanted) == 0:
            wanted = [wide - short for wide, short in zip(widest, shortest, strict=True)]
        spare = room - sum(shortest)
        return tuple(short + spare * want / sum(wanted) for short, want in zip(shortest, wanted, strict=True))


@contextlib.contextmanager
def _language(language: str) -> Iterator[None]:
    """The builders' own t() calls speak the brief's language outside Streamlit (inside, the session's language rules)."""
    before = i18n.current_language()
    i18n.set_language(language)
    try:
        yield
    finally:
        i18n.set_language(before)


def _quiet_outside_streamlit() -> None:
    """Outside a Streamlit run, t() asks st.session_state for the language, which logs a warning each time: silence them."""
    try:
        from streamlit import runtime

        if runtime.exists():
            return
    except ImportError:
        return
    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.state.session_state_proxy"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _chart_title(figure: go.Figure) -> str:
    title = figure.layout.title.text if figure.layout.title and figure.layout.title.text else ""
    return html.unescape(re.sub(r"<[^>]+>", " ", title)).strip()


def build_brief(
    database: Database,
    page: str,
    filters: Filters | None = None,
    language: str = "en",
    queries_dir: Path | None = None,
    *,
    today: dt.date | None = None,
) -> Brief:
    """The brief of one page for the filters: PDF bytes, notes for the reader, and the number of charts drawn."""
    spec = PAGES.get(page)
    if spec is None:
        raise BriefError(f"there is no page {page!r} to brief; choose one of: {', '.join(PAGE_NAMES)}")
    language = language if language in i18n.LANGUAGES else "en"
    filters = filters or Filters()
    _quiet_outside_streamlit()
    notes: list[str] = []
    with _language(language):
        ctx = Context(
            database=database,
            catalogue=load_catalogue(queries_dir),
            filters=filters,
            language=language,
            today=today or dt.date.today(),
            names=_country_names(database),
        )
        blocks = collect(spec, ctx, notes)
        charts = [block for block in blocks if block.kind == "chart"]
        drawn = _draw(charts, notes, language)
        pdf = compose(spec, blocks, ctx, notes)
    return Brief(pdf=pdf, notes=notes, charts_drawn=drawn, charts_planned=len(charts))


def _draw(charts: list[Block], notes: list[str], language: str) -> int:
    """Give each chart block its image; when no browser can draw them, the notes say so and the charts are named instead."""
    if not charts:
        return 0
    browser = browser_path()
    if browser is None:
        notes.append(t(NO_BROWSER_NOTE, language=language))
        return 0
    try:
        images = render_charts([block.figure for block in charts], browser)
    except Exception as error:  # a browser that will not start or draw: the text and tables still go out
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        notes.append(
            t(
                "Charts omitted: the browser could not draw them ({reason}); the text and tables are complete.",
                language=language,
                reason=reason,
            )
        )
        return 0
    for block, image in zip(charts, images, strict=True):
        block.image = image
    return len(images)


def compose(spec: PageBrief, blocks: list[Block], ctx: Context, notes: list[str]) -> bytes:
    """Lay the blocks out on A4 pages: header, filters, data coverage, notes, the page's parts, then the definitions."""
    language = ctx.language
    report = ctx.database.report
    sample = paths.is_shipped_sample(report.data_dir)
    title = t(spec.title, language=language)
    footer = t("Cinecoop brief · {page}", language=language, page=title)
    if sample:
        footer += " · " + t("sample data, not real figures", language=language)
    pdf = BriefPDF(language, footer)
    pdf.set_title(t("Cinecoop brief: {page}", language=language, page=title))
    pdf.set_subject(filters_in_words(ctx.filters, language))
    pdf.add_page()

    pdf.paragraph(t("Cinecoop leadership brief", language=language), size=8.5, color=ACCENT, after=0.5)
    pdf.paragraph(title, size=19, bold=True, after=1)
    prepared = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    pdf.paragraph(t("Prepared {when}", language=language, when=prepared), size=8, color=MUTED, after=2.5)
    if sample:
        pdf.boxed(
            t(
                "Sample data: these figures come from the bundled sample exports, not from real screenings. "
                "Point CINECOOP_DATA_DIR at a folder of real exports to see real figures.",
                language=language,
            ),
            SAMPLE_FILL,
            bold=True,
        )
    pdf.paragraph(t("Filters", language=language), size=9, bold=True, after=0.3)
    pdf.paragraph(filters_in_words(ctx.filters, language), size=9, after=0.6)
    if spec.shows_focus:
        pdf.paragraph(
            t("Focus pair: {a} ({a_name}) and {b} ({b_name})", language=language, a=ctx.filters.focus[0], b=ctx.filters.focus[1],
              a_name=ctx.country_name(ctx.filters.focus[0]), b_name=ctx.country_name(ctx.filters.focus[1])),
            size=9,
            after=0.6,
        )  # fmt: skip
    pdf.paragraph(t("Data", language=language), size=9, bold=True, after=0.3)
    pdf.paragraph(coverage_text(report, language), size=9, after=2)
    for note in notes:
        pdf.boxed(note, NOTE_FILL)

    markers = {name: index for index, name in enumerate(spec.definitions, start=1)}
    for block in blocks:
        if block.kind == "heading":
            pdf.heading(block.text)
        elif block.kind == "subheading":
            pdf.heading(block.text, size=10.5, keep=48)
        elif block.kind == "caption":
            pdf.paragraph(block.text, size=7.8, color=MUTED, after=2)
        elif block.kind == "message":
            pdf.boxed(block.text, ERROR_FILL)
        elif block.kind == "cards":
            pdf.card_row(block.cards, markers)
        elif block.kind == "chart":
            if block.image is not None:
                pdf.chart(block.image)
            else:
                pdf.boxed(t("Chart omitted: {title}", language=language, title=_chart_title(block.figure)), NOTE_FILL, size=8)
        elif block.kind == "table":
            pdf.data_table(block.frame, block.columns, markers)

    if spec.definitions:
        pdf.heading(t("Glossary: how each number is counted", language=language), size=10.5, keep=30)
        pdf.paragraph(t(kpi.ALL_FILTERS_NOTE, language=language), size=7.8, color=MUTED, after=1)
        definitions = ("filters", *spec.definitions)
        for name in definitions:
            prefix = marker(markers[name]) + " " if name in markers else ""
            # The contract marks column names as Markdown code (`sessions`); on paper the backticks are noise.
            definition = t(kpi.DEFINITIONS[name], language=language).replace("`", "")
            pdf.paragraph(f"{prefix}{t(name, language=language)}: {definition}", size=7.8, color=MUTED, after=1)
    return bytes(pdf.output())


def coverage_text(report, language: str) -> str:
    """What the data covers and when it was loaded, from the load report."""
    parts = []
    screenings = report.file("screenings")
    if screenings.first_date and screenings.last_date:
        parts.append(
            t(
                "screenings from {first} to {last} ({rows} rows)",
                language=language,
                first=screenings.first_date.isoformat(),
                last=screenings.last_date.isoformat(),
                rows=f"{screenings.rows_loaded:,}",
            )
        )
    agreements = report.file("agreements")
    if agreements.first_date and agreements.last_date:
        parts.append(
            t(
                "agreements dated {first} to {last} ({rows} rows)",
                language=language,
                first=agreements.first_date.isoformat(),
                last=agreements.last_date.isoformat(),
                rows=f"{agreements.rows_loaded:,}",
            )
        )
    warnings = sum(file.warnings for file in report.files)
    rejected = sum(file.rows_rejected for file in report.files)
    parts.append(t("{n} warnings", language=language, n=f"{warnings:,}"))
    if rejected:
        parts.append(t("{n} rows rejected", language=language, n=f"{rejected:,}"))
    parts.append(
        t("loaded {when} from {folder}", language=language, when=report.loaded_at.strftime("%Y-%m-%d %H:%M"), folder=report.data_dir)
    )
    return "; ".join(parts)


def brief_bytes(
    database: Database, page: str, filters: Filters | None = None, language: str = "en", queries_dir: Path | None = None
) -> bytes:
    """The brief as PDF bytes, for the dashboard's download button."""
    return build_brief(database, page, filters, language, queries_dir).pdf


def write_brief(
    database: Database, page: str, filters: Filters | None, out_path: Path | str, language: str = "en", queries_dir: Path | None = None
) -> list[str]:
    """Write the brief to out_path (whole or not at all) and return its notes, e.g. that the charts were omitted."""
    result = build_brief(database, page, filters, language, queries_dir)
    out_path = Path(out_path)
    # Written beside the target and renamed: a scheduled run never leaves half a PDF where a reader expects one.
    handle, temporary = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".part", dir=out_path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(result.pdf)
        os.replace(temporary, out_path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return result.notes


def file_name(page: str, filters: Filters) -> str:
    """A download name that says what the brief is of: page and dates."""
    if filters.start or filters.end:
        span = f"{filters.start.isoformat() if filters.start else 'start'}-to-{filters.end.isoformat() if filters.end else 'latest'}"
    else:
        span = "all-dates"
    return f"cinecoop-brief-{page.replace('_', '-')}-{span}.pdf"
