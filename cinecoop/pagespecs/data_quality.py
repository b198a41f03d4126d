"""Data quality: what each export file gave at load, every problem with its line, where and when the data was loaded."""

from __future__ import annotations

from cinecoop import kpi
from cinecoop.blocks import Action, Cards, CardSet, Chart, Column, Context, Facts, Message, Page, Paragraph, Say, Section, Table
from cinecoop.figures import quality as figures


def load_cards(ctx: Context) -> CardSet:
    """What the load gave: files usable, rows loaded, rows rejected, warnings."""
    view = ctx.view
    files = ctx.report.files
    usable = sum(1 for file in files if file.usable)
    return CardSet(
        [
            kpi.Card(view.t("Files loaded"), view.t("{loaded} of {total}", loaded=view.number(usable), total=view.number(len(files)))),
            kpi.Card(view.t("Rows loaded"), view.number(sum(file.rows_loaded for file in files))),
            kpi.Card(view.t("Rows rejected"), view.number(sum(file.rows_rejected for file in files))),
            kpi.Card(view.t("Warnings"), view.number(sum(file.warnings for file in files))),
        ],
        [view.t("A warning keeps its row; a rejected row is left out of every table.")],
    )


def summary(ctx: Context) -> list[Paragraph | Message]:
    """A plain sentence of how the load went, then one message per file that could not be used."""
    view = ctx.view
    files = ctx.report.files
    rejected = sum(file.rows_rejected for file in files)
    warnings = sum(file.warnings for file in files)
    unusable = [file for file in files if file.file_error]
    said: list[Paragraph | Message] = []
    if not unusable and rejected == 0:
        said.append(
            Message(
                "success",
                view.t("Every file loaded; no row was rejected. {warnings} warnings about usable rows.", warnings=view.number(warnings)),
            )
        )
    elif not unusable:
        said.append(
            Message(
                "warning",
                view.t(
                    "{rejected} rows were rejected and left out of every table; {warnings} warnings.",
                    rejected=view.number(rejected),
                    warnings=view.number(warnings),
                ),
            )
        )
    for file in unusable:
        said.append(Message("error", view.t("{file} could not be loaded: {reason}", file=file.file, reason=view.message(file.file_error))))
    for file in files:
        if file.status == "missing" and not file.required:
            said.append(
                Message("info", view.t("{file} is not in the data folder; it is optional, so nothing depends on it.", file=file.file))
            )
    if any(file.rows_read != file.rows_loaded + file.rows_rejected for file in files):
        said.append(
            Message("error", view.t("For at least one file, rows read differ from rows loaded + rejected: report this to the data team."))
        )
    return said


def source_facts(ctx: Context) -> list[tuple[str, str]]:
    view = ctx.view
    report = ctx.report
    return [
        (view.t("Data folder"), str(report.data_dir)),
        (view.t("Reference tables (countries, cities)"), str(report.reference_dir)),
        (view.t("Loaded at (server time)"), f"{view.date(report.loaded_at.date())} {view.digits(report.loaded_at.strftime('%H:%M:%S'))}"),
        (view.t("Load time"), view.t("{seconds} s", seconds=view.number(report.seconds, 2))),
        (view.t("Data fingerprint"), ctx.source.database.fingerprint),
    ]


def film_titles_guard(ctx: Context) -> Message | None:
    """Titles are matched only against films.csv: without films there is nothing to list (every title is a film of its own)."""
    if ctx.report.table("films").rows_loaded == 0:
        return Message(
            "info",
            ctx.view.t(
                "films.csv holds no films, so exported titles are not matched to films: each distinct title counts as a film of its own."
            ),
        )
    return None


def film_titles_summary(ctx: Context) -> list[Paragraph | Message]:
    """How many exported titles match several films (a warning each) and how many match none (information)."""
    view = ctx.view
    outcome = ctx.run("film_titles_unmatched")
    if not outcome.ok or outcome.frame.empty:
        return []
    statuses = outcome.frame["status"].value_counts()
    said: list[Paragraph | Message] = []
    if statuses.get("several films", 0):
        said.append(
            Message(
                "warning",
                view.t(
                    "{n} titles match several films of films.csv: each is counted as a title of its own until its rows name a "
                    "film_id or films.csv tells the films apart.",
                    n=view.number(statuses["several films"]),
                ),
            )
        )
    if statuses.get("no film", 0):
        said.append(
            Message(
                "info",
                view.t(
                    "{n} titles match no film of films.csv: each is counted as a film of its own. Add the film, or the title as "
                    "an alias of its film, to count them together.",
                    n=view.number(statuses["no film"]),
                ),
            )
        )
    return said


def files(ctx: Context):
    return figures.files_frame(ctx.report, ctx.view.language).drop(columns=["balanced"])


