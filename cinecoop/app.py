"""Streamlit glue shared by every page: the cached database, the filters and their link, chart blocks."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cinecoop import formatting, freshness, paths, safecsv
from cinecoop.catalogue import Query, bind_parameters, load_catalogue
from cinecoop.db import Database, QueryError, file_line, fingerprint
from cinecoop.figures import theme
from cinecoop.filters import CALENDARS, DEFAULT_FOCUS, Filters, from_query_string
from cinecoop.i18n import LANGUAGES, RIGHT_TO_LEFT, current_language, t, translate_message
from cinecoop.i18n import current_calendar as i18n_calendar

# Plotly's geo charts fetch their maps from a CDN unless pointed at files Streamlit serves from static/.
PLOTLY_CONFIG = {"displaylogo": False, "topojsonURL": "app/static/topojson/", "responsive": True}
FILTER_KEYS = ("f_start", "f_end", "f_programs", "f_hosts", "f_films")


# -- data ------------------------------------------------------------------------------------------
@st.cache_resource(max_entries=4, show_spinner=False)
def _database(data_dir: str, views_dir: str, data_fingerprint: str) -> Database:
    return Database(Path(data_dir), Path(views_dir))


def data_dir() -> Path:
    return paths.data_dir()


@st.cache_resource(show_spinner=False)
def _keeper(data_dir: str, views_dir: str) -> freshness.Keeper:
    return freshness.Keeper()


def database() -> Database:
    """The database of the data folder as it is now: one per fingerprint, shared by every session.

    A load whose files look half-written (cinecoop.freshness) does not replace the last good one, which is served
    instead, with freshness_banner() saying why, until the files are whole."""
    folder = data_dir()
    views = paths.queries_dir() / "views"
    key = fingerprint(folder, views)
    return _keeper(str(folder), str(views)).choose(
        key, lambda: _database(str(folder), str(views), key), lambda loaded: fingerprint(folder, views) == loaded.fingerprint
    )


def freshness_banner() -> None:
    """A warning for each file that kept the dashboard on its last good load, naming the file and the problem."""
    folder = data_dir()
    views = paths.queries_dir() / "views"
    keeper = _keeper(str(folder), str(views))
    verdict = keeper.verdict(fingerprint(folder, views))
    if verdict is None or verdict.accept or keeper.good is None:
        return
    for holdback in verdict.holdbacks:
        st.warning(plain(freshness.describe(holdback, keeper.good.loaded_at, dt.date.today())), icon="⏳")


def catalogue() -> dict[str, Query]:
    """The queries as they are on disk at this run (parsing is cached by file content)."""
    return load_catalogue()


@st.cache_data(max_entries=1024, ttl=3600, show_spinner=False)
def _cached_frame(
    data_fingerprint: str, sql: str, parameters_key: str, _database: Database, _parameters: dict
) -> tuple[pd.DataFrame, float]:
    started = time.perf_counter()
    # Under the time limit: a query file that runs too long is interrupted and its page says so.
    frame = _database.frame(sql, _parameters)
    return frame, time.perf_counter() - started


@dataclass(frozen=True)
class Outcome:
    """A named query's result on this page, or the reason it has none."""

    query: Query | None
    frame: pd.DataFrame | None
    parameters: dict
    seconds: float = 0.0
    error: str | None = None
    line: int | None = None  # the file line DuckDB's error points at, when it names one

    @property
    def ok(self) -> bool:
        return self.error is None and self.frame is not None


