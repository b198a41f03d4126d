"""The statement rules for SQL that is not ours: the sandbox, query files (queries/*.sql) and view files (queries/views/*.sql)."""

from __future__ import annotations

import atexit
import re
import threading
from dataclasses import dataclass

import duckdb

# What each kind of SQL may hold, said at the end of every refusal.
SANDBOX_ALLOWED = "the sandbox only runs one read-only SELECT, WITH, DESCRIBE, SUMMARIZE or SHOW statement"
QUERY_ALLOWED = "a query file holds one read-only SELECT or WITH statement"
VIEW_ALLOWED = "a view file holds only CREATE [OR REPLACE] VIEW and CREATE [OR REPLACE] MACRO statements"
# Why each kind of statement is refused; {allowed} is one of the sentences above.
_REFUSALS = {
    "COPY": "Copying data to or from files is not allowed: {allowed}.",
    "COPY_DATABASE": "Copying databases is not allowed: {allowed}.",
    "ATTACH": "Attaching other databases is not allowed: {allowed}.",
    "DETACH": "Detaching databases is not allowed: {allowed}.",
    "LOAD": "Installing or loading extensions is not allowed: {allowed}.",
    "EXTENSION": "Installing or updating extensions is not allowed: {allowed}.",
    "SET": "Changing settings is not allowed: {allowed}.",
    "VARIABLE_SET": "Setting variables is not allowed: {allowed}.",
    "PRAGMA": "PRAGMA statements are not allowed: {allowed}.",
    "CALL": "CALL statements are not allowed {where}; write SELECT * FROM the function instead.",
    "CREATE": "Creating tables, views or other objects is not allowed: {allowed}.",
    "CREATE_FUNC": "Creating functions or macros is not allowed: {allowed}.",
    "DROP": "Dropping tables or other objects is not allowed: {allowed}.",
    "ALTER": "Altering tables is not allowed: {allowed}.",
    "INSERT": "Inserting rows is not allowed: {allowed}.",
    "UPDATE": "Updating rows is not allowed: {allowed}.",
    "DELETE": "Deleting rows is not allowed: {allowed}.",
    "MERGE_INTO": "Merging rows into tables is not allowed: {allowed}.",
    "EXPORT": "Exporting the database is not allowed: {allowed}.",
    "TRANSACTION": "Transactions are not allowed: {allowed}.",
    "PREPARE": "Prepared statements are not allowed: {allowed}.",
    "EXECUTE": "Executing prepared statements is not allowed: {allowed}.",
    "VACUUM": "VACUUM and ANALYZE are not allowed: {allowed}.",
    "ANALYZE": "VACUUM and ANALYZE are not allowed: {allowed}.",
    # EXPLAIN ANALYZE runs the statement it explains, whatever that statement is.
    "EXPLAIN": "EXPLAIN is not allowed: {allowed}.",
    # A PIVOT that must first look up its columns runs as several statements.
    "MULTI": "A PIVOT must list its values to run {where} (PIVOT ... ON column IN ('a', 'b') USING ...).",
}
# CREATE [OR REPLACE] [TEMP] VIEW|MACRO|FUNCTION name: the kinds of object a view file may create, read from the statement's
# own text once DuckDB has parsed it as a CREATE (comments and strings blanked first).
_CREATE_KIND = re.compile(
    r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?P<temp>(?:TEMP|TEMPORARY)\s+)?(?P<kind>[A-Z]+)\b",
    flags=re.IGNORECASE,
)
_SKIPPED_SQL = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|/\*.*?(?:\*/|$)""", flags=re.S)


class RuleError(ValueError):
    """SQL that breaks the rules, said in one plain sentence; `line` is the line of the text it starts on, when known."""

    def __init__(self, message: str, line: int | None = None, detail: str = "", parse_error: bool = False):
        super().__init__(message)
        self.message = message
        self.line = line
        self.detail = detail
        # SQL DuckDB cannot parse never runs anyway: a query file with it fails with DuckDB's words and line.
        self.parse_error = parse_error


@dataclass(frozen=True)
class Checked:
    """A statement that passed the rules, with the line of the text it starts on."""

    statement: duckdb.Statement
    line: int


# One connection that only parses (it holds no data), shared under a lock: parsing takes microseconds, and a DuckDB
# database per thread would cost each thread a pool of its own.
_parser_lock = threading.Lock()
_parser: list[duckdb.DuckDBPyConnection] = []


def _statements(sql: str) -> list[duckdb.Statement]:
    with _parser_lock:
        if not _parser:
            _parser.append(duckdb.connect(":memory:", config={"threads": 1, "enable_external_access": False}))
        return _parser[0].extract_statements(sql)


@atexit.register
def _close_parser() -> None:
    with _parser_lock:
        while _parser:
            _parser.pop().close()


def blank_comments_and_strings(sql: str) -> str:
    """The SQL with literals, quoted names and comments blanked; line breaks stay, so line numbers still match."""

    def blank(match: re.Match[str]) -> str:
        return " " + "\n" * match.group(0).count("\n")

    return _SKIPPED_SQL.sub(blank, sql)


def _parse(sql: str, empty: str, only_comments: str) -> list[Checked]:
    if not sql.strip():
        raise RuleError(empty)
    try:
        statements = _statements(sql)
    except duckdb.Error as error:
        text = str(error).strip()
        raise RuleError(f"The SQL could not be parsed: {_first_line(text)}", _error_line(text), text, parse_error=True) from error
    if not statements:
        raise RuleError(only_comments)
    return [Checked(statement, line) for statement, line in zip(statements, _statement_lines(sql, statements), strict=True)]


def _kind(checked: Checked, allowed: str) -> str:
    try:
        return checked.statement.type.name
    except ValueError as error:  # a kind this DuckDB parses but its Python API cannot name (UPDATE EXTENSIONS)
        raise RuleError(f"This kind of statement is not allowed: {allowed}.", checked.line) from error


def refusal(kind: str, allowed: str, where: str) -> str:
    """The sentence that refuses a statement of this kind; `where` reads "in the sandbox", "in a query file"..."""
    template = _REFUSALS.get(kind, "{name} statements are not allowed: {allowed}.")
    return template.format(allowed=allowed, where=where, name=kind.replace("_", " ").capitalize())


def read_only_statement(sql: str, allowed: str = SANDBOX_ALLOWED, where: str = "in the sandbox") -> Checked:
    """The one read-only statement of sql (SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, SHOW, a PIVOT with its values),
    or a RuleError saying why not. The sandbox and every query file go through this."""
    checked = _parse(sql, "There is no SQL to run.", "There is no SQL statement to run, only comments.")
    if len(checked) != 1:
        many = (
            f"Only one statement at a time may run in the sandbox, and this text holds {len(checked)}."
            if where == "in the sandbox"
            else f"A query file holds one statement, and this one holds {len(checked)}."
        )
        raise RuleError(many, checked[1].line)
    kind = _kind(checked[0], allowed)
    if kind != "SELECT":
        raise RuleError(refusal(kind, allowed, where), checked[0].line)
    return checked[0]


def view_statements(sql: str) -> list[Checked]:
    """The statements of a view file, each a CREATE [OR REPLACE] VIEW or MACRO (FUNCTION) that is not TEMP, or a RuleError."""
    checked = _parse(sql, "The view file holds no SQL.", "The view file holds no SQL statement, only comments.")
    for item in checked:
        kind = _kind(item, VIEW_ALLOWED)
        if kind != "CREATE":
            raise RuleError(refusal(kind, VIEW_ALLOWED, "in a view file"), item.line)
        match = _CREATE_KIND.match(blank_comments_and_strings(item.statement.query))
        created = match.group("kind").upper() if match else "object"
        if created not in ("VIEW", "MACRO", "FUNCTION"):
            raise RuleError(f"Creating a {created.lower()} is not allowed: {VIEW_ALLOWED}.", item.line)
        if match.group("temp"):
            raise RuleError(
                f"A temporary {created.lower()} would be seen by the loading connection only: {VIEW_ALLOWED}, without TEMP.",
                item.line,
            )
    return checked


def _statement_lines(sql: str, statements: list[duckdb.Statement]) -> list[int]:
    """The line of sql each statement starts on: DuckDB gives each statement's text, an exact slice of sql, not where it is."""
    lines: list[int] = []
    position = 0
    for statement in statements:
        found = sql.find(statement.query, position)
        if found < 0:
            found = position
        lines.append(sql.count("\n", 0, found) + 1)
        position = found + len(statement.query)
    return lines


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else text


def _error_line(message: str) -> int | None:
    """The line a DuckDB error points at when it quotes 'LINE n:'."""
    for text in message.splitlines():
        if text.startswith("LINE ") and ":" in text:
            try:
                return int(text[5 : text.index(":")])
            except ValueError:
                return None
    return None
