"""The query catalogue: one question per `queries/*.sql`, its header parsed into a typed record."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cinecoop import paths, sqlcheck

if TYPE_CHECKING:
    from cinecoop.filters import Filters

GLOBAL_PARAMETERS = {
    "start_date": "first screening date included (DATE; NULL = no lower bound)",
    "end_date": "last screening date included (DATE; NULL = no upper bound)",
    "programs": "programme names (VARCHAR[]; empty = all)",
    "host_countries": "ISO codes of host countries (VARCHAR[]; empty = all)",
    "film_countries": "ISO codes of production countries (VARCHAR[]; empty = all)",
    "country_a": "first country of the focus pair (VARCHAR, default IR)",
    "country_b": "second country of the focus pair (VARCHAR, default RU)",
    "calendar": "calendar of months and years: 'gregorian' (default) or 'jalali' (Solar Hijri, a year from Nowruz) (VARCHAR)",
    "film_key": "the film of a film page: a film_id of films.csv, or ~ and the key of a title that matches no film (VARCHAR; NULL = none chosen)",
    "country_key": "the country of a country page: an ISO code (VARCHAR; NULL = none chosen)",
    "agreement_key": "the agreement of an agreement page: its agreement_id (VARCHAR; NULL = none chosen)",
}
HEADER_KEYS = ("title", "question", "grain", "parameters", "columns", "pages", "chart")
REQUIRED_KEYS = ("title", "question", "grain", "columns")
# The names a `pages:` line may hold: the dashboard's pages by their URL name, and `analyst` for the analysts' own.
PAGE_NAMES = (
    "overview",
    "screenings",
    "exchange",
    "agreements",
    "regional",
    "data_quality",
    "film",
    "country",
    "agreement",
    "analyst",
)
NAME_PATTERN = re.compile(r"^[a-z0-9_]+$")
CHART_TYPES = ("line", "bar", "area", "scatter", "pie", "table")
CHART_KEYS = {
    "x": "column on the horizontal axis (the categories of a bar chart, the slice names of a pie)",
    "y": "column of numbers on the vertical axis (the bar lengths, the slice sizes of a pie)",
    "color": "column whose values get one colour each: one line, bar series or point colour per value",
    "title": 'chart title (quote it when it has spaces: title="Admissions by month"); default the query title',
    "orientation": "v (default) or h: h lays the bars sideways, categories on the vertical axis",
    "barmode": "group (default, side by side) or stack",
    "size": "column of numbers giving each point's area (bubble chart)",
}
# Which keys each chart type takes, and which of them it cannot do without.
CHART_TYPE_KEYS = {
    "line": ("x", "y", "color", "title"),
    "area": ("x", "y", "color", "title"),
    "bar": ("x", "y", "color", "title", "orientation", "barmode"),
    "scatter": ("x", "y", "color", "size", "title"),
    "pie": ("x", "y", "title"),
    "table": ("title",),
}
CHART_REQUIRED_KEYS = {"line": ("x", "y"), "area": ("x", "y"), "bar": ("x", "y"), "scatter": ("x", "y"), "pie": ("x", "y"), "table": ()}
CHART_CHOICES = {"orientation": ("v", "h"), "barmode": ("group", "stack")}


@dataclass(frozen=True)
class ChartSpec:
    """A chart declared in a query's header: `-- chart: line x=month y=admissions color=program`."""

    kind: str
    options: dict[str, str]

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.options.get(key, default)


@dataclass(frozen=True)
class Query:
    """A named query: its file, the header's promises, and the SQL to run."""

    name: str
    path: Path
    sql: str
    title: str = ""
    question: str = ""
    grain: str = ""
    declared_parameters: tuple[str, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    pages: tuple[str, ...] = ()
    chart: ChartSpec | None = None
    used_parameters: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())
    chart_text: str = ""  # the `chart:` line as written, kept when it does not parse so the page can say why

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    @property
    def body_line(self) -> int:
        """The file line where the SQL starts, after the header comment."""
        return split_header(self.sql)[0]

    @property
    def body(self) -> str:
        """The SQL without its header comment: DuckDB reports error lines only when no comment precedes the statement."""
        return split_header(self.sql)[1]

    @property
    def analyst_only(self) -> bool:
        return "analyst" in self.pages or not self.pages


def _strip_comments_and_strings(sql: str) -> str:
    """The SQL with literals, quoted names and comments blanked; line breaks stay, so line numbers still match the file.

    Scanned left to right in one pass, so an apostrophe in a comment ("-- What's ...") does not open a string."""
    return sqlcheck.blank_comments_and_strings(sql)


