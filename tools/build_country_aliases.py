#!/usr/bin/env python3
"""Build ``data/reference/country_aliases.csv``: every name a register may give a country, with its ISO code.

One row per alias: ``alias, code, language, kind, provenance``. The importers (``cinecoop/importers``) read a
country list by looking each name up here, ignoring case, spacing, ё/е and Persian letter forms (and, failing
that, punctuation too). A row with a blank code names a country on purpose as none: the import rejects the row
with the table's reason instead of guessing.

Sources, in this order (a later row whose name reads the same as an earlier one for the same code is left out):

1. CLDR via Babel: the English, Persian and Russian names of each of the 249 codes of
   ``data/reference/countries.csv``; a name with a bracketed part (``Мьянма (Бирма)``) also without it, and
   Russian ``о-в``/``о-ва`` also spelt out.
2. ``data/reference/countries.csv`` itself (its hand-shortened names, e.g. ``Гонконг``).
3. pycountry (ISO 3166-1 as published by Debian's iso-codes): ``name``, ``official_name`` and ``common_name`` in
   English and their Russian and Persian translations shipped with it.
4. ISO 3166-3 (pycountry ``historic_countries``): former countries, read as their successor only where ISO names
   one (``DDDE`` -> ``DE``) or ``HISTORIC_DECISIONS`` says so (``SUHH`` -> ``RU``); the others get a blank code.
5. ``HAND_ALIASES``: abbreviations, colloquial and former names, historic states and the misspellings met in the
   real register (``tests/fixtures/mkrf/mkrf_movies.csv``, a byte-for-byte copy), each with the lines it was met
   on. ``tests/test_country_aliases.py`` checks those line numbers against the file.

Dev-only requirements are pinned in ``requirements-reference.txt``. Usage::

    .venv/bin/pip install -r requirements-reference.txt
    .venv/bin/python tools/build_country_aliases.py
"""

from __future__ import annotations

import argparse
import csv
import gettext
import re
import sys
from pathlib import Path

import babel
import pycountry
from babel import Locale
from babel.core import get_cldr_version

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from cinecoop.importers.countries import ALIAS_COLUMNS, Alias, CountryAliases  # noqa: E402
from cinecoop.importers.keys import exact_key  # noqa: E402

COUNTRIES_CSV = REPO_ROOT / "data" / "reference" / "countries.csv"
DEFAULT_OUTPUT = REPO_ROOT / "data" / "reference" / "country_aliases.csv"
LANGUAGES = ("en", "fa", "ru")
REGISTER = "mkrf_movies.csv"

RU_ABBREVIATIONS = [(re.compile(r"\bо-ва\b"), "острова"), (re.compile(r"\bо-в\b"), "остров")]
BRACKETED = re.compile(r"\s*\([^)]*\)\s*")

# ISO 3166-3 entries whose successor is not the code in their last two letters (HH: divided; AA: BY kept its code).
HISTORIC_DECISIONS: dict[str, tuple[str, str]] = {
    "SUHH": ("RU", "successor RU per the table: the Russian Federation continues the USSR's legal personality (its UN seat, 1991)"),
    "BYAA": ("BY", "the Byelorussian SSR is today's Belarus, which kept the code BY"),
    "CSHH": ("", "divided into CZ and SK in 1993: no single successor, not mapped"),
    "CSXX": ("", "divided into RS and ME in 2006: not mapped"),
    "YUCS": ("", "Yugoslavia broke into several states: not mapped"),
}

SOVIET = "historic state: СССР -> RU (successor, per the table; Soviet studios outside Russia count as RU too)"
CZECHOSLOVAKIA = "historic state: Czechoslovakia, divided into CZ and SK in 1993: no single successor, not mapped"
YUGOSLAVIA = "historic state: Yugoslavia broke into several states: no single successor, not mapped"
GDR = "historic state: GDR -> DE (acceded to the Federal Republic of Germany in 1990; ISO 3166-3 DDDE -> DE)"

