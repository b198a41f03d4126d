"""Click to filter or drill down: a point of a chart or a row of a table filters the page (and the link) or opens the page
of its film, country or agreement; each filter a click set shows as a chip that undoes it in one click."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from cinecoop.blocks import Select
from cinecoop.formatting import month_start, next_month_start, year_span
from cinecoop.ui import session
from cinecoop.ui.text import plain
from cinecoop.view import View

# The sidebar's widget behind each filter a click may set.
FILTER_WIDGETS = {"programs": "f_programs", "host_countries": "f_hosts", "film_countries": "f_films"}
CHIPS = "_click_chips"
OPEN = "_click_open"


def point_value(point: dict) -> str | None:
    """The value a clicked point carries: its id (a chart's builder sets Plotly `ids`), else its trace's legend group."""
    value = point.get("id") if point.get("id") not in (None, "") else point.get("legendgroup")
    # An id may carry what keeps it unique after a bar: "IR|Tehran" filters by IR.
    return None if value in (None, "") else str(value).split("|", 1)[0]


def on_chart(widget_key: str, select: Select) -> None:
    """The callback of a chart that filters or drills down: act on the first point clicked."""
    state = st.session_state.get(widget_key)
    points = state.selection.points if state is not None else []
    value = point_value(points[0]) if points else None
    if value is not None:
        act(select, value)


def on_table(widget_key: str, select: Select, values: list[object]) -> None:
    """The callback of a table whose rows open or filter: act on the row chosen (`values` is the select column, in the
    order the rows are drawn)."""
    state = st.session_state.get(widget_key)
    rows = state.selection.rows if state is not None else []
    if rows and 0 <= rows[0] < len(values) and values[rows[0]] not in (None, ""):
        act(select, str(values[rows[0]]))


def act(select: Select, value: str) -> None:
    """Open the thing's page, or set the filter (or the table's choice) to the value, remembering how to undo it."""
    if select.kind == "open":
        st.session_state[OPEN] = (select.target, value)
        return
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    if select.kind == "facet":
        before[select.target] = st.session_state.get(select.target)
        st.session_state[select.target] = after[select.target] = [value]
    elif select.target in FILTER_WIDGETS:
        widget = FILTER_WIDGETS[select.target]
        before[widget] = st.session_state.get(widget)
        st.session_state[widget] = after[widget] = [value]
    elif select.target in ("year", "month"):
        calendar = session.calendar(session.language())
        start, end = _period(select.target, value, calendar)
        before = {"f_start": st.session_state.get("f_start"), "f_end": st.session_state.get("f_end")}
        st.session_state["f_start"], st.session_state["f_end"] = start, end
        after = {"f_start": start, "f_end": end}
    else:
        return
    chips = [chip for chip in st.session_state.get(CHIPS, []) if set(chip["before"]) != set(before)]
    st.session_state[CHIPS] = [*chips, {"action": select.action, "value": value, "before": before, "after": after}]


def _period(unit: str, value: str, calendar: str) -> tuple[dt.date, dt.date]:
    if unit == "year":
        return year_span(int(float(value)), calendar)
    first = month_start(dt.date.fromisoformat(value[:10]), calendar)
    return first, next_month_start(first, calendar) - dt.timedelta(days=1)


def undo(index: int) -> None:
    chips = list(st.session_state.get(CHIPS, []))
    if 0 <= index < len(chips):
        for key, value in chips.pop(index)["before"].items():
            st.session_state[key] = value
        st.session_state[CHIPS] = chips


def show_chips(view: View) -> None:
    """A chip for each filter a click set, saying what it filtered; a click on the chip undoes it."""
    # A chip whose filter the reader has changed since (in the sidebar) has nothing left to undo.
    chips = [
        chip for chip in st.session_state.get(CHIPS, []) if all(st.session_state.get(key) == value for key, value in chip["after"].items())
    ]
    st.session_state[CHIPS] = chips
    for index, chip in enumerate(chips):
        label = view.t("Filtered by a click: {what}", what=_what(chip, view))
        st.button(
            "✕ " + plain(label), key=f"click_chip_{index}", on_click=undo, args=(index,), help=view.t("Undo this filter"), type="tertiary"
        )


def _what(chip: dict, view: View) -> str:
    action, value = chip["action"], chip["value"]
    if action == "filter:programs":
        return view.t("Programme") + ": " + view.program(value)
    if action in ("filter:host_countries", "filter:film_countries"):
        label = "Host country" if action == "filter:host_countries" else "Film country"
        return view.t(label) + ": " + view.country(value)
    if action == "filter:year":
        return view.t("Year") + ": " + view.year(int(float(value)))
    if action == "filter:month":
        return view.t("Month") + ": " + view.month(dt.date.fromisoformat(value[:10]))
    return view.term(value)


def follow(pages: dict) -> None:
    """When a click asked for the page of a film, country or agreement, go there (its key in the link)."""
    opened = st.session_state.pop(OPEN, None)
    if opened is not None and opened[0] in pages:
        st.switch_page(pages[opened[0]], query_params={opened[0]: opened[1]})