def used_parameters(sql: str) -> tuple[str, ...]:
    """The `$name` parameters a statement uses, in first-use order."""
    found: list[str] = []
    for name in re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", _strip_comments_and_strings(sql)):
        if name not in found:
            found.append(name)
    return tuple(found)


def parse_chart(text: str) -> ChartSpec:
    """Parse `TYPE key=value ...`; raises ValueError naming the bad key."""
    try:
        tokens = _split_tokens(text)
    except ValueError as error:
        raise ValueError(f"chart: {error}") from error
    if not tokens:
        raise ValueError("chart: the chart type is missing (one of " + ", ".join(CHART_TYPES) + ")")
    kind = tokens[0].lower()
    if "=" in kind:
        raise ValueError(f"chart: the chart type must come first (one of {', '.join(CHART_TYPES)}), before '{tokens[0]}'")
    if kind not in CHART_TYPES:
        raise ValueError(f"chart: unknown chart type '{tokens[0]}' (use one of {', '.join(CHART_TYPES)})")
    options: dict[str, str] = {}
    for token in tokens[1:]:
        if "=" not in token:
            raise ValueError(f"chart: '{token}' is not key=value")
        key, value = token.split("=", 1)
        key = key.strip().lower()
        if key not in CHART_KEYS:
            raise ValueError(f"chart: unknown key '{key}' (known keys: {', '.join(CHART_KEYS)})")
        if key not in CHART_TYPE_KEYS[kind]:
            raise ValueError(f"chart: key '{key}' does not apply to a {kind} chart (it takes {', '.join(CHART_TYPE_KEYS[kind])})")
        if key in options:
            raise ValueError(f"chart: key '{key}' is given twice")
        value = value.strip()
        if not value:
            raise ValueError(f"chart: key '{key}' has no value")
        if key in CHART_CHOICES:
            value = value.lower()
            if value not in CHART_CHOICES[key]:
                raise ValueError(f"chart: key '{key}' must be {' or '.join(CHART_CHOICES[key])}, not '{value}'")
        options[key] = value
    for key in CHART_REQUIRED_KEYS[kind]:
        if key not in options:
            raise ValueError(f"chart: key '{key}' is required for a {kind} chart")
    return ChartSpec(kind, options)


def _split_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    current = ""
    quote: str | None = None
    for char in text.strip():
        if quote:
            if char == quote:
                quote = None
            else:
                current += char
        elif char in "\"'":
            quote = char
        elif char.isspace():
            if current:
                tokens.append(current)
                current = ""
        else:
            current += char
    if quote:
        raise ValueError("a quote is not closed")
    if current:
        tokens.append(current)
    return tokens