FILE_COLUMNS = (
    Column("file", "File"),
    Column("required", "Required", "bool", on_paper=False),
    Column("status", "Status", "term"),
    Column("rows_read", "Rows read", "count"),
    Column("rows_loaded", "Loaded", "count"),
    Column("rows_rejected", "Rejected", "count"),
    Column("warnings", "Warnings", "count"),
    Column("read_equals_loaded_plus_rejected", "Read = loaded + rejected"),
    Column("first_date", "First date", "date"),
    Column("last_date", "Last date", "date"),
    Column("date_formats", "Date formats used (values)", width="medium", on_paper=False),
    Column("non_latin_digit_rows", "Rows with Persian or Arabic digits", "count", on_paper=False),
    Column("extra_columns", "Extra columns kept", on_paper=False),
    Column("delimiter", "Delimiter", on_paper=False),
    Column("file_error", "File error", width="large", on_paper=False),
)

PAGE = Page(
    name="data_quality",
    title="Data quality",
    icon=":material/fact_check:",
    sections=(
        Section(key="summary", blocks=(Say(summary), Cards(load_cards, key="load"))),
        Section(
            title="Where the data comes from",
            key="source",
            blocks=(
                Facts(source_facts),
                Action("reload"),
                Table(
                    "sources_by_table",
                    "Sources",
                    (
                        Column("table_name", "Table"),
                        Column("source", "Source", width="large"),
                        Column("row_count", "Rows", "count"),
                        Column("first_date", "First date", "date"),
                        Column("last_date", "Last date", "date"),
                        Column("files", "Files", width="medium"),
                    ),
                    caption=(
                        "Where the rows of each table come from, as their optional source column says, and the dates they cover "
                        "(screening, proposal or release dates). An empty source: the rows do not say."
                    ),
                    empty="No table has rows.",
                ),
            ),
        ),
        Section(
            key="files",
            blocks=(
                Table(
                    None,
                    "Files",
                    FILE_COLUMNS,
                    key="load_summary",
                    frame=files,
                    caption=lambda ctx: (
                        ctx.view.t(
                            "For every file, rows read = rows loaded + rows rejected. A warning keeps its row; a rejected row is left out."
                        )
                        + " "
                        + ctx.view.t(
                            "Date formats used: which date convention each file was written in (YYYY-MM-DD, DD.MM.YYYY or Solar Hijri "
                            "YYYY/MM/DD) and how many values of each; Solar Hijri dates and Persian or Arabic digits are read as they come."
                        )
                    ),
                ),
                Chart(
                    "problems_by_file",
                    figures.problems_by_file_figure,
                    empty="The loader reported no problem.",
                    width="half",
                ),
                Chart(
                    None,
                    figures.file_dates_figure,
                    key="file_dates",
                    frame=lambda ctx: figures.files_frame(ctx.report),
                    is_empty=lambda frame: not frame["first_date"].notna().any(),
                    empty="No file with dates was loaded.",
                    caption=(
                        "From the file summary above: the screening dates of screenings.csv; for agreements.csv, from the first "
                        "proposal to the latest proposal or signature. Rows loaded only."
                    ),
                    width="half",
                ),
                Table(
                    "problems_by_line",
                    "Problems by line",
                    (
                        Column("file", "File"),
                        Column("line", "Line", "plain"),
                        Column("severity", "Severity", "term"),
                        Column("column_name", "Column"),
                        Column("value", "Value"),
                        Column("message", "Message", "message", width="large"),
                    ),
                    caption=(
                        "Line numbers are the physical lines of the file; the header is line 1. Errors were rejected, warnings were kept. "
                        "At most the first 1,000 problems of each file, severity and column are listed, by line; the chart above counts them all."
                    ),
                    empty="The loader reported no problem.",
                    empty_level="success",
                    facets=("file", "severity", "column_name"),
                    count_text="{shown} of {total} problems.",
                ),
            ),
        ),
        Section(
            title="Film titles",
            key="film_titles",
            guard=film_titles_guard,
            blocks=(
                Say(film_titles_summary),
                Table(
                    "film_titles_unmatched",
                    "Titles that match no film, or several",
                    (
                        Column("film_title", "Title as exported", width="large"),
                        Column("status", "Matches", "term"),
                        Column("candidates", "Films it names", width="large"),
                        Column("table_name", "Table", "term"),
                        Column("row_count", "Rows", "count"),
                        Column("first_file", "First file"),
                        Column("first_line", "First line", "plain"),
                        Column("files", "Files", on_paper=False),
                    ),
                    caption=(
                        "Titles of rows without a film_id, matched to the titles and aliases of films.csv ignoring case, spacing, "
                        "punctuation, ё/е and ی/ي. A title that matches several films is a warning; one that matches none is "
                        "information."
                    ),
                    empty="Every exported title matches one film of films.csv.",
                    empty_level="success",
                    facets=("status", "table_name"),
                    count_text="{shown} of {total} titles.",
                ),
            ),
        ),
    ),
)