def run(name: str, filters: Filters | None = None) -> Outcome:
    """Run a catalogue query with the filters, cached by data fingerprint, SQL text and parameters."""
    filters = filters or current_filters()
    query = catalogue().get(name)
    if query is None:
        return Outcome(None, None, {}, error=t("The query file queries/{name}.sql is missing.", name=name))
    if query.problems:
        return Outcome(query, None, {}, error=f"{query.path.name}: " + "; ".join(query.problems))
    db = database()
    parameters = bind_parameters(query, filters)
    key = json.dumps(parameters, default=str, sort_keys=True)
    try:
        # The SQL after the header comment: DuckDB names the line of an error only when no comment precedes the statement.
        frame, seconds = _cached_frame(db.fingerprint, query.body, key, db, parameters)
    except Exception as error:  # a broken query shows its file, DuckDB's words and the line, in place
        line = QueryError(name, query.path, str(error)).message.strip().splitlines()
        number = file_line(str(error), query.body_line)
        where = f" (line {number})" if number else ""
        return Outcome(query, None, parameters, error=f"{query.path.name}: {line[0] if line else error}{where}", line=number)
    return Outcome(query, frame.copy(), parameters, seconds)


# -- filters and the link ----------------------------------------------------------------------------
@st.cache_data(max_entries=16, show_spinner=False)
def _filter_choices(data_fingerprint: str, _database: Database) -> dict[str, list[str]]:
    cursor = _database.cursor()
    programs = [row[0] for row in cursor.execute("SELECT DISTINCT program FROM screenings ORDER BY 1").fetchall()]
    programs += [
        row[0]
        for row in cursor.execute("SELECT DISTINCT program FROM agreements WHERE program IS NOT NULL ORDER BY 1").fetchall()
        if row[0] not in programs
    ]
    hosts = [row[0] for row in cursor.execute("SELECT DISTINCT host_country FROM screenings ORDER BY 1").fetchall()]
    films = [row[0] for row in cursor.execute("SELECT DISTINCT unnest(film_countries) FROM screenings ORDER BY 1").fetchall()]
    names = {row[0]: row[1:] for row in cursor.execute("SELECT code, name_en, name_fa, name_ru FROM countries").fetchall()}
    span = cursor.execute("SELECT min(screening_date), max(screening_date) FROM screenings").fetchall()[0]
    program_names = {row[0]: [row[1], row[2]] for row in cursor.execute("SELECT program, name_fa, name_ru FROM program_names").fetchall()}
    return {
        "programs": programs,
        "hosts": hosts,
        "films": films,
        "all_countries": sorted(names),
        "names": {code: list(values) for code, values in names.items()},
        "program_names": program_names,
        "span": [span[0], span[1]],
    }


def filter_choices() -> dict:
    db = database()
    return _filter_choices(db.fingerprint, db)


def country_name(code: str, language: str | None = None) -> str:
    """A country's name in the reader's language, from the reference file."""
    names = filter_choices()["names"].get(code)
    if not names:
        return code
    index = {"en": 0, "fa": 1, "ru": 2}.get(language or current_language(), 0)
    return names[index] or names[0] or code


def program_name(name: str, language: str | None = None) -> str:
    """A programme's name in the reader's language, from reference/programs.csv; the name as exported when it has none."""
    index = {"fa": 0, "ru": 1}.get(language or current_language())
    if index is None or name is None:
        return name
    names = filter_choices().get("program_names", {}).get(name)
    return (names[index] if names else None) or name


def program_names(frame: pd.DataFrame, column: str = "program") -> pd.DataFrame:
    """A copy of a chart's frame with a `program_name` column in the reader's language (the data keep the exported name)."""
    named = frame.copy()
    named["program_name"] = [program_name(value) for value in named[column]]
    return named


# -- the reader's language and calendar ------------------------------------------------------------
LINK_KEYS = ("start", "end", "program", "host", "film", "lang", "cal")


def setup_language() -> str:
    """The reader's language, from the link once per session and then from the sidebar switch; styles the page for it.

    Runs before the navigation is built, so page and section names are in that language from the first run."""
    if not st.session_state.get("_language_link_read"):
        st.session_state["_language_link_read"] = True
        notes: list[tuple[str, str]] = []
        language = (st.query_params.get_all("lang") or [None])[-1]
        if language is not None:
            if language.strip().lower() in LANGUAGES:
                st.session_state["lang"] = language.strip().lower()
            else:
                notes.append(("lang", language))
        calendar = (st.query_params.get_all("cal") or [None])[-1]
        if calendar is not None:
            if calendar.strip().lower() in CALENDARS:
                st.session_state["calendar"] = calendar.strip().lower()
            else:
                notes.append(("cal", calendar))
        st.session_state["_language_notes"] = notes
    language = current_language()
    _style_page(language)
    return language


