"""The shipped country alias table (data/reference/country_aliases.csv) and how a country list is read with it.

Reads the table with the standard library and the importer's reader only: Babel and pycountry, which built it
(requirements-reference.txt), are not needed to test it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from cinecoop.importers.countries import ALIASES_FILE, Alias, AliasTableError, CountryAliases

ROOT = Path(__file__).resolve().parent.parent
REGISTER = ROOT / "tests" / "fixtures" / "mkrf" / "mkrf_movies.csv"
KINDS = {"name", "official_name", "common_name", "abbreviation", "colloquial", "former_name", "historic_state", "ambiguous", "misspelling"}


def _rows() -> list[dict[str, str]]:
    with ALIASES_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _countries() -> list[dict[str, str]]:
    with (ROOT / "data" / "reference" / "countries.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _codes(text: str) -> list[str]:
    return [match.code for match in CountryAliases.load().read_list(text)]


def test_every_row_has_a_known_code_language_kind_and_provenance():
    codes = {row["code"] for row in _countries()}
    rows = _rows()
    assert list(rows[0]) == ["alias", "code", "language", "kind", "provenance"]
    for row in rows:
        assert row["alias"].strip() == row["alias"] and row["alias"], row
        assert row["code"] in codes or (row["code"] == "" and row["kind"] in ("historic_state", "ambiguous")), row
        assert row["language"] in ("en", "fa", "ru"), row
        assert row["kind"] in KINDS, row
        assert row["provenance"].strip(), row
    assert {row["language"] for row in rows if row["kind"] == "name"} == {"en", "fa", "ru"}


def test_every_name_of_the_reference_table_reads_as_its_code():
    for country in _countries():
        for language in ("en", "fa", "ru"):
            assert _codes(country[f"name_{language}"]) == [country["code"]], (country["code"], language)


def test_lines_named_in_provenance_hold_the_alias_in_the_real_register():
    raw = REGISTER.read_bytes().decode("utf-8-sig").split("\n")
    checked = 0
    for row in _rows():
        found = re.search(r"met in mkrf_movies\.csv (?:\(e\.g\. )?lines? ([\d, ]+)", row["provenance"])
        if not found:
            continue
        for line in (int(number) for number in found[1].split(",")):
            cells = next(csv.reader([raw[line - 1]], delimiter=";"))
            assert row["alias"] in ";".join(cells), (row["alias"], line)
            checked += 1
    assert checked >= 40


@pytest.mark.parametrize(
    ("written", "codes"),
    [
        ("США - Великобритания - Германия", ["US", "GB", "DE"]),
        ("США-Австралия", ["US", "AU"]),
        ("Германия-Италия- Шри-Ланка", ["DE", "IT", "LK"]),  # mkrf_movies.csv line 614
        ("США - Хорватия - Босния-Герцеговина", ["US", "HR", "BA"]),  # line 4635
        ("Гвинея-Бисау, Франция", ["GW", "FR"]),
        ("Папуа — Новая Гвинея", ["PG"]),
        ("Босния и Герцеговина - Франция", ["BA", "FR"]),
        ("Россия, Франция; Италия", ["RU", "FR", "IT"]),
        ("США - Великобритания - Германия - - Швеция", ["US", "GB", "DE", "SE"]),  # line 6388: an empty item
        ("Бразилия - К;анада", ["BR", "CA"]),  # line 3704
        ("  СССР   ", ["RU"]),
        ("сша", ["US"]),
        ("Объединённые Арабские Эмираты", ["AE"]),
        ("Объединенные Арабские Эмираты", ["AE"]),
        ("Республика Корея", ["KR"]),
        ("Ю.Корея", ["KR"]),
        ("Пуэрто Рико", ["PR"]),
        ("Iran, Islamic Republic of", ["IR"]),
        ("Russian Federation", ["RU"]),
        ("ایران، روسیه", ["IR", "RU"]),
        ("كرهٔ جنوبي", ["KR"]),  # Arabic kaf and yeh for the Persian letters
        ("هنگ\u200cکنگ", ["HK"]),
        ("ГДР", ["DE"]),
        ("ФРГ", ["DE"]),
        ("", []),
    ],
)
def test_country_lists_read_as_codes(written, codes):
    assert _codes(written) == codes


@pytest.mark.parametrize("name", ["ЧССР", "Чехословакия", "Югославия", "Корея", "Korea"])
def test_names_the_table_maps_to_none_are_matched_but_give_no_code(name):
    (match,) = CountryAliases.load().read_list(name)
    assert match.alias is not None and match.code == ""
    assert match.alias.kind in ("historic_state", "ambiguous")


def test_soviet_union_reads_as_russia_only_because_the_table_says_so():
    (match,) = CountryAliases.load().read_list("СССР")
    assert match.code == "RU"
    assert match.alias is not None and match.alias.kind == "historic_state"
    assert "successor" in match.alias.provenance


def test_an_unknown_name_is_not_guessed():
    matches = CountryAliases.load().read_list("Франция - Атлантида")
    assert [(match.text, match.code, match.alias is None) for match in matches] == [("Франция", "FR", False), ("Атлантида", "", True)]


def test_punctuation_only_matches_are_flagged_loose():
    (match,) = CountryAliases.load().read_list("Шри Ланка")
    assert (match.code, match.loose) == ("LK", True)
    (match,) = CountryAliases.load().read_list("Шри-Ланка")
    assert (match.code, match.loose) == ("LK", False)


def test_one_name_for_two_countries_is_refused():
    with pytest.raises(AliasTableError):
        CountryAliases([Alias("Congo", "CG", "en", "name", "test"), Alias("Congo", "CD", "en", "name", "test")])