# (alias, code, language, kind, provenance). Line numbers are physical lines of mkrf_movies.csv (header = line 1).
# fmt: off
HAND_ALIASES: list[tuple[str, str, str, str, str]] = [
    # Abbreviations a Russian register writes for a country, met throughout it.
    ("США", "US", "ru", "abbreviation", f"Russian abbreviation of Соединённые Штаты Америки, met in {REGISTER} (e.g. line 2)"),
    ("КНР", "CN", "ru", "abbreviation", f"Russian abbreviation of Китайская Народная Республика, met in {REGISTER} (e.g. line 74)"),
    ("ЮАР", "ZA", "ru", "abbreviation", f"Russian abbreviation of Южно-Африканская Республика, met in {REGISTER} (e.g. line 460)"),
    ("ФРГ", "DE", "ru", "abbreviation", f"Russian abbreviation of Федеративная Республика Германия, Germany's official name, met in {REGISTER} lines 1289, 3507, 5617"),
    ("Ю.Корея", "KR", "ru", "abbreviation", f"abbreviation of Южная Корея, met in {REGISTER} lines 2143, 2336, 7047"),
    ("Н.Зеландия", "NZ", "ru", "abbreviation", f"abbreviation of Новая Зеландия, met in {REGISTER} line 3027"),
    ("USA", "US", "en", "abbreviation", "common English abbreviation (hand-kept)"),
    ("UK", "GB", "en", "abbreviation", "common English abbreviation (hand-kept)"),
    ("UAE", "AE", "en", "abbreviation", "common English abbreviation (hand-kept)"),
    ("PRC", "CN", "en", "abbreviation", "common English abbreviation (hand-kept)"),
    # Colloquial names of a country.
    ("Голландия", "NL", "ru", "colloquial", f"colloquial Russian name of the Netherlands, met in {REGISTER} lines 1400, 4083"),
    ("Англия", "GB", "ru", "colloquial", f"England, used colloquially for the United Kingdom, met in {REGISTER} line 68"),
    ("Белоруссия", "BY", "ru", "colloquial", f"Russian name of Belarus in use before 1991 and after, met in {REGISTER} line 4108"),
    ("Багамские острова", "BS", "ru", "colloquial", f"Russian name of the Bahamas, met in {REGISTER} line 4901"),
    ("Holland", "NL", "en", "colloquial", "colloquial English name of the Netherlands (hand-kept)"),
    ("England", "GB", "en", "colloquial", "England, used colloquially for the United Kingdom (hand-kept)"),
    ("آمریکا", "US", "fa", "colloquial", "the usual Persian name of the United States (hand-kept)"),
    ("امریکا", "US", "fa", "colloquial", "the usual Persian name of the United States, other spelling (hand-kept)"),
    ("انگلیس", "GB", "fa", "colloquial", "the usual Persian name of the United Kingdom (hand-kept)"),
    # Former names of a state that still exists under another name (the same state).
    ("Македония", "MK", "ru", "former_name", f"name of North Macedonia until 2019 (same state), met in {REGISTER} lines 880, 2794, 2795, 3420"),
    ("ПНР", "PL", "ru", "former_name", f"Польская Народная Республика, Poland's name 1952-1989 (same state), met in {REGISTER} line 77"),
    ("ВНР", "HU", "ru", "former_name", f"Венгерская Народная Республика, Hungary's name 1949-1989 (same state), met in {REGISTER} line 3667"),
    ("Macedonia", "MK", "en", "former_name", "name of North Macedonia until 2019 (same state) (hand-kept)"),
    # Historic states: a successor only where the table says so; a blank code means the row is rejected.
    ("СССР", "RU", "ru", "historic_state", f"{SOVIET}; met in {REGISTER} (e.g. line 3)"),
    ("Советский Союз", "RU", "ru", "historic_state", SOVIET),
    ("USSR", "RU", "en", "historic_state", SOVIET),
    ("Soviet Union", "RU", "en", "historic_state", SOVIET),
    ("شوروی", "RU", "fa", "historic_state", SOVIET),
    ("اتحاد جماهیر شوروی", "RU", "fa", "historic_state", SOVIET),
    ("ГДР", "DE", "ru", "historic_state", f"{GDR}; met in {REGISTER} lines 68, 1948, 3201, 3533, 4012, 4013, 4014, 5590"),
    ("GDR", "DE", "en", "historic_state", GDR),
    ("East Germany", "DE", "en", "historic_state", GDR),
    ("West Germany", "DE", "en", "historic_state", "historic name: the Federal Republic of Germany before 1990 is today's Germany (same state)"),
    ("Западный Берлин", "DE", "ru", "historic_state", f"historic: West Berlin (1949-1990), part of Germany since 1990 -> DE; met in {REGISTER} lines 77, 1289"),
    ("ЧССР", "", "ru", "historic_state", f"{CZECHOSLOVAKIA}; met in {REGISTER} lines 77, 1948"),
    ("Чехословакия", "", "ru", "historic_state", f"{CZECHOSLOVAKIA}; met in {REGISTER} line 27"),
    ("Czechoslovakia", "", "en", "historic_state", CZECHOSLOVAKIA),
    ("چکسلواکی", "", "fa", "historic_state", CZECHOSLOVAKIA),
    ("Югославия", "", "ru", "historic_state", YUGOSLAVIA),
    ("СФРЮ", "", "ru", "historic_state", YUGOSLAVIA),
    ("Yugoslavia", "", "en", "historic_state", YUGOSLAVIA),
    ("یوگسلاوی", "", "fa", "historic_state", YUGOSLAVIA),
    # Names that stand for more than one country: never guessed.
    ("Корея", "", "ru", "ambiguous", f"ambiguous: two states are called Korea (KR, KP) and the register does not say which; met in {REGISTER} lines 3910, 5537"),
    ("Korea", "", "en", "ambiguous", "ambiguous: two states are called Korea (KR, KP) (hand-kept)"),
    ("کره", "", "fa", "ambiguous", "ambiguous: two states are called Korea (KR, KP) (hand-kept)"),
    # Misspellings met in the real register.
    ("Норвения", "NO", "ru", "misspelling", f"misspelling of Норвегия met in {REGISTER} line 680"),
    ("Порртугалия", "PT", "ru", "misspelling", f"misspelling of Португалия met in {REGISTER} line 788"),
    ("Изриль", "IL", "ru", "misspelling", f"misspelling of Израиль met in {REGISTER} line 1238"),
    ("Бенльгия", "BE", "ru", "misspelling", f"misspelling of Бельгия met in {REGISTER} line 1730"),
    ("СЩА", "US", "ru", "misspelling", f"misspelling of США met in {REGISTER} line 1866"),
    ("Германя", "DE", "ru", "misspelling", f"misspelling of Германия met in {REGISTER} line 2188"),
    ("Фрация", "FR", "ru", "misspelling", f"misspelling of Франция met in {REGISTER} line 7250"),
    ("CША", "US", "ru", "misspelling", f"США with a Latin C, met in {REGISTER} line 6186"),
    ("К;анада", "CA", "ru", "misspelling", f"Канада with a stray semicolon, met in {REGISTER} line 3704"),
    ("Пуэрто Рико", "PR", "ru", "misspelling", f"Пуэрто-Рико without its hyphen, met in {REGISTER} lines 2622, 5886"),
    ("Босния-Герцеговина", "BA", "ru", "misspelling", f"Босния и Герцеговина written with a hyphen, met in {REGISTER} line 4635"),
]
# fmt: on

