"""The browser's renderer of a page declaration: the items cinecoop.blocks.collect gives, drawn with Streamlit widgets."""

from __future__ import annotations

import functools

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cinecoop import access, kpi, safecsv
from cinecoop.blocks import Column, Context, Outcome, Page, Shown, collect, named, parameters_text
from cinecoop.figures import theme
from cinecoop.formatting import MEASURE_FORMATS, collation_key, display_table
from cinecoop.ui import brief_button, clicks, data, session
from cinecoop.ui.text import plain
from cinecoop.view import View

# Plotly's geo charts fetch their maps from a CDN unless pointed at files Streamlit serves from static/.
PLOTLY_CONFIG = {"displaylogo": False, "topojsonURL": "app/static/topojson/", "responsive": True}
MESSAGE_ICONS = {
    "info": ":material/info:",
    "success": ":material/check_circle:",
    "warning": ":material/warning:",
    "error": ":material/error:",
}
# The room a chart's title leaves at the top of the figure: in the browser the title is written above the chart as text,
# where it wraps on a phone and no toolbar covers it (the brief keeps it on the chart's picture).
TITLE_ROOM = 40


def render_page(page: Page) -> View:
    """Draw one page for the reader: title, banners, the brief button, notes from the link, the chips of click filters,
    the page's items, the glossary. A click that asked for another page's film, country or agreement goes there first."""
    clicks.follow(_detail_pages())
    view = session.reader_view(page)
    ctx = Context(view, data.source())
    page_top(view, ctx.text(page.heading) if page.heading else view.t(page.title), page)
    clicks.show_chips(view)
    items = collect(page, ctx)
    draw(items, view)
    if page.definitions:
        glossary(page, view)
    session.write_link(view, page.subject)
    return view


def _detail_pages() -> dict:
    """The navigation's pages of one film, country or agreement, for st.switch_page."""
    import pages.agreement_page
    import pages.country_page
    import pages.film_page

    return {
        "film": st.Page(pages.film_page.film),
        "country": st.Page(pages.country_page.country),
        "agreement": st.Page(pages.agreement_page.agreement),
    }


def page_top(view: View, title: str, page: Page | None = None) -> None:
    """What every page starts with: its title (in the reader's words), the data banners, the brief button (leadership
    pages), the link's notes."""
    st.title(plain(title))
    data.banners(view)
    if page is not None:
        brief_button.render(page, view)
    notes = session.link_notes(view)
    if notes:
        st.warning(view.t("Some values in the link were ignored; the page shows the rest."), icon=":material/warning:")
        # The values come from the link, so they are shown as plain text, never as Markdown.
        st.text("\n".join(view.t("Link value ignored: {note}", note=note) for note in notes))


def analyst_page_top(title: str) -> View | None:
    """The top of an analyst page, or a refusal in its place for a reader who may not use the analyst pages (the navigation
    hides them already; this also keeps them shut when reached another way). None when refused."""
    view = session.reader_view()
    if not access.current().allowed:
        st.title(view.t(title))
        st.error(view.t("The analyst pages are not available to this account or in this deployment."), icon=":material/lock:")
        return None
    page_top(view, view.t(title))
    return view


def draw(items: list[Shown], view: View) -> None:
    """Draw the items in order: tabs as tabs, consecutive half-width blocks two to a row."""
    index = 0
    while index < len(items):
        item = items[index]
        if item.kind == "tabs":
            index = _tabs(items, index, view)
            continue
        if item.width == "half":
            run = []
            while index < len(items) and items[index].width == "half":
                run.append(items[index])
                index += 1
            _halves(run, view)
            continue
        _item(item, view)
        index += 1


def _tabs(items: list[Shown], index: int, view: View) -> int:
    """Draw the tabs that start at items[index]; return the index after them."""
    titles: list[str] = []
    bodies: list[list[Shown]] = []
    index += 1
    while items[index].kind != "end" or items[index].key != "tabs":
        if items[index].kind == "tab":
            titles.append(items[index].text)
            bodies.append([])
        elif not (items[index].kind == "end" and bodies):
            bodies[-1].append(items[index])
        index += 1
    for tab, body in zip(st.tabs(titles), bodies, strict=True):
        with tab:
            draw(body, view)
    return index + 1


