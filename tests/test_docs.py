"""Tests that stop drift: every query has its header, is used by a page or is analyst-only, the README's query table says
what each header says, and its command-line section lists every command and option of --help."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from cinecoop.catalogue import load_catalogue
from cinecoop.cli import build_parser
from cinecoop.db import Database

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT / "queries")
PAGE_SOURCES = "\n".join(path.read_text(encoding="utf-8") for folder in ("pages", "cinecoop") for path in (ROOT / folder).rglob("*.py"))


def readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def readme_queries() -> list[str]:
    return re.findall(r"^\| `([a-z0-9_]+)` \|", readme_section("The query catalogue"), flags=re.M)


def readme_query_row(name: str) -> str:
    query = CATALOGUE[name]
    return f"| `{name}` | {query.question} | {', '.join(query.pages) if query.pages else 'analyst'} |"


def test_the_readme_lists_exactly_the_queries_in_the_folder():
    assert sorted(readme_queries()) == sorted(CATALOGUE)


def test_the_readme_query_table_says_what_each_header_says_column_by_column():
    rows = [line for line in readme_section("The query catalogue").splitlines() if re.match(r"^\| `[a-z0-9_]+` \|", line)]
    expected = [readme_query_row(name) for name in sorted(CATALOGUE)]
    # On a mismatch the message holds the table as the headers say it, ready to paste into the README.
    assert rows == expected, "README.md's query table differs from the headers; it should read:\n" + "\n".join(expected)


def readme_commands() -> dict[str, str]:
    """Each command of the README's command-line block, its continuation lines joined."""
    block = readme_section("Command line").split("```sh", 1)[1].split("```", 1)[0]
    joined = re.sub(r"\\\n\s*", " ", block)
    commands = {}
    for line in joined.splitlines():
        match = re.match(r"^\.venv/bin/python -m cinecoop (\S+(?: [a-z]+(?= --))?)(.*)$", line.strip())
        if match:
            commands[match.group(1)] = match.group(2)
    return commands


def parser_commands() -> dict[str, argparse.ArgumentParser]:
    """Every command of `python -m cinecoop --help`; a command with its own subcommands (import mkrf) by both words."""
    parser = build_parser()
    subparsers = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    commands = {}
    for name, command in subparsers.choices.items():
        nested = [action for action in command._actions if isinstance(action, argparse._SubParsersAction)]
        if nested:
            commands.update({f"{name} {sub}": parser for sub, parser in nested[0].choices.items()})
        else:
            commands[name] = command
    return commands


def test_the_readme_command_line_lists_every_command_and_every_option_of_help():
    documented, commands = readme_commands(), parser_commands()
    assert sorted(documented) == sorted(commands), "README.md's command-line block and `python -m cinecoop --help` list other commands"
    for name, command in commands.items():
        options = {
            option for action in command._actions for option in action.option_strings if option.startswith("--") and option != "--help"
        }
        assert set(re.findall(r"--[a-z][a-z-]*", documented[name])) == options, name
        for action in command._actions:
            if action.option_strings and action.choices:
                assert "|".join(action.choices) in documented[name], (name, action.option_strings)
        positionals = [action for action in command._actions if not action.option_strings]
        words = documented[name].split("[", 1)[0].split()
        assert len([word for word in words if not word.startswith("--")]) >= len(positionals), name


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_query_has_a_complete_header(name):
    query = CATALOGUE[name]
    assert not query.problems, query.problems
    assert query.title and query.question and query.grain and query.columns


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_query_is_used_by_a_page_or_is_analyst_only(name):
    query = CATALOGUE[name]
    used = re.search(rf"[\"']{name}[\"']", PAGE_SOURCES) is not None
    assert used or query.analyst_only or query.chart is not None, f"{name} is neither used by a page nor marked 'pages: analyst'"


@pytest.fixture(scope="module")
def sample_database() -> Database:
    return Database(ROOT / "data")


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_query_returns_its_declared_columns_on_the_sample(sample_database, name):
    result = sample_database.run(CATALOGUE[name])
    assert list(result.frame.columns) == list(CATALOGUE[name].column_names)
