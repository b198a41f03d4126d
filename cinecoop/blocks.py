"""The grammar of a page, declared once as data and drawn by two renderers: the browser (cinecoop.ui.render) and the PDF
brief (cinecoop.brief).

A page (cinecoop.pagespecs) is a tree of sections holding cards, charts, tables, captions and choices. `collect` turns
it, for one reader's View and one data source, into a flat list of `Shown` items — every query run, every figure built,
every sentence written in the reader's language — and each renderer draws that list. So a chart added to a page's
declaration is in the browser and in the brief with no other edit, and the two can be compared item by item."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Protocol, Union

import pandas as pd
import plotly.graph_objects as go

from cinecoop import kpi
from cinecoop.catalogue import Query, bind_parameters
from cinecoop.db import Database, QueryError, file_line
from cinecoop.figures import theme
from cinecoop.loader import LoadReport
from cinecoop.view import View

# A text of a page: English words translated through the view (with the view's standard values filled in), or a function
# of the context that writes its own sentence.
Text = str | Callable[["Context"], str] | None


# -- running the queries ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """A named query's result for a part of the page, or the reason it has none."""

    query: Query | None
    frame: pd.DataFrame | None
    parameters: dict
    seconds: float = 0.0
    error: str | None = None
    line: int | None = None  # the file line DuckDB's error points at, when it names one

    @property
    def ok(self) -> bool:
        return self.error is None and self.frame is not None

    @property
    def name(self) -> str:
        return self.query.name if self.query is not None else ""


class Source(Protocol):
    """Where a page's numbers come from: the loaded database and the query catalogue, for one data fingerprint."""

    database: Database
    catalogue: dict[str, Query]

    def run(self, name: str, view: View) -> Outcome: ...


@dataclass
class DirectSource:
    """Runs the catalogue's queries on the database as they are asked for (the brief, the command line, tests)."""

    database: Database
    catalogue: dict[str, Query]

    def execute(self, query: Query, parameters: dict) -> tuple[pd.DataFrame, float]:
        return self.execute_sql(query.body, parameters)

    def execute_sql(self, sql: str, parameters: dict) -> tuple[pd.DataFrame, float]:
        started = time.perf_counter()
        # Under the time limit: a query file that runs too long is stopped, and its part of the page says so.
        frame = self.database.frame(sql, parameters)
        return frame, time.perf_counter() - started

    def run(self, name: str, view: View) -> Outcome:
        query = self.catalogue.get(name)
        if query is None:
            return Outcome(None, None, {}, error=view.t("The query file queries/{name}.sql is missing.", name=name))
        if query.problems:
            return Outcome(query, None, {}, error=f"{query.path.name}: " + "; ".join(query.problems))
        parameters = bind_parameters(query, view.filters)
        try:
            frame, seconds = self.execute(query, parameters)
        except Exception as error:  # a broken query says where, in place; the rest of the page goes on
            error_text = QueryError(name, query.path, str(error)).message.strip().splitlines()
            number = file_line(str(error), query.body_line)
            where = f" (line {number})" if number else ""
            message = f"{query.path.name}: {error_text[0] if error_text else error}{where}"
            return Outcome(query, None, parameters, error=message, line=number)
        return Outcome(query, frame.copy(), parameters, seconds)


@dataclass
class Context:
    """What a block needs to be evaluated: the reader's view and where the data come from, with a memo of the queries
    already run for this view (several blocks share kpi_summary)."""

    view: View
    source: Source
    _memo: dict = field(default_factory=dict)

    @property
    def report(self) -> LoadReport:
        return self.source.database.report

    def run(self, name: str, view: View | None = None) -> Outcome:
        view = view or self.view
        key = (name, view.filters)
        if key not in self._memo:
            self._memo[key] = self.source.run(name, view)
        return self._memo[key]

    def frame(self, name: str, view: View | None = None) -> pd.DataFrame:
        """A query's rows, raising QueryError with its words when it cannot run (for card builders)."""
        outcome = self.run(name, view)
        if not outcome.ok:
            raise QueryError(name, outcome.query.path if outcome.query else None, outcome.error or "no result")
        return outcome.frame

    def scoped(self, view: View) -> Context:
        return Context(view, self.source, self._memo)

    def text(self, text: Text, **values: object) -> str:
        """A declared text in the reader's language, with the focus pair and today filled in."""
        if text is None:
            return ""
        if callable(text):
            return text(self)
        view = self.view
        # The focus pair by name ("Iran", "ایران"): codes stay in the link and the downloads.
        standard = {"a": view.country(view.focus[0]), "b": view.country(view.focus[1]), "today": view.date(view.today)}
        return view.t(text, **{**standard, **values})