def _halves(run: list[Shown], view: View) -> None:
    """Half-width items two blocks to a row: a block is a chart or table with what follows it (its notes and caption)."""
    blocks: list[list[Shown]] = []
    for item in run:
        if (
            not blocks
            or item.kind in ("chart", "subheading")
            or (item.kind == "message" and item.key and blocks[-1][0].kind != "subheading")
        ):
            blocks.append([item])
        else:
            blocks[-1].append(item)
    for start in range(0, len(blocks), 2):
        for column, block in zip(st.columns(2, gap="medium"), blocks[start : start + 2], strict=False):
            with column:
                for item in block:
                    _item(item, view)


def _item(item: Shown, view: View) -> None:
    kind = item.kind
    if kind == "heading" or kind == "subheading":
        st.subheader(plain(item.text))
    elif kind == "caption":
        st.caption(plain(item.text))
    elif kind == "paragraph":
        st.markdown((f"**{plain(item.lead)}** " if item.lead else "") + plain(item.text))
    elif kind == "message":
        getattr(st, item.level)(plain(item.text), icon=MESSAGE_ICONS.get(item.level))
        if item.outcome is not None:
            sql_view(item.outcome, item.key, view)
    elif kind == "cards":
        _cards(item.cards)
    elif kind == "chart":
        key = f"chart_{item.key}"
        # A click on a point filters the page or opens its film, country or agreement (cinecoop.ui.clicks).
        chart(item.figure, key, functools.partial(clicks.on_chart, key, item.select) if item.select is not None else None)
        sql_view(item.outcome, item.key, view)
    elif kind == "table":
        _table(item, view)
    elif kind == "choice":
        _choice(item, view)
    elif kind == "facts":
        _facts(item.facts)
    elif kind == "action":
        _action(item.key, view)


def chart(figure: go.Figure, key: str, on_select=None) -> None:
    """A chart with its title above it as text: a title drawn inside the chart is cut on a phone (SVG text does not wrap)
    and sits under the chart's toolbar. `on_select`: what a click on a point does (points are selected one at a time)."""
    title = theme.title_of(figure)
    shown = go.Figure(figure)
    if title:
        top = shown.layout.margin.t
        top = top if top is not None else 50
        shown.update_layout(title={"text": None}, margin={"t": max(10, top - TITLE_ROOM)})
    with st.container(key=f"{key}_box", gap="xsmall"):
        if title:
            # A title may hold names from the data (a country's name): plain text, never Markdown.
            st.markdown(f"**{plain(title)}**")
        if on_select is None:
            st.plotly_chart(shown, config=PLOTLY_CONFIG, key=key, width="stretch")
        else:
            st.plotly_chart(shown, config=PLOTLY_CONFIG, key=key, width="stretch", on_select=on_select, selection_mode="points")


def _cards(cards: list[kpi.Card]) -> None:
    """A row of cards; the contract's long numbers (admissions, screenings) get a little more room so no value is cut."""
    widths = {"screenings": 1.1, "admissions": 1.25, "agreements_signed": 1.1}
    for column, card in zip(st.columns([widths.get(card.metric or "", 1.0) for card in cards]), cards, strict=True):
        with column:
            st.metric(
                card.label,
                card.value,
                card.delta,
                delta_color=card.delta_color,
                delta_arrow="off" if card.delta_color == "off" else "auto",
                help=card.definition,
                border=True,
                chart_data=list(card.sparkline) if len(card.sparkline) > 1 else None,
                chart_type="bar",
                delta_description=card.delta_description,
            )
            if card.coverage:
                # Under the card, as the progress is: the number above it counts only the screenings whose admissions are known.
                st.caption(plain(card.coverage))
            if card.progress is not None:
                st.progress(min(card.progress, 1.0), text=card.progress_text)


def _store_focus() -> None:
    st.session_state["focus"] = (st.session_state.get("focus_a", "IR"), st.session_state.get("focus_b", "RU"))


