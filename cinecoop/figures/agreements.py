"""Chart builders of the Agreements page: the pipeline, the timeline, types, partner countries, days to signature."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cinecoop.figures import theme
from cinecoop.view import View

# The road an agreement travels, and the two ways it can leave the road; drawn apart so a stop never reads as progress.
PIPELINE = ("proposed", "negotiating", "signed", "in-progress", "completed")
STOPPED = ("stalled", "cancelled")
STATUS_ORDER = PIPELINE + STOPPED
# Statuses whose agreement may still be signed: their wait is drawn up to today.
WAITING = ("proposed", "negotiating", "stalled")
ROW_HEIGHT = 24
MARKER_COLOR = "#333333"


def status_color(status: str) -> str:
    return theme.STATUS_COLORS.get(status) or theme.program_color(str(status))


def ordered_statuses(values) -> list[str]:
    """Known statuses in pipeline order, then any other value the data holds."""
    present = [str(value) for value in pd.unique(pd.Series(values)) if pd.notna(value)]
    return [status for status in STATUS_ORDER if status in present] + sorted(status for status in present if status not in STATUS_ORDER)


def bar_chart_height(categories: int) -> int:
    return max(260, 130 + ROW_HEIGHT * categories)


# A timeline row is named by its id and the start of its title (the hover gives the whole title): short enough that the
# bars keep their room on a 390-pixel phone.
TIMELINE_TITLE_CHARACTERS = 26


def shorten(text: object, limit: int = 44) -> str:
    value = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def days_text(value: float, view: View) -> str:
    """A number of days: whole when it is whole, else with one decimal (formatting.MEASURE_FORMATS["days"])."""
    return view.measure(value, "days")


def status_label(status: object, view: View) -> str:
    """A status of the contract's list in the reader's language (the data keep the English word)."""
    return theme.text(view.term(status))


def pipeline_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Agreements by status: the five pipeline stages in order on the left, stalled and cancelled apart on the right."""
    counts = frame.set_index("status")["agreements"].to_dict()
    values = frame.set_index("status")["value_usd"].to_dict() if "value_usd" in frame else {}
    figure = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.72, 0.28],
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=(view.t("Pipeline"), view.t("Stopped")),
    )
    for column, statuses in ((1, PIPELINE), (2, STOPPED)):
        amounts = [int(counts.get(status, 0) or 0) for status in statuses]
        worth = [values.get(status) for status in statuses]
        figure.add_bar(
            x=[status_label(status, view) for status in statuses],
            y=amounts,
            ids=list(statuses),
            marker_color=[status_color(status) for status in statuses],
            text=[view.measure(amount, "agreements") for amount in amounts],
            textposition="outside",
            cliponaxis=False,
            customdata=[[view.t("not given") if value is None or pd.isna(value) else view.measure(value, "value_usd")] for value in worth],
            hovertemplate=view.t("Status: %{x}<br>Agreements: %{y:,}<br>Declared value: %{customdata[0]} USD") + "<extra></extra>",
            showlegend=False,
            row=1,
            col=column,
        )
    theme.style(figure, view.t("Where the agreements proposed in the period stand today"), None, view.t("Agreements (count)"))
    figure.update_xaxes(title_text=view.t("Status today"), row=1, col=1)
    figure.update_yaxes(rangemode="tozero", title_text=None, row=1, col=2)
    top = max([int(value or 0) for value in counts.values()] + [1])
    figure.update_yaxes(range=[0, top * 1.18])
    figure.update_layout(height=360, margin={"t": 80})
    return figure