def current_calendar() -> str:
    """The calendar chosen in the sidebar, else the language's own (Solar Hijri for Persian readers)."""
    return i18n_calendar()


def _language_notes() -> list[str]:
    notes = []
    for key, value in st.session_state.get("_language_notes", []):
        if key == "lang":
            notes.append(t("lang={value} is not a language of the dashboard (en, fa or ru)", value=repr(value)))
        else:
            notes.append(t("cal={value} is not a calendar of the dashboard (gregorian or jalali)", value=repr(value)))
    return notes


def _store_language() -> None:
    st.session_state["lang"] = st.session_state["_lang_choice"]


def _store_calendar() -> None:
    st.session_state["calendar"] = st.session_state["_calendar_choice"]


def language_switch() -> str:
    """The language and calendar switches at the top of the sidebar; both are remembered through the session."""
    language = current_language()
    st.session_state["_lang_choice"] = language
    st.session_state["_calendar_choice"] = current_calendar()
    with st.sidebar:
        st.radio(t("Language"), list(LANGUAGES), format_func=LANGUAGES.get, key="_lang_choice", on_change=_store_language, horizontal=True)
        st.radio(
            t("Calendar"),
            list(CALENDARS),
            format_func=lambda value: t("Solar Hijri", language=language) if value == "jalali" else t("Gregorian", language=language),
            key="_calendar_choice",
            on_change=_store_calendar,
            horizontal=True,
            help=t("How months and years are counted on every page; a Solar Hijri year runs from Nowruz (about 21 March)."),
        )
    return current_calendar()


FONTS_URL = "app/static/fonts"
# Persian glyphs come from Vazirmatn and Cyrillic from Noto Sans, both served from static/fonts (never a CDN). Vazirmatn is
# also declared under Streamlit's own family name for the Arabic-script code points only, so every text Streamlit draws
# in "Source Sans" (the data grid's canvas too) finds Persian letters, while Latin text keeps Streamlit's font.
FONT_FACES = f"""
@font-face {{ font-family: "Vazirmatn"; font-weight: 100 900; font-display: swap;
  src: url("{FONTS_URL}/Vazirmatn-Variable.woff2") format("woff2"); }}
@font-face {{ font-family: "Source Sans"; font-weight: 100 900; font-display: swap;
  src: url("{FONTS_URL}/Vazirmatn-Variable.woff2") format("woff2");
  unicode-range: U+0600-06FF, U+0750-077F, U+08A0-08FF, U+200C-200F, U+FB50-FDFF, U+FE70-FEFF; }}
@font-face {{ font-family: "Source Code Pro"; font-weight: 100 900; font-display: swap;
  src: url("{FONTS_URL}/Vazirmatn-Variable.woff2") format("woff2");
  unicode-range: U+0600-06FF, U+0750-077F, U+08A0-08FF, U+200C-200F, U+FB50-FDFF, U+FE70-FEFF; }}
@font-face {{ font-family: "Noto Sans"; font-weight: 400; font-display: swap;
  src: url("{FONTS_URL}/noto-sans-cyrillic-400-normal.woff2") format("woff2");
  unicode-range: U+0301, U+0400-045F, U+0490-0491, U+04B0-04B1, U+2116; }}
@font-face {{ font-family: "Noto Sans"; font-weight: 700; font-display: swap;
  src: url("{FONTS_URL}/noto-sans-cyrillic-700-normal.woff2") format("woff2");
  unicode-range: U+0301, U+0400-045F, U+0490-0491, U+04B0-04B1, U+2116; }}
"""
# Right to left for Persian: the page, the sidebar, cards and tables. A card's value and change, and code, take their
# direction from their own first letter (plaintext): "-۱۲ (-۵٫۱٪)" and SQL stay left to right, "۵ از ۵" reads from the
# right. Charts and grids keep their left-to-right drawing (a chart's title, legend and texts are handled by theme.localize).
RIGHT_TO_LEFT_STYLE = """
[data-testid="stAppViewContainer"], [data-testid="stSidebar"], [data-testid="stSidebarNav"] { direction: rtl; }
[data-testid="stAppViewContainer"] .stMarkdown, [data-testid="stSidebar"] .stMarkdown,
[data-testid="stCaptionContainer"], [data-testid="stHeading"], [data-testid="stAlertContentInfo"],
[data-testid="stAlertContentWarning"], [data-testid="stAlertContentError"], [data-testid="stAlertContentSuccess"],
[data-testid="stMetricLabel"], [data-testid="stWidgetLabel"], [data-testid="stExpander"] summary { text-align: right; }
[data-testid="stMetric"] { text-align: right; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] > div, [data-testid="stMetricDelta"] > div { unicode-bidi: plaintext; text-align: right; }
[data-testid="stCode"] pre, [data-testid="stCode"] code, code { unicode-bidi: plaintext; }
[data-testid="stPlotlyChart"], [data-testid="stDataFrame"] { direction: ltr; }
[data-testid="stDateInputFieldsScroller"] { direction: ltr; }
"""