# -- the declaration ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One table column: the query column, its heading, how its values read, the definition its heading footnotes.

    kind: text, code (a country code shown as its name), codes (a ;-list of them, shown as names), term (a word of the
    contract's lists, shown by its name), direction ("IR→RU" shown as "Iran → Russia"), program, a kind of measure of
    formatting.MEASURE_FORMATS (count, number, percent, share: a percent with the decimals a small share needs, money,
    days, year, plain: a number written as it is, e.g. a line), progress (a percent drawn as a bar where it can be), date,
    bool."""

    name: str
    label: str
    kind: str = "text"
    definition: str | None = None
    width: str | None = None  # small, medium or large in the browser
    on_paper: bool = True  # False: too wide for an A4 page; the brief leaves it out (the download keeps it)


@dataclass(frozen=True)
class Choice:
    """A choice the reader makes on the page (a measure, a year, a country of the focus pair); the value travels in the
    View (view.choice(key)), so the brief of the page shows the same choice."""

    key: str
    label: Text
    options: tuple | Callable[[Context], tuple]
    default: object | Callable[[Context], object]
    format: Callable[[object, View], str] = lambda value, view: view.t(str(value))
    kind: str = "radio"  # radio or select
    apply: Callable[[View, object], View] | None = None  # how the value changes the view (default: view.choices)

    def option_values(self, ctx: Context) -> tuple:
        return tuple(self.options(ctx) if callable(self.options) else self.options)

    def default_value(self, ctx: Context) -> object:
        return self.default(ctx) if callable(self.default) else self.default

    def applied(self, view: View, value: object) -> View:
        return self.apply(view, value) if self.apply else view.with_choices(**{self.key: value})


@dataclass(frozen=True)
class Select:
    """What a click on a chart's point or a table's row does: filter the page by the value it carries, or open its page.

    `action` is "filter:programs", "filter:host_countries", "filter:film_countries", "filter:month" or "filter:year"
    (the dates), "facet:<table>.<column>" (a table's own choice), or "open:film", "open:country", "open:agreement".
    A chart's builder puts the value on each point as its Plotly `ids`; a table row carries it in `column`."""

    action: str
    column: str = ""

    @property
    def kind(self) -> str:
        return self.action.split(":", 1)[0]

    @property
    def target(self) -> str:
        return self.action.split(":", 1)[1]


@dataclass(frozen=True)
class Chart:
    """A chart: a catalogue query (or a frame made from the load report) drawn by a figure builder(frame, view)."""

    query: str | None
    build: Callable[[pd.DataFrame, View], go.Figure]
    key: str | None = None
    caption: Text = None
    definition: str | None = None  # a kpi.DEFINITIONS entry the caption ends with, word for word
    empty: Text = "Nothing matches the filters for this chart."
    is_empty: Callable[[pd.DataFrame], bool] | None = None
    frame: Callable[[Context], pd.DataFrame] | None = None
    notes: Callable[[pd.DataFrame, Context], list[Paragraph]] | None = None
    prepare: Callable[[pd.DataFrame, Context], pd.DataFrame] | None = None  # adds what the builder needs from other queries
    choice: Choice | None = None
    width: str = "full"  # "half": side by side with the next half in the browser
    select: Select | None = None
    sources: tuple[str, ...] = ()  # the tables its rows come from: the caption names the sources their selected rows give

    @property
    def name(self) -> str:
        return self.key or self.query or "chart"


@dataclass(frozen=True)
class Table:
    """A table: every row of a query (or of a frame made from the load report), with its columns' headings and kinds."""

    query: str | None
    title: Text
    columns: tuple[Column, ...]
    key: str | None = None
    caption: Text = None
    empty: Text = "Nothing matches the filters for this table."
    frame: Callable[[Context], pd.DataFrame] | None = None
    empty_level: str = "info"  # "success" where nothing to list is good news (nothing overdue)
    search: str | None = None  # a search box's placeholder: the reader's words filter the rows (never reaching SQL)
    facets: tuple[str, ...] = ()  # columns the reader can pick values of to filter the rows
    count_text: str | None = None  # "{shown} of {total} ..." under a searched or faceted table
    show_all_columns: bool = False  # the browser shows every column of the query, not only the declared ones
    width: str = "full"
    select: Select | None = None
    sources: tuple[str, ...] = ()  # the tables its rows come from: the caption names the sources their selected rows give

    @property
    def name(self) -> str:
        return self.key or self.query or "table"


@dataclass(frozen=True)
class Cards:
    """A row of cards (KPIs, agreement figures, the load...) built from the context."""

    build: Callable[[Context], CardSet]
    key: str = "cards"


@dataclass(frozen=True)
class Caption:
    text: Text


@dataclass(frozen=True)
class Say:
    """Sentences and messages written from the data (a quick answer, what is not covered yet)."""

    build: Callable[[Context], list[Paragraph | Message]]
    width: str = "full"


@dataclass(frozen=True)
class Facts:
    """Labelled facts (where the data comes from, when it was loaded), each a label and a value."""

    build: Callable[[Context], list[tuple[str, str]]]


@dataclass(frozen=True)
class Action:
    """A control that does something in the browser (read the data again); the brief has nothing to print for it."""

    name: str


Block = Union[Cards, Chart, Table, Caption, Say, Facts, Action, Choice, "Section"]


@dataclass(frozen=True)
class Section:
    """A part of a page: a heading, a caption, its blocks; `scope` narrows the view for the part (a regional programme),
    `guard` may stop the part with a message (nothing matches), `tab` draws sections side by side as tabs in the browser."""

    title: Text = None
    blocks: tuple = ()
    caption: Text = None
    scope: Callable[[View], View] | None = None
    requires: tuple[str, ...] = ()
    guard: Callable[[Context], Message | None] | None = None
    tab: bool = False
    key: str = ""
    when: Callable[[Context], bool] | None = None  # a part drawn only when its data are there (exchange rates)


@dataclass(frozen=True)
class Page:
    """One page: its URL name, title and icon, the files it needs, a note, its sections, the definitions it footnotes."""

    name: str
    title: str
    icon: str
    sections: tuple[Section, ...]
    requires: tuple[str, ...] = ()
    note: Text = None
    definitions: tuple[str, ...] = ()
    shows_focus: bool = False  # the page compares the focus pair of countries
    controls: tuple[Choice, ...] = ()  # choices at the top of the page that change the whole view (the focus pair)
    # A page of one thing (film, country, agreement): the link key that names it (/film?film=F001), bound to the queries
    # as $<subject>_key; its heading names the thing (the page's title names the kind of page in the navigation).
    subject: str | None = None
    heading: Text = None

    def choices(self) -> Iterator[Choice]:
        """Every choice of the page, in the order the reader meets them."""
        yield from self.controls
        for section in self.sections:
            yield from _section_choices(section)

    def charts(self) -> Iterator[Chart]:
        for section in self.sections:
            yield from _walk(section, Chart)

    def tables(self) -> Iterator[Table]:
        for section in self.sections:
            yield from _walk(section, Table)


def _walk(section: Section, kind: type) -> Iterator:
    for block in section.blocks:
        if isinstance(block, Section):
            yield from _walk(block, kind)
        elif isinstance(block, kind):
            yield block


def _section_choices(section: Section) -> Iterator[Choice]:
    for block in section.blocks:
        if isinstance(block, Section):
            yield from _section_choices(block)
        elif isinstance(block, Choice):
            yield block
        elif isinstance(block, Chart) and block.choice is not None:
            yield block.choice


# -- what a block shows -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Message:
    """A plain message in place: info, success, warning or error."""

    level: str
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A sentence with an optional bold lead ("Animation: 40% of admissions") and its plain rest."""

    text: str
    lead: str = ""


@dataclass(frozen=True)
class CardSet:
    """Cards, the sentences under them, and messages (a part that could not be computed, a warning about the data)."""

    cards: list[kpi.Card]
    notes: list[str] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)


@dataclass
class Shown:
    """One thing a renderer draws, in order.

    kind: heading, subheading, caption, paragraph, message, cards, chart, table, choice, facts, action, tabs, tab, end."""

    kind: str
    text: str = ""
    lead: str = ""
    level: str = "info"
    key: str = ""
    width: str = "full"
    cards: list[kpi.Card] = field(default_factory=list)
    figure: go.Figure | None = None
    frame: pd.DataFrame | None = None  # a table's rows as the data have them (the renderer writes them for the reader)
    columns: tuple[Column, ...] = ()
    outcome: Outcome | None = None  # the query behind a chart or table: its SQL, parameters and full rows for download
    choice: Choice | None = None
    value: object = None
    options: tuple = ()
    facts: list[tuple[str, str]] = field(default_factory=list)
    show_all_columns: bool = False
    select: Select | None = None
    search: str | None = None  # the placeholder of a table's search box
    facets: tuple[str, ...] = ()  # the columns a table's rows can be picked by
    total_rows: int | None = None  # rows before the reader's search or facets
    all_rows: pd.DataFrame | None = None  # a table's rows before the reader's search or facets
    image: bytes | None = None  # the brief's picture of a chart

    def signature(self) -> tuple[str, str]:
        """What a reader would recognise the item by, for comparing what two renderers drew."""
        if self.kind == "chart":
            return ("chart", theme.title_of(self.figure))
        if self.kind == "table":
            return ("table", self.key)
        if self.kind == "cards":
            return ("cards", " | ".join(card.label for card in self.cards))
        return (self.kind, self.text)


# -- evaluating a page --------------------------------------------------------------------------------------
def resolve_choices(page: Page, ctx: Context, chosen: dict[str, object]) -> View:
    """The view with every choice of the page applied: the reader's value when it is one of the options, else the default."""
    view = ctx.view
    for choice in page.choices():
        scoped = ctx.scoped(view)
        options = choice.option_values(scoped)
        value = chosen.get(choice.key)
        if value not in options:
            value = choice.default_value(scoped)
        view = choice.applied(view, value)
    return view


def collect(page: Page, ctx: Context) -> list[Shown]:
    """Run the page's queries and builders for the view into the items to draw; a failing part becomes a message in place.

    The page's choices the view does not hold yet (the brief of a link, a first visit) take their defaults here, so every
    renderer draws the same choice."""
    ctx = ctx.scoped(resolve_choices(page, ctx, dict(ctx.view.choices)))
    shown: list[Shown] = []
    for table in page.requires:
        message = file_problem(ctx, table)
        if message is not None:
            shown.append(Shown("message", message.text, level=message.level))
    if page.note:
        shown.append(Shown("caption", ctx.text(page.note)))
    for choice in page.controls:
        shown.append(_choice_item(choice, ctx))
    index = 0
    while index < len(page.sections):
        section = page.sections[index]
        if section.tab:
            group = []
            while index < len(page.sections) and page.sections[index].tab:
                group.append(page.sections[index])
                index += 1
            shown.append(Shown("tabs", key="|".join(section.key for section in group)))
            for tab in group:
                shown.append(Shown("tab", ctx.text(tab.title), key=tab.key))
                shown.extend(_section(tab, ctx, heading=False))
                shown.append(Shown("end", key=tab.key))
            shown.append(Shown("end", key="tabs"))
            continue
        shown.extend(_section(section, ctx))
        index += 1
    return shown


def file_problem(ctx: Context, table: str) -> Message | None:
    """A plain message when a file the part needs could not be used; None when it is there."""
    file = ctx.report.file(table)
    if file.usable or not file.required:
        return None
    reason = ctx.view.message(file.file_error or file.status)
    return Message("error", ctx.view.t("{file} could not be loaded: {reason}", file=file.file, reason=reason))


def _section(section: Section, ctx: Context, heading: bool = True) -> list[Shown]:
    if section.scope is not None:
        ctx = ctx.scoped(section.scope(ctx.view))
    if section.when is not None and not section.when(ctx):
        return []
    shown: list[Shown] = []
    if heading and section.title:
        shown.append(Shown("heading", ctx.text(section.title), key=section.key))
    if section.caption:
        shown.append(Shown("caption", ctx.text(section.caption)))
    missing = [message for message in (file_problem(ctx, table) for table in section.requires) if message is not None]
    if missing:
        return shown + [Shown("message", message.text, level=message.level) for message in missing]
    if section.guard is not None:
        stop = section.guard(ctx)
        if stop is not None:
            return [*shown, Shown("message", stop.text, level=stop.level)]
    for block in section.blocks:
        shown.extend(_block(block, ctx))
    return shown


def _block(block: object, ctx: Context) -> list[Shown]:
    if isinstance(block, Section):
        return _section(block, ctx)
    if isinstance(block, Cards):
        return _cards(block, ctx)
    if isinstance(block, Chart):
        return _chart(block, ctx)
    if isinstance(block, Table):
        return _table(block, ctx)
    if isinstance(block, Caption):
        text = ctx.text(block.text)
        return [Shown("caption", text)] if text else []
    if isinstance(block, Say):
        return [_said(item, block.width) for item in block.build(ctx)]
    if isinstance(block, Facts):
        return [Shown("facts", facts=block.build(ctx))]
    if isinstance(block, Action):
        return [Shown("action", key=block.name)]
    if isinstance(block, Choice):
        return [_choice_item(block, ctx)]
    raise TypeError(f"not a block of a page: {block!r}")


def _said(item: Paragraph | Message, width: str) -> Shown:
    if isinstance(item, Message):
        return Shown("message", item.text, level=item.level, width=width)
    return Shown("paragraph", item.text, lead=item.lead, width=width)


def _choice_item(choice: Choice, ctx: Context) -> Shown:
    options = choice.option_values(ctx)
    value = ctx.view.choice(choice.key, choice.default_value(ctx))
    return Shown("choice", ctx.text(choice.label), key=choice.key, choice=choice, value=value, options=options)


def _cards(block: Cards, ctx: Context) -> list[Shown]:
    try:
        built = block.build(ctx)
    except (QueryError, IndexError, KeyError) as error:
        return [Shown("message", ctx.view.t("The key figures could not be computed. {error}", error=error), level="error")]
    shown = [Shown("message", message.text, level=message.level) for message in built.messages]
    if built.cards:
        shown.append(Shown("cards", cards=built.cards, key=block.key))
    shown.extend(Shown("caption", note) for note in built.notes if note)
    return shown


def _frame_outcome(block: Chart | Table, ctx: Context) -> Outcome:
    if block.frame is not None:
        try:
            return Outcome(None, block.frame(ctx), {})
        except (QueryError, KeyError) as error:
            return Outcome(None, None, {}, error=str(error))
    return ctx.run(block.query or "")


def _chart(block: Chart, ctx: Context) -> list[Shown]:
    shown: list[Shown] = []
    view = ctx.view
    if block.choice is not None:
        shown.append(_choice_item(block.choice, ctx))
    outcome = _frame_outcome(block, ctx)
    if not outcome.ok:
        shown.append(
            Shown("message", view.t("This chart could not be drawn. {error}", error=outcome.error), level="error", outcome=outcome)
        )
        shown[-1].key = block.name
        return shown
    empty = block.is_empty(outcome.frame) if block.is_empty else outcome.frame.empty
    if empty:
        shown.append(Shown("message", ctx.text(block.empty), level="info", key=block.name, outcome=outcome, width=block.width))
    else:
        frame = block.prepare(outcome.frame, ctx) if block.prepare else outcome.frame
        figure = theme.localize(block.build(frame, view), view.language)
        shown.append(Shown("chart", key=block.name, figure=figure, outcome=outcome, width=block.width, select=block.select))
        if block.notes is not None:
            shown.extend(Shown("paragraph", note.text, lead=note.lead, width=block.width) for note in block.notes(outcome.frame, ctx))
    caption = ctx.text(block.caption)
    if block.definition:
        caption += view.t(kpi.DEFINITIONS[block.definition])
    caption = " ".join(part for part in (caption, source_text(ctx, block.sources)) if part)
    if caption:
        shown.append(Shown("caption", caption, width=block.width))
    return shown


# The query that names where the selected rows come from (the optional `source` column of every table).
SOURCES_QUERY = "sources_in_scope"


def source_text(ctx: Context, tables: tuple[str, ...]) -> str:
    """ "Source: ticketing export; press line-up." for the rows of these tables that the view selects: each source named by
    those rows once, the most rows first. Empty when no selected row names one (the column is optional)."""
    if not tables:
        return ""
    outcome = ctx.run(SOURCES_QUERY)
    if not outcome.ok or outcome.frame.empty:
        return ""
    rows = outcome.frame[outcome.frame["table_name"].isin(tables)]
    # The tables in the order given (where the rows come from first), then by how many rows name the source.
    rows = rows.assign(order=rows["table_name"].map({table: index for index, table in enumerate(tables)})).sort_values(
        ["order", "row_count"], ascending=[True, False], kind="stable"
    )
    names = list(dict.fromkeys(str(name) for name in rows["source"]))
    if not names:
        return ""
    if len(names) == 1:
        return ctx.view.t("Source: {sources}.", sources=names[0])
    return ctx.view.t("Sources: {sources}.", sources=sources_list(names, ctx.view))


# Quotation marks around each source of a list: a source's own words may hold commas and semicolons ("register of
# distribution certificates, Ministry of Culture of Russia; gross: its box-office file").
QUOTES = {"en": ("“", "”"), "ru": ("«", "»"), "fa": ("«", "»")}


def sources_list(names: list[str], view: View) -> str:
    opening, closing = QUOTES.get(view.language, QUOTES["en"])
    return ("؛ " if view.language == "fa" else "; ").join(f"{opening}{name}{closing}" for name in names)


def _table(block: Table, ctx: Context) -> list[Shown]:
    view = ctx.view
    shown = [Shown("subheading", ctx.text(block.title), width=block.width)]
    caption = " ".join(part for part in (ctx.text(block.caption), source_text(ctx, block.sources)) if part)
    if caption:
        shown.append(Shown("caption", caption, width=block.width))
    outcome = _frame_outcome(block, ctx)
    if not outcome.ok:
        error = view.t("This table could not be shown. {error}", error=outcome.error)
        return [*shown, Shown("message", error, level="error", key=block.name, outcome=outcome, width=block.width)]
    frame = outcome.frame
    if frame.empty:
        empty = Shown("message", ctx.text(block.empty), level=block.empty_level, key=block.name, outcome=outcome, width=block.width)
        return [*shown, empty]
    everything, total = frame, len(frame)
    if block.search is not None:
        # The reader searches the words they see (country names, statuses in their language) as well as the exported ones.
        frame = matching_rows(frame, str(view.choice(f"{block.name}.search", "") or ""), named(frame, block.columns, view))
    for column in block.facets:
        picked = view.choice(f"{block.name}.{column}", ())
        if picked:
            frame = frame[frame[column].isin(list(picked))]
    shown.append(
        Shown(
            "table",
            key=block.name,
            frame=frame,
            columns=block.columns,
            outcome=replace(outcome, frame=frame),
            show_all_columns=block.show_all_columns,
            total_rows=total,
            all_rows=everything,
            width=block.width,
            search=ctx.text(block.search) if block.search is not None else None,
            facets=block.facets,
            select=block.select,
        )
    )
    if block.count_text and (block.search is not None or block.facets):
        shown.append(Shown("caption", ctx.text(block.count_text, shown=view.number(len(frame)), total=view.number(total))))
    return shown


def named(frame: pd.DataFrame, columns: tuple[Column, ...], view: View) -> pd.DataFrame:
    """A copy of the rows as the reader reads their words: country codes as names, lists of codes as lists of names, words
    of the contract's lists and programmes in the reader's language, loader messages translated. Numbers and dates stay
    values (each renderer writes them by their column's kind); the frame itself, and every download, keep the codes."""
    shown = frame.copy()
    for column in columns:
        if column.name not in shown:
            continue
        values = shown[column.name]
        if column.kind == "term":
            shown[column.name] = [view.term(value) if isinstance(value, str) else value for value in values]
        elif column.kind == "program":
            shown[column.name] = [view.program(value) if isinstance(value, str) else value for value in values]
        elif column.kind == "code":
            shown[column.name] = [view.country(value) if isinstance(value, str) else value for value in values]
        elif column.kind == "direction":
            shown[column.name] = [view.direction(value) if isinstance(value, str) else value for value in values]
        elif column.kind == "codes":
            shown[column.name] = [
                view.countries(_listed(value)) if isinstance(_listed(value), (str, list, tuple)) else value for value in values
            ]
        elif column.kind == "message":
            shown[column.name] = [view.message(value) for value in values]
    return shown


def _listed(value: object) -> object:
    """A list value as a list (DuckDB gives lists as arrays)."""
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)) and getattr(value, "ndim", 0) > 0:
        return value.tolist()
    return value


def matching_rows(frame: pd.DataFrame, search: str, shown: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows where every word of the search appears in some cell (case-insensitive), as exported or as `shown` (the words the
    reader reads); the search never reaches SQL."""
    words = search.casefold().split()
    if not words or frame.empty:
        return frame
    cells = frame.astype("string").fillna("")
    if shown is not None:
        cells = pd.concat([cells, shown.astype("string").fillna("").add_prefix("shown ")], axis=1)
    joined = cells.apply(lambda row: " ".join(row).casefold(), axis=1)
    keep = pd.Series(True, index=frame.index)
    for word in words:
        keep &= joined.str.contains(word, regex=False)
    return frame[keep]


def parameters_text(outcome: Outcome) -> str:
    """The bound parameters of a query, for the SQL view beside a chart."""
    return json.dumps(outcome.parameters, default=_json_default, ensure_ascii=False, indent=1)


def _json_default(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)