def _header_lines(sql: str) -> list[tuple[int, str]]:
    """The header: the `--` lines at the top of the file, with their line numbers, up to the first blank line or SQL."""
    lines = []
    for number, line in enumerate(sql.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("--"):
            break
        lines.append((number, stripped[2:]))
    return lines


def split_header(sql: str) -> tuple[int, str]:
    """(the 1-based line where the SQL starts, the text from that line on), skipping the leading comments and blank lines."""
    lines = sql.splitlines(keepends=True)
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith("--"):
            return index + 1, "".join(lines[index:])
    return 1, sql


def parameter_line(sql: str, name: str) -> int | None:
    """The file line of the first use of `$name` outside comments and strings."""
    pattern = re.compile(r"\$" + re.escape(name) + r"(?![A-Za-z0-9_])")
    for number, line in enumerate(_strip_comments_and_strings(sql).splitlines(), start=1):
        if pattern.search(line):
            return number
    return None


def header_drift(query: Query) -> list[str]:
    """Where the header's `parameters:` line and the SQL disagree (a note for the author, not a failure)."""
    notes = []
    declared = set(query.declared_parameters)
    if declared:
        unused = [name for name in query.declared_parameters if name not in query.used_parameters]
        if unused:
            notes.append("the header lists " + ", ".join(f"${name}" for name in unused) + " but the SQL does not use it")
    undeclared = [name for name in query.used_parameters if name not in declared and name in GLOBAL_PARAMETERS]
    if undeclared:
        notes.append("the SQL uses " + ", ".join(f"${name}" for name in undeclared) + " but the header's parameters: line does not list it")
    return notes


@functools.lru_cache(maxsize=512)
def parse_query(name: str, path_text: str, sql: str) -> Query:
    """Parse one query file's text (cached by its content)."""
    path = Path(path_text)
    values: dict[str, str] = {}
    columns: list[tuple[str, str]] = []
    problems: list[str] = []
    current: str | None = None
    for number, text in _header_lines(sql):
        # `-- key: value` (at most one space after the dashes); a deeper indent goes on with the key above (a column, a
        # question over several lines).
        match = re.match(r"^\s?([A-Za-z_]+):(?:\s|$)(.*)$", text)
        if match:
            key = match.group(1)
            if key not in HEADER_KEYS:
                problems.append(f"line {number}: the header has an unknown key '{key}:' (known: {', '.join(HEADER_KEYS)})")
                current = None
                continue
            if key in values:
                problems.append(f"line {number}: the header gives '{key}:' twice")
            current = key
            values[current] = match.group(2).strip()
            if current == "columns" and values[current]:
                columns += _column_items(values[current])
        elif current == "columns" and text.strip():
            columns += _column_items(text.strip())
        elif current and text.strip():
            values[current] = (values[current] + " " + text.strip()).strip()
        elif text.strip():
            problems.append(f"line {number}: the header starts with 'title:'; put other comments after the blank line that ends the header")
    for key in REQUIRED_KEYS:
        if key == "columns" and columns:
            continue
        if not values.get(key):
            problems.append(f"the header has no '{key}:' line")
    if not NAME_PATTERN.match(name):
        problems.append("the file name must be lower-case letters, digits and underscores")
    chart = None
    if values.get("chart"):
        try:
            chart = parse_chart(values["chart"])
        except ValueError as error:
            problems.append(str(error))
    pages = tuple(page.lower() for page in _split_list(values.get("pages", "")))
    unknown_pages = [page for page in pages if page not in PAGE_NAMES]
    if unknown_pages:
        problems.append(
            "pages: " + ", ".join(f"'{page}'" for page in unknown_pages) + " names no page (the pages are " + ", ".join(PAGE_NAMES) + ")"
        )
    first_line, body = split_header(sql)
    try:
        sqlcheck.read_only_statement(body, sqlcheck.QUERY_ALLOWED, "in a query file")
    except sqlcheck.RuleError as error:
        if not error.parse_error:
            problems.append((f"line {error.line + first_line - 1}: " if error.line else "") + error.message)
    used = used_parameters(sql)
    for parameter in used:
        if parameter not in GLOBAL_PARAMETERS:
            line = parameter_line(sql, parameter)
            problems.append(
                (f"line {line} " if line else "")
                + f"uses ${parameter}, which the dashboard does not provide (known: "
                + ", ".join(f"${p}" for p in GLOBAL_PARAMETERS)
                + ")"
            )
    return Query(
        name=name,
        path=path,
        sql=sql,
        title=values.get("title", name.replace("_", " ").capitalize()),
        question=values.get("question", ""),
        grain=values.get("grain", ""),
        declared_parameters=tuple(_split_list(values.get("parameters", ""))),
        columns=tuple(columns),
        pages=pages,
        chart=chart,
        used_parameters=used,
        problems=tuple(problems),
        chart_text=values.get("chart", ""),
    )


def _split_list(text: str) -> list[str]:
    return [item.strip() for item in text.replace(";", ",").split(",") if item.strip() and item.strip() != "none"]


def _column_items(text: str) -> list[tuple[str, str]]:
    """`name: description` on one line, or `a, b, c` names only."""
    if ":" in text:
        name, description = text.split(":", 1)
        return [(name.strip(), description.strip())]
    return [(name, "") for name in _split_list(text)]


def load_catalogue(queries_dir: Path | None = None) -> dict[str, Query]:
    """Every `*.sql` of the folder as it is on disk now, by name (views/ excluded)."""
    folder = paths.queries_dir(queries_dir)
    catalogue: dict[str, Query] = {}
    if not folder.is_dir():
        return catalogue
    for path in sorted(folder.glob("*.sql")):
        try:
            sql = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            sql = ""
            catalogue[path.stem] = Query(path.stem, path, sql, problems=(f"cannot be read: {error}",))
            continue
        catalogue[path.stem] = parse_query(path.stem, str(path), sql)
    return catalogue


def bind_parameters(query: Query, filters: Filters) -> dict[str, object]:
    """Exactly the parameters the query uses (DuckDB rejects unused ones)."""
    available = filters.parameters()
    return {name: available[name] for name in query.used_parameters if name in available}