def _stacked_by_status(frame: pd.DataFrame, category: str, labels: dict[str, str], title: str, view: View) -> go.Figure:
    """Horizontal bars per category, stacked by status in pipeline order, largest total on top."""
    totals = frame.groupby(category)["agreements"].sum().sort_values(ascending=True)
    order = list(totals.index)
    figure = go.Figure()
    for status in ordered_statuses(frame["status"]):
        part = frame[frame["status"] == status].set_index(category)["agreements"]
        amounts = [int(part.get(value, 0)) for value in order]
        figure.add_bar(
            y=[labels.get(value, theme.text(value)) for value in order],
            ids=[str(value) for value in order],
            x=amounts,
            orientation="h",
            name=status_label(status, view),
            marker_color=status_color(status),
            customdata=[[status_label(status, view), int(totals[value])] for value in order],
            hovertemplate="%{y}<br>" + view.t("Status: %{customdata[0]}<br>Agreements: %{x:,} of %{customdata[1]:,}") + "<extra></extra>",
        )
    # No axis title over the categories: the chart's title names them, and on a phone the room goes to the bars.
    theme.style(figure, title, view.t("Agreements (count)"), None)
    # The statuses in a row above the bars (the title sits above the legend, pinned to the top): beside the bars, a
    # column of seven statuses took a third of a phone's width.
    figure.update_layout(barmode="stack", height=bar_chart_height(len(order)) + 40, legend={"traceorder": "normal"})
    theme.top_legend(figure, rows=2)
    figure.update_yaxes(categoryorder="array", categoryarray=[labels.get(value, theme.text(value)) for value in order])
    return figure


def by_type_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    labels = {value: theme.text(view.term(value)) for value in frame["agreement_type"].unique()}
    return _stacked_by_status(frame, "agreement_type", labels, view.t("Agreements by type and status today"), view)


def by_partner_country_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Countries named in the agreements, by their names in the reader's language."""
    labels = {code: theme.text(view.country(code)) for code in frame["country"].unique()}
    return _stacked_by_status(frame, "country", labels, view.t("Agreements by partner country and status"), view)


