"""The Russian Ministry of Culture's register of distribution certificates and its box office, as films and releases."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from cinecoop.importers.common import ImportReport, InputCount, Problem, UnusableFile, line_list, write_tables
from cinecoop.importers.countries import NOTED_KINDS, Alias, CountryAliases, CountryMatch
from cinecoop.importers.keys import exact_key, loose_key
from cinecoop.importers.sheet import FORM_WRAPPED, Sheet, read_sheet
from cinecoop.schema import FILMS, RELEASES

SOURCE = "register of distribution certificates, Ministry of Culture of Russia"
GROSS_SOURCE = f"{SOURCE}; gross: its box-office file (roubles)"
HOST_COUNTRY = "RU"
CURRENCY = "RUB"
FILM_ID_PREFIX = "mkrf-"

FILMS_PART = "films/mkrf.csv"
RELEASES_PART = "releases/mkrf.csv"
FILMS_COLUMNS = FILMS.names
RELEASES_COLUMNS = RELEASES.names

MOVIES_REQUIRED = ("title", "puNumber", "show_start_date", "production_country")
SHOWS_REQUIRED = ("puNumber", "box_office")
# Columns of the register that may hold an unquoted comma; a row with too many fields is rebuilt in one of them.
MOVIES_FREE_TEXT = ("title", "type", "film_studio", "production_country", "director", "producer", "financing_source", "genres")

_CERTIFICATE = re.compile(r"\s*[0-9]+\s*")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?")
_AMOUNT = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_GROUP_SPACES = re.compile(r"[ \u00a0\u202f]")
_AGE = re.compile(r"\s*«?\s*\d{1,2}\s*\+.*")
_RATING = re.compile(r"\s*\d+(?:[.,]\d+)?\s*%?\s*")
_BRACKETS = re.compile(r"\([^)]*\)")
_PEOPLE = re.compile(r",|;|\s+и\s+")
_NAME_PARTS = re.compile(r"[\s.\-‐]+")


def parse_date(text: str) -> tuple[dt.date | None, bool]:
    """A date written as an ISO date or timestamp or as DD.MM.YYYY (with or without a time), and whether a time was
    given. The date is taken as written: the register's timestamps are noon UTC, the same day in Moscow."""
    value = text.strip()
    match = _ISO_DATE.fullmatch(value)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        match = _DOTTED_DATE.fullmatch(value)
        if not match:
            return None, False
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    try:
        return dt.date(year, month, day), match[4] is not None
    except ValueError:
        return None, False


def parse_amount(text: str) -> decimal.Decimal | None:
    """Roubles written with a decimal point or comma, digits grouped by spaces or not; None when not a plain amount."""
    value = _GROUP_SPACES.sub("", text.strip())
    if not _AMOUNT.fullmatch(value):
        return None
    return decimal.Decimal(value.replace(",", "."))


def _blank_or(pattern: re.Pattern[str]):
    return lambda value: not value.strip() or bool(pattern.fullmatch(value))


MOVIES_SHAPES = {
    "punumber": lambda value: bool(_CERTIFICATE.fullmatch(value)),
    "show_start_date": lambda value: parse_date(value)[0] is not None,
    "age_restriction": _blank_or(_AGE),
    "refundable_support": lambda value: not value.strip() or parse_amount(value) is not None,
    "nonrefundable_support": lambda value: not value.strip() or parse_amount(value) is not None,
    "budget": lambda value: not value.strip() or parse_amount(value) is not None,
    "ratings": _blank_or(_RATING),
}


def director_key(directors: str) -> str:
    """The first director's surname as a key: `М.Саакян` and `Мария Саакян` give the same."""
    first = _PEOPLE.split(_BRACKETS.sub(" ", directors), maxsplit=1)[0]
    parts = [part for part in _NAME_PARTS.split(first) if loose_key(part)]
    return loose_key(parts[-1]) if parts else ""


def title_key(title: str) -> str:
    return loose_key(title) or exact_key(title)


@dataclass
class Certificate:
    """One accepted row of the register: one release of one film in Russia."""

    line: int
    number: str
    title: str
    date: dt.date
    countries: list[str]
    director: str
    genres: str
    film_id: str = ""
    gross: decimal.Decimal | None = None


