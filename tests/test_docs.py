"""Tests that stop drift: every query has its header, is used by a page or is analyst-only, and the README lists them all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cinecoop.catalogue import load_catalogue
from cinecoop.db import Database

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT / "queries")
PAGE_SOURCES = "\n".join(path.read_text(encoding="utf-8") for folder in ("pages", "cinecoop") for path in (ROOT / folder).rglob("*.py"))


def readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The query catalogue", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.M)


def test_the_readme_lists_exactly_the_queries_in_the_folder():
    assert sorted(readme_queries()) == sorted(CATALOGUE)


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