def days_to_signature_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Median days from proposal to signature per type, with the median over all types as a line."""
    overall = frame[frame["all_types"].astype(bool)]
    types = frame[~frame["all_types"].astype(bool)].sort_values("median_days", ascending=False)
    figure = go.Figure()
    figure.add_bar(
        y=[theme.text(view.term(value)) for value in types["agreement_type"]],
        x=types["median_days"],
        orientation="h",
        marker_color=theme.PALETTE[0],
        text=[days_text(value, view) for value in types["median_days"]],
        # Inside at the bar's start, so the dashed line of the overall median never crosses a number.
        textposition="inside",
        insidetextanchor="start",
        textangle=0,
        textfont={"color": "white"},
        # Days written as the bar labels write them (whole when whole): Plotly's own .1f would add a decimal to a whole median.
        customdata=[
            [days_text(median, view), view.measure(signed, "agreements"), days_text(shortest, view), days_text(longest, view)]
            for median, signed, shortest, longest in zip(
                types["median_days"], types["agreements_signed"], types["shortest_days"], types["longest_days"], strict=True
            )
        ],
        hovertemplate="%{y}<br>"
        + view.t(
            "Median: %{customdata[0]} days<br>Signed: %{customdata[1]}<br>Shortest: %{customdata[2]} days<br>Longest: %{customdata[3]} days"
        )
        + "<extra></extra>",
        showlegend=False,
    )
    if not overall.empty:
        median = float(overall["median_days"].iloc[0])
        count = int(overall["agreements_signed"].iloc[0])
        figure.add_shape(type="line", x0=median, x1=median, y0=0, y1=1, yref="paper", line={"color": MARKER_COLOR, "dash": "dash"})
        figure.add_annotation(
            x=median,
            y=1,
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            text=view.t("all types: {days} days ({count} signed)", days=days_text(median, view), count=view.measure(count, "agreements")),
        )
    theme.style(figure, view.t("Median days to signature, by type"), view.t("Days (median)"), None)
    figure.update_layout(height=bar_chart_height(len(types)) + 20, margin={"t": 80, "r": 40})
    longest = float(types["median_days"].max()) if not types.empty else 1.0
    figure.update_xaxes(range=[0, longest * 1.15])
    return figure


def timeline_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """One row per agreement: the wait from proposal to signature, then its term to the end date, in the status colour."""
    now = pd.Timestamp(view.today)
    rows = frame.copy()
    for column in ("proposed_date", "signed_date", "end_date"):
        rows[column] = pd.to_datetime(rows[column])
    rows["label"] = [
        theme.text(f"{agreement} · {shorten(title, TIMELINE_TITLE_CHARACTERS)}")
        for agreement, title in zip(rows["agreement_id"], rows["title"], strict=True)
    ]
    figure = go.Figure()

    negotiation_x: list = []
    negotiation_y: list = []
    for row in rows.itertuples():
        if pd.notna(row.signed_date):
            negotiation_x += [row.proposed_date, row.signed_date, None]
            negotiation_y += [row.label, row.label, None]
    if negotiation_x:
        figure.add_scatter(
            x=negotiation_x,
            y=negotiation_y,
            mode="lines",
            line={"color": "#9E9E9E", "width": 2},
            name=view.t("proposal to signature"),
            hoverinfo="skip",
        )

    for status in ordered_statuses(rows["status"]):
        part = rows[rows["status"] == status]
        term_x: list = []
        term_y: list = []
        wait_x: list = []
        wait_y: list = []
        for row in part.itertuples():
            if pd.notna(row.signed_date):
                finish = row.end_date if pd.notna(row.end_date) else max(now, row.signed_date)
                term_x += [row.signed_date, finish, None]
                term_y += [row.label, row.label, None]
            elif status in WAITING:
                finish = row.end_date if pd.notna(row.end_date) and row.end_date < now else now
                wait_x += [row.proposed_date, max(finish, row.proposed_date), None]
                wait_y += [row.label, row.label, None]
        color = status_color(status)
        # One legend entry per status, on whichever of its lines is drawn first.
        for xs, ys, line in ((term_x, term_y, {"width": 7}), (wait_x, wait_y, {"width": 3, "dash": "dot"})):
            if not xs:
                continue
            figure.add_scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": color, **line},
                name=status_label(status, view),
                legendgroup=status,
                showlegend=not any(trace.legendgroup == status and trace.showlegend is not False for trace in figure.data),
                hoverinfo="skip",
            )

    details = [
        [
            theme.text(row.agreement_id),
            theme.text(row.title),
            status_label(row.status, view),
            theme.text(view.term(row.agreement_type)),
            theme.text("—" if row.program is None or pd.isna(row.program) else view.program(row.program)),
            view.date(row.proposed_date),
            view.date(row.signed_date),
            view.date(row.end_date),
        ]
        for row in rows.itertuples()
    ]
    hover = (
        "<b>%{customdata[0]}</b> %{customdata[1]}<br>"
        + view.t("Status: %{customdata[2]}<br>Type: %{customdata[3]}<br>Programme: %{customdata[4]}<br>")
        + view.t("Proposed: %{customdata[5]}<br>Signed: %{customdata[6]}<br>Ends: %{customdata[7]}")
        + "<extra></extra>"
    )
    for column, symbol, name in (
        ("proposed_date", "circle-open", view.t("proposed date")),
        ("signed_date", "diamond", view.t("signed date")),
        ("end_date", "square", view.t("end date")),
    ):
        present = rows[column].notna().to_numpy()
        figure.add_scatter(
            x=rows.loc[present, column],
            y=rows.loc[present, "label"],
            ids=list(rows.loc[present, "agreement_id"]),
            mode="markers",
            marker={"symbol": symbol, "size": 9, "color": MARKER_COLOR, "line": {"color": MARKER_COLOR, "width": 1.5}},
            name=name,
            customdata=[details[index] for index in range(len(rows)) if present[index]],
            hovertemplate=hover,
        )

    figure.add_shape(type="line", x0=now, x1=now, y0=0, y1=1, yref="paper", line={"color": "#C00000", "width": 1, "dash": "dash"})
    figure.add_annotation(
        x=now,
        y=1,
        yref="paper",
        yanchor="top",
        xanchor="left",
        showarrow=False,
        text=view.t("today"),
        font={"color": "#C00000"},
        bgcolor="white",
    )
    theme.style(figure, view.t("Agreement timeline: proposed, signed and end dates"), view.t("Date"), None)
    # A fixed range: autorange pads a category axis around markers, leaving empty rows at both ends.
    figure.update_yaxes(categoryorder="array", categoryarray=list(rows["label"]), range=[len(rows) - 0.5, -0.5], showgrid=True)
    figure.update_xaxes(showgrid=True, gridcolor="rgba(128,128,128,0.15)", type="date")
    dates = pd.concat([rows["proposed_date"], rows["signed_date"], rows["end_date"], pd.Series([now])]).dropna()
    if not dates.empty:
        figure.update_xaxes(**theme.date_axis(dates.min(), dates.max(), view))
    figure.update_layout(
        height=max(320, 150 + 22 * len(rows)),
        # The title at the very top, the two-row legend between it and the plot.
        title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12}},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        margin={"t": 110},
        hovermode="closest",
    )
    return figure