def _style_page(language: str) -> None:
    """The app's own CSS (fonts; right to left for Persian), injected in this one place; it holds no data value."""
    style = FONT_FACES + (RIGHT_TO_LEFT_STYLE if language in RIGHT_TO_LEFT else "")
    st.html(f"<style>{style}</style>")


def _read_link(choices: dict) -> None:
    """Set the filter widgets from the link once per session; note every value that was dropped."""
    if st.session_state.get("_link_read"):
        return
    st.session_state["_link_read"] = True
    params = {key: st.query_params.get_all(key) for key in LINK_KEYS[:5]}
    reading = from_query_string(params, set(choices["programs"]), set(choices["all_countries"]))
    st.session_state["_link_notes"] = list(reading.dropped)
    filters = reading.filters
    st.session_state["f_start"] = filters.start
    st.session_state["f_end"] = filters.end
    st.session_state["f_programs"] = list(filters.programs)
    st.session_state["f_hosts"] = list(filters.host_countries)
    st.session_state["f_films"] = list(filters.film_countries)
    extra_options = [code for code in (*filters.host_countries, *filters.film_countries) if code not in choices["hosts"] + choices["films"]]
    st.session_state["_extra_country_options"] = extra_options


def _write_link(filters: Filters) -> None:
    """Keep the address bar equal to the filters in force, so a copied URL reopens this view (in the reader's language)."""
    wanted = filters.query_string()
    language = current_language()
    if language != "en":
        wanted["lang"] = [language]
    if filters.calendar != formatting.default_calendar(language):
        wanted["cal"] = [filters.calendar]
    current = {key: st.query_params.get_all(key) for key in LINK_KEYS}
    current = {key: values for key, values in current.items() if values}
    if current != wanted:
        for key in LINK_KEYS:
            if key in st.query_params and key not in wanted:
                del st.query_params[key]
        for key, values in wanted.items():
            st.query_params[key] = values if len(values) > 1 else values[0]


def _reset_filters() -> None:
    st.session_state["f_start"] = None
    st.session_state["f_end"] = None
    st.session_state["f_programs"] = []
    st.session_state["f_hosts"] = []
    st.session_state["f_films"] = []


def _set_period(start: dt.date, end: dt.date) -> None:
    st.session_state["f_start"] = start
    st.session_state["f_end"] = end


