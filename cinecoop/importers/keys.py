"""Comparison keys for names and titles: case, spacing, punctuation, ё/е and Persian letter forms ignored."""

from __future__ import annotations

import re
import unicodedata

# Arabic letter forms that Persian text writes with its own letters (data contract v2, section 3), and the
# Arabic tatweel, a stretching stroke that is never part of a name.
_LETTER_FORMS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ـ": None, "ё": "е"})
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-"})
_SPACES = re.compile(r"\s+")


def exact_key(text: str) -> str:
    """The text as a reader would compare it by eye: case, ё/е, accents added for stress and spacing ignored.

    NFKC keeps й and ё composed (NFKD would split й into и and a breve); what is left as a separate combining mark
    afterwards (a stress accent, Arabic vowel signs) is dropped, as are zero-width joiners.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_LETTER_FORMS).translate(_DASHES)
    kept = "".join(char for char in folded if unicodedata.category(char) not in ("Mn", "Cf"))
    return _SPACES.sub(" ", kept).strip()


def loose_key(text: str) -> str:
    """The key two spellings share when they differ only in case, spacing, punctuation, ё/е or letter forms."""
    return "".join(char for char in exact_key(text) if char.isalnum())
