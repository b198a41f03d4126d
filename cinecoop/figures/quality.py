"""The Data quality page's builders: the per-file load table from the LoadReport, the problems and date-span charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cinecoop.csvread import DELIMITER_NAMES
from cinecoop.figures import theme
from cinecoop.formatting import format_number
from cinecoop.i18n import t, translate_message
from cinecoop.loader import LoadReport
from cinecoop.view import View

# Rejections in the warm red of "stalled", warnings in the amber of the palette, information (titles that match no film)
# in a quiet blue: the same meaning on every page.
SEVERITY_COLORS = {"error": "#D55E00", "warning": "#E69F00", "info": "#56B4E9"}
SEVERITY_ORDER = ("error", "warning", "info")


def balance_text(read: int, loaded: int, rejected: int, language: str = "en") -> str:
    """The check that every row read was either loaded or rejected, written out with its numbers."""
    mark = "✓" if read == loaded + rejected else "✗"
    return f"{mark} {format_number(read, language)} = {format_number(loaded, language)} + {format_number(rejected, language)}"


def date_conventions(formats: dict[str, int], language: str = "en") -> str:
    """Which date conventions a file used and how often ("YYYY-MM-DD: 1,200; Solar Hijri YYYY/MM/DD: 35"), in the language."""
    return "; ".join(f"{t(label, language=language)}: {format_number(count, language)}" for label, count in formats.items())


def files_frame(report: LoadReport, language: str = "en") -> pd.DataFrame:
    """One row per export file: status, counts, the read = loaded + rejected check, dates, formats, extra columns.

    In English the words are the report's own (the CSV download); another language gets a copy to show."""
    rows = []
    for file in report.files:
        rows.append(
            {
                "file": file.file,
                "required": file.required,
                # The file's status as the loader gives it (ok, warnings...): the table's "term" column names it for the reader.
                "status": file.status,
                "rows_read": file.rows_read,
                "rows_loaded": file.rows_loaded,
                "rows_rejected": file.rows_rejected,
                "warnings": file.warnings,
                "read_equals_loaded_plus_rejected": balance_text(file.rows_read, file.rows_loaded, file.rows_rejected, language),
                "balanced": file.rows_read == file.rows_loaded + file.rows_rejected,
                "first_date": file.first_date,
                "last_date": file.last_date,
                "date_formats": date_conventions(file.date_formats, language),
                "non_latin_digit_rows": file.non_latin_digits,
                "extra_columns": ", ".join(file.extra_columns),
                "delimiter": _word(DELIMITER_NAMES.get(file.delimiter or "", ""), language),
                "file_error": (file.file_error or "") if language == "en" else translate_message(file.file_error or "", language),
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("first_date", "last_date"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def _word(value: str, language: str) -> str:
    return value if language == "en" or not value else t(value, language=language)


def problems_by_file_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """Problems per file and column, errors and warnings stacked, most problems on top."""
    rows = frame.copy()
    rows["where"] = [
        theme.text(f"{file} · {column}" if isinstance(column, str) and column else f"{file} · {view.t('whole row or file')}")
        for file, column in zip(rows["file"], rows["column_name"], strict=True)
    ]
    totals = rows.groupby("where")["problems"].sum().sort_values(ascending=True)
    figure = go.Figure()
    severities = [value for value in SEVERITY_ORDER if value in set(rows["severity"])]
    severities += sorted(set(rows["severity"]) - set(SEVERITY_ORDER))
    for severity in severities:
        part = rows[rows["severity"] == severity].groupby("where")[["problems", "lines"]].sum()
        figure.add_bar(
            y=list(totals.index),
            x=[int(part["problems"].get(label, 0)) for label in totals.index],
            orientation="h",
            name=theme.text(view.term(severity)),
            marker_color=SEVERITY_COLORS.get(severity, theme.PALETTE[7]),
            customdata=[[theme.text(view.term(severity)), int(part["lines"].get(label, 0))] for label in totals.index],
            hovertemplate="%{y}<br>"
            + view.t("Severity: %{customdata[0]}<br>Problems: %{x:,}<br>Lines: %{customdata[1]:,}")
            + "<extra></extra>",
        )
    theme.style(figure, view.t("Problems found while loading, by file and column"), view.t("Problems (count)"), None)
    figure.update_layout(barmode="stack", height=max(260, 130 + 28 * len(totals)))
    figure.update_yaxes(categoryorder="array", categoryarray=list(totals.index))
    return figure


def file_dates_figure(frame: pd.DataFrame, view: View) -> go.Figure:
    """The span of dates each file covers (screening_date; proposed to signed dates for agreements)."""
    rows = frame[frame["first_date"].notna() & frame["last_date"].notna()]
    figure = go.Figure()
    for row in rows.itertuples():
        label = theme.text(row.file)
        figure.add_scatter(
            x=[pd.Timestamp(row.first_date), pd.Timestamp(row.last_date)],
            y=[label, label],
            mode="lines+markers+text",
            line={"color": theme.PALETTE[0], "width": 10},
            marker={"size": 12, "color": theme.PALETTE[0]},
            text=[view.date(row.first_date), view.date(row.last_date)],
            textposition="top center",
            customdata=[[view.date(row.first_date), view.date(row.last_date)]] * 2,
            hovertemplate="%{y}<br>" + view.t("From %{customdata[0]} to %{customdata[1]}") + "<extra></extra>",
            showlegend=False,
            cliponaxis=False,
        )
    theme.style(figure, view.t("Dates each file covers"), view.t("Date"), None)
    if not rows.empty:
        first = pd.Timestamp(min(rows["first_date"]))
        last = pd.Timestamp(max(rows["last_date"]))
        pad = max(pd.Timedelta(days=60), (last - first) * 0.14)
        figure.update_xaxes(range=[first - pad, last + pad], type="date", **theme.date_axis(first - pad, last + pad, view))
    figure.update_layout(height=140 + 50 * max(len(rows), 1))
    return figure