def _choice(item: Shown, view: View) -> None:
    choice = item.choice
    options = list(item.options)
    if not options:
        return
    index = options.index(item.value) if item.value in options else 0
    on_change = _store_focus if choice.key in ("focus_a", "focus_b") else None
    if choice.kind == "select":
        st.selectbox(
            item.text, options, index=index, key=choice.key, format_func=lambda value: choice.format(value, view), on_change=on_change
        )
    else:
        st.radio(
            item.text,
            options,
            index=index,
            key=choice.key,
            format_func=lambda value: choice.format(value, view),
            horizontal=True,
            on_change=on_change,
        )


def _facts(facts: list[tuple[str, str]]) -> None:
    for row in range(0, len(facts), 3):
        for column, (label, value) in zip(st.columns(3, gap="medium"), facts[row : row + 3], strict=False):
            with column:
                st.caption(plain(label))
                st.code(value, language=None)


def _action(name: str, view: View) -> None:
    if name == "reload":
        if st.button(
            view.t("Reload the data"),
            help=view.t("Read the data folder again now and forget every cached result."),
            icon=":material/refresh:",
        ):
            data.reload_data()
            st.rerun()
    elif name == "data_quality_link":
        import pages.data_quality_page  # the page's own function: st.page_link needs the page the navigation knows

        st.page_link(
            st.Page(pages.data_quality_page.data_quality, title=view.t("Data quality"), icon=":material/fact_check:"),
            label=view.t("Data quality details"),
            icon=":material/fact_check:",
            query_params=view.filters.query_string(),
        )


# -- tables -------------------------------------------------------------------------------------------------------
def _table(item: Shown, view: View) -> None:
    frame = item.frame
    if item.search is not None:
        st.text_input(view.t("Search the agreements") if item.key == "agreement_register" else view.t("Search"), key=f"{item.key}.search",
                      type="search", placeholder=item.search)  # fmt: skip
    if item.facets:
        everything = item.all_rows if item.all_rows is not None else frame
        for column, name in zip(st.columns(len(item.facets)), item.facets, strict=True):
            declared = next((entry for entry in item.columns if entry.name == name), Column(name, name))
            # The choices by the names the reader reads, in the order of the reader's alphabet.
            values = sorted(
                (str(value) for value in everything[name].dropna().unique()),
                key=lambda value, kind=declared.kind: collation_key(_cell(value, kind, view), view.language),
            )
            column.multiselect(
                view.t(declared.label),
                values,
                key=f"{item.key}.{name}",
                format_func=lambda value, kind=declared.kind: _cell(value, kind, view),
                placeholder=view.t("All"),
            )
    if frame.empty:
        st.info(view.t("No row matches these choices."), icon=MESSAGE_ICONS["info"])
    else:
        options = {}
        if item.select is not None and item.select.column in frame.columns:
            # A row chosen opens its film, country or agreement, or filters the page (cinecoop.ui.clicks).
            key = f"table_{item.key}"
            options = {
                "key": key,
                "on_select": functools.partial(clicks.on_table, key, item.select, frame[item.select.column].tolist()),
                "selection_mode": "single-row",
            }
        show_table(frame, item.columns, view, show_all_columns=item.show_all_columns, **options)
    sql_view(item.outcome, item.key, view)


def _cell(value: object, kind: str, view: View) -> str:
    if kind == "term":
        return view.term(value)
    if kind == "program":
        return view.program(value)
    if kind == "code":
        return view.country(value)
    if kind == "codes":
        return view.countries(value)
    if kind == "direction":
        return view.direction(value)
    return str(value)


def readable(frame: pd.DataFrame, columns: tuple[Column, ...], view: View) -> pd.DataFrame:
    """A copy to show: codes as country names, list words and programmes in the reader's language, messages translated
    (blocks.named); numbers stay values, written by their column's kind in show_table. The frame itself (and every
    download) keeps the data's own values."""
    return named(frame, columns, view)


def progress_bar(view: View) -> bool:
    """A progress column keeps its bar where the bar's own text can be written as the cards write a percent: in English
    (Streamlit writes that text itself, with Latin digits and no language's marks); elsewhere the cell holds the text only."""
    return view.language == "en"


