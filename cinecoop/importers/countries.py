"""Country names as registers write them (Russian, Persian, English, misspelt, historic) read as ISO codes."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cinecoop import paths
from cinecoop.importers.keys import exact_key, loose_key

ALIASES_FILE = paths.SHIPPED_REFERENCE_DIR / "country_aliases.csv"
ALIAS_COLUMNS = ("alias", "code", "language", "kind", "provenance")
# Kinds whose use an import reports in its notes: the name is not one a reader would look up in a standard list.
NOTED_KINDS = ("historic_state", "former_name", "colloquial", "misspelling")

# Between names: a comma, a semicolon, the Persian comma, or a hyphen or dash with or without spaces around it. A
# hyphen inside a name (Шри-Ланка, Гвинея-Бисау) is rejoined because the joined text is a name of the table.
_SEPARATOR = re.compile(r"(\s*[,;،]\s*|\s*[-‐‑–—]\s*)")
_LONGEST_NAME = 6  # pieces between separators: "Корея, Народно-Демократическая Республика" has 4


@dataclass(frozen=True)
class Alias:
    """One line of the alias table: a name, the ISO code it stands for (blank: deliberately none), and why."""

    alias: str
    code: str
    language: str
    kind: str
    provenance: str


@dataclass(frozen=True)
class CountryMatch:
    """One name read out of a list: as written, and the alias line that reads it (None when the table has none)."""

    text: str
    alias: Alias | None
    loose: bool = False  # matched only when punctuation is ignored too (Пуэрто Рико for Пуэрто-Рико)

    @property
    def code(self) -> str:
        return self.alias.code if self.alias else ""


class AliasTableError(Exception):
    """The alias table itself is unusable (missing, wrong columns, one name for two countries)."""


class CountryAliases:
    """The alias table, looked up by a name's exact key first and its loose key (punctuation ignored) second."""

    def __init__(self, aliases: list[Alias]):
        self.aliases = aliases
        self._exact: dict[str, Alias] = {}
        self._loose: dict[str, Alias] = {}
        for alias in aliases:
            for index, key in ((self._exact, exact_key(alias.alias)), (self._loose, loose_key(alias.alias))):
                if not key:
                    continue
                known = index.setdefault(key, alias)
                if known.code != alias.code:
                    raise AliasTableError(
                        f"the alias table reads {alias.alias!r} as {alias.code or 'no country'} but {known.alias!r} as {known.code or 'no country'}"
                    )

    @classmethod
    def load(cls, path: Path | None = None) -> CountryAliases:
        return _load(path or ALIASES_FILE)

    def lookup(self, name: str) -> tuple[Alias | None, bool]:
        """The alias line for one name and whether it matched only with punctuation ignored."""
        alias = self._exact.get(exact_key(name))
        if alias is not None:
            return alias, False
        alias = self._loose.get(loose_key(name))
        return alias, alias is not None

    def read_list(self, text: str) -> list[CountryMatch]:
        """Split a list of country names on its separators and read each name; blank items are dropped.

        The split that leaves the fewest names unread wins, then the one with the fewest names, so a hyphen that is
        part of a name is kept (Гвинея-Бисау is one country, not Гвинея and an unknown "Бисау").
        """
        parts = _SEPARATOR.split(text)
        pieces, separators = parts[0::2], parts[1::2]
        count = len(pieces)
        # best[i]: the score (names unread, names, names read only with punctuation ignored) of the best reading of
        # pieces[i:], the end of its first name, and that name (None for a blank piece).
        best: list[tuple[tuple[int, int, int], int, CountryMatch | None]] = [((0, 0, 0), count, None)] * (count + 1)
        for start in range(count - 1, -1, -1):
            if not pieces[start].strip():
                best[start] = (best[start + 1][0], start + 1, None)
                continue
            unread, names, loose_names = best[start + 1][0]
            choice = ((unread + 1, names + 1, loose_names), start + 1, CountryMatch(pieces[start].strip(), None))
            span = pieces[start]
            for end in range(start + 1, min(count, start + _LONGEST_NAME) + 1):
                if end > start + 1:
                    span += separators[end - 2] + pieces[end - 1]
                    if not pieces[end - 1].strip():
                        continue  # a name never ends on an empty item ("Германия - - Швеция")
                alias, loose = self.lookup(span)
                if alias is None:
                    continue
                unread, names, loose_names = best[end][0]
                candidate = ((unread, names + 1, loose_names + loose), end, CountryMatch(span.strip(), alias, loose))
                if candidate[0] < choice[0] or (candidate[0] == choice[0] and end > choice[1]):
                    choice = candidate
            best[start] = choice
        matches = []
        position = 0
        while position < count:
            _, end, match = best[position]
            if match is not None:
                matches.append(match)
            position = end
        return matches


@cache
def _load(path: Path) -> CountryAliases:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != ALIAS_COLUMNS:
                raise AliasTableError(f"{path} has the columns {reader.fieldnames}, expected {', '.join(ALIAS_COLUMNS)}")
            return CountryAliases([Alias(**{name: row[name] or "" for name in ALIAS_COLUMNS}) for row in reader])
    except OSError as error:
        raise AliasTableError(f"the country alias table {path} cannot be read: {error.strerror or error}") from error
