"""The analysts' side of the app: who is asking, query files run in worker processes, and SQL saved as a new query file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from cinecoop import paths, sqlcheck
from cinecoop.blocks import Outcome
from cinecoop.catalogue import GLOBAL_PARAMETERS, bind_parameters, parse_query, used_parameters
from cinecoop.db import Database
from cinecoop.filters import Filters
from cinecoop.sandbox import SandboxError, run_query
from cinecoop.ui import data, session

# A new query's name: a plain identifier, so it is a file name in queries/ and nothing else.
QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def analyst_id() -> str:
    """Whose slot a statement takes: the signed-in analyst's e-mail, else this browser session."""
    try:
        if st.user.get("is_logged_in", False):
            email = str(st.user.get("email") or "").strip().lower()
            if email:
                return f"analyst {email}"
    except Exception:  # no sign-in configured: st.user has nothing to say
        pass
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    return f"session {context.session_id if context else 'local'}"


@st.cache_data(max_entries=256, ttl=600, show_spinner=False)
def _worker_frame(
    data_fingerprint: str, sql: str, parameters_key: str, _database: Database, _query, _parameters: dict, _owner: str
) -> tuple[pd.DataFrame, float]:
    # Cached by data, SQL text and parameters like the pages' queries; a refusal or failure raises, so it is never cached.
    run = run_query(_database, _query, _parameters, owner=_owner)
    return run.frame, run.seconds


def run_query_file(name: str, filters: Filters | None = None) -> Outcome:
    """A catalogue query as an analyst page runs it: in a worker process, with the time and memory limits of the sandbox."""
    filters = filters or session.base_view().filters
    query = data.source().catalogue.get(name)
    if query is None:
        return Outcome(None, None, {}, error=f"queries/{name}.sql is missing.")
    if query.problems:
        return Outcome(query, None, {}, error=f"{query.path.name}: " + "; ".join(query.problems))
    database = data.database()
    parameters = bind_parameters(query, filters)
    key = json.dumps(parameters, default=str, sort_keys=True)
    try:
        frame, seconds = _worker_frame(database.fingerprint, query.body, key, database, query, parameters, analyst_id())
    except SandboxError as error:
        return Outcome(query, None, parameters, error=str(error), line=error.line)
    return Outcome(query, frame.copy(), parameters, seconds)


def filter_parameters(filters: Filters | None = None) -> dict[str, object]:
    """The sidebar filters as the query files get them ($start_date, $programs, ...)."""
    return (filters or session.base_view().filters).parameters()


# -- saving SQL as a query file ------------------------------------------------------------------------
class SaveError(ValueError):
    """Why SQL cannot be saved as a query file, in one plain sentence."""


@dataclass(frozen=True)
class Saved:
    path: Path
    text: str


def skeleton(name: str, sql: str, columns: list[str]) -> str:
    """A new query file: a header that passes the catalogue's rules, with the question and grain for the analyst to
    write, then the SQL."""
    title = name.replace("_", " ").capitalize()
    used = [parameter for parameter in used_parameters(sql) if parameter in GLOBAL_PARAMETERS]
    lines = [
        f"-- title: {title}",
        "-- question: (write here, in plain words, the question this query answers)",
        "-- grain: (write here what one row is, e.g. one row per month and programme)",
        f"-- parameters: {', '.join(used) if used else 'none'}",
        "-- columns:",
        *(f"--   {column}: what it holds, with its unit in parentheses at the end" for column in columns),
        "-- pages: analyst",
        "",
        sql.strip(),
        "",
    ]
    return "\n".join(lines)


def save_as_query(name: str, sql: str, columns: list[str], folder: Path | None = None) -> Saved:
    """Write queries/NAME.sql with a header skeleton; refuse a name that is not a plain identifier or that exists, and
    SQL that breaks the query files' rules."""
    name = name.strip()
    if not QUERY_NAME.match(name):
        raise SaveError(
            f"{name!r} is not a query name: use lower-case letters, digits and underscores, starting with a letter (at most 63)."
        )
    folder = paths.queries_dir(folder)
    path = folder / f"{name}.sql"
    # The name is a plain identifier, so the file is in the folder; checked all the same before anything is written.
    if path.resolve().parent != folder.resolve():
        raise SaveError(f"{name!r} would not be a file of the query folder.")
    if path.exists():
        raise SaveError(f"There is already a query named {name} ({path.name}), so choose another name.")
    if not columns:
        raise SaveError("The SQL returns no columns, so there is nothing to save as a query.")
    try:
        sqlcheck.read_only_statement(sql, sqlcheck.QUERY_ALLOWED, "in a query file")
    except sqlcheck.RuleError as error:
        raise SaveError(str(error)) from error
    text = skeleton(name, sql, columns)
    problems = parse_query(name, str(path), text).problems
    if problems:
        raise SaveError(f"{path.name} would have a problem: " + "; ".join(problems))
    try:
        with open(path, "x", encoding="utf-8") as handle:  # "x": never over a file that appeared meanwhile
            handle.write(text)
    except FileExistsError as error:
        raise SaveError(f"There is already a query named {name} ({path.name}), so choose another name.") from error
    except OSError as error:
        raise SaveError(f"{path.name} could not be written: {error.strerror or error}.") from error
    return Saved(path, text)
