"""The command line `python -m cinecoop`: validate, query, sql, check (data contract section 4), brief (the PDF brief),
import (other registers), build (the store replicas serve)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import decimal
import json
import math
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from cinecoop import paths
from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database, QueryError, open_database
from cinecoop.filters import DEFAULT_FOCUS, Filters
from cinecoop.i18n import CALENDARS, LANGUAGES
from cinecoop.safecsv import FORMULA_PREFIXES


class UsageError(Exception):
    """Wrong words on the command line: exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a plain message, as argparse does, but testable
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a YYYY-MM-DD date") from error


def _country(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise argparse.ArgumentTypeError(f"{text!r} is not a two-letter country code")
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m cinecoop", description="Cinecoop: validate exports and run the query catalogue.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = commands.add_parser("validate", help="check a data folder against the data contract")
    validate.add_argument("--data", help="data folder (default: $CINECOOP_DATA_DIR or the shipped sample)")
    validate.add_argument("--json", action="store_true", help="print one JSON object")

    query = commands.add_parser("query", help="run queries/NAME.sql with the global filters bound")
    query.add_argument("name")
    _add_data_options(query)
    _add_filter_options(query)
    query.add_argument("--format", choices=("csv", "json"), default="csv")

    sql = commands.add_parser("sql", help="run ad-hoc read-only SQL in the analyst sandbox")
    sql.add_argument("statement")
    sql.add_argument("--data", help="data folder")
    sql.add_argument("--format", choices=("csv", "json"), default="csv")
    sql.add_argument("--timeout", type=float, default=None, help="time limit in seconds (default 10)")
    sql.add_argument("--max-rows", type=int, default=None, help="row cap (default 10000)")

    check = commands.add_parser("check", help="run every query of the catalogue with no filters")
    _add_data_options(check)

    brief = commands.add_parser("brief", help="write a page as an A4 PDF brief (KPI cards, charts, tables, definitions)")
    brief.add_argument(
        "--page",
        default="overview",
        help="overview, screenings, exchange, agreements, regional, data_quality, or a page of one thing: film, country, agreement (default overview)",
    )
    _add_data_options(brief)
    _add_filter_options(brief)
    brief.add_argument("--key", help="the film, country or agreement of a page of one thing (--page film, country or agreement)")
    brief.add_argument("--lang", choices=tuple(LANGUAGES), default="en", help="language of the brief (default en)")
    brief.add_argument(
        "--calendar",
        choices=CALENDARS,
        default=None,
        help="how months, years and dates are counted (default: Solar Hijri for fa, Gregorian otherwise)",
    )
    brief.add_argument("--out", required=True, help="the PDF file to write")

    importer = commands.add_parser("import", help="bring another organisation's register in as tables of the data contract")
    sources = importer.add_subparsers(dest="source", required=True, parser_class=_Parser)
    mkrf = sources.add_parser(
        "mkrf", help="the Russian Ministry of Culture's register of distribution certificates and its box office -> films, releases"
    )
    mkrf.add_argument("--movies", required=True, help="the register (mkrf_movies.csv: one row per certificate)")
    mkrf.add_argument("--shows", required=True, help="its box-office file (mkrf_shows.csv: puNumber, box_office in roubles)")
    mkrf.add_argument("--out", required=True, help="the data folder to write films/mkrf.csv and releases/mkrf.csv into")
    mkrf.add_argument("--json", action="store_true", help="print one JSON object")

    build = commands.add_parser("build", help="build or refresh the persisted store once and publish it for the replicas")
    _add_data_options(build)
    build.add_argument("--store", help="store folder (default: $CINECOOP_STORE_DIR or .cache/store)")
    build.add_argument("--json", action="store_true", help="print one JSON object")

    return parser


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", help="data folder (default: $CINECOOP_DATA_DIR or the shipped sample)")
    parser.add_argument("--queries", help="query folder (default: queries/)")


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", type=_date, help="first screening date, YYYY-MM-DD")
    parser.add_argument("--end", type=_date, help="last screening date, YYYY-MM-DD")
    parser.add_argument("--program", action="append", default=[], help="programme (repeat for several)")
    parser.add_argument("--host-country", action="append", default=[], type=_country, help="host country code (repeatable)")
    parser.add_argument("--film-country", action="append", default=[], type=_country, help="film country code (repeatable)")
    parser.add_argument(
        "--focus", nargs=2, metavar=("A", "B"), type=_country, default=list(DEFAULT_FOCUS), help="focus pair of countries for directions"
    )


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(
        start=args.start,
        end=args.end,
        programs=tuple(dict.fromkeys(args.program)),
        host_countries=tuple(dict.fromkeys(args.host_country)),
        film_countries=tuple(dict.fromkeys(args.film_country)),
        focus=(args.focus[0], args.focus[1]),
    )


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO text, decimals as numbers, NaN as null."""
    if value is None or value is pd.NA:  # pandas' NA: an unknown count (admissions of screenings none of which has known admissions)
        return None
    if isinstance(value, dt.datetime):
        # DuckDB DATE columns arrive through pandas as midnight timestamps: print them as the dates they are.
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


def _cell(value: Any) -> str:
    """One CSV cell; text (a list is joined as text) that a spreadsheet would run as a formula gets a leading apostrophe,
    as in the page downloads. Numbers and dates are written as they are (-5 stays a number)."""
    plain = _plain(value)
    if plain is None:
        return ""
    if isinstance(plain, list):
        text = ";".join(str(item) for item in plain)
    elif isinstance(plain, str):
        text = plain
    else:
        return str(plain)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def write_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], output_format: str, out: TextIO) -> None:
    if output_format == "json":
        json.dump(
            [{column: _plain(value) for column, value in zip(columns, row, strict=True)} for row in rows], out, ensure_ascii=False, indent=1
        )
        out.write("\n")
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_cell(str(column)) for column in columns])
    for row in rows:
        writer.writerow([_cell(value) for value in row])


def _frame_rows(frame: Any) -> tuple[list[str], list[list[Any]]]:
    columns = [str(column) for column in frame.columns]
    rows = [[None if _is_missing(value) else value for value in row] for row in frame.itertuples(index=False, name=None)]
    return columns, rows


def _is_missing(value: Any) -> bool:
    try:
        import pandas as pd

        return not isinstance(value, (list, tuple)) and bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def cmd_validate(args: argparse.Namespace) -> int:
    data_dir = paths.data_dir(args.data)
    database = Database(data_dir)
    report = database.report
    if args.json:
        json.dump(report.as_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(f"Data folder: {data_dir}")
        # Parts (screenings/2025-02.csv) are listed one by one; the column is as wide as the longest name.
        width = max([16, *(len(file.file) for file in report.files)])
        for file in report.files:
            print(
                f"  {file.file:<{width}} {file.status:<9} read {file.rows_read:>9,}  loaded {file.rows_loaded:>9,}  "
                f"rejected {file.rows_rejected:>7,}  warnings {file.warnings:>6,}"
            )
            if file.extra_columns:
                print(f"  {'':<{width}} extra columns kept: {', '.join(file.extra_columns)}")
            if file.date_formats:
                print(f"  {'':<{width}} dates: " + ", ".join(f"{label} ({count:,})" for label, count in file.date_formats.items()))
        for problem in report.problems:
            print(problem.describe())
        print("OK: nothing rejected." if report.ok else "NOT OK: rows were rejected or a required file is unusable.")
    return 0 if report.ok else 1


def cmd_query(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(Path(args.queries) if args.queries else None)
    query = catalogue.get(args.name)
    if query is None:
        known = ", ".join(sorted(catalogue)) or "none"
        print(f"error: no query named {args.name!r} in {paths.queries_dir(args.queries)} (known: {known})", file=sys.stderr)
        return 1
    if query.problems:
        print(f"error: {query.path}: " + "; ".join(query.problems), file=sys.stderr)
        return 1
    database = open_database(paths.data_dir(args.data), Path(args.queries) if args.queries else None)
    try:
        result = database.run(query, _filters(args))
    except QueryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    columns, rows = _frame_rows(result.frame)
    write_rows(columns, rows, args.format, sys.stdout)
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from cinecoop import worker
    from cinecoop.sandbox import SandboxError, run_sandboxed

    worker.keep_warm(0)  # one statement, then the command ends: no worker waits for a next one
    database = open_database(paths.data_dir(args.data))
    try:
        # In a worker process with its own memory limit, killed at the time limit: the command ends either way.
        result = run_sandboxed(database, args.statement, timeout=args.timeout, max_rows=args.max_rows)
    except SandboxError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 1
    write_rows(result.columns, result.rows, args.format, sys.stdout)
    if result.truncated:
        print(f"note: the result was cut at {len(result.rows):,} rows", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    queries_dir = Path(args.queries) if args.queries else None
    catalogue = load_catalogue(queries_dir)
    database = open_database(paths.data_dir(args.data), queries_dir)
    failures = 0
    for name, error in database.view_errors.items():
        failures += 1
        print(f"FAIL view {name}: {error}")
    for name, query in sorted(catalogue.items()):
        if query.problems:
            failures += 1
            print(f"FAIL {name}: {query.path}: " + "; ".join(query.problems))
            continue
        started = time.perf_counter()
        try:
            result = database.run(query, Filters())
        except QueryError as error:
            failures += 1
            print(f"FAIL {name}: {error}")
            continue
        missing = [column for column in query.column_names if column not in result.frame.columns]
        elapsed = (time.perf_counter() - started) * 1000
        if missing:
            failures += 1
            print(f"FAIL {name}: {query.path}: the header promises columns the result lacks: {', '.join(missing)}")
            continue
        print(f"ok   {name}: {len(result.frame):,} rows in {elapsed:.1f} ms")
    views = len(database.view_errors)
    print(f"{len(catalogue)} queries" + (f" and {views} broken views" if views else "") + f", {failures} failed")
    return 1 if failures else 0


def cmd_brief(args: argparse.Namespace) -> int:
    # Imported here: plotly, fpdf2 and the chart browser are needed by this command only.
    from fpdf.errors import FPDFException

    from cinecoop.blocks import DirectSource
    from cinecoop.brief import write_brief
    from cinecoop.pagespecs import PAGES
    from cinecoop.view import View

    if args.page not in PAGES:
        print(f"error: there is no page {args.page!r} to brief; choose one of: {', '.join(PAGES)}", file=sys.stderr)
        return 2
    if args.start and args.end and args.start > args.end:
        print(f"error: --start {args.start} is after --end {args.end}", file=sys.stderr)
        return 2
    if args.queries and not Path(args.queries).is_dir():
        print(f"error: the query folder {args.queries} does not exist", file=sys.stderr)
        return 2
    out = Path(args.out)
    if not out.parent.is_dir():
        print(f"error: cannot write {out}: the folder {out.parent} does not exist", file=sys.stderr)
        return 1
    queries_dir = Path(args.queries) if args.queries else None
    try:
        database = open_database(paths.data_dir(args.data), queries_dir)
        choices = database.choices
        view = View.of(args.lang, _filters(args), args.calendar, names=choices.names())
        page = PAGES[args.page]
        if page.subject:
            view = view.with_filters(**{f"{page.subject}_key": args.key})
        notes = write_brief(DirectSource(database, load_catalogue(queries_dir)), page, view, out)
    except (OSError, ValueError, QueryError, FPDFException) as error:
        print(f"error: the brief could not be written to {out}: {error}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"wrote {out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from cinecoop.importers import mkrf

    inputs = {"--movies": Path(args.movies), "--shows": Path(args.shows)}
    for option, path in inputs.items():
        if not path.is_file():
            print(f"error: {option} {path}: {'is a folder, not a file' if path.is_dir() else 'no such file'}", file=sys.stderr)
            return 2
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"error: --out {out} is a file, not a folder", file=sys.stderr)
        return 2
    if not out.exists() and not out.parent.is_dir():
        print(f"error: --out {out}: the folder {out.parent} does not exist", file=sys.stderr)
        return 2
    report = mkrf.run_import(inputs["--movies"], inputs["--shows"], out)
    if args.json:
        json.dump(report.as_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(report.summary())
    return report.exit_code


def cmd_build(args: argparse.Namespace) -> int:
    from cinecoop.db import build_store

    data_dir = paths.data_dir(args.data)
    views_dir = paths.queries_dir(args.queries) / "views"
    try:
        build = build_store(data_dir, views_dir, Path(args.store) if args.store else None)
    except (OSError, ValueError) as error:
        print(f"error: the store could not be built: {error}", file=sys.stderr)
        return 1
    published = build.published
    if args.json:
        values = {
            "store": str(build.store_path) if build.store_path else None,
            "status": build.status,
            "published": str(published.store) if published else None,
            "key": published.key if published else None,
            "changed": build.changed,
            "held_back": list(build.holdbacks),
            "rows_rejected": sum(file.rows_rejected for file in build.report.files) if build.report else None,
        }
        json.dump(values, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(f"store: {build.store_path or '-'} ({build.status})")
        for reason in build.holdbacks:
            print(f"held back: {reason}")
        if build.changed:
            print(f"published: {published.store.name} as {published.key}; replicas take it at their next rerun")
        elif published is not None:
            print(f"unchanged: {published.store.name} stays published")
    if build.store_path is None or build.holdbacks:
        return 1
    return 0


COMMANDS = {
    "validate": cmd_validate,
    "query": cmd_query,
    "sql": cmd_sql,
    "check": cmd_check,
    "brief": cmd_brief,
    "import": cmd_import,
    "build": cmd_build,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "data", None) and not Path(args.data).is_dir():
        print(f"error: the data folder {args.data} does not exist", file=sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early: not an error of ours, and no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
