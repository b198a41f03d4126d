"""The data behind the pages: the database from the one provider (cinecoop.db), and query results cached for every session."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st

from cinecoop import freshness, paths
from cinecoop.blocks import DirectSource
from cinecoop.catalogue import Query, load_catalogue
from cinecoop.db import PROVIDER, Database, source_key
from cinecoop.ui.text import plain
from cinecoop.view import View


def database() -> Database:
    """The database of the data folder as it is now (or its last good load while files look half-written)."""
    return PROVIDER.database(paths.data_dir(), paths.queries_dir())


@st.cache_data(max_entries=1024, ttl=3600, show_spinner=False)
def _cached_frame(
    data_fingerprint: str, sql: str, parameters_key: str, _database: Database, _parameters: dict
) -> tuple[pd.DataFrame, float]:
    """A query's rows, cached by data fingerprint, SQL text and parameters for every session of this process."""
    return DirectSource(_database, {}).execute_sql(sql, _parameters)


class CachedSource(DirectSource):
    """The catalogue's queries run through the cache; each page gets its own copy of a cached frame."""

    def execute(self, query: Query, parameters: dict) -> tuple[pd.DataFrame, float]:
        key = json.dumps(parameters, default=str, sort_keys=True)
        frame, seconds = _cached_frame(self.database.fingerprint, query.body, key, self.database, parameters)
        return frame.copy(), seconds


def source() -> CachedSource:
    """The data and the query catalogue as they are at this run (the catalogue is read from disk, parsed once per content)."""
    return CachedSource(database(), load_catalogue())


def reload_data() -> None:
    """Forget the loaded database and every cached result, so the next run reads the data folder again."""
    # The last good load stays: a reload pressed while a file is half-copied must not put the half-copy on screen.
    PROVIDER.forget(paths.data_dir(), paths.queries_dir())
    _cached_frame.clear()


def banners(view: View) -> None:
    """Under every page's title: a warning for each file that kept the dashboard on its last good load, and the sample notice."""
    folder, queries = paths.data_dir(), paths.queries_dir()
    keeper = PROVIDER.keeper(folder, queries)
    verdict = keeper.verdict(source_key(folder.resolve(), queries.resolve() / "views"))
    if verdict is not None and not verdict.accept and keeper.good is not None:
        for holdback in verdict.holdbacks:
            st.warning(plain(freshness.describe(holdback, keeper.good.loaded_at, dt.date.today(), view.language)), icon="⏳")
    if paths.is_shipped_sample(database().data_dir):
        st.info(
            view.t(
                "Sample data: these figures come from the bundled sample exports, not from real screenings. "
                "Point CINECOOP_DATA_DIR at a folder of real exports to see real figures."
            ),
            icon=":material/science:",
        )