def column_config(columns: tuple[Column, ...], view: View) -> dict:
    config: dict = {}
    for column in columns:
        label = view.t(column.label)
        help_text = view.t(kpi.DEFINITIONS[column.definition]) if column.definition else None
        if column.kind in MEASURE_FORMATS:
            config[column.name] = st.column_config.NumberColumn(label, help=help_text, width=column.width)
        elif column.kind == "progress" and progress_bar(view):
            # A percent with one decimal, as on the cards (47.2%), on a 0-100 scale (show_table scales the shown copy).
            config[column.name] = st.column_config.ProgressColumn(
                label, format="%.1f%%", min_value=0.0, max_value=100.0, help=help_text, width=column.width
            )
        elif column.kind == "progress":
            config[column.name] = st.column_config.NumberColumn(label, help=help_text, width=column.width)
        elif column.kind == "date":
            config[column.name] = st.column_config.DateColumn(label, format="YYYY-MM-DD", help=help_text, width=column.width)
        elif column.kind == "bool":
            config[column.name] = st.column_config.CheckboxColumn(label, help=help_text, width=column.width)
        else:
            config[column.name] = st.column_config.TextColumn(label, help=help_text, width=column.width)
    return config


def show_table(frame: pd.DataFrame, columns: tuple[Column, ...], view: View, show_all_columns: bool = False, **options) -> None:
    """st.dataframe of the declared columns (or every column), values written in the reader's language and calendar;
    sorting works on the values underneath."""
    declared = [column for column in columns if column.name in frame.columns]
    shown = readable(frame, tuple(declared), view)
    kinds = {column.name: column.kind for column in declared}
    for column in declared:
        if column.kind == "date":
            shown[column.name] = pd.to_datetime(shown[column.name]).dt.date
        elif column.kind == "progress" and progress_bar(view):
            shown[column.name] = pd.to_numeric(shown[column.name], errors="coerce") * 100
            kinds[column.name] = "bar"
    config = column_config(tuple(declared), view)
    if not show_all_columns:
        config.update({name: None for name in shown.columns if name not in config})
    order = [column.name for column in declared] + ([name for name in shown.columns if name not in config] if show_all_columns else [])
    show_frame(shown, view, config, order, kinds=kinds, **options)


def show_frame(
    frame: pd.DataFrame,
    view: View,
    column_config: dict | None = None,
    order: list[str] | None = None,
    kinds: dict[str, str] | None = None,
    **options,
) -> None:
    """st.dataframe with numbers and dates written in the reader's language and calendar (right to left in Persian), each
    number by the format of its column's kind (`kinds`, formatting.MEASURE_FORMATS); the values underneath, their sorting
    and every download stay as the data have them. Values are text, never Markdown."""
    styled, config, mirrored = display_table(frame, column_config, view.language, view.calendar, kinds)
    options.setdefault("placeholder", "—")
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    st.dataframe(styled, column_config=config, column_order=mirrored or order, **options)


# -- the SQL view and the download beside a chart or table --------------------------------------------------------
def sql_view(outcome: Outcome | None, key: str, view: View) -> None:
    """The SQL of the query behind a chart or table, its bound parameters, and its rows as a spreadsheet-safe CSV."""
    if outcome is None or (outcome.query is None and outcome.frame is None):
        return
    with st.expander(view.t("SQL and data"), expanded=False):
        if outcome.query is not None:
            st.caption(
                plain(
                    view.t("Query {name} — {milliseconds} ms", name=outcome.query.name, milliseconds=view.number(outcome.seconds * 1000, 1))
                )
            )
            st.code(outcome.query.sql, language="sql")
            st.caption(view.t("Bound parameters"))
            st.code(parameters_text(outcome), language="json")
        if outcome.frame is not None:
            st.download_button(
                view.t("Download CSV"),
                safecsv.csv_bytes(outcome.frame),
                file_name=f"{outcome.query.name if outcome.query else key}.csv",
                mime="text/csv",
                key=f"download_{key}",
                on_click="ignore",
            )


def glossary(page: Page, view: View) -> None:
    """Every metric definition the page uses, word for word from the data contract."""
    with st.expander(view.t("Glossary: how each number is counted")):
        # The contract's own words (trusted text of the project, with its `column` marks), not data.
        st.markdown(view.t(kpi.ALL_FILTERS_NOTE))
        for name in ("filters", *page.definitions):
            st.markdown(f"**{view.t(name)}**: {view.t(kpi.DEFINITIONS[name])}")
