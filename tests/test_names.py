"""Names, not codes: the words of the contract's lists, countries, currencies and directions as a reader reads them, in
English, Persian and Russian, on the page and in the brief; the codes stay in the downloads and the link."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from codes_data import FILES, LIST_WORDS, codes_in
from conftest import ROOT, open_page, write_folder
from streamlit.testing.v1 import AppTest

from cinecoop import formatting, schema
from cinecoop.i18n import TERMS, t, term
from cinecoop.view import Names, View

NAMES = Names(
    countries={"IR": ("Iran", "ایران", "Иран"), "RU": ("Russia", "روسیه", "Россия"), "KZ": ("Kazakhstan", "قزاقستان", "Казахстан")}
)
PAGES = ("overview", "screenings", "exchange", "agreements", "regional", "data_quality")
BIDI = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("language", ["en", "fa", "ru"])
def test_every_word_of_the_contracts_lists_has_a_name_that_is_not_its_code(language):
    words = (*schema.AGREEMENT_STATUSES, *schema.AGREEMENT_TYPES, *schema.FORMATS, *LIST_WORDS, "error", "warning", "info")
    for word in words:
        name = term(word, language)
        assert name and name != word, (word, name)
    assert term("in-progress", "en") == "In progress" and term("on-board", "en") == "On board" and term("tv", "en") == "TV"
    # Persian and Russian names are the translations of the codes, starting with a capital letter where the script has one.
    assert term("in-progress", "ru") == "Выполняется"
    assert term("on-board", "fa") == "روی کشتی"
    # A currency reads by its name; a genre the list does not know yet reads as exported, with its capital letter.
    assert term("IRR", language) != "IRR" and term("western", "en") == "Western"


def test_every_english_name_of_a_list_word_is_a_name_not_a_code():
    for code, name in TERMS.items():
        assert name != code and "_" not in name, (code, name)
        assert not (re.fullmatch(r"[a-z]+(-[a-z]+)+", name)), name


@pytest.mark.parametrize(
    ("language", "forward", "countries"),
    [
        ("en", "Iran → Russia", "Iran, Russia, Kazakhstan"),
        ("fa", "ایران ← روسیه", "ایران، روسیه، قزاقستان"),
        ("ru", "Иран → Россия", "Иран, Россия, Казахстан"),
    ],
)
def test_a_direction_and_a_list_of_countries_read_as_names(language, forward, countries):
    view = View.of(language, names=NAMES)
    assert view.direction("IR→RU") == forward
    assert view.direction("co-production") == term("co-production", language)
    assert view.countries("IR;RU;KZ") == countries
    assert view.countries(["IR", "RU", "KZ"]) == countries


def test_countries_are_offered_in_the_alphabetical_order_of_their_names_in_the_readers_language():
    codes = ["RU", "KZ", "IR"]
    assert View.of("en", names=NAMES).by_name(codes) == ["IR", "KZ", "RU"]  # Iran, Kazakhstan, Russia
    assert View.of("fa", names=NAMES).by_name(codes) == ["IR", "RU", "KZ"]  # ایران، روسیه، قزاقستان
    assert View.of("ru", names=NAMES).by_name(codes) == ["IR", "KZ", "RU"]  # Иран, Казахстан, Россия


@pytest.fixture(scope="module")
def codes_folder(tmp_path_factory):
    return write_folder(tmp_path_factory.mktemp("names") / "data", FILES)


def brief_text(folder, out, page: str, language: str) -> str:
    arguments = ["brief", "--page", page, "--lang", language, "--data", str(folder), "--out", str(out)]
    env = {**os.environ, "CHROMIUM_PATH": "/nonexistent/chromium"}
    completed = subprocess.run([sys.executable, "-m", "cinecoop", *arguments], cwd=ROOT, capture_output=True, text=True, env=env)
    assert completed.returncode == 0, completed.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(BIDI.sub("", text).split())


@pytest.mark.parametrize("language", ["en", "fa", "ru"])
@pytest.mark.parametrize("page", PAGES)
def test_the_brief_names_things_as_the_page_does(codes_folder, tmp_path, page, language):
    text = brief_text(codes_folder, tmp_path / f"{page}.pdf", page, language)
    # The glossary quotes the data contract word for word, with its column names (`host_country`): it is the contract.
    glossary = t("Glossary: how each number is counted", language)
    text = text.split(glossary)[0]
    text = text.replace(str(codes_folder), "")
    assert not codes_in(text, strict=language != "en"), codes_in(text, strict=language != "en")
    if page == "agreements" and language == "en":
        # The register's cells: statuses and types by name (an English sentence may say "signed"; a cell says "Signed").
        for name in ("In progress", "Festival exchange", "Working group", "Co-production", "Negotiating", "Iran, Russia"):
            assert name in text, name


def test_the_sidebar_lists_countries_and_programmes_by_name_in_the_persian_alphabet(app_env, codes_folder):
    app_env(codes_folder)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "fa"
    at = open_page(at, "")
    at.run()
    assert not at.exception
    hosts = at.multiselect(key="f_hosts")
    shown = [hosts.format_func(option) for option in hosts.options] if hasattr(hosts, "format_func") else list(hosts.options)
    # The reference list names Azerbaijan "the Republic of Azerbaijan" in Persian (جمهوری), so it sorts under ج.
    persian = ["ایران", "ترکمنستان", "جمهوری آذربایجان", "روسیه", "قزاقستان"]
    assert shown == persian
    assert shown == sorted(shown, key=lambda name: formatting.collation_key(name, "fa"))
    programmes = list(at.multiselect(key="f_programs").options)
    assert programmes == sorted(programmes, key=lambda name: formatting.collation_key(name, "fa"))
    assert all(re.search("[\u0600-\u06ff]", name) for name in programmes)


@pytest.mark.parametrize(("language", "expected"), [("en", "Iran → Russia"), ("fa", "ایران ← روسیه"), ("ru", "Иран → Россия")])
def test_a_direction_column_reads_as_names_in_the_browser_and_in_the_brief(language, expected):
    import pandas as pd

    from cinecoop.blocks import Column, named
    from cinecoop.brief import cell_text

    view = View.of(language, names=NAMES)
    columns = (Column("direction", "Direction", "direction"), Column("host_country", "Shown in", "code"))
    frame = pd.DataFrame({"direction": ["IR→RU", "co-production"], "host_country": ["RU", "KZ"]})
    shown = named(frame, columns, view)
    assert list(shown["direction"]) == [expected, term("co-production", language)]
    assert [cell_text(value, "direction", view) for value in frame["direction"]] == list(shown["direction"])
    assert list(frame["direction"]) == ["IR→RU", "co-production"]  # the rows (and the CSV download) keep the codes
