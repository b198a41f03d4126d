"""The dashboard in Persian, Russian and English: every key translated, every page rendered, the switch and the link."""

from __future__ import annotations

import ast
import json
import re
import string

import pytest
from conftest import ROOT, SAMPLE_DIR, open_page
from streamlit.testing.v1 import AppTest

from cinecoop import freshness, kpi, schema
from cinecoop.csvread import DELIMITER_NAMES
from cinecoop.figures import exchange, screenings
from cinecoop.i18n import MESSAGE_TEMPLATES, TRANSLATIONS_DIR, translate_message

LANGUAGES = ("fa", "ru")
CATALOGUES = {language: json.loads((TRANSLATIONS_DIR / f"{language}.json").read_text(encoding="utf-8")) for language in LANGUAGES}
SOURCES = [ROOT / "dashboard.py", *sorted((ROOT / "pages").rglob("*.py")), *sorted((ROOT / "cinecoop").rglob("*.py"))]
PAGES = ("overview", "screenings", "exchange", "agreements", "regional", "data_quality", "workbench", "analyst_charts")
LEADERSHIP_PAGES = PAGES[:6]


def literal_keys() -> dict[str, str]:
    """Every literal string given to t(...) as its first argument, with where it is."""
    keys: dict[str, str] = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            first = node.args[0]
            if name == "t" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                keys.setdefault(first.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return keys


def vocabulary_keys() -> set[str]:
    """Words the pages pass to t() from data: the contract's definitions and lists, and the load report's words."""
    words = {*kpi.DEFINITIONS, *kpi.DEFINITIONS.values(), kpi.ALL_FILTERS_NOTE, *(label for _, label in kpi.CARD_METRICS)}
    words |= {text for labels in exchange.MEASURES.values() for text in labels} | set(screenings.MEASURE_AXES.values())
    words |= {*schema.AGREEMENT_STATUSES, *schema.AGREEMENT_TYPES, *schema.FORMATS, *DELIMITER_NAMES.values()}
    words |= {"ok", "warnings", "errors", "missing", "error", "warning", "YYYY-MM-DD", "DD.MM.YYYY", "Solar Hijri YYYY/MM/DD"}
    words |= set(freshness.BANNERS.values())
    words |= {"co-production", "outside the pair", "stalled and past its end date", "past its end date", "no gross", "unknown"}
    words |= {"no film", "several films", "screenings", "releases"}  # film_titles_unmatched.status and table_name
    return words


def declared_keys() -> dict[str, str]:
    """Every English text the page declarations hand to the view for translation: titles, captions, headings, column
    labels, choices, empty-state messages, notes (cinecoop.pagespecs)."""
    from cinecoop.blocks import Caption, Chart, Choice, Section, Table
    from cinecoop.brief import NO_BROWSER_NOTE
    from cinecoop.pagespecs import PAGES as DECLARED

    keys: dict[str, str] = {NO_BROWSER_NOTE: "cinecoop/brief.py"}

    def add(text: object, where: str) -> None:
        if isinstance(text, str) and text:
            keys.setdefault(text, where)

    def walk(block: object, where: str) -> None:
        if isinstance(block, Section):
            add(block.title, where)
            add(block.caption, where)
            for inner in block.blocks:
                walk(inner, where)
        elif isinstance(block, Chart):
            add(block.caption, where)
            add(block.empty, where)
            if block.choice is not None:
                walk(block.choice, where)
        elif isinstance(block, Table):
            for text in (block.title, block.caption, block.empty, block.search, block.count_text):
                add(text, where)
            for column in block.columns:
                add(column.label, where)
        elif isinstance(block, Caption):
            add(block.text, where)
        elif isinstance(block, Choice):
            add(block.label, where)

    for name, page in DECLARED.items():
        where = f"cinecoop/pagespecs ({name})"
        add(page.title, where)
        add(page.note, where)
        for control in page.controls:
            walk(control, where)
        for section in page.sections:
            walk(section, where)
    return keys


KEYS = {**declared_keys(), **literal_keys()}


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_given_to_t_has_a_translation(language):
    missing = {key: where for key, where in KEYS.items() if not CATALOGUES[language].get(key)}
    assert not missing, f"{language}.json lacks {len(missing)} keys: " + json.dumps(missing, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_taken_from_the_data_contract_has_a_translation(language):
    missing = sorted(word for word in vocabulary_keys() if not CATALOGUES[language].get(word))
    assert not missing, f"{language}.json lacks: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_its_key(language):
    broken = {key: translation for key, translation in CATALOGUES[language].items() if not keeps_its_fields(key, translation)}
    assert not broken, json.dumps(broken, ensure_ascii=False, indent=1)


def keeps_its_fields(key: str, translation: str) -> bool:
    """The {placeholders} of the key, and also Plotly's hover fields (%{x}, %{customdata[0]:,}), Markdown bold and code."""
    hover = re.compile(r"%\{[^}]*\}")
    return (
        placeholders(key) == placeholders(translation)
        and sorted(hover.findall(key)) == sorted(hover.findall(translation))
        and key.count("**") == translation.count("**")
        and key.count("`") == translation.count("`")
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_loader_message_template_has_a_translation(language):
    missing = [template for template in MESSAGE_TEMPLATES if not CATALOGUES[language].get(template)]
    assert not missing, missing


def test_a_loader_message_is_shown_in_persian_with_its_values_kept_and_its_status_translated():
    message = "end_date 2026-09-30 has passed but the status is still in-progress"
    assert translate_message(message, "fa") == "end_date (2026-09-30) گذشته است اما وضعیت هنوز «در حال اجرا» است"
    assert translate_message(message, "ru") == "end_date 2026-09-30 прошла, но статус всё ещё «выполняется»"
    assert translate_message(message, "en") == message
    # A message no template fits is shown as the loader wrote it.
    assert translate_message("something new from the loader", "fa") == "something new from the loader"


def test_the_programme_reference_file_names_the_seven_sample_programmes_in_both_languages():
    import csv

    with (SAMPLE_DIR / "reference" / "programs.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [list(row) for row in rows[:1]] == [["program", "name_fa", "name_ru"]]
    with (SAMPLE_DIR / "screenings.csv").open(encoding="utf-8") as file:
        programs = {row["program"] for row in csv.DictReader(file)}
    assert {row["program"] for row in rows} == programs
    assert all(row["name_fa"] and row["name_ru"] for row in rows)


# -- the pages in each language --------------------------------------------------------------------
def english_patterns(language: str) -> list[tuple[str, re.Pattern]]:
    """A pattern per English key whose translation differs: a text matching one is a string left in English."""
    patterns = []
    for key, translation in CATALOGUES[language].items():
        if translation == key or not re.search(r"[A-Za-z]{3}", re.sub(r"\{[^}]*\}", "", key)):
            continue
        parts = re.split(r"\{[^}]*\}", key)
        patterns.append((key, re.compile(".+?".join(re.escape(part) for part in parts), re.S)))
    return patterns


def visible_texts(at: AppTest) -> list[str]:
    """The words a reader sees: headings, text, notes, metric labels and help, widget labels, options and help, tabs,
    expanders, table headers and the charts' titles, axis titles and legend names."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success"):
        texts += [element.value for element in getattr(at, kind)]
    for metric in at.metric:
        texts += [metric.label, metric.proto.help]
    for kind in ("button", "radio", "selectbox", "multiselect", "text_input", "date_input", "checkbox", "toggle", "text_area"):
        for widget in at.get(kind):
            texts += [widget.label, getattr(widget, "help", None) or "", getattr(widget, "placeholder", None) or ""]
            texts += [str(option) for option in getattr(widget, "options", [])]
    texts += [tab.label for tab in at.tabs] + [expander.label for expander in at.expander]
    for table in at.dataframe:
        configs = json.loads(table.proto.columns or "{}")
        texts += [config.get("label") or "" for config in configs.values() if isinstance(config, dict)]
    texts += [info.get("page_name", "") for info in at._registered_pages.values()]
    return [text for text in texts if text]


def chart_texts(at: AppTest) -> list[str]:
    texts = []
    for chart in at.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        layout = figure.get("layout", {})
        texts.append((layout.get("title") or {}).get("text", ""))
        for axis, value in layout.items():
            if axis.startswith(("xaxis", "yaxis")) and isinstance(value, dict):
                texts.append((value.get("title") or {}).get("text", ""))
        texts += [trace.get("name", "") for trace in figure.get("data", [])]
    # Persian chart texts are wrapped in right-to-left embeddings (theme.localize): compare the words inside.
    return [re.sub("[\u202a-\u202e]", "", text) for text in texts if text]


def opened(language: str, url_path: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["lang"] = language
    if url_path != "overview":
        open_page(at, url_path)
    at.run()
    return at


@pytest.mark.parametrize("language", ("en", *LANGUAGES))
@pytest.mark.parametrize("url_path", PAGES)
def test_a_reader_opens_every_page_in_their_language_and_sees_no_english_left(app_env, language, url_path):
    app_env(SAMPLE_DIR)
    at = opened(language, url_path)
    assert not at.exception, [exception.value for exception in at.exception]
    if language == "en":
        return
    texts = visible_texts(at) + (chart_texts(at) if url_path in LEADERSHIP_PAGES else [])
    left = sorted({f"{text!r} (key {key!r})" for text in texts for key, pattern in english_patterns(language) if pattern.fullmatch(text)})
    assert not left, f"English left on /{url_path} in {language}:\n" + "\n".join(left)


def test_a_persian_reader_sees_persian_digits_on_the_kpi_cards(app_env):
    app_env(SAMPLE_DIR)
    at = opened("fa", "overview")
    values = [metric.value for metric in at.metric]
    assert values and all(re.fullmatch(r"[۰-۹٬٫٪—]+", value) for value in values), values


def test_a_link_with_lang_fa_opens_the_dashboard_in_persian_with_the_solar_hijri_calendar(app_env):
    app_env(SAMPLE_DIR)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "fa"
    at.run()
    assert not at.exception
    assert at.title[0].value == "نمای کلی"
    assert at.session_state["lang"] == "fa"
    assert at.session_state["_filters"].calendar == "jalali"


def test_a_link_with_an_unknown_language_shows_a_note_and_stays_in_english(app_env):
    app_env(SAMPLE_DIR)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "xx"
    at.query_params["cal"] = "lunar"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert at.warning[0].value.startswith("Some values in the link were ignored")
    notes = "\n".join(text.value for text in at.text)
    assert "lang='xx' is not a language of the dashboard" in notes
    assert "cal='lunar' is not a calendar of the dashboard" in notes


def test_a_link_can_ask_for_the_gregorian_calendar_in_persian(app_env):
    app_env(SAMPLE_DIR)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "fa"
    at.query_params["cal"] = "gregorian"
    at.run()
    assert at.session_state["_filters"].calendar == "gregorian"


def test_a_reader_switches_to_russian_in_the_sidebar_and_the_choice_follows_them_to_another_page(app_env):
    app_env(SAMPLE_DIR)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.radio(key="_lang_choice").set_value("ru").run()
    assert at.title[0].value == "Обзор"
    open_page(at, "exchange")
    at.run()
    assert at.title[0].value == "Баланс обмена"
    assert at.session_state["lang"] == "ru"
    assert at.session_state["_filters"].calendar == "gregorian"


def test_the_calendar_switch_changes_the_year_buttons_to_solar_hijri_years(app_env):
    app_env(SAMPLE_DIR)
    at = opened("en", "overview")
    gregorian = [button.label for button in at.sidebar.button][:2]
    at.radio(key="_calendar_choice").set_value("jalali").run()
    solar = [button.label for button in at.sidebar.button][:2]
    assert at.session_state["_filters"].calendar == "jalali"
    # The sample data runs into a Gregorian year whose Solar Hijri year number is 621 or 622 lower.
    assert int(gregorian[0]) - int(solar[0]) in (621, 622)