KINDS = ("name", "official_name", "common_name", "abbreviation", "colloquial", "former_name", "historic_state", "ambiguous", "misspelling")


class Table:
    """The rows collected so far, leaving out a name that already reads as the same code."""

    def __init__(self, codes: set[str]):
        self.codes = codes
        self.rows: list[Alias] = []
        self._seen: dict[str, str] = {}

    def add(self, alias: str, code: str, language: str, kind: str, provenance: str, doubtful: bool = False) -> None:
        """Add one alias; a doubtful source (a translation) that contradicts an earlier row is left out and said so."""
        alias = " ".join(alias.split())
        if not alias:
            return
        if code and code not in self.codes:
            raise SystemExit(f"error: {alias!r} -> {code}: not a code of {COUNTRIES_CSV.name}")
        key = exact_key(alias)
        if key in self._seen:
            if self._seen[key] != code and doubtful:
                print(
                    f"left out: {alias!r} -> {code} ({provenance}): the name reads as {self._seen[key] or 'none'} already", file=sys.stderr
                )
            elif self._seen[key] != code:
                raise SystemExit(f"error: {alias!r} reads as {self._seen[key] or 'none'} already, not {code or 'none'} ({provenance})")
            return
        self._seen[key] = code
        self.rows.append(Alias(alias, code, language, kind, provenance))


def reference_names() -> dict[str, dict[str, str]]:
    with COUNTRIES_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: {lang: row[f"name_{lang}"] for lang in LANGUAGES} for row in csv.DictReader(handle)}


def add_cldr(table: Table, codes: list[str]) -> None:
    provenance = f"CLDR {get_cldr_version()} via Babel {babel.__version__}"
    for lang in LANGUAGES:
        territories = Locale(lang).territories
        variants: list[tuple[str, str, str]] = []
        for code in codes:
            name = territories.get(code, "")
            table.add(name, code, lang, "name", f"{provenance} ({lang})")
            bare = BRACKETED.sub(" ", name).strip()
            if bare != name:
                variants.append((bare, code, "without its bracketed part"))
            spelt = name
            for pattern, replacement in RU_ABBREVIATIONS if lang == "ru" else []:
                spelt = pattern.sub(replacement, spelt)
            if spelt != name:
                variants.append((spelt, code, "о-в/о-ва spelt out"))
                spelt_bare = BRACKETED.sub(" ", spelt).strip()
                if spelt_bare != spelt:
                    variants.append((spelt_bare, code, "о-в/о-ва spelt out, without its bracketed part"))
        # A bracket may be what tells two names apart (Виргинские о-ва (США) and (Великобритания)): such a bare
        # form would stand for two countries and is left out.
        codes_of: dict[str, set[str]] = {}
        for text, code, _ in variants:
            codes_of.setdefault(exact_key(text), set()).add(code)
        for text, code, how in variants:
            if len(codes_of[exact_key(text)]) == 1:
                table.add(text, code, lang, "name", f"{provenance} ({lang}), {how}")