@dataclass
class _Notes:
    """Facts the report's notes tell, gathered while reading."""

    rebuilt: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    aliases: dict[tuple[str, str, str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    loose: dict[tuple[str, str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    timestamps: int = 0


def run_import(movies: Path, shows: Path, out_dir: Path, aliases: CountryAliases | None = None) -> ImportReport:
    """Import the register (`movies`) and its box office (`shows`) into out_dir/films/mkrf.csv and releases/mkrf.csv.

    Rejected rows are reported and left out; every other row is written. When a file cannot be used at all the
    report says why and nothing is written.
    """
    report = ImportReport(source=SOURCE, inputs=[InputCount(movies.name), InputCount(shows.name)])
    sheets: list[Sheet] = []
    try:
        aliases = aliases or CountryAliases.load()
        sheets.append(read_sheet(movies, MOVIES_REQUIRED, MOVIES_SHAPES, MOVIES_FREE_TEXT))
        sheets.append(read_sheet(shows, SHOWS_REQUIRED, {"punumber": MOVIES_SHAPES["punumber"]}))
    except UnusableFile as error:
        _nothing_written(report, sheets, error.problem, f"{error.problem.file} {error.problem.message}")
        return report
    movies_sheet, shows_sheet = sheets
    notes = _Notes()
    certificates, first_line_of = _read_certificates(movies_sheet, aliases, report, notes)
    gross_rows = _read_box_office(shows_sheet, movies_sheet.file, certificates, first_line_of, report)
    films, merged = _films(certificates)

    report.inputs = [
        InputCount(movies_sheet.file, movies_sheet.rows_read, len(certificates), movies_sheet.rows_read - len(certificates)),
        InputCount(shows_sheet.file, shows_sheet.rows_read, gross_rows, shows_sheet.rows_read - gross_rows),
    ]
    report.problems.sort(key=lambda problem: (problem.file != movies_sheet.file, problem.line or 0))
    _write_notes(report, movies_sheet, shows_sheet, notes, certificates, films, merged, gross_rows)
    try:
        report.written = write_tables(
            out_dir,
            {
                FILMS_PART: (FILMS_COLUMNS, films),
                RELEASES_PART: (RELEASES_COLUMNS, [_release_row(certificate) for certificate in certificates]),
            },
        )
    except OSError as error:
        reason = f"cannot be written: {error.strerror or error}"
        _nothing_written(report, sheets, Problem(str(out_dir), None, None, None, reason), f"{out_dir} {reason}")
    return report


def _nothing_written(report: ImportReport, sheets: list[Sheet], problem: Problem, reason: str) -> None:
    """The import could not run or could not write: no row was written, so every row read counts as rejected."""
    report.failed = True
    report.problems.append(problem)
    report.notes.append(f"Nothing was written: {reason}.")
    for count in report.inputs:
        read = next((sheet.rows_read for sheet in sheets if sheet.file == count.file), 0)
        count.rows_read, count.rows_written, count.rows_rejected = read, 0, read


def _read_certificates(
    sheet: Sheet, aliases: CountryAliases, report: ImportReport, notes: _Notes
) -> tuple[list[Certificate], dict[str, int]]:
    """The accepted certificates in file order, and the first line of every certificate number (accepted or not)."""
    file = sheet.file
    report.problems.extend(sheet.problems)
    unmapped: Counter[str] = Counter()
    first_line_of: dict[str, int] = {}
    first_values: dict[str, dict[str, str]] = {}
    certificates: list[Certificate] = []
    for record in sheet.records:
        values = record.values
        problems: list[Problem] = []

        number = values["punumber"].strip()
        if not number:
            problems.append(
                Problem(file, record.line, "puNumber", values["punumber"], "puNumber is blank: a release needs its certificate number")
            )
        elif not number.isascii() or not number.isdigit():
            problems.append(
                Problem(file, record.line, "puNumber", values["punumber"], f"puNumber {number!r} is not a certificate number (digits)")
            )
        elif number in first_line_of:
            same = " with the same data" if first_values[number] == values else " for another row"
            problems.append(
                Problem(
                    file,
                    record.line,
                    "puNumber",
                    number,
                    f"puNumber {number} was already given on line {first_line_of[number]}{same}: the first row keeps it",
                )
            )
        else:
            first_line_of[number] = record.line
            first_values[number] = values

        title = values["title"].strip()
        if not title:
            problems.append(Problem(file, record.line, "title", values["title"], "title is blank: a release needs the film's title"))

        date, had_time = parse_date(values["show_start_date"])
        if date is None:
            what = "is blank" if not values["show_start_date"].strip() else "is not a date (YYYY-MM-DD, an ISO timestamp or DD.MM.YYYY)"
            problems.append(Problem(file, record.line, "show_start_date", values["show_start_date"], f"show_start_date {what}"))

        written = values["production_country"]
        codes: list[str] = []
        read_by: list[CountryMatch] = []
        if not written.strip():
            problems.append(
                Problem(
                    file,
                    record.line,
                    "production_country",
                    written,
                    "production_country is blank: a release needs its production countries",
                )
            )
        for match in aliases.read_list(written):
            if match.code:
                codes.append(match.code)
                read_by.append(match)
                continue
            unmapped[match.text] += 1
            problems.append(
                Problem(file, record.line, "production_country", match.text, _unmapped_message(match.text, match.alias, written))
            )

        if problems:
            report.problems.extend(problems)
            continue
        assert date is not None
        if record.rebuilt_column:
            notes.rebuilt[record.rebuilt_column].append(record.line)
        for match in read_by:
            _remember_alias(notes, match, record.line)
        notes.timestamps += had_time
        certificates.append(
            Certificate(
                line=record.line,
                number=number,
                title=title,
                date=date,
                countries=list(dict.fromkeys(codes)),
                director=values.get("director", "").strip(),
                genres=values.get("genres", ""),
            )
        )
    report.unmapped_countries = dict(sorted(unmapped.items(), key=lambda item: (-item[1], item[0])))
    return certificates, first_line_of


def _remember_alias(notes: _Notes, match: CountryMatch, line: int) -> None:
    alias = match.alias
    if alias is None:
        return
    if match.loose:
        notes.loose[(match.text, alias.alias, alias.code)].append(line)
    elif alias.kind in NOTED_KINDS:
        notes.aliases[(alias.alias, alias.code, alias.kind, alias.provenance)].append(line)


def _unmapped_message(text: str, alias: Alias | None, written: str) -> str:
    within = f" (in {written.strip()!r})" if written.strip() != text else ""
    if alias is not None:
        return f"{text!r}{within} is not read as a country: {alias.provenance} (data/reference/country_aliases.csv)"
    return f"{text!r}{within} is not a country name of the alias table (data/reference/country_aliases.csv): never guessed"


def _read_box_office(
    sheet: Sheet, movies_file: str, certificates: list[Certificate], first_line_of: dict[str, int], report: ImportReport
) -> int:
    """Put each box-office amount on its certificate; return the rows used."""
    file = sheet.file
    report.problems.extend(sheet.problems)
    by_number = {certificate.number: certificate for certificate in certificates}
    seen: dict[str, tuple[int, str]] = {}
    used = 0
    for record in sheet.records:
        line, raw_number, raw_amount = record.line, record.values["punumber"], record.values["box_office"]
        number = raw_number.strip()
        problems: list[Problem] = []
        amount = parse_amount(raw_amount)
        if not raw_amount.strip():
            problems.append(Problem(file, line, "box_office", raw_amount, "box_office is blank: the row gives no amount"))
        elif amount is None:
            problems.append(
                Problem(
                    file,
                    line,
                    "box_office",
                    raw_amount,
                    f"box_office {raw_amount.strip()!r} is not an amount (digits with an optional decimal point)",
                )
            )
        if not number or not number.isascii() or not number.isdigit():
            problems.append(Problem(file, line, "puNumber", raw_number, f"puNumber {number!r} is not a certificate number (digits)"))
        elif number in seen:
            first, first_amount = seen[number]
            same = " with the same amount" if first_amount == raw_amount.strip() else " with another amount"
            problems.append(
                Problem(
                    file, line, "puNumber", number, f"puNumber {number} was already given on line {first}{same}: the first row keeps it"
                )
            )
        else:
            seen[number] = (line, raw_amount.strip())
            if number not in first_line_of:
                problems.append(Problem(file, line, "puNumber", number, f"puNumber {number} names no certificate of {movies_file}"))
            elif number not in by_number:
                problems.append(
                    Problem(
                        file,
                        line,
                        "puNumber",
                        number,
                        f"the certificate {number} ({movies_file} line {first_line_of[number]}) was rejected, so its box office has no release",
                    )
                )
        if problems:
            report.problems.extend(problems)
            continue
        by_number[number].gross = amount
        used += 1
    return used


def _films(certificates: list[Certificate]) -> tuple[list[list[str]], int]:
    """One films.csv row per film (same title and first director's surname), and how many certificates merged.

    Each certificate gets its film's id: `mkrf-` and the number of the film's earliest certificate (by
    show_start_date, then line), which stays the same when later certificates of the film are added.
    """
    groups: dict[tuple[str, str], list[Certificate]] = defaultdict(list)
    for certificate in certificates:
        groups[(title_key(certificate.title), director_key(certificate.director))].append(certificate)
    rows: list[list[str]] = []
    for group in groups.values():
        group.sort(key=lambda certificate: (certificate.date, certificate.line))
        first = group[0]
        film_id = FILM_ID_PREFIX + first.number
        for certificate in group:
            certificate.film_id = film_id
        titles = list(dict.fromkeys(certificate.title for certificate in group))
        seen = {exact_key(first.title)}
        other_titles = []
        for title in titles[1:]:
            # An alias list is `;`-separated: a title that holds a `;` itself cannot be one of its items.
            if exact_key(title) not in seen and ";" not in title:
                seen.add(exact_key(title))
                other_titles.append(title)
        countries = list(dict.fromkeys(code for certificate in group for code in certificate.countries))
        genre = next((certificate.genres for certificate in group if certificate.genres.strip()), "")
        genres = ";".join(item.strip().lower() for item in genre.split(",") if item.strip())
        rows.append([film_id, first.title, "", "", first.title, "", ";".join(countries), genres, ";".join(other_titles), SOURCE])
    rows.sort(key=lambda row: row[0])
    return rows, len(certificates) - len(groups)


def _release_row(certificate: Certificate) -> list[str]:
    gross = "" if certificate.gross is None else format(certificate.gross, "f")
    return [
        certificate.number,
        certificate.film_id,
        certificate.title,
        ";".join(certificate.countries),
        HOST_COUNTRY,
        certificate.date.isoformat(),
        "",  # the register names the producing studio (film_studio), not a distributor
        gross,
        CURRENCY if gross else "",
        "",  # the register has no admissions
        GROSS_SOURCE if gross else SOURCE,
    ]


def _write_notes(
    report: ImportReport,
    movies: Sheet,
    shows: Sheet,
    notes: _Notes,
    certificates: list[Certificate],
    films: list[list[str]],
    merged: int,
    gross_rows: int,
) -> None:
    for sheet in (movies, shows):
        report.notes.append(f"{sheet.file}: read as {sheet.encoding}, {sheet.form}.")
    for column, lines in notes.rebuilt.items():
        report.notes.append(
            f"{movies.file}: {len(lines):,} rows had unquoted commas in {column}, which split it over several fields; "
            f"rebuilt by anchoring on the fields of known shape (puNumber digits, show_start_date a date, amounts, ratings): {line_list(lines)}."
        )
    if notes.timestamps:
        report.notes.append(
            f"{movies.file}: show_start_date given as timestamps on {notes.timestamps:,} rows (e.g. 2015-11-27T12:00:00.000Z); "
            "the date written is the release date."
        )
    for (alias, code, _kind, provenance), lines in sorted(notes.aliases.items(), key=lambda item: (-len(item[1]), item[0])):
        report.notes.append(f"{movies.file}: production_country {alias!r} read as {code} ({provenance}): {line_list(lines)}.")
    for (text, alias, code), lines in sorted(notes.loose.items()):
        report.notes.append(
            f"{movies.file}: production_country {text!r} read as {code}, the alias table's {alias!r} with punctuation ignored: {line_list(lines)}."
        )
    report.notes.append(
        f"{FILMS_PART}: {len(films):,} films from {len(certificates):,} certificates; {merged:,} certificates share the title and the first "
        "director's surname of an earlier certificate and are releases of its film."
    )
    with_gross = sum(1 for certificate in certificates if certificate.gross is not None)
    report.notes.append(
        f"{RELEASES_PART}: {len(certificates):,} releases (host {HOST_COUNTRY}), {with_gross:,} with gross in {CURRENCY} from {shows.file}; "
        "distributor is blank (the register names the producing studio, not the distributor) and so is admissions (not in the register)."
    )
    if movies.form == FORM_WRAPPED and movies.problems:
        report.notes.append(f"{movies.file}: {len(movies.problems):,} lines could not be unwrapped into the register's columns.")
    assert gross_rows == with_gross