def sidebar_filters() -> Filters:
    """The shared filters in the sidebar; read from and written to the link."""
    choices = filter_choices()
    _read_link(choices)
    calendar = language_switch()
    # Bound here for the widgets' format_func, which Streamlit may call outside this run.
    language = current_language()
    extra = st.session_state.get("_extra_country_options", [])
    with st.sidebar:
        st.subheader(t("Filters"))
        st.date_input(t("From"), key="f_start", format="YYYY-MM-DD", min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
        st.date_input(t("To"), key="f_end", format="YYYY-MM-DD", min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
        chosen_start, chosen_end = st.session_state.get("f_start"), st.session_state.get("f_end")
        if calendar == "jalali" and (chosen_start or chosen_end):
            # The date pickers are Gregorian; the reader of the Solar Hijri calendar sees the same dates in it.
            st.caption(
                t(
                    "In the Solar Hijri calendar: {start} to {end}",
                    start=formatting.format_date(chosen_start, calendar="jalali") if chosen_start else "…",
                    end=formatting.format_date(chosen_end, calendar="jalali") if chosen_end else "…",
                )
            )
        last = choices["span"][1] or dt.date.today()
        year = formatting.year_of(last, calendar)
        columns = st.columns(3)
        for column, shown_year in zip(columns[:2], (year, year - 1), strict=True):
            first, final = formatting.year_span(shown_year, calendar)
            column.button(
                formatting.format_year(shown_year),
                on_click=_set_period,
                args=(first, final),
                help=(
                    t(
                        "Solar Hijri year {year}: {start} to {end}",
                        year=formatting.format_year(shown_year),
                        start=formatting.format_day(first),
                        end=formatting.format_day(final),
                    )
                    if calendar == "jalali"
                    else t("Calendar year {year}", year=formatting.format_year(shown_year))
                ),
                width="stretch",
            )
        columns[2].button(t("All"), on_click=_set_period, args=(None, None), help=t("All dates"), width="stretch")
        st.multiselect(
            t("Programmes"),
            choices["programs"],
            key="f_programs",
            format_func=lambda name: program_name(name, language),
            placeholder=t("All programmes"),
        )
        st.multiselect(
            t("Host countries"),
            sorted(set(choices["hosts"]) | set(extra)),
            key="f_hosts",
            format_func=lambda code: f"{code} · {country_name(code, language)}",
            placeholder=t("All host countries"),
        )
        st.multiselect(
            t("Film countries"),
            sorted(set(choices["films"]) | set(extra)),
            key="f_films",
            format_func=lambda code: f"{code} · {country_name(code, language)}",
            placeholder=t("All film countries"),
        )
        st.button(t("Reset filters"), on_click=_reset_filters, width="stretch")
    analyst_sign_in()  # the sidebar is drawn here on every page, so the sign-in button sits below the filters
    start, end = st.session_state.get("f_start"), st.session_state.get("f_end")
    notes = list(st.session_state.get("_link_notes", [])) + _language_notes()
    if start and end and start > end:
        notes.append(
            t(
                "The start date {start} is after the end date {end}; the dates are ignored.",
                start=formatting.format_date(start, calendar=calendar),
                end=formatting.format_date(end, calendar=calendar),
            )
        )
        start = end = None
    filters = Filters(
        start=start,
        end=end,
        programs=tuple(st.session_state.get("f_programs", [])),
        host_countries=tuple(st.session_state.get("f_hosts", [])),
        film_countries=tuple(st.session_state.get("f_films", [])),
        focus=tuple(st.session_state.get("focus", DEFAULT_FOCUS)),
        calendar=calendar,
    )
    st.session_state["_filters"] = filters
    st.session_state["_filter_notes"] = notes
    _write_link(filters)
    return filters


def current_filters() -> Filters:
    return st.session_state.get("_filters") or Filters()


def show_filter_notes() -> None:
    """A visible note for each link value that was dropped (never an error page)."""
    notes = st.session_state.get("_filter_notes", [])
    if notes:
        st.warning(t("Some values in the link were ignored; the page shows the rest."), icon=":material/warning:")
        # The values come from the link, so they are shown as plain text, never as Markdown.
        st.text("\n".join(t("Link value ignored: {note}", note=note) for note in notes))


# -- downloads -------------------------------------------------------------------------------------
def csv_bytes(frame: pd.DataFrame) -> bytes:
    return safecsv.csv_bytes(frame)


# -- blocks ----------------------------------------------------------------------------------------
def show_sql(outcome: Outcome, key: str) -> None:
    """The "SQL" view and the CSV download beside a chart."""
    if outcome.query is None:
        return
    with st.expander(t("SQL and data"), expanded=False):
        st.caption(
            t(
                "Query {name} — {milliseconds} ms",
                name=plain(outcome.query.name),
                milliseconds=formatting.format_number(outcome.seconds * 1000, None, 1),
            )
        )
        st.code(outcome.query.sql, language="sql")
        st.caption(t("Bound parameters"))
        st.code(json.dumps(outcome.parameters, default=str, ensure_ascii=False, indent=1), language="json")
        if outcome.frame is not None:
            st.download_button(
                t("Download CSV"),
                csv_bytes(outcome.frame),
                file_name=f"{outcome.query.name}.csv",
                mime="text/csv",
                key=f"download_{key}",
                on_click="ignore",
            )


def chart_block(
    name: str,
    build: Callable[[pd.DataFrame], go.Figure],
    *,
    key: str | None = None,
    filters: Filters | None = None,
    empty_message: str | None = None,
    height: int | None = None,
) -> Outcome:
    """Run a query and draw its chart, with its SQL view and download; errors and emptiness stay in place."""
    key = key or name
    outcome = run(name, filters)
    if not outcome.ok:
        st.error(t("This chart could not be drawn. {error}", error=plain(outcome.error)), icon=":material/error:")
        return outcome
    if outcome.frame.empty:
        st.info(empty_message or t("Nothing matches the filters for this chart."))
    else:
        figure = theme.localize(build(outcome.frame))
        if height:
            figure.update_layout(height=height)
        st.plotly_chart(figure, config=PLOTLY_CONFIG, key=f"chart_{key}", width="stretch")
    show_sql(outcome, key)
    return outcome


def table_block(
    name: str, *, key: str | None = None, filters: Filters | None = None, column_config: dict | None = None, height: int | None = None
) -> Outcome:
    """Run a query and show it as a table (values as text, never Markdown), with its SQL view and download."""
    key = key or name
    outcome = run(name, filters)
    if not outcome.ok:
        st.error(t("This table could not be shown. {error}", error=plain(outcome.error)), icon=":material/error:")
        return outcome
    if outcome.frame.empty:
        st.info(t("Nothing matches the filters for this table."))
    else:
        show_table(outcome.frame, column_config=column_config, hide_index=True, width="stretch", height=height or "auto")
    show_sql(outcome, key)
    return outcome


# Columns holding words of the contract's lists (or of a query's own), shown in the reader's language; free text
# (titles, parties, venues...) is shown as exported.
VOCABULARY_COLUMNS = ("status", "agreement_type", "format", "genre", "severity", "reason", "direction", "currency")


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy to show: programme names and list words in the reader's language; the frame itself is left as it is."""
    language = current_language()
    if language == "en" or frame.empty:
        return frame
    shown = frame.copy()
    for column in shown.columns:
        if column == "program":
            shown[column] = [program_name(value) if isinstance(value, str) else value for value in shown[column]]
        elif column in VOCABULARY_COLUMNS:
            shown[column] = [t(value) if isinstance(value, str) else value for value in shown[column]]
    return shown


def country_names(frame: pd.DataFrame, code_column: str, name_column: str = "country_name") -> pd.DataFrame:
    """A copy with the countries' names in the reader's language from the reference list (queries give English names)."""
    named = frame.copy()
    named[name_column] = [country_name(code) for code in named[code_column]]
    return named


def show_table(frame: pd.DataFrame, *, column_config: dict | None = None, **options) -> None:
    """st.dataframe with numbers and dates written in the reader's language and calendar (right to left in Persian), and
    programme names and list words translated; the values underneath, their sorting and every download stay as the data has them."""
    data, config, order = formatting.display_table(readable(frame), column_config, current_language(), current_calendar())
    options.setdefault("placeholder", "—")
    st.dataframe(data, column_config=config, column_order=order, **options)


def require_files(*tables: str) -> bool:
    """Say plainly when a file this page needs could not be loaded; True when all are usable."""
    report = database().report
    usable = True
    for table in tables:
        file = report.file(table)
        if not file.usable and file.required:
            usable = False
            st.error(
                t("{file} could not be loaded: {reason}", file=file.file, reason=plain(translate_message(file.file_error or file.status))),
                icon=":material/error:",
            )
    return usable


def reload_data() -> None:
    """Forget the loaded database and every cached result, so the next run reads the data folder again."""
    _database.clear()
    # The last good load stays: a reload pressed while a file is half-copied must not put the half-copy on screen.
    _keeper(str(data_dir()), str(paths.queries_dir() / "views")).forget()
    _cached_frame.clear()
    _filter_choices.clear()


MARKDOWN_SPECIALS = re.compile(r"([!-/:-@\[-`{-~])")


def plain(value: object) -> str:
    """A data value made safe to put into Markdown text (st.error, st.caption...): every punctuation mark shows as itself."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(str(value).split()))


def sample_data_banner() -> None:
    """A plain banner while the bundled sample exports are loaded, so nobody quotes sample figures as real ones.

    Every page calls it under its title, so it also shows freshness_banner()."""
    freshness_banner()
    if paths.is_shipped_sample(data_dir()):
        st.info(
            t(
                "Sample data: these figures come from the bundled sample exports, not from real screenings. "
                "Point CINECOOP_DATA_DIR at a folder of real exports to see real figures."
            ),
            icon=":material/science:",
        )


# -- who may use the analyst pages -------------------------------------------------------------------
ANALYST_SWITCH_ENV = "CINECOOP_ANALYST_PAGES"


def analyst_pages_switched_off() -> bool:
    """CINECOOP_ANALYST_PAGES=off (or 0, false, no): a leadership-only deployment, no Workbench, charts or sandbox."""
    import os

    return os.environ.get(ANALYST_SWITCH_ENV, "on").strip().lower() in ("off", "0", "false", "no")


def auth_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (Streamlit's OpenID Connect sign-in)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file: the local default shows the analyst pages
        return False


def analyst_emails() -> set[str]:
    """The `[cinecoop] analysts = [...]` list of secrets.toml, lower-cased."""
    try:
        listed = st.secrets.get("cinecoop", {}).get("analysts", [])
    except Exception:
        return set()
    if isinstance(listed, str):
        listed = [listed]
    return {str(email).strip().lower() for email in listed if str(email).strip()}


def analyst_pages_allowed() -> bool:
    """Workbench and sandbox: off when CINECOOP_ANALYST_PAGES=off; with [auth] configured, signed-in analysts only."""
    if analyst_pages_switched_off():
        return False
    if not auth_configured():
        return True
    if not st.user.get("is_logged_in", False):
        return False
    # A provider that lets anyone register an address says so; an unverified address is nobody's.
    if st.user.get("email_verified") is False:
        return False
    email = str(st.user.get("email") or "").strip().lower()
    return bool(email) and email in analyst_emails()


def _sign_in() -> None:
    section = st.secrets["auth"]
    # One unnamed provider sits in [auth] itself; named ones in [auth.NAME] subsections.
    providers = [name for name, value in section.items() if hasattr(value, "keys")]
    st.login(None if "client_id" in section or not providers else providers[0])


def analyst_sign_in() -> None:
    """In the sidebar when [auth] is configured: a sign-in button for analysts, or who is signed in and a sign-out button."""
    if analyst_pages_switched_off() or not auth_configured():
        return
    import importlib.util

    with st.sidebar:
        st.divider()
        if not st.user.get("is_logged_in", False):
            if importlib.util.find_spec("authlib") is None:
                st.warning(t("Analyst sign-in needs the Authlib package on the server (pip install Authlib)."), icon=":material/lock:")
            else:
                st.button(t("Sign in (analysts)"), on_click=_sign_in, key="analyst_sign_in", width="stretch")
            return
        if not analyst_pages_allowed():
            st.caption(t("This account is not on the analyst list, so the analyst pages stay hidden."))
        st.button(t("Sign out"), on_click=st.logout, key="analyst_sign_out", width="stretch")