def add_reference(table: Table, names: dict[str, dict[str, str]]) -> None:
    for code, by_language in names.items():
        for lang, name in by_language.items():
            table.add(name, code, lang, "name", f"data/reference/countries.csv name_{lang}")


def translations(domain: str) -> dict[str, gettext.NullTranslations]:
    return {lang: gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang]) for lang in ("ru", "fa")}


def localised(text: str, translators: dict[str, gettext.NullTranslations]) -> list[tuple[str, str]]:
    """(language, text) for English and each translation iso-codes really has (gettext returns the English text otherwise)."""
    found = [("en", text)]
    for lang, translator in translators.items():
        translated = translator.gettext(text)
        if translated and translated != text:
            found.append((lang, translated))
    return found


def add_iso(table: Table, codes: set[str]) -> None:
    translators = translations("iso3166-1")
    for country in sorted(pycountry.countries, key=lambda item: item.alpha_2):
        if country.alpha_2 not in codes:
            continue
        for field in ("name", "official_name", "common_name"):
            text = getattr(country, field, None)
            if not text:
                continue
            for lang, name in localised(text, translators):
                where = "" if lang == "en" else f", {lang} translation"
                provenance = f"pycountry {pycountry_version()} (ISO 3166-1, iso-codes) {field}{where}"
                table.add(name, country.alpha_2, lang, field, provenance, doubtful=lang != "en")


def add_historic(table: Table, codes: set[str]) -> None:
    translators = translations("iso3166-3")
    for country in sorted(pycountry.historic_countries, key=lambda item: item.alpha_4):
        alpha_4 = country.alpha_4
        if alpha_4 in HISTORIC_DECISIONS:
            code, why = HISTORIC_DECISIONS[alpha_4]
        elif alpha_4[2:] in codes:
            code, why = alpha_4[2:], f"successor {alpha_4[2:]} per ISO 3166-3"
        else:
            code, why = "", "no single successor in ISO 3166-3, not mapped"
        withdrawn = getattr(country, "withdrawal_date", "")
        for lang, name in localised(country.name, translators):
            provenance = f"ISO 3166-3 {alpha_4} (pycountry {pycountry_version()}), withdrawn {withdrawn}: {why}"
            table.add(name, code, lang, "historic_state", provenance, doubtful=lang != "en")


def pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


def build_rows() -> list[Alias]:
    names = reference_names()
    codes = set(names)
    table = Table(codes)
    add_cldr(table, sorted(codes))
    add_reference(table, names)
    add_iso(table, codes)
    add_historic(table, codes)
    for alias, code, language, kind, provenance in HAND_ALIASES:
        table.add(alias, code, language, kind, provenance)
    return table.rows


def check(rows: list[Alias]) -> None:
    aliases = CountryAliases(rows)  # raises when one loose key would read as two countries
    for code, by_language in reference_names().items():
        for lang, name in by_language.items():
            found = [match.code for match in aliases.read_list(name)]
            if found != [code]:
                raise SystemExit(f"error: the {lang} name {name!r} of {code} reads as {found}")
    hand = {exact_key(alias) for alias, *_ in HAND_ALIASES}
    kept = {exact_key(row.alias) for row in rows}
    missing = hand - kept
    if missing:
        raise SystemExit(f"error: hand aliases lost: {sorted(missing)}")
    for row in rows:
        if row.kind not in KINDS or row.language not in LANGUAGES or not row.provenance:
            raise SystemExit(f"error: bad row {row}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    rows = build_rows()
    check(rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ALIAS_COLUMNS)
        writer.writerows([row.alias, row.code, row.language, row.kind, row.provenance] for row in rows)
    by_kind: dict[str, int] = {}
    for row in rows:
        by_kind[row.kind] = by_kind.get(row.kind, 0) + 1
    print(f"wrote {len(rows)} aliases to {args.output}: " + ", ".join(f"{kind} {count}" for kind, count in by_kind.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
