"""One translation function for every string a page shows: English text is the key, plain JSON files hold the rest."""

from __future__ import annotations

import functools
import json
from pathlib import Path

LANGUAGES = {"en": "English", "fa": "فارسی", "ru": "Русский"}
RIGHT_TO_LEFT = {"fa"}
TRANSLATIONS_DIR = Path(__file__).with_name("translations")
_state = {"language": "en"}


def set_language(language: str) -> None:
    """Choose the language of this thread's rendering (the app sets it at the top of every run)."""
    _state["language"] = language if language in LANGUAGES else "en"


def current_language() -> str:
    try:
        import streamlit as st

        language = st.session_state.get("lang")
        if language in LANGUAGES:
            return language
    except Exception:  # outside a Streamlit run (command line, tests) there is no session
        pass
    return _state["language"]


@functools.lru_cache(maxsize=8)
def _catalogue(language: str, mtime_ns: int) -> dict[str, str]:
    path = TRANSLATIONS_DIR / f"{language}.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def translations(language: str) -> dict[str, str]:
    path = TRANSLATIONS_DIR / f"{language}.json"
    return _catalogue(language, path.stat().st_mtime_ns if path.is_file() else 0)


def t(text: str, language: str | None = None, **values: object) -> str:
    """`text` in the reader's language (English when no translation), with {name} values filled in."""
    language = language or current_language()
    translated = text if language == "en" else translations(language).get(text, text)
    return translated.format(**values) if values else translated
